"""The mediation agreement document (人民调解协议书), made from the record: printable HTML and PDF.

The document is a formal Chinese one and is printed in Chinese whatever the interface language, so its fixed
wording is written here in Chinese rather than through the translation catalogue (its layout follows the
人民调解协议书 forms: parties, facts, terms, performance, the legal effect, signatures).

Personal data on it: a real agreement carries each person's full ID number, so the police with the reveal right
get them (and the phone), and each such rendering is audited once (``dispute.agreement_document``, naming the
parties and fields revealed). Everyone else sees masked values, and an enterprise liaison sees of a person on
the other side only the masked name — never their ID number, phone or representative.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Prefetch

from jingqi.accounts.choices import Role
from jingqi.core import audit
from jingqi.core.pdf import cn_date, money
from jingqi.core.scoping import access

from .choices import MediatorRole, Side
from .models import Agreement, DisputeParty, MediationSession, SessionMediator

TITLE = "人民调解协议书"
CENTRE_SUFFIX = "一站式矛盾纠纷调处化解中心"
SIDE_LABELS = {Side.APPLICANT: "申请人", Side.RESPONDENT: "被申请人"}
ROLE_LABELS = {
    MediatorRole.OFFICER: "民警", MediatorRole.AUXILIARY: "辅警", MediatorRole.VOLUNTEER: "义警",
    MediatorRole.DEPARTMENT: "职能部门工作人员", MediatorRole.PEOPLES_MEDIATOR: "人民调解员",
    MediatorRole.LAWYER: "律师", MediatorRole.JUDGE: "法官",
}
HEADINGS = {
    "parties": "当事人",
    "facts": "纠纷主要事实",
    "terms": "经调解，双方当事人自愿达成如下协议",
    "schedule": "履行方式、时限",
    "effect": "协议效力",
    "signatures": "签名",
}
SCHEDULE_COLUMNS = ["期次", "到期日", "金额（元）"]
FOOTER = "第 {page} 页 共 {pages} 页"

# --- Chinese numerals ---------------------------------------------------------------------------------

UPPER_DIGITS = "零壹贰叁肆伍陆柒捌玖"
UPPER_UNITS = ("仟", "佰", "拾", "")
UPPER_GROUPS = ("", "万", "亿", "万亿")
SMALL_DIGITS = "零一二三四五六七八九"


def _upper_group(value: int) -> str:
    """0 < value < 10000 in capital numerals, with 零 for the zeros between digits (壹仟零伍)."""
    out, zero = "", False
    for digit, unit in zip((value // 1000, value // 100 % 10, value // 10 % 10, value % 10), UPPER_UNITS,
                           strict=True):
        if digit == 0:
            zero = bool(out)
            continue
        out += ("零" if zero else "") + UPPER_DIGITS[digit] + unit
        zero = False
    return out


def _upper_integer(value: int) -> str:
    groups = []
    while value:
        groups.append(value % 10000)
        value //= 10000
    if len(groups) > len(UPPER_GROUPS):
        raise ValueError("amount too large")
    out, zero = "", False
    for index in reversed(range(len(groups))):
        group = groups[index]
        if group == 0:
            zero = bool(out)
            continue
        if out and (zero or group < 1000):
            out += "零"
        out += _upper_group(group) + UPPER_GROUPS[index]
        zero = False
    return out


def rmb_upper(amount) -> str:
    """An amount of yuan in capital numerals as written on contracts and cheques (大写金额):
    186000 → 壹拾捌万陆仟元整, 1005.3 → 壹仟零伍元叁角, 100.05 → 壹佰元零伍分, 0 → 零元整."""
    amount = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if amount < 0:
        raise ValueError("a negative amount has no capital form here")
    cents = int(amount * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    head = _upper_integer(yuan) + "元" if yuan else ""
    if not jiao and not fen:
        return (head or "零元") + "整"
    tail = UPPER_DIGITS[jiao] + "角" if jiao else ("零" if yuan else "")
    return head + tail + (UPPER_DIGITS[fen] + "分" if fen else "")


def cn_count(n: int) -> str:
    """A small count in Chinese (一式三份): 1–99."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if not tens:
        return SMALL_DIGITS[ones]
    return ("" if tens == 1 else SMALL_DIGITS[tens]) + "十" + (SMALL_DIGITS[ones] if ones else "")


# --- what the viewer may read of a party -------------------------------------------------------------


def _reveals(user) -> bool:
    return (user.role in (Role.SUPERVISOR, Role.OFFICER, Role.AUXILIARY) or user.is_superuser) and user.can_reveal


