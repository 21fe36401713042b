from django.db.models import Q

from jingqi.core.scoping import ScopedQuerySet


class ServiceItemQuerySet(ScopedQuerySet):
    """The directory is public: anyone may read the active items; only administrators change them."""

    def visible_to(self, user, action: str = "view"):
        if action == "view":
            return self.filter(active=True)
        return super().visible_to(user, action)

    def _scope(self, user, action):
        return self.none()

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(title__icontains=text) | Q(code__iexact=text) | Q(description__icontains=text)
                           | Q(responsible_units__icontains=text))


class BundleQuerySet(ScopedQuerySet):
    def visible_to(self, user, action: str = "view"):
        if action == "view":
            return self.all()
        return super().visible_to(user, action)

    def _scope(self, user, action):
        return self.none()
