"""The status vocabulary and the partner rule. How two statuses compare on completion is decided
in audit.fates.status_change."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["STATUSES", "derive_overall"]

# The order listings use: the completion statuses, then the ones beside them.
STATUSES: tuple[str, ...] = (
    "not-started",
    "initiated",
    "on-track",
    "partially-completed",
    "completed",
    "delayed",
    "ongoing",
    "superseded",
    "dropped",
)

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


def derive_overall(partner_statuses: Iterable[str]) -> str:
    """The overall status of an entry split by partner pair: the least advanced partner's."""
    statuses = list(partner_statuses)
    if not statuses:
        raise ValueError("no partner statuses")
    return min(statuses, key=lambda status: _DERIVATION_RANK[status])
