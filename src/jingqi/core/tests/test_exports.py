"""The one spreadsheet and CSV writer: cell text that a spreadsheet would run as a formula stays text."""

import ast
import csv
import io
import shutil
import subprocess
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from jingqi.core import exports

PAYLOADS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)",
            "\t=1+1", "\r=1+1", "＝1+1", "＋1+1", "－2+3", "＠SUM(A1)", "  =1+1"]
SRC = Path(__file__).resolve().parents[2]  # src/jingqi


def _sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return "".join(zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/"))


def test_workbook_writes_formula_payloads_as_text_with_their_exact_value():
    data = exports.workbook_bytes([exports.Sheet("线索", header=["=head", "文本"],
                                                 rows=[[p, "普通文本"] for p in PAYLOADS])])
    assert "<f>" not in _sheet_xml(data)  # no cell anywhere is a formula
    ws = load_workbook(io.BytesIO(data))["线索"]
    assert ws["A1"].value == "=head" and ws["A1"].data_type == "s" and ws["A1"].font.b
    for row, payload in enumerate(PAYLOADS, start=2):
        cell = ws.cell(row=row, column=1)
        assert cell.value == payload.replace("\r", "\n")  # XML reads a bare carriage return back as a line feed
        assert cell.data_type == "s" and cell.quotePrefix, payload
        assert not ws.cell(row=row, column=2).quotePrefix


def test_workbook_keeps_numbers_and_dates_as_numbers():
    data = exports.workbook_bytes([exports.Sheet("s", rows=[[-2, 3.5, Decimal("1000.00"), date(2024, 5, 1), "-2",
                                                            "abc\x01def"]])])
    ws = load_workbook(io.BytesIO(data))["s"]
    values = [c.value for c in ws[1]]
    assert values[:3] == [-2, 3.5, 1000] and all(ws.cell(row=1, column=i).data_type == "n" for i in (1, 2, 3))
    assert values[3].date() == date(2024, 5, 1)
    assert values[4] == "-2" and not ws["E1"].quotePrefix  # a bare signed number cannot run anything
    assert values[5] == "abcdef"  # control characters an .xlsx cannot hold are dropped, not fatal


def test_csv_puts_an_apostrophe_before_formula_payloads_only():
    out = io.StringIO()
    exports.write_csv(out, ["=head", "n"], [[p, 7] for p in PAYLOADS] + [["-2", -2], ["正常 = 文本", 1.5]])
    text = out.getvalue()
    assert text.startswith(exports.BOM)
    rows = list(csv.reader(io.StringIO(text.removeprefix(exports.BOM))))
    assert rows[0] == ["'=head", "n"]
    for row, payload in zip(rows[1:], PAYLOADS, strict=False):
        assert row == ["'" + payload, "7"]
    assert rows[-2:] == [["-2", "-2"], ["正常 = 文本", "1.5"]]


def test_csv_response_is_a_neutralised_download():
    response = exports.csv_response("x.csv", ["a"], [["@SUM(A1)"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="x.csv"' in response["Content-Disposition"]
    assert response.content.decode("utf-8") == exports.BOM + "a\r\n'@SUM(A1)\r\n"


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_computes_nothing_from_our_files(tmp_path):
    """The real check: a spreadsheet program opens both files and every payload comes out as typed."""
    payloads = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "=1+1"]
    exports.write_workbook(tmp_path / "book.xlsx", [exports.Sheet("s", rows=[[p] for p in payloads])])
    with (tmp_path / "rows.csv").open("w", encoding="utf-8", newline="") as fh:
        exports.write_csv(fh, None, [[p] for p in payloads], bom=False)
    for name, expected in (("book.xlsx", payloads), ("rows.csv", ["'" + p for p in payloads])):
        out = tmp_path / name.replace(".", "-")
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                        "--infilter=CSV:44,34,76,1", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1",
                        "--outdir", str(out), str(tmp_path / name)], check=True, capture_output=True, timeout=180)
        cells = [row[0] for row in csv.reader((out / (Path(name).stem + ".csv")).open(encoding="utf-8"))]
        assert cells == expected  # "=1+1" would come out as "2", the HYPERLINK as "y"


# --- one writer for the whole platform ------------------------------------------------------------------

ALLOWED = {"core/exports.py"}
# Files only a program reads back, written without neutralisation (see exports.data_csv_writer).
RAW_DATA_WRITERS = {"claims/engine/generator.py", "claims/demo.py"}


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        # Tests build input files for the importers; they write nothing a user receives.
        if "/tests/" in f"/{rel}" or "/e2e/" in f"/{rel}" or rel.startswith("core/testing/") \
                or path.name == "conftest.py":
            continue
        yield rel, ast.parse(path.read_text(encoding="utf-8"))


def _direct_writers(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("openpyxl"):
            found += [f"from {node.module} import {a.name}" for a in node.names
                      if a.name in ("Workbook", "WriteOnlyCell", "*")]
        elif isinstance(node, ast.ImportFrom) and node.module == "csv":
            found += [f"from csv import {a.name}" for a in node.names if a.name in ("writer", "DictWriter", "*")]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if (node.value.id, node.attr) in {("csv", "writer"), ("csv", "DictWriter"), ("openpyxl", "Workbook")}:
                found.append(f"{node.value.id}.{node.attr}")
        elif isinstance(node, ast.Attribute) and node.attr in ("Workbook", "writer") and \
                isinstance(node.value, ast.Attribute) and node.value.attr in ("workbook", "csv"):
            found.append(ast.unparse(node))
    return found


def test_the_scan_finds_direct_writers():
    tree = ast.parse("import csv\nfrom openpyxl import Workbook\nw = csv.writer(x)\nd = csv.DictWriter(x, [])\n")
    assert _direct_writers(tree) == ["from openpyxl import Workbook", "csv.writer", "csv.DictWriter"]


def test_no_module_writes_spreadsheets_or_csv_except_through_core_exports():
    offenders = {rel: found for rel, tree in _modules() if rel not in ALLOWED and (found := _direct_writers(tree))}
    assert offenders == {}, "write spreadsheets and CSV with jingqi.core.exports (it neutralises formulas)"


def test_unneutralised_csv_is_only_used_for_machine_read_data_files():
    users = {rel for rel, tree in _modules() if rel not in ALLOWED and any(
        isinstance(n, ast.Attribute) and n.attr == "data_csv_writer" for n in ast.walk(tree))}
    assert users <= RAW_DATA_WRITERS


def test_a_workbook_downloads_under_its_name_and_is_not_cached():
    response = exports.workbook_response("风险研判 2026H1", [exports.Sheet("数据", [["=1+1", 2]], header=["a", "b"])])
    assert response["Content-Type"] == exports.XLSX_TYPE
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="2026H1.xlsx"; filename*=UTF-8')
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]] == ["=1+1", 2] and sheet["A2"].data_type == "s"
