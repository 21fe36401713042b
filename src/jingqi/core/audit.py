"""The audit log: every write records who did what to which object, with a before/after diff.

Events are hash-chained: ``hash = sha256(prev_hash + canonical(event))``. The head row (last seq and
hash) is locked while appending, so concurrent writers line up instead of forking the chain.

Appending costs two statements: a compare-and-swap of the head (``UPDATE ... WHERE last_seq = n AND
last_hash = h``, which also takes the head's row lock until the transaction ends) and the INSERT. The
expected head is what this connection appended last; when another writer has appended since, or a
rollback undid our last append, the swap matches no row and the head is read under ``SELECT ... FOR
UPDATE`` instead. The guess only saves a round trip: whether a link holds is always decided by the
database, under the head's lock.
"""

import hashlib
import json
import math
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .bulk import insert_rows
from .context import client_address
from .models import AuditChainHead, AuditEvent

GENESIS = "0" * 64
REDACTED = "[encrypted]"


def _jsonable(value):
    """Make ``value`` plain JSON so that what is hashed is exactly what the database gives back (a value that is
    plain already is returned as it is, not copied)."""
    return value if _plain(value) else json.loads(json.dumps(value, default=str, ensure_ascii=False))


def _plain(value) -> bool:
    """Whether ``value`` is already what a JSON round trip gives back (text keys; str, int, finite float, bool,
    None, lists and dicts of them): most changes are, and need no round trip."""
    kind = type(value)
    if kind in (str, int, bool) or value is None:
        return True
    if kind is float:
        return math.isfinite(value)
    if kind is list:
        return all(_plain(item) for item in value)
    if kind is dict:
        return all(type(key) is str and _plain(item) for key, item in value.items())
    return False


def _canonical(fields: dict) -> bytes:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _at_text(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


_HASHED = ("seq", "actor_id", "actor_label", "action", "object_type", "object_id", "object_repr", "changes",
           "client_address", "prev_hash")


def compute_hash(event: AuditEvent) -> str:
    return _digest({name: getattr(event, name) for name in _HASHED}, _at_text(event.at))


def _digest(row: dict, at_text: str) -> str:
    """The hash of an event given as its column values (``row`` holds at least the hashed ones)."""
    fields = {name: row[name] for name in _HASHED}
    fields["at"] = at_text
    return hashlib.sha256(_canonical(fields)).hexdigest()


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """The audited state of ``obj``: concrete field values, with encrypted fields redacted."""
    from .pii import EncryptedTextField

    data = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if isinstance(field, EncryptedTextField):
            value = getattr(obj, field.attname)
            data[field.name] = REDACTED if value else ""
            continue
        data[field.name] = getattr(obj, field.attname)
    return _jsonable(data)


def diff(before: dict, after: dict) -> dict:
    """``{field: [old, new]}`` for the fields whose value changed."""
    changed = {}
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            changed[key] = [before.get(key), after.get(key)]
    return changed


# The head (last seq, last hash) each connection left behind with its last append: a guess for the next one.
_last_appended: "weakref.WeakKeyDictionary[object, tuple[int, str]]" = weakref.WeakKeyDictionary()


def _link(event: AuditEvent, last_seq: int, last_hash: str) -> bool:
    """Chain ``event`` after (last_seq, last_hash) and move the head on, if that is still the head."""
    # Timed here, once the head is known: the times of the chain then follow its order.
    event.seq, event.prev_hash, event.at = last_seq + 1, last_hash, timezone.now()
    event.hash = compute_hash(event)
    moved = AuditChainHead.objects.filter(pk=1, last_seq=last_seq, last_hash=last_hash).update(
        last_seq=event.seq, last_hash=event.hash
    )
    return moved == 1


@dataclass(frozen=True)
class Ref:
    """An object named for the audit by its model, key and label, for a caller that holds its values rather than
    an instance (a sweep's batch): ``Ref(Ticket, row["pk"], f"{row['reference']} {row['title']}")``. The label
    is what ``str(obj)`` would give."""

    model: type[models.Model]
    pk: object
    label: str


def _describe(obj) -> tuple[str, str, str]:
    """(object_type, object_id, object_repr) of a model instance, a :class:`Ref` or None."""
    if obj is None:
        return "", "", ""
    if isinstance(obj, Ref):
        return obj.model._meta.label_lower, str(obj.pk), obj.label[:200]
    return obj._meta.label_lower, str(obj.pk), str(obj)[:200]


def _event(actor, action: str, obj: models.Model | None, changes: dict | None) -> AuditEvent:
    return AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=(actor.get_username() if getattr(actor, "pk", None) else "system")[:150],
        action=action,
        **dict(zip(("object_type", "object_id", "object_repr"), _describe(obj), strict=True)),
        changes=_jsonable(changes or {}),
        client_address=client_address.get() or "",
    )


