"""`sbaudit import REPORT TABLE`: a report's statuses from a CSV table into the item files.

Everything is checked before anything is written: the table's cells (ids, labels, statuses,
periods, an entry that already exists), then the changed files themselves, loaded with the rest of
the data in a scratch copy and validated as `sbaudit validate` would. The files are edited as text:
each new entry, revision or outcome is inserted (or, with --replace, put in place of the old one)
and every other byte is kept. Writing them is import_write's work."""

from __future__ import annotations

import copy
import errno
import os
import re
import stat
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..core.model import Dataset, Item, Problem, Report
from ..core.periods import PeriodError, Setting, parse_period
from ..core.report_index import ReportIndex
from ..core.status import STATUSES, label_status
from ..load.sources import clean
from .import_table import CONTROL, Row, read_table
from .yaml_text import (
    LINE_BREAK,
    Edit,
    apply_edits,
    dash_column,
    ends_line,
    field_lines,
    item_span,
    line_offsets,
    node_end,
    numbered,
    scalar,
    value_of,
)

__all__ = ["ImportPlan", "plan_import", "report_of"]

_PARTNER = re.compile(r"^[A-Z]{2}-[A-Z]{2}$")


@dataclass
class ImportPlan:
    """What an import would do: per file, the old and new bytes; and the problems that stop it."""

    report: str
    old: dict[Path, bytes] = field(default_factory=dict)
    new: dict[Path, bytes] = field(default_factory=dict)
    names: dict[Path, str] = field(default_factory=dict)  # each file as problems show it
    problems: list[Problem] = field(default_factory=list)
    entries: int = 0


# -- the plan ------------------------------------------------------------------------------------


@dataclass
class _Target:
    """What the rows of one item ask for."""

    item: Item
    rows: list[Row]


