import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sbaudit.core.periods import PeriodError, months_between, parse_period

D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end", "canonical"),
    [
        ("2003-01-23", D(2003, 1, 23), D(2003, 1, 23), "2003-01-23"),
        ("2003-01", D(2003, 1, 1), D(2003, 1, 31), "2003-01"),
        ("January 2003", D(2003, 1, 1), D(2003, 1, 31), "2003-01"),
        ("February 2004", D(2004, 2, 1), D(2004, 2, 29), "2004-02"),
        ("December 16, 2002", D(2002, 12, 16), D(2002, 12, 16), "2002-12-16"),
        ("16 December 2002", D(2002, 12, 16), D(2002, 12, 16), "2002-12-16"),
        ("2006-Q2", D(2006, 4, 1), D(2006, 6, 30), "2006-Q2"),
        ("Q4 2006", D(2006, 10, 1), D(2006, 12, 31), "2006-Q4"),
        ("2003-H1", D(2003, 1, 1), D(2003, 6, 30), "2003-H1"),
        ("spring 2003", D(2003, 3, 1), D(2003, 5, 31), "2003-spring"),
        ("Spring 2003", D(2003, 3, 1), D(2003, 5, 31), "2003-spring"),
        ("late Spring 2003", D(2003, 3, 1), D(2003, 5, 31), "2003-spring"),
        ("summer 2005", D(2005, 6, 1), D(2005, 8, 31), "2005-summer"),
        ("Fall 2006", D(2006, 9, 1), D(2006, 11, 30), "2006-fall"),
        ("autumn 2006", D(2006, 9, 1), D(2006, 11, 30), "2006-fall"),
        ("winter 2004", D(2003, 12, 1), D(2004, 2, 29), "2004-winter"),
        ("early 2005", D(2005, 1, 1), D(2005, 4, 30), "2005-early"),
        ("mid-2005", D(2005, 5, 1), D(2005, 8, 31), "2005-mid"),
        ("late 2005", D(2005, 9, 1), D(2005, 12, 31), "2005-late"),
        ("end of 2003", D(2003, 1, 1), D(2003, 12, 31), "2003"),
        ("by the end of 2003", D(2003, 1, 1), D(2003, 12, 31), "2003"),
        ("2005", D(2005, 1, 1), D(2005, 12, 31), "2005"),
        (2005, D(2005, 1, 1), D(2005, 12, 31), "2005"),
        (D(2003, 1, 23), D(2003, 1, 23), D(2003, 1, 23), "2003-01-23"),
        # SPP milestones "within N months" with no month given count from June 2005
        ("6 months after 2005-06", D(2005, 12, 1), D(2005, 12, 31), "2005-12"),
        ("21 months after June 2005", D(2007, 3, 1), D(2007, 3, 31), "2007-03"),
        ("2 years after 2005-06", D(2007, 6, 1), D(2007, 6, 30), "2007-06"),
        ("1 month from 2005-01-31", D(2005, 2, 28), D(2005, 2, 28), "2005-02-28"),
    ],
)
def test_grammar(text: object, start: dt.date, end: dt.date, canonical: str) -> None:
    period = parse_period(text)
    assert (period.start, period.end, period.canonical) == (start, end, canonical)


@pytest.mark.parametrize(
    "text",
    [
        "6 months after 2005",
        "a few months after 2005-06",
        "",
        "sometime",
        "2003-13",
        "2003-02-30",
        "0000",
        "Q5 2003",
        True,
        None,
        3.5,
        "spring",
    ],
)
def test_rejects(text: object) -> None:
    with pytest.raises(PeriodError):
        parse_period(text)


def test_months_between_rounds_to_nearest_month() -> None:
    # Spring 2003 ends 2003-05-31; the API/PNR exchange began 2004-08-10: 14 months 10 days
    assert months_between(D(2003, 5, 31), D(2004, 8, 10)) == 14
    assert months_between(D(2003, 3, 31), D(2003, 4, 23)) == 1
    assert months_between(D(2003, 4, 30), D(2004, 11, 30)) == 19
    assert months_between(D(2006, 6, 30), D(2006, 12, 31)) == 6
    assert months_between(D(2004, 1, 1), D(2003, 1, 1)) == -12


