"""Cross-command properties: summary, diff, overdue and list read the same states, so they agree
for every deadline, on the shipped data and on generated plans."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sbaudit.audit.diff import diff
from sbaudit.audit.knowledge import Knowledge, Scope
from sbaudit.audit.overdue import overdue
from sbaudit.audit.summary import summary
from sbaudit.core.model import (
    Dataset,
    Deadline,
    Item,
    Outcome,
    PartnerStatus,
    Report,
    Revision,
    StatusEntry,
    TargetWord,
)
from sbaudit.core.periods import parse_period
from sbaudit.core.status import STATUSES, derive_overall
from sbaudit.core.vocab import ReportKind, Word
from sbaudit.load.data_root import load_dataset
from sbaudit.output.listing import list_view


def key(state: Any) -> tuple[str, str, str | None]:
    return (state.item.id, state.deadline.id, state.partner)


def check_agreement(kn: Knowledge) -> None:
    reports = kn.dataset.reports
    for index, report in enumerate(reports):
        if report.kind != "status" or index == 0:
            continue
        previous = reports[index - 1]
        result = diff(kn, previous.id, report.id)
        # the sections partition the items and deadlines in scope
        programs = {previous.program, report.program}
        in_scope = {
            i.id
            for i in kn.dataset.items
            if i.program in programs and kn.in_scope(i, Scope(kn.at_report(report)))
        }
        assert sorted(c.item.id for c in result.items) == sorted(in_scope)
        keys = [key(c.after) for c in result.deadlines]
        assert len(keys) == len(set(keys))
        set_then = {
            (i.id, d.id)
            for i in kn.dataset.items
            if i.id in in_scope
            for d in i.deadlines
            if kn.is_set(d, kn.at_report(report))
        }
        assert {(k[0], k[1]) for k in keys} == set_then
        # summary counts at R the fate diff shows at R
        diff_fates = {key(c.after): c.after.fate for c in result.deadlines}
        summary_fates = {key(s): s.fate for row in summary(kn, report.id) for s in row.states}
        assert summary_fates == {
            k: v for k, v in diff_fates.items() if kn.items[k[0]].program == report.program
        }
        # what diff calls passed (by a report's word or with none since) or re-dated after it passed
        # at R is overdue (against the original date) as of the day R was published
        listed = overdue(kn, report.published)
        overdue_keys = {key(r.state) for r in listed.overdue}
        for name in ("missed", "passed-silent", "slipped"):
            for change in result.deadline_section(name):
                assert key(change.after) in overdue_keys, key(change.after)
        for change in result.deadlines:
            state = change.after
            # a fate resting on silence names no report's word after the date; one on a word names it
            if state.fate == "passed-silent" and state.word_report is not None:
                assert kn.report(state.word_report).as_of.end <= state.current.end
            if state.fate in ("missed", "slipped", "delayed"):
                assert state.word is not None and kn.known(state.word_report or "", kn.at_report(report))
            # only a report later than the one that set a date speaks of it
            if state.word_report is not None:
                assert kn.rank(state.word_report) > kn.rank(state.deadline.set_by)
    # list --format json carries the states at the latest report of each program
    latest: dict[str, Report] = {r.program: r for r in reports if r.kind == "status"}
    view = list_view(kn)
    for data in view.data["items"]:  # type: ignore[index]
        at = latest.get(data["program"])
        if at is None:
            continue
        expected = {
            key(s): s.fate for row in summary(kn, at.id) for s in row.states if s.item.id == data["id"]
        }
        assert {(s["item"], s["target"], s["partner"]): s["fate"] for s in data["states"]} == expected


def test_commands_agree_on_the_shipped_data(shipped: Any) -> None:
    dataset = load_dataset(shipped)
    assert not dataset.problems
    check_agreement(Knowledge(dataset))


# -- generated plans -------------------------------------------------------------------------

MONTHS = [f"{year}-{month:02d}" for year in (2010, 2011, 2012, 2013) for month in (3, 6, 9, 12)]
OTHER = [*(s for s in STATUSES if s != "completed"), "completed"]


def _report(rid: str, kind: str, published: str, as_of: str) -> Report:
    return Report(rid, "demo", ReportKind(kind), rid, parse_period(published), parse_period(as_of))


@st.composite
def plans(draw: st.DrawFn) -> Dataset:
    dates = sorted(draw(st.lists(st.sampled_from(MONTHS[1:]), min_size=2, max_size=4, unique=True)))
    reports = [_report("p", "plan", "2010-01-15", "2010-01-15")]
    for n, month in enumerate(dates):
        as_of = draw(st.sampled_from([month, f"{month}-01"]))
        reports.append(_report(f"s{n}", "status", f"{month}-20", as_of))
    names = [r.id for r in reports]
    items = []
    for number in range(draw(st.integers(1, 5))):
        introduced = draw(st.sampled_from(names[:-1]))
        start = names.index(introduced)
        deadlines = []
        for d in range(draw(st.integers(0, 3))):
            set_at = draw(st.integers(start, len(names) - 1))
            period = draw(st.sampled_from(MONTHS))
            revisions, end = [], parse_period(period).end
            for rank in range(set_at + 1, len(names)):
                if draw(st.booleans()):
                    later = [m for m in MONTHS if parse_period(m).end > end]
                    if later:
                        new = draw(st.sampled_from(later))
                        revisions.append(Revision(names[rank], parse_period(new)))
                        end = parse_period(new).end
            outcome = None
            if draw(st.booleans()):
                rank = draw(st.integers(set_at, len(names) - 1))
                partner = draw(st.sampled_from([None, "US-CN", "US-MX"]))
                date = draw(st.sampled_from([None, *MONTHS]))
                if date is None or parse_period(date).start <= reports[rank].published.end:
                    outcome = Outcome(names[rank], parse_period(date) if date else None, partner)
            words = tuple(
                TargetWord(
                    names[rank],
                    Word(draw(st.sampled_from(["pending", "delayed", "set-aside"]))),
                    draw(st.sampled_from([None, "US-CN", "US-MX"])),
                )
                for rank in range(set_at + 1, len(names))
                if draw(st.integers(0, 3)) == 0
            )
            deadlines.append(
                Deadline(
                    f"t{d}",
                    "Target",
                    period,
                    parse_period(period),
                    names[set_at],
                    tuple(revisions),
                    outcome,
                    said=words,
                )
            )
        history = []
        for rank in range(max(start, 1), len(names)):
            if not draw(st.booleans()):
                continue
            if draw(st.booleans()):
                pairs = (
                    ("US-CN", PartnerStatus(draw(st.sampled_from(OTHER)))),
                    ("US-MX", PartnerStatus(draw(st.sampled_from(OTHER)))),
                )
                history.append(
                    StatusEntry(
                        names[rank], derive_overall(p.status for _, p in pairs), "reported", partners=pairs
                    )
                )
            else:
                history.append(StatusEntry(names[rank], draw(st.sampled_from(OTHER)), "assessed", note="n"))
        items.append(
            Item(
                f"i{number}",
                "demo",
                f"Item {number}",
                "Do it.",
                introduced,
                deadlines=tuple(deadlines),
                history=tuple(history),
            )
        )
    return Dataset("generated", tuple(reports), tuple(items))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_commands_agree_on_generated_plans(dataset: Dataset) -> None:
    check_agreement(Knowledge(dataset))


def test_generated_plans_are_valid_data() -> None:
    """The generator only makes what validation accepts: revisions move dates later, outcomes
    are dated no later than their report's publication."""

    @settings(max_examples=30, deadline=None)
    @given(plans())
    def inner(dataset: Dataset) -> None:
        for item in dataset.items:
            for d in item.deadlines:
                ends = [d.period.end, *(r.period.end for r in d.revisions)]
                assert ends == sorted(set(ends))

    inner()
    assert dt.date(2010, 1, 15) < dt.date(2013, 12, 31)


@pytest.mark.parametrize("name", ["US-MEX", "us-cn"])
def test_unknown_pairs_are_refused_everywhere(shipped: Any, name: str) -> None:
    from sbaudit.core.errors import UsageProblem

    kn = Knowledge(load_dataset(shipped))
    for call in (
        lambda: diff(kn, "2002", "2004", name),
        lambda: overdue(kn, kn.parse_date("2006-12"), partner=name),
        lambda: summary(kn, partner=name),
        lambda: list_view(kn, partner=name),
    ):
        with pytest.raises(UsageProblem, match="known: US-CN, US-MX"):
            call()
