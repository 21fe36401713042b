"""The fixed cast every test uses (see STYLE.md).

One station ``S`` with two offices: office A serves park A, office B serves park B. A second
station ``T`` with park T holds records nobody in ``S`` may see. Each park has an enterprise with a
contact, a team member, a strategy and a visit, so every scoped model has objects inside and
outside each persona's scope.
"""

import pickle
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection, models, transaction
from django.utils import timezone

from jingqi.accounts.choices import Role

from . import factories as f

PERSONA_NAMES = [
    "supervisor", "officer_a", "auxiliary_a", "officer_b", "liaison_a", "liaison_b", "dept_transport",
    "volunteer_a", "viewer", "supervisor_t",
]


@dataclass
class World:
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name)

    @property
    def personas(self) -> dict:
        return {name: self.objects[name] for name in PERSONA_NAMES}


def build_world(*, disputes: bool = False, patrols: bool = False, inspections: bool = False,
                cases: bool = False) -> World:
    """The cast; ``disputes`` adds a dispute in each park (for the tests marked ``dispute_cast``: building them
    costs about as much as the rest of the cast, so only the tests that walk every route pay for it);
    ``patrols`` adds volunteer teams, places, patrols and a rostered guard operation (marker ``patrol_cast``);
    ``inspections`` adds inspection types, rules, a quarter's plan, visits, inspections and hazards
    (marker ``inspection_cast``); ``cases`` adds enterprise-related cases, outreach events and background checks
    (marker ``case_cast``)."""
    o = {}
    o["station"] = f.StationFactory(code="S", name="城东派出所")
    o["station_t"] = f.StationFactory(code="T", name="城西派出所")
    o["office_a"] = f.OfficeFactory(station=o["station"], code="OA", name="A园警务室")
    o["office_b"] = f.OfficeFactory(station=o["station"], code="OB", name="B园警务室")
    o["office_t"] = f.OfficeFactory(station=o["station_t"], code="OT", name="T园警务室")
    o["park_a"] = f.ParkFactory(station=o["station"], office=o["office_a"], code="PA", name="A工业园")
    o["park_b"] = f.ParkFactory(station=o["station"], office=o["office_b"], code="PB", name="B工业园")
    o["park_t"] = f.ParkFactory(station=o["station_t"], office=o["office_t"], code="PT", name="T工业园")
    o["dept_transport_unit"] = f.DepartmentFactory(station=o["station"], code="D-TR", name="交通运输局")
    o["dept_t_unit"] = f.DepartmentFactory(station=o["station_t"], code="D-TT", name="城西市场监管所")
    o["stationing_a"] = f.StationingFactory(department=o["dept_transport_unit"], office=o["office_a"],
                                            mode="on_call")
    o["stationing_t"] = f.StationingFactory(department=o["dept_t_unit"], office=o["office_t"])
    for key, park in (("a", "park_a"), ("b", "park_b"), ("t", "park_t")):
        o[f"enterprise_{key}"] = f.EnterpriseFactory(park=o[park], name=f"{key.upper()}园新能源有限公司",
                                                     key_enterprise=key == "a")
        o[f"contact_{key}"] = f.ContactFactory(enterprise=o[f"enterprise_{key}"])
        o[f"team_{key}"] = f.TeamMemberFactory(enterprise=o[f"enterprise_{key}"], contact=o[f"contact_{key}"])
        o[f"strategy_{key}"] = o[f"enterprise_{key}"].strategy

    o["supervisor"] = f.UserFactory(username="supervisor", role=Role.SUPERVISOR, station=o["station"], reveal=True)
    o["supervisor_t"] = f.UserFactory(username="supervisor_t", role=Role.SUPERVISOR, station=o["station_t"])
    o["officer_a"] = f.UserFactory(username="officer_a", role=Role.OFFICER, office=o["office_a"])
    o["auxiliary_a"] = f.UserFactory(username="auxiliary_a", role=Role.AUXILIARY, office=o["office_a"])
    o["officer_b"] = f.UserFactory(username="officer_b", role=Role.OFFICER, office=o["office_b"])
    o["liaison_a"] = f.UserFactory(username="liaison_a", role=Role.LIAISON, enterprise=o["enterprise_a"])
    o["liaison_b"] = f.UserFactory(username="liaison_b", role=Role.LIAISON, enterprise=o["enterprise_b"])
    o["dept_transport"] = f.UserFactory(username="dept_transport", role=Role.DEPARTMENT,
                                        department=o["dept_transport_unit"])
    o["volunteer_a"] = f.UserFactory(username="volunteer_a", role=Role.VOLUNTEER)
    o["viewer"] = f.UserFactory(username="viewer", role=Role.VIEWER)
    for key, officer in (("a", "officer_a"), ("b", "officer_b"), ("t", "supervisor_t")):
        o[f"visit_{key}"] = f.VisitFactory(enterprise=o[f"enterprise_{key}"], officer=o[officer])

    o["bundle_start"] = f.BundleFactory(code="T-KG", name="开工")
    o["item_oversize"] = f.ServiceItemFactory(code="T-01", title="大件设备运输通行协调", bundle=o["bundle_start"],
                                              kind="resolution", responsible_units="交通运输局、公路事业发展中心")
    o["item_consult"] = f.ServiceItemFactory(code="T-02", title="员工落户咨询", kind="consultation")
    o["item_retired"] = f.ServiceItemFactory(code="T-99", title="已停用事项", active=False)

    # One request per park, written through the services like real ones; a and t are whistled.
    from jingqi.tickets import services as tickets

    for key, liaison, handler in (("a", "liaison_a", "officer_a"), ("b", "liaison_b", "officer_b"),
                                  ("t", None, "supervisor_t")):
        author = o[liaison] if liaison else o[handler]
        ticket = tickets.do_submit_ticket(author, enterprise=o[f"enterprise_{key}"],
                                          channel="portal" if liaison else "phone", service_item=o["item_oversize"],
                                          title=f"{key.upper()}园大件运输", description="设备超限，需协调通行")
        o[f"ticket_{key}"] = ticket
        if key != "b":
            tickets.do_accept_ticket(o[handler], ticket)
            department = o["dept_transport_unit"] if key == "a" else o["dept_t_unit"]
            (o[f"task_{key}"],) = tickets.do_whistle(o[handler], ticket, departments=[department])
            o[f"attachment_{key}"] = tickets.do_attach(o[handler], ticket, upload=f.png_upload(f"{key}-现场.png"))
    _claims(o)
    o["attachment_a_internal"] = tickets.do_attach(o["officer_a"], o["ticket_a"], upload=f.png_upload("内部.png"),
                                                   internal=True)
    if disputes:
        _disputes(o)
    if patrols:
        _patrols(o)
    if inspections:
        _inspections(o)
    if cases:
        _cases(o)
    return World(o)