_KINDS = st.sampled_from(
    [
        "",
        "-01",
        "-12",
        "-Q1",
        "-Q4",
        "-H2",
        "-spring",
        "-winter",
        "-fall",
        "-early",
        "-mid",
        "-late",
        "-02-28",
        "-12-31",
    ]
)


@given(st.integers(min_value=2, max_value=9998), _KINDS)
def test_canonical_round_trip(year: int, suffix: str) -> None:
    period = parse_period(f"{year:04d}{suffix}")
    assert period.start <= period.end
    again = parse_period(period.canonical)
    assert again == period


@given(st.dates(min_value=D(1000, 1, 1), max_value=D(9998, 12, 31)))
def test_days_and_months_contain_themselves(day: dt.date) -> None:
    assert parse_period(day.isoformat()).start == day
    month = parse_period(day.strftime("%Y-%m"))
    assert month.start <= day <= month.end
    assert parse_period(day.strftime("%B %Y")) == month


@given(st.text(max_size=40))
def test_arbitrary_text_parses_or_raises_period_error(text: str) -> None:
    try:
        period = parse_period(text)
    except PeriodError:
        return
    assert period.start <= period.end


# -- forms government plans write (issue: any plan) --------------------------------------------

US, CANADA = 10, 4  # fiscal years starting in October and in April


@pytest.mark.parametrize(
    ("text", "fiscal", "start", "end", "canonical"),
    [
        ("first half of 2003", None, D(2003, 1, 1), D(2003, 6, 30), "2003-H1"),
        ("second half of 2003", None, D(2003, 7, 1), D(2003, 12, 31), "2003-H2"),
        ("third quarter of 2003", None, D(2003, 7, 1), D(2003, 9, 30), "2003-Q3"),
        ("4th quarter 2003", None, D(2003, 10, 1), D(2003, 12, 31), "2003-Q4"),
        ("Q3 2003", None, D(2003, 7, 1), D(2003, 9, 30), "2003-Q3"),
        ("fall of 2012", None, D(2012, 9, 1), D(2012, 11, 30), "2012-fall"),
        ("year-end 2003", None, D(2003, 1, 1), D(2003, 12, 31), "2003"),
        ("by year-end 2003", None, D(2003, 1, 1), D(2003, 12, 31), "2003"),
        ("end of year 2003", None, D(2003, 1, 1), D(2003, 12, 31), "2003"),
        ("beginning of 2013", None, D(2013, 1, 1), D(2013, 4, 30), "2013-early"),
        ("January of 2013", None, D(2013, 1, 1), D(2013, 1, 31), "2013-01"),
        # US: FY2013 is October 2012 to September 2013
        ("FY2013", US, D(2012, 10, 1), D(2013, 9, 30), "FY2013"),
        ("FY 2013", US, D(2012, 10, 1), D(2013, 9, 30), "FY2013"),
        ("fiscal year 2013", US, D(2012, 10, 1), D(2013, 9, 30), "FY2013"),
        ("FY2012-13", US, D(2012, 10, 1), D(2013, 9, 30), "FY2012-13"),
        # Canada: 2013-14 is April 2013 to March 2014
        ("2013-14", CANADA, D(2013, 4, 1), D(2014, 3, 31), "FY2013-14"),
        ("FY2013-14", CANADA, D(2013, 4, 1), D(2014, 3, 31), "FY2013-14"),
        ("fiscal 2013/14", CANADA, D(2013, 4, 1), D(2014, 3, 31), "FY2013-14"),
        ("FY2013-2014", CANADA, D(2013, 4, 1), D(2014, 3, 31), "FY2013-14"),
        ("FY2014", CANADA, D(2013, 4, 1), D(2014, 3, 31), "FY2014"),
        ("1999-00", CANADA, D(1999, 4, 1), D(2000, 3, 31), "FY1999-00"),
        # with a fiscal year, 2011-12 is asked for (test_period_grammar.py); both readings spelled out
        ("December 2011", CANADA, D(2011, 12, 1), D(2011, 12, 31), "December 2011"),
        ("FY2011-12", CANADA, D(2011, 4, 1), D(2012, 3, 31), "FY2011-12"),
        ("FY2013", 1, D(2013, 1, 1), D(2013, 12, 31), "FY2013"),
        # ranges of years
        ("2012-2013", None, D(2012, 1, 1), D(2013, 12, 31), "2012-2013"),
        ("2012 to 2014", None, D(2012, 1, 1), D(2014, 12, 31), "2012-2014"),
    ],
)
def test_government_forms(
    text: str, fiscal: int | None, start: dt.date, end: dt.date, canonical: str
) -> None:
    period = parse_period(text, fiscal_year_start=fiscal)
    assert (period.start, period.end, period.canonical) == (start, end, canonical)
    # the canonical spelling reads back as the same period
    assert parse_period(period.canonical, fiscal_year_start=fiscal) == period


