"""What changed between report A and a later report B (docs/audit-rules.md):
completed, slipped, delayed, new, dropped and, across programs, continued."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import UsageProblem
from .model import Item, Report
from .periods import months_between
from .status import is_done, progress
from .timeline import DeadlineState, Timeline, met_timing

__all__ = ["DiffResult", "diff"]


@dataclass(frozen=True)
class Completed:
    """Completed at B and not at A: the item (target None) or one dated target met in between."""

    item: Item
    target: str | None
    what: str
    partner: str | None
    due: str | None
    date: str | None
    timing: str
    late_months: int | None


@dataclass(frozen=True)
class Slipped:
    """A deadline B moved later (revised), met after its date (late), or let pass unmet (missed)."""

    item: Item
    target: str
    what: str
    partner: str | None
    kind: str
    old: str
    new: str | None
    done: str | None
    slip_months: int | None
    report: str


@dataclass(frozen=True)
class Change:
    """An item's status at A and at B."""

    item: Item
    before: str | None
    after: str | None
    reason: str = ""
    successors: tuple[tuple[str, str | None], ...] = ()


@dataclass
class DiffResult:
    a: Report
    b: Report
    completed: list[Completed] = field(default_factory=list)
    slipped: list[Slipped] = field(default_factory=list)
    delayed: list[Change] = field(default_factory=list)
    new: list[Change] = field(default_factory=list)
    dropped: list[Change] = field(default_factory=list)
    continued: list[Change] = field(default_factory=list)
    unchanged: int = 0


def _judge_deadline(tl: Timeline, b: Report, before: DeadlineState, after: DeadlineState) -> tuple[Completed | None, Slipped | None]:
    item, deadline = after.item, after.deadline
    due = before.current
    if after.outcome is not None:
        timing, late = met_timing(due, after.outcome)
        date = after.outcome.date.canonical if after.outcome.date else None
        done = Completed(item, deadline.id, deadline.what, after.partner, due.canonical, date, timing, late)
        if timing == "late":
            return done, Slipped(item, deadline.id, deadline.what, after.partner, "late", due.canonical,
                                 None, date, late, after.outcome.report)
        return done, None
    if after.current.end > due.end:
        return None, Slipped(item, deadline.id, deadline.what, after.partner, "revised", due.canonical,
                             after.current.canonical, None, months_between(due.end, after.current.end),
                             after.revised_by or b.id)
    if after.current.end < b.as_of.end:
        return None, Slipped(item, deadline.id, deadline.what, after.partner, "missed", due.canonical,
                             None, None, months_between(after.current.end, b.as_of.end), b.id)
    return None, None


def diff(tl: Timeline, a_name: str, b_name: str) -> DiffResult:
    a, b = tl.report(a_name), tl.report(b_name)
    ra, rb = tl.rank(a.id), tl.rank(b.id)
    if ra >= rb:
        raise UsageProblem(f"report {a.id!r} is not earlier than {b.id!r}; give the earlier report first")
    result = DiffResult(a, b)
    same_program = a.program == b.program
    touched: set[str] = set()
    for item in sorted(tl.dataset.items, key=lambda i: (i.program, i.number or 0, i.id)):
        if item.program != b.program:
            if not same_program and item.program == a.program:
                _carry(tl, result, item, ra, rb)
            continue
        before, after = tl.entry_at(item, ra), tl.entry_at(item, rb)
        status_a = before.status if before else None
        status_b = after.status if after else None
        for deadline in item.deadlines:
            if not tl.is_set(deadline, rb - 1):
                continue
            start_rank = max(ra, tl.rank(deadline.set_by))
            for state_b in tl.deadline_states(item, deadline, rb):
                state_a = tl.deadline_at(item, deadline, start_rank, state_b.partner)
                if state_a.outcome is not None:
                    continue
                done, slip = _judge_deadline(tl, b, state_a, state_b)
                if done:
                    result.completed.append(done)
                    touched.add(item.id)
                if slip:
                    result.slipped.append(slip)
                    touched.add(item.id)
        if after is None:
            continue
        if before is None:
            result.new.append(Change(item, None, status_b))
            touched.add(item.id)
        elif is_done(status_b) and not is_done(status_a):
            result.completed.append(Completed(item, None, item.title, None, None, None, "unknown", None))
            touched.add(item.id)
        if tl.entry_of(item, b) is not None and (status_b == "delayed" or _fell_back(status_a, status_b)):
            reason = "reported delayed" if status_b == "delayed" else "fell back on the scale"
            result.delayed.append(Change(item, status_a, status_b, reason))
            touched.add(item.id)
        if same_program and tl.entry_of(item, a) and not tl.entry_of(item, b) and not is_done(status_a):
            if not tl.continued_by.get(item.id):
                result.dropped.append(Change(item, status_a, None, "not reported by " + b.id))
                touched.add(item.id)
        if item.id not in touched and before is not None and status_a == status_b:
            result.unchanged += 1
    result.slipped.sort(key=lambda s: (-(s.slip_months or 0), s.item.id, s.target, s.partner or ""))
    return result


def _fell_back(before: str | None, after: str | None) -> bool:
    if before is None or after is None:
        return False
    pa, pb = progress(before), progress(after)
    return pa is not None and pb is not None and pb < pa


def _carry(tl: Timeline, result: DiffResult, item: Item, ra: int, rb: int) -> None:
    """Across programs: A's items either continue in B's program or are dropped at the hand-over."""
    entry = tl.entry_at(item, ra)
    if entry is None:
        return
    successors = tuple(
        (sid, tl.status_at(tl.items[sid], rb)) for sid in sorted(tl.continued_by.get(item.id, ()))
        if tl.items[sid].program == result.b.program
    )
    if successors:
        result.continued.append(Change(item, entry.status, None, "", successors))
    elif not is_done(entry.status):
        result.dropped.append(Change(item, entry.status, None, f"no {result.b.program} item continues it"))
    else:
        result.unchanged += 1
