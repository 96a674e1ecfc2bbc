"""The fate of a deadline (sbaudit.audit.fates.decide) and the comparison of two statuses
(status_change), on tiny hand-made plans. Reports: p1 plan 2010-01-15, s1 2011-01-10, s2
published 2012-01-10 with statuses as of 2011-12 (last day 2011-12-31)."""

from __future__ import annotations

import copy
import datetime as dt
import sys
from typing import Any

import pytest

from sbaudit.audit.fates import status_change
from sbaudit.audit.knowledge import Scope
from tinyplan import deadline, entry, item, knowledge, said, split


def state_at(kn: Any, report: str, item_id: str = "a", partner: str | None = None) -> Any:
    it = kn.items[item_id]
    return kn.deadline_state(it, it.deadlines[0], Scope(kn.at_report(report), partner))


def test_undated_completion_before_the_date_is_on_time(make_root: Any) -> None:
    # due June 2012; s2 says done and describes 2011-12: done by 2011-12-31 at the latest
    kn = knowledge(
        make_root,
        item(
            "a",
            [deadline("2012-06", outcome={"report": "s2"})],
            [entry("s1", "initiated"), entry("s2", "completed")],
        ),
    )
    state = state_at(kn, "s2")
    assert (state.fate, state.done_from, state.done_to) == (
        "met-on-time",
        dt.date(2011, 1, 10),
        dt.date(2011, 12, 31),
    )


def test_undated_completion_after_a_report_that_still_had_it_open_is_late(make_root: Any) -> None:
    # due June 2010 (set by the plan); s1 still calls it initiated on 2011-01-10, so the work was
    # done after that: at least 6 months (2010-06-30 to 2011-01-10, rounded) late
    kn = knowledge(
        make_root,
        item(
            "a",
            [deadline("2010-06", set_by="p1", outcome={"report": "s2"})],
            [entry("s1", "initiated"), entry("s2", "completed")],
        ),
    )
    state = state_at(kn, "s2")
    assert (state.fate, state.late_months, state.done_from) == ("met-late", 6, dt.date(2011, 1, 10))


def test_undated_completion_straddling_the_date_is_undecided(make_root: Any) -> None:
    kn = knowledge(
        make_root,
        item(
            "a",
            [deadline("2011-06", outcome={"report": "s2"})],
            [entry("s1", "initiated"), entry("s2", "completed")],
        ),
    )
    state = state_at(kn, "s2")
    assert (state.fate, state.late_months, state.done_from, state.done_to) == (
        "met-undecided",
        None,
        dt.date(2011, 1, 10),
        dt.date(2011, 12, 31),
    )


def test_a_straddling_date_is_narrowed_by_the_reports(make_root: Any) -> None:
    # done "in the first quarter of 2011" against 2011-01-05; s1 still had it open on 2011-01-10
    kn = knowledge(
        make_root,
        item(
            "a",
            [deadline("2011-01-05", set_by="p1", outcome={"report": "s2", "date": "2011-Q1"})],
            [entry("s1", "initiated"), entry("s2", "completed")],
        ),
    )
    state = state_at(kn, "s2")
    assert (state.fate, state.done_from, state.done_to) == (
        "met-late",
        dt.date(2011, 1, 10),
        dt.date(2011, 3, 31),
    )


def test_a_stated_date_decides(make_root: Any) -> None:
    kn = knowledge(
        make_root,
        item(
            "a",
            [deadline(outcome={"report": "s2", "date": "2011-09-15"})],
            [entry("s1", "initiated"), entry("s2", "completed")],
        ),
    )
    state = state_at(kn, "s2")
    # spring 2011 ends 2011-05-31; to 2011-09-15 is 3 months 15 days: 4 to the nearest month
    assert (state.fate, state.late_months) == ("met-late", 4)


def test_completed_status_without_an_outcome_meets_the_deadline(make_root: Any) -> None:
    kn = knowledge(
        make_root, item("a", [deadline("2012-06")], [entry("s1", "initiated"), entry("s2", "completed")])
    )
    state = state_at(kn, "s2")
    assert (state.fate, state.met_by, state.outcome) == ("met-on-time", "s2", None)


