"""Small patrol data for the service and scope tests, built through the services on the plain cast (the full
``patrol_cast`` costs seconds a test; most tests need a team, a volunteer or a two-segment operation)."""

from datetime import timedelta

from django.utils import timezone

from jingqi.accounts.choices import Role
from jingqi.core.models import AuditEvent
from jingqi.core.testing import factories as f
from jingqi.patrols import services
from jingqi.patrols.models import GuardOperation, Patrol, Volunteer

EVERY_DAY = [{"weekday": d, "start": "00:00", "end": "00:00"} for d in range(7)]
ROUTE = {"type": "LineString", "coordinates": [[120.8, 29.6], [120.81, 29.6]]}
POINT = {"type": "Point", "coordinates": [120.805, 29.6]}
# The checkpoint above, as a phone gives it (latitude, longitude), and ~500 m east of it.
AT_POINT = {"latitude": "29.600000", "longitude": "120.805000"}
FAR_EAST = {"latitude": "29.600000", "longitude": "120.810200"}
POLICE = {"a": "officer_a", "t": "supervisor_t"}
PARK = {"a": "park_a", "t": "park_t"}


def hour_now():
    return timezone.now().replace(minute=0, second=0, microsecond=0)


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def audits() -> int:
    return AuditEvent.objects.count()


def volunteer_user(username: str):
    return f.UserFactory(username=username, role=Role.VOLUNTEER)


def team(world, key="a", *, name=None, enterprise=True):
    park = world.objects[PARK[key]]
    return services.do_create_team(world.objects[POLICE[key]], park=park,
                                   enterprise=world.objects[f"enterprise_{key}"] if enterprise else None,
                                   data={"name": name or f"{key.upper()}园义警队"})


def volunteer(world, team_, name, *, user=None, vetted=True, windows=EVERY_DAY) -> Volunteer:
    police = world.objects[POLICE["t" if team_.station_id == world.station_t.pk else "a"]]
    v = services.do_enrol_volunteer(police, team_, full_name=name, user=user)
    if vetted:
        services.do_change_volunteer_status(police, v, action="vet")
    if windows is not None:
        services.do_set_availability(police, v, windows=windows)
    return fresh(v)


def squad(world, key="a"):
    """A team with two vetted volunteers; in park a the first is volunteer_a's account."""
    t = team(world, key)
    first = volunteer(world, t, f"{key.upper()}义警甲", user=world.volunteer_a if key == "a" else None)
    second = volunteer(world, t, f"{key.upper()}义警乙")
    return t, first, second


def route_and_checkpoint(world, key="a"):
    police, park = world.objects[POLICE[key]], world.objects[PARK[key]]
    route = services.do_create_place(police, park=park, kind="route", data={"name": "主干道", "geometry": ROUTE})
    checkpoint = services.do_create_place(police, park=park, kind="checkpoint", data={
        "name": "仓库", "geometry": POINT, "route": route.pk})
    return route, checkpoint


def patrol(world, key="a", *, volunteers=(), officers=None, start=None, hours=3, **data) -> Patrol:
    police = world.objects[POLICE[key]]
    start = start or hour_now() - timedelta(hours=1)
    if officers is None:
        officers = [world.officer_a] if key == "a" else []
    (p,) = services.do_plan_patrol(police, park=world.objects[PARK[key]], officers=officers,
                                   volunteers=list(volunteers), data={
                                       "title": "夜巡", "starts_at": start, "ends_at": start + timedelta(hours=hours),
                                       "requires_officer": bool(officers), **data})
    return p


def operation(world, key="a", *, start=None, hours=48, segments=("S01", "S02"), need=1, night_need=1,
              officer_at_night=False, **rules) -> GuardOperation:
    police = world.objects[POLICE[key]]
    data = {"name": "电缆守护", "starts_at": start or hour_now() + timedelta(days=1), "hours": hours,
            "min_shift": 2, "max_shift": 12, "min_rest": 4, "max_week_hours": 40, **rules}
    op = services.do_create_operation(police, park=world.objects[PARK[key]], data=data)
    if segments:
        services.do_set_segments(police, op, segments=[
            {"code": c, "need": need, "night_need": night_need, "officer_at_night": officer_at_night}
            for c in segments])
    return fresh(op)


def rostered(world, op, assignments, key="a", *, status="partial") -> GuardOperation:
    """Give ``op`` a roster as the solver's job would store it: ``assignments`` are (GuardPerson, code, start,
    end)."""
    police = world.objects[POLICE[key]]
    services.do_request_solve(police, op)
    services.store_roster(op.pk, {"status": status, "uncovered": [], "objective": 0, "bound": 0, "seconds": 0.1,
                                  "assignments": [{"person": p.code, "segment": s, "start": a, "end": b}
                                                  for p, s, a, b in assignments]})
    return fresh(op)
