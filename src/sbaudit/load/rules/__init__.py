"""Rules no schema can state: they look across files (ids, report references, order, links) and
along time (a revision must move its deadline, later than the report that set it).

Each rule is one small function in a module of this package, registered with `@rule(id)`; its
docstring is what docs/data-format.md says of it ("Cross-file rules", checked by a test). A new
rule is one function here and one line in the docs."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import cached_property
from typing import NamedTuple

from ...core.model import Item, Problem, Report, Where
from ...core.report_index import ReportIndex

__all__ = ["RULES", "Context", "Rule", "cross_check", "registered", "rule", "rules_markdown"]

Locate = Callable[[Where], tuple[int, int]]


class Context:
    """What every rule may look at: the reports in publication order, the items, and how to turn
    a place in the data into a line and column; `unavailable`: ids of files that could not be
    loaded (others may still name them without a second problem). What it works out once (the
    report index, the ids) is kept on it."""

    def __init__(
        self,
        reports: Sequence[Report],
        items: Sequence[Item],
        locate: Locate,
        unavailable: set[str] | None = None,
    ) -> None:
        self.reports = reports
        self.items = items
        self.locate = locate
        self.unavailable = set() if unavailable is None else unavailable

    @cached_property
    def index(self) -> ReportIndex:
        return ReportIndex(self.reports, self.unavailable)

    @cached_property
    def programs(self) -> set[str]:
        """The programs that have a report."""
        return {report.program for report in self.reports}

    @cached_property
    def item_ids(self) -> set[str]:
        return {item.id for item in self.items} | self.unavailable

    def rank(self, name: str) -> int | None:
        report = self.index.get(name)
        return None if report is None else self.index.order[report.id]

    def problem(self, where: Where, message: str, rule_id: str) -> Problem:
        line, column = self.locate(where)
        return Problem(where.file, line, column, message, rule_id)


Check = Callable[[Context], Iterator[Problem]]


class Rule(NamedTuple):
    id: str
    doc: str
    check: Check


RULES: list[Rule] = []


def rule(rule_id: str) -> Callable[[Check], Check]:
    """Register a check under its rule id; its docstring documents the rule."""

    def register(check: Check) -> Check:
        RULES.append(Rule(rule_id, " ".join((check.__doc__ or "").split()), check))
        return check

    return register


def registered() -> list[Rule]:
    """Every rule, in the order they run."""
    from . import coverage, files, links, order, programs, references, revisions, statuses  # noqa: F401 (they register)

    return RULES


def rules_markdown() -> str:
    """The docs' list of cross-file rules, made from the rules' ids and docstrings."""
    return "".join(f"- `{registered_rule.id}`: {registered_rule.doc}\n" for registered_rule in registered())


def cross_check(
    reports: Sequence[Report], items: Sequence[Item], locate: Locate, unavailable: set[str] | None = None
) -> list[Problem]:
    """Every cross-file and temporal problem in a dataset."""
    context = Context(reports, items, locate, unavailable or set())
    return [problem for each in registered() for problem in each.check(context)]
