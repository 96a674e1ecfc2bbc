"""diff A B: the state at A's moment compared with the state at B's, for every item and deadline
of A's and B's programs (docs/audit-rules.md, "diff"). Every item lands in exactly one item
section and every deadline (per partner pair where they differ) in exactly one deadline section."""

from __future__ import annotations

from typing import NamedTuple

from ..core.errors import UsageProblem
from ..core.model import Item, StatusEntry
from ..core.vocab import DeadlineSection, Fate, ItemSection, ReportKind
from .fates import DeadlineState, status_change
from .knowledge import Knowledge, Moment, Scope

__all__ = [
    "DiffResult",
    "ItemChange",
    "DeadlineChange",
    "ITEM_SECTIONS",
    "DEADLINE_SECTIONS",
    "SECTION_NAMES",
    "diff",
]

ITEM_SECTIONS: tuple[ItemSection, ...] = tuple(ItemSection)
DEADLINE_SECTIONS: tuple[DeadlineSection, ...] = tuple(DeadlineSection)
# every section name `--fail-on` accepts (set-aside names an item and a deadline section)
SECTION_NAMES: tuple[str, ...] = tuple(
    dict.fromkeys(str(name) for name in (*ITEM_SECTIONS, *DEADLINE_SECTIONS))
)
ENDED = frozenset({"completed", "superseded", "dropped"})


class ItemChange(NamedTuple):
    """An item's status at A's moment and at B's, and the one section that describes the change."""

    item: Item
    section: ItemSection
    before: str | None
    after: str | None
    before_report: str | None
    after_report: str | None
    reason: str = ""
    successors: tuple[tuple[str, str | None, str | None], ...] = ()


class DeadlineChange(NamedTuple):
    """A deadline (for one partner pair, or as a whole) at A's moment (None: not yet set) and at B's."""

    section: DeadlineSection
    before: DeadlineState | None
    after: DeadlineState

    @property
    def newly(self) -> bool:
        """The fate at B was not already the fate at A."""
        return self.before is None or self.before.fate != self.after.fate


class DiffResult(NamedTuple):
    a: Moment
    b: Moment
    partner: str | None
    items: list[ItemChange]
    deadlines: list[DeadlineChange]
    # the display names of A's and B's programs, in that order
    program_names: tuple[str, ...] = ()

    def item_section(self, name: ItemSection | str) -> list[ItemChange]:
        return [change for change in self.items if change.section == name]

    def deadline_section(self, name: DeadlineSection | str) -> list[DeadlineChange]:
        return [change for change in self.deadlines if change.section == name]

    def has_rows(self, name: str) -> bool:
        """Some item or deadline is in the section of that name (`--fail-on`)."""
        return any(c.section == name for c in self.items) or any(c.section == name for c in self.deadlines)


def _deadline_section(before: DeadlineState | None, after: DeadlineState) -> DeadlineSection:
    if before is not None and before.met:
        return DeadlineSection.MET_BEFORE
    if after.fate.met:
        return DeadlineSection(after.fate.value)
    if after.fate.set_aside:
        return DeadlineSection.SET_ASIDE
    if after.fate in (Fate.MISSED, Fate.PASSED_SILENT, Fate.DELAYED):
        return DeadlineSection(after.fate.value)
    moved = before is None or before.current != after.current
    if after.fate is Fate.SLIPPED and moved:
        return DeadlineSection.SLIPPED
    if after.fate is Fate.MOVED and moved:
        return DeadlineSection.MOVED
    if before is None:
        return DeadlineSection.NEWLY_PROMISED
    return DeadlineSection.STILL_OPEN


def _deadlines(kn: Knowledge, item: Item, a: Scope, b: Scope) -> list[DeadlineChange]:
    changes = []
    for deadline in item.deadlines:
        if not kn.is_set(deadline, b.moment):
            continue
        for after in kn.deadline_states(item, deadline, b):
            before = (
                kn.deadline_state(item, deadline, a.pair(after.partner))
                if kn.is_set(deadline, a.moment)
                else None
            )
            changes.append(DeadlineChange(_deadline_section(before, after), before, after))
    return changes


def _reported_by(kn: Knowledge, item: Item, moment: Moment) -> str | None:
    entry = kn.entry_at(item, moment)
    return None if entry is None else kn.report(entry.report).id


def _dates(count: int, words: str) -> str:
    return f"{count} date{'s' if count > 1 else ''} {words}"


def _behind(
    kn: Knowledge, a: Moment, entry_b: StatusEntry | None, after: str | None, deadlines: list[DeadlineChange]
) -> list[str]:
    """Why an item is behind a promised date between A and B, each reason resting on a report's
    word: a status label "delayed" newly given, a date newly passed unmet as a report after it
    says, re-dated only after it had passed, or newly met late. A date that passed with no word
    since does not make an item behind: it rests on silence."""
    reasons = []
    if after == "delayed" and entry_b is not None and not kn.known(entry_b.report, a):
        how = "reported" if entry_b.basis == "reported" else "assessed"
        reasons.append(f"{how} delayed by {kn.report(entry_b.report).id}")
    newly = [c for c in deadlines if c.newly]
    if after not in ENDED:
        for section, words in (
            (DeadlineSection.MISSED, "passed unmet"),
            (DeadlineSection.SLIPPED, "re-dated after it passed"),
            (DeadlineSection.DELAYED, "said delayed"),
        ):
            count = sum(1 for c in newly if c.section is section)
            if count:
                reasons.append(_dates(count, words))
    late = sum(1 for c in newly if c.section is DeadlineSection.MET_LATE)
    if late:
        reasons.append(_dates(late, "met late"))
    return reasons


