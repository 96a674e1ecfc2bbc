"""Fuzzy dates: a period is a span of days written as a day, month, quarter, half, season, part of
a year, year, fiscal year or range of years, or counted from another date. Deadlines are met by a
period's last day; periods compare by it. dateutil does every month and year step."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from dateutil.relativedelta import relativedelta

__all__ = ["Period", "PeriodError", "parse_period", "months_between", "MIN_YEAR", "MAX_YEAR", "MAX_LENGTH"]

MIN_YEAR, MAX_YEAR = 1, 9998  # 9999 is left out so that any period can end a year later
MAX_LENGTH = 200  # characters: longer text is no date a document writes


class PeriodError(ValueError):
    """A value that is not a period sbaudit understands."""


@dataclass(frozen=True)
class Period:
    """A span of days, first and last included, with its canonical spelling."""

    start: dt.date
    end: dt.date
    canonical: str
    kind: str

    def __str__(self) -> str:
        return self.canonical


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

_Y = r"([0-9]{4})"  # ASCII digits only: re.ASCII below, so \d is never a foreign digit either


@dataclass(frozen=True)
class _Context:
    """What a period may depend on beyond its own text."""

    fiscal_year_start: int | None
    base: Period | None


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


def _fiscal(ctx: _Context, first_year: int | None, last_year: int, written: str) -> Period:
    """The fiscal year ending in `last_year` (US FY2013: Oct 2012-Sep 2013 with a start in
    October; Canada 2013-14: Apr 2013-Mar 2014 with a start in April)."""
    start_month = ctx.fiscal_year_start
    if start_month is None:
        raise PeriodError(
            f"{written!r} is a fiscal year, but the program sets no fiscal-year start: add "
            "fiscal_year_start (a month number: 10 for October as in the US, 4 for April as in "
            "Canada) to its plan report"
        )
    begins = last_year if start_month == 1 else last_year - 1
    if first_year is not None and first_year != begins:
        if start_month == 1:
            raise PeriodError(
                f"{written!r}: the program's fiscal year starts in January, so it is "
                f"a calendar year; write FY{last_year}"
            )
        raise PeriodError(
            f"{written!r}: a fiscal year spans two consecutive years, e.g. "
            f"FY{last_year - 1}-{last_year % 100:02d}"
        )
    if begins < MIN_YEAR:
        raise PeriodError(f"{written!r} starts before year {MIN_YEAR}")
    canonical = f"FY{last_year:04d}" if first_year is None else f"FY{begins:04d}-{last_year % 100:02d}"
    return _span(dt.date(begins, start_month, 1), 12, canonical, "fiscal")


def _second_year(first: int, text: str) -> int:
    """The second year of `2013-14` or `2013-2014`."""
    if len(text) == 4:
        return _year(text)
    return _year(str(first // 100 * 100 + int(text) + (100 if int(text) < first % 100 else 0)))


def _range(first: int, last: int) -> Period:
    if last <= first:
        raise PeriodError(f"a range of years runs forward: {first}-{last} ends before it starts")
    return Period(dt.date(first, 1, 1), dt.date(last, 12, 31), f"{first:04d}-{last:04d}", "range")


def _relative(ctx: _Context, count: str, unit: str, base: Period) -> Period:
    """`6 months after 2005-06` is 2005-12: a promise counted from a month or a day."""
    if base.kind not in ("month", "day"):
        raise PeriodError(
            f"a relative period counts from a month or a day, not {base.canonical!r} "
            "(e.g. 6 months after 2005-06, 18 months after June 27, 2005)"
        )
    months = int(count) * (1 if unit.startswith("month") else 12)
    year = base.start.year + (base.start.month - 1 + months) // 12
    if year > MAX_YEAR:
        raise PeriodError(
            f"{count} {unit} after {base.canonical} falls in year {year}, outside the "
            f"years sbaudit reads ({MIN_YEAR}-{MAX_YEAR})"
        )
    shifted = _shift(base.start, months=months)
    if base.kind == "day":
        return _day(shifted.year, shifted.month, shifted.day)
    return _month(shifted.year, shifted.month)


def _within(ctx: _Context, count: str, unit: str) -> Period:
    if ctx.base is None:
        raise PeriodError(
            f"'within {count} {unit}' counts from the date of the report that sets it, and no such "
            f"report is known here; or write it from a month or a day, e.g. {count} {unit} after 2005-06"
        )
    return _relative(ctx, count, unit, ctx.base)


# -- the grammar -------------------------------------------------------------------------------

_Build = Callable[[_Context, tuple[str, ...]], Period]


def _fy_two(ctx: _Context, g: tuple[str, ...]) -> Period:
    first = _year(g[0])
    return _fiscal(ctx, first, _second_year(first, g[1]), f"FY{g[0]}-{g[1]}")


def _yy(ctx: _Context, g: tuple[str, ...]) -> Period:
    """`2013-14`: a fiscal year when 14 follows 13 (and is no month: 2011-12 is December 2011)."""
    first = _year(g[0])
    if int(g[1]) != (first + 1) % 100:
        raise PeriodError(
            f"no such month: {g[0]}-{g[1]} (a fiscal year is written with two "
            f"consecutive years, e.g. {first}-{(first + 1) % 100:02d})"
        )
    return _fiscal(ctx, first, first + 1, f"{g[0]}-{g[1]}")


def _base_period(text: str) -> Period:
    """The month or day a relative period counts from: absolute forms only (never another relative
    period, so that nothing recurses on the input's length)."""
    for pattern, build in _grammar()[:_ABSOLUTE]:
        match = pattern.fullmatch(text)
        if match:
            return build(_Context(None, None), match.groups())
    raise PeriodError(
        f"a relative period counts from a month or a day, not {_quote(text)} "
        "(e.g. 6 months after 2005-06, 18 months after June 27, 2005)"
    )


_ABSOLUTE = 6  # the first entries of the grammar: what a relative period may count from


@cache
def _grammar() -> list[tuple[re.Pattern[str], _Build]]:
    """The grammar, compiled on first use (most runs never parse a period). The text is already
    lower case with single spaces; every pattern must match it whole."""
    month = "|".join(sorted(_MONTHS, key=len, reverse=True))
    season = "|".join(_SEASONS)
    ordinal = "|".join(_ORDINALS)
    unit = r"(months?|years?)"
    table: list[tuple[str, _Build]] = [
        # absolute months and days first: a relative period may count from these
        (rf"{_Y}-([0-9]{{2}})-([0-9]{{2}})", lambda c, g: _day(_year(g[0]), int(g[1]), int(g[2]))),
        (rf"({month})\.? ([0-9]{{1,2}}),? {_Y}", lambda c, g: _day(_year(g[2]), _MONTHS[g[0]], int(g[1]))),
        (rf"([0-9]{{1,2}}) ({month})\.?,? {_Y}", lambda c, g: _day(_year(g[2]), _MONTHS[g[1]], int(g[0]))),
        (rf"{_Y}-(0[1-9]|1[0-2])", lambda c, g: _month(_year(g[0]), int(g[1]))),
        (rf"({month})\.?,? (?:of )?{_Y}", lambda c, g: _month(_year(g[1]), _MONTHS[g[0]])),
        (rf"{_Y}", lambda c, g: _whole_year(_year(g[0]))),
        (rf"{_Y}-([0-9]{{2}})", _yy),
        (
            rf"([0-9]{{1,3}}) {unit} (?:after|from) (.+)",
            lambda c, g: _relative(c, g[0], g[1], _base_period(g[2])),
        ),
        (rf"within (?:the next )?([0-9]{{1,3}}) {unit}", lambda c, g: _within(c, g[0], g[1])),
        (rf"{_Y}-?q([1-4])", lambda c, g: _quarter(_year(g[0]), int(g[1]))),
        (rf"q([1-4])[ -]{_Y}", lambda c, g: _quarter(_year(g[1]), int(g[0]))),
        (rf"({ordinal}) quarter,? (?:of )?{_Y}", lambda c, g: _ordinal_quarter(c, g)),
        (rf"{_Y}-?h([12])", lambda c, g: _half(_year(g[0]), int(g[1]))),
        (rf"h([12])[ -]{_Y}", lambda c, g: _half(_year(g[1]), int(g[0]))),
        (rf"(first|1st|second|2nd) half,? (?:of )?{_Y}", lambda c, g: _half(_year(g[1]), _ORDINALS[g[0]])),
        (rf"{_Y}-({season})", lambda c, g: _season(_year(g[0]), g[1])),
        (rf"(?:(?:early|mid|late)[ -])?({season}),? (?:of )?{_Y}", lambda c, g: _season(_year(g[1]), g[0])),
        (rf"{_Y}-(early|mid|late)", lambda c, g: _part(_year(g[0]), g[1])),
        (rf"(early|mid|late)[ -]{_Y}", lambda c, g: _part(_year(g[1]), g[0])),
        (rf"(beginning|start|middle) of {_Y}", lambda c, g: _part(_year(g[1]), g[0])),
        (
            rf"(?:year[ -]end|end of (?:the )?year|calendar year|cy) ?{_Y}|{_Y} year[ -]end",
            lambda c, g: _whole_year(_year(g[0] or g[1])),
        ),
        (rf"(?:fy|fiscal year|fiscal) ?{_Y}", lambda c, g: _fiscal(c, None, _year(g[0]), f"FY{g[0]}")),
        (rf"(?:fy|fiscal year|fiscal) ?{_Y}[-/]([0-9]{{2}}|[0-9]{{4}})", _fy_two),
        (rf"{_Y}(?:-| to | through |-to-){_Y}", lambda c, g: _range(_year(g[0]), _year(g[1]))),
    ]
    return [(re.compile(pattern, re.ASCII), build) for pattern, build in table]


def _ordinal_quarter(ctx: _Context, g: tuple[str, ...]) -> Period:
    return _quarter(_year(g[1]), _ORDINALS[g[0]])


# Words that say "by" or "the end of" without changing the period meant
_PREFIX = re.compile(r"(?:by |before |in |no later than )?(?:the )?(?:end of |end-|close of )?(.*)", re.ASCII)


# -- refusals that name the forms closest to what was written ----------------------------------

_HINTS: tuple[tuple[str, str], ...] = (
    (r"fy|fiscal", "FY2013, FY2013-14, 2013-14 (with fiscal_year_start on the plan report)"),
    (r"quarter|q[1-4]|[1-4]q", "2006-Q2, Q2 2006, second quarter of 2006"),
    (r"half|h[12]", "2003-H1, H1 2003, first half of 2003"),
    (rf"{'|'.join(_SEASONS)}", "spring 2003, 2003-spring, fall of 2012"),
    (
        r"within|after|from|[0-9] (?:months?|years?)\b",
        "6 months after 2005-06, 2 years after June 27, 2005, within 18 months",
    ),
    (
        r"early|mid|late|beginning|start|end",
        "early 2005, mid-2005, late 2005, beginning of 2013, end of 2003, year-end 2003",
    ),
    (r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", "January 2003, January 23, 2003, 23 January 2003"),
    (r"\A[0-9 ./-]+\Z", "2003-01-23, 2003-01, 2003, 2012-2013"),
)
_GENERAL = (
    "2003-01-23, 2003-01, January 2003, 2006-Q2, spring 2003, mid-2005, end of 2003, 2005, FY2013, 2012-2013"
)


def _closest(text: str) -> str:
    if any(char.isdigit() and not char.isascii() for char in text):
        return "2003-01-23, 2003-01, 2003: digits are read only as ASCII 0-9"
    for words, forms in _HINTS:
        if re.search(words, text, re.ASCII):
            return forms
    return _GENERAL


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
        raise PeriodError("not a period: the value is empty (expected e.g. 2003-01-23, 2003-01, 2005)")
    return " ".join(value.strip().lower().split())


def parse_period(
    value: object, *, fiscal_year_start: int | None = None, base: Period | None = None
) -> Period:
    """Read a period from a string, a year number or a date; raise PeriodError otherwise.
    `fiscal_year_start`: the month the program's fiscal year starts (FY forms need it); `base`:
    the date of the report that sets the period (`within 18 months` counts from it)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _check_bounds(Period(value, value, value.isoformat(), "day"))
    text = _normalize(value)
    ctx = _Context(fiscal_year_start, base)
    candidates = [text]
    stripped = _PREFIX.fullmatch(text)
    if stripped and stripped.group(1) != text and stripped.group(1):
        candidates.append(stripped.group(1))
    for candidate in candidates:
        for pattern, build in _grammar():
            match = pattern.fullmatch(candidate)
            if not match:
                continue
            try:
                return _check_bounds(build(ctx, match.groups()))
            except PeriodError as exc:
                if str(exc):
                    raise PeriodError(f"not a period: {_quote(value)} ({exc})") from None
            except (ValueError, OverflowError) as exc:  # pragma: no cover - a date step refused
                raise PeriodError(f"not a period: {_quote(value)} ({exc})") from None
    raise PeriodError(f"not a period: {_quote(value)} (expected e.g. {_closest(text)})")


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
