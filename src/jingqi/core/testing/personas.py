"""The fixed cast every test uses (see STYLE.md).

One station ``S`` with two offices: office A serves park A, office B serves park B. A second
station ``T`` with park T holds records nobody in ``S`` may see. Each park has an enterprise with a
contact, a team member, a strategy and a visit, so every scoped model has objects inside and
outside each persona's scope.
"""

from dataclasses import dataclass, field

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


def build_world() -> World:
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
    return World(o)


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
