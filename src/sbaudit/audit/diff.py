"""diff A B: the state at A's moment compared with the state at B's, for every item and deadline
of A's and B's programs (docs/audit-rules.md, "diff"). Every item lands in exactly one item
section and every deadline (per partner pair where they differ) in exactly one deadline section."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.errors import UsageProblem
from ..core.model import Item
from .fates import MET, SET_ASIDE, DeadlineState, status_change
from .knowledge import Knowledge, Moment

__all__ = ["DiffResult", "ItemChange", "DeadlineChange", "ITEM_SECTIONS", "DEADLINE_SECTIONS", "diff"]

ITEM_SECTIONS: tuple[str, ...] = (
    "new",
    "completed",
    "set-aside",
    "continued",
    "not-carried-forward",
    "delayed",
    "fell-back",
    "advanced",
    "first-reported",
    "went-silent",
    "restated",
    "unchanged",
)
DEADLINE_SECTIONS: tuple[str, ...] = (
    "met-on-time",
    "met-late",
    "met-undecided",
    "missed",
    "moved",
    "set-aside",
    "newly-promised",
    "still-open",
    "met-before",
)
ENDED = frozenset({"completed", "superseded", "dropped"})


@dataclass(frozen=True)
class ItemChange:
    """An item's status at A's moment and at B's, and the one section that describes the change."""

    item: Item
    section: str
    before: str | None
    after: str | None
    before_report: str | None
    after_report: str | None
    reason: str = ""
    successors: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True)
class DeadlineChange:
    """A deadline (for one partner pair, or as a whole) at A's moment (None: not yet set) and at B's."""

    section: str
    before: DeadlineState | None
    after: DeadlineState

    @property
    def newly(self) -> bool:
        """The fate at B was not already the fate at A."""
        return self.before is None or self.before.fate != self.after.fate


@dataclass
class DiffResult:
    a: Moment
    b: Moment
    partner: str | None
    items: list[ItemChange] = field(default_factory=list)
    deadlines: list[DeadlineChange] = field(default_factory=list)
    # the display names of A's and B's programs, in that order
    program_names: tuple[str, ...] = ()

    def item_section(self, name: str) -> list[ItemChange]:
        return [change for change in self.items if change.section == name]

    def deadline_section(self, name: str) -> list[DeadlineChange]:
        return [change for change in self.deadlines if change.section == name]


def _deadline_section(before: DeadlineState | None, after: DeadlineState) -> str:
    if before is not None and before.met:
        return "met-before"
    if after.fate in MET:
        return after.fate
    if after.fate in SET_ASIDE:
        return "set-aside"
    if after.fate == "missed":
        return "missed"
    if after.fate == "moved" and (before is None or before.current != after.current):
        return "moved"
    if before is None:
        return "newly-promised"
    return "still-open"


def _deadlines(kn: Knowledge, item: Item, a: Moment, b: Moment, partner: str | None) -> list[DeadlineChange]:
    changes = []
    for deadline in item.deadlines:
        if not kn.is_set(deadline, b):
            continue
        for after in kn.deadline_states(item, deadline, b, partner):
            before = kn.deadline_state(item, deadline, a, after.partner) if kn.is_set(deadline, a) else None
            changes.append(DeadlineChange(_deadline_section(before, after), before, after))
    return changes


