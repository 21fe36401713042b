"""Read complaint exports (CSV streamed, .xlsx read-only) into compact columns, normalising as we go.

Real exports are messy: ``+86 138-1234-5678``, ID numbers ending in a lower-case x, traditional
characters, stray spaces, empty cells. A row that cannot be used is reported by its row number and
reason and skipped; the rest of the file still runs. Nothing is kept per row as a Python dict: each
column is an integer code (into an interner) or a number, so a million rows stay small.
"""

from __future__ import annotations

import csv
import operator
import re
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

import numpy as np
from django.utils.translation import gettext as _

from jingqi.core.errors import ActionError
from jingqi.core.parsing import is_ascii_digits
from jingqi.core.pii import normalize_id_number, normalize_phone

from .texts import MinHasher

COLUMNS = [
    "complaint_id", "received_at", "channel", "complainant_name", "complainant_id_number", "complainant_phone",
    "complainant_address", "merchant_name", "merchant_uscc", "product", "purchase_date", "purchase_quantity",
    "purchase_amount", "claim_amount", "legal_basis", "text", "evidence_files", "outcome", "compensation_amount",
    "closed_at",
]
REQUIRED = ["complaint_id", "received_at", "complainant_name", "merchant_name", "text"]

OUTCOMES = ["pending", "withdrawn", "mediated", "compensated", "rejected"]
OUTCOME_CODE = {name: i for i, name in enumerate(OUTCOMES)}
# Platforms export the outcome in Chinese as often as in English.
OUTCOME_CODE.update({
    "待处理": 0, "处理中": 0, "撤诉": 1, "撤回": 1, "已撤回": 1, "撤销": 1, "调解": 2, "已调解": 2, "调解成功": 2,
    "赔偿": 3, "已赔偿": 3, "驳回": 4, "不予受理": 4, "": 0,
})
PENDING, WITHDRAWN, MEDIATED, COMPENSATED, REJECTED = range(5)

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


# --- text normalisation ----------------------------------------------------------------------------


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


def clean(value: str | None) -> str:
    """NFKC (full-width digits and letters), simplified characters, single spaces, trimmed."""
    if not value:
        return ""
    if value.isascii():
        return " ".join(value.split())
    if not _needs_work().isdisjoint(value):
        value = unicodedata.normalize("NFKC", value).translate(_to_simplified())
    return _SPACE.sub(" ", value).strip()


class _Memo(dict):
    """clean()/squeeze() results for columns that repeat (channels, merchants, products): bounded."""

    def __init__(self, fn, limit=200_000):
        super().__init__()
        self.fn, self.limit = fn, limit

    def __missing__(self, key):
        if len(self) >= self.limit:
            self.clear()
        value = self[key] = self.fn(key)
        return value


def squeeze(value: str) -> str:
    """Only letters and digits, lower case: for matching addresses and texts written slightly differently."""
    return _PUNCT.sub("", value).lower()


_MOBILE = re.compile(r"^(?:\+?0{0,2}86)?(1[3-9]\d{9})$")
_NOT_DIGIT = re.compile(r"[^\d+]")


def fast_phone(raw: str) -> str:
    """E.164 phone or ``""``. Mainland mobiles take a regex; anything else goes to the platform's validator."""
    if not raw:
        return ""
    digits = _NOT_DIGIT.sub("", raw)
    m = _MOBILE.match(digits)
    if m:
        return "+86" + m.group(1)
    try:
        return normalize_phone(raw)
    except ActionError:
        return ""


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