def test_within_counts_from_the_setting_reports_date() -> None:
    day = parse_period("2005-06-27")
    assert parse_period("within 18 months", base=day) == parse_period("2006-12-27")
    assert parse_period("within the next 2 years", base=day) == parse_period("2007-06-27")
    month = parse_period("2005-06")
    assert parse_period("within 6 months", base=month) == parse_period("2005-12")
    assert parse_period("Within 1 month", base=parse_period("2005-01-31")).canonical == "2005-02-28"


@pytest.mark.parametrize(
    ("text", "fiscal", "base", "message"),
    [
        ("FY2013", None, None, "add fiscal_year_start"),
        ("2013-14", None, None, "add fiscal_year_start"),
        ("FY2013-15", CANADA, None, "two consecutive years, e.g. FY2014-15"),
        ("FY2013-14", 1, None, "starts in January, so it is a calendar year; write FY2014"),
        ("2013-15", CANADA, None, "no such month: 2013-15"),
        ("within 18 months", None, None, "counts from the date of the report that sets it"),
        ("within 18 months", None, "2005", "counts from a month or a day"),
        ("2013-2012", None, None, "a range of years runs forward"),
        # refused forms name the accepted forms closest to them
        ("spring", None, None, "expected e.g. spring 2003, 2003-spring, fall of 2012"),
        ("the third quarter", None, None, "expected e.g. 2006-Q2, Q2 2006, second quarter of 2006"),
        ("half 2003", None, None, "expected e.g. 2003-H1, H1 2003, first half of 2003"),
        ("fiscal", None, None, "expected e.g. FY2013, FY2013-14, 2013-14"),
        ("some months after June 2005", None, None, "expected e.g. 6 months after 2005-06"),
        ("mid-year 2005", None, None, "expected e.g. early 2005, mid-2005"),
        ("Janvier 2003", None, None, "expected e.g. January 2003"),
        ("2003/01/23", None, None, "expected e.g. 2003-01-23, 2003-01, 2003"),
    ],
)
def test_refusals_say_what_to_write(text: str, fiscal: int | None, base: str | None, message: str) -> None:
    with pytest.raises(PeriodError) as refused:
        parse_period(text, fiscal_year_start=fiscal, base=parse_period(base) if base else None)
    assert message in str(refused.value)


# -- bounds and hostile input (issue: nothing a data file can do hurts the user) --------------------


@pytest.mark.parametrize(
    "text", ["2 years after December 9998", "12 months after 9998-12-31", "24 months after 9998-01"]
)
def test_relative_periods_past_year_9998_are_refused(text: str) -> None:
    with pytest.raises(
        PeriodError, match=r"falls in year (9999|10000), outside the years sbaudit reads \(1-9998\)"
    ):
        parse_period(text)


