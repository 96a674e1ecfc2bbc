"""Turn schema-valid plain data into the frozen model. Values a schema cannot judge (periods, the
partner rule) are checked here and reported as problems at their node."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
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
    TargetWord,
    Where,
    fiscal_starts,
)
from ..core.periods import Period, PeriodError, Setting, parse_period
from ..core.report_index import ReportIndex
from ..core.status import derive_overall
from ..core.vocab import Kept, ReportKind, Word
from .yaml_positions import Loaded

__all__ = ["build_report", "build_item", "PeriodContext"]


@dataclass(frozen=True)
class PeriodContext:
    """What an item's periods may depend on beyond their text, taken from the reports: each
    program's fiscal-year start (FY2013, 2013-14), each report's publication date, which a
    deadline's `within 18 months` counts from, and which reports are plans (`within 18 months of
    the release of the action plan`); and, once the items are read, the programs that speak in
    fiscal years, each with an example (core.model.fiscal_speakers)."""

    fiscal_year_start: tuple[tuple[str, int], ...] = ()
    published: tuple[tuple[str, Period], ...] = ()
    plans: frozenset[str] = frozenset()
    fiscal_years: tuple[tuple[str, str], ...] = ()

    @staticmethod
    def of(reports: Iterable[Report], refused_starts: dict[str, int] | None = None) -> PeriodContext:
        """The context of these reports; `refused_starts`: the fiscal-year starts of plan reports
        refused for another fault, so that their items' fiscal years still read."""
        reports = list(reports)
        dates = {name: report.published for name, report in ReportIndex(reports).names.items()}
        plans = frozenset(name for r in reports if r.kind == ReportKind.PLAN for name in (r.id, *r.aliases))
        starts = {**(refused_starts or {}), **fiscal_starts(reports)}
        return PeriodContext(
            tuple(sorted(starts.items())),
            tuple(sorted(dates.items(), key=lambda kv: kv[0])),
            plans,
        )

    def setting(self, program: str) -> Setting:
        """How the program's dates are read, before the report that sets each is known."""
        example = dict(self.fiscal_years).get(program, "")
        return Setting(
            dict(self.fiscal_year_start).get(program),
            fiscal_years=bool(example),
            fiscal_example=example,
        )


class _Context:
    def __init__(
        self,
        loaded: Loaded,
        setting: Setting | None = None,
        published: dict[str, Period] | None = None,
        plans: frozenset[str] = frozenset(),
    ) -> None:
        self.loaded = loaded
        self.problems: list[Problem] = []
        self.setting = setting or Setting()
        self.published = published or {}
        self.plans = plans

    def where(self, *path: str | int) -> Where:
        return Where(self.loaded.path, tuple(path))

    def problem(self, where: Where, message: str, rule: str) -> None:
        line, column = self.loaded.position(where.path)
        self.problems.append(Problem(self.loaded.path, line, column, message, rule))

    def period(self, value: Any, where: Where, set_by: Any = None) -> Period | None:
        # without a fiscal year other than the calendar year, a period that reads without the
        # setting means the same with it ("within" needs it); the plain reading is the cheaper one
        if not self.setting.fiscal:
            found = _plain_period(value)
            if isinstance(found, Period):
                return found
        name = str(set_by) if set_by is not None else ""
        setting = replace(self.setting, base=self.published.get(name), base_is_plan=name in self.plans)
        try:
            return parse_period(value, setting=setting)
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
    ctx = _Context(
        loaded, Setting(data.get("fiscal_year_start") if data.get("kind") == ReportKind.PLAN else None)
    )
    published = ctx.period(data["published"], ctx.where("published"))
    as_of = ctx.period(data["as_of"], ctx.where("as_of"))
    if published is None or as_of is None:
        return None, ctx.problems
    report = Report(
        id=str(data["id"]),
        program=data["program"],
        kind=ReportKind(data["kind"]),
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
        kept=Kept(data.get("kept", Kept.IN_FULL)),
    )


def _word(data: dict[str, Any], where: Where) -> TargetWord:
    return TargetWord(
        report=str(data["report"]),
        word=Word(data["word"]),
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
        said=tuple(_word(raw, where.at("said", index)) for index, raw in enumerate(data.get("said", ()))),
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
    ctx = _Context(loaded, context.setting(data["program"]), dict(context.published), context.plans)
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
