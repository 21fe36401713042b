"""Read complaint exports into compact columns, normalising whole batches of cells at a time.

Real exports are messy: ``+86 138-1234-5678``, ID numbers ending in a lower-case x or behind Excel's text
apostrophe, Excel serial dates, full-width digits, traditional characters, quantities with units, outcome
labels every office words its own way, rows cut short. A row is refused only when it cannot be placed at
all (no complaint ID, no date received, more cells than the header, an ID seen before); every other oddity
is kept, read as well as it can be, and counted (``Complaints.oddities``, ``Complaints.unknown_outcomes``).

A CSV file is parsed by Arrow's columnar reader and each batch of rows is normalised with Arrow compute and
numpy; Python runs per row only for the rare messy cells, which are found vectorially first. Rows Arrow
cannot place (wrong number of cells) go through Python's csv module and join their batch. Excel files and
the platform's rows (``read_complaints(rows)``) are gathered into the same batches, so every source gives
the same ``Complaints`` for the same cells. Nothing is kept per row as a Python object: each column is an
integer code (into an interner), a number, or strings packed in Arrow arrays.
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import ctypes
import io
import queue
import re
import threading
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
from django.utils import translation
from django.utils.translation import gettext as _

from jingqi.core.errors import ActionError
from jingqi.core.pii import normalize_id_number, normalize_phone

from .arrays import unique
from .texts import NUMERALS, MinHasher

COLUMNS = [
    "complaint_id", "received_at", "channel", "complainant_name", "complainant_id_number", "complainant_phone",
    "complainant_address", "merchant_name", "merchant_uscc", "product", "purchase_date", "purchase_quantity",
    "purchase_amount", "claim_amount", "legal_basis", "text", "evidence_files", "outcome", "compensation_amount",
    "closed_at",
]
REQUIRED = ["complaint_id", "received_at", "complainant_name", "merchant_name", "text"]
# Read when present: a handler's remark on how the complaint ended ("双方私下协商解决", "已全额退款"), and the
# order or receipt number of the purchase (two complaints naming different orders are two purchases).
OPTIONAL = ["remark", "order_no"]

# --- outcomes --------------------------------------------------------------------------------------

OUTCOMES = ["pending", "withdrawn", "mediated", "compensated", "rejected", "closed", "other"]
PENDING, WITHDRAWN, MEDIATED, COMPENSATED, REJECTED, CLOSED, OTHER = range(7)
# Facts an outcome label states besides its meaning, as bits: a withdrawal after a normal refund is not a
# withdrawal after a private payment, and the rules must be able to tell them apart.
OUTCOME_REFUND = 1  # the price was refunded (退款, 退货)
OUTCOME_SETTLED = 2  # the parties settled between themselves (和解, 私了, 协商)
OUTCOME_PARTIAL = 4  # only in part (部分赔偿)
OUTCOME_FAILED = 8  # mediation failed or was ended without agreement (调解不成, 终止调解)
OUTCOME_TRANSFERRED = 16  # passed to another body or merged (转办, 已转执法, 并案处理)
OUTCOME_JUDGED = 32  # decided by a court (判决)

# Exact labels, English and Chinese, to the codes of the platform's own outcome field (0-4 only: the
# platform stores these five). Everything else goes through ``outcome_of``.
OUTCOME_CODE = {name: i for i, name in enumerate(OUTCOMES[:5])}
OUTCOME_CODE.update({
    "": PENDING, "待处理": PENDING, "处理中": PENDING, "办理中": PENDING, "受理中": PENDING, "已受理": PENDING,
    "撤诉": WITHDRAWN, "撤回": WITHDRAWN, "已撤回": WITHDRAWN, "撤销": WITHDRAWN, "消费者撤回": WITHDRAWN,
    "调解": MEDIATED, "已调解": MEDIATED, "调解成功": MEDIATED, "和解": MEDIATED, "已和解": MEDIATED,
    "赔偿": COMPENSATED, "已赔偿": COMPENSATED, "部分赔偿": COMPENSATED, "已退款": COMPENSATED,
    "驳回": REJECTED, "不予受理": REJECTED, "不予立案": REJECTED, "维持原决定": REJECTED,
})

# Keyword rules for labels not in the table, first match wins; the order matters (调解不成 before 调解,
# 撤回（双方和解） before 和解). Each: (words, meaning, facts).
_OUTCOME_RULES: list[tuple[tuple[str, ...], int, int]] = [
    (("撤",), WITHDRAWN, 0),
    (("不成", "失败", "未成", "未达成", "终止", "无法调解"), CLOSED, OUTCOME_FAILED),
    (("驳回", "不予", "不支持", "不成立", "维持原", "拒", "未赔", "无赔", "不赔"), REJECTED, 0),
    (("中止", "暂停"), PENDING, 0),
    (("赔", "退款", "退货", "退费", "补偿", "判决支持", "支持"), COMPENSATED, 0),
    (("调解", "和解", "协商一致"), MEDIATED, 0),
    (("转执法", "移送", "并案", "立案查处"), CLOSED, OUTCOME_TRANSFERRED),
    (("转办", "转交", "转派", "待", "处理中", "办理中", "受理", "调查", "核查", "核实"), PENDING, 0),
    (("办结", "结案", "完结", "处理完毕", "已处理", "关闭", "终结"), CLOSED, 0),
]
_OUTCOME_FACT_WORDS = [
    (OUTCOME_REFUND, ("退款", "退货", "退费", "退钱")),
    (OUTCOME_SETTLED, ("和解", "私了", "协商", "自行解决", "双方")),
    (OUTCOME_PARTIAL, ("部分",)),
    (OUTCOME_FAILED, ("不成", "失败", "未成", "未达成", "终止调解", "无法调解")),
    (OUTCOME_TRANSFERRED, ("转办", "转执法", "转交", "移送", "并案")),
    (OUTCOME_JUDGED, ("判决", "法院")),
]
_ENGLISH_OUTCOMES = {name: i for i, name in enumerate(OUTCOMES)}


# What a remark says of a complaint's end: the price refunded, or the parties settling between themselves (a
# private payment written in the remark is one) — unless the remark says it did not happen, failed, or was only
# advised ("建议双方协商解决", "协商未果", "商家拒绝退款"). Matched on squeezed remarks (no punctuation).
_REMARK_FACTS = [
    (OUTCOME_REFUND, r"退款|退货|退费|退钱|退还", r"未退|不退|没退|没有退|拒绝退|拒退|无法退|不予退|不同意退|要求退"),
    (OUTCOME_SETTLED, r"私下|私了|自行和解|自行协商|自行解决|协商解决|达成和解|已和解|双方和解",
     r"未果|不成|失败|未达成|不愿|不同意|拒绝|建议|告知|可自行|可以自行|无法|未能"),
]


def v_remark_facts(remarks) -> np.ndarray:
    """``OUTCOME_REFUND`` and ``OUTCOME_SETTLED`` bits of each remark (``_REMARK_FACTS``), over a string array."""
    pc = _pc()
    distinct, index = _unique(remarks)
    squeezed = v_squeeze(distinct)
    facts = np.zeros(len(distinct), dtype=np.int8)
    for bit, said, unsaid in _REMARK_FACTS:
        facts |= np.where(_mask(pc.match_substring_regex(squeezed, said))
                          & ~_mask(pc.match_substring_regex(squeezed, unsaid)), bit, 0).astype(np.int8)
    return facts[index] if len(facts) else np.zeros(len(index), dtype=np.int8)


@lru_cache(maxsize=4096)
def outcome_of(label: str) -> tuple[int, int, bool]:
    """(meaning, fact bits, known) of an outcome label as exported (cleaned and lower-cased by the caller).

    A label no rule knows is ``OTHER`` and not known: it is data, counted in the summary, never an error.
    """
    if label in _ENGLISH_OUTCOMES:
        return _ENGLISH_OUTCOMES[label], 0, True
    words = squeeze(label)
    facts = 0
    for bit, fact_words in _OUTCOME_FACT_WORDS:
        if any(w in words for w in fact_words):
            facts |= bit
    if label in OUTCOME_CODE:
        return OUTCOME_CODE[label], facts, True
    for rule_words, meaning, bits in _OUTCOME_RULES:
        if any(w in words for w in rule_words):
            return meaning, facts | bits, True
    return OTHER, facts, False


# Stages of the professional route 一买、二谈、三举报、四复议、五诉讼, read from the channel.
STAGE_COMPLAINT, STAGE_REPORT, STAGE_REVIEW, STAGE_LAWSUIT = 1, 2, 4, 8
_STAGE_WORDS = [
    (STAGE_LAWSUIT, ("诉讼", "起诉", "法院", "lawsuit", "court")),
    (STAGE_REVIEW, ("复议", "review")),
    (STAGE_REPORT, ("举报", "report")),
    (STAGE_COMPLAINT, ("投诉", "12315", "热线", "complaint", "平台", "hotline")),
]

CHINA = timezone(timedelta(hours=8))
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
DAY = 86400
# Excel's 1900 date system: serial 25569 is 1970-01-01 (its phantom 29 February 1900 lies before).
EXCEL_EPOCH_SERIAL = 25569.0

# --- text normalisation (one cell) -----------------------------------------------------------------


@lru_cache(maxsize=1)
def _to_simplified() -> dict[int, str]:
    """Character-level traditional→simplified table from zhconv's shipped dictionary.

    ``str.translate`` with a table runs in C; zhconv's own phrase-level converter costs ~15 µs a text,
    which is most of the budget for a million rows. Single characters are all matching needs.
    """
    from zhconv.zhconv import getdict

    return {ord(k): v for k, v in getdict("zh-hans").items() if len(k) == 1 and len(v) == 1 and k != v}


@lru_cache(maxsize=1)
def _needs_work() -> frozenset[str]:
    """Characters that clean() must change: traditional ones, full-width letters and digits, the ideographic space.

    Most cells have none; a set test spares them the normalisation and the table look-ups. (Full-width
    punctuation is left alone: matching drops punctuation anyway.)
    """
    wide = [chr(c) for c in range(0xFF10, 0xFF1A)] + [chr(c) for c in range(0xFF21, 0xFF3B)]
    wide += [chr(c) for c in range(0xFF41, 0xFF5B)] + ["\u3000"]
    return frozenset(chr(k) for k in _to_simplified()) | frozenset(wide)


_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
_APOSTROPHES = "'‘’`"


def clean(value: str | None) -> str:
    """NFKC (full-width digits and letters), simplified characters, single spaces, trimmed."""
    if not value:
        return ""
    if value.isascii():
        return " ".join(value.split())
    if not _needs_work().isdisjoint(value):
        value = _nfkc_simplified(value)
    return _SPACE.sub(" ", value).strip()


def _nfkc_simplified(value: str) -> str:
    return unicodedata.normalize("NFKC", value).translate(_to_simplified())


def squeeze(value: str) -> str:
    """Only letters and digits, lower case: for matching addresses and texts written slightly differently."""
    return _PUNCT.sub("", value).lower()


def _identifier(value: str) -> str:
    """An identifier cell cleaned, without Excel's leading text apostrophe."""
    return clean(value).lstrip(_APOSTROPHES)


_MOBILE = re.compile(r"^(?:\+?0{0,2}86)?(1[3-9][0-9]{9})$")
# A mobile with an extension, as delivery platforms export a relayed call (15649125090_8820, 156-4912-5090转8820,
# 15649125090 ext. 12), written without spaces: a relay number of the platform's or the caller's own, which only the
# whole file tells (``resolve_extension_phones``). The importer, reading one row, keeps no phone of it.
_EXTENSION_MOBILE = (r"(?i)^(?:\+?0{0,2}86-?)?(?P<m>1[3-9][0-9](?:-?[0-9]){8})"
                     r"(?:_|转|分机|#|ext\.?|x|,|，|-)[0-9]{1,6}$")
_EXTENSION_RE = re.compile(_EXTENSION_MOBILE)
_NOT_DIGIT = re.compile(r"[^0-9+]")
# A phone written with some digits replaced by stars (155****8826): a privacy mask, not a mistake.
_MASKED = r"[0-9](?:\*{2,}|[xX×]{3,})[0-9]"


def fast_phone(raw: str) -> str:
    """E.164 phone or ``""``. Mainland mobiles take a regex; anything else goes to the platform's validator."""
    value = _identifier(raw)
    if not value:
        return ""
    if _EXTENSION_RE.match(_SPACE.sub("", value)):
        return ""
    m = _MOBILE.match(_NOT_DIGIT.sub("", value))
    if m:
        return "+86" + m.group(1)
    return _other_phone(value)


@lru_cache(maxsize=65536)
def _other_phone(value: str) -> str:
    try:
        return normalize_phone(value)
    except ActionError:
        return ""


def is_masked_phone(raw: str) -> bool:
    return bool(re.search(_MASKED, clean(raw)))


_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"


@lru_cache(maxsize=8192)
def _area_ok(area: str) -> bool:
    """Whether an area code has existed, through the platform's validator, once per area code.

    The validator looks the area up in python-stdnum's database (~70 µs a number). Its area check does
    not depend on the birth date, so one sample number per area answers for all of them.
    """
    body = area + "19900101001"
    check = _ID_CHECK[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]
    try:
        normalize_id_number(body + check)
    except ActionError:
        return False
    return True


def _birth_date_ok(digits: str) -> bool:
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return False
    return born.year >= 1900 and born <= date.today()


_ID_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")


def fast_id_number(raw: str) -> str:
    """Canonical resident ID number or ``""`` (same rules as ``jingqi.core.pii.normalize_id_number``)."""
    cleaned = _identifier(raw).replace(" ", "").replace("-", "").upper()
    if not _ID_SHAPE.match(cleaned):
        return ""
    check = _ID_CHECK[sum(int(c) * w for c, w in zip(cleaned[:17], _ID_WEIGHTS, strict=True)) % 11]
    if cleaned[17] != check or not _birth_date_ok(cleaned[6:14]) or not _area_ok(cleaned[:6]):
        return ""
    return cleaned


def uscc_of(raw: str) -> str:
    """A unified social credit code as one upper-case word: exports split it with spaces or write it in lower case."""
    return re.sub(r"[ \-]", "", _identifier(raw)).upper()


_DATE = re.compile(r"^(\d{4}|\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})(?!\d)日?"
                   r"(?:[ T]*(上午|早上|凌晨|中午|下午|晚上)?[ ]*(\d{1,2})[:：点时](\d{1,2})?(?:[:：分](\d{1,2}))?)?")
_SERIAL = r"^[0-9]{5}(?:\.[0-9]+)?$"
# Unix time as exports of web systems write it: seconds (10 digits, 2001-2033) or milliseconds (13 digits).
_EPOCH = r"^1[0-9]{9}(?:[0-9]{3})?$"
_AFTERNOON = ("下午", "晚上")
# The year last, as spreadsheets set to an English locale write dates: month first (3/1/2025 15:05 is 1 March),
# unless the first number cannot be a month (13/1/2025 is 13 January).
_YEAR_LAST = (r"^(?P<a>[0-9]{1,2})/(?P<b>[0-9]{1,2})/(?P<y>[0-9]{4})"
              r"(?:[ T]+(?P<h>[0-9]{1,2}):(?P<mi>[0-9]{1,2})(?::(?P<s>[0-9]{1,2})(?:\.[0-9]{1,6})?)?"
              r"(?: ?(?P<p>[AaPp])\.?[Mm]\.?)?)?$")


