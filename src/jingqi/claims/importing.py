"""Reading an uploaded complaint export for import: every row checked, nothing written here.

The command line (``jingqi claims scan``) skips a row it cannot read and goes on; an import into the
platform is all or nothing: one bad row and the batch is refused with the full row-by-row report, so
that the ledger never holds half a file. The checks reuse the engine's readers, so a row the import
accepts is a row the model can use. Doubtful personal data (an ID number failing its check digit, a
phone that is not a phone) does not refuse the row — complainants mistype them — but is reported as
a warning and kept out of identity linking.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jingqi.core.errors import ActionError

from .engine.reading import (
    OUTCOMES,
    _open_rows,
    clean,
    fast_id_number,
    fast_phone,
    outcome_of,
    parse_amount,
    parse_time,
    read_header,
)
from .messages import Message, msg

MAX_ERRORS_KEPT = 1000
MAX_WARNINGS_KEPT = 1000
EVIDENCE_SPLIT = re.compile(r"[;；,，]")
LIMITS = {"complaint_id": 64, "channel": 60, "merchant_name": 200, "merchant_uscc": 18, "product": 200,
          "legal_basis": 300, "outcome": 60}


@dataclass
class Problem:
    """A row's error or warning: a :class:`~.messages.Message` (said in the reader's language when shown),
    or an already translated string from elsewhere (an ActionError's message)."""

    row: int
    message: Message | str

    def as_dict(self) -> dict:
        if isinstance(self.message, Message):
            return {"row": self.row, **self.message.as_dict()}
        return {"row": self.row, "reason": str(self.message)}


@dataclass
class ParsedRow:
    row: int
    values: dict
    evidence: list[str]
    id_number_ok: bool
    phone_ok: bool


def _when(seconds: int | None) -> datetime | None:
    return None if seconds is None else datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)


def _day(seconds: int | None) -> date | None:
    # Dates are China dates: shift to UTC+8 before taking the day.
    return None if seconds is None else (_when(seconds) + timedelta(hours=8)).date()


def _amount(raw: str, column: str, errors: list[Message]) -> Decimal | None:
    if not raw:
        return None
    value = parse_amount(raw)
    if math.isnan(value) or value < 0 or value >= 1e12:
        errors.append(msg(gettext_noop("%(column)s is not an amount: “%(value)s”."), column=column, value=raw[:40]))
        return None
    return Decimal(str(round(value, 2)))


def parse_row(number: int, cells: dict[str, str]) -> tuple[ParsedRow | None, list[Message], list[Message]]:
    """One row: (the values to store, or None), its errors, its warnings."""
    errors: list[str] = []
    warnings: list[str] = []
    cid = clean(cells.get("complaint_id", ""))
    if not cid:
        errors.append(msg(gettext_noop("The complaint ID is empty.")))
    for column, limit in LIMITS.items():
        if len(cells.get(column, "")) > limit:
            errors.append(msg(gettext_noop("%(column)s is longer than %(limit)d characters."), column=column,
                              limit=limit))
    received = parse_time(cells.get("received_at", ""))
    if received is None:
        errors.append(msg(gettext_noop("The time received is not a date: “%(value)s”."),
                          value=cells.get("received_at", "")[:40]))
    optional_times = {}
    for column in ("purchase_date", "closed_at"):
        raw = cells.get(column, "")
        optional_times[column] = parse_time(raw) if raw else None
        if raw and optional_times[column] is None:
            errors.append(msg(gettext_noop("%(column)s is not a date: “%(value)s”."), column=column, value=raw[:40]))
    # An outcome label is data, never an error: one the model has no rule for is kept as exported, read as
    # "other" and reported, so that the row can still be weighed.
    outcome_label = clean(cells.get("outcome", ""))
    outcome, _facts, known = outcome_of(outcome_label.lower())
    if not known:
        warnings.append(msg(gettext_noop(
            "The outcome “%(value)s” is not one the model knows: kept as exported and read as “other”."),
            value=outcome_label[:40]))
    merchant_name, uscc = cells.get("merchant_name", ""), clean(cells.get("merchant_uscc", "")).upper()
    if not merchant_name and not uscc:
        errors.append(msg(gettext_noop("The merchant is missing: neither a name nor a credit code.")))
    if not cells.get("text", ""):
        errors.append(msg(gettext_noop("The complaint text is empty.")))
    amounts = {column: _amount(cells.get(column, ""), column, errors)
               for column in ("purchase_quantity", "purchase_amount", "claim_amount", "compensation_amount")}

    raw_id, raw_phone = cells.get("complainant_id_number", ""), cells.get("complainant_phone", "")
    id_number, phone = fast_id_number(raw_id), fast_phone(raw_phone)
    if raw_id and not id_number:
        warnings.append(msg(gettext_noop(
            "The ID number fails its check: kept as given, not used to link identities.")))
    if raw_phone and not phone:
        warnings.append(msg(gettext_noop(
            "The phone number cannot be read: kept as given, not used to link identities.")))
    if errors:
        return None, errors, warnings
    evidence = [name.strip() for name in EVIDENCE_SPLIT.split(cells.get("evidence_files", "")) if name.strip()]
    values = {
        "complaint_id": cid, "received_at": _when(received), "channel": clean(cells.get("channel", "")),
        "complainant_name": clean(cells.get("complainant_name", "")),
        "id_number": id_number or " ".join(raw_id.split()), "phone": phone or raw_phone,
        "address": clean(cells.get("complainant_address", "")),
        "merchant_name": clean(merchant_name), "merchant_uscc": uscc, "product": clean(cells.get("product", "")),
        "order_no": clean(cells.get("order_no", ""))[:64],
        "purchase_date": _day(optional_times["purchase_date"]), "legal_basis": clean(cells.get("legal_basis", "")),
        "text": cells.get("text", ""), "outcome": OUTCOMES[outcome],
        "outcome_label": outcome_label[:60],
        # Free text beside the outcome: kept to the field's length, never a reason to refuse the file.
        "remark": clean(cells.get("remark", ""))[:300],
        "closed_at": _when(optional_times["closed_at"]), **amounts,
    }
    return ParsedRow(number, values, evidence, bool(id_number), bool(phone)), [], warnings