def _party(party: DisputeParty, user, *, reveal: bool, own_sides: set[str] | None) -> tuple[dict, list[str]]:
    """One party as the document shows it to ``user``, and the fields revealed in plain (to be audited)."""
    side_label = SIDE_LABELS.get(party.side, party.side)
    entry = {"pk": party.pk, "side": party.side, "side_label": side_label, "kind": "organisation",
             "name": party.name, "id_label": "", "id_value": "", "phone_label": "", "phone": "",
             "address_label": "", "address": "", "representative": party.representative,
             "headcount": party.headcount, "masked": False}
    revealed = []
    if party.enterprise_id:
        enterprise = party.enterprise
        entry.update(kind="enterprise", id_label="统一社会信用代码", id_value=enterprise.uscc, address_label="住所",
                     address=enterprise.address)
    elif party.person_id:
        person = party.person
        entry.update(kind="person", id_label="公民身份号码", phone_label="联系电话")
        if own_sides is not None and party.side not in own_sides:
            # A liaison reading the other side's person: the masked name, nothing else of them.
            entry.update(name=party.masked_name, representative="", masked=True)
        elif reveal:
            entry.update(id_value=person.id_number, phone=person.phone_display)
            revealed = [field for field in ("id_number", "phone") if getattr(person, field)]
        else:
            entry.update(id_value=person.id_number_masked, phone=person.phone_masked, masked=True)
    entry["display_name"] = entry["name"] + (f"等{party.headcount}人" if party.headcount > 1 else "")
    entry["signature_label"] = f"{side_label}：{entry['display_name']}"
    return entry, revealed


def _load(agreement, user) -> Agreement:
    parties = DisputeParty.objects.select_related("enterprise", "person").order_by("side", "pk")
    sessions = MediationSession.objects.order_by("number").prefetch_related(
        Prefetch("mediators", queryset=SessionMediator.objects.select_related("user").order_by("pk")))
    return access(Agreement.objects.select_related("dispute__station", "dispute__park").prefetch_related(
        "instalments", Prefetch("dispute__parties", queryset=parties),
        Prefetch("dispute__sessions", queryset=sessions)), user, getattr(agreement, "pk", agreement))


def agreement_context(agreement, user, *, reveal: bool = True) -> dict:
    """Everything the printable agreement shows, as ``user`` may see it (404 if they may not see it).

    ``reveal``: the police with the reveal right get the full ID numbers and phones of person parties (audited
    once per call); pass ``False`` for a masked rendering (a preview). See ``AGREEMENT_CONTEXT_KEYS``."""
    agreement = _load(agreement, user)
    dispute = agreement.dispute
    reveal = reveal and _reveals(user)
    parties_qs = list(dispute.parties.all())
    own_sides = None
    if user.role == Role.LIAISON and not user.is_superuser:
        own_sides = {p.side for p in parties_qs if p.enterprise_id and p.enterprise_id == user.enterprise_id}
    parties, revealed = [], []
    for party in parties_qs:
        entry, fields = _party(party, user, reveal=reveal, own_sides=own_sides)
        parties.append(entry)
        if fields:
            revealed.append({"party": party.pk, "fields": fields})
    if revealed:
        with transaction.atomic():
            audit.record(user, "dispute.agreement_document", agreement, {"revealed": revealed})

    mediators, seen = [], set()
    for session in dispute.sessions.all():
        for seat in session.mediators.all():
            key = (seat.user_id, seat.name, seat.organisation) if seat.user_id is None else seat.user_id
            if key in seen:
                continue
            seen.add(key)
            # A staff member by their full name (the seat's stored name may be their user name).
            name = (seat.user.full_name if seat.user_id else "") or seat.name
            mediators.append({"name": name, "role": seat.role, "role_label": ROLE_LABELS.get(seat.role, ""),
                              "organisation": seat.organisation, "signature_label": f"调解员：{name}"})

    instalments = [{"number": i.number, "label": f"第{cn_count(i.number)}期", "due_on": i.due_on,
                    "due_on_text": cn_date(i.due_on), "amount": i.amount, "amount_text": money(i.amount)}
                   for i in agreement.instalments.all()]
    centre = f"{dispute.station.name}{CENTRE_SUFFIX}"
    total = agreement.total_amount
    if instalments:
        schedule_text = (f"上述款项共计人民币{money(total)}元（大写：{rmb_upper(total)}），"
                         f"分{cn_count(len(instalments))}期按下表履行，每期于到期日（含当日）前付清：")
    elif total:
        schedule_text = f"上述款项共计人民币{money(total)}元（大写：{rmb_upper(total)}），于本协议签订时一次履行完毕。"
    else:
        schedule_text = "本协议不涉及金钱给付，按上述约定履行。"
    copies = cn_count(len(parties) + 1)
    effect_text = (
        f"本协议一式{copies}份，当事人各执一份，调解机构留存一份。经人民调解委员会调解达成的、有民事权利义务内容，"
        "并由双方当事人签字或者盖章的人民调解协议，具有法律约束力，当事人应当按照约定履行"
        "（《中华人民共和国人民调解法》第三十一条）。本协议自各方当事人签名（盖章）、调解员签名"
        "并加盖调解机构印章之日起生效。")
    return {
        "title": TITLE,
        "reference": dispute.reference,
        "agreement": agreement,
        "dispute": dispute,
        "headings": HEADINGS,
        "parties": parties,
        "applicants": [p for p in parties if p["side"] == Side.APPLICANT],
        "respondents": [p for p in parties if p["side"] == Side.RESPONDENT],
        # The facts both sides signed: the investigation's findings stay with the police.
        "facts": agreement.facts or dispute.description,
        "terms": agreement.terms,
        "instalments": instalments,
        "schedule_columns": SCHEDULE_COLUMNS,
        "schedule_text": schedule_text,
        "total_amount": total,
        "total_text": money(total),
        "total_upper": rmb_upper(total),
        "effect_text": effect_text,
        "copies": copies,
        "mediators": mediators,
        "centre": centre,
        "centre_label": f"调解机构：{centre}（盖章）",
        "signed_on": agreement.signed_on,
        "signed_on_text": cn_date(agreement.signed_on),
        "revealed": bool(revealed),
        "masked": any(p["masked"] for p in parties),
    }


