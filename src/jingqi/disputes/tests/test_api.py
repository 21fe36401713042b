"""The dispute journey over the REST API, refusals that change nothing, the parties' view, flat list queries."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jingqi.core.testing import factories as f
from jingqi.core.testing.leaks import assert_not_shown
from jingqi.disputes import services
from jingqi.disputes.models import Agreement, Dispute, DisputeParty, Instalment, Payment

pytestmark = pytest.mark.django_db

WORKER_ID, WORKER_PHONE = "110101199003078515", "13912345678"
WAGES = {"kind": "labour", "urgency": "urgent", "title": "二十三名工人讨要工资",
         "description": "承包商拖欠三个月工资，工人聚集在厂门口。", "amount": "186000.00", "people_involved": 23,
         "location": "A工业园 2 号门"}


def _ok(response, code=200):
    assert response.status_code == code, (response.status_code, response.content.decode()[:500])
    return response.json()


def _backdate(dispute_pk, days):
    """The dispute was reported ``days`` ago (so an agreement and its payments can lie in the past)."""
    Dispute.objects.filter(pk=dispute_pk).update(reported_at=timezone.now() - timedelta(days=days))


def test_wage_dispute_from_report_to_archive_over_the_api(world, api_for):
    liaison, officer = api_for(world.liaison_a), api_for(world.officer_a)
    # The enterprise reports through the portal; it is the respondent (the contractor's employer).
    body = _ok(liaison.post("/api/disputes/", {"source": "portal", "own_side": "respondent", **WAGES}, format="json",
                            HTTP_IDEMPOTENCY_KEY="report-1"), 201)
    pk = body["id"]
    assert body["status"] == "reported" and body["is_group"] and body["park"] == world.park_a.pk
    workers = _ok(officer.post(f"/api/disputes/{pk}/parties/", {
        "side": "applicant", "full_name": "王建国", "id_number": WORKER_ID, "phone": WORKER_PHONE, "headcount": 23,
        "representative": "工人代表 王建国"}, format="json"), 201)
    assert workers["kind"] == "person" and WORKER_PHONE not in json.dumps(workers)
    assert workers["phone_masked"].endswith("5678") and "*" in workers["id_number_masked"]

    version = _ok(officer.get(f"/api/disputes/{pk}/"))["version"]
    assert _ok(officer.post(f"/api/disputes/{pk}/accept/", {"version": version}, format="json"))["status"] == "accepted"
    assert _ok(officer.post(f"/api/disputes/{pk}/arrive/", {"note": "到达 2 号门"}, format="json"))["onsite_at"]
    assert _ok(officer.post(f"/api/disputes/{pk}/investigate/", {"facts": "拖欠 7–9 月工资 18.6 万元。"},
                            format="json"))["status"] == "investigating"

    results = ["continue", "agreed"]
    for number, result in enumerate(results, start=1):
        session = _ok(officer.post("/api/mediation-sessions/", {
            "dispute": pk, "planned_at": timezone.now().isoformat(), "place": "一站式调解中心",
            "mediators": [{"role": "officer", "user": world.officer_a.pk},
                          {"role": "peoples_mediator", "name": "李调解", "organisation": "街道调委会"}]},
            format="json", HTTP_IDEMPOTENCY_KEY=f"session-{number}"), 201)
        assert session["number"] == number and len(session["mediators"]) == 2 and session["held_at"] is None
        recorded = _ok(officer.post(f"/api/mediation-sessions/{session['id']}/record/", {
            "attended": [workers["id"]], "minutes": f"第{number}次调解。", "result": result}, format="json"))
        assert recorded["held_at"] and recorded["attended"] == [workers["id"]]

    _backdate(pk, 100)
    today = timezone.localdate()
    signed_on = today - timedelta(days=90)
    dues = [signed_on + timedelta(days=10), signed_on + timedelta(days=40), signed_on + timedelta(days=70)]
    agreement = _ok(officer.post("/api/dispute-agreements/", {
        "dispute": pk, "signed_on": signed_on.isoformat(), "terms": "企业分三期支付拖欠工资。",
        "total_amount": "186000", "level": "park",
        "instalments": [{"due_on": d.isoformat(), "amount": "62000"} for d in dues]},
        format="json", HTTP_IDEMPOTENCY_KEY="sign-1"), 201)
    assert agreement["status"] == "performing" and [i["number"] for i in agreement["instalments"]] == [1, 2, 3]
    first, second, third = (i["id"] for i in agreement["instalments"])
    assert _ok(officer.get(f"/api/disputes/{pk}/"))["outcome"] == "agreement"

    # The first on time, with a photo of the slip (multipart).
    paid = _ok(officer.post("/api/dispute-payments/", {
        "instalment": first, "amount": "62000", "paid_on": dues[0].isoformat(), "reference": "BANK-001",
        "proof": f.png_upload("回单.png")}, format="multipart", HTTP_IDEMPOTENCY_KEY="pay-1"), 201)
    assert paid["proof"] is not None

    # The second is missed: the sweep flags it once and hands the dispute back to its mediator.
    assert services.flag_defaults(today=dues[1] + timedelta(days=1)) == 1
    flagged = _ok(officer.get(f"/api/instalments/{second}/"))
    assert flagged["defaulted_at"] and flagged["paid_on"] is None
    assert _ok(officer.get("/api/disputes/", {"needs_mediator": "true"}))["count"] == 1

    late = dues[1] + timedelta(days=12)
    _ok(officer.post("/api/dispute-payments/", {"instalment": second, "amount": "62000", "paid_on": late.isoformat(),
                                                "reference": "BANK-002"}, format="json"), 201)
    _ok(officer.post("/api/dispute-payments/", {"instalment": third, "amount": "62000", "paid_on": dues[2].isoformat(),
                                                "reference": "BANK-003"}, format="json"), 201)
    assert _ok(officer.get(f"/api/instalments/{second}/"))["paid_late"] is True
    assert _ok(officer.get(f"/api/dispute-agreements/{agreement['id']}/"))["status"] == "fulfilled"
    settled = _ok(officer.get(f"/api/disputes/{pk}/"))
    assert settled["status"] == "settled" and not settled["needs_mediator"]

    followed = _ok(officer.post(f"/api/disputes/{pk}/follow-up/", {"note": "工资已全部到账，工人满意。",
                                                                   "satisfied": True}, format="json"))
    assert followed["status"] == "followed_up" and followed["follow_up_satisfied"] is True
    assert _ok(officer.post(f"/api/disputes/{pk}/archive/", {"version": followed["version"]},
                            format="json"))["status"] == "archived"

    police_kinds = [e["kind"] for e in _ok(officer.get(f"/api/disputes/{pk}/timeline/"))]
    party_kinds = [e["kind"] for e in _ok(liaison.get(f"/api/disputes/{pk}/timeline/"))]
    assert {"investigated", "session_held", "group"} <= set(police_kinds)
    assert not {"investigated", "session_held", "group"} & set(party_kinds)
    assert party_kinds.count("payment") == 3 and "default" in party_kinds and party_kinds[-1] == "archived"


# --- refusals that change nothing ----------------------------------------------------------------------------


@pytest.fixture
def agreement(world):
    """Park A's wage dispute with an agreement signed ten days ago: 3 × 1000 yuan, the first paid."""
    dispute = services.do_report_dispute(world.officer_a, source="walk_in", park=world.park_a,
                                         data={**WAGES, "people_involved": 2})
    worker = services.do_add_party(world.officer_a, dispute, side="applicant", full_name="王建国",
                                   id_number=WORKER_ID, phone=WORKER_PHONE, representative="律师 赵某")
    services.do_add_party(world.officer_a, dispute, side="respondent", enterprise=world.enterprise_a)
    services.do_accept_dispute(world.officer_a, dispute)
    services.do_record_facts(world.officer_a, dispute, facts=f"内部：王建国 {WORKER_PHONE}")
    session = services.do_plan_session(world.officer_a, dispute, planned_at=timezone.now(), place="调解中心",
                                       mediators=[{"role": "officer", "user": world.officer_a}])
    services.do_record_session(world.officer_a, session, attended=[worker], minutes=f"内部纪要 王建国 {WORKER_ID}",
                               result="agreed")
    _backdate(dispute.pk, 20)
    today = timezone.localdate()
    agreement = services.do_sign_agreement(
        world.officer_a, dispute, signed_on=today - timedelta(days=10), terms="分三期", total_amount="3000",
        level="park", instalments=[{"due_on": today - timedelta(days=5), "amount": "1000"},
                                   {"due_on": today + timedelta(days=20), "amount": "1000"},
                                   {"due_on": today + timedelta(days=50), "amount": "1000"}])
    first = agreement.instalments.get(number=1)
    services.do_record_payment(world.officer_a, first, amount="1000", paid_on=today - timedelta(days=5),
                               reference="BANK-001")
    return Agreement.objects.get(pk=agreement.pk)


