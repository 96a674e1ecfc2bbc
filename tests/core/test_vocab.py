"""Every member of every vocabulary has its words, and every output format says them."""

from __future__ import annotations

import json

import pytest

from conftest import REPO
from sbaudit.audit.knowledge import Knowledge
from sbaudit.audit.summary import summary
from sbaudit.core.model import Problem
from sbaudit.core.vocab import (
    BlockKind,
    DeadlineSection,
    Fate,
    ItemSection,
    PassageKind,
    ProblemFormat,
    ProblemLevel,
    ReportKind,
)
from sbaudit.load.data_root import load_dataset
from sbaudit.output.formats import Block, Format, View, render
from sbaudit.output.problems import format_problems
from sbaudit.output.summary import summary_view

MEASURED = {
    Fate.MET_LATE: "late_months",
    Fate.MISSED: "overdue_months",
    Fate.PASSED_SILENT: "overdue_months",
    Fate.SLIPPED: "overdue_months",
    Fate.MOVED: "moved_months",
}


@pytest.mark.parametrize("fate", list(Fate))
def test_a_fate_has_every_word_and_a_measure_only_where_it_is_measured(fate: Fate) -> None:
    words = fate.words
    assert all([words.label, words.sentence, words.page, words.lead])
    assert words.measure == MEASURED.get(fate)
    assert ("{months}" in words.page) == (fate in MEASURED)
    assert fate.met == fate.value.startswith("met-")
    assert fate.set_aside == (fate in (Fate.SUPERSEDED, Fate.ABANDONED))


def test_sections_have_headings_and_words() -> None:
    assert all(section.heading and section.words for section in ItemSection)
    assert all(section.heading for section in DeadlineSection)
    assert len({section.heading for section in (*ItemSection, *DeadlineSection)}) == len(ItemSection) + len(
        DeadlineSection
    )


@pytest.fixture(scope="module")
def summary_of_shipped() -> View:
    kn = Knowledge(load_dataset(REPO))
    return summary_view(summary(kn), None, {})


@pytest.mark.parametrize("fmt", [Format.table, Format.markdown])
def test_every_fate_is_named_in_every_text_format(
    summary_of_shipped: View, fmt: Format, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    text = render(summary_of_shipped, fmt)
    for fate in Fate:
        assert fate.words.label in text, (fate, fmt)


def test_every_fate_is_a_column_of_the_csv(summary_of_shipped: View) -> None:
    header = render(summary_of_shipped, Format.csv).splitlines()[0].split(",")
    for fate in Fate:
        assert "deadlines_" + fate.value.replace("-", "_") in header, fate


def test_every_fate_is_a_key_of_the_json(summary_of_shipped: View) -> None:
    for row in json.loads(render(summary_of_shipped, Format.json))["rows"]:
        assert set(row["fates"]) == {fate.value for fate in Fate}


@pytest.mark.parametrize("kind", list(BlockKind))
@pytest.mark.parametrize("fmt", [Format.table, Format.markdown])
def test_every_block_kind_renders(kind: BlockKind, fmt: Format) -> None:
    view = View({}, (), document=(Block(kind, "some words", 2 if kind is BlockKind.HEADING else 1),))
    assert "some words" in render(view, fmt)


@pytest.mark.parametrize("fmt", list(ProblemFormat))
def test_every_problem_format_prints_a_problem(fmt: ProblemFormat) -> None:
    problem = Problem("plan/a.yaml", 3, 5, "a message", "a-rule", ProblemLevel.WARNING)
    text = format_problems([problem], fmt)
    assert "a message" in text and "a-rule" in text and "plan/a.yaml" in text


def test_values_are_the_data_words() -> None:
    assert [kind.value for kind in ReportKind] == ["plan", "status"]
    assert [kind.value for kind in PassageKind] == ["status", "outcome"]
    assert f"{Fate.MISSED}" == "missed" and str(DeadlineSection.SET_ASIDE) == "set-aside"
