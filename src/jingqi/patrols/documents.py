"""The coverage report of a guard operation: the proof, segment by segment and hour by hour, that the roster covers
what the cover rule asks (or the list of every slot it does not cover, each with its reason), and the rules it keeps.
Printable HTML and a PDF laid out with the shared builder (``core.pdf``, Chinese font embedded).

Everything comes from the independent checker (``rostering.check_operation``), never from the solver's own claim:
the report is what a third party would find by reading the shifts against the rules. Runs of consecutive hours that
read the same are printed as one line, so every hour is accounted for and a fortnight fits on a few pages.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jingqi.core.scoping import access

from . import selectors
from .models import GuardOperation

CONTEXT_KEYS = ("title", "operation", "park", "starts_at", "ends_at", "rules", "segments", "summary", "runs",
                "gaps", "problems", "shifts", "generated_at", "solve", "unchecked")


def _rules(operation) -> list[tuple[str, str]]:
    return [
        (_("Night"), f"{operation.night_start:02d}:00–{operation.night_end:02d}:00"),
        (_("Shortest shift"), _("%(n)d h") % {"n": operation.min_shift}),
        (_("Longest shift"), _("%(n)d h") % {"n": operation.max_shift}),
        (_("Rest between shifts"), _("%(n)d h") % {"n": operation.min_rest}),
        (_("Most hours a week"), _("%(n)d h") % {"n": operation.max_week_hours}),
        (_("Most nights in a row"), str(operation.max_nights_in_row)),
    ]


def coverage_context(operation, user) -> dict:
    """What the report shows, as ``user`` may see it (404 if they may not see the operation). See
    ``CONTEXT_KEYS``."""
    operation = access(GuardOperation.objects.select_related("park", "station"), user,
                       getattr(operation, "pk", operation))
    segments = list(operation.segments.all())
    # None, with what keeps it from being checked (no segments yet, say): the report says so instead of failing.
    check, unchecked = selectors.check_or_problem(operation, segments)
    required = [row for row in check.report.coverage if row.required or row.officer_required] if check else []
    covered = sum(1 for row in required if not row.missing)
    shifts = selectors.guard_shifts(operation)
    solve = None
    if operation.solve_status:
        solve = {"status": operation.get_solve_status_display(), "at": operation.solved_at,
                 "seconds": operation.solve_seconds}
    return {
        "title": _("Coverage report"),
        "operation": operation,
        "park": operation.park,
        "starts_at": timezone.localtime(operation.starts_at),
        "ends_at": timezone.localtime(operation.ends_at),
        "rules": _rules(operation),
        "segments": segments,
        "summary": {"slots": len(required), "covered": covered, "gap_hours": len(required) - covered,
                    "problems": len(check.problems) if check else 0, "ok": bool(check and check.ok),
                    "shifts": len(shifts)},
        "runs": selectors.coverage_runs(operation, check) if check else [],
        "gaps": selectors.gaps_with_reasons(operation, check) if check else [],
        "problems": [{"rule": p.rule, "message": p.message, "segment": p.segment or ""}
                     for p in (check.problems if check else [])],
        "shifts": [{"person": s.person.name, "segment": s.segment.code, "starts_at": timezone.localtime(s.starts_at),
                    "ends_at": timezone.localtime(s.ends_at), "hours": s.hours} for s in shifts],
        "generated_at": timezone.localtime(),
        "solve": solve,
        "unchecked": unchecked,
    }


def _at(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


def build_coverage_document(context: dict):
    from jingqi.core.pdf import Document

    operation, summary = context["operation"], context["summary"]
    doc = Document(context["title"], subtitle=f"{operation.name} · {context['park'].name}",
                   footer=_("Page {page} of {pages}"), created=context["generated_at"],
                   author=operation.station.name, subject=context["title"])
    doc.fields([(_("Operation"), operation.name), (_("Park"), context["park"].name),
                (pgettext("time", "From"), _at(context["starts_at"])), (_("Until"), _at(context["ends_at"])),
                (_("Segments"), str(len(context["segments"]))), (_("Shifts"), str(summary["shifts"]))], columns=2)
    doc.heading(_("Result"))
    if context["unchecked"]:
        doc.paragraph(context["unchecked"])
    elif summary["ok"]:
        doc.paragraph(_("Every one of the %(n)d segment-hours that need cover is covered, and no rule is broken.")
                      % {"n": summary["slots"]})
    else:
        doc.paragraph(_("%(covered)d of %(slots)d segment-hours that need cover are covered; %(gaps)d are not. "
                        "Rule breaches: %(problems)d.") % {
            "covered": summary["covered"], "slots": summary["slots"], "gaps": summary["gap_hours"],
            "problems": summary["problems"]})
    if context["solve"]:
        doc.paragraph(_("Last solve: %(status)s.") % {"status": context["solve"]["status"]}, indent=False)
    doc.heading(_("Rules"))
    doc.fields(context["rules"], columns=2)
    doc.table([_("Segment"), _("By day"), _("At night"), _("Officer at night")],
              [[s.code + (f" {s.name}" if s.name else ""), str(s.need), str(s.night_need),
                _("yes") if s.officer_at_night else _("no")] for s in context["segments"]],
              widths=[3, 1, 1, 1.5], align=["left", "right", "right", "center"])
    doc.heading(_("Gaps and their reasons"))
    if context["gaps"]:
        doc.table([_("Segment"), pgettext("time", "From"), _("Until"), _("Missing"), _("Reason")],
                  [[g["segment"], _at(g["starts_at"]), _at(g["ends_at"]), str(g["missing"]), g["reason"]]
                   for g in context["gaps"]], widths=[1, 2, 2, 1, 4], align=["left", "left", "left", "right", "left"])
    else:
        doc.paragraph(_("None."), indent=False)
    doc.heading(_("Rule breaches"))
    if context["problems"]:
        for problem in context["problems"]:
            doc.paragraph(problem["message"], indent=False)
    else:
        doc.paragraph(_("None."), indent=False)
    doc.heading(_("Coverage, segment by segment and hour by hour"))
    doc.table([_("Segment"), pgettext("time", "From"), _("Until"), _("Hours"), _("Required"), _("Assigned"),
               _("Officers"), _("Missing")],
              [[r["segment"], _at(r["starts_at"]), _at(r["ends_at"]), str(r["hours"]),
                str(r["required"]) + (" +" + _("officer") if r["officer_required"] else ""), str(r["assigned"]),
                str(r["officers"]), str(r["missing"]) if r["missing"] else "—"] for r in context["runs"]],
              widths=[1.2, 2.4, 2.4, 1, 1.6, 1.2, 1.2, 1.1],
              align=["left", "left", "left", "right", "right", "right", "right", "right"])
    doc.heading(_("Roster"))
    doc.table([_("Person"), _("Segment"), pgettext("time", "From"), _("Until"), _("Hours")],
              [[s["person"], s["segment"], _at(s["starts_at"]), _at(s["ends_at"]), str(s["hours"])]
               for s in context["shifts"]], widths=[2, 1, 2, 2, 1],
              align=["left", "left", "left", "left", "right"])
    return doc


def coverage_pdf(operation, user) -> bytes:
    """The coverage report as a PDF (A4, Chinese font embedded), as ``user`` may see it."""
    return build_coverage_document(coverage_context(operation, user)).to_bytes()
