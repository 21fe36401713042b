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
    if user.role in ("liaison", "department"):
        from jingqi.tickets import selectors as ticket_selectors

        context["my_requests"] = ticket_selectors.tickets_for(user, view="open")[:10]
    if user.role == "volunteer":
        from jingqi.patrols import selectors as patrol_selectors
        from jingqi.patrols.services import me

        context["volunteer"] = me(user)
        context["next_shift"] = patrol_selectors.next_shift(user) if context["volunteer"] else None
    from jingqi.analytics import selectors as figures
    from jingqi.analytics.definitions import default_period
    from jingqi.analytics.querysets import may_see_figures
    from jingqi.analytics.views import shown

    if may_see_figures(user):
        start, end = default_period(timezone.localdate())
        values = figures.figures_for(user, start=start, end=end, keys=figures.home_figure_keys(user))
        context["key_figures"] = [(f, shown(f)) for f in values]
        context["figures_refreshed"] = figures.last_refresh()
    if user.is_police or user.is_superuser or user.role == "department":
        context["work_due"] = figures.work_due(user)
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


@login_required
def inbox(request):
    """Every role's in-app inbox: newest first; opening it does not mark anything read by itself."""
    from django.core.paginator import Paginator

    from .models import Notification

    page = Paginator(Notification.objects.filter(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "core/inbox.html", {"page": page, "query_string": ""})


@login_required
def inbox_read(request):
    """Mark one message (``id``) or all of the user's messages read; only ever the user's own."""
    from django.shortcuts import redirect
    from django.utils.http import url_has_allowed_host_and_scheme

    from .models import Notification

    if request.method != "POST":
        from django.http import HttpResponseNotAllowed

        return HttpResponseNotAllowed(["POST"])
    mine = Notification.objects.filter(user=request.user, read_at__isnull=True)
    if request.POST.get("id"):
        from .errors import ActionError
        from .parsing import parse_pk

        try:
            mine = mine.filter(pk=parse_pk(request.POST["id"], field="id"))
        except ActionError as exc:
            from django.http import HttpResponseBadRequest

            return HttpResponseBadRequest(exc.message, content_type="text/plain; charset=utf-8")
    mine.update(read_at=timezone.now())
    target = request.POST.get("next", "")
    return redirect(target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else "inbox")


@require_GET
def favicon(request):
    """/favicon.ico, which browsers ask for on their own: the static icon (hashed name in production)."""
    from django.http import HttpResponseRedirect
    from django.templatetags.static import static

    response = HttpResponseRedirect(static("jingqi/favicon.ico"))
    response["Cache-Control"] = "max-age=86400"
    return response
