"""`sbaudit verify --sources DIR`: every recorded fact checked against the report's own text.

The data must be valid first (the caller loads it). Each report records how to find its text
(`texts`: a file name and/or a SHA-256). Then, for every item: its official wording stands in its
plan's text; every date a report is said to state (a deadline as worded, a revision, an outcome's
date) and every label stands in that report's text in one of its written forms; every status entry
points at a findable place (a heading `#N` named in its evidence, or a `locator` phrase of at most
eight words). Whatever is not found is a Problem at the data's file:line:col."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..core.model import Dataset, Path_, Problem
from ..core.periods import PeriodError, parse_period
from ..core.report_index import ReportIndex
from ..core.vocab import PassageKind
from ..load.sources import FileIndex, Passage, SourceText, clean, squash, written_forms
from ..load.yaml_positions import Loaded, load_bytes

__all__ = ["verify", "Checker", "item_passages", "MAX_LOCATOR_WORDS", "MAX_LOCATOR_CHARS", "MAX_SOURCE_BYTES"]

MAX_LOCATOR_WORDS = 8
MAX_LOCATOR_CHARS = 200  # eight words; the longest in the shipped data has 59 characters
MAX_SOURCE_BYTES = 2 * 1024 * 1024  # a source text read for matching (the largest shipped: 47 KB)
_HEADING = re.compile(r"#(\d+)")


def _short(text: str, limit: int = 60) -> str:
    one = " ".join(text.split())
    return clean(one if len(one) <= limit else one[: limit - 3] + "...")


class Checker:
    """The sources folder read against one dataset: report texts found once, problems collected."""

    def __init__(self, root: Path, dataset: Dataset, sources: Path) -> None:
        self.root = root
        self.dataset = dataset
        self.files = FileIndex(sources)
        self.sources = sources
        self.problems: list[Problem] = []
        self.ids = ReportIndex(dataset.reports).ids
        self.texts: dict[str, SourceText | None] = {}
        self._paths: dict[str, Path] | None = None
        for report in dataset.reports:
            self.texts[report.id] = self._report_text(report.id, report.where.file)

    # -- reports ---------------------------------------------------------------------------------

    def _loaded(self, shown: str) -> Loaded:
        if self._paths is None:  # the real file behind each shown name (escaped names included)
            from ..load.data_root import _display, data_files

            self._paths = {_display(path): path for path in data_files(self.root)[0]}
        return load_bytes(shown, self._paths.get(shown, Path(shown)).read_bytes())

    def problem(self, loaded: Loaded, path: Path_, message: str, rule: str) -> None:
        line, column = loaded.position(path)
        self.problems.append(Problem(loaded.path, line, column, message, rule))

    def _report_text(self, report_id: str, shown: str) -> SourceText | None:
        loaded = self._loaded(shown)
        data: dict[str, Any] = loaded.data if isinstance(loaded.data, dict) else {}
        entries = data.get("texts")
        if not entries:
            self.problem(
                loaded,
                ("id",),
                f"report {clean(report_id)!r} records no source text: add "
                "'texts' with the file name or SHA-256 of its text",
                "source-text",
            )
            return None
        parts: list[tuple[str, str]] = []
        for index, entry in enumerate(entries):
            path = self._find(loaded, ("texts", index), entry)
            if path is None:
                continue
            try:
                with path.open("rb") as handle:
                    raw = handle.read(MAX_SOURCE_BYTES + 1)
                if len(raw) > MAX_SOURCE_BYTES:
                    self.problem(
                        loaded,
                        ("texts", index),
                        f"{clean(str(path))} is more than the {MAX_SOURCE_BYTES} bytes a source text "
                        "may have: not read",
                        "source-text",
                    )
                    continue
                parts.append((path.name, raw.decode("utf-8")))
            except UnicodeDecodeError:
                self.problem(loaded, ("texts", index), f"{clean(str(path))} is not UTF-8 text", "source-text")
            except OSError as exc:
                self.problem(
                    loaded,
                    ("texts", index),
                    f"cannot read {clean(str(path))}: {exc.strerror or exc}",
                    "source-text",
                )
        if len(parts) != len(entries):
            return None
        return SourceText.of(report_id, parts)

    def _find(self, loaded: Loaded, at: Path_, entry: dict[str, str]) -> Path | None:
        name, digest = entry.get("file"), entry.get("sha256")
        if name is not None:
            path = self.files.named(name)
            if path is not None:
                if digest is not None and self.files.hash_of(path) != digest:
                    self.problem(
                        loaded,
                        at + ("sha256",),
                        f"{clean(name)} in {clean(str(self.sources))} is not "
                        "the recorded text: its SHA-256 differs",
                        "source-text",
                    )
                    return None
                return path
        if digest is not None:
            path = self.files.by_hash(digest)
            if path is not None:
                return path
        wanted = " and none ".join(
            part
            for part in (
                f"named {clean(name)!r}" if name else "",
                f"with SHA-256 {digest[:12]}..." if digest else "",
            )
            if part
        )
        self.problem(
            loaded,
            at,
            f"the report's text is not in {clean(str(self.sources))}: found no file {wanted}",
            "source-text",
        )
        return None

    def text_of(self, report: object) -> SourceText | None:
        return self.texts.get(self.ids.get(str(report), ""))

    # -- items -----------------------------------------------------------------------------------

    def check_items(self) -> None:
        plans: dict[str, list[str]] = {}
        for report in self.dataset.reports:
            if report.kind == "plan":
                plans.setdefault(report.program, []).append(report.id)
        for item in self.dataset.items:
            loaded = self._loaded(item.where.file)
            if not isinstance(loaded.data, dict):
                continue
            candidates = [item.introduced] + plans.get(item.program, [])
            self._wording(loaded, loaded.data, candidates)
            for index, deadline in enumerate(loaded.data.get("deadlines") or ()):
                self._deadline(loaded, ("deadlines", index), deadline)
            for index, entry in enumerate(loaded.data.get("history") or ()):
                self._entry(loaded, ("history", index), entry)

    def _wording(self, loaded: Loaded, data: dict[str, Any], candidates: list[str]) -> None:
        wording = str(data.get("text", ""))
        texts = [text for text in (self.text_of(c) for c in dict.fromkeys(candidates)) if text is not None]
        if not texts or any(text.find(wording, exact=True) for text in texts):
            return
        best = max(texts, key=lambda text: text.matching_prefix(wording))
        kept = best.matching_prefix(wording)
        squashed = squash(wording)
        where = (
            f"it differs after {_short(squashed[max(0, kept - 30) : kept])!r}"
            if kept
            else "not even its start is there"
        )
        self.problem(
            loaded,
            ("text",),
            f"official wording not found in the text of report {best.report} "
            f"({', '.join(best.names)}): {where}",
            "source-wording",
        )

    def _date(
        self, loaded: Loaded, at: Path_, report: object, due: object, period: object, what: str
    ) -> None:
        text = self.text_of(report)
        if text is None:
            return
        if isinstance(due, str) and due.strip():
            if text.find(due):
                return
            self.problem(
                loaded,
                at + ("due",),
                f"{what} {_short(due)!r} is not in the text of report {text.report}",
                "source-date",
            )
            return
        try:
            parsed = parse_period(period)
        except PeriodError:  # validate reports it
            return
        forms = written_forms(parsed)
        if not any(text.find(form) for form in forms):
            self.problem(
                loaded,
                at + ("period",) if "period" in _keys(loaded, at) else at,
                f"{what} {parsed.canonical} is not in the text of report {text.report} in any written "
                f"form (looked for {', '.join(repr(f) for f in forms[:4])})",
                "source-date",
            )

    def _deadline(self, loaded: Loaded, at: Path_, deadline: dict[str, Any]) -> None:
        self._date(
            loaded, at, deadline.get("set_by"), deadline.get("due"), deadline.get("period"), "deadline"
        )
        for index, revision in enumerate(deadline.get("revisions") or ()):
            where = at + ("revisions", index)
            self._date(
                loaded,
                where,
                revision.get("report"),
                revision.get("due"),
                revision.get("period"),
                "revised date",
            )
            self._locator(loaded, where, revision, revision.get("report"))
        outcome = deadline.get("outcome")
        if isinstance(outcome, dict):
            where = at + ("outcome",)
            if outcome.get("date") is not None:
                self._outcome_date(loaded, where, outcome)
            self._locator(loaded, where, outcome, outcome.get("report"))
        for index, said in enumerate(deadline.get("said") or ()):
            if isinstance(said, dict):
                self._locator(loaded, at + ("said", index), said, said.get("report"))

    def _outcome_date(self, loaded: Loaded, at: Path_, outcome: dict[str, Any]) -> None:
        text = self.text_of(outcome.get("report"))
        if text is None:
            return
        try:
            parsed = parse_period(outcome["date"])
        except PeriodError:
            return
        forms = written_forms(parsed)
        if not any(text.find(form) for form in forms):
            self.problem(
                loaded,
                at + ("date",),
                f"outcome date {parsed.canonical} is not in the text of report "
                f"{text.report} in any written form (looked for {', '.join(repr(f) for f in forms[:4])})",
                "source-date",
            )

    def _locator(self, loaded: Loaded, at: Path_, data: dict[str, Any], report: object) -> bool:
        """Check a locator when there is one; True when it is there and found once."""
        locator = data.get("locator")
        if locator is None:
            return False
        words = len(str(locator).split())
        if words > MAX_LOCATOR_WORDS:
            self.problem(
                loaded,
                at + ("locator",),
                f"a locator is a phrase of at most {MAX_LOCATOR_WORDS} words, "
                f"not {words}: quote no report sentence",
                "source-locator",
            )
            return False
        if len(str(locator)) > MAX_LOCATOR_CHARS:
            self.problem(
                loaded,
                at + ("locator",),
                f"a locator is a phrase of at most {MAX_LOCATOR_CHARS} characters, "
                f"not {len(str(locator))}: not searched",
                "source-locator",
            )
            return False
        text = self.text_of(report)
        if text is None:
            return False
        found = text.find(str(locator))
        if not found:
            self.problem(
                loaded,
                at + ("locator",),
                f"locator {_short(str(locator))!r} is not in the text of report {text.report}",
                "source-locator",
            )
            return False
        if len(found) > 1:
            self.problem(
                loaded,
                at + ("locator",),
                f"locator {_short(str(locator))!r} occurs {len(found)} times "
                f"in the text of report {text.report}: make it point at one place",
                "source-locator",
            )
            return False
        return True

    def _entry(self, loaded: Loaded, at: Path_, entry: dict[str, Any]) -> None:
        report = entry.get("report")
        text = self.text_of(report)
        if text is None:
            return
        labels: list[tuple[Path_, str]] = []
        if isinstance(entry.get("raw"), str):
            labels.append((at + ("raw",), entry["raw"]))
        for name, value in sorted((entry.get("partners") or {}).items()):
            if isinstance(value, dict) and isinstance(value.get("raw"), str):
                labels.append((at + ("partners", name, "raw"), value["raw"]))
        for where, label in labels:
            if not text.find(label):
                self.problem(
                    loaded,
                    where,
                    f"label {_short(label)!r} is not in the text of report {text.report}",
                    "source-label",
                )
        evidence = str(entry.get("evidence") or "")
        headings = _HEADING.findall(evidence)
        missing = [number for number in headings if text.heading(number) is None]
        for number in missing:
            self.problem(
                loaded,
                at + ("evidence",),
                f"heading #{number} is not in the text of report {text.report}",
                "source-evidence",
            )
        located = self._locator(loaded, at, entry, report)
        if not headings and not located and "locator" not in entry:
            self.problem(
                loaded,
                at + ("evidence",) if evidence else at,
                "the evidence names no heading (#N) and the entry has no locator: add a locating "
                f"phrase of at most {MAX_LOCATOR_WORDS} words that stands in the report's text",
                "source-evidence",
            )


def _keys(loaded: Loaded, at: Path_) -> set[str]:
    node: Any = loaded.data
    for part in at:
        node = node[part]
    return set(node) if isinstance(node, dict) else set()


def verify(root: Path, dataset: Dataset, sources: Path) -> list[Problem]:
    """Every problem found checking the dataset against the texts in `sources`, sorted."""
    checker = Checker(root, dataset, sources)
    checker.check_items()
    return sorted(set(checker.problems))


# -- show --sources ------------------------------------------------------------------------------


def _entry_offset(text: SourceText, entry: dict[str, Any]) -> tuple[int | None, str]:
    if isinstance(entry.get("locator"), str):
        if len(entry["locator"]) > MAX_LOCATOR_CHARS:
            return None, f"locator longer than {MAX_LOCATOR_CHARS} characters"
        found = text.find(entry["locator"])
        return (found[0] if found else None), f"locator {_short(entry['locator'])!r}"
    for number in _HEADING.findall(str(entry.get("evidence") or "")):
        offset = text.heading(number)
        if offset is not None:
            return offset, f"heading #{number}"
    return None, "no heading or locator"


def _outcome_offset(text: SourceText, outcome: dict[str, Any]) -> tuple[int | None, str]:
    if isinstance(outcome.get("locator"), str):
        return _entry_offset(text, outcome)
    if outcome.get("date") is not None:
        try:
            parsed = parse_period(outcome["date"])
        except PeriodError:
            return None, "no locator; date not a period"
        for form in written_forms(parsed):
            found = text.find(form)
            if found:
                return found[0], f"date {parsed.canonical}"
        return None, f"date {parsed.canonical}"
    return None, "no locator or date"


def _passages(checker: Checker, data: dict[str, Any]) -> Iterator[Passage]:
    for entry in data.get("history") or ():
        text = checker.text_of(entry.get("report"))
        label = f"{entry.get('report')}: {entry.get('status') or 'per partner'}"
        if text is None:
            yield Passage(
                PassageKind.STATUS, str(entry.get("report")), None, label, "report text not found", None
            )
            continue
        offset, how = _entry_offset(text, entry)
        yield Passage(
            PassageKind.STATUS,
            text.report,
            None,
            label,
            how,
            None if offset is None else clean(text.passage(offset)),
        )
    for deadline in data.get("deadlines") or ():
        outcome = deadline.get("outcome")
        if not isinstance(outcome, dict):
            continue
        text = checker.text_of(outcome.get("report"))
        label = f"outcome of {deadline.get('id')}"
        if text is None:
            yield Passage(
                PassageKind.OUTCOME,
                str(outcome.get("report")),
                str(deadline.get("id")),
                label,
                "report text not found",
                None,
            )
            continue
        offset, how = _outcome_offset(text, outcome)
        yield Passage(
            PassageKind.OUTCOME,
            text.report,
            str(deadline.get("id")),
            label,
            how,
            None if offset is None else clean(text.passage(offset)),
        )


def item_passages(root: Path, dataset: Dataset, item_id: str, sources: Path) -> list[Passage]:
    """For `show ID --sources DIR`: the paragraph under each status entry and outcome of one item."""
    checker = Checker(root, dataset, sources)
    for item in dataset.items:
        if item.id == item_id:
            loaded = checker._loaded(item.where.file)
            return list(_passages(checker, loaded.data)) if isinstance(loaded.data, dict) else []
    return []
