"""False-claim pages: clue list and clue page with the evidence chain, imports with their row report,
model runs with their progress. Thin: parse, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jingqi.cases.models import Case
from jingqi.core.errors import ActionError, flash_form_errors
from jingqi.core.exports import csv_response
from jingqi.core.parsing import parse_form_version, parse_optional_int
from jingqi.core.scoping import access
from jingqi.registry.models import Park, Station

from . import selectors, services
from .choices import GRAPH_CATEGORIES
from .forms import ClueFilterForm, EmptyForm, FindingsForm, NoteForm, ReasonForm, TransferForm, UploadForm
from .messages import say
from .models import Clue, ComplaintBatch, EvidenceImage, ScanRun
from .querysets import DECIDERS, READERS


def _reader(user):
    if not (user.is_superuser or user.role in READERS):
        raise Http404
    return user


def _decider(user) -> bool:
    return user.is_superuser or user.role in DECIDERS


@login_required
def clue_list(request):
    user = _reader(request.user)
    form = ClueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    clues = selectors.clues_for(user, state=filters.get("state", ""), kind=filters.get("kind", ""),
                                flagged=filters.get("flagged", False), q=(filters.get("q") or "").strip())
    page = Paginator(clues, 25).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    if request.htmx and request.htmx.target == "clue-table":
        return render(request, "claims/partials/_clue_table.html", {"page": page, "query_string": params.urlencode()})
    return render(request, "claims/clue_list.html", {
        "page": page, "form": form, "query_string": params.urlencode(), "counts": selectors.clue_counts(user),
        **_run_context(user),
    })


def _run_context(user) -> dict:
    return {"run": selectors.latest_run(user), "decider": _decider(user),
            "stations_for_admin": Station.objects.order_by("code") if user.is_superuser else ()}


@login_required
def run_status(request):
    """The model's latest run, polled by the clue list while it goes. The poll that finds it ended stops
    polling (the box it returns has no trigger), brings the figures, and tells the list to reload."""
    user = _reader(request.user)
    context = _run_context(user)
    finished = bool(request.htmx) and not (context["run"] and context["run"].is_active)
    if finished:
        context.update(finished=True, counts=selectors.clue_counts(user))
    response = render(request, "claims/partials/_run_status.html", context)
    if finished:
        response["HX-Trigger"] = "claims-run-finished"
    return response


@login_required
@require_POST
def run_start(request):
    user = _reader(request.user)
    try:
        services.do_start_run(user, _station_choice(request))
    except ActionError as exc:
        messages.error(request, exc.message)
    # No message when it starts: it would still say "running" after the end. The status box above the list
    # follows the run and says what it changed.
    return redirect("claims:clue_list")


@login_required
def run_detail(request, pk):
    run = access(ScanRun.objects.select_related("started_by", "station"), request.user, pk)
    return render(request, "claims/run_detail.html", {"run": run})


def _station_choice(request):
    if not request.user.is_superuser:
        return None
    try:
        pk = parse_optional_int(request.POST.get("station"), field="station", min=1)
    except ActionError:
        return None  # the service then asks to choose the station
    return Station.objects.filter(pk=pk).first() if pk else None


@login_required
def clue_detail(request, pk, reveal=False):
    user = _reader(request.user)
    clue = access(Clue.objects.select_related("run", "reviewer", "station"), user, pk)
    decides = Clue.objects.visible_to(user, "change").filter(pk=pk).exists()
    labels = {key: str(label) for key, label in GRAPH_CATEGORIES.items()}
    shared = [{**n, "label": labels.get(n["category"], n["category"])} for n in clue.graph.get("nodes", [])
              if n["category"] not in ("person", "merchant")]
    context = {
        "clue": clue, "decides": decides, "reveal": reveal, **selectors.clue_page(user, clue),
        "graph_labels": labels, "shared_nodes": shared,
        "findings_form": FindingsForm(prefix="confirm"),
        "transfer_form": TransferForm(prefix="transfer", parks=Park.objects.visible_to(user).order_by("code")),
        "dismiss_form": ReasonForm(prefix="dismiss"), "reopen_form": ReasonForm(prefix="reopen"),
        "note_form": NoteForm(prefix="note"), "can_reveal": user.can_reveal,
        "case": Case.objects.visible_to(user).filter(clue=clue).only("pk", "reference", "status").first(),
    }
    return render(request, "claims/clue_detail.html", context)


@login_required
@require_POST
def clue_reveal(request, pk):
    clue = access(Clue.objects.all(), _reader(request.user), pk)
    try:
        services.do_reveal_clue(request.user, clue)
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("claims:clue_detail", pk=pk)
    return clue_detail(request, pk, reveal=True)


ACTIONS = {
    "review": (EmptyForm, lambda u, c, d: services.do_review_clue(u, c, expected_version=d["version"]),
               lambda: _("You are reviewing this clue.")),
    "confirm": (FindingsForm, lambda u, c, d: services.do_confirm_clue(u, c, findings=d["findings"],
                                                                       expected_version=d["version"]),
                lambda: _("Clue confirmed.")),
    "transfer": (TransferForm, lambda u, c, d: services.do_transfer_clue(
        u, c, case_reference=d["case_reference"], note=d["note"], park=d["park"], expected_version=d["version"]),
        lambda: _("Clue transferred to the case.")),
    "dismiss": (ReasonForm, lambda u, c, d: services.do_dismiss_clue(u, c, reason=d["reason"],
                                                                     expected_version=d["version"]),
                lambda: _("Clue dismissed.")),
    "reopen": (ReasonForm, lambda u, c, d: services.do_reopen_clue(u, c, reason=d["reason"],
                                                                   expected_version=d["version"]),
               lambda: _("Clue reopened for review.")),
    "note": (NoteForm, lambda u, c, d: services.do_note_clue(u, c, text=d["text"]), lambda: _("Note added.")),
}


@login_required
@require_POST
def clue_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    clue = access(Clue.objects.all(), request.user, pk, "change")
    form_class, call, done = ACTIONS[action]
    extra = {"parks": Park.objects.visible_to(request.user)} if form_class is TransferForm else {}
    form = form_class(request.POST, prefix=None if form_class is EmptyForm else action, **extra)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("claims:clue_detail", pk=pk)
    data = dict(form.cleaned_data)
    try:
        data["version"] = parse_form_version(request.POST.get("version"), required=action != "note")
        call(request.user, clue, data)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done())
    return redirect("claims:clue_detail", pk=pk)


@login_required
def evidence_image(request, pk):
    """A picture served through the scope check, inline (the clue page shows it), never from a media URL."""
    image = access(EvidenceImage.objects.all(), _reader(request.user), pk)
    response = FileResponse(image.file.open("rb"), content_type=image.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def batch_list(request):
    user = _reader(request.user)
    page = Paginator(selectors.batches_for(user), 25).get_page(request.GET.get("page"))
    stations = Station.objects.order_by("code") if user.is_superuser else None
    return render(request, "claims/batch_list.html", {"page": page, "decider": _decider(user),
                                                      "form": UploadForm(stations=stations)})


@login_required
@require_POST
def batch_upload(request):
    user = _reader(request.user)
    stations = Station.objects.order_by("code") if user.is_superuser else None
    form = UploadForm(request.POST, request.FILES, stations=stations)
    if form.is_valid():
        try:
            batch = services.do_upload_batch(user, upload=form.cleaned_data["file"],
                                             evidence=form.cleaned_data.get("evidence"),
                                             station=form.cleaned_data.get("station"))
        except ActionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("claims:batch_detail", pk=batch.pk)
    page = Paginator(selectors.batches_for(user), 25).get_page(1)
    return render(request, "claims/batch_list.html", {"page": page, "decider": _decider(user), "form": form},
                  status=400)


@login_required
def batch_detail(request, pk):
    batch = access(ComplaintBatch.objects.select_related("uploaded_by", "station"), _reader(request.user), pk)
    template = "claims/partials/_batch_status.html" if request.htmx else "claims/batch_detail.html"
    return render(request, template, {"batch": batch})


@login_required
def batch_errors(request, pk):
    """The row-by-row report as CSV, to fix the export against."""
    batch = access(ComplaintBatch.objects.all(), _reader(request.user), pk)
    # The reasons quote cells of the upload: core.exports keeps them from opening as formulas.
    rows = [[e["row"], _("Error"), say(e)] for e in batch.errors]
    rows += [[w["row"], _("Warning"), say(w)] for w in batch.warnings]
    return csv_response(f"batch-{batch.pk}-rows.csv", [_("Row"), _("Kind"), _("Reason")], rows)
