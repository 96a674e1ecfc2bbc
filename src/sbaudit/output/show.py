"""The view of `show ID`: one item as recorded, and its deadlines' states at each report."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from ..audit.fates import DeadlineState
from ..audit.knowledge import Knowledge, Scope
from ..core.errors import UsageProblem
from ..core.model import Deadline, Item
from ..core.periods import Period
from ..core.suggest import did_you_mean
from ..core.vocab import BlockKind, Fate, Kept, PassageKind

if TYPE_CHECKING:
    from ..load.sources import Passage
from .formats import Block, Section, View
from .formats.base import Cell, tidy_table
from .shapes import FORMAT_VERSION, done_text, due_text, item_json, state_cells, state_json

# the columns of show's CSV: one row per event of the item's record, state and source paragraph
SHOW_COLUMNS = (
    "section", "item", "report", "target", "partner", "what", "due", "period", "period_start",
    "period_end", "fate", "current", "done_on", "done_from", "done_to", "late_months",
    "overdue_months", "moved_months", "status", "basis", "label", "note", "evidence", "found_by",
    "paragraph", "url",
)  # fmt: skip


def find_item(kn: Knowledge, reference: str) -> tuple[Item, str | None]:
    """An item by id, `item/target` (as the tables print it) or `program:number`."""
    item_id, _, target = reference.partition("/")
    target = target.split(" (")[0] if target else ""
    item = kn.items.get(item_id)
    if item is None:
        matches = [
            i for i in kn.items.values() if i.number is not None and f"{i.program}:{i.number}" == item_id
        ]
        if not matches:
            hint = did_you_mean(item_id, kn.items)
            raise UsageProblem(f"no item {item_id!r}{hint}")
        item = matches[0]
    if target and target not in {d.id for d in item.deadlines}:
        known = ", ".join(d.id for d in item.deadlines) or "none"
        hint = did_you_mean(target, (d.id for d in item.deadlines))
        raise UsageProblem(f"item {item.id!r} has no deadline {target!r}{hint} (its deadlines: {known})")
    return item, target or None


def measure(state: DeadlineState) -> str:
    """The one measure that goes with a fate, in words."""
    if state.months is None:
        return ""
    if state.fate is Fate.MET_LATE:
        return f"{state.months} months late"
    if state.fate in (Fate.MISSED, Fate.PASSED_SILENT):
        return f"{state.months} months overdue"
    if state.fate is Fate.SLIPPED:
        return f"{state.months} months overdue when re-dated, moved {state.moved_months} months"
    return f"moved {state.months} months"


def states_by_report(kn: Knowledge, item: Item, target: str | None) -> list[tuple[str, DeadlineState]]:
    """Each deadline's state at every report of the item's program from the one that set it."""
    found = []
    for report in kn.dataset.reports:
        if report.program != item.program:
            continue
        moment = kn.at_report(report)
        for deadline in item.deadlines:
            if (target is None or deadline.id == target) and kn.is_set(deadline, moment):
                found += [(report.id, state) for state in kn.deadline_states(item, deadline, Scope(moment))]
    return found


def show_view(
    kn: Knowledge, reference: str, passages: list[Passage] | None = None, sources: Path | None = None
) -> View:
    """The item as recorded and its states; with `passages` (show --sources), the source paragraph
    of each status entry and outcome: under it in the document, as a section (CSV), in the JSON."""
    item, target = find_item(kn, reference)
    sequence = states_by_report(kn, item, target)
    data = {"format_version": FORMAT_VERSION, **item_json(item)}
    data["report_urls"] = report_urls(kn, item)
    data["continued_by"] = kn.continued_by.get(item.id, [])
    data["states_by_report"] = [{"report": report, **state_json(state)} for report, state in sequence]
    about = (
        ("id", item.id),
        ("program", item.program),
        ("number", item.number),
        ("title", item.title),
        ("also called", ", ".join(item.aliases)),
        *((key, value) for key, value in item.group),
        ("wording", item.text),
        ("introduced by", item.introduced),
        ("source", item.source),
        ("continues", ", ".join(item.continues)),
        ("continued by", ", ".join(data["continued_by"])),
        ("file", item.where.file),
    )
    recorded = []
    for d in item.deadlines:
        if target is not None and d.id != target:
            continue
        recorded.append(
            (d.id, d.what, f"{d.due} ({d.period.canonical})", d.set_by, "promised", d.note or d.evidence)
        )
        for r in d.revisions:
            who = f" for {r.partner}" if r.partner else ""
            recorded.append(
                (
                    d.id,
                    "",
                    f"{r.due or r.period.canonical} ({r.period.canonical})",
                    r.report,
                    f"moved{who}",
                    r.note or r.evidence,
                )
            )
        if d.outcome:
            o = d.outcome
            who = f" for {o.partner}" if o.partner else ""
            when = o.date.canonical if o.date else "date not given"
            recorded.append((d.id, "", when, o.report, f"met{who}", o.note or o.evidence))
    fates = tuple(
        (
            report,
            state.deadline.id,
            state.partner or "",
            state.fate,
            due_text(state),
            done_text(state),
            measure(state),
        )
        for report, state in sequence
    )
    history = tuple(
        (
            e.report,
            e.status,
            e.basis,
            e.raw or "; ".join(f"{k}: {v.raw or v.status}" for k, v in e.partners),
            e.note,
            e.evidence,
        )
        for e in item.history
    )
    if passages is not None and target is not None:  # only what the one deadline's story shows
        passages = [p for p in passages if p.kind is PassageKind.OUTCOME and p.deadline == target]
    placed = _Passages(passages or [])
    document = _document(kn, item, target, sequence, placed)
    extra: tuple[Section, ...] = ()
    if passages is not None:
        data["sources"] = [asdict(p) for p in passages]
        extra = (
            Section(
                "Sources",
                ("entry", "report", "found by", "paragraph"),
                tuple(
                    (p.label, p.report, p.found_by, p.text if p.text is not None else "(not found)")
                    for p in passages
                ),
                note=f"Paragraphs from the texts in {sources}",
            ),
        )
    return View(
        data,
        tidy=tidy_table(
            [
                *(
                    {"section": "document", "item": item.id, "report": rid, "url": url}
                    for rid, url in data["report_urls"].items()
                ),
                *_records(item, target, sequence, passages),
            ],
            SHOW_COLUMNS,
        ),
        sections=(
            Section(item.title, ("field", "value"), tuple((k, v) for k, v in about if v not in (None, ""))),
            Section(
                "Deadlines as recorded",
                ("target", "what", "date", "report", "event", "note / evidence"),
                tuple(recorded),
            ),
            Section(
                "Deadline fates at each report",
                ("report", "target", "pair", "fate", "due", "done", "measure"),
                fates,
            ),
            Section("Status history", ("report", "status", "basis", "label", "note", "evidence"), history),
            *extra,
        ),
        heading=f"{item.id}: {item.title}",
        document=document,
    )


def report_urls(kn: Knowledge, item: Item) -> dict[str, str]:
    """The public address of each report the item's record cites, where the report gives one."""
    cited = [item.introduced, *(e.report for e in item.history)]
    for d in item.deadlines:
        cited += [d.set_by, *(r.report for r in d.revisions), *([d.outcome.report] if d.outcome else [])]
    found = {}
    for name in cited:
        report = kn.index.get(name)
        if report is not None and report.url:
            found[report.id] = report.url
    return dict(sorted(found.items(), key=lambda kv: kn.index.order[kv[0]]))


