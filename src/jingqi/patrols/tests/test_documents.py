"""The coverage report of a guard operation: its context, the printable page, and the PDF (opened with PDFium and
its text read back, the names in Chinese included)."""

import pytest
from django.http import Http404
from django.urls import reverse

from jingqi.core.testing.pdfs import pdf_text
from jingqi.patrols.documents import CONTEXT_KEYS, coverage_context, coverage_pdf

from .test_pages_guard import guard_world

pytestmark = pytest.mark.django_db


def test_the_context_proves_every_hour_and_names_every_gap(world):
    g = guard_world(world)
    context = coverage_context(g.op, world.officer_a)
    assert set(context) == set(CONTEXT_KEYS)
    summary = context["summary"]
    assert summary["slots"] == 2 * 48 and summary["covered"] == 4 + 6 + 6
    assert summary["gap_hours"] == 96 - 16 and not summary["ok"]
    # Every segment-hour is in exactly one run of the proof.
    hours = {(r["segment"], h) for r in context["runs"] for h in range(r["start"], r["end"])}
    assert len(hours) == sum(r["hours"] for r in context["runs"]) == 96
    gap_hours = sum(gap["hours"] for gap in context["gaps"])
    assert gap_hours == summary["gap_hours"]
    first = next(gap for gap in context["gaps"] if gap["segment"] == "S02" and gap["start"] == 0)
    assert first["reason"] == "没有人有空（测试原因）"
    assert all(gap["reason"] for gap in context["gaps"])
    assert {s["person"] for s in context["shifts"]} == {"义警甲", "义警乙"}


def test_the_context_is_refused_outside_the_scope(world):
    g = guard_world(world)
    for persona in (world.officer_b, world.viewer, world.supervisor_t, world.liaison_b):
        with pytest.raises(Http404):
            coverage_context(g.op, persona)


def test_the_pdf_reads_back_with_the_operation_names_and_the_gap_reasons(world):
    g = guard_world(world)
    text, pages = pdf_text(coverage_pdf(g.op, world.officer_a))
    assert pages >= 1
    for expected in ("电缆守护", "A工业园", "义警甲", "没有人有空（测试原因）", "S01", "S02"):
        assert expected in text, expected


def test_the_printable_page_and_the_pdf_response(world, client_for):
    g = guard_world(world)
    client = client_for(world.volunteer_a)  # in the pool: reads the report
    page = client.get(reverse("patrols:coverage_report", args=[g.op.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "没有人有空（测试原因）" in content and "义警乙" in content
    response = client.get(reverse("patrols:coverage_pdf", args=[g.op.pk]))
    assert response["Content-Type"] == "application/pdf" and "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
