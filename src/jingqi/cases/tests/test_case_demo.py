"""The demo's cases, as the published models tell them, counted from the records the services wrote."""

import pytest
from django.urls import reverse
from django.utils import timezone

from jingqi.accounts.models import User
from jingqi.cases.models import Case, CaseEvent

pytestmark = pytest.mark.django_db


def test_the_cnc_template_theft_is_solved_within_48_hours_and_recovers_over_a_million_in_three_regions(small_demo):
    theft = Case.objects.get(title="数控模板及刀具被盗")
    assert theft.status == "closed" and theft.hours_to_solve <= 48
    assert theft.recovered_amount > 1_000_000 and theft.recovered_amount <= theft.loss_amount
    assert set(theft.recoveries.values_list("region", flat=True)) == {"长沙", "东莞", "苏州"}


def test_the_false_claim_extortion_is_a_real_case_linked_to_its_clue_solved_and_repaid(small_demo):
    extortion = Case.objects.get(source="clue")
    assert extortion.kind == "extortion" and extortion.clue.state == "transferred"
    assert extortion.filing_number == extortion.clue.case_reference
    assert extortion.status == "closed" and extortion.recovered_amount == extortion.loss_amount > 0
    # The clue was reviewed, confirmed and transferred within a working day.
    review = extortion.clue.events.get(kind="review").at
    assert (extortion.reported_at - review).total_seconds() < 24 * 3600


def test_every_step_is_in_the_past_and_the_victims_liaison_reads_the_theft(small_demo, client):
    theft = Case.objects.get(title="数控模板及刀具被盗")
    assert not CaseEvent.objects.filter(at__gt=timezone.now()).exists()
    liaison = User.objects.filter(role="liaison", enterprise__case_victims__case=theft).first()
    if liaison is not None:
        client.force_login(liaison)
        assert client.get(reverse("cases:case_detail", args=[theft.pk])).status_code == 200
    assert Case.objects.filter(status="not_filed").exists() and Case.objects.filter(status="reported").exists()
