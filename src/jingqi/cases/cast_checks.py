"""Background checks in the shared test cast (``case_cast``), asked and answered through the services: in park A
one waiting (liaison_a's), one answered (liaison_a's) and one asked by another liaison of enterprise A
(``check_liaison_a2``); one waiting in park B (liaison_b's) and one in park T (station T, by ``check_liaison_t``).
The candidates are synthetic."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jingqi.accounts.choices import Role
from jingqi.core.testing import factories as f

# A minimal PDF: what the upload check sniffs (the magic number) is all a test consent needs.
CONSENT_PDF = b"%PDF-1.4\n% synthetic signed consent\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
CANDIDATE_NAME = "赵一鸣"
CANDIDATE_ID = f.valid_id_number(7101, born=1992)


def consent_pdf(name: str = "同意书.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, CONSENT_PDF, content_type="application/pdf")


def request_data(**overrides) -> dict:
    data = {"position": "仓库管理员", "duties": "保管贵重原材料和成品，掌管仓库钥匙。",
            "candidate_name": CANDIDATE_NAME, "id_number": CANDIDATE_ID, "consent_scope": ["criminal", "drugs"],
            "consent_signed_on": timezone.localdate().isoformat()}
    return {**data, **overrides}


def build(o: dict) -> None:
    from . import services_checks as services

    for key, enterprise in (("check_liaison_a2", "enterprise_a"), ("check_liaison_t", "enterprise_t")):
        o[key] = f.UserFactory(username=key, role=Role.LIAISON, enterprise=o[enterprise])
    ask = services.do_request_check
    o["check_a"] = ask(o["liaison_a"], data=request_data(), consent=consent_pdf())
    o["check_a_advised"] = ask(o["liaison_a"], data=request_data(
        position="财务出纳", candidate_name="钱二晓", id_number=f.valid_id_number(7102, born=1992)),
        consent=consent_pdf())
    services.do_advise_check(o["officer_a"], o["check_a_advised"], advice="attention",
                             reason_category="related_offence")
    o["check_a_advised"].refresh_from_db()
    o["check_a2"] = ask(o["check_liaison_a2"], data=request_data(
        position="门卫", candidate_name="孙三元", id_number=f.valid_id_number(7103, born=1992)), consent=consent_pdf())
    o["check_b"] = ask(o["liaison_b"], data=request_data(
        position="司机", candidate_name="李四方", id_number=f.valid_id_number(7104, born=1992)), consent=consent_pdf())
    o["check_t"] = ask(o["check_liaison_t"], data=request_data(
        position="保安", candidate_name="周五洲", id_number=f.valid_id_number(7105, born=1992)), consent=consent_pdf())