def _books(agreement):
    agreement = Agreement.objects.get(pk=agreement.pk)
    return (agreement.version, agreement.terms, Payment.objects.count(),
            list(Instalment.objects.filter(agreement=agreement).values_list("due_on", "amount", "paid_amount")))


@pytest.mark.parametrize(("change", "field"), [
    ({"reference": "BANK-001"}, "reference"),  # the same bank slip twice
    ({"amount": "1000.01"}, "amount"),  # more than is still due
    ({"paid_on": "OLD"}, "paid_on"),  # before the agreement was signed
])
def test_a_refused_payment_is_a_400_and_changes_nothing(world, api_for, agreement, change, field):
    second = agreement.instalments.get(number=2)
    body = {"instalment": second.pk, "amount": "500", "paid_on": timezone.localdate().isoformat(),
            "reference": "BANK-009", **change}
    if body["paid_on"] == "OLD":
        body["paid_on"] = (agreement.signed_on - timedelta(days=1)).isoformat()
    before = _books(agreement)
    response = api_for(world.officer_a).post("/api/dispute-payments/", body, format="json")
    assert response.status_code == 400 and field in response.json(), response.json()
    assert _books(agreement) == before


def test_the_same_idempotency_key_records_one_payment(world, api_for, agreement):
    client = api_for(world.officer_a)
    body = {"instalment": agreement.instalments.get(number=2).pk, "amount": "1000",
            "paid_on": timezone.localdate().isoformat(), "reference": "BANK-002"}
    first = client.post("/api/dispute-payments/", body, format="json", HTTP_IDEMPOTENCY_KEY="pay-2")
    again = client.post("/api/dispute-payments/", body, format="json", HTTP_IDEMPOTENCY_KEY="pay-2")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and again.json() == first.json()
    assert Payment.objects.filter(reference="BANK-002").count() == 1
    other = client.post("/api/dispute-payments/", {**body, "reference": "BANK-003"}, format="json",
                        HTTP_IDEMPOTENCY_KEY="pay-2")
    assert other.status_code == 422 and not Payment.objects.filter(reference="BANK-003").exists()


