"""Neutralise text that comes from data files and file names before any output shows it.

Nothing a data file or a file name holds may reach a terminal raw, start a spreadsheet formula,
forge a GitHub annotation or change the structure of a Markdown document. Every output format
passes its text through one of these functions; each keeps ordinary text as it is."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .model import Problem

__all__ = [
    "CELL_LIMIT",
    "MESSAGE_LIMIT",
    "PROSE_LIMIT",
    "QUOTE_LIMIT",
    "UNSAFE",
    "csv_cell",
    "cap",
    "github_message",
    "github_property",
    "json_pieces",
    "json_text",
    "markdown_text",
    "message",
    "problem",
    "visible",
]

# Characters a terminal (or a log viewer) may act on rather than show: C0 controls, DEL, C1
# controls (0x9b is a one-byte CSI), the bidirectional overrides and isolates that reorder what is
# shown, the Unicode line and paragraph separators, and lone surrogates (how Python carries the
# bytes of a file name that is not UTF-8).
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_BUT_NEWLINE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """A pattern only some outputs use, compiled when first used (not by every command at start)."""
    return re.compile(pattern)


def _escape_one(found: re.Match[str]) -> str:
    char = found.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str, keep_newlines: bool = False) -> str:
    """`text` with every character in UNSAFE written as a visible escape (ESC as `\\x1b`, a
    right-to-left override as `\\u202e`); newlines kept when asked (multi-line table cells)."""
    pattern = _UNSAFE_BUT_NEWLINE if keep_newlines else UNSAFE
    return pattern.sub(_escape_one, text)


# -- lengths ----------------------------------------------------------------------------------

QUOTE_LIMIT = 60  # characters of a quoted value a message shows
MESSAGE_LIMIT = 400  # characters of a message in all
CELL_LIMIT = 1000  # characters of a cell a terminal table shows
PROSE_LIMIT = 5000  # characters of a paragraph a terminal document shows

# a Python repr of a string, as messages quote values: it never holds a raw line break, it starts
# after a space or an opening bracket and is not followed by a letter or digit (an apostrophe in
# prose, or a quote some message left open, is not taken for one)
_QUOTED = r"""(?<![\w'"])(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")(?!\w)"""


def cap(text: str, limit: int) -> str:
    """At most `limit` characters of `text`, saying how long it was when cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text)} characters)"


def _short_quote(found: re.Match[str]) -> str:
    quoted = found.group()
    if len(quoted) <= QUOTE_LIMIT + 2:
        return quoted
    return f"{quoted[: QUOTE_LIMIT + 1]}...{quoted[-1]} ({len(quoted) - 2} characters)"


def _shorten(text: str) -> str:
    if len(text) > QUOTE_LIMIT + 2:
        text = _compiled(_QUOTED).sub(_short_quote, text)
    if len(text) > MESSAGE_LIMIT:
        text = text[:MESSAGE_LIMIT] + "..."
    return text


def message(text: str) -> str:
    """A diagnostic as shown: every quoted value cut to a short excerpt, the whole bounded, and
    nothing a terminal would act on."""
    return visible(_shorten(text))


def problem(found: Problem) -> Problem:
    """A problem with its path, message and rule made safe to print."""
    return found._replace(path=visible(found.path), message=message(found.message), rule=visible(found.rule))


# -- formats ----------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str | int | float | None) -> str | int | float:
    """A CSV cell: control characters escaped (line breaks stay, the writer quotes them) and, as
    OWASP recommends against formula injection, text that starts with = + - @ tab or CR gets a
    leading apostrophe so that a spreadsheet shows it as text. Numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    shown = visible(text, keep_newlines=True)
    return "'" + shown if text.startswith(_FORMULA_START) or shown.startswith(_FORMULA_START) else shown


_MARKDOWN_SPECIAL = r"[\\`*_\[\]<>&|~]"
_MARKDOWN_ENTITY = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_LINE_BREAK = "\r\n|[\r\n]"


_BLOCK_START = r"^(?:[-+=#]|\d{1,9}(?=[.)]))"
# a run of # at the end of a heading closes it (and is dropped): kept by escaping each #
_CLOSING_HASHES = r"(?:(?<=\s)|^)(#+)(\s*)$"


def markdown_text(text: str, line_start: bool = False) -> str:
    """Text for one line of Markdown (a heading, a table cell, a paragraph or a list entry): line
    breaks become spaces, so a row cannot split; `<`, `>` and `&` become entities (no raw HTML);
    the punctuation Markdown acts on is backslash-escaped (no links, images, emphasis, code or
    pipes that end a cell), and so is a run of # that would close a heading. At the start of a
    line (`line_start`), leading spaces go (no code block), a mark that would open a heading or a
    list, or underline a heading, is escaped, and an empty text is written as a space entity."""
    text = visible(_compiled(_LINE_BREAK).sub(" ", text))
    text = _compiled(_MARKDOWN_SPECIAL).sub(
        lambda found: _MARKDOWN_ENTITY.get(found.group(), "\\" + found.group()), text
    )
    text = _compiled(_CLOSING_HASHES).sub(lambda found: "\\#" * len(found.group(1)) + found.group(2), text)
    if line_start:
        text = text.lstrip(" ")
        if not text:  # an empty list entry would turn a "-" into a heading's underline
            return "&#32;"
        found = _compiled(_BLOCK_START).match(text)
        if found:
            end = found.end()
            text = text[:end] + "\\" + text[end:] if text[:1].isdigit() else "\\" + text
    return text


def github_message(text: str) -> str:
    """The message of a workflow command: % CR LF encoded as GitHub's runner decodes them."""
    text = _shorten(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return visible(text)


def github_property(text: str) -> str:
    """A property value of a workflow command (file=, title=): also ':' and ','."""
    encoded = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return visible(encoded.replace(":", "%3A").replace(",", "%2C"))


_JSON_UNSAFE = "[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"


def _json_escape(found: re.Match[str]) -> str:
    return f"\\u{ord(found.group()):04x}"


def json_text(value: object, indent: int | None = 2, end: str = "") -> str:
    """JSON that keeps every string exactly (non-ASCII as UTF-8) but writes the characters a
    terminal acts on as \\u escapes: json.dumps already escapes C0 controls, not DEL, C1 or the
    bidirectional controls. Lone surrogates are escaped too. `end` is written after it.

    The text is what json.dumps(value, indent=indent, ensure_ascii=False) gives (`json_pieces`
    gives it piece by piece). Without indent json.dumps' C encoder does it whole, faster."""
    import json  # only the commands that write JSON

    if indent is None:
        return _compiled(_JSON_UNSAFE).sub(_json_escape, json.dumps(value, ensure_ascii=False)) + end
    return "".join(json_pieces(value, indent, end))


def json_pieces(value: object, indent: int = 2, end: str = "") -> Iterator[str]:
    """`json_text(value, indent, end)` in pieces of a few thousand of the encoder's own, each
    escaped: a writer can send a large document out as it is made instead of holding its text."""
    import json

    batch: list[str] = []
    escape = _compiled(_JSON_UNSAFE).sub
    for chunk in json.JSONEncoder(ensure_ascii=False, indent=indent).iterencode(value):
        batch.append(chunk)
        if len(batch) >= 8192:  # each character is escaped on its own: any cut between pieces is safe
            yield escape(_json_escape, "".join(batch))
            batch.clear()
    yield escape(_json_escape, "".join(batch)) + end
