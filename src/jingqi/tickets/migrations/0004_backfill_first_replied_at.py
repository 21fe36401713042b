"""Backfill ``Ticket.first_replied_at`` from the timeline: the first event the enterprise could read that
answers it (a staff comment it sees, a department's reply, the resolution or the rejection)."""

from django.db import migrations
from django.db.models import OuterRef, Q, Subquery

REPLY_KINDS = ["task_done", "task_recorded", "resolved", "rejected"]


def backfill(apps, schema_editor):
    Ticket = apps.get_model("tickets", "Ticket")
    TicketEvent = apps.get_model("tickets", "TicketEvent")
    replies = (TicketEvent.objects.filter(ticket=OuterRef("pk"))
               .filter(Q(kind__in=REPLY_KINDS) | (Q(kind="comment", internal=False) & ~Q(actor__role="liaison")))
               .order_by("at", "pk").values("at")[:1])
    Ticket.objects.filter(first_replied_at__isnull=True).update(first_replied_at=Subquery(replies))


def clear(apps, schema_editor):
    apps.get_model("tickets", "Ticket").objects.update(first_replied_at=None)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
        ("tickets", "0003_add_first_reply_and_reply_recorded_by"),
    ]

    operations = [migrations.RunPython(backfill, clear)]
