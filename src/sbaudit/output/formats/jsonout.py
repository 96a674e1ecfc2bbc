from __future__ import annotations

from collections.abc import Iterator

from ...core.safe import json_pieces, json_text
from .base import View


def render_json(view: View) -> str:
    return json_text(view.data, end="\n")


def json_stream(view: View) -> Iterator[str]:
    """`render_json(view)` in pieces, for a writer that sends them out as they are made."""
    return json_pieces(view.data, end="\n")
