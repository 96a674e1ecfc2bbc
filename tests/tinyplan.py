"""Tiny hand-made plans for the audit tests: the reports of conftest.TINY_REPORTS, p1 (plan,
2010-01-15), s1 (2011-01-10) and s2 (published 2012-01-10, statuses as of 2011-12), plus items
written from plain data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from sbaudit.audit.knowledge import Knowledge
from sbaudit.load.data_root import load_dataset


def item(
    id_: str,
    deadlines: list[dict[str, Any]] | None = None,
    history: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> tuple[str, str]:
    data: dict[str, Any] = {
        "id": id_,
        "program": extra.pop("program", "demo"),
        "title": f"Item {id_}",
        "text": "Do it.",
        "introduced": extra.pop("introduced", "p1"),
        "deadlines": deadlines or [],
        "history": history if history is not None else [],
    }
    data.update(extra)
    return f"plan/{data['program']}/{id_}.yaml", yaml.safe_dump(data, sort_keys=False)


# Targets of an item promised by s1: "open" for spring 2011, moved to 2012 by s2; "design" for
# June 2011, met on 2011-09-15; "permit" for 2011-03-01, met by s2 with no date.
BRIDGE_TARGETS: list[dict[str, Any]] = [
    {
        "id": "open",
        "what": "Bridge open",
        "due": "by spring 2011",
        "period": "2011-spring",
        "set_by": "s1",
        "revisions": [{"report": "s2", "due": "now 2012", "period": "2012"}],
    },
    {
        "id": "design",
        "what": "Design done",
        "due": "June 2011",
        "period": "2011-06",
        "set_by": "s1",
        "outcome": {"report": "s2", "date": "2011-09-15"},
    },
    {
        "id": "permit",
        "what": "Permit",
        "due": "2011-03-01",
        "period": "2011-03-01",
        "set_by": "s1",
        "outcome": {"report": "s2"},
    },
]


def entry(report: str, status: str, **extra: Any) -> dict[str, Any]:
    return {"report": report, "status": status, "basis": "assessed", "note": "Checked.", **extra}


def split(report: str, **pairs: str) -> dict[str, Any]:
    """A reported entry split by partner pair: split("s2", US_CN="completed", US_MX="delayed")."""
    return {
        "report": report,
        "basis": "reported",
        "partners": {
            name.replace("_", "-"): {"status": status, "raw": status} for name, status in pairs.items()
        },
    }


def deadline(period: str = "2011-spring", **extra: Any) -> dict[str, Any]:
    return {
        "id": extra.pop("id", "t"),
        "what": "Target",
        "due": f"by {period}",
        "period": period,
        "set_by": extra.pop("set_by", "s1"),
        **extra,
    }


def said(report: str, word: str = "pending", **extra: Any) -> dict[str, Any]:
    """A report's word on a target, as curators record it: said("s2") is "still to come" at s2."""
    return {"report": report, "word": word, "note": "Says so.", "evidence": f"{report} text", **extra}


def knowledge(make_root: Any, *items: tuple[str, str], extra: dict[str, str] | None = None) -> Knowledge:
    root: Path = make_root(dict(items) | (extra or {}), with_item=False)
    dataset = load_dataset(root)
    assert [p.format() for p in dataset.problems] == []
    return Knowledge(dataset)


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar that writes every character outside printable ASCII as an escape."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return "".join(out) + '"'
