from django.core.exceptions import ImproperlyConfigured
from rest_framework import viewsets

# Detail actions that write: their object is looked up in the write scope, before the body is read.
WRITE_ACTIONS = {"update", "partial_update", "destroy"}


class ScopedViewSet(viewsets.GenericViewSet):
    """Every queryset is the model's ``visible_to(request.user)``; ``model`` also names it for the matrix.

    The right to act comes before the input: updates and deletes find their object among those the user
    may change (``write_scope``), so anyone else gets 404 whatever the body says; and a viewset that
    creates says in ``check_create(user)`` who may create at all, checked before the body is parsed.
    """

    model = None
    select = ()
    write_scope = "change"

    def get_queryset(self):
        scope = self.write_scope if getattr(self, "action", None) in WRITE_ACTIONS else "view"
        return self.model.objects.visible_to(self.request.user, scope).select_related(*self.select)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if getattr(self, "action", None) == "create":
            self.check_create(request.user)

    def check_create(self, user) -> None:
        """Raise ``PermissionDenied`` if ``user`` may not create here at all (call the service's check)."""
        raise ImproperlyConfigured(f"{type(self).__name__} creates: it must say who may (check_create)")
