"""The background checks' spec: each transition, each permission rule, each bad input (refusals change nothing),
the reveal and the consent download audited, and the purge that leaves no personal data anywhere."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, models
from django.forms.models import model_to_dict
from django.http import Http404
from django.utils import timezone

from jingqi.accounts.models import User
from jingqi.cases import services_checks as services
from jingqi.cases.cast_checks import CANDIDATE_ID, CANDIDATE_NAME, CONSENT_PDF, consent_pdf, request_data
from jingqi.cases.choices import CheckStatus
from jingqi.cases.models import BackgroundCheck
from jingqi.core import pii
from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.models import AuditEvent, Notification
from jingqi.core.testing import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.case_cast]

NEW_NAME = "吴六合"
NEW_ID = f.valid_id_number(7199, born=1993)


def _ask(world, user=None, **overrides):
    data = request_data(candidate_name=NEW_NAME, id_number=NEW_ID, **overrides)
    return services.do_request_check(user or world.liaison_a, data=data, consent=consent_pdf())


def _revealer(world) -> User:
    """officer_a with the registry's reveal right (a fresh instance: permissions are cached on the object)."""
    world.officer_a.user_permissions.add(Permission.objects.get(codename="reveal_personal_data"))
    return User.objects.get(pk=world.officer_a.pk)


class Unchanged:
    """Asserts that a refused action left the check and the audit log as they were."""

    def __init__(self, check):
        self.check = check

    def __enter__(self):
        self.before = model_to_dict(BackgroundCheck.objects.get(pk=self.check.pk))
        self.events = AuditEvent.objects.count()
        return self

    def __exit__(self, *exc):
        assert model_to_dict(BackgroundCheck.objects.get(pk=self.check.pk)) == self.before
        assert AuditEvent.objects.count() == self.events
        return False


def _raw(check, column: str):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM cases_backgroundcheck WHERE id = %s", [check.pk])
        return cursor.fetchone()[0]


# --- asking -----------------------------------------------------------------------------------------------------


def test_liaison_asks_for_a_check_with_the_candidate_and_consent_encrypted(world, settings,
                                                                          django_capture_on_commit_callbacks):
    settings.JINGQI_BACKGROUND_CHECK_RETENTION_DAYS = 30
    with django_capture_on_commit_callbacks(execute=True):
        check = services.do_request_check(world.liaison_a, data=request_data(
            candidate_name=NEW_NAME, id_number=NEW_ID.lower()[:-1] + NEW_ID[-1].lower()),
            consent=consent_pdf(f"{NEW_NAME}-同意书.pdf"))
    check = BackgroundCheck.objects.get(pk=check.pk)
    assert check.status == CheckStatus.REQUESTED and check.enterprise == world.enterprise_a
    assert check.station == world.station and check.requested_by == world.liaison_a
    assert check.reference == f"S-BC{timezone.localtime(check.requested_at):%Y%m%d}-{check.pk:05d}"
    assert check.purge_after == check.requested_at + timedelta(days=30)
    assert check.candidate_name == NEW_NAME and check.candidate_id_number == NEW_ID
    assert check.consent_scope == ["criminal", "drugs"]
    # At rest: the name, the number and the scan are ciphertext; the stored file name is the reference's.
    assert NEW_NAME not in _raw(check, "candidate_name") and NEW_ID not in _raw(check, "candidate_id_number")
    assert bytes(_raw(check, "consent_document")) != CONSENT_PDF and CONSENT_PDF not in bytes(
        _raw(check, "consent_document"))
    assert pii.decrypt_bytes(check.consent_document) == CONSENT_PDF
    assert check.consent_name == f"{check.reference}-consent.pdf" and NEW_NAME not in check.consent_name
    assert check.consent_content_type == "application/pdf" and check.consent_size == len(CONSENT_PDF)
    event = AuditEvent.objects.get(action="background_check.request", object_id=str(check.pk))
    assert event.actor == world.liaison_a and event.object_repr == check.reference
    assert event.changes["consent_size"] == len(CONSENT_PDF) and event.changes["enterprise"] == world.enterprise_a.pk
    assert NEW_NAME not in str(event.changes) and NEW_ID not in str(event.changes)
    notices = Notification.objects.filter(verb="background_check.requested", url__endswith=f"/checks/{check.pk}/")
    assert {n.user_id for n in notices} == {world.officer_a.pk, world.auxiliary_a.pk}
    for notice in notices:
        assert check.reference in notice.title and NEW_NAME not in notice.title + notice.body
        assert NEW_ID not in notice.title + notice.body


