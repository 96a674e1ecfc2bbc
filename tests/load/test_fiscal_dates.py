"""Dates in the data of a program with a fiscal year (issue 25): a date that means two periods in
the program's setting is a problem at its file:line:col naming both readings; what the setting
report's publication can count from; the programs that speak in fiscal years."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TINY_ITEM, TINY_REPORTS, WriteRoot
from sbaudit.core.model import fiscal_speakers, fiscal_starts
from sbaudit.load.data_root import load_dataset

CANADIAN_PLAN = TINY_REPORTS["reports/p1.yaml"].rstrip(" ") + "        fiscal_year_start: 4\n"


def _item(number: int, period: str, set_by: str = "s1") -> tuple[str, str]:
    """demo-0N with one deadline; its period's value stands at line 11, column 13."""
    text = (
        TINY_ITEM.replace("id: demo-01", f"id: demo-0{number}")
        .replace("period: 2011-spring", f"period: {period}")
        .replace("due: by spring 2011", "due: as the plan words it")  # a wording with no reading of its own
        .replace("set_by: s1", f"set_by: {set_by}")
    )
    return f"plan/demo/demo-0{number}.yaml", text


def _problems(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch, *items: tuple[str, str], plan: str = CANADIAN_PLAN
) -> list[str]:
    root = make_root({"reports/p1.yaml": plan, **dict(items)}, with_item=False)
    monkeypatch.chdir(root)
    return [p.format() for p in load_dataset(root).problems]


SPEAKS_FISCAL = _item(1, '"FY2011-12"')


