"""Background-check pages: each renders for the roles that may see it and is a 404 for everyone else; the ID number
is masked until an audited reveal; the consent comes decrypted through a scoped, audited download; pages with
personal data are not stored; errors stand beside their fields; lists keep their query count and index order."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from jingqi.accounts.models import User
from jingqi.cases import selectors_checks as selectors
from jingqi.cases import services_checks as services
from jingqi.cases.cast_checks import CANDIDATE_ID, CANDIDATE_NAME, CONSENT_PDF, consent_pdf, request_data
from jingqi.cases.models import BackgroundCheck
from jingqi.core import pii
from jingqi.core.models import AuditEvent
from jingqi.core.testing import factories as f
from jingqi.core.testing.plans import assert_served_by_index

pytestmark = [pytest.mark.django_db, pytest.mark.case_cast]


def url(name, *args):
    return reverse(f"cases:{name}", args=args)


def _revealer(world) -> User:
    world.officer_a.user_permissions.add(Permission.objects.get(codename="reveal_personal_data"))
    return User.objects.get(pk=world.officer_a.pk)


def _no_store(response):
    assert "no-store" in response["Cache-Control"], response["Cache-Control"]


# --- the authorization matrix over the check routes -------------------------------------------------------------


@pytest.mark.parametrize("route", __import__("jingqi.cases.authz_checks", fromlist=["HTML_ROUTES"]).HTML_ROUTES,
                         ids=lambda r: r.name + ":" + ",".join(r.methods))
def test_check_route_denies_every_persona_outside_its_scope(world, client_for, route):
    from jingqi.core.tests.test_authorization_matrix import _check_route

    assert _check_route(world, client_for, route, api=False) > 0


# --- asking -----------------------------------------------------------------------------------------------------


def _post_request(client, **overrides):
    data = {**request_data(), **overrides}
    return client.post(url("check_request"), {**data, "consent": overrides.get("consent", consent_pdf())})


def test_a_liaison_asks_through_the_form_and_lands_on_the_check(world, client_for):
    client = client_for(world.liaison_a)
    page = client.get(url("check_request"))
    assert page.status_code == 200 and b'enctype="multipart/form-data"' in page.content
    _no_store(page)
    response = _post_request(client)
    check = BackgroundCheck.objects.order_by("-pk").first()
    assert response.status_code == 302 and response["Location"] == url("check_detail", check.pk)
    assert check.requested_by == world.liaison_a and check.candidate_name == CANDIDATE_NAME
    followed = client.get(response["Location"])
    assert check.reference.encode() in followed.content


@pytest.mark.parametrize(("overrides", "field"), [
    ({"id_number": CANDIDATE_ID[:-1] + ("1" if CANDIDATE_ID[-1] != "1" else "2")}, "id_number"),
    ({"consent_scope": []}, "consent_scope"),
    ({"consent_signed_on": (timezone.localdate() + timedelta(days=3)).isoformat()}, "consent_signed_on"),
    ({"consent": f.png_upload("x.txt")}, "consent"),
    ({"position": ""}, "position"),
])
def test_a_bad_request_is_shown_beside_its_field_and_nothing_is_asked(world, client_for, overrides, field):
    before = BackgroundCheck.objects.count()
    response = _post_request(client_for(world.liaison_a), **overrides)
    assert response.status_code == 400 and BackgroundCheck.objects.count() == before
    errors = response.context["form"].errors
    assert list(errors) == [field], errors
    html = response.content.decode()
    # The error is printed inside the field's own block, right after its input.
    block = html[html.index(f'name="{field}"'):]
    following = block.find('<div class="field')
    assert block.index('class="error"') < (following if following != -1 else block.index("</form>"))


@pytest.mark.parametrize("who", ["officer_a", "supervisor", "dept_transport", "volunteer_a", "viewer"])
def test_only_liaisons_have_the_request_form(world, client_for, who):
    client = client_for(getattr(world, who))
    assert client.get(url("check_request")).status_code == 404
    assert _post_request(client).status_code == 404


# --- the officer's page -------------------------------------------------------------------------------------------


def test_the_officer_reads_the_candidate_with_the_id_number_masked(world, client_for):
    response = client_for(world.officer_a).get(url("check_detail", world.check_a.pk))
    assert response.status_code == 200
    _no_store(response)
    html = response.content.decode()
    assert CANDIDATE_NAME in html and pii.mask_id_number(CANDIDATE_ID) in html and CANDIDATE_ID not in html
    assert url("check_consent", world.check_a.pk) in html
    assert url("check_reveal", world.check_a.pk) not in html  # officer_a has no reveal right
    assert url("check_advise", world.check_a.pk) in html and url("check_decline", world.check_a.pk) in html
    assert html.count("data-confirm") == 2


def test_the_reveal_is_a_post_for_officers_with_the_right_and_is_audited(world, client_for):
    client = client_for(_revealer(world))
    page = client.get(url("check_detail", world.check_a.pk)).content.decode()
    assert f'hx-post="{url("check_reveal", world.check_a.pk)}"' in page and CANDIDATE_ID not in page
    assert client.get(url("check_reveal", world.check_a.pk)).status_code == 405
    response = client.post(url("check_reveal", world.check_a.pk))
    assert response.status_code == 200 and CANDIDATE_ID in response.content.decode()
    _no_store(response)
    assert AuditEvent.objects.filter(action="background_check.reveal_id_number",
                                     object_id=str(world.check_a.pk)).count() == 1


def test_the_reveal_without_the_right_is_refused_and_shows_nothing(world, client_for):
    events = AuditEvent.objects.count()
    response = client_for(world.officer_a).post(url("check_reveal", world.check_a.pk))
    assert response.status_code == 403 and CANDIDATE_ID not in response.content.decode()
    assert AuditEvent.objects.count() == events


def test_the_consent_downloads_decrypted_unstored_and_audited(world, client_for):
    response = client_for(world.officer_a).get(url("check_consent", world.check_a.pk))
    assert response.status_code == 200 and response.content == CONSENT_PDF
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith(f'attachment; filename="{world.check_a.reference}-consent.pdf"')
    _no_store(response)
    assert AuditEvent.objects.filter(action="background_check.consent_download").count() == 1


def test_bad_advice_is_shown_beside_its_field_and_changes_nothing(world, client_for):
    check = world.check_a
    response = client_for(world.officer_a).post(url("check_advise", check.pk), {
        "advise-advice": "suitable", "advise-reason_category": "drugs", "version": check.version})
    assert response.status_code == 400
    assert list(response.context["forms"]["advise"].errors) == ["reason_category"]
    assert b'<details open' in response.content
    assert BackgroundCheck.objects.get(pk=check.pk).status == "requested"


def test_the_officer_advises_and_the_page_says_so(world, client_for):
    client = client_for(world.officer_a)
    response = client.post(url("check_advise", world.check_a.pk), {
        "advise-advice": "attention", "advise-reason_category": "related_offence", "version": world.check_a.version},
        follow=True)
    assert response.status_code == 200 and response.redirect_chain[-1][0] == url("check_detail", world.check_a.pk)
    check = BackgroundCheck.objects.get(pk=world.check_a.pk)
    assert check.status == "advised" and check.advice == "attention"
    assert url("check_advise", check.pk) not in response.content.decode()


def test_the_officer_declines_with_a_reason(world, client_for):
    response = client_for(world.officer_a).post(url("check_decline", world.check_a.pk), {"decline-reason": "scope"})
    assert response.status_code == 302
    assert BackgroundCheck.objects.get(pk=world.check_a.pk).decline_reason == "scope"


def test_a_decline_without_a_reason_is_shown_beside_the_field(world, client_for):
    response = client_for(world.officer_a).post(url("check_decline", world.check_a.pk), {})
    assert response.status_code == 400 and "reason" in response.context["forms"]["decline"].errors


# --- the liaison's pages ------------------------------------------------------------------------------------------


def test_the_liaison_reads_the_advice_and_its_reason_only(world, client_for):
    client = client_for(world.liaison_a)
    response = client.get(url("check_detail", world.check_a_advised.pk))
    assert response.status_code == 200
    _no_store(response)
    html = response.content.decode()
    check = world.check_a_advised
    with translation.override("zh-hans"):  # the page's language
        assert escape(check.get_advice_display()) in html and escape(check.get_reason_category_display()) in html
    assert check.candidate_name not in html and check.candidate_id_number not in html
    assert pii.mask_id_number(check.candidate_id_number) not in html
    assert url("check_consent", check.pk) not in html and url("check_reveal", check.pk) not in html
    assert url("check_withdraw", check.pk) not in html  # answered: nothing to withdraw


def test_the_liaison_withdraws_a_waiting_check_after_confirming(world, client_for):
    client = client_for(world.liaison_a)
    html = client.get(url("check_detail", world.check_a.pk)).content.decode()
    assert CANDIDATE_NAME not in html and url("check_withdraw", world.check_a.pk) in html and "data-confirm" in html
    response = client.post(url("check_withdraw", world.check_a.pk), {"version": world.check_a.version})
    assert response.status_code == 302
    assert BackgroundCheck.objects.get(pk=world.check_a.pk).status == "withdrawn"


def test_a_stale_withdrawal_is_said_and_changes_nothing(world, client_for):
    client = client_for(world.liaison_a)
    response = client.post(url("check_withdraw", world.check_a.pk), {"version": world.check_a.version - 1},
                           follow=True)
    assert response.status_code == 200 and response.context["messages"]
    assert BackgroundCheck.objects.get(pk=world.check_a.pk).status == "requested"


def test_the_liaison_lists_only_the_checks_they_asked(world, client_for):
    response = client_for(world.liaison_a).get(url("check_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert world.check_a.reference in html and world.check_a_advised.reference in html
    assert world.check_a2.reference not in html and world.check_b.reference not in html
    assert CANDIDATE_NAME not in html


# --- lists, statistics, who gets nothing --------------------------------------------------------------------------


def test_the_officer_queue_lists_the_office_waiting_checks_oldest_first(world, client_for):
    BackgroundCheck.objects.filter(pk=world.check_a2.pk).update(requested_at=timezone.now() - timedelta(days=2))
    response = client_for(world.officer_a).get(url("check_list"))
    assert response.status_code == 200
    refs = [c.reference for c in response.context["page"]]
    assert refs == [world.check_a2.reference, world.check_a.reference]  # answered and park B's are not here
    assert CANDIDATE_NAME not in response.content.decode()


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


@pytest.mark.parametrize(("who", "asker"), [("officer_a", "liaison_a"), ("liaison_a", "liaison_a")])
def test_check_lists_keep_their_query_count_as_checks_are_added(world, client_for, who, asker):
    client = client_for(getattr(world, who))
    few = _queries(client, url("check_list"))
    for n in range(6):
        services.do_request_check(getattr(world, asker), data=request_data(
            id_number=f.valid_id_number(7300 + n, born=1994)), consent=consent_pdf())
    assert _queries(client, url("check_list")) == few


def test_the_queue_is_read_in_order_through_the_station_status_index(world):
    assert_served_by_index(selectors.queue_for(world.officer_a)[:25], "bgcheck_station_status_idx")


def test_a_liaison_list_is_read_in_order_through_the_enterprise_index(world):
    assert_served_by_index(selectors.checks_of(world.liaison_a)[:25], "bgcheck_enterprise_idx")


def test_the_supervisor_counts_checks_and_never_opens_one(world, client_for):
    client = client_for(world.supervisor)
    assert client.get(url("check_list"))["Location"] == url("check_statistics")
    response = client.get(url("check_statistics"))
    assert response.status_code == 200 and response.context["stats"]["total"] == 4
    html = response.content.decode()
    for check in (world.check_a, world.check_b):
        assert check.reference not in html and check.candidate_name not in html
    assert client.get(url("check_detail", world.check_a.pk)).status_code == 404


def test_the_officer_reads_the_office_statistics(world, client_for):
    response = client_for(world.officer_b).get(url("check_statistics"))
    assert response.status_code == 200 and response.context["stats"]["total"] == 1


@pytest.mark.parametrize("who", ["dept_transport", "volunteer_a", "viewer"])
def test_other_roles_get_no_check_page_at_all(world, client_for, who):
    client = client_for(getattr(world, who))
    for path in (url("check_list"), url("check_statistics"), url("check_request"),
                 url("check_detail", world.check_a.pk)):
        assert client.get(path).status_code == 404, path


def test_the_menu_offers_background_checks_to_the_roles_that_have_them(world, client_for):
    for who, shown in (("officer_a", True), ("liaison_a", True), ("supervisor", True), ("viewer", False),
                       ("volunteer_a", False), ("dept_transport", False)):
        html = client_for(getattr(world, who)).get(reverse("home")).content.decode()
        assert (f'href="{url("check_list")}"' in html) is shown, who
