"""The quarter plan: what each enterprise is due, planned, done and overdue, and the merged visits proposed."""

urlpatterns = []
