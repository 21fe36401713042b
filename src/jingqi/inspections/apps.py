from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "jingqi.inspections"
    verbose_name = _("Inspections and hazards")

    def ready(self):
        # A patrol's hazard finding opens a hazard here (patrols cannot import this app: it came later).
        from jingqi.patrols.services import register_finding_handler

        from .services import open_hazard_from_finding

        register_finding_handler("hazard", open_hazard_from_finding)