class SharedCast:
    """The cast built once per test database and committed, so that each test starts from it instead of
    building its own (building it is most of what a short test costs).

    A test runs inside its own transaction, rolled back afterwards, so the committed rows come back unchanged
    for the next test; its Python objects come from a pickle taken right after building, so no test sees
    another's changes to them in memory either. What a test that built its own cast inside its transaction
    never saw, this one must not see either: callbacks waiting for a commit (notices, queued jobs) are dropped,
    as that test's rollback dropped them. A transactional test empties the database when it ends; its rows are
    then put back as they were (:class:`CommittedRows`), so the tests after it find the cast and the seeded
    rows again.

    Tests that need the database as the migrations left it (the demo loads only where there are no stations;
    the seeded directory is counted) take it away inside their transaction: :func:`as_migrated`."""

    built: "SharedCast | None" = None  # in this process, once a test has asked for it

    def __init__(self):
        self.baseline = _last_ids()
        with transaction.atomic():
            objects = build_world().objects
            connection.run_on_commit.clear()
        self.snapshot = pickle.dumps(objects)
        self.station_pk = objects["station"].pk
        SharedCast.built = self
        CommittedRows.remember()

    def present(self) -> bool:
        from jingqi.registry.models import Station

        return Station.objects.filter(pk=self.station_pk).exists()

    def world(self, *, disputes: bool = False, patrols: bool = False, inspections: bool = False,
              cases: bool = False) -> World:
        """A copy of the cast, with the extras asked for built on top of it (inside the caller's transaction)."""
        if not self.present():  # emptied by a transactional test
            return build_world(disputes=disputes, patrols=patrols, inspections=inspections, cases=cases)
        o = pickle.loads(self.snapshot)  # noqa: S301 — our own bytes, from this process
        if disputes:
            _disputes(o)
        if patrols:
            _patrols(o)
        if inspections:
            _inspections(o)
        if cases:
            _cases(o)
        return World(o)


