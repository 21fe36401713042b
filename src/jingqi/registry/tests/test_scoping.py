"""Who sees what, spelled out per persona. The authorization matrix proves that every route honours
``visible_to``; these tables prove that ``visible_to`` itself says what DESIGN.md says."""

import pytest

from jingqi.registry.models import Contact, Enterprise, Park, Person, Station, Strategy, Visit

pytestmark = pytest.mark.django_db

ENTERPRISES_SEEN = {
    "supervisor": {"a", "b"}, "officer_a": {"a"}, "auxiliary_a": {"a"}, "officer_b": {"b"},
    "liaison_a": {"a"}, "liaison_b": {"b"}, "dept_transport": set(), "volunteer_a": set(), "viewer": set(),
    "supervisor_t": {"t"},
}
ENTERPRISES_CHANGED = {
    "supervisor": {"a", "b"}, "officer_a": {"a"}, "auxiliary_a": set(), "officer_b": {"b"},
    "liaison_a": set(), "liaison_b": set(), "dept_transport": set(), "volunteer_a": set(), "viewer": set(),
    "supervisor_t": {"t"},
}
PARKS_SEEN = {**ENTERPRISES_SEEN, "liaison_a": set(), "liaison_b": set()}
PARKS_CHANGED = {name: ({"a", "b"} if name == "supervisor" else {"t"} if name == "supervisor_t" else set())
                 for name in ENTERPRISES_SEEN}
VISITS_SEEN = {**ENTERPRISES_SEEN, "liaison_a": set(), "liaison_b": set()}


def _keys(world, model, qs):
    by_pk = {getattr(world, f"{model}_{k}").pk: k for k in "abt"}
    return {by_pk[pk] for pk in qs.values_list("pk", flat=True)}


@pytest.mark.parametrize("persona", ENTERPRISES_SEEN)
def test_enterprise_visibility_follows_park_office_and_own_enterprise(world, persona):
    user = world.personas[persona]
    assert _keys(world, "enterprise", Enterprise.objects.visible_to(user)) == ENTERPRISES_SEEN[persona]
    assert _keys(world, "enterprise", Enterprise.objects.visible_to(user, "change")) == ENTERPRISES_CHANGED[persona]


@pytest.mark.parametrize("persona", PARKS_SEEN)
def test_park_visibility_excludes_liaisons_and_non_police(world, persona):
    user = world.personas[persona]
    assert _keys(world, "park", Park.objects.visible_to(user)) == PARKS_SEEN[persona]
    assert _keys(world, "park", Park.objects.visible_to(user, "change")) == PARKS_CHANGED[persona]


@pytest.mark.parametrize("persona", VISITS_SEEN)
def test_visits_are_police_only(world, persona):
    user = world.personas[persona]
    assert _keys(world, "visit", Visit.objects.visible_to(user)) == VISITS_SEEN[persona]


@pytest.mark.parametrize("persona", ENTERPRISES_SEEN)
def test_contacts_strategies_and_people_follow_their_enterprise(world, persona):
    user = world.personas[persona]
    expected = ENTERPRISES_SEEN[persona]
    assert _keys(world, "contact", Contact.objects.visible_to(user)) == expected
    assert _keys(world, "strategy", Strategy.objects.visible_to(user)) == expected
    people = {world.objects[f"contact_{k}"].person_id: k for k in "abt"}
    assert {people[pk] for pk in Person.objects.visible_to(user).values_list("pk", flat=True)} == expected


def test_station_organisation_is_visible_to_its_police_only(world):
    seen = {name: set(Station.objects.visible_to(user).values_list("code", flat=True))
            for name, user in world.personas.items()}
    assert seen == {
        "supervisor": {"S"}, "officer_a": {"S"}, "auxiliary_a": {"S"}, "officer_b": {"S"}, "liaison_a": set(),
        "liaison_b": set(), "dept_transport": set(), "volunteer_a": set(), "viewer": set(), "supervisor_t": {"T"},
    }


def test_inactive_and_anonymous_users_see_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    officer = world.officer_a
    officer.is_active = False
    assert not Enterprise.objects.visible_to(officer).exists()
    assert not Enterprise.objects.visible_to(AnonymousUser()).exists()
