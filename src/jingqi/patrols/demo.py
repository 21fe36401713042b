"""Demo volunteer police (义警), patrols and the cable guard (专项守护), replayed through the patrol services.

Majiahe's "1+1+1+N" puts N volunteer teams drawn from enterprise staff beside the park officer and auxiliary;
Shengzhou's community has teams of its own. Each demo park gets enterprise teams whose members have skills, a
weekly availability pattern that follows their work (day-shift staff free in the evening and at weekends, middle-
shift staff in the morning, night-shift staff by day and at weekend nights, off-duty security staff at night), a
vetting history (most vetted, a few still applied, suspended or gone) and recognitions; routes along the main
roads with checkpoints at warehouses and key facilities, a school's surroundings patrolled at the start and end of
the school day (护校安园) and patrol areas; two months of joint patrols by car and on foot at night and at key
times, with check-ins (some far from their checkpoint) from which hours and points are credited, findings that
open a request, a dispute and a hazard (in the inspections app's hazard ledger); and the patrols of the next two
weeks.

The cable case (Majiahe's published one): a company laid about 3 km of open-air cable across the smart-equipment
park. A guard operation over that line, split into 12 stretches, is guarded 14 days around the clock: officers
hold the night posts at two stretches, volunteers of the enterprises along the route stand on the stretches near
their enterprise. The roster is computed by the real solver (``tasks.solve_operation``, CP-SAT with the greedy
roster as its hint) four days before now-ish; the shifts already past are checked in and out (hours credited), one
volunteer's swap is accepted (the colleague consents, the officer approves) and another is refused by the rules.

Every write goes through the services, with ``django.utils.timezone.now`` set to the moment of each action (the
requests' replay clock). All people, ID numbers and phone numbers are synthetic (the registry demo's generator).
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from shapely.geometry import LineString, Point, shape

from jingqi.accounts.choices import Role
from jingqi.core.replay import EscalationTicks, replayed_time
from jingqi.registry.choices import ContactRole
from jingqi.registry.demo import DEMO_PASSWORD, PlannedUser
from jingqi.registry.demo import Planner as PeoplePlanner
from jingqi.registry.models import Enterprise, Station

from . import services
from .choices import FindingKind, Mode, OperationStatus, PatrolStatus, RecognitionKind, VolunteerStatus
from .models import Finding, GuardOperation, GuardShift, Patrol, PatrolMember, Volunteer

MAJIAHE, SHENGZHOU = "ZZ-MJH", "SZ-YX"
CABLE_PARK = "ZZ-MJH-P02"
CABLE_LENGTH_M = 3000
CABLE_SEGMENTS = 12
CABLE_TEAMS = 10
CABLE_POSTS = (2, 9)  # stretches (0-based) where an officer holds the night post
CABLE_STARTED_DAYS_AGO = 4
# The solver's time for the cable roster: what an officer would give it in the full demo; a scaled-down demo
# (the tests') gives it less, which still closes every gap (the search after that only evens out the hours).
CABLE_SOLVE_SECONDS = 20
CABLE_SOLVE_SECONDS_SCALED_DOWN = 5
HISTORY_WEEKS = 9

# Weekly availability by the kind of work a volunteer does at their enterprise: (weekday, from, until); an
# until before the from runs past midnight. The mix of each cable team keeps every hour of the week coverable.
PATTERNS = {
    # Off-duty security staff (保卫、门卫): free at night, five nights a week (two off on their own rota).
    "security": None,
    # Day shift (白班): free on weekday evenings and at weekends.
    "day_shift": [(d, "17:00", "00:00") for d in range(5)] + [(d, "08:00", "20:00") for d in (5, 6)],
    # Middle shift (中班 14-22): free on weekday mornings; at weekends early and late.
    "middle_shift": [(d, "06:00", "14:00") for d in range(5)] + [(d, "06:00", "10:00") for d in (5, 6)]
    + [(d, "14:00", "22:00") for d in (5, 6)],
    # Night shift (夜班): free in the weekday daytime after sleeping, and at weekend nights.
    "night_shift": [(d, "10:00", "19:00") for d in range(5)] + [(d, "20:00", "08:00") for d in (5, 6)],
}
CABLE_TEAM_KINDS = ("security", "security", "security", "day_shift", "day_shift", "middle_shift", "middle_shift",
                    "night_shift", "night_shift")
TEAM_KINDS = ("security", "day_shift", "middle_shift", "night_shift")
KIND_TITLES = {"security": ("保安", "门卫", "保卫科干事"), "day_shift": ("装配工", "质检员", "仓管员", "行政专员"),
               "middle_shift": ("操作工", "设备维修工", "叉车司机"), "night_shift": ("值班电工", "操作工", "物流调度")}

# Teams of the parks that are not on the cable: (park code, enterprise teams).
OTHER_TEAMS = {"ZZ-MJH-P01": 2, "ZZ-MJH-P03": 2, "SZ-YX-P01": 3}

# Weekly patrols: (park, weekday, start, minutes, mode, title, route key ("road0", "road1", "school"), both police).
PATROLS = (
    ("ZZ-MJH-P01", 1, "20:00", 120, Mode.FOOT, "新材料园夜间联合步巡", "road0", False),
    ("ZZ-MJH-P01", 4, "17:00", 90, Mode.CAR, "新材料园下班时段车巡", "road1", False),
    ("ZZ-MJH-P02", 3, "21:00", 120, Mode.CAR, "智能装备园夜间车巡", "road0", True),
    ("ZZ-MJH-P03", 0, "22:00", 120, Mode.CAR, "物流园夜间联合车巡", "road0", True),
    ("ZZ-MJH-P03", 4, "22:00", 120, Mode.CAR, "物流园周末前夜巡", "road1", False),
    ("ZZ-MJH-P03", 2, "07:10", 60, Mode.FOOT, "护校安园·上学时段", "school", False),
    ("SZ-YX-P01", 2, "17:00", 90, Mode.FOOT, "交接班时段巡逻", "road0", False),
    ("SZ-YX-P01", 5, "21:00", 120, Mode.CAR, "周末夜间联合车巡", "road1", True),
    ("SZ-YX-P01", 4, "16:00", 75, Mode.FOOT, "护校安园·放学时段", "school", False),
)
SCHOOLS = {"ZZ-MJH-P03": "马家河园区配套小学", "SZ-YX-P01": "剡溪新区实验小学"}
AREAS = {"ZZ-MJH-P01": ("危化品仓储片区", 5), "ZZ-MJH-P02": ("电缆敷设作业区", 4),
         "ZZ-MJH-P03": ("仓储物流片区", 4), "SZ-YX-P01": ("厨电企业集中区", 3)}
FACILITIES = ("成品仓库", "原料仓库", "配电房", "危化品仓库", "货运大门", "原料堆场")

PAST_NOTES = ("沿线企业门卫值守正常。", "对沿线仓库门窗进行了检查。", "提醒夜间作业车辆注意限速。", "",
              "向企业值班人员宣传防盗防诈骗知识。", "")


@dataclass
class DemoVolunteer:
    volunteer: Volunteer
    kind: str
    windows: list
    park: str
    team: int  # index of the team in the park
    home: int | None = None  # cable stretch near the enterprise (cable teams only)


@dataclass
class ParkPlaces:
    routes: dict = field(default_factory=dict)  # key -> (route place, [checkpoints])


def _degrees(lat0: float) -> tuple[float, float]:
    """Degrees of longitude and latitude per kilometre near ``lat0``."""
    return 1 / (111.320 * math.cos(math.radians(lat0))), 1 / 110.574


def _short(enterprise_name: str, spec) -> str:
    name = enterprise_name
    for prefix in (spec.city, spec.province):
        name = name.removeprefix(prefix)
    for suffix in ("股份有限公司", "有限公司"):
        name = name.removesuffix(suffix)
    return name


def _window_rows(windows) -> list[dict]:
    return [{"weekday": d, "start": a, "end": b} for d, a, b in windows]


def _free(windows, at: datetime, minutes: int) -> bool:
    """Whether a weekly pattern covers ``minutes`` from the local time ``at``."""
    at = timezone.localtime(at)
    end = at + timedelta(minutes=minutes)
    for back in (0, 1):
        day = (at - timedelta(days=back)).date()
        for weekday, a, b in windows:
            if day.weekday() != weekday:
                continue
            start = datetime.combine(day, time.fromisoformat(a), tzinfo=at.tzinfo)
            stop_day = day if time.fromisoformat(b) > time.fromisoformat(a) else day + timedelta(days=1)
            stop = datetime.combine(stop_day, time.fromisoformat(b), tzinfo=at.tzinfo)
            if start <= at and end <= stop:
                return True
    return False


class PatrolDemo:
    def __init__(self, loader, *, seed: int, clock, now: datetime, scale: float = 1.0):
        self.loader, self.clock, self.now = loader, clock, now.replace(second=0, microsecond=0)
        self.solve_seconds = CABLE_SOLVE_SECONDS if scale >= 1 else CABLE_SOLVE_SECONDS_SCALED_DOWN
        self.rng = random.Random(f"{seed}:patrols")
        self.people = PeoplePlanner(f"{seed}:patrols", 1.0)
        for setting in loader.plan.settings:
            for enterprise in setting.enterprises:
                for contact in enterprise.contacts:
                    self.people.id_numbers.add(contact.id_number)
                    self.people.phones.add(contact.phone)
        self.users = loader.users
        self.volunteers: list[DemoVolunteer] = []
        self.places: dict[str, ParkPlaces] = {}
        self.teams: dict[str, list] = {}
        self.operation: GuardOperation | None = None
        self.cable_line = None
        self.bar = loader.bar

    # --- time, people, places -----------------------------------------------------------------------

    def at(self, moment: datetime) -> datetime:
        self.clock.at = moment
        return moment

    def local(self, day: date, clock: str) -> datetime:
        return datetime.combine(day, time.fromisoformat(clock), tzinfo=timezone.get_current_timezone())

    def days_ago(self, days: float, clock: str = "10:00") -> datetime:
        return self.local(timezone.localdate(self.now) - timedelta(days=int(days)), clock)

    def police(self, spec, park_spec, role: str = "officer") -> object:
        suffix = next(o.suffix for o in spec.offices if o.code == park_spec.office)
        return self.users[f"{spec.prefix}_{role}{suffix}"]

    def settings_and_parks(self):
        for setting in self.loader.plan.settings:
            for park_spec in setting.spec.parks:
                yield setting, park_spec, self.loader.scopes[("park", park_spec.code)]

    def jitter(self, lon: float, lat: float, metres: float) -> tuple[float, float]:
        dlon, dlat = _degrees(lat)
        angle = self.rng.uniform(0, 2 * math.pi)
        return (round(lon + metres / 1000 * math.cos(angle) * dlon, 6),
                round(lat + metres / 1000 * math.sin(angle) * dlat, 6))

    def line_in(self, area, centre: Point, length_m: float, angle: float, bends: int = 6,
                shrinks=(1.0, 0.8, 0.6)) -> list[list[float]]:
        """A gently bending line of ``length_m`` through ``centre`` inside ``area`` (turned until it fits)."""
        dlon, dlat = _degrees(centre.y)
        wiggles = [self.rng.uniform(-0.06, 0.06) for _ in range(bends + 1)]
        for attempt in range(36):
            a = angle + attempt * math.pi / 18
            for shrink in shrinks:
                half = length_m / 2000 * shrink
                points = []
                for i in range(bends + 1):
                    t = -half + 2 * half * i / bends
                    w = wiggles[i] * half
                    x, y = t * math.cos(a) - w * math.sin(a), t * math.sin(a) + w * math.cos(a)
                    points.append([round(centre.x + x * dlon, 6), round(centre.y + y * dlat, 6)])
                if area.contains(LineString(points)):
                    length = services.line_length_m({"coordinates": points})
                    scale = length_m * shrink / length
                    return [[round(centre.x + (p[0] - centre.x) * scale, 6),
                             round(centre.y + (p[1] - centre.y) * scale, 6)] for p in points]
        raise RuntimeError("no line fits the park")

    # --- teams and volunteers ------------------------------------------------------------------------

    def enrol(self, setting, park_spec, team, team_index: int, kind: str, *, home=None, status="vetted",
              contact=None, user=None) -> DemoVolunteer:
        spec = setting.spec
        officer, supervisor = self.police(spec, park_spec), self.users[f"{spec.prefix}_supervisor"]
        clock = f"{self.rng.randint(9, 16):02d}:{self.rng.randrange(60):02d}"
        joined = self.days_ago(self.rng.randint(110, 240), clock)
        if status == "applied":
            joined = self.days_ago(self.rng.randint(2, 12), "15:30")
        self.at(joined)
        person = contact or self.people.person(spec, ContactRole.SECURITY_HEAD, "")
        skills = [s for s, p in (("first_aid", 0.4), ("fire", 0.3), ("driving", 0.35), ("mediation", 0.15))
                  if self.rng.random() < p]
        if kind == "security" and "fire" not in skills:
            skills.append("fire")
        volunteer = services.do_enrol_volunteer(officer, team, full_name=person.full_name,
                                                id_number=person.id_number, phone=person.phone, skills=skills,
                                                user=user)
        windows = PATTERNS[kind]
        if kind == "security":
            off = set(self.rng.sample(range(7), 2))
            windows = [(d, "22:00", "08:00") for d in range(7) if d not in off]
        services.do_set_availability(officer, volunteer, windows=_window_rows(windows))
        if status != "applied":
            self.at(joined + timedelta(days=self.rng.randint(3, 14), hours=1))
            volunteer = services.do_change_volunteer_status(supervisor, volunteer, action="vet")
        demo = DemoVolunteer(volunteer, kind, windows, park_spec.code, team_index, home)
        if status == "vetted":
            self.volunteers.append(demo)
        self.bar.update()
        return demo

    def teams_and_volunteers(self) -> None:
        planned_a = next((u for u in self.loader.plan.users if u.username == "volunteer_a"), None)
        contact_a = enterprise_a = None
        for setting in self.loader.plan.settings:
            if setting.spec.station_code != MAJIAHE or planned_a is None:
                continue
            enterprise_a, contact_a = next(((e, c) for e in setting.enterprises for c in e.contacts
                                            if c.role == ContactRole.SECURITY_HEAD), (None, None))
        for setting, park_spec, park in self.settings_and_parks():
            spec = setting.spec
            supervisor = self.users[f"{spec.prefix}_supervisor"]
            enterprises = list(Enterprise.objects.filter(park=park).order_by("pk"))
            cable = park_spec.code == CABLE_PARK
            wanted = CABLE_TEAMS if cable else OTHER_TEAMS.get(park_spec.code, 0)
            if not wanted or not enterprises:
                continue
            if cable:
                chosen, homes = self.cable_enterprises(park, enterprises, wanted)
            else:
                chosen = [e for e in enterprises if e.key_enterprise][:wanted]
                chosen += [e for e in self.rng.sample(enterprises, len(enterprises)) if e not in chosen]
                chosen = chosen[:wanted]
                homes = [None] * len(chosen)
            mine = None
            if enterprise_a is not None and enterprise_a.park == park_spec.code:
                mine = self.loader.scopes[("enterprise", enterprise_a.ref)]
                if mine not in chosen:
                    chosen[-1] = mine
            self.at(self.days_ago(250, "09:30"))
            teams = []
            for index, enterprise in enumerate(chosen):
                short = _short(enterprise.name, spec)
                team = services.do_create_team(supervisor, park=park, enterprise=enterprise, data={
                    "name": f"{short}义警队",
                    "description": f"由{short}保卫、生产和后勤员工组成的义警队，"
                                   "熟悉本企业及周边道路、仓库和人员情况。"})
                teams.append(team)
                kinds = CABLE_TEAM_KINDS if cable else TEAM_KINDS
                if cable and len(chosen) < CABLE_TEAMS:  # a small registry: fewer, bigger teams
                    kinds = kinds * math.ceil(CABLE_TEAMS / len(chosen))
                members = []
                for kind in kinds:
                    linked = mine is not None and enterprise.pk == mine.pk and not members
                    members.append(self.enrol(setting, park_spec, team, index, "day_shift" if linked else kind,
                                              home=homes[index], contact=contact_a if linked else None,
                                              user=self.users["volunteer_a"] if linked else None))
                leader = members[0].volunteer
                services.do_update_volunteer(supervisor, leader, is_leader=True)
            # Not everyone stays: a few recent applications, one suspended, one gone (not on the cable's pool).
            extra = {CABLE_PARK: [("applied", 0), ("suspended", len(teams) // 2)],
                     "SZ-YX-P01": [("applied", len(teams) - 1), ("left", 0)]}.get(park_spec.code, [("applied", 0)])
            for status, index in extra:
                kind = self.rng.choice(TEAM_KINDS)
                demo = self.enrol(setting, park_spec, teams[index], index, kind,
                                  status="applied" if status == "applied" else "vetted")
                if status in ("suspended", "left"):
                    self.volunteers.remove(demo)
                    self.at(self.days_ago(self.rng.randint(15, 45), "11:00"))
                    note = ("多次无故缺席巡逻，暂停参加活动，待谈话后决定。" if status == "suspended"
                            else "已从企业离职，退出义警队。")
                    services.do_change_volunteer_status(supervisor, demo.volunteer,
                                                        action="suspend" if status == "suspended" else "leave",
                                                        note=note)
            self.teams[park_spec.code] = teams

    def cable_enterprises(self, park, enterprises, wanted):
        """The enterprises nearest to evenly spaced points of the cable, each with the stretch it is next to."""
        line = LineString(self.cable_line)
        positioned = [e for e in enterprises if e.latitude is not None]
        chosen, homes = [], []
        count = min(wanted, len(positioned))
        for i in range(count):
            fraction = (i + 0.5) / count
            anchor = line.interpolate(fraction, normalized=True)
            enterprise = min((e for e in positioned if e not in chosen),
                             key=lambda e: anchor.distance(Point(float(e.longitude), float(e.latitude))))
            chosen.append(enterprise)
            homes.append(min(CABLE_SEGMENTS - 1, int(fraction * CABLE_SEGMENTS)))
        return chosen, homes

    # --- places -------------------------------------------------------------------------------------

    def draw_places(self) -> None:
        for setting, park_spec, park in self.settings_and_parks():
            if park_spec.code not in self.teams and park_spec.code != CABLE_PARK:
                continue
            spec = setting.spec
            officer = self.police(spec, park_spec)
            boundary = shape(park.boundary)
            area = boundary.buffer(-0.002)
            centre = area.centroid
            enterprises = list(Enterprise.objects.filter(park=park).exclude(latitude=None))
            places = self.places.setdefault(park_spec.code, ParkPlaces())
            self.at(self.days_ago(240, "15:00"))
            for index, road in enumerate(park_spec.roads[:2]):
                coordinates = (self.cable_line if park_spec.code == CABLE_PARK and index == 0 else
                               self.line_in(area, centre, 2200 if park_spec.code != "SZ-YX-P01" else 1500,
                                            self.rng.uniform(0, math.pi) + index * math.pi / 2))
                route = services.do_create_place(officer, park=park, kind="route", data={
                    "name": f"{road}巡逻线", "geometry": {"type": "LineString", "coordinates": coordinates},
                    "risk_weight": 4 if index == 0 else 3, "cover_periods": ["night", "shift_change", "holidays"],
                    "description": f"沿{road}经过沿线企业大门、仓库和重点部位，夜间车巡、步巡结合。"})
                line = LineString(coordinates)
                checkpoints = []
                used = set()
                for k, fraction in enumerate((0.12, 0.5, 0.88)):
                    point = line.interpolate(fraction, normalized=True)
                    near = min((e for e in enterprises if e.pk not in used),
                               key=lambda e: point.distance(Point(float(e.longitude), float(e.latitude))),
                               default=None)
                    if near is not None:
                        used.add(near.pk)
                    name = (f"{_short(near.name, spec)}{FACILITIES[(index * 3 + k) % len(FACILITIES)]}"
                            if near is not None else f"{road}{k + 1}号卡点")
                    checkpoints.append(services.do_create_place(officer, park=park, kind="checkpoint", data={
                        "name": name, "geometry": {"type": "Point", "coordinates": [round(point.x, 6),
                                                                                    round(point.y, 6)]},
                        "route": route.pk, "risk_weight": self.rng.randint(3, 5), "cover_periods": ["night"],
                        "radius_m": self.rng.choice((80, 100, 150)),
                        "description": "重点部位：夜间巡逻必到点，查看门窗、围墙和监控是否正常。"}))
                places.routes[f"road{index}"] = (route, checkpoints)
            name, risk = AREAS[park_spec.code]
            spot = area.centroid
            dlon, dlat = _degrees(spot.y)
            ring = [[round(spot.x + dx * 0.25 * dlon, 6), round(spot.y + dy * 0.15 * dlat, 6)]
                    for dx, dy in ((-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1))]
            services.do_create_place(officer, park=park, kind="area", data={
                "name": name, "geometry": {"type": "Polygon", "coordinates": [ring]}, "risk_weight": risk,
                "cover_periods": ["night", "holidays"], "description": "重点巡查区域。"})
            if park_spec.code in SCHOOLS:
                self.school(officer, park, area, SCHOOLS[park_spec.code], places)
            self.bar.update()

    def school(self, officer, park, area, name: str, places: ParkPlaces) -> None:
        """A school's surroundings: the area, a loop round it and its two gates (护校安园)."""
        minx, miny, maxx, maxy = area.bounds
        spot = next(p for p in (Point(minx + (maxx - minx) * fx, miny + (maxy - miny) * fy)
                                for fx, fy in ((0.3, 0.3), (0.7, 0.3), (0.3, 0.7), (0.7, 0.7), (0.5, 0.5)))
                    if area.contains(p))
        dlon, dlat = _degrees(spot.y)

        def corner(dx, dy):
            return [round(spot.x + dx * dlon, 6), round(spot.y + dy * dlat, 6)]

        ring = [corner(dx, dy) for dx, dy in ((-0.2, -0.15), (0.2, -0.15), (0.2, 0.15), (-0.2, 0.15), (-0.2, -0.15))]
        periods = ["school_start", "school_end"]
        services.do_create_place(officer, park=park, kind="area", data={
            "name": f"{name}周边", "geometry": {"type": "Polygon", "coordinates": [ring]}, "risk_weight": 5,
            "cover_periods": periods, "description": "护校安园：上学、放学时段在校门口和周边道路见警察、见义警。"})
        route = services.do_create_place(officer, park=park, kind="route", data={
            "name": f"{name}护学线", "geometry": {"type": "LineString", "coordinates": ring}, "risk_weight": 5,
            "cover_periods": periods, "description": "绕学校一周，重点看护校门口和上下学通道。"})
        gates = [services.do_create_place(officer, park=park, kind="checkpoint", data={
            "name": f"{name}{gate}", "geometry": {"type": "Point", "coordinates": corner(dx, dy)}, "route": route.pk,
            "risk_weight": 5, "cover_periods": periods, "radius_m": 60})
            for gate, dx, dy in (("正门", 0, -0.15), ("侧门", 0.2, 0))]
        places.routes["school"] = (route, gates)

    # --- joint patrols -------------------------------------------------------------------------------

    def crew(self, park_code: str, starts_at: datetime, minutes: int, size: int, busy: set) -> list[DemoVolunteer]:
        pool = [v for v in self.volunteers if v.park == park_code and v.volunteer.pk not in busy]
        free = [v for v in pool if _free(v.windows, starts_at, minutes)]
        self.rng.shuffle(free)
        linked = [v for v in free if v.volunteer.user_id]
        return (linked + [v for v in free if not v.volunteer.user_id])[:size]

    def patrol_occurrences(self, first: date, last: date):
        for park_code, weekday, clock, minutes, mode, title, route_key, both in PATROLS:
            day = first + timedelta(days=(weekday - first.weekday()) % 7)
            while day <= last:
                starts_at = self.local(day, clock)
                yield starts_at, (park_code, minutes, mode, title, route_key, both)
                day += timedelta(days=7)

    def plan(self, park_code, starts_at, minutes, mode, title, route_key, both, planned_at, repeat=0):
        setting, park_spec, park = next(x for x in self.settings_and_parks() if x[1].code == park_code)
        places = self.places.get(park_code)
        if places is None or route_key not in places.routes:
            return None, []
        officer = self.police(setting.spec, park_spec)
        auxiliary = self.police(setting.spec, park_spec, "auxiliary")
        police = [officer, auxiliary] if both else [self.rng.choice((officer, auxiliary))]
        crew = self.crew(park_code, starts_at, minutes, self.rng.randint(2, 3), set())
        if not crew:
            return None, []
        self.at(planned_at)
        cover = "school" if route_key == "school" else ("night" if starts_at.hour >= 20 else "shift_change")
        note = {"school": "上学、放学时段校门口护学岗，疏导车辆、看护学生。",
                "night": "夜间重点时段联合巡逻，查看沿线仓库、企业大门和重点部位。",
                "shift_change": "企业交接班时段巡逻，关注人员车辆集中出入。"}[cover]
        patrols = services.do_plan_patrol(officer, park=park, route=places.routes[route_key][0], officers=police,
                                          volunteers=[v.volunteer for v in crew], repeat_weeks=repeat, data={
                                              "title": title, "mode": mode, "starts_at": starts_at,
                                              "ends_at": starts_at + timedelta(minutes=minutes),
                                              "requires_officer": True, "note": note})
        return patrols, crew

    def past_patrols(self) -> None:
        today = timezone.localdate(self.now)
        occurrences = sorted(self.patrol_occurrences(today - timedelta(weeks=HISTORY_WEEKS), today),
                             key=lambda o: o[0])
        occurrences = [o for o in occurrences if o[0] + timedelta(minutes=o[1][1] + 90) < self.now]
        cancelled = set(self.rng.sample(range(len(occurrences)), min(2, len(occurrences))))
        for number, (starts_at, (park_code, minutes, mode, title, route_key, both)) in enumerate(occurrences):
            planned_at = starts_at - timedelta(days=self.rng.randint(2, 6), hours=self.rng.randint(0, 5))
            patrols, crew = self.plan(park_code, starts_at, minutes, mode, title, route_key, both, planned_at)
            if not patrols:
                continue
            patrol = patrols[0]
            if number in cancelled:
                self.at(starts_at - timedelta(hours=3))
                services.do_cancel_patrol(patrol.created_by, patrol, reason="气象台发布暴雨橙色预警，本次巡逻取消。")
                continue
            self.walk(patrol, crew, starts_at, minutes)

    def check_in_at(self, actor, patrol, checkpoint, at, volunteer=None):
        lon, lat = checkpoint.point
        roll = self.rng.random()
        position = {}
        if roll < 0.04:  # no position at all (location switched off): kept, and marked as such
            pass
        elif roll < 0.11:  # far: the phone's fix was taken on the way, or somewhere else
            lon, lat = self.jitter(lon, lat, self.rng.uniform(checkpoint.radius_m * 2.5, 700))
            position = {"latitude": f"{lat:.6f}", "longitude": f"{lon:.6f}", "accuracy": self.rng.randint(10, 30)}
        else:  # the rest near the checkpoint
            lon, lat = self.jitter(lon, lat, self.rng.uniform(3, checkpoint.radius_m * 0.6))
            position = {"latitude": f"{lat:.6f}", "longitude": f"{lon:.6f}", "accuracy": self.rng.randint(5, 25)}
        self.at(at)
        return services.do_check_in(actor, patrol, checkpoint=checkpoint, at=at, volunteer=volunteer,
                                    note=self.rng.choice(PAST_NOTES) if volunteer is None else "", **position)

    def walk(self, patrol, crew, starts_at, minutes, *, finish=True) -> None:
        """Every member checks in at the first and the last checkpoint, the police at each on the way."""
        checkpoints = list(patrol.route.checkpoints.order_by("pk")) if patrol.route_id else []
        if not checkpoints:
            return
        police = [m.user for m in patrol.members.filter(user__isnull=False).select_related("user")]
        lead = police[0]
        step = minutes / max(1, len(checkpoints) - 1)
        times = [starts_at + timedelta(minutes=min(minutes - 3, max(1, k * step + self.rng.uniform(-4, 4))))
                 for k in range(len(checkpoints))]
        times[0] = starts_at + timedelta(minutes=self.rng.uniform(0, 4))
        times[-1] = starts_at + timedelta(minutes=minutes - self.rng.uniform(0, 6))
        for k, (checkpoint, at) in enumerate(zip(checkpoints, times, strict=True)):
            for officer in police:
                self.check_in_at(officer, patrol, checkpoint, at)
            if k in (0, len(checkpoints) - 1):
                for member in crew:
                    late = timedelta(minutes=self.rng.uniform(0, 3)) if k == 0 else -timedelta(
                        minutes=self.rng.uniform(0, 2))
                    user = member.volunteer.user
                    self.check_in_at(user or lead, patrol, checkpoint, at + late,
                                     volunteer=None if user else member.volunteer)
        if finish:
            self.at(starts_at + timedelta(minutes=minutes + self.rng.uniform(1, 10)))
            services.do_finish_patrol(lead, patrol, at=self.clock.at)

    def findings(self) -> None:
        """Extra afternoon patrols of the last days, each with what was seen on the way: a hazard a volunteer
        reports (the officer opens it in the hazard ledger), a dispute and a request the police open at
        once, and a note a volunteer records."""
        today = timezone.localdate(self.now)
        chosen = (("ZZ-MJH-P01", FindingKind.HAZARD, 1), ("ZZ-MJH-P03", FindingKind.DISPUTE, 1),
                  ("SZ-YX-P01", FindingKind.REQUEST, 2), ("ZZ-MJH-P01", FindingKind.OTHER, 3))
        for park_code, kind, days in chosen:
            if park_code not in self.places:
                continue
            starts_at = self.local(today - timedelta(days=days), "13:30")
            patrols, crew = self.plan(park_code, starts_at, 90, Mode.FOOT, "重点时段加巡", "road0", False,
                                      starts_at - timedelta(hours=5))
            if not patrols:
                continue
            patrol = patrols[0]
            self.walk(patrol, crew, starts_at, 90, finish=False)
            officer = patrol.members.filter(user__isnull=False).first().user
            checkpoint = patrol.route.checkpoints.order_by("pk")[1]
            lon, lat = checkpoint.point
            enterprise = min(Enterprise.objects.filter(park=patrol.park).exclude(latitude=None),
                             key=lambda e: services.distance_m((lon, lat), (float(e.longitude), float(e.latitude))))
            spec = next(s.spec for s in self.loader.plan.settings if s.spec.station_code == patrol.station.code)
            short = _short(enterprise.name, spec)
            text = {
                FindingKind.HAZARD: f"{short}仓库外墙下电动车集中充电，电线私拉乱接，旁边堆放纸箱，存在火灾隐患。",
                FindingKind.DISPUTE: f"途经{short}货运大门时，两名货车司机与企业仓管员因装卸排队顺序发生争执，"
                                     "已初步劝开，双方同意到调解中心调解。",
                FindingKind.REQUEST: f"{short}门前道路路灯连续三盏不亮，夜间下班员工反映通行不安全，企业希望协调维修。",
                FindingKind.OTHER: f"{short}原料仓库后门未上锁，已通知企业值班人员锁好。",
            }[kind]
            where = {"location": checkpoint.name, "latitude": f"{lat:.6f}", "longitude": f"{lon:.6f}"}
            volunteer = next((m.volunteer for m in crew if m.volunteer.user_id), None)
            self.at(starts_at + timedelta(minutes=45))
            if kind in (FindingKind.HAZARD, FindingKind.OTHER) and volunteer is not None:
                finding = services.do_report_finding(volunteer.user, patrol=patrol, kind=kind, description=text,
                                                     **where)
                if kind == FindingKind.HAZARD:
                    self.at(starts_at + timedelta(minutes=100))
                    services.do_open_finding(officer, finding, enterprise=enterprise)
            else:
                finding = services.do_report_finding(officer, patrol=patrol, kind=kind, description=text,
                                                     enterprise=enterprise, **where)
                # The officer who opened it takes it on at once, as the park's own officer would.
                self.at(starts_at + timedelta(minutes=55))
                if finding.dispute_id:
                    from jingqi.disputes.services import do_accept_dispute

                    do_accept_dispute(officer, finding.dispute)
                if finding.ticket_id:
                    from jingqi.tickets.services import do_accept_ticket

                    do_accept_ticket(officer, finding.ticket)
            self.at(starts_at + timedelta(minutes=96))
            services.do_finish_patrol(officer, patrol, at=self.clock.at)

    def upcoming_patrols(self) -> None:
        today = timezone.localdate(self.now)
        operation_ends = self.operation.ends_at if self.operation else self.now
        for starts_at, (park_code, minutes, mode, title, route_key, both) in sorted(
                self.patrol_occurrences(today + timedelta(days=1), today + timedelta(days=7)), key=lambda o: o[0]):
            if park_code == CABLE_PARK and starts_at < operation_ends:
                continue  # the park's volunteers are on the cable
            self.plan(park_code, starts_at, minutes, mode, title, route_key, both, self.now - timedelta(days=1),
                      repeat=1)

    # --- the cable --------------------------------------------------------------------------------------

    def cable_route(self) -> None:
        setting, park_spec, park = next(x for x in self.settings_and_parks() if x[1].code == CABLE_PARK)
        area = shape(park.boundary).buffer(-0.0005)
        try:  # the whole 3 km inside the park if any direction allows, else as much as fits
            self.cable_line = self.line_in(area, area.centroid, CABLE_LENGTH_M, self.rng.uniform(0, math.pi / 4), 8,
                                           shrinks=(1.0,))
        except RuntimeError:
            self.cable_line = self.line_in(area, area.centroid, CABLE_LENGTH_M, 0.0, 8, shrinks=(0.9, 0.8, 0.6))

    def cable(self) -> None:
        setting, park_spec, park = next(x for x in self.settings_and_parks() if x[1].code == CABLE_PARK)
        spec = setting.spec
        officer = self.police(spec, park_spec)
        auxiliary = self.police(spec, park_spec, "auxiliary")
        enterprises = list(Enterprise.objects.filter(park=park).order_by("pk"))
        layer = next((e for e in enterprises if "电缆" in e.name or "线缆" in e.name), enterprises[0])
        company = _short(layer.name, spec)
        start = self.local(timezone.localdate(self.now) - timedelta(days=CABLE_STARTED_DAYS_AGO), "08:00")
        roads = park_spec.roads
        self.at(start - timedelta(days=2, hours=-2))
        operation = services.do_create_operation(officer, park=park, data={
            "name": f"{company}3公里露天电缆专项守护",
            "description": (f"{company}沿{roads[0]}、{roads[1]}新敷设约3公里露天电缆，尚未埋设，易被盗割。"
                            "民警在两处重点段夜间定点值守，沿线企业义警按段看护，24小时不间断，为期14天。"),
            "geometry": {"type": "LineString", "coordinates": self.cable_line}, "starts_at": start,
            "hours": 14 * 24, "night_start": 22, "night_end": 6, "min_shift": 2, "max_shift": 8, "min_rest": 8,
            "max_week_hours": 40, "max_nights_in_row": 3, "swap_needs_officer": True, "time_limit": self.solve_seconds})
        segments = services.do_split_operation(officer, operation, count=CABLE_SEGMENTS)
        rows = []
        metres = CABLE_LENGTH_M // CABLE_SEGMENTS
        for i, segment in enumerate(segments):
            a, b = i * metres, (i + 1) * metres
            name = f"K{a // 1000}+{a % 1000:03d}–K{b // 1000}+{b % 1000:03d}"
            if i in CABLE_POSTS:
                name += "（民警夜间定点）"
            rows.append({"code": segment.code, "name": name, "need": 1, "night_need": 1,
                         "officer_at_night": i in CABLE_POSTS, "geometry": segment.geometry})
        services.do_set_segments(officer, operation, segments=rows)
        codes = [row["code"] for row in rows]
        cable_volunteers = [v for v in self.volunteers if v.park == CABLE_PARK and v.home is not None]
        for home in sorted({v.home for v in cable_volunteers}):
            near = [codes[s] for s in range(max(0, home - 1), min(CABLE_SEGMENTS, home + 2))]
            services.do_add_to_pool(officer, operation, segments=near,
                                    volunteers=[v.volunteer for v in cable_volunteers if v.home == home])
        police = [self.users[u.username] for u in setting.users if u.role in (Role.OFFICER, Role.AUXILIARY)]
        services.do_add_to_pool(officer, operation, officers=police, segments=[codes[i] for i in CABLE_POSTS])
        nights = []
        for day in range(15):
            night = self.local(start.date() + timedelta(days=day - 1), "22:00")
            a = int((night - start).total_seconds() // 3600)
            a, b = max(0, a), min(operation.hours, a + 8)
            if b - a >= 2:
                nights.append([a, b])
        people = list(operation.people.select_related("volunteer"))
        for person in people:
            if person.is_officer:
                services.do_update_pool_member(officer, person, available=nights)
            elif self.rng.random() < 0.12:
                services.do_update_pool_member(officer, person, preferences={
                    "segments": [s.code for s in person.segments.all()][1:2]})
        self.at(start - timedelta(days=1, hours=-6))
        services.do_request_solve(officer, operation)
        from . import tasks

        # The job, run here rather than queued: the demo needs its roster to go on.
        tasks.solve_operation.call_local(operation.pk)
        self.operation = operation = GuardOperation.objects.get(pk=operation.pk)
        self.bar.update()
        if operation.status != OperationStatus.ROSTERED:
            return
        swap_pair = self.choose_swaps(operation)
        self.cable_accounts(setting, officer, swap_pair)
        self.past_shifts(operation, auxiliary)
        self.swaps(operation, officer, swap_pair)
        shift = (operation.shifts.filter(end__lte=(self.now - start).total_seconds() // 3600, segment__code=codes[6])
                 .order_by("-start").first())
        if shift is not None:
            lon, lat = shift.segment.geometry["coordinates"][0]
            self.at(shift.starts_at + timedelta(hours=1))
            services.do_report_finding(auxiliary, shift=shift, kind=FindingKind.OTHER,
                                       description="一辆无牌面包车在电缆旁停留约十分钟，上前询问后驶离，已记录车辆特征并通报民警。",
                                       location=shift.segment.name, latitude=f"{lat:.6f}", longitude=f"{lon:.6f}")

    def future_shifts(self, operation, person):
        hours = math.ceil((self.now - operation.starts_at).total_seconds() / 3600) + 12
        return list(operation.shifts.filter(person=person, start__gte=hours).order_by("start"))

    def choose_swaps(self, operation):
        """A volunteer with two shifts ahead: a colleague who can take the first (no rule broken), and someone
        who cannot take the second (preferably for the rest rule)."""
        from .rostering import check_operation

        people = list(operation.people.filter(is_officer=False).select_related("volunteer__team")
                      .prefetch_related("segments"))
        shifts = list(operation.shifts.all())
        by_person: dict[int, list] = {}
        for shift in shifts:
            by_person.setdefault(shift.person_id, []).append(shift)
        rest = operation.min_rest
        tries = 0
        for asker in people:
            ahead = self.future_shifts(operation, asker)
            if len(ahead) < 2:
                continue
            first, second = ahead[0], ahead[1]
            takers = [p for p in people if p.pk != asker.pk and first.segment in p.segments.all()
                      and any(a <= first.start and first.end <= b for a, b in p.available)
                      and not any(s.start < first.end + rest and first.start < s.end + rest
                                  for s in by_person.get(p.pk, []))]
            takers.sort(key=lambda p: (p.volunteer.team_id != asker.volunteer.team_id, p.pk))
            for taker in takers[:6]:
                tries += 1
                if check_operation(operation, replace={first.pk: taker}).problems_for(taker):
                    continue
                refused = None
                for other in people:
                    if other.pk in (asker.pk, taker.pk) or second.segment not in other.segments.all():
                        continue
                    near = any(0 <= second.start - s.end < rest or 0 <= s.start - second.end < rest
                               for s in by_person.get(other.pk, []))
                    if near and check_operation(operation, replace={second.pk: other}).problems_for(other):
                        refused = other
                        break
                if refused is not None:
                    return asker, first, taker, second, refused
            if tries > 60:
                break
        return None

    def cable_accounts(self, setting, officer, swap_pair) -> None:
        """The asker and the colleague who takes the shift sign in to their duty page (demo logins)."""
        if swap_pair is None:
            return
        asker, _first, taker, _second, _refused = swap_pair
        admin = self.users["admin"]
        self.at(self.now - timedelta(days=5))
        from jingqi.accounts.services import do_create_user

        for number, person in enumerate((asker, taker), start=1):
            username = f"{setting.spec.prefix}_volunteer_{number}"
            name = person.volunteer.person.full_name
            user = do_create_user(admin, username=username, password=DEMO_PASSWORD, role=Role.VOLUNTEER,
                                  full_name=name)
            services.do_link_account(officer, person.volunteer, user=user)
            self.users[username] = user
            self.loader.plan.users.append(PlannedUser(username, Role.VOLUNTEER, name))
            person.volunteer.refresh_from_db()

    def past_shifts(self, operation, recorder) -> None:
        """Check-ins at the stretch and check-outs for every shift begun before now (a few come late, a few
        check in from the wrong place, one never came), recorded by the volunteer or by the auxiliary."""
        shifts = [s for s in operation.shifts.select_related("person__volunteer__user", "person__user", "segment")
                  .order_by("start", "pk") if s.starts_at < self.now]
        for shift in shifts:
            if self.rng.random() < 0.02:
                continue  # did not come: no check-in, no hours
            person = shift.person
            if person.is_officer:  # officers of another office are recorded by the park's auxiliary
                actor = person.user if person.user.office_id == operation.park.office_id else recorder
            else:
                actor = person.volunteer.user or recorder
            coordinates = shift.segment.geometry["coordinates"]
            lon, lat = coordinates[self.rng.randrange(len(coordinates))]
            far = self.rng.random() < 0.05
            lon, lat = self.jitter(lon, lat, self.rng.uniform(400, 900) if far else self.rng.uniform(5, 60))
            arrive = shift.starts_at + timedelta(minutes=self.rng.choice((-12, -8, -5, -3, 0, 2, 6, 15)))
            self.at(arrive)
            services.do_shift_check_in(actor, shift, latitude=f"{lat:.6f}", longitude=f"{lon:.6f}",
                                       accuracy=self.rng.randint(5, 30), at=arrive)
            leave = shift.ends_at + timedelta(minutes=self.rng.choice((-10, -4, 0, 3, 8)))
            if leave <= self.now:
                self.at(leave)
                lon, lat = self.jitter(*coordinates[-1], self.rng.uniform(5, 50))
                services.do_shift_check_out(actor, shift, latitude=f"{lat:.6f}", longitude=f"{lon:.6f}",
                                            accuracy=self.rng.randint(5, 30), at=leave)

    def swaps(self, operation, officer, swap_pair) -> None:
        if swap_pair is None:
            return
        asker, first, taker, second, refused = swap_pair
        asker.refresh_from_db()
        user = asker.volunteer.user
        self.at(self.now - timedelta(hours=20))
        for shift in self.future_shifts(operation, asker):
            services.do_confirm_shift(user, shift)
        swap = services.do_ask_swap(user, first, taker=taker, reason="家中老人住院，需要陪护，请同队同事帮忙顶班。")
        self.at(self.now - timedelta(hours=19))
        services.do_answer_swap(taker.volunteer.user, swap, consent=True)
        self.at(self.now - timedelta(hours=18))
        services.do_decide_swap(officer, swap, approve=True, reason="同队队员顶班，同意。")
        self.at(self.now - timedelta(hours=6))
        services.do_ask_swap(user, second, taker=refused, reason="临时加班，想请沿线其他队员替班。")


# --- loading, inbox, figures ------------------------------------------------------------------------------


def load(loader, *, seed: int, scale: float) -> PatrolDemo:
    """Replay the teams, places, patrols and the cable case after the registry demo (same transaction)."""
    from jingqi.disputes import services as disputes_services
    from jingqi.tickets import services as tickets_services

    now = timezone.now()
    loader.bar.total += 60
    loader.bar.refresh()
    with replayed_time() as clock:
        demo = PatrolDemo(loader, seed=seed, clock=clock, now=now, scale=scale)
        demo.cable_route()
        demo.teams_and_volunteers()
        demo.draw_places()
        demo.past_patrols()
        demo.findings()
        demo.cable()
        demo.upcoming_patrols()
        recognitions(demo)
        # The requests and disputes patrols opened are under the same periodic sweeps as the rest: each run at
        # the tick of its task where something fell due, up to now (a request or dispute the demo left
        # waiting is escalated when its deadline passed, not when the demo was loaded).
        for sweeps, every in ((tickets_services, timedelta(minutes=10)), (disputes_services, timedelta(minutes=5))):
            ticks = EscalationTicks(clock, sweeps.escalate_overdue, sweeps.next_escalation_at, every)
            ticks.plan()
            ticks.run_until(now)
    from django.db import transaction

    from jingqi.disputes import demo as disputes_demo
    from jingqi.tickets import demo as tickets_demo

    # The requests and disputes patrols opened are under the same inbox rules as the rest.
    opened = list(Finding.objects.exclude(ticket=None).select_related("ticket"))
    disputes = list(Finding.objects.exclude(dispute=None).select_related("dispute"))
    transaction.on_commit(lambda: settle_inbox(now))
    transaction.on_commit(lambda: tickets_demo.settle_inbox([f.ticket for f in opened]))
    transaction.on_commit(lambda: disputes_demo.settle_inbox([f.dispute for f in disputes]))
    return demo


def recognitions(demo: PatrolDemo) -> None:
    """Commendations, certificates and stars for the volunteers with most duty."""
    by_station: dict[str, list] = {}
    for v in demo.volunteers:
        v.volunteer.refresh_from_db()
        by_station.setdefault(v.volunteer.team.station.code, []).append(v)
    year = timezone.localdate(demo.now).year - 1
    for setting in demo.loader.plan.settings:
        rows = sorted(by_station.get(setting.spec.station_code, []), key=lambda v: -v.volunteer.service_minutes)
        supervisor = demo.users[f"{setting.spec.prefix}_supervisor"]
        demo.at(demo.days_ago(20, "16:00"))
        for rank, v in enumerate(rows[:6]):
            kind, title = ((RecognitionKind.STAR, "星级义警") if rank < 2 else
                           (RecognitionKind.COMMENDATION, f"{year}年度优秀义警"))
            services.do_recognise(supervisor, v.volunteer, kind=kind, title=title,
                                  awarded_on=timezone.localdate(demo.clock.at), note="巡逻和守护出勤多，表现突出。")
        for v in [r for r in rows if "first_aid" in r.volunteer.skills][:4]:
            services.do_recognise(supervisor, v.volunteer, kind=RecognitionKind.CERTIFICATE,
                                  title="应急救护培训合格证书", awarded_on=timezone.localdate(demo.clock.at),
                                  note="参加红十字会应急救护员培训并考核合格。")


def settle_inbox(now: datetime) -> int:
    """Mark read what the demo's people had seen: news of volunteers since vetted, of patrols since done or
    cancelled, and the solved roster; the rest (volunteers to vet, findings to open, swaps) stays new."""
    from jingqi.core.notify import settle_replayed_inbox

    ended: dict[str, datetime] = {}
    for volunteer in Volunteer.objects.exclude(status=VolunteerStatus.APPLIED).exclude(vetted_at=None):
        ended[reverse("patrols:volunteer_detail", args=[volunteer.pk])] = volunteer.vetted_at
    for patrol in Patrol.objects.filter(status__in=[PatrolStatus.DONE, PatrolStatus.CANCELLED]):
        ended[reverse("patrols:patrol_detail", args=[patrol.pk])] = patrol.finished_at or patrol.updated_at
    for operation in GuardOperation.objects.exclude(solved_at=None):
        ended[reverse("patrols:operation_detail", args=[operation.pk])] = operation.solved_at + timedelta(hours=1)
    return settle_replayed_inbox({url: url for url in ended}, [], lambda notice, url: ended.get(url))


def station_figures(station, now: datetime | None = None) -> dict:
    """A station's volunteers and duty, counted from the records: hours are the credited minutes of volunteers
    (patrols finished, guard shifts checked out) in the current month."""
    now = now or timezone.now()
    month = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    volunteers = Volunteer.objects.filter(team__station=station)
    patrol_minutes = PatrolMember.objects.filter(
        patrol__station=station, volunteer__isnull=False, patrol__finished_at__gte=month,
        patrol__finished_at__lte=now).aggregate(total=Sum("credited_minutes"))["total"] or 0
    guard_minutes = GuardShift.objects.filter(
        operation__station=station, person__volunteer__isnull=False, checked_out_at__gte=month,
        checked_out_at__lte=now).aggregate(total=Sum("credited_minutes"))["total"] or 0
    return {
        "teams": station.volunteer_teams.count(),
        "volunteers": volunteers.count(),
        "vetted": volunteers.filter(status=VolunteerStatus.VETTED).count(),
        "applied": volunteers.filter(status=VolunteerStatus.APPLIED).count(),
        "patrols_done": Patrol.objects.filter(station=station, status=PatrolStatus.DONE).count(),
        "patrols_planned": Patrol.objects.filter(station=station, status=PatrolStatus.PLANNED).count(),
        "operations": GuardOperation.objects.filter(station=station).count(),
        "hours_month": round((patrol_minutes + guard_minutes) / 60, 1),
    }


def summary() -> list[str]:
    lines = []
    for station in Station.objects.order_by("code"):
        figures = station_figures(station)
        if not figures["volunteers"]:
            continue
        lines.append(
            _("%(station)s — volunteer teams: %(teams)s, volunteers: %(volunteers)s (vetted %(vetted)s, to vet "
              "%(applied)s); patrols done: %(patrols_done)s, planned: %(patrols_planned)s; guard operations: "
              "%(operations)s; volunteer duty hours this month: %(hours_month)s.")
            % {**figures, "station": station.name})
    for operation in GuardOperation.objects.exclude(solve_status="").order_by("pk"):
        lines.append(
            _("%(name)s — roster %(status)s: %(shifts)s shifts, %(gaps)s uncovered slots, solved in %(seconds)s s.")
            % {"name": operation.name, "status": operation.get_solve_status_display(),
               "shifts": operation.shifts.count(), "gaps": len(operation.uncovered),
               "seconds": f"{operation.solve_seconds or 0:.1f}"})
    return lines


