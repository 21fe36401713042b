"""A risk report as documents: the PDF the enterprise reads and prints (cover, summary, charts, the figures,
recommendations, how the figures are counted) and the workbook of the figures underneath.

Both are written in Chinese whatever the interface language of whoever downloads them (the wording comes from the
translation catalogue, read in ``settings.LANGUAGE_CODE``): the enterprise receives one document, the same for
everyone who prints it. Both are made from the report's stored figures and recommendation texts, so a report that
was sent prints what it said when it was sent.

The park report's document adds the enterprises that call for attention, read from the park's enterprise reports
of the same half-year (one query, as ``user`` may see them).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jingqi.core.exports import Sheet
from jingqi.core.pdf import Document, cn_date, money

from .choices import ReportKind, ReportStatus
from .models import RiskReport
from .risk import CASE_COUNTS, CHART_GROUPS, FIGURES, MEDIAN_MIN_ENTERPRISES, MONEY_FIGURES, RULES

# The park report lists at most this many enterprises that call for attention (the workbook has them all).
ATTENTION_SHOWN = 15


# --- values as the documents write them --------------------------------------------------------------------------


def figure_text(name: str, value) -> str:
    """A figure as the report writes it: amounts with two decimals, the rating with two, counts whole, a median
    that falls between two enterprises with its half (0.5); "—" where there is none."""
    if value is None:
        return "—"
    if name in MONEY_FIGURES:
        return money(value)
    if name == "rating":
        return f"{Decimal(str(value)):.2f}"
    value = Decimal(str(value))
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value.normalize():,f}"


def change_text(name: str, now, before) -> str:
    """The change since the previous half-year: "+2", "−1", "0", or "—" when either is missing."""
    if now is None or before is None:
        return "—"
    delta = Decimal(str(now)) - Decimal(str(before))
    if not delta:
        return "0"
    return ("+" if delta > 0 else "−") + figure_text(name, abs(delta))


def _whole_yuan(value) -> str:
    """Yuan rounded half up (四舍五入) to whole yuan, thousands separated."""
    return f"{Decimal(str(value or 0)).quantize(Decimal('1'), rounding=ROUND_HALF_UP):,.0f}"


def _cases(figures: dict) -> int:
    return sum(figures.get(name) or 0 for name in CASE_COUNTS)


def _chartable(value):
    return None if value is None else float(value)


# --- the words --------------------------------------------------------------------------------------------------


def _summary(report: RiskReport) -> list[str]:
    """The summary's sentences, one per subject, each from the figures."""
    f = report.figures
    out = [_("Disputes: %(all)s, of which %(labour)s about labour and %(group)s group disputes.") % {
        "all": f.get("disputes", 0), "labour": f.get("labour_disputes", 0), "group": f.get("group_disputes", 0)}]
    cases = _cases(f)
    if cases:
        kinds = "、".join(f"{FIGURES[name]} {f[name]}" for name in CASE_COUNTS if f.get(name))
        out.append(_("Cases with an enterprise as victim: %(n)s (%(kinds)s); loss %(loss)s yuan, of which %(back)s "
                     "yuan recovered.") % {"n": cases, "kinds": kinds, "loss": money(f.get("case_loss") or 0),
                                           "back": money(f.get("case_recovered") or 0)})
    else:
        out.append(_("No case with an enterprise as victim."))
    out.append(_("Consumer complaints received: %(all)s, of which %(flagged)s stand in a false-claim clue.") % {
        "all": f.get("complaints", 0), "flagged": f.get("flagged_complaints", 0)})
    out.append(_("Hazards found: %(found)s, closed: %(closed)s; still open: %(open)s, of which %(overdue)s past "
                 "their deadline.") % {"found": f.get("hazards_found", 0), "closed": f.get("hazards_closed", 0),
                                       "open": f.get("hazards_open", 0), "overdue": f.get("hazards_overdue", 0)})
    if f.get("rating") is not None:
        out.append(_("Requests submitted: %(n)s; satisfaction %(rating)s of 5 (%(rated)s rated).") % {
            "n": f.get("requests", 0), "rating": figure_text("rating", f["rating"]), "rated": f.get("rated_requests")})
    else:
        out.append(_("Requests submitted: %(n)s; none rated.") % {"n": f.get("requests", 0)})
    out.append(_("Outreach talks attended: %(events)s, by %(staff)s staff in all.") % {
        "events": f.get("outreach_events", 0), "staff": f.get("outreach_staff", 0)})
    return out


