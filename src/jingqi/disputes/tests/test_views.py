"""Dispute pages: each renders for the roles that may see it and is a 404 for everyone else; a liaison reads
no internal event and no personal data of the other side; the authorization matrix over every dispute route."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jingqi.core.testing.leaks import assert_not_shown
from jingqi.core.testing.personas import DISPUTE_ID_NUMBER as ID_NUMBER
from jingqi.core.testing.personas import DISPUTE_PHONE as PHONE
from jingqi.disputes.models import Dispute

# The cast with its disputes: every dispute route has objects in and out of each persona's scope.
pytestmark = [pytest.mark.django_db, pytest.mark.dispute_cast]


@pytest.fixture
def cases(world):
    """The shared cast's disputes (core/testing/personas.py): one in each park, a's with an agreement."""
    return world.objects


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
    assert_not_shown(body, ID_NUMBER, ID_NUMBER[-4:], PHONE, PHONE[-4:])


def test_liaison_does_not_read_the_name_of_the_other_sides_representative(world, client_for, cases):
    from jingqi.disputes.models import DisputeParty

    DisputeParty.objects.filter(pk=cases["worker"].pk).update(representative="工人代表 张志强")
    body = get(client_for(world.liaison_a), "dispute_detail", cases["dispute_a"].pk).content.decode()
    assert "张志强" not in body
    assert "张志强" in get(client_for(world.officer_a), "dispute_detail", cases["dispute_a"].pk).content.decode()


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
    assert_not_shown(liaison, ID_NUMBER, ID_NUMBER[-4:], PHONE, PHONE[-4:])
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


def test_agreement_document_prints_the_agreed_facts_never_the_internal_findings(world, client_for, cases):
    for who in ("officer_a", "liaison_a"):
        body = get(client_for(getattr(world, who)), "agreement_document", cases["agreement_a"].pk).content.decode()
        assert "内部调查" not in body, who  # the investigation's findings (Dispute.facts)
        assert cases["agreement_a"].facts in body, who  # the report's account, as nothing else was agreed
