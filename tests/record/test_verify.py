"""`sbaudit verify --sources DIR` on small synthetic sources: one test per kind of miss, each
asserting the exact file:line:col of the data it concerns; and `show --sources`."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import find_project_sources
from sbaudit.cli import app

runner = CliRunner()

PLAN_TEXT = "Demo plan\n\n1. Build the bridge across\nthe river.\n"
S1_TEXT = (
    "First status report\n\n"
    "#1 BRIDGE\n\n"
    "Work on the bridgebegan in March 2011. The bridge will open by Spring 2011.\n\n"
    "On track\n\n"
    "#2 ROADS\n\n"
    "Nothing to report on roads.\n"
)
S2_TEXT = "Second status report\n\nThe bridge opened on 10 August 2011, after a delay to Fall 2011.\n"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


REPORTS = {
    "reports/p1.yaml": f"""\
id: p1
program: demo
kind: plan
title: Demo plan
published: "2010-01-15"
as_of: "2010-01-15"
texts:
  - file: plan.txt
    sha256: {_sha(PLAN_TEXT)}
""",
    "reports/s1.yaml": """\
id: s1
program: demo
kind: status
title: First status report
published: "2011-01-10"
as_of: "2011-01-10"
texts:
  - file: first.txt
""",
    "reports/s2.yaml": f"""\
id: s2
program: demo
kind: status
title: Second status report
published: "2012-01-10"
as_of: "2011-12"
texts:
  - sha256: {_sha(S2_TEXT)}
""",
}

ITEM = """\
id: demo-01
program: demo
number: 1
title: Build the bridge
text: Build the bridge across the river.
introduced: p1
deadlines:
  - id: open
    what: Bridge open
    due: by spring 2011
    period: 2011-spring
    set_by: s1
    revisions:
      - report: s2
        due: a delay to Fall 2011
        period: 2011-fall
    outcome:
      report: s2
      date: "2011-08-10"
      locator: after a delay
history:
  - report: s1
    status: on-track
    basis: reported
    raw: On track
    evidence: "s1, #1 Bridge"
  - report: s2
    status: completed
    basis: assessed
    note: Opened in August.
    evidence: s2, bridge paragraph
    locator: The bridge opened on
