"""The figures page (every figure of the published models for a period and scope, beside the period before, with
a year's trend), the records behind one figure, the figures as a spreadsheet and as a period summary (PDF), the
figures by type and by officer, and the situation map (its page and the layers it draws, as JSON)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET

from jingqi.core.exports import Sheet, workbook_response
from jingqi.core.pdf import pdf_response

from . import selectors, selectors_map
from .definitions import AMOUNT, BY_KEY, COUNT, DEFINITIONS, DISTINCT, DURATION, RATE, default_period
from .documents import period_summary, scope_label
from .forms import FiguresForm, MapForm, RecordsForm, presets, recent_period
from .querysets import may_see_figures, may_see_records

# the figures page's sections, by the definitions' sources
SECTIONS = [
    (gettext_lazy("Requests"), ("ticket", "ticket_task")),
    (gettext_lazy("Disputes"), ("dispute",)),
    (gettext_lazy("Cases and outreach"), ("case", "outreach")),
    (gettext_lazy("Inspections and hazards"), ("inspection_visit", "inspection", "hazard")),
    (gettext_lazy("Patrols"), ("patrol", "volunteer", "guard_shift")),
    (gettext_lazy("False claims"), ("clue",)),
]


def _require_figures(user):
    if not may_see_figures(user):
        raise PermissionDenied


def _read(request, default=default_period):
    """For a user who may see figures (403 otherwise): the form, and the period and scope it asks for (``default``'s
    period, this year so far unless said otherwise, and everything the user sees, by default)."""
    _require_figures(request.user)
    start, today = default(timezone.localdate())
    form = FiguresForm(request.GET or None, initial={"start": start, "end": today},
                       choices=selectors.scope_choices(request.user), default=default)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, data["start"], data["end"], selectors.Scope(**form.scope_ids())
    return form, start, today, selectors.Scope()


def _change(now, before) -> dict | None:
    """The change from the period before, where both sides stand on enough records."""
    if now.value is None or before.value is None:
        return None
    kind = now.definition.kind
    if kind == RATE:  # in percentage points
        return {"points": round((now.value - before.value) * 100, 1)}
    if not before.value:
        return None
    return {"percent": round((float(now.value) - float(before.value)) / float(before.value) * 100)}


@login_required
@require_GET
def figures(request):
    user = request.user
    form, start, end, scope = _read(request)
    if form.errors:  # nothing shown for a period or scope not understood: the errors, beside their fields
        return _refused(request, form)
    sections = _sections(user, start, end, scope)
    months, series = selectors.monthly(user, end=end, scope=scope)
    trend = {"months": [m.strftime("%Y-%m") for m in months], "series": {
        key: {"label": str(BY_KEY[key].label), "kind": BY_KEY[key].kind,
              "values": [_plain(p) for p in points], "samples": [p.sample for p in points]}
        for key, points in series.items()}}
    state = selectors.last_refresh()
    query = request.GET.copy()
    query.pop("page", None)
    by = selectors.breakdown_by(user, scope)
    return render(request, "analytics/figures.html", {
        "breakdown_by": by, "breakdowns": [_breakdown(title, unit, b, rows)
                                           for b, (title, unit), rows in _breakdowns(user, by, start, end, scope)],
        "form": form, "start": start, "end": end, "before": selectors.previous_period(start, end),
        "sections": sections, "trend": trend, "refreshed": state, "presets": presets(timezone.localdate()),
        "drill": may_see_records(user), "compare": selectors.may_compare(user), "query_string": query.urlencode(),
        "scope_query": "&".join(f"{k}={v}" for k, v in vars(scope).items() if v),
        "kinds": {"count": COUNT, "rate": RATE, "amount": AMOUNT, "duration": DURATION, "distinct": DISTINCT},
    })


def _sections(user, start, end, scope) -> list[tuple]:
    """(title, rows) per section of the figures, each row a figure over the period beside the period before: the
    page's table and the period summary's."""
    pairs = {now.key: {"definition": now.definition, "now": now, "before": before, "change": _change(now, before),
                       "shown": shown(now), "shown_before": shown(before)}
             for now, before in selectors.compared(user, start=start, end=end, scope=scope)}
    return [(title, [pairs[d.key] for d in DEFINITIONS if d.source in sources]) for title, sources in SECTIONS]


BREAKDOWN_TITLES = {"station": (gettext_lazy("Station by station"), gettext_lazy("Station")),
                    "park": (gettext_lazy("Park by park"), gettext_lazy("Park")),
                    "department": (gettext_lazy("Department by department"), gettext_lazy("Department"))}


# the tables of the figures by type (per source) and by officer: (title, what a row is)
BY_TITLES = {"ticket": (gettext_lazy("Requests by kind"), gettext_lazy("Request kind")),
             "dispute": (gettext_lazy("Disputes by type"), gettext_lazy("Dispute type")),
             "case": (gettext_lazy("Cases by type"), gettext_lazy("Case type")),
             "hazard": (gettext_lazy("Hazards by where they were found"), gettext_lazy("Found in")),
             "officer": (gettext_lazy("Officer by officer"), gettext_lazy("Officer"))}


def _breakdowns(user, by, start, end, scope) -> list[tuple]:
    """(by, (title, unit), rows) of each side-by-side table: the stations or parks, and (within a station) the
    departments called in; none where ``by`` is None. The page's and the spreadsheet's."""
    kinds = [by, "department"] if by == "park" else [by] if by else []
    return [(b, BREAKDOWN_TITLES[b], selectors.breakdown(user, b, start=start, end=end, scope=scope)) for b in kinds]


def _breakdown(title, unit, by, rows) -> dict:
    """The figures side by side per station, park or department, as the page's table shows them."""
    return {"by": by, "title": title, "unit": unit,
            "definitions": [figure.definition for figure in rows[0].figures] if rows else [],
            "rows": [(row.label, [{"label": figure.definition.label, **shown(figure)} for figure in row.figures])
                     for row in rows]}


