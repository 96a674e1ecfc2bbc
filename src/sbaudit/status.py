"""The status vocabulary: one place for the scale, the statuses beside it and the partner rule."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "STATUSES",
    "SCALE",
    "DONE",
    "progress",
    "is_done",
    "derive_overall",
]

# Ordered by progress.
SCALE: tuple[str, ...] = ("not-started", "initiated", "on-track", "partially-completed", "completed")
BESIDE: tuple[str, ...] = ("delayed", "ongoing", "superseded", "dropped")
STATUSES: tuple[str, ...] = SCALE + BESIDE

DONE: frozenset[str] = frozenset({"completed"})

# The partner rule ranks every status; one partner behind holds the whole milestone back, so
# `delayed` sits below everything, and the least advanced partner gives the overall status.
_DERIVATION_ORDER: tuple[str, ...] = (
    "delayed",
    "dropped",
    "superseded",
    "not-started",
    "initiated",
    "on-track",
    "partially-completed",
    "ongoing",
    "completed",
)
_DERIVATION_RANK = {status: rank for rank, status in enumerate(_DERIVATION_ORDER)}
_PROGRESS = {status: rank for rank, status in enumerate(SCALE)}


def progress(status: str) -> int | None:
    """Position on the progress scale, or None for a status beside it."""
    return _PROGRESS.get(status)


def is_done(status: str | None) -> bool:
    return status in DONE


def derive_overall(partner_statuses: Iterable[str]) -> str:
    """The overall status of an entry split by partner pair: the least advanced partner's."""
    statuses = list(partner_statuses)
    if not statuses:
        raise ValueError("no partner statuses")
    return min(statuses, key=lambda status: _DERIVATION_RANK[status])
