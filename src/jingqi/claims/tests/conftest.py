import csv
import itertools
from datetime import datetime, timedelta

import pytest
from django.utils import translation

from jingqi.claims.engine.reading import COLUMNS
from jingqi.core.testing.factories import valid_id_number, valid_mobile

_serial = itertools.count(1)


def complaint(**fields) -> dict:
    """One complaint row with harmless defaults: a genuine one-off complaint unless told otherwise."""
    n = next(_serial)
    row = {
        "complaint_id": f"T{n:06d}",
        "received_at": "2024-05-01T10:00:00+08:00",
        "channel": "12315平台",
        "complainant_name": f"测试{n}",
        # Not the small numbers tests pick by hand for the people a case is about (however many rows
        # this worker made before): background complaints never share an identity with them.
        "complainant_id_number": valid_id_number(n, born=1950),
        "complainant_phone": valid_mobile(50_000_000 + n),
        "complainant_address": f"浙江省绍兴市测试路{n}号",
        "merchant_name": f"测试商家{n}",
        "merchant_uscc": "",
        "product": "面包",
        "purchase_date": "2024-04-30",
        "purchase_quantity": "1",
        "purchase_amount": "20",
        "claim_amount": "20",
        "legal_basis": "",
        "text": f"我在店里买的面包发霉了，编号{n}，希望退款处理，谢谢。",
        "evidence_files": "",
        "outcome": "mediated",
        "compensation_amount": "",
        "closed_at": "",
    }
    row.update({k: str(v) for k, v in fields.items()})
    return row


def asking_one_sum(n: int, *, merchant="宏合专营店", product="坚果礼盒", claim="5000", prices=(100, 150, 120, 88),
                   day=1, every=4, **fields) -> list[dict]:
    """``n`` strangers, each once, asking ``merchant`` for one sum about ``product``, in their own words."""
    words = ["开盖发现瓶口有黑色絮状物，", "收到后里面有异物，", "吃了以后肚子不舒服，", "包装破损还有怪味，",
             "和宣传的不一样，"]
    return [complaint(complainant_name=f"顾客{n}{i}", merchant_name=merchant, product=product,
                      purchase_amount=str(prices[i % len(prices)]), claim_amount=claim,
                      received_at=(datetime(2024, 4, day) + timedelta(days=every * i)).isoformat(),
                      text=f"我在{merchant}买了{product}，{words[i % len(words)]}要求赔偿{claim}元。", **fields)
            for i in range(n)]


def write_csv(path, rows: list[dict]):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=[*COLUMNS, *sorted({k for r in rows for k in r} - set(COLUMNS))])
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def make_file(tmp_path):
    def make(rows, name="complaints.csv"):
        return write_csv(tmp_path / name, rows)

    return make


@pytest.fixture
def client_for(client_for):
    """Signed-in clients that ask for English pages, as the assertions here are written in English."""
    from django.conf import settings

    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make