def shown(figure) -> dict:
    """The figure as the page shows it: the value, and what stands beside it (a rate's counts, a median's mean)."""
    from django.contrib.humanize.templatetags.humanize import intcomma
    from django.template.defaultfilters import floatformat

    kind, value = figure.definition.kind, figure.value
    if kind == COUNT:
        return {"value": intcomma(value), "detail": ""}
    if kind == DISTINCT:
        return {"value": intcomma(value), "detail": str(figure.definition.unit)}
    if kind == AMOUNT:
        return {"value": f"{value:,.2f}".removesuffix(".00"), "detail": str(figure.definition.unit)}
    counts = _("%(numerator)s of %(denominator)s") % {"numerator": intcomma(figure.numerator),
                                                       "denominator": intcomma(figure.denominator)}
    if kind == RATE:
        return {"value": "" if value is None else f"{value * 100:.1f}%", "detail": counts}
    if value is None:
        return {"value": "", "detail": ""}
    return {"value": _("%(hours)s h") % {"hours": floatformat(figure.shown_median, 1)},
            "detail": _("median (±2.5%%); mean %(mean)s h") % {"mean": floatformat(value, 1)}}


def _refused(request, form):
    return render(request, "analytics/figures.html", {"form": form, "sections": [],
                                                       "presets": presets(timezone.localdate())}, status=400)


def _plain(figure):
    value = figure.value
    if value is None:
        return None
    if figure.definition.kind == RATE:
        return round(value * 100, 1)
    return round(float(value), 2)


