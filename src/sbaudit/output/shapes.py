"""The JSON shape of every value, written once (docs/json-output.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core.model import Deadline, Item, Problem, StatusEntry
from ..core.periods import Period
from ..core.vocab import Fate

if TYPE_CHECKING:  # validate uses these shapes without loading the audit
    from ..audit.fates import DeadlineState


def period_json(period: Period | None) -> dict[str, str] | None:
    if period is None:
        return None
    return {"period": period.canonical, "start": period.start.isoformat(), "end": period.end.isoformat()}


def deadline_json(deadline: Deadline) -> dict[str, Any]:
    """A deadline as recorded: what was promised, by when, and what later reports said."""
    return {
        "id": deadline.id,
        "what": deadline.what,
        "due": deadline.due,
        "period": deadline.period.canonical,
        "start": deadline.period.start.isoformat(),
        "end": deadline.period.end.isoformat(),
        "set_by": deadline.set_by,
        "revisions": [
            {"report": r.report, "due": r.due, "partner": r.partner, **(period_json(r.period) or {})}
            for r in deadline.revisions
        ],
        "outcome": None
        if deadline.outcome is None
        else {
            "report": deadline.outcome.report,
            "date": period_json(deadline.outcome.date),
            "partner": deadline.outcome.partner,
            "kept": deadline.outcome.kept,
            "note": deadline.outcome.note,
        },
        "said": [
            {"report": w.report, "word": w.word, "partner": w.partner, "note": w.note, "evidence": w.evidence}
            for w in deadline.said
        ],
    }


def state_json(state: DeadlineState) -> dict[str, Any]:
    """A deadline's state at a moment: its fate and the measures that go with it."""
    return {
        "item": state.item.id,
        "target": state.deadline.id,
        "what": state.deadline.what,
        "partner": state.partner,
        "fate": state.fate,
        "original": period_json(state.original),
        "current": period_json(state.current),
        "revised_by": state.revised_by,
        "met_by": state.met_by,
        "done_from": state.done_from.isoformat() if state.done_from else None,
        "done_to": state.done_to.isoformat() if state.done_to else None,
        "late_months": state.late_months,
        "overdue_months": state.overdue_months,
        "moved_months": state.moved_months,
        "kept": state.kept,
        "basis": "silence" if state.fate is Fate.PASSED_SILENT else ("word" if state.word else None),
        "word": state.word,
        "word_report": state.word_report,
        "status": state.status,
        "status_report": state.status_report,
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


def item_json(
    item: Item, states: list[DeadlineState] | None = None, as_of: str | None = None
) -> dict[str, Any]:
    """An item as recorded; with `states`, each deadline's state at the moment `as_of` names."""
    data: dict[str, Any] = {
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
    if states is not None:
        data["states_as_of"] = as_of
        data["states"] = [state_json(state) for state in states]
    return data


def problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "path": problem.path,
        "line": problem.line,
        "column": problem.column,
        "level": problem.level,
        "rule": problem.rule,
        "message": problem.message,
    }