def _records(
    item: Item,
    target: str | None,
    sequence: list[tuple[str, DeadlineState]],
    passages: list[Passage] | None,
) -> list[dict[str, Cell]]:
    """The item as one tidy table: what each report promised, moved and met (`promised`,
    `revised`, `met`), each deadline's state at each report (`state`), each status (`status`, and
    `partner-status` for each pair of a split one) and, with --sources, each paragraph (`source`)."""

    def period(found: Period | None) -> dict[str, Cell]:
        if found is None:
            return {}
        return {
            "period": found.canonical,
            "period_start": found.start.isoformat(),
            "period_end": found.end.isoformat(),
        }

    rows: list[dict[str, Cell]] = []
    for d in item.deadlines:
        if target is not None and d.id != target:
            continue
        base = {"item": item.id, "target": d.id}
        rows.append(
            {
                "section": "promised",
                **base,
                "report": d.set_by,
                "what": d.what,
                "due": d.due,
                **period(d.period),
                "note": d.note,
                "evidence": d.evidence,
            }
        )
        for r in d.revisions:
            rows.append(
                {
                    "section": "revised",
                    **base,
                    "report": r.report,
                    "partner": r.partner,
                    "due": r.due,
                    **period(r.period),
                    "note": r.note,
                    "evidence": r.evidence,
                }
            )
        if d.outcome is not None:
            o = d.outcome
            rows.append(
                {
                    "section": "met",
                    **base,
                    "report": o.report,
                    "partner": o.partner,
                    **period(o.date),
                    "note": o.note,
                    "evidence": o.evidence,
                }
            )
    for report, state in sequence:
        cells = state_cells(state, [])
        rows.append(
            {
                "section": "state",
                "report": report,
                **{k: v for k, v in cells.items() if k in SHOW_COLUMNS and k != "what"},
                "period": cells["original"],
                "period_start": cells["original_start"],
                "period_end": cells["original_end"],
            }
        )
    if target is None:
        for e in item.history:
            rows.append(
                {
                    "section": "status",
                    "item": item.id,
                    "report": e.report,
                    "status": e.status,
                    "basis": e.basis,
                    "label": e.raw,
                    "note": e.note,
                    "evidence": e.evidence,
                }
            )
            for name, split in e.partners:
                rows.append(
                    {
                        "section": "partner-status",
                        "item": item.id,
                        "report": e.report,
                        "partner": name,
                        "status": split.status,
                        "basis": e.basis,
                        "label": split.raw,
                    }
                )
    for p in passages or []:
        rows.append(
            {
                "section": "source",
                "item": item.id,
                "report": p.report,
                "target": p.deadline,
                "found_by": p.found_by,
                "paragraph": p.text,
                "note": p.label,
            }
        )
    return [{k: (v if v != "" else None) for k, v in row.items()} for row in rows]