def _item_section(
    kn: Knowledge, item: Item, a: Moment, b: Moment, partner: str | None, deadlines: list[DeadlineChange]
) -> tuple[str, str, tuple[tuple[str, str | None], ...]]:
    """(section, reason, successors) for one item, by the precedence docs/audit-rules.md gives."""
    before, after = kn.status_at(item, a, partner), kn.status_at(item, b, partner)
    b_report = b.report
    if not kn.known(item.introduced, a):
        return "new", f"introduced by {kn.report(item.introduced).id}", ()
    if after == "completed" and before != "completed":
        return "completed", "", ()
    if after in ("superseded", "dropped") and before != after:
        return "set-aside", "", ()
    if (
        b_report is not None
        and a.report is not None
        and item.program != b_report.program
        and after not in ENDED
    ):
        successors = tuple(
            (sid, kn.status_at(kn.items[sid], b, partner))
            for sid in kn.continued_by.get(item.id, ())
            if kn.items[sid].program == b_report.program and kn.in_scope(kn.items[sid], b)
        )
        if successors:
            return "continued", "", successors
        return "not-carried-forward", f"no {b_report.program} item continues it", ()
    reasons = []
    entry_b = kn.entry_at(item, b)
    if after == "delayed" and entry_b is not None and not kn.known(entry_b.report, a):
        reasons.append(f"reported delayed by {kn.report(entry_b.report).id}")
    passed = [c for c in deadlines if c.section == "missed" and c.newly]
    if passed and after not in ENDED:
        reasons.append(f"{len(passed)} date{'s' if len(passed) > 1 else ''} passed unmet")
    if reasons:
        return "delayed", "; ".join(reasons), ()
    change = status_change(before, after)
    if change in ("fell-back", "advanced"):
        return change, "", ()
    if before is None and after is not None:
        return "first-reported", "", ()
    if (
        b_report is not None
        and b_report.kind == "status"
        and b_report.covers(item)
        and after is not None
        and after not in ENDED
        and kn.entry_of(item, b_report) is None
        and not kn.continued_by.get(item.id)
    ):
        last = kn.report(entry_b.report).id if entry_b else ""
        return "went-silent", f"last reported by {last}", ()
    if change == "restated":
        return "restated", "", ()
    return "unchanged", "", ()


def diff(kn: Knowledge, a_name: str, b_name: str, partner: str | None = None) -> DiffResult:
    a_report, b_report = kn.report(a_name), kn.report(b_name)
    if a_report.id == b_report.id:
        same = f"{a_name!r} and {b_name!r} are" if a_name != b_name else f"{a_name!r} is"
        raise UsageProblem(f"{same} the same report: diff compares two reports, the earlier first")
    if kn.rank(a_report) >= kn.rank(b_report):
        raise UsageProblem(
            f"report {a_report.id!r} is not earlier than {b_report.id!r}; give the earlier report first"
        )
    kn.check_partner(partner)
    a, b = kn.at_report(a_report), kn.at_report(b_report)
    result = DiffResult(
        a,
        b,
        partner,
        program_names=tuple(
            kn.programs[p].display_name for p in dict.fromkeys((a_report.program, b_report.program))
        ),
    )
    programs = [a_report.program] + ([b_report.program] if b_report.program != a_report.program else [])
    for item in sorted(
        kn.dataset.items,
        key=lambda i: (programs.index(i.program) if i.program in programs else -1, i.number or 0, i.id),
    ):
        if item.program not in programs or not kn.in_scope(item, b, partner):
            continue
        deadlines = _deadlines(kn, item, a, b, partner)
        result.deadlines.extend(deadlines)
        section, reason, successors = _item_section(kn, item, a, b, partner, deadlines)
        entry_a, entry_b = kn.entry_at(item, a), kn.entry_at(item, b)
        result.items.append(
            ItemChange(
                item,
                section,
                kn.status_at(item, a, partner),
                kn.status_at(item, b, partner),
                kn.report(entry_a.report).id if entry_a else None,
                kn.report(entry_b.report).id if entry_b else None,
                reason,
                successors,
            )
        )
    result.deadlines.sort(key=_deadline_order)
    return result


def _deadline_order(change: DeadlineChange) -> tuple[object, ...]:
    state = change.after
    months = state.late_months or state.overdue_months or state.moved_months or 0
    return (
        DEADLINE_SECTIONS.index(change.section),
        -months,
        state.item.id,
        state.deadline.id,
        state.partner or "",
    )
