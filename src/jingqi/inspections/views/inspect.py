"""Checklists answered on site, on a phone: item by item, each answer saved as it is given."""

urlpatterns = []