def _comparisons(report: RiskReport) -> list[str]:
    f, before, medians = report.figures, report.previous, report.park_median
    counts = [name for group in CHART_GROUPS.values() for name in group]
    risen = [_("%(label)s %(before)s → %(now)s") % {"label": FIGURES[n], "before": figure_text(n, before.get(n)),
                                                      "now": figure_text(n, f.get(n))}
             for n in counts if before.get(n) is not None and (f.get(n) or 0) > before[n]]
    out = [_("Up on the previous half-year: %(list)s.") % {"list": "；".join(risen)} if risen
           else _("Nothing rose on the previous half-year.")]
    if report.kind == ReportKind.ENTERPRISE:
        if not medians:
            out.append(_("The park has fewer than %(n)s enterprises: no park median is given, so that no neighbour's "
                         "figures can be read from it.") % {"n": MEDIAN_MIN_ENTERPRISES})
        else:
            above = [_("%(label)s %(value)s (median %(median)s)") % {
                "label": FIGURES[n], "value": figure_text(n, f.get(n)), "median": figure_text(n, medians.get(n))}
                for n in counts if medians.get(n) is not None and (f.get(n) or 0) > medians[n]]
            out.append(_("Above the park's median enterprise: %(list)s.") % {"list": "；".join(above)} if above
                       else _("Nothing above the park's median enterprise."))
    return out


def _notes(report: RiskReport) -> list[str]:
    notes = [
        _("The figures are counted from the platform's records of %(start)s to %(end)s, and were fixed when the "
          "report was computed (%(computed)s): a report that was sent does not change when records are corrected "
          "afterwards.") % {"start": cn_date(report.period_start), "end": cn_date(report.last_day),
                            "computed": timezone.localtime(report.generated_at).strftime("%Y-%m-%d %H:%M")},
        _("Hazards still open, and past their deadline, are counted as they stood when the report was computed."),
        _("A case with several victim enterprises counts each victim's own loss, and the amount recovered in "
          "proportion to it."),
        _("Complaints in a false-claim clue are a sign of a scheme against the enterprise, not of its fault."),
    ]
    if report.kind == ReportKind.ENTERPRISE and report.park_median:
        notes.insert(1, _("The park's median is taken over all the park's enterprises, those where nothing happened "
                          "included: half of the enterprises are at or below it."))
    return notes


def _rows(report: RiskReport, *, with_median: bool) -> list[list[str]]:
    rows = []
    for name, label in FIGURES.items():
        if name not in report.figures:
            continue
        now, before = report.figures.get(name), report.previous.get(name)
        row = [str(label), figure_text(name, now), figure_text(name, before)]
        if with_median:
            row.append(figure_text(name, report.park_median.get(name)))
        rows.append(row + [change_text(name, now, before)])
    return rows


def enterprise_reports(report: RiskReport, user):
    """The park's enterprise reports of the same half-year, as ``user`` may see them (for a park report)."""
    return (RiskReport.objects.visible_to(user)
            .filter(park=report.park_id, period_start=report.period_start, kind=ReportKind.ENTERPRISE)
            .select_related("enterprise").order_by("enterprise__name", "pk"))


def _attention(items: list[RiskReport]) -> list[RiskReport]:
    """The enterprises with the most recommendations (then overdue hazards, then cases), those with none left out."""
    flagged = [r for r in items if r.recommendations]
    flagged.sort(key=lambda r: (-len(r.recommendations), -(r.figures.get("hazards_overdue") or 0),
                                -_cases(r.figures), r.enterprise.name))
    return flagged


# --- the PDF ----------------------------------------------------------------------------------------------------


