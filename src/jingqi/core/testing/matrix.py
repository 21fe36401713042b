"""The authorization matrix: every route × every persona × objects outside that persona's scope.

HTML object pages are declared by each app in ``<app>/authz.py`` (``HTML_ROUTES``); API routes are
read from the DRF router, so a new viewset is covered the moment it is registered. The test in
``core/tests/test_authorization_matrix.py`` also fails when a URL with an object in it is neither
declared nor exempt, so no route can be forgotten.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

WRITE_METHODS = ("post", "put", "patch", "delete")
# URL parameters that only pick a response format, not an object.
FORMAT_ONLY = {"format", "fmt"}


@dataclass(frozen=True)
class Route:
    """One URL that names an object.

    Who may use it: ``visible_to(user, scope)`` for reading and ``visible_to(user, write_scope)`` for
    writing, unless ``allowed(user, method)`` narrows it further (say, to police roles only).
    """

    name: str
    model: type
    methods: tuple[str, ...] = ("get",)
    scope: str = "view"
    write_scope: str = "change"
    allowed: Callable | None = None
    kwargs: Callable = field(default=lambda obj: {"pk": obj.pk})
    data: Callable = field(default=lambda obj: {})
    public: bool = False  # readable without signing in (the service directory)

    def allowed_objects(self, user, method: str):
        if self.allowed is not None:
            return self.allowed(user, method)
        return self.model.objects.visible_to(user, self.write_scope if method in WRITE_METHODS else self.scope)


# URL names (or namespaces) that name an object but are not scoped pages: Django's admin is for
# the installation's administrators (superusers) only and checks that itself.
EXEMPT_NAMESPACES = {"admin"}


def _authz_modules():
    for config in apps.get_app_configs():
        if not config.name.startswith("jingqi."):
            continue
        try:
            yield import_module(f"{config.name}.authz")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.authz":
                raise


def exempt_url_names() -> set[str]:
    """URL names that apps declare exempt (``authz.EXEMPT``), each with its own tests for the reason given."""
    return {name for module in _authz_modules() for name in getattr(module, "EXEMPT", {})}


def html_routes() -> list[Route]:
    return [route for module in _authz_modules() for route in module.HTML_ROUTES]


def _api_public() -> set[str]:
    return {name for module in _authz_modules() for name in getattr(module, "API_PUBLIC", ())}


def _api_allowed() -> dict[str, Callable]:
    """Narrower rules for API actions, declared in ``authz.API_ALLOWED`` by URL name."""
    rules = {}
    for module in _authz_modules():
        rules.update(getattr(module, "API_ALLOWED", {}))
    return rules


def api_routes() -> list[Route]:
    """Detail routes and detail actions of every viewset registered with an API router."""
    routes, narrower, public = [], _api_allowed(), _api_public()
    for router in _api_routers():
        for _prefix, viewset, basename in router.registry:
            model = getattr(viewset, "model", None)
            if model is None:
                raise AssertionError(f"{viewset.__name__} must name its model for the authorization matrix")
            methods = tuple(
                m for m in ("get", "put", "patch", "delete")
                if hasattr(viewset, _DETAIL_HANDLERS[m]) and m in viewset.http_method_names
            )
            if methods:
                routes.append(Route(f"{basename}-detail", model, methods, public=f"{basename}-detail" in public,
                                    data=lambda obj: {"version": getattr(obj, "version", 1)}))
            for extra in viewset.get_extra_actions():
                if extra.detail:
                    routes.append(Route(f"{basename}-{extra.url_name}", model,
                                        tuple(m.lower() for m in extra.mapping),
                                        allowed=narrower.get(f"{basename}-{extra.url_name}"),
                                        data=lambda obj: {"field": "id_number"}))
    return routes


_DETAIL_HANDLERS = {"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}


def api_list_routes() -> list[tuple[str, type]]:
    return [(f"{basename}-list", viewset.model) for router in _api_routers()
            for _prefix, viewset, basename in router.registry if hasattr(viewset, "list")]


def _api_routers():
    routers = []
    for config in apps.get_app_configs():
        if not config.name.startswith("jingqi."):
            continue
        try:
            module = import_module(f"{config.name}.api.urls")
        except ModuleNotFoundError as exc:
            if exc.name not in (f"{config.name}.api", f"{config.name}.api.urls"):
                raise
            continue
        if hasattr(module, "router"):  # an app may serve only views that take no object (analytics' figures)
            routers.append(module.router)
    return routers


def object_url_names() -> set[str]:
    """Every named URL that takes a parameter, with its namespace, minus the exempt namespaces."""
    names = set()

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace or namespace
                if ns in EXEMPT_NAMESPACES:
                    continue
                walk(entry.url_patterns, f"{namespace}:{entry.namespace}".strip(":") if entry.namespace
                     else namespace)
            elif isinstance(entry, URLPattern) and entry.name and set(entry.pattern.regex.groupindex) - FORMAT_ONLY:
                names.add(f"{namespace}:{entry.name}" if namespace else entry.name)

    walk(get_resolver().url_patterns, "")
    return names
