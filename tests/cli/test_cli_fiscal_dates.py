"""Dates on the command line of a program with a fiscal year (issue 25): `--as-of` asks where a
date means two periods (exit 2, both readings named), and refusals name the forms this data reads."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from conftest import TINY_ITEM, TINY_REPORTS, WriteRoot
from sbaudit.cli import app

runner = CliRunner()


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args))


def _plan(*lines: str, report: str = "reports/p1.yaml") -> str:
    return TINY_REPORTS[report].rstrip(" ") + "".join(f"        {line}\n" for line in lines)


def _refused(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    return result.stderr


FISCAL_ITEM = TINY_ITEM.replace("period: 2011-spring", "period: FY2011-12").replace(
    "due: by spring 2011", "due: by FY2011-12"
)


@pytest.fixture
def canadian(make_root: WriteRoot) -> Path:
    """A program whose fiscal year starts in April and whose deadline is written FY2011-12."""
    return make_root(
        {"reports/p1.yaml": _plan("fiscal_year_start: 4"), "plan/demo/demo-01.yaml": FISCAL_ITEM}
    )


@pytest.mark.parametrize("command", [["overdue"], ["report", "--html", "out.html"]])
def test_as_of_yyyy_yy_that_could_be_a_month_is_asked(
    command: list[str], canadian: Path, tmp_path: Path
) -> None:
    stderr = _refused(invoke(*command, "--as-of", "2011-12", "--data", str(canadian)))
    assert stderr == (
        "sbaudit: '2011-12' can mean the month December 2011 (2011-12-01 to 2011-12-31) or the fiscal "
        "year 2011-12 (2011-04-01 to 2012-03-31): write December 2011 for the month or FY2011-12 for the "
        "fiscal year\n"
    )
    assert not (tmp_path / "out.html").exists()


def test_as_of_a_bare_year_is_asked_where_the_program_speaks_in_fiscal_years(canadian: Path) -> None:
    stderr = _refused(invoke("overdue", "--as-of", "2012", "--data", str(canadian)))
    assert stderr.startswith(
        "sbaudit: '2012' can mean the calendar year 2012 (2012-01-01 to 2012-12-31) or the fiscal year "
        "FY2012 (2011-04-01 to 2012-03-31), and the program's dates are written in fiscal years (e.g. "
        "FY2011-12 in "
    )
    assert stderr.endswith("write calendar 2012 for the calendar year or FY2012 for the fiscal year\n")


@pytest.mark.parametrize(
    ("as_of", "heading"),
    [
        ("December 2011", "As of December 2011 (last day 2011-12-31)"),
        ("FY2011-12", "As of FY2011-12 (last day 2012-03-31)"),
        ("calendar 2012", "As of CY2012 (last day 2012-12-31)"),
        ("Q4 FY2011-12", "As of FY2011-12 Q4 (last day 2012-03-31)"),
    ],
)
def test_as_of_the_explicit_forms_are_read(as_of: str, heading: str, canadian: Path) -> None:
    done = invoke("overdue", "--as-of", as_of, "--data", str(canadian))
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith(heading)


def test_a_refused_fiscal_form_names_the_forms_this_program_reads(canadian: Path) -> None:
    stderr = _refused(invoke("overdue", "--as-of", "fiscal yr 2012", "--data", str(canadian)))
    assert stderr == (
        "sbaudit: not a period: 'fiscal yr 2012' (expected e.g. FY2014, FY2013-14, 2013-14 fiscal year, "
        "Q1 FY2013-14, first half of FY2014, fiscal year ending March 31, 2014)\n"
    )


def test_a_us_program_is_offered_its_own_fiscal_year_end(make_root: WriteRoot) -> None:
    root = make_root({"reports/p1.yaml": _plan("fiscal_year_start: 10")})
    stderr = _refused(invoke("overdue", "--as-of", "fiscal yr 2012", "--data", str(root)))
    assert "fiscal year ending September 30, 2014" in stderr
    assert "with fiscal_year_start" not in stderr


def test_without_a_fiscal_start_the_command_line_says_so(make_root: WriteRoot) -> None:
    root = make_root()
    assert _refused(invoke("overdue", "--as-of", "FY2012", "--data", str(root))) == (
        "sbaudit: not a period: 'FY2012' (a fiscal year, but no program in the data sets "
        "fiscal_year_start on its plan report, so give a calendar date)\n"
    )
    assert _refused(invoke("overdue", "--as-of", "fiscal yr 2012", "--data", str(root))) == (
        "sbaudit: not a period: 'fiscal yr 2012' (expected e.g. 2013-09, 2013-Q3, 2013-09-30: no program "
        "in the data sets fiscal_year_start on its plan report, so give a calendar date)\n"
    )
    # and without a fiscal start, 2011-12 is December 2011
    done = invoke("overdue", "--as-of", "2011-12", "--data", str(root))
    assert done.exit_code == 0 and done.stdout.startswith("As of 2011-12 (last day 2011-12-31)")


def test_programs_whose_fiscal_years_start_apart_get_a_calendar_date(make_root: WriteRoot) -> None:
    other = {
        "reports/q1.yaml": _plan("fiscal_year_start: 10")
        .replace("id: p1", "id: q1")
        .replace("demo", "other"),
        "plan/other/other-01.yaml": FISCAL_ITEM.replace("demo", "other")
        .replace("set_by: s1", "set_by: q1")
        .replace("report: s1", "report: q1")
        .replace("introduced: p1", "introduced: q1"),
    }
    root = make_root(
        {"reports/p1.yaml": _plan("fiscal_year_start: 4"), "plan/demo/demo-01.yaml": FISCAL_ITEM, **other}
    )
    assert invoke("validate", "--data", str(root)).exit_code == 0
    assert _refused(invoke("overdue", "--as-of", "FY2012", "--data", str(root))) == (
        "sbaudit: not a period: 'FY2012' (a fiscal year, but the programs' fiscal years start in "
        "different months, so give a calendar date)\n"
    )
    assert _refused(invoke("overdue", "--as-of", "2012", "--data", str(root))).startswith(
        "sbaudit: '2012' can mean the calendar year 2012 or a fiscal year, and the programs' dates are "
        "written in fiscal years (e.g. FY2011-12 in "
    )


def test_validate_asks_at_the_datas_line_and_column(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_root(
        {
            "reports/p1.yaml": _plan("fiscal_year_start: 4"),
            "plan/demo/demo-01.yaml": TINY_ITEM.replace("period: 2011-spring", 'period: "2010-11"').replace(
                "due: by spring 2011", "due: as the plan words it"
            ),
        }
    )
    monkeypatch.chdir(root)
    done = invoke("validate")
    assert done.exit_code == 1, done.output
    assert done.stdout == (
        "plan/demo/demo-01.yaml:11:13: [error] '2010-11' can mean the month November 2010 (2010-11-01 to "
        "2010-11-30) or the fiscal year 2010-11 (2010-04-01 to 2011-03-31): write November 2010 for the "
        "month or FY2010-11 for the fiscal year (period)\n"
    )
