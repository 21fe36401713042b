"""Risk report pages: the station's page (start a run and watch its progress, send the drafts, see who has and has
not acknowledged), a report's page (its figures beside the previous half-year and the park's median, and the
recommendations), and the enterprise's receipt. Thin: parse, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jingqi.accounts.choices import Role
from jingqi.core import audit
from jingqi.core.errors import ActionError, flash_form_errors, form_error
from jingqi.core.scoping import access

from . import selectors, services
from .choices import ReportKind
from .forms import PushForm, RunForm, half_years, period_of
from .models import ReportRun, RiskReport
from .risk import MEDIAN_MIN_ENTERPRISES

app_name = "reports"


@login_required
def report_list(request):
    user = request.user
    if user.role == Role.LIAISON and user.enterprise_id:
        return render(request, "reports/report_list_liaison.html", {"reports": selectors.reports_of_enterprise(user)})
    if not services.is_police(user):
        raise Http404
    parks = selectors.parks_for(user)
    form = RunForm(request.POST or None, parks=parks, initial={"park": parks.first()})
    if request.method == "POST" and form.is_valid():
        try:
            run = services.do_request_reports(user, park=form.cleaned_data["park"],
                                              period=period_of(form.cleaned_data["period"]),
                                              enterprise=selectors.enterprise_by_credit_code(
                                                  user, form.cleaned_data["park"], form.cleaned_data["enterprise"]))
        except ActionError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The reports are being computed."))
            return redirect(f"{request.path}?park={run.park_id}&period={form.cleaned_data['period']}")
    labels = dict(half_years())
    park = parks.filter(pk=request.GET.get("park")).first() if str(request.GET.get("park", "")).isdigit() else None
    park = park or parks.first()
    period_label = request.GET.get("period")
    if period_label not in labels:  # the newest half-year the park has reports of, else the current one
        newest = RiskReport.objects.visible_to(user).filter(park=park).order_by("-period_start").first()
        period_label = newest.label if newest is not None and newest.label in labels else next(iter(labels))
    overview = selectors.park_overview(user, park, period_of(period_label).start) if park else None
    return render(request, "reports/report_list.html", {
        "form": form, "parks": parks, "park": park, "period_label": period_label, "periods": labels,
        "overview": overview, "runs": selectors.runs_for(user),
        "push_form": PushForm(parks=parks, initial={"park": park, "period": period_label})},
        status=400 if form.errors else 200)


@login_required
def run_progress(request, pk):
    """The run's progress bar, polled by the page until the run has ended."""
    run = access(ReportRun.objects.select_related("park"), request.user, pk)
    return render(request, "reports/partials/_run.html", {"run": run})


@login_required
@require_POST
def report_push(request):
    user = request.user
    if not services.is_police(user):
        raise Http404
    form = PushForm(request.POST, parks=selectors.parks_for(user))
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("reports:report_list")
    period = form.cleaned_data["period"]
    try:
        sent = services.do_push_reports(user, park=form.cleaned_data["park"], period=period_of(period))
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)d reports sent to the enterprises.") % {"n": sent})
    return redirect(f"{reverse('reports:report_list')}?park={form.cleaned_data['park'].pk}&period={period}")


@login_required
def report_detail(request, pk):
    report = access(RiskReport.objects.select_related("park", "enterprise", "acknowledged_by", "pushed_by"),
                    request.user, pk)
    can_acknowledge = RiskReport.objects.visible_to(request.user, "acknowledge").filter(
        pk=pk, status="pushed").exists()
    return render(request, "reports/report_detail.html", {
        "report": report, "rows": selectors.figure_rows(report), "can_acknowledge": can_acknowledge,
        "can_recompute": selectors.can_recompute(request.user, report),
        "recommendations": selectors.recommendation_rows(report), "median_min": MEDIAN_MIN_ENTERPRISES,
        "is_police": services.is_police(request.user)})


@login_required
def report_pdf(request, pk):
    """The report as the enterprise prints it (cover, summary, charts, figures, recommendations)."""
    from jingqi.core.pdf import pdf_response

    from .documents import report_filename
    from .documents import report_pdf as make_pdf

    report = access(RiskReport.objects.select_related("park", "enterprise"), request.user, pk)
    return pdf_response(make_pdf(report, request.user), report_filename(report, ".pdf"))


@login_required
def report_workbook(request, pk):
    """The figures under the report as a workbook (a park's: every enterprise's figures too)."""
    from jingqi.core.exports import workbook_response

    from .documents import report_filename, report_sheets

    report = access(RiskReport.objects.select_related("park", "enterprise"), request.user, pk)
    sheets = report_sheets(report, request.user)
    if report.kind == ReportKind.PARK:  # every enterprise's figures leave the platform: say who took them
        audit.record(request.user, "report.workbook", report, {"park": report.park_id, "period": report.label})
    return workbook_response(report_filename(report, ".xlsx"), sheets)


@login_required
@require_POST
def report_acknowledge(request, pk):
    report = access(RiskReport.objects.all(), request.user, pk, "acknowledge")
    try:
        services.do_acknowledge_report(request.user, report)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Receipt acknowledged. Thank you."))
    return redirect("reports:report_detail", pk=pk)


urlpatterns = [
    path("", report_list, name="report_list"),
    path("push/", report_push, name="report_push"),
    path("runs/<int:pk>/", run_progress, name="run_progress"),
    path("<int:pk>/", report_detail, name="report_detail"),
    path("<int:pk>/acknowledge/", report_acknowledge, name="report_acknowledge"),
    path("<int:pk>/pdf/", report_pdf, name="report_pdf"),
    path("<int:pk>/xlsx/", report_workbook, name="report_workbook"),
]
