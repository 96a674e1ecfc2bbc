"""Links between items across programs."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.model import Problem
from . import Context, rule


@rule("continues")
def continues(ctx: Context) -> Iterator[Problem]:
    """An item continues other, existing items, never itself."""
    for item in ctx.items:
        for index, target in enumerate(item.continues):
            where = item.where.at("continues", index)
            if target == item.id:
                yield ctx.problem(where, "an item cannot continue itself", "continues")
            elif target not in ctx.item_ids:
                yield ctx.problem(where, f"continues unknown item {target!r}", "continues")
