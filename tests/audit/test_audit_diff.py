"""diff A B on tiny hand-made plans: every item and deadline in exactly one section, by the
precedence docs/audit-rules.md gives."""

from __future__ import annotations

from typing import Any

import pytest

from sbaudit.audit.diff import DEADLINE_SECTIONS, ITEM_SECTIONS, diff
from sbaudit.core.errors import UsageProblem
from tinyplan import deadline, entry, item, knowledge, said


def sections(result: Any) -> dict[str, str]:
    return {c.item.id: c.section for c in result.items}


def test_each_item_lands_in_one_section(make_root: Any) -> None:
    kn = knowledge(
        make_root,
        item("new", introduced="s2", history=[entry("s2", "initiated")]),
        item("done", history=[entry("s1", "initiated"), entry("s2", "completed")]),
        item("gone", history=[entry("s1", "on-track")]),
        item("late", history=[entry("s1", "on-track"), entry("s2", "delayed")]),
        item("back", history=[entry("s1", "partially-completed"), entry("s2", "initiated")]),
        item("up", history=[entry("s1", "on-track"), entry("s2", "partially-completed")]),
        item("restated", history=[entry("s1", "partially-completed"), entry("s2", "on-track")]),
        item("first", history=[entry("s2", "initiated")]),
        item("dropped", history=[entry("s1", "initiated"), entry("s2", "dropped")]),
        item("same", history=[entry("s1", "on-track"), entry("s2", "on-track")]),
        item("old", history=[entry("s1", "completed")]),
    )
    result = diff(kn, "first", "latest")  # aliases work
    assert sections(result) == {
        "new": "new",
        "done": "completed",
        "gone": "went-silent",
        "late": "behind",
        "back": "fell-back",
        "up": "advanced",
        "restated": "restated",
        "first": "first-reported",
        "dropped": "set-aside",
        "same": "unchanged",
        "old": "unchanged",  # completed at s1: nothing more to report
    }
    assert set(sections(result).values()) <= set(ITEM_SECTIONS)


def test_a_date_passed_unmet_by_a_reports_word_puts_the_item_behind(make_root: Any) -> None:
    kn = knowledge(
        make_root,
        item(
            "a", [deadline(said=[said("s2")])], [entry("s1", "initiated"), entry("s2", "partially-completed")]
        ),
    )
    result = diff(kn, "s1", "s2")
    [change] = result.items
    assert (change.section, change.reason) == ("behind", "1 date passed unmet")
    assert [c.section for c in result.deadlines] == ["missed"]


def test_silence_after_a_date_does_not_put_the_item_behind(make_root: Any) -> None:
    kn = knowledge(
        make_root, item("a", [deadline()], [entry("s1", "initiated"), entry("s2", "partially-completed")])
    )
    result = diff(kn, "s1", "s2")
    [change] = result.items
    assert change.section == "advanced"
    assert [c.section for c in result.deadlines] == ["passed-silent"]


def test_a_date_met_late_or_re_dated_after_it_passed_puts_the_item_behind(make_root: Any) -> None:
    kn = knowledge(
        make_root,
        item("late", [deadline(outcome={"report": "s2", "date": "2011-09"})], [entry("s1", "initiated")]),
        item(
            "slipped", [deadline(revisions=[{"report": "s2", "period": "2012"}])], [entry("s1", "initiated")]
        ),
    )
    result = diff(kn, "s1", "s2")
    assert {c.item.id: (c.section, c.reason) for c in result.items} == {
        "late": ("behind", "1 date met late"),
        "slipped": ("behind", "1 date re-dated after it passed"),
    }


def test_each_deadline_lands_in_one_section(make_root: Any) -> None:
    kn = knowledge(
        make_root,
        item(
            "a",
            [
                deadline("2011-06", id="on-time", outcome={"report": "s2", "date": "2011-04"}),
                deadline(id="late", outcome={"report": "s2", "date": "2011-09-15"}),
                deadline("2011-06", id="undecided", outcome={"report": "s2"}),
                deadline(id="missed", said=[said("s2")]),
                deadline(id="silent"),
                deadline(id="slipped", revisions=[{"report": "s2", "period": "2012"}]),
                deadline("2012-03", id="moved", revisions=[{"report": "s2", "period": "2012"}]),
                deadline("2012-06", id="delayed", said=[said("s2", "delayed")]),
                deadline("2013", id="new", set_by="s2"),
                deadline("2013", id="open"),
                deadline("2010-06", id="before", set_by="p1", outcome={"report": "s1", "date": "2010-05"}),
            ],
            [entry("s1", "initiated"), entry("s2", "initiated")],
        ),
        item("b", [deadline(id="aside")], [entry("s1", "initiated"), entry("s2", "superseded")]),
    )
    result = diff(kn, "s1", "s2")
    found = {c.after.deadline.id: c.section for c in result.deadlines}
    assert found == {
        "on-time": "met-on-time",
        "late": "met-late",
        "undecided": "met-undecided",
        "missed": "missed",
        "silent": "passed-silent",
        "slipped": "slipped",
        "moved": "moved",
        "delayed": "delayed",
        "new": "newly-promised",
        "open": "still-open",
        "before": "met-before",
        "aside": "set-aside",
    }
    assert set(found.values()) == set(DEADLINE_SECTIONS)