AGREEMENT_CONTEXT_KEYS = (
    "title", "reference", "agreement", "dispute", "headings", "parties", "applicants", "respondents", "facts",
    "terms", "instalments", "schedule_columns", "schedule_text", "total_amount", "total_text", "total_upper",
    "effect_text", "copies", "mediators", "centre", "centre_label", "signed_on", "signed_on_text", "revealed",
    "masked")


def _party_fields(party: dict) -> list[tuple[str, str]]:
    pairs = [(party["side_label"], party["display_name"])]
    if party["id_label"] and party["id_value"]:
        pairs.append((party["id_label"], party["id_value"]))
    if party["phone_label"] and party["phone"]:
        pairs.append((party["phone_label"], party["phone"]))
    if party["address_label"] and party["address"]:
        pairs.append((party["address_label"], party["address"]))
    if party["representative"]:
        pairs.append(("代表人或代理人", party["representative"]))
    return pairs


def build_agreement_document(context: dict):
    """The agreement laid out with the shared PDF builder (``core.pdf``)."""
    from jingqi.core.pdf import Document

    doc = Document(context["title"], subtitle=f"编号：{context['reference']}", footer=FOOTER,
                   created=context["signed_on"], author=context["centre"], subject=context["title"])
    doc.heading(context["headings"]["parties"])
    for party in context["parties"]:
        pairs = _party_fields(party)
        if len(pairs) > 1 and len(pairs) % 2:
            pairs.append(("", ""))
        doc.fields(pairs, columns=2 if len(pairs) > 1 else 1)
        doc.spacer(2)
    doc.heading(context["headings"]["facts"])
    doc.paragraph(context["facts"])
    doc.heading(context["headings"]["terms"])
    doc.paragraph(context["terms"])
    doc.heading(context["headings"]["schedule"])
    doc.paragraph(context["schedule_text"])
    if context["instalments"]:
        rows = [[i["label"], i["due_on_text"], i["amount_text"]] for i in context["instalments"]]
        rows.append(["合计", "", context["total_text"]])
        doc.table(context["schedule_columns"], rows, widths=[1, 2, 2], align=["center", "center", "right"])
        doc.paragraph(f"合计金额（大写）：{context['total_upper']}", indent=False)
    doc.heading(context["headings"]["effect"])
    doc.paragraph(context["effect_text"])
    doc.spacer(4)
    labels = [p["signature_label"] for p in context["parties"]] + [m["signature_label"]
                                                                   for m in context["mediators"]]
    doc.signatures(labels, date_label="日期", per_row=2)
    doc.spacer(6)
    doc.paragraph(context["centre_label"], align="right", indent=False)
    doc.paragraph(context["signed_on_text"], align="right", indent=False)
    return doc


def agreement_pdf(agreement, user, *, reveal: bool = True) -> bytes:
    """The agreement as a PDF (A4, Chinese, font embedded), as ``user`` may see it; see ``agreement_context``."""
    return build_agreement_document(agreement_context(agreement, user, reveal=reveal)).to_bytes()
