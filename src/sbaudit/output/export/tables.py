"""The whole audit as tables: the record as the data files hold it (programs, reports, items,
deadlines, revisions, outcomes, status entries with their partner splits, links) and the state of
every deadline at every report of its program, taken from the audit (Knowledge.deadline_states),
never decided here. Every cell holds one value; report names are resolved to report ids."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...audit.knowledge import Knowledge, Scope
from ...core.model import Item
from ...core.periods import Period
from ...core.status import STATUSES
from ...core.vocab import Fate
from ..shapes import group_keys, snake

__all__ = ["Column", "Table", "build_tables"]

Cell = str | int | float | None


def fate_name(fate: object) -> str:
    """A fate's name, whether the audit gives it as a string or as an enum member."""
    return str(getattr(fate, "value", fate))


@dataclass(frozen=True)
class Column:
    """A column: its SQL type (TEXT, INTEGER or REAL), what it holds, and the table.column it
    refers to, if any."""

    name: str
    type: str
    description: str
    references: str | None = None


@dataclass(frozen=True)
class Table:
    """A table with its key, its indexes, its title and description, and the columns Datasette
    offers as facets."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    key: tuple[str, ...]
    indexes: tuple[tuple[str, ...], ...] = ()
    facets: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


def _rows(columns: tuple[Column, ...], records: list[dict[str, Any]]) -> tuple[tuple[Cell, ...], ...]:
    names = [column.name for column in columns]
    return tuple(tuple(record.get(name) for name in names) for record in records)


def _period(prefix: str, period: Period | None) -> dict[str, Cell]:
    if period is None:
        return {prefix: None, f"{prefix}_start": None, f"{prefix}_end": None}
    return {
        prefix: period.canonical,
        f"{prefix}_start": period.start.isoformat(),
        f"{prefix}_end": period.end.isoformat(),
    }


def _period_columns(prefix: str, what: str) -> tuple[Column, ...]:
    return (
        Column(prefix, "TEXT", f"{what}, as a period in its canonical spelling (2003-spring, 2005-12)"),
        Column(f"{prefix}_start", "TEXT", f"{what}: the period's first day (ISO date)"),
        Column(f"{prefix}_end", "TEXT", f"{what}: the period's last day (ISO date)"),
    )


def _text(value: str) -> str | None:
    return value or None


class _Builder:
    def __init__(self, kn: Knowledge) -> None:
        self.kn = kn
        self.items = sorted(kn.dataset.items, key=lambda i: (i.program, i.number or 0, i.id))
        self.keys = group_keys(self.items)

    def report_id(self, name: str | None) -> str | None:
        """A report named by id or alias, as its id."""
        if name is None:
            return None
        found = self.kn.index.get(name)
        return found.id if found is not None else name

    # -- vocabularies and programs --------------------------------------------------------
    def fates(self) -> Table:
        columns = (
            Column("name", "TEXT", "The fate of a deadline at a moment (docs/audit-rules.md)"),
            Column("position", "INTEGER", "The order listings and counts show the fates in"),
            Column("met", "INTEGER", "1 when the fate says the deadline was met"),
            Column("set_aside", "INTEGER", "1 when the item was superseded or dropped"),
            Column(
                "decided",
                "INTEGER",
                "1 when a report's word decides the timing: met on time or late, passed unmet as a report "
                "after the date says, or re-dated only after the date had passed (the on-time rate's denominator)",
            ),
            Column("on_time", "INTEGER", "1 for met on time"),
            Column(
                "silent", "INTEGER", "1 when the fate rests on silence: passed with no report's word since"
            ),
        )
        records: list[dict[str, Cell]] = [
            {
                "name": fate.value,
                "position": n,
                "met": int(fate.met),
                "set_aside": int(fate.set_aside),
                "decided": int(fate is Fate.MET_ON_TIME or fate.decided_late),
                "on_time": int(fate is Fate.MET_ON_TIME),
                "silent": int(fate is Fate.PASSED_SILENT),
            }
            for n, fate in enumerate(Fate, start=1)
        ]
        return Table(
            "fates",
            "Fates",
            "The fates a deadline can have at a moment.",
            columns,
            _rows(columns, records),
            ("name",),
        )

    def statuses(self) -> Table:
        columns = (
            Column("name", "TEXT", "A normalized status"),
            Column(
                "position",
                "INTEGER",
                "The order listings use: by progress, then the statuses beside the scale",
            ),
        )
        records = [{"name": status, "position": n} for n, status in enumerate(STATUSES, start=1)]
        return Table(
            "statuses",
            "Statuses",
            "The status vocabulary, ordered by progress.",
            columns,
            _rows(columns, records),
            ("name",),
        )

    def programs(self) -> list[Table]:
        programs = self.kn.programs
        columns = (
            Column("id", "TEXT", "The program's id"),
            Column("name", "TEXT", "The program's name as its plan report gives it"),
            Column(
                "fiscal_year_start",
                "INTEGER",
                "The month (1-12) the program's fiscal year starts, when given",
            ),
        )
        records = [
            {"id": p.id, "name": p.display_name, "fiscal_year_start": p.fiscal_year_start}
            for p in programs.values()
        ]
        pair_columns = (
            Column("program", "TEXT", "The program", "programs.id"),
            Column("partner", "TEXT", "A partner pair whose statuses the program tracks (US-CN, US-MX)"),
        )
        pairs = [{"program": p.id, "partner": pair} for p in programs.values() for pair in p.partners]
        return [
            Table(
                "programs", "Programs", "The action plans audited.", columns, _rows(columns, records), ("id",)
            ),
            Table(
                "program_partners",
                "Partner pairs",
                "The partner pairs each program tracks.",
                pair_columns,
                _rows(pair_columns, pairs),
                ("program", "partner"),
            ),
        ]

    # -- reports ---------------------------------------------------------------------------
    def reports(self) -> list[Table]:
        columns = (
            Column("id", "TEXT", "The report's id, as the command line takes it"),
            Column("position", "INTEGER", "The report's place in publication order (1 = first)"),
            Column("program", "TEXT", "The program the report belongs to", "programs.id"),
            Column(
                "kind", "TEXT", "plan: the baseline that sets commitments; status: a report on their progress"
            ),
            Column("title", "TEXT", "The document's title"),
            *_period_columns("published", "When the report was public"),
            *_period_columns("as_of", "The date its statuses describe"),
            Column("publisher", "TEXT", "Who issued the document"),
            Column("source", "TEXT", "Citation of the source document"),
            Column("url", "TEXT", "The document's public address, where the data gives one"),
        )
        records = [
            {
                "id": r.id,
                "position": n,
                "program": r.program,
                "kind": r.kind,
                "title": r.title,
                **_period("published", r.published),
                **_period("as_of", r.as_of),
                "publisher": _text(r.publisher),
                "source": _text(r.source),
                "url": _text(r.url),
            }
            for n, r in enumerate(self.kn.dataset.reports, start=1)
        ]
        alias_columns = (
            Column("alias", "TEXT", "Another name the command line accepts for the report"),
            Column("report", "TEXT", "The report", "reports.id"),
        )
        aliases = [{"alias": a, "report": r.id} for r in self.kn.dataset.reports for a in r.aliases]
        text_columns = (
            Column("report", "TEXT", "The report", "reports.id"),
            Column("position", "INTEGER", "The text's place in the report's list (1 = first)"),
            Column("file", "TEXT", "The text's file name in a folder of source documents (sbaudit verify)"),
            Column("sha256", "TEXT", "The SHA-256 of the text's bytes"),
            Column("note", "TEXT", "What the file holds"),
            Column("url", "TEXT", "The public address the text was taken from, where the data gives one"),
        )
        texts = [
            {
                "report": r.id,
                "position": n,
                "file": _text(t.file or ""),
                "sha256": _text(t.sha256 or ""),
                "note": _text(t.note),
                "url": _text(t.url),
            }
            for r in self.kn.dataset.reports
            for n, t in enumerate(r.texts, start=1)
        ]
        return [
            Table(
                "reports",
                "Reports",
                "The plans and status reports, in publication order.",
                columns,
                _rows(columns, records),
                ("id",),
                (("program",),),
                ("program", "kind"),
            ),
            Table(
                "report_aliases",
                "Report aliases",
                "Other names of the reports.",
                alias_columns,
                _rows(alias_columns, aliases),
                ("alias",),
                (("report",),),
            ),
            Table(
                "report_texts",
                "Report texts",
                "The source texts of each report.",
                text_columns,
                _rows(text_columns, texts),
                ("report", "position"),
            ),
        ]

    # -- items -----------------------------------------------------------------------------
    def items_(self) -> list[Table]:
        columns = (
            Column("id", "TEXT", "The item's id: stable once published"),
            Column("program", "TEXT", "The program", "programs.id"),
            Column("number", "INTEGER", "The item's number in its plan, where it has one"),
            Column("title", "TEXT", "A short title"),
            *(Column(snake(key), "TEXT", f"The item's {key} (grouping)") for key in self.keys),
            Column("text", "TEXT", "The official wording of the commitment, verbatim"),
            Column("introduced", "TEXT", "The report that introduced the item", "reports.id"),
            Column("source", "TEXT", "Where the wording stands"),
            Column("file", "TEXT", "The data file the item is recorded in"),
        )
        records = [
            {
                "id": i.id,
                "program": i.program,
                "number": i.number,
                "title": i.title,
                **{snake(key): i.group_value(key) for key in self.keys},
                "text": i.text,
                "introduced": self.report_id(i.introduced),
                "source": _text(i.source),
                "file": i.where.file,
            }
            for i in self.items
        ]
        alias_columns = (
            Column("item", "TEXT", "The item", "items.id"),
            Column("alias", "TEXT", "Another name of the item"),
        )
        aliases = [{"item": i.id, "alias": a} for i in self.items for a in i.aliases]
        link_columns = (
            Column("item", "TEXT", "The later item", "items.id"),
            Column("continues", "TEXT", "The earlier item it carries forward", "items.id"),
        )
        links = [{"item": i.id, "continues": c} for i in self.items for c in i.continues]
        return [
            Table(
                "items",
                "Items",
                "The action items and milestones, with their official wording.",
                columns,
                _rows(columns, records),
                ("id",),
                (("program",), *((snake(key),) for key in self.keys)),
                ("program", *(snake(key) for key in self.keys)),
            ),
            Table(
                "item_aliases",
                "Item aliases",
                "Other names of the items.",
                alias_columns,
                _rows(alias_columns, aliases),
                ("item", "alias"),
            ),
            Table(
                "links",
                "Links between programs",
                "Which item carries an earlier one forward (an SPP milestone continuing a Smart Border item).",
                link_columns,
                _rows(link_columns, links),
                ("item", "continues"),
                (("continues",),),
            ),
        ]

    def deadlines(self) -> list[Table]:
        base = (
            Column("item", "TEXT", "The item", "items.id"),
            Column("target", "TEXT", "The deadline's id within the item"),
        )
        columns = (
            *base,
            Column("what", "TEXT", "What is due"),
            Column("due", "TEXT", "The date as the report words it"),
            *_period_columns("period", "The date promised"),
            Column("set_by", "TEXT", "The report that set the deadline", "reports.id"),
            Column("note", "TEXT", "The curators' note"),
            Column("evidence", "TEXT", "Where the report says so"),
        )
        revision_columns = (
            *base,
            Column("position", "INTEGER", "The revision's place among the deadline's revisions (1 = first)"),
            Column("report", "TEXT", "The report that moved the date", "reports.id"),
            Column("partner", "TEXT", "The partner pair the new date is for (empty: every pair)"),
            Column("due", "TEXT", "The new date as the report words it"),
            *_period_columns("period", "The new date"),
            Column("note", "TEXT", "The curators' note"),
            Column("evidence", "TEXT", "Where the report says so"),
        )
        outcome_columns = (
            *base,
            Column("report", "TEXT", "The report that says the deadline was met", "reports.id"),
            Column("partner", "TEXT", "The partner pair it was met for (empty: every pair)"),
            *_period_columns("date", "When it was done, where the report says (empty: not given)"),
            Column("note", "TEXT", "The curators' note"),
            Column("evidence", "TEXT", "Where the report says so"),
        )
        records, revisions, outcomes = [], [], []
        for i in self.items:
            for d in i.deadlines:
                key = {"item": i.id, "target": d.id}
                records.append(
                    {
                        **key,
                        "what": d.what,
                        "due": d.due,
                        **_period("period", d.period),
                        "set_by": self.report_id(d.set_by),
                        "note": _text(d.note),
                        "evidence": _text(d.evidence),
                    }
                )
                for n, r in enumerate(d.revisions, start=1):
                    revisions.append(
                        {
                            **key,
                            "position": n,
                            "report": self.report_id(r.report),
                            "partner": r.partner,
                            "due": _text(r.due),
                            **_period("period", r.period),
                            "note": _text(r.note),
                            "evidence": _text(r.evidence),
                        }
                    )
                if d.outcome is not None:
                    o = d.outcome
                    outcomes.append(
                        {
                            **key,
                            "report": self.report_id(o.report),
                            "partner": o.partner,
                            **_period("date", o.date),
                            "note": _text(o.note),
                            "evidence": _text(o.evidence),
                        }
                    )
        return [
            Table(
                "deadlines",
                "Deadlines",
                "Every dated promise: what, by when, set by which report.",
                columns,
                _rows(columns, records),
                ("item", "target"),
                (("set_by",),),
                ("set_by",),
            ),
            Table(
                "revisions",
                "Revisions",
                "Later reports moving a deadline to a new date.",
                revision_columns,
                _rows(revision_columns, revisions),
                ("item", "target", "position"),
                (("report",),),
                ("report", "partner"),
            ),
            Table(
                "outcomes",
                "Outcomes",
                "Deadlines a report says were met, with the date when it gives one.",
                outcome_columns,
                _rows(outcome_columns, outcomes),
                ("item", "target"),
                (("report",),),
                ("report", "partner"),
            ),
        ]

    def statuses_of_items(self) -> list[Table]:
        columns = (
            Column("item", "TEXT", "The item", "items.id"),
            Column("report", "TEXT", "The report", "reports.id"),
            Column(
                "status",
                "TEXT",
                "The normalized status (for every pair; the least advanced pair's when split)",
                "statuses.name",
            ),
            Column(
                "basis",
                "TEXT",
                "reported: the report gives the label; assessed: the curators' judgement from the report's narrative",
            ),
            Column("label", "TEXT", "The label exactly as reported, when one is"),
            Column("note", "TEXT", "The curators' note: for an assessed status, the facts that decided it"),
            Column("evidence", "TEXT", "Where the report says so"),
        )
        split_columns = (
            Column("item", "TEXT", "The item", "items.id"),
            Column("report", "TEXT", "The report", "reports.id"),
            Column("partner", "TEXT", "The partner pair (US-CN, US-MX)"),
            Column("status", "TEXT", "The pair's normalized status", "statuses.name"),
            Column("label", "TEXT", "The pair's label exactly as reported"),
        )
        entries, splits = [], []
        for i in self.items:
            for e in i.history:
                report = self.report_id(e.report)
                entries.append(
                    {
                        "item": i.id,
                        "report": report,
                        "status": e.status,
                        "basis": e.basis,
                        "label": e.raw,
                        "note": _text(e.note),
                        "evidence": _text(e.evidence),
                    }
                )
                for name, split in e.partners:
                    splits.append(
                        {
                            "item": i.id,
                            "report": report,
                            "partner": name,
                            "status": split.status,
                            "label": split.raw,
                        }
                    )
        return [
            Table(
                "status_entries",
                "Status entries",
                "What each report says of each item.",
                columns,
                _rows(columns, entries),
                ("item", "report"),
                (("report",), ("status",)),
                ("report", "status", "basis"),
            ),
            Table(
                "partner_statuses",
                "Partner statuses",
                "The status of each partner pair where a report splits it.",
                split_columns,
                _rows(split_columns, splits),
                ("item", "report", "partner"),
                (("report",),),
                ("report", "partner", "status"),
            ),
        ]

    # -- states ----------------------------------------------------------------------------
    def states(self) -> Table:
        columns = (
            Column(
                "report",
                "TEXT",
                "The report: the state is what was known at it, measured at its as-of date",
                "reports.id",
            ),
            Column("item", "TEXT", "The item", "items.id"),
            Column("target", "TEXT", "The deadline's id within the item"),
            Column(
                "scope",
                "TEXT",
                "The partner pair the state is for, or 'all' where the pairs agree (or the program has one)",
            ),
            Column("partner", "TEXT", "The partner pair (empty: every pair)"),
            Column("program", "TEXT", "The program", "programs.id"),
            Column("fate", "TEXT", "The deadline's fate at the report (docs/audit-rules.md)", "fates.name"),
            *_period_columns("original", "The date first promised"),
            *_period_columns("current", "The date in force at the report (after the revisions known then)"),
            Column("revised_by", "TEXT", "The report that set the date in force, when revised", "reports.id"),
            Column("met_by", "TEXT", "The report saying the deadline was met", "reports.id"),
            Column("done_on", "TEXT", "When the work was done, as the outcome states it (a period)"),
            Column("done_from", "TEXT", "The first day the work can have been done (met only)"),
            Column("done_to", "TEXT", "The last day the work can have been done (met only)"),
            Column(
                "late_months",
                "INTEGER",
                "Met late: months from the original date's end to the first possible day of the work",
            ),
            Column(
                "overdue_months",
                "INTEGER",
                "Passed (unmet by a report's word, or with no word since): months from the end of the date in "
                "force to the report's as-of date; re-dated after it passed: months it had passed when re-dated",
            ),
            Column(
                "moved_months",
                "INTEGER",
                "Moved later (before or after it passed): months from the original date's end to the date in "
                "force's end",
            ),
            Column(
                "kept",
                "TEXT",
                "For a met date: in-full, in-part or in-another-form, as the report describes it",
            ),
            Column(
                "basis",
                "TEXT",
                "What the fate rests on: word (a report's word), silence, or empty (no word yet)",
            ),
            Column("word", "TEXT", "The report's word: done, pending, delayed, re-dated or set-aside"),
            Column("word_report", "TEXT", "The report that gave the word", "reports.id"),
            Column("status", "TEXT", "The item's (or pair's) status at the report", "statuses.name"),
            Column("status_report", "TEXT", "The report that gave that status", "reports.id"),
        )
        kn = self.kn
        records = []
        for report in kn.dataset.reports:
            scope = Scope(kn.at_report(report))
            for item in self.items:
                if item.program != report.program or not kn.in_scope(item, scope):
                    continue
                for deadline in item.deadlines:
                    if not kn.is_set(deadline, scope.moment):
                        continue
                    for s in kn.deadline_states(item, deadline, scope):
                        records.append(self._state(report.id, item, s))
        return Table(
            "states",
            "Deadline states at each report",
            "The state of every deadline at every report of its program from the one that set it: its fate "
            "and the measure that goes with it, as the audit decides them from what was known then.",
            columns,
            _rows(columns, records),
            ("report", "item", "target", "scope"),
            (("item", "target"), ("fate",), ("program", "report")),
            ("report", "fate", "program", "partner"),
        )

    def _state(self, report: str, item: Item, s: Any) -> dict[str, Cell]:
        return {
            "report": report,
            "item": item.id,
            "target": s.deadline.id,
            "scope": s.partner or "all",
            "partner": s.partner,
            "program": item.program,
            "fate": fate_name(s.fate),
            **_period("original", s.original),
            **_period("current", s.current),
            "revised_by": self.report_id(s.revised_by),
            "met_by": s.met_by,
            "done_on": s.outcome.date.canonical
            if s.outcome is not None and s.outcome.date is not None
            else None,
            "done_from": s.done_from.isoformat() if s.done_from else None,
            "done_to": s.done_to.isoformat() if s.done_to else None,
            "late_months": s.late_months,
            "overdue_months": s.overdue_months,
            "moved_months": s.moved_months,
            "kept": None if s.kept is None else str(s.kept),
            "basis": "silence" if s.fate is Fate.PASSED_SILENT else ("word" if s.word else None),
            "word": None if s.word is None else str(s.word),
            "word_report": self.report_id(s.word_report),
            "status": s.status,
            "status_report": self.report_id(s.status_report),
        }


def build_tables(kn: Knowledge) -> list[Table]:
    """Every table of the export, those referred to before those that refer to them."""
    b = _Builder(kn)
    return [
        b.fates(),
        b.statuses(),
        *b.programs(),
        *b.reports(),
        *b.items_(),
        *b.deadlines(),
        *b.statuses_of_items(),
        b.states(),
    ]
