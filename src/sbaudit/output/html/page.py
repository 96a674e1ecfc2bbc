"""The visual audit report: a view-model of one HTML page built from the audit's states
(overdue, summary), rendered with Jinja2 into a self-contained file: inline CSS and
SVG, nothing fetched. Pure: the as-of date comes in, nothing reads the clock."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ... import __version__
from ...audit.fates import DeadlineState
from ...audit.knowledge import Knowledge, Moment, Scope
from ...audit.overdue import OverdueRow, overdue
from ...audit.summary import SummaryRow, summary
from ...core.errors import UsageProblem
from ...core.model import Deadline, Item, Program, Report, StatusEntry
from ...core.periods import Period
from ...core.safe import visible
from ...core.status import COUNTED, STATUSES
from ...core.vocab import Fate, Kept, ReportKind
from ..findings import (
    ASSESSED,
    Finding,
    bases,
    by_kind,
    longest_late,
    longest_overdue,
    on_time,
    on_track_late,
)
from ..overdue import since_text
from .svg import Mark, Rule, Scale, Segment, Tick, rules, stacked, year_ticks

__all__ = ["Page", "build_page", "render_html", "program_scale", "deadline_marks"]

SECTIONS = (
    ("progress", "Progress by report"),
    ("overdue", "Overdue"),
    ("on-track-late", "On track after the deadline"),
    ("timelines", "Timelines"),
    ("items", "Every item"),
    ("links", "Continuations"),
)


@dataclass(frozen=True)
class DeadlineRow:
    """One deadline's strip: its label line and its marks."""

    deadline: Deadline
    summary: str
    late: bool
    marks: tuple[Mark, ...]


@dataclass(frozen=True)
class Link:
    """Another item this one continues or is continued by, with its latest status."""

    id: str
    title: str
    status: str | None


@dataclass(frozen=True)
class ItemView:
    """An item with its latest status, status history, links and (for timelines) deadline rows."""

    item: Item
    latest: StatusEntry | None
    history: tuple[StatusEntry, ...]
    continues: tuple[Link, ...]
    continued_by: tuple[Link, ...]
    rows: tuple[DeadlineRow, ...]


@dataclass(frozen=True)
class Group:
    """The items of one pillar or area, in the plan's order."""

    name: str
    items: tuple[ItemView, ...]

    @property
    def dated(self) -> tuple[ItemView, ...]:
        return tuple(view for view in self.items if view.rows)

    @property
    def undated(self) -> tuple[ItemView, ...]:
        return tuple(view for view in self.items if not view.rows)


@dataclass(frozen=True)
class Bar:
    """One status report's items by status, with its deadlines' fates."""

    row: SummaryRow
    segments: tuple[Segment, ...]

    @property
    def fate_counts(self) -> list[str]:
        """The deadlines' fates in words ("4 met on time"), the set-aside ones counted together and
        only when there are some."""
        fates = self.row.fates
        shown = [f"{fates[fate]} {fate.words.label}" for fate in Fate if not fate.set_aside]
        set_aside = sum(fates[fate] for fate in Fate if fate.set_aside)
        return shown + ([f"{set_aside} set aside"] if set_aside else [])


@dataclass(frozen=True)
class ProgramView:
    """One program: its shared date scale, report rules, groups of items, bars and overdue rows."""

    id: str
    name: str
    plan: Report | None
    scale: Scale
    rules: tuple[Rule, ...]
    ticks: tuple[Tick, ...]
    groups: tuple[Group, ...]
    bars: tuple[Bar, ...]
    overdue: tuple[OverdueRow, ...]
    due: tuple[OverdueRow, ...]
    item_count: int
    deadline_count: int
    findings: tuple[Finding, ...] = ()

    @property
    def bar_statuses(self) -> tuple[str, ...]:
        """The statuses some bar of the program has, in the vocabulary's order."""
        return tuple(s for s in COUNTED if any(b.row.statuses.get(s) for b in self.bars))


