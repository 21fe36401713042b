from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jingqi.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401 — registers the system checks
        from .middleware import session_started

        user_logged_in.connect(session_started, dispatch_uid="jingqi.core.session_started")