def parse_time(raw: str) -> int | None:
    """Seconds since the epoch; times without a zone are China time. ``None`` when unreadable.

    Excel serial dates (``45356.5972``: days since 1899-12-30, the time as the fraction) are China time too.
    """
    value = clean(raw)
    if not value:
        return None
    if re.match(_SERIAL, value):
        return _serial_seconds(float(value))
    if re.match(_EPOCH, value):
        return int(value) // (1000 if len(value) == 13 else 1)
    last = re.match(_YEAR_LAST, value)
    if last:
        a, b, y, hh, mm, ss = (int(last.group(k) or 0) for k in ("a", "b", "y", "h", "mi", "s"))
        mo, d = (b, a) if a > 12 else (a, b)
        hh = _twelve_hour(hh, last.group("p"))
        try:
            dt = datetime(y, mo, d, hh, mm, ss, tzinfo=CHINA)
        except ValueError:
            return None
        return int((dt - EPOCH).total_seconds())
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        m = _DATE.match(value)
        if not m:
            return None
        year, mo, d, part, hh, mm, ss = m.groups()
        y = int(year) + (2000 if len(year) == 2 else 0)  # "25.3.1": two-digit years are this century's
        hh, mm, ss = (int(v) if v else 0 for v in (hh, mm, ss))
        if part in _AFTERNOON and hh < 12 or part == "中午" and hh < 6:
            hh += 12  # 下午 3:15 is 15:15; 中午 1 点 is 13:00
        try:
            dt = datetime(y, int(mo), int(d), hh, mm, ss)
        except ValueError:
            return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=CHINA)
    # Whole seconds: a fraction is dropped, as the column readers drop it.
    return int((dt.replace(microsecond=0) - EPOCH).total_seconds())


def _twelve_hour(hh, marker):
    """The 24-hour hour of ``hh`` written with an AM/PM ``marker`` ("a"/"p", any case; anything else: as
    written); scalars or arrays alike."""
    marker = np.char.lower(np.asarray(marker, dtype=str))
    out = np.where((marker == "p") & (hh < 12), hh + 12, np.where((marker == "a") & (hh == 12), 0, hh))
    return out if np.ndim(out) else int(out)


def _serial_seconds(serial):
    """Excel serial day(s) (float or array) to epoch seconds, China time, rounded to the second."""
    return np.rint((serial - EXCEL_EPOCH_SERIAL) * 86400.0).astype(np.int64) - 8 * 3600 if isinstance(
        serial, np.ndarray) else int(round((serial - EXCEL_EPOCH_SERIAL) * 86400.0)) - 8 * 3600


# A number with what exports put around it: 约/人民币 before, ¥ or ￥, a unit after (元, 箱, kg, 斤…).
_AMOUNT_BEFORE = r"(?:约|大约|人民币|RMB|rmb)? ?[¥￥$]? ?"
_AMOUNT = (rf"^{_AMOUNT_BEFORE}(?P<n>[+-]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+))\.? ?"
           r"(?:[^0-9 .+-][^0-9]{0,3})?$")
_THOUSANDS = r"[,，]"


# An amount written with a multiplier or in Chinese numerals: "4k", "1.2w", "2.6万", "叁仟贰佰玖拾玖元整", "一百块",
# "三万三千五". Read with cn2an, never as the bare number in front of a unit ("4k" is not 4 yuan).
_SPELLED = rf"[0-9.] ?[kKwW]|[{NUMERALS.lstrip('0123456789')}]"
_MONEY_AROUND = re.compile(rf"^{_AMOUNT_BEFORE}|(?:元整|元|块钱|块|圆整|圆|整)$")
_MULTIPLIERS = str.maketrans({"k": "千", "K": "千", "w": "万", "W": "万"})


def _spelled_amount(value: str) -> float:
    """The amount of a cleaned cell that ``_SPELLED`` matches, NaN when it is none ("三箱", "三百多")."""
    text = _MONEY_AROUND.sub("", value).strip()
    sign = -1.0 if text[:1] in ("-", "负") else 1.0
    text = text.lstrip("-负").replace(" ", "").translate(_MULTIPLIERS)
    if not text:
        return np.nan
    from cn2an import cn2an  # imported when a file has such a cell (it loads its tables: 0.2 s)

    try:
        return sign * float(cn2an(text, "smart"))
    except ValueError:
        return np.nan


def parse_amount(raw: str) -> float:
    """A number from a money or quantity cell (``1,225``, ``￥55``, ``５５元``, ``2箱``, ``4k``, ``叁仟元``), NaN when
    there is none."""
    value = re.sub(_THOUSANDS, "", clean(raw))
    if re.search(_SPELLED, value):
        spelled = _spelled_amount(value)
        if not np.isnan(spelled):
            return spelled  # else a unit that merely holds such a character ("300元/千克")
    m = re.match(_AMOUNT, value)
    return float(m.group("n")) if m else np.nan


# --- what the text says ----------------------------------------------------------------------------

# Set phrases of punitive-damage claims (after normalisation: simplified, no spaces, NFKC digits).
SCRIPTS = {
    "art148": re.compile(r"第?一百四十八条|148条"),
    "tenfold": re.compile(r"十倍|10倍"),
    "refund1pay10": re.compile(r"退一赔十|退1赔10"),
    # The statutory floor, as the law words it or as a claim names it ("最低赔偿1000元", "1000元（最低赔偿）").
    "min1000": re.compile(r"不足(?:一千|壹仟|1000)元?的?[,，]?按(?:一千|壹仟|1000)元?"
                          r"|最低(?:标准)?(?:赔偿|赔付)(?:金额?|标准|额)?(?:为|是)?(?:一千|壹仟|1000)元"
                          r"|(?:一千|壹仟|1000)元的?[(（]?最低赔偿"),
    "punitive": re.compile(r"惩罚性赔偿"),
    "threefold": re.compile(r"退一赔三|三倍赔偿|价款的?三倍"),
    "art55": re.compile(r"第五十五条|55条"),
}
SCRIPT_BITS = {name: 1 << i for i, name in enumerate(SCRIPTS)}
CITATION_BITS = SCRIPT_BITS["art148"] | SCRIPT_BITS["art55"]
_ANY_SCRIPT = re.compile("|".join(f"(?:{p.pattern})" for p in SCRIPTS.values()))
# The same phrases asked about, not demanded: "听说食品安全法第148条可以要求赔偿，我想问问", "应该可以退一赔十吧",
# "请问能否按第五十五条退一赔三", and hearsay of them ("听朋友说按照食品安全法第148条可以要求赔偿"). A buyer
# asking what the law grants, or passing on what they heard of it, states no demand, so such a text carries no
# script. Matched on the squeezed text (no punctuation left), so the question words must follow or precede the
# phrase within a short clause's length. (RE2 syntax, as SCRIPTS.)
_ASKED = "(?:" + "|".join(SCRIPTS[k].pattern for k in ("art148", "tenfold", "refund1pay10", "min1000", "punitive",
                                                          "threefold", "art55")) + ")"
# A sum of compensation asked in the text ("赔偿金额1000元", "请求商家赔付1000元"): what a claim cell left empty
# would have held. Matched on the squeezed text, so the sum must follow within a few characters.
SUM_ASKED = re.compile(r"赔(?:偿|付)[^0-9]{0,6}[1-9][0-9]{1,6}")
ASKING = re.compile(_ASKED + r".{0,12}?(?:吗|吧|问问|请问|是否|能不能|能否|可不可以)"
                    r"|(?:请问|想咨询|咨询一下|是否|能否|可否|能不能|听说|听人说|听朋友说|听别人说|据说|网上说).{0,12}?"
                    + _ASKED)

IMPERSONATION = re.compile(
    r"(?:我|本人)(?:是|系)?(?:一名)?(?:执业)?(?:律师|记者)|律师事务所|律所|(?:报社|电视台|媒体)记者"
)

# A complaint that says it follows up one filed before, or was filed elsewhere too ("上次反映的问题到现在没解决",
# "再次投诉", "此件已多次反映", "已在其他渠道反映"). With the same product and price from the same person it is that
# grievance sent again (``linking.sent_again``), whatever name the shop goes by this time.
FOLLOW_UP = re.compile(r"(?:上次|之前|此前|前次|前几天|上回)(?:已经?)?(?:反映|投诉|举报)"
                       r"|(?:再次|又一次|第二次|第三次|重复|已多次|多次)(?:反映|投诉|举报)|(?:已经?)?(?:反映|投诉)过"
                       r"|(?:其他|别的|另外的?|其它)(?:渠道|平台|部门)(?:也|已经?)*(?:反映|投诉|举报)")

# A threat to expose the merchant unless paid, or to make them regret it (matched after normalisation, as SCRIPTS):
# "不想上热搜就赔5000元", "三天内不给20000元，我会联系湖南经视曝光", "3000元买个平安", "我认识《晚报》的人，你们
# 自己掂量", "我是自媒体博主，粉丝十几万，不解决就发视频". Saying one will go to the media if nothing is done is how
# angry genuine consumers talk too ("不解决就找媒体曝光"): only a price for keeping quiet, or intimidation, counts.
THREAT = re.compile(
    r"(?:不给|不赔|赔|给我|拿)[0-9]+(?:元|块|圆)?.{0,16}?(?:曝光|热搜|抖音|快手|视频|媒体|网上|电视台|日报|晚报|经视|就算了)"
    r"|(?:曝光|热搜|抖音|快手|视频|网上见|媒体)[^0-9]{0,10}?(?:赔|给我?)[0-9]+"
    r"|买个平安|自己掂量|后果自负|别怪我不客气"
    r"|(?:自媒体|博主|粉丝).{0,16}?(?:不解决|不处理|不赔|不给).{0,8}?(?:视频|曝光|发到|发网上)"
)

# A complaint filed on someone else's behalf, and saying so: a consumer-rights volunteer station or
# association for its members, a relative for an elderly parent (matched after normalisation, as SCRIPTS:
# no punctuation left; RE2 syntax, no look-arounds; 代购, 代理 and the like are not among the forms).
REPRESENTATION = re.compile(
    r"受.{0,24}委托|代为(?:投诉|反映|申诉|维权|举报|办理)|由我代为(?:联系|处理)|代其(?:投诉|反映|维权|申诉)"
    r"|(?:老人|父母|父亲|母亲|长辈)的(?:子女|儿子|女儿|儿女|家属)"
    r"|代(?:会员|消费者|老人|父母|家属|家人)(?:投诉|反映|申诉|维权|办理)?|代办"
    r"|代(?:家里|家中)(?:老人|长辈|父母|家人)|委托(?:诉讼)?代理人|代理律师"
    r"|(?:替|帮)(?:我的?)?(?:家里|家中)?(?:老人|长辈|父母|父亲|母亲|爸爸|妈妈|爷爷|奶奶|外公|外婆|姥姥|姥爷"
    r"|公公|婆婆|岳父|岳母)(?:投诉|反映|申诉|维权|举报)"
    # A station's or an agent's own forms: "代理投诉（委托人：…）", "代徐斌老人反映", "代辖区老人杨思佳投诉", "…委托人在
    # 老寨子农家消费631元".
    r"|代理投诉|委托人|代[^，。,.；;:：]{0,6}(?:老人|会员|居民|长辈)[^，。,.；;:：]{0,6}(?:投诉|反映|申诉|维权)"
    # A station's volunteer for a named member: "普娟（…服务站志愿者）代刘正荣投诉". (委托人, the client, is named
    # only by whoever files for one: a colon after it is gone by the time the text is matched.)
    r"|志愿者代"
)
# Whether a text may say so at all: the vectorised pre-filter of ``REPRESENTATION``.
REPRESENTATION_HINT = "[委代替帮]|子女|儿子|女儿|儿女|家属"

_ACCOUNT_PATTERNS = [
    ("alipay", re.compile(r"支付宝(?:账号|帐号|账户)?[:：]? *([\w.@+-]{5,40})", re.ASCII)),
    ("wechat", re.compile(r"微信(?:号)?[:：]? *([a-zA-Z][-_a-zA-Z0-9]{5,19})", re.ASCII)),
]
# A run of digits as people write phones and card numbers: groups split by spaces or dashes
# (``180-8601-0470``, ``6212 2685 0345 7512 999``, ``+86 130…``), after NFKC (full-width digits, －).
_NUMBER_RUN = re.compile(r"(?<![0-9])\+?[0-9](?:[ \-–—]{0,3}[0-9]){9,22}(?![0-9])")
# A number spelled to slip past a platform's filter for numbers: two Chinese digits or more among Arabic ones
# (1993839七二四四), dots, slashes or "(空格)" (space) written between the groups (1993.8397.244, 19938（空格）397244).
# Such a run is read as its digits when they make a mobile (with or without 86) or may be a card number (16 to 19,
# then only after words of money); a date or an amount in the run (2024.03.18, 1299.00) stays a number of its own,
# and anything else written so (a street 五一路, the word 一直 after a card number) is left as it is.
_SPELLED_CHINESE = "零〇一二三四五六七八九幺"  # 幺: the one of phone numbers read aloud
_SPELLED_VALUE = str.maketrans(_SPELLED_CHINESE, "001234567891")
_SPELLED_DIGIT = "0-9" + _SPELLED_CHINESE
_SPELLED_GAP = r"(?:[ \-–—.·/]|[(（]空格[)）])"
_SPELLED_RUN = re.compile(rf"(?<![{_SPELLED_DIGIT}])[{_SPELLED_DIGIT}]"
                          rf"(?:{_SPELLED_GAP}{{0,3}}[{_SPELLED_DIGIT}]){{9,22}}(?![{_SPELLED_DIGIT}])")
_SPELLED_SEPARATOR = re.compile(r"[.·/]|空格")
_SPELLED_MARK = re.compile(rf"[{_SPELLED_CHINESE}]|{_SPELLED_SEPARATOR.pattern}")  # may be spelled: see _spelled
# A date (2024.03.15, 2024/3/5) or an amount (1299.00, 1580.5) inside such a run is a number of its own: what
# stands before and after it is read apart, never joined to it.
_NOT_PART = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}([./-])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12][0-9]|3[01])(?![0-9])"
                       r"|(?<![0-9.])[0-9]+\.[0-9]{1,2}(?![0-9.])")
_NOT_AN_ACCOUNT = re.compile(r"订单|单号|编号|快递|物流|运单|流水|交易号|身份证|证件|批号|条码")
_MONEY_WORDS = re.compile(r"卡号|银行|账号|帐号|账户|帐户|汇入|汇至|转至|转到|打到|打入|转入|收款")
_OTHERS_PHONE = re.compile(r"商家|店家|卖家|客服|老板|门店|店铺|商户|公司|本站|热线|厂家|售后|经理|店员|对方|店主|店长"
                           r"|负责人|前台|业务员|销售|主播|骑手|快递员|店里|摊主|摊位|档口|餐厅|酒店|超市|药店|诊所|医院")
