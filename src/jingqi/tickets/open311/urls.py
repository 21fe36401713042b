from django.urls import path, register_converter

from jingqi.core.throttling import rate_limited

from . import views
from .render import errors


class FormatConverter:
    regex = "json|xml"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "fmt")
app_name = "open311"


def limited(view):
    """The API's rate limits (per account and per address), answered in Open311's error format."""
    return rate_limited(view, refuse=lambda request, wait, message, fmt, **kwargs: errors(fmt, 429, message))


urlpatterns = [
    path("discovery.<fmt:fmt>", limited(views.discovery), name="discovery"),
    path("services.<fmt:fmt>", limited(views.service_list), name="services"),
    path("services/<str:service_code>.<fmt:fmt>", limited(views.service_definition), name="service_definition"),
    path("requests.<fmt:fmt>", limited(views.requests_view), name="requests"),
    path("requests/<str:request_id>.<fmt:fmt>", limited(views.request_detail), name="request_detail"),
    path("request/<str:request_id>.<fmt:fmt>", limited(views.request_detail), name="request_detail_singular"),
    path("tokens/<str:token>.<fmt:fmt>", limited(views.token_detail), name="token_detail"),
]