def test_a_long_chain_of_relative_periods_is_refused_without_recursion() -> None:
    with pytest.raises(PeriodError, match="more than the 200"):
        parse_period("1 month after " * 400 + "2005-06")
    # short enough to be read, yet a relative period never counts from another one
    with pytest.raises(PeriodError, match="counts from a month or a day"):
        parse_period("1 month after " * 10 + "2005-06")


@pytest.mark.parametrize("text", ["9999", "9999-12", "9999-12-31", "December 31, 9999", "9999-Q4", "FY9999"])
def test_year_9999_is_refused_in_every_form(text: str) -> None:
    with pytest.raises(PeriodError, match=r"outside the years sbaudit reads \(1-9998\)"):
        parse_period(text, fiscal_year_start=US)


def test_year_9998_is_read_in_every_form() -> None:
    for text in ("9998", "9998-12", "9998-12-31", "December 31, 9998", "9998-Q4", "winter 9998"):
        assert parse_period(text).end.year == 9998
    with pytest.raises(PeriodError, match="outside the years"):
        parse_period(D(9999, 1, 1))


@pytest.mark.parametrize(
    "text",
    [
        "\u0662\u0660\u0660\u0663",  # Arabic-Indic digits: 2003
        "\u0662\u0660\u0660\u0663-\u0660\u0661",
        "\uff12\uff10\uff10\uff13",  # full-width digits: 2003
        "\uff12\uff10\uff10\uff13-01-23",
        "January \uff12\uff13, 2003",
        "\u06f6 months after 2005-06",  # extended Arabic-Indic 6
    ],
)
def test_only_ascii_digits_are_read(text: str) -> None:
    with pytest.raises(PeriodError) as refused:
        parse_period(text)
    assert "ASCII" in str(refused.value) or "expected e.g." in str(refused.value)


@pytest.mark.parametrize("text", ["2003\nx", "2003-01\n2003-02", "spring 2003\u2028x"])
def test_a_value_must_be_a_period_whole(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text)


def test_empty_text_is_refused() -> None:
    with pytest.raises(PeriodError, match="the value is empty"):
        parse_period("   ")


def test_every_whole_value_pattern_is_anchored() -> None:
    """Patterns meant to match a whole value are used with fullmatch (or end in \\Z): a `$` would
    accept a trailing newline."""
    import inspect

    import sbaudit.core.periods as periods

    source = inspect.getsource(periods)
    assert '$"' not in source and "$'" not in source
    assert ".match(" not in source.replace("pattern.fullmatch(", "")


@given(
    st.text(max_size=60),
    st.one_of(st.none(), st.integers(min_value=1, max_value=12)),
    st.one_of(st.none(), st.dates(min_value=D(1, 1, 1), max_value=D(9998, 12, 31))),
)
def test_arbitrary_text_in_any_context_parses_or_raises_period_error(
    text: str, fiscal: int | None, base: dt.date | None
) -> None:
    try:
        period = parse_period(text, fiscal_year_start=fiscal, base=parse_period(base) if base else None)
    except PeriodError:
        return
    assert period.start <= period.end
    assert 1 <= period.start.year and period.end.year <= 9998


@given(
    st.sampled_from(["within {n} months", "{n} months after 9998-{m:02d}", "FY{y}", "{y}-{z}", "Q4 {y}"]),
    st.integers(min_value=0, max_value=999),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=9998),
)
def test_edges_of_the_year_range_never_escape_a_period_error(form: str, n: int, m: int, y: int) -> None:
    text = form.format(n=n, m=m, y=f"{y:04d}", z=f"{(y + 1) % 100:02d}")
    try:
        period = parse_period(text, fiscal_year_start=m, base=parse_period("9998-12-31"))
    except PeriodError:
        return
    assert 1 <= period.start.year and period.end.year <= 9998