def _item_section(
    kn: Knowledge, item: Item, a_scope: Scope, b_scope: Scope, deadlines: list[DeadlineChange]
) -> tuple[ItemSection, str, tuple[tuple[str, str | None, str | None], ...]]:
    """(section, reason, successors) for one item, by the precedence docs/audit-rules.md gives."""
    a, b = a_scope.moment, b_scope.moment
    before, after = kn.status_at(item, a_scope), kn.status_at(item, b_scope)
    b_report = b.report
    if not kn.known(item.introduced, a):
        return ItemSection.NEW, f"introduced by {kn.report(item.introduced).id}", ()
    across = b_report is not None and a.report is not None and item.program != b_report.program
    if across and b_report is not None:
        # the hand-over: every item of the earlier program that a later one continues, ended or not
        successors = tuple(
            (sid, kn.status_at(kn.items[sid], b_scope), _reported_by(kn, kn.items[sid], b))
            for sid in kn.continued_by.get(item.id, ())
            if kn.items[sid].program == b_report.program and kn.in_scope(kn.items[sid], b_scope.pair(None))
        )
        if successors:
            return ItemSection.CONTINUED, "", successors
    if after == "completed" and before != "completed":
        return ItemSection.COMPLETED, "", ()
    if after in ("superseded", "dropped") and before != after:
        return ItemSection.SET_ASIDE, "", ()
    if across and b_report is not None and after not in ENDED:
        return ItemSection.NOT_CARRIED_FORWARD, f"no {b_report.program} item continues it", ()
    entry_b = kn.entry_at(item, b)
    reasons = _behind(kn, a, entry_b, after, deadlines)
    if reasons:
        return ItemSection.BEHIND, "; ".join(reasons), ()
    change = status_change(before, after)
    if change in ("fell-back", "advanced"):
        return ItemSection(change), "", ()
    if before is None and after is not None:
        return ItemSection.FIRST_REPORTED, "", ()
    if (
        b_report is not None
        and b_report.kind == ReportKind.STATUS
        and b_report.covers(item)
        and after is not None
        and after not in ENDED
        and kn.entry_of(item, b_report) is None
        and not kn.continued_by.get(item.id)
    ):
        last = kn.report(entry_b.report).id if entry_b else ""
        return ItemSection.WENT_SILENT, f"last reported by {last}", ()
    if change == "restated":
        return ItemSection.RESTATED, "", ()
    return ItemSection.UNCHANGED, "", ()


def diff(kn: Knowledge, a_name: str, b_name: str, partner: str | None = None) -> DiffResult:
    a_report, b_report = kn.report(a_name), kn.report(b_name)
    if a_report.id == b_report.id:
        same = f"{a_name!r} and {b_name!r} are" if a_name != b_name else f"{a_name!r} is"
        raise UsageProblem(f"{same} the same report: diff compares two reports, the earlier first")
    if kn.rank(a_report) >= kn.rank(b_report):
        raise UsageProblem(
            f"report {a_report.id!r} is not earlier than {b_report.id!r}; give the earlier report first"
        )
    a_scope = kn.scope(kn.at_report(a_report), partner)
    b_scope = Scope(kn.at_report(b_report), partner)
    a, b = a_scope.moment, b_scope.moment
    items: list[ItemChange] = []
    all_deadlines: list[DeadlineChange] = []
    programs = [a_report.program] + ([b_report.program] if b_report.program != a_report.program else [])
    for item in sorted(
        kn.dataset.items,
        key=lambda i: (programs.index(i.program) if i.program in programs else -1, i.number or 0, i.id),
    ):
        if item.program not in programs or not kn.in_scope(item, b_scope):
            continue
        deadlines = _deadlines(kn, item, a_scope, b_scope)
        all_deadlines.extend(deadlines)
        section, reason, successors = _item_section(kn, item, a_scope, b_scope, deadlines)
        entry_a, entry_b = kn.entry_at(item, a), kn.entry_at(item, b)
        items.append(
            ItemChange(
                item,
                section,
                kn.status_at(item, a_scope),
                kn.status_at(item, b_scope),
                kn.report(entry_a.report).id if entry_a else None,
                kn.report(entry_b.report).id if entry_b else None,
                reason,
                successors,
            )
        )
    all_deadlines.sort(key=_deadline_order)
    names = tuple(kn.programs[p].display_name for p in dict.fromkeys((a_report.program, b_report.program)))
    return DiffResult(a, b, partner, items, all_deadlines, names)


def _deadline_order(change: DeadlineChange) -> tuple[object, ...]:
    state = change.after
    months = state.months or 0
    return (
        DEADLINE_SECTIONS.index(change.section),
        -months,
        state.item.id,
        state.deadline.id,
        state.partner or "",
    )