def record(actor, action: str, obj: models.Model | None = None, changes: dict | None = None) -> AuditEvent:
    """Append one event. Call it inside the service's transaction, after the write."""
    connection = connections[DEFAULT_DB_ALIAS]
    event = _event(actor, action, obj, changes)
    # No savepoint of its own: an append that fails part-way must take the caller's transaction with it.
    with transaction.atomic(savepoint=False):
        guess = _last_appended.get(connection)
        if guess is None or not _link(event, *guess):
            head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
            if not _link(event, head.last_seq, head.last_hash):  # cannot happen: we hold the head's lock
                raise RuntimeError("the audit chain head moved while locked")
        event.save(force_insert=True)
    _last_appended[connection] = (event.seq, event.hash)
    return event


def record_many(actor, action: str, entries: Iterable[tuple["models.Model | Ref", dict | None]]) -> int:
    """:func:`record` for many objects at once (a sweep's batch): ``entries`` are (object or :class:`Ref`, changes)
    pairs, appended in their order under one lock of the chain's head, in one insert; returns how many. The
    events are built as rows, not instances. Call it inside the service's transaction."""
    connection = connections[DEFAULT_DB_ALIAS]
    entries = list(entries)
    if not entries:
        return 0
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    actor_label = (actor.get_username() if actor_id else "system")[:150]
    address = client_address.get() or ""
    with transaction.atomic(savepoint=False):
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        seq, last_hash, at = head.last_seq, head.last_hash, timezone.now()
        at_text, rows = _at_text(at), []
        for obj, changes in entries:
            object_type, object_id, object_repr = _describe(obj)
            row = {"seq": seq + 1, "at": at, "actor_id": actor_id, "actor_label": actor_label, "action": action,
                   "object_type": object_type, "object_id": object_id, "object_repr": object_repr,
                   "changes": _jsonable(changes or {}), "client_address": address, "prev_hash": last_hash}
            row["hash"] = _digest(row, at_text)
            rows.append(row)
            seq, last_hash = row["seq"], row["hash"]
        insert_rows(AuditEvent, rows)
        moved = AuditChainHead.objects.filter(pk=1, last_seq=head.last_seq, last_hash=head.last_hash).update(
            last_seq=seq, last_hash=last_hash)
        if moved != 1:  # cannot happen: we hold the head's lock
            raise RuntimeError("the audit chain head moved while locked")
    _last_appended[connection] = (seq, last_hash)
    return len(rows)


@dataclass
class ChainReport:
    checked: int
    broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify_chain(batch_size: int = 2000) -> ChainReport:
    """Walk the chain from the start and name the first event that does not hold."""
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            return ChainReport(checked, expected_seq, _("event #%(seq)s is missing") % {"seq": expected_seq})
        if event.prev_hash != prev_hash:
            return ChainReport(checked, event.seq, _("its link to the previous event does not match"))
        if compute_hash(event) != event.hash:
            return ChainReport(checked, event.seq, _("its content does not match its hash"))
        prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and head.last_seq != checked:
        return ChainReport(checked, checked + 1, _("the chain head expects %(expected)s events, found %(found)s")
                           % {"expected": head.last_seq, "found": checked})
    return ChainReport(checked)
