"""Batch writes of the escalation sweep: core.bulk.insert_rows, audit.record_many, notify.notify_many, and the
sweep's query count over a backlog."""

import json
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jingqi.core import audit, tasks
from jingqi.core.bulk import insert_rows
from jingqi.core.models import AuditEvent, Notification, Webhook
from jingqi.core.notify import Notice, notify_many, notify_many_on_commit
from jingqi.core.testing import factories as f
from jingqi.core.testing.webhooks import local_receiver, signed
from jingqi.tickets import services
from jingqi.tickets.choices import EventKind
from jingqi.tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


# --- core.bulk.insert_rows -------------------------------------------------------------------------


def test_insert_rows_writes_notifications_that_read_back_as_written(world):
    at = datetime(2026, 3, 14, 9, 26, 53, 589793, tzinfo=SHANGHAI)
    read = datetime(2026, 3, 15, 1, 2, 3, 4, tzinfo=SHANGHAI)
    rows = [
        {"user_id": world.officer_a.pk, "verb": "bulk.one", "title": "第一条", "body": "正文\n两行", "url": "/a/1/",
         "created_at": at, "read_at": None},
        {"user_id": world.officer_b.pk, "verb": "bulk.one", "title": "第二条", "body": "", "url": "/b/2/",
         "created_at": at + timedelta(seconds=1), "read_at": read},
    ]
    assert insert_rows(Notification, rows) == 2
    got = list(Notification.objects.filter(verb="bulk.one").order_by("title")
               .values("user_id", "verb", "title", "body", "url", "created_at", "read_at"))
    assert got == sorted(rows, key=lambda row: row["title"])
    first = Notification.objects.get(verb="bulk.one", title="第一条")
    assert timezone.is_aware(first.created_at) and first.created_at == at
    assert Notification.objects.get(verb="bulk.one", title="第二条").read_at == read


def test_insert_rows_writes_timeline_events_with_json_booleans_and_foreign_keys(world):
    ticket, task = world.ticket_a, world.task_a
    at = timezone.now() - timedelta(days=2)
    rows = [
        {"ticket_id": ticket.pk, "task_id": None, "kind": EventKind.ESCALATED, "actor_id": None, "at": at,
         "message": "", "internal": True, "data": {"level": 1}},
        {"ticket_id": ticket.pk, "task_id": task.pk, "kind": EventKind.ESCALATED, "actor_id": world.officer_a.pk,
         "at": at, "message": "二级", "internal": False,
         "data": {"level": 2, "names": ["甲", "乙"], "nested": {"ok": True, "none": None}}},
    ]
    before = set(TicketEvent.objects.values_list("pk", flat=True))
    assert insert_rows(TicketEvent, rows) == 2
    written = TicketEvent.objects.exclude(pk__in=before).order_by("pk")
    got = [{name: getattr(event, name) for name in rows[0]} for event in written]
    assert got == rows
    assert [event.internal for event in written] == [True, False]
    assert all(type(event.internal) is bool for event in written)


def test_insert_rows_fills_absent_fields_with_their_defaults(world):
    before = timezone.now()
    assert insert_rows(TicketEvent, [{"ticket_id": world.ticket_b.pk, "kind": EventKind.COMMENT}]) == 1
    assert insert_rows(Notification, [{"user_id": world.viewer.pk, "verb": "bulk.defaults", "title": "t"}]) == 1
    after = timezone.now()
    event = TicketEvent.objects.filter(ticket=world.ticket_b, kind=EventKind.COMMENT).latest("pk")
    assert event.task_id is None and event.actor_id is None and event.message == ""
    assert event.internal is False and event.data == {}
    assert before <= event.at <= after
    notice = Notification.objects.get(verb="bulk.defaults")
    assert notice.body == "" and notice.url == "" and notice.read_at is None
    assert before <= notice.created_at <= after


