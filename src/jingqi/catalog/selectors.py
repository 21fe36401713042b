from .models import Bundle, ServiceItem


def directory(user, *, q: str = "", bundle: str = "", kind: str = ""):
    items = ServiceItem.objects.visible_to(user).select_related("bundle").search(q)
    if bundle:
        items = items.filter(bundle__code=bundle)
    if kind:
        items = items.filter(kind=kind)
    return items.order_by("bundle__position", "code")


def bundles(user):
    return Bundle.objects.visible_to(user)