class CommittedRows:
    """Every committed row of the test database, as the migrations seeded it and (once built) with the shared
    cast, put back after a transactional test has emptied the database.

    Django empties the database after a transactional test and then writes only what the migrations' signal
    handlers write (content types, permissions): the rows the migrations themselves seeded (the service
    directory, the audit chain's head) are gone, and so is the shared cast. A test that runs after it on the
    same worker would find no directory (the demo cannot file its requests) and would build its own cast. So
    after each transactional test the database is emptied once more, without those handlers, and loaded from
    the rows remembered here, with their ids: the pickled cast points at them again.

    The rows are copied as the database stores them (PostgreSQL's COPY, SQLite's own values), not through
    Django's serializers: those round times to the millisecond, and the audit chain's hashes would no longer
    match its events."""

    tables: dict[str, object] | None = None  # table -> its rows, taken by remember()

    @staticmethod
    def _tables() -> list[str]:
        return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))

    @classmethod
    def remember(cls) -> None:
        tables = {}
        with connection.cursor() as cursor:
            for table in cls._tables():
                name = connection.ops.quote_name(table)
                if connection.vendor == "postgresql":
                    with cursor.copy(f"COPY {name} TO STDOUT") as copy:
                        tables[table] = b"".join(bytes(block) for block in copy)
                else:
                    cursor.execute(f"SELECT * FROM {name}")  # noqa: S608 — a table name from the models
                    tables[table] = ([column[0] for column in cursor.description], cursor.fetchall())
        cls.tables = tables

    @classmethod
    def restore(cls) -> None:
        """After a transactional test: the database as it was remembered. Nothing to do before anything was
        remembered, nor when the test did not empty the database (skipped before it began): the audit chain's
        head, a row the migrations seed, is still there."""
        from django.core.management import call_command

        from jingqi.core.models import AuditChainHead

        if cls.tables is None or AuditChainHead.objects.filter(pk=1).exists():
            return
        call_command("flush", verbosity=0, interactive=False, database=connection.alias, reset_sequences=False,
                     inhibit_post_migrate=True)
        with transaction.atomic(), connection.constraint_checks_disabled(), connection.cursor() as cursor:
            for table, rows in cls.tables.items():
                name = connection.ops.quote_name(table)
                if connection.vendor == "postgresql":
                    if rows:
                        with cursor.copy(f"COPY {name} FROM STDIN") as copy:
                            copy.write(rows)
                elif rows[1]:
                    columns, values = rows
                    cursor.executemany(f"INSERT INTO {name} ({', '.join(map(connection.ops.quote_name, columns))}) "
                                       f"VALUES ({', '.join(['%s'] * len(columns))})", values)  # noqa: S608


def _last_ids() -> dict:
    """Per table, the highest id it holds (None: empty; ... : rows without an integer id)."""
    from django.apps import apps

    last = {}
    for model in apps.get_models(include_auto_created=True):
        table, pk = model._meta.db_table, model._meta.pk
        if pk.get_internal_type() in ("AutoField", "BigAutoField", "SmallAutoField"):
            last[table] = model._base_manager.aggregate(last=models.Max("pk"))["last"]
        else:
            last[table] = ... if model._base_manager.exists() else None
    return last


def as_migrated() -> None:
    """Delete the rows written since the shared cast's database was migrated: the cast, and whatever a
    transactional test left. Rows the migrations seeded stay. Inside a test's transaction, its rollback brings
    them back; outside one (a transactional test), they are gone. Nothing to do when this process has not
    built the shared cast."""
    cast = SharedCast.built
    if cast is None or not cast.present():
        # Never built here, or a transactional test has emptied the database since (and the migrations' signal
        # handlers wrote their rows again, with new ids): there is no cast to take away.
        return
    with transaction.atomic(), connection.cursor() as cursor:
        for table, last in cast.baseline.items():
            name = connection.ops.quote_name(table)
            if last is None:
                cursor.execute(f"DELETE FROM {name}")  # noqa: S608 — a table name from the models
            elif last is not ...:
                cursor.execute(f"DELETE FROM {name} WHERE id > %s", [last])  # noqa: S608
        # The one seeded row the cast changes: the audit chain's head goes back to the last event left.
        from jingqi.core.models import AuditChainHead, AuditEvent

        last_event = AuditEvent.objects.order_by("-seq").first()
        AuditChainHead.objects.filter(pk=1).update(last_seq=last_event.seq if last_event else 0,
                                                   last_hash=last_event.hash if last_event else "0" * 64)


