"""The GeoReport v2 endpoints. Codes and ids are strings; status is only "open" or "closed" (the
richer state goes into status_notes); errors are lists of {code, description} with 400/403/404.

The service list and definitions are public, like the directory. Reading requests works without a
key, as the standard has it, so that third-party clients work unchanged — but then only the public
fields are given (state, service, times, the agency): the description, address and location describe
an enterprise and are sent only to a client with an api_key for the station. Posting needs a key.
"""

from collections import defaultdict
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max, Subquery, Value
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from jingqi.catalog.models import Bundle, ServiceItem
from jingqi.core import idempotency
from jingqi.core.compiled import CompiledRead
from jingqi.core.errors import ActionError
from jingqi.core.parsing import parse_int, parse_pk
from jingqi.registry.models import Station

from .. import services
from ..choices import OPEN_STATUSES, Outcome, Status
from ..models import Ticket, TicketTask
from .render import CONTENT_TYPES, errors, respond

DEFAULT_WINDOW_DAYS = 90
DEFAULT_LIMIT = 1000
MAX_PAGE_SIZE = 1000
MAX_PAGE = 1_000_000  # the offset stays far inside the database's integers
USCC_ATTRIBUTE = "uscc"


# Every request looks its station up: compiled once per connection (core.compiled), the lookup costs the
# database's time only, not the ORM's.
_STATION_BY_CODE = CompiledRead(lambda code: Station.objects.filter(code=code).order_by("pk")[:1], code=str)
_FIRST_STATION = CompiledRead(lambda: Station.objects.order_by("pk")[:1])


def _station(request, fmt, *, by_code: CompiledRead = _STATION_BY_CODE, first: CompiledRead = _FIRST_STATION):
    """The jurisdiction: a station's code, or the installation's default station when omitted. Read by
    ``by_code`` (or ``first`` when no code is given or configured): (its row, None), or (None, the error)."""
    code = (request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or "").strip()
    if code:
        station = next(iter(by_code(code=code)), None)
        if station is None:
            return None, errors(fmt, 404, _("Unknown jurisdiction_id."))
        return station, None
    code = settings.JINGQI_DEFAULT_STATION
    station = next(iter(by_code(code=code) if code else first()), None)
    if station is None:
        return None, errors(fmt, 404, _("No jurisdiction is configured."))
    return station, None


def _key(request, fmt, station):
    key = services.open311_key_for((request.POST.get("api_key") or request.GET.get("api_key") or "").strip())
    if key is None:
        return None, errors(fmt, 403, _("api_key was not provided or is not valid."))
    if key.station_id != station.pk:
        return None, errors(fmt, 403, _("This api_key is not valid for this jurisdiction."))
    return key, None


def _authorized(request, fmt, *, required: bool):
    """(station, key or None, error). A key that is sent must be valid; ``required`` demands one."""
    station, error = _station(request, fmt)
    if error:
        return None, None, error
    sent = (request.POST.get("api_key") or request.GET.get("api_key") or "").strip()
    if not sent and not required:
        return station, None, None
    key, error = _key(request, fmt, station)
    return station, key, error


def _iso(moment, zone=None):
    """``moment`` in local time (``zone``, when the caller has looked it up already: a page's rows), to the second."""
    return moment.astimezone(zone or timezone.get_current_timezone()).isoformat(timespec="seconds") if moment else None


def _service(item: ServiceItem) -> dict:
    return {"service_code": item.code, "service_name": item.title, "description": item.description,
            "metadata": True, "type": "realtime", "keywords": ",".join(item.unit_list),
            "group": item.bundle.name if item.bundle else ""}


def discovery(request, fmt):
    base = request.build_absolute_uri(reverse("open311:services", kwargs={"fmt": "json"})).rsplit("/", 1)[0] + "/"
    return respond({
        "changeset": _iso(ServiceItem.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
                          or timezone.now()),
        "contact": settings.JINGQI_OPEN311_CONTACT,
        "key_service": settings.JINGQI_OPEN311_KEY_SERVICE,
        "endpoints": [{"specification": "http://wiki.open311.org/GeoReport_v2", "url": base,
                       "changeset": _iso(timezone.now()), "type": "production",
                       "formats": ["text/xml", "application/json"]}],
    }, fmt, kind="discovery")


