"""`verify` checks each fact in the item's own passage of the report that states it: a hand-made
mistake of each kind, on small sources with each layout (numbered headings, a table of rows shared
by two reports, blocks in plan order), caught at the data's file:line:col with a message naming
where the fact was found and the passage it should have been in."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sbaudit.cli import app

runner = CliRunner()

PLAN = """Demo plan

FIRST PILLAR

1) Bridge

Build the bridge across the river. Open it to traffic.

2) Roads

Pave the roads to the bridge.

SECOND PILLAR

3) Ferry

Run a ferry until the bridge opens.
"""

FIRST = """First status report
January 10, 2011

#1 BRIDGE

Work on the bridge began in March 2010. The bridge will open by Spring 2011.

#2 ROADS

Paving will be finished by Fall 2011.

#3 FERRY

The ferry runs daily.
"""

SECOND = """Second status report

Issued December 20, 2011


The bridge opened on 10 August 2011, after a delay to Fall 2011.


The roads were paved in October 2011.


The ferry stopped when the bridge opened.
"""

TABLE = """Security page

GOAL ONE FOR ALL

Area One

Area One: what the area aims at

Initiative

Key Milestones

Status

Do the first initiative.

Finish task A within 6 months (June 2012).

US-CN: Completed
US-MX: Delayed

Finish task B within 12 months (December 2012).

On track
"""

REPORTS = {
    "p1": """\
id: p1
program: demo
kind: plan
partners: [US-CN]
title: Demo plan
published: "2010-01-15"
as_of: "2010-01-15"
texts:
  - file: plan.txt
    layout: numbered
""",
    "s1": """\
id: s1
program: demo
kind: status
title: First status report
published: "2011-01-10"
as_of: "2011-01-10"
texts:
  - file: first.txt
    layout: numbered
dates_evidence:
  published: {locator: First status report}
""",
    "s2": """\
id: s2
program: demo
kind: status
title: Second status report
published: "2011-12-20"
as_of: "2011-12-20"
texts:
  - file: second.txt
    layout: in-order
""",
    "t1": """\
id: t1
program: table
kind: plan
partners: [US-CN, US-MX]
title: Table plan
published: "2011-12-15"
as_of: "2011-12-15"
texts:
  - file: table.txt
    part: {cells: wording}
    layout: rows
""",
    "t2": """\
id: t2
program: table
kind: status
title: Table status
published: "2012-09-01"
as_of: "2012-06"
texts:
  - file: table.txt
    part: {cells: status}
    layout: rows
""",
}

ITEMS = {
    "demo/demo-01": """\
id: demo-01
program: demo
number: 1
title: Bridge
text: Build the bridge across the river. Open it to traffic.
group: {pillar: First Pillar}
introduced: p1
deadlines:
  - id: open
    what: Bridge open
    due: by Spring 2011
    period: 2011-spring
    set_by: s1
    revisions:
      - report: s2
        due: a delay to Fall 2011
        period: 2011-fall
    outcome:
      report: s2
      date: "2011-08-10"
      locator: The bridge opened on
history:
  - report: s1
    status: initiated
    basis: assessed
    note: Work began.
    evidence: "s1, #1 Bridge"
  - report: s2
    status: completed
    basis: assessed
    note: Opened.
    evidence: s2, bridge block
    locator: after a delay
""",
    "demo/demo-02": """\
id: demo-02
program: demo
number: 2
title: Roads
text: Pave the roads to the bridge.
group: {pillar: First Pillar}
introduced: p1
history:
  - report: s1
    status: initiated
    basis: assessed
    note: Paving under way.
    evidence: "s1, #2 Roads"
  - report: s2
    status: completed
    basis: assessed
    note: Paved.
    evidence: s2, roads block
    locator: roads were paved
""",
    "demo/demo-03": """\
id: demo-03
program: demo
number: 3
title: Ferry
text: Run a ferry until the bridge opens.
group: {pillar: Second Pillar}
introduced: p1
continues: []
history:
  - report: s2
    status: completed
    basis: assessed
    note: Ran until the bridge opened.
    evidence: s2, ferry block
    locator: The ferry stopped