def test_insert_rows_defaults_only_the_rows_that_leave_a_field_out(world):
    at = timezone.now() - timedelta(hours=3)
    before = timezone.now()
    insert_rows(Notification, [
        {"user_id": world.viewer.pk, "verb": "bulk.mixed", "title": "given", "body": "有正文", "created_at": at},
        {"user_id": world.viewer.pk, "verb": "bulk.mixed", "title": "left out"},
    ])
    given = Notification.objects.get(verb="bulk.mixed", title="given")
    left_out = Notification.objects.get(verb="bulk.mixed", title="left out")
    assert given.body == "有正文" and given.created_at == at
    assert left_out.body == "" and left_out.created_at >= before


def test_insert_rows_in_batches_smaller_than_the_rows_writes_them_all_one_query_a_batch(
        world, django_assert_num_queries):
    rows = [{"user_id": world.viewer.pk, "verb": "bulk.batched", "title": f"#{n}"} for n in range(7)]
    # INSERTs of 3 + 3 + 1 rows; on PostgreSQL one COPY, which has no limit on its rows.
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 3):
        assert insert_rows(Notification, rows, batch_size=3) == 7
    assert sorted(Notification.objects.filter(verb="bulk.batched").values_list("title", flat=True)) == [
        f"#{n}" for n in range(7)]


def test_insert_rows_costs_one_query_for_a_batch_whatever_its_rows(world, django_assert_num_queries):
    rows = [{"user_id": world.viewer.pk, "verb": "bulk.one_query", "title": f"#{n}"} for n in range(50)]
    with django_assert_num_queries(1):
        assert insert_rows(Notification, iter(rows)) == 50
    assert Notification.objects.filter(verb="bulk.one_query").count() == 50


def test_insert_rows_of_nothing_runs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert insert_rows(Notification, []) == 0
        assert insert_rows(TicketEvent, (row for row in ())) == 0


@pytest.mark.parametrize("bad", ["nope", "user", "id"])  # unknown; the field's name, not its attname; the pk
def test_insert_rows_refuses_an_unknown_column_and_writes_nothing(world, bad, django_assert_num_queries):
    count = Notification.objects.count()
    rows = [{"user_id": world.viewer.pk, "verb": "bulk.bad", "title": "fine"},
            {"user_id": world.viewer.pk, "verb": "bulk.bad", "title": "bad", bad: world.viewer.pk}]
    with django_assert_num_queries(0), pytest.raises(ValueError, match=bad):
        insert_rows(Notification, rows)
    assert Notification.objects.count() == count


# insert_rows sends some values unprepared (a str to a CharField, an int to an IntegerField or a foreign key to an
# integer key): for every such column of every model here, preparing would have given the same value.
def test_values_sent_unprepared_are_those_preparing_leaves_alone():
    from django.apps import apps

    from jingqi.core.bulk import _native_type

    samples = {str: "警企 x", int: 42, bool: True}
    checked = 0
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            native = _native_type(field, connection)
            if native is None:
                continue
            prepared = field.get_db_prep_save(samples[native], connection)
            assert type(prepared) is native and prepared == samples[native], (model, field)
            if field.null:
                assert field.get_db_prep_save(None, connection) is None, (model, field)
            checked += 1
    assert checked > 100 if connection.vendor == "sqlite" else checked > 50  # PostgreSQL wraps its integers


# Values are prepared once per distinct value of a column: True, 1 and 1.0 are equal (and hash alike) but are not
# the same JSON value, so the memo must tell them apart.
def test_insert_rows_keeps_json_scalars_that_are_equal_but_of_other_types_apart(world):
    before = set(TicketEvent.objects.values_list("pk", flat=True))
    insert_rows(TicketEvent, [{"ticket_id": world.ticket_b.pk, "kind": EventKind.COMMENT, "data": value}
                              for value in (1, True, 1.5, "1")])
    written = [event.data for event in TicketEvent.objects.exclude(pk__in=before).order_by("pk")]
    assert [(type(value), value) for value in written] == [(int, 1), (bool, True), (float, 1.5), (str, "1")]


