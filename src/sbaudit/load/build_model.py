"""Turn schema-valid plain data into the frozen model. Values a schema cannot judge (periods, the
partner rule) are checked here and reported as problems at their node."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from ..core.model import (
    DateEvidence,
    Deadline,
    Item,
    Outcome,
    PartnerStatus,
    Problem,
    Report,
    Revision,
    SourceRef,
    StatusEntry,
    TargetWord,
    TextPart,
    Where,
    fiscal_starts,
)
from ..core.periods import NUMBER_WORDS, Period, PeriodError, Setting, parse_period
from ..core.readings import due_readings
from ..core.report_index import ReportIndex
from ..core.status import derive_overall, label_status
from ..core.vocab import Kept, ReportKind, Word
from .yaml_positions import Loaded

__all__ = ["build_report", "build_item", "PeriodContext"]


class PeriodContext(NamedTuple):
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


# a period counted from a date of its own: "6 months after 2002-09", "two years after 2005"
_DURATION_AFTER = re.compile(r"^([a-z0-9-]+)\s+(month|year)s?\s+after\s")
_DURATION_IN = re.compile(r"\b((?:[a-z]+-)?[a-z0-9]+)\s+(month|year)s?\b", re.IGNORECASE)


def _duration(count: str, unit: str) -> tuple[int, str] | None:
    number = int(count) if count.isdigit() else NUMBER_WORDS.get(count.lower())
    return None if number is None else (number, unit.lower())


def _durations(due: str) -> set[tuple[int, str] | None]:
    """The durations a wording gives: "at the end of six months" gives (6, "month")."""
    return {_duration(count, unit) for count, unit in _DURATION_IN.findall(due)}


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
        setting = self.setting._replace(base=self.published.get(name), base_is_plan=name in self.plans)
        try:
            return parse_period(value, setting=setting)
        except PeriodError as exc:
            self.problem(where, str(exc), "period")
            return None

    def readings(self, due: str, set_by: Any) -> list[Period]:
        base = self.published.get(str(set_by)) if set_by is not None else None
        return due_readings(due, self.setting.fiscal_year_start, base)

    def period_of_due(self, period: Period, due: str, set_by: Any, where: Where, written: str = "") -> None:
        """`period` must be one of the readings of `due` (when the wording has any). A duration
        counted from another date than the report's publication ("6 months after 2002-09" for "at
        the end of six months") agrees when the wording gives that same duration."""
        readings = self.readings(due, set_by)
        if not readings or any(_same(period, reading) for reading in readings):
            return
        counted = _DURATION_AFTER.match(written.strip().lower())
        if counted and _duration(counted.group(1), counted.group(2)) in _durations(due):
            return
        shown = ", ".join(dict.fromkeys(reading.canonical for reading in readings))
        self.problem(
            where.at("period"),
            f"period {period.canonical} is not what due {_quoted(due)} says: it reads as {shown}",
            "period-due",
        )

    def status_of_raw(self, status: Any, raw: Any, where: Where, whose: str = "") -> None:
        """A status written beside a raw label must be the label's reading (the one mapping)."""
        if not isinstance(raw, str) or not isinstance(status, str):
            return
        meant = label_status(raw)
        if meant is None:
            self.problem(
                where.at("raw"),
                f"{whose}raw label {_quoted(raw)} is none of the labels sbaudit reads (it starts with "
                "e.g. On track, Initiated, Delayed, Partially Completed, Completed; docs/data-format.md)",
                "status-raw",
            )
        elif meant != status:
            self.problem(
                where.at("status"),
                f"{whose}status {status!r} does not follow from raw label {_quoted(raw)}, which "
                f"reads as {meant!r}",
                "status-raw",
            )


def _same(one: Period, other: Period) -> bool:
    return (one.start, one.end) == (other.start, other.end)


def _quoted(text: str, limit: int = 60) -> str:
    one = " ".join(text.split())
    return repr(one if len(one) <= limit else one[: limit - 3] + "...")


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
        texts=tuple(
            _source_ref(entry, ctx.where("texts", index)) for index, entry in enumerate(data.get("texts", ()))
        ),
        dates_evidence=tuple(
            (
                name,
                DateEvidence(
                    value.get("locator"), _text(value.get("evidence")), ctx.where("dates_evidence", name)
                ),
            )
            for name, value in sorted(data.get("dates_evidence", {}).items())
        ),
        where=ctx.where(),
        url=_text(data.get("url")),
    )
    return report, ctx.problems


def _source_ref(data: dict[str, Any], where: Where) -> SourceRef:
    part = data.get("part", {})
    return SourceRef(
        file=data.get("file"),
        sha256=data.get("sha256"),
        note=_text(data.get("note")),
        part=TextPart(part.get("from"), part.get("to"), part.get("cells")),
        layout=data.get("layout"),
        where=where,
        url=_text(data.get("url")),
    )


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
    if data.get("due"):
        ctx.period_of_due(period, str(data["due"]), data["report"], where, str(data["period"]))
    return Revision(
        report=str(data["report"]),
        period=period,
        due=_text(data.get("due")),
        partner=data.get("partner"),
        note=_text(data.get("note")),
        evidence=_text(data.get("evidence")),
        locator=data.get("locator"),
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
        locator=data.get("locator"),
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
        locator=data.get("locator"),
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
    ctx.period_of_due(period, str(data["due"]), data["set_by"], where, str(data["period"]))
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
    ctx.status_of_raw(data.get("status"), data.get("raw"), where)
    for name, value in sorted(data.get("partners", {}).items()):
        ctx.status_of_raw(value.get("status"), value.get("raw"), where.at("partners", name), f"{name}: ")
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
        locator=data.get("locator"),
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
