"""A data file's bytes are not kept once it is loaded; the rare file read again (to place a
cross-file problem in it, or to read a program's items with its fiscal years) must be the file
first read. One changed in between is refused, never placed or read as another version of itself
(a review of the change that stopped keeping the bytes found a problem placed on a line of a
later version)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TINY_ITEM, WriteRoot
from sbaudit.load import data_root
from sbaudit.load.data_root import load_dataset

NAME = "plan/demo/demo-01.yaml"
UNKNOWN = TINY_ITEM.replace("      - report: s1\n", "      - report: s9\n")  # a cross-file problem


def _edited_after_first_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From its second read on, demo-01.yaml has five more lines at its top, as an editor saving
    it while sbaudit runs would leave it."""
    original = data_root._read_raw
    reads: list[str] = []

    def reading(path: Path | str, shown: str | None = None, regular: bool = False) -> bytes | object:
        raw = original(path, shown, regular)
        if str(path).endswith("demo-01.yaml"):
            reads.append(str(path))
            if len(reads) > 1 and isinstance(raw, bytes):
                return b"# edited\n" * 5 + raw
        return raw

    monkeypatch.setattr(data_root, "_read_raw", reading)
    return reads


def test_a_cross_file_problem_is_placed_in_the_file_first_read(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_root({NAME: UNKNOWN})
    monkeypatch.chdir(root)
    (problem,) = load_dataset(root).problems
    assert problem.path == NAME and problem.line > 0 and "'s9'" in problem.message

    reads = _edited_after_first_read(monkeypatch)
    found = load_dataset(root).problems
    assert len(reads) == 2  # loaded, then read again to place the problem
    assert [(p.path, p.line, p.column, p.message) for p in found] == [
        (NAME, 0, 0, "changed while sbaudit read it: run the command again"),
        (NAME, 0, 0, problem.message),  # not placed five lines lower, in the later version
    ]


def test_an_item_read_again_for_its_fiscal_years_is_the_item_first_read(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import TINY_REPORTS

    plan = TINY_REPORTS["reports/p1.yaml"].rstrip(" ") + "        fiscal_year_start: 10\n"
    fiscal = TINY_ITEM.replace("period: 2011-spring", "period: FY2011").replace("by spring 2011", "in FY2011")
    root = make_root({"reports/p1.yaml": plan, NAME: fiscal})
    monkeypatch.chdir(root)
    assert load_dataset(root).problems == ()

    reads = _edited_after_first_read(monkeypatch)
    dataset = load_dataset(root)
    assert len(reads) == 2  # a program that speaks in fiscal years: its items are read twice
    assert [(p.path, p.message) for p in dataset.problems] == [
        (NAME, "changed while sbaudit read it: run the command again")
    ]
    assert [item.id for item in dataset.items] == []
