"""False-claim pages for the authorization matrix (see core/testing/matrix.py)."""

from jingqi.core.testing.matrix import Route

from .models import Clue, ComplaintBatch, EvidenceImage, ScanRun

HTML_ROUTES = [
    Route("claims:clue_detail", Clue),
    Route("claims:clue_reveal", Clue, ("post",), write_scope="view"),
    Route("claims:clue_action", Clue, ("post",), kwargs=lambda c: {"pk": c.pk, "action": "review"}),
    Route("claims:clue_action", Clue, ("post",), kwargs=lambda c: {"pk": c.pk, "action": "dismiss"},
          data=lambda c: {"dismiss-reason": "越权驳回"}),
    Route("claims:evidence_image", EvidenceImage),
    Route("claims:batch_detail", ComplaintBatch),
    Route("claims:batch_errors", ComplaintBatch),
    Route("claims:run_detail", ScanRun),
]
