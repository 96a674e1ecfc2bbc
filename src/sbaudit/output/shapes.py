"""The JSON shape of every value, written once (docs/json-output.md)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..core.model import Deadline, Item, Problem, StatusEntry
from ..core.periods import Period
from ..core.vocab import Fate, Kept

if TYPE_CHECKING:  # validate uses these shapes without loading the audit
    from ..audit.fates import DeadlineState


# The version of every JSON document's shape (docs/json-output.md): it changes when a field is
# renamed or removed or a document's shape changes, never when a field is added.
FORMAT_VERSION = 2


def document(**fields: Any) -> dict[str, Any]:
    """A JSON document: its format version first, then its fields."""
    return {"format_version": FORMAT_VERSION, **fields}


def snake(name: str) -> str:
    """A name as a CSV header or SQL column: lower case, words joined by underscores."""
    import re

    return re.sub(r"[^0-9a-z]+", "_", name.lower()).strip("_")


def group_keys(items: Iterable[Item]) -> list[str]:
    """The grouping keys (pillar, goal, area, ...) the items use, in the order they first appear."""
    return list(dict.fromkeys(key for item in items for key, _ in item.group))


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


def reference(state: DeadlineState) -> str:
    """What a user can pass to `show`: item/target, with the partner pair when the row is one pair's."""
    name = f"{state.item.id}/{state.deadline.id}"
    return f"{name} ({state.partner})" if state.partner else name


def done_text(state: DeadlineState) -> str:
    """When the work was done (the stated date, or the span the reports allow), and how it was
    kept where not in full."""
    text = ""
    if state.outcome is not None and state.outcome.date is not None:
        text = state.outcome.date.canonical
    elif state.done_from and state.done_to:
        text = f"between {state.done_from.isoformat()} and {state.done_to.isoformat()}"
    if state.kept is not None and state.kept is not Kept.IN_FULL:
        text += f" ({state.kept.words})"
    return text


def last_said_text(state: DeadlineState) -> str:
    """For a date passed with no word since: the last word a report gave before the date passed,
    if any (the report that set it says nothing more than the promise)."""
    return "nothing after it was set" if state.word is None else word_text(state)


def word_text(state: DeadlineState) -> str:
    """A report's word on the date, with the report: `still to come (2004)`."""
    if state.word is None:
        return ""
    return f"{state.word.short} ({state.word_report})"


def status_text(state: DeadlineState) -> str:
    """The item's (or pair's) status and the report that gave it: `delayed (spp-2006)`."""
    if state.status is None:
        return "unreported"
    return f"{state.status} ({state.status_report})" if state.status_report else state.status


def due_text(state: DeadlineState) -> str:
    text = state.original.canonical
    return text + (f" -> {state.current.canonical}" if state.current != state.original else "")


def state_json(state: DeadlineState) -> dict[str, Any]:
    """A deadline's state at a moment: its fate and the measures that go with it."""
    return {
        "item": state.item.id,
        "target": state.deadline.id,
        "program": state.item.program,
        "group": dict(state.item.group),
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
        "basis": _basis(state),
        "word": state.word,
        "word_report": state.word_report,
        "status": state.status,
        "status_report": state.status_report,
    }


def state_columns(keys: list[str]) -> tuple[str, ...]:
    """The columns of `state_cells`, for a table that may have no rows."""
    return (
        "item", "target", "partner", "program", *(snake(key) for key in keys), "what", "fate",
        "original", "original_start", "original_end", "current", "current_start", "current_end",
        "revised_by", "met_by", "done_on", "done_from", "done_to", "kept", "late_months",
        "overdue_months", "moved_months", "basis", "word", "word_report", "status", "status_report",
    )  # fmt: skip


def state_cells(state: DeadlineState, keys: list[str]) -> dict[str, Any]:
    """A deadline's state as one flat row (CSV, SQL): one value per cell, the grouping as one
    column per key, each period as its spelling and its first and last day."""
    return {
        "item": state.item.id,
        "target": state.deadline.id,
        "partner": state.partner,
        "program": state.item.program,
        **{snake(key): state.item.group_value(key) for key in keys},
        "what": state.deadline.what,
        "fate": str(state.fate),
        "original": state.original.canonical,
        "original_start": state.original.start.isoformat(),
        "original_end": state.original.end.isoformat(),
        "current": state.current.canonical,
        "current_start": state.current.start.isoformat(),
        "current_end": state.current.end.isoformat(),
        "revised_by": state.revised_by,
        "met_by": state.met_by,
        "done_on": state.outcome.date.canonical if state.outcome and state.outcome.date else None,
        "done_from": state.done_from.isoformat() if state.done_from else None,
        "done_to": state.done_to.isoformat() if state.done_to else None,
        "kept": None if state.kept is None else str(state.kept),
        "late_months": state.late_months,
        "overdue_months": state.overdue_months,
        "moved_months": state.moved_months,
        "basis": _basis(state),
        "word": None if state.word is None else str(state.word),
        "word_report": state.word_report,
        "status": state.status,
        "status_report": state.status_report,
    }


def _basis(state: DeadlineState) -> str | None:
    """What a fate rests on: a report's word, silence, or nothing yet."""
    if state.fate is Fate.PASSED_SILENT:
        return "silence"
    return "word" if state.word else None


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
