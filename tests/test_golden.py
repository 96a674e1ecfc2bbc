"""Answers on the shipped dataset, each checked by hand against the source documents
(shared seeds): the 2002 and 2004 Smart Border status reports and the 2006 SPP status page."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from sbaudit.dataset import load_dataset
from sbaudit.diff import diff
from sbaudit.overdue import overdue
from sbaudit.timeline import Timeline


@pytest.fixture(scope="module")
def tl() -> Timeline:
    from sbaudit.locations import packaged_root

    dataset = load_dataset(packaged_root(), use_cache=False)
    assert [p.format() for p in dataset.problems] == []
    return Timeline(dataset)


def test_counts(tl: Timeline) -> None:
    programs = Counter(item.program for item in tl.dataset.items)
    assert programs == {"smart-border": 32, "spp": 106}
    assert sorted(i.number for i in tl.dataset.items if i.program == "smart-border") == list(range(1, 33))
    areas = Counter(item.group_value("area") for item in tl.dataset.items if item.program == "spp")
    assert areas == {
        "Traveller Security": 12, "Cargo Security": 14, "Bioprotection": 20, "Aviation Security": 6,
        "Maritime Security": 8, "Law Enforcement Cooperation": 14, "Intelligence Cooperation": 3,
        "Protection, Prevention and Response": 10, "Border Facilitation": 15,
        "Science and Technology Cooperation": 4,
    }


def test_items_31_and_32_joined_in_2002(tl: Timeline) -> None:
    for number in (31, 32):
        item = tl.items[f"sbap-{number}"]
        assert item.introduced == "2002"
        assert [e.report for e in item.history] == ["2004"]


def test_diff_2002_2004_late_targets(tl: Timeline) -> None:
    result = diff(tl, "2002", "2004")
    slips = {(s.item.id, s.target): s for s in result.slipped}
    # 2002: automated API/PNR sharing "by Spring 2003"; 2004: first phase on August 10, 2004
    api = slips[("sbap-08", "api-pnr-automated-sharing")]
    assert (api.kind, api.old, api.done, api.slip_months) == ("late", "2003-spring", "2004-08-10", 14)
    # 2002: NEXUS-Air enrolment from April 2003 (Ottawa, Dorval); 2004: pilot began 2004-11-30 at Vancouver
    air = slips[("sbap-03", "nexus-air-pilot-enrolment")]
    assert (air.kind, air.old, air.done, air.slip_months) == ("late", "2003-04", "2004-11-30", 19)
    # 2002: NAFTA data agreement "will be signed in March 2003"; 2004: signed April 23, 2003
    nafta = slips[("sbap-17", "nafta-data-agreement-signed")]
    assert (nafta.kind, nafta.done, nafta.slip_months) == ("late", "2003-04-23", 1)
    assert [c.item.id for c in result.new] == ["sbap-31", "sbap-32"]
    assert result.a.id == "2002" and result.b.id == "2004"


def test_diff_2004_spp_revisions_and_hand_over(tl: Timeline) -> None:
    result = diff(tl, "2004", "spp")
    assert result.b.id == "spp-2006"
    revised = {(s.item.id, s.partner): s for s in result.slipped if s.kind == "revised"}
    # "Within 6 months (December 2005)" ... "Delayed to December 2007"
    vaccine = revised[("spp-bioprotection-07", None)]
    assert (vaccine.old, vaccine.new, vaccine.slip_months) == ("2005-12", "2007-12", 24)
    # land preclearance: December 2005, "Initiated, Negotiations Completed by Fall 2006"
    preclear = revised[("spp-border-facilitation-07", None)]
    assert (preclear.old, preclear.new, preclear.slip_months) == ("2005-12", "2006-fall", 11)
    # biometrics: June 2006; "US-CN: Partially Completed, Finished Fall 2006"
    bio = revised[("spp-traveller-security-01", "US-CN")]
    assert (bio.old, bio.new, bio.slip_months) == ("2006-06", "2006-fall", 5)
    continued = {c.item.id: dict(c.successors) for c in result.continued}
    assert continued["sbap-01"] == {"spp-traveller-security-01": "initiated"}
    assert len(result.new) == 106


def test_partner_splits(tl: Timeline) -> None:
    entry = tl.items["spp-traveller-security-12"].history[-1]
    assert dict((k, v.status) for k, v in entry.partners) == {"US-CN": "initiated", "US-MX": "delayed"}
    assert entry.status == "delayed"
    first = tl.items["spp-traveller-security-01"].history[-1]
    assert dict((k, v.raw) for k, v in first.partners) == {
        "US-CN": "Partially Completed, Finished Fall 2006", "US-MX": "Initiated"}


def test_overdue_as_of_2006_12(tl: Timeline) -> None:
    result = overdue(tl, tl.parse_date("2006-12"))
    assert result.reports == ["2001", "2002", "2004", "spp-2005", "spp-2006"]
    rows = {(r.item.id, r.target, r.partner): r for r in result.overdue}
    vaccine = rows[("spp-bioprotection-07", "evaluation", None)]
    assert (vaccine.original.canonical, vaccine.current.canonical, vaccine.months, vaccine.status) == (
        "2005-12", "2007-12", 12, "delayed")
    # split statuses give one row per partner pair
    assert rows[("spp-traveller-security-01", "recommendations", "US-CN")].status == "partially-completed"
    assert rows[("spp-traveller-security-01", "recommendations", "US-MX")].status == "initiated"
    # 2002 promise of NEXUS at all high-volume crossings by the end of 2003, never reported done
    assert rows[("sbap-03", "nexus-all-high-volume-crossings", None)].months == 36
    # milestones without a date are never overdue
    undated = {i.id for i in tl.dataset.items if not i.deadlines}
    assert "spp-science-technology-01" in undated
    assert not undated & {key[0] for key in rows}
    months = [r.months for r in result.overdue]
    assert months == sorted(months, reverse=True)


def test_shipped_files_point_at_their_schema(shipped: Path) -> None:
    for path in list((shipped / "plan").rglob("*.yaml")) + list((shipped / "reports").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target.is_file(), path


def test_partner_filter_leaves_out_programs_that_never_name_the_pair(tl: Timeline) -> None:
    rows = overdue(tl, tl.parse_date("2006-12"), partner="US-MX").overdue
    assert rows and {r.item.program for r in rows} == {"spp"}
    # unsplit SPP milestones concern every pair: judged by their overall status
    assert any(r.item.id == "spp-bioprotection-07" for r in rows)
    # split ones by the pair's own status: US-CN completed, US-MX delayed
    [export] = [r for r in rows if r.item.id == "spp-cargo-security-10"]
    assert export.status == "delayed"
    assert not any(r.item.id == "spp-cargo-security-10" for r in overdue(tl, tl.parse_date("2006-12"), partner="US-CN").overdue)