"""


def make(
    tmp_path: Path,
    item: str = ITEM,
    reports: dict[str, str] | None = None,
    texts: dict[str, str] | None = None,
) -> tuple[Path, Path]:
    root = tmp_path / "data"
    files = {**REPORTS, **(reports or {}), "plan/demo/demo-01.yaml": item}
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    sources = tmp_path / "sources"
    sources.mkdir()
    chosen = {"plan.txt": PLAN_TEXT, "first.txt": S1_TEXT, "renamed-second.txt": S2_TEXT}
    chosen.update(texts or {})
    for name, content in chosen.items():
        (sources / name).write_text(content, encoding="utf-8")
    return root, sources


def run(root: Path, sources: Path, *more: str) -> tuple[int, list[str], str]:
    cwd = os.getcwd()
    os.chdir(root)  # problems name files relative to the current folder
    try:
        result = runner.invoke(app, ["verify", "--data", str(root), "--sources", str(sources), *more])
    finally:
        os.chdir(cwd)
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.stdout.splitlines(), result.output


def test_clean_synthetic_data_verifies(tmp_path: Path) -> None:
    """Wording across a line break, a date written "10 August 2011", a text found by its hash
    under another name, words run together in the source ("bridgebegan"): all found."""
    root, sources = make(tmp_path)
    code, lines, output = run(root, sources)
    assert (code, lines) == (0, []), output
    assert "ok: every wording" in output


def _one(
    tmp_path: Path,
    item: str = ITEM,
    reports: dict[str, str] | None = None,
    texts: dict[str, str] | None = None,
) -> str:
    root, sources = make(tmp_path, item, reports, texts)
    code, lines, output = run(root, sources)
    assert code == 1, output
    assert len(lines) == 1, output
    return lines[0]


def test_wording_not_in_the_plan(tmp_path: Path) -> None:
    line = _one(
        tmp_path,
        ITEM.replace("text: Build the bridge across the river.", "text: Build the bridge over the river."),
    )
    assert line.startswith(
        "plan/demo/demo-01.yaml:5:7: [error] official wording not found in the text of report p1"
    )
    assert "'Buildthebridge'" in line and line.endswith("(source-wording)")


def test_deadline_wording_not_in_its_report(tmp_path: Path) -> None:
    item = ITEM.replace("due: by spring 2011", "due: by summer 2011").replace(
        "period: 2011-spring", "period: 2011-summer"
    )
    line = _one(tmp_path, item)
    assert line == (
        "plan/demo/demo-01.yaml:10:10: [error] deadline 'by summer 2011' is not in its passage: it is "
        "not in the text of report s1 (first.txt); report s1 gives no layout, so its whole text is the "
        "passage (source-date)"
    )


def test_revision_wording_not_in_its_report(tmp_path: Path) -> None:
    line = _one(tmp_path, ITEM.replace("due: a delay to Fall 2011", "due: delayed to Fall 2011"))
    assert line == (
        "plan/demo/demo-01.yaml:15:14: [error] revised date 'delayed to Fall 2011' is not in its "
        "passage: it is not in the text of report s2 (renamed-second.txt); report s2 gives no layout, "
        "so its whole text is the passage (source-date)"
    )


def test_outcome_date_in_no_written_form(tmp_path: Path) -> None:
    line = _one(tmp_path, ITEM.replace('date: "2011-08-10"', 'date: "2011-08-11"'))
    assert line.startswith(
        "plan/demo/demo-01.yaml:19:13: [error] outcome date 2011-08-11 is not in the paragraph of its "
        "locator (line 3 of renamed-second.txt) in any written form (looked for 'August 11, 2011'"
    )


def test_label_not_in_its_report(tmp_path: Path) -> None:
    line = _one(tmp_path, ITEM.replace("raw: On track", "raw: On track, ahead"))
    assert line == (
        "plan/demo/demo-01.yaml:25:10: [error] label 'On track, ahead' is not in its passage: it is not "
        "in the text of report s1 (first.txt); report s1 gives no layout, so its whole text is the "
        "passage (source-label)"
    )


def test_heading_not_in_its_report(tmp_path: Path) -> None:
    line = _one(tmp_path, ITEM.replace('evidence: "s1, #1 Bridge"', 'evidence: "s1, #3 Bridge"'))
    assert (
        line
        == "plan/demo/demo-01.yaml:26:15: [error] heading #3 is not in the text of report s1 (source-evidence)"
    )


def test_evidence_with_no_findable_place(tmp_path: Path) -> None:
    line = _one(tmp_path, ITEM.replace("    locator: The bridge opened on\n", ""))
    assert line.startswith(
        "plan/demo/demo-01.yaml:31:15: [error] the evidence names no heading (#N) and the "
        "entry has no locator"
    )


@pytest.mark.parametrize(
    ("locator", "message"),
    [
        (
            "The bridge closed on",
            "locator 'The bridge closed on' is not in its passage: it is not in the text of report s2 "
            "(renamed-second.txt); report s2 gives no layout, so its whole text is the passage",
        ),
        (
            "The bridge opened on 10 August 2011, after a delay",
            "a locator is a phrase of at most 8 words, not 10: quote no report sentence",
        ),
        ('"2011"', "locator '2011' occurs 2 times in the text of report s2: make it point at one place"),
    ],
)
def test_locator_missing_long_or_ambiguous(tmp_path: Path, locator: str, message: str) -> None:
    line = _one(tmp_path, ITEM.replace("locator: The bridge opened on", f"locator: {locator}"))
    assert line == f"plan/demo/demo-01.yaml:32:14: [error] {message} (source-locator)"


def test_report_text_missing(tmp_path: Path) -> None:
    reports = {"reports/s1.yaml": REPORTS["reports/s1.yaml"].replace("first.txt", "absent.txt")}
    line = _one(tmp_path, reports=reports)
    assert line.startswith("reports/s1.yaml:8:5: [error] the report's text is not in ")
    assert line.endswith(": found no file named 'absent.txt' (source-text)")


def test_report_text_missing_by_name_and_by_hash(tmp_path: Path) -> None:
    wanted = "  - file: absent.txt\n    sha256: " + "ab" * 32 + "\n"
    reports = {"reports/s1.yaml": REPORTS["reports/s1.yaml"].replace("  - file: first.txt\n", wanted)}
    line = _one(tmp_path, reports=reports)
    assert line.endswith(
        ": found no file named 'absent.txt' and none with SHA-256 abababababab... (source-text)"
    )
    hash_only = {
        "reports/s1.yaml": REPORTS["reports/s1.yaml"].replace("file: first.txt", "sha256: " + "cd" * 32)
    }
    assert _one(tmp_path / "again", reports=hash_only).endswith(
        ": found no file with SHA-256 cdcdcdcdcdcd... (source-text)"
    )


def test_report_text_changed_since_recorded(tmp_path: Path) -> None:
    line = _one(tmp_path, texts={"plan.txt": PLAN_TEXT + "An added line.\n"})
    assert line.startswith("reports/p1.yaml:9:13: [error] plan.txt in ")
    assert line.endswith("is not the recorded text: its SHA-256 differs (source-text)")


def test_report_without_texts(tmp_path: Path) -> None:
    reports = {"reports/s1.yaml": REPORTS["reports/s1.yaml"].split("texts:")[0]}
    line = _one(tmp_path, reports=reports)
    assert line.startswith("reports/s1.yaml:1:5: [error] report 's1' records no source text")


def test_control_characters_in_data_are_escaped(tmp_path: Path) -> None:
    line = _one(
        tmp_path, ITEM.replace("locator: The bridge opened on", 'locator: "The bridge\\x1b[31m opened"')
    )
    assert "\x1b" not in line and "\\x1b[31m" in line


def test_json_format_and_missing_sources_folder(tmp_path: Path) -> None:
    root, sources = make(tmp_path, ITEM.replace("raw: On track", "raw: On track, ahead"))
    code, lines, _ = run(root, sources, "--format", "json")
    assert code == 1
    problems = json.loads("\n".join(lines))["problems"]
    assert [(p["line"], p["column"], p["rule"]) for p in problems] == [(25, 10, "source-label")]
    code, _, output = run(root, tmp_path / "nowhere")
    assert code == 2 and "does not exist" in output


def test_invalid_data_is_not_verified(tmp_path: Path) -> None:
    root, sources = make(tmp_path, ITEM.replace("status: on-track", "status: started"))
    code, _, output = run(root, sources)
    assert code == 1 and "run: sbaudit validate --data " in output


def test_show_prints_the_paragraph_of_each_entry_and_outcome(tmp_path: Path) -> None:
    root, sources = make(tmp_path)
    result = runner.invoke(
        app, ["show", "demo-01", "--data", str(root), "--sources", str(sources), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    found = {p["label"]: (p["found_by"], p["text"]) for p in json.loads(result.stdout)["sources"]}
    assert found["s1: on-track"] == (
        "heading #1",
        "#1 BRIDGE\n\nWork on the bridgebegan in March 2011. The bridge "
        "will open by Spring 2011.\n\nOn track",
    )
    assert found["s2: completed"][1] == S2_TEXT.split("\n\n")[1].strip()
    assert found["outcome of open"] == ("locator 'after a delay'", S2_TEXT.split("\n\n")[1].strip())


def test_shipped_data_verifies_against_the_project_sources(shipped: Path, project_sources: Path) -> None:
    result = runner.invoke(app, ["verify", "--data", str(shipped), "--sources", str(project_sources)])
    assert result.exit_code == 0, result.output


def test_unreadable_project_sources_fail_rather_than_skip(tmp_path: Path) -> None:
    """Issue 22, case 13: a shared/sources that is there but cannot be read is a failure."""
    checkout = tmp_path / "work" / "wt" / "checkout"
    checkout.mkdir(parents=True)
    assert find_project_sources([checkout]) is None  # absent: the caller says so in its skip
    (tmp_path / "work" / "shared").mkdir()
    (tmp_path / "work" / "shared" / "sources").symlink_to(tmp_path / "gone")
    with pytest.raises(pytest.fail.Exception, match="cannot be read"):
        find_project_sources([checkout])
    (tmp_path / "work" / "shared" / "sources").unlink()
    (tmp_path / "work" / "shared" / "sources").write_text("not a folder\n", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match="cannot be read"):
        find_project_sources([checkout])
    (tmp_path / "work" / "shared" / "sources").unlink()
    (tmp_path / "work" / "shared" / "sources").mkdir()
    (tmp_path / "work" / "shared" / "sources" / "a.txt").write_text("text\n", encoding="utf-8")
    assert find_project_sources([checkout]) == tmp_path / "work" / "shared" / "sources"


def test_show_places_each_paragraph_under_its_entry(tmp_path: Path) -> None:
    root, sources = make(tmp_path)
    result = runner.invoke(
        app, ["show", "demo-01", "--data", str(root), "--sources", str(sources), "-f", "markdown"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    met = next(i for i, line in enumerate(lines) if line.startswith("- s2: met"))
    assert lines[met + 1] == f"  - Source (locator 'after a delay'): {S2_TEXT.split(chr(10) * 2)[1].strip()}"
    s1 = next(i for i, line in enumerate(lines) if line.startswith("- s1: on-track"))
    source = next(line for line in lines[s1 + 1 :] if line.startswith("  - Source"))
    assert source.startswith("  - Source (heading #1): #1 BRIDGE Work on the bridgebegan in March 2011.")
    assert lines.index(source) < next(i for i, line in enumerate(lines) if line.startswith("- s2: completed"))


def test_a_revision_without_wording_is_found_by_its_period(tmp_path: Path) -> None:
    undated = ITEM.replace("        due: a delay to Fall 2011\n", "")
    root, sources = make(tmp_path, undated)
    assert run(root, sources)[0] == 0  # "Fall 2011" stands in the s2 text
    line = _one(tmp_path / "again", undated.replace("period: 2011-fall", "period: 2011-summer"))
    assert line == (
        "plan/demo/demo-01.yaml:15:17: [error] revised date 2011-summer is not in its passage in any "
        "written form (looked for 'summer 2011', 'summer of 2011', 'summer, 2011'); report s2 gives no "
        "layout, so its whole text is the passage (source-date)"
    )


def test_verify_and_show_sources_write_nothing(tmp_path: Path) -> None:
    root, sources = make(tmp_path)
    old = 1_000_000_000
    for path in (*root.rglob("*"), *sources.rglob("*")):
        os.utime(path, (old, old))

    def snapshot() -> dict[str, tuple[bytes, int]]:
        return {
            str(p): (p.read_bytes() if p.is_file() else b"", p.stat().st_mtime_ns)
            for folder in (root, sources)
            for p in sorted(folder.rglob("*"))
        }

    before = snapshot()
    assert run(root, sources)[0] == 0
    result = runner.invoke(app, ["show", "demo-01", "--data", str(root), "--sources", str(sources)])
    assert result.exit_code == 0, result.output
    assert snapshot() == before


def test_a_reports_word_on_a_target_is_found_by_its_locator(tmp_path: Path) -> None:
    """A recorded word (`said`) carries a locator that stands once in that report's text."""
    said = (
        "    said:\n"
        "      - report: s2\n"
        "        word: pending\n"
        "        note: Says it is coming.\n"
        "        evidence: s2, bridge paragraph\n"
        "        locator: the bridge will reopen\n"
    )
    item = re.sub(r"    outcome:\n(?:      .*\n)+", said, ITEM)  # the word instead of the outcome
    root, sources = make(tmp_path, item=item)
    code, lines, output = run(root, sources)
    line = item.splitlines().index("        locator: the bridge will reopen") + 1
    assert code == 1, output
    assert lines == [
        f"plan/demo/demo-01.yaml:{line}:18: [error] locator 'the bridge will reopen' is not in its passage: it is "
        "not in the text of report s2 (renamed-second.txt); report s2 gives no layout, so its whole text is the "
        "passage (source-locator)"
    ]