# On PostgreSQL the rows travel as COPY's text stream, where a tab ends a column, a newline a row, a backslash
# escapes and \\N is NULL: values that hold those come back as they went in, as do nested JSON and NULLs.
def test_insert_rows_keeps_text_that_looks_like_the_copy_format_and_nested_json(world):
    awkward = ["tab\there", "line\nbreak\r\nend", "back\\slash \\N", "\\N", "", "警企通 ✓"]
    before = set(TicketEvent.objects.values_list("pk", flat=True))
    insert_rows(TicketEvent, [{"ticket_id": world.ticket_b.pk, "kind": EventKind.COMMENT, "message": text,
                               "data": {"text": text, "list": [1, None, {"deep": text}]}, "task_id": None}
                              for text in awkward])
    written = list(TicketEvent.objects.exclude(pk__in=before).order_by("pk").values_list("message", "data", "task"))
    assert written == [(text, {"text": text, "list": [1, None, {"deep": text}]}, None) for text in awkward]


# A callable default meant to differ per row (Ticket.token, uuid.uuid4, unique) is called once per row, as
# bulk_create calls it.
def test_insert_rows_calls_a_callable_default_once_per_row(world):
    template = Ticket.objects.filter(pk=world.ticket_b.pk).values(
        *(field.attname for field in Ticket._meta.concrete_fields
          if field.attname not in ("id", "token", "reference"))).get()
    insert_rows(Ticket, [{**template, "reference": f"BULK-{n}"} for n in range(2)])
    tokens = list(Ticket.objects.filter(reference__startswith="BULK-").values_list("token", flat=True))
    assert len(tokens) == 2 and len(set(tokens)) == 2


# --- audit.record_many -----------------------------------------------------------------------------


def _fields(event: AuditEvent) -> dict:
    return {"actor_id": event.actor_id, "actor_label": event.actor_label, "action": event.action,
            "object_type": event.object_type, "object_id": event.object_id, "object_repr": event.object_repr,
            "changes": event.changes, "client_address": event.client_address}


def test_record_many_appends_in_order_between_single_records_and_the_chain_holds(world):
    start = AuditEvent.objects.count()
    first = audit.record(world.officer_a, "batch.before", world.ticket_a, {"status": ["a", "b"]})
    entries = [(world.ticket_b, {"escalation_level": [0, 1]}), (world.ticket_a, None), (world.task_a, {"level": 2}),
               (world.ticket_t, {"when": timezone.now(), "n": 3})]
    assert audit.record_many(world.officer_a, "batch.escalate", entries) == 4
    last = audit.record(None, "batch.after", world.ticket_b, {"x": [1, 2]})
    events = list(AuditEvent.objects.filter(action="batch.escalate").order_by("seq"))

    report = audit.verify_chain()
    assert report.ok, report.reason
    assert report.checked == start + 6
    assert [event.seq for event in events] == list(range(first.seq + 1, first.seq + 5))
    assert last.seq == first.seq + 5 and last.prev_hash == events[-1].hash
    stored = list(AuditEvent.objects.filter(seq__gt=first.seq, seq__lt=last.seq).order_by("seq"))
    assert [(e.seq, e.hash, e.prev_hash) for e in stored] == [(e.seq, e.hash, e.prev_hash) for e in events]
    assert stored[0].prev_hash == first.hash
    assert [(e.object_type, e.object_id) for e in stored] == [
        ("tickets.ticket", str(world.ticket_b.pk)), ("tickets.ticket", str(world.ticket_a.pk)),
        ("tickets.tickettask", str(world.task_a.pk)), ("tickets.ticket", str(world.ticket_t.pk))]


def test_record_many_writes_what_record_writes_for_each_object(world):
    entries = [(world.ticket_b, {"escalation_level": [0, 1]}), (world.task_a, None),
               (world.ticket_a, {"at": timezone.now(), "amount": [1, 2.5]})]
    audit.record_many(world.officer_b, "batch.same", entries)
    batch = list(AuditEvent.objects.filter(action="batch.same").order_by("seq"))
    singles = [audit.record(world.officer_b, "batch.same", obj, changes) for obj, changes in entries]
    stored = {e.seq: e for e in AuditEvent.objects.filter(action="batch.same")}
    assert [_fields(stored[e.seq]) for e in batch] == [_fields(stored[e.seq]) for e in singles]
    assert _fields(stored[batch[0].seq]) == {
        "actor_id": world.officer_b.pk, "actor_label": "officer_b", "action": "batch.same",
        "object_type": "tickets.ticket", "object_id": str(world.ticket_b.pk), "object_repr": str(world.ticket_b),
        "changes": {"escalation_level": [0, 1]}, "client_address": ""}
    assert stored[batch[1].seq].changes == {}
    assert audit.verify_chain().ok


