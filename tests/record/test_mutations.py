"""A seeded program makes single plausible curator mistakes on a copy of the shipped data, one at
a time, and runs what `validate` and `verify` run on each: at least 95% of the mistakes in fields
a program can check must be caught, with a problem in the file the mistake is in. The survivors
are printed by kind (run with -s to see them when the test passes).

Speed: the data is loaded once; an item's mistake rebuilds that one file and re-runs the
cross-file rules and verify's checks of that item (verify cuts every passage again); a report's
mistake reloads the whole copy."""

from __future__ import annotations

import copy as copy_
import random
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from sbaudit.core.model import Dataset, Item, Problem, Where
from sbaudit.core.status import STATUSES, label_status
from sbaudit.load.build_model import PeriodContext
from sbaudit.load.data_root import _load_file, _read, _Source, load_dataset
from sbaudit.load.rules import cross_check
from sbaudit.load.sources import FileText
from sbaudit.record.verify import Checker

MUTATIONS = 330
SEED = 21
LABELS = ("On track", "Initiated", "Delayed", "Completed", "Completed / Ongoing", "Partially Completed")
Data = dict[str, Any]


@dataclass
class Site:
    """A copy of the data: every file's parsed content, by path."""

    root: Path
    files: dict[Path, Data]

    def items(self, program: str | None = None) -> list[tuple[Path, Data]]:
        return [
            (path, data)
            for path, data in self.files.items()
            if path.parent.name != "reports" and (program is None or data["program"] == program)
        ]

    def reports(self) -> list[tuple[Path, Data]]:
        return [(path, data) for path, data in self.files.items() if path.parent.name == "reports"]


# -- the mistakes: each takes a copy of one file's data and returns the kind and whether a program
# can check it, or None when the file offers no place for it -------------------------------------

Mutator = Callable[[random.Random, Site, Path, Data], "tuple[str, bool] | None"]


def _entries(data: Data, split: bool | None = None) -> list[Data]:
    return [e for e in data["history"] if split is None or bool(e.get("partners")) == split]


def _deadlines(data: Data) -> list[Data]:
    return list(data.get("deadlines") or [])


def _other(rng: random.Random, values: list[Any], old: Any) -> Any:
    """Another value: one that differs in more than case (a wording in other capitals is the
    same wording; the sources are searched without case for dates and labels)."""
    choices = [value for value in dict.fromkeys(values) if str(value).casefold() != str(old).casefold()]
    return rng.choice(choices) if choices else None


