"""The sentences the page opens with: figures from the audit's rules on a tiny plan worked by hand,
and on the shipped data the figures checked against the reports once."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path
from typing import Any

from markupsafe import escape

from sbaudit.audit.knowledge import Knowledge
from sbaudit.load.data_root import load_dataset
from sbaudit.output.html.page import build_page, render_html
from tinyplan import BRIDGE_TARGETS, entry, item

# demo-01: "open" spring 2011, moved to 2012 by s2 (as of 2011-12) only after it had passed: a
# slip; "design" June 2011, done 2011-09-15 (late); "permit" 2011-03-01, said done by s2 with no
# date (s1 as of 2011-01-10 to s2 as of 2011-12: straddles the date, so undecided). demo-02:
# "plan" June 2011, done 2011-05-01 (on time); "test" September 2011, which s2 (as of 2011-12)
# still labels On track: passed unmet by s2's word.
PLAN = dict(
    [
        item(
            "demo-01",
            BRIDGE_TARGETS,
            [entry("s1", "initiated"), entry("s2", "partially-completed")],
        ),
        item(
            "demo-02",
            [
                {
                    "id": "plan",
                    "what": "Plan written",
                    "due": "June 2011",
                    "period": "2011-06",
                    "set_by": "s1",
                    "outcome": {"report": "s2", "date": "2011-05-01"},
                },
                {
                    "id": "test",
                    "what": "Tested",
                    "due": "September 2011",
                    "period": "2011-09",
                    "set_by": "s1",
                },
            ],
            [
                {
                    "report": "s2",
                    "status": "on-track",
                    "basis": "reported",
                    "raw": "On track",
                    "note": "Said so.",
                }
            ],
        ),
    ]
)


def _page(make_root: Any, as_of: str) -> Any:
    dataset = load_dataset(make_root(PLAN, with_item=False))
    assert [p.format() for p in dataset.problems] == []
    kn = Knowledge(dataset)
    return build_page(kn, kn.parse_date(as_of))


def test_findings_on_a_tiny_plan(make_root: Any) -> None:
    page = _page(make_root, "2012-01-10")
    texts: dict[str, list[str]] = {f.kind: [] for f in page.programs[0].findings}
    for finding in page.programs[0].findings:
        texts[finding.kind].append(finding.text)
    # at s2 a report's word settles: on time (plan), late (design), passed unmet (test), re-dated
    # after it passed (open): 1 of 4, 25%
    assert texts["on-time"] == [
        "DEMO, at report s2 (statuses as of 2011-12): 1 of the 4 dated promises whose timing a report's "
        "word settles was met on time (25%); 1 was met late, 1 had passed unmet as a report after the "
        "date says and 1 was re-dated only after the date had passed. Of the other 1: 1 met on a date "
        "the reports do not pin down."
    ]
    # spring 2011 ends 2011-05-31: to 2012-01-10 is 7 months and 10 days, so 7; design: June 2011
    # ends 2011-06-30, done 2011-09-15: 2 months and 16 days, so 3
    assert texts["slips"] == [
        "DEMO, as of 2012-01-10: 1 date was 7 months past the original date with no report by then "
        "saying it was done: demo-01/open (Bridge open), first due 2011-spring, since moved to 2012 "
        "by report s2 (report s2 gives it a new date).",
        "DEMO, met the longest after the original date as known at report s2: 3 months late: "
        "demo-01/design (Design done), due 2011-06, done 2011-09-15 (report s2).",
    ]
    assert texts["bases"] == [
        "DEMO: 2 of 3 statuses are assessed, where the report gives no label (the note beside each "
        "under Every item names the facts that decided it); the others are the labels the reports print."
    ]
    # demo-02/test is on track per s2 after its date, but as of 2012-01-10 it is only 3 months
    # overdue and listed; see the next test for the sentence
    assert len(texts["on-track-late"]) == 1


def test_a_date_called_on_track_after_it_passed_is_a_finding(make_root: Any) -> None:
    """demo-02's "test" (September 2011) was called on track by s2, as of December 2011."""
    page = _page(make_root, "2012-03")
    [finding] = [f for f in page.programs[0].findings if f.kind == "on-track-late"]
    assert finding.text == (
        "DEMO: 1 date overdue or falling due as of 2012-03 was still called on track by a report "
        "after the date had passed: demo-02/test (date 2011-09, on track per report s2)."
    )


