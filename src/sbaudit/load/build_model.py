"""Turn schema-valid plain data into the frozen model. Values a schema cannot judge (periods, the
partner rule) are checked here and reported as problems at their node."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..core.model import (
    Deadline,
    Item,
    Outcome,
    PartnerStatus,
    Problem,
    Report,
    ReportText,
    Revision,
    StatusEntry,
    Where,
)
from ..core.periods import Period, PeriodError, parse_period
from ..core.status import derive_overall
from .yaml_positions import Loaded

__all__ = ["build_report", "build_item", "PeriodContext"]


@dataclass(frozen=True)
class PeriodContext:
    """What an item's periods may depend on beyond their text, taken from the reports: each
    program's fiscal-year start (FY2013, 2013-14) and each report's publication date, which a
    deadline's `within 18 months` counts from."""

    fiscal_year_start: tuple[tuple[str, int], ...] = ()
    published: tuple[tuple[str, Period], ...] = ()

    @staticmethod
    def of(reports: Iterable[Report]) -> PeriodContext:
        reports = list(reports)
        fiscal = {
            r.program: r.fiscal_year_start
            for r in reversed(reports)
            if r.kind == "plan" and r.fiscal_year_start
        }
        dates = {name: r.published for r in reversed(reports) for name in (r.id, *r.aliases)}
        return PeriodContext(
            tuple(sorted(fiscal.items())), tuple(sorted(dates.items(), key=lambda kv: kv[0]))
        )


class _Context:
    def __init__(
        self, loaded: Loaded, fiscal_year_start: int | None = None, published: dict[str, Period] | None = None
    ) -> None:
        self.loaded = loaded
        self.problems: list[Problem] = []
        self.fiscal_year_start = fiscal_year_start
        self.published = published or {}

    def where(self, *path: str | int) -> Where:
        return Where(self.loaded.path, tuple(path))

    def problem(self, where: Where, message: str, rule: str) -> None:
        line, column = self.loaded.position(where.path)
        self.problems.append(Problem(self.loaded.path, line, column, message, rule))

    def period(self, value: Any, where: Where, set_by: Any = None) -> Period | None:
        # a period that reads without the context means the same with it (fiscal years and
        # "within" need it); the plain reading is the cheaper one
        found = _plain_period(value)
        if isinstance(found, Period):
            return found
        base = self.published.get(str(set_by)) if set_by is not None else None
        try:
            return parse_period(value, fiscal_year_start=self.fiscal_year_start, base=base)
        except PeriodError as exc:
            self.problem(where, str(exc), "period")
            return None


_PERIODS: dict[tuple[type, object], Period | None] = {}


def _plain_period(value: Any) -> Period | None:
    """parse_period without the reports' context (None when that does not read it), remembered:
    a plan spells the same few months and years again and again."""
    if not isinstance(value, (str, int)):
        try:
            return parse_period(value)
        except PeriodError:
            return None
    key = (type(value), value)
    if key in _PERIODS:
        return _PERIODS[key]
    try:
        found: Period | None = parse_period(value)
    except PeriodError:
        found = None
    if len(_PERIODS) >= 4096:
        _PERIODS.clear()
    _PERIODS[key] = found
    return found


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def build_report(loaded: Loaded) -> tuple[Report | None, list[Problem]]:
    data: dict[str, Any] = loaded.data  # type: ignore[assignment]
    # a plan report's own dates may be fiscal; other reports' dates are calendar dates
    ctx = _Context(loaded, data.get("fiscal_year_start") if data.get("kind") == "plan" else None)
    published = ctx.period(data["published"], ctx.where("published"))
    as_of = ctx.period(data["as_of"], ctx.where("as_of"))
    if published is None or as_of is None:
        return None, ctx.problems
    report = Report(
        id=str(data["id"]),
        program=data["program"],
        kind=data["kind"],
        title=data["title"],
        published=published,
        as_of=as_of,
        aliases=tuple(data.get("aliases", ())),
        publisher=_text(data.get("publisher")),
        source=_text(data.get("source")),
        partners=tuple(data.get("partners", ())),
        program_name=data.get("program_name"),
        fiscal_year_start=data.get("fiscal_year_start"),
        covers_items=tuple(data.get("covers", {}).get("items", ())),
        covers_groups=tuple(
            (key, tuple(values)) for key, values in sorted(data.get("covers", {}).get("groups", {}).items())
        ),
        covers_numbers=tuple(_number_range(value) for value in data.get("covers", {}).get("numbers", ())),
        where=ctx.where(),
        url=_text(data.get("url")),
        texts=tuple(
            ReportText(
                file=_text(t.get("file")),
                sha256=_text(t.get("sha256")),
                note=_text(t.get("note")),
                url=_text(t.get("url")),
            )
            for t in data.get("texts", ())
        ),
    )
    return report, ctx.problems


