"""What a status entry must carry, by its basis."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.model import Problem
from . import Context, rule


@rule("assessed-note")
def assessed_note(ctx: Context) -> Iterator[Problem]:
    """An assessed status (a judgement from narrative) has a note naming the facts that decided it."""
    for item in ctx.items:
        for entry in item.history:
            if entry.basis == "assessed" and not entry.note.strip():
                yield ctx.problem(
                    entry.where,
                    "an assessed status needs a note naming the facts that decided it",
                    "assessed-note",
                )


@rule("reported-raw")
def reported_raw(ctx: Context) -> Iterator[Problem]:
    """A reported status keeps the label as the report prints it (`raw`), or its partners' labels."""
    for item in ctx.items:
        for entry in item.history:
            if entry.basis == "reported" and entry.raw is None and not entry.partners:
                yield ctx.problem(
                    entry.where,
                    "a reported status needs the label as printed (raw) or partner labels",
                    "reported-raw",
                )