@lru_cache(maxsize=65536)
def _birth_date_ok(digits: str) -> bool:
    try:
        born = datetime(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return False
    return born.year >= 1900 and born <= datetime.now()


def fast_id_number(raw: str) -> str:
    """Canonical resident ID number or ``""`` (same rules as ``jingqi.core.pii.normalize_id_number``)."""
    if not raw:
        return ""
    cleaned = "".join(raw.split()).replace("-", "").upper()
    if len(cleaned) != 18 or not is_ascii_digits(cleaned[:17]):
        return ""
    check = _ID_CHECK[sum(map(operator.mul, map(int, cleaned[:17]), _ID_WEIGHTS)) % 11]
    if cleaned[17] != check or not _birth_date_ok(cleaned[6:14]) or not _area_ok(cleaned[:6]):
        return ""
    return cleaned


_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?")


def parse_time(raw: str) -> int | None:
    """Seconds since the epoch; times without a zone are China time. ``None`` when unreadable."""
    if not raw:
        return None
    try:
        dt = datetime.fromisoformat(raw)
    except ValueError:
        m = _DATE.match(raw)
        if not m:
            return None
        y, mo, d, hh, mm, ss = (int(g) if g else 0 for g in m.groups())
        try:
            dt = datetime(y, mo, d, hh, mm, ss)
        except ValueError:
            return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=CHINA)
    return int((dt - EPOCH).total_seconds())


def parse_amount(raw: str) -> float:
    if not raw:
        return np.nan
    try:
        return float(raw.replace(",", "").replace("元", "").replace("¥", "").replace("￥", ""))
    except ValueError:
        return np.nan


# --- what the text says ----------------------------------------------------------------------------

# Set phrases of punitive-damage claims (after normalisation: simplified, no spaces, NFKC digits).
SCRIPTS = {
    "art148": re.compile(r"第?一百四十八条|148条"),
    "tenfold": re.compile(r"十倍|10倍"),
    "refund1pay10": re.compile(r"退一赔十|退1赔10"),
    "min1000": re.compile(r"不足(?:一千|1000)元的?[,，]?按(?:一千|1000)元"),
    "punitive": re.compile(r"惩罚性赔偿"),
    "threefold": re.compile(r"退一赔三|三倍赔偿|价款的?三倍|第五十五条|55条"),
}
SCRIPT_BITS = {name: 1 << i for i, name in enumerate(SCRIPTS)}
_ANY_SCRIPT = re.compile("|".join(f"(?:{p.pattern})" for p in SCRIPTS.values()))

IMPERSONATION = re.compile(
    r"(?:我|本人)(?:是|系)?(?:一名)?(?:执业)?(?:律师|记者)|律师事务所|律所|(?:报社|电视台|媒体)记者|曝光给?媒体|媒体曝光"
)

_ACCOUNT_PATTERNS = [
    ("bank", re.compile(r"(?:卡号|银行卡|账号|帐号|账户|帐户)[:：]?\s*(\d{16,19})(?!\d)")),
    ("alipay", re.compile(r"支付宝(?:账号|帐号|账户)?[:：]?\s*([\w.@+-]{5,40})", re.ASCII)),
    ("wechat", re.compile(r"微信(?:号)?[:：]?\s*([a-zA-Z][-_a-zA-Z0-9]{5,19})", re.ASCII)),
]


def script_bits(text: str) -> int:
    if not _ANY_SCRIPT.search(text):
        return 0
    bits = 0
    for name, pattern in SCRIPTS.items():
        if pattern.search(text):
            bits |= SCRIPT_BITS[name]
    return bits


def accounts_in(text: str) -> list[str]:
    found = []
    for kind, pattern in _ACCOUNT_PATTERNS:
        for m in pattern.finditer(text):
            found.append(f"{kind}:{m.group(1).lower()}")
    return found


def stage_of(channel: str) -> int:
    low = channel.lower()
    for stage, words in _STAGE_WORDS:
        if any(w in low for w in words):
            return stage
    return 0


