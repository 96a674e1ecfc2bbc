"""overdue and summary on tiny hand-made plans: both read the states; neither decides a fate."""

from __future__ import annotations

from typing import Any

import pytest

from sbaudit.audit.overdue import overdue
from sbaudit.audit.summary import summary
from sbaudit.core.errors import UsageProblem
from tinyplan import deadline, entry, item, knowledge, said, split


def test_overdue_uses_only_reports_public_by_the_date(make_root: Any) -> None:
    kn = knowledge(
        make_root,
        item(
            "a",
            [deadline(revisions=[{"report": "s2", "period": "2012"}])],
            [entry("s1", "on-track"), entry("s2", "completed")],
        ),
    )
    # s2 (published 2012-01-10) is not yet public at 2011-12: no hindsight
    result = overdue(kn, kn.parse_date("2011-12"))
    assert result.reports == ["p1", "s1"]
    [row] = result.overdue
    assert (row.state.status, row.state.status_report, row.state.current.canonical, row.months) == (
        "on-track",
        "s1",
        "2011-spring",
        7,
    )
    # once s2 is public the item is completed and nothing is overdue
    assert overdue(kn, kn.parse_date("2012-01")).overdue == []


def test_overdue_against_original_or_current(make_root: Any) -> None:
    kn = knowledge(
        make_root,
        item(
            "a",
            [deadline(revisions=[{"report": "s2", "period": "2012"}])],
            [entry("s1", "initiated"), entry("s2", "initiated")],
        ),
    )
    when = kn.parse_date("2012-06")
    [row] = overdue(kn, when).overdue
    assert (row.state.original.canonical, row.state.current.canonical, row.months) == (
        "2011-spring",
        "2012",
        13,
    )
    current = overdue(kn, when, against="current")
    assert current.overdue == [] and current.due == []
    assert [r.state.item.id for r in overdue(kn, kn.parse_date("2012"), against="current").due] == ["a"]


def test_falling_due_is_every_date_ending_within_the_as_of_period(make_root: Any) -> None:
    kn = knowledge(
        make_root,
        item(
            "a",
            [
                deadline("2011-03", id="march"),
                deadline("2011-06", id="june"),
                deadline("2010-12", id="before", set_by="p1"),
            ],
            [entry("s1", "initiated")],
        ),
    )
    result = overdue(kn, kn.parse_date("2011"))
    assert [r.state.deadline.id for r in result.due] == ["march", "june"]
    # December 2010 ended before 2011 began; months count to the as-of period's last day
    assert [(r.state.deadline.id, r.months) for r in result.overdue] == [("before", 12)]


def test_completed_or_set_aside_is_never_overdue(make_root: Any) -> None:
    kn = knowledge(
        make_root,
        item("done", [deadline()], [entry("s1", "initiated"), entry("s2", "completed")]),
        item("aside", [deadline()], [entry("s1", "initiated"), entry("s2", "superseded")]),
        item("late", [deadline()], [entry("s1", "initiated")]),
    )
    assert [r.state.item.id for r in overdue(kn, kn.parse_date("2012-06")).overdue] == ["late"]


def test_undated_item_and_date_before_any_report(make_root: Any) -> None:
    kn = knowledge(
        make_root,
        item("a", [], [entry("s1", "initiated")]),
        item("b", [deadline()], [entry("s1", "initiated")]),
    )
    assert [r.state.item.id for r in overdue(kn, kn.parse_date("2020")).overdue] == ["b"]
    early = overdue(kn, kn.parse_date("2009"))
    assert (early.reports, early.overdue, early.due) == ([], [], [])


def test_on_track_after_the_date_is_flagged(make_root: Any) -> None:
    kn = knowledge(
        make_root,
        item("a", [deadline("2011-06")], [entry("s2", "on-track")]),
        item("b", [deadline("2012-03")], [entry("s2", "on-track")]),
    )
    rows = {r.state.item.id: r for r in overdue(kn, kn.parse_date("2012-12")).overdue}
    assert rows["a"].on_track_after == "s2"  # as of 2011-12 the June date had passed
    assert rows["b"].on_track_after is None