def label_consistent(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    entries = [e for e in _entries(data, False) if e.get("raw")]
    if not entries:
        return None
    entry = rng.choice(entries)
    entry["raw"] = _other(rng, list(LABELS), entry["raw"])
    entry["status"] = label_status(entry["raw"])
    return "label (status to match)", True


def partner_label(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    entries = _entries(data, True)
    if not entries:
        return None
    partner = rng.choice(sorted(rng.choice(entries)["partners"].items()))[1]
    partner["raw"] = _other(rng, list(LABELS), partner["raw"])
    partner["status"] = label_status(partner["raw"])
    return "partner label (status to match)", True


def partner_swap(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    entries = [e for e in _entries(data, True) if len({p["raw"] for p in e["partners"].values()}) > 1]
    if not entries:
        return None
    partners = rng.choice(entries)["partners"]
    one, two = sorted(partners)[:2]
    partners[one], partners[two] = partners[two], partners[one]
    return "partner split swapped", True


def status_not_raw(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    entries = [e for e in _entries(data, False) if e.get("raw")]
    if not entries:
        return None
    entry = rng.choice(entries)
    entry["status"] = _other(rng, [s for s in STATUSES if s != label_status(entry["raw"])], entry["status"])
    return "status against raw", True


def assessed_status(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    entries = [e for e in _entries(data, False) if e["basis"] == "assessed"]
    if not entries:
        return None
    entry = rng.choice(entries)
    entry["status"] = _other(rng, list(STATUSES), entry["status"])
    return "assessed status", False


def _all_deadlines(site: Site, program: str) -> list[Data]:
    return [d for _, item in site.items(program) for d in _deadlines(item)]


def due_other(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    if not _deadlines(data):
        return None
    deadline = rng.choice(_deadlines(data))
    others = [
        d for d in _all_deadlines(site, data["program"]) if d["due"].casefold() != deadline["due"].casefold()
    ]
    other = rng.choice(others)
    deadline["due"], deadline["period"] = other["due"], other["period"]
    return "due wording of another deadline (period to match)", True


def due_only(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    if not _deadlines(data):
        return None
    deadline = rng.choice(_deadlines(data))
    others = [d["due"] for d in _all_deadlines(site, data["program"])]
    deadline["due"] = _other(rng, others, deadline["due"])
    return "due wording (period kept)", True


def period_other(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    if not _deadlines(data):
        return None
    deadline = rng.choice(_deadlines(data))
    old = _span(deadline["period"])
    others = [str(d["period"]) for d in _all_deadlines(site, data["program"])]
    deadline["period"] = _other(rng, [p for p in others if _span(p) != old], str(deadline["period"]))
    return "period (due kept)", True


def _span(period: Any) -> tuple[object, object]:
    """A period's first and last day ("6 months after 2005-06" is 2005-12: the same period)."""
    from sbaudit.core.periods import parse_period

    try:
        found = parse_period(period, base=parse_period("2005-06-27"))
    except ValueError:
        return (period, period)
    return (found.start, found.end)


def _revisions(data: Data) -> list[Data]:
    return [r for d in _deadlines(data) for r in d.get("revisions") or []]


def revision_period(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    revisions = [r for r in _revisions(data) if r.get("due")]
    if not revisions:
        return None
    revision = rng.choice(revisions)
    periods = [str(r["period"]) for _, item in site.items(data["program"]) for r in _revisions(item)]
    periods += ["2006-12", "2007-06", "2007-12", "2006-fall", "2006-summer"]
    revision["period"] = _other(rng, periods, str(revision["period"]))
    return "revision period (due kept)", True


def revision_due(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    revisions = _revisions(data)
    if not revisions:
        return None
    revision = rng.choice(revisions)
    others = [r for _, item in site.items(data["program"]) for r in _revisions(item) if r.get("due")]
    others = [r for r in others if r["due"].casefold() != str(revision.get("due")).casefold()]
    other = rng.choice(others)
    revision["due"], revision["period"] = other["due"], other["period"]
    return "revised date of another milestone (period to match)", True


def revision_partner(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    revisions = [r for r in _revisions(data) if r.get("partner")]
    if not revisions:
        return None
    revision = rng.choice(revisions)
    revision["partner"] = "US-MX" if revision["partner"] == "US-CN" else "US-CN"
    return "revision partner", True


def _outcomes(data: Data) -> list[Data]:
    return [d["outcome"] for d in _deadlines(data) if d.get("outcome")]


def outcome_date(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    outcomes = [o for o in _outcomes(data) if o.get("date") is not None]
    if not outcomes:
        return None
    outcome = rng.choice(outcomes)
    dates = [
        str(o["date"]) for _, item in site.items(data["program"]) for o in _outcomes(item) if o.get("date")
    ]
    dates += ["2004-02", "2003-12", "2004-06-30", "2003"]
    outcome["date"] = _other(rng, dates, str(outcome["date"]))
    return "outcome date", True


def outcome_added(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    open_ = [d for d in _deadlines(data) if not d.get("outcome")]
    if not open_:
        return None
    deadline = rng.choice(open_)
    latest = {"smart-border": "2004", "spp": "spp-2006"}[data["program"]]
    deadline["outcome"] = {"report": latest}
    return "outcome the report does not give", True


def outcome_partner(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    outcomes = [o for o in _outcomes(data) if o.get("partner")]
    if not outcomes:
        return None
    outcome = rng.choice(outcomes)
    outcome["partner"] = "US-MX" if outcome["partner"] == "US-CN" else "US-CN"
    return "outcome partner", True


def outcome_report(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    outcomes = _outcomes(data)
    if not outcomes:
        return None
    outcome = rng.choice(outcomes)
    outcome["report"] = {"2004": "2002", "spp-2006": "spp-2005"}[outcome["report"]]
    return "outcome report", True


def _located(data: Data) -> list[Data]:
    places = [e for e in data["history"] if e.get("locator")]
    return places + [o for o in _outcomes(data) if o.get("locator")]


def locator_other(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    places = _located(data)
    if not places:
        return None
    place = rng.choice(places)
    others = [
        p["locator"]
        for other_path, item in site.items(data["program"])
        if other_path != path
        for p in _located(item)
        if p["report"] == place["report"]
    ]
    place["locator"] = _other(rng, others, place["locator"])
    return "locator of another item", True


def locator_dropped(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    places = [p for p in _located(data) if "#" not in str(p.get("evidence", ""))]
    if not places:
        return None
    del rng.choice(places)["locator"]
    return "locator left out", True


def evidence_heading(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    entries = [e for e in data["history"] if f"#{data.get('number')}" in str(e.get("evidence", ""))]
    if not entries:
        return None
    entry = rng.choice(entries)
    number = data["number"]
    wrong = number + rng.choice([-1, 1]) if 1 < number < 30 else (2 if number == 1 else number - 1)
    entry["evidence"] = entry["evidence"].replace(f"#{number}", f"#{wrong}")
    return "evidence heading of another item", True


def text_cut(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    words = data["text"].split()
    if len(words) < 6:
        return None
    cut = " ".join(words[: -rng.randint(1, min(4, len(words) - 3))]).rstrip(".;,:")
    data["text"] = cut
    return "wording cut short", True


def text_other(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    data["text"] = _other(rng, [item["text"] for _, item in site.items(data["program"])], data["text"])
    return "wording of another item", True


def title_other(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    data["title"] = _other(rng, [item["title"] for _, item in site.items(data["program"])], data["title"])
    return ("title", True) if data.get("number") is not None else ("title (the curators' own)", False)


def number_other(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    if data.get("number") is None:
        return None
    data["number"] = data["number"] + rng.choice([-1, 1]) if data["number"] > 1 else 2
    return "number", True


def group_other(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    key = rng.choice(sorted(data["group"]))
    values = [item["group"].get(key) for _, item in site.items(data["program"])]
    data["group"][key] = _other(rng, [v for v in values if v], data["group"][key])
    return f"group {key} of another item", True


def initiative_cut(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    words = str(data["group"].get("initiative", "")).split()
    if len(words) < 6:
        return None
    data["group"]["initiative"] = " ".join(words[: -rng.randint(1, 3)]).rstrip(".;,:")
    return "group initiative cut short", True


def set_by_other(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    if not _deadlines(data):
        return None
    deadline = rng.choice(_deadlines(data))
    deadline["set_by"] = {"2002": "2004", "2004": "2002", "spp-2005": "spp-2006"}[deadline["set_by"]]
    return "set_by", True


def introduced_other(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    data["introduced"] = {"2001": "2002", "2002": "2001", "spp-2005": "spp-2006"}[data["introduced"]]
    return "introduced", True


def continues_other(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    if not data.get("continues"):
        return None
    ids = [item["id"] for _, item in site.items("smart-border")]
    data["continues"] = [_other(rng, ids, data["continues"][0])]
    return "continues link", False


def report_date(rng: random.Random, site: Site, path: Path, data: Data) -> tuple[str, bool] | None:
    name = rng.choice(["published", "as_of"])
    old = str(data[name])
    shifted = old[:-2] + f"{int(old[-2:]) % 28 + 1:02d}" if len(old) == 10 else old[:4] + "-05"
    data[name] = shifted
    cited = "locator" not in (data.get("dates_evidence") or {}).get(name, {})
    return (f"report {name} (cited outside the texts)", False) if cited else (f"report {name}", True)


ITEM_MUTATORS: list[Mutator] = [
    label_consistent,
    partner_label,
    partner_swap,
    status_not_raw,
    assessed_status,
    due_other,
    due_only,
    period_other,
    revision_period,
    revision_due,
    revision_partner,
    outcome_date,
    outcome_added,
    outcome_partner,
    outcome_report,
    locator_other,
    locator_dropped,
    evidence_heading,
    text_cut,
    text_other,
    title_other,
    number_other,
    group_other,
    initiative_cut,
    set_by_other,
    introduced_other,
    continues_other,
]


def _change(before: Data, after: Data) -> str:
    """The changed lines, short: what a reader of the survivors needs to judge them."""
    import difflib

    old = yaml.safe_dump(before, sort_keys=False, allow_unicode=True).splitlines()
    new = yaml.safe_dump(after, sort_keys=False, allow_unicode=True).splitlines()
    changed = [line for line in difflib.unified_diff(old, new, lineterm="", n=0) if line[:1] in "+-"]
    return " / ".join(" ".join(line.split())[:70] for line in changed if line[:3] not in ("+++", "---"))


# -- running validate and verify on one mistake ----------------------------------------------------


class Runner:
    def __init__(self, root: Path, sources: Path) -> None:
        self.root = root
        self.sources = sources
        self.dataset = load_dataset(root)
        assert not self.dataset.problems, self.dataset.problems
        self.context = PeriodContext.of(self.dataset.reports)
        self.cache: dict[Path, FileText | str] = {}
        checker = Checker(root, self.dataset, sources, self.cache)
        checker.check_reports()
        checker.check_items()
        assert not checker.problems, checker.problems

    def problems(self, path: Path, raw: bytes) -> list[Problem]:
        """validate + verify on the copy with one file's bytes changed (written there meanwhile)."""
        before = path.read_bytes()
        path.write_bytes(raw)
        try:
            if path.parent.name == "reports":
                return self._whole()
            return self._item(path, raw)
        finally:
            path.write_bytes(before)

    def _whole(self) -> list[Problem]:
        dataset = load_dataset(self.root)
        if dataset.problems:
            return list(dataset.problems)
        checker = Checker(self.root, dataset, self.sources, self.cache)
        checker.check_reports()
        checker.check_items()
        return checker.problems

    def _item(self, path: Path, raw: bytes) -> list[Problem]:
        shown = str(path)
        result = _load_file(_Source(path, shown, False, raw), self.context)
        if result.problems or not isinstance(result.built, Item):
            return list(result.problems)
        built = result.built
        items = [built if item.id == built.id else item for item in self.dataset.items]
        if built.id not in {item.id for item in self.dataset.items}:
            items.append(built)

        def locate(where: Where) -> tuple[int, int]:
            return _read(where.file, Path(where.file).read_bytes()).position(where.path)

        problems = cross_check(list(self.dataset.reports), items, locate, set())
        if problems:
            return problems
        dataset = Dataset(self.dataset.root, self.dataset.reports, tuple(items), self.dataset.problems)
        checker = Checker(self.root, dataset, self.sources, self.cache)
        checker.check_items(only={built.id})
        return checker.problems


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sbaudit.load.locations import packaged_root

    root = tmp_path_factory.mktemp("mutations") / "data"
    for folder in ("reports", "plan"):
        shutil.copytree(packaged_root() / folder, root / folder)
    return root


def test_validate_and_verify_catch_95_percent_of_single_mistakes(copy: Path, project_sources: Path) -> None:
    runner = Runner(copy, project_sources)
    site = Site(
        copy, {path: yaml.safe_load(path.read_text("utf-8")) for path in sorted(copy.rglob("*.yaml"))}
    )
    rng = random.Random(SEED)
    tried: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    checkable: dict[str, bool] = {}
    survivors: dict[str, list[str]] = {}
    made = 0
    kinds: list[Mutator | None] = [*ITEM_MUTATORS, None]  # None: a report's date
    while made < MUTATIONS:
        mutator = kinds[made % len(kinds)]
        for _ in range(1000):
            if mutator is None:
                path, original = rng.choice(site.reports())
                data = copy_.deepcopy(original)
                said = report_date(rng, site, path, data)
            else:
                path, original = rng.choice(site.items())
                data = copy_.deepcopy(original)
                said = mutator(rng, site, path, data)
            if said is not None and data != original:
                break
        else:
            pytest.fail(f"no place for {mutator}")
        kind, can = said
        made += 1
        tried[kind] += 1
        checkable[kind] = can
        raw = yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode("utf-8")
        problems = runner.problems(path, raw)
        if any(Path(problem.path).resolve() == path.resolve() for problem in problems):
            caught[kind] += 1
        else:
            survivors.setdefault(kind, []).append(f"{path.name} ({_change(original, data)})")

    lines = [
        f"{kind}: {caught[kind]} of {tried[kind]} caught"
        + (f"; survivors: {', '.join(survivors[kind])}" if kind in survivors else "")
        + ("" if checkable[kind] else " (not checkable)")
        for kind in sorted(tried)
    ]
    made_checkable = sum(n for kind, n in tried.items() if checkable[kind])
    caught_checkable = sum(n for kind, n in caught.items() if checkable[kind])
    lines.append(
        f"{made} mistakes, {made_checkable} in checkable fields, {caught_checkable} of those caught"
        f" ({100 * caught_checkable / made_checkable:.1f}%)"
    )
    print("\n".join(["", *lines]))
    assert made >= 300 and made_checkable >= 250
    assert caught_checkable >= 0.95 * made_checkable, "\n".join(lines)
