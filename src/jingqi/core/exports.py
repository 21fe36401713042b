"""Every spreadsheet and CSV file the platform writes goes through here, so that no cell becomes a formula.

Cell text comes from uploads and forms: a complaint text or a merchant name that starts with ``=``,
``+``, ``-`` or ``@`` (or a tab or carriage return, or their full-width forms, which WPS and Excel
with a Chinese input method may take as the same) would run as a formula — ``=cmd|' /C calc'!A0``,
``=HYPERLINK(…)`` — when a colleague opens the file. So:

- in workbooks (.xlsx) every string is written as a string cell, never as a formula, and a string that
  looks like a formula also gets Excel's own "quote prefix" style (what Excel stores when one types
  ``'=…``): it shows as typed, keeps its exact value when read back, and stays text when edited;
- in CSV, which has no cell types, such a string is written with an apostrophe in front (the OWASP
  advice): Excel and LibreOffice then show it as text.

Numbers (int, float, Decimal) and dates stay numbers and dates; so does a string that is nothing but a
signed number ("-2", "+3.5"), which no spreadsheet can run. CSV files start with a byte-order mark,
without which Excel on Chinese Windows reads UTF-8 as GBK.

Nothing else in ``src`` may write with ``openpyxl.Workbook`` or ``csv.writer`` (a test scans for it).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

# Characters a spreadsheet may read as the start of a formula, half- and full-width.
FORMULA_STARTS = frozenset("=+-@\t\r\n＝＋－＠")
# Leading blanks are skipped by some spreadsheets before they look for a formula.
_BLANKS = " \u3000\u00a0"
_SIGNED_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
# What an .xlsx cell cannot hold (XML 1.0 control characters); openpyxl refuses them outright.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_CELL_CHARS = 32767
BOM = "\ufeff"


def looks_like_formula(value: str) -> bool:
    """Would a spreadsheet take this text for a formula (or a DDE call)?"""
    head = value.lstrip(_BLANKS)
    return bool(head) and head[0] in FORMULA_STARTS and not _SIGNED_NUMBER.fullmatch(value)


def _plain(value: Any) -> Any:
    """Numbers, dates and booleans as they are; everything else (lazy translations included) as text."""
    if value is None or isinstance(value, bool | int | float | Decimal | datetime | date | time):
        return value
    return str(value)


def csv_cell(value: Any) -> Any:
    """A value as it may go into a CSV cell: formula-like text gets an apostrophe in front."""
    value = _plain(value)
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


class SafeCsvWriter:
    """``csv.writer`` with every cell passed through :func:`csv_cell`."""

    def __init__(self, fh: IO[str], **kwargs):
        self._writer = csv.writer(fh, **kwargs)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([csv_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(fh: IO[str], *, bom: bool = True, **kwargs) -> SafeCsvWriter:
    """A CSV writer for a file a person will open. Open ``fh`` with ``newline=""`` (or pass a response)."""
    if bom:
        fh.write(BOM)
    return SafeCsvWriter(fh, **kwargs)


def write_csv(fh: IO[str], header: Sequence[Any] | None, rows: Iterable[Iterable[Any]], *, bom: bool = True) -> None:
    writer = csv_writer(fh, bom=bom)
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)


def csv_response(filename: str, header: Sequence[Any] | None, rows: Iterable[Iterable[Any]]):
    """A CSV download (UTF-8 with byte-order mark, formula-like cells neutralised)."""
    from .downloads import download_response

    response = download_response(b"", filename, content_type="text/csv; charset=utf-8", extension=".csv")
    write_csv(response, header, rows)
    return response


def data_csv_writer(fh: IO[str], **kwargs):
    """A plain CSV writer that changes no cell, for data files only a program reads back (the generator's
    synthetic complaint exports, the demo's corrected export fed to the import): an apostrophe would
    change their values. Never for a file offered to a person; a test keeps the list of callers short."""
    return csv.writer(fh, **kwargs)


# --- workbooks ------------------------------------------------------------------------------------------


@dataclass
class Sheet:
    """One worksheet: an optional bold header row, then the rows (any iterable: written as it is read)."""

    title: str
    rows: Iterable[Sequence[Any]]
    header: Sequence[Any] | None = None
    widths: Sequence[float] = field(default_factory=tuple)
    wrap: bool = False


def write_workbook(out: str | Path | IO[bytes], sheets: Iterable[Sheet]) -> None:
    """Write the sheets as an .xlsx workbook (streamed: memory does not grow with the rows)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    wrapped = Alignment(wrap_text=True, vertical="top")

    for sheet in sheets:
        ws = wb.create_sheet(title=sheet.title[:31])
        for i, width in enumerate(sheet.widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width

        def cell(value, *, header=False, ws=ws, wrap=sheet.wrap):
            value = _plain(value)
            risky = False
            if isinstance(value, str):
                value = _ILLEGAL.sub("", value)[:MAX_CELL_CHARS]
                risky = looks_like_formula(value)
            if not (header or risky or (wrap and value is not None)):
                return value  # the common case: a plain value, no cell object needed
            c = WriteOnlyCell(ws, value=value)
            if isinstance(value, str):
                c.data_type = "s"  # never "f": openpyxl would otherwise write "=…" as a live formula
                c.quotePrefix = risky
            if header:
                c.font = bold
            elif wrap:
                c.alignment = wrapped
            return c

        if sheet.header is not None:
            ws.append([cell(v, header=True) for v in sheet.header])
        for row in sheet.rows:
            ws.append([cell(v) for v in row])
    wb.save(out)


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    out = io.BytesIO()
    write_workbook(out, sheets)
    return out.getvalue()


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_response(filename: str, sheets: Iterable[Sheet]):
    """The sheets as an .xlsx download (named safely, not cached)."""
    from .downloads import download_response

    return download_response(workbook_bytes(sheets), filename, content_type=XLSX_TYPE, extension=".xlsx")
