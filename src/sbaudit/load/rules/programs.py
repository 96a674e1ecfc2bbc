"""Program metadata and partner pairs, declared once on a program's plan report."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.model import Problem, Report, Where
from ...core.vocab import ReportKind
from . import Context, rule


@rule("program")
def program(ctx: Context) -> Iterator[Problem]:
    """A program's name and fiscal-year start are set on its plan report, once."""
    reports = ctx.reports
    first: dict[tuple[str, str], tuple[Report, object]] = {}
    for report in reports:
        for field, value in (
            ("program_name", report.program_name),
            ("fiscal_year_start", report.fiscal_year_start),
        ):
            if value is None:
                continue
            where = report.where.at(field)
            if report.kind != ReportKind.PLAN:
                yield ctx.problem(
                    where,
                    f"{field} is set on the program's plan report, not on a status report",
                    "program",
                )
                continue
            earlier = first.setdefault((report.program, field), (report, value))
            if earlier[0] is not report and earlier[1] != value:
                yield ctx.problem(
                    where,
                    f"{field} {value!r} differs from {earlier[1]!r} on plan report {earlier[0].id!r} "
                    "of the same program; give it once",
                    "program",
                )


@rule("partners")
def partners(ctx: Context) -> Iterator[Problem]:
    """Partner pairs are declared on a program's plan report; data may name only those."""
    reports, items = ctx.reports, ctx.items
    declared: dict[str, set[str]] = {}
    for report in reports:
        if report.partners and report.kind != ReportKind.PLAN:
            yield ctx.problem(
                report.where.at("partners"),
                "partner pairs are declared on the program's plan report, not on a status report",
                "partners",
            )
        declared.setdefault(report.program, set()).update(report.partners)
    for item in items:
        pairs = declared.get(item.program)
        if not pairs:
            continue
        # (pair, the record that names it, the path there): the place is worked out only for a problem
        named: list[tuple[str, Where, tuple[str | int, ...]]] = []
        for entry in item.history:
            named += [(name, entry.where, ("partners", name)) for name, _ in entry.partners]
        for deadline in item.deadlines:
            for index, revision in enumerate(deadline.revisions):
                if revision.partner:
                    named.append((revision.partner, deadline.where, ("revisions", index, "partner")))
            if deadline.outcome is not None and deadline.outcome.partner:
                named.append((deadline.outcome.partner, deadline.where, ("outcome", "partner")))
        for name, record, path in named:
            if name not in pairs:
                known = ", ".join(sorted(pairs))
                yield ctx.problem(
                    record.at(*path),
                    f"partner pair {name!r} is not one of program {item.program!r}'s pairs ({known}); "
                    f"declare it on the plan report",
                    "partners",
                )
