"""A report that speaks of part of its program (`covers`) speaks only of the items it covers."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.model import Problem
from . import Context, rule


@rule("coverage")
def coverage(ctx: Context) -> Iterator[Problem]:
    """A status entry comes from a report that covers the item, and every number range a report
    covers (`covers: numbers`) holds at least one item of its program."""
    for item in ctx.items:
        for entry in item.history:
            report = ctx.index.get(entry.report)
            if report is not None and report.program == item.program and not report.covers(item):
                yield ctx.problem(
                    entry.where.at("report"),
                    f"report {report.id!r} does not cover this item (see its covers); it can give it no status",
                    "coverage",
                )
    for report in ctx.reports:
        if not report.covers_numbers:
            continue
        numbers = [
            item.number for item in ctx.items if item.program == report.program and item.number is not None
        ]
        for index, (first, last) in enumerate(report.covers_numbers):
            if not any(first <= number <= last for number in numbers):
                shown = str(first) if first == last else f"{first}-{last}"
                yield ctx.problem(
                    report.where.at("covers", "numbers", index),
                    f"covers numbers {shown}, which no item of program {report.program!r} has",
                    "coverage",
                )