# The service list as answered, per format and language, for the directory as it stands: the answer is the same
# for every client, so it is built once and handed out while the directory's stamp is unchanged. The stamp is read
# with the station, in the one query a request for the list makes (two more when the list is built), so every web
# process sees an edit at once; a few entries per process at most.
_SERVICE_LISTS: dict[tuple, bytes] = {}


def _over_all(rows, aggregate):
    """``aggregate`` over all of ``rows``, as a scalar subquery (a constant to group by is no grouping at all)."""
    return Subquery(rows.annotate(_all=Value(1)).values("_all").annotate(value=aggregate).values("value"))


def _with_directory_stamp(stations):
    """The first of ``stations`` as (its pk, then the directory's stamp): what changes when the service list would
    — an item or bundle saved (its latest updated_at), one added, removed, switched on or off, or a bundle deleted
    (its items' bundle cleared). A bulk ``update()`` of text, which touches no timestamp, is not seen (the
    directory is written only by saving, in the admin and migrations). The directory is public
    (ServiceItem.visible_to "view": the active items, whoever asks), so the read names no user."""
    items, bundles = ServiceItem.objects.visible_to(None).order_by(), Bundle.objects.order_by()
    stamp = [_over_all(rows, aggregate) for rows, aggregate in (
        (items, Max("updated_at")), (items, Count("pk")), (items, Count("bundle")),
        (bundles, Max("updated_at")), (bundles, Count("pk")))]
    return stations.order_by("pk").values_list("pk", *stamp)[:1]


_STAMP_BY_CODE = CompiledRead(lambda code: _with_directory_stamp(Station.objects.filter(code=code)), code=str)
_STAMP_OF_FIRST = CompiledRead(lambda: _with_directory_stamp(Station.objects.all()))


def service_list(request, fmt):
    row, error = _station(request, fmt, by_code=_STAMP_BY_CODE, first=_STAMP_OF_FIRST)
    if error:
        return error
    # The directory is public (ServiceItem.visible_to "view": the active items, whoever asks), so one answer
    # serves every client; were it ever scoped, the key would have to name the scope.
    key = (fmt, translation.get_language(), tuple(row[1:]))
    body = _SERVICE_LISTS.get(key)
    if body is None:
        items = ServiceItem.objects.visible_to(request.user).select_related("bundle").order_by("code")
        answer = respond([_service(item) for item in items], fmt, kind="services")
        if len(_SERVICE_LISTS) >= 8:
            _SERVICE_LISTS.clear()
        _SERVICE_LISTS[key] = body = answer.content
        return answer
    return HttpResponse(body, content_type=CONTENT_TYPES[fmt])


def service_definition(request, service_code, fmt):
    _station_obj, error = _station(request, fmt)
    if error:
        return error
    item = ServiceItem.objects.visible_to(request.user).filter(code=service_code).first()
    if item is None:
        return errors(fmt, 404, _("Unknown service_code."))
    return respond({"service_code": item.code, "attributes": [
        {"variable": True, "code": USCC_ATTRIBUTE, "datatype": "string", "required": True,
         "datatype_description": _("The enterprise's unified social credit code (18 characters)."), "order": 1,
         "description": _("Unified social credit code of the enterprise making the request"), "values": []},
        {"variable": True, "code": "title", "datatype": "string", "required": False,
         "datatype_description": _("A short title; the first line of the description is used when empty."),
         "order": 2, "description": _("Title"), "values": []},
    ]}, fmt, kind="service_definition")


# The columns a request's row is read from (values(), no model instances: a page of a hundred rows is built in
# a few milliseconds), and those only a client with the station's key gets.
_PUBLIC_COLUMNS = ("pk", "status", "outcome", "status_note", "reference", "submitted_at", "updated_at",
                   "resolution_due_at", "service_item__code", "service_item__title")