def test_before_any_status_report_there_is_no_rate(make_root: Any) -> None:
    page = _page(make_root, "2010-06")
    assert [f.kind for f in page.programs[0].findings] == ["bases"]


def _opening(html: str) -> str:
    """The findings section as text: everything before the first section of the body."""
    start = html.index('<section class="findings"')
    part = html[start : html.index("</section>", start)]
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", part)))


def test_the_page_opens_with_the_findings_on_the_shipped_data(shipped: Path) -> None:
    kn = Knowledge(load_dataset(shipped))
    html = render_html(build_page(kn, kn.parse_date("2006-12")))
    # the findings come before the cards, the contents and every section
    assert html.index('<section class="findings"') < html.index('class="cards"') < html.index("<main>")
    text = _opening(html)
    # summary 2004: met on time 1, met late 4, passed unmet by the 2004 report's word 3 -> 1 of 8;
    # the 3 that passed with no word since are named apart. spp-2006: 4 of 4 + 12 + 7 re-dated late
    assert (
        "Smart Border Action Plan, at report 2004 (statuses as of 2004-12-17): 1 of the 8 dated "
        "promises whose timing a report's word settles was met on time (13%); 4 were met late and 3 had "
        "passed unmet as a report after the date says." in text
    )
    assert "3 passed with no report's word since, so their timing is not known" in text
    assert (
        "Security and Prosperity Partnership, at report spp-2006 (statuses as of 2006-06): 4 of the 23 "
        "dated promises whose timing a report's word settles were met on time (17%)" in text
    )
    # early 2003 and April 2003 both end 2003-04-30: 44 months before 2006-12-31
    assert "Smart Border Action Plan, as of 2006-12: 2 dates were 44 months past the original date" in text
    assert (
        "sbap-21/cip-steering-committee-next-meeting" in text and "sbap-24/northstar-winnipeg-meeting" in text
    )
    # both rest on silence, and the page says so
    assert "first due 2003-early (no report's word since)" in text
    # the NEXUS-Air pilot, due April 2003, began 2004-11-30: 19 months late
    assert "sbap-03/nexus-air-pilot-enrolment" in text and "19 months late" in text
    assert "5 dates overdue or falling due as of 2006-12 were still called on track" in text
    assert "spp-aviation-security-02/ifso-standards (date 2005-12, on track per report spp-2006)" in text
    # "assessed" is explained where it first appears
    first = text.index("assessed")
    assert text[first - len("Reported or ") :].startswith(
        "Reported or assessed Smart Border Action Plan: every status (62) is assessed, since its "
        "reports give no status labels: each is the curators' judgement from the narrative"
    )
    assert "Assessed and reported : an assessed status is the curators' judgement" in text
    assert html.index("assessed") > html.index('<section class="findings"')


def test_every_note_is_printed_in_the_page(shipped: Path) -> None:
    dataset = load_dataset(shipped)
    kn = Knowledge(dataset)
    html = render_html(build_page(kn, kn.parse_date("2006-12")))
    notes = [entry.note for item in dataset.items for entry in item.history if entry.note]
    assert len(notes) == 168
    for note in notes:
        assert f'<p class="note">{escape(note)}</p>' in html, note[:60]
    assert "<li title=" not in html  # the notes were once only in tooltips
    # and the notes on dated targets, their revisions and outcomes, under each strip
    deadlines = [d for item in dataset.items for d in item.deadlines]
    others = [
        *(f"<code>{escape(d.id)}</code>: {escape(d.note)}</p>" for d in deadlines if d.note),
        *(f"Moved by {r.report}: {escape(r.note)}</p>" for d in deadlines for r in d.revisions if r.note),
        *(
            f"Met, per {d.outcome.report}: {escape(d.outcome.note)}</p>"
            for d in deadlines
            if d.outcome is not None and d.outcome.note
        ),
    ]
    assert len(others) == 26
    for note in others:
        assert note in html, note[:80]