_OWN_PHONE = re.compile(r"本人|我的|我|联系电话|联系方式|来电人|回电|致电")
_LANDLINE = re.compile(r"0[1-9][0-9]{8,10}")
# Whether a text may hold an identifier at all: the vectorised pre-filter of ``text_identifiers``.
_IDENTIFIER_HINT = (r"[0-9０-９](?:[\s\x{3000}\-–—－]{0,3}[0-9０-９]){9,}|支付宝|微信号?[:：]?\s*[A-Za-zＡ-Ｚａ-ｚ]"
                    rf"|[0-9０-９{_SPELLED_CHINESE}](?:(?:[\s\x{{3000}}\-–—－.·/．／]|[(（]空格[)）]){{0,3}}"
                    rf"[0-9０-９{_SPELLED_CHINESE}]){{9,}}")

# Who a phone written in a complaint text belongs to, as far as the words before it say.
TEXT_PHONE_UNSAID, TEXT_PHONE_OWN, TEXT_PHONE_OTHERS = 0, 1, 2


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _unspelled(m: re.Match) -> str:
    """A run of ``_SPELLED_RUN`` as its digits, when it was spelled and they make a mobile or a card number."""
    run = m.group()
    if not _spelled(run):
        return run
    part = _NOT_PART.search(run.translate(_SPELLED_VALUE))  # the translation keeps every position
    if part:
        return (_SPELLED_RUN.sub(_unspelled, run[:part.start()]) + part.group()
                + _SPELLED_RUN.sub(_unspelled, run[part.end():]))
    digits = re.sub(r"[^0-9]", "", re.sub(r"[(（]空格[)）]", " ", run).translate(_SPELLED_VALUE))
    return digits if _MOBILE.match(digits) or 16 <= len(digits) <= 19 else run


def _spelled(run: str) -> bool:
    """Whether a digit run was spelled to slip past a filter: two Chinese digits or more in it (one is a word:
    一直, 一下), or dots, slashes or "(空格)" between its groups."""
    return sum(ch in _SPELLED_CHINESE for ch in run) >= 2 or _SPELLED_SEPARATOR.search(run) is not None


def text_identifiers(text: str) -> tuple[list[str], list[tuple[str, int]]]:
    """Accounts (``bank:…``, ``alipay:…``, ``wechat:…``) and phones (E.164, with who they belong to) in a
    cleaned complaint text. Order numbers, ID numbers and dates are not identifiers of anyone."""
    accounts, phones = _identifiers_in(text)
    if _SPELLED_MARK.search(text):
        # What the spelled numbers add: the text as written keeps what it says plainly (a phone after a date
        # written with dots is the phone, not a card number of both).
        unspelled = _SPELLED_RUN.sub(_unspelled, text)
        if unspelled != text:
            # A card number only after words of money: a spelled run that happens to pass the check digit is not.
            more_accounts, more_phones = _identifiers_in(unspelled, check_digit=False)
            # Digits spelled after a card number written plainly (…5606一一核对) are no second card.
            accounts += [a for a in more_accounts if not any(a.startswith(b) or b.startswith(a) for b in accounts)]
            known = {phone for phone, _role in phones}
            phones += [(phone, role) for phone, role in more_phones if phone not in known]
    for kind, pattern in _ACCOUNT_PATTERNS:
        for m in pattern.finditer(text):
            accounts.append(f"{kind}:{m.group(1).lower()}")
    return accounts, phones


def _identifiers_in(text: str, *, check_digit: bool = True) -> tuple[list[str], list[tuple[str, int]]]:
    """The bank accounts and phones of the digit runs in ``text`` (see :func:`text_identifiers`); without
    ``check_digit``, a run of card length is a card only after words of money."""
    accounts, phones = [], []
    for m in _NUMBER_RUN.finditer(text):
        before = text[max(0, m.start() - 12):m.start()]
        if _NOT_AN_ACCOUNT.search(before):
            continue
        digits = re.sub(r"[^0-9]", "", m.group())
        mobile = _MOBILE.match(digits)
        if mobile:
            phone = "+86" + mobile.group(1)
        elif _LANDLINE.fullmatch(digits):
            phone = _other_phone(digits)
        elif len(digits) in range(16, 20) and (_MONEY_WORDS.search(text[max(0, m.start() - 16):m.start()])
                                               or (check_digit and _luhn_ok(digits))):
            accounts.append(f"bank:{digits}")
            continue
        else:
            phone = _mobile_within(m.group())
        if phone:
            near = before[-8:]
            role = (TEXT_PHONE_OTHERS if _OTHERS_PHONE.search(near) else
                    TEXT_PHONE_OWN if _OWN_PHONE.search(near) else TEXT_PHONE_UNSAID)
            phones.append((phone, role))
    return accounts, phones


def _mobile_within(run: str) -> str:
    """A mobile made of whole groups of a digit run that is no number as a whole: the phone after a date
    (``2024-11-15 13800138000``) or before a count. "" when there is none."""
    groups = [g for g in re.split(r"[^0-9+]+", run) if g]
    for start in range(len(groups)):
        for stop in range(start + 1, len(groups) + 1):
            digits = "".join(groups[start:stop]).lstrip("+")
            if len(digits) > 13:
                break
            mobile = _MOBILE.match(digits)
            if mobile and (start or stop < len(groups)):
                return "+86" + mobile.group(1)
    return ""


def accounts_in(text: str) -> list[str]:
    return text_identifiers(text)[0]


@cache
def _anchors(chars: str) -> str:
    """A character class of ``chars`` in simplified and traditional writing: the vectorised pre-filter of a
    pattern every match of which holds one of them (a text without any needs no closer look)."""
    anchors = set(chars)
    anchors |= {chr(k) for k, v in _to_simplified().items() if v in anchors}
    return "[" + "".join(sorted(anchors)) + "]"


def _script_anchors() -> str:
    """For every phrase of SCRIPTS and IMPERSONATION, one character it cannot do without."""
    return _anchors("条倍赔足律记曝")


def _threat_anchors() -> str:
    """For every form of THREAT, one character it cannot do without."""
    return _anchors("掂搜抖媒曝算剪负客")


def script_bits(text: str) -> int:
    """The set phrases of punitive claims in a squeezed text (0 when it only asks about them: ``ASKING``)."""
    if not _ANY_SCRIPT.search(text) or ASKING.search(text):
        return 0
    bits = 0
    for name, pattern in SCRIPTS.items():
        if pattern.search(text):
            bits |= SCRIPT_BITS[name]
    return bits


def stage_of(channel: str) -> int:
    low = channel.lower()
    for stage, words in _STAGE_WORDS:
        if any(w in low for w in words):
            return stage
    return 0


_CITY = r"^(.{2,12}?(?:市|州|盟))"


def region_of(id_number: str, address: str) -> str:
    """City-level region: the ID number's first four digits, else the address up to its first city."""
    if id_number:
        return id_number[:4]
    m = re.match(_CITY, address)
    return m.group(1) if m else ""


# A hotline record's caller known only by surname and a form of address: 王先生, 宋女士, 李小姐, 张师傅, 老王.
# Not a name: two such records are not one person, and one beside a full name is not a second identity.
_HONORIFIC = (r"^(?:(?P<s>\p{Han}{1,2}?)(?:先生|女士|小姐|太太|夫人|师傅|老师|阿姨|叔叔|大爷|大妈|大姐|大哥|老板|同学)"
              r"|(?P<t>\p{Han})(?:姐|哥|总|工|叔|婶|伯|嫂)|(?:老|小)(?P<u>\p{Han}))$")
_HONORIFIC_PY = re.compile(_HONORIFIC.replace(r"\p{Han}", "[\u3400-\u9fff\uf900-\ufaff]"))
_COMPOUND_SURNAMES = frozenset((
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "令狐", "夏侯", "宇文", "轩辕",
    "司徒", "端木", "独孤", "南宫", "万俟", "闻人", "申屠", "太史", "钟离", "澹台", "公冶", "呼延", "赫连", "西门",
    "濮阳", "淳于", "单于", "羊舌", "第五",
))
_FULL_NAME = r"^\p{Han}{2,4}$"
# A name an export masked (郑**, 郑*馨, 王某, 李××): the surname is all it says. (王某甲 and 王某乙 are two
# people, as judgments write them: names.)
_MASKED_NAME = r"[*＊×✱]|^\p{Han}{1,2}某某?$"


def split_name(name: str) -> tuple[str, bool]:
    """(surname, honorific only) of a squeezed name: ``王先生`` → (王, True), ``欧阳娜娜`` → (欧阳, False)."""
    m = _HONORIFIC_PY.match(name)
    if m:
        return m.group("s") or m.group("t") or m.group("u"), True
    if re.match(r"^[\u3400-\u9fff\uf900-\ufaff]{2,4}$", name):
        return (name[:2] if len(name) >= 3 and name[:2] in _COMPOUND_SURNAMES else name[0]), False
    return "", False


# --- the table -------------------------------------------------------------------------------------


class Interner:
    """Distinct strings to dense integer codes; ``""`` is -1. For columns with few distinct values."""

    def __init__(self):
        self.codes: dict[str, int] = {}
        self.values: list[str] = []

    def __call__(self, value: str) -> int:
        if not value:
            return -1
        code = self.codes.get(value)
        if code is None:
            code = self.codes[value] = len(self.values)
            self.values.append(value)
        return code

    def __len__(self):
        return len(self.values)


class StringColumn:
    """One string per row, kept in Arrow string arrays (UTF-8 bytes and offsets): no Python object per row.

    Reads like a list (``col[i]``, ``len``, iteration, ``==`` against a list); a million short IDs take
    about 20 MB instead of the ~70 MB of a list of ``str``.
    """

    CHUNK = 65536

    def __init__(self):
        self.chunks: list = []  # pyarrow string arrays
        self.ends: list[int] = []  # rows up to the end of each chunk
        self.buf: list[str] = []

    def append(self, value: str):
        self.buf.append(value)
        if len(self.buf) >= self.CHUNK:
            self._flush()

    def extend(self, values):
        """Add a pyarrow string array (or a list of strings)."""
        self._flush()
        pa = _pa()
        arr = values if isinstance(values, pa.Array) else pa.array(values, type=pa.string())
        if len(arr):
            self.chunks.append(arr)
            self.ends.append(len(self) + len(arr))

    def _flush(self):
        if self.buf:
            pa = _pa()
            buf, self.buf = self.buf, []
            self.chunks.append(pa.array(buf, type=pa.string()))
            self.ends.append((self.ends[-1] if self.ends else 0) + len(buf))

    def __len__(self):
        return (self.ends[-1] if self.ends else 0) + len(self.buf)

    def __getitem__(self, i):
        i = int(i)
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(i)
        done = self.ends[-1] if self.ends else 0
        if i >= done:
            return self.buf[i - done]
        k = bisect.bisect_right(self.ends, i)
        start = self.ends[k - 1] if k else 0
        return self.chunks[k][i - start].as_py()

    def __iter__(self):
        for chunk in self.chunks:
            yield from chunk.to_pylist()
        yield from list(self.buf)

    def __eq__(self, other):
        return list(self) == list(other)

    __hash__ = None