_FULL_COLUMNS = ("description", "address", "latitude", "longitude", "enterprise__address", "enterprise__latitude",
                 "enterprise__longitude")


def row_values(tickets, *, full: bool):
    """The query a page of rows is read with (tickets/tests/test_plans.py plans this one)."""
    return tickets.values(*_PUBLIC_COLUMNS, *(_FULL_COLUMNS if full else ()))


def _request_rows(station, tickets, *, full: bool) -> list[dict]:
    """GeoReport rows of ``tickets`` (a queryset of the station's requests, filtered, ordered and sliced), in two
    queries whatever their number: the requests with their service (and enterprise, for ``full``), then the
    departments called in on them, in the order they were called (the agency responsible; the station when
    none was)."""
    rows = list(row_values(tickets, full=full))
    agencies: dict[int, list[str]] = defaultdict(list)
    if rows:
        for ticket_id, name in (TicketTask.objects.filter(ticket_id__in=[r["pk"] for r in rows])
                                .order_by("ticket_id", "pk").values_list("ticket_id", "department__name")):
            agencies[ticket_id].append(name)
    return _georeport_rows(station, rows, agencies, full=full)


# One request by its id (requests/{id}, or a filter naming one id), the most frequent read of an integration:
# the same two reads for one row, compiled once per connection (core.compiled).
def _one_request_read(full: bool) -> CompiledRead:
    columns = (*_PUBLIC_COLUMNS, *(_FULL_COLUMNS if full else ()))
    return CompiledRead(lambda station, pk: Ticket.objects.filter(station_id=station, pk=pk).values_list(*columns),
                        station=int, pk=int)


_ONE_REQUEST = {full: _one_request_read(full) for full in (False, True)}
_AGENCIES_OF_ONE = CompiledRead(lambda pk: TicketTask.objects.filter(ticket_id=pk).order_by("pk")
                                .values_list("department__name"), pk=int)


def _one_request_rows(station, pk: int, *, full: bool) -> list[dict]:
    """:func:`_request_rows` of the station's request ``pk`` (none if the station has no such request)."""
    columns = (*_PUBLIC_COLUMNS, *(_FULL_COLUMNS if full else ()))
    rows = [dict(zip(columns, row, strict=True)) for row in _ONE_REQUEST[full](station=station.pk, pk=pk)]
    agencies = {pk: [name for (name,) in _AGENCIES_OF_ONE(pk=pk)]} if rows else {}
    return _georeport_rows(station, rows, agencies, full=full)


def _georeport_rows(station, rows: list[dict], agencies: dict, *, full: bool) -> list[dict]:
    """The GeoReport rows of requests read as values (``rows``), with the departments called in on each."""
    statuses, outcomes = dict(Status.choices), dict(Outcome.choices)
    # The local time zone is looked up once a page: looking it up per moment (timezone.localtime) was a quarter
    # of a page of 100 rows.
    zone = timezone.get_current_timezone()
    labels = {value: str(label) for value, label in statuses.items()}  # translated once per page, not per row
    out = []
    for r in rows:
        status = labels.get(r["status"], r["status"])
        notes = status
        if r["outcome"]:
            notes += f" · {outcomes.get(r['outcome'], r['outcome'])}"
        if r["status_note"]:
            notes += f" · {r['status_note']}"
        row = {
            "service_request_id": str(r["pk"]), "status": "open" if r["status"] in OPEN_STATUSES else "closed",
            "status_notes": notes if full else status,
            "service_name": r["service_item__title"] or "", "service_code": r["service_item__code"] or "",
            "description": "", "agency_responsible": "、".join(agencies.get(r["pk"], ())) or station.name,
            "service_notice": r["reference"], "requested_datetime": _iso(r["submitted_at"], zone),
            "updated_datetime": _iso(r["updated_at"], zone), "expected_datetime": _iso(r["resolution_due_at"], zone),
            "address": "", "address_id": "", "zipcode": "", "lat": None, "long": None, "media_url": "",
        }
        if full:
            lat = r["latitude"] if r["latitude"] is not None else r["enterprise__latitude"]
            lng = r["longitude"] if r["longitude"] is not None else r["enterprise__longitude"]
            row.update(description=r["description"], address=r["address"] or r["enterprise__address"],
                       lat=float(lat) if lat is not None else None, long=float(lng) if lng is not None else None)
        out.append(row)
    return out