@dataclass(frozen=True)
class Page:
    """Everything the page shows; `known` are the reports public by the as-of date."""

    as_of: Period
    as_of_note: str
    reports: tuple[Report, ...]
    known: tuple[str, ...]
    programs: tuple[ProgramView, ...]
    on_track_late: tuple[OverdueRow, ...]
    links: tuple[ItemView, ...]
    not_continued: tuple[ItemView, ...]
    statuses: tuple[str, ...]
    link_label: str = ""
    assessed: str = ASSESSED
    sections: tuple[tuple[str, str], ...] = SECTIONS
    version: str = __version__

    @property
    def overdue_count(self) -> int:
        return sum(len(p.overdue) for p in self.programs)

    @property
    def findings(self) -> tuple[tuple[str, tuple[Finding, ...]], ...]:
        """Every program's findings under the heading of their kind."""
        return by_kind(f for p in self.programs for f in p.findings)


def program_name(kn: Knowledge, program: str) -> str:
    """A heading for a program: the name its plan report gives, else one made from its id
    (smart-border -> Smart Border, spp -> SPP)."""
    found = kn.dataset.programs.get(program)
    return found.display_name if found is not None else Program(program).display_name


def program_scale(kn: Knowledge, program: str, as_of: Period | None = None) -> Scale:
    """One scale per program, so that its items' strips line up: its reports' dates, every date
    its deadlines, revisions and outcomes name, and the as-of date unless it lies before them or
    more than two years after."""
    days = [d for r in kn.dataset.reports if r.program == program for d in (r.as_of.end, r.published.end)]
    for item in kn.dataset.items:
        if item.program != program:
            continue
        for deadline in item.deadlines:
            days += [deadline.period.start, deadline.period.end]
            days += [r.period.end for r in deadline.revisions]
            if deadline.outcome is not None and deadline.outcome.date is not None:
                days += [deadline.outcome.date.start, deadline.outcome.date.end]
    if as_of is not None and min(days) <= as_of.end and (as_of.end - max(days)).days <= 731:
        days.append(as_of.end)
    return Scale.spanning(days)


def deadline_marks(
    kn: Knowledge, scale: Scale, item: Item, deadline: Deadline, late: list[OverdueRow], as_of: Period
) -> tuple[Mark, ...]:
    """The marks of one deadline: the span promised, each revision as an arrow from the date in
    force before the revising report to the new one, the completion, and the overdue band."""
    x = scale.x
    period = deadline.period
    marks: list[Mark] = []
    promised = f"{deadline.id}: promised {deadline.due!r} ({period.canonical}) by report {deadline.set_by}"
    if period.start < period.end:
        marks.append(Mark("period", x(period.start), x(period.end), promised))
    if late:
        worst = max(late, key=lambda row: row.months or 0)
        who = ", ".join(r.state.partner for r in late if r.state.partner)
        band_end = scale.clamp(as_of.end)
        marks.append(
            Mark(
                "overdue",
                x(worst.state.original.end),
                x(band_end),
                f"{deadline.id}: overdue {worst.months} months as of {as_of.canonical}"
                + (f" ({who})" if who else ""),
            )
        )
    for revision in deadline.revisions:
        revising = kn.report(revision.report)
        before = kn.deadline_state(
            item, deadline, Scope(Moment(kn.rank(revising) - 1, revising.as_of), revision.partner)
        ).current
        who = f" for {revision.partner}" if revision.partner else ""
        marks.append(
            Mark(
                "revision",
                x(before.end),
                x(revision.period.end),
                f"{deadline.id}: moved{who} from {before.canonical} to {revision.period.canonical} "
                f"by report {revision.report}",
            )
        )
    marks.append(Mark("promise", x(period.end), x(period.end), promised, late=bool(late)))
    outcome = deadline.outcome
    if outcome is not None:
        who = f" for {outcome.partner}" if outcome.partner else ""
        if outcome.date is None:
            at = kn.report(outcome.report).as_of.end
            marks.append(
                Mark(
                    "done-undated",
                    x(at),
                    x(at),
                    f"{deadline.id}: met{who}, date not given (report {outcome.report})",
                )
            )
        else:
            when = outcome.date
            title = f"{deadline.id}: met{who} {when.canonical} (report {outcome.report})"
            if when.start < when.end:
                marks.append(Mark("done-period", x(when.start), x(when.end), title))
            marks.append(Mark("done", x(when.end), x(when.end), title))
    return tuple(marks)