def fresh_world(*, disputes: bool = False, patrols: bool = False, inspections: bool = False,
                cases: bool = False) -> World:
    """The cast built afresh, for a transactional test (its writes commit, and the database is emptied after
    it): the shared cast is taken away first, or the two would clash on their unique names."""
    as_migrated()
    return build_world(disputes=disputes, patrols=patrols, inspections=inspections, cases=cases)


class Snapshot:
    """A world frozen as it was built: each :meth:`world` is a fresh copy of its Python objects (its rows are
    the caller's business: a module's shared extras live in a transaction rolled back after the module)."""

    def __init__(self, world: World):
        connection.run_on_commit.clear()  # as a test's rollback would drop them: see SharedCast
        self.snapshot = pickle.dumps(world.objects)

    def world(self) -> World:
        return World(pickle.loads(self.snapshot))  # noqa: S301 — our own bytes, from this process


def _claims(o: dict) -> None:
    """A batch, complaints, a picture, a run, a clue and its timeline at each station (the model's own
    output is tested in claims/tests; these only need to exist for scoping and the matrix)."""
    from jingqi.claims.models import ClueEvent

    for key, station, uploader in (("s", "station", "officer_a"), ("t", "station_t", "supervisor_t")):
        batch = f.ComplaintBatchFactory(station=o[station], uploaded_by=o[uploader])
        complaints = [f.ComplaintFactory(batch=batch) for _ in range(2)]
        image = f.EvidenceImageFactory(batch=batch)
        complaints[0].evidence_files = [{"name": image.name, "image": image.pk}]
        complaints[0].save()
        clue = f.ClueFactory(run__station=o[station], run__started_by=o[uploader],
                             image_clusters={str(image.pk): 0}, text_clusters={})
        clue.complaints.set(complaints)
        o[f"complaint_batch_{key}"], o[f"evidence_{key}"], o[f"clue_{key}"] = batch, image, clue
        o[f"clue_event_{key}"] = ClueEvent.objects.create(clue=clue, kind="found")


DISPUTE_ID_NUMBER = f.valid_id_number(4242, born=1975)
DISPUTE_PHONE = f.valid_mobile(39_424_242)
DISPUTE_WAGES = {"kind": "labour", "urgency": "urgent", "title": "工人讨要工资",
                 "description": "承包商拖欠三个月工资。",
                 "amount": "90000", "people_involved": 3, "blocking": False, "location": "A工业园 2 号门",
                 "latitude": "29.600000", "longitude": "120.800000"}


def _disputes(o: dict) -> None:
    """A dispute in each park (a and b of station S, t of station T); a's has a worker and the enterprise as
    parties, two sessions (the volunteer and the transport department sat on the first), a signed agreement
    in three instalments, a payment with its proof and an internal note and document."""
    from jingqi.disputes import services

    world = World(o)
    today = timezone.localdate()
    a = services.do_report_dispute(world.officer_a, source="walk_in", park=world.park_a, data=DISPUTE_WAGES)
    worker = services.do_add_party(world.officer_a, a, side="applicant", full_name="王建国",
                                   id_number=DISPUTE_ID_NUMBER, phone=DISPUTE_PHONE, headcount=3,
                                   representative="工人代表")
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
    b = services.do_report_dispute(world.liaison_b, source="portal", data={**DISPUTE_WAGES, "title": "B园合同纠纷",
                                                                           "kind": "contract"})
    o["dispute_b"] = b
    t = services.do_report_dispute(world.supervisor_t, source="phone", park=world.park_t,
                                   data={**DISPUTE_WAGES, "title": "T园邻里纠纷", "kind": "neighbour"})
    services.do_add_party(world.supervisor_t, t, side="applicant", organisation="T园物业")
    services.do_accept_dispute(world.supervisor_t, t)
    first_t = services.do_plan_session(world.supervisor_t, t, planned_at=timezone.now(), place="T园",
                                       mediators=[{"role": "officer", "user": world.supervisor_t}])
    o["dispute_t"], o["session_t"] = t, first_t


PATROL_ROUTE = {"type": "LineString", "coordinates": [[120.8, 29.6], [120.81, 29.6]]}
PATROL_POINT = {"type": "Point", "coordinates": [120.805, 29.6]}


