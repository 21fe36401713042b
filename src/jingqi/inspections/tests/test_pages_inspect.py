"""The checklist on a phone: one card per item, each answer saved as it is given (JSON for the phone's script, a
plain form without it), errors beside their fields, a submit that asks first and turns failures into hazards,
the submitted inspection read back, and the denials that change nothing."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jingqi.core.models import AuditEvent
from jingqi.core.testing import factories as f
from jingqi.inspections import services
from jingqi.inspections.models import Hazard, Inspection, InspectionAnswer

pytestmark = [pytest.mark.django_db, pytest.mark.inspection_cast]
JSON = {"HTTP_ACCEPT": "application/json"}


def url(name, *args):
    return reverse(f"inspections:{name}", args=args)


def field_error(content, name):
    return re.search(rf'class="field[^"]* invalid">(?:(?!class="field).)*?name="{name}"(?:(?!class="field).)*?'
                     r'class="error"[^>]*>([^<]+)<', content, re.S)


@pytest.fixture
def draft(world):
    """The police's own inspection begun on visit a (its fire inspection is already submitted)."""
    return services.do_start_inspection(world.officer_a, world.visit_a, world.insp_type_police)


def items(inspection):
    return list(inspection.checklist.items.order_by("number"))


def answer(item, **fields):
    prefix = f"i{item.pk}"
    return {f"{prefix}-item": item.pk, **{f"{prefix}-{k}": v for k, v in fields.items()}}


def test_fill_page_has_one_card_per_item_and_its_script(world, client_for, draft):
    page = client_for(world.officer_a).get(url("inspection_fill", draft.pk)).content.decode()
    assert page.count('class="card item-card') == 3
    for item in items(draft):
        assert f'id="item-{item.pk}"' in page and item.text in page
    assert 'src="/static/inspections/inspection_fill.js"' in page and "<script>" not in page
    assert f'data-answer-url="{url("inspection_answer", draft.pk)}"' in page
    assert re.search(r'<form[^>]*/submit/"[^>]*data-confirm="[^"]+"', page)


def test_answer_sent_by_the_phone_is_saved_and_confirmed_in_json(world, client_for, draft):
    item = items(draft)[0]
    response = client_for(world.officer_a).post(url("inspection_answer", draft.pk), answer(item, result="pass"),
                                                **JSON)
    body = response.json()
    draft.refresh_from_db()
    assert response.status_code == 200 and body["ok"] and body["item"] == item.pk
    assert body["version"] == draft.version and body["answered"] == 1
    assert InspectionAnswer.objects.get(inspection=draft, item=item).result == "pass"
    # Sent again (the phone did not hear the reply): the same answer, not a second one.
    client_for(world.officer_a).post(url("inspection_answer", draft.pk), answer(item, result="pass"), **JSON)
    assert InspectionAnswer.objects.filter(inspection=draft, item=item).count() == 1


def test_failure_without_a_note_is_refused_beside_the_note(world, client_for, draft):
    item = items(draft)[1]
    client = client_for(world.officer_a)
    events = AuditEvent.objects.count()
    response = client.post(url("inspection_answer", draft.pk), answer(item, result="fail"), **JSON)
    assert response.status_code == 400 and not response.json()["ok"] and "note" in response.json()["errors"]
    response = client.post(url("inspection_answer", draft.pk), answer(item, result="fail"))
    assert response.status_code == 400 and field_error(response.content.decode(), f"i{item.pk}-note")
    assert not InspectionAnswer.objects.filter(inspection=draft).exists() and AuditEvent.objects.count() == events