def fate_text(state: DeadlineState) -> str:
    """A deadline's fate in words, with the measure that goes with it, how a met promise was kept
    where not in full, and the report's word it rests on (or silence)."""
    text = state.fate.words.page.format(months=state.months)
    if state.kept is not None and state.kept is not Kept.IN_FULL:
        text += f", {state.kept.words}"
    if not state.fate.met and state.fate is not Fate.PASSED_SILENT and state.word is not None:
        text += f" ({state.word.short} per {state.word_report})"
    return f"{state.partner}: {text}" if state.partner else text


def _deadline_summary(
    deadline: Deadline, late: list[OverdueRow], states: list[DeadlineState], at: str
) -> str:
    parts = [deadline.period.canonical]
    for revision in deadline.revisions:
        who = f" {revision.partner}" if revision.partner else ""
        parts.append(f"→ {revision.period.canonical} ({revision.report}{who})")
    text = " ".join(parts)
    if states:
        text += f" · at {at}: " + "; ".join(fate_text(state) for state in states)
    if late:
        text += f" · overdue {max(r.months or 0 for r in late)} mo"
    return text


def _links(kn: Knowledge, ids: list[str]) -> tuple[Link, ...]:
    latest = Scope(kn.at_report(kn.dataset.reports[-1]))
    return tuple(
        Link(i, kn.items[i].title, kn.status_at(kn.items[i], latest)) for i in sorted(ids) if i in kn.items
    )


def _item_view(
    kn: Knowledge,
    scale: Scale,
    item: Item,
    late: dict[tuple[str, str], list[OverdueRow]],
    as_of: Period,
    moment: Moment | None,
) -> ItemView:
    rows = []
    for deadline in item.deadlines:
        found = late.get((item.id, deadline.id), [])
        states = (
            kn.deadline_states(item, deadline, Scope(moment))
            if moment and kn.is_set(deadline, moment)
            else []
        )
        summary = _deadline_summary(deadline, found, states, moment.label if moment else "")
        rows.append(
            DeadlineRow(
                deadline, summary, bool(found), deadline_marks(kn, scale, item, deadline, found, as_of)
            )
        )
    latest = item.history[-1] if item.history else None
    return ItemView(
        item,
        latest,
        item.history,
        _links(kn, list(item.continues)),
        _links(kn, kn.continued_by.get(item.id, [])),
        tuple(rows),
    )


def _group_name(item: Item) -> str:
    return item.group_value("pillar") or item.group_value("area") or "(no group)"


def _program(
    kn: Knowledge,
    program: str,
    as_of: Period,
    found: list[OverdueRow],
    due: list[OverdueRow],
    bars: list[SummaryRow],
    known: list[str],
    flagged: tuple[OverdueRow, ...] = (),
) -> ProgramView:
    reports = [r for r in kn.dataset.reports if r.program == program]
    status_reports = [r for r in reports if r.kind == ReportKind.STATUS]
    latest = kn.at_report(status_reports[-1]) if status_reports else None
    scale = program_scale(kn, program, as_of)
    marks = [
        (
            r.as_of.end,
            r.id,
            f"report {r.id}: statuses as of {r.as_of.canonical}, published {r.published.canonical}",
            "report",
        )
        for r in reports
    ]
    if scale.start <= as_of.end <= scale.end:
        marks.append((as_of.end, "as of", f"as of {as_of.canonical} ({as_of.end.isoformat()})", "as-of"))
    late: dict[tuple[str, str], list[OverdueRow]] = defaultdict(list)
    for row in found:
        late[(row.state.item.id, row.state.deadline.id)].append(row)
    items = sorted((i for i in kn.dataset.items if i.program == program), key=lambda i: (i.number or 0, i.id))
    grouped: dict[str, list[ItemView]] = {}
    for item in items:
        grouped.setdefault(_group_name(item), []).append(_item_view(kn, scale, item, late, as_of, latest))
    name = program_name(kn, program)
    return ProgramView(
        program,
        name,
        next((r for r in reports if r.kind == ReportKind.PLAN), None),
        scale,
        rules(scale, marks),
        year_ticks(scale),
        tuple(Group(name, tuple(views)) for name, views in grouped.items()),
        tuple(
            Bar(row, stacked(((s, row.statuses.get(s, 0)) for s in COUNTED), row.items))
            for row in bars
            if row.report.program == program
        ),
        tuple(found),
        tuple(due),
        len(items),
        sum(len(i.deadlines) for i in items),
        _findings(
            name, items, as_of, found, [r for r in bars if r.report.program == program], known, flagged
        ),
    )


