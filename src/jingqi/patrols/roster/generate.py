"""Synthetic guard operations with realistic availability, for tests and the benchmark.

A line split into segments; people of a few kinds: day-shift workers (free weekday evenings and most of
the weekend), night-shift workers (free weekday days, some weekend nights), flexible volunteers
(retired, part-time: free most days), off-duty security staff (free most nights) and officers (night
duty on alternate nights, some day hours). Each person may stand on a few neighbouring segments
(officers on more). Every fourth segment is a key post needing an officer at night; every third is
walked on foot and needs two people at night.

Variants that cannot be fully covered, to prove the gaps are named:
``no_night_segment`` — nobody who is free at night may stand on one segment;
``tight_week`` — the weekly limit is cut so that every able person reaches it;
``no_officer_night`` — no officer is free on one night.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

VARIANTS = ("ok", "no_night_segment", "tight_week", "no_officer_night")
KINDS = (("day_worker", 0.37), ("night_worker", 0.15), ("flexible", 0.20), ("night_guard", 0.28))
OFFICERS_PER_KEY_POST = 3


def _ranges_for(kind: str, rng: random.Random, days: int, start_weekday: int, rota: int = 0) -> list[list[int]]:
    out = []

    def add(day: int, a: int, b: int) -> None:
        a, b = day * 24 + a, day * 24 + b
        a = max(a, 0)
        if b - a >= 2:
            out.append([a, b])

    off_days = {d for d in range(-1, days) if rng.random() < 0.15 and kind != "officer"}
    for day in range(-1, days):  # the day before: its evening reaches into the first night
        if day in off_days:
            continue
        weekend = (start_weekday + day) % 7 >= 5
        j = rng.randint(-1, 1)
        if kind == "day_worker":
            if weekend:
                add(day, 8 + j, 22 + rng.randint(-2, 1))
            else:
                add(day, 17 + rng.randint(0, 2), 23 + rng.randint(0, 1))
        elif kind == "night_worker":
            if weekend:
                if rng.random() < 0.6:
                    add(day, 20 + j, 30 + rng.randint(-1, 1))
            else:
                add(day, 9 + j, 17 + rng.randint(-1, 1))
        elif kind == "flexible":
            add(day, 7 + j, 21 + rng.randint(-2, 1))
        elif kind == "night_guard":
            add(day, 20 + j, 32 + rng.randint(-2, 0))
        elif kind == "officer":  # a rota: two nights on duty, then a day
            if (day + rota) % 3 < 2:
                add(day, 18 + j, 32)
            else:
                add(day, 9, 17)
    return out


def generate(seed: int, segments: int = 30, hours: int = 336, people: int = 300, *, variant: str = "ok",
             start: str = "2026-03-01T00:00+08:00", night: tuple[int, int] = (22, 6), rules: dict | None = None,
             reach: tuple[int, int] = (1, 2)) -> dict:
    """An instance dict. ``reach``: how many neighbours on each side a volunteer (officer) may stand on."""
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {', '.join(VARIANTS)}")
    rng = random.Random(seed)
    days = (hours + 23) // 24 + 1
    start_dt = datetime.fromisoformat(start)
    seg_ids = [f"S{i + 1:02d}" for i in range(segments)]
    segs = [{"id": sid, "need": 1, "night_need": 2 if i % 3 == 1 else 1, "officer_at_night": i % 4 == 0}
            for i, sid in enumerate(seg_ids)]
    out_people = []
    kinds, weights = zip(*KINDS, strict=True)
    key_posts = [i for i, s in enumerate(segs) if s["officer_at_night"]]
    officer_homes = [i for i in key_posts for _ in range(OFFICERS_PER_KEY_POST)][: people // 5]
    for k in range(people):
        if k < len(officer_homes):
            kind, home = "officer", officer_homes[k]
        else:
            kind = rng.choices(kinds, weights)[0]
            home = (k - len(officer_homes)) * segments // max(people - len(officer_homes), 1)  # spread evenly
        width = reach[1] if kind == "officer" else reach[0] + (rng.random() < 0.3)
        allowed = seg_ids[max(0, home - width): home + width + 1]
        ranges = [[a, min(b, hours)] for a, b in _ranges_for(kind, rng, days, start_dt.weekday(), k) if a < hours]
        person = {"id": f"P{k + 1:03d}", "officer": kind == "officer", "segments": allowed, "available": ranges,
                  "kind": kind}
        if rng.random() < 0.1:
            person["preferences"] = {"segments": [seg_ids[home]]}
        elif kind == "day_worker" and rng.random() < 0.1:
            person["preferences"] = {"avoid_nights": True}
        out_people.append(person)

    the_rules = {"min_shift": 2, "max_shift": 8, "min_rest": 8, "max_week_hours": 40, "max_nights_in_row": 3}
    the_rules.update(rules or {})
    instance = {"start": start, "hours": hours, "night": list(night), "segments": segs, "people": out_people,
                "rules": the_rules, "generator": {"seed": seed, "variant": variant}}
    if variant == "no_night_segment":
        target = seg_ids[segments // 2]
        # Only people never free at night may stand there.
        for p in out_people:
            if target in p["segments"] and any(_touches_night(a, b, start_dt, night) for a, b in p["available"]):
                p["segments"] = [s for s in p["segments"] if s != target]
        instance["generator"]["segment_without_night"] = target
    elif variant == "tight_week":
        instance["rules"]["max_week_hours"] = 12
    elif variant == "no_officer_night":
        day = min(3, max(0, hours // 24 - 2))
        lo, hi = day * 24 + 18, day * 24 + 32
        for p in out_people:
            if p["officer"]:
                p["available"] = [r for a, b in p["available"] for r in _cut(a, b, lo, hi)]
        instance["generator"]["officer_free_hours"] = [lo, hi]
    return instance


def _cut(a: int, b: int, lo: int, hi: int) -> list[list[int]]:
    parts = [[a, min(b, lo)], [max(a, hi), b]]
    return [p for p in parts if p[1] - p[0] > 0]


def _touches_night(a: int, b: int, start: datetime, night: tuple[int, int]) -> bool:
    first, last = night
    for h in range(a, b):
        hod = (start + timedelta(hours=h)).hour
        if (first > last and (hod >= first or hod < last)) or (first < last and first <= hod < last):
            return True
    return False
