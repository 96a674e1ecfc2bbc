import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sbaudit.periods import PeriodError, months_between, parse_period

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


@pytest.mark.parametrize("text", ["6 months after 2005", "six months after 2005-06", "", "sometime", "2003-13", "2003-02-30", "0000", "Q5 2003", True, None, 3.5, "spring"])
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


_KINDS = st.sampled_from(["", "-01", "-12", "-Q1", "-Q4", "-H2", "-spring", "-winter", "-fall", "-early", "-mid", "-late", "-02-28", "-12-31"])


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