""",
    "table/t-01": """\
id: t-01
program: table
number: null
title: Task A
text: Finish task A within 6 months (June 2012).
group:
  goal: Goal One for All
  area: Area One
  initiative: Do the first initiative.
introduced: t1
continues: [demo-01]
deadlines:
  - id: a
    what: Task A finished
    due: within 6 months (June 2012)
    period: 2012-06
    set_by: t1
    outcome:
      report: t2
      partner: US-CN
history:
  - report: t2
    basis: reported
    partners:
      US-CN: {status: completed, raw: Completed}
      US-MX: {status: delayed, raw: Delayed}
    evidence: status cell
    locator: Finish task A
""",
    "table/t-02": """\
id: t-02
program: table
number: null
title: Task B
text: Finish task B within 12 months (December 2012).
group:
  goal: Goal One for All
  area: Area One
  initiative: Do the first initiative.
introduced: t1
deadlines:
  - id: b
    what: Task B finished
    due: within 12 months (December 2012)
    period: 2012-12
    set_by: t1
history:
  - report: t2
    basis: reported
    status: on-track
    raw: On track
    evidence: status cell
    locator: Finish task B
""",
}


def make(tmp_path: Path, changes: dict[str, tuple[str, str]] | None = None) -> tuple[Path, Path]:
    """The demo data root and its sources; `changes` edits one file: name -> (old, new)."""
    root = tmp_path / "data"
    files = {f"reports/{name}.yaml": text for name, text in REPORTS.items()}
    files.update({f"plan/{name}.yaml": text for name, text in ITEMS.items()})
    for name, (old, new) in (changes or {}).items():
        assert old in files[name], (name, old)
        files[name] = files[name].replace(old, new, 1)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    sources = tmp_path / "sources"
    sources.mkdir()
    for name, content in {
        "plan.txt": PLAN,
        "first.txt": FIRST,
        "second.txt": SECOND,
        "table.txt": TABLE,
    }.items():
        (sources / name).write_text(content, encoding="utf-8")
    return root, sources


def run(tmp_path: Path, command: str = "verify", **changes: tuple[str, str]) -> tuple[int, list[str], str]:
    root, sources = make(
        tmp_path, {name.replace("__", "/") + ".yaml": change for name, change in changes.items()}
    )
    cwd = os.getcwd()
    os.chdir(root)  # problems name files relative to the current folder
    try:
        more = ["--sources", str(sources)] if command == "verify" else []
        result = runner.invoke(app, [command, "--data", str(root), *more])
    finally:
        os.chdir(cwd)
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.stdout.splitlines(), result.output


def one(tmp_path: Path, command: str = "verify", **changes: tuple[str, str]) -> str:
    code, lines, output = run(tmp_path, command, **changes)
    assert code == 1, output
    assert len(lines) == 1, output
    return lines[0]


def test_the_demo_data_verifies_and_says_what_it_could_not_check(tmp_path: Path) -> None:
    code, lines, output = run(tmp_path)
    assert (code, lines) == (0, []), output
    # facts by hand: wordings 5, numbers and titles 3, group wordings 3 pillars + 2 x 3 = 9,
    # labels 3 (two partners, one raw), evidence headings 2, locators 6 (three s2 entries, the
    # outcome, two table entries), deadline wordings 3, revised dates 1, outcomes 3 (two, one of
    # them dated: its date counts too), report dates 1 (s1 published): 36 of 10 kinds; not
    # checkable: t-01's continues link, the 5 assessed entries, demo-01's outcome read from
    # narrative, 9 report dates (5 reports x 2, less s1 published), the titles of t-01 and t-02
    # (no number, no heading)
    assert (
        "checked: 36 facts of 10 kinds; not checkable: continues links (1), assessed statuses (5), outcomes "
        "read from narrative (that the passage says done) (1), report dates without evidence (9), titles no "
        "heading gives (the curators' own) (2)\n"
    ) in output


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {
                "plan__table/t-01": (
                    "US-CN: {status: completed, raw: Completed}",
                    "US-CN: {status: delayed, raw: Delayed}",
                )
            },
            "plan/table/t-01.yaml:25:37: [error] US-CN label 'Delayed' is not US-CN's in this item's status cell "
            "(the row at line 17 of table.txt), which reads 'US-CN: Completed; US-MX: Delayed' (source-label)",
            id="partner labels swapped",
        ),
        pytest.param(
            {
                "plan__table/t-02": (
                    "status: on-track\n    raw: On track",
                    "status: completed\n    raw: Completed",
                )
            },
            "plan/table/t-02.yaml:21:10: [error] label 'Completed' is not in its passage: it stands at line 19 of "
            "table.txt (the passage of t-01); this item's passage in report t2 is the row at line 22 of table.txt; "
            "its status cell reads 'On track' (source-label)",
            id="another row's label",
        ),
        pytest.param(
            {
                "plan__table/t-02": (
                    "due: within 12 months (December 2012)\n    period: 2012-12",
                    "due: within 6 months (June 2012)\n    period: 2012-06",
                )
            },
            "plan/table/t-02.yaml:14:10: [error] deadline 'within 6 months (June 2012)' is not in its passage: it "
            "stands at line 17 of table.txt (the passage of t-01); this item's passage in report t1 is the row at "
            "line 22 of table.txt (source-date)",
            id="another milestone's due wording",
        ),
        pytest.param(
            {"plan__table/t-02": ("set_by: t1", "set_by: t2")},
            "plan/table/t-02.yaml:14:10: [error] deadline 'within 12 months (December 2012)' is not in its passage: "
            "it stands at line 22 of table.txt (the passage of t-02), outside the part of the text that is report "
            "t2; this item's passage in report t2 is the row at line 22 of table.txt (source-date)",
            id="set_by a report that shares the file",
        ),
        pytest.param(
            {"plan__table/t-02": ("introduced: t1", "introduced: t2")},
            "plan/table/t-02.yaml:5:7: [error] official wording stands at line 22 of table.txt (the passage of "
            "t-02), outside the part of the text that is report t2, the report that introduced it (source-wording)",
            id="introduced by a report that shares the file",
        ),
        pytest.param(
            {"plan__table/t-02": ("    set_by: t1\n", "    set_by: t1\n    outcome: {report: t2}\n")},
            "plan/table/t-02.yaml:17:14: [error] report t2 does not say this was done: this item's status cell "
            "(the row at line 22 of table.txt) reads 'On track' (source-outcome)",
            id="an outcome the report does not give",
        ),
        pytest.param(
            {"plan__table/t-01": ("      partner: US-CN", "      partner: US-MX")},
            "plan/table/t-01.yaml:20:16: [error] the outcome's pair US-MX is not said done in this item's status "
            "cell (the row at line 17 of table.txt: US-CN: Completed; US-MX: Delayed); the pair whose label says "
            "so is US-CN (source-outcome)",
            id="the outcome's partner",
        ),
        pytest.param(
            {"plan__table/t-02": ("initiative: Do the first initiative.", "initiative: Do the first")},
            "plan/table/t-02.yaml:9:15: [error] initiative 'Do the first' is not the wording of the initiative "
            "above this item's row (the row at line 22 of table.txt), which reads 'Do the first initiative.' "
            "(source-group)",
            id="initiative cut short",
        ),
        pytest.param(
            {"plan__table/t-02": ("area: Area One", "area: Area Two")},
            "plan/table/t-02.yaml:8:9: [error] area 'Area Two' is not the area above this item's row (the row at "
            "line 22 of table.txt): Area One (source-group)",
            id="area",
        ),
        pytest.param(
            {
                "plan__demo/demo-01": (
                    "text: Build the bridge across the river. Open it to traffic.",
                    "text: Build the bridge across",
                )
            },
            "plan/demo/demo-01.yaml:5:7: [error] official wording is a fragment of its passage (line 7 of "
            "plan.txt): give whole sentences of it, as written (source-wording)",
            id="wording cut short",
        ),
        pytest.param(
            {
                "plan__demo/demo-02": (
                    "text: Pave the roads to the bridge.",
                    "text: Run a ferry until the bridge opens.",
                )
            },
            "plan/demo/demo-02.yaml:5:7: [error] official wording stands at line 17 of plan.txt (the passage of "
            "demo-03), not in this item's passage: this item's passage in report p1 is heading 2 at line 9 of "
            "plan.txt (source-wording)",
            id="another item's wording",
        ),
        pytest.param(
            {"plan__demo/demo-02": ("title: Roads", "title: Streets")},
            "plan/demo/demo-02.yaml:4:8: [error] title 'Streets' is not the plan's heading 2) 'Roads' (heading 2 "
            "at line 9 of plan.txt): write the heading's words, or add them to aliases (source-title)",
            id="title",
        ),
        pytest.param(
            {"plan__demo/demo-03": ("group: {pillar: Second Pillar}", "group: {pillar: First Pillar}")},
            "plan/demo/demo-03.yaml:6:17: [error] pillar 'First Pillar' is not the heading above this item's "
            "passage (heading 3 at line 15 of plan.txt): SECOND PILLAR (source-group)",
            id="pillar",
        ),
        pytest.param(
            {"plan__demo/demo-02": ('evidence: "s1, #2 Roads"', 'evidence: "s1, #3 Roads"')},
            "plan/demo/demo-02.yaml:13:15: [error] heading #3 (line 12 of first.txt) is the passage of demo-03, "
            "not this item's #2; the evidence names the item's own heading first of all (source-evidence)",
            id="another item's heading in the evidence",
        ),
        pytest.param(
            {
                "plan__demo/demo-01": (
                    "      locator: The bridge opened on",
                    "      locator: roads were paved",
                )
            },
            "plan/demo/demo-01.yaml:21:16: [error] locator 'roads were paved' is not in its passage: it stands at "
            "line 9 of second.txt (the passage of demo-02); this item's passage in report s2 is the blocks from "
            "line 6 of second.txt (source-locator)",
            id="an outcome's locator in another item's passage",
        ),
        pytest.param(
            {"plan__demo/demo-01": ('date: "2011-08-10"', 'date: "2011-10"')},
            "plan/demo/demo-01.yaml:20:13: [error] outcome date 2011-10 is not in the paragraph of its locator "
            "(line 6 of second.txt) in any written form (looked for 'October 2011', 'October, 2011', 'October of "
            "2011', '2011-10') (source-date)",
            id="an outcome date from another passage",
        ),
        pytest.param(
            {"reports__s1": ('published: "2011-01-10"', 'published: "2011-01-11"')},
            "reports/s1.yaml:5:12: [error] published 2011-01-11 is not in the paragraph its evidence points at "
            "(line 1 of first.txt) in any written form (looked for 'January 11, 2011', 'January 11 2011', "
            "'11 January 2011') (source-date)",
            id="a report's date",
        ),
    ],
)
def test_a_fact_outside_its_passage_is_caught_there(
    tmp_path: Path, changes: dict[str, Any], expected: str
) -> None:
    assert one(tmp_path, **changes) == expected


def test_items_placed_in_one_block_of_a_report_in_plan_order_are_both_named(tmp_path: Path) -> None:
    """demo-02's locator points into demo-03's block (line 12 of second.txt): both are named."""
    change: dict[str, Any] = {
        "plan__demo/demo-02": ("    locator: roads were paved", "    locator: The ferry stopped when")
    }
    code, lines, output = run(tmp_path, **change)
    assert code == 1, output
    assert lines == [
        "plan/demo/demo-02.yaml:19:14: [error] the place this locator points at (line 12 of second.txt) is in the "
        "block of demo-03: in report s2, whose passages follow the items in plan order, each item has blocks of "
        "its own (source-locator)",
        "plan/demo/demo-03.yaml:15:14: [error] the place this locator points at (line 12 of second.txt) is in the "
        "block of demo-02: in report s2, whose passages follow the items in plan order, each item has blocks of "
        "its own (source-locator)",
    ]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"plan__table/t-02": ("period: 2012-12", "period: 2012-11")},
            "plan/table/t-02.yaml:15:13: [error] period 2012-11 is not what due 'within 12 months (December 2012)' "
            "says: it reads as 2012-12-15, 2012-12 (period-due)",
            id="period and due",
        ),
        pytest.param(
            {"plan__demo/demo-01": ("        period: 2011-fall", "        period: 2011-summer")},
            "plan/demo/demo-01.yaml:17:17: [error] period 2011-summer is not what due 'a delay to Fall 2011' says: "
            "it reads as 2011-fall (period-due)",
            id="a revision's period and due",
        ),
        pytest.param(
            {"plan__table/t-02": ("status: on-track", "status: initiated")},
            "plan/table/t-02.yaml:20:13: [error] status 'initiated' does not follow from raw label 'On track', "
            "which reads as 'on-track' (status-raw)",
            id="status and raw",
        ),
        pytest.param(
            {
                "plan__table/t-01": (
                    "US-MX: {status: delayed, raw: Delayed}",
                    "US-MX: {status: initiated, raw: Delayed}",
                )
            },
            "plan/table/t-01.yaml:26:23: [error] US-MX: status 'initiated' does not follow from raw label 'Delayed', "
            "which reads as 'delayed' (status-raw)",
            id="a partner's status and raw",
        ),
    ],
)
def test_validate_checks_status_against_raw_and_period_against_due(
    tmp_path: Path, changes: dict[str, tuple[str, str]], expected: str
) -> None:
    assert one(tmp_path, "validate", **changes) == expected


def test_show_sources_prints_the_passage_verify_checks(tmp_path: Path) -> None:
    root, sources = make(tmp_path)
    result = runner.invoke(
        app, ["show", "t-01", "--data", str(root), "--sources", str(sources), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    import json

    found = {p["label"]: (p["found_by"], p["text"]) for p in json.loads(result.stdout)["sources"]}
    row = "Finish task A within 6 months (June 2012).\n\nUS-CN: Completed\nUS-MX: Delayed"
    assert found == {
        "t2: per partner": ("the row at line 17", row),
        "outcome of a": ("the row at line 17", row),
    }


def test_show_sources_prints_an_outcome_s_paragraph_in_its_passage(tmp_path: Path) -> None:
    import json

    root, sources = make(tmp_path)
    result = runner.invoke(
        app, ["show", "demo-01", "--data", str(root), "--sources", str(sources), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    found = {p["label"]: (p["found_by"], p["text"]) for p in json.loads(result.stdout)["sources"]}
    assert found["outcome of open"] == (
        "locator 'The bridge opened on' in the blocks from line 6",
        "The bridge opened on 10 August 2011, after a delay to Fall 2011.",
    )
    assert found["s1: initiated"] == (
        "heading 1 at line 4",
        "#1 BRIDGE\n\nWork on the bridge began in March 2010. The bridge will open by Spring 2011.",
    )


def test_a_source_over_the_size_cap_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    from sbaudit.load import sources as source_module

    root, sources = make(tmp_path)
    with (sources / "table.txt").open("ab") as handle:
        handle.truncate(source_module.MAX_SOURCE_BYTES + 1)
    code, lines, output = run_in(root, sources)
    assert code == 1
    assert lines and all(
        "table.txt is larger than the 8 MiB a source text may have" in line for line in lines
    )


def run_in(root: Path, sources: Path) -> tuple[int, list[str], str]:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = runner.invoke(app, ["verify", "--data", str(root), "--sources", str(sources)])
    finally:
        os.chdir(cwd)
    return result.exit_code, result.stdout.splitlines(), result.output
