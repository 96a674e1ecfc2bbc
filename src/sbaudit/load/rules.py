"""Rules no schema can state: they look across files (ids, report references, order, links) and
along time (a revision must move its deadline, later than the report that set it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from pathlib import PurePath

from ..core.model import Deadline, Item, Problem, Report, StatusEntry, Where
from ..core.report_index import ReportIndex

__all__ = ["cross_check"]

Locate = Callable[[Where], tuple[int, int]]


def _problem(locate: Locate, where: Where, message: str, rule: str) -> Problem:
    line, column = locate(where)
    return Problem(where.file, line, column, message, rule)


def _file_stem(file: str) -> str:
    return PurePath(file).name.rsplit(".", 1)[0]


def _check_reports(reports: Sequence[Report], locate: Locate) -> Iterator[Problem]:
    claimed: dict[str, Report] = {}
    for report in reports:
        if _file_stem(report.where.file) != report.id:
            yield _problem(
                locate,
                report.where.at("id"),
                f"id {report.id!r} differs from the file name; name the file {report.id}.yaml",
                "file-name",
            )
        names = [(report.id, report.where.at("id"))]
        names += [(alias, report.where.at("aliases", index)) for index, alias in enumerate(report.aliases)]
        for name, where in names:
            first = claimed.get(name)
            if first is not None:
                yield _problem(
                    locate,
                    where,
                    f"report name {name!r} is already used by {first.where.file}",
                    "duplicate-id",
                )
            else:
                claimed[name] = report
        if report.as_of.start > report.published.end:
            yield _problem(
                locate, report.where.at("as_of"), "as_of is after the publication date", "report-dates"
            )


def _check_ref(
    reports: ReportIndex, item: Item, name: str, where: Where, locate: Locate
) -> Iterator[Problem]:
    report = reports.get(name)
    if report is None and name in reports.unavailable:
        return  # its own file failed to load and says so
    if report is None:
        known = ", ".join(sorted(reports.order))
        yield _problem(locate, where, f"unknown report {name!r} (known: {known})", "unknown-report")
    elif report.program != item.program:
        yield _problem(
            locate,
            where,
            f"report {name!r} belongs to program {report.program!r}, not {item.program!r}",
            "report-program",
        )


def _rank(reports: ReportIndex, name: str) -> int | None:
    report = reports.get(name)
    return None if report is None else reports.order[report.id]


def _check_deadline(
    reports: ReportIndex, item: Item, deadline: Deadline, locate: Locate
) -> Iterator[Problem]:
    yield from _check_ref(reports, item, deadline.set_by, deadline.where.at("set_by"), locate)
    set_rank = _rank(reports, deadline.set_by)
    ends: dict[str | None, dt.date] = {None: deadline.period.end}
    for revision in deadline.revisions:
        where = revision.where
        yield from _check_ref(reports, item, revision.report, where.at("report"), locate)
        rank = _rank(reports, revision.report)
        if rank is not None and set_rank is not None and rank <= set_rank:
            yield _problem(
                locate,
                where.at("report"),
                f"revision by report {revision.report!r} is not later than the report that set the deadline ({deadline.set_by!r})",
                "revision-order",
            )
        previous_end = ends.get(revision.partner, ends[None])
        if revision.period.end == previous_end:
            yield _problem(
                locate,
                where.at("period"),
                f"revision does not move the deadline: {revision.period.canonical} ends on {previous_end.isoformat()} like the date in force",
                "revision-no-move",
            )
        elif revision.period.end < previous_end:
            # an earlier date is a new promise, not a slip: record it as a deadline of its own
            yield _problem(
                locate,
                where.at("period"),
                f"revision moves the deadline earlier: {revision.period.canonical} ends before the date in force ({previous_end.isoformat()}); record an earlier date as a new deadline",
                "revision-earlier",
            )
        ends[revision.partner] = revision.period.end
    if deadline.outcome is not None:
        outcome = deadline.outcome
        yield from _check_ref(reports, item, outcome.report, outcome.where.at("report"), locate)
        rank = _rank(reports, outcome.report)
        if rank is not None and set_rank is not None and rank < set_rank:
            yield _problem(
                locate,
                outcome.where.at("report"),
                f"outcome reported by {outcome.report!r}, before the deadline was set by {deadline.set_by!r}",
                "outcome-order",
            )
        report = reports.get(outcome.report)
        if report is not None and outcome.date is not None and outcome.date.start > report.published.end:
            yield _problem(
                locate,
                outcome.where.at("date"),
                f"met on {outcome.date.canonical}, after report {outcome.report!r} was published",
                "outcome-date",
            )


def _history_order(
    reports: ReportIndex, item: Item, entry: StatusEntry, rank: int, locate: Locate
) -> Problem:
    """Say where an entry out of order belongs: before the first entry of a later report."""
    where = entry.where.at("report")
    for other in item.history:
        if other is entry:
            break
        if _rank(reports, other.report) == rank:
            line, _ = locate(other.where.at("report"))
            return _problem(
                locate,
                where,
                f"report {entry.report!r} already has a status entry (line {line}); keep one entry per report",
                "history-order",
            )
    for other in item.history:
        other_rank = _rank(reports, other.report)
        if other_rank is not None and other_rank > rank:
            line, _ = locate(other.where)
            return _problem(
                locate,
                where,
                f"status entry for report {entry.report!r} is out of report order: move it before the entry for report {other.report!r} (line {line}); entries follow the order of `sbaudit reports`",
                "history-order",
            )
    return _problem(
        locate, where, f"status entry for report {entry.report!r} is out of report order", "history-order"
    )  # pragma: no cover


def _check_item(item: Item, reports: ReportIndex, ids: set[str], locate: Locate) -> Iterator[Problem]:
    if _file_stem(item.where.file) != item.id:
        yield _problem(
            locate,
            item.where.at("id"),
            f"id {item.id!r} differs from the file name; name the file {item.id}.yaml",
            "file-name",
        )
    if not any(report.program == item.program for report in reports.reports):
        yield _problem(
            locate,
            item.where.at("program"),
            f"no report belongs to program {item.program!r}",
            "unknown-program",
        )
    yield from _check_ref(reports, item, item.introduced, item.where.at("introduced"), locate)
    seen_deadlines: set[str] = set()
    for deadline in item.deadlines:
        if deadline.id in seen_deadlines:
            yield _problem(
                locate,
                deadline.where.at("id"),
                f"deadline id {deadline.id!r} is used twice in this item",
                "duplicate-id",
            )
        seen_deadlines.add(deadline.id)
        yield from _check_deadline(reports, item, deadline, locate)
    last: int | None = None
    for entry in item.history:
        yield from _check_ref(reports, item, entry.report, entry.where.at("report"), locate)
        rank = _rank(reports, entry.report)
        if rank is not None and last is not None and rank <= last:
            yield _history_order(reports, item, entry, rank, locate)
        if rank is not None:
            last = rank if last is None else max(last, rank)
        if entry.basis == "assessed" and not entry.note.strip():
            yield _problem(
                locate,
                entry.where,
                "an assessed status needs a note naming the facts that decided it",
                "assessed-note",
            )
        if entry.basis == "reported" and entry.raw is None and not entry.partners:
            yield _problem(
                locate,
                entry.where,
                "a reported status needs the label as printed (raw) or partner labels",
                "reported-raw",
            )
    intro = _rank(reports, item.introduced)
    if intro is not None and item.history:
        first = _rank(reports, item.history[0].report)
        if first is not None and first < intro:
            yield _problem(
                locate,
                item.history[0].where.at("report"),
                f"status reported before the item was introduced by {item.introduced!r}",
                "history-order",
            )
    for index, target in enumerate(item.continues):
        where = item.where.at("continues", index)
        if target == item.id:
            yield _problem(locate, where, "an item cannot continue itself", "continues")
        elif target not in ids:
            yield _problem(locate, where, f"continues unknown item {target!r}", "continues")


def cross_check(
    reports: Sequence[Report], items: Sequence[Item], locate: Locate, unavailable: set[str] | None = None
) -> list[Problem]:
    """Every cross-file and temporal problem in a dataset. `unavailable`: ids of files that could
    not be loaded, which other files may still name without a second, misleading problem."""
    index = ReportIndex(reports, unavailable)
    problems = list(_check_reports(reports, locate))
    first_file: dict[str, str] = {}
    for item in items:
        if item.id in first_file:
            problems.append(
                _problem(
                    locate,
                    item.where.at("id"),
                    f"item id {item.id!r} is already used by {first_file[item.id]}",
                    "duplicate-id",
                )
            )
        else:
            first_file[item.id] = item.where.file
    ids = set(first_file) | (unavailable or set())
    for item in items:
        problems.extend(_check_item(item, index, ids, locate))
    problems.extend(_check_program_metadata(reports, locate))
    problems.extend(_check_partners(reports, items, locate))
    problems.extend(_check_coverage(reports, ids, locate))
    return problems


def _check_program_metadata(reports: Sequence[Report], locate: Locate) -> Iterator[Problem]:
    """A program's name and fiscal-year start are set on its plan report, once."""
    first: dict[tuple[str, str], tuple[Report, object]] = {}
    for report in reports:
        for field, value in (
            ("program_name", report.program_name),
            ("fiscal_year_start", report.fiscal_year_start),
        ):
            if value is None:
                continue
            where = report.where.at(field)
            if report.kind != "plan":
                yield _problem(
                    locate,
                    where,
                    f"{field} is set on the program's plan report, not on a status report",
                    "program",
                )
                continue
            earlier = first.setdefault((report.program, field), (report, value))
            if earlier[0] is not report and earlier[1] != value:
                yield _problem(
                    locate,
                    where,
                    f"{field} {value!r} differs from {earlier[1]!r} on plan report {earlier[0].id!r} of the same program; give it once",
                    "program",
                )