def test_missed_silent_slipped_moved_and_open(make_root: Any) -> None:
    kn = knowledge(
        make_root,
        item("missed", [deadline(said=[said("s2")])], [entry("s1", "initiated"), entry("s2", "initiated")]),
        item("silent", [deadline()], [entry("s1", "initiated"), entry("s2", "initiated")]),
        item(
            "slipped", [deadline(revisions=[{"report": "s2", "period": "2012"}])], [entry("s1", "initiated")]
        ),
        item(
            "moved",
            [deadline("2012-03", revisions=[{"report": "s2", "period": "2012"}])],
            [entry("s1", "initiated")],
        ),
        item("open", [deadline("2012-03")], [entry("s1", "initiated")]),
    )
    missed = state_at(kn, "s2", "missed")
    # spring 2011 ends 2011-05-31; s2's statuses are as of 2011-12 (2011-12-31): 7 months, and s2
    # (after the date) says the work is still to come: passed unmet on s2's word
    assert (missed.fate, missed.overdue_months, missed.late_months) == ("missed", 7, None)
    assert (missed.word, missed.word_report) == ("pending", "s2")
    # the same date with no report's word after it (an assessed status is no word on a date)
    silent = state_at(kn, "s2", "silent")
    assert (silent.fate, silent.overdue_months, silent.word) == ("passed-silent", 7, None)
    # re-dated by s2 (as of 2011-12) after spring 2011 had passed: a slip, 7 months overdue when
    # re-dated, moved 19 months (2011-05-31 to 2012-12-31)
    slipped = state_at(kn, "s2", "slipped")
    assert (slipped.fate, slipped.overdue_months, slipped.moved_months, slipped.current.canonical) == (
        "slipped",
        7,
        19,
        "2012",
    )
    # re-dated by s2 before March 2012 had passed: moved, 2012-03-31 to 2012-12-31 = 9 months
    moved = state_at(kn, "s2", "moved")
    assert (moved.fate, moved.moved_months, moved.current.canonical, moved.revised_by) == (
        "moved",
        9,
        "2012",
        "s2",
    )
    assert state_at(kn, "s1", "moved").fate == "open"  # not yet revised, not yet passed at s1
    assert state_at(kn, "s2", "open").fate == "open"


def test_delayed_with_no_new_date_is_never_open(make_root: Any) -> None:
    kn = knowledge(
        make_root,
        item("said", [deadline("2012-06", said=[said("s2", "delayed")])], [entry("s1", "initiated")]),
        item(
            "label",
            [deadline("2012-06")],
            [
                entry("s1", "initiated"),
                {"report": "s2", "status": "delayed", "basis": "reported", "raw": "Delayed"},
            ],
        ),
        item("assessed", [deadline("2012-06")], [entry("s1", "initiated"), entry("s2", "delayed")]),
    )
    assert state_at(kn, "s2", "said").fate == "delayed"
    assert (state_at(kn, "s2", "label").fate, state_at(kn, "s2", "label").word_report) == ("delayed", "s2")
    # an assessed status is the curators' judgement on the item, not a report's word on the date
    assert state_at(kn, "s2", "assessed").fate == "open"


def test_a_reported_label_speaks_for_its_milestone(make_root: Any) -> None:
    """A reported label after the date is the report's word that the work is still to come."""
    kn = knowledge(
        make_root,
        item(
            "a",
            [deadline()],
            [
                entry("s1", "initiated"),
                {"report": "s2", "status": "on-track", "basis": "reported", "raw": "On track"},
            ],
        ),
    )
    state = state_at(kn, "s2", "a")
    assert (state.fate, state.word, state.word_report) == ("missed", "pending", "s2")