def _charts(doc: Document, report: RiskReport, *, with_median: bool):
    """This half-year beside the previous one (and the park's median), for the figures where any is above zero;
    the figures' table has them all."""
    f, before, medians = report.figures, report.previous, report.park_median if with_median else {}
    for key, caption in (("incidents", _("Disputes and cases")),
                         ("service", _("Complaints, hazards and service"))):
        names = [n for n in CHART_GROUPS[key] if f.get(n) or before.get(n) or medians.get(n)]
        if not names:
            doc.paragraph(_("%(chart)s: none in either half-year.") % {"chart": caption})
            continue
        series = [(_("This half-year"), [_chartable(f.get(n)) for n in names]),
                  (_("Previous half-year"), [_chartable(before.get(n)) for n in names])]
        if medians:
            series.append((_("Park median"), [_chartable(medians.get(n)) for n in names]))
        doc.bar_chart([FIGURES[n] for n in names], series, caption=caption)
    if any(f.get(n) or before.get(n) for n in MONEY_FIGURES):
        doc.bar_chart([FIGURES[n] for n in MONEY_FIGURES],
                      [(_("This half-year"), [_chartable(f.get(n)) for n in MONEY_FIGURES]),
                       (_("Previous half-year"), [_chartable(before.get(n)) for n in MONEY_FIGURES])],
                      caption=_("Loss in cases and recovered (yuan)"), value_format=_whole_yuan)


def _receipt(report: RiskReport) -> str:
    if report.status == ReportStatus.ACKNOWLEDGED and report.acknowledged_at:
        return _("Acknowledged by the enterprise on %(date)s.") % {
            "date": cn_date(timezone.localtime(report.acknowledged_at).date())}
    if report.status == ReportStatus.PUSHED and report.pushed_at:
        return _("Sent on %(date)s. Please acknowledge receipt (签收) on the platform within %(days)s days.") % {
            "date": cn_date(timezone.localtime(report.pushed_at).date()), "days": settings.REPORT_ACKNOWLEDGE_DAYS}
    return _("Draft: not sent to the enterprise.")


def _cover(report: RiskReport, facts: list) -> Document:
    is_park = report.kind == ReportKind.PARK
    doc = Document(_("Park risk report") if is_park else _("Enterprise risk report"), subtitle=report.period_name,
                   footer=_("Page {page} of {pages}"), created=report.generated_at,
                   author=report.station.name, subject=str(report))
    office = report.park.office.name if report.park.office_id else ""
    doc.cover(facts + [(_("Period covered"), _("%(start)s to %(end)s") % {
        "start": cn_date(report.period_start), "end": cn_date(report.last_day)}),
        (_("Computed on"), cn_date(timezone.localtime(report.generated_at).date()))],
        issuer=" ".join(part for part in (report.station.name, office) if part),
        note=_("Made from the records of the Jingqi platform, for the enterprise's own prevention work: "
               "please do not pass it on."))
    return doc


