"""Dates as governments write them (issue 25): 41 forms a plan or status report writes a deadline
in, each read under a Canadian fiscal year (starting in April), a US one (October) and with no
fiscal-year start. The program speaks in fiscal years where it has a start (its deadlines are
written FY2013-14 and the like), and every date is set by the plan, published 2011-12-07.

Each expectation is worked out by hand from docs/data-format.md: a period (first day, last day,
canonical spelling), a refusal (words it must say), or a question naming both readings."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sbaudit.core.periods import AmbiguousPeriod, PeriodError, Setting, parse_period

CANADA, US = 4, 10
PLAN_DAY = parse_period("2011-12-07")


@dataclass(frozen=True)
class Asked:
    """Refused as ambiguous: the message names both readings and how to write each."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class Refused:
    words: str


Read = tuple[str, str, str]  # first day, last day, canonical
Expect = Read | Asked | Refused

NO_START = Refused("a fiscal year, but the program sets no fiscal-year start: add fiscal_year_start")


def same(expect: Expect) -> tuple[Expect, Expect, Expect]:
    return expect, expect, expect


# (written, in Canada, in the US, with no fiscal-year start)
FORMS: list[tuple[str, Expect, Expect, Expect]] = [
    # days and months: the same everywhere
    ("2013-03-31", *same(("2013-03-31", "2013-03-31", "2013-03-31"))),
    ("March 31, 2013", *same(("2013-03-31", "2013-03-31", "2013-03-31"))),
    ("31 March 2013", *same(("2013-03-31", "2013-03-31", "2013-03-31"))),
    ("March 2013", *same(("2013-03-01", "2013-03-31", "2013-03"))),
    ("no later than March 31, 2013", *same(("2013-03-31", "2013-03-31", "2013-03-31"))),
    # a bare year: the calendar year, unless the program speaks in fiscal years
    (
        "2013",
        Asked(
            (
                "calendar year 2013 (2013-01-01 to 2013-12-31)",
                "FY2013 (2012-04-01 to 2013-03-31)",
                "write calendar 2013 for the calendar year or FY2013 for the fiscal year",
            )
        ),
        Asked(("calendar year 2013 (2013-01-01 to 2013-12-31)", "FY2013 (2012-10-01 to 2013-09-30)")),
        ("2013-01-01", "2013-12-31", "2013"),
    ),
    # calendar seasons, quarters, halves and parts of a year
    ("spring 2013", *same(("2013-03-01", "2013-05-31", "2013-spring"))),
    ("Q1 2013", *same(("2013-01-01", "2013-03-31", "2013-Q1"))),
    ("first half of 2013", *same(("2013-01-01", "2013-06-30", "2013-H1"))),
    ("mid-2013", *same(("2013-05-01", "2013-08-31", "2013-mid"))),
    (
        "end of 2013",
        Asked(("calendar year 2013", "FY2013 (2012-04-01 to 2013-03-31)")),
        Asked(("calendar year 2013", "FY2013 (2012-10-01 to 2013-09-30)")),
        ("2013-01-01", "2013-12-31", "2013"),
    ),
    (
        "year-end 2013",
        ("2013-01-01", "2013-12-31", "CY2013"),
        ("2013-01-01", "2013-12-31", "CY2013"),
        ("2013-01-01", "2013-12-31", "2013"),
    ),
    (
        "calendar year 2013",
        ("2013-01-01", "2013-12-31", "CY2013"),
        ("2013-01-01", "2013-12-31", "CY2013"),
        ("2013-01-01", "2013-12-31", "2013"),
    ),
    (
        "2012-2013",
        Asked(
            (
                "calendar years 2012 and 2013 (2012-01-01 to 2013-12-31)",
                "fiscal year 2012-2013 (2012-04-01 to 2013-03-31)",
                "write 2012 to 2013 for the calendar years or FY2012-13 for the fiscal year",
            )
        ),
        Asked(("calendar years 2012 and 2013", "(2012-10-01 to 2013-09-30)")),
        ("2012-01-01", "2013-12-31", "2012-2013"),
    ),
    # fiscal years: FY2013 ends in 2013; 2013-14 starts in 2013
    ("FY2013", ("2012-04-01", "2013-03-31", "FY2013"), ("2012-10-01", "2013-09-30", "FY2013"), NO_START),
    (
        "fiscal year 2013",
        ("2012-04-01", "2013-03-31", "FY2013"),
        ("2012-10-01", "2013-09-30", "FY2013"),
        NO_START,
    ),
    ("FY13", ("2012-04-01", "2013-03-31", "FY2013"), ("2012-10-01", "2013-09-30", "FY2013"), NO_START),
    (
        "fiscal year-end 2013",
        ("2012-04-01", "2013-03-31", "FY2013"),
        ("2012-10-01", "2013-09-30", "FY2013"),
        NO_START,
    ),
    (
        "fiscal year ending March 31, 2013",
        ("2012-04-01", "2013-03-31", "FY2013"),
        Refused(
            "fiscal years run from October to September, as fiscal_year_start: 10 says, so none ends in March"
        ),
        Refused(
            "add fiscal_year_start (a month number: 10 for October as in the US, 4 for April as in Canada) "
            "to its plan report; a fiscal year ending in March starts in April: 4"
        ),
    ),
    *[
        (text, ("2013-04-01", "2014-03-31", "FY2013-14"), ("2013-10-01", "2014-09-30", "FY2013-14"), NO_START)
        for text in (
            "FY2013-14",
            "FY2013-2014",
            "fiscal year 2013-14",
            "fiscal 2013/14",
            "2013-14",
            "FY13-14",
            "2013-14 fiscal year",
        )
    ],
    *[
        (text, ("2012-04-01", "2013-03-31", "FY2012-13"), ("2012-10-01", "2013-09-30", "FY2012-13"), NO_START)
        for text in ("end of the 2012-13 fiscal year", "2012/13")
    ],
    (
        "2011-12",
        Asked(
            (
                "month December 2011 (2011-12-01 to 2011-12-31)",
                "fiscal year 2011-12 (2011-04-01 to 2012-03-31)",
                "write December 2011 for the month or FY2011-12 for the fiscal year",
            )
        ),
        Asked(("month December 2011", "fiscal year 2011-12 (2011-10-01 to 2012-09-30)")),
        ("2011-12-01", "2011-12-31", "2011-12"),
    ),
    # fiscal quarters and halves
    *[
        (
            text,
            ("2013-04-01", "2013-06-30", "FY2013-14 Q1"),
            ("2013-10-01", "2013-12-31", "FY2013-14 Q1"),
            NO_START,
        )
        for text in ("Q1 FY2013-14", "first quarter of fiscal year 2013-14")
    ],
    *[
        (
            text,
            ("2013-10-01", "2014-03-31", "FY2013-14 H2"),
            ("2014-04-01", "2014-09-30", "FY2013-14 H2"),
            NO_START,
        )
        for text in ("H2 FY2013-14", "second half of fiscal 2013-14")
    ],
    # durations count from the setting report's publication, 2011-12-07
    *[
        (text, *same(("2013-06-07", "2013-06-07", "2013-06-07")))
        for text in (
            "within 18 months",
            "within eighteen months",
            "over the next 18 months",
            "18 months",
            "within 18 months of the release of the Action Plan",
        )
    ],
    *[
        (text, *same(("2013-12-07", "2013-12-07", "2013-12-07")))
        for text in ("within the next 2 years", "within two years")
    ],
    ("18 months after December 2011", *same(("2013-06-01", "2013-06-30", "2013-06"))),
]


