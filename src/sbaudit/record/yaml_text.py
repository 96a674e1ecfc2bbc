"""Editing YAML as text: new keys and list items written in the data files' style, and the spans of
existing nodes, so that an edit inserts or replaces exactly those lines and keeps every other byte."""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

__all__ = [
    "Edit",
    "dash_column",
    "scalar",
    "field_lines",
    "value_of",
    "line_offsets",
    "node_end",
    "item_span",
    "apply_edits",
    "numbered",
    "ends_line",
    "newline_at",
    "LINE_BREAK",
]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass
class Edit:
    """Text put in place of text[start:end] (start == end: an insertion), and the rows behind it,
    with the line (within `text`) where each row's cells stand, to point later problems at them."""

    start: int
    end: int
    text: str
    lines: list[tuple[int, int, str]] = field(default_factory=list)  # (line in text, row, column)
    # what the edit does to the parsed data: the check that the file says what it said plus this
    change: Callable[[Any], None] | None = None


# -- YAML text for new entries -------------------------------------------------------------------


def _plain_ok(value: str) -> bool:
    if not value or value != value.strip() or "\n" in value or _CONTROL.search(value):
        return False
    if re.search(r"^[-?:,\[\]{}#&*!|>'\"%@`]|: | #|:$", value):
        return False
    try:
        return yaml.safe_load(f"k: {value}") == {"k": value}
    except yaml.YAMLError:
        return False


_SURROGATES = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})")


def _astral(match: re.Match[str]) -> str:
    high, low = int(match.group(1), 16), int(match.group(2), 16)
    return f"\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08x}"


def scalar(value: str) -> str:
    """The value as a plain scalar when it reads back as itself, else double-quoted (a character
    outside the BMP as one `\\U` escape: YAML reads JSON's surrogate pairs as two characters)."""
    return value if _plain_ok(value) else _SURROGATES.sub(_astral, json.dumps(value))


def field_lines(indent: str, key: str, value: str, width: int = 100) -> list[str]:
    """`key: value`, a long value folded (`>-`) like the curators' notes when that reads back exactly."""
    line = f"{indent}{key}: {scalar(value)}"
    if (
        len(line) <= width
        or "\n" in value
        or "  " in value
        or value != value.strip()
        or _CONTROL.search(value)
    ):
        return [line]
    wrapped = textwrap.wrap(value, width - len(indent) - 2, break_long_words=False, break_on_hyphens=False)
    block = [f"{indent}{key}: >-"] + [f"{indent}  {part}" for part in wrapped]
    try:
        if yaml.safe_load(textwrap.dedent("\n".join(block))) == {key: value}:
            return block
    except yaml.YAMLError:
        pass
    return [line]


# -- locating nodes in an item file --------------------------------------------------------------


def value_of(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    for key_node, value_node in node.value:
        if key_node.value == key:
            return value_node
    return None


# the line breaks PyYAML counts lines by (its marks' line numbers)
LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def line_offsets(text: str) -> list[int]:
    offsets = [0]
    for match in LINE_BREAK.finditer(text):
        offsets.append(match.end())
    return offsets


def ends_line(text: str, offset: int) -> bool:
    """Whether text[:offset] is empty or ends with a line break."""
    return offset == 0 or text[offset - 1] in "\n\r\x85\u2028\u2029"


def newline_at(text: str, offset: int) -> str:
    """The line break for lines inserted at `offset`: the one ending the line before (else the
    file's first), so that a file with mixed line ends keeps each region's own."""
    before = text[max(0, offset - 2) : offset]
    if offset and before.endswith("\r\n"):
        return "\r\n"
    if offset and before[-1:] in ("\n", "\r"):
        return before[-1]
    first = re.search("\r\n|[\n\r]", text)
    return first.group() if first else "\n"


def node_end(node: yaml.Node, text: str, offsets: list[int]) -> int:
    """Offset just after the last line holding `node`'s text (blank lines after it excluded)."""
    # a block collection ends where the next token starts: only its last scalar ends exactly
    while (
        isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value and node.flow_style is not True
    ):
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    mark = node.end_mark
    line = mark.line if mark.column == 0 else mark.line + 1
    line = min(line, len(offsets))
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        header = LINE_BREAK.split(text[offsets[node.start_mark.line] + node.start_mark.column :], 1)[0]
        if "+" in header.split("#", 1)[0]:  # keep chomping: the trailing blank lines are its text
            return offsets[line] if line < len(offsets) else len(text)
    while line > 0 and line <= len(offsets) and _line_text(text, offsets, line - 1).strip() == "":
        line -= 1
    return offsets[line] if line < len(offsets) else len(text)


def _line_text(text: str, offsets: list[int], index: int) -> str:
    end = offsets[index + 1] if index + 1 < len(offsets) else len(text)
    return text[offsets[index] : end]


def dash_column(node: yaml.Node, text: str, offsets: list[int]) -> int:
    """The column of the `-` that opens a block sequence item (`-   key:` has it well before the key)."""
    mark = node.start_mark
    before = text[offsets[mark.line] : offsets[mark.line] + mark.column]
    dash = before.rfind("-")
    return dash if dash >= 0 else max(0, mark.column - 2)


def item_span(node: yaml.Node, text: str, offsets: list[int]) -> tuple[int, int]:
    """A block sequence item (`- key: ...`) from the start of its dash line to its end."""
    last = node.value[-1][1] if isinstance(node, yaml.MappingNode) and node.value else node
    return offsets[node.start_mark.line], node_end(last, text, offsets)


def numbered(lines: list[tuple[str, int, str]]) -> list[tuple[int, int, str]]:
    return [(index, row, column) for index, (_, row, column) in enumerate(lines)]


def apply_edits(text: str, edits: list[Edit]) -> tuple[str, list[tuple[int, int, str]]]:
    """The new text, and (line in the new text, table row, column) for every inserted line. New
    lines end as the lines around them do (CRLF files stay CRLF, CR ones CR)."""
    spans = sorted(edits, key=lambda edit: (edit.start, edit.end))
    for earlier, later in zip(spans, spans[1:], strict=False):
        if later.start < earlier.end:
            raise ValueError("overlapping edits")
    out: list[str] = []
    lines: list[tuple[int, int, str]] = []
    position = 0
    for edit in spans:
        out.append(text[position : edit.start])
        first_line = len(LINE_BREAK.findall("".join(out))) + 1
        lines += [(first_line + index, row, column) for index, row, column in edit.lines]
        out.append(edit.text.replace("\n", newline_at(text, edit.start)))
        position = edit.end
    out.append(text[position:])
    return "".join(out), lines
