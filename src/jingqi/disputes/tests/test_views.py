"""Dispute pages: each renders for the roles that may see it and is a 404 for everyone else; a liaison reads
no internal event and no personal data of the other side; the authorization matrix over every dispute route."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jingqi.core.testing import factories as f
from jingqi.disputes import services
from jingqi.disputes.models import Dispute

pytestmark = pytest.mark.django_db

ID_NUMBER = f.valid_id_number(4242, born=1975)
PHONE = f.valid_mobile(39_424_242)
WAGES = {"kind": "labour", "urgency": "urgent", "title": "工人讨要工资", "description": "承包商拖欠三个月工资。",
         "amount": "90000", "people_involved": 3, "blocking": False, "location": "A工业园 2 号门",
         "latitude": "29.600000", "longitude": "120.800000"}


def build_cases(world) -> dict:
    """A dispute in each park (a and b of station S, t of station T); a's has a worker and the enterprise as
    parties, two sessions (the volunteer and the transport department sat on the first), a signed agreement
    in three instalments, a payment with its proof and an internal note and document."""
    o = {}
    today = timezone.localdate()
    a = services.do_report_dispute(world.officer_a, source="walk_in", park=world.park_a, data=WAGES)
    worker = services.do_add_party(world.officer_a, a, side="applicant", full_name="王建国", id_number=ID_NUMBER,
                                   phone=PHONE, headcount=3, representative="工人代表")
    services.do_add_party(world.officer_a, a, side="respondent", enterprise=world.enterprise_a)
    services.do_accept_dispute(world.officer_a, a)
    services.do_record_facts(world.officer_a, a, facts="内部调查：拖欠工资属实。")
    first = services.do_plan_session(world.officer_a, a, planned_at=timezone.now(), place="一站式调解中心",
                                     mediators=[{"role": "officer", "user": world.officer_a},
                                                {"role": "volunteer", "user": world.volunteer_a},
                                                {"role": "department", "user": world.dept_transport}])
    services.do_record_session(world.officer_a, first, attended=[worker], minutes="会议纪要：企业同意分期。",
                               result="continue")
    second = services.do_plan_session(world.officer_a, a, planned_at=timezone.now(), place="一站式调解中心",
                                      mediators=[{"role": "peoples_mediator", "name": "李调解",
                                                  "organisation": "街道调委会"}])
    services.do_comment(world.officer_a, a, text="内部备注：企业资金紧张。", internal=True)
    services.do_attach_document(world.officer_a, a, upload=f.png_upload("内部证据.png"), internal=True)
    services.do_attach_document(world.officer_a, a, upload=f.png_upload("公开材料.png"), internal=False)
    o["dispute_a"], o["worker"], o["session_a1"], o["session_a2"] = a, worker, first, second
    services.do_record_session(world.officer_a, second, attended=[worker], minutes="达成分期协议。", result="agreed")
    agreement = services.do_sign_agreement(
        world.officer_a, a, signed_on=today, terms="企业分三期支付拖欠工资。", total_amount="90000", level="park",
        instalments=[{"due_on": today, "amount": "30000"}, {"due_on": today + timedelta(days=30), "amount": "30000"},
                     {"due_on": today + timedelta(days=60), "amount": "30000"}])
    o["agreement_a"] = agreement
    o["instalments_a"] = list(agreement.instalments.order_by("number"))
    o["payment_a"] = services.do_record_payment(world.officer_a, o["instalments_a"][0], amount="30000",
                                                paid_on=today, reference="BANK-001",
                                                proof=f.png_upload("回单.png"))
    b = services.do_report_dispute(world.liaison_b, source="portal", data={**WAGES, "title": "B园合同纠纷",
                                                                           "kind": "contract"})
    o["dispute_b"] = b
    t = services.do_report_dispute(world.supervisor_t, source="phone", park=world.park_t,
                                   data={**WAGES, "title": "T园邻里纠纷", "kind": "neighbour"})
    services.do_add_party(world.supervisor_t, t, side="applicant", organisation="T园物业")
    services.do_accept_dispute(world.supervisor_t, t)
    first_t = services.do_plan_session(world.supervisor_t, t, planned_at=timezone.now(), place="T园",
                                       mediators=[{"role": "officer", "user": world.supervisor_t}])
    o["dispute_t"], o["session_t"] = t, first_t
    world.objects.update(o)
    return o


@pytest.fixture
def cases(world):
    return build_cases(world)


def get(client, name, *args, **params):
    return client.get(reverse(f"disputes:{name}", args=args), params)


# --- the authorization matrix over the dispute routes, with disputes in every park ------------------------------


@pytest.mark.parametrize("route", __import__("jingqi.disputes.authz", fromlist=["HTML_ROUTES"]).HTML_ROUTES,
                         ids=lambda r: r.name + ":" + ",".join(r.methods))
def test_dispute_route_denies_every_persona_outside_its_scope(world, client_for, cases, route):
    from jingqi.core.tests.test_authorization_matrix import _check_route

    assert _check_route(world, client_for, route, api=False) > 0


# --- who sees which page ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["supervisor", "officer_a", "auxiliary_a", "liaison_a", "volunteer_a",
                                 "dept_transport"])
def test_dispute_page_and_list_render_for_those_who_see_it(world, client_for, cases, who):
    client = client_for(getattr(world, who))
    dispute = cases["dispute_a"]
    page = get(client, "dispute_detail", dispute.pk)
    assert page.status_code == 200 and dispute.title in page.content.decode()
    listing = get(client, "dispute_list")
    assert listing.status_code == 200 and dispute.reference in listing.content.decode()
    assert cases["dispute_t"].reference not in listing.content.decode()


@pytest.mark.parametrize("who", ["officer_b", "liaison_b", "viewer", "supervisor_t"])
def test_dispute_page_is_a_404_outside_the_scope(world, client_for, cases, who):
    client = client_for(getattr(world, who))
    for name, pk in (("dispute_detail", cases["dispute_a"].pk), ("session_record", cases["session_a1"].pk),
                     ("agreement_document", cases["agreement_a"].pk), ("payment_record", cases["instalments_a"][1].pk),
                     ("dispute_edit", cases["dispute_a"].pk)):
        assert get(client, name, pk).status_code == 404, name


def test_viewer_has_no_dispute_list_and_no_menu_entry(world, client_for, cases):
    client = client_for(world.viewer)
    assert get(client, "dispute_list").status_code == 404
    assert reverse("disputes:dispute_list") not in client.get(reverse("home")).content.decode()
    assert reverse("disputes:dispute_list") in client_for(world.liaison_a).get(reverse("home")).content.decode()


@pytest.mark.parametrize("who", ["liaison_a", "volunteer_a", "dept_transport", "viewer"])
def test_handling_pages_are_for_the_police_only(world, client_for, cases, who):
    client = client_for(getattr(world, who))
    for name, args in (("workbench", ()), ("dispute_edit", (cases["dispute_a"].pk,)),
                       ("party_add", (cases["dispute_a"].pk,)), ("session_plan", (cases["dispute_a"].pk,)),
                       ("agreement_sign", (cases["dispute_a"].pk,)), ("agreement_edit", (cases["agreement_a"].pk,)),
                       ("dispute_from_ticket", (world.ticket_a.pk,))):
        assert get(client, name, *args).status_code == 404, name


def test_liaison_sees_no_internal_event_nor_the_other_sides_personal_data(world, client_for, cases):
    body = get(client_for(world.liaison_a), "dispute_detail", cases["dispute_a"].pk).content.decode()
    assert "内部备注" not in body and "内部调查" not in body and "会议纪要" not in body
    assert "内部证据.png" not in body and "回单.png" not in body
    assert "公开材料.png" in body
    assert "王建国" not in body and "王**" in body
    for secret in (ID_NUMBER, ID_NUMBER[-4:], PHONE, PHONE[-4:]):
        assert secret not in body, secret


def test_police_see_the_parties_masked(world, client_for, cases):
    body = get(client_for(world.officer_a), "dispute_detail", cases["dispute_a"].pk).content.decode()
    assert "王建国" in body
    assert ID_NUMBER not in body and PHONE not in body
    assert ID_NUMBER[:4] in body and ID_NUMBER[-4:] in body
    assert "内部备注" in body and "内部证据.png" in body
    # The worker is not a contact of any enterprise: the registry offers no reveal for him.
    assert "/reveal/" not in get(client_for(world.supervisor), "dispute_detail", cases["dispute_a"].pk
                                 ).content.decode()


def test_document_download_goes_through_the_scope_check(world, client_for, cases):
    internal = cases["dispute_a"].documents.get(original_name="内部证据.png")
    response = get(client_for(world.officer_a), "document_download", internal.pk)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert get(client_for(world.liaison_a), "document_download", internal.pk).status_code == 404
    public = cases["dispute_a"].documents.get(original_name="公开材料.png")
    assert get(client_for(world.liaison_a), "document_download", public.pk).status_code == 200


def test_request_page_offers_the_dispute_to_the_police_and_links_it_once_opened(world, client_for, cases):
    url = reverse("tickets:ticket_detail", args=[world.ticket_b.pk])
    from_request = reverse("disputes:dispute_from_ticket", args=[world.ticket_b.pk])
    assert from_request in client_for(world.officer_b).get(url).content.decode()
    assert from_request not in client_for(world.liaison_b).get(url).content.decode()
    response = client_for(world.officer_b).post(from_request, {
        "kind": "contract", "urgency": "routine", "title": "合同款纠纷", "description": "对方拖欠货款",
        "people_involved": 2})
    dispute = Dispute.objects.get(ticket=world.ticket_b)
    assert response.status_code == 302 and response["Location"] == reverse("disputes:dispute_detail",
                                                                            args=[dispute.pk])
    body = client_for(world.officer_b).get(url).content.decode()
    assert dispute.reference in body and from_request not in body
    # The enterprise reads the link too: it is a party.
    assert dispute.reference in client_for(world.liaison_b).get(url).content.decode()


def test_workbench_lists_the_centres_work(world, client_for, cases):
    from jingqi.disputes.models import Instalment

    Instalment.objects.filter(pk=cases["instalments_a"][1].pk).update(due_on=timezone.localdate() - timedelta(days=1))
    body = get(client_for(world.officer_a), "workbench").content.decode()
    assert cases["dispute_a"].reference in body
    assert reverse("disputes:payment_record", args=[cases["instalments_a"][1].pk]) in body
    assert cases["dispute_b"].reference not in body  # another office's park


def test_map_features_are_scoped(world, client_for, cases):
    ids = {feat["properties"].get("id") for feat in get(client_for(world.officer_b), "map_features").json()["features"]
           if feat["properties"]["kind"] == "dispute"}
    assert ids == {cases["dispute_b"].pk}
    page = get(client_for(world.officer_b), "dispute_map").content.decode()
    assert "vendor/leaflet/leaflet.js" in page and "jingqi/dispute_map.js" in page


def test_agreement_document_is_printable_and_private(world, client_for, cases):
    agreement = cases["agreement_a"]
    police = get(client_for(world.officer_a), "agreement_document", agreement.pk).content.decode()
    assert "人民调解协议书" in police and "王建国" in police and "企业分三期支付拖欠工资" in police
    assert ID_NUMBER not in police  # officer_a has no reveal right: masked
    liaison = get(client_for(world.liaison_a), "agreement_document", agreement.pk).content.decode()
    assert "人民调解协议书" in liaison and "王建国" not in liaison
    for secret in (ID_NUMBER, ID_NUMBER[-4:], PHONE, PHONE[-4:]):
        assert secret not in liaison
    pdf = get(client_for(world.officer_a), "agreement_pdf", agreement.pk)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and pdf["Cache-Control"].startswith("no-store")


@pytest.mark.parametrize("who", ["supervisor", "officer_a", "liaison_a", "viewer"])
def test_figures_page_shows_each_figure_with_its_sample(world, client_for, cases, who):
    response = get(client_for(getattr(world, who)), "figures")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="figure"' in body
    if who == "viewer":
        assert cases["dispute_a"].reference not in body