# A sweep reading rows as values names them with a Ref: what is written is what the instance would give.
def test_record_many_of_refs_writes_what_it_writes_for_the_instances(world):
    ticket, task = world.ticket_b, world.task_a
    audit.record_many(None, "batch.instances", [(ticket, {"n": 1}), (task, None)])
    audit.record_many(None, "batch.refs", [(audit.Ref(type(ticket), ticket.pk, str(ticket)), {"n": 1}),
                                           (audit.Ref(type(task), task.pk, str(task) + "x" * 300), None)])
    by_instance = [_fields(e) for e in AuditEvent.objects.filter(action="batch.instances").order_by("seq")]
    by_ref = [{**_fields(e), "action": "batch.instances"}
              for e in AuditEvent.objects.filter(action="batch.refs").order_by("seq")]
    assert by_ref[0] == by_instance[0]
    assert by_ref[1]["object_repr"] == (str(task) + "x" * 300)[:200]
    assert {**by_ref[1], "object_repr": str(task)} == by_instance[1]
    assert audit.verify_chain().ok


def test_record_many_by_the_system_and_with_a_long_description(world):
    long = Notification(pk=987654, title="长" * 300)  # any model instance with a key will do
    assert audit.record_many(None, "batch.system", [(long, {"k": "v"})]) == 1
    stored = AuditEvent.objects.get(action="batch.system")
    assert stored.actor_id is None and stored.actor_label == "system"
    assert stored.object_repr == "长" * 200 and stored.object_id == "987654"
    assert stored.object_type == "core.notification" and stored.changes == {"k": "v"}
    assert audit.verify_chain().ok


def test_record_many_is_one_insert_whatever_the_entries(world):
    audit.record(None, "batch.warm", world.ticket_a)  # the head exists

    def inserts(entries):
        with CaptureQueriesContext(connection) as queries:
            audit.record_many(None, "batch.count", entries)
        return len(queries), sum(1 for q in queries if q["sql"].startswith(('INSERT INTO "core_auditevent"',
                                                                            'COPY "core_auditevent"')))

    few = inserts([(world.ticket_a, {"n": 1})] * 2)
    many = inserts([(world.ticket_a, {"n": n}) for n in range(40)])
    assert few == many
    assert few[1] == 1
    assert AuditEvent.objects.filter(action="batch.count").count() == 42
    assert audit.verify_chain().ok


def test_record_many_of_nothing_writes_nothing(world, django_assert_num_queries):
    count = AuditEvent.objects.count()
    with django_assert_num_queries(0):
        assert audit.record_many(world.officer_a, "batch.none", []) == 0
        assert audit.record_many(world.officer_a, "batch.none", iter(())) == 0
    assert AuditEvent.objects.count() == count
    assert audit.verify_chain().ok


def test_a_record_after_a_rolled_back_record_many_still_links_to_the_head(world):
    audit.record(None, "batch.kept", world.ticket_a)

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        audit.record_many(None, "batch.undone", [(world.ticket_a, None), (world.ticket_b, None)])
        raise Undo
    after = audit.record(None, "batch.after_undo", world.ticket_b)
    assert not AuditEvent.objects.filter(action="batch.undone").exists()
    assert after.seq == AuditEvent.objects.get(action="batch.kept").seq + 1
    assert audit.verify_chain().ok


# --- notify.notify_many ----------------------------------------------------------------------------


