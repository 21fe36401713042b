"""Joint visits (综合查一次): the visit calendar, planning, changing, cancelling and finishing a visit."""

urlpatterns = []
