from datetime import timedelta
from decimal import Decimal
from io import StringIO
from itertools import combinations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from shapely.geometry import Point, shape
from stdnum.cn import ric, uscc

from jingqi.accounts.choices import POLICE_ROLES, Role
from jingqi.accounts.models import User
from jingqi.accounts.services import do_create_user
from jingqi.core.audit import verify_chain
from jingqi.core.errors import ActionError
from jingqi.core.models import AuditEvent
from jingqi.core.pii import normalize_phone
from jingqi.core.testing.demo import FAST_HASHERS, loaded_demo
from jingqi.registry import demo, geo
from jingqi.registry.choices import StationingMode, TeamRole
from jingqi.registry.models import (
    Contact,
    Department,
    Enterprise,
    Office,
    Park,
    Person,
    Station,
    Stationing,
    Strategy,
    TeamMember,
    Visit,
)

SMALL = 0.1


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


def fingerprint(plan):
    return [
        (e.name, e.uscc, e.industry_code, e.headcount, e.latitude, e.longitude, e.key,
         [(c.full_name, c.id_number, c.phone) for c in e.contacts], [v.summary for v in e.visits])
        for setting in plan.settings for e in setting.enterprises
    ] + [(u.username, u.full_name) for u in plan.users]


def test_same_seed_gives_the_same_plan_and_another_seed_a_different_one():
    first = demo.build_plan(seed=7, scale=SMALL)
    assert fingerprint(first) == fingerprint(demo.build_plan(seed=7, scale=SMALL))
    assert fingerprint(first) != fingerprint(demo.build_plan(seed=8, scale=SMALL))


def test_scale_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError):
        demo.build_plan(scale=0)
    with pytest.raises(CommandError):
        call_command("demo", "--scale", "1.5", verbosity=0)


def test_organisation_codes_carry_their_gb_11714_check_character():
    assert demo.gb11714_check("60003734") == "1"  # from 91110000600037341L, stdnum's own example
    assert demo.gb11714_check("72345679") == "X"  # remainder 10 is written X
    assert demo.gb11714_check("MA2D3K4L") == "0"  # remainder 11 is written 0


def test_command_loads_once_and_if_empty_leaves_a_loaded_database_alone(migrated_db):
    out = StringIO()
    call_command("demo", "--scale", "0.05", verbosity=0, stdout=out)
    assert "sz_supervisor" in out.getvalue()
    count = Enterprise.objects.count()
    from jingqi.analytics.models import Cell, RefreshState

    assert Cell.objects.exists() and RefreshState.objects.get().full  # the figures are there from the start

    out = StringIO()
    call_command("demo", "--if-empty", verbosity=0, stdout=out)
    assert out.getvalue().strip()
    assert Enterprise.objects.count() == count
    with pytest.raises(CommandError):
        call_command("demo", "--scale", "0.05", verbosity=0)
    assert Enterprise.objects.count() == count


def test_a_taken_user_name_stops_the_load_and_nothing_is_written(migrated_db):
    do_create_user(None, username="admin", password="another-password-2026", role=Role.VIEWER,
                   is_superuser=True)
    with pytest.raises(ActionError):
        demo.load_demo(scale=0.05)
    assert not Station.objects.exists()
    assert User.objects.count() == 1