@pytest.fixture
def people(db):
    return {
        "ann": f.UserFactory(username="bulk_ann", email="ann@example.org"),
        "bo": f.UserFactory(username="bulk_bo", email="bo@example.org"),
        "gone": f.UserFactory(username="bulk_gone", email="gone@example.org", is_active=False),
        "mute": f.UserFactory(username="bulk_mute", email=""),
    }


def _inbox(verb):
    return sorted(Notification.objects.filter(verb=verb).values_list("user__username", "title", "body", "url",
                                                                      "created_at", "read_at"))


def test_notify_many_writes_one_inbox_row_per_active_recipient_of_each_notice(people, django_assert_num_queries):
    ann, bo, gone, mute = people["ann"], people["bo"], people["gone"], people["mute"]
    at = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=SHANGHAI)
    long_title = "超" * 250
    notices = [Notice((ann, ann, None, bo, gone), "bulk.first", long_title, "正文", "/t/1/"),
               Notice((bo, mute), "bulk.second", "第二件", url="/t/2/"),
               Notice((gone, None), "bulk.nobody", "无人")]
    notify_many(notices, at=at)
    assert _inbox("bulk.first") == [("bulk_ann", "超" * 200, "正文", "/t/1/", at, None),
                                    ("bulk_bo", "超" * 200, "正文", "/t/1/", at, None)]
    assert _inbox("bulk.second") == [("bulk_bo", "第二件", "", "/t/2/", at, None),
                                     ("bulk_mute", "第二件", "", "/t/2/", at, None)]
    assert _inbox("bulk.nobody") == []
    assert not Notification.objects.filter(user=gone).exists()


def test_notify_many_sends_every_email_in_one_task_one_message_per_address(people):
    ann, bo, gone, mute = people["ann"], people["bo"], people["gone"], people["mute"]
    mail.outbox.clear()
    notices = [Notice((ann, bo, ann, gone), "bulk.mail", "事项一已超时", "请处理", "/t/1/"),
               Notice((bo, mute), "bulk.mail", "事项二已超时", url="/t/2/"),
               Notice((mute,), "bulk.mail", "无地址")]
    with mock.patch.object(tasks, "send_emails", wraps=tasks.send_emails) as send:
        notify_many(notices)
    assert send.call_count == 1
    ((messages,), _), = send.call_args_list
    assert len(messages) == 2
    assert sorted((m.to, m.subject, m.body) for m in mail.outbox) == [
        (["ann@example.org"], "事项一已超时", "请处理\n\n/t/1/"),
        (["bo@example.org"], "事项一已超时", "请处理\n\n/t/1/"),
        (["bo@example.org"], "事项二已超时", "/t/2/"),
    ]


def test_notify_many_with_no_addresses_queues_no_email(people):
    mail.outbox.clear()
    with mock.patch.object(tasks, "send_emails", wraps=tasks.send_emails) as send:
        notify_many([Notice((people["mute"], people["gone"]), "bulk.silent", "x")])
    assert send.call_count == 0 and mail.outbox == []


def test_notify_many_looks_webhooks_up_once_and_hands_every_payload_over_in_one_task(people):
    Webhook.objects.create(name="hook", url="http://127.0.0.1:9/hook", secret="s")
    notices = [Notice((people["ann"],), "bulk.hook", "一", payload={"reference": "S-1", "n": 1}),
               Notice((people["bo"],), "bulk.hook", "二"),  # no payload: no webhook
               Notice((people["bo"],), "bulk.hook2", "三", payload={"reference": "S-3"})]
    with mock.patch.object(tasks, "deliver_webhook_events") as deliver, \
            CaptureQueriesContext(connection) as queries:
        notify_many(notices)
    assert sum(1 for q in queries if "core_webhook" in q["sql"]) == 1
    ((events,), _kwargs) = deliver.call_args
    assert deliver.call_count == 1 and [(verb, json.loads(body)) for verb, body in events] == [
        ("bulk.hook", {"event": "bulk.hook", "reference": "S-1", "n": 1}),
        ("bulk.hook2", {"event": "bulk.hook2", "reference": "S-3"})]


