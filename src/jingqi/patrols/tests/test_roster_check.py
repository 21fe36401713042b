"""The independent roster checker: one hand-written bad roster per rule, so the checker itself is proven."""

import pytest
from django.utils import translation

from jingqi.patrols.roster import Assignment, InstanceError, check, load_instance

RULES = {"min_shift": 2, "max_shift": 8, "min_rest": 8, "max_week_hours": 40, "max_nights_in_row": 3}


@pytest.fixture(autouse=True)
def english():
    """These tests read the messages' English wording (the interface is Chinese by default)."""
    with translation.override("en"):
        yield


def make(people, segments=None, hours=48, rules=None, start="2026-03-01T00:00+08:00"):
    return load_instance({
        "start": start, "hours": hours, "night": [22, 6],
        "segments": segments or [{"id": "S01", "need": 0, "night_need": 0}],
        "people": people, "rules": {**RULES, **(rules or {})},
    })


def person(pid, available, segments=None, officer=False):
    p = {"id": pid, "officer": officer, "available": available}
    if segments is not None:
        p["segments"] = segments
    return p


def rules_broken(inst, shifts):
    return sorted({v.rule for v in check(inst, [Assignment(*s) for s in shifts]).violations})


def test_a_valid_roster_passes():
    inst = make([person("P1", [[0, 48]])])
    assert rules_broken(inst, [("P1", "S01", 6, 14), ("P1", "S01", 22, 30)]) == []


def test_segment_not_allowed():
    inst = make([person("P1", [[0, 48]], ["S01"])], segments=[{"id": "S01", "need": 0}, {"id": "S02", "need": 0}])
    assert rules_broken(inst, [("P1", "S02", 0, 4)]) == ["not_allowed"]


def test_outside_availability_and_across_two_ranges():
    inst = make([person("P1", [[0, 4], [6, 12]])])
    assert rules_broken(inst, [("P1", "S01", 2, 8)]) == ["availability"]
    [violation] = check(inst, [Assignment("P1", "S01", 2, 8)]).violations
    assert violation.message == "P1 is not available for the whole of 03-01 02:00 to 03-01 08:00."
    # Touching ranges are one range: a shift may run across the join.
    assert rules_broken(make([person("P1", [[0, 4], [4, 12]])]), [("P1", "S01", 2, 8)]) == []


def test_two_shifts_at_once():
    inst = make([person("P1", [[0, 48]])], segments=[{"id": "S01", "need": 0}, {"id": "S02", "need": 0}])
    assert "overlap" in rules_broken(inst, [("P1", "S01", 0, 6), ("P1", "S02", 4, 8)])


def test_shift_shorter_than_minimum():
    assert rules_broken(make([person("P1", [[0, 48]])]), [("P1", "S01", 0, 1)]) == ["min_shift"]


def test_shift_longer_than_maximum():
    assert rules_broken(make([person("P1", [[0, 48]])]), [("P1", "S01", 0, 9)]) == ["max_shift"]


def test_rest_between_shifts():
    inst = make([person("P1", [[0, 48]])])
    assert rules_broken(inst, [("P1", "S01", 0, 6), ("P1", "S01", 13, 17)]) == ["min_rest"]
    assert rules_broken(inst, [("P1", "S01", 0, 6), ("P1", "S01", 14, 18)]) == []
    # Back to back on another segment is a change of post without rest.
    inst2 = make([person("P1", [[0, 48]])], segments=[{"id": "S01", "need": 0}, {"id": "S02", "need": 0}])
    assert rules_broken(inst2, [("P1", "S01", 0, 4), ("P1", "S02", 4, 8)]) == ["min_rest"]


def test_weekly_hours_are_counted_in_168_hour_blocks_from_start():
    inst = make([person("P1", [[0, 400]])], hours=400, rules={"max_week_hours": 10, "max_nights_in_row": 99})
    # 8 hours in week 1 and 8 in week 2: fine, though 16 within 24 hours of each other.
    assert rules_broken(inst, [("P1", "S01", 160, 168), ("P1", "S01", 176, 184)]) == []
    # 16 hours both inside week 1.
    report = check(inst, [Assignment("P1", "S01", 140, 148), Assignment("P1", "S01", 160, 168)])
    assert [(v.rule, v.hours) for v in report.violations] == [("max_week_hours", [0, 168])]
    # A shift across the boundary counts its hours in each week: 6 + 2, then 8 more in week 2 = 10.
    assert rules_broken(inst, [("P1", "S01", 162, 170), ("P1", "S01", 180, 188)]) == []
    assert rules_broken(inst, [("P1", "S01", 162, 170), ("P1", "S01", 180, 189)]) == ["max_shift", "max_week_hours"]


def test_night_after_midnight_belongs_to_the_previous_date():
    inst = make([person("P1", [[0, 96]])], hours=96, rules={"max_nights_in_row": 1})
    # 00:00-02:00 on 2 March is the night of 1 March; 22:00-24:00 on 2 March is the night of 2 March.
    assert rules_broken(inst, [("P1", "S01", 24, 26), ("P1", "S01", 46, 48)]) == ["max_nights_in_row"]
    # 22:00 on 1 March to 02:00 on 2 March is one night.
    assert rules_broken(inst, [("P1", "S01", 22, 26)]) == []
    # The small hours of the first day are the night of 28 February, next to the night of 1 March.
    report = check(inst, [Assignment("P1", "S01", 0, 2), Assignment("P1", "S01", 22, 24)])
    assert [v.rule for v in report.violations] == ["max_nights_in_row"]
    assert "2026-02-28" in report.violations[0].message