def _tickets(station):
    return Ticket.objects.filter(station=station)


def _parse_date(value):
    """The moment a date filter names, None for none, or "invalid": a well-formed but impossible date
    ("2026-02-30T10:00:00") makes ``parse_datetime`` raise, and one at the ends of the calendar overflows when
    moved to UTC for the database."""
    if not value:
        return None
    try:
        moment = parse_datetime(value) or datetime.fromisoformat(value)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return "invalid"
    return moment


@csrf_exempt
def requests_view(request, fmt):
    station, key, error = _authorized(request, fmt, required=request.method == "POST")
    if error:
        return error
    if request.method == "POST":
        return _post_idempotently(request, fmt, key)
    if request.method != "GET":
        return errors(fmt, 400, _("Use GET or POST."))
    one = _single_id(request.GET)
    if one is not None:  # the other filters do not apply when ids are named
        return respond(_one_request_rows(station, one, full=key is not None), fmt, kind="requests")
    page, message = requests_page(station, request.GET)
    if message:
        return errors(fmt, 400, message)
    return respond(_request_rows(station, page, full=key is not None), fmt, kind="requests")


def _single_id(params) -> int | None:
    """The id, when ``service_request_id`` names exactly one well-formed id (else requests_page answers)."""
    ids = [i.strip() for i in params.get("service_request_id", "").split(",") if i.strip()]
    if len(ids) != 1:
        return None
    try:
        return parse_pk(ids[0], field="service_request_id")
    except ActionError:
        return None