def build_report_document(report: RiskReport, user) -> Document:
    is_park = report.kind == ReportKind.PARK
    f = report.figures
    if is_park:
        items = list(enterprise_reports(report, user))
        sent = [r for r in items if r.status != ReportStatus.DRAFT]
        doc = _cover(report, [(_("Park"), report.park.name), (_("Enterprises"), str(len(items)))])
    else:
        doc = _cover(report, [(_("Enterprise"), report.enterprise.name),
                              (_("Unified social credit code"), report.enterprise.uscc),
                              (_("Park"), report.park.name)])
    doc.heading(_("1. Summary"))
    tiles = [(_("Disputes"), figure_text("disputes", f.get("disputes") or 0)),
             (_("Cases (victim)"), str(_cases(f))),
             (_("Loss in cases (yuan)"), _whole_yuan(f.get("case_loss"))),
             (_("Recovered (yuan)"), _whole_yuan(f.get("case_recovered"))),
             (_("Hazards still open"), figure_text("hazards_open", f.get("hazards_open") or 0)),
             (_("Satisfaction (of 5)"), figure_text("rating", f.get("rating")))]
    if is_park:
        tiles[-1] = (_("Reports acknowledged"), f"{sum(r.status == ReportStatus.ACKNOWLEDGED for r in items)}"
                                                f" / {len(sent)}")
    doc.key_figures(tiles, per_row=3)
    intro = (_("This report sums up what the platform's records say of the enterprises of %(park)s in %(period)s, "
               "compared with the previous half-year.") if is_park else
             _("This report sums up what the platform's records say of %(name)s in %(period)s, compared with the "
               "previous half-year and with the park's median enterprise."))
    doc.paragraph(intro % {"park": report.park.name, "period": report.period_name,
                           "name": getattr(report.enterprise, "name", "")})
    doc.paragraph("\n".join(_summary(report) + _comparisons(report)))
    if not is_park:
        doc.paragraph(_receipt(report))

    doc.heading(_("2. Charts"))
    _charts(doc, report, with_median=not is_park)
    rules = {rule.code: rule for rule in RULES}
    shown = [r for r in report.recommendations if r.get("code") in rules] if is_park else []
    if shown:  # a rule retired since the report was computed has no title to draw
        doc.bar_chart([rules[r["code"]].title for r in shown], [(_("Enterprises"), [r["enterprises"] for r in shown])],
                      caption=_("Enterprises for which each measure is recommended"))

    doc.heading(_("3. The figures"))
    with_median = not is_park and bool(report.park_median)
    columns = [_("Item"), _("This half-year"), _("Previous half-year")]
    columns += [_("Park median")] if with_median else []
    columns += [_("Up or down")]
    doc.table(columns, _rows(report, with_median=with_median), widths=[3.2] + [1.4] * (len(columns) - 1),
              align=["left"] + ["right"] * (len(columns) - 1))

    doc.heading(_("4. Recommendations"))
    if is_park:
        for n, r in enumerate(report.recommendations, start=1):
            rule = rules.get(r.get("code"))
            doc.paragraph(_("%(n)s. %(text)s (%(count)s enterprises)") % {
                "n": n, "text": rule.text if rule else r.get("code"), "count": r.get("enterprises")},
                align="left", indent=False)
        if not report.recommendations:
            doc.paragraph(_("No recommendation for any enterprise."), indent=False)
        doc.heading(_("5. Enterprises that call for attention"))
        attention = _attention(items)
        if attention:
            doc.table([_("Enterprise"), _("Measures recommended"), _("Disputes"), _("Cases"),
                       _("Hazards open (overdue)"), _("Receipt (签收)")],
                      [[r.enterprise.name, str(len(r.recommendations)),
                        figure_text("disputes", r.figures.get("disputes")), str(_cases(r.figures)),
                        f"{r.figures.get('hazards_open') or 0} ({r.figures.get('hazards_overdue') or 0})",
                        r.get_status_display()] for r in attention[:ATTENTION_SHOWN]],
                      widths=[3.4, 1, 1, 1, 1.5, 1.6], align=["left", "right", "right", "right", "right", "left"])
            if len(attention) > ATTENTION_SHOWN:
                doc.paragraph(_("%(n)s more enterprises have recommendations: see the workbook.") % {
                    "n": len(attention) - ATTENTION_SHOWN}, indent=False)
        else:
            doc.paragraph(_("No enterprise calls for a particular measure this half-year."), indent=False)
        doc.heading(_("6. How the figures are counted"))
    else:
        texts = {code: rule.text for code, rule in rules.items()}
        for n, r in enumerate(report.recommendations, start=1):
            doc.paragraph(_("%(n)s. %(text)s (because of: %(figure)s = %(value)s)") % {
                "n": n, "text": r.get("text") or texts.get(r.get("code"), ""),
                "figure": FIGURES.get(r.get("figure"), r.get("figure", "")),
                "value": figure_text(r.get("figure", ""), r.get("value"))}, align="left", indent=False)
        if not report.recommendations:
            doc.paragraph(_("Nothing in this half-year's figures calls for a particular measure."), indent=False)
        doc.heading(_("5. How the figures are counted"))
    for n, note in enumerate(_notes(report), start=1):
        doc.paragraph(f"{n}. {note}", align="left", indent=False)
    return doc


