"""Arbitrary text (control characters included) in every string field of a valid item, through
every command and format: no traceback, no raw control character on stdout or stderr, every CSV
cell safe, every Markdown table row intact and no Markdown structure made by the data (issue 13)."""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import re
import tempfile
import textwrap
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from conftest import TINY_REPORTS
from sbaudit.cli import app
from tinyplan import yaml_quote

runner = CliRunner()

RAW_CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")

# A valid item that uses every field the schema has.
ITEM: dict[str, Any] = {
    "id": "demo-01",
    "program": "demo",
    "number": 1,
    "title": "Build the bridge",
    "aliases": ["The bridge"],
    "text": "Build the bridge.",
    "group": {"pillar": "Infrastructure"},
    "introduced": "p1",
    "source": "Plan, item 1",
    "continues": [],
    "deadlines": [
        {
            "id": "open",
            "what": "Bridge open",
            "due": "by spring 2011",
            "period": "2011-spring",
            "set_by": "s1",
            "evidence": "Plan, item 1",
            "note": "First date.",
            "revisions": [
                {
                    "report": "s2",
                    "due": "by spring 2012",
                    "period": "2012-spring",
                    "partner": "US-CN",
                    "note": "Moved.",
                    "evidence": "Second report",
                }
            ],
            "outcome": {
                "report": "s2",
                "date": "2011-06",
                "partner": "US-MX",
                "note": "Opened.",
                "evidence": "Second report",
            },
        }
    ],
    "history": [
        {
            "report": "s1",
            "status": "initiated",
            "basis": "reported",
            "raw": "Initiated",
            "note": "Work began.",
            "evidence": "First report",
        },
        {
            "report": "s2",
            "basis": "reported",
            "partners": {
                "US-CN": {"status": "completed", "raw": "Completed"},
                "US-MX": {"status": "initiated", "raw": "Initiated"},
            },
            "note": "Half done.",
            "evidence": "Second report",
        },
    ],
}

Where = tuple[str | int, ...]
# every string field that takes free text
FREE_TEXT: list[Where] = [
    ("title",),
    ("aliases", 0),
    ("text",),
    ("group", "pillar"),
    ("source",),
    ("deadlines", 0, "what"),
    ("deadlines", 0, "due"),
    ("deadlines", 0, "evidence"),
    ("deadlines", 0, "note"),
    ("deadlines", 0, "revisions", 0, "due"),
    ("deadlines", 0, "revisions", 0, "note"),
    ("deadlines", 0, "revisions", 0, "evidence"),
    ("deadlines", 0, "outcome", "note"),
    ("deadlines", 0, "outcome", "evidence"),
    ("history", 0, "note"),
    ("history", 0, "evidence"),
    ("history", 1, "note"),
    ("history", 1, "evidence"),
]
# string fields with a grammar (ids, report names, periods, statuses, status labels): text there
# makes a problem
STRUCTURED: list[Where] = [
    ("history", 0, "raw"),
    ("history", 1, "partners", "US-CN", "raw"),
    ("id",),
    ("program",),
    ("introduced",),
    ("deadlines", 0, "id"),
    ("deadlines", 0, "period"),
    ("deadlines", 0, "set_by"),
    ("deadlines", 0, "revisions", 0, "report"),
    ("deadlines", 0, "revisions", 0, "period"),
    ("deadlines", 0, "revisions", 0, "partner"),
    ("deadlines", 0, "outcome", "report"),
    ("deadlines", 0, "outcome", "date"),
    ("history", 0, "report"),
    ("history", 0, "status"),
    ("history", 1, "basis"),
]

PIECES = [
    "\x1b[2J",
    "\x1b]0;title\x07",
    "\x1b]8;;http://x.invalid\x1b\\",
    "\x9b31m",
    "\x00",
    "\x7f",
    "\r",
    "\n",
    "\t",
    "\u202e",
    "\u2028",
    "|",
    "\\",
    "\\|",
    "<script>",
    "&amp;",
    "=",
    "+",
    "-",
    "@",
    "#",
    "`",
    "*",
    "_",
    "[x](y)",
    "![i](http://x.invalid/p.png)",
    "'",
    '"',
    "%",
    ":",
    ",",
    "::error file=a::b",
    "1. ",
    "    ",
    "---",
    "\x85",
]
# lone surrogates are left out: no UTF-8 file can hold one (the YAML reader refuses the escape)
hostile = st.lists(
    st.sampled_from(PIECES) | st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12
).map("".join)


def _set(data: dict[str, Any], where: Where, value: str) -> None:
    node: Any = data
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value


