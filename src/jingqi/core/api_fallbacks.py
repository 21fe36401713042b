"""Answers for /api/ addresses that no API view handled: JSON, as every API answer, never the site's HTML page.

Django calls these (``handler400``/``handler404`` in ``jingqi.urls``) for a path no route matches, such as
``/api/tickets/1.5/``, or for a request refused before any view ran; other paths get the site's own pages.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def bad_request(request, exception=None):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("The request could not be understood.")}, status=400)
    return defaults.bad_request(request, exception)


def page_not_found(request, exception=None):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)
