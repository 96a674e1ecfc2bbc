"""Messages that say how to fix: program metadata, partner-pair names in words, missing keys with
an example, and where a status entry out of order belongs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import TINY_ITEM, TINY_REPORTS, WriteRoot
from sbaudit.load.data_root import load_dataset

PLAN = TINY_REPORTS["reports/p1.yaml"]


def _messages(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch, files: dict[str, str | None]
) -> list[str]:
    root = make_root(files)
    monkeypatch.chdir(root)
    return [p.format() for p in load_dataset(root).problems]


def _plan(*lines: str) -> str:
    return PLAN.rstrip(" ") + "".join(f"        {line}\n" for line in lines)


def test_program_metadata_is_read(make_root: WriteRoot) -> None:
    root = make_root({"reports/p1.yaml": _plan("program_name: Demo Border Plan", "fiscal_year_start: 10")})
    program = load_dataset(root).programs["demo"]
    assert (program.name, program.fiscal_year_start, program.display_name) == (
        "Demo Border Plan",
        10,
        "Demo Border Plan",
    )


def test_without_a_name_the_heading_comes_from_the_id(make_root: WriteRoot) -> None:
    assert load_dataset(make_root()).programs["demo"].display_name == "DEMO"


def test_fiscal_years_in_items_follow_the_plan_report(make_root: WriteRoot) -> None:
    item = TINY_ITEM.replace("period: 2011-spring", "period: FY2011").replace(
        "due: by spring 2011", "due: by FY2011"
    )
    us = load_dataset(
        make_root({"reports/p1.yaml": _plan("fiscal_year_start: 10"), "plan/demo/demo-01.yaml": item})
    )
    assert us.problems == ()
    [deadline] = us.items[0].deadlines
    assert (deadline.period.start.isoformat(), deadline.period.end.isoformat()) == (
        "2010-10-01",
        "2011-09-30",
    )


def test_changing_the_fiscal_year_start_reads_items_again(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SBAUDIT_CACHE_DIR", str(tmp_path / "own-cache"))
    item = TINY_ITEM.replace("period: 2011-spring", "period: FY2011").replace(
        "due: by spring 2011", "due: by FY2011"
    )
    root = make_root({"reports/p1.yaml": _plan("fiscal_year_start: 10"), "plan/demo/demo-01.yaml": item})
    assert load_dataset(root).items[0].deadlines[0].period.start.month == 10
    (root / "reports/p1.yaml").write_text((root / "reports/p1.yaml").read_text().replace(": 10", ": 4"))
    assert load_dataset(root).items[0].deadlines[0].period.start.month == 4


def test_a_fiscal_year_without_a_start_says_what_to_add(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = TINY_ITEM.replace("period: 2011-spring", "period: FY2011").replace(
        "due: by spring 2011", "due: by FY2011"
    )
    [message] = _messages(make_root, monkeypatch, {"plan/demo/demo-01.yaml": item})
    assert message.startswith("plan/demo/demo-01.yaml:11:13: [error] not a period: 'FY2011'")
    assert "add fiscal_year_start" in message


def test_within_counts_from_the_setting_report(make_root: WriteRoot) -> None:
    item = TINY_ITEM.replace("period: 2011-spring", "period: within 6 months").replace(
        "due: by spring 2011", "due: within 6 months"
    )
    dataset = load_dataset(make_root({"plan/demo/demo-01.yaml": item}))
    assert dataset.problems == ()
    # set by s1, published 2011-01-10
    assert dataset.items[0].deadlines[0].period.canonical == "2011-07-10"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {
                "reports/s1.yaml": TINY_REPORTS["reports/s1.yaml"].rstrip(" ")
                + "        program_name: Other\n"
            },
            "reports/s1.yaml:8:15: [error] program_name is set on the program's plan report, "
            "not on a status report (program)",
        ),
        (
            {
                "reports/s1.yaml": TINY_REPORTS["reports/s1.yaml"].rstrip(" ")
                + "        fiscal_year_start: 4\n"
            },
            "reports/s1.yaml:8:20: [error] fiscal_year_start is set on the program's plan report, "
            "not on a status report (program)",
        ),
        (
            {"reports/p1.yaml": _plan("fiscal_year_start: 13")},
            "reports/p1.yaml:7:20: [error] fiscal_year_start: 13 is greater than the maximum of 12 (schema)",
        ),
    ],
)
def test_program_metadata_problems(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch, files: dict[str, str | None], expected: str
) -> None:
    assert _messages(make_root, monkeypatch, files) == [expected]


def test_two_plan_reports_that_disagree(make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch) -> None:
    second = (
        _plan("program_name: Second name").replace("id: p1", "id: p2").replace("2010-01-15", "2010-02-15")
    )
    found = _messages(
        make_root,
        monkeypatch,
        {"reports/p1.yaml": _plan("program_name: First name"), "reports/p2.yaml": second},
    )
    assert found == [
        "reports/p2.yaml:7:15: [error] program_name 'Second name' differs from 'First name' on plan "
        "report 'p1' of the same program; give it once (program)"
    ]


def test_a_wrong_partner_pair_is_explained_in_words(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = TINY_ITEM.replace(
        "        status: initiated\n", "        partners:\n          US-MEX: {status: initiated}\n"
    )
    found = _messages(make_root, monkeypatch, {"plan/demo/demo-01.yaml": item})
    assert found and all("[A-Z]" not in message for message in found)
    assert any(
        "'US-MEX' is not valid: a partner pair is two two-letter country codes in capitals joined by a "
        "hyphen, e.g. US-CN, US-MX" in message
        for message in found
    ), found


def test_a_missing_key_names_an_example(make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch) -> None:
    item = TINY_ITEM[: TINY_ITEM.index("    history:")]
    assert _messages(make_root, monkeypatch, {"plan/demo/demo-01.yaml": item}) == [
        "plan/demo/demo-01.yaml:1:1: [error] (document): missing key 'history'; add e.g. history: [] (or "
        'entries such as `- {report: "2002", status: initiated, basis: assessed, note: ...}`) (schema)'
    ]


def test_an_entry_out_of_order_says_where_it_belongs(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = TINY_ITEM.rstrip(" ") + (
        "      - report: s2\n        status: initiated\n        basis: assessed\n        note: Later.\n"
        "      - report: p1\n        status: not-started\n        basis: assessed\n        note: Earlier.\n"
    )
    found = _messages(make_root, monkeypatch, {"plan/demo/demo-01.yaml": item})
    assert found == [
        "plan/demo/demo-01.yaml:22:13: [error] status entry for report 'p1' is out of report order: move it "
        "before the entry for report 's1' (line 14); entries follow the order of `sbaudit reports` (history-order)"
    ]


def test_a_repeated_entry_names_the_first(make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch) -> None:
    item = (
        TINY_ITEM.rstrip(" ")
        + "      - report: s1\n        status: initiated\n        basis: assessed\n        note: Again.\n"
    )
    found = _messages(make_root, monkeypatch, {"plan/demo/demo-01.yaml": item})
    assert found == [
        "plan/demo/demo-01.yaml:18:13: [error] report 's1' already has a status entry (line 14); keep one entry "
        "per report (history-order)"
    ]


def test_a_report_change_reads_every_item_again_with_the_new_context(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """There is no cache (benchmarks/README.md): after a report changes, every file is read
    again, reports first, and each item's periods with the reports as they are now; the items of a
    program that speaks in fiscal years (demo-02's FY2011) a second time, so that a bare year in
    any of them is asked for (docs/data-format.md)."""
    import sbaudit.load.data_root as dataset_module

    fiscal = TINY_ITEM.replace("id: demo-01", "id: demo-02").replace("period: 2011-spring", "period: FY2011")
    root = make_root({"reports/p1.yaml": _plan("fiscal_year_start: 10"), "plan/demo/demo-02.yaml": fiscal})
    monkeypatch.chdir(root)
    read: list[str] = []
    original = dataset_module._load_file

    def counting(source: Any, context: Any = None) -> Any:
        read.append(Path(source.path).name)
        return original(source, context)

    monkeypatch.setattr(dataset_module, "_load_file", counting)
    assert load_dataset(root).items[1].deadlines[0].period.start.month == 10
    read.clear()
    plan = root / "reports/p1.yaml"
    plan.write_text(plan.read_text().replace(": 10", ": 4"))
    changed = load_dataset(root)
    first_pass = ["demo-01.yaml", "demo-02.yaml"]
    assert read == ["p1.yaml", "s1.yaml", "s2.yaml", *first_pass, *first_pass]
    assert changed.items[1].deadlines[0].period.start.month == 4


def test_metadata_from_a_second_plan_report_counts_everywhere(make_root: WriteRoot) -> None:
    second = (
        _plan("fiscal_year_start: 4", "program_name: Demo")
        .replace("id: p1", "id: p2")
        .replace("2010-01-15", "2010-02-15")
    )
    item = TINY_ITEM.replace("period: 2011-spring", "period: FY2012").replace(
        "due: by spring 2011", "due: by FY2012"
    )
    dataset = load_dataset(make_root({"reports/p2.yaml": second, "plan/demo/demo-01.yaml": item}))
    assert dataset.problems == ()
    program = dataset.programs["demo"]
    assert (program.name, program.fiscal_year_start) == ("Demo", 4)
    assert dataset.items[0].deadlines[0].period.start.isoformat() == "2011-04-01"
