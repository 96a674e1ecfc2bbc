"""At every width people use, no identifier, date, number or status word is split across lines
in the table output of the shipped data."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

from sbaudit.audit.diff import diff
from sbaudit.audit.knowledge import Knowledge
from sbaudit.audit.overdue import overdue
from sbaudit.audit.summary import summary
from sbaudit.load.data_root import load_dataset
from sbaudit.output.diff import diff_view
from sbaudit.output.formats import View
from sbaudit.output.formats.base import cell_text
from sbaudit.output.formats.layout import plan
from sbaudit.output.formats.table import render_table
from sbaudit.output.listing import list_view, reports_view
from sbaudit.output.overdue import overdue_view
from sbaudit.output.show import show_view
from sbaudit.output.summary import summary_view


@pytest.fixture(scope="module")
def kn(shipped: Any) -> Knowledge:
    return Knowledge(load_dataset(shipped))


@pytest.fixture(scope="module")
def shipped() -> Any:  # module scope for the module-scoped knowledge
    from sbaudit.load.locations import packaged_root

    return packaged_root()


VIEWS = {
    "diff 2002 2004": lambda kn: diff_view(diff(kn, "2002", "2004")),
    "diff 2004 spp": lambda kn: diff_view(diff(kn, "2004", "spp")),
    "overdue --as-of 2006-12": lambda kn: overdue_view(overdue(kn, kn.parse_date("2006-12"))),
    "summary": lambda kn: summary_view(summary(kn), None),
    "summary --by area": lambda kn: summary_view(summary(kn, by="area"), "area"),
    "list": lambda kn: list_view(kn),
    "reports": lambda kn: reports_view(kn.dataset),
}


def words(view: View, width: int) -> Counter[str]:
    """Every word of every cell shown that a reader must find whole: identifiers (each part of
    an item/target reference), dates, numbers and status words; prose is left out, and so are
    the optional columns the table leaves out at this width."""
    found: Counter[str] = Counter()
    for section in view.sections:
        fitted = plan(section, width)
        shown = fitted.shown if fitted is not None else range(len(section.columns))
        kept = [i for i in shown if section.columns[i] not in section.prose]
        for row in section.rows:
            for index in kept:
                for word in cell_text(row[index]).replace("/", " ").replace(",", " ").split():
                    if re.fullmatch(r"[\w.%()-]+", word) and len(word) > 1:
                        found[word.strip("()")] += 1
    return found


def occurrences(text: str, word: str) -> int:
    return len(re.findall(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text))


@pytest.mark.parametrize("width", [60, 80, 100, 160])
@pytest.mark.parametrize("name", list(VIEWS))
def test_no_word_is_split(kn: Knowledge, name: str, width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    view = VIEWS[name](kn)
    out = render_table(view)
    assert max(len(line) for line in out.splitlines()) <= width
    for word, count in words(view, width).items():
        assert occurrences(out, word) >= count, (word, width)


def test_the_check_can_fail() -> None:
    # a reference cut inside a name is caught
    view = View(None, ())
    assert occurrences("sbap-03/nexus-air-\npilot-enrolment", "nexus-air-pilot-enrolment") == 0
    assert view.sections == ()


@pytest.mark.parametrize("width", [60, 80, 100, 160])
def test_show_keeps_every_deadline_id_whole(
    kn: Knowledge, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    out = render_table(show_view(kn, "sbap-03"))
    for deadline in kn.items["sbap-03"].deadlines:
        assert occurrences(out, deadline.id) >= 1, deadline.id
    assert max(len(line) for line in out.splitlines() if " " in line.strip()) <= width


def test_show_item_target_tells_only_that_deadline(kn: Knowledge) -> None:
    out = render_table(show_view(kn, "sbap-03/nexus-air-pilot-enrolment"))
    others = [d.id for d in kn.items["sbap-03"].deadlines if d.id != "nexus-air-pilot-enrolment"]
    assert "nexus-air-pilot-enrolment" in out and not any(other in out for other in others)
    assert "19 months late" in out  # April 2003 to 2004-11-30
