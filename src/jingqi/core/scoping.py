"""One scoping mechanism for every read: ``Model.objects.visible_to(user)``.

Each scoped model's queryset subclasses :class:`ScopedQuerySet` and implements ``_scope(user)``.
Lists, detail pages, the API and exports all start from ``visible_to``; ``access`` turns a primary
key into an object or a 404 that says nothing about whether the object exists.
"""

from django.db import models
from django.db.models import Q
from django.http import Http404

SCOPED_MODELS: list[type[models.Model]] = []


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view"):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self._scope(user, action)

    def _scope(self, user, action: str):
        raise NotImplementedError(f"{self.model.__name__} must say who may see it")


def scoped(model: type[models.Model]) -> type[models.Model]:
    """Class decorator: register a model whose manager has ``visible_to``, so tests can walk them all."""
    if not isinstance(model.objects.all(), ScopedQuerySet):
        raise TypeError(f"{model.__name__}.objects must be built on ScopedQuerySet")
    SCOPED_MODELS.append(model)
    return model


def access(queryset: ScopedQuerySet, user, pk, action: str = "view"):
    """The object with ``pk`` that ``user`` may see, or 404: missing and forbidden look the same."""
    try:
        return queryset.visible_to(user, action).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404


def acts_as_police(user) -> bool:
    """Whether ``user`` does police work: the police roles, and administrators (superusers), who stand in for any
    role. Which rows they reach is the querysets' business (``police_q`` and each app's ``visible_to``)."""
    from jingqi.accounts.choices import POLICE_ROLES

    return bool(getattr(user, "is_authenticated", False)) and (user.role in POLICE_ROLES or user.is_superuser)


def police_q(user, prefix: str = "", *, station: str = "station", park: str = "park") -> Q | None:
    """The police scope as a filter, or None when ``user`` is not police: a supervisor sees the rows of their
    station (``<prefix><station>``), an officer or auxiliary those in their office's parks (``<prefix><park>``)."""
    from jingqi.accounts.choices import Role

    if user.role == Role.SUPERVISOR and user.station_id:
        return Q(**{f"{prefix}{station}_id": user.station_id})
    if user.role in (Role.OFFICER, Role.AUXILIARY) and user.office_id:
        return Q(**{f"{prefix}{park}__office_id": user.office_id})
    return None
