"""Checklists answered on site, on a phone: item by item, each answer saved as it is given.

The fill page is one card per item. With script (static/inspections/inspection_fill.js) each card's answer is sent
as soon as it is given, kept on the phone until the server confirms it, and sent again when the connection comes
back; without script each card is a plain form that saves that item and comes back to it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jingqi.core.errors import ActionError
from jingqi.core.scoping import access
from jingqi.core.uploads import download
from jingqi.patrols.views.teams import form_error, stored_file

from .. import services
from ..choices import InspectionStatus, Severity
from ..forms.hazards import AnswerForm, SubmitInspectionForm
from ..models import InspectionAnswer
from ..selectors import hazards as selectors


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _can_fill(user, inspection) -> bool:
    from ..models import Inspection

    return Inspection.objects.visible_to(user, "fill").filter(pk=inspection.pk).exists()


@login_required
def inspection_detail(request, pk):
    user = request.user
    inspection = selectors.inspection_for(user, pk)
    rows = selectors.checklist_rows(inspection)
    return render(request, "inspections/inspection_detail.html", {
        "inspection": inspection, "rows": rows, "hazards": selectors.inspection_hazards(user, inspection),
        "may_fill": inspection.status == InspectionStatus.DRAFT and _can_fill(user, inspection),
        "is_police": services.is_police(user),
        "answered": sum(1 for row in rows if row.answer), "total": len(rows)})


def _card_form(row, *, data=None, files=None):
    answer = row.answer
    initial = {"item": row.item.pk}
    if answer is not None:
        initial.update(result=answer.result, note=answer.note, severity=answer.severity,
                       fixed_on_site=answer.fixed_on_site)
    return AnswerForm(data, files, prefix=f"i{row.item.pk}", initial=initial)


def _render_fill(request, inspection, *, failed_item=None, failed_form=None, submit_form=None, status=200):
    rows = selectors.checklist_rows(inspection)
    for row in rows:
        row.form = failed_form if failed_item == row.item.pk else _card_form(row)
        row.failed = failed_item == row.item.pk
    return render(request, "inspections/inspection_fill.html", {
        "inspection": inspection, "rows": rows, "draft": inspection.status == InspectionStatus.DRAFT,
        "submit_form": submit_form or SubmitInspectionForm(prefix="submit", initial={"version": inspection.version}),
        "answered": sum(1 for row in rows if row.answer), "total": len(rows),
        "severities": Severity.choices}, status=status)


@login_required
def inspection_fill(request, pk):
    inspection = selectors.inspection_for(request.user, pk, "fill")
    return _render_fill(request, inspection)


def _item_pk(post):
    """The item a card posts: its prefix is "i<item pk>" (the plain form) or none (the phone's script)."""
    for key in post:
        if key.endswith("-item") and key.startswith("i"):
            return key[:-5]
    return None


@login_required
@require_POST
def inspection_answer(request, pk):
    """One item's answer. The phone's script gets JSON (the inspection's new version, or the error and its
    field); a plain form post comes back to the card, or re-renders it with the error beside its field."""
    user = request.user
    inspection = selectors.inspection_for(user, pk, "fill")
    prefix = _item_pk(request.POST)
    form = AnswerForm(request.POST, request.FILES, prefix=prefix)
    error = None
    if form.is_valid():
        x = form.cleaned_data
        try:
            answer = services.do_save_answer(user, inspection, item=x["item"], result=x["result"], note=x["note"],
                                             photo=x.get("photo"), severity=x["severity"],
                                             fixed_on_site=x["fixed_on_site"], after_photo=x.get("after_photo"))
        except ActionError as exc:
            error = exc
            form_error(form, exc, aliases={"file": "photo"})
        else:
            inspection.refresh_from_db(fields=["version"])
            if _wants_json(request):
                return JsonResponse({"ok": True, "item": answer.item_id, "result": answer.result,
                                     "version": inspection.version,
                                     "answered": inspection.answers.count()})
            messages.success(request, _("Item %(n)d saved.") % {"n": answer.item.number})
            return redirect(reverse("inspections:inspection_fill", args=[pk]) + f"#item-{answer.item_id}")
    if _wants_json(request):
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse({"ok": False, "errors": errors,
                             "error": error.message if error else next(iter(errors.values()), [""])[0]},
                            status=400)
    item_pk = form.cleaned_data.get("item") if hasattr(form, "cleaned_data") else None
    if not isinstance(item_pk, int) or not inspection.checklist.items.filter(pk=item_pk).exists():
        messages.error(request, error.message if error else _("This item is not on the checklist."))
        return _render_fill(request, inspection, status=400)
    return _render_fill(request, inspection, failed_item=item_pk, failed_form=form, status=400)


@login_required
@require_POST
def inspection_submit(request, pk):
    user = request.user
    inspection = selectors.inspection_for(user, pk, "fill")
    form = SubmitInspectionForm(request.POST, prefix="submit")
    if form.is_valid():
        try:
            services.do_submit_inspection(user, inspection, note=form.cleaned_data["note"],
                                          expected_version=form.cleaned_data["version"])
        except ActionError as exc:
            form.add_error("note" if exc.field == "note" else None, exc.message)
        else:
            count = inspection.hazards.count()
            messages.success(request, _("Inspection submitted.") if not count else
                             _("Inspection submitted: %(n)d hazards recorded.") % {"n": count})
            return redirect("inspections:inspection_detail", pk=pk)
    if "version" in form.errors:
        form.add_error(None, _("The form is out of date. Reload the page and try again."))
    inspection = selectors.inspection_for(user, pk, "fill")
    return _render_fill(request, inspection, submit_form=form, status=400)


@login_required
def answer_photo(request, pk, which):
    if which not in ("before", "after"):
        raise Http404
    answer = access(InspectionAnswer.objects.all(), request.user, pk)
    stored = answer.photo if which == "before" else answer.after_photo
    if not stored:
        raise Http404
    return download(stored_file(stored))


urlpatterns = [
    path("inspections/<int:pk>/", inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/fill/", inspection_fill, name="inspection_fill"),
    path("inspections/<int:pk>/answer/", inspection_answer, name="inspection_answer"),
    path("inspections/<int:pk>/submit/", inspection_submit, name="inspection_submit"),
    path("answers/<int:pk>/photo/<str:which>/", answer_photo, name="answer_photo"),
]
