"""Fuzzy dates: a period is a span of days written as a day, month, quarter, half, season, part of
a year, year, fiscal year (or a fiscal quarter or half), range of years, or counted from another
date. Deadlines are met by a period's last day; periods compare by it. dateutil does every month
and year step.

What a written date means may depend on its setting (`Setting`): the program's fiscal-year start,
the report that sets the date, and whether the program speaks in fiscal years. Where a text means
two periods in its setting, it is refused with both readings named (`AmbiguousPeriod`): nothing is
guessed. No text matches two productions of the grammar (tests/core/test_period_grammar.py)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

__all__ = [
    "NUMBER_WORDS",
    "Period",
    "PeriodError",
    "AmbiguousPeriod",
    "Setting",
    "parse_period",
    "months_between",
    "month_name",
    "MIN_YEAR",
    "MAX_YEAR",
    "MAX_LENGTH",
    "NO_START_IN_DATA",
]

MIN_YEAR, MAX_YEAR = 1, 9998  # 9999 is left out so that any period can end a year later
MAX_LENGTH = 200  # characters: longer text is no date a document writes


class PeriodError(ValueError):
    """A value that is not a period sbaudit understands."""


class AmbiguousPeriod(PeriodError):
    """A value that means two periods in its setting; the message names both and how to write each."""


class Period(NamedTuple):
    """A span of days, first and last included, with its canonical spelling."""

    start: dt.date
    end: dt.date
    canonical: str
    kind: str

    def __str__(self) -> str:
        return self.canonical

    @property
    def fiscal(self) -> bool:
        """Written as a fiscal year, or a quarter or half of one."""
        return self.kind.startswith("fiscal")


NO_START_IN_DATA = (
    "the program sets no fiscal-year start: add fiscal_year_start (a month number: 10 for October "
    "as in the US, 4 for April as in Canada) to its plan report"
)


class Setting(NamedTuple):
    """What a written date may mean beyond its text.

    `fiscal_year_start`: the month the program's fiscal year starts (fiscal forms need it).
    `base`: the publication date of the report that sets the date (`within 18 months` counts from
    it); `base_is_plan`: that report is the program's plan (`within 18 months of the release of the
    action plan` needs it). `fiscal_years`: the program speaks in fiscal years, so a bare year is
    asked for as `FY2013` or `calendar 2013` (`fiscal_example` says where it speaks so).
    `no_start`: why fiscal forms cannot be read when there is no fiscal-year start."""

    fiscal_year_start: int | None = None
    base: Period | None = None
    base_is_plan: bool = False
    fiscal_years: bool = False
    fiscal_example: str = ""
    no_start: str = NO_START_IN_DATA

    @property
    def fiscal(self) -> bool:
        """A fiscal year other than the calendar year: `2011-12` may then mean a fiscal year."""
        return self.fiscal_year_start is not None and self.fiscal_year_start != 1


# English names, whatever the machine's locale: the sources are written in English
_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTHS: dict[str, int] = {}
for _number, _name in enumerate(_NAMES, start=1):
    _MONTHS[_name] = _number
    _MONTHS[_name[:3]] = _number
_MONTHS["sept"] = 9

# Meteorological seasons, northern hemisphere: first month; winter YYYY starts in December of the
# year before, so that "winter 2004" is the winter that ends in 2004.
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
_PARTS = {
    "early": (1, 4),
    "beginning": (1, 4),
    "start": (1, 4),
    "mid": (5, 8),
    "middle": (5, 8),
    "late": (9, 12),
}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}

# Numbers in words, as plans write durations ("within two years", "within eighteen months")
_SMALL = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORDS: dict[str, int] = {"a": 1, "an": 1}
_WORDS.update({word: n for n, word in enumerate(_SMALL, start=1)})
for _t, _tens in enumerate(_TENS, start=2):
    _WORDS[_tens] = 10 * _t
    for _n, _unit_word in enumerate(_SMALL[:9], start=1):
        _WORDS[f"{_tens}-{_unit_word}"] = 10 * _t + _n
        _WORDS[f"{_tens} {_unit_word}"] = 10 * _t + _n
NUMBER_WORDS = _WORDS  # shared with the loader, which compares a wording's durations


def _chain(words: list[str]) -> str:
    """A pattern for words each of which begins the next: `sep(?:t(?:ember)?)?`."""
    first, longer = words[0], words[1:]
    return first + (f"(?:{_chain([word[len(first) :] for word in longer])})?" if longer else "")


# The words of _MONTHS and _WORDS as patterns that share their beginnings: one alternative per
# word made the grammar's three counted forms cost 3 ms each to compile, most of its compiling.
# Each matches exactly the words of its dict (tests/core/test_period_grammar.py), and what follows
# a word in the grammar (a space and a unit, a full stop, a comma, a space and a number) never
# continues it into a longer word: every text is read with the same words as before.
_MONTH_WORD = "|".join(_chain(sorted((w for w in _MONTHS if name.startswith(w)), key=len)) for name in _NAMES)
_NUMBER_WORD = "|".join(
    [_chain(["a", "an"]), *_SMALL, rf"(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_SMALL[:9])}))?"]
)

_Y = r"([0-9]{4})"  # ASCII digits only: re.ASCII below, so \d is never a foreign digit either
_FY_TEXT = (  # a fiscal year named as such: FY2013, FY13, FY2013-14, fiscal year 2013/14, 2013-14 fiscal year
    r"(?:fy ?|fiscal (?:year )?)(?:[0-9]{4}|[0-9]{2})(?:[-/](?:[0-9]{4}|[0-9]{2}))?"
    r"|[0-9]{4}(?:[-/](?:[0-9]{4}|[0-9]{2}))? fiscal year"
)
_FY_OR_PAIR = rf"{_FY_TEXT}|[0-9]{{4}}[-/](?:[0-9]{{4}}|[0-9]{{2}})"  # a quarter may name 2013-14 bare
_FY_PAIR_OR_YEAR = r"[0-9]{4}(?:[-/](?:[0-9]{4}|[0-9]{2}))?"  # fiscal year-end 2013, 2013-14


# -- building blocks ---------------------------------------------------------------------------


def _year(text: str) -> int:
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(f"year {year} is outside the years sbaudit reads ({MIN_YEAR}-{MAX_YEAR})")
    return year


def _check_bounds(period: Period) -> Period:
    for when in (period.start, period.end):
        if not MIN_YEAR <= when.year <= MAX_YEAR:
            raise PeriodError(
                f"{period.canonical} reaches year {when.year}, outside the years sbaudit "
                f"reads ({MIN_YEAR}-{MAX_YEAR})"
            )
    return period


def _shift(start: dt.date, **delta: int) -> dt.date:
    try:
        return start + relativedelta(**delta)  # type: ignore[arg-type]
    except (ValueError, OverflowError):
        raise PeriodError(f"the date falls outside the years sbaudit reads ({MIN_YEAR}-{MAX_YEAR})") from None


def _day(year: int, month: int, day: int) -> Period:
    try:
        when = dt.date(year, month, day)
    except ValueError as exc:
        raise PeriodError(f"no such day: {year:04d}-{month:02d}-{day:02d}") from exc
    return Period(when, when, when.isoformat(), "day")


def _month(year: int, month: int) -> Period:
    if not 1 <= month <= 12:
        raise PeriodError(f"no such month: {year:04d}-{month:02d}")
    start = dt.date(year, month, 1)
    return Period(start, _shift(start, months=1, days=-1), f"{year:04d}-{month:02d}", "month")


def _span(start: dt.date, months: int, canonical: str, kind: str) -> Period:
    """`months` months from the first day `start`."""
    return Period(start, _shift(start, months=months, days=-1), canonical, kind)


def _months(year: int, first: int, last: int, canonical: str, kind: str) -> Period:
    return _span(dt.date(year, first, 1), last - first + 1, canonical, kind)


def _season(year: int, name: str) -> Period:
    name = "fall" if name == "autumn" else name
    first = _SEASONS[name]
    if name == "winter":
        if year == MIN_YEAR:
            raise PeriodError(f"winter {year} starts before year {MIN_YEAR}")
        start = dt.date(year - 1, first, 1)
    else:
        start = dt.date(year, first, 1)
    return _span(start, 3, f"{year:04d}-{name}", "season")


def _quarter(year: int, n: int) -> Period:
    return _months(year, 3 * n - 2, 3 * n, f"{year:04d}-Q{n}", "quarter")


def _half(year: int, n: int) -> Period:
    return _months(year, 6 * n - 5, 6 * n, f"{year:04d}-H{n}", "half")


def _part(year: int, part: str) -> Period:
    first, last = _PARTS[part]
    name = {"beginning": "early", "start": "early", "middle": "mid"}.get(part, part)
    return _months(year, first, last, f"{year:04d}-{name}", "part")


def _whole_year(year: int) -> Period:
    return _months(year, 1, 12, f"{year:04d}", "year")


def _days(period: Period) -> str:
    return f"{period.start.isoformat()} to {period.end.isoformat()}"


def month_name(month: int) -> str:
    """The English name of a month (1-12), capitalised: "January"."""
    return _NAMES[month - 1].capitalize()


# -- fiscal years ------------------------------------------------------------------------------


def _fiscal(ctx: Setting, first_year: int | None, last_year: int) -> Period:
    """The fiscal year ending in `last_year` (US FY2013: Oct 2012-Sep 2013 with a start in
    October; Canada 2013-14: Apr 2013-Mar 2014 with a start in April)."""
    start_month = ctx.fiscal_year_start
    if start_month is None:
        raise PeriodError(f"a fiscal year, but {ctx.no_start}")
    begins = last_year if start_month == 1 else last_year - 1
    if first_year is not None and first_year != begins:
        if start_month == 1:
            raise PeriodError(
                f"the program's fiscal year starts in January, so it is a calendar year; write FY{last_year}"
            )
        raise PeriodError(
            f"a fiscal year spans two consecutive years, e.g. FY{last_year - 1}-{last_year % 100:02d}"
        )
    if begins < MIN_YEAR:
        raise PeriodError(f"that fiscal year starts before year {MIN_YEAR}")
    canonical = f"FY{last_year:04d}" if first_year is None else f"FY{begins:04d}-{last_year % 100:02d}"
    return _span(dt.date(begins, start_month, 1), 12, canonical, "fiscal")


def _short_year(text: str) -> int:
    """A two-digit year as FY13 writes it: 00-68 are 2000-2068, 69-99 are 1969-1999 (the pivot of
    POSIX strptime's %y)."""
    two = int(text)
    return 2000 + two if two <= 68 else 1900 + two


def _second_year(first: int, text: str) -> int:
    """The second year of `2013-14` or `2013-2014`."""
    if len(text) == 4:
        return _year(text)
    return _year(str(first // 100 * 100 + int(text) + (100 if int(text) < first % 100 else 0)))


# compiled on first use, as the grammar is (re's cache keeps it)
_FY_PARTS = r"(?:fy ?|fiscal (?:year )?)?([0-9]{4}|[0-9]{2})(?:[-/]([0-9]{4}|[0-9]{2}))?(?: fiscal year)?"


def _fiscal_text(ctx: Setting, text: str) -> Period:
    """A fiscal year as `_FY_OR_PAIR` matched it: FY2013, FY13, FY2013-14, 2013/14 fiscal year."""
    parts = re.fullmatch(_FY_PARTS, text, re.ASCII)
    if parts is None:  # pragma: no cover - _FY_OR_PAIR only matches what _FY_PARTS reads
        raise PeriodError(f"{text!r} is no fiscal year")
    first_text, second_text = parts.groups()
    first = _short_year(first_text) if len(first_text) == 2 else _year(first_text)
    if second_text is None:
        return _fiscal(ctx, None, first)
    if len(first_text) == 2 and len(second_text) == 2:
        second = _short_year(second_text)
        second = second if second > first else second + 100
    else:
        second = _second_year(first, second_text)
    return _fiscal(ctx, first, _year(str(second)))


def _fiscal_part(ctx: Setting, fy_text: str, n: int, size: int) -> Period:
    """Quarter (size 3) or half (size 6) `n` of a fiscal year: Q1 FY2013-14 is April-June 2013
    with a start in April, October-December 2013 with a start in October."""
    year = _fiscal_text(ctx, fy_text)
    start = _shift(year.start, months=size * (n - 1))
    letter, kind = ("Q", "fiscal-quarter") if size == 3 else ("H", "fiscal-half")
    return _span(start, size, f"{year.canonical} {letter}{n}", kind)


def _fiscal_year_ending(ctx: Setting, text: str) -> Period:
    """`fiscal year ending March 31, 2013`: the fiscal year whose last day (or month) is given."""
    try:
        end = _absolute(text)
    except PeriodError:
        end = Period(dt.date.min, dt.date.min, "", "none")
    if end.kind not in ("day", "month"):
        raise PeriodError("name the day or month the fiscal year ends, e.g. March 31, 2013")
    last_day = _shift(end.start, day=31) if end.kind == "day" else end.end
    if end.kind == "day" and end.start != last_day:
        raise PeriodError(
            "a fiscal year ends on the last day of a month, e.g. "
            f"{month_name(end.start.month)} {last_day.day}, {end.start.year}"
        )
    starts = end.start.month % 12 + 1
    if ctx.fiscal_year_start is None:
        raise PeriodError(
            f"a fiscal year, but {ctx.no_start}; a fiscal year ending in "
            f"{month_name(end.start.month)} starts in {month_name(starts)}: {starts}"
        )
    if ctx.fiscal_year_start != starts:
        ends = (ctx.fiscal_year_start - 2) % 12 + 1
        raise PeriodError(
            f"the program's fiscal years run from {month_name(ctx.fiscal_year_start)} to "
            f"{month_name(ends)}, as fiscal_year_start: {ctx.fiscal_year_start} says, so none ends in "
            f"{month_name(end.start.month)}"
        )
    return _fiscal(ctx, None, end.start.year)


# -- forms whose meaning depends on the setting ------------------------------------------------


def _bare_year(ctx: Setting, g: tuple[str, ...], written: str) -> Period:
    """`2013`: the calendar year, unless the program speaks in fiscal years (then it is asked)."""
    calendar = _whole_year(_year(g[0]))
    if not ctx.fiscal_years:
        return calendar
    where = f" (e.g. {ctx.fiscal_example})" if ctx.fiscal_example else ""
    if ctx.fiscal_year_start is None:
        raise AmbiguousPeriod(
            f"can mean the calendar year {g[0]} or a fiscal year, and the programs' dates are written "
            f"in fiscal years{where} that start in different months: write calendar {g[0]} for the "
            "calendar year, or give a month or a day"
        )
    fiscal = _fiscal(ctx, None, calendar.start.year)
    raise AmbiguousPeriod(
        f"can mean the calendar year {g[0]} ({_days(calendar)}) or the fiscal year FY{g[0]} "
        f"({_days(fiscal)}), and the program's dates are written in fiscal years{where}: write "
        f"calendar {g[0]} for the calendar year or FY{g[0]} for the fiscal year"
    )


def _month_or_fiscal(ctx: Setting, g: tuple[str, ...], written: str) -> Period:
    """`2003-04` is April 2003; `2013-14` is the fiscal year 2013-14 (14 follows 13 and is no month);
    `2011-12` is December 2011, or with a fiscal year other than the calendar year, asked."""
    first, second = _year(g[0]), int(g[1])
    is_month = 1 <= second <= 12
    is_fiscal = second == (first + 1) % 100
    if is_month and is_fiscal and ctx.fiscal:
        month = _month(first, second)
        fiscal = _fiscal(ctx, first, first + 1)
        raise AmbiguousPeriod(
            f"can mean the month {month_name(second)} {g[0]} ({_days(month)}) or the fiscal year "
            f"{g[0]}-{g[1]} ({_days(fiscal)}): write {month_name(second)} {g[0]} for the month or "
            f"FY{g[0]}-{g[1]} for the fiscal year"
        )
    if is_month:
        return _month(first, second)
    if is_fiscal:
        return _fiscal(ctx, first, first + 1)
    if ctx.fiscal:
        raise PeriodError(
            f"no such month: {g[0]}-{g[1]}, nor a fiscal year, whose two years follow each "
            f"other (e.g. FY{first}-{(first + 1) % 100:02d})"
        )
    raise PeriodError(f"no such month: {g[0]}-{g[1]} (months run 01-12)")


def _slashed(ctx: Setting, g: tuple[str, ...], written: str) -> Period:
    """`2012/13` or `2012/2013`: a fiscal year (a slash never writes a month or a range here)."""
    first = _year(g[0])
    if _second_year(first, g[1]) != first + 1:
        raise PeriodError(
            f"a fiscal year written with a slash has two consecutive years, e.g. {first}/"
            f"{(first + 1) % 100:02d}; a month is written {first}-01, a range of years {first} to {first + 2}"
        )
    return _fiscal_text(ctx, written)


def _range(first: int, last: int) -> Period:
    if last <= first:
        raise PeriodError(f"a range of years runs forward: {first}-{last} ends before it starts")
    return Period(dt.date(first, 1, 1), dt.date(last, 12, 31), f"{first:04d}-{last:04d}", "range")


def _range_or_fiscal(ctx: Setting, g: tuple[str, ...], written: str) -> Period:
    """`2012-2014` is a range of years; `2012-2013`, where years are fiscal too, is asked: plans
    write both the fiscal year 2012-13 and the two calendar years that way."""
    first, last = _year(g[0]), _year(g[1])
    if last == first + 1 and ctx.fiscal:
        calendar = _range(first, last)
        fiscal = _fiscal(ctx, first, last)
        raise AmbiguousPeriod(
            f"can mean the calendar years {g[0]} and {g[1]} ({_days(calendar)}) or the fiscal year "
            f"{g[0]}-{g[1]} ({_days(fiscal)}): write {g[0]} to {g[1]} for the calendar years or "
            f"FY{g[0]}-{g[1][2:]} for the fiscal year"
        )
    return _range(first, last)


# -- relative periods --------------------------------------------------------------------------


def _count(text: str) -> int:
    return int(text) if text.isdigit() else _WORDS[text]


def _relative(count: int, unit: str, base: Period, written: str) -> Period:
    """`6 months after 2005-06` is 2005-12: a promise counted from a month or a day."""
    if base.kind not in ("month", "day"):
        raise PeriodError(
            f"a relative period counts from a month or a day, not {base.canonical!r} "
            "(e.g. 6 months after 2005-06, 18 months after June 27, 2005)"
        )
    months = count * (1 if unit.startswith("month") else 12)
    year = base.start.year + (base.start.month - 1 + months) // 12
    if year > MAX_YEAR:
        raise PeriodError(
            f"{written} after {base.canonical} falls in year {year}, outside the "
            f"years sbaudit reads ({MIN_YEAR}-{MAX_YEAR})"
        )
    shifted = _shift(base.start, months=months)
    if base.kind == "day":
        return _day(shifted.year, shifted.month, shifted.day)
    return _month(shifted.year, shifted.month)


def _from_report(ctx: Setting, count: int, unit: str) -> Period:
    if ctx.base is None:
        raise PeriodError(
            "a duration counts from the date of the report that sets it, and no such report is "
            f"known here; or write it from a month or a day, e.g. {count} {unit} after 2005-06"
        )
    return _relative(count, unit, ctx.base, f"{count} {unit}")


# The events a duration may count from: the publication of the report that sets the date
# (compiled on first use, as the grammar is)
_EVENT = (
    r"(?:(?:the |this |its )?(?:release|publication|issuance|issue|launch|announcement) of )?"
    r"(?:the |this |its )?(action plan|plan|report)"
    r"|(?:the |this |its )?(action plan|plan|report)'s (?:release|publication|issuance|launch)"
)


def _counted_from(ctx: Setting, g: tuple[str, ...], written: str) -> Period:
    """`18 months after June 2005`, `within two years of the release of the action plan`."""
    count, unit, origin = _count(g[0]), g[1], g[2]
    event = re.fullmatch(_EVENT, origin, re.ASCII)
    if event is None:
        try:
            base = _absolute(origin)
        except PeriodError:
            if any(char.isdigit() for char in origin):
                raise PeriodError(
                    f"a relative period counts from a month or a day, not {_quote(origin)} "
                    "(e.g. 6 months after 2005-06, 18 months after June 27, 2005)"
                ) from None
            raise PeriodError(
                "it counts from an event sbaudit cannot date: the only event the data "
                "format knows is the publication of the report that sets the date (write "
                f"'within {g[0]} {unit}' for that); for another event, count from its date, e.g. "
                f"{count} {unit} after 2012-06"
            ) from None
        return _relative(count, unit, base, f"{count} {unit}")
    if (event.group(1) or event.group(2)) != "report" and ctx.base is not None and not ctx.base_is_plan:
        raise PeriodError(
            "it counts from the plan's release, but the date is set by a status report, "
            "and sbaudit counts only from the publication of the report that sets a date: count "
            f"from the plan's publication date, e.g. {count} {unit} after 2011-12-07"
        )
    return _from_report(ctx, count, unit)


def _absolute(text: str) -> Period:
    """A day, month or year written on its own, with nothing from the setting: what a relative
    period counts from and what a fiscal year ends on (never another relative period, so that
    nothing recurses on the input's length)."""
    found = _match(text, _ABSOLUTE)
    if found:
        match, build = found
        return build(Setting(), match.groups(), text)
    raise PeriodError(f"{_quote(text)} is not a month or a day (e.g. 2005-06, June 27, 2005)")


# -- the grammar -------------------------------------------------------------------------------

_Build = Callable[[Setting, tuple[str, ...], str], Period]
_ABSOLUTE = 6  # the first entries of the grammar: what a relative period may count from


@cache
def _table() -> list[tuple[str, str, _Build]]:
    """The grammar: named productions, no two of which match one text (with the words in front
    taken off: _PREFIX). The text is already lower case with single spaces; every pattern must
    match it whole. A pattern is compiled when a text it may match is first tried (_match)."""
    month = _MONTH_WORD
    season = "|".join(_SEASONS)
    ordinal = "|".join(_ORDINALS)
    number = _NUMBER_WORD
    count = rf"([0-9]{{1,3}}|{number})"
    unit = r"(months?|years?)"
    table: list[tuple[str, str, _Build]] = [
        # absolute days, months and years first: a relative period may count from these
        (
            "iso day",
            rf"{_Y}-([0-9]{{2}})-([0-9]{{2}})",
            lambda c, g, t: _day(_year(g[0]), int(g[1]), int(g[2])),
        ),
        (
            "month day, year",
            rf"({month})\.? ([0-9]{{1,2}}),? {_Y}",
            lambda c, g, t: _day(_year(g[2]), _MONTHS[g[0]], int(g[1])),
        ),
        (
            "day month year",
            rf"([0-9]{{1,2}}) ({month})\.?,? {_Y}",
            lambda c, g, t: _day(_year(g[2]), _MONTHS[g[1]], int(g[0])),
        ),
        ("iso month or fiscal year", rf"{_Y}-([0-9]{{2}})", _month_or_fiscal),
        ("month year", rf"({month})\.?,? (?:of )?{_Y}", lambda c, g, t: _month(_year(g[1]), _MONTHS[g[0]])),
        ("year", rf"{_Y}", _bare_year),
        # counted from a date or from the setting report
        ("counted from", rf"{count} {unit} (?:after|from) (.+)", lambda c, g, t: _counted_from(c, g, t)),
        (
            "within, counted from",
            rf"within (?:the next )?{count} {unit} (?:of|from|after) (.+)",
            lambda c, g, t: _counted_from(c, g, t),
        ),
        (
            "duration",
            rf"(?:(?:within|over|during) (?:(?:the )?(?:next|coming) )?|(?:next|coming) )?{count} {unit}",
            lambda c, g, t: _from_report(c, _count(g[0]), g[1]),
        ),
        # calendar quarters, halves, seasons and parts of a year
        ("iso quarter", rf"{_Y}-?q([1-4])", lambda c, g, t: _quarter(_year(g[0]), int(g[1]))),
        ("quarter", rf"q([1-4])[ -]{_Y}", lambda c, g, t: _quarter(_year(g[1]), int(g[0]))),
        (
            "quarter in words",
            rf"({ordinal}) quarter,? (?:of )?{_Y}",
            lambda c, g, t: _quarter(_year(g[1]), _ORDINALS[g[0]]),
        ),
        ("iso half", rf"{_Y}-?h([12])", lambda c, g, t: _half(_year(g[0]), int(g[1]))),
        ("half", rf"h([12])[ -]{_Y}", lambda c, g, t: _half(_year(g[1]), int(g[0]))),
        (
            "half in words",
            rf"(first|1st|second|2nd) half,? (?:of )?{_Y}",
            lambda c, g, t: _half(_year(g[1]), _ORDINALS[g[0]]),
        ),
        ("iso season", rf"{_Y}-({season})", lambda c, g, t: _season(_year(g[0]), g[1])),
        (
            "season",
            rf"(?:(?:early|mid|late)[ -])?({season}),? (?:of )?{_Y}",
            lambda c, g, t: _season(_year(g[1]), g[0]),
        ),
        ("iso part", rf"{_Y}-(early|mid|late)", lambda c, g, t: _part(_year(g[0]), g[1])),
        ("part", rf"(early|mid|late)[ -]{_Y}", lambda c, g, t: _part(_year(g[1]), g[0])),
        ("part in words", rf"(beginning|start|middle) of {_Y}", lambda c, g, t: _part(_year(g[1]), g[0])),
        (
            "calendar year",
            rf"(?:year[ -]end|calendar(?: year)?|year) {_Y}|cy ?{_Y}|{_Y} year[ -]end",
            lambda c, g, t: _whole_year(_year(g[0] or g[1] or g[2])),
        ),
        (
            "range of years",
            rf"{_Y}(?: to | through |-to-){_Y}",
            lambda c, g, t: _range(_year(g[0]), _year(g[1])),
        ),
        ("range of years or fiscal year", rf"{_Y}-{_Y}", _range_or_fiscal),
        # fiscal years, and their quarters and halves
        ("fiscal year", rf"{_FY_TEXT}", lambda c, g, t: _fiscal_text(c, t)),
        ("fiscal year, slashed", rf"{_Y}/([0-9]{{4}}|[0-9]{{2}})", _slashed),
        (
            "fiscal year-end",
            rf"fiscal year[- ]?end ({_FY_PAIR_OR_YEAR})|fye ?([0-9]{{4}})",
            lambda c, g, t: _fiscal_text(c, g[0] or g[1]),
        ),
        (
            "fiscal year ending",
            r"fiscal year (?:ending|ended) (?:on |in )?(.+)",
            lambda c, g, t: _fiscal_year_ending(c, g[0]),
        ),
        (
            "fiscal quarter",
            rf"(?:q([1-4])|({ordinal}) quarter),? (?:of )?(?:the )?({_FY_OR_PAIR})",
            lambda c, g, t: _fiscal_part(c, g[2], int(g[0]) if g[0] else _ORDINALS[g[1]], 3),
        ),
        (
            "fiscal quarter, year first",
            rf"({_FY_OR_PAIR})[ -]q([1-4])",
            lambda c, g, t: _fiscal_part(c, g[0], int(g[1]), 3),
        ),
        (
            "fiscal half",
            rf"(?:h([12])|(first|1st|second|2nd) half),? (?:of )?(?:the )?({_FY_OR_PAIR})",
            lambda c, g, t: _fiscal_part(c, g[2], int(g[0]) if g[0] else _ORDINALS[g[1]], 6),
        ),
        (
            "fiscal half, year first",
            rf"({_FY_OR_PAIR})[ -]h([12])",
            lambda c, g, t: _fiscal_part(c, g[0], int(g[1]), 6),
        ),
    ]
    return table


_D = "0123456789"
_NUMBER_FIRST = _D + "".join(sorted({word[0] for word in _WORDS}))
_MONTH_FIRST = "".join(sorted({name[0] for name in _NAMES}))
_SEASON_FIRST = "".join(sorted({name[0] for name in _SEASONS}))

# Where the texts of each production start and end (None: anywhere), and a character all of them
# hold: a text is tried only against the productions it may match, so that a run compiles only
# those (compiling all 31 patterns took about as long as reading every period of the shipped
# data). tests/core/test_period_grammar.py reads each pattern to check that these are its own.
_SHAPES: dict[str, tuple[str, str | None, str]] = {
    "iso day": (_D, _D, "-"),
    "month day, year": (_MONTH_FIRST, _D, " "),
    "day month year": (_D, _D, " "),
    "iso month or fiscal year": (_D, _D, "-"),
    "month year": (_MONTH_FIRST, _D, " "),
    "year": (_D, _D, ""),
    "counted from": (_NUMBER_FIRST, None, "f"),
    "within, counted from": ("w", None, "f"),
    "duration": (_NUMBER_FIRST + "cdow", "hrs", " "),
    "iso quarter": (_D, "1234", "q"),
    "quarter": ("q", _D, "q"),
    "quarter in words": ("1234fst", _D, "q"),
    "iso half": (_D, "12", "h"),
    "half": ("h", _D, "h"),
    "half in words": ("12fs", _D, "h"),
    "iso season": (_D, "glnr", "-"),
    "season": (_SEASON_FIRST + "elm", _D, " "),
    "iso part": (_D, "dey", "-"),
    "part": ("elm", _D, ""),
    "part in words": ("bms", _D, "f"),
    "calendar year": (_D + "cy", _D + "d", ""),
    "range of years": (_D, _D, "t"),
    "range of years or fiscal year": (_D, _D, "-"),
    "fiscal year": (_D + "f", _D + "r", "f"),
    "fiscal year, slashed": (_D, _D, "/"),
    "fiscal year-end": ("f", _D, "y"),
    "fiscal year ending": ("f", None, "y"),
    "fiscal quarter": ("1234fqst", _D + "r", "q"),
    "fiscal quarter, year first": (_D + "f", "1234", "q"),
    "fiscal half": ("12fhs", _D + "r", "h"),
    "fiscal half, year first": (_D + "f", "12", "h"),
}


@cache
def _compiled(index: int) -> re.Pattern[str]:
    return re.compile(_table()[index][1], re.ASCII)


@lru_cache(maxsize=4096)  # bounded: a text may start and end with any character
def _tries(first: str, last: str) -> tuple[tuple[int, str], ...]:
    """(index, a character every text of it holds) of the productions a text that starts with
    `first` and ends with `last` may match, in the grammar's order."""
    found = []
    for index, (name, _pattern, _build) in enumerate(_table()):
        starts, ends, holds = _SHAPES[name]
        if first in starts and (ends is None or last in ends):
            found.append((index, holds))
    return tuple(found)


def _match(text: str, productions: int | None = None) -> tuple[re.Match[str], _Build] | None:
    """The production that matches `text` (among the first `productions` if given), with its
    match; None if none does. Nothing else is compiled or tried: what _SHAPES rules out."""
    for index, holds in _tries(text[:1], text[-1:]):
        if productions is not None and index >= productions:
            break
        if holds in text:
            match = _compiled(index).fullmatch(text)
            if match:
                return match, _table()[index][2]
    return None


@cache
def _grammar() -> list[tuple[str, re.Pattern[str], _Build]]:
    """Every production, compiled: the whole grammar, as the tests read it."""
    return [(name, _compiled(index), build) for index, (name, _pattern, build) in enumerate(_table())]


# Words that say "by" or "the end of" without changing the period meant
_PREFIX = re.compile(
    r"(?:by |before |in |no later than )?(?:the )?(?:(?:end of |end-|close of )(?:the )?)?(.*)", re.ASCII
)


def _candidates(text: str) -> list[str]:
    """The text, and the text without the words in front that change nothing."""
    stripped = _PREFIX.fullmatch(text)
    if stripped and stripped.group(1) != text and stripped.group(1):
        return [text, stripped.group(1)]
    return [text]


def _productions(text: str) -> list[tuple[str, str]]:
    """Every (candidate text, production name) that matches a normalized text: never more than
    one (the grammar property test holds it to that)."""
    return [
        (candidate, name)
        for candidate in _candidates(text)
        for name, pattern, _build in _grammar()
        if pattern.fullmatch(candidate)
    ]


# -- refusals that name the forms closest to what was written ----------------------------------


_Hint = tuple[tuple[str, ...], str]  # accepted forms, and a word on them (or "")


def _fiscal_hint(ctx: Setting) -> _Hint:
    start = ctx.fiscal_year_start
    if start is None and ctx.no_start == NO_START_IN_DATA:
        return ("FY2013", "FY2013-14", "2013-14"), " (with fiscal_year_start on the plan report)"
    if start is None:
        return ("2013-09", "2013-Q3", "2013-09-30"), f": {ctx.no_start}"
    ends = (start - 2) % 12 + 1
    last_day = _shift(dt.date(2014, ends, 1), months=1, days=-1)
    ending = f"fiscal year ending {month_name(ends)} {last_day.day}, 2014"
    if start == 1:
        return ("FY2014", "Q1 FY2014", ending), ""
    return ("FY2014", "FY2013-14", "2013-14 fiscal year", "Q1 FY2013-14", "first half of FY2014", ending), ""


def _hints(ctx: Setting) -> tuple[tuple[str, _Hint], ...]:
    """(words written, the accepted forms closest to them) for this setting: every form named is
    one this setting reads, but fiscal years where the program sets no start
    (tests/core/test_period_grammar.py checks it)."""
    year = "calendar 2003" if ctx.fiscal_years else "2003"
    two_years = "2012 to 2013" if ctx.fiscal else "2012-2013"
    fiscal = ("FY2014",) if ctx.fiscal_year_start is not None else ()
    counted: tuple[str, ...] = (
        "6 months after 2005-06",
        "2 years after June 27, 2005",
        "18 months after 2005-06-27",
    )
    if ctx.base is not None:
        counted += ("within 18 months", "within two years")
    end = () if ctx.fiscal_years else ("end of 2003",)
    return (
        (r"fy|fiscal", _fiscal_hint(ctx)),
        (r"quarter|q[1-4]|[1-4]q", (("2006-Q2", "Q2 2006", "second quarter of 2006"), "")),
        (r"half|h[12]", (("2003-H1", "H1 2003", "first half of 2003"), "")),
        (rf"{'|'.join(_SEASONS)}", (("spring 2003", "2003-spring", "fall of 2012"), "")),
        (r"within|after|from|[0-9] (?:months?|years?)\b", (counted, "")),
        (
            r"early|mid|late|beginning|start|end",
            (("early 2005", "mid-2005", "late 2005", "beginning of 2013", "year-end 2003", *end), ""),
        ),
        (
            r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec",
            (("January 2003", "January 23, 2003", "23 January 2003"), ""),
        ),
        (r"\A[0-9 ./-]+\Z", (("2003-01-23", "2003-01", year, *fiscal, two_years), "")),
    )


def _general(ctx: Setting) -> _Hint:
    year = "calendar 2005" if ctx.fiscal_years else "2005"
    fiscal = ("FY2013",) if ctx.fiscal_year_start is not None else ()
    two_years = "2012 to 2013" if ctx.fiscal else "2012-2013"
    forms = ("2003-01-23", "2003-01", "January 2003", "2006-Q2", "spring 2003", "mid-2005", "year-end 2003")
    return (*forms, year, *fiscal, two_years), ""


def _closest(text: str, ctx: Setting) -> str:
    if any(char.isdigit() and not char.isascii() for char in text):
        return "2003-01-23, 2003-01, 2003-Q1: digits are read only as ASCII 0-9"
    found = _general(ctx)
    for words, hint in _hints(ctx):
        if re.search(words, text, re.ASCII):
            found = hint
            break
    forms, word = found
    return ", ".join(forms) + word


def _normalize(value: object) -> str:
    if isinstance(value, bool):
        raise PeriodError(f"not a period: {value!r}")
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        raise PeriodError(f"not a period: {value!r}")
    if len(value) > MAX_LENGTH:
        raise PeriodError(
            f"not a period: {len(value)} characters, more than the {MAX_LENGTH} a date can take"
        )
    if not value.strip():
        raise PeriodError("not a period: the value is empty (expected e.g. 2003-01-23, 2003-01, 2003-Q1)")
    return " ".join(value.strip().lower().split())


def _settle(period: Period, ctx: Setting) -> Period:
    """The canonical spelling that means the same days when read again in this setting: where
    `2011-12`, `2012-2013` or `2013` would be asked, the month, the two years or the calendar
    year is spelled out."""
    if period.kind == "year" and ctx.fiscal_years:
        return period._replace(canonical=f"CY{period.start.year:04d}")
    if not ctx.fiscal:
        return period
    if period.kind == "month" and period.start.month == (period.start.year + 1) % 100:
        return period._replace(canonical=f"{month_name(period.start.month)} {period.start.year:04d}")
    if period.kind == "range" and period.end.year == period.start.year + 1:
        return period._replace(canonical=f"{period.start.year:04d} to {period.end.year:04d}")
    return period


def parse_period(
    value: object,
    *,
    fiscal_year_start: int | None = None,
    base: Period | None = None,
    setting: Setting | None = None,
) -> Period:
    """Read a period from a string, a year number or a date; raise PeriodError otherwise, and
    AmbiguousPeriod where the value means two periods in its setting. `setting` gives what the
    meaning may depend on; `fiscal_year_start` and `base` are shorthands for its first fields."""
    ctx = setting or Setting(fiscal_year_start, base)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _check_bounds(Period(value, value, value.isoformat(), "day"))
    text = _normalize(value)
    for candidate in _candidates(text):
        found = _match(candidate)
        if not found:
            continue
        match, build = found
        try:
            return _settle(_check_bounds(build(ctx, match.groups(), candidate)), ctx)
        except AmbiguousPeriod as exc:
            raise AmbiguousPeriod(f"{_quote(value)} {exc}") from None
        except PeriodError as exc:
            raise PeriodError(f"not a period: {_quote(value)} ({exc})") from None
        except (ValueError, OverflowError) as exc:  # pragma: no cover - a date step refused
            raise PeriodError(f"not a period: {_quote(value)} ({exc})") from None
    raise _Unmatched(value, text, ctx)


class _Unmatched(PeriodError):
    """A value no production matches. Its message names the accepted forms closest to it, and is
    written when it is read: most such refusals are not (the readings of a due wording try every
    run of its words, and the loader a plain reading first), and writing it took as long as
    reading the rest of the shipped data's periods."""

    def __init__(self, value: object, text: str, ctx: Setting) -> None:
        super().__init__(value, text, ctx)

    def __str__(self) -> str:
        value, text, ctx = self.args
        return f"not a period: {_quote(value)} (expected e.g. {_closest(text, ctx)})"


def _quote(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Months from one day to a later one, to the nearest month (half a month or more rounds up);
    negative when `later` comes first."""
    if later < earlier:
        return -months_between(later, earlier)
    delta = relativedelta(later, earlier)
    return delta.years * 12 + delta.months + (1 if delta.days >= 15 else 0)
