"""Configuration pages for the authorization matrix (views/config.py): types, checklists, rules and key dates are the
station supervisor's (``"configure"``); a safety profile is the police's who may change the enterprise (pk: the
enterprise's). The ledger and the "new" pages name no object (their denials are in tests/test_pages_config.py)."""

from jingqi.core.testing.matrix import Route
from jingqi.registry.models import Enterprise

from .models import CadenceRule, InspectionType, KeyDate

HTML_ROUTES = [
    Route("inspections:type_edit", InspectionType, ("get", "post"), scope="configure", write_scope="configure",
          data=lambda t: {"code": "X", "name": "越权", "kind": "fire", "active": "on", "version": t.version}),
    Route("inspections:checklist_edit", InspectionType, ("get", "post"), scope="configure", write_scope="configure",
          data=lambda t: {"rows": 1, "item-0-text": "越权", "note": "越权"}),
    Route("inspections:rule_edit", CadenceRule, ("get", "post"), scope="configure", write_scope="configure",
          data=lambda r: {"name": "越权", "inspection_type": r.inspection_type_id, "every": 3, "active": "on",
                          "version": r.version}),
    Route("inspections:key_date_edit", KeyDate, ("get", "post"), scope="configure", write_scope="configure",
          data=lambda k: {"name": "越权", "on": "2030-01-01", "lead_days": 7}),
    Route("inspections:profile_edit", Enterprise, ("get", "post"), scope="change", write_scope="change",
          data=lambda e: {"risk_level": 4, "monthly_budget": 1, "version": 0}),
]
