"""Normalisers for registry input, shared by forms, the API and services (which always re-check)."""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import uscc

from jingqi.core.errors import ActionError

# The longest production hours the registry keeps (Enterprise.production_hours): eight periods of "hh:mm-hh:mm".
PRODUCTION_HOURS_LIMIT = 100


def normalize_uscc(value: str) -> str:
    """A unified social credit code (统一社会信用代码), check character included, upper case."""
    cleaned = (value or "").strip().replace(" ", "").replace("-", "").upper()
    try:
        return uscc.validate(cleaned)
    except stdnum_exceptions.InvalidLength:
        raise ActionError(_("A unified social credit code has 18 characters."), field="uscc")
    except stdnum_exceptions.InvalidChecksum:
        raise ActionError(_("The unified social credit code's check character is wrong."), field="uscc")
    except stdnum_exceptions.ValidationError:
        raise ActionError(_("This is not a valid unified social credit code."), field="uscc")


def normalize_coordinate(value, *, field: str, limit: int):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise ActionError(_("Enter a number."), field=field)
    if not -limit <= number <= limit:
        raise ActionError(_("Must lie between −%(limit)s and %(limit)s.") % {"limit": limit}, field=field)
    return number


def normalize_production_hours(value) -> str:
    """An enterprise's production hours as the working calendar reads them ("07:30-11:30,12:30-16:30"), blanks
    and full-width punctuation tidied; empty stays empty (the station's hours then count)."""
    from jingqi.core.workcalendar import parse_business_hours

    text = str(value or "").strip().replace("，", ",").replace("：", ":").replace("－", "-").replace(" ", "")
    if not text:
        return ""
    try:
        intervals = parse_business_hours(text)
    except ActionError:
        shaped = all(re.fullmatch(r"\d{1,2}:\d{2}-\d{1,2}:\d{2}", part) for part in text.split(","))
        raise ActionError(_("Production periods must be in order and must not overlap.") if shaped else
                          _("Write production hours like 07:30-11:30,12:30-16:30."), field="production_hours") from None
    out = ",".join(f"{start:%H:%M}-{'24:00' if end.second else f'{end:%H:%M}'}" for start, end in intervals)
    if len(out) > PRODUCTION_HOURS_LIMIT:
        raise ActionError(_("At most %(n)s periods of production hours.") % {"n": PRODUCTION_HOURS_LIMIT // 12},
                          field="production_hours")
    return out
