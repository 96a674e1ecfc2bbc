"""json_text (and json_pieces, piece by piece) writes what json.dumps(indent=...,
ensure_ascii=False) writes, with the characters a terminal acts on escaped, however large the
document (indented, it is encoded piece by piece)."""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sbaudit.core.safe import json_text

_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def _expected(value: object, indent: int | None = 2) -> str:
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_TEXT = st.text(
    alphabet=st.sampled_from(["a", " ", "é", "–", "\x85", "\u202e", "\ud800", "\x1b", '"', "\\", "\n"])
)
_JSON: Any = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TEXT,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(_TEXT, inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_JSON)
def test_json_text_is_json_dumps_with_unsafe_characters_escaped(value: object) -> None:
    assert json_text(value) == _expected(value)
    assert json_text(value, end="\n") == _expected(value) + "\n"
    assert json_text(value, indent=None) == _expected(value, None)


def test_a_document_of_many_pieces_is_written_whole() -> None:
    value = [{"id": f"x-{n}", "note": "\u202e" if n % 997 == 0 else "plain", "n": n} for n in range(20000)]
    assert json_text(value, end="\n") == _expected(value) + "\n"


def test_json_pieces_are_the_text_cut_into_pieces() -> None:
    """What `sbaudit ... --format json` writes as it encodes: the same text, in more than one piece
    for a large document, each piece escaped on its own (a piece never ends inside an escape)."""
    from sbaudit.core.safe import json_pieces

    value = [
        {"id": f"x-{n}", "note": "\u202e\x85" if n % 997 == 0 else "plain", "n": n} for n in range(20000)
    ]
    pieces = list(json_pieces(value, end="\n"))
    assert len(pieces) > 1
    assert "".join(pieces) == _expected(value) + "\n"
    assert all(_UNSAFE.search(piece) is None for piece in pieces)
