"""The period summary: the figures of a station, office, park or department over a period, as a printable document
(``core.pdf``, the risk reports' machinery) for a station's report to its county bureau or a park's to its committee.

It carries sums only (no record, no name): the city/county viewer may print it too.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jingqi.core.pdf import Document, cn_date

from .definitions import BY_KEY, RATE


def scope_label(user, form) -> str:
    """What the figures cover, in words: the narrowest choice made, else what the user sees as a whole."""
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    for name in ("department", "park", "office", "station"):
        if data.get(name):
            return str(data[name])
    if user.station_id:
        return str(user.station)
    return _("Every station")


def _change(row) -> str:
    change = row["change"]
    if not change:
        return "—"
    if "points" in change:
        return _("%(points)+.1f points") % {"points": change["points"]}
    return f"{change['percent']:+d}%"


def _value(shown) -> str:
    return " ".join(part for part in (shown["value"], shown["detail"]) if part) or "—"


def period_summary(*, sections, start, end, before, scope: str, refreshed, key_figures, trend,
                   breakdowns=()) -> Document:
    """The document: a cover, the key figures, every figure by section beside the period before (with each one's
    sample), the leading figures side by side per station, park or department (``breakdowns``, as the figures page
    shows them), a year's trend of problems solved and hazards closed, and what each figure counts."""
    at = timezone.localtime(refreshed.refreshed_at) if refreshed and refreshed.refreshed_at else None
    period = f"{cn_date(start)} – {cn_date(end)}"
    doc = Document(_("Period summary of results"), subtitle=f"{scope} · {period}",
                   footer=_("Page {page} of {pages}"), created=at, subject=_("Figures computed from the records"))
    doc.cover([(_("Covers"), scope), (_("Period"), period),
               (_("Compared with"), f"{cn_date(before[0])} – {cn_date(before[1])}"),
               (_("Figures refreshed at"), at.strftime("%Y-%m-%d %H:%M") if at else _("not yet"))],
              issuer=scope,
              note=_("Every figure is computed from Jingqi's own records; a share or a mean over fewer records than "
                     "the minimum sample is left out, and each figure is given with the records it stands on."))
    doc.key_figures(key_figures)
    for title, rows in sections:
        doc.heading(title)
        doc.table([_("Figure"), _("This period"), _("Records"), _("Period before"),
                   pgettext("period over period", "Change"), _("Published")],
                  [[row["definition"].label, _value(row["shown"]),
                    row["now"].denominator if row["definition"].kind == RATE else row["now"].facts,
                    _value(row["shown_before"]), _change(row),
                    row["definition"].published or "—"] for row in rows],
                  widths=[3.2, 2.4, 1.2, 2.4, 1.4, 1.2], align=["left", "right", "right", "right", "right", "center"])
    for breakdown in breakdowns:
        if not breakdown["rows"]:
            continue
        doc.heading(breakdown["title"])
        count = len(breakdown["definitions"])
        doc.table([breakdown["unit"], *(d.label for d in breakdown["definitions"])],
                  [[label, *(cell["value"] or "—" for cell in cells)] for label, cells in breakdown["rows"]],
                  widths=[2.0] + [1.0] * count, align=["left"] + ["right"] * count)
    months, series = trend
    labels = [m.strftime("%Y-%m") for m in months]
    doc.heading(_("Month by month"))
    doc.bar_chart(labels, [(BY_KEY[key].label, [p.value for p in points]) for key, points in series.items()],
                  caption=_("The last twelve months up to the period's end."))
    doc.heading(_("What each figure counts"))
    doc.table([_("Figure"), _("What counts")],
              [[row["definition"].label, row["definition"].explanation] for _title, rows in sections for row in rows],
              widths=[1, 3])
    return doc