@pytest.mark.parametrize("who", ["officer_a", "supervisor", "dept_transport", "volunteer_a", "viewer"])
def test_only_a_liaison_asks_for_a_check(world, who):
    before, events = BackgroundCheck.objects.count(), AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        _ask(world, getattr(world, who))
    assert BackgroundCheck.objects.count() == before and AuditEvent.objects.count() == events


BAD_REQUESTS = [
    ("position", {"position": "  "}),
    ("position", {"position": "岗" * 201}),
    ("duties", {"duties": ""}),
    ("candidate_name", {"candidate_name": ""}),
    ("candidate_name", {"candidate_name": "名" * 61}),
    ("id_number", {"id_number": ""}),
    ("id_number", {"id_number": "12345"}),
    ("id_number", {"id_number": NEW_ID[:-1] + ("0" if NEW_ID[-1] != "0" else "1")}),
    ("consent_scope", {"consent_scope": []}),
    ("consent_scope", {"consent_scope": ["criminal", "credit"]}),
    ("consent_signed_on", {"consent_signed_on": (timezone.localdate() + timedelta(days=1)).isoformat()}),
    ("consent_signed_on", {"consent_signed_on": (timezone.localdate() - timedelta(days=91)).isoformat()}),
    ("consent_signed_on", {"consent_signed_on": "31/12/2026"}),
]


@pytest.mark.parametrize(("field", "bad"), BAD_REQUESTS, ids=[f"{f}-{i}" for i, (f, _b) in enumerate(BAD_REQUESTS)])
def test_a_bad_request_is_refused_beside_its_field_and_nothing_is_written(world, field, bad):
    before, events = BackgroundCheck.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ActionError) as refused:
        services.do_request_check(world.liaison_a, data=request_data(**bad), consent=consent_pdf())
    assert refused.value.field == field
    assert BackgroundCheck.objects.count() == before and AuditEvent.objects.count() == events


def test_a_consent_signed_ninety_days_ago_is_still_accepted(world):
    check = _ask(world, consent_signed_on=(timezone.localdate() - timedelta(days=90)).isoformat())
    assert check.consent_signed_on == timezone.localdate() - timedelta(days=90)