@login_required
@require_GET
def figures_by(request):
    """The figures by type of record (per source) and by officer, over the period and choices of the figures page
    (the last 30 days by default): for the police, read from the facts of the period (so asked for on their own
    page, not on every visit to the figures)."""
    form, start, end, scope = _read_by(request)
    tables = [] if form.errors else [
        {**_breakdown(title, unit, by, rows), "note": note} for by, title, unit, rows, note in
        _by_tables(request.user, start, end, scope)]
    return render(request, "analytics/figures_by.html", {
        "form": form, "start": start, "end": end, "tables": tables, "presets": presets(timezone.localdate()),
        "query_string": request.GET.urlencode()}, status=400 if form.errors else 200)


@login_required
@require_GET
def figures_by_export(request):
    form, start, end, scope = _read_by(request)
    if form.errors:
        return _refused(request, form)
    sheets = [_side_sheet(title, unit, rows) for _by, title, unit, rows, _note in
              _by_tables(request.user, start, end, scope)]
    return workbook_response(f"figures-by-type-and-officer-{start.isoformat()}-{end.isoformat()}.xlsx", sheets)


def _read_by(request):
    """The figures page's choices, over the last 30 days by default: read from the facts, a station's year at city
    scale takes most of a second where a month takes a tenth of it."""
    form, start, end, scope = _read(request, default=recent_period)
    if not selectors.may_compare(request.user):
        raise PermissionDenied
    return form, start, end, scope


def _by_tables(user, start, end, scope) -> list[tuple]:
    """(by, title, unit, rows, note) of each table of the figures by type (one per source), then by officer."""
    tables = [(f"kind-{source}", *BY_TITLES[source], rows, "")
              for source, rows in selectors.by_kind(user, start=start, end=end, scope=scope)]
    note = _("Each officer's requests as their handling officer, disputes as lead mediator, cases as lead officer "
             "and hazards as handling officer.")
    tables.append(("officer", *BY_TITLES["officer"], selectors.by_officer(user, start=start, end=end, scope=scope),
                   note))
    return tables


def _side_sheet(title, unit, rows) -> Sheet:
    """A table of figures side by side as a sheet: each figure's value, then what it stands on (a rate's
    denominator, the records of anything else)."""
    definitions = [f.definition for f in rows[0].figures] if rows else []
    head = [str(unit)] + [text for d in definitions for text in (str(d.label), _("%(figure)s: sample") % {
        "figure": d.label})]
    return Sheet(str(title), [[row.label] + [x for f in row.figures for x in (_cell(f), f.sample)] for row in rows],
                 header=head, widths=(28,) + (12,) * (len(head) - 1))


def _map_form(request):
    """For a user who may list records (403 otherwise): the situation map's form, bound to the query (the last 30
    days and every park the user sees, by default)."""
    from jingqi.registry.models import Park

    if not may_see_records(request.user):
        raise PermissionDenied
    start, today = recent_period(timezone.localdate())
    return MapForm(request.GET or None, initial={"start": start, "end": today},
                   parks=Park.objects.visible_to(request.user))


@login_required
@require_GET
def situation_map(request):
    form = _map_form(request)
    valid = not form.is_bound or form.is_valid()
    query = request.GET.urlencode()
    return render(request, "analytics/situation_map.html", {
        "form": form, "valid": valid, "presets": presets(timezone.localdate()),
        "data_url": reverse("analytics:map_data") + (f"?{query}" if query else ""),
        "layers": [(layer.key, layer.label) for layer, _reader in selectors_map.LAYERS],
        "limit": selectors_map.POINT_LIMIT}, status=200 if valid else 400)


@login_required
@require_GET
def map_data(request):
    form = _map_form(request)
    if form.is_bound and not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    data = form.cleaned_data if form.is_bound else {"start": form.initial["start"], "end": form.initial["end"]}
    return JsonResponse(selectors_map.map_layers(request.user, start=data["start"], end=data["end"],
                                                 park=data.get("park")))