def _patrols(o: dict) -> None:
    """Volunteer teams (a: enterprise a's, with volunteer_a's account; t: station T's), a route and a checkpoint
    in parks a and t, a joint patrol in park a under way with a check-in and a finding, a patrol in park t, and a
    rostered guard operation in each of parks a and t (two segments, a pool, shifts) with a swap asked in a."""
    from jingqi.patrols import services
    from jingqi.patrols.models import GuardOperation

    world = World(o)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    every_day = [{"weekday": d, "start": "00:00", "end": "00:00"} for d in range(7)]
    for key, park, police, enterprise in (("a", "park_a", "officer_a", "enterprise_a"),
                                          ("t", "park_t", "supervisor_t", None)):
        actor = o[police]
        team = services.do_create_team(actor, park=o[park], enterprise=o[enterprise] if enterprise else None,
                                       data={"name": f"{key.upper()}园义警队"})
        first = services.do_enrol_volunteer(actor, team, full_name=f"{key.upper()}义警甲",
                                            phone=f.valid_mobile(39_500_000 + ord(key)), skills=["first_aid"],
                                            user=o["volunteer_a"] if key == "a" else None)
        second = services.do_enrol_volunteer(actor, team, full_name=f"{key.upper()}义警乙", skills=["driving"])
        for volunteer in (first, second):
            services.do_change_volunteer_status(actor, volunteer, action="vet")
            services.do_set_availability(actor, volunteer, windows=every_day)
        o[f"recognition_{key}"] = services.do_recognise(actor, first, kind="certificate", title="急救培训合格证书",
                                                        awarded_on=timezone.localdate(),
                                                        certificate=f.png_upload("证书.png"))
        route = services.do_create_place(actor, park=o[park], kind="route", data={
            "name": f"{key.upper()}园主干道", "geometry": PATROL_ROUTE, "risk_weight": 3, "cover_periods": ["night"]})
        checkpoint = services.do_create_place(actor, park=o[park], kind="checkpoint", data={
            "name": f"{key.upper()}园仓库", "geometry": PATROL_POINT, "route": route.pk})
        officers = [o[police]] if police != "supervisor_t" else []
        (patrol,) = services.do_plan_patrol(actor, park=o[park], route=route, officers=officers,
                                            volunteers=[first], data={
                                                "title": f"{key.upper()}园夜巡", "mode": "foot",
                                                "requires_officer": bool(officers),
                                                "starts_at": now - timedelta(hours=1),
                                                "ends_at": now + timedelta(hours=2)})
        operation = services.do_create_operation(actor, park=o[park], data={
            "name": f"{key.upper()}园电缆守护", "starts_at": now + timedelta(days=1), "hours": 48,
            "geometry": PATROL_ROUTE, "min_shift": 2, "max_shift": 12, "min_rest": 4, "max_week_hours": 40})
        services.do_split_operation(actor, operation, count=2)
        pool = services.do_add_to_pool(actor, operation, volunteers=[first, second], officers=officers)
        services.do_request_solve(actor, operation)
        people = {p.volunteer_id: p for p in pool}
        services.store_roster(operation.pk, {"status": "partial", "assignments": [
            {"person": people[first.pk].code, "segment": "S01", "start": 0, "end": 8},
            {"person": people[second.pk].code, "segment": "S02", "start": 0, "end": 8}],
            "uncovered": [], "objective": 0, "bound": 0, "seconds": 0.1})
        operation = GuardOperation.objects.get(pk=operation.pk)
        o[f"team_{key}"], o[f"volunteer_{key}1"], o[f"volunteer_{key}2"] = team, first, second
        o[f"route_{key}"], o[f"checkpoint_{key}"], o[f"patrol_{key}"] = route, checkpoint, patrol
        o[f"operation_{key}"] = operation
        o[f"shift_{key}"] = operation.shifts.get(person=people[first.pk])
    o["check_in_a"] = services.do_check_in(world.volunteer_a, o["patrol_a"], checkpoint=o["checkpoint_a"],
                                           latitude="29.600000", longitude="120.805000", accuracy=10)
    o["finding_a"] = services.do_report_finding(world.volunteer_a, patrol=o["patrol_a"], kind="other",
                                                description="仓库后门未锁", location="A园仓库")
    o["swap_a"] = services.do_ask_swap(world.volunteer_a, o["shift_a"], taker=o["shift_a"].operation.people.get(
        volunteer=o["volunteer_a2"]))


def _cases(o: dict) -> None:
    """Cases, outreach events, background checks and risk reports in and out of each persona's scope (see
    cases/cast.py and reports/cast.py)."""
    from jingqi.cases import cast
    from jingqi.reports import cast as report_cast

    cast.build(o)
    report_cast.build(o)


