"""The lead sentences where a count is 0 or 1 (issue 25): no "of 0 dates promised: nothing", no
"1 of the 1", no "1 more fall due". Sentences written from the rule, on tiny plans: p1 (plan,
2010-01-15), s1 (2011-01-10), s2 (2012-01-10, statuses as of 2011-12); every deadline is spring
2011 (2011-03-01 to 2011-05-31), set by s1."""

from __future__ import annotations

from typing import Any

from sbaudit.audit.overdue import overdue
from sbaudit.audit.summary import summary
from sbaudit.output.lead import overdue_lead, summary_lead
from tinyplan import deadline, entry, item, knowledge, said


def _summary(kn: Any, report: str) -> str:
    return summary_lead(summary(kn, report), {"demo": "Demo"})


def test_a_report_before_any_date_was_promised(make_root: Any) -> None:
    kn = knowledge(make_root, item("a", [deadline()], [entry("s1", "initiated")]))
    assert _summary(kn, "p1") == "At p1 (Demo), no date had been promised."


def test_one_date_decided_on_time(make_root: Any) -> None:
    met = deadline(outcome={"report": "s2", "date": "2011-04-20"})
    kn = knowledge(make_root, item("a", [met], [entry("s1", "initiated"), entry("s2", "completed")]))
    assert _summary(kn, "s2") == (
        "At s2 (Demo), of 1 date promised: 1 met; the one date whose timing a report decides was on time."
    )


def test_one_date_decided_and_missed(make_root: Any) -> None:
    # s2, after spring 2011, says the work is still to come
    kn = knowledge(
        make_root,
        item("a", [deadline(said=[said("s2")])], [entry("s1", "initiated"), entry("s2", "initiated")]),
    )
    assert _summary(kn, "s2") == (
        "At s2 (Demo), of 1 date promised: 1 passed unmet as a report after the date says; the one date whose "
        "timing a report decides was not on time."
    )


def test_a_date_passed_in_silence_decides_no_rate(make_root: Any) -> None:
    kn = knowledge(make_root, item("a", [deadline()], [entry("s1", "initiated"), entry("s2", "initiated")]))
    assert _summary(kn, "s2") == "At s2 (Demo), of 1 date promised: 1 passed with no report's word since."


def test_several_dates_decided_keep_the_count(make_root: Any) -> None:
    kn = knowledge(
        make_root,
        item("a", [deadline(said=[said("s2")])], [entry("s1", "initiated"), entry("s2", "initiated")]),
        item("b", [deadline(said=[said("s2")])], [entry("s1", "initiated"), entry("s2", "initiated")]),
    )
    assert _summary(kn, "s2").endswith("; on time: 0 of 2 (0%) of the dates whose timing a report decides.")


def test_one_more_date_falls_due(make_root: Any) -> None:
    kn = knowledge(make_root, item("a", [deadline()], [entry("s1", "initiated")]))
    assert overdue_lead(overdue(kn, kn.parse_date("2011-05"))) == (
        "As of 2011-05, no promised date had passed with no report saying it was done; "
        "1 more falls due within 2011-05."
    )
    two = knowledge(
        make_root,
        item("a", [deadline()], [entry("s1", "initiated")]),
        item("b", [deadline()], [entry("s1", "initiated")]),
    )
    assert overdue_lead(overdue(two, two.parse_date("2011-05"))).endswith("; 2 more fall due within 2011-05.")
