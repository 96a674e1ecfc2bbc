"""Items and problems as JSON-ready data: the `list --format json` contract (docs/json-output.md)."""

from __future__ import annotations

from typing import Any

from .model import Deadline, Item, Problem, StatusEntry
from .periods import Period


def period_json(period: Period | None) -> dict[str, str] | None:
    if period is None:
        return None
    return {"period": period.canonical, "start": period.start.isoformat(), "end": period.end.isoformat()}


def current_period(deadline: Deadline, partner: str | None = None) -> Period:
    """The deadline's period after its latest revision (for one partner pair when given)."""
    period = deadline.period
    for revision in deadline.revisions:
        if partner is None or revision.partner in (None, partner):
            period = revision.period
    return period


def deadline_json(deadline: Deadline) -> dict[str, Any]:
    return {
        "id": deadline.id,
        "what": deadline.what,
        "due": deadline.due,
        "period": deadline.period.canonical,
        "start": deadline.period.start.isoformat(),
        "end": deadline.period.end.isoformat(),
        "current_end": current_period(deadline).end.isoformat(),
        "set_by": deadline.set_by,
        "revisions": [
            {
                "report": revision.report,
                "due": revision.due,
                "partner": revision.partner,
                **(period_json(revision.period) or {}),
            }
            for revision in deadline.revisions
        ],
        "outcome": None
        if deadline.outcome is None
        else {
            "report": deadline.outcome.report,
            "date": period_json(deadline.outcome.date),
            "partner": deadline.outcome.partner,
            "note": deadline.outcome.note,
        },
    }


def entry_json(entry: StatusEntry) -> dict[str, Any]:
    return {
        "report": entry.report,
        "status": entry.status,
        "raw": entry.raw,
        "basis": entry.basis,
        "partners": {name: {"status": value.status, "raw": value.raw} for name, value in entry.partners},
        "note": entry.note,
        "evidence": entry.evidence,
    }


def item_json(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "program": item.program,
        "number": item.number,
        "title": item.title,
        "aliases": list(item.aliases),
        "text": item.text,
        "group": dict(item.group),
        "introduced": item.introduced,
        "continues": list(item.continues),
        "file": item.where.file,
        "deadlines": [deadline_json(deadline) for deadline in item.deadlines],
        "history": [entry_json(entry) for entry in item.history],
    }


def problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "path": problem.path,
        "line": problem.line,
        "column": problem.column,
        "level": problem.level,
        "rule": problem.rule,
        "message": problem.message,
    }