def test_answer_without_a_choice_or_with_a_bad_photo_is_refused_beside_its_field(world, client_for, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = items(draft)[0]
    client = client_for(world.officer_a)
    response = client.post(url("inspection_answer", draft.pk), answer(item, note="x"))
    assert response.status_code == 400 and field_error(response.content.decode(), f"i{item.pk}-result")
    bad = SimpleUploadedFile("x.png", b"plain text", content_type="image/png")
    response = client.post(url("inspection_answer", draft.pk), answer(item, result="fail", note="缺", photo=bad))
    assert response.status_code == 400 and field_error(response.content.decode(), f"i{item.pk}-photo")
    assert not InspectionAnswer.objects.filter(inspection=draft).exists()


def test_item_of_another_checklist_is_refused(world, client_for, draft):
    other = world.checklist_fire.items.order_by("number").first()
    response = client_for(world.officer_a).post(url("inspection_answer", draft.pk), answer(other, result="pass"),
                                                **JSON)
    assert response.status_code == 400 and "item" in response.json()["errors"]
    response = client_for(world.officer_a).post(url("inspection_answer", draft.pk), answer(other, result="pass"))
    assert response.status_code == 400
    assert not InspectionAnswer.objects.filter(inspection=draft).exists()


def test_plain_form_saves_the_item_and_comes_back_to_its_card(world, client_for, draft):
    item = items(draft)[2]
    response = client_for(world.officer_a).post(url("inspection_answer", draft.pk), answer(
        item, result="fail", note="值班记录缺页", severity="major", photo=f.png_upload()))
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{item.pk}")
    saved = InspectionAnswer.objects.get(inspection=draft, item=item)
    assert saved.result == "fail" and saved.severity == "major" and saved.photo
    page = client_for(world.officer_a).get(url("inspection_fill", draft.pk)).content.decode()
    assert "值班记录缺页" in page


def test_submit_asks_for_every_item_then_turns_failures_into_hazards(world, client_for, draft):
    client = client_for(world.officer_a)
    first, second, third = items(draft)
    client.post(url("inspection_answer", draft.pk), answer(first, result="pass"), **JSON)
    draft.refresh_from_db()
    response = client.post(url("inspection_submit", draft.pk), {"submit-version": draft.version})
    assert response.status_code == 400 and "2, 3" in response.content.decode()
    assert Inspection.objects.get(pk=draft.pk).status == "draft"
    client.post(url("inspection_answer", draft.pk), answer(second, result="na"), **JSON)
    client.post(url("inspection_answer", draft.pk), answer(
        third, result="fail", note="灭火器压力不足", fixed_on_site="on", after_photo=f.png_upload()), **JSON)
    # Answers saved since the form was loaded leave its version current (another phone may be answering).
    response = client.post(url("inspection_submit", draft.pk), {"submit-version": draft.version,
                                                                "submit-note": "整体良好"})
    assert response.status_code == 302 and response["Location"] == url("inspection_detail", draft.pk)
    hazard = Hazard.objects.get(inspection=draft)
    assert hazard.status == "closed" and hazard.fixed_on_site
    page = client.get(url("inspection_fill", draft.pk)).content.decode()
    # The form is gone: the page says the answers no longer change and leads to them.
    assert 'class="card item-card' not in page and f'href="{url("inspection_detail", draft.pk)}"' in page
    response = client.post(url("inspection_answer", draft.pk), answer(first, result="fail", note="改"), **JSON)
    assert response.status_code == 400
    assert InspectionAnswer.objects.get(inspection=draft, item=first).result == "pass"


def test_submitted_inspection_is_read_back_with_its_hazards_and_photos(world, client_for):
    inspection = world.inspection_a
    for persona in (world.officer_a, world.liaison_a, world.dept_transport):
        page = client_for(persona).get(url("inspection_detail", inspection.pk)).content.decode()
        assert world.hazard_a.reference in page and "通道堆放货物" in page, persona
    failed = InspectionAnswer.objects.get(inspection=inspection, item__number=1)
    fixed = InspectionAnswer.objects.get(inspection=inspection, item__number=2)
    client = client_for(world.liaison_a)
    assert client.get(url("answer_photo", failed.pk, "before")).status_code == 200
    assert client.get(url("answer_photo", fixed.pk, "after")).status_code == 200
    assert client.get(url("answer_photo", failed.pk, "after")).status_code == 404
    assert client.get(url("answer_photo", failed.pk, "sideways")).status_code == 404
    assert client_for(world.liaison_b).get(url("answer_photo", failed.pk, "before")).status_code == 404


def test_who_may_fill_and_denials_that_change_nothing(world, client_for, draft):
    item = items(draft)[0]
    events = AuditEvent.objects.count()
    for persona in (world.liaison_a, world.liaison_b, world.dept_transport, world.officer_b, world.volunteer_a,
                    world.viewer):
        client = client_for(persona)
        assert client.get(url("inspection_fill", draft.pk)).status_code == 404, persona
        assert client.get(url("inspection_detail", draft.pk)).status_code == 404, persona
        assert client.post(url("inspection_answer", draft.pk), answer(item, result="pass")).status_code == 404
        assert client.post(url("inspection_submit", draft.pk), {"submit-version": draft.version}).status_code == 404
    # The department fills its own type's inspections; the liaison only reads the submitted ones.
    assert client_for(world.dept_transport).get(url("inspection_fill", world.inspection_a.pk)).status_code == 200
    assert client_for(world.liaison_a).get(url("inspection_fill", world.inspection_a.pk)).status_code == 404
    assert client_for(world.officer_a).get(url("inspection_answer", draft.pk)).status_code == 405
    assert not InspectionAnswer.objects.filter(inspection=draft).exists() and AuditEvent.objects.count() == events


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_fill_and_detail_do_not_grow_their_queries_with_answers(world, client_for, draft):
    client = client_for(world.officer_a)
    pages = [url("inspection_fill", draft.pk), url("inspection_detail", draft.pk)]
    services.do_save_answer(world.officer_a, draft, item=items(draft)[0], result="pass")
    before = [_queries(client, path) for path in pages]
    for item in items(draft)[1:]:
        services.do_save_answer(world.officer_a, draft, item=item, result="fail", note="问题",
                                photo=f.png_upload())
    assert [_queries(client, path) for path in pages] == before