@login_required
@require_GET
def figure_records(request):
    user = request.user
    _require_figures(user)
    if not may_see_records(user):
        raise PermissionDenied
    form = RecordsForm(request.GET or None, choices=selectors.scope_choices(user))
    if not form.is_valid():
        return render(request, "analytics/figure_records.html", {"form": form}, status=400)
    data = form.cleaned_data
    definition = BY_KEY[data["figure"]]
    facts = selectors.records_behind(user, definition.key, start=data["start"], end=data["end"],
                                     scope=selectors.Scope(**form.scope_ids()))
    page = Paginator(facts, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "analytics/figure_records.html", {
        "form": form, "definition": definition, "start": data["start"], "end": data["end"], "page": page,
        "rows": selectors.label_records(page.object_list), "query_string": query.urlencode(),
        "kinds": {"rate": RATE, "duration": DURATION, "amount": AMOUNT}})


@login_required
@require_GET
def figures_export(request):
    user = request.user
    form, start, end, scope = _read(request)
    if form.errors:
        return _refused(request, form)
    before_start, before_end = selectors.previous_period(start, end)
    header = [_("Figure"), _("Kind"), _("Value"), _("Numerator"), _("Denominator"), _("Records"), _("Median (h)"),
              _("Value, period before"), _("Records, period before"), _("Published"), _("What counts")]
    rows = []
    for now, before in selectors.compared(user, start=start, end=end, scope=scope):
        d = now.definition
        rows.append([str(d.label), d.kind, _cell(now), now.numerator, now.denominator, now.facts,
                     None if now.shown_median is None else round(now.shown_median, 1), _cell(before), before.facts,
                     f"{d.published} ({d.published_by})" if d.published else "", str(d.explanation)])
    state = selectors.last_refresh()
    about = [[_("Period"), f"{start.isoformat()} – {end.isoformat()}"],
             [_("Period before"), f"{before_start.isoformat()} – {before_end.isoformat()}"],
             [_("Refreshed at"), timezone.localtime(state.refreshed_at).strftime("%Y-%m-%d %H:%M")
              if state and state.refreshed_at else ""],
             [_("Note"), _("A share or a mean over fewer records than the minimum sample is left empty.")]]
    side_by_side = [_side_sheet(title, unit, units) for _by, (title, unit), units in
                    _breakdowns(user, selectors.breakdown_by(user, scope), start, end, scope)]
    return workbook_response(f"figures-{start.isoformat()}-{end.isoformat()}.xlsx", [
        Sheet(pgettext("results", "Figures"), rows, header=header, widths=(28, 10, 12, 12, 12, 10, 12, 14, 14, 28, 60)),
        *side_by_side, Sheet(_("About"), about, widths=(16, 60))])


@login_required
@require_GET
def figures_summary(request):
    """The period summary as a PDF: every figure of the period beside the period before, for the scope asked."""
    user = request.user
    form, start, end, scope = _read(request)
    if form.errors:
        return _refused(request, form)
    keys = selectors.home_figure_keys(user)
    months, series = selectors.monthly(user, end=end, scope=scope, keys=["requests.solved", "hazards.closed"])
    document = period_summary(
        sections=_sections(user, start, end, scope), start=start, end=end,
        before=selectors.previous_period(start, end), scope=scope_label(user, form), refreshed=selectors.last_refresh(),
        key_figures=[(BY_KEY[k].label, _tile(v)) for k, v in zip(keys, selectors.figures_for(
            user, start=start, end=end, scope=scope, keys=keys), strict=True)],
        trend=(months, series),
        breakdowns=[_breakdown(title, unit, b, rows) for b, (title, unit), rows in
                    _breakdowns(user, selectors.breakdown_by(user, scope), start, end, scope)])
    return pdf_response(document, f"figures-{start.isoformat()}-{end.isoformat()}.pdf")


def _tile(figure) -> str:
    value = shown(figure)
    return value["value"] or "—"


def _cell(figure):
    value = figure.value
    if value is None:
        return None
    if figure.definition.kind == RATE:
        return round(value, 4)
    return float(value)
