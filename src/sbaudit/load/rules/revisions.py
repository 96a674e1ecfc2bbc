"""A revision is a slip: it moves its deadline, and only later."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ...core.model import Deadline, Problem, Revision
from . import Context, rule


def _moves(deadline: Deadline) -> Iterator[tuple[Revision, dt.date]]:
    """Each revision with the end of the date in force before it (for its pair, or for all)."""
    ends: dict[str | None, dt.date] = {None: deadline.period.end}
    for revision in deadline.revisions:
        yield revision, ends.get(revision.partner, ends[None])
        ends[revision.partner] = revision.period.end


@rule("revision-no-move")
def revision_no_move(ctx: Context) -> Iterator[Problem]:
    """A revision moves the date in force: a new period ending on the same day is not a slip."""
    for item in ctx.items:
        for deadline in item.deadlines:
            for revision, previous_end in _moves(deadline):
                if revision.period.end == previous_end:
                    yield ctx.problem(
                        revision.where.at("period"),
                        f"revision does not move the deadline: {revision.period.canonical} ends on "
                        f"{previous_end.isoformat()} like the date in force",
                        "revision-no-move",
                    )


@rule("revision-earlier")
def revision_earlier(ctx: Context) -> Iterator[Problem]:
    """A revision moves a date later; an earlier date is a new promise, recorded as a deadline of
    its own."""
    for item in ctx.items:
        for deadline in item.deadlines:
            for revision, previous_end in _moves(deadline):
                if revision.period.end < previous_end:
                    yield ctx.problem(
                        revision.where.at("period"),
                        f"revision moves the deadline earlier: {revision.period.canonical} ends before the date "
                        f"in force ({previous_end.isoformat()}); record an earlier date as a new deadline",
                        "revision-earlier",
                    )
