from rest_framework import viewsets


class ScopedViewSet(viewsets.GenericViewSet):
    """Every queryset is the model's ``visible_to(request.user)``; ``model`` also names it for the matrix."""

    model = None
    select = ()

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user).select_related(*self.select)