def test_new_counts_from_the_report_that_introduced_the_item(make_root: Any) -> None:
    kn = knowledge(
        make_root,
        item("planned", history=[entry("s1", "initiated")]),
        item("added", introduced="s1", history=[entry("s1", "initiated")]),
    )
    # p1 (the plan) set "planned": it exists at p1 with no status yet, so it is not new
    assert sections(diff(kn, "p1", "s2")) == {"planned": "first-reported", "added": "new"}
    assert sections(diff(kn, "s1", "s2")) == {"planned": "went-silent", "added": "went-silent"}


def test_silence_outside_a_reports_coverage_is_not_silence(make_root: Any) -> None:
    narrow = (
        "id: s2\nprogram: demo\nkind: status\ntitle: Interim\npublished: '2012-01-10'\nas_of: '2011-12'\n"
        "covers: {items: [b]}\n"
    )
    kn = knowledge(
        make_root,
        item("a", history=[entry("s1", "on-track")]),
        item("b", history=[entry("s1", "on-track")]),
        extra={"reports/s2.yaml": narrow},
    )
    assert sections(diff(kn, "s1", "s2")) == {"a": "unchanged", "b": "went-silent"}


def test_across_programs_with_what_was_known_at_each_moment(make_root: Any) -> None:
    later = {
        "reports/n0.yaml": "id: n0\nprogram: next\nkind: plan\ntitle: Next\n"
        "published: '2012-06-01'\nas_of: '2012-06-01'\n",
        "reports/n1.yaml": "id: n1\nprogram: next\nkind: status\ntitle: Next\n"
        "published: '2013-01-01'\nas_of: '2013-01-01'\n",
    }
    kn = knowledge(
        make_root,
        item("a", history=[entry("s1", "initiated")]),
        item("b", history=[entry("s1", "partially-completed")]),
        item("c", history=[entry("s1", "on-track"), entry("s2", "superseded")]),
        item("n-1", program="next", introduced="n0", continues=["a"], history=[entry("n1", "on-track")]),
        extra=later,
    )
    result = diff(kn, "s1", "n1")
    assert sections(result) == {"a": "continued", "b": "not-carried-forward", "c": "set-aside", "n-1": "new"}
    [continued] = result.item_section("continued")
    assert continued.successors == (("n-1", "on-track", "n1"),)
    # a date of the earlier program that passed by the later report's moment, with no word from any
    # report since (the later program's report says nothing of it), passed silently there
    kn2 = knowledge(
        make_root, item("a", [deadline("2012-06", set_by="s2")], [entry("s2", "initiated")]), extra=later
    )
    [change] = diff(kn2, "s2", "n1").deadlines
    # June 2012 ends 2012-06-30; n1 describes 2013-01-01: 6 months and 2 days
    assert (change.section, change.after.overdue_months) == ("passed-silent", 6)


def test_the_hand_over_lists_continued_items_ended_or_not(make_root: Any) -> None:
    """Across programs, an earlier item that a later one continues is listed with its successors
    whether it was completed or not."""
    later = {
        "reports/n0.yaml": "id: n0\nprogram: next\nkind: plan\ntitle: Next\n"
        "published: '2012-06-01'\nas_of: '2012-06-01'\n",
        "reports/n1.yaml": "id: n1\nprogram: next\nkind: status\ntitle: Next\n"
        "published: '2013-01-01'\nas_of: '2013-01-01'\n",
    }
    kn = knowledge(
        make_root,
        item("done", history=[entry("s1", "completed")]),
        item("open", history=[entry("s1", "on-track")]),
        item(
            "n-1",
            program="next",
            introduced="n0",
            continues=["done", "open"],
            history=[entry("n1", "on-track")],
        ),
        extra=later,
    )
    result = diff(kn, "s2", "n1")
    assert sections(result) == {"done": "continued", "open": "continued", "n-1": "new"}
    assert {c.item.id: c.successors for c in result.item_section("continued")} == {
        "done": (("n-1", "on-track", "n1"),),
        "open": (("n-1", "on-track", "n1"),),
    }


def test_dates_in_force_at_a_leave_out_those_already_set_aside(make_root: Any) -> None:
    from sbaudit.output.lead import diff_lead

    kn = knowledge(
        make_root,
        item("aside", [deadline("2011-06")], [entry("s1", "superseded")]),
        item("open", [deadline("2011-06", said=[said("s2")])], [entry("s1", "on-track")]),
    )
    lead = diff_lead(diff(kn, "s1", "s2"))
    assert lead.startswith(
        "Of the 1 date in force and unmet at s1, by s2: 1 passed unmet as a report after the date says."
    )


def test_diff_refuses_reports_in_the_wrong_order_and_unknown_names(make_root: Any) -> None:
    kn = knowledge(make_root, item("a", history=[entry("s1", "initiated")]))
    with pytest.raises(UsageProblem, match="not earlier"):
        diff(kn, "s2", "s1")
    with pytest.raises(UsageProblem, match="unknown report 'nope'"):
        diff(kn, "s1", "nope")


def test_diff_of_a_report_with_itself_says_so(make_root: Any) -> None:
    kn = knowledge(make_root, item("a", history=[entry("s1", "initiated")]))
    with pytest.raises(UsageProblem) as same:
        diff(kn, "p1", "p1")
    assert str(same.value) == "'p1' is the same report: diff compares two reports, the earlier first"
    with pytest.raises(UsageProblem) as alias:
        diff(kn, "s2", "latest")
    assert (
        str(alias.value)
        == "'s2' and 'latest' are the same report: diff compares two reports, the earlier first"
    )
    with pytest.raises(UsageProblem, match=r"unknown partner pair 'US-MEX' \(known: none\)"):
        diff(kn, "s1", "s2", partner="US-MEX")
