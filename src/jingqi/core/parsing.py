"""One way to read numbers and JSON that a client sent: strict, bounded, refused with a translated error.

``str.isdigit()`` accepts characters ``int()`` refuses (the superscript "²") and ``int()`` accepts
characters nobody types into an id (Arabic-Indic digits, "1_000", spaces); deeply nested JSON makes
the standard decoder recurse until the interpreter gives up. Every view, form, API parser and
service that reads a number or a JSON body from outside goes through here instead.
"""

import json
import re

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json as drf_json

from .errors import ActionError

# PostgreSQL's bigint: larger values would overflow in the database instead of being refused here.
BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1
MAX_JSON_DEPTH = 64

_ASCII_DIGITS = re.compile(r"[0-9]+")
_INTEGER = re.compile(r"-?[0-9]{1,19}")
# A JSON string (escapes included) or one bracket; strings are matched whole so their brackets do not count.
# An unterminated string runs to the end of the text (the decoder then refuses it): were its closing quote
# required, every escaped quote inside it would start a new attempt to the end, and the scan of a body
# like ``"\\"\\"\\"…`` would take time quadratic in its size.
_JSON_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)


def is_ascii_digits(value) -> bool:
    """True for a non-empty string of the digits 0–9 only (not "²", not "٣", not "1_0")."""
    return isinstance(value, str) and _ASCII_DIGITS.fullmatch(value) is not None


def parse_int(value, *, field: str, min: int | None = None, max: int | None = None) -> int:  # noqa: A002
    """The whole number ``value`` says (ASCII digits, an optional minus), within ``min``…``max``.

    Anything else raises :class:`ActionError` on ``field`` with a translated message. The range is
    never wider than the database's bigint.
    """
    if isinstance(value, bool):
        raise ActionError(_("Enter a whole number."), field=field)
    if isinstance(value, int):
        number = value
    else:
        text = value.strip() if isinstance(value, str) else None
        if not text or _INTEGER.fullmatch(text) is None:
            raise ActionError(_("Enter a whole number."), field=field)
        number = int(text)
    low = BIGINT_MIN if min is None else min
    high = BIGINT_MAX if max is None else max
    if number < low:
        raise ActionError(_("Enter a whole number of at least %(min)s.") % {"min": low}, field=field)
    if number > high:
        raise ActionError(_("Enter a whole number of at most %(max)s.") % {"max": high}, field=field)
    return number


def parse_pk(value, *, field: str) -> int:
    """A primary key: a whole number from 1 to the bigint maximum."""
    return parse_int(value, field=field, min=1)


def parse_optional_int(value, *, field: str, min: int | None = None, max: int | None = None) -> int | None:  # noqa: A002
    """None for a missing or blank value, otherwise as :func:`parse_int`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_int(value, field=field, min=min, max=max)


def parse_form_version(value, *, required: bool = True) -> int | None:
    """The version a page was rendered with (its hidden ``version`` field), for the optimistic lock.

    A malformed one, or a missing one where ``required``, means the form did not come from the
    current page: the user is asked to reload rather than shown a parsing error.
    """
    try:
        version = parse_optional_int(value, field="version", min=0)
    except ActionError:
        version, required = None, True
    if version is None and required:
        raise ActionError(_("The form is out of date. Reload the page and try again."))
    return version


def check_json_depth(text: str, limit: int = MAX_JSON_DEPTH) -> None:
    """Refuse JSON nested deeper than ``limit`` before a decoder recurses into it.

    A cheap scan: only brackets outside strings count; the decoder still judges everything else.
    """
    depth = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                raise ActionError(_("The JSON is nested too deeply (at most %(limit)s levels).") % {"limit": limit})
        elif token in "]}":
            depth -= 1


def loads_json(text: str | bytes, *, limit: int = MAX_JSON_DEPTH):
    """``json.loads`` for text from outside: nesting is bounded first (raises ActionError, or ValueError
    for malformed JSON as ``json.loads`` does)."""
    if isinstance(text, bytes | bytearray):
        text = text.decode("utf-8")
    check_json_depth(text, limit)
    return json.loads(text)


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser with a size and a nesting limit, so no body can exhaust the decoder.

    The size limit is Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (DRF reads the stream itself and
    would otherwise not apply it).
    """

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1 if limit is not None else -1) if stream is not None else b""
        if limit is not None and len(raw) > limit:
            raise ParseError(_("The request body is too large."))
        try:
            text = raw.decode(encoding)
            check_json_depth(text)
            return json.loads(text, parse_constant=drf_json.strict_constant if self.strict else None)
        except ActionError as exc:
            raise ParseError(exc.message)
        except (ValueError, RecursionError) as exc:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": exc})