def _yaml(value: object) -> str:
    """Flow-style YAML with every string double-quoted: any character can be written as an escape."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_yaml(k)}: {_yaml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    if isinstance(value, str):
        return yaml_quote(value)
    return str(value).lower() if isinstance(value, bool) else str(value)


FORMATS = ("table", "json", "csv", "markdown")
COMMANDS = [
    ["list"],
    ["show", "demo-01"],
    ["diff", "s1", "s2"],
    ["overdue", "--as-of", "2012-12"],
    ["summary"],
    ["reports"],
]


def _invoke(args: list[str]) -> Result:
    result = runner.invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        repr(result.exception),
    )
    assert "Traceback" not in result.output
    assert not RAW_CONTROL.search(result.stdout), (args, result.stdout)
    assert not RAW_CONTROL.search(result.stderr), (args, result.stderr)
    return result


def _check_csv(text: str) -> None:
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert not cell.startswith(FORMULA_START) or NUMBER.fullmatch(cell), cell


def _pipes(row: str) -> int:
    return len(re.findall(r"(?<!\\)\|", row))


def _check_markdown(text: str) -> None:
    from markdown_it import MarkdownIt

    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("|---"):  # a table's delimiter row: the header above, the rows below
            width = _pipes(lines[index - 1])
            assert line == "|" + "---|" * (width - 1)
            for row in lines[index + 1 :]:
                if not row.startswith("|"):
                    break
                assert _pipes(row) == width and row.endswith(" |"), row
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    kinds = {token.type for token in tokens} | {
        child.type for token in tokens if token.children for child in token.children
    }
    assert not kinds & {"html_block", "html_inline", "link_open", "image", "code_block", "fence", "hr"}, kinds
    headings = [token for token in tokens if token.type == "heading_open"]
    assert len(headings) == sum(1 for line in lines if line.startswith("#")), text  # no setext heading either


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.fixed_dictionaries({where: hostile for where in FREE_TEXT}),
    st.none() | st.tuples(st.sampled_from(STRUCTURED), hostile),
)
def test_any_text_in_any_field(texts: dict[Where, str], broken: tuple[Where, str] | None) -> None:
    data = copy.deepcopy(ITEM)
    for where, value in texts.items():
        _set(data, where, value)
    if broken is not None:
        _set(data, *broken)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, content in TINY_REPORTS.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(textwrap.dedent(content), encoding="utf-8")
        (root / "plan" / "demo").mkdir(parents=True)
        (root / "plan" / "demo" / "demo-01.yaml").write_text(_yaml(data) + "\n", encoding="utf-8")
        valid = None
        for fmt in ("parsable", "json", "github"):
            checked = _invoke(["validate", "--data", folder, "--format", fmt])
            valid = checked.exit_code == 0
        if broken is None:
            assert valid, checked.stdout  # free text never makes the data invalid
        for command in COMMANDS:
            for fmt in FORMATS:
                result = _invoke([*command, "--data", folder, "--format", fmt])
                assert result.exit_code == (0 if valid else 1), (command, fmt, result.output)
                if fmt == "csv":
                    _check_csv(result.stdout)
                elif fmt == "markdown":
                    _check_markdown(result.stdout)
        page = _invoke(["report", "--data", folder, "--html", str(root / "audit.html"), "--as-of", "2012-12"])
        assert page.exit_code == (0 if valid else 1)
        (root / "sources").mkdir()  # no source text: every fact is reported as not found
        for fmt in ("parsable", "json"):
            _invoke(["verify", "--data", folder, "--sources", str(root / "sources"), "--format", fmt])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(min_size=1, max_size=16).filter(lambda name: b"/" not in name and b"\0" not in name))
def test_any_file_name(name: bytes) -> None:
    """A data file under any name the file system allows (bytes that are not UTF-8, control
    characters, newlines, annotation syntax): diagnostics name it escaped, one line per problem."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for report, content in TINY_REPORTS.items():
            (root / report).parent.mkdir(parents=True, exist_ok=True)
            (root / report).write_text(textwrap.dedent(content), encoding="utf-8")
        (root / "plan" / "demo").mkdir(parents=True)
        data = copy.deepcopy(ITEM)
        data["id"] = "demo-02"
        (root / "plan" / "demo" / os.fsdecode(name + b".yaml")).write_text(
            _yaml(data) + "\n", encoding="utf-8"
        )
        problems = json.loads(_invoke(["validate", "--data", folder, "--format", "json"]).stdout)["problems"]
        assert problems and all(problem["rule"] == "file-name" for problem in problems)
        parsable = _invoke(["validate", "--data", folder]).stdout
        assert len(parsable.splitlines()) == len(problems)
        github = _invoke(["validate", "--data", folder, "--format", "github"]).stdout.splitlines()
        assert len(github) == len(problems) and all(line.startswith("::error file=") for line in github)
        for fmt in FORMATS:
            assert _invoke(["list", "--data", folder, "--format", fmt]).exit_code == 1
