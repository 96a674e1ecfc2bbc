"""The audit rules (docs/audit-rules.md) on tiny hand-made plans: three reports p1 (plan,
2010-01-15), s1 (2011-01-10) and s2 (published 2012-01-10, statuses as of 2011-12)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from sbaudit.dataset import load_dataset
from sbaudit.diff import diff
from sbaudit.overdue import overdue
from sbaudit.summary import summary
from sbaudit.timeline import Timeline


def item(id_: str, deadlines: list[dict[str, Any]] | None = None, history: list[dict[str, Any]] | None = None,
         **extra: Any) -> tuple[str, str]:
    data: dict[str, Any] = {
        "id": id_, "program": extra.pop("program", "demo"), "title": f"Item {id_}", "text": "Do it.",
        "introduced": extra.pop("introduced", "p1"), "deadlines": deadlines or [],
        "history": history if history is not None else [],
    }
    data.update(extra)
    return f"plan/{data['program']}/{id_}.yaml", yaml.safe_dump(data, sort_keys=False)


def entry(report: str, status: str, **extra: Any) -> dict[str, Any]:
    return {"report": report, "status": status, "basis": "assessed", "note": "Checked.", **extra}


def deadline(period: str = "2011-spring", **extra: Any) -> dict[str, Any]:
    return {"id": "t", "what": "Target", "due": f"by {period}", "period": period, "set_by": "s1", **extra}


def timeline(make_root: Any, *items: tuple[str, str], extra: dict[str, str] | None = None) -> Timeline:
    root: Path = make_root(dict(items) | (extra or {}), with_item=False)
    dataset = load_dataset(root, use_cache=False)
    assert [p.format() for p in dataset.problems] == []
    return Timeline(dataset)


def test_revision_is_a_slip(make_root: Any) -> None:
    tl = timeline(make_root, item("a", [deadline(revisions=[{"report": "s2", "period": "2012"}])],
                                 [entry("s1", "initiated"), entry("s2", "initiated")]))
    result = diff(tl, "s1", "s2")
    [slip] = result.slipped
    assert (slip.kind, slip.old, slip.new, slip.slip_months, slip.report) == ("revised", "2011-spring", "2012", 19, "s2")
    assert result.completed == []


def test_late_completion(make_root: Any) -> None:
    tl = timeline(make_root, item("a", [deadline(outcome={"report": "s2", "date": "2011-09-15"})],
                                 [entry("s1", "initiated"), entry("s2", "completed")]))
    result = diff(tl, "s1", "s2")
    target = [c for c in result.completed if c.target == "t"]
    assert [(c.timing, c.late_months, c.date) for c in target] == [("late", 4, "2011-09-15")]
    assert [(s.kind, s.done, s.slip_months) for s in result.slipped] == [("late", "2011-09-15", 4)]
    # the item itself also moved to completed
    assert [c.target for c in result.completed] == ["t", None]


def test_on_time_completion_is_not_a_slip(make_root: Any) -> None:
    tl = timeline(make_root, item("a", [deadline(outcome={"report": "s2", "date": "2011-04"})],
                                 [entry("s1", "initiated"), entry("s2", "completed")]))
    result = diff(tl, "s1", "s2")
    assert [(c.timing, c.late_months) for c in result.completed if c.target] == [("on-time", 0)]
    assert result.slipped == []


def test_completion_date_straddling_the_deadline_is_unknown(make_root: Any) -> None:
    tl = timeline(make_root, item("a", [deadline("2011-05", outcome={"report": "s2", "date": "2011"})],
                                 [entry("s1", "initiated"), entry("s2", "completed")]))
    [done] = [c for c in diff(tl, "s1", "s2").completed if c.target]
    assert (done.timing, done.late_months) == ("unknown", None)


def test_missed_deadline(make_root: Any) -> None:
    tl = timeline(make_root, item("a", [deadline()], [entry("s1", "initiated"), entry("s2", "initiated")]))
    [slip] = diff(tl, "s1", "s2").slipped
    # s2's statuses are as of 2011-12: 2011-05-31 to 2011-12-31 is seven months
    assert (slip.kind, slip.old, slip.new, slip.slip_months) == ("missed", "2011-spring", None, 7)


def test_new_dropped_delayed_and_fell_back(make_root: Any) -> None:
    tl = timeline(
        make_root,
        item("new", history=[entry("s2", "initiated")]),
        item("gone", history=[entry("s1", "on-track")]),
        item("late", history=[entry("s1", "on-track"), entry("s2", "delayed")]),
        item("back", history=[entry("s1", "on-track"), entry("s2", "initiated")]),
        item("same", history=[entry("s1", "on-track"), entry("s2", "on-track")]),
        item("done", history=[entry("s1", "completed")]),
    )
    result = diff(tl, "first", "latest")  # aliases work
    assert [c.item.id for c in result.new] == ["new"]
    assert [(c.item.id, c.before) for c in result.dropped] == [("gone", "on-track")]
    assert [(c.item.id, c.before, c.after, c.reason) for c in result.delayed] == [
        ("back", "on-track", "initiated", "fell back on the scale"),
        ("late", "on-track", "delayed", "reported delayed"),
    ]
    assert result.unchanged == 2  # "same", and "done": completed at s1, silent at s2


def test_across_programs_items_continue_or_drop(make_root: Any) -> None:
    next_reports = {
        "reports/n1.yaml": "id: n1\nprogram: next\nkind: status\ntitle: Next\npublished: '2013-01-01'\nas_of: '2013-01-01'\n",
    }
    tl = timeline(
        make_root,
        item("a", history=[entry("s2", "initiated")]),
        item("b", history=[entry("s2", "partially-completed")]),
        item("n-1", program="next", introduced="n1", continues=["a"], history=[entry("n1", "on-track")]),
        extra=next_reports,
    )
    result = diff(tl, "s2", "n1")
    assert [(c.item.id, c.successors) for c in result.continued] == [("a", (("n-1", "on-track"),))]
    assert [c.item.id for c in result.dropped] == ["b"]
    assert [c.item.id for c in result.new] == ["n-1"]


def test_partner_split_gives_one_row_per_partner(make_root: Any) -> None:
    split = {"report": "s2", "basis": "reported", "partners": {
        "US-CN": {"status": "completed", "raw": "Completed"}, "US-MX": {"status": "delayed", "raw": "Delayed"}}}
    tl = timeline(make_root, item("a", [deadline(outcome={"report": "s2", "partner": "US-CN"})],
                                 [entry("s1", "initiated"), split]))
    assert tl.entry_at(tl.items["a"], 2).status == "delayed"  # the least advanced partner
    result = diff(tl, "s1", "s2")
    assert [(c.partner, c.target) for c in result.completed] == [("US-CN", "t")]
    assert [(s.partner, s.kind) for s in result.slipped] == [("US-MX", "missed")]
    all_rows = overdue(tl, tl.parse_date("2012-06"))
    assert [(r.partner, r.status) for r in all_rows.overdue] == [("US-MX", "delayed")]
    assert overdue(tl, tl.parse_date("2012-06"), partner="US-CN").overdue == []
    assert [r.months for r in overdue(tl, tl.parse_date("2012-06"), partner="US-MX").overdue] == [13]


def test_overdue_uses_only_reports_public_by_the_date(make_root: Any) -> None:
    tl = timeline(make_root, item("a", [deadline(revisions=[{"report": "s2", "period": "2012"}])],
                                 [entry("s1", "on-track"), entry("s2", "completed")]))
    # s2 (published 2012-01-10) is not yet public at 2011-12: no hindsight
    result = overdue(tl, tl.parse_date("2011-12"))
    assert result.reports == ["p1", "s1"]
    [row] = result.overdue
    assert (row.status, row.status_report, row.current.canonical, row.months) == ("on-track", "s1", "2011-spring", 7)
    # once s2 is public the item is completed and nothing is overdue
    assert overdue(tl, tl.parse_date("2012-01")).overdue == []


def test_overdue_against_original_or_current(make_root: Any) -> None:
    tl = timeline(make_root, item("a", [deadline(revisions=[{"report": "s2", "period": "2012"}])],
                                 [entry("s1", "initiated"), entry("s2", "initiated")]))
    when = tl.parse_date("2012-06")
    [row] = overdue(tl, when).overdue
    assert (row.original.canonical, row.current.canonical, row.months) == ("2011-spring", "2012", 13)
    current = overdue(tl, when, against="current")
    assert current.overdue == [] and current.due == []
    assert [r.item.id for r in overdue(tl, tl.parse_date("2012"), against="current").due] == ["a"]


def test_undated_item_and_date_before_any_report(make_root: Any) -> None:
    tl = timeline(make_root, item("a", [], [entry("s1", "initiated")]),
                  item("b", [deadline()], [entry("s1", "initiated")]))
    result = overdue(tl, tl.parse_date("2020"))
    assert [r.item.id for r in result.overdue] == ["b"]
    early = overdue(tl, tl.parse_date("2009"))
    assert (early.reports, early.overdue, early.due) == ([], [], [])


def test_on_track_after_deadline_is_flagged(make_root: Any) -> None:
    tl = timeline(make_root, item("a", [deadline("2011-06")], [entry("s2", "on-track")]),
                  item("b", [deadline("2012-03")], [entry("s2", "on-track")]))
    rows = {r.item.id: r for r in overdue(tl, tl.parse_date("2012-12")).overdue}
    assert rows["a"].on_track_after_deadline == "s2"  # as of 2011-12 the June date had passed
    assert rows["b"].on_track_after_deadline is None


def test_summary_counts(make_root: Any) -> None:
    tl = timeline(
        make_root,
        item("a", [deadline(outcome={"report": "s2", "date": "2011-04-01"})], [entry("s1", "initiated"), entry("s2", "completed")]),
        item("b", [deadline(outcome={"report": "s2", "date": "2011-09-15"})], [entry("s1", "initiated"), entry("s2", "completed")]),
        item("c", [deadline()], [entry("s1", "initiated"), entry("s2", "delayed")]),
        item("d", [deadline("2013")], [entry("s2", "on-track")]),
    )
    [row] = summary(tl, "s2")
    assert row.items == 4
    assert row.statuses == {"completed": 2, "delayed": 1, "on-track": 1}
    assert row.deadlines == {"met-on-time": 1, "met-late": 1, "met-date-unknown": 0, "missed": 1, "open": 1}
    assert row.on_time_rate == pytest.approx(1 / 3, abs=0.001)
    assert row.slips == (4, 7) and row.median_slip == 5.5


def test_diff_refuses_reports_in_the_wrong_order(make_root: Any) -> None:
    from sbaudit.errors import UsageProblem

    tl = timeline(make_root, item("a", history=[entry("s1", "initiated")]))
    with pytest.raises(UsageProblem, match="not earlier"):
        diff(tl, "s2", "s1")
    with pytest.raises(UsageProblem, match="unknown report 'nope'"):
        diff(tl, "s1", "nope")


def test_a_new_item_reported_delayed_is_also_delayed(make_root: Any) -> None:
    tl = timeline(make_root, item("a", history=[entry("s2", "delayed")]),
                  item("b", history=[entry("s1", "delayed")]))
    result = diff(tl, "s1", "s2")
    assert [c.item.id for c in result.new] == ["a"]
    # "b" was delayed at s1 and s2 is silent about it: not reported delayed by s2
    assert [(c.item.id, c.before, c.after) for c in result.delayed] == [("a", None, "delayed")]
