"""The hazard board, a hazard and its actions, and the enterprise's own page (its hazards and visit calendar)."""

urlpatterns = []