def _findings(
    name: str,
    items: list[Item],
    as_of: Period,
    found: list[OverdueRow],
    bars: list[SummaryRow],
    known: list[str],
    flagged: tuple[OverdueRow, ...],
) -> tuple[Finding, ...]:
    """What the page opens with for one program: the on-time rate at its latest status report
    public by the as-of date, the longest slips, the dates called on track after they passed,
    and how its statuses were arrived at."""
    rows = [row for row in bars if row.report.id in known]
    latest = rows[-1] if rows else None
    return tuple(
        finding
        for finding in (
            on_time(name, latest) if latest else None,
            longest_overdue(name, found, as_of),
            longest_late(name, latest.states, latest.report.id) if latest else None,
            on_track_late(name, flagged, as_of),
            bases(name, items),
        )
        if finding is not None
    )


def build_page(kn: Knowledge, as_of: Period | None = None) -> Page:
    """Everything the page shows, as known at `as_of` (by default the day the latest report was
    public) for the overdue part and as reported by every report for the rest."""
    as_of_note = ""
    if as_of is None:
        if not kn.dataset.reports:
            raise UsageProblem("the data has no reports")
        latest = kn.dataset.reports[-1]
        as_of, as_of_note = latest.published, f"the day report {latest.id} was public"
    result = overdue(kn, as_of)
    bars = summary(kn)
    order: list[str] = []
    for report in kn.dataset.reports:
        if report.program not in order:
            order.append(report.program)
    flagged = tuple(
        sorted(
            (r for r in (*result.overdue, *result.due) if r.on_track_after),
            key=lambda r: (r.state.item.id, r.state.deadline.id, r.state.partner or ""),
        )
    )
    programs = tuple(
        _program(
            kn,
            program,
            as_of,
            [r for r in result.overdue if r.state.item.program == program],
            [r for r in result.due if r.state.item.program == program],
            bars,
            list(result.reports),
            tuple(r for r in flagged if r.state.item.program == program),
        )
        for program in order
    )
    views = [view for p in programs for g in p.groups for view in g.items]
    linked = tuple(view for view in views if view.continued_by)
    successors = {kn.items[link.id].program for view in linked for link in view.continued_by}
    earlier = {view.item.program for view in linked}
    orphans = tuple(
        view for view in views if view.item.program in earlier - successors and not view.continued_by
    )
    label = ""
    if linked:
        label = (
            f"{' and '.join(program_name(kn, p) for p in sorted(earlier))} items carried forward by "
            f"{' and '.join(program_name(kn, p) for p in sorted(successors))} milestones"
        )
    return Page(
        as_of,
        as_of_note,
        kn.dataset.reports,
        tuple(result.reports),
        programs,
        flagged,
        linked,
        orphans,
        STATUSES,
        label,
    )


def render_html(page: Page) -> str:
    """The page as one HTML document (Jinja2, autoescaped)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sbaudit.output.html", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # every value the page prints: control and direction-changing characters from the data
        # shown as visible escapes (\x1b, \u202e), as in every other output; line breaks kept
        # (markup the templates made, a macro's output, is theirs and passed as it is)
        finalize=lambda value: (
            visible(value, keep_newlines=True)
            if isinstance(value, str) and not hasattr(value, "__html__")
            else value
        ),
    )
    env.filters["pct"] = lambda value: f"{value:.2f}%"
    env.filters["since"] = since_text
    env.filters["slug"] = lambda value: "".join(c if c.isalnum() else "-" for c in str(value).lower())
    return env.get_template("report.html.j2").render(page=page)