def _inspections(o: dict) -> None:
    """Inspection types with checklists in stations S (fire, owed by the transport department for the cast's
    department persona; the police's own) and T; a rule for every enterprise each quarter and the quarter's plan;
    a joint visit in each of parks a, b and t; in park a the fire inspection submitted with one item failed (hazard
    a, given a deadline: enterprise a's liaison may report its fix) and one fixed on site (closed at once); a hazard
    reported in parks b and t."""
    from jingqi.inspections import services
    from jingqi.inspections.models import Requirement

    world = World(o)
    items = [{"section": "通道", "text": "疏散通道畅通", "major_if_failed": True},
             {"section": "器材", "text": "灭火器在有效期内"}, {"section": "制度", "text": "值班记录完整"}]
    types = {}
    for key, supervisor, department, code, name, kind in (
            ("fire", "supervisor", "dept_transport_unit", "FIRE", "消防安全检查", "fire"),
            ("police", "supervisor", None, "PUB", "治安检查", "public_security"),
            ("t", "supervisor_t", "dept_t_unit", "FIRE", "消防安全检查", "fire")):
        actor = o[supervisor]
        kind_type = services.do_save_inspection_type(actor, data={
            "code": code, "name": name, "kind": kind, "department": o[department].pk if department else None})
        o[f"checklist_{key}"] = services.do_publish_checklist(actor, kind_type, items=items, note="首版")
        o[f"insp_type_{key}"] = types[key] = kind_type
    for key, supervisor, type_key in (("s", "supervisor", "fire"), ("s_police", "supervisor", "police"),
                                      ("t", "supervisor_t", "t")):
        o[f"rule_{key}"] = services.do_save_rule(o[supervisor], data={
            "name": f"{types[type_key].name}（每季度）", "inspection_type": types[type_key].pk, "every": 3})
    today = timezone.localdate()
    o["key_date_s"] = services.do_save_key_date(world.supervisor, data={
        "name": "国庆节", "on": (today + timedelta(days=20)).isoformat(), "lead_days": 10})
    for key in ("a", "b", "t"):
        officer = {"a": world.officer_a, "b": world.officer_b, "t": world.supervisor_t}[key]
        o[f"profile_{key}"] = services.do_save_profile(officer, o[f"enterprise_{key}"], risk_level=3,
                                                       monthly_budget=6)
    services.do_generate_plan(world.supervisor, quarter_start=today)
    services.do_generate_plan(world.supervisor_t, quarter_start=today)
    day = today + timedelta(days=1)
    for key, officer in (("a", world.officer_a), ("b", world.officer_b), ("t", world.supervisor_t)):
        due = Requirement.objects.filter(enterprise=o[f"enterprise_{key}"], status="due", key_date__isnull=True)
        o[f"visit_{key}"] = services.do_plan_visit(officer, o[f"enterprise_{key}"], planned_on=day,
                                                   requirements=list(due.values_list("pk", flat=True)),
                                                   notice="请准备消防台账")
    inspection = services.do_start_inspection(world.officer_a, world.visit_a, types["fire"])
    checklist = list(inspection.checklist.items.order_by("number"))
    services.do_save_answer(world.officer_a, inspection, item=checklist[0], result="fail", note="通道堆放货物",
                            photo=f.png_upload("通道.png"))
    services.do_save_answer(world.officer_a, inspection, item=checklist[1], result="fail", note="一具灭火器过期",
                            fixed_on_site=True, after_photo=f.png_upload("更换后.png"))
    services.do_save_answer(world.officer_a, inspection, item=checklist[2], result="pass")
    o["inspection_a"] = services.do_submit_inspection(world.officer_a, inspection)
    o["hazard_a"], o["hazard_a_fixed"] = list(inspection.hazards.order_by("pk"))
    o["hazard_a"] = services.do_assign_hazard(world.officer_a, o["hazard_a"], responsible_name="安全主管",
                                              responsible_phone="13800000001", measures="清理通道，设置警示线",
                                              deadline=(today + timedelta(days=5)).isoformat())
    o["hazard_b"] = services.do_report_hazard(world.officer_b, park=world.park_b, enterprise=world.enterprise_b,
                                              data={"title": "配电箱未上锁", "severity": "general"},
                                              photo=f.png_upload("配电箱.png"))
    o["hazard_t"] = services.do_report_hazard(world.supervisor_t, park=world.park_t, enterprise=world.enterprise_t,
                                              data={"title": "T园仓库电线老化", "severity": "major"})