class _Planner:
    def __init__(self, dataset: Dataset, report: Report, table: Path, replace: bool) -> None:
        self.dataset = dataset
        self.report = report
        self.table = str(table)
        self.replace = replace
        self.problems: list[Problem] = []
        index = ReportIndex(dataset.reports)
        self.order = index.order
        self.ids = index.ids
        self.header: list[str] = []
        self.names: dict[str, str] = {}  # item id -> its file as problems show it

    def problem(self, row: Row, column: str, message: str, rule: str = "import-row") -> None:
        number = self.header.index(column) + 1 if column in self.header else 0
        self.problems.append(Problem(self.table, row.line, number, f"column {column!r}: {message}", rule))

    # rows ------------------------------------------------------------------------------------

    def check_rows(self, rows: list[Row]) -> dict[str, _Target]:
        items = {item.id: item for item in self.dataset.items}
        targets: dict[str, _Target] = {}
        for row in rows:
            for name, value in row.cells.items():
                found = CONTROL.search(value)
                if found:
                    self.problem(row, name, f"holds the control character U+{ord(found.group()):04X}")
            item_id = row.get("item")
            item = items.get(item_id)
            if item is None:
                self.problem(row, "item", f"unknown item {clean(item_id)!r}")
                continue
            if item.program != self.report.program:
                self.problem(
                    row,
                    "item",
                    f"{item_id} belongs to program {item.program!r}, not to "
                    f"{self.report.program!r} of report {self.report.id}",
                )
                continue
            self._check_row(row, item)
            targets.setdefault(item_id, _Target(item, [])).rows.append(row)
        for target in targets.values():
            self._check_item_rows(target)
        return targets

    def _check_row(self, row: Row, item: Item) -> None:
        status, raw, basis = row.get("status"), row.get("raw"), row.get("basis")
        if status not in STATUSES:
            self.problem(row, "status", f"{clean(status)!r} is not a status (one of {', '.join(STATUSES)})")
        if raw:
            meant = label_status(raw)
            if meant is None:
                self.problem(
                    row,
                    "raw",
                    f"label {clean(raw)!r} is not one sbaudit reads (it starts with e.g. "
                    "On track, Initiated, Delayed, Partially Completed, Completed)",
                )
            elif status in STATUSES and meant != status:
                self.problem(
                    row,
                    "status",
                    f"{status!r} disagrees with the label {clean(raw)!r}, which reads as {meant!r}",
                )
            dated = re.search(r"\b(19|20)\d\d\b", raw)
            if dated and item.deadlines and not (row.get("period") or row.get("outcome")):
                self.problem(
                    row,
                    "raw",
                    f"the label {clean(raw)!r} carries a date: record it as a revised date "
                    "('due' and 'period') or an outcome",
                )
        if basis not in ("", "reported", "assessed"):
            self.problem(row, "basis", f"{clean(basis)!r} is neither reported nor assessed")
        if (basis or ("reported" if raw else "assessed")) == "assessed" and not row.get("note"):
            self.problem(row, "note", "an assessed status needs a note naming the facts that decided it")
        partner = row.get("partner")
        if partner and not _PARTNER.match(partner):
            self.problem(row, "partner", f"{clean(partner)!r} is not a partner pair such as US-CN")
        locator = row.get("locator")
        if locator and len(locator.split()) > 8:
            self.problem(row, "locator", f"a locator has at most 8 words, not {len(locator.split())}")
        for column in ("period", "outcome"):
            value = row.get(column)
            if value and not (column == "outcome" and value == "yes"):
                try:
                    parse_period(value, setting=self._setting(item, counts_from_report=column == "period"))
                except PeriodError as exc:
                    self.problem(row, column, clean(str(exc)))
        if row.get("due") and not row.get("period"):
            self.problem(row, "period", "a revised date ('due') needs the period it means")
        if row.get("period") or row.get("outcome"):
            self._deadline_of(row, item)
        elif row.get("deadline"):
            self.problem(row, "deadline", "names a deadline but gives no revised period and no outcome")

    def _setting(self, item: Item, counts_from_report: bool) -> Setting:
        """How the item's dates read, as validate reads them: a revised period by the program's
        fiscal year and counted from this report; an outcome's date by the fiscal year alone."""
        program = self.dataset.programs.get(item.program)
        if program is None:
            return Setting()
        return Setting(
            program.fiscal_year_start,
            self.report.published if counts_from_report else None,
            self.report.kind == "plan",
            fiscal_years=bool(program.fiscal_example),
            fiscal_example=program.fiscal_example,
        )

    def _deadline_of(self, row: Row, item: Item) -> str | None:
        wanted = row.get("deadline")
        ids = [deadline.id for deadline in item.deadlines]
        if wanted:
            if wanted not in ids:
                self.problem(
                    row,
                    "deadline",
                    f"{item.id} has no deadline {clean(wanted)!r} (its deadlines: "
                    f"{', '.join(ids) or 'none'})",
                )
                return None
            return wanted
        if len(ids) != 1:
            self.problem(
                row,
                "deadline",
                f"{item.id} has {len(ids)} deadlines: name the one the revision or outcome concerns",
            )
            return None
        return ids[0]

    def _check_item_rows(self, target: _Target) -> None:
        rows = target.rows
        partners = [row.get("partner") for row in rows]
        if len(rows) > 1 and not all(partners):
            self.problem(
                rows[1],
                "item",
                f"{target.item.id} has {len(rows)} rows: give one row per item, or "
                "one per partner pair with 'partner' filled in",
            )
        seen: set[str] = set()
        for row, partner in zip(rows, partners, strict=True):
            if partner and partner in seen:
                self.problem(row, "partner", f"{target.item.id} has two rows for {partner}")
            seen.add(partner)
        existing = [entry for entry in target.item.history if self.ids.get(entry.report) == self.report.id]
        if existing and not self.replace:
            self.problem(
                rows[0],
                "item",
                f"{target.item.id} already has a status entry for report "
                f"{self.report.id} (use --replace to replace it)",
            )

    # text ------------------------------------------------------------------------------------

    def entry_lines(self, target: _Target, indent: str) -> tuple[list[str], list[tuple[int, int, str]]]:
        rows = target.rows
        first = rows[0]
        lines: list[tuple[str, int, str]] = []  # (text, row line, column)

        def add(key: str, value: str, row: Row, column: str, pad: str) -> None:
            for part in field_lines(pad, key, value):
                lines.append((part, row.line, column))

        inner = indent + "  "
        split = all(row.get("partner") for row in rows)
        basis = first.get("basis") or ("reported" if any(row.get("raw") for row in rows) else "assessed")
        lines.append((f"{indent}- report: {scalar(self.report.id)}", first.line, "item"))
        if not split:
            add("status", first.get("status"), first, "status", inner)
        lines.append((f"{inner}basis: {basis}", first.line, "basis"))
        if not split and first.get("raw"):
            add("raw", first.get("raw"), first, "raw", inner)
        if split:
            lines.append((f"{inner}partners:", first.line, "partner"))
            for row in sorted(rows, key=lambda r: r.get("partner")):
                lines.append((f"{inner}  {row.get('partner')}:", row.line, "partner"))
                add("status", row.get("status"), row, "status", inner + "    ")
                if row.get("raw"):
                    add("raw", row.get("raw"), row, "raw", inner + "    ")
        for column in ("note", "evidence", "locator"):
            values = [row.get(column) for row in rows if row.get(column)]
            if values:
                source = next(row for row in rows if row.get(column))
                add(column, " ".join(dict.fromkeys(values)), source, column, inner)
        return [text for text, _, _ in lines], [
            (index, row, column) for index, (_, row, column) in enumerate(lines)
        ]

    def revision_lines(self, row: Row, indent: str) -> list[tuple[str, int, str]]:
        inner = indent + "  "
        lines = [(f"{indent}- report: {scalar(self.report.id)}", row.line, "period")]
        if row.get("due"):
            lines += [(text, row.line, "due") for text in field_lines(inner, "due", row.get("due"))]
        lines.append((f"{inner}period: {scalar(row.get('period'))}", row.line, "period"))
        if row.get("partner"):
            lines.append((f"{inner}partner: {row.get('partner')}", row.line, "partner"))
        if row.get("evidence"):
            lines += [
                (text, row.line, "evidence") for text in field_lines(inner, "evidence", row.get("evidence"))
            ]
        return lines

    def outcome_lines(self, row: Row, indent: str) -> list[tuple[str, int, str]]:
        inner = indent + "  "
        lines = [
            (f"{indent}outcome:", row.line, "outcome"),
            (f"{inner}report: {scalar(self.report.id)}", row.line, "outcome"),
        ]
        if row.get("outcome") != "yes":
            lines.append((f"{inner}date: {scalar(row.get('outcome'))}", row.line, "outcome"))
        if row.get("partner"):
            lines.append((f"{inner}partner: {row.get('partner')}", row.line, "partner"))
        if row.get("evidence"):
            lines += [
                (text, row.line, "evidence") for text in field_lines(inner, "evidence", row.get("evidence"))
            ]
        return lines

    # editing one file --------------------------------------------------------------------------

    def edits(self, target: _Target, text: str) -> list[Edit]:
        root = yaml.compose(text)
        assert isinstance(root, yaml.MappingNode)
        offsets = line_offsets(text)
        edits: list[Edit | None] = [self._history_edit(target, root, text, offsets)]
        deadlines = value_of(root, "deadlines")
        if (
            isinstance(deadlines, yaml.CollectionNode)
            and deadlines.flow_style
            and any(row.get("period") or row.get("outcome") for row in target.rows)
        ):
            self.problem(
                target.rows[0],
                "item",
                f"the deadlines in {self.names.get(target.item.id, target.item.where.file)} are "
                "written in flow style; write them as a block list to import revisions or outcomes",
            )
            return []
        # revisions first: an outcome inserted at the same place must follow the revision list
        for key in ("period", "outcome"):
            for row in target.rows:
                if not row.get(key):
                    continue
                found = self._deadline_node(deadlines, self._deadline_of(row, target.item))
                if found is None:
                    continue
                index, node = found
                if key == "period":
                    edits.append(
                        self._list_edit(index, node, "revisions", self.revision_lines, row, text, offsets)
                    )
                else:
                    edits.append(self._outcome_edit(index, node, row, text, offsets))
        return [edit for edit in edits if edit is not None]

    @staticmethod
    def _deadline_node(
        deadlines: yaml.Node | None, wanted: str | None
    ) -> tuple[int, yaml.MappingNode] | None:
        if not isinstance(deadlines, yaml.SequenceNode):
            return None
        for index, node in enumerate(deadlines.value):
            if isinstance(node, yaml.MappingNode) and getattr(value_of(node, "id"), "value", None) == wanted:
                return index, node
        return None

    def _history_edit(
        self, target: _Target, root: yaml.MappingNode, text: str, offsets: list[int]
    ) -> Edit | None:
        history = value_of(root, "history")
        assert history is not None
        mine = self.order[self.report.id]
        if isinstance(history, yaml.SequenceNode) and history.value and history.flow_style is not True:
            indent = " " * dash_column(history.value[0], text, offsets)
            lines, where = self.entry_lines(target, indent)
            body = "".join(line + "\n" for line in lines)
            new = _parsed(lines)[0]
            for index, entry in enumerate(history.value):
                rank = self.order.get(
                    self.ids.get(str(getattr(value_of(entry, "report"), "value", "")), ""), -1
                )
                start, end = item_span(entry, text, offsets)
                if rank == mine:  # --replace (checked before)
                    return Edit(start, end, body, where, _set(("history", index), new))
                if rank > mine:
                    return Edit(start, start, body, where, _insert(("history",), index, new))
            end = item_span(history.value[-1], text, offsets)[1]
            prefix = "" if ends_line(text, end) else "\n"
            return Edit(
                end,
                end,
                prefix + body,
                [(line + len(prefix), row, col) for line, row, col in where],
                _insert(("history",), len(history.value), new),
            )
        if not isinstance(history, yaml.SequenceNode) or history.value:
            self.problem(
                target.rows[0],
                "item",
                f"the history in {self.names.get(target.item.id, target.item.where.file)} is written "
                "in flow style ([...]); write it as a block list (one '- report:' entry a line) "
                "to import into it",
            )
            return None
        # an empty history (`history: []`): the flow sequence becomes a block one
        lines, where = self.entry_lines(target, "  ")
        start = offsets[history.start_mark.line] + history.start_mark.column
        end = offsets[history.end_mark.line] + history.end_mark.column
        body = "\n" + "".join(line + "\n" for line in lines)
        if LINE_BREAK.match(text, end):
            body = body[:-1]
        return Edit(
            start - 1 if text[start - 1] == " " else start,
            end,
            body,
            [(line + 1, row, col) for line, row, col in where],
            _set(("history",), _parsed(lines)),
        )

    def _list_edit(
        self,
        number: int,
        deadline: yaml.MappingNode,
        key: str,
        make: Any,
        row: Row,
        text: str,
        offsets: list[int],
    ) -> Edit | None:
        indent = " " * deadline.start_mark.column
        existing = value_of(deadline, key)
        at_path: tuple[str | int, ...] = ("deadlines", number, key)
        if isinstance(existing, yaml.SequenceNode) and existing.value and existing.flow_style is not True:
            item_indent = " " * dash_column(existing.value[0], text, offsets)
            lines = make(row, item_indent)
            new = _parsed([t for t, _, _ in lines])[0]
            for index, node in enumerate(existing.value):
                if self.ids.get(
                    str(getattr(value_of(node, "report"), "value", ""))
                ) == self.report.id and getattr(value_of(node, "partner"), "value", None) in (
                    None,
                    row.get("partner") or None,
                ):
                    if not self.replace:
                        self.problem(
                            row, "period", f"the deadline already has a revision by report {self.report.id}"
                        )
                        return None
                    start, end = item_span(node, text, offsets)
                    return Edit(
                        start,
                        end,
                        "".join(t + "\n" for t, _, _ in lines),
                        numbered(lines),
                        _set((*at_path, index), new),
                    )
            end = item_span(existing.value[-1], text, offsets)[1]
            return Edit(
                end,
                end,
                "".join(t + "\n" for t, _, _ in lines),
                numbered(lines),
                _insert(at_path, len(existing.value), new),
            )
        if existing is not None:
            self.problem(row, "period", f"the deadline's {key} are not a block list sbaudit can add to")
            return None
        lines = [(f"{indent}{key}:", row.line, "period")] + make(row, indent + "  ")
        before = value_of(deadline, "outcome")
        if before is not None:
            key_node = next(k for k, v in deadline.value if v is before)
            at = offsets[key_node.start_mark.line]
        else:
            at = node_end(deadline.value[-1][1], text, offsets)
        return Edit(
            at,
            at,
            "".join(t + "\n" for t, _, _ in lines),
            numbered(lines),
            _set(at_path, _parsed([t for t, _, _ in lines])[key]),
        )

    def _outcome_edit(
        self, number: int, deadline: yaml.MappingNode, row: Row, text: str, offsets: list[int]
    ) -> Edit | None:
        indent = " " * deadline.start_mark.column
        lines = self.outcome_lines(row, indent)
        change = _set(("deadlines", number, "outcome"), _parsed([t for t, _, _ in lines])["outcome"])
        existing = value_of(deadline, "outcome")
        if existing is not None:
            reported = self.ids.get(str(getattr(value_of(existing, "report"), "value", "")))  # type: ignore[arg-type]
            if not self.replace or reported != self.report.id:
                self.problem(row, "outcome", f"the deadline already has an outcome (reported by {reported})")
                return None
            key_node = next(k for k, v in deadline.value if v is existing)
            start = offsets[key_node.start_mark.line]
            end = node_end(
                existing.value[-1][1] if isinstance(existing, yaml.MappingNode) else existing, text, offsets
            )
            return Edit(start, end, "".join(t + "\n" for t, _, _ in lines), numbered(lines), change)
        at = node_end(deadline.value[-1][1], text, offsets)
        return Edit(at, at, "".join(t + "\n" for t, _, _ in lines), numbered(lines), change)


