"""The station's configuration (types, checklists, rules, key dates), safety profiles and the ledger (台账)."""

urlpatterns = []
