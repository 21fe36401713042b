"""Helpers for the platform tests: uploads built from rows, and a station with a scanned scheme."""

import csv
import io
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from jingqi.claims.engine.reading import COLUMNS

from .conftest import complaint

DATA = Path(__file__).resolve().parent.parent / "data"
JPEG = (DATA / "demo_evidence" / "IMG_2024_0000001.jpg").read_bytes()


def csv_upload(rows: list[dict], name="投诉导出.csv", encoding="utf-8") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*COLUMNS, *sorted({k for r in rows for k in r} - set(COLUMNS))])
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(encoding), content_type="text/csv")


def zip_upload(files: dict[str, bytes], name="证据.zip") -> SimpleUploadedFile:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for member, data in files.items():
            zf.writestr(member, data)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/zip")


def scheme_rows(prefix="S") -> list[dict]:
    """One man under four names, one phone, the same injury picture and script against five shops,
    withdrawn once paid — and three genuine one-off complaints beside him."""
    rows = []
    names = ["王某甲", "王某乙", "王某丙", "王某丁", "王某甲"]
    for i, name in enumerate(names):
        rows.append(complaint(
            complaint_id=f"{prefix}{i:03d}", complainant_name=name, complainant_phone="+86 139-0000-1234",
            merchant_name=f"食品店{i}", received_at=f"2024-05-0{i + 1}T09:00:00+08:00",
            legal_basis="食品安全法第一百四十八条", claim_amount="1000", purchase_amount="15",
            text="我在贵店购买的食品中吃出塑料，划伤了手指。根据食品安全法第一百四十八条，要求退一赔十，"
                 "不足一千元按一千元计算，否则向媒体曝光。",
            evidence_files=f"injury{i}.jpg", outcome="withdrawn", compensation_amount="1000"))
    for i in range(3):
        rows.append(complaint(complaint_id=f"{prefix}G{i}"))
    return rows


def scheme_pictures() -> dict[str, bytes]:
    return {f"evidence/injury{i}.jpg": JPEG for i in range(5)}
