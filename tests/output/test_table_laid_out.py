"""Without colour, table cells are laid out by the project (each line padded to its column) and
rich only draws them: the text must be byte for byte what rich makes of the same cells itself."""

from __future__ import annotations

import io
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sbaudit.output.formats.base import Section
from sbaudit.output.formats.table import _section, _shown


def _drawn(section: Section, width: int, plain: bool) -> str:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=False,
        no_color=True,
        highlight=False,
        emoji=False,
        markup=False,
    )
    _section(console, _shown(section), width, plain)
    return buffer.getvalue()


# words of every kind a cell holds: ids, dates, numbers, prose, wide and combining characters,
# runs of spaces, line breaks, references with a slash
_WORD = st.sampled_from(
    [
        "sbap-03",
        "sbap-03/nexus-air-pilot-enrolment",
        "2004-12",
        "12",
        "3.5",
        "40%",
        "completed",
        "the",
        "Canada–US",
        "très",
        "東京",
        "e\u0301",
        "a-very-long-identifier-that-does-not-fit-anywhere-narrow",
        "",
        " ",
        "  ",
        "\n",
    ]
)
_TEXT = st.lists(_WORD, max_size=12).map(" ".join)
_CELL: Any = st.one_of(_TEXT, st.integers(-5, 5000), st.none(), st.floats(0, 100, allow_nan=False))


@st.composite
def _sections(draw: Any) -> Section:
    names = draw(
        st.lists(
            st.sampled_from(["item", "what", "due", "months", "status", "note"]),
            min_size=1,
            max_size=5,
            unique=True,
        )
    )
    rows = draw(st.lists(st.tuples(*[_CELL for _ in names]), max_size=6))
    return Section(
        title="t",
        columns=tuple(names),
        rows=tuple(rows),
        note=draw(st.sampled_from(["", "a note"])),
        prose=tuple(n for n in names if n in ("what", "note")),
        references=tuple(n for n in names if n == "item"),
        alert=tuple(n for n in names if n == "status"),
        optional=tuple(n for n in names if n == "note"),
    )


@settings(max_examples=400, deadline=None)
@given(_sections(), st.sampled_from([40, 52, 80, 100, 120, 200]))
def test_laid_out_cells_draw_as_rich_lays_them_out(section: Section, width: int) -> None:
    assert _drawn(section, width, plain=True) == _drawn(section, width, plain=False)


def test_the_shipped_tables_draw_alike() -> None:
    from sbaudit.audit.diff import diff
    from sbaudit.audit.knowledge import Knowledge
    from sbaudit.audit.overdue import overdue
    from sbaudit.load.data_root import load_dataset
    from sbaudit.load.locations import packaged_root
    from sbaudit.output.diff import diff_view
    from sbaudit.output.overdue import overdue_view

    kn = Knowledge(load_dataset(packaged_root()))
    views = [
        diff_view(diff(kn, "2002", "2004", None)),
        diff_view(diff(kn, "2004", "spp", None)),
        overdue_view(overdue(kn, kn.parse_date("2006-12"), "original", None, None)),
    ]
    for view in views:
        for section in view.sections:
            for width in (40, 60, 80, 100, 120, 160):
                assert _drawn(section, width, plain=True) == _drawn(section, width, plain=False)