def test_more_nights_in_a_row_than_allowed():
    inst = make([person("P1", [[0, 200]])], hours=200, rules={"max_nights_in_row": 3})
    four = [("P1", "S01", 22 + 24 * d, 26 + 24 * d) for d in range(4)]
    assert rules_broken(inst, four[:3]) == []
    assert rules_broken(inst, four) == ["max_nights_in_row"]
    # A night off breaks the run.
    assert rules_broken(inst, [*four[:3], ("P1", "S01", 22 + 24 * 4, 26 + 24 * 4)]) == []


def test_night_inside_one_day_with_an_early_window():
    inst = load_instance({"start": "2026-03-01T00:00+08:00", "hours": 72, "night": [0, 6],
                          "segments": [{"id": "S01", "need": 0}], "people": [person("P1", [[0, 72]])],
                          "rules": {**RULES, "max_nights_in_row": 1}})
    assert rules_broken(inst, [("P1", "S01", 4, 6), ("P1", "S01", 24, 26)]) == ["max_nights_in_row"]


def test_coverage_hour_by_hour_with_two_people_and_an_officer_at_night():
    seg = {"id": "S01", "need": 1, "night_need": 2, "officer_at_night": True}
    people = [person("V1", [[0, 48]]), person("V2", [[0, 48]]), person("O1", [[0, 48]], officer=True)]
    inst = make(people, segments=[seg], hours=24, start="2026-03-01T16:00+08:00")
    # Hours 0-5 are 16:00-22:00 (day, need 1); 6-13 are 22:00-06:00 (night, need 2 with an officer).
    shifts = [("V1", "S01", 0, 6), ("V2", "S01", 6, 14), ("O1", "S01", 6, 12), ("V1", "S01", 14, 22)]
    report = check(inst, [Assignment(*s) for s in shifts])
    by_hour = {row.hour: row for row in report.coverage}
    assert by_hour[3].required == 1 and by_hour[3].missing == 0
    assert by_hour[7].required == 2 and by_hour[7].officers == 1 and by_hour[7].missing == 0
    # 04:00-06:00 (hours 12, 13): V2 alone, no officer.
    assert by_hour[12].assigned == 1 and by_hour[12].officer_required and by_hour[12].missing == 1
    assert {(v.rule, v.hours[0]) for v in report.violations} == {
        ("coverage", 12), ("coverage", 13), ("officer_at_night", 12), ("officer_at_night", 13),
        ("coverage", 22), ("coverage", 23)}
    # Messages name the wall-clock time people read, not the solver's hour index.
    messages = {v.message for v in report.violations if v.hours[0] == 12}
    assert messages == {"S01 at 03-02 04:00: 1 of 2 people on duty.",
                        "S01 at 03-02 04:00: no officer on duty at night."}
    # Two volunteers but no officer: nobody short in number, still a gap.
    report = check(inst, [Assignment("V1", "S01", 6, 14), Assignment("V2", "S01", 6, 14)])
    row = next(r for r in report.coverage if r.hour == 8)
    assert row.assigned == 2 and row.officers == 0 and row.missing == 1
    assert {v.rule for v in report.violations if v.hours[0] == 8} == {"officer_at_night"}


def test_unknown_people_segments_and_hours():
    inst = make([person("P1", [[0, 48]])])
    assert rules_broken(inst, [("P9", "S01", 0, 4)]) == ["unknown_person"]
    assert rules_broken(inst, [("P1", "S09", 0, 4)]) == ["unknown_segment"]
    assert rules_broken(inst, [("P1", "S01", 46, 50)]) == ["bad_hours"]
    assert rules_broken(inst, [("P1", "S01", 6, 6)]) == ["bad_hours"]


def test_undeclared_gaps_are_reported_and_declared_ones_accepted():
    inst = make([person("P1", [[0, 48]])], segments=[{"id": "S01", "need": 1}], hours=4)
    report = check(inst, [Assignment("P1", "S01", 0, 2)])
    assert [v.rule for v in report.undeclared([])] == ["coverage", "coverage"]
    declared = [{"segment": "S01", "hour": 2, "missing": 1}, {"segment": "S01", "hour": 3, "missing": 1}]
    assert report.undeclared(declared) == []
    lying = [*declared, {"segment": "S01", "hour": 0, "missing": 1}]
    assert [v.rule for v in report.undeclared(lying)] == ["declared_gap"]


@pytest.mark.parametrize(("change", "words"), [
    (lambda d: d.pop("start"), '"start" is missing'),
    (lambda d: d.update(start="1 March"), "start must be"),
    (lambda d: d.update(hours=-1), "hours"),
    (lambda d: d.update(night=[22, 22]), "night"),
    (lambda d: d["rules"].pop("min_rest"), '"min_rest" is missing'),
    (lambda d: d["rules"].update(max_shift=1), "rules.max_shift"),
    (lambda d: d["segments"].append({"id": "S01", "need": 1}), "segment S01 appears twice"),
    (lambda d: d["segments"][0].update(need="one"), "segment S01: need"),
    (lambda d: d["people"][0].update(segments=["S07"]), 'person P1: unknown segment "S07"'),
    (lambda d: d["people"][0].update(available=[[5, 3]]), "person P1: available[0] ends"),
    (lambda d: d["people"][0].update(available=[[0, "x"]]), "person P1: available[0][1]"),
    (lambda d: d["people"].append({"id": "P1", "available": []}), "person P1 appears twice"),
])
def test_bad_instances_name_the_key_person_or_segment(change, words):
    data = {"start": "2026-03-01T00:00+08:00", "hours": 24, "night": [22, 6],
            "segments": [{"id": "S01", "need": 1}], "people": [{"id": "P1", "available": [[0, 8]]}],
            "rules": dict(RULES)}
    change(data)
    with pytest.raises(InstanceError, match=words.replace("[", r"\[").replace("]", r"\]")):
        load_instance(data)
