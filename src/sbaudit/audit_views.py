"""Views of the audit results: the JSON documents (docs/json-output.md) and the table sections."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import UsageProblem
from .export import item_json
from .render import Section, View

if TYPE_CHECKING:  # each command imports only the analysis it runs
    from .diff import Change, Completed, DiffResult, Slipped
    from .overdue import OverdueResult, OverdueRow
    from .summary import SummaryRow
    from .timeline import Timeline

# -- diff ------------------------------------------------------------------------------------


def _completed_json(c: Completed) -> dict[str, Any]:
    return {"item": c.item.id, "target": c.target, "title": c.item.title, "what": c.what,
            "partner": c.partner, "due": c.due, "date": c.date, "timing": c.timing,
            "late_months": c.late_months}


def _slipped_json(s: Slipped) -> dict[str, Any]:
    return {"item": s.item.id, "target": s.target, "title": s.item.title, "what": s.what,
            "partner": s.partner, "kind": s.kind, "old": s.old, "new": s.new, "done": s.done,
            "slip_months": s.slip_months, "report": s.report}


def _change_json(c: Change) -> dict[str, Any]:
    data: dict[str, Any] = {"item": c.item.id, "target": None, "title": c.item.title,
                            "before": c.before, "after": c.after, "reason": c.reason}
    if c.successors:
        data["successors"] = [{"item": sid, "status": status} for sid, status in c.successors]
    return data


def _label(item_id: str, partner: str | None, target: str | None = None) -> str:
    """The reference a user can search for: item, item/target, with the partner pair if any."""
    name = f"{item_id}/{target}" if target else item_id
    return f"{name} ({partner})" if partner else name


def diff_view(result: DiffResult) -> View:
    data = {
        "a": result.a.id,
        "b": result.b.id,
        "completed": [_completed_json(c) for c in result.completed],
        "slipped": [_slipped_json(s) for s in result.slipped],
        "delayed": [_change_json(c) for c in result.delayed],
        "new": [_change_json(c) for c in result.new],
        "dropped": [_change_json(c) for c in result.dropped],
        "continued": [_change_json(c) for c in result.continued],
        "unchanged": result.unchanged,
    }
    sections = [
        Section("Completed", ("item/target", "what", "due", "done", "timing", "late (months)"),
                tuple((_label(c.item.id, c.partner, c.target), c.what, c.due, c.date, c.timing, c.late_months)
                      for c in result.completed), alert=("late (months)",), wide=("what",)),
        Section("Slipped", ("item/target", "what", "kind", "was due", "now due", "done", "slip (months)", "per report"),
                tuple((_label(s.item.id, s.partner, s.target), s.what, s.kind, s.old, s.new, s.done, s.slip_months, s.report)
                      for s in result.slipped), alert=("slip (months)",), wide=("what",)),
        Section("Delayed", ("item", "title", result.a.id, result.b.id, "why"),
                tuple((c.item.id, c.item.title, c.before, c.after, c.reason) for c in result.delayed)),
        Section("New", ("item", "title", "status", "continues"),
                tuple((c.item.id, c.item.title, c.after, ", ".join(c.item.continues)) for c in result.new)),
        Section("Dropped", ("item", "title", f"status at {result.a.id}", "why"),
                tuple((c.item.id, c.item.title, c.before, c.reason) for c in result.dropped)),
    ]
    if result.a.program != result.b.program:
        sections.append(Section(
            "Continued", ("item", "title", f"status at {result.a.id}", f"continued by (status at {result.b.id})"),
            tuple((c.item.id, c.item.title, c.before, ", ".join(f"{sid} ({st or '-'})" for sid, st in c.successors))
                  for c in result.continued)))
    heading = f"Changes from report {result.a.id} ({result.a.published.canonical}) to {result.b.id} ({result.b.published.canonical})"
    footer = (f"{result.unchanged} item(s) unchanged.",)
    return View(data, tuple(sections), heading, footer)


# -- overdue ---------------------------------------------------------------------------------


def _overdue_json(row: OverdueRow) -> dict[str, Any]:
    return {"item": row.item.id, "target": row.target, "title": row.item.title, "what": row.what,
            "partner": row.partner, "original": row.original.canonical,
            "original_end": row.original.end.isoformat(), "current": row.current.canonical,
            "current_end": row.current.end.isoformat(), "status": row.status,
            "status_report": row.status_report, "months_overdue": max(row.months, 0),
            "on_track_after_deadline": row.on_track_after_deadline}


def overdue_view(result: OverdueResult) -> View:
    data = {"as_of": result.as_of.canonical, "as_of_end": result.as_of.end.isoformat(),
            "against": result.against, "reports": result.reports,
            "overdue": [_overdue_json(r) for r in result.overdue],
            "due": [_overdue_json(r) for r in result.due]}
    columns = ("item/target", "what", "due (promised -> now)", "status", "per report", "months", "on track late")

    def rows(found: list[OverdueRow]) -> tuple[tuple[Any, ...], ...]:
        return tuple((_label(r.item.id, r.partner, r.target), r.what,
                      r.original.canonical + (f" -> {r.current.canonical}" if r.current != r.original else ""),
                      r.status or "unreported", r.status_report, max(r.months, 0),
                      r.on_track_after_deadline) for r in found)

    known = ", ".join(result.reports) or "none"
    heading = (f"As of {result.as_of.canonical} (last day {result.as_of.end.isoformat()}), measured "
               f"against the {result.against} deadline; reports public by then: {known}")
    return View(data, (
        Section("Overdue", columns, rows(result.overdue), alert=("months", "on track late"), wide=("what",)),
        Section("Due", columns[:-2], tuple(r[:-2] for r in rows(result.due)), wide=("what",)),
    ), heading)


# -- summary ---------------------------------------------------------------------------------


def summary_view(rows: list[SummaryRow], by: str | None) -> View:
    from .status import STATUSES
    from .summary import DEADLINE_FATES

    data = [{"report": r.report.id, "program": r.report.program, "group": r.group if by else None,
             "items": r.items, "statuses": r.statuses, "deadlines": r.deadlines,
             "on_time_rate": r.on_time_rate, "median_slip_months": r.median_slip} for r in rows]
    present = [s for s in (*STATUSES, "unreported") if any(s in r.statuses for r in rows)]
    key = by or "program"
    statuses = Section(
        "Items by status", ("report", key, "items", *(s.replace("-", " ") for s in present)),
        tuple((r.report.id, r.group, r.items, *(r.statuses.get(s, 0) for s in present)) for r in rows))
    deadlines = Section(
        "Deadlines", ("report", key, *(f.replace("-", " ") for f in DEADLINE_FATES), "on-time rate",
                      "median slip (months)"),
        tuple((r.report.id, r.group, *(r.deadlines[f] for f in DEADLINE_FATES),
               "" if r.on_time_rate is None else f"{r.on_time_rate:.0%}",
               "" if r.median_slip is None else r.median_slip) for r in rows))
    return View(data, (statuses, deadlines))


# -- show ------------------------------------------------------------------------------------


def show_view(tl: Timeline, item_id: str) -> View:
    """One item; `item/target` (as the tables print it) and `program:number` name it too."""
    item_id, _, target = item_id.partition("/")
    item = tl.items.get(item_id)
    if item is not None and target and target not in {d.id for d in item.deadlines}:
        known = ", ".join(d.id for d in item.deadlines) or "none"
        raise UsageProblem(f"item {item_id!r} has no deadline {target!r} (its deadlines: {known})")
    if item is None:
        matches = [i for i in tl.items.values() if i.number is not None and f"{i.program}:{i.number}" == item_id]
        if not matches:
            close = sorted(i for i in tl.items if item_id.lower() in i)[:5]
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise UsageProblem(f"no item {item_id!r}{hint}")
        item = matches[0]
    data = item_json(item)
    data["continued_by"] = sorted(tl.continued_by.get(item.id, []))
    about = (
        ("id", item.id), ("program", item.program), ("number", item.number), ("title", item.title),
        ("also called", ", ".join(item.aliases)),
        *((key, value) for key, value in item.group),
        ("wording", item.text), ("introduced by", item.introduced), ("source", item.source),
        ("continues", ", ".join(item.continues)),
        ("continued by", ", ".join(data["continued_by"])),
        ("file", item.where.file),
    )
    deadline_rows = []
    for d in item.deadlines:
        deadline_rows.append((d.id, d.what, f"{d.due} ({d.period.canonical})", d.set_by, "promised", d.evidence))
        for r in d.revisions:
            who = f" for {r.partner}" if r.partner else ""
            deadline_rows.append((d.id, "", f"{r.due or r.period.canonical} ({r.period.canonical})", r.report,
                                  f"moved{who}", r.note or r.evidence))
        if d.outcome:
            o = d.outcome
            who = f" for {o.partner}" if o.partner else ""
            when = o.date.canonical if o.date else "date not given"
            deadline_rows.append((d.id, "", when, o.report, f"met{who}", o.note or o.evidence))
    history_rows = tuple(
        (e.report, e.status, e.basis, e.raw or "; ".join(f"{k}: {v.raw or v.status}" for k, v in e.partners),
         e.note, e.evidence) for e in item.history)
    return View(data, (
        Section(item.title, ("field", "value"), tuple((k, v) for k, v in about if v not in (None, ""))),
        Section("Deadlines", ("target", "what", "date", "report", "event", "note / evidence"), tuple(deadline_rows)),
        Section("Status history", ("report", "status", "basis", "label", "note", "evidence"), history_rows),
    ))
