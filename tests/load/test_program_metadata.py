"""Program partner pairs and report coverage: declared on reports, checked across files."""

from __future__ import annotations

import textwrap
from typing import Any

from conftest import TINY_ITEM, TINY_REPORTS
from sbaudit.load.data_root import load_dataset

PLAN_WITH_PAIRS = TINY_REPORTS["reports/p1.yaml"].rstrip(" ") + "        partners: [US-CN]\n"


def _problems(
    make_root: Any, monkeypatch: Any, files: dict[str, str | None]
) -> list[tuple[str, int, int, str]]:
    root = make_root(files)
    monkeypatch.chdir(root)
    return [(p.path, p.line, p.column, p.rule) for p in load_dataset(root).problems]


def test_declared_pairs_are_the_programs(make_root: Any) -> None:
    root = make_root({"reports/p1.yaml": PLAN_WITH_PAIRS})
    dataset = load_dataset(root)
    assert dataset.programs["demo"].partners == ("US-CN",)


def test_pairs_gathered_from_splits_when_undeclared(make_root: Any) -> None:
    split = TINY_ITEM.replace(
        "        status: initiated\n",
        "        partners:\n          US-MX: {status: initiated}\n          US-CN: {status: completed}\n",
    )
    root = make_root({"plan/demo/demo-01.yaml": split})
    dataset = load_dataset(root)
    assert dataset.programs["demo"].partners == ("US-CN", "US-MX")


def test_undeclared_pair_in_a_split_is_a_problem(make_root: Any, monkeypatch: Any) -> None:
    split = TINY_ITEM.replace(
        "        status: initiated\n",
        "        partners:\n          US-MX: {status: initiated}\n",
    )
    found = _problems(
        make_root, monkeypatch, {"reports/p1.yaml": PLAN_WITH_PAIRS, "plan/demo/demo-01.yaml": split}
    )
    # the US-MX pair on line 16 of the item; its value starts at column 14
    assert found == [("plan/demo/demo-01.yaml", 16, 14, "partners")]


def test_pairs_on_a_status_report_are_refused(make_root: Any, monkeypatch: Any) -> None:
    status = TINY_REPORTS["reports/s1.yaml"].rstrip(" ") + "        partners: [US-CN]\n"
    found = _problems(make_root, monkeypatch, {"reports/s1.yaml": status})
    assert found == [("reports/s1.yaml", 8, 11, "partners")]


def test_coverage_of_an_unknown_item(make_root: Any, monkeypatch: Any) -> None:
    status = TINY_REPORTS["reports/s2.yaml"].rstrip(" ") + "        covers: {items: [demo-01, demo-99]}\n"
    found = _problems(make_root, monkeypatch, {"reports/s2.yaml": status})
    assert found == [("reports/s2.yaml", 8, 27, "unknown-item")]


def test_coverage_by_group(make_root: Any) -> None:
    status = TINY_REPORTS["reports/s2.yaml"].rstrip(" ") + textwrap.indent(
        "covers:\n  groups: {area: [Roads]}\n", " " * 8
    )
    item = TINY_ITEM.rstrip(" ") + "    group: {area: Bridges}\n"
    root = make_root({"reports/s2.yaml": status, "plan/demo/demo-01.yaml": item})
    dataset = load_dataset(root)
    assert [p.format() for p in dataset.problems] == []
    s1, s2 = (r for r in dataset.reports if r.kind == "status")
    [only] = dataset.items
    assert s1.covers(only) and not s2.covers(only)


def test_coverage_by_number_range(make_root: Any) -> None:
    status = TINY_REPORTS["reports/s2.yaml"].rstrip(" ") + "        covers: {numbers: [2-4, 9]}\n"
    # items numbered 3 and 9 give each covered range an item (validate refuses a range none has)
    more = {
        f"plan/demo/demo-0{n}.yaml": TINY_ITEM.replace("id: demo-01", f"id: demo-0{n}").replace(
            "number: 1", f"number: {n}"
        )
        for n in (3, 9)
    }
    root = make_root({"reports/s2.yaml": status, **more})
    dataset = load_dataset(root)
    assert [p.format() for p in dataset.problems] == []
    s2 = next(r for r in dataset.reports if r.id == "s2")
    only = next(i for i in dataset.items if i.id == "demo-01")  # number 1
    assert not s2.covers(only)
    assert [s2.covers(only._replace(number=n)) for n in (2, 4, 5, 9)] == [True, True, False, True]