def test_notify_many_without_an_active_webhook_delivers_nothing(people):
    Webhook.objects.create(name="off", url="http://127.0.0.1:9/hook", secret="s", active=False)
    with mock.patch.object(tasks, "deliver_webhook_events") as deliver:
        notify_many([Notice((people["ann"],), "bulk.hook", "一", payload={"reference": "S-1"})])
    assert deliver.call_count == 0
    with mock.patch.object(tasks, "deliver_webhook_events") as deliver, \
            CaptureQueriesContext(connection) as queries:
        notify_many([Notice((people["ann"],), "bulk.hook", "无载荷")])  # no payloads: no lookup at all
    assert deliver.call_count == 0 and not any("core_webhook" in q["sql"] for q in queries)


def test_notify_many_delivers_signed_webhooks_to_a_local_receiver(people):
    with local_receiver() as (url, received):
        Webhook.objects.create(name="integration", url=url, secret="s3cret")
        notify_many([Notice((people["ann"],), "bulk.hook", "一", payload={"reference": "S-1"}),
                     Notice((people["bo"],), "bulk.hook", "二", payload={"reference": "S-2"})])
    assert sorted(json.loads(body)["reference"] for _, body in received) == ["S-1", "S-2"]
    for signature, body in received:
        assert signature == signed("s3cret", body)


def test_notify_many_on_commit_writes_the_inbox_in_the_transaction_and_mails_after_it(
        people, django_capture_on_commit_callbacks):
    acted = timezone.now() - timedelta(days=4)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks, \
            mock.patch("django.utils.timezone.now", return_value=acted):
        notify_many_on_commit([Notice((people["ann"],), "bulk.later", "稍后"),
                               Notice((people["bo"],), "bulk.later", "稍后二")])
    # The inbox rows are part of the transaction (visible in it, dated when the call was made); nothing has gone
    # out of it yet.
    assert sorted(Notification.objects.filter(verb="bulk.later").values_list("user__username", "created_at")) == [
        ("bulk_ann", acted), ("bulk_bo", acted)]
    assert len(callbacks) == 1 and mail.outbox == []
    callbacks[0]()
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.org", "bo@example.org"]
    assert Notification.objects.filter(verb="bulk.later").count() == 2  # not written twice


def test_notify_many_on_commit_writes_nothing_when_the_transaction_rolls_back(
        people, django_capture_on_commit_callbacks):
    class Undo(Exception):
        pass

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Undo), transaction.atomic():
            notify_many_on_commit([Notice((people["ann"],), "bulk.undone", "撤销")])
            raise Undo
        notify_many_on_commit([])  # nothing to tell: nothing registered
    assert callbacks == []
    assert not Notification.objects.filter(verb="bulk.undone").exists() and mail.outbox == []


# --- the escalation sweep over a backlog ---------------------------------------------------------------


def _backlog(world, n, due, capture):
    with capture(execute=True):
        tickets = [services.do_submit_ticket(world.liaison_a, enterprise=world.enterprise_a, channel="portal",
                                             service_item=world.item_oversize, title=f"积压诉求{i}",
                                             description="请求协调。") for i in range(n)]
    Ticket.objects.filter(pk__in=[t.pk for t in tickets]).update(response_due_at=due)
    return tickets


def _sweep(now, capture):
    """Escalate; how many, the queries it took (the notices after commit included), the emails it sent."""
    mail.outbox.clear()
    with CaptureQueriesContext(connection) as queries, capture(execute=True):
        escalated = services.escalate_overdue(now=now)
    return escalated, len(queries), [(m.to, m.subject) for m in mail.outbox]


