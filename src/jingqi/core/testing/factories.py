"""factory_boy factories. Codes and numbers are valid by construction (check characters computed)."""

import factory
from django.contrib.auth.models import Permission
from django.utils import timezone
from stdnum.cn import ric, uscc

from jingqi.accounts.models import User
from jingqi.catalog.models import Bundle, ServiceItem
from jingqi.core.pii import blind_index
from jingqi.registry import choices
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


def valid_uscc(n: int) -> str:
    body = f"91330683{n:09d}"
    return body + uscc.calc_check_digit(body)


def valid_id_number(n: int, *, born: int = 1980) -> str:
    """A valid resident ID number, one per ``n``, born in one of the 20 years from ``born``.

    Callers that draw ``n`` from a running counter pass another ``born`` than tests that pick small
    numbers by hand, so that the two can never make the same person by accident.
    """
    # 110105 has been a valid area code for every birth year used here (the check covers the place too).
    body = f"110105{born + n % 20:04d}0{1 + n % 9}{10 + n % 18:02d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def valid_mobile(n: int) -> str:
    return f"+86138{n % 100000000:08d}"


def square(lon: float, lat: float, size: float = 0.01) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


class StationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Station

    code = factory.Sequence(lambda n: f"ST{n:03d}")
    name = factory.Sequence(lambda n: f"第{n}派出所")


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    station = factory.SubFactory(StationFactory)
    code = factory.Sequence(lambda n: f"OF{n:03d}")
    name = factory.Sequence(lambda n: f"第{n}警务室")


class ParkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Park

    station = factory.SubFactory(StationFactory)
    office = factory.SubFactory(OfficeFactory, station=factory.SelfAttribute("..station"))
    code = factory.Sequence(lambda n: f"PK{n:03d}")
    name = factory.Sequence(lambda n: f"第{n}工业园")
    kind = choices.ParkKind.INDUSTRIAL_PARK
    boundary = factory.LazyFunction(lambda: square(120.8, 29.6))


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    station = factory.SubFactory(StationFactory)
    code = factory.Sequence(lambda n: f"DP{n:03d}")
    name = factory.Sequence(lambda n: f"第{n}职能部门")


class StationingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stationing

    department = factory.SubFactory(DepartmentFactory)
    office = factory.SubFactory(OfficeFactory, station=factory.SelfAttribute("..department.station"))
    mode = choices.StationingMode.PERMANENT


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise
        skip_postgeneration_save = True

    park = factory.SubFactory(ParkFactory)
    name = factory.Sequence(lambda n: f"测试{n}号科技有限公司")
    uscc = factory.Sequence(valid_uscc)
    industry_code = "C3841"
    headcount = 120
    latitude = "29.605000"
    longitude = "120.805000"

    @factory.post_generation
    def strategy(self, create, extracted, **kwargs):
        if create:
            Strategy.objects.get_or_create(enterprise=self)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"测试人{n}")
    id_number = factory.Sequence(valid_id_number)
    id_number_index = factory.LazyAttribute(lambda p: blind_index("id", p.id_number))
    phone = factory.Sequence(valid_mobile)
    phone_index = factory.LazyAttribute(lambda p: blind_index("phone", p.phone))


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    enterprise = factory.SubFactory(EnterpriseFactory)
    person = factory.SubFactory(PersonFactory)
    role = choices.ContactRole.SECURITY_HEAD


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")
    role = "viewer"

    @factory.post_generation
    def reveal(self, create, extracted, **kwargs):
        if extracted:
            self.user_permissions.add(Permission.objects.get(codename="reveal_personal_data"))
        if create:
            self.save()


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    enterprise = factory.SubFactory(EnterpriseFactory)
    role = choices.TeamRole.ENTERPRISE_CONTACT
    contact = factory.SubFactory(ContactFactory, enterprise=factory.SelfAttribute("..enterprise"))


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    enterprise = factory.SubFactory(EnterpriseFactory)
    officer = factory.SubFactory(UserFactory)
    kind = choices.VisitKind.ROUTINE
    visited_at = factory.Faker("past_datetime", start_date="-60d", tzinfo=__import__("datetime").UTC)
    summary = "走访了解企业安保情况"
    collected = factory.LazyFunction(lambda: ["security"])


class BundleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bundle
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"B{n:02d}")
    name = factory.Sequence(lambda n: f"一件事{n}")


class ServiceItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceItem
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"IT-{n:03d}")
    title = factory.Sequence(lambda n: f"服务事项{n}")
    kind = "resolution"
    response_limit_hours = 4
    resolution_limit_days = 5
    materials = "营业执照复印件\n情况说明"


# The smallest valid PNG (1×1 pixel): real image bytes, so that type sniffing sees a PNG.
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000" "1f15c4890000000d49444154789c6360000002000100"
    "e221bc330000000049454e44ae426082"
)


def png_upload(name="现场照片.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


# --- the false-claim model --------------------------------------------------------------------------


class ComplaintBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "claims.ComplaintBatch"

    source_name = factory.Sequence(lambda n: f"投诉导出{n}.csv")
    source_sha256 = "0" * 64
    status = "imported"
    rows_total = 2
    rows_checked = 2
    rows_imported = 2


class ComplaintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "claims.Complaint"

    batch = factory.SubFactory(ComplaintBatchFactory)
    station = factory.SelfAttribute("batch.station")
    row_number = factory.Sequence(lambda n: n + 2)
    complaint_id = factory.Sequence(lambda n: f"TS{n:06d}")
    received_at = factory.LazyFunction(timezone.now)
    complainant_name = "测试投诉人"
    phone = factory.Sequence(valid_mobile)
    merchant_name = "测试食品店"
    text = "我在店里买的食品过期了，要求十倍赔偿。"


class EvidenceImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "claims.EvidenceImage"

    batch = factory.SubFactory(ComplaintBatchFactory)
    name = factory.Sequence(lambda n: f"IMG_{n:04d}.png")
    file = factory.django.FileField(filename="000001.png", data=PNG_BYTES)
    content_type = "image/png"
    size = len(PNG_BYTES)


class ScanRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "claims.ScanRun"

    status = "done"


class ClueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "claims.Clue"

    run = factory.SubFactory(ScanRunFactory)
    station = factory.SelfAttribute("run.station")
    number = factory.Sequence(lambda n: f"XS-TEST-{n:04d}")
    kind = "complainant"
    score = 0.8
    flagged = True
    complaint_count = 2
    reasons = factory.LazyFunction(lambda: [{"rule": "punitive_script", "weight": 0.3, "detail": "话术", "facts": {},
                                              "complaints": []}])
