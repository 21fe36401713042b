"""Case pages."""

urlpatterns = []