def _dense(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int64 keys per row (0 = none) to dense int32 codes (-1 = none), and the distinct keys in code order."""
    uniq, codes = np.unique(keys, return_inverse=True)
    codes = codes.astype(np.int32).reshape(-1)
    zero = int(np.searchsorted(uniq, 0))
    if zero < len(uniq) and uniq[zero] == 0:  # keys may be negative: "none" is not always the first
        codes[codes == zero] = -1
        codes[codes > zero] -= 1
        uniq = np.delete(uniq, zero)
    return codes, uniq


def _key(value: str) -> int:
    """A 64-bit key for a string that only needs comparing (0 = none), never kept as a string.

    Python's own string hash (SipHash, 64 bits): a million distinct values collide with probability
    ~10^-8. It is salted per process, so keys are compared only within one scan, never stored.
    """
    if not value:
        return 0
    return hash(value) or 1


def phone_key(phone: str) -> int:
    """E.164 is ``+`` and at most 15 digits without a leading zero: the digits are a lossless key."""
    return int(phone[1:]) if phone else 0


def id_number_key(id_number: str) -> int:
    """The first 17 digits of a (validated) ID number determine its check character: a lossless key."""
    return int(id_number[:17]) if id_number else 0


def id_number_of_key(key: int) -> str:
    body = f"{key:017d}"
    return body + _ID_CHECK[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


@dataclass
class RowError:
    row: int
    reason: str


INT_COLUMNS = {
    "row_number": np.int32, "received": np.int64, "purchase_day": np.int32, "closed": np.int64,
    "channel": np.int32, "stage": np.int8, "region": np.int32, "merchant": np.int32, "product": np.int32,
    "outcome": np.int8, "outcome_label": np.int32, "outcome_facts": np.int8, "remark_facts": np.int8,
    "scripts": np.int16, "asking": np.int8, "sum_asked": np.int8,
    "impersonation": np.int8, "threat": np.int8, "representative": np.int8, "follow_up": np.int8,
    "flat": np.int8,
    "surname": np.int32,
    "honorific": np.int8,
}
# Identifiers only compared for equality: 64-bit keys while reading, dense int32 codes afterwards.
KEY_COLUMNS = ["name", "id_number", "phone", "address", "order"]
FLOAT_COLUMNS = ["quantity", "amount", "claim", "compensation"]
_PART_TYPES = {
    **INT_COLUMNS, **dict.fromkeys(FLOAT_COLUMNS, np.float32), **dict.fromkeys(KEY_COLUMNS, np.int64),
    "~text_sig": np.uint16, "~account_rows": np.int32, "~account_keys": np.int64, "~text_phone_rows": np.int32,
    "~text_phone_keys": np.int64, "~text_phone_roles": np.int8, "~evidence_rows": np.int32,
    "~evidence_codes": np.int32, "~address_stem": np.int64, "~address_place": np.int64,
}
_TYPECODES = {np.int8: "b", np.int16: "h", np.int32: "i", np.int64: "q", np.float32: "f", np.uint16: "H"}
INTERNED = ["channel", "region", "merchant", "product", "evidence", "outcome_label", "surname"]
# What ``Complaints.oddities`` counts: cells read although they were not as they should be.
ODDITIES = ["short_rows", "excel_serial_dates", "masked_phones", "extension_phones", "honorific_names",
            "leading_apostrophes", "full_width_cells", "numbers_with_units", "unknown_outcomes"]


@dataclass
class Complaints:
    """Column arrays, one entry per readable row, plus what their codes point into.

    Channels, regions, merchants, products, evidence files, outcome labels and surnames are interned strings
    (few distinct values). Names, ID numbers, phones, addresses and accounts are dense codes of 64-bit keys:
    ID numbers and phones decode back from their keys, names are kept once per row (``names``) for the
    report, addresses and accounts are never needed as text.

    - ``cols["flat"]`` is 1 where the address names a dwelling: a building, unit or room number after the door
      number, not a village group, a street door or a dormitory's name that many households give.
    - ``cols["outcome"]`` is the meaning (``OUTCOMES``), ``cols["outcome_facts"]`` the ``OUTCOME_*`` bits the
      label states, ``cols["outcome_label"]`` the label itself (interned, as exported, cleaned, lower case).
    - A caller known only as 王先生/宋女士/老王 has name code -1, ``honorific`` 1 and the surname in
      ``surname`` (full names have their surname there too), so such records never count as an identity.
    - Phones written in complaint texts are ``text_phone_rows``/``text_phone_codes`` pairs in the code space of
      ``cols["phone"]`` (a written phone equals a complainant's phone code when it is the same number), with
      ``text_phone_roles`` (``TEXT_PHONE_*``: the words before it say it is the writer's own, or a merchant's
      or office's). A number many strangers write (a shop's phone) is one code on many rows.
    """

    source: str = ""
    complaint_ids: StringColumn = field(default_factory=StringColumn)
    names: StringColumn = field(default_factory=StringColumn)  # normalised name per row
    cols: dict[str, np.ndarray] = field(default_factory=dict)
    keys: dict[str, np.ndarray] = field(default_factory=dict)  # per key column: the key of each code
    name_rows: np.ndarray | None = None  # a row carrying each name code
    text_sig: np.ndarray | None = None
    # Many-per-row facts as (row, code) pairs.
    account_rows: np.ndarray | None = None
    account_codes: np.ndarray | None = None
    text_phone_rows: np.ndarray | None = None
    text_phone_codes: np.ndarray | None = None
    text_phone_roles: np.ndarray | None = None
    evidence_rows: np.ndarray | None = None
    evidence_codes: np.ndarray | None = None
    interners: dict[str, Interner] = field(default_factory=dict)
    merchant_names: dict[int, str] = field(default_factory=dict)  # display name of each merchant code
    errors: list[RowError] = field(default_factory=list)
    rows_read: int = 0
    unreadable_phones: int = 0
    invalid_id_numbers: int = 0
    oddities: dict[str, int] = field(default_factory=dict)  # ODDITIES -> rows
    unknown_outcomes: dict[str, int] = field(default_factory=dict)  # outcome label no rule knows -> rows

    def __len__(self):
        return len(self.complaint_ids)

    def __getattr__(self, name):
        cols = self.__dict__.get("cols")
        if cols is not None and name in cols:
            return cols[name]
        raise AttributeError(name)

    def value(self, kind: str, code: int) -> str:
        if code < 0:
            return ""
        if kind == "merchant" and code in self.merchant_names:
            return self.merchant_names[code]
        if kind == "id_number":
            return id_number_of_key(int(self.keys[kind][code]))
        if kind == "phone":
            key = int(self.keys[kind][code])
            if key <= MASKED_LINE:
                pattern = (MASKED_LINE - key) % 10**7
                return f"{pattern // 10**4:03d}****{pattern % 10**4:04d}"
            return "+" + str(key)
        if kind == "name":
            return self.names[int(self.name_rows[code])]
        return self.interners[kind].values[code]


# --- sources: files and rows -----------------------------------------------------------------------


def _pa():
    # Arrow is imported when a file is read, not when Django loads the app: web workers never read files.
    import pyarrow

    _arrow_pool(pyarrow)
    return pyarrow


@lru_cache(maxsize=1)
def _arrow_pool(pyarrow) -> None:
    # jemalloc hands the batches' memory back sooner than the default allocator: a million rows peak ~10 %
    # lower. (The process's only Arrow user is this reader.)
    with contextlib.suppress(NotImplementedError):  # a build without jemalloc keeps its default
        pyarrow.set_memory_pool(pyarrow.jemalloc_memory_pool())


def _pc():
    import pyarrow.compute

    return pyarrow.compute


def _open_rows(path: Path) -> Iterator[list[str]]:
    """Every row as a list of strings, header first."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        yield from _xlsx_rows(path)
        return
    with path.open(encoding=csv_encoding(path), newline="") as fh:
        yield from csv.reader(fh)


def csv_encoding(path: Path) -> str:
    """UTF-8 (with or without a byte-order mark), or GB18030 — which covers GBK, what many Chinese
    complaint platforms and Excel on Chinese Windows export — when the start of the file is not UTF-8."""
    with path.open("rb") as fh:
        head = fh.read(1 << 20)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the 1 MiB window is still UTF-8.
        if exc.start < len(head) - 4:
            return "gb18030"
    return "utf-8-sig"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        for row in wb.worksheets[0].iter_rows(values_only=True):
            yield [_cell(v) for v in row]
    finally:
        wb.close()


def _header_index(header: list[str]) -> dict[str, int]:
    index = {clean(h).lower().replace(" ", "_"): i for i, h in enumerate(header)}
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        raise ActionError(_("The header lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)})
    return index


def read_header(rows: Iterator[list[str]]) -> dict[str, int]:
    try:
        header = next(rows)
    except StopIteration:
        raise ActionError(_("The file is empty."))
    return _header_index(header)


def _width(header: list[str]) -> int:
    """Cells a row should have: the header's, less empty names at its end (a trailing comma)."""
    width = len(header)
    while width and not header[width - 1].strip():
        width -= 1
    return width


@dataclass
class _Batch:
    """Consecutive records of the source: their row numbers (header = 1) and cells column by column."""

    numbers: np.ndarray  # int64
    cells: list  # pyarrow string arrays, one per header column
    short: np.ndarray  # bool: the record had fewer cells than the header (the missing ones empty here)
    errors: list[RowError]  # records refused for their shape (more cells than the header)


ROW_BATCH = 16384


def _too_long(number: int, got: int, want: int) -> RowError:
    return RowError(number, _("The row has %(got)d cells; the header has %(want)d.") % {"got": got, "want": want})


class _Rows:
    """Records given as lists of strings to batches; also what Arrow's reader could not place itself."""

    def __init__(self, width: int):
        self.width = width

    def batch(self, numbered: list[tuple[int, list[str]]]) -> _Batch:
        pa = _pa()
        columns: list[list[str]] = [[] for _c in range(self.width)]
        numbers, short, errors = [], [], []
        for number, raw in numbered:
            if len(raw) > self.width and any(c.strip() for c in raw[self.width:]):
                errors.append(_too_long(number, len(raw), self.width))
                continue
            numbers.append(number)
            short.append(len(raw) < self.width)
            for i in range(self.width):
                columns[i].append(raw[i] if i < len(raw) else "")
        return _Batch(np.array(numbers, dtype=np.int64), [pa.array(c, type=pa.string()) for c in columns],
                      np.array(short, dtype=bool), errors)

    def batches(self, rows: Iterator[list[str]], first_number: int = 2) -> Iterator[_Batch]:
        pending = []
        for number, raw in enumerate(rows, start=first_number):
            pending.append((number, raw))
            if len(pending) >= ROW_BATCH:
                yield self.batch(pending)
                pending = []
        if pending:
            yield self.batch(pending)


ARROW_BLOCK = 1 << 20  # bytes Arrow parses at a time (its reader keeps several blocks ahead)
BATCH_ROWS = 8192  # rows normalised at a time: Arrow's blocks are gathered up to this


def _arrow_batches(path: Path, encoding: str, header: list[str]) -> Iterator[_Batch]:
    """The file's records after the header, parsed by Arrow; records of the wrong length are handed back by
    Arrow's invalid-row handler and placed by Python's csv module, in their own place among the others."""
    pa = _pa()
    import pyarrow.csv as pcsv

    ncols, width = len(header), _width(header)
    rows = _Rows(width)
    names = [f"c{i}" for i in range(ncols)]
    stash: list[tuple[int, str]] = []

    def handler(row):
        stash.append((row.number, row.text))
        return "skip"

    def salvaged(upto: int | None) -> _Batch | None:
        take = [(n, t) for n, t in stash if upto is None or n < upto]
        if not take:
            return None
        stash[:] = [(n, t) for n, t in stash if not (upto is None or n < upto)]
        return rows.batch([(n, next(csv.reader(io.StringIO(t)), [])) for n, t in sorted(take)])

    def gathered(group: list[tuple[np.ndarray, object]]) -> _Batch:
        numbers = np.concatenate([g[0] for g in group])
        cells = [pa.concat_arrays([g[1].column(i) for g in group]) if len(group) > 1 else group[0][1].column(i)
                 for i in range(ncols)]
        batch = _Batch(numbers, cells[:width], np.zeros(len(numbers), dtype=bool), [])
        if ncols > width:  # the header ended in empty names: cells under them must be empty too
            batch = _without_extras(batch, cells[width:], ncols, width)
        extra = salvaged(int(numbers[-1]) + 1)
        return _merge(batch, extra) if extra is not None else batch

    next_number = 2  # the first record Arrow has not numbered yet
    handed = 2  # the first record not yet handed over
    group: list[tuple[np.ndarray, object]] = []
    try:
        reader = _open_arrow(pcsv, path, names, encoding, handler)
        for rb in reader:
            n = rb.num_rows
            if n == 0:
                continue
            # Arrow numbers the records it refuses (header = 1); its own rows fill the numbers between.
            taken = np.array(sorted(k for k, _t in stash if k >= next_number), dtype=np.int64)
            candidates = np.arange(next_number, next_number + n + len(taken), dtype=np.int64)
            numbers = candidates[~np.isin(candidates, taken)][:n]
            next_number = int(numbers[-1]) + 1
            group.append((numbers, rb))
            if sum(len(g[0]) for g in group) >= BATCH_ROWS:
                batch, group = gathered(group), []
                handed = next_number
                yield batch
        if group:
            batch, group = gathered(group), []
            handed = next_number
            yield batch
    except pa.ArrowInvalid:
        # Bytes that are not text, or a shape Arrow will not parse: Python's csv module reads on from the
        # first record not yet handed over (it numbers records as Arrow does), or says the file is not text.
        yield from _python_from(path, encoding, rows, handed)
        return
    extra = salvaged(None)
    if extra is not None:
        yield extra


def _python_from(path: Path, encoding: str, rows: _Rows, number: int) -> Iterator[_Batch]:
    try:
        with path.open(encoding=encoding, newline="") as fh:
            records = csv.reader(fh)
            for _i in range(number - 1):
                next(records, None)
            yield from rows.batches(records, first_number=number)
    except UnicodeDecodeError:
        raise _not_text()


def _not_text() -> ActionError:
    return ActionError(_("The file is neither UTF-8 nor GB18030 text throughout; save it again as UTF-8."))


def _open_arrow(pcsv, path: Path, names: list[str], encoding: str, handler):
    pa = _pa()
    return pcsv.open_csv(
        path,
        read_options=pcsv.ReadOptions(use_threads=False, block_size=ARROW_BLOCK, column_names=names, skip_rows=1,
                                      encoding="gb18030" if encoding == "gb18030" else "utf8"),
        parse_options=pcsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False,
                                        invalid_row_handler=handler),
        convert_options=pcsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                            strings_can_be_null=False, quoted_strings_can_be_null=False))


def _without_extras(batch: _Batch, extras: list, ncols: int, width: int) -> _Batch:
    pa, pc = _pa(), _pc()
    extra = np.zeros(len(batch.numbers), dtype=bool)
    for arr in extras:
        extra |= _mask(pc.binary_length(pc.utf8_trim_whitespace(arr))) > 0
    if not extra.any():
        return batch
    keep = pa.array(~extra)
    errors = [_too_long(int(k), ncols, width) for k in batch.numbers[extra]]
    return _Batch(batch.numbers[~extra], [c.filter(keep) for c in batch.cells], batch.short[~extra],
                  batch.errors + errors)


def _merge(a: _Batch, b: _Batch) -> _Batch:
    pa = _pa()
    numbers = np.concatenate((a.numbers, b.numbers))
    order = np.argsort(numbers, kind="stable")
    idx = pa.array(order)
    cells = [pa.concat_arrays([x, y]).take(idx) for x, y in zip(a.cells, b.cells, strict=True)]
    return _Batch(numbers[order], cells, np.concatenate((a.short, b.short))[order], a.errors + b.errors)


# --- vectorised normalisation ----------------------------------------------------------------------
#
# Each function takes a pyarrow string array (no nulls) and gives what the one-cell function above gives for
# every cell (checked against them in the tests). Arrow's regular expressions cost ~0.15 µs a cell whatever
# its length, so cheap kernels (ASCII test, printable test, literal search, trimming) pick the cells that need
# one, and columns with few distinct values are worked on once per value.

# Python's whitespace (str.isspace, re's \s) as an RE2 class: the same characters, checked in the tests.
_WS = r"\t-\r\x1c-\x1f\x85\p{Z}"
_NOT_ALNUM = r"[^\p{L}\p{N}]+"


@lru_cache(maxsize=1)
def _needs_work_re() -> str:
    points = sorted(ord(c) for c in _needs_work())
    ranges, start, prev = [], points[0], points[0]
    for p in points[1:]:
        if p != prev + 1:
            ranges.append((start, prev))
            start = p
        prev = p
    ranges.append((start, prev))
    return "[" + "".join(f"\\x{{{a:x}}}" if a == b else f"\\x{{{a:x}}}-\\x{{{b:x}}}" for a, b in ranges) + "]"


def _mask(boolean) -> np.ndarray:
    return boolean.to_numpy(zero_copy_only=False)


def _where(values, mask: np.ndarray, fn):
    """``values`` with ``fn`` (on an array) applied to the cells where ``mask`` holds."""
    if not mask.any():
        return values
    pa = _pa()
    if mask.all():
        return fn(values)
    picked = pa.array(mask)
    return _pc().replace_with_mask(values, picked, fn(values.filter(picked)))


def _where_python(values, mask: np.ndarray, fn: Callable[[str], str]):
    """``values`` with ``fn`` applied in Python to the cells where ``mask`` holds (the rare messy cells)."""
    pa = _pa()
    return _where(values, mask, lambda sub: pa.array([fn(v) for v in sub.to_pylist()], type=pa.string()))


def _non_ascii(values) -> np.ndarray:
    return ~_mask(_pc().string_is_ascii(values))


def v_simplified(values, counts: Counter | None = None, weights: np.ndarray | None = None):
    """NFKC and simplified characters where a cell needs them (``clean`` without the spaces).

    ``counts`` (if given) counts the cells changed as ``full_width_cells``: given for the columns of
    identifiers, dates and numbers, where a full-width digit is an oddity of the export."""
    pa, pc = _pa(), _pc()
    wide = _non_ascii(values)
    if not wide.any():
        return values
    needs = np.zeros(len(values), dtype=bool)
    if wide.all():
        needs = _mask(pc.match_substring_regex(values, _needs_work_re()))
    else:
        needs[wide] = _mask(pc.match_substring_regex(values.filter(pa.array(wide)), _needs_work_re()))
    if counts is not None:
        counts["full_width_cells"] += int(weights[needs].sum() if weights is not None else needs.sum())
    return _where_python(values, needs, _nfkc_simplified)


def v_clean(values, counts: Counter | None = None, weights: np.ndarray | None = None):
    """``clean`` over a string array (``weights``: the rows of each value, when the values are distinct)."""
    pc = _pc()
    values = pc.utf8_trim_whitespace(v_simplified(values, counts, weights))
    # Only a cell with a run of spaces, or whitespace other than a space (not "printable"), needs the regex.
    spaced = ~_mask(pc.utf8_is_printable(values)) | _mask(pc.match_substring(values, "  "))
    return _where(values, spaced, lambda sub: pc.utf8_trim_whitespace(
        pc.replace_substring_regex(sub, f"[{_WS}]+", " ")))


def v_squeeze(values, counts: Counter | None = None, *, simplified: bool = False):
    """``squeeze(clean(v))`` over a string array (spaces go anyway: they need no collapsing first)."""
    pc = _pc()
    if not simplified:
        values = v_simplified(values, counts)
    return pc.utf8_lower(pc.replace_substring_regex(values, _NOT_ALNUM, ""))


# An address as people write one building differently: "凌港市钢城区汽配大道193号1单元204" and "汽配大道193-1-204"
# are one flat. Separators between numbers become "-", and so do the unit words after a number (号, 栋, 单元, 室
# ...); the province, city and district in front go (a run of names of 2 to 6 characters each ending in 省, 市, 县,
# 旗 or 区, not 小区, 社区, 园区 or 校区) when a street name of three characters or more is left before the first
# number ("开发区大道5号" keeps its 开发区). Within one city's export a street and its numbers name one building (an
# export of several cities whose addresses leave the city out cannot tell two cities' 人民路1号 apart); a key
# without numbers (a dormitory's name) stays whole.
_ADDRESS_UNITS = "号楼|号院|号|栋|幢|座|单元|室|楼|层"
_ADDRESS_STEPS = (
    (r"[^\p{L}\p{N}]+", "-"),
    (r"([^0-9-])-+", r"\1"),
    (r"-+([^0-9-])", r"\1"),
    (rf"([0-9])(?:{_ADDRESS_UNITS})", r"\1-"),
    (r"^(?:[^0-9]{1,5}?(?:省|市|县|旗|[^0-9小社园校]区))+([^0-9]{3,}[0-9])", r"\1"),
    (r"-+", "-"),
)


# The places an address names before its street (province, city, county, district), as ``_ADDRESS_STEPS`` drops
# them: the last of them is the address's place ("海晏区" of "澜港市海晏区潮音里23幢", "溪州市" of "溪州市人民路54号").
_PLACES = r"^(?P<p>(?:[^0-9]{1,5}?(?:省|市|县|旗|[^0-9小社园校]区))+)[^0-9]{3,}[0-9]"
_LAST_PLACE = r"(?P<q>[^省市县旗区]{1,5}(?:省|市|县|旗|区))$"


def address_places(simplified) -> np.ndarray:
    """Per address (simplified): a key of the last place it names before its street, 0 where it names none."""
    pc = _pc()
    squeezed = pc.replace_substring_regex(simplified, r"[^\p{L}\p{N}]+", "")
    places = pc.extract_regex(squeezed, _PLACES)
    last = pc.extract_regex(pc.if_else(pc.is_valid(places), places.field("p"), ""), _LAST_PLACE)
    texts = pc.if_else(pc.is_valid(last), last.field("q"), "").to_pylist()
    return np.fromiter((_key(v) if v else 0 for v in texts), dtype=np.int64, count=len(texts))


def qualify_addresses(keys: np.ndarray, places: np.ndarray) -> np.ndarray:
    """Address keys told apart by the place they name: 人民路54号 of 汀城市 and of 溪州市 are two addresses, and so
    are 云雾路299号 of 白岩县 and of 茶山县. An address naming no place is the one of its street and number whose
    place the file names, if it names only one ("映山路251号" and "澜江市古城区映山路251号": one address)."""
    named = (keys != 0) & (places != 0)
    if not named.any():
        return keys
    k, p = keys[named], places[named]
    order = np.lexsort((p, k))
    k, p = k[order], p[order]
    distinct = np.r_[True, (k[1:] != k[:-1]) | (p[1:] != p[:-1])]  # each (address, place) once
    k, p = k[distinct], p[distinct]
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    count = np.diff(np.r_[starts, len(k)])
    only = k[starts[count == 1]], p[starts[count == 1]]
    place = places.copy()
    bare = (keys != 0) & (places == 0)
    if bare.any() and len(only[0]):
        at = np.minimum(np.searchsorted(only[0], keys[bare]), len(only[0]) - 1)
        place[bare] = np.where(only[0][at] == keys[bare], only[1][at], 0)
    return np.where(keys != 0, _mix(keys, place), 0)


def address_stems(simplified, keys) -> np.ndarray:
    """Per address: a key of its street and first number ("映山红路35" of "云溪市龙潭县映山红路35号龙潭新村11-3单元
    1202"), 0 where it has none. An address masked after its number ("映山红路35号龙潭****", "桦林路213号****": the
    unit word closes the number) keeps its stem; one masked within or before it keeps none (its number may be cut
    short: "桦林路21****")."""
    pc = _pc()
    stem = pc.extract_regex(keys, r"^(?P<s>[^0-9]+[0-9]+)(?P<after>.?)")
    ok = _mask(pc.is_valid(stem))
    if ok.any():
        cut = (_mask(pc.match_substring(simplified, "*"))
               & ~_mask(pc.greater(pc.binary_length(stem.field("after")), 0))
               & ~_mask(pc.match_substring_regex(simplified, rf"^[^0-9*]*[0-9]+(?:{_ADDRESS_UNITS})")))
        ok &= ~cut
    texts = pc.if_else(_pa().array(ok), stem.field("s"), "").to_pylist()
    return np.fromiter((_key(v) for v in texts), dtype=np.int64, count=len(texts))


# What a delivery address carries after the address proper: a remark in brackets at its end ("（菜鸟驿站）",
# "(丰巢柜)", "(公司前台)"), or one after a space that says where to leave the parcel ("放门口", "快递代收点").
_DELIVERY_REMARK = r"\s*[(（][^()（）]*[)）]\s*$|\s+[^\s0-9]*(?:放|代收|驿站|快递|门口|丰巢|前台|门卫)[^\s0-9]*$"
# A number written partly in Chinese digits ("澜沧路6二号", "10零四室", "六二号"): a Chinese digit next to an
# Arabic one, or before a unit word, is read as the Arabic digit; street names ("五一路") are left alone.
_CN_DIGITS = "零〇一二三四五六七八九"
_CN_DIGIT_VALUE = {**dict.fromkeys("零〇", "0"), **{c: str(i) for i, c in enumerate("一二三四五六七八九", start=1)}}
_CN_NUMBER = re.compile(rf"[{_CN_DIGITS}]+(?=[0-9]|{_ADDRESS_UNITS})|(?<=[0-9])[{_CN_DIGITS}]+")
_CN_NUMBER_RE2 = rf"[{_CN_DIGITS}](?:[0-9]|{_ADDRESS_UNITS})|[0-9][{_CN_DIGITS}]"


def _arabic_numbers(address: str) -> str:
    """``address`` with its numbers in Chinese digits written in Arabic ones (see ``_CN_NUMBER``)."""
    for _attempt in range(3):  # "10零四": 零 follows a digit; once it is 0, so does 四
        written = _CN_NUMBER.sub(lambda m: "".join(_CN_DIGIT_VALUE[c] for c in m.group()), address)
        if written == address:
            break
        address = written
    return address


def v_address_key(values):
    """The comparable form of addresses (``_ADDRESS_STEPS``), over a string array already simplified: without a
    delivery remark at the end, numbers in Arabic digits."""
    pc = _pc()
    values = pc.utf8_lower(pc.replace_substring_regex(values, _DELIVERY_REMARK, ""))
    values = _where_python(values, _mask(pc.match_substring_regex(values, _CN_NUMBER_RE2)), _arabic_numbers)
    for pattern, replacement in _ADDRESS_STEPS:
        values = pc.replace_substring_regex(values, pattern, replacement)
    return pc.utf8_trim(values, "-")


def _strip_apostrophe(values, counts: Counter | None = None, weights: np.ndarray | None = None):
    """Without Excel's leading text apostrophe; ``weights`` are the rows of each value when values are distinct."""
    pc = _pc()
    stripped = pc.utf8_ltrim(values, characters=_APOSTROPHES)
    if counts is not None:
        marked = _mask(pc.binary_length(values)) != _mask(pc.binary_length(stripped))
        counts["leading_apostrophes"] += int(weights[marked].sum() if weights is not None else marked.sum())
    return stripped


def _unique(values):
    """(distinct values in order of first appearance, index of each cell's value)."""
    enc = values.dictionary_encode()
    return enc.dictionary, enc.indices.to_numpy()


def _ints(struct, name: str) -> np.ndarray:
    pc = _pc()
    return pc.cast(pc.binary_join_element_wise("0", struct.field(name), ""), _pa().int64()).to_numpy()


def _days_from_civil(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of proleptic Gregorian dates (H. Hinnant's algorithm), vectorised."""
    y = y - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    doy = (153 * np.where(m > 2, m - 3, m + 9) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def _valid_date(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    month_ok = (m >= 1) & (m <= 12)
    dim = _DAYS_IN_MONTH[np.where(month_ok, m, 0)] + (leap & (m == 2))
    return (y >= 1) & month_ok & (d >= 1) & (d <= dim)


# The shapes ``parse_time`` reads, in one expression. A zone counts only after a strict ISO 8601 date and time
# (``datetime.fromisoformat``); after any other shape ``parse_time`` reads the date alone, and such cells go
# to it in Python.
_DATE_FULL = (r"^(?P<y>[0-9]{4})(?P<a>[-/.年])(?P<mo>[0-9]{1,2})(?P<b>[-/.月])(?P<d>[0-9]{1,2})(?P<c>日?)"
              r"(?:[ T](?P<h>[0-9]{1,2}):(?P<mi>[0-9]{1,2})(?::(?P<s>[0-9]{1,2})(?:\.[0-9]{1,6})?)?)?"
              r"(?:(?P<z>Z)|(?P<zs>[+-])(?P<zh>[0-9]{2}):(?P<zm>[0-9]{2}))?$")


def _fixed_width(values) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ISO shapes exports mostly use (``2024-03-05``, ``… 10:20``, ``…T10:20:30``, ``….123456``), read
    from their bytes in numpy: (which cells, seconds, valid). Any other shape is left to the expression."""
    pa, pc = _pa(), _pc()
    n = len(values)
    lengths = _mask(pc.binary_length(values))
    done = np.zeros(n, dtype=bool)
    seconds = np.zeros(n, dtype=np.int64)
    good = np.zeros(n, dtype=bool)
    for width in (10, 16, 19, 26):
        pick = lengths == width
        if not pick.any():
            continue
        sub = values.filter(pa.array(pick))
        offsets = np.frombuffer(sub.buffers()[1], dtype=np.int32, count=len(sub) + 1)
        b = np.frombuffer(sub.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[0] + width * len(sub)]
        b = b.reshape(-1, width)
        digit_at = [0, 1, 2, 3, 5, 6, 8, 9] + ([11, 12, 14, 15] if width >= 16 else []) + (
            [17, 18] if width >= 19 else []) + (list(range(20, 26)) if width == 26 else [])
        d = b - np.uint8(48)  # bytes below "0" wrap round to large values: one test per digit
        shape = (d[:, digit_at] <= 9).all(axis=1) & (b[:, 4] == 45) & (b[:, 7] == 45)
        if width >= 16:
            shape &= ((b[:, 10] == 32) | (b[:, 10] == 84)) & (b[:, 13] == 58)
        if width >= 19:
            shape &= b[:, 16] == 58
        if width == 26:
            shape &= b[:, 19] == 46

        def num(*cols, d=d):
            out = np.zeros(len(d), dtype=np.int64)
            for c in cols:
                out = out * 10 + d[:, c]
            return out

        y, mo, day = num(0, 1, 2, 3), num(5, 6), num(8, 9)
        hh = num(11, 12) if width >= 16 else 0
        mi = num(14, 15) if width >= 16 else 0
        ss = num(17, 18) if width >= 19 else 0
        valid = _valid_date(y, mo, day) & (hh < 24) & (mi < 60) & (ss < 60)
        at = np.flatnonzero(pick)[shape]
        done[at] = True
        good[at] = valid[shape]
        seconds[at] = (_days_from_civil(y, mo, day) * DAY + hh * 3600 + mi * 60 + ss - 8 * 3600)[shape]
    return done, seconds, good


def _expression_times(values) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The other shapes ``_DATE_FULL`` knows: (which cells, seconds, valid)."""
    pc = _pc()
    done, out, ok, matched, sub = _extracted(values, _DATE_FULL)
    if sub is None:
        return done, out, ok
    y, mo, d = _ints(sub, "y"), _ints(sub, "mo"), _ints(sub, "d")
    good, seconds = _china_seconds(sub, y, mo, d)
    keep = np.ones(len(sub), dtype=bool)
    zoned = _mask(pc.greater(pc.binary_length(sub.field("z")), 0)) | _mask(
        pc.greater(pc.binary_length(sub.field("zs")), 0))
    if zoned.any():
        lengths = [_mask(pc.binary_length(sub.field(f))) for f in ("mo", "d", "h", "mi")]
        iso = (_mask(pc.equal(sub.field("a"), "-")) & _mask(pc.equal(sub.field("b"), "-"))
               & _mask(pc.equal(sub.field("c"), "")) & np.logical_and.reduce([x == 2 for x in lengths])
               & (_mask(pc.binary_length(sub.field("s"))) != 1))
        zh, zm = _ints(sub, "zh"), _ints(sub, "zm")
        sign = np.where(_mask(pc.equal(sub.field("zs"), "-")), -1, 1)
        offset = np.where(_mask(pc.equal(sub.field("z"), "Z")), 0, sign * (zh * 3600 + zm * 60))
        seconds = np.where(zoned, seconds + 8 * 3600 - offset, seconds)
        good &= ~zoned | ((zh < 24) & (zm < 60))
        keep = ~(zoned & ~iso)  # a zone after a non-ISO shape: parse_time decides
    at = np.flatnonzero(matched)[keep]
    done[at] = True
    out[at] = seconds[keep]
    ok[at] = good[keep]
    return done, out, ok


def v_times(values, counts: Counter | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``parse_time`` over a string array: (seconds, readable). Common shapes in numpy, the rest in Python."""
    pa, pc = _pa(), _pc()
    values = v_clean(values, counts)
    out = np.zeros(len(values), dtype=np.int64)
    ok = np.zeros(len(values), dtype=bool)
    done, seconds, good = _fixed_width(values)
    out[done], ok[done] = seconds[done], good[done]
    rest = ~done & (_mask(pc.binary_length(values)) > 0)
    for step in (_expression_times, _serial_times, _epoch_times, _year_last_times):
        if not rest.any():
            break
        at = np.flatnonzero(rest)
        done, seconds, good = step(values.filter(pa.array(rest)))
        out[at[done]], ok[at[done]] = seconds[done], good[done]
        rest[at[done]] = False
        if step is _serial_times and counts is not None:
            counts["excel_serial_dates"] += int(done.sum())
    for i, v in zip(np.flatnonzero(rest).tolist(), values.filter(pa.array(rest)).to_pylist(), strict=True):
        t = parse_time(v)
        if t is not None:
            out[i], ok[i] = t, True
    return out, ok


def _serial_times(values) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    pa, pc = _pa(), _pc()
    serial = _mask(pc.match_substring_regex(values, _SERIAL))
    seconds = np.zeros(len(values), dtype=np.int64)
    if serial.any():
        seconds[serial] = _serial_seconds(pc.cast(values.filter(pa.array(serial)), pa.float64()).to_numpy())
    return serial, seconds, serial.copy()


def _extracted(values, pattern: str):
    """(done, seconds, valid) arrays to fill, which cells ``pattern`` matches, and their groups (None if none)."""
    pa, pc = _pa(), _pc()
    n = len(values)
    done, out, ok = np.zeros(n, dtype=bool), np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool)
    found = pc.extract_regex(values, pattern)
    matched = _mask(pc.is_valid(found))
    return done, out, ok, matched, (found.filter(pa.array(matched)) if matched.any() else None)


def _china_seconds(sub, y, mo, d, hours=None) -> tuple[np.ndarray, np.ndarray]:
    """(valid, epoch seconds) of dates y-mo-d at the times of groups h, mi, s of ``sub``, China time (``hours``
    turns the hours as written into 24-hour ones)."""
    hh, mi, ss = _ints(sub, "h"), _ints(sub, "mi"), _ints(sub, "s")
    hh = hours(hh) if hours is not None else hh
    good = _valid_date(y, mo, d) & (hh < 24) & (mi < 60) & (ss < 60)
    return good, _days_from_civil(y, mo, d) * DAY + hh * 3600 + mi * 60 + ss - 8 * 3600


def _year_last_times(values) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dates with the year last (``_YEAR_LAST``): (which cells, seconds, valid)."""
    done, out, ok, matched, sub = _extracted(values, _YEAR_LAST)
    if sub is None:
        return done, out, ok
    a, b, y = _ints(sub, "a"), _ints(sub, "b"), _ints(sub, "y")
    marker = np.asarray(sub.field("p").to_numpy(zero_copy_only=False), dtype=str)
    done[matched] = True
    ok[matched], out[matched] = _china_seconds(sub, y, np.where(a > 12, b, a), np.where(a > 12, a, b),
                                               lambda hh: _twelve_hour(hh, marker))
    return done, out, ok


def _epoch_times(values) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unix seconds or milliseconds (``_EPOCH``): (which cells, seconds, valid)."""
    pa, pc = _pa(), _pc()
    epoch = _mask(pc.match_substring_regex(values, _EPOCH))
    seconds = np.zeros(len(values), dtype=np.int64)
    if epoch.any():
        raw = pc.cast(values.filter(pa.array(epoch)), pa.int64()).to_numpy()
        seconds[epoch] = np.where(raw >= 10**12, raw // 1000, raw)
    return epoch, seconds, epoch.copy()


def v_amounts(values, counts: Counter | None = None) -> np.ndarray:
    """``parse_amount`` over a string array, as float32 (NaN for none), once per distinct value."""
    distinct, index = _unique(values)
    if not len(distinct):
        return np.full(len(values), np.nan, dtype=np.float32)
    return _amounts(distinct, counts, np.bincount(index, minlength=len(distinct)))[index]


def _amounts(values, counts: Counter | None, weights: np.ndarray) -> np.ndarray:
    pa, pc = _pa(), _pc()
    values = pc.replace_substring(pc.replace_substring(v_clean(values, counts, weights), ",", ""), "，", "")
    found = pc.extract_regex(values, _AMOUNT)
    matched = _mask(pc.is_valid(found))
    out = np.full(len(values), np.nan, dtype=np.float32)
    if matched.any():
        number = found.filter(pa.array(matched)).field("n")
        out[matched] = pc.cast(number, pa.float64()).to_numpy().astype(np.float32)
        if counts is not None:
            extra = _mask(pc.binary_length(values.filter(pa.array(matched)))) != _mask(pc.binary_length(number))
            counts["numbers_with_units"] += int(weights[matched][extra].sum())
    spelled = _mask(pc.match_substring_regex(values, _SPELLED))
    if spelled.any():  # as parse_amount: the spelled reading where there is one, else the number before the unit
        words = np.array([_spelled_amount(v) for v in values.filter(pa.array(spelled)).to_pylist()], dtype=np.float32)
        read = np.flatnonzero(spelled)[~np.isnan(words)]
        out[read] = words[~np.isnan(words)]
        if counts is not None:
            counts["numbers_with_units"] += int(weights[read][~matched[read]].sum())
    return out


def v_id_numbers(values, counts: Counter | None = None) -> tuple[np.ndarray, np.ndarray, object]:
    """``fast_id_number`` over a string array: (key per row, 0 = none; valid; the cleaned cells)."""
    pa, pc = _pa(), _pc()
    values = _strip_apostrophe(v_clean(values, counts), counts)
    values = pc.ascii_upper(pc.replace_substring(pc.replace_substring(values, " ", ""), "-", ""))
    shape = (_mask(pc.binary_length(values)) == 18) & ~_non_ascii(values)
    if shape.any():
        shape[shape] = _mask(pc.match_substring_regex(values.filter(pa.array(shape)), _ID_SHAPE.pattern))
    keys = np.zeros(len(values), dtype=np.int64)
    valid = np.zeros(len(values), dtype=bool)
    if not shape.any():
        return keys, valid, values
    sub = values.filter(pa.array(shape))
    offsets = np.frombuffer(sub.buffers()[1], dtype=np.int32, count=len(sub) + 1)
    data = np.frombuffer(sub.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[0] + 18 * len(sub)]
    chars = data.reshape(-1, 18)
    digits = chars[:, :17].astype(np.int64) - 48
    check = np.frombuffer(_ID_CHECK.encode(), dtype=np.uint8)[(digits * np.array(_ID_WEIGHTS)).sum(axis=1) % 11]
    y = digits[:, 6:10] @ np.array([1000, 100, 10, 1])
    m = digits[:, 10:12] @ np.array([10, 1])
    d = digits[:, 12:14] @ np.array([10, 1])
    today = date.today()
    born_ok = _valid_date(y, m, d) & (y >= 1900)
    born_ok &= _days_from_civil(y, m, d) <= _days_from_civil(np.int64(today.year), np.int64(today.month),
                                                              np.int64(today.day))
    area = digits[:, :6] @ (10 ** np.arange(5, -1, -1))
    uniq, inverse = np.unique(area, return_inverse=True)
    area_ok = np.array([_area_ok(f"{a:06d}") for a in uniq.tolist()], dtype=bool)[inverse.reshape(-1)]
    good = (check == chars[:, 17]) & born_ok & area_ok
    at = np.flatnonzero(shape)
    valid[at] = good
    keys[at] = np.where(good, digits @ (10 ** np.arange(16, -1, -1, dtype=np.int64)), 0)
    return keys, valid, values


# A mobile masked as platforms export it, its first three and last four digits kept (155****8826): as a key,
# -1 - (first three * 10,000 + last four), resolved against the file's whole numbers when the file is read
# (``resolve_masked_phones``).
_MASKED_MOBILE = r"^(?P<head>1[3-9][0-9])\*{4}(?P<tail>[0-9]{4})$"
# Chinese mobile numbers as phone keys: country code and national number, +86 138 1234 5678 as 8613812345678.
MOBILE_LOW, MOBILE_HIGH = 86_100_0000_0000, 86_200_0000_0000
# A mobile with an extension (``_EXTENSION_MOBILE``) as a key: EXTENSION - national number, resolved when the file
# is read (``resolve_extension_phones``).
EXTENSION = -(10**13)
# A masked mobile no whole number fits, under one name: MASKED_LINE - (name key's last eleven digits * 10**7 + the
# pattern), shown masked (``Complaints.value``).
MASKED_LINE = -3 * 10**13


def resolve_masked_phones(keys: np.ndarray, stems: np.ndarray, names: np.ndarray | None = None) -> np.ndarray:
    """Masked mobiles (negative keys, see ``_MASKED_MOBILE``) replaced by the one whole number of the file that
    fits them and was given with the same street and number (``address_stems``), or else with the same name
    (``names``: keys, 0 for none — a caller known by a form of address or a masked name has none): a platform's
    masked record of a caller whose hotline record gives the whole number at the same building, or under the
    same name or platform nickname, is one phone. One no whole number fits is a line of its own under one name
    (``MASKED_LINE``: the platform account "用户8874884" at 133****3908 in all its records), and none (0) under no
    name. Seven digits alone are no identity (one file's numbers share a pattern by chance), nor is an address
    without its number."""
    masked = (keys < 0) & (keys > EXTENSION)
    if not masked.any():
        return keys
    out = keys.copy()
    out[masked] = 0
    for anchor in (stems, names):
        if anchor is None:
            continue
        wanted_rows = np.flatnonzero(masked & (out == 0) & (anchor != 0))
        if len(wanted_rows):
            out[wanted_rows] = _fitting(keys, anchor, wanted_rows)
    if names is not None:
        # No whole number fits: the masked number under one name is still one line (a platform account's
        # records), kept as the pattern beside the name.
        left = np.flatnonzero(masked & (out == 0) & (names != 0))
        out[left] = MASKED_LINE - ((names[left] % 10**11) * 10**7 + (-1 - keys[left]))
    return out


def resolve_extension_phones(keys: np.ndarray) -> np.ndarray:
    """Mobiles given with an extension (keys at or below ``EXTENSION``) replaced by the mobile where the file gives
    that number whole as someone's own phone, and by none (0) otherwise. A platform relays calls through numbers of
    its own, each with an extension per order: such a number is nobody's, and strangers' orders on it must not
    become one person; a number the file knows as a complainant's own is theirs, the extension their order's."""
    ext = keys <= EXTENSION
    if not ext.any():
        return keys
    out = keys.copy()
    mobile = 86 * 10**11 + (EXTENSION - keys[ext])
    whole = np.unique(keys[(keys >= MOBILE_LOW) & (keys < MOBILE_HIGH)])
    out[ext] = np.where(np.isin(mobile, whole), mobile, 0)
    return out


def _fitting(keys: np.ndarray, anchor: np.ndarray, wanted_rows: np.ndarray) -> np.ndarray:
    """For the masked ``wanted_rows``: the one whole number that fits their seven digits and was given beside the
    same ``anchor`` value (an address stem, a name), 0 where none or several do."""
    whole = (keys >= MOBILE_LOW) & (keys < MOBILE_HIGH) & (anchor != 0)
    if not whole.any():
        return np.zeros(len(wanted_rows), dtype=np.int64)
    digits = keys[whole] - 86 * 10**11
    joint, number = _mix((digits // 10**8) * 10**4 + digits % 10**4, anchor[whole]), keys[whole]
    order = np.lexsort((number, joint))
    joint, number = joint[order], number[order]
    # Each (pattern and anchor, number) once, then the patterns-and-anchors that one number alone fits.
    first_of_pair = np.r_[True, (joint[1:] != joint[:-1]) | (number[1:] != number[:-1])]
    joint, number = joint[first_of_pair], number[first_of_pair]
    joint, first, fitting = np.unique(joint, return_index=True, return_counts=True)
    joint, number = joint[fitting == 1], number[first[fitting == 1]]
    if not len(joint):
        return np.zeros(len(wanted_rows), dtype=np.int64)
    wanted = _mix(-1 - keys[wanted_rows], anchor[wanted_rows])
    at = np.minimum(np.searchsorted(joint, wanted), len(joint) - 1)
    return np.where(joint[at] == wanted, number[at], 0)


def _mix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One int64 of two (a phone pattern and an address stem's key) for joining on both."""
    with np.errstate(over="ignore"):
        return a.astype(np.int64) * np.int64(1_000_003) ^ b.astype(np.int64)


def v_phones(values, counts: Counter) -> np.ndarray:
    """``fast_phone`` over a string array as keys (``phone_key``, 0 = none); masked phones counted apart, and a
    mobile masked to its first three and last four digits kept as a negative key (``resolve_masked_phones``)."""
    pa, pc = _pa(), _pc()
    values = _strip_apostrophe(v_clean(values, counts), counts)
    digits = pc.replace_substring_regex(values, _NOT_DIGIT.pattern, "")
    mobile = pc.extract_regex(digits, r"^(?:\+?0{0,2}86)?(?P<m>1[3-9][0-9]{9})$")
    matched = _mask(pc.is_valid(mobile))
    keys = np.zeros(len(values), dtype=np.int64)
    if matched.any():
        keys[matched] = 86 * 10**11 + pc.cast(mobile.filter(pa.array(matched)).field("m"), pa.int64()).to_numpy()
    rest = ~matched & (_mask(pc.binary_length(values)) > 0)
    masked = np.zeros(len(values), dtype=bool)
    if rest.any():
        at = np.flatnonzero(rest)
        extension = pc.extract_regex(pc.replace_substring_regex(values.filter(pa.array(rest)), r"\s+", ""),
                                     _EXTENSION_MOBILE)
        relayed = _mask(pc.is_valid(extension))
        if relayed.any():
            number = pc.replace_substring(extension.filter(pa.array(relayed)).field("m"), "-", "")
            number = pc.cast(number, pa.int64()).to_numpy()
            keys[at[relayed]] = EXTENSION - number
            rest[at[relayed]] = False
            counts["extension_phones"] += int(relayed.sum())
    if rest.any():
        masked[rest] = _mask(pc.match_substring_regex(values.filter(pa.array(rest)), _MASKED))
        if masked.any():
            shape = pc.extract_regex(pc.replace_substring_regex(values.filter(pa.array(masked)), r"[\s-]", ""),
                                     _MASKED_MOBILE)
            fits = _mask(pc.is_valid(shape))
            if fits.any():
                parts = shape.filter(pa.array(fits))
                head = pc.cast(parts.field("head"), pa.int64()).to_numpy()
                tail = pc.cast(parts.field("tail"), pa.int64()).to_numpy()
                keys[np.flatnonzero(masked)[fits]] = -1 - (head * 10**4 + tail)
        rest &= ~masked
        at = np.flatnonzero(rest)
        keys[at] = [phone_key(_other_phone(v)) for v in values.filter(pa.array(rest)).to_pylist()]
    counts["masked_phones"] += int(masked.sum())
    counts["unreadable_phones"] += int((rest & (keys == 0)).sum())
    return keys


# An order or receipt number: its Latin letters and digits, at least six of them and four digits in a row ("无", "/",
# "NULL" and "暂无" are none; "订单号：330988249" is 330988249).
_ORDER_NUMBER = r"[0-9]{4}"


def v_order_keys(values) -> np.ndarray:
    """Keys of order numbers as written (case, spaces, dashes, full width and words around them aside), 0 where a
    cell holds none."""
    pc = _pc()
    distinct, index = _unique(values)
    squeezed = pc.replace_substring_regex(v_squeeze(distinct), "[^a-z0-9]", "")
    ok = _mask(pc.match_substring_regex(squeezed, _ORDER_NUMBER)) & (_mask(pc.binary_length(squeezed)) >= 6)
    lut = v_hash_keys(pc.if_else(_pa().array(ok), squeezed, ""))  # "" is key 0: none
    return lut[index] if len(lut) else np.zeros(len(values), dtype=np.int64)


def v_hash_keys(values) -> np.ndarray:
    """``_key`` of each string (0 for empty), computed once per distinct value."""
    distinct, index = _unique(values)
    lut = np.fromiter((_key(v) for v in distinct.to_pylist()), dtype=np.int64, count=len(distinct))
    return lut[index] if len(lut) else np.zeros(len(values), dtype=np.int64)


def v_intern(interner: Interner, values) -> np.ndarray:
    """Interned code of each string: Arrow's dictionary keeps first appearances in order, so codes are given
    in the order of the rows, whatever the batches."""
    distinct, index = _unique(values)
    lut = np.fromiter((interner(v) for v in distinct.to_pylist()), dtype=np.int32, count=len(distinct))
    return lut[index] if len(lut) else np.full(len(values), -1, dtype=np.int32)


def _intern_distinct(interner: Interner, values, index: np.ndarray) -> np.ndarray:
    """Codes of ``values[index]``; ``values`` (in order of first appearance) may repeat once cleaned."""
    distinct, of_value = _unique(values)
    lut = np.fromiter((interner(v) for v in distinct.to_pylist()), dtype=np.int32, count=len(distinct))
    return lut[of_value][index] if len(lut) else np.full(len(index), -1, dtype=np.int32)


# --- the reader ------------------------------------------------------------------------------------


class _Reader:
    """Normalises batches of records into growing column lists; ``finish`` makes the ``Complaints``."""

    SEEN_MASK = (1 << 24) - 1

    def __init__(self, source: str, index: dict[str, int], hasher: MinHasher, sig_batch: int,
                 progress: Callable[[int], None] | None):
        self.get = {c: index.get(c, -1) for c in COLUMNS + OPTIONAL}
        self.used = set(self.get.values())
        self.hasher, self.sig_batch, self.progress = hasher, sig_batch, progress
        self.out = Complaints(source=source, interners={k: Interner() for k in INTERNED})
        self.parts: dict[str, array] = {}
        self.seen: list[np.ndarray] = []  # sorted complaint-ID keys of earlier batches
        self.seen_filter = np.zeros(self.SEEN_MASK + 1, dtype=bool)
        self.counts: Counter = Counter()
        self.unknown: Counter = Counter()  # outcome label code -> rows
        self.unknown_codes: set[int] = set()
        self.stage_of: dict[int, int] = {}
        # Texts, and names with addresses, are read on threads of their own (one batch after another each).
        self.pools = {kind: ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"claims-{kind}")
                      for kind in ("texts", "people")}
        self.pending: dict[str, Future] = {}
        self.outcome_of: dict[int, tuple[int, int]] = {}
        # Merchants by squeezed name: the credit-code merchants each name came with, and the merchants known by
        # their name alone (``_merchant_aliases``).
        self.coded_names: dict[str, set[int]] = {}
        self.named_only: dict[int, str] = {}

    def _put(self, name: str, values: np.ndarray):
        """Append to a column kept as an ``array.array``: it grows in place (no list of parts to join and
        no second copy at the end), and the finished column is a numpy view of its buffer."""
        dtype = _PART_TYPES[name]
        part = self.parts.get(name)
        if part is None:
            part = self.parts[name] = array(_TYPECODES[dtype])
        if values.size:
            part.frombytes(memoryview(np.ascontiguousarray(values, dtype=dtype)).cast("B"))

    def add(self, batch: _Batch):
        pa, pc = _pa(), _pc()
        out, counts = self.out, self.counts
        if self.progress:
            self.progress(len(batch.numbers) + len(batch.errors))
        out.errors.extend(batch.errors)
        out.rows_read += len(batch.errors)
        if not len(batch.numbers):
            return
        n = len(batch.numbers)
        cells = {c: pc.utf8_trim_whitespace(batch.cells[i]) if i >= 0 else None for c, i in self.get.items()}
        filled = np.zeros(n, dtype=bool)
        for arr in cells.values():
            if arr is not None:
                filled |= _mask(pc.binary_length(arr)) > 0
        for i in range(len(batch.cells)):
            if i not in self.used:
                filled |= _mask(pc.binary_length(pc.utf8_trim_whitespace(batch.cells[i]))) > 0
        batch.cells = []  # the trimmed copies are all that is read from here on
        out.rows_read += int(filled.sum())
        counts["short_rows"] += int((batch.short & filled).sum())
        empty = pa.array([""] * n, type=pa.string())
        cells = {c: (v if v is not None else empty) for c, v in cells.items()}

        numbers = batch.numbers
        cid = _strip_apostrophe(v_clean(cells["complaint_id"]), counts)
        has_id = _mask(pc.binary_length(cid)) > 0
        received, received_ok = v_times(cells["received_at"], counts)
        cid_keys = v_hash_keys(cid)
        ok = filled & has_id & received_ok
        # The first readable row with an ID keeps it; a later one is refused, whether in this batch or before.
        dup = np.zeros(n, dtype=bool)
        cand = np.flatnonzero(ok)
        if len(cand):
            keys = cid_keys[cand]
            _u, first = np.unique(keys, return_index=True)
            later = np.ones(len(cand), dtype=bool)
            later[first] = False
            # A byte per slot of the low key bits says "certainly new" for most keys; the rest are looked up
            # in the sorted keys of earlier batches (a few runs, merged now and then).
            slot = keys & self.SEEN_MASK
            before = np.zeros(len(cand), dtype=bool)
            maybe = np.flatnonzero(self.seen_filter[slot])
            for seen in self.seen:
                pos = np.minimum(np.searchsorted(seen, keys[maybe]), len(seen) - 1)
                before[maybe] |= seen[pos] == keys[maybe]
            dup[cand] = later | before
            new = keys[~(later | before)]
            self.seen_filter[new & self.SEEN_MASK] = True
            self.seen.append(np.sort(new))
            if len(self.seen) > 16:
                self.seen = [np.sort(np.concatenate(self.seen))]
        bad = np.flatnonzero(filled & ~(ok & ~dup))
        if len(bad):
            ids = cid.take(pa.array(bad)).to_pylist()
            raw_received = cells["received_at"].take(pa.array(bad)).to_pylist()
            for i, cid_value, raw in zip(bad.tolist(), ids, raw_received, strict=True):
                row = int(numbers[i])
                if not has_id[i]:
                    reason = _("The complaint ID is empty.")
                elif not received_ok[i]:
                    reason = _("The time received is not a date: “%(value)s”.") % {"value": raw[:40]}
                else:
                    reason = _("The complaint ID %(id)s appears twice.") % {"id": cid_value}
                out.errors.append(RowError(row, reason))
        keep = ok & ~dup
        if not keep.any():
            return
        if not keep.all():
            mask = pa.array(keep)
            cells = {c: v.filter(mask) for c, v in cells.items()}
            cid = cid.filter(mask)
        self._add_rows(numbers[keep], cid, received[keep], cells)

    def _add_rows(self, numbers, cid, received, cells):
        pc = _pc()
        out, it, counts = self.out, self.out.interners, self.counts
        first_row = len(out.complaint_ids)
        out.complaint_ids.extend(cid)
        self._put("row_number", numbers.astype(np.int32))
        self._put("received", received)
        purchase, purchase_ok = v_times(cells["purchase_date"], counts)
        self._put("purchase_day", np.where(purchase_ok, np.floor_divide(purchase, DAY), -1).astype(np.int32))
        closed, closed_ok = v_times(cells["closed_at"], counts)
        self._put("closed", np.where(closed_ok, closed, -1))

        # Columns with few distinct values are cleaned once per value.
        channels, index = _unique(cells["channel"])
        ch = _intern_distinct(it["channel"], v_clean(channels), index)
        for code in unique(ch).tolist():
            if code >= 0 and code not in self.stage_of:
                self.stage_of[code] = stage_of(it["channel"].values[code])
        stage_lut = np.zeros(len(it["channel"]) + 1, dtype=np.int8)
        for code, stage in self.stage_of.items():
            stage_lut[code] = stage
        self._put("channel", ch)
        self._put("stage", np.where(ch >= 0, stage_lut[ch], 0).astype(np.int8))
        products, index = _unique(cells["product"])
        self._put("product", _intern_distinct(it["product"], v_squeeze(products), index))
        self._add_merchants(cells)
        self._add_outcomes(cells)

        id_keys, id_ok, id_clean = v_id_numbers(cells["complainant_id_number"], counts)
        self._send("people", self._people_work, cells["complainant_name"], cells["complainant_address"],
                   np.where(id_ok, id_keys // 10**13, -1))
        present = _mask(pc.binary_length(id_clean)) > 0
        counts["invalid_id_numbers"] += int((present & ~id_ok).sum())
        self._put("id_number", id_keys)
        self._put("phone", v_phones(cells["complainant_phone"], counts))
        self._put("order", v_order_keys(cells["order_no"]))

        for name, column in (("quantity", "purchase_quantity"), ("amount", "purchase_amount"),
                             ("claim", "claim_amount"), ("compensation", "compensation_amount")):
            self._put(name, v_amounts(cells[column], counts))

        self._add_evidence(cells["evidence_files"], first_row)
        # The texts are read on another core while this thread normalises the next batch (Arrow and numpy let
        # go of the GIL); the previous batch's results are taken in first, so one batch waits at most.
        self._send("texts", self._text_work, cells["text"], cells["legal_basis"], first_row)

    def _add_merchants(self, cells):
        """A merchant is its credit code, else its squeezed name; shown by the first name it came with. A name
        written without a code on some rows is the coded merchant it came with elsewhere (``finish``)."""
        pa, pc = _pa(), _pc()
        out, counts = self.out, self.counts
        codes, by_code = _unique(cells["merchant_uscc"])
        codes = pc.ascii_upper(pc.replace_substring(pc.replace_substring(
            _strip_apostrophe(v_clean(codes), counts, np.bincount(by_code, minlength=len(codes))), " ", ""), "-", ""))
        names, by_name = _unique(cells["merchant_name"])
        names = v_clean(names)
        width = len(names) + 1
        pairs, first, inverse = np.unique(by_code.astype(np.int64) * width + by_name, return_index=True,
                                          return_inverse=True)
        order = np.argsort(first, kind="stable")  # the pairs in the order they first appear
        code_of, name_of = pa.array(pairs[order] // width), pa.array(pairs[order] % width)
        pair_codes, pair_names = codes.take(code_of), names.take(name_of)
        squeezed = v_squeeze(pair_names, simplified=True)
        coded = _mask(pc.greater(pc.binary_length(pair_codes), 0))
        keys = pc.if_else(pa.array(coded), pair_codes, squeezed)
        known = len(self.out.interners["merchant"])
        merchant = _intern_distinct(self.out.interners["merchant"], keys, np.arange(len(order)))
        for m, name, has_code in zip(merchant.tolist(), squeezed.to_pylist(), coded.tolist(), strict=True):
            if not name:
                continue
            if has_code:
                self.coded_names.setdefault(name, set()).add(m)
            else:
                self.named_only[m] = name
        new = np.flatnonzero(merchant >= known)  # codes are given in turn: these appear for the first time
        if len(new):
            shown = pc.if_else(pc.greater(pc.binary_length(pair_names), 0), pair_names, pair_codes)
            for j, value in zip(new.tolist(), shown.take(pa.array(new)).to_pylist(), strict=True):
                out.merchant_names.setdefault(int(merchant[j]), value)
        lut = np.empty(len(pairs), dtype=np.int32)
        lut[order] = merchant
        self._put("merchant", lut[inverse.reshape(-1)])

    def _add_outcomes(self, cells):
        pc = _pc()
        it = self.out.interners
        labels, index = _unique(cells["outcome"])
        label_code = _intern_distinct(it["outcome_label"], pc.utf8_lower(v_clean(labels)), index)
        for code in unique(label_code).tolist():
            if code not in self.outcome_of:
                meaning, facts, known = outcome_of(it["outcome_label"].values[code] if code >= 0 else "")
                self.outcome_of[code] = (meaning, facts)
                if not known:
                    self.unknown_codes.add(code)
        lut_size = len(it["outcome_label"]) + 1
        meaning_lut = np.zeros(lut_size, dtype=np.int8)
        facts_lut = np.zeros(lut_size, dtype=np.int8)
        for code, (meaning, facts) in self.outcome_of.items():
            meaning_lut[code], facts_lut[code] = meaning, facts  # -1 (no label) is the last slot
        self._put("outcome", meaning_lut[label_code])
        self._put("outcome_facts", facts_lut[label_code])
        self._put("remark_facts", v_remark_facts(cells["remark"]))
        self._put("outcome_label", label_code)
        if self.unknown_codes:
            counted = np.bincount(label_code[label_code >= 0], minlength=lut_size)
            for code in self.unknown_codes:
                self.unknown[code] += int(counted[code])

    def _people_work(self, names_raw, addresses_raw, id_area: np.ndarray) -> list[tuple[str, object]]:
        """Names and addresses: work for a core of its own (the surname and region interners are used only
        here, one batch after another)."""
        return self._names(names_raw) + self._addresses(addresses_raw, id_area)

    def _names(self, raw) -> list[tuple[str, object]]:
        """Names squeezed; a surname with a form of address, a masked name (郑**) or a lone surname is kept for
        the report but is no name."""
        pa, pc = _pa(), _pc()
        masked = _mask(pc.match_substring_regex(raw, _MASKED_NAME))
        names = v_squeeze(raw)
        if masked.any():  # what a masked name leaves after squeezing is its surname (and a given-name scrap)
            names = pc.if_else(pa.array(masked), pc.utf8_slice_codeunits(names, 0, 1), names)
        distinct, index = _unique(names)
        keys = np.fromiter((_key(v) for v in distinct.to_pylist()), dtype=np.int64, count=len(distinct))
        honorific = pc.extract_regex(distinct, _HONORIFIC)
        lone = pc.match_substring_regex(distinct, r"^\p{Han}$")  # a surname alone (what masking leaves)
        is_hon = _mask(pc.or_(pc.is_valid(honorific), lone))
        surname = pc.if_else(pc.is_valid(honorific), pc.binary_join_element_wise(
            honorific.field("s"), honorific.field("t"), honorific.field("u"), ""),
            pc.if_else(lone, distinct, ""))
        full = pc.and_(pc.match_substring_regex(distinct, _FULL_NAME), pc.invert(pc.is_valid(honorific)))
        two = pc.utf8_slice_codeunits(distinct, 0, 2)
        compound = pc.and_(pc.is_in(two, value_set=pa.array(sorted(_COMPOUND_SURNAMES))),
                           pc.greater_equal(pc.utf8_length(distinct), 3))
        surname = pc.if_else(full, pc.if_else(compound, two, pc.utf8_slice_codeunits(distinct, 0, 1)), surname)
        keys[is_hon] = 0
        hon_rows = is_hon[index] if len(distinct) else np.zeros(len(index), dtype=bool)
        return [("~names", names), ("#honorific_names", int(hon_rows.sum())), ("honorific", hon_rows),
                ("surname", _intern_distinct(self.out.interners["surname"], surname, index)),
                ("name", keys[index] if len(keys) else np.zeros(len(index), dtype=np.int64))]

    def _addresses(self, raw, id_area: np.ndarray) -> list[tuple[str, object]]:
        """Address keys, and the region: the ID number's first four digits, else the address's city."""
        pc = _pc()
        distinct, index = _unique(v_simplified(raw))
        address_keys = v_address_key(distinct)
        keys = np.fromiter((_key(v) for v in address_keys.to_pylist()), dtype=np.int64, count=len(distinct))
        stems = address_stems(distinct, address_keys)
        places = address_places(distinct)
        # An address masked before its first number ("重庆市渝中区****") says no more than its district: no
        # address to compare, as a platform masks every buyer's there.
        keys[_mask(pc.match_substring(distinct, "*")) & (stems == 0)] = 0
        # A dwelling: a door number closed by its unit word (号, 栋, 单元 … are "-" in the key) and a building, unit or
        # room number after it ("菌香街257-鹤溪里3-2-101"), not a village group ("桃花镇2村3组"), a street door, a
        # dormitory's name or a street named with a number ("科技2路15号"), which many households share; nor an
        # address masked after its building ("菌香街257号3栋****"), which a whole building's buyers share.
        flat = (_mask(pc.match_substring_regex(address_keys, r"[0-9]-[^0-9]*[0-9]")) & (keys != 0)
                & ~_mask(pc.match_substring(distinct, "*")))
        address = keys[index] if len(keys) else np.zeros(len(index), dtype=np.int64)
        stem = stems[index] if len(stems) else np.zeros(len(index), dtype=np.int64)
        city = pc.extract_regex(v_squeeze(distinct, simplified=True), _CITY.replace("(", "(?P<c>", 1))
        cities = pc.if_else(pc.is_valid(city), city.field("c"), "").to_pylist()
        # One number per row for its region (an area code, or 10,000 + its address's index), interned in the
        # order the regions first appear.
        region = np.where(id_area >= 0, id_area, 10_000 + index)
        uniq, first, inverse = np.unique(region, return_index=True, return_inverse=True)
        lut = np.empty(len(uniq), dtype=np.int32)
        interner = self.out.interners["region"]
        for j in np.argsort(first, kind="stable").tolist():
            r = int(uniq[j])
            lut[j] = interner(f"{r:04d}" if r < 10_000 else cities[r - 10_000])
        place = places[index] if len(places) else np.zeros(len(index), dtype=np.int64)
        dwelling = flat[index].astype(np.int8) if len(flat) else np.zeros(len(index), dtype=np.int8)
        return [("address", address), ("flat", dwelling), ("~address_stem", stem), ("~address_place", place),
                ("region", lut[inverse.reshape(-1)])]

    def _text_work(self, text, legal_basis, first_row: int) -> list[tuple[str, np.ndarray]]:
        """What the texts say (phrases, accounts, phones) and their signatures: the work of the second core.
        Pure Arrow, numpy and Python on this batch's arrays; nothing shared is touched here."""
        parts = self._scripts(text, legal_basis) + self._text_identifiers(text, first_row)
        texts = text.to_pylist()
        parts.append(("~text_sig", np.concatenate([self.hasher.signatures(texts[lo:lo + self.sig_batch])
                                                   for lo in range(0, len(texts), self.sig_batch)])))
        return parts

    def _send(self, kind: str, work, *args):
        """Run ``work`` for this batch on the pool of its kind, once the previous batch's results are in."""
        self._collect(kind)
        self.pending[kind] = self.pools[kind].submit(work, *args)

    def _collect(self, kind: str):
        """The previous batch's results of a kind, appended in batch order."""
        future = self.pending.pop(kind, None)
        if future is None:
            return
        for name, values in future.result():
            if name == "~names":
                self.out.names.extend(values)
            elif name.startswith("#"):
                self.counts[name[1:]] += values
            else:
                self._put(name, values)

    def _scripts(self, text, legal_basis) -> list[tuple[str, np.ndarray]]:
        """Punitive-damage phrases, impersonation and filing on someone's behalf, in the texts that hold one
        of their characters."""
        pa, pc = _pa(), _pc()
        n = len(text)
        scripts = np.zeros(n, dtype=np.int16)
        impersonation = np.zeros(n, dtype=np.int8)
        representative = np.zeros(n, dtype=np.int8)
        asking = np.zeros(n, dtype=np.int8)
        sum_asked = np.zeros(n, dtype=np.int8)
        on_behalf = _mask(pc.match_substring_regex(text, REPRESENTATION_HINT))
        if on_behalf.any():
            representative[on_behalf] = _mask(pc.match_substring_regex(
                v_squeeze(text.filter(pa.array(on_behalf))), REPRESENTATION.pattern))
        maybe = _mask(pc.match_substring_regex(text, _script_anchors()))
        if maybe.any():
            dense = v_squeeze(text.filter(pa.array(maybe)))
            bits = np.zeros(len(dense), dtype=np.int16)
            for name, pattern in SCRIPTS.items():
                bits |= np.where(_mask(pc.match_substring_regex(dense, pattern.pattern)), SCRIPT_BITS[name],
                                 0).astype(np.int16)
            scripts[maybe] = bits
            asking[maybe] = _mask(pc.match_substring_regex(dense, ASKING.pattern))
            sum_asked[maybe] = _mask(pc.match_substring_regex(dense, SUM_ASKED.pattern))
            impersonation[maybe] = _mask(pc.match_substring_regex(dense, IMPERSONATION.pattern))
        laws, index = _unique(legal_basis)
        law_bits = np.array([script_bits(squeeze(clean(v))) for v in laws.to_pylist()], dtype=np.int16)
        if len(law_bits):
            scripts |= law_bits[index]
        scripts[asking != 0] = 0  # the text asks what the law grants: neither it nor the cited article is a demand
        threat = np.zeros(n, dtype=np.int8)
        menacing = _mask(pc.match_substring_regex(text, _threat_anchors()))
        if menacing.any():
            threat[menacing] = _mask(pc.match_substring_regex(v_squeeze(text.filter(pa.array(menacing))),
                                                              THREAT.pattern))
        # Matched on the text as written (nearly every text says 反映 or 投诉: squeezing them all again costs memory).
        follow_up = _mask(pc.match_substring_regex(text, FOLLOW_UP.pattern)).astype(np.int8)
        return [("scripts", scripts), ("asking", asking), ("sum_asked", sum_asked), ("impersonation", impersonation),
                ("threat", threat), ("representative", representative), ("follow_up", follow_up)]

    def _text_identifiers(self, text, first_row: int) -> list[tuple[str, np.ndarray]]:
        """Accounts and phones written in the texts, found in Python in the texts that may hold one."""
        pa, pc = _pa(), _pc()
        hint = _mask(pc.match_substring_regex(text, _IDENTIFIER_HINT))
        if not hint.any():
            return []
        acc_rows, acc_keys, ph_rows, ph_keys, ph_roles = [], [], [], [], []
        for r, value in zip(np.flatnonzero(hint).tolist(), text.filter(pa.array(hint)).to_pylist(), strict=True):
            accounts, phones = text_identifiers(clean(value))
            for account in accounts:
                acc_rows.append(first_row + r)
                acc_keys.append(_key(account))
            for phone, role in phones:
                ph_rows.append(first_row + r)
                ph_keys.append(phone_key(phone))
                ph_roles.append(role)
        return [("~account_rows", np.array(acc_rows, dtype=np.int32)),
                ("~account_keys", np.array(acc_keys, dtype=np.int64)),
                ("~text_phone_rows", np.array(ph_rows, dtype=np.int32)),
                ("~text_phone_keys", np.array(ph_keys, dtype=np.int64)),
                ("~text_phone_roles", np.array(ph_roles, dtype=np.int8))]

    def _add_evidence(self, evidence, first_row: int):
        pa, pc = _pa(), _pc()
        if not (_mask(pc.binary_length(evidence)) > 0).any():
            return
        lists = pc.split_pattern_regex(evidence, "[;；,，]")
        files = pc.utf8_trim_whitespace(pc.list_flatten(lists))
        parents = pc.list_parent_indices(lists).to_numpy()
        named = _mask(pc.binary_length(files)) > 0
        if named.any():
            self._put("~evidence_rows", (first_row + parents[named]).astype(np.int32))
            self._put("~evidence_codes", v_intern(self.out.interners["evidence"], files.filter(pa.array(named))))

    def _joined(self, name: str, dtype, shape=(0,)) -> np.ndarray:
        part = self.parts.pop(name, None)
        if part is None or not len(part):
            return np.zeros(shape, dtype=dtype)
        values = np.frombuffer(part, dtype=dtype)
        return values.reshape(-1, shape[1]) if len(shape) == 2 else values

    def _merchant_aliases(self) -> np.ndarray | None:
        """Merchant code -> the merchant it is: a name written without a credit code is the one merchant that
        name came with a code for, if it came with exactly one (a chain's branches under one name stay apart).
        The same shop entered once with its code and once without is one shop, not two."""
        lut = None
        for m, name in self.named_only.items():
            coded = self.coded_names.get(name)
            if coded is not None and len(coded) == 1:
                if lut is None:
                    lut = np.arange(len(self.out.interners["merchant"]), dtype=np.int32)
                lut[m] = next(iter(coded))
        return lut

    def close(self):
        for pool in self.pools.values():
            pool.shutdown(wait=True, cancel_futures=True)

    def finish(self) -> Complaints:
        out = self.out
        n = len(out.complaint_ids)
        for kind in self.pools:
            self._collect(kind)
        self.close()
        for name, dtype in INT_COLUMNS.items():
            out.cols[name] = self._joined(name, dtype)
        for name in FLOAT_COLUMNS:
            out.cols[name] = self._joined(name, np.float32)
        aliases = self._merchant_aliases()
        if aliases is not None:
            merchant = out.cols["merchant"]
            out.cols["merchant"] = np.where(merchant >= 0, aliases[np.maximum(merchant, 0)], merchant)
        out.text_sig = self._joined("~text_sig", np.uint16, (0, self.hasher.num_perm))
        text_phone_keys = self._joined("~text_phone_keys", np.int64)
        name_keys = None
        for name in KEY_COLUMNS:
            keys = self._joined(name, np.int64)
            if name == "name":
                name_keys = keys
            if name == "address":
                keys = qualify_addresses(keys, self._joined("~address_place", np.int64, (n,)))
            if name == "phone":
                keys = resolve_extension_phones(keys)
                keys = resolve_masked_phones(keys, self._joined("~address_stem", np.int64, (n,)),
                                             name_keys if name_keys is not None and len(name_keys) else None)
                # Phones written in texts share the complainants' phone codes: one number, one code.
                codes, out.keys[name] = _dense(np.concatenate((keys, text_phone_keys)))
                out.cols[name], out.text_phone_codes = codes[:n], codes[n:]
            else:
                out.cols[name], out.keys[name] = _dense(keys)
        _codes, first = np.unique(out.cols["name"], return_index=True)
        out.name_rows = first[_codes >= 0]
        out.account_rows = self._joined("~account_rows", np.int32)
        out.account_codes, _keys = _dense(self._joined("~account_keys", np.int64))
        out.text_phone_rows = self._joined("~text_phone_rows", np.int32)
        out.text_phone_roles = self._joined("~text_phone_roles", np.int8)
        out.evidence_rows = self._joined("~evidence_rows", np.int32)
        out.evidence_codes = self._joined("~evidence_codes", np.int32)
        out.errors.sort(key=lambda e: e.row)
        out.unreadable_phones = self.counts.pop("unreadable_phones", 0)
        out.invalid_id_numbers = self.counts.pop("invalid_id_numbers", 0)
        labels = out.interners["outcome_label"].values
        out.unknown_outcomes = {labels[code]: count for code, count in self.unknown.most_common()}
        self.counts["unknown_outcomes"] = sum(self.unknown.values())
        out.oddities = {k: int(self.counts.get(k, 0)) for k in ODDITIES}
        return out


def read_complaints(source: str | Path | Iterable[list[str]], *, hasher: MinHasher | None = None, batch: int = 4096,
                    progress: Callable[[int], None] | None = None) -> Complaints:
    """Read and normalise ``source``; unreadable rows go to ``errors`` with their row number (header = 1).

    ``source`` is a file, or rows as lists of strings with the header first (the platform feeds the
    complaints it holds this way, so that decrypted personal data never touches the disk). A CSV file is
    read by Arrow; Excel files and rows go through Python's hands into the same batches.
    """
    hasher = hasher or MinHasher()
    if isinstance(source, str | Path):
        path = Path(source)
        source_name = str(source)
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            rows = _xlsx_rows(path)
            batches = None
        else:
            encoding = csv_encoding(path)
            with path.open(encoding=encoding, newline="") as fh:
                header = next(csv.reader(fh), None)
            if header is None:
                raise ActionError(_("The file is empty."))
            index = _header_index(header)
            batches = _ahead(_arrow_batches(path, encoding, header))
    else:
        source_name = ""
        rows = iter(source)
        batches = None
    if batches is None:
        try:
            header = next(rows)
        except StopIteration:
            raise ActionError(_("The file is empty."))
        index = _header_index(header)
        batches = _Rows(_width(header)).batches(rows)
    reader = _Reader(source_name, index, hasher, batch, progress)
    try:
        for b in batches:
            reader.add(b)
        return reader.finish()
    finally:
        reader.close()
        _give_back_memory()


def _give_back_memory() -> None:
    """Return the batches' freed memory to the system: the texts of a million rows passed through Python's
    heap once, and the stages after reading should not start on top of it."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _ahead(batches: Iterator[_Batch]) -> Iterator[_Batch]:
    """The next batch parsed in a thread while this one is normalised (Arrow's parser lets go of the GIL).

    Only for files: rows handed in by a caller may come from its database connection, which is the
    caller's thread's own.
    """
    slots: queue.Queue = queue.Queue(maxsize=1)
    stop = threading.Event()
    done = object()
    language = translation.get_language()  # the active language is per thread: row errors are said in ours

    def put(item) -> bool:
        while not stop.is_set():
            try:
                slots.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def fill():
        try:
            with translation.override(language):
                for b in batches:
                    if not put(b):
                        return
            put(done)
        except BaseException as exc:  # handed to the reading thread, raised there
            put(exc)

    thread = threading.Thread(target=fill, name="claims-parse", daemon=True)
    thread.start()
    try:
        while True:
            item = slots.get()
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


class _RawRow(Mapping):
    """A row's raw cells by column, each stripped when asked for: the report reads a few rows of a million."""

    __slots__ = ("_raw", "_index")

    def __init__(self, raw: list[str], index: dict[str, int]):
        self._raw, self._index = raw, index

    def __getitem__(self, column: str) -> str:
        i = self._index[column]
        return self._raw[i].strip() if i < len(self._raw) else ""

    def __iter__(self):
        return iter(self._index)

    def __len__(self):
        return len(self._index)


def iter_raw(path: str | Path) -> Iterator[tuple[int, Mapping[str, str]]]:
    """(row number, raw cells by column) for every row: the report's second pass for the rows it shows."""
    rows = _open_rows(Path(path))
    index = read_header(rows)
    for n, raw in enumerate(rows, start=2):
        yield n, _RawRow(raw, index)


def count_rows(path: str | Path) -> int:
    """Merely read the file (the benchmark's baseline): every row parsed as CSV/xlsx cells, nothing else."""
    return sum(1 for _row in _open_rows(Path(path))) - 1