# -- issue 22 ------------------------------------------------------------------------------------


def test_a_source_text_over_the_cap_is_a_problem_not_a_memory_hog(tmp_path: Path) -> None:
    """Case 10: about 97 bytes of memory per source byte and no cap. A text over the cap is one
    problem; it is not read whole (the read stops one byte past the cap)."""
    from sbaudit.load.sources import MAX_SOURCE_BYTES

    big = S1_TEXT + ("More words in a long appendix.\n" * (MAX_SOURCE_BYTES // 31 + 1))
    root, sources = make(tmp_path, texts={"first.txt": big})
    code, lines, output = run(root, sources)
    assert code == 1, output
    assert any(
        f"{sources / 'first.txt'} is larger than the {MAX_SOURCE_BYTES // (1024 * 1024)} MiB a source text may have"
        in line
        and line.endswith("(source-text)")
        for line in lines
    ), lines


def test_a_locator_of_thousands_of_characters_is_not_searched(tmp_path: Path) -> None:
    """Case 10: a locator of thousands of characters (in at most eight words) was matched."""
    locator = "The " + "b" * 5000 + " opened"
    line = _one(tmp_path, ITEM.replace("locator: The bridge opened on", f"locator: {locator}"))
    assert line == (
        "plan/demo/demo-01.yaml:32:14: [error] a locator is a phrase of at most 200 characters, "
        "not 5011: not searched (source-locator)"
    )


def test_a_nul_in_a_text_file_name(tmp_path: Path) -> None:
    """Case 8: a NUL in texts.file was a ValueError traceback."""
    reports = {
        "reports/s1.yaml": REPORTS["reports/s1.yaml"].replace("file: first.txt", 'file: "first\\0.txt"')
    }
    line = _one(tmp_path, reports=reports)
    assert line.startswith("reports/s1.yaml:8:5: [error] the report's text is not in ")


def test_verify_and_show_sources_under_a_folder_named_with_escapes(tmp_path: Path) -> None:
    """Case 8: under a folder named with ESC and byte 0xff, the escaped name problems show was
    opened as if it were the real path (FileNotFoundError)."""
    odd = tmp_path / os.fsdecode(b"da\x1bta\xff")
    odd.mkdir()
    root, sources = make(odd)
    result = runner.invoke(app, ["verify", "--data", str(root), "--sources", str(sources)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["show", "demo-01", "--data", str(root), "--sources", str(sources)])
    assert result.exit_code == 0, result.output
    assert "The bridge opened on" in result.stdout


def test_the_shipped_summary_counts_each_kind_of_fact_by_its_rule(
    shipped: Path, project_sources: Path
) -> None:
    """The summary's figures, recounted from the data by the rules docs/data-format.md states."""
    from sbaudit.load.data_root import load_dataset

    dataset = load_dataset(shipped)
    items, reports = dataset.items, {report.id: report for report in dataset.reports}
    numbered = {r.id for r in dataset.reports if any(t.layout == "numbered" for t in r.texts)}
    rows = {r.id for r in dataset.reports if any(t.layout == "rows" for t in r.texts)}
    entries = [entry for item in items for entry in item.history]
    deadlines = [deadline for item in items for deadline in item.deadlines]
    outcomes = [d.outcome for d in deadlines if d.outcome is not None]
    kinds = {
        "wording": len(items),
        "title": sum(1 for i in items if i.number is not None and i.introduced in numbered),
        "group": sum(len(i.group) for i in items),
        "label": sum(
            (1 if e.raw and not e.partners else 0) + sum(1 for _, p in e.partners if p.raw) for e in entries
        ),
        "evidence": sum(len(re.findall(r"#\d+", e.evidence)) for e in entries),
        "locator": sum(1 for e in entries if e.locator)
        + sum(1 for o in outcomes if o.locator)
        + sum(1 for d in deadlines for w in d.said if w.locator),
        "due": len(deadlines),
        "revision": sum(len(d.revisions) for d in deadlines),
        "outcome": len(outcomes) + sum(1 for o in outcomes if o.date is not None),
        "report-date": sum(1 for r in reports.values() for _, said in r.dates_evidence if said.locator),
    }
    unchecked = [
        ("continues links", sum(len(i.continues) for i in items)),
        ("assessed statuses", sum(1 for e in entries if e.basis == "assessed")),
        (
            "outcomes read from narrative (that the passage says done)",
            sum(1 for o in outcomes if o.report not in rows),
        ),
        (
            "report dates cited outside the texts",
            sum(1 for r in reports.values() for _, said in r.dates_evidence if not said.locator),
        ),
        (
            "titles no heading gives (the curators' own)",
            sum(1 for i in items if i.number is None or i.introduced not in numbered),
        ),
        (
            "a report's word on a target read from narrative (that the passage says still to come)",
            sum(len(d.said) for d in deadlines),
        ),
    ]
    expected = f"checked: {sum(kinds.values())} facts of {len(kinds)} kinds; not checkable: " + ", ".join(
        f"{words} ({count})" for words, count in unchecked
    )
    result = runner.invoke(app, ["verify", "--data", str(shipped), "--sources", str(project_sources)])
    assert result.exit_code == 0, result.output
    assert expected in result.output.splitlines()
    # by hand, from the data: 138 wordings, 32 titles, 32 pillars + 3 x 106 SPP groups, 96 raw labels
    # + 20 partner labels, 32 headings, 32 + 106 entry locators + 13 outcome locators + 4 locators of a
    # report's word on a target, 125 deadlines, 9 revisions, 29 outcomes of which 5 dated (TOPOFF2's
    # is not: 2003 is the year of the invitation), 3 reports x 2 dates
    assert expected.startswith("checked: 997 facts of 10 kinds")