def requests_page(station, params) -> tuple:
    """(the page of the station's requests that the GeoReport query ``params`` asks for, as a sliced queryset in
    the list's order; or None and the message of a 400). Read through ticket_station_submitted_idx in its order
    (tickets/tests/test_plans.py)."""
    tickets = _tickets(station)
    ids = [i.strip() for i in params.get("service_request_id", "").split(",") if i.strip()]
    if ids:
        try:
            pks = [parse_pk(i, field="service_request_id") for i in ids]
        except ActionError:
            return None, _("service_request_id must be whole numbers, separated by commas.")
        return tickets.filter(pk__in=pks).order_by("-submitted_at", "-pk"), ""
    codes = [c.strip() for c in params.get("service_code", "").split(",") if c.strip()]
    if codes:
        tickets = tickets.filter(service_item__code__in=codes)
    start, end = _parse_date(params.get("start_date")), _parse_date(params.get("end_date"))
    if "invalid" in (start, end):
        return None, _("start_date and end_date must be W3C (ISO 8601) date-times.")
    if start is None and end is None:
        start = timezone.now() - timedelta(days=DEFAULT_WINDOW_DAYS)
    if start is not None:
        tickets = tickets.filter(submitted_at__gte=start)
    if end is not None:
        tickets = tickets.filter(submitted_at__lte=end)
    statuses = {s.strip() for s in params.get("status", "").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        return None, _("status must be open or closed.")
    if statuses == {"open"}:
        tickets = tickets.open()
    elif statuses == {"closed"}:
        tickets = tickets.exclude(status__in=OPEN_STATUSES)
    try:
        size = min(parse_int(params.get("page_size") or DEFAULT_LIMIT, field="page_size", min=1), MAX_PAGE_SIZE)
        number = parse_int(params.get("page") or 1, field="page", min=1)
    except ActionError:
        return None, _("page and page_size must be whole numbers.")
    if number > MAX_PAGE:  # past any end there can be: empty, as any page past the end is
        return tickets.none(), ""
    # No count: GeoReport lists carry none, and counting the window's rows cost more than reading the page (a
    # page past the end is empty).
    return tickets.order_by("-submitted_at", "-pk")[(number - 1) * size:number * size], ""


def _post_idempotently(request, fmt, key):
    """With an Idempotency-Key, a retried POST gets the first answer back instead of a second request.

    The keys belong to the Open311 key (through its own service account), as a REST key belongs to its user.
    """
    try:
        idem_key = idempotency.key_from(request)
    except ActionError as exc:
        return errors(fmt, 400, exc.message)
    if not idem_key:
        return _post_request(request, fmt, key)
    body = sorted((name, values) for name, values in request.POST.lists() if name != "api_key")
    try:
        response, answer = idempotency.run_once(
            key.account, idem_key, method="POST", path=request.path, request_hash=idempotency.hash_of(body),
            perform=lambda: _post_request(request, fmt, key),
            keep=lambda r: (idempotency.Answer(r.status_code, r.content.decode(), r["Content-Type"])
                            if r.status_code < 300 else None),
        )
    except idempotency.IdempotencyConflict as exc:
        return errors(fmt, 422, exc.message)
    if answer is None:
        return response
    replayed = HttpResponse(answer.body, status=answer.status_code, content_type=answer.content_type)
    replayed["Idempotent-Replayed"] = "true"
    return replayed


_ACTIVE_ITEM = CompiledRead(lambda code: ServiceItem.objects.filter(active=True, code=code).order_by("pk")[:1],
                            code=str)


def _post_request(request, fmt, key):
    data = request.POST
    code = (data.get("service_code") or "").strip()
    if not code:
        return errors(fmt, 400, _("service_code is required."))
    item = next(iter(_ACTIVE_ITEM(code=code)), None)
    if item is None:
        return errors(fmt, 404, _("Unknown service_code."))
    lat, lng, address = data.get("lat"), data.get("long"), (data.get("address_string") or "").strip()
    if not address and not (lat and lng):
        return errors(fmt, 400, _("Give a location: lat and long, or address_string."))
    try:
        lat = round(float(lat), 6) if lat else None
        lng = round(float(lng), 6) if lng else None
    except ValueError:
        return errors(fmt, 400, _("lat and long must be numbers."))
    if (lat is not None and not -90 <= lat <= 90) or (lng is not None and not -180 <= lng <= 180):
        return errors(fmt, 400, _("lat and long are out of range."))
    uscc = (data.get(f"attribute[{USCC_ATTRIBUTE}]") or "").strip()
    if not uscc:
        return errors(fmt, 400, _("attribute[uscc] (the enterprise's credit code) is required."))
    try:
        ticket = services.do_submit_open311(key, service_item=item, uscc=uscc,
                                            description=data.get("description", ""), address=address,
                                            latitude=lat, longitude=lng, title=data.get("attribute[title]", ""))
    except ActionError as exc:
        return errors(fmt, 400, exc.message)
    # The id exists at once, so no token is given: GeoReport v2 returns a token only in place of an id.
    return respond([{"service_request_id": str(ticket.pk), "service_notice": ticket.reference, "account_id": ""}],
                   fmt, kind="requests")


def request_detail(request, request_id, fmt):
    station, key, error = _authorized(request, fmt, required=False)
    if error:
        return error
    try:
        pk = parse_pk(request_id, field="service_request_id")
    except ActionError:
        return errors(fmt, 400, _("service_request_id must be a whole number."))
    rows = _one_request_rows(station, pk, full=key is not None)
    if not rows:
        return errors(fmt, 404, _("No request with this service_request_id."))
    return respond(rows, fmt, kind="requests")


def token_detail(request, token, fmt):
    import uuid

    # The token is the submitter's receipt: it is a secret of its own and needs no key.
    station, _key_obj, error = _authorized(request, fmt, required=False)
    if error:
        return error
    try:
        token_value = uuid.UUID(token)
    except ValueError:
        return errors(fmt, 404, _("Unknown token."))
    ticket = Ticket.objects.filter(station=station, token=token_value).first()
    if ticket is None:
        return errors(fmt, 404, _("Unknown token."))
    return respond([{"service_request_id": str(ticket.pk), "token": str(ticket.token)}], fmt, kind="requests")
