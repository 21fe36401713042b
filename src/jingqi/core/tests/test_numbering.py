"""core.numbering.create_numbered: a row numbered from its own key is written with that number, once on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jingqi.core.numbering import create_numbered
from jingqi.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def _fields(world) -> dict:
    return Ticket.objects.filter(pk=world.ticket_b.pk).values(
        *(f.attname for f in Ticket._meta.concrete_fields if f.attname not in ("id", "token", "reference"))).get()


def test_the_number_is_made_of_the_row_s_own_key_and_keys_go_on_after_it(world):
    fields = _fields(world)
    first = create_numbered(Ticket, lambda pk: {"reference": f"N-{pk:05d}"}, **fields)
    second = create_numbered(Ticket, lambda pk: {"reference": f"N-{pk:05d}"}, **fields)
    for ticket in (first, second):
        assert ticket.reference == f"N-{ticket.pk:05d}"
        assert Ticket.objects.get(pk=ticket.pk).reference == ticket.reference
    assert second.pk > first.pk
    # A row created the ordinary way afterwards takes a key after theirs (the sequence was moved on, not around).
    plain = Ticket.objects.create(reference="PLAIN-1", **fields)
    assert plain.pk > second.pk


def test_on_postgresql_the_row_is_written_once(world):
    fields = _fields(world)
    with CaptureQueriesContext(connection) as queries:
        ticket = create_numbered(Ticket, lambda pk: {"reference": f"N-{pk:05d}"}, **fields)
    statements = [q["sql"].split()[0] for q in queries]
    if connection.vendor == "postgresql":
        assert statements == ["SELECT", "INSERT"]  # the key taken, the row written whole
    else:  # inserted with a provisional reference, numbered in the same transaction
        assert statements == ["INSERT", "UPDATE"]
    assert not Ticket.objects.filter(reference__startswith="tmp-").exists() and ticket.reference.startswith("N-")

