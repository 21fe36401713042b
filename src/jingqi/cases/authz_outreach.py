"""Outreach pages for the authorization matrix (views/outreach.py): the event's pages and actions need the right to
act on it (the police of its station or office), its page and files need sight of it (the invited enterprises'
liaisons too)."""

from jingqi.core.testing.matrix import Route

from .models import OutreachEvent, OutreachMaterial


def _describing(event):
    return {"topic": "law", "title": "越权", "starts_at": "2030-01-07T19:00", "ends_at": "2030-01-07T20:00",
            "place": "越权", "speaker": "越权", "materials": "越权", "version": event.version}


def _attendance(event):
    numbers = {f"att_{enterprise_id}": 99 for enterprise_id in event.attendance.values_list("enterprise_id",
                                                                                           flat=True)}
    return {**numbers, "summary": "越权", "version": event.version}


HTML_ROUTES = [
    Route("cases:outreach_detail", OutreachEvent),
    Route("cases:outreach_edit", OutreachEvent, ("get", "post"), scope="change", data=_describing),
    Route("cases:outreach_invite", OutreachEvent, ("get", "post"), scope="change",
          data=lambda e: {"all_enterprises": "on", "version": e.version}),
    Route("cases:outreach_attendance", OutreachEvent, ("get", "post"), scope="change", data=_attendance),
    Route("cases:outreach_cancel", OutreachEvent, ("post",), data=lambda e: {"cancel-reason": "越权",
                                                                             "version": e.version}),
    Route("cases:outreach_material_upload", OutreachEvent, ("post",)),
    Route("cases:outreach_material_download", OutreachMaterial),
]
