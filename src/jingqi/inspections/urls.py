"""The inspection pages (mounted at /inspections/). Each views module declares its own routes, so the areas can
grow apart: plan.py (the quarter plan), visits.py (joint visits and their calendar), inspect.py (checklists
answered on a phone), hazards.py (the hazard board, hazards and the enterprise's own page), config.py (types,
checklists, rules, key dates, safety profiles, the ledger)."""

from .views import config, hazards, inspect, plan, visits

app_name = "inspections"

urlpatterns = [*plan.urlpatterns, *visits.urlpatterns, *inspect.urlpatterns, *hazards.urlpatterns,
               *config.urlpatterns]
