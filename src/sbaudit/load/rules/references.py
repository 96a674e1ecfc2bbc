"""Names that point at other files: reports, programs and items must exist."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.model import Item, Problem, Where
from . import Context, rule


def report_references(item: Item) -> Iterator[tuple[str, Where, str]]:
    """Every report an item names, with the place that names it as the record and its key (the
    place, `record.at(key)`, is worked out only for a problem: a reference that resolves costs one
    look-up)."""
    yield item.introduced, item.where, "introduced"
    for deadline in item.deadlines:
        yield deadline.set_by, deadline.where, "set_by"
        for revision in deadline.revisions:
            yield revision.report, revision.where, "report"
        if deadline.outcome is not None:
            yield deadline.outcome.report, deadline.outcome.where, "report"
    for entry in item.history:
        yield entry.report, entry.where, "report"


@rule("unknown-report")
def unknown_report(ctx: Context) -> Iterator[Problem]:
    """Every report an item names (introduced, set_by, a revision's or an outcome's report, a
    status entry's report) is the id or alias of a report file."""
    known = ", ".join(sorted(ctx.index.order))
    names, unavailable = ctx.index.names, ctx.index.unavailable
    for item in ctx.items:
        for name, record, key in report_references(item):
            if name not in names and name not in unavailable:
                yield ctx.problem(
                    record.at(key), f"unknown report {name!r} (known: {known})", "unknown-report"
                )


@rule("report-program")
def report_program(ctx: Context) -> Iterator[Problem]:
    """The reports an item names belong to the item's own program."""
    names = ctx.index.names
    for item in ctx.items:
        for name, record, key in report_references(item):
            report = names.get(name)
            if report is not None and report.program != item.program:
                yield ctx.problem(
                    record.at(key),
                    f"report {name!r} belongs to program {report.program!r}, not {item.program!r}",
                    "report-program",
                )


@rule("unknown-program")
def unknown_program(ctx: Context) -> Iterator[Problem]:
    """An item's program has at least one report (its plan)."""
    for item in ctx.items:
        if item.program not in ctx.programs:
            yield ctx.problem(
                item.where.at("program"), f"no report belongs to program {item.program!r}", "unknown-program"
            )


@rule("unknown-item")
def unknown_item(ctx: Context) -> Iterator[Problem]:
    """The items a report says it covers (`covers: items`) exist."""
    for report in ctx.reports:
        for index, item_id in enumerate(report.covers_items):
            if item_id not in ctx.item_ids:
                yield ctx.problem(
                    report.where.at("covers", "items", index),
                    f"covers unknown item {item_id!r}",
                    "unknown-item",
                )