def test_a_qualified_outcome_is_met_and_keeps_its_qualifier(make_root: Any) -> None:
    kn = knowledge(
        make_root,
        item(
            "a",
            [
                deadline(
                    outcome={
                        "report": "s2",
                        "date": "2011-09-15",
                        "kept": "in-another-form",
                        "note": "Elsewhere.",
                    }
                )
            ],
            [entry("s1", "initiated")],
        ),
    )
    state = state_at(kn, "s2", "a")
    assert (state.fate, state.late_months, state.kept) == ("met-late", 4, "in-another-form")


def test_superseded_and_dropped_set_the_date_aside(make_root: Any) -> None:
    kn = knowledge(
        make_root,
        item("a", [deadline()], [entry("s1", "on-track"), entry("s2", "superseded")]),
        item("b", [deadline()], [entry("s1", "on-track"), entry("s2", "dropped")]),
    )
    assert state_at(kn, "s2", "a").fate == "superseded"
    assert state_at(kn, "s2", "b").fate == "abandoned"


def test_partner_pairs_are_judged_apart_and_merged_when_they_agree(make_root: Any) -> None:
    kn = knowledge(
        make_root,
        item(
            "a",
            [deadline(outcome={"report": "s2", "partner": "US-CN"})],
            [entry("s1", "initiated"), split("s2", US_CN="completed", US_MX="delayed")],
        ),
        item("b", [deadline("2013")], [split("s2", US_CN="initiated", US_MX="on-track")]),
    )
    a = kn.items["a"]
    states = kn.deadline_states(a, a.deadlines[0], Scope(kn.at_report("s2")))
    assert [(s.partner, s.fate) for s in states] == [("US-CN", "met-undecided"), ("US-MX", "missed")]
    b = kn.items["b"]
    [merged] = kn.deadline_states(b, b.deadlines[0], Scope(kn.at_report("s2")))
    # both pairs open on the same date: one row, with the overall (least advanced) status
    assert (merged.partner, merged.fate, merged.status) == (None, "open", "initiated")


@pytest.mark.parametrize(
    ("before", "after", "change"),
    [
        ("initiated", "partially-completed", "advanced"),
        ("on-track", "partially-completed", "advanced"),  # under way, then some parts done
        ("partially-completed", "on-track", "restated"),  # on track speaks of the schedule
        ("initiated", "on-track", "restated"),
        ("initiated", "not-started", "fell-back"),
        ("partially-completed", "initiated", "fell-back"),
        ("delayed", "on-track", "advanced"),
        ("on-track", "on-track", "same"),
        ("on-track", "superseded", "restated"),
        (None, "initiated", "restated"),
    ],
)
def test_status_change(before: str | None, after: str, change: str) -> None:
    assert status_change(before, after) == change


def test_a_state_holds_a_measure_only_with_its_fate(make_root: Any) -> None:
    """DeadlineState refuses what means nothing: months on an open date, a completion on a missed one."""
    from sbaudit.audit.fates import DeadlineState, Done
    from sbaudit.core.vocab import Fate

    # due spring 2011, set by s1, still to come as s2 (as of 2011-12) says: passed unmet
    kn = knowledge(
        make_root, item("a", [deadline("2011-spring", said=[said("s2")])], [entry("s1", "initiated")])
    )
    state = state_at(kn, "s2")
    assert state.fate is Fate.MISSED and state.overdue_months is not None and state.late_months is None
    with pytest.raises(ValueError):
        state._replace(fate=Fate.OPEN)
    with pytest.raises(ValueError):
        state._replace(done=Done("s1", None, dt.date(2003, 1, 1), dt.date(2003, 2, 1)))
    with pytest.raises(ValueError):
        state._replace(fate=Fate.MET_LATE)
    with pytest.raises(ValueError):  # made anew, not copied
        DeadlineState(**{**state._asdict(), "fate": Fate.OPEN})
    with pytest.raises(ValueError):  # made from values
        DeadlineState._make((*state[:3], Fate.OPEN, *state[4:]))
    if sys.version_info >= (3, 13):
        with pytest.raises(ValueError):  # copied as Python 3.13 copies
            copy.replace(state, months=None)  # type: ignore[attr-defined,unused-ignore]
