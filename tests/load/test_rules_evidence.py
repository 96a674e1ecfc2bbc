"""validate refuses what would let a report be read as saying something it cannot: a status from
a report that does not cover the item, a covered number range no item has, a promise whose date
had already passed when it was made (docs/data-format.md, "Cross-file rules")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import WriteRoot
from sbaudit.load.data_root import load_dataset
from tinyplan import deadline, entry, item

NARROW = (
    "id: s2\nprogram: demo\nkind: status\ntitle: Interim\npublished: '2012-01-10'\nas_of: '2011-12'\n"
    "covers: {items: [b], numbers: [7-9]}\n"
)


def problems(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch, *items: tuple[str, str], **extra: str
) -> list[str]:
    root: Path = make_root(dict(items) | {f"reports/{k}.yaml": v for k, v in extra.items()}, with_item=False)
    monkeypatch.chdir(root)
    return [p.format() for p in load_dataset(root).problems]


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    lines = [n for n, row in enumerate(text.splitlines(), 1) if needle in row]
    return lines[occurrence - 1]


def test_a_status_from_a_report_that_does_not_cover_the_item(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, text = item("a", history=[entry("s1", "on-track"), entry("s2", "initiated")], number=1)
    found = problems(make_root, monkeypatch, (path, text), item("b", number=7), s2=NARROW)
    line = _line_of(text, "report: s2")
    assert found == [
        f"{path}:{line}:11: [error] report 's2' does not cover this item (see its covers); it can give it no "
        "status (coverage)"
    ]


def test_a_covered_number_range_no_item_has(make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch) -> None:
    found = problems(make_root, monkeypatch, item("b", number=2), s2=NARROW)
    assert found == [
        "reports/s2.yaml:7:32: [error] covers numbers 7-9, which no item of program 'demo' has (coverage)"
    ]


def test_a_deadline_already_past_when_it_was_set(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # s1 was published on 2011-01-10; December 2010 had ended on 2010-12-31
    path, text = item("a", [deadline("2010-12", set_by="s1")])
    found = problems(make_root, monkeypatch, (path, text))
    line = _line_of(text, "period: 2010-12")
    assert found == [
        f"{path}:{line}:11: [error] 2010-12 had ended (on 2010-12-31) before report 's1' set it (published "
        "2011-01-10); a date already past is no promise: record what the report says of it as an outcome or a "
        "revision (deadline-past)"
    ]
    # the month the report is published in is still a promise
    assert problems(make_root, monkeypatch, item("a", [deadline("2011-01", set_by="s1")])) == []


def test_said_and_kept_are_checked_by_the_schema(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad: dict[str, Any] = {"report": "s2", "word": "finished", "note": "n", "evidence": "e"}
    path, text = item("a", [deadline(said=[bad], outcome={"report": "s2", "kept": "mostly"})])
    found = problems(make_root, monkeypatch, (path, text))
    assert any("said[0].word" in p and "(schema)" in p for p in found), found
    assert any("outcome.kept" in p and "(schema)" in p for p in found), found
    assert yaml.safe_load(text)["deadlines"][0]["said"][0]["word"] == "finished"


def test_a_duration_counted_from_its_own_date_agrees_with_its_wording(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "at the end of six months" counted from the pilots' start, not from the report: the period
    "6 months after 2011-02" gives the wording's duration; "7 months after" does not."""
    ok = deadline("6 months after 2011-02", due="at the end of six months")
    assert problems(make_root, monkeypatch, item("a", [ok])) == []
    path, text = item("a", [deadline("7 months after 2011-02", due="at the end of six months")])
    [found] = problems(make_root, monkeypatch, (path, text))
    assert "is not what due 'at the end of six months' says" in found and found.endswith("(period-due)")
