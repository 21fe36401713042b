"""Optimistic locking: a record carries a ``version`` that every change bumps, and an edit made on an older
version is refused rather than silently overwriting what someone else saved in the meantime."""

from django.db.models import F
from django.utils.translation import gettext as _

from .errors import ActionError


def check_version(obj, expected_version, message=None) -> None:
    """Refuse (code ``stale``) when the form or API call was based on another version than ``obj``'s. ``message``
    names the record ("Someone else changed this case while …"; lazy text is fine)."""
    if expected_version is not None and obj.version != expected_version:
        raise ActionError(str(message or _("Someone else changed this in the meantime. Reload the page and try "
                                           "again.")), code="stale")


def bump(obj, *fields: str) -> None:
    """Save ``fields`` and raise the version in the same UPDATE; ``obj.version`` is the new one afterwards."""
    obj.version = F("version") + 1
    obj.save(update_fields=[*fields, "version", *(["updated_at"] if hasattr(obj, "updated_at") else [])])
    obj.refresh_from_db(fields=["version"])