def region_of(id_number: str, address: str) -> str:
    """City-level region: the ID number's first four digits, else the address up to its first city."""
    if id_number:
        return id_number[:4]
    m = re.match(r"^(.{2,12}?(?:市|州|盟))", address)
    return m.group(1) if m else ""


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
    """One string per row, stored as UTF-8 blobs of 65,536 rows with their offsets: no Python object per row.

    Reads like a list (``col[i]``, ``len``, iteration, ``==`` against a list); a million short IDs take
    about 20 MB instead of the ~70 MB of a list of ``str``.
    """

    CHUNK = 65536

    def __init__(self):
        self.blobs: list[bytes] = []
        self.offsets: list[np.ndarray] = []
        self.buf: list[str] = []

    def append(self, value: str):
        self.buf.append(value)
        if len(self.buf) >= self.CHUNK:
            self._flush()

    def _flush(self):
        if self.buf:
            encoded = [v.encode("utf-8") for v in self.buf]
            ends = np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)))
            self.offsets.append(np.concatenate(([0], ends)).astype(np.int64))
            self.blobs.append(b"".join(encoded))
            self.buf = []

    def __len__(self):
        return len(self.blobs) * self.CHUNK + len(self.buf)

    def __getitem__(self, i):
        i = int(i)
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        chunk, j = divmod(i, self.CHUNK)
        if chunk == len(self.blobs):
            return self.buf[j]
        off = self.offsets[chunk]
        return self.blobs[chunk][off[j]:off[j + 1]].decode("utf-8")

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __eq__(self, other):
        return list(self) == list(other)

    __hash__ = None


class _SeenKeys:
    """A set of int64 keys without a Python int per key: a byte filter on the low bits answers "new" for
    most keys; the rest are looked up in the recent keys (a small set) and the older ones (a sorted array)."""

    BITS = 24
    RECENT = 65536

    def __init__(self):
        self.mask = (1 << self.BITS) - 1
        self.filter = bytearray(1 << self.BITS)
        self.recent: set[int] = set()
        self.old = np.zeros(0, dtype=np.int64)

    def __contains__(self, key: int) -> bool:
        if not self.filter[key & self.mask]:
            return False
        if key in self.recent:
            return True
        i = int(np.searchsorted(self.old, key))
        return i < len(self.old) and int(self.old[i]) == key

    def add(self, key: int):
        self.filter[key & self.mask] = 1
        self.recent.add(key)
        if len(self.recent) >= self.RECENT:
            self.old = np.sort(np.concatenate((self.old, np.fromiter(self.recent, dtype=np.int64))))
            self.recent = set()


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


class _Column:
    """A growable numpy column backed by ``array.array``: appends store C values, no Python object per row
    is kept, and the finished column is the array's own buffer (no copy)."""

    TYPECODES = {np.int8: "b", np.int16: "h", np.int32: "i", np.int64: "q", np.float32: "f"}

    def __init__(self, dtype):
        self.dtype = dtype
        self.values = array(self.TYPECODES[dtype])
        self.append = self.values.append

    def array(self) -> np.ndarray:
        return np.frombuffer(self.values, dtype=self.dtype) if len(self.values) else np.zeros(0, dtype=self.dtype)


INT_COLUMNS = {
    "row_number": np.int32, "received": np.int64, "purchase_day": np.int32, "closed": np.int64,
    "channel": np.int32, "stage": np.int8, "region": np.int32, "merchant": np.int32, "product": np.int32,
    "outcome": np.int8, "scripts": np.int16, "impersonation": np.int8,
}
# Identifiers only compared for equality: 64-bit keys while reading, dense int32 codes afterwards.
KEY_COLUMNS = ["name", "id_number", "phone", "address"]
FLOAT_COLUMNS = ["quantity", "amount", "claim", "compensation"]