def test_agreement_patch_needs_the_current_version(world, api_for, agreement):
    client, url = api_for(world.officer_a), f"/api/dispute-agreements/{agreement.pk}/"
    before = _books(agreement)
    missing = client.patch(url, {"terms": "改为两期"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()
    stale = client.patch(url, {"terms": "改为两期", "version": agreement.version - 1}, format="json")
    assert stale.status_code == 400 and "detail" in stale.json()  # ActionError(code="stale") answers 400
    assert _books(agreement) == before
    today = timezone.localdate()
    changed = _ok(client.patch(url, {"version": agreement.version, "terms": "余款分两期", "instalments": [
        {"due_on": (today + timedelta(days=30)).isoformat(), "amount": "2000"}]}, format="json"))
    assert changed["terms"] == "余款分两期" and changed["version"] == agreement.version + 1
    paid, rescheduled = changed["instalments"]  # the paid one stays; the unpaid two become one
    assert (paid["number"], paid["paid_amount"], rescheduled["amount"]) == (1, "1000.00", "2000.00")


def test_dispute_patch_changes_only_what_is_sent_and_needs_the_version(world, api_for, agreement):
    dispute = services.do_report_dispute(world.officer_a, source="phone", park=world.park_a,
                                         data={**WAGES, "people_involved": 2})
    client, url = api_for(world.officer_a), f"/api/disputes/{dispute.pk}/"
    assert client.patch(url, {"title": "新标题"}, format="json").status_code == 400
    assert client.patch(url, {"title": "新标题", "version": dispute.version + 5}, format="json").status_code == 400
    assert Dispute.objects.get(pk=dispute.pk).title == WAGES["title"]
    body = _ok(client.patch(url, {"title": "新标题", "version": dispute.version}, format="json"))
    assert (body["title"], body["kind"], body["amount"], body["version"]) == ("新标题", "labour", "186000.00",
                                                                               dispute.version + 1)
    # The park's other office may not change it, whatever it sends.
    assert api_for(world.officer_b).patch(url, {"title": "x", "version": 2}, format="json").status_code == 404


# --- who sees and does what ----------------------------------------------------------------------------------


def test_a_liaison_lists_only_the_disputes_of_their_enterprise(world, api_for, agreement):
    services.do_report_dispute(world.liaison_b, source="portal", data={**WAGES, "title": "B园纠纷"})
    services.do_report_dispute(world.officer_a, source="walk_in", park=world.park_a, data={**WAGES, "title": "无关"})
    for liaison in (world.liaison_a, world.liaison_b):
        theirs = set(DisputeParty.objects.filter(enterprise=liaison.enterprise).values_list("dispute", flat=True))
        listed = _ok(api_for(liaison).get("/api/disputes/"))
        assert {row["id"] for row in listed["results"]} == theirs and listed["count"] == len(theirs)
    titles = [row["title"] for row in _ok(api_for(world.liaison_a).get("/api/disputes/"))["results"]]
    assert WAGES["title"] in titles and "B园纠纷" not in titles and "无关" not in titles
    assert "B园纠纷" in [row["title"] for row in _ok(api_for(world.liaison_b).get("/api/disputes/"))["results"]]
    assert _ok(api_for(world.viewer).get("/api/disputes/"))["count"] == 0
    assert api_for(world.liaison_b).get(f"/api/disputes/{agreement.dispute_id}/").status_code == 404


def test_a_liaison_never_reads_the_other_partys_personal_data(world, api_for, agreement):
    dispute_pk = agreement.dispute_id
    services.do_comment(world.officer_a, agreement.dispute, text="内部备注 110101199003078515", internal=True)
    client = api_for(world.liaison_a)
    answers = [client.get(url) for url in (
        f"/api/disputes/{dispute_pk}/", "/api/disputes/", "/api/dispute-parties/",
        f"/api/disputes/{dispute_pk}/timeline/", "/api/mediation-sessions/", "/api/dispute-agreements/",
        "/api/dispute-payments/", "/api/instalments/")]
    assert all(a.status_code == 200 for a in answers)
    text = "".join(a.content.decode() for a in answers)
    assert_not_shown(text, "王建国", "赵某", WORKER_PHONE, WORKER_PHONE[-4:], WORKER_ID, WORKER_ID[-4:], "内部")
    parties = {p["kind"]: p for p in _ok(client.get("/api/dispute-parties/"))["results"]}
    assert parties["person"]["name"] == "王**" and parties["person"]["phone_masked"] == ""
    assert parties["enterprise"]["name"] == world.enterprise_a.name
    # The police read the same party masked, never in full, through this API.
    police = api_for(world.officer_a).get(f"/api/dispute-parties/?dispute={dispute_pk}").content.decode()
    assert "王建国" in police and WORKER_PHONE not in police and WORKER_ID not in police
    assert WORKER_PHONE[-4:] in police


def test_a_liaison_may_comment_but_not_handle(world, api_for, agreement):
    client, pk = api_for(world.liaison_a), agreement.dispute_id
    assert client.post(f"/api/disputes/{pk}/fail/", {"reason": "x"}, format="json").status_code == 404
    assert client.post(f"/api/disputes/{pk}/comment/", {"text": "请尽快付款"}, format="json").status_code == 200
    internal = client.post(f"/api/disputes/{pk}/comment/", {"text": "x", "internal": True}, format="json")
    assert internal.status_code == 403
    assert client.post("/api/dispute-payments/", {}, format="json").status_code == 403
    assert api_for(world.volunteer_a).post("/api/mediation-sessions/", {}, format="json").status_code == 403


def test_an_illegal_step_is_a_clear_400(world, api_for, agreement):
    response = api_for(world.officer_a).post(f"/api/disputes/{agreement.dispute_id}/archive/", {}, format="json")
    assert response.status_code == 400 and response.json()["detail"]


def test_a_mediator_from_another_station_is_refused(world, api_for):
    dispute = services.do_report_dispute(world.officer_a, source="walk_in", park=world.park_a, data=WAGES)
    client = api_for(world.officer_a)
    accepted = client.post(f"/api/disputes/{dispute.pk}/accept/", {"mediator": world.supervisor_t.pk}, format="json")
    assert accepted.status_code == 400 and "mediator" in accepted.json()
    services.do_accept_dispute(world.officer_a, dispute)
    planned = client.post("/api/mediation-sessions/", {"dispute": dispute.pk, "planned_at": timezone.now().isoformat(),
                                                       "place": "中心", "mediators": [{"role": "officer",
                                                                                     "user": world.supervisor_t.pk}]},
                          format="json")
    assert planned.status_code == 400 and "mediators" in planned.json()
    assert not dispute.sessions.exists()


# --- list queries do not grow with rows ----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/disputes/", "/api/dispute-parties/", "/api/mediation-sessions/",
                                  "/api/dispute-agreements/", "/api/instalments/", "/api/dispute-payments/"])