def test_a_bare_year_where_the_program_speaks_in_fiscal_years_is_asked(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = _problems(
        make_root, monkeypatch, SPEAKS_FISCAL, _item(2, '"2011"'), _item(3, '"by the end of 2012"')
    )
    assert found == [
        "plan/demo/demo-02.yaml:11:13: [error] '2011' can mean the calendar year 2011 (2011-01-01 to "
        "2011-12-31) or the fiscal year FY2011 (2010-04-01 to 2011-03-31), and the program's dates are "
        "written in fiscal years (e.g. FY2011-12 in plan/demo/demo-01.yaml): write calendar 2011 for "
        "the calendar year or FY2011 for the fiscal year (period)",
        "plan/demo/demo-03.yaml:11:13: [error] 'by the end of 2012' can mean the calendar year 2012 "
        "(2012-01-01 to 2012-12-31) or the fiscal year FY2012 (2011-04-01 to 2012-03-31), and the "
        "program's dates are written in fiscal years (e.g. FY2011-12 in plan/demo/demo-01.yaml): write "
        "calendar 2012 for the calendar year or FY2012 for the fiscal year (period)",
    ]


def test_an_unquoted_year_is_asked_too(make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch) -> None:
    [problem] = _problems(make_root, monkeypatch, SPEAKS_FISCAL, _item(2, "2011"))
    assert problem.startswith("plan/demo/demo-02.yaml:11:13: [error] 2011 can mean the calendar year 2011 ")


def test_the_explicit_forms_asked_for_are_read(make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch) -> None:
    assert (
        _problems(make_root, monkeypatch, SPEAKS_FISCAL, _item(2, "calendar 2011"), _item(3, "FY2011")) == []
    )
    dataset = load_dataset(
        make_root(
            {
                "reports/p1.yaml": CANADIAN_PLAN,
                SPEAKS_FISCAL[0]: SPEAKS_FISCAL[1],
                "plan/demo/demo-02.yaml": _item(2, "calendar 2011")[1],
            },
            with_item=False,
        )
    )
    periods = {item.id: item.deadlines[0].period for item in dataset.items}
    assert (periods["demo-02"].canonical, periods["demo-02"].end.isoformat()) == ("CY2011", "2011-12-31")
    assert (periods["demo-01"].start.isoformat(), periods["demo-01"].end.isoformat()) == (
        "2011-04-01",
        "2012-03-31",
    )


def test_a_bare_year_is_the_calendar_year_where_the_program_does_not_speak_in_fiscal_years(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fiscal_year_start alone does not make a bare year a question: no deadline is fiscal."""
    root = make_root(
        {"reports/p1.yaml": CANADIAN_PLAN, "plan/demo/demo-02.yaml": _item(2, '"2011"')[1]}, with_item=False
    )
    dataset = load_dataset(root)
    assert dataset.problems == ()
    assert dataset.items[0].deadlines[0].period.canonical == "2011"
    assert dataset.programs["demo"].fiscal_example == ""


def test_yyyy_yy_that_could_be_a_month_is_asked_wherever_a_fiscal_start_is_set(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _problems(make_root, monkeypatch, _item(2, '"2011-12"')) == [
        "plan/demo/demo-02.yaml:11:13: [error] '2011-12' can mean the month December 2011 (2011-12-01 to "
        "2011-12-31) or the fiscal year 2011-12 (2011-04-01 to 2012-03-31): write December 2011 for the "
        "month or FY2011-12 for the fiscal year (period)"
    ]


def test_the_plan_reports_own_dates_are_read_with_its_fiscal_start(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """...and the report refused for it cascades into nothing elsewhere: no "unknown report", and
    its items' fiscal years still read with its fiscal-year start."""
    plan = CANADIAN_PLAN.replace('published: "2010-01-15"', 'published: "2009-10"')
    assert _problems(make_root, monkeypatch, _item(2, '"FY2011"', set_by="p1"), plan=plan) == [
        "reports/p1.yaml:5:12: [error] '2009-10' can mean the month October 2009 (2009-10-01 to 2009-10-31) "
        "or the fiscal year 2009-10 (2009-04-01 to 2010-03-31): write October 2009 for the month or "
        "FY2009-10 for the fiscal year (period)"
    ]


def test_without_a_fiscal_start_nothing_is_asked(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = TINY_REPORTS["reports/p1.yaml"]
    root = make_root(
        {
            "reports/p1.yaml": plain,
            "plan/demo/demo-02.yaml": _item(2, '"2011-12"')[1],
            "plan/demo/demo-03.yaml": _item(3, '"2012-2013"')[1],
        },
        with_item=False,
    )
    dataset = load_dataset(root)
    assert dataset.problems == ()
    assert sorted(item.deadlines[0].period.canonical for item in dataset.items) == ["2011-12", "2012-2013"]


def test_within_of_the_plans_release_counts_from_the_plan_when_the_plan_sets_the_date(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = '"within 18 months of the release of the Action Plan"'
    found = _problems(make_root, monkeypatch, _item(2, text, set_by="p1"), _item(3, text, set_by="s1"))
    assert found == [
        "plan/demo/demo-03.yaml:11:13: [error] not a period: 'within 18 months of the release of the "
        "Action Plan' (it counts from the plan's release, but the date is set by a status report, and "
        "sbaudit counts only from the publication of the report that sets a date: count from the plan's "
        "publication date, e.g. 18 months after 2011-12-07) (period)"
    ]
    dataset = load_dataset(
        make_root(
            {"reports/p1.yaml": CANADIAN_PLAN, "plan/demo/demo-02.yaml": _item(2, text, set_by="p1")[1]},
            with_item=False,
        )
    )
    # the plan was published 2010-01-15: eighteen months later
    assert dataset.items[0].deadlines[0].period.canonical == "2011-07-15"


def test_fiscal_starts_and_speakers_are_derived_once(make_root: WriteRoot) -> None:
    dataset = load_dataset(
        make_root({"reports/p1.yaml": CANADIAN_PLAN, SPEAKS_FISCAL[0]: SPEAKS_FISCAL[1]}, with_item=False)
    )
    starts = fiscal_starts(dataset.reports)
    assert starts == {"demo": 4}
    assert fiscal_speakers(dataset.items, starts) == {"demo": f"FY2011-12 in {dataset.items[0].where.file}"}
    assert dataset.programs["demo"].fiscal_year_start == 4
    # a January start is the calendar year: nothing it writes is a second reading
    assert fiscal_speakers(dataset.items, {"demo": 1}) == {}


def test_the_shipped_data_has_no_fiscal_start_and_reads_as_before(shipped: Path) -> None:
    dataset = load_dataset(shipped)
    assert dataset.problems == ()
    assert {p.fiscal_year_start for p in dataset.programs.values()} == {None}
    assert dataset.command_line_setting.fiscal_year_start is None
    assert not dataset.command_line_setting.fiscal_years


def test_a_refused_fiscal_form_names_the_forms_this_program_reads(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not "(with fiscal_year_start on the plan report)" where the plan report sets it."""
    [problem] = _problems(make_root, monkeypatch, _item(2, '"fiscal yr 2011"'))
    assert problem == (
        "plan/demo/demo-02.yaml:11:13: [error] not a period: 'fiscal yr 2011' (expected e.g. FY2014, "
        "FY2013-14, 2013-14 fiscal year, Q1 FY2013-14, first half of FY2014, fiscal year ending March 31, "
        "2014) (period)"
    )
    plain = TINY_REPORTS["reports/p1.yaml"]
    [problem] = _problems(make_root, monkeypatch, _item(2, '"fiscal yr 2011"'), plan=plain)
    assert problem.endswith(
        "(expected e.g. FY2013, FY2013-14, 2013-14 (with fiscal_year_start on the plan report)) (period)"
    )