@pytest.mark.django_db
class TestSmallDemo:
    """One small demo, loaded once for these tests and rolled back after them; each test reads it inside its
    own savepoint (what one test changes, the next does not see). Loading it costs seconds, so once, not eight
    times."""

    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def small_demo(cls, django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), loaded_demo(scale=SMALL) as loaded:
            yield loaded.plan

    def test_majiahe_boundaries_add_up_to_the_published_area(self):
        parks = list(Park.objects.filter(station__code="ZZ-MJH"))
        # The area is the service's computation from the boundary, rounded per park.
        for park in parks:
            assert park.area_km2 == geo.area_km2(park.boundary)
        assert sum(park.area_km2 for park in parks) == Decimal("35.97")
        for a, b in combinations(parks, 2):
            assert not shape(a.boundary).intersects(shape(b.boundary))

    def test_enterprises_lie_inside_their_parks_boundary(self):
        enterprises = Enterprise.objects.select_related("park")
        assert enterprises.exists()
        for enterprise in enterprises:
            point = Point(float(enterprise.longitude), float(enterprise.latitude))
            assert shape(enterprise.park.boundary).contains(point), enterprise.name

    def test_credit_codes_id_numbers_and_phones_are_valid(self):
        divisions = {"SZ-YX": "330683", "ZZ-MJH": "430211"}
        for enterprise in Enterprise.objects.select_related("park__station"):
            assert uscc.validate(enterprise.uscc) == enterprise.uscc
            assert enterprise.uscc[:8] == "91" + divisions[enterprise.park.station.code]
            assert demo.gb11714_check(enterprise.uscc[8:16]) == enterprise.uscc[16]
        assert Enterprise.objects.values("name").distinct().count() == Enterprise.objects.count()
        people = list(Person.objects.all())
        assert people
        for person in people:
            assert ric.validate(person.id_number) == person.id_number
            assert normalize_phone(person.phone) == person.phone
        for department in Department.objects.all():
            normalize_phone(department.duty_phone)

    def test_every_record_was_written_by_a_service_and_audited(self):
        def audited(action):
            return AuditEvent.objects.filter(action=action).count()

        assert audited("user.create") == User.objects.count()
        assert audited("station.create") == Station.objects.count() == 2
        assert audited("office.create") == Office.objects.count()
        assert audited("department.create") == Department.objects.count()
        assert audited("stationing.set") == Stationing.objects.count()
        assert audited("park.create") == Park.objects.count() == 4
        assert audited("enterprise.create") == Enterprise.objects.count()
        assert audited("contact.create") == Contact.objects.count()
        assert audited("team.add") == TeamMember.objects.count()
        assert audited("strategy.update") == Enterprise.objects.filter(key_enterprise=True).count()
        assert audited("visit.create") == Visit.objects.count()
        assert verify_chain().ok

    def test_departments_are_stationed_in_all_three_modes_with_unique_codes(self):
        for station in Station.objects.all():
            departments = Department.objects.filter(station=station)
            assert departments.count() == 7
            assert all(code.startswith(station.code + "-") for code in departments.values_list("code", flat=True))
            stationings = Stationing.objects.filter(department__station=station)
            assert set(stationings.values_list("mode", flat=True)) == set(StationingMode.values)
            # Every office of the station has every department in the same mode.
            assert stationings.count() == departments.count() * station.offices.count()
            for stationing in stationings.filter(mode=StationingMode.ROTATING):
                assert stationing.schedule

    def test_staff_of_every_role_with_scopes_that_differ(self):
        users = {user.username: user for user in User.objects.all()}
        assert users["admin"].is_superuser
        assert {user.role for user in users.values()} == set(Role.values)
        assert users["mjh_dept_transport"].department.code == "ZZ-MJH-TRANSPORT"

        officer_a, officer_b = users["mjh_officer_a"], users["mjh_officer_b"]
        seen_a = set(Enterprise.objects.visible_to(officer_a).values_list("park__code", flat=True))
        seen_b = set(Enterprise.objects.visible_to(officer_b).values_list("park__code", flat=True))
        assert seen_a == {"ZZ-MJH-P01"}
        assert seen_b == {"ZZ-MJH-P02"}
        supervisor_sees = Enterprise.objects.visible_to(users["mjh_supervisor"])
        assert supervisor_sees.count() == Enterprise.objects.filter(park__station__code="ZZ-MJH").count()
        other_station = Enterprise.objects.visible_to(users["sz_officer"]).filter(park__station__code="ZZ-MJH")
        assert not other_station.exists()

        assert users["mjh_supervisor"].can_reveal and users["sz_supervisor"].can_reveal
        assert not users["mjh_officer_a"].can_reveal

        liaison = users["mjh_liaison_a"]
        assert list(Enterprise.objects.visible_to(liaison)) == [liaison.enterprise]
        assert liaison.enterprise.contacts.filter(person__full_name=liaison.full_name, role="liaison").exists()

    def test_sampled_enterprises_have_a_team_strategy_and_recent_visits(self):
        sampled = Enterprise.objects.filter(contacts__isnull=False).distinct()
        assert sampled.exists()
        for enterprise in sampled:
            assert set(enterprise.team.values_list("role", flat=True)) == set(TeamRole.values)
            assert enterprise.visits.exists()
        for strategy in Strategy.objects.filter(enterprise__key_enterprise=True):
            assert strategy.risk_notes and strategy.measures and strategy.review_date
        now = timezone.now()
        for visit in Visit.objects.select_related("officer", "enterprise__park"):
            assert now - timedelta(days=184) < visit.visited_at < now
            assert visit.officer.role in POLICE_ROLES
            assert visit.officer.office_id == visit.enterprise.park.office_id

    def test_print_logins_reads_the_accounts_from_the_database(self):
        admin = User.objects.get(username="admin")
        office = Office.objects.get(code="ZZ-MJH-W01")
        do_create_user(admin, username="real_officer", password="another-password-2026", role=Role.OFFICER,
                       scope=office)
        User.objects.filter(username="city_viewer").update(username="county_viewer")

        out = StringIO()
        call_command("demo", "--print-logins", stdout=out)
        text = out.getvalue()
        assert "county_viewer" in text
        assert "city_viewer" not in text
        assert "real_officer" not in text  # it does not accept the demo password
        assert "mjh_officer_a" in text and "马家河新材料产业园警务室" in text
        assert demo.DEMO_PASSWORD in text
        assert "md5$" not in text and "another-password" not in text