def _check_partners(reports: Sequence[Report], items: Sequence[Item], locate: Locate) -> Iterator[Problem]:
    """Partner pairs are declared on a program's plan report; data may name only those."""
    declared: dict[str, set[str]] = {}
    for report in reports:
        if report.partners and report.kind != "plan":
            yield _problem(
                locate,
                report.where.at("partners"),
                "partner pairs are declared on the program's plan report, not on a status report",
                "partners",
            )
        declared.setdefault(report.program, set()).update(report.partners)
    for item in items:
        pairs = declared.get(item.program)
        if not pairs:
            continue
        named: list[tuple[str, Where]] = []
        for entry in item.history:
            named += [(name, entry.where.at("partners", name)) for name, _ in entry.partners]
        for deadline in item.deadlines:
            for index, revision in enumerate(deadline.revisions):
                if revision.partner:
                    named.append((revision.partner, deadline.where.at("revisions", index, "partner")))
            if deadline.outcome is not None and deadline.outcome.partner:
                named.append((deadline.outcome.partner, deadline.where.at("outcome", "partner")))
        for name, where in named:
            if name not in pairs:
                known = ", ".join(sorted(pairs))
                yield _problem(
                    locate,
                    where,
                    f"partner pair {name!r} is not one of program {item.program!r}'s pairs ({known}); declare it on the plan report",
                    "partners",
                )


def _check_coverage(reports: Sequence[Report], ids: set[str], locate: Locate) -> Iterator[Problem]:
    for report in reports:
        for index, item_id in enumerate(report.covers_items):
            if item_id not in ids:
                yield _problem(
                    locate,
                    report.where.at("covers", "items", index),
                    f"covers unknown item {item_id!r}",
                    "unknown-item",
                )