_AMOUNT = re.compile(r"[0-9]{1,12}(\.[0-9]{1,2})?")


def parse_amount(value, *, field: str, allow_zero: bool = False):
    """A sum of money in yuan: ASCII digits with at most two decimals ("12500", "12500.5"), never negative,
    below a trillion; a ``Decimal`` is taken as it is if it fits. Else a translated error on ``field``."""
    from decimal import Decimal, InvalidOperation

    if isinstance(value, Decimal):
        text = format(value, "f")
    elif isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", "")
    else:
        text = ""
    if not _AMOUNT.fullmatch(text):
        raise ActionError(_("Write an amount in yuan, like 12500 or 12500.50."), field=field, code="invalid")
    try:
        amount = Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ActionError(_("Write an amount in yuan, like 12500 or 12500.50."), field=field, code="invalid")
    if amount == 0 and not allow_zero:
        raise ActionError(_("The amount must be more than zero."), field=field, code="invalid")
    return amount


def parse_day(value, *, field: str):
    """A calendar date written as YYYY-MM-DD (a ``date`` is taken as it is), else a translated error."""
    from datetime import date, datetime

    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ActionError(_("Write a date like 2026-03-31."), field=field, code="invalid")


_COORDINATE = re.compile(r"-?[0-9]{1,3}(\.[0-9]{1,15})?")


def parse_coordinate(value, *, field: str):
    """A latitude (``field`` containing "lat") or longitude in decimal degrees, to six places, or None when blank.
    Text, floats, ints and ``Decimal`` are read; anything else, or a value out of range, is a translated error."""
    from decimal import Decimal

    if value is None or value == "":
        return None
    bound = 90 if "lat" in field else 180
    text = ("" if isinstance(value, bool) else value.strip() if isinstance(value, str)
            else format(value, ".6f") if isinstance(value, float) else format(value, "f")
            if isinstance(value, int | Decimal) else "")
    number = Decimal(text).quantize(Decimal("0.000001")) if _COORDINATE.fullmatch(text) else None
    if number is None or abs(number) > bound:
        raise ActionError(_("Latitude is a number from -90 to 90, longitude from -180 to 180 (decimal "
                            "degrees, like 27.8210 and 113.1340)."), field=field, code="invalid")
    return number


# Dates of records (reports, events, steps of a case) lie within these years; beyond them a typo (year 1 or 9999)
# would overflow the time-zone arithmetic instead of being refused.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def check_plausible_day(day, *, field: str):
    """``day`` (a date or datetime) if its year is one a record can have, else a translated error on ``field``."""
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise ActionError(_("Give a date between the years %(first)s and %(last)s.") % {
            "first": EARLIEST_YEAR, "last": LATEST_YEAR}, field=field, code="invalid")
    return day


def parse_moment(value, *, field: str, label, not_before=None, not_after=None, blank_is_now: bool = False):
    """A date and time: a ``datetime`` (naive ones are taken in the current time zone) or its ISO text
    ("2026-03-31T14:30"); within the plausible years and, when given, not before ``not_before`` nor after
    ``not_after``. Blank is now when ``blank_is_now``, else refused. Errors are translated and name ``label``."""
    from datetime import datetime

    from django.utils import timezone
    from django.utils.dateparse import parse_datetime

    if value in (None, "") or (isinstance(value, str) and not value.strip()):
        if blank_is_now:
            return timezone.now()
        raise ActionError(_("%(field)s: give a date and time.") % {"field": label}, field=field)
    if isinstance(value, str):
        try:
            value = parse_datetime(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, datetime):
        raise ActionError(_("%(field)s: give a date and time.") % {"field": label}, field=field)
    check_plausible_day(value, field=field)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if not_after is not None and value > not_after:
        raise ActionError(_("%(what)s cannot be in the future.") % {"what": label}, field=field)
    if not_before is not None and value < not_before:
        raise ActionError(_("%(what)s cannot be before %(when)s.") % {
            "what": label, "when": timezone.localtime(not_before).strftime("%Y-%m-%d %H:%M")}, field=field)
    return value
