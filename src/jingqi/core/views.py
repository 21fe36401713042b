from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jingqi.registry import selectors


@login_required
def home(request):
    user = request.user
    context = {"figures": selectors.dashboard_figures(user)}
    if user.role == "department":
        context["stationings"] = selectors.stationings_of_department(user)
    if user.is_police or user.is_superuser:
        context["strategies_due"] = selectors.strategies_due(user)
        context["recent_visits"] = selectors.recent_visits(user)
        context["today"] = timezone.localdate()
    return render(request, "core/home.html", context)


@never_cache
@require_GET
def healthz(request):
    """Database and queue health as JSON; 503 when either is down."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 — any failure means unhealthy; say which
        checks["database"] = {"ok": False, "error": exc.__class__.__name__}
    checks["queue"] = queue_health()
    ok = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if ok else "error", "time": timezone.now().isoformat(), **checks},
                        status=200 if ok else 503)


def queue_health() -> dict:
    from huey.contrib.djhuey import HUEY

    from .tasks import HEARTBEAT_KEY

    try:
        pending = HUEY.pending_count()
        beat = HUEY.storage.peek_data(HEARTBEAT_KEY)
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": exc.__class__.__name__}
    from huey.constants import EmptyData

    last = None if beat is EmptyData else beat.decode() if isinstance(beat, bytes) else str(beat)
    return {"ok": True, "backend": HUEY.__class__.__name__, "pending": pending, "consumer_heartbeat": last}
