"""The readings of a date as a report words it: "within 12 months (June 2006)" reads as June 2006
and as the day twelve months after the report's publication; "Finished Fall 2006" as fall 2006;
"early in 2005" as 2005. A deadline's `period` must be one of the readings of its `due`."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from .periods import Period, PeriodError, parse_period

__all__ = ["due_readings"]

_WORD = re.compile(r"[^\s()\[\],;]+")
# a run of words worth reading ends with a year, a number of months or years, or a date
_ENDS = re.compile(r"(?:\d{4}|\d{4}-\d\d(?:-\d\d)?|months?|years?)\.?$", re.IGNORECASE)
_LONGEST = 6  # words: "the end of year 2003", "second quarter of 2006"
_PART_IN = re.compile(r"\b(early|mid|late)\s+in\s+(?=\d{4})", re.IGNORECASE)  # "early in 2005"
_BEFORE = re.compile(r"\bbefore\s", re.IGNORECASE)


def _runs(due: str) -> list[list[str]]:
    """For each word that may end a date, the runs of words ending there, longest first."""
    words = _WORD.findall(due)
    return [
        [" ".join(words[start : end + 1]).rstrip(".") for start in range(max(0, end - _LONGEST + 1), end + 1)]
        for end, word in enumerate(words)
        if _ENDS.search(word)
    ]


def _read(text: str, fiscal_year_start: int | None, base: Period | None) -> Period | None:
    try:
        return parse_period(text, fiscal_year_start=fiscal_year_start, base=base)
    except PeriodError:
        return None


@lru_cache(maxsize=4096)
def due_readings(due: str, fiscal_year_start: int | None = None, base: Period | None = None) -> list[Period]:
    """Every period the wording reads as, or the longest run of its words ending at a year or a
    duration does ("June 2006" in "(June 2006)", not "2006" alone), without repeats, in order."""
    found: dict[tuple[object, object], Period] = {}
    due = _PART_IN.sub(r"\1 ", due)
    readings = [_read(due, fiscal_year_start, base)]
    for runs in _runs(due):
        readings.append(next((p for p in (_read(r, fiscal_year_start, base) for r in runs) if p), None))
    for period in readings:
        if period is None:
            continue
        found.setdefault((period.start, period.end), period)
        if period.kind == "day":
            # "within 6 months" from June 27, 2005 is a day of December 2005: the month reads too
            month = parse_period(period.start.strftime("%Y-%m"))
            found.setdefault((month.start, month.end), month)
            if _BEFORE.search(due):  # "before January 1, 2008": by December 31, 2007
                day = period.start - dt.timedelta(days=1)
                found.setdefault((day, day), parse_period(day))
    return list(found.values())