def test_the_escalation_sweep_costs_the_same_queries_for_10_and_30_overdue_requests(
        world, django_capture_on_commit_callbacks):
    from jingqi.accounts.models import User

    User.objects.filter(pk=world.officer_a.pk).update(email="officer_a@example.org")
    now = timezone.now()
    due = now - timedelta(minutes=5)  # overdue, within the grace: level 1, told to the office (officer_a, auxiliary_a)
    small = _backlog(world, 10, due, django_capture_on_commit_callbacks)
    small_count, small_queries, small_mail = _sweep(now, django_capture_on_commit_callbacks)
    large = _backlog(world, 30, due, django_capture_on_commit_callbacks)
    large_count, large_queries, large_mail = _sweep(now, django_capture_on_commit_callbacks)

    assert (small_count, large_count) == (10, 30)
    assert small_queries == large_queries, (small_queries, large_queries)
    tickets = small + large
    pks = [t.pk for t in tickets]
    assert set(Ticket.objects.filter(pk__in=pks).values_list("escalation_level", flat=True)) == {1}
    events = list(TicketEvent.objects.filter(ticket_id__in=pks, kind=EventKind.ESCALATED)
                  .values_list("ticket_id", "task_id", "internal", "data"))
    assert sorted(events) == sorted((pk, None, True, {"level": 1}) for pk in pks)
    entries = list(AuditEvent.objects.filter(action="ticket.escalate", object_id__in=[str(pk) for pk in pks])
                   .values_list("object_id", "changes", "actor_label"))
    assert sorted(entries) == sorted((str(pk), {"escalation_level": [0, 1]}, "system") for pk in pks)
    assert audit.verify_chain().ok
    for ticket in tickets:
        assert sorted(Notification.objects.filter(verb="ticket.overdue", title__contains=ticket.reference)
                      .values_list("user__username", flat=True)) == ["auxiliary_a", "officer_a"]
    titles = [Notification.objects.get(verb="ticket.overdue", user=world.officer_a,
                                       title__contains=ticket.reference).title for ticket in tickets]
    assert sorted(small_mail + large_mail) == sorted((["officer_a@example.org"], title) for title in titles)


def test_a_failing_address_neither_stops_the_batch_nor_sends_anyone_a_message_twice(people):
    from django.core.mail.backends.locmem import EmailBackend

    real_send = EmailBackend.send_messages

    def refuse_bo(backend, messages):
        if any("bo@example.org" in m.to for m in messages):
            raise OSError("mailbox unavailable")
        return real_send(backend, messages)

    mail.outbox.clear()
    with mock.patch.object(EmailBackend, "send_messages", refuse_bo), \
            mock.patch.object(tasks.send_emails, "schedule") as again:
        tasks.send_emails([(["ann@example.org", "bo@example.org"], "一", "x"), (["cy@example.org"], "二", "y")])
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.org", "cy@example.org"]
    ((args,), kwargs) = again.call_args
    assert args == ([(["bo@example.org"], "一", "x")], 2) and kwargs == {"delay": tasks.EMAIL_RETRY_SECONDS}
    mail.outbox.clear()
    with mock.patch.object(EmailBackend, "send_messages", refuse_bo), \
            mock.patch.object(tasks.send_emails, "schedule") as again:
        tasks.send_emails([(["bo@example.org"], "一", "x")], tasks.EMAIL_ATTEMPTS)  # the last attempt: given up
    assert mail.outbox == [] and again.call_count == 0


@pytest.mark.django_db(transaction=True)
def test_insert_rows_is_all_or_nothing_outside_a_transaction():
    user = f.UserFactory(username="bulk_atomic")
    rows = [{"user_id": user.pk, "verb": "bulk.x", "title": f"t{i}", "body": "", "url": "",
             "created_at": timezone.now(), "read_at": None} for i in range(900)]
    rows.append({**rows[0], "title": None})  # the last row breaks NOT NULL, statements after many good ones
    assert transaction.get_autocommit()
    with pytest.raises(IntegrityError):
        insert_rows(Notification, rows, batch_size=100)
    assert not Notification.objects.filter(user=user).exists()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_links_are_the_pages_reverse_gives(language):
    from django.urls import reverse
    from django.utils import translation

    from jingqi.core.notify import links

    keys = [1, 9, 10, 918273645, 2**40]
    with translation.override(language):
        assert links("tickets:ticket_detail", keys) == {key: reverse("tickets:ticket_detail", args=[key])
                                                        for key in keys}
        assert links("tickets:ticket_detail", []) == {}