def _number_range(value: int | str) -> tuple[int, int]:
    """A covered item number (7) or range ("1-10") as (first, last)."""
    if isinstance(value, int):
        return value, value
    first, last = value.split("-")
    return int(first), int(last)


def _revision(ctx: _Context, data: dict[str, Any], where: Where) -> Revision | None:
    period = ctx.period(data["period"], where.at("period"), data["report"])
    if period is None:
        return None
    return Revision(
        report=str(data["report"]),
        period=period,
        due=_text(data.get("due")),
        partner=data.get("partner"),
        note=_text(data.get("note")),
        evidence=_text(data.get("evidence")),
        where=where,
    )


def _outcome(ctx: _Context, data: dict[str, Any], where: Where) -> Outcome:
    date = None
    if data.get("date") is not None:
        date = ctx.period(data["date"], where.at("date"))
    return Outcome(
        report=str(data["report"]),
        date=date,
        partner=data.get("partner"),
        note=_text(data.get("note")),
        evidence=_text(data.get("evidence")),
        where=where,
    )


def _deadline(ctx: _Context, data: dict[str, Any], where: Where) -> Deadline | None:
    period = ctx.period(data["period"], where.at("period"), data["set_by"])
    revisions = []
    for index, raw in enumerate(data.get("revisions", ())):
        revision = _revision(ctx, raw, where.at("revisions", index))
        if revision is not None:
            revisions.append(revision)
    outcome = _outcome(ctx, data["outcome"], where.at("outcome")) if "outcome" in data else None
    if period is None:
        return None
    return Deadline(
        id=data["id"],
        what=data["what"],
        due=data["due"],
        period=period,
        set_by=str(data["set_by"]),
        revisions=tuple(revisions),
        outcome=outcome,
        evidence=_text(data.get("evidence")),
        note=_text(data.get("note")),
        where=where,
    )


def _entry(ctx: _Context, data: dict[str, Any], where: Where) -> StatusEntry:
    partners = tuple(
        (name, PartnerStatus(value["status"], value.get("raw")))
        for name, value in sorted(data.get("partners", {}).items())
    )
    status = data.get("status")
    if partners:
        derived = derive_overall(value.status for _, value in partners)
        if status is not None and status != derived:
            ctx.problem(
                where.at("status"),
                f"status {status!r} disagrees with its partners, whose least advanced status is "
                f"{derived!r}; write {derived!r} or leave status out",
                "partner-rule",
            )
        status = derived
    return StatusEntry(
        report=str(data["report"]),
        status=str(status),
        basis=data["basis"],
        raw=data.get("raw"),
        partners=partners,
        note=_text(data.get("note")),
        evidence=_text(data.get("evidence")),
        where=where,
    )


def build_item(loaded: Loaded, context: PeriodContext | None = None) -> tuple[Item | None, list[Problem]]:
    """The item and its problems; `context` gives what its periods may need from the reports."""
    data: dict[str, Any] = loaded.data  # type: ignore[assignment]
    context = context or PeriodContext()
    ctx = _Context(loaded, dict(context.fiscal_year_start).get(data["program"]), dict(context.published))
    deadlines = []
    for index, raw in enumerate(data.get("deadlines", ())):
        deadline = _deadline(ctx, raw, ctx.where("deadlines", index))
        if deadline is not None:
            deadlines.append(deadline)
    history = tuple(
        _entry(ctx, raw, ctx.where("history", index)) for index, raw in enumerate(data["history"])
    )
    item = Item(
        id=data["id"],
        program=data["program"],
        title=data["title"],
        text=data["text"],
        introduced=str(data["introduced"]),
        number=data.get("number"),
        aliases=tuple(data.get("aliases", ())),
        group=tuple(data.get("group", {}).items()),
        source=_text(data.get("source")),
        continues=tuple(data.get("continues", ())),
        deadlines=tuple(deadlines),
        history=history,
        where=ctx.where(),
    )
    return item, ctx.problems