class _Passages:
    """The source paragraphs still to place in the document, taken as their entries are written."""

    def __init__(self, passages: list[Passage]) -> None:
        self.waiting = list(passages)

    def take(self, kind: PassageKind, report: str, deadline: str | None = None) -> list[Block]:
        found = [p for p in self.waiting if (p.kind, p.report, p.deadline) == (kind, report, deadline)]
        for passage in found:
            self.waiting.remove(passage)
        return [_source_block(passage) for passage in found]

    def rest(self) -> list[Block]:
        """Passages whose entry the document does not show (show ID/TARGET leaves out the history)."""
        if not self.waiting:
            return []
        blocks = [Block(BlockKind.HEADING, "Sources", 2)]
        for passage in self.waiting:
            blocks += [Block(BlockKind.ENTRY, passage.label), _source_block(passage)]
        self.waiting = []
        return blocks


def _source_block(passage: Passage) -> Block:
    text = " ".join((passage.text or "(not found)").split())
    return Block(BlockKind.ENTRY, f"Source ({passage.found_by}): {text}", 2)


def fate_words(state: DeadlineState) -> str:
    """A state in a sentence's words: the fate, its measure, and when the work was done."""
    words = state.fate.words.sentence
    extra = measure(state)
    done = done_text(state)
    if state.met and done:
        on = "on" if state.outcome and state.outcome.date and state.outcome.date.kind == "day" else "in"
        words += f", done {done}" if done.startswith("between") else f", done {on} {done}"
    if extra:
        words += f" ({extra})"
    if state.fate in (Fate.OPEN, Fate.MOVED, Fate.MISSED, Fate.SLIPPED) and state.current != state.original:
        words += f", due {state.current.canonical}"
    return words + basis_words(state)


def basis_words(state: DeadlineState) -> str:
    """What the fate rests on, in words: the report's word, or silence since the date passed."""
    if state.fate is Fate.PASSED_SILENT:
        last = (
            f"; the last word, before the date passed: {state.word_report} {state.word.words}"
            if state.word
            else ""
        )
        return f"; no report since the date has said anything of it{last}"
    if state.word is None or state.fate.met or state.fate is Fate.MOVED:
        return ""
    return f"; report {state.word_report} {state.word.words}"


