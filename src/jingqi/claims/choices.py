"""States of imports, model runs and clues, and the review transitions allowed between them."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jingqi.core.states import StateMachine


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    CHECKING = "checking", _("Checking rows")
    WRITING = "writing", _("Writing complaints")
    IMPORTED = "imported", _("Imported")
    REJECTED = "rejected", _("Rejected: rows with errors")
    FAILED = "failed", _("Failed")


BATCH_RUNNING = {BatchStatus.QUEUED, BatchStatus.CHECKING, BatchStatus.WRITING}


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


RUN_ACTIVE = {RunStatus.QUEUED, RunStatus.RUNNING}


class RunStage(models.TextChoices):
    """The model's stages in order, shown as progress while a run goes."""

    WAITING = "", _("Waiting")
    LOADING = "loading", _("Loading complaints")
    READ = "read", _("Reading and normalising")
    TEXTS = "texts", _("Comparing texts")
    IMAGES = "images", _("Comparing evidence pictures")
    LINKING = "linking", _("Linking identities")
    RULES = "rules", _("Scoring")
    SAVING = "saving", _("Saving clues")


STAGE_ORDER = [s.value for s in RunStage]


class ClueKind(models.TextChoices):
    COMPLAINANT = "complainant", _("Complainant")
    RING = "ring", _("Ring")


class ClueState(models.TextChoices):
    NEW = "new", _("New")
    REVIEWING = "reviewing", _("Under review")
    CONFIRMED = "confirmed", _("Confirmed")
    TRANSFERRED = "transferred", _("Transferred to a case")
    DISMISSED = "dismissed", _("Dismissed")


OPEN_CLUE_STATES = {ClueState.NEW, ClueState.REVIEWING, ClueState.CONFIRMED}

# action → (states it may start from, state it leads to; None keeps the state)
TRANSITIONS = {
    "review": ({ClueState.NEW}, ClueState.REVIEWING),
    "confirm": ({ClueState.REVIEWING}, ClueState.CONFIRMED),
    "transfer": ({ClueState.CONFIRMED}, ClueState.TRANSFERRED),
    "dismiss": ({ClueState.NEW, ClueState.REVIEWING, ClueState.CONFIRMED}, ClueState.DISMISSED),
    "reopen": ({ClueState.DISMISSED}, ClueState.REVIEWING),
    "note": ({ClueState.NEW, ClueState.REVIEWING, ClueState.CONFIRMED, ClueState.TRANSFERRED, ClueState.DISMISSED},
             None),
}

ACTION_LABELS = {
    "review": _("taken up for review"),
    "confirm": _("confirmed"),
    "transfer": _("transferred to a case"),
    "dismiss": _("dismissed"),
    "reopen": _("reopened"),
    "note": _("annotated"),
}

MACHINE = StateMachine(TRANSITIONS, labels=ACTION_LABELS, field="state",
                       refused=lambda: gettext("This clue is %(state)s: it cannot be %(action)s now."))


class EventKind(models.TextChoices):
    FOUND = "found", _("Found by the model")
    REVIEW = "review", _("Taken up for review")
    CONFIRM = "confirm", _("Confirmed")
    TRANSFER = "transfer", _("Transferred to a case")
    DISMISS = "dismiss", _("Dismissed")
    REOPEN = "reopen", _("Reopened")
    NOTE = "note", _("Note")
    REVEAL = "reveal", _("Personal data shown")
    SUPERSEDED = "superseded", _("Replaced by a later run")


# What each of the model's rules is called on the clue page (the engine names them in English).
RULE_TITLES = {
    "frequency": _("Many complaints"),
    "breadth": _("Many merchants"),
    "repeat_purchase": _("Repeat purchases in a short time"),
    "punitive_script": _("Punitive-damage script"),
    "fixed_demand": _("Flat 1,000-yuan demand"),
    "volume_only": _("Volume only"),
    "withdrawn_after_payment": _("Withdrawn after private payment"),
    "demands_dropped": _("High demands dropped off the record"),
    "escalation_route": _("Complaint, report, review, lawsuit"),
    "several_identities": _("Several identities"),
    "impersonation": _("Poses as a lawyer or journalist"),
    "reused_evidence": _("Evidence pictures reused"),
    "same_script": _("Same text to many merchants"),
    "shared_text": _("Near-identical texts from different people"),
    "script_reused": _("A shared script used again and again"),
    "evidence_reused": _("Shared pictures used again"),
    "campaign": _("A claim script filed in a campaign"),
    "own_sum": _("One sum asked of several merchants"),
    "threat": _("A price for keeping quiet, or a threat"),
    "paid_together": _("Paid privately at one address"),
    "shared_account": _("Shared payment account"),
    "shared_contact": _("One contact phone in different people's texts"),
    "shared_address": _("Shared address"),
    "claimants_together": _("Punitive claimants at one address"),
    "claimants_one_line": _("Punitive claimants under one phone"),
    "shared_demand": _("One fixed sum asked by different people"),
    "phone_block": _("Phones from one block of numbers"),
    "shared_evidence": _("Same pictures from different people"),
    "burst": _("Burst against one merchant"),
    "one_region": _("From one region"),
    "bad_batch_context": _("Looks like a real product problem"),
    "one_family": _("Only one kind of evidence"),
    "coincidences_only": _("Only wording and pictures alike"),
    "lookalike_pictures": _("Pictures only alike, with volume alone"),
    "two_channels": _("One complaint filed on two channels"),
    "sent_again": _("The same grievance sent again"),
    "household": _("A household or shared phone"),
    "representative": _("Filed on others' behalf"),
}

# The strong ties that join complainants into a ring (engine.linking): what each member shares with another.
TIE_KINDS = {
    "account": _("Same payment account"),
    "text": _("Same script"),
    "evidence": _("Same evidence picture against different merchants"),
    "contact": _("Same contact phone written in the complaints"),
    "phone_block": _("Phone numbers from one block, where the file's numbers are spread out"),
    "claimant_address": _("Punitive claimants at one address"),
    "paid_address": _("Paid privately at one address, by different merchants"),
    "demand": _("Same fixed sum asked of one merchant or about one product"),
}

GRAPH_CATEGORIES = {
    "person": _("Complainant"),
    "phone": _("Phone"),
    "id_number": _("ID number"),
    "address": _("Address"),
    "account": _("Payment account"),
    "picture": _("Picture group"),
    "text": _("Text group"),
    "merchant": _("Merchant"),
}