def plan_import(
    root: Path, dataset: Dataset, report: Report, table: Path, replace: bool = False
) -> ImportPlan:
    """Read and check the table, build each changed file's new bytes and validate the result."""
    plan = ImportPlan(report.id)
    planner = _Planner(dataset, report, table, replace)
    planner.header, rows = read_table(table, planner.problems)
    if planner.problems:
        plan.problems = planner.problems
        return plan
    targets = planner.check_rows(rows)
    if planner.problems:
        plan.problems = sorted(planner.problems)
        return plan
    where: dict[Path, list[tuple[int, int, str]]] = {}
    files = _item_files(root)
    for target in targets.values():
        path = files.get(target.item.where.file)
        if path is None:
            planner.problem(
                target.rows[0],
                "item",
                f"cannot tell which file under {clean(str(root))} holds {target.item.id}",
            )
            continue
        planner.names[target.item.id] = target.item.where.file
        try:
            old = _read_item(path)
            text = old.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
            planner.problem(target.rows[0], "item", f"cannot read {target.item.where.file}: {reason}")
            continue
        try:
            edits = planner.edits(target, text)
            new, lines = apply_edits(text, edits)
        except ValueError:
            planner.problem(
                target.rows[0],
                "item",
                f"the rows for {target.item.id} change the same lines twice "
                "(e.g. two partner rows replacing one revision)",
            )
            continue
        if planner.problems:
            continue
        why = _changes_only_as_planned(text, new, edits)
        if why:
            planner.problem(
                target.rows[0],
                "item",
                f"{target.item.where.file} is laid out in a way sbaudit cannot add to without "
                f"changing what it already says ({why}); add the entry by hand",
            )
            continue
        plan.old[path], plan.new[path] = old, new.encode("utf-8")
        plan.names[path] = target.item.where.file
        where[path] = lines
        plan.entries += 1
    plan.problems = sorted(planner.problems) or _validate(root, plan, where, planner)
    return plan


