"""What sbaudit says about a report is what the report bears out (issue: every fate with its
evidence), on the shipped data. Each figure below was counted by hand from the source texts and
the rules in docs/audit-rules.md."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from sbaudit.cli import app

runner = CliRunner()


def run(shipped: Path, *args: str, width: int = 200) -> Result:
    result = runner.invoke(app, [*args, "--data", str(shipped)], env={"COLUMNS": str(width), "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return result


def lead(result: Result) -> str:
    """The lead paragraph, joined onto one line."""
    paragraphs = result.stdout.split("\n\n")
    return (
        " ".join(paragraphs[0].splitlines()[1:])
        if "changes from" in paragraphs[0]
        else " ".join(paragraphs[0].splitlines())
    )


def test_diff_2002_2004_says_what_rests_on_the_2004_reports_word(shipped: Path) -> None:
    text = lead(run(shipped, "diff", "2002", "2004"))
    # 21 dates set by 2002: 13 met, 3 the 2004 report calls still to come after their date
    # (Queenston-Lewiston, the other high-volume crossings, US officers overseas), 3 it never
    # mentions after their date (CIP meeting, Northstar in Winnipeg, the next crime forum)
    assert text.startswith(
        "Of the 21 dates in force and unmet at 2002, by 2004: 13 met (1 on time, 4 late and 8 on a date the "
        "reports do not pin down), 3 passed unmet as a report after the date says, 3 passed with no report's "
        "word since, 1 set aside and 1 still open."
    )
    # 6 newly completed; 05, 10 and 28 were complete at 2002 already
    assert "Of the 32 items, 6 newly completed (9 complete in all at 2004)" in text
    assert " shows " not in text


def test_diff_2004_spp_counts_only_dates_unmet_at_2004_and_names_silence(shipped: Path) -> None:
    text = lead(run(shipped, "diff", "2004", "spp"))
    # 18 dates were unmet at 2004 by the old count; the JPAU evaluation was already set aside there.
    # The SPP report says nothing of Smart Border dates: the 3 the 2004 report called still to come
    # after their date rest on that word; the other 14 on silence
    assert text.startswith(
        "Of the 17 dates in force and unmet at 2004, by spp-2006: 3 passed unmet as a report after the date "
        "says and 14 passed with no report's word since."
    )


def test_carried_forward_columns_name_the_report_each_status_comes_from(shipped: Path) -> None:
    data = json.loads(run(shipped, "diff", "2004", "spp", "--format", "json").stdout)
    carried = {row["item"]: row for row in data["items"]["continued"]}
    assert data["format_version"] == 2
    assert (carried["sbap-01"]["after"], carried["sbap-01"]["after_report"]) == (
        "partially-completed",
        "2004",
    )
    table = run(shipped, "diff", "2004", "spp", "--format", "markdown").stdout
    assert "status known at spp-2006 (report)" in table and "partially-completed (2004)" in table
    assert "status at spp-2006 |" not in table


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_every_rate_prints_its_numerator_and_denominator(shipped: Path, fmt: str) -> None:
    out = run(shipped, "summary", "--format", fmt).stdout
    # 2004: 1 on time of 8 decided (1 + 4 late + 3 passed unmet by the 2004 report's word)
    # spp-2006: 4 of 23 (4 + 12 passed unmet by its word + 7 re-dated after they passed)
    assert "1 of 8 (13%)" in out and "4 of 23 (17%)" in out


def test_the_csv_rate_has_its_parts_in_columns(shipped: Path) -> None:
    rows = {
        r["report"]: r for r in csv.DictReader(io.StringIO(run(shipped, "summary", "--format", "csv").stdout))
    }
    assert (rows["2004"]["on_time_met"], rows["2004"]["on_time_decided"], rows["2004"]["on_time_rate"]) == (
        "1",
        "8",
        "0.125",
    )
    assert (rows["spp-2006"]["on_time_met"], rows["spp-2006"]["on_time_decided"]) == ("4", "23")


def test_the_json_rate_carries_its_parts(shipped: Path) -> None:
    rows = {r["report"]: r for r in json.loads(run(shipped, "summary", "--format", "json").stdout)["rows"]}
    assert rows["2004"]["on_time"] == {"met_on_time": 1, "decided": 8, "rate": 0.125}
    assert rows["spp-2006"]["on_time"] == {"met_on_time": 4, "decided": 23, "rate": 0.174}
    by_area = json.loads(run(shipped, "summary", "spp", "--by", "area", "--format", "json").stdout)["rows"]
    assert all(set(r["on_time"]) == {"met_on_time", "decided", "rate"} for r in by_area)


def test_show_says_silence_where_the_report_is_silent(shipped: Path) -> None:
    out = run(shipped, "show", "sbap-21/cip-steering-committee-next-meeting").stdout
    assert "passed unmet" not in out
    assert (
        "As known at 2004: passed; no report since says whether it was done (20 months overdue); no report"
        in out
    )


def test_overdue_says_what_each_row_rests_on(shipped: Path) -> None:
    data = json.loads(run(shipped, "overdue", "--as-of", "2006-12", "--format", "json").stdout)
    rows = {(r["item"], r["target"], r["partner"]): r for r in data["overdue"]}
    cip = rows[("sbap-21", "cip-steering-committee-next-meeting", None)]
    assert (cip["fate"], cip["basis"], cip["word"]) == ("passed-silent", "silence", None)
    bridge = rows[("sbap-03", "nexus-queenston-lewiston-bridge", None)]
    assert (bridge["fate"], bridge["basis"], bridge["word"], bridge["word_report"]) == (
        "missed",
        "word",
        "pending",
        "2004",
    )
    # 57 rows: 15 passed unmet by a report's word, 4 re-dated after they passed (their new dates not
    # yet passed at 2006-12), 38 with no word since
    assert len(data["overdue"]) == 57
    assert sum(r["basis"] == "silence" for r in data["overdue"]) == 38
    text = lead(run(shipped, "overdue", "--as-of", "2006-12"))
    assert (
        "for 19 a report after the date said it was still to come, delayed or re-dated; for 38 no report"
        in text
    )
    assert "(no report's word since)" in text  # the oldest, the CIP meeting, rests on silence


def test_qualified_outcomes_show_how_the_promise_was_kept(shipped: Path) -> None:
    out = run(shipped, "diff", "2002", "2004", "--format", "csv").stdout
    kept = {(r["item"], r["target"]): r["kept"] for r in csv.DictReader(io.StringIO(out)) if r.get("kept")}
    assert (
        kept[("sbap-03", "nexus-air-pilot-enrolment")] == "in-another-form"
    )  # Vancouver, not Ottawa, Dorval
    assert kept[("sbap-08", "api-pnr-automated-sharing")] == "in-part"  # the first phase only
    table = run(shipped, "diff", "2002", "2004", "--format", "markdown").stdout
    assert "2004-11-30 (in another form)" in table and "2004-08-10 (in part)" in table
    show = run(shipped, "show", "sbap-03/nexus-air-pilot-enrolment").stdout
    assert "2004: met, in another form, on 2004-11-30." in show