@pytest.mark.parametrize("persona", ["supervisor", "liaison_a"])
def test_list_query_count_is_flat(world, api_for, path, persona):
    client = api_for(world.personas[persona])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx)

    def one_more(n):
        dispute = services.do_report_dispute(world.liaison_a, source="portal", own_side="respondent",
                                             data={**WAGES, "title": f"纠纷{n}", "people_involved": 2})
        worker = services.do_add_party(world.officer_a, dispute, side="applicant", full_name=f"工人{n}",
                                       phone=f"1391234{n:04d}")
        services.do_accept_dispute(world.officer_a, dispute)
        session = services.do_plan_session(world.officer_a, dispute, planned_at=timezone.now(), place="中心",
                                           mediators=[{"role": "officer", "user": world.officer_a},
                                                      {"role": "lawyer", "name": "律师"}])
        services.do_record_session(world.officer_a, session, attended=[worker], minutes="m", result="agreed")
        today = timezone.localdate()
        agreement = services.do_sign_agreement(world.officer_a, dispute, signed_on=today, terms="t",
                                               total_amount="200", level="park",
                                               instalments=[{"due_on": today, "amount": "100"},
                                                            {"due_on": today, "amount": "100"}])
        services.do_record_payment(world.officer_a, agreement.instalments.first(), amount="100", paid_on=today,
                                   reference=f"R{n}")

    one_more(0)
    few = count()
    for n in range(1, 4):
        one_more(n)
    assert count() == few
    assert DisputeParty.objects.count() >= 8


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00", "9999-12-31T23:59:59-12:00"])
def test_a_session_time_at_the_ends_of_the_calendar_is_a_400(world, api_for, moment):
    dispute = services.do_report_dispute(world.officer_a, source="walk_in", park=world.park_a, data=WAGES)
    services.do_accept_dispute(world.officer_a, dispute)
    response = api_for(world.officer_a).post("/api/mediation-sessions/", {
        "dispute": dispute.pk, "planned_at": moment, "place": "中心",
        "mediators": [{"role": "lawyer", "name": "律师"}]},
        format="json")
    assert response.status_code == 400 and "planned_at" in response.json()
    assert not dispute.sessions.exists()
    session = services.do_plan_session(world.officer_a, dispute, planned_at=timezone.now(), place="中心",
                                       mediators=[{"role": "lawyer", "name": "律师"}])
    response = api_for(world.officer_a).post(f"/api/mediation-sessions/{session.pk}/record/", {
        "held_at": moment, "attended": [], "minutes": "m", "result": "continue"}, format="json")
    assert response.status_code == 400 and "held_at" in response.json()
    assert dispute.sessions.get().held_at is None