def _reread(report: RiskReport) -> RiskReport:
    return RiskReport.objects.select_related("station", "park", "park__office", "enterprise").get(pk=report.pk)


def report_pdf(report: RiskReport, user) -> bytes:
    """The report as a PDF (A4, Chinese, fonts embedded). ``report`` must be one ``user`` may see."""
    report = _reread(report)
    with translation.override(settings.LANGUAGE_CODE):
        return build_report_document(report, user).to_bytes()


def report_filename(report: RiskReport, extension: str) -> str:
    name = report.enterprise.name if report.enterprise_id else report.park.name
    return f"{report.label}-{name}-风险研判报告{extension}"


# --- the workbook -----------------------------------------------------------------------------------------------


def report_sheets(report: RiskReport, user) -> list[Sheet]:
    """The figures under the report: its own table and recommendations; for a park, every enterprise's figures.
    The rows are made here, in the report's language (the largest park's are a few thousand cells)."""
    report = _reread(report)
    with translation.override(settings.LANGUAGE_CODE):
        is_park = report.kind == ReportKind.PARK
        with_median = not is_park and bool(report.park_median)
        figure_names = [name for name in FIGURES if name in report.figures]
        header = [_("Item"), _("This half-year"), _("Previous half-year")] + ([_("Park median")] if with_median else [])
        own = [[str(FIGURES[n]), report.figures.get(n), report.previous.get(n)]
               + ([report.park_median.get(n)] if with_median else []) for n in figure_names]
        about = [[_("Kind of report"), _("Park risk report") if is_park else _("Enterprise risk report")],
                 [_("Park"), report.park.name],
                 [_("Enterprise"), report.enterprise.name if report.enterprise_id else ""],
                 [_("Period covered"), f"{report.period_start:%Y-%m-%d} – {report.last_day:%Y-%m-%d}"],
                 [_("Computed at"), timezone.localtime(report.generated_at).replace(tzinfo=None)],
                 [_("Status"), report.get_status_display()]]
        sheets = [Sheet(_("About the report"), about, widths=(16, 40)),
                  Sheet(_("Report figures"), own, header=header, widths=(30, 14, 14, 14))]
        rules = {rule.code: rule for rule in RULES}
        if is_park:
            sheets.append(Sheet(_("Recommendations"), [
                [str(rules[r["code"]].title) if r.get("code") in rules else r.get("code"),
                 str(rules[r["code"]].text) if r.get("code") in rules else "", r.get("enterprises")]
                for r in report.recommendations],
                header=[_("Measure recommended"), _("Recommendation"), _("Enterprises")],
                widths=(20, 80, 12), wrap=True))

            enterprises = [
                [r.enterprise.name, r.enterprise.uscc, r.get_status_display(),
                 timezone.localtime(r.acknowledged_at).replace(tzinfo=None) if r.acknowledged_at else None,
                 len(r.recommendations)] + [r.figures.get(n) for n in figure_names]
                for r in enterprise_reports(report, user).iterator(chunk_size=500)]
            sheets.append(Sheet(_("Enterprises"), enterprises, header=[
                _("Enterprise"), _("Unified social credit code"), _("Status"), _("Acknowledged at"),
                _("Measures recommended")]
                + [str(FIGURES[n]) for n in figure_names], widths=(30, 22, 14, 18, 10)))
        else:
            texts = {code: rule.text for code, rule in rules.items()}
            sheets.append(Sheet(_("Recommendations"), [
                [n, r.get("text") or texts.get(r.get("code"), ""), str(FIGURES.get(r.get("figure"), "")),
                 r.get("value")] for n, r in enumerate(report.recommendations, start=1)],
                header=[_("No."), _("Recommendation"), _("Because of"), _("Figure's value")], widths=(6, 80, 24, 10),
                wrap=True))
        return sheets
