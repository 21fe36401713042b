"""The roster file: reading and validating an instance (see ``jingqi.patrols.roster`` for the format)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

WEEK = 168
RULE_KEYS = ("min_shift", "max_shift", "min_rest", "max_week_hours", "max_nights_in_row")
MAX_HOURS = 24 * 366


class InstanceError(ValueError):
    """A bad instance or roster file; the message names the bad key, person or segment."""


@dataclass(frozen=True)
class Segment:
    id: str
    need: int
    night_need: int
    officer_at_night: bool


@dataclass(frozen=True)
class Person:
    id: str
    officer: bool
    segments: tuple[int, ...]  # indices into Instance.segments
    available: tuple[tuple[int, int], ...]  # merged, sorted, clipped half-open ranges
    preferred_segments: frozenset[int] = frozenset()
    avoid_nights: bool = False


@dataclass(frozen=True)
class Rules:
    min_shift: int
    max_shift: int
    min_rest: int
    max_week_hours: int
    max_nights_in_row: int


@dataclass
class Instance:
    start: datetime
    hours: int
    night: tuple[int, int]
    segments: list[Segment]
    people: list[Person]
    rules: Rules
    raw: dict = field(repr=False, default_factory=dict)
    # Derived by load_instance: for each hour, whether it is a night hour and the night (date index from
    # the start's date; -1 is the night that began the day before the start) it belongs to, else None.
    is_night: list[bool] = field(default_factory=list, repr=False)
    night_of: list[int | None] = field(default_factory=list, repr=False)

    def demand(self):
        """(people required, officer required) per segment and hour, as numpy arrays (computed once)."""
        import numpy as np

        cached = self.__dict__.get("_demand")
        if cached is None or cached[0].shape != (len(self.segments), self.hours):
            night = np.array(self.is_night[:self.hours], dtype=bool)
            need = np.array([seg.need for seg in self.segments], dtype=np.int32)
            night_need = np.array([seg.night_need for seg in self.segments], dtype=np.int32)
            officer = np.array([seg.officer_at_night for seg in self.segments], dtype=bool)
            req = np.where(night[None, :], night_need[:, None], need[:, None]).astype(np.int32)
            off_req = officer[:, None] & night[None, :] & (night_need[:, None] > 0)
            cached = self.__dict__["_demand"] = (req, off_req)
        return cached

    def required(self, s: int, h: int) -> int:
        seg = self.segments[s]
        return seg.night_need if self.is_night[h] else seg.need

    def officer_required(self, s: int, h: int) -> bool:
        seg = self.segments[s]
        return seg.officer_at_night and self.is_night[h] and seg.night_need > 0

    def segment_index(self) -> dict[str, int]:
        return {seg.id: i for i, seg in enumerate(self.segments)}

    def person_index(self) -> dict[str, int]:
        return {p.id: i for i, p in enumerate(self.people)}

    def to_json(self) -> dict:
        return self.raw


def _int(value, where: str, *, low: int = 0, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(_("%(where)s must be a whole number.") % {"where": where})
    if value < low or (high is not None and value > high):
        if high is None:
            raise InstanceError(_("%(where)s must be at least %(low)d.") % {"where": where, "low": low})
        raise InstanceError(_("%(where)s must be between %(low)d and %(high)d.")
                            % {"where": where, "low": low, "high": high})
    return value


def _bool(value, where: str) -> bool:
    if not isinstance(value, bool):
        raise InstanceError(_("%(where)s must be true or false.") % {"where": where})
    return value


def _id(value, where: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        raise InstanceError(_("%(where)s must be a non-empty text of at most 64 characters.") % {"where": where})
    return value


def _require(obj: dict, key: str, where: str):
    if key not in obj:
        raise InstanceError(_("%(where)s: the key \"%(key)s\" is missing.") % {"where": where, "key": key})
    return obj[key]


def _parse_start(value) -> datetime:
    if not isinstance(value, str):
        raise InstanceError(_("start must be a date and time such as 2026-03-01T00:00+08:00."))
    try:
        start = datetime.fromisoformat(value)
    except ValueError:
        raise InstanceError(_("start must be a date and time such as 2026-03-01T00:00+08:00, not \"%(value)s\".")
                            % {"value": value[:40]})
    if start.minute or start.second or start.microsecond:
        raise InstanceError(_("start must be on the hour (hours are counted from it)."))
    return start


def merge_ranges(ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sorted, with overlapping and touching ranges joined (a shift may run across the join)."""
    out: list[list[int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return tuple((a, b) for a, b in out)


def load_instance(data: dict) -> Instance:
    """Validate an instance dict and return an :class:`Instance`; raise :class:`InstanceError` if it is bad."""
    if not isinstance(data, dict):
        raise InstanceError(_("The instance must be a JSON object."))
    start = _parse_start(_require(data, "start", _("instance")))
    hours = _int(_require(data, "hours", _("instance")), "hours", low=1, high=MAX_HOURS)
    night = _require(data, "night", _("instance"))
    if not (isinstance(night, list | tuple) and len(night) == 2):
        raise InstanceError(_("night must be two hours of the day, such as [22, 6]."))
    night_a = _int(night[0], "night[0]", high=23)
    night_b = _int(night[1], "night[1]", high=23)
    if night_a == night_b:
        raise InstanceError(_("night must be two different hours of the day, such as [22, 6]."))

    rules_raw = _require(data, "rules", _("instance"))
    if not isinstance(rules_raw, dict):
        raise InstanceError(_("rules must be a JSON object."))
    vals = {k: _int(_require(rules_raw, k, "rules"), f"rules.{k}") for k in RULE_KEYS}
    rules = Rules(**vals)
    if rules.min_shift < 1:
        raise InstanceError(_("rules.min_shift must be at least 1."))
    if rules.max_shift < rules.min_shift:
        raise InstanceError(_("rules.max_shift must not be less than rules.min_shift."))
    if rules.min_rest < 1:
        raise InstanceError(_("rules.min_rest must be at least 1 (shifts back to back are one shift)."))

    segs_raw = _require(data, "segments", _("instance"))
    if not isinstance(segs_raw, list) or not segs_raw:
        raise InstanceError(_("segments must be a non-empty list."))
    segments: list[Segment] = []
    seen: set[str] = set()
    for i, s in enumerate(segs_raw):
        where = f"segments[{i}]"
        if not isinstance(s, dict):
            raise InstanceError(_("%(where)s must be a JSON object.") % {"where": where})
        sid = _id(_require(s, "id", where), f"{where}.id")
        where = _("segment %(id)s") % {"id": sid}
        if sid in seen:
            raise InstanceError(_("%(where)s appears twice.") % {"where": where})
        seen.add(sid)
        need = _int(_require(s, "need", where), f"{where}: need", high=1000)
        night_need = _int(s.get("night_need", need), f"{where}: night_need", high=1000)
        officer = _bool(s.get("officer_at_night", False), f"{where}: officer_at_night")
        segments.append(Segment(sid, need, night_need, officer))
    seg_index = {s.id: i for i, s in enumerate(segments)}

    people_raw = _require(data, "people", _("instance"))
    if not isinstance(people_raw, list):
        raise InstanceError(_("people must be a list."))
    people: list[Person] = []
    seen = set()
    for i, p in enumerate(people_raw):
        where = f"people[{i}]"
        if not isinstance(p, dict):
            raise InstanceError(_("%(where)s must be a JSON object.") % {"where": where})
        pid = _id(_require(p, "id", where), f"{where}.id")
        where = _("person %(id)s") % {"id": pid}
        if pid in seen:
            raise InstanceError(_("%(where)s appears twice.") % {"where": where})
        seen.add(pid)
        officer = _bool(p.get("officer", False), f"{where}: officer")
        allowed = p.get("segments")
        if allowed is None:
            seg_ids: tuple[int, ...] = tuple(range(len(segments)))
        else:
            if not isinstance(allowed, list):
                raise InstanceError(_("%(where)s: segments must be a list of segment ids.") % {"where": where})
            for sid in allowed:
                if sid not in seg_index:
                    raise InstanceError(_("%(where)s: unknown segment \"%(seg)s\".")
                                        % {"where": where, "seg": str(sid)[:64]})
            seg_ids = tuple(sorted({seg_index[sid] for sid in allowed}))
        avail = _require(p, "available", where)
        if not isinstance(avail, list):
            raise InstanceError(_("%(where)s: available must be a list of [from, to] hour ranges.") % {"where": where})
        ranges = []
        for j, r in enumerate(avail):
            if not (isinstance(r, list | tuple) and len(r) == 2):
                raise InstanceError(_("%(where)s: available[%(j)d] must be a [from, to] pair of hours.")
                                    % {"where": where, "j": j})
            a = _int(r[0], f"{where}: available[{j}][0]", high=MAX_HOURS)
            b = _int(r[1], f"{where}: available[{j}][1]", high=MAX_HOURS)
            if b <= a:
                raise InstanceError(_("%(where)s: available[%(j)d] ends (%(b)d) before it starts (%(a)d).")
                                    % {"where": where, "j": j, "a": a, "b": b})
            a, b = min(a, hours), min(b, hours)
            if a < b:
                ranges.append((a, b))
        prefs = p.get("preferences") or {}
        if not isinstance(prefs, dict):
            raise InstanceError(_("%(where)s: preferences must be a JSON object.") % {"where": where})
        pref_segs = prefs.get("segments") or []
        if not isinstance(pref_segs, list) or any(sid not in seg_index for sid in pref_segs):
            raise InstanceError(_("%(where)s: preferences.segments must list known segment ids.") % {"where": where})
        avoid_nights = _bool(prefs.get("avoid_nights", False), f"{where}: preferences.avoid_nights")
        people.append(Person(pid, officer, seg_ids, merge_ranges(ranges),
                             frozenset(seg_index[sid] for sid in pref_segs), avoid_nights))

    inst = Instance(start=start, hours=hours, night=(night_a, night_b), segments=segments, people=people,
                    rules=rules, raw=data)
    inst.is_night, inst.night_of = night_calendar(start.hour, hours, night_a, night_b)
    return inst


def night_calendar(start_hour: int, hours: int, a: int, b: int) -> tuple[list[bool], list[int | None]]:
    """Per hour: is it a night hour, and which night (date index from the start's date) it belongs to."""
    is_night, night_of = [], []
    for h in range(hours):
        t = start_hour + h
        day, hod = divmod(t, 24)
        if a > b:  # wraps midnight: the small hours belong to the night that began the day before
            night = hod >= a or hod < b
            date = day if hod >= a else day - 1
        else:
            night = a <= hod < b
            date = day
        is_night.append(night)
        night_of.append(date if night else None)
    return is_night, night_of
