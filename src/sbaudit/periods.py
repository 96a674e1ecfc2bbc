"""Fuzzy dates: a period is a span of days written as a day, month, quarter, half, season,
part of a year or year. Deadlines are met by a period's last day; periods compare by it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from dateutil.relativedelta import relativedelta

__all__ = ["Period", "PeriodError", "parse_period", "months_between"]


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
_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MONTHS: dict[str, int] = {}
for _number, _name in enumerate(_NAMES, start=1):
    _MONTHS[_name] = _number
    _MONTHS[_name[:3]] = _number
_MONTHS["sept"] = 9

# Meteorological seasons, northern hemisphere: (first month, length); winter YYYY starts in December
# of the year before, so that "winter 2004" is the winter that ends in 2004.
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}

@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """The grammar, compiled on first use (most runs never parse a period)."""
    month = "|".join(sorted(_MONTHS, key=len, reverse=True))
    season = "|".join(_SEASONS)
    return [
        (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), "iso_day"),
        (re.compile(r"(\d{4})-(\d{2})"), "iso_month"),
        (re.compile(r"(\d{4})"), "year"),
        (re.compile(r"(\d{4})-?q([1-4])"), "quarter"),
        (re.compile(r"q([1-4])[ -](\d{4})"), "quarter_rev"),
        (re.compile(r"(\d{4})-?h([12])"), "half"),
        (re.compile(r"h([12])[ -](\d{4})"), "half_rev"),
        (re.compile(rf"(\d{{4}})-({season})"), "season"),
        (re.compile(rf"(?:(?:early|mid|late)[ -])?({season}),? (\d{{4}})"), "season_rev"),
        (re.compile(r"(\d{4})-(early|mid|late)"), "part"),
        (re.compile(r"(early|mid|late)[ -](\d{4})"), "part_rev"),
        (re.compile(rf"({month})\.? (\d{{1,2}}),? (\d{{4}})"), "month_day_year"),
        (re.compile(rf"(\d{{1,2}}) ({month})\.?,? (\d{{4}})"), "day_month_year"),
        (re.compile(rf"({month})\.?,? (\d{{4}})"), "month_year"),
        (re.compile(r"(\d{1,3}) (months?|years?) (?:after|from) (.+)"), "relative"),
        (re.compile(r"(?:by |before |in )?(?:the )?(?:end of |end-|close of )?(.*)"), "prefix"),
    ]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1) + relativedelta(months=1, days=-1)


def _day(year: int, month: int, day: int) -> Period:
    try:
        when = dt.date(year, month, day)
    except ValueError as exc:
        raise PeriodError(f"no such day: {year:04d}-{month:02d}-{day:02d}") from exc
    return Period(when, when, when.isoformat(), "day")


def _month(year: int, month: int) -> Period:
    if not 1 <= month <= 12:
        raise PeriodError(f"no such month: {year:04d}-{month:02d}")
    return Period(dt.date(year, month, 1), _month_end(year, month), f"{year:04d}-{month:02d}", "month")


def _months(year: int, first: int, last: int, canonical: str, kind: str) -> Period:
    start = dt.date(year, 1, 1) + relativedelta(months=first - 1)
    end = dt.date(year, 1, 1) + relativedelta(months=last, days=-1)
    return Period(start, end, canonical, kind)


def _season(year: int, name: str) -> Period:
    name = "fall" if name == "autumn" else name
    first = _SEASONS[name]
    start_year = year - 1 if name == "winter" else year
    start = dt.date(start_year, first, 1)
    end = start + relativedelta(months=3, days=-1)
    return Period(start, end, f"{year:04d}-{name}", "season")


def _build(kind: str, groups: tuple[str, ...]) -> Period:
    if kind == "iso_day":
        return _day(int(groups[0]), int(groups[1]), int(groups[2]))
    if kind == "iso_month":
        return _month(int(groups[0]), int(groups[1]))
    if kind == "year":
        number = int(groups[0])
        return _months(number, 1, 12, f"{number:04d}", "year")
    if kind in ("quarter", "quarter_rev"):
        text_year, q = (groups[0], groups[1]) if kind == "quarter" else (groups[1], groups[0])
        n = int(q)
        return _months(int(text_year), 3 * n - 2, 3 * n, f"{int(text_year):04d}-Q{n}", "quarter")
    if kind in ("half", "half_rev"):
        text_year, h = (groups[0], groups[1]) if kind == "half" else (groups[1], groups[0])
        n = int(h)
        return _months(int(text_year), 6 * n - 5, 6 * n, f"{int(text_year):04d}-H{n}", "half")
    if kind == "season":
        return _season(int(groups[0]), groups[1])
    if kind == "season_rev":
        return _season(int(groups[1]), groups[0])
    if kind in ("part", "part_rev"):
        text_year, part = (groups[0], groups[1]) if kind == "part" else (groups[1], groups[0])
        first, last = _PARTS[part]
        return _months(int(text_year), first, last, f"{int(text_year):04d}-{part}", "part")
    if kind == "month_day_year":
        return _day(int(groups[2]), _MONTHS[groups[0]], int(groups[1]))
    if kind == "day_month_year":
        return _day(int(groups[2]), _MONTHS[groups[1]], int(groups[0]))
    if kind == "month_year":
        return _month(int(groups[1]), _MONTHS[groups[0]])
    if kind == "relative":
        return _relative(int(groups[0]), groups[1], groups[2])
    raise AssertionError(kind)  # pragma: no cover


def _relative(count: int, unit: str, base_text: str) -> Period:
    """"6 months after 2005-06" is 2005-12: a promise counted from a month (or a day)."""
    base = parse_period(base_text)
    if base.kind not in ("month", "day"):
        raise PeriodError(f"a relative period counts from a month or a day, not {base.canonical!r}")
    months = count if unit.startswith("month") else 12 * count
    shifted = base.start + relativedelta(months=months)
    if base.kind == "day":
        return _day(shifted.year, shifted.month, shifted.day)
    return _month(shifted.year, shifted.month)


def parse_period(value: object) -> Period:
    """Read a period from a string, a year number or a date; raise PeriodError otherwise."""
    if isinstance(value, bool):
        raise PeriodError(f"not a period: {value!r}")
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return Period(value, value, value.isoformat(), "day")
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise PeriodError(f"not a period: {value!r}")
    text = " ".join(value.strip().lower().split())
    patterns = _patterns()
    relative = patterns[-2][0].fullmatch(text)
    if relative:
        return _build("relative", relative.groups())
    text = patterns[-1][0].fullmatch(text).group(1)  # type: ignore[union-attr]
    for pattern, kind in patterns[:-2]:
        match = pattern.fullmatch(text)
        if match:
            try:
                return _build(kind, match.groups())
            except (ValueError, OverflowError) as exc:
                raise PeriodError(f"not a period: {value!r} ({exc})") from None
    raise PeriodError(
        f"not a period: {value!r} (expected e.g. 2003-01-23, 2003-01, January 2003, 2006-Q2, "
        "spring 2003, mid-2005, end of 2003, 2005)"
    )


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Months from one day to a later one, to the nearest month (half a month or more rounds up);
    negative when `later` comes first."""
    if later < earlier:
        return -months_between(later, earlier)
    delta = relativedelta(later, earlier)
    return delta.years * 12 + delta.months + (1 if delta.days >= 15 else 0)