@dataclass
class Complaints:
    """Column arrays, one entry per readable row, plus what their codes point into.

    Channels, regions, merchants, products and evidence files are interned strings (few distinct
    values). Names, ID numbers, phones, addresses and accounts are dense codes of 64-bit keys: ID numbers
    and phones decode back from their keys, names are kept once per row (``names``) for the report,
    addresses and accounts are never needed as text.
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
    evidence_rows: np.ndarray | None = None
    evidence_codes: np.ndarray | None = None
    interners: dict[str, Interner] = field(default_factory=dict)
    merchant_names: dict[int, str] = field(default_factory=dict)  # display name of each merchant code
    errors: list[RowError] = field(default_factory=list)
    rows_read: int = 0
    unreadable_phones: int = 0
    invalid_id_numbers: int = 0

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
            return "+" + str(int(self.keys[kind][code]))
        if kind == "name":
            return self.names[int(self.name_rows[code])]
        return self.interners[kind].values[code]


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


def read_header(rows: Iterator[list[str]]) -> dict[str, int]:
    try:
        header = next(rows)
    except StopIteration:
        raise ActionError(_("The file is empty."))
    index = {clean(h).lower().replace(" ", "_"): i for i, h in enumerate(header)}
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        raise ActionError(_("The header lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)})
    return index


def read_complaints(source: str | Path | Iterable[list[str]], *, hasher: MinHasher | None = None, batch: int = 4096,
                    progress: Callable[[int], None] | None = None) -> Complaints:
    """Read and normalise ``source``; unreadable rows go to ``errors`` with their row number (header = 1).

    ``source`` is a file, or rows as lists of strings with the header first (the platform feeds the
    complaints it holds this way, so that decrypted personal data never touches the disk).
    """
    hasher = hasher or MinHasher()
    if isinstance(source, str | Path):
        source_name = str(source)
        rows = _open_rows(Path(source))
    else:
        source_name = ""
        rows = iter(source)
    index = read_header(rows)
    width = len(index)
    get = {c: index.get(c, -1) for c in COLUMNS}

    kinds = ["channel", "region", "merchant", "product", "evidence"]
    out = Complaints(source=source_name, interners={k: Interner() for k in kinds})
    it = out.interners
    ints = {name: _Column(dt) for name, dt in INT_COLUMNS.items()}
    keys = {name: _Column(np.int64) for name in KEY_COLUMNS}
    account_keys = _Column(np.int64)
    floats = {name: _Column(np.float32) for name in FLOAT_COLUMNS}
    acc_rows, ev_rows, ev_codes = _Column(np.int32), _Column(np.int32), _Column(np.int32)
    sig_buf = array("H")  # the texts' MinHash signatures, num_perm uint16 a row, grown in place
    pending_texts: list[str] = []
    seen_ids = _SeenKeys()
    stage_cache: dict[int, int] = {}

    def flush_texts():
        if pending_texts:
            sig_buf.frombytes(hasher.signatures(pending_texts).tobytes())
            pending_texts.clear()

    def cell(raw: list[str], name: str) -> str:
        i = get[name]
        return raw[i].strip() if 0 <= i < len(raw) else ""

    clean_memo = _Memo(clean)
    squeeze_memo = _Memo(lambda v: squeeze(clean(v)))
    time_memo = _Memo(parse_time)  # purchase dates repeat a lot

    row_number = 1
    for raw in rows:
        row_number += 1
        out.rows_read += 1
        if progress and out.rows_read % 10000 == 0:
            progress(10000)
        if not any(raw):
            out.rows_read -= 1  # blank lines are not rows
            continue
        if len(raw) != width and not (len(raw) > width and not any(raw[width:])):
            out.errors.append(RowError(row_number, _("The row has %(got)d cells; the header has %(want)d.")
                                       % {"got": len(raw), "want": width}))
            continue
        cid = clean(cell(raw, "complaint_id"))
        if not cid:
            out.errors.append(RowError(row_number, _("The complaint ID is empty.")))
            continue
        cid_key = hash(cid)
        if cid_key in seen_ids:
            out.errors.append(RowError(row_number, _("The complaint ID %(id)s appears twice.") % {"id": cid}))
            continue
        received = parse_time(cell(raw, "received_at"))
        if received is None:
            out.errors.append(RowError(row_number, _("The time received is not a date: “%(value)s”.")
                                       % {"value": cell(raw, "received_at")[:40]}))
            continue
        outcome_raw = clean_memo[cell(raw, "outcome")].lower()
        outcome = OUTCOME_CODE.get(outcome_raw)
        if outcome is None:
            out.errors.append(RowError(row_number, _("Unknown outcome “%(value)s”.") % {"value": outcome_raw[:40]}))
            continue
        seen_ids.add(cid_key)
        row = len(out.complaint_ids)
        out.complaint_ids.append(cid)

        raw_phone = cell(raw, "complainant_phone")
        phone = fast_phone(raw_phone)
        if raw_phone and not phone:
            out.unreadable_phones += 1
        raw_id = cell(raw, "complainant_id_number")
        id_number = fast_id_number(raw_id)
        if raw_id and not id_number:
            out.invalid_id_numbers += 1
        address = squeeze(clean(cell(raw, "complainant_address")))
        text = clean(cell(raw, "text"))
        dense = squeeze(text)
        legal = squeeze_memo[cell(raw, "legal_basis")]
        channel = clean_memo[cell(raw, "channel")]
        ch = it["channel"](channel)
        if ch not in stage_cache:
            stage_cache[ch] = stage_of(channel)
        purchase = time_memo[cell(raw, "purchase_date")]
        closed = parse_time(cell(raw, "closed_at"))

        ints["row_number"].append(row_number)
        ints["received"].append(received)
        ints["purchase_day"].append(purchase // DAY if purchase is not None else -1)
        ints["closed"].append(closed if closed is not None else -1)
        ints["channel"].append(ch)
        ints["stage"].append(stage_cache[ch])
        name = squeeze_memo[cell(raw, "complainant_name")]
        out.names.append(name)
        keys["name"].append(_key(name))
        keys["id_number"].append(id_number_key(id_number))
        keys["phone"].append(phone_key(phone))
        keys["address"].append(_key(address))
        ints["region"].append(it["region"](region_of(id_number, address)))
        uscc = clean_memo[cell(raw, "merchant_uscc")].upper()
        merchant_name = clean_memo[cell(raw, "merchant_name")]
        merchant = it["merchant"](uscc or squeeze(merchant_name))
        if merchant >= 0 and merchant not in out.merchant_names:
            out.merchant_names[merchant] = merchant_name or uscc
        ints["merchant"].append(merchant)
        ints["product"].append(it["product"](squeeze_memo[cell(raw, "product")]))
        ints["outcome"].append(outcome)
        ints["scripts"].append(script_bits(dense + legal))
        ints["impersonation"].append(1 if IMPERSONATION.search(dense) else 0)
        floats["quantity"].append(parse_amount(cell(raw, "purchase_quantity")))
        floats["amount"].append(parse_amount(cell(raw, "purchase_amount")))
        floats["claim"].append(parse_amount(cell(raw, "claim_amount")))
        floats["compensation"].append(parse_amount(cell(raw, "compensation_amount")))
        for account in accounts_in(text):
            acc_rows.append(row)
            account_keys.append(_key(account))
        evidence = cell(raw, "evidence_files")
        if evidence:
            for name in re.split(r"[;；,，]", evidence):
                name = name.strip()
                if name:
                    ev_rows.append(row)
                    ev_codes.append(it["evidence"](name))
        pending_texts.append(dense)
        if len(pending_texts) >= batch:
            flush_texts()
    flush_texts()

    out.cols = {name: col.array() for name, col in {**ints, **floats}.items()}
    out.text_sig = np.frombuffer(sig_buf, dtype=np.uint16).reshape(-1, hasher.num_perm) if len(sig_buf) else (
        np.zeros((0, hasher.num_perm), dtype=np.uint16))
    for name in KEY_COLUMNS:
        out.cols[name], out.keys[name] = _dense(keys.pop(name).array())
    _codes, first = np.unique(out.cols["name"], return_index=True)
    out.name_rows = first[_codes >= 0]
    out.account_rows = acc_rows.array()
    out.account_codes, _keys = _dense(account_keys.array())
    out.evidence_rows, out.evidence_codes = ev_rows.array(), ev_codes.array()
    return out


def iter_raw(path: str | Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, raw cells by column) for every row: the report's second pass for the rows it shows."""
    rows = _open_rows(Path(path))
    index = read_header(rows)
    for n, raw in enumerate(rows, start=2):
        yield n, {c: raw[i].strip() if i < len(raw) else "" for c, i in index.items()}


def count_rows(path: str | Path) -> int:
    """Merely read the file (the benchmark's baseline): every row parsed as CSV/xlsx cells, nothing else."""
    return sum(1 for _row in _open_rows(Path(path))) - 1