def test_partner_pairs_known_to_the_program_only(make_root: Any) -> None:
    kn = knowledge(
        make_root,
        item(
            "a",
            [deadline(outcome={"report": "s2", "partner": "US-CN"})],
            [entry("s1", "initiated"), split("s2", US_CN="completed", US_MX="delayed")],
        ),
    )
    when = kn.parse_date("2012-06")
    assert [(r.state.partner, r.state.status) for r in overdue(kn, when).overdue] == [("US-MX", "delayed")]
    assert overdue(kn, when, partner="US-CN").overdue == []
    assert [r.months for r in overdue(kn, when, partner="US-MX").overdue] == [13]
    with pytest.raises(UsageProblem, match=r"unknown partner pair 'US-MEX' \(known: US-CN, US-MX\)"):
        overdue(kn, when, partner="US-MEX")
    with pytest.raises(UsageProblem, match=r"unknown program 'nope' \(known: demo\)"):
        overdue(kn, when, program="nope")


def test_summary_counts_the_states(make_root: Any) -> None:
    kn = knowledge(
        make_root,
        item(
            "a",
            [deadline(outcome={"report": "s2", "date": "2011-04-01"})],
            [entry("s1", "initiated"), entry("s2", "completed")],
        ),
        item(
            "b",
            [deadline(outcome={"report": "s2", "date": "2011-09-15"})],
            [entry("s1", "initiated"), entry("s2", "completed")],
        ),
        item(
            "c", [deadline(said=[said("s2", "delayed")])], [entry("s1", "initiated"), entry("s2", "delayed")]
        ),
        item("d", [deadline("2013")], [entry("s2", "on-track")]),
        item("e", [deadline("2011-02")], [entry("s1", "initiated"), entry("s2", "initiated")]),
        item(
            "f",
            [deadline("2011-03", revisions=[{"report": "s2", "period": "2012-06"}])],
            [entry("s1", "initiated")],
        ),
    )
    [row] = summary(kn, "s2")
    assert row.items == 6
    assert row.statuses == {"initiated": 2, "on-track": 1, "completed": 2, "delayed": 1}
    assert row.fates == {
        "met-on-time": 1,
        "met-late": 1,
        "met-undecided": 0,
        "missed": 1,  # c: s2, after the date, calls it delayed
        "passed-silent": 1,  # e: no report's word after February 2011
        "slipped": 1,  # f: re-dated by s2 after March 2011 had passed
        "delayed": 0,
        "moved": 0,
        "open": 1,
        "superseded": 0,
        "abandoned": 0,
    }
    # on time over the dates a report's word decides: on time + late + missed + slipped; e is not decided
    assert (row.on_time, row.decided) == (1, 4)
    assert row.on_time_rate == pytest.approx(1 / 4, abs=0.001)
    # b met 4 months late; c and e passed unmet at 2011-12-31 by 7 (from 2011-05-31) and 10 (from 2011-02-28)
    assert (row.late_months, row.overdue_months) == ((4,), (7, 10))
    assert (row.median_late, row.median_overdue) == (4.0, 8.5)


def test_an_item_outside_a_partial_reports_coverage_is_not_counted_with_its_old_status(
    make_root: Any,
) -> None:
    narrow = (
        "id: s2\nprogram: demo\nkind: status\ntitle: Interim\npublished: '2012-01-10'\nas_of: '2011-12'\n"
        "covers: {items: [b]}\n"
    )
    kn = knowledge(
        make_root,
        item("a", history=[entry("s1", "not-started")]),
        item("b", history=[entry("s1", "on-track"), entry("s2", "initiated")]),
        extra={"reports/s2.yaml": narrow},
    )
    [at_s1, at_s2] = summary(kn)
    assert at_s1.statuses == {"not-started": 1, "on-track": 1}
    assert at_s2.statuses == {"initiated": 1, "not-covered": 1}


def test_summary_refuses_an_unknown_grouping(make_root: Any) -> None:
    kn = knowledge(make_root, item("a", history=[entry("s1", "initiated")], group={"pillar": "Roads"}))
    with pytest.raises(UsageProblem, match=r"unknown grouping 'foo' \(known: pillar\)"):
        summary(kn, by="foo")
    assert [r.group for r in summary(kn, by="pillar")] == ["Roads", "Roads"]