def iter_rows(path: Path) -> Iterator[tuple[int, dict[str, str] | None, Message | None]]:
    """(row number, cells by column or None, why not) for every non-blank row; the header is row 1."""
    rows = _open_rows(path)
    index = read_header(rows)
    width = len(index)
    for number, raw in enumerate(rows, start=2):
        if not any(cell.strip() for cell in raw):
            continue
        if len(raw) != width and not (len(raw) > width and not any(raw[width:])):
            yield number, None, msg(gettext_noop("The row has %(got)d cells; the header has %(want)d."),
                                    got=len(raw), want=width)
            continue
        yield number, {c: raw[i].strip() for c, i in index.items()}, ""


def count_rows(path: Path) -> int:
    return sum(1 for _row in iter_rows(path))


# --- the evidence archive --------------------------------------------------------------------------


def _member_name(info: zipfile.ZipInfo) -> str:
    """A member's path as text. Without the archive's UTF-8 flag the bytes may be UTF-8 anyway (Linux and
    macOS ``zip``) or GBK (Windows archivers on Chinese systems): tried in that order."""
    name = info.filename
    if not info.flag_bits & 0x800:
        raw = name.encode("cp437")  # what zipfile decoded the bytes as, undone
        for encoding in ("utf-8", "gbk"):
            try:
                name = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    return name.replace("\\", "/").strip("/")


class EvidenceArchive:
    """A ZIP of pictures, looked up by the names the complaints give (with or without the folder).

    Refuses archives that would unpack into more than the configured size or number of files, and
    never uses a member's path on disk: pictures are stored under names the platform chooses.
    """

    def __init__(self, path: Path):
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError):
            raise ActionError(_("The evidence archive is not a readable ZIP file."), field="evidence")
        members = [m for m in self.zip.infolist() if not m.is_dir()]
        if len(members) > settings.JINGQI_CLAIMS_EVIDENCE_MAX_FILES:
            raise ActionError(_("The evidence archive holds more than %(n)d files.")
                              % {"n": settings.JINGQI_CLAIMS_EVIDENCE_MAX_FILES}, field="evidence")
        if sum(m.file_size for m in members) > settings.JINGQI_CLAIMS_EVIDENCE_MAX_BYTES:
            raise ActionError(_("The evidence archive unpacks to more than %(mb)d MB.")
                              % {"mb": settings.JINGQI_CLAIMS_EVIDENCE_MAX_BYTES // (1024 * 1024)}, field="evidence")
        self.by_path: dict[str, zipfile.ZipInfo] = {}
        self.by_base: dict[str, list[zipfile.ZipInfo]] = {}
        for m in members:
            name = _member_name(m)
            self.by_path[name] = m
            self.by_base.setdefault(PurePosixPath(name).name, []).append(m)

    def find(self, name: str) -> zipfile.ZipInfo | None:
        """The member a complaint names: the same path; or, for a bare file name, the one member of that
        name in any folder; or, for a path, the one member whose path ends with it. Never a guess
        between two candidates, nor a same-named file from another folder."""
        name = name.replace("\\", "/").strip("/")
        if name in self.by_path:
            return self.by_path[name]
        base = PurePosixPath(name).name
        found = self.by_base.get(base, [])
        if "/" in name:
            found = [m for m in found if _member_name(m).endswith("/" + name)]
        return found[0] if len(found) == 1 else None

    def read(self, info: zipfile.ZipInfo) -> bytes:
        return self.zip.read(info)

    def close(self):
        self.zip.close()
