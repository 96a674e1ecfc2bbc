"""An item outside a partial report's coverage is "not covered" by it in list JSON and on the page,
never shown with the status an earlier report gave it."""

from __future__ import annotations

from typing import Any

from sbaudit.output.html.page import build_page, render_html
from sbaudit.output.listing import list_view
from tinyplan import entry, item, knowledge

NARROW = (
    "id: s2\nprogram: demo\nkind: status\ntitle: Interim\npublished: '2012-01-10'\nas_of: '2011-12'\n"
    "covers: {items: [b]}\n"
)


def _kn(make_root: Any) -> Any:
    return knowledge(
        make_root,
        item("a", history=[entry("s1", "not-started")]),
        item("b", history=[entry("s1", "on-track"), entry("s2", "initiated")]),
        extra={"reports/s2.yaml": NARROW},
    )


def test_list_json_names_the_report_that_does_not_cover_an_item(make_root: Any) -> None:
    rows = {row["id"]: row for row in list_view(_kn(make_root)).data["items"]}  # type: ignore[index]
    assert (rows["a"]["covered_by"], rows["a"]["not_covered_by"]) == (None, "s2")
    assert (rows["b"]["covered_by"], rows["b"]["not_covered_by"]) == ("s2", None)


def test_the_page_counts_an_item_outside_the_report_as_not_covered(make_root: Any) -> None:
    kn = _kn(make_root)
    page = build_page(kn, kn.parse_date("2012-01"))
    [at_s1, at_s2] = [bar.row for program in page.programs for bar in program.bars]
    assert at_s1.statuses == {"not-started": 1, "on-track": 1}
    assert at_s2.statuses == {"initiated": 1, "not-covered": 1}  # a: s2 says nothing of it, by design
    assert "not-covered" in render_html(page)