def _setting(start: int | None) -> Setting:
    return Setting(
        start, PLAN_DAY, base_is_plan=True, fiscal_years=start is not None, fiscal_example="FY2013-14"
    )


def test_there_are_41_distinct_forms() -> None:
    assert len({text for text, *_ in FORMS}) == len(FORMS) == 41


@pytest.mark.parametrize("convention", ["canada", "us", "none"])
@pytest.mark.parametrize(("text", "canada", "us", "none"), FORMS)
def test_each_form_under_each_fiscal_convention(
    text: str, canada: Expect, us: Expect, none: Expect, convention: str
) -> None:
    start, expect = {"canada": (CANADA, canada), "us": (US, us), "none": (None, none)}[convention]
    setting = _setting(start)
    if isinstance(expect, Asked):
        with pytest.raises(AmbiguousPeriod) as asked:
            parse_period(text, setting=setting)
        assert str(asked.value).startswith(f"{text!r} can mean ")
        for words in expect.words:
            assert words in str(asked.value)
    elif isinstance(expect, Refused):
        with pytest.raises(PeriodError) as refused:
            parse_period(text, setting=setting)
        assert not isinstance(refused.value, AmbiguousPeriod)
        assert expect.words in str(refused.value)
    else:
        period = parse_period(text, setting=setting)
        assert (period.start.isoformat(), period.end.isoformat(), period.canonical) == expect
        # the canonical spelling reads back as the same days in the same setting
        again = parse_period(period.canonical, setting=setting)
        assert (again.start, again.end, again.canonical) == (period.start, period.end, period.canonical)