def _deadline_story(
    kn: Knowledge,
    item: Item,
    deadline: Deadline,
    sequence: list[tuple[str, DeadlineState]],
    placed: _Passages,
) -> list[Block]:
    blocks = [
        Block(BlockKind.HEADING, f"{deadline.id}: {deadline.what}", 3),
        Block(
            BlockKind.ENTRY, f"{deadline.set_by}: promised {deadline.due!r} ({deadline.period.canonical})."
        ),
    ]
    for revision in deadline.revisions:
        who = f" for {revision.partner}" if revision.partner else ""
        said = f" ({revision.due!r})" if revision.due else ""
        blocks.append(
            Block(BlockKind.ENTRY, f"{revision.report}: moved{who} to {revision.period.canonical}{said}.")
        )
    outcome = deadline.outcome
    if outcome is not None:
        who = f" for {outcome.partner}" if outcome.partner else ""
        when = "date not given"
        if outcome.date is not None:
            when = ("on " if outcome.date.kind == "day" else "in ") + outcome.date.canonical
        kept = "" if outcome.kept is Kept.IN_FULL else f", {outcome.kept.words}"
        blocks.append(Block(BlockKind.ENTRY, f"{outcome.report}: met{who}{kept}, {when}."))
        blocks += placed.take(PassageKind.OUTCOME, outcome.report, deadline.id)
    for word in deadline.said:
        who = f" for {word.partner}" if word.partner else ""
        blocks.append(Block(BlockKind.ENTRY, f"{word.report}{who}: {word.word.words}."))
    for report, state in sequence:
        if state.deadline.id != deadline.id:
            continue
        who = f" for {state.partner}" if state.partner else ""
        blocks.append(Block(BlockKind.ENTRY, f"As known at {report}{who}: {fate_words(state)}."))
    notes = (deadline.note, *(r.note for r in deadline.revisions), *(w.note for w in deadline.said))
    for note in (*notes, outcome.note if outcome else ""):
        if note:
            blocks.append(Block(BlockKind.PARA, note))
    return blocks


def _document(
    kn: Knowledge,
    item: Item,
    target: str | None,
    sequence: list[tuple[str, DeadlineState]],
    placed: _Passages,
) -> tuple[Block, ...]:
    """The item to read top to bottom: wording, each deadline's story, the status history, links."""
    group = ", ".join(value for _, value in item.group if len(value) < 60)
    number = f" item {item.number}" if item.number is not None else ""
    latest = item.history[-1] if item.history else None
    status = f"latest status {latest.status} ({latest.report})" if latest else "no status reported"
    found = kn.dataset.programs.get(item.program)
    program = found.display_name if found is not None else item.program
    blocks = [
        Block(
            BlockKind.PARA,
            f"{program}{number}; {group}; introduced by {item.introduced}; {status}.".replace("; ;", ";"),
        ),
    ]
    urls = report_urls(kn, item)
    if urls:  # the documents a reader can follow, where the reports give their addresses
        blocks.append(Block(BlockKind.PARA, "Documents:"))
        blocks += [Block(BlockKind.ENTRY, f"{rid}: {url}") for rid, url in urls.items()]
    blocks += [Block(BlockKind.HEADING, "Wording", 2), Block(BlockKind.PARA, item.text)]
    deadlines = [d for d in item.deadlines if target is None or d.id == target]
    if deadlines:
        blocks.append(Block(BlockKind.HEADING, "Deadlines", 2))
        for deadline in deadlines:
            blocks += _deadline_story(kn, item, deadline, sequence, placed)
    if target is None:
        blocks.append(Block(BlockKind.HEADING, "Status history", 2))
        for entry in item.history:
            label = entry.raw or "; ".join(f"{k}: {v.raw or v.status}" for k, v in entry.partners)
            how = f"reported as {label!r}" if label else entry.basis
            blocks.append(Block(BlockKind.ENTRY, f"{entry.report}: {entry.status} ({how})."))
            if entry.note:
                blocks.append(Block(BlockKind.ENTRY, entry.note, 2))
            if entry.evidence:
                blocks.append(Block(BlockKind.ENTRY, f"Evidence: {entry.evidence}.", 2))
            blocks += placed.take(PassageKind.STATUS, entry.report)
        if not item.history:
            blocks.append(Block(BlockKind.PARA, "No report has given a status yet."))
        links = [(sid, "continues") for sid in item.continues]
        links += [(sid, "continued by") for sid in kn.continued_by.get(item.id, [])]
        if links:
            blocks.append(Block(BlockKind.HEADING, "Links", 2))
            for sid, how in links:
                other = kn.items.get(sid)
                if other is None:
                    continue
                last = other.history[-1].status if other.history else "no status"
                blocks.append(Block(BlockKind.ENTRY, f"{how} {sid}: {other.title} ({last})."))
    return tuple(blocks + placed.rest())