def _item_files(root: Path) -> dict[str, Path]:
    """The item files under root by the name problems show for them (None where two share one)."""
    from ..load.data_root import _display, data_files

    found: dict[str, Path] = {}
    twice: set[str] = set()
    for path in data_files(root)[0]:
        shown = _display(path)
        if shown in found:
            twice.add(shown)
        found[shown] = path
    return {shown: path for shown, path in found.items() if shown not in twice}


def _read_item(path: Path) -> bytes:
    """An item file's bytes; a link or a special file put there since the load is refused."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return handle.read()


def _parsed(lines: list[str]) -> Any:
    return yaml.safe_load(textwrap.dedent("\n".join(lines)) + "\n")


def _walk(data: Any, path: tuple[str | int, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def _set(path: tuple[str | int, ...], value: Any) -> Callable[[Any], None]:
    def change(data: Any) -> None:
        _walk(data, path[:-1])[path[-1]] = copy.deepcopy(value)

    return change


def _insert(path: tuple[str | int, ...], index: int, value: Any) -> Callable[[Any], None]:
    def change(data: Any) -> None:
        _walk(data, path).insert(index, copy.deepcopy(value))

    return change


def _changes_only_as_planned(old: str, new: str, edits: list[Edit]) -> str | None:
    """None when the new text reads as the old data plus exactly the planned entries; else why
    not. Whatever the layout (flow lists, block scalars, line ends), what is written is checked."""
    try:
        expected = yaml.safe_load(old)
        for edit in edits:
            assert edit.change is not None
            edit.change(expected)
    except (yaml.YAMLError, LookupError, TypeError, AttributeError):
        return "its data does not have the shape sbaudit edits"
    try:
        got = yaml.safe_load(new)
    except yaml.YAMLError as exc:
        return f"the edited text would not be valid YAML: {getattr(exc, 'problem', None) or 'unreadable'}"
    if got != expected:
        return "the edited text would read differently from the old data plus the new entries"
    return None


def _validate(
    root: Path, plan: ImportPlan, where: dict[Path, list[tuple[int, int, str]]], planner: _Planner
) -> list[Problem]:
    """Load the data with the new files read from memory (nothing is copied or written); its
    problems in the changed files, pointed back at the table."""
    from ..load.data_root import load_dataset

    dataset = load_dataset(root, overlay=plan.new)
    mapped = {plan.names[path]: path for path in plan.new}
    problems = []
    for problem in dataset.problems:
        original = mapped.get(problem.path)
        if original is None:
            continue
        lines = where.get(original, [])
        hits = [(row, column) for line, row, column in lines if line <= problem.line]
        row, column = (
            hits[-1]
            if hits and any(line >= problem.line for line, _, _ in lines)
            else (lines[0][1], "item")
            if lines
            else (0, "item")
        )
        number = planner.header.index(column) + 1 if column in planner.header else 0
        problems.append(
            Problem(
                planner.table,
                row,
                number,
                f"column {column!r}: the new data would not be valid: "
                f"{problem.message} ({plan.names[original]}:{problem.line}:{problem.column})",
                "import-" + problem.rule,
            )
        )
    return sorted(set(problems))


def report_of(dataset: Dataset, name: str) -> Report | None:
    return ReportIndex(dataset.reports).get(name)
