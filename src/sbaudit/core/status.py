"""The status vocabulary and the partner rule. How two statuses compare on completion is decided
in audit.fates.status_change."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["COUNTED", "LABELS", "NOT_COVERED", "STATUSES", "UNREPORTED", "derive_overall", "label_status"]

# How counts at a report name an item with no status from it: outside the report's coverage (a
# report that speaks of part of its program), or never given a status by any report known then.
NOT_COVERED = "not-covered"
UNREPORTED = "unreported"

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
# what an item is counted as at a report: a status, or one of the two above
COUNTED: tuple[str, ...] = (*STATUSES, NOT_COVERED, UNREPORTED)

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


# Status labels as reports print them, longest first: the label decides the normalized status.
# The one mapping of docs/data-format.md ("SPP labels map as"), used by `validate` (a status must
# follow from its raw label), `import` (a row's label must read as its status) and `verify` (a
# status cell in a report's table is the lines that read as labels).
LABELS: tuple[tuple[str, str], ...] = (
    ("completed / ongoing", "completed"),
    ("partially completed", "partially-completed"),
    ("full implementation delayed", "delayed"),
    ("not started", "not-started"),
    ("on track", "on-track"),
    ("completed", "completed"),
    ("delayed", "delayed"),
    ("initiated", "initiated"),
    ("ongoing", "ongoing"),
    ("superseded", "superseded"),
    ("dropped", "dropped"),
)


def label_status(label: str) -> str | None:
    """The normalized status a printed label stands for ("Delayed to June 2007" -> delayed; a
    status's own name, "on-track", stands for itself), or None when it starts with none of LABELS."""
    text = " ".join(label.lower().split())
    if text in STATUSES:
        return text
    for prefix, status in LABELS:
        if text == prefix or text.startswith(prefix + " ") or text.startswith(prefix + ","):
            return status
    return None
