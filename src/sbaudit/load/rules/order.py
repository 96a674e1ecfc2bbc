"""Time runs forward: reports are published after their statuses' date, entries follow the
reports' order, and nothing is reported before it was promised."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.model import Item, Problem, StatusEntry
from . import Context, rule


@rule("report-dates")
def report_dates(ctx: Context) -> Iterator[Problem]:
    """A report's `as_of` date does not start after its publication date ends."""
    for report in ctx.reports:
        if report.as_of.start > report.published.end:
            yield ctx.problem(report.where.at("as_of"), "as_of is after the publication date", "report-dates")


def _misplaced(ctx: Context, item: Item, entry: StatusEntry, rank: int) -> Problem:
    """Say where an entry out of order belongs: before the first entry of a later report."""
    where = entry.where.at("report")
    for other in item.history:
        if other is entry:
            break
        if ctx.rank(other.report) == rank:
            line, _ = ctx.locate(other.where.at("report"))
            return ctx.problem(
                where,
                f"report {entry.report!r} already has a status entry (line {line}); keep one entry per report",
                "history-order",
            )
    for other in item.history:
        other_rank = ctx.rank(other.report)
        if other_rank is not None and other_rank > rank:
            line, _ = ctx.locate(other.where)
            return ctx.problem(
                where,
                f"status entry for report {entry.report!r} is out of report order: move it before the entry "
                f"for report {other.report!r} (line {line}); entries follow the order of `sbaudit reports`",
                "history-order",
            )
    return ctx.problem(
        where, f"status entry for report {entry.report!r} is out of report order", "history-order"
    )  # pragma: no cover


@rule("history-order")
def history_order(ctx: Context) -> Iterator[Problem]:
    """An item's status entries follow the reports' publication order, one entry per report, none
    from a report before the one that introduced the item."""
    for item in ctx.items:
        last: int | None = None
        for entry in item.history:
            rank = ctx.rank(entry.report)
            if rank is not None and last is not None and rank <= last:
                yield _misplaced(ctx, item, entry, rank)
            if rank is not None:
                last = rank if last is None else max(last, rank)
        intro = ctx.rank(item.introduced)
        if intro is not None and item.history:
            first = ctx.rank(item.history[0].report)
            if first is not None and first < intro:
                yield ctx.problem(
                    item.history[0].where.at("report"),
                    f"status reported before the item was introduced by {item.introduced!r}",
                    "history-order",
                )


@rule("revision-order")
def revision_order(ctx: Context) -> Iterator[Problem]:
    """A revision comes from a report later than the one that set the deadline."""
    for item in ctx.items:
        for deadline in item.deadlines:
            set_rank = ctx.rank(deadline.set_by)
            for revision in deadline.revisions:
                rank = ctx.rank(revision.report)
                if rank is not None and set_rank is not None and rank <= set_rank:
                    yield ctx.problem(
                        revision.where.at("report"),
                        f"revision by report {revision.report!r} is not later than the report that set the "
                        f"deadline ({deadline.set_by!r})",
                        "revision-order",
                    )


@rule("outcome-order")
def outcome_order(ctx: Context) -> Iterator[Problem]:
    """An outcome is not reported before the deadline was set."""
    for item in ctx.items:
        for deadline in item.deadlines:
            outcome, set_rank = deadline.outcome, ctx.rank(deadline.set_by)
            rank = None if outcome is None else ctx.rank(outcome.report)
            if outcome is not None and rank is not None and set_rank is not None and rank < set_rank:
                yield ctx.problem(
                    outcome.where.at("report"),
                    f"outcome reported by {outcome.report!r}, before the deadline was set by {deadline.set_by!r}",
                    "outcome-order",
                )


@rule("outcome-date")
def outcome_date(ctx: Context) -> Iterator[Problem]:
    """The date a target was met does not start after the report saying so was published."""
    for item in ctx.items:
        for deadline in item.deadlines:
            outcome = deadline.outcome
            report = None if outcome is None else ctx.index.get(outcome.report)
            if outcome is not None and report is not None and outcome.date is not None:
                if outcome.date.start > report.published.end:
                    yield ctx.problem(
                        outcome.where.at("date"),
                        f"met on {outcome.date.canonical}, after report {outcome.report!r} was published",
                        "outcome-date",
                    )


@rule("deadline-past")
def deadline_past(ctx: Context) -> Iterator[Problem]:
    """A deadline is a promise about the future: its period has not ended when the report that
    sets it is published (a date already past there is an outcome or a revision of another)."""
    for item in ctx.items:
        for deadline in item.deadlines:
            report = ctx.index.get(deadline.set_by)
            if report is not None and deadline.period.end < report.published.start:
                yield ctx.problem(
                    deadline.where.at("period"),
                    f"{deadline.period.canonical} had ended (on {deadline.period.end.isoformat()}) before report "
                    f"{report.id!r} set it (published {report.published.canonical}); a date already past is no "
                    "promise: record what the report says of it as an outcome or a revision",
                    "deadline-past",
                )
