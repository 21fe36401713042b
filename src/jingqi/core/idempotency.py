"""Idempotency-Key: a create sent again with the same key runs once, and the repeat gets the first answer.

One mechanism for every way in that creates something (the REST API's ``IdempotentCreateMixin``,
the Open311 POST, and any later one). The caller says who owns the key, what the request was, how
to run it and how to keep its answer; this module decides whether it runs.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .errors import ActionError
from .models import IdempotencyRecord

HEADER = "HTTP_IDEMPOTENCY_KEY"
MAX_KEY_LENGTH = 255


class IdempotencyConflict(ActionError):
    """The key was already used for a different request (answered 422)."""


@dataclass(frozen=True)
class Answer:
    """What is kept of a first answer, to be sent again for a repeat."""

    status_code: int
    body: str
    content_type: str


def key_from(request) -> str:
    """The request's Idempotency-Key ("" when none); a key that is too long is refused."""
    key = request.META.get(HEADER, "").strip()
    if len(key) > MAX_KEY_LENGTH:
        raise ActionError(_("The Idempotency-Key may be at most 255 characters."), field="Idempotency-Key")
    return key


def hash_of(data) -> str:
    """A stable fingerprint of a request body (any JSON-able structure)."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def run_once(user, key: str, *, method: str, path: str, request_hash: str, perform: Callable[[], object],
             keep: Callable[[object], Answer | None]) -> tuple[object | None, Answer | None]:
    """Run ``perform()`` once for ``(user, key)``.

    Returns ``(response, None)`` when it ran now, or ``(None, answer)`` with the first answer to send
    again. ``keep(response)`` gives what to keep, or None for an answer that must not be kept (an
    error: the client may correct the request and retry with the same key). The work and the record
    commit together; of two racing requests with one key, the unique constraint lets one commit and
    the other answers as it did. Raises ``IdempotencyConflict`` when the key was used for another request.
    """
    path = path[:500]
    previous = IdempotencyRecord.objects.filter(user=user, key=key).first()
    if previous is not None:
        return None, _replay(previous, path, request_hash)
    try:
        with transaction.atomic():
            response = perform()
            answer = keep(response)
            if answer is not None:
                IdempotencyRecord.objects.create(
                    user=user, key=key, method=method, path=path, request_hash=request_hash,
                    status_code=answer.status_code, response_body=answer.body, content_type=answer.content_type,
                )
    except IntegrityError:
        previous = IdempotencyRecord.objects.filter(user=user, key=key).first()
        if previous is None:  # the integrity error was the work's own, not a racing key
            raise
        return None, _replay(previous, path, request_hash)
    return response, None


def _replay(record: IdempotencyRecord, path: str, request_hash: str) -> Answer:
    if record.request_hash != request_hash or record.path != path:
        raise IdempotencyConflict(_("This Idempotency-Key was already used for a different request."))
    return Answer(record.status_code, record.response_body, record.content_type)