def test_counts_before_and_after() -> None:
    """Issue 25 counted what a Canadian plan's dates read as; now every form is read, or, where it
    means two periods, asked for (2013, end of 2013, 2012-2013, 2011-12)."""
    outcomes = {"read": 0, "asked": 0, "refused": 0}
    for text, *_ in FORMS:
        try:
            parse_period(text, setting=_setting(CANADA))
            outcomes["read"] += 1
        except AmbiguousPeriod:
            outcomes["asked"] += 1
        except PeriodError:
            outcomes["refused"] += 1
    assert outcomes == {"read": 37, "asked": 4, "refused": 0}


@pytest.mark.parametrize("start", [CANADA, US])
def test_a_fiscal_program_that_does_not_speak_in_fiscal_years_reads_a_bare_year_as_the_calendar_year(
    start: int,
) -> None:
    setting = Setting(start, PLAN_DAY)
    for text in ("2013", "end of 2013", 2013):
        period = parse_period(text, setting=setting)
        assert (period.start.isoformat(), period.end.isoformat(), period.canonical) == (
            "2013-01-01",
            "2013-12-31",
            "2013",
        )
    # 2011-12 stays a question: the grammar itself has two readings once fiscal years exist
    with pytest.raises(AmbiguousPeriod):
        parse_period("2011-12", setting=setting)


def test_the_explicit_forms_each_question_asks_for_are_read() -> None:
    canada = _setting(CANADA)
    assert parse_period("calendar 2013", setting=canada).end.isoformat() == "2013-12-31"
    assert parse_period("FY2013", setting=canada).end.isoformat() == "2013-03-31"
    assert parse_period("December 2011", setting=canada).canonical == "December 2011"
    assert parse_period("FY2011-12", setting=canada).start.isoformat() == "2011-04-01"
    assert parse_period("2012 to 2013", setting=canada).canonical == "2012 to 2013"
    assert parse_period("FY2012-13", setting=canada).end.isoformat() == "2013-03-31"


def test_with_a_january_start_fiscal_years_are_calendar_years_and_nothing_is_asked() -> None:
    january = Setting(1, PLAN_DAY)
    assert parse_period("2011-12", setting=january).canonical == "2011-12"
    assert parse_period("2012-2013", setting=january).canonical == "2012-2013"
    quarter = parse_period("Q1 FY2013", setting=january)
    assert (quarter.start.isoformat(), quarter.end.isoformat(), quarter.canonical) == (
        "2013-01-01",
        "2013-03-31",
        "FY2013 Q1",
    )
    ending = parse_period("fiscal year ending December 31, 2013", setting=january)
    assert (ending.start.isoformat(), ending.end.isoformat()) == ("2013-01-01", "2013-12-31")


@pytest.mark.parametrize(
    ("text", "setting", "words"),
    [
        # the event a duration counts from must be the report that sets the date
        (
            "within 18 months of the release of the Action Plan",
            Setting(CANADA, PLAN_DAY, base_is_plan=False),
            "counts from the plan's release, but the date is set by a status report",
        ),
        (
            "within 18 months of the entry into force of the agreement",
            Setting(CANADA, PLAN_DAY, base_is_plan=True),
            "the only event the data format knows is the publication of the report that sets the date",
        ),
        ("within two years", Setting(CANADA), "counts from the date of the report that sets it"),
        (
            "fiscal year ending March 30, 2013",
            Setting(CANADA),
            "ends on the last day of a month, e.g. March 31, 2013",
        ),
        ("fiscal year ending 2013", Setting(CANADA), "name the day or month the fiscal year ends"),
        (
            "2012/14",
            Setting(CANADA),
            "a fiscal year written with a slash has two consecutive years, e.g. 2012/13",
        ),
        ("FY13-15", Setting(CANADA), "a fiscal year spans two consecutive years, e.g. FY2014-15"),
        ("2013-15", Setting(CANADA), "no such month: 2013-15, nor a fiscal year"),
        ("2013-15", Setting(), "no such month: 2013-15 (months run 01-12)"),
    ],
)
def test_refusals_of_near_forms(text: str, setting: Setting, words: str) -> None:
    with pytest.raises(PeriodError) as refused:
        parse_period(text, setting=setting)
    assert words in str(refused.value)


def test_within_of_this_report_counts_from_any_setting_report() -> None:
    status = Setting(CANADA, parse_period("2012-12-14"), base_is_plan=False)
    assert (
        parse_period("within six months of the release of this report", setting=status).canonical
        == "2013-06-14"
    )


def test_two_digit_fiscal_years_pivot_at_69() -> None:
    """FY13 is 2013, FY68 is 2068 and FY69 is 1969 (POSIX strptime's %y)."""
    us = Setting(US)
    assert parse_period("FY13", setting=us).canonical == "FY2013"
    assert parse_period("FY68", setting=us).canonical == "FY2068"
    assert parse_period("FY69", setting=us).canonical == "FY1969"
    assert parse_period("FY99-00", setting=Setting(CANADA)).canonical == "FY1999-00"
