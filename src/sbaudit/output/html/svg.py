"""Geometry of the HTML report's charts, free of any markup. Horizontal positions are percentages
of a chart's width (0 to 100) and vertical ones pixels, so a chart stretches to any screen width
while its marks and labels keep their size: a strip reads the same on a laptop and a phone."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

__all__ = ["Scale", "Mark", "Rule", "Tick", "Segment", "rules", "year_ticks", "stacked"]

# Widths (px) a chart is assumed to have on a laptop and on a phone, to decide which labels fit;
# the page's CSS switches between the two label sets at the same breakpoint.
WIDE_PX = 680
NARROW_PX = 320
CHAR_PX = 7.0  # an average character of the 12px chart font, with some slack


@dataclass(frozen=True)
class Scale:
    """Dates to horizontal positions, in percent of the chart's width."""

    start: dt.date
    end: dt.date

    @classmethod
    def spanning(cls, days: Iterable[dt.date], before_months: int = 3, after_months: int = 4) -> Scale:
        """A scale from the earliest to the latest day, with a margin so end marks are not cut."""
        chosen = sorted(days)
        if not chosen:
            raise ValueError("a scale needs at least one day")
        first = dt.date(chosen[0].year, chosen[0].month, 1) - relativedelta(months=before_months)
        last = dt.date(chosen[-1].year, chosen[-1].month, 1) + relativedelta(months=after_months)
        return cls(first, last)

    def x(self, day: dt.date) -> float:
        """Where `day` stands, from 0 (the scale's first day) to 100 (its last)."""
        return 100.0 * (day - self.start).days / (self.end - self.start).days

    def clamp(self, day: dt.date) -> dt.date:
        return min(max(day, self.start), self.end)


@dataclass(frozen=True)
class Mark:
    """One thing drawn on a deadline's strip. `kind`: period (the span promised), revision (an
    arrow from x1 to x2), overdue (a band from the date passed to the as-of date), promise (the
    date promised, x1 == x2), done (completion on a given date), done-undated (completion whose
    date the report does not give, at the report's date), done-period (the span of a fuzzy
    completion date). `late` marks a promise that was overdue."""

    kind: str
    x1: float
    x2: float
    title: str
    late: bool = False


@dataclass(frozen=True)
class Rule:
    """A vertical line at a report's date (kind `report`) or the as-of date (kind `as-of`);
    `level` 1 lifts a label that would collide with its neighbour's on a narrow screen."""

    x: float
    label: str
    title: str
    kind: str = "report"
    level: int = 0


@dataclass(frozen=True)
class Tick:
    """A year boundary (x) and where its label goes (label_x, None when left out)."""

    x: float
    year: int
    label_x: float | None


@dataclass(frozen=True)
class Segment:
    """One status's share of a stacked bar, with the labels that fit on a wide and a narrow chart."""

    status: str
    count: int
    x: float
    width: float
    wide: str
    narrow: str

    @property
    def center(self) -> float:
        return self.x + self.width / 2


def _fits(text: str, width_pct: float, chart_px: float) -> bool:
    return len(text) * CHAR_PX + 6 <= width_pct * chart_px / 100


def rules(scale: Scale, marks: Iterable[tuple[dt.date, str, str, str]]) -> tuple[Rule, ...]:
    """Vertical rules for (day, label, hover text, kind); a label that would run into the previous
    one on a narrow screen goes one line up."""
    placed: list[Rule] = []
    last_end = {0: -math.inf, 1: -math.inf}
    for day, label, title, kind in sorted(marks, key=lambda m: (m[0], m[3] != "report", m[1])):
        x = scale.x(scale.clamp(day))
        half = (len(label) * CHAR_PX / 2 + 4) * 100 / NARROW_PX
        level = 0 if x - half >= last_end[0] else 1
        last_end[level] = x + half
        placed.append(Rule(x, label, title, kind, level))
    return tuple(placed)


def year_ticks(scale: Scale) -> tuple[Tick, ...]:
    """January 1st of every year inside the scale, labels at mid-year (every few years when the
    scale is long, so they never crowd a phone screen)."""
    years = range(scale.start.year, scale.end.year + 1)
    step = max(1, math.ceil(len(years) * 4 * CHAR_PX / NARROW_PX))
    ticks = []
    for year in years:
        jan = dt.date(year, 1, 1)
        middle = dt.date(year, 7, 1)
        x = scale.x(scale.clamp(jan))
        label_x = scale.x(middle) if scale.start <= middle <= scale.end and year % step == 0 else None
        ticks.append(Tick(x, year, label_x))
    return tuple(ticks)


def stacked(counts: Iterable[tuple[str, int]], total: int) -> tuple[Segment, ...]:
    """Segments of a bar that spans 100% for `total`, in the order given (empty ones left out);
    each labelled with "N status" where that fits, else "N", else nothing."""
    segments = []
    x = 0.0
    for status, count in counts:
        if count <= 0 or total <= 0:
            continue
        width = 100.0 * count / total
        long, short = f"{count} {status}", str(count)
        wide = long if _fits(long, width, WIDE_PX) else short if _fits(short, width, WIDE_PX) else ""
        narrow = short if _fits(short, width, NARROW_PX) else ""
        segments.append(Segment(status, count, x, width, wide, narrow))
        x += width
    return tuple(segments)