BAD_CONSENTS = [
    None,
    SimpleUploadedFile("同意书.pdf", b"", content_type="application/pdf"),
    SimpleUploadedFile("同意书.pdf", b"just text pretending", content_type="application/pdf"),
    # Accepted elsewhere (an Office document, a video), not as a signed consent.
    SimpleUploadedFile("同意书.docx", b"PK\x03\x04" + b"\x00" * 60, content_type="application/zip"),
    SimpleUploadedFile("同意书.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 40, content_type="video/mp4"),
]


@pytest.mark.parametrize("upload", BAD_CONSENTS, ids=["missing", "empty", "text", "docx", "mp4"])
def test_the_consent_must_be_a_pdf_or_a_picture(world, upload):
    before = BackgroundCheck.objects.count()
    with pytest.raises(ActionError) as refused:
        services.do_request_check(world.liaison_a, data=request_data(), consent=upload)
    assert refused.value.field == "consent" and BackgroundCheck.objects.count() == before


def test_a_picture_of_the_consent_is_accepted(world):
    check = services.do_request_check(world.liaison_a, data=request_data(), consent=f.png_upload("同意书.png"))
    assert check.consent_content_type == "image/png" and check.consent_name.endswith("-consent.png")


# --- who sees which check -----------------------------------------------------------------------------------------


SEES = {
    "officer_a": {"check_a", "check_a_advised", "check_a2"},
    "auxiliary_a": {"check_a", "check_a_advised", "check_a2"},
    "officer_b": {"check_b"},
    "liaison_a": {"check_a", "check_a_advised"},  # not check_a2, asked by another liaison of the same enterprise
    "liaison_b": {"check_b"},
    "supervisor": set(), "supervisor_t": set(), "dept_transport": set(), "volunteer_a": set(), "viewer": set(),
}
COUNTS = {"supervisor": {"check_a", "check_a_advised", "check_a2", "check_b"}, "supervisor_t": {"check_t"},
          "officer_a": SEES["officer_a"], "auxiliary_a": SEES["auxiliary_a"], "officer_b": SEES["officer_b"],
          "liaison_a": set(), "liaison_b": set(), "dept_transport": set(), "volunteer_a": set(), "viewer": set()}
CHECKS = ("check_a", "check_a_advised", "check_a2", "check_b", "check_t")


def _names(world, rows):
    by_pk = {getattr(world, name).pk: name for name in CHECKS}
    return {by_pk[pk] for pk in rows.values_list("pk", flat=True) if pk in by_pk}


@pytest.mark.parametrize("who", SEES)
def test_each_role_sees_exactly_its_checks_and_counts_only_where_it_may(world, who):
    user = getattr(world, who)
    assert _names(world, BackgroundCheck.objects.visible_to(user, "view")) == SEES[who]
    assert _names(world, BackgroundCheck.objects.visible_to(user, "count")) == COUNTS[who]


@pytest.mark.parametrize("who", ["supervisor", "check_liaison_a2", "dept_transport", "volunteer_a", "viewer",
                                 "officer_b"])
def test_no_one_but_the_office_and_the_liaison_who_asked_opens_a_check(world, who):
    with pytest.raises(Http404):
        services.access_check(getattr(world, who), world.check_a.pk)


# --- answering ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer_a", "auxiliary_a"])
def test_an_officer_of_the_office_gives_advice_and_the_liaison_is_told(world, who, settings,
                                                                       django_capture_on_commit_callbacks):
    settings.JINGQI_BACKGROUND_CHECK_RETENTION_DAYS = 45
    check = world.check_a
    with django_capture_on_commit_callbacks(execute=True):
        services.do_advise_check(getattr(world, who), check, advice="not_advised", reason_category="drugs",
                                 expected_version=check.version)
    check = BackgroundCheck.objects.get(pk=check.pk)
    assert (check.status, check.advice, check.reason_category) == ("advised", "not_advised", "drugs")
    assert check.handled_by == getattr(world, who) and check.ended_at is not None
    assert check.purge_after == check.ended_at + timedelta(days=45) and check.version == world.check_a.version + 1
    event = AuditEvent.objects.get(action="background_check.advise", object_id=str(check.pk))
    assert event.changes["status"] == ["requested", "advised"]
    # The advice stays with the row (which the purge deletes), not in the audit log (which stays).
    assert "not_advised" not in str(event.changes) and "drugs" not in str(event.changes)
    (notice,) = Notification.objects.filter(verb="background_check.advised", title__contains=check.reference)
    assert notice.user == world.liaison_a and check.reference in notice.title
    assert CANDIDATE_NAME not in notice.title + notice.body and CANDIDATE_ID not in notice.title + notice.body


@pytest.mark.parametrize(("advice", "reason"), [("suitable", "none"), ("attention", "related_offence"),
                                                ("not_advised", "pending"), ("attention", "other")])
def test_each_consistent_advice_is_accepted(world, advice, reason):
    check = services.do_advise_check(world.officer_a, world.check_a, advice=advice, reason_category=reason)
    assert (check.advice, check.reason_category) == (advice, reason)


@pytest.mark.parametrize(("advice", "reason", "field"), [
    ("suitable", "related_offence", "reason_category"), ("attention", "none", "reason_category"),
    ("not_advised", "none", "reason_category"), ("", "none", "advice"), ("hire", "none", "advice"),
    ("attention", "", "reason_category"), ("attention", "rumours", "reason_category")])
def test_inconsistent_advice_is_refused_and_nothing_changes(world, advice, reason, field):
    with Unchanged(world.check_a), pytest.raises(ActionError) as refused:
        services.do_advise_check(world.officer_a, world.check_a, advice=advice, reason_category=reason)
    assert refused.value.field == field


def test_advice_on_a_stale_page_is_refused(world):
    with Unchanged(world.check_a), pytest.raises(ActionError) as refused:
        services.do_advise_check(world.officer_a, world.check_a, advice="suitable", reason_category="none",
                                 expected_version=world.check_a.version - 1)
    assert refused.value.code == "stale"


def test_an_answered_check_cannot_be_answered_again(world):
    for act in (lambda c: services.do_advise_check(world.officer_a, c, advice="suitable", reason_category="none"),
                lambda c: services.do_decline_check(world.officer_a, c, reason="scope"),
                lambda c: services.do_withdraw_check(world.liaison_a, c)):
        with Unchanged(world.check_a_advised), pytest.raises(ActionError) as refused:
            act(world.check_a_advised)
        assert refused.value.code == "illegal_transition"


@pytest.mark.parametrize("who", ["officer_b", "supervisor", "liaison_a", "dept_transport", "volunteer_a", "viewer"])
def test_only_the_office_answers_a_check(world, who):
    user = getattr(world, who)
    with Unchanged(world.check_a):
        with pytest.raises(Http404):
            services.do_advise_check(user, world.check_a, advice="suitable", reason_category="none")
        with pytest.raises(Http404):
            services.do_decline_check(user, world.check_a, reason="consent")


def test_an_officer_declines_with_a_reason_and_the_liaison_is_told(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.do_decline_check(world.officer_a, world.check_a, reason="identity")
    check = BackgroundCheck.objects.get(pk=world.check_a.pk)
    assert (check.status, check.decline_reason, check.advice) == ("declined", "identity", "")
    assert check.purge_after == check.ended_at + services.retention()
    assert AuditEvent.objects.filter(action="background_check.decline", object_id=str(check.pk)).exists()
    assert Notification.objects.get(verb="background_check.declined").user == world.liaison_a


@pytest.mark.parametrize("reason", ["", "busy"])
def test_a_decline_needs_one_of_the_reasons(world, reason):
    with Unchanged(world.check_a), pytest.raises(ActionError) as refused:
        services.do_decline_check(world.officer_a, world.check_a, reason=reason)
    assert refused.value.field == "reason"


# --- withdrawing --------------------------------------------------------------------------------------------------


def test_the_liaison_who_asked_withdraws_a_waiting_check(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.do_withdraw_check(world.liaison_a, world.check_a, expected_version=world.check_a.version)
    check = BackgroundCheck.objects.get(pk=world.check_a.pk)
    assert check.status == "withdrawn" and check.handled_by == world.liaison_a
    assert check.purge_after == check.ended_at + services.retention()
    assert AuditEvent.objects.filter(action="background_check.withdraw", object_id=str(check.pk)).exists()
    assert {n.user_id for n in Notification.objects.filter(verb="background_check.withdrawn")} == {
        world.officer_a.pk, world.auxiliary_a.pk}


@pytest.mark.parametrize("who", ["check_liaison_a2", "liaison_b", "officer_a", "supervisor", "viewer"])
def test_no_one_else_withdraws_a_check(world, who):
    with Unchanged(world.check_a), pytest.raises(Http404):
        services.do_withdraw_check(getattr(world, who), world.check_a)


# --- personal data on purpose: the reveal and the consent ---------------------------------------------------------


def test_an_officer_with_the_reveal_right_reveals_the_id_number_and_it_is_audited(world):
    revealer = _revealer(world)
    assert services.do_reveal_candidate_id(revealer, world.check_a) == CANDIDATE_ID
    event = AuditEvent.objects.get(action="background_check.reveal_id_number")
    assert event.actor == revealer and event.object_id == str(world.check_a.pk)
    assert CANDIDATE_ID not in str(event.changes)


def test_an_officer_without_the_reveal_right_is_refused(world):
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.do_reveal_candidate_id(world.officer_a, world.check_a)
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("who", ["supervisor", "liaison_a"])
def test_the_reveal_right_alone_does_not_open_a_check(world, who):
    user = getattr(world, who)
    user.user_permissions.add(Permission.objects.get(codename="reveal_personal_data"))
    user = User.objects.get(pk=user.pk)
    assert user.can_reveal
    with Unchanged(world.check_a), pytest.raises(Http404):
        services.do_reveal_candidate_id(user, world.check_a)


def test_an_officer_opens_the_consent_decrypted_and_it_is_audited_without_its_name(world):
    content, content_type, name = services.do_open_consent(world.officer_a, world.check_a)
    assert content == CONSENT_PDF and content_type == "application/pdf" and name.startswith(world.check_a.reference)
    event = AuditEvent.objects.get(action="background_check.consent_download")
    assert event.changes == {"consent_content_type": "application/pdf", "consent_size": len(CONSENT_PDF)}


@pytest.mark.parametrize("who", ["liaison_a", "officer_b", "supervisor"])
def test_no_one_else_opens_the_consent(world, who):
    with Unchanged(world.check_a), pytest.raises(Http404):
        services.do_open_consent(getattr(world, who), world.check_a)


# --- the purge ----------------------------------------------------------------------------------------------------


def _holds(text: str) -> list[str]:
    """Every (table, column) of every model whose text or JSON holds ``text``."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField | models.JSONField | models.BinaryField):
                column = connection.ops.quote_name(field.column)
                table = connection.ops.quote_name(model._meta.db_table)
                with connection.cursor() as cursor:
                    if isinstance(field, models.BinaryField):
                        found_in = ("POSITION(%s IN {c}) > 0" if connection.vendor == "postgresql"
                                    else "INSTR({c}, %s) > 0").format(c=column)
                        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {found_in}", [text.encode()])
                    else:
                        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE CAST({column} AS TEXT) LIKE %s",
                                       [f"%{text}%"])
                    if cursor.fetchone()[0]:
                        found.append(f"{model._meta.db_table}.{field.column}")
    return found


def test_the_purge_deletes_every_due_check_and_leaves_no_personal_data(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        check = _ask(world)
        services.do_reveal_candidate_id(_revealer(world), check)
        services.do_open_consent(world.officer_a, check)
        services.do_advise_check(world.officer_a, check, advice="attention", reason_category="pending")
    assert _holds(NEW_NAME) == [] and _holds(NEW_ID) == []  # encrypted at rest from the start
    assert "cases_backgroundcheck.position" in _holds("仓库管理员")  # the scan finds what is there in clear
    references = dict(BackgroundCheck.objects.values_list("pk", "reference"))
    requested = {pk: timezone.localdate(at) for pk, at in BackgroundCheck.objects.values_list("pk", "requested_at")}
    enterprises = dict(BackgroundCheck.objects.values_list("pk", "enterprise_id"))

    deleted = services.do_purge_expired_checks(timezone.now() + timedelta(days=400), batch_size=2)

    assert deleted == len(references) and not BackgroundCheck.objects.exists()
    events = AuditEvent.objects.filter(action="background_check.purged")
    assert {int(e.object_id) for e in events} == set(references)
    for event in events:
        pk = int(event.object_id)
        assert event.actor is None and event.object_repr == references[pk]
        assert event.changes == {"reference": references[pk], "enterprise": enterprises[pk],
                                 "requested_on": requested[pk].isoformat()}
    for secret in (NEW_NAME, NEW_ID, CANDIDATE_NAME, CANDIDATE_ID, pii.mask_id_number(NEW_ID)):
        assert _holds(secret) == [], secret
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM cases_backgroundcheck")
        assert cursor.fetchone()[0] == 0  # no ciphertext left either
    from jingqi.core.audit import verify_chain

    assert verify_chain().ok


def test_checks_not_yet_due_stay(world):
    now = timezone.now()
    BackgroundCheck.objects.filter(pk=world.check_b.pk).update(purge_after=now - timedelta(seconds=1))
    assert services.do_purge_expired_checks(now) == 1
    assert not BackgroundCheck.objects.filter(pk=world.check_b.pk).exists()
    assert set(BackgroundCheck.objects.values_list("pk", flat=True)) == {
        getattr(world, name).pk for name in CHECKS if name != "check_b"}
    assert services.do_purge_expired_checks(now) == 0


def test_the_purge_reads_the_due_checks_through_the_purge_index(world):
    from jingqi.core.testing.plans import query_plan

    plan = query_plan(BackgroundCheck.objects.filter(purge_after__lte=timezone.now()).order_by("purge_after", "pk")
                      .values("pk", "reference", "enterprise_id", "requested_at")[:500])
    assert "bgcheck_purge_idx" in plan, plan


def test_the_nightly_task_and_the_command_purge(world, capsys):
    from jingqi.cases.tasks import purge_background_checks

    BackgroundCheck.objects.filter(pk=world.check_b.pk).update(purge_after=timezone.now() - timedelta(days=1))
    assert purge_background_checks.call_local() == 1
    BackgroundCheck.objects.filter(pk=world.check_t.pk).update(purge_after=timezone.now() - timedelta(days=1))
    call_command("purge-background-checks", verbosity=0)
    assert "1" in capsys.readouterr().out
    assert not BackgroundCheck.objects.filter(pk__in=[world.check_b.pk, world.check_t.pk]).exists()
    assert AuditEvent.objects.filter(action="background_check.purged").count() == 2


# --- statistics ---------------------------------------------------------------------------------------------------


def test_statistics_count_by_month_and_advice_in_the_database(world, django_assert_max_num_queries):
    from jingqi.cases.selectors_checks import statistics

    BackgroundCheck.objects.filter(pk=world.check_a2.pk).update(requested_at=timezone.now() - timedelta(days=62))
    with django_assert_max_num_queries(1):
        stats = statistics(world.supervisor)
    this_month, earlier = stats["months"]
    assert this_month == timezone.localdate().replace(day=1) and earlier < this_month
    rows = {row["key"]: row for row in stats["rows"]}
    assert rows["requested"]["cells"] == [2, 1] and rows["requested"]["total"] == 3
    assert rows["advised:attention"]["cells"] == [1, 0] and rows["advised:suitable"]["total"] == 0
    assert stats["totals"] == [3, 1] and stats["total"] == 4
    assert statistics(world.officer_b)["total"] == 1
    assert statistics(world.liaison_a)["total"] == 0 and statistics(world.viewer)["months"] == []


# --- after the answer, and the installation's administrator ------------------------------------------------------


def test_once_answered_the_candidates_data_is_sealed_until_the_purge(world):
    check = _ask(world)
    services.do_advise_check(world.officer_a, check, advice="suitable", reason_category="none")
    officer = _revealer(world)
    events = AuditEvent.objects.count()
    for call in (services.do_reveal_candidate_id, services.do_open_consent):
        with pytest.raises(ActionError):
            call(officer, check)
    assert AuditEvent.objects.count() == events


def test_an_administrator_sees_no_background_check(world):
    check = _ask(world)
    admin = f.UserFactory(username="root", is_superuser=True, is_staff=True)
    assert not BackgroundCheck.objects.visible_to(admin).exists()
    with pytest.raises(Http404):
        services.do_open_consent(admin, check)


def test_lists_and_pages_never_load_the_consent_scan(world):
    check = _ask(world)
    loaded = BackgroundCheck.objects.get(pk=check.pk)
    assert "consent_document" in loaded.get_deferred_fields()
