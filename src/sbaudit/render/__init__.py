"""Renderers: pure functions from a View (data for JSON, sections for the other formats) to text."""

from __future__ import annotations

import enum
from collections.abc import Callable

from .base import Section, View
from .csvout import render_csv
from .jsonout import render_json
from .markdown import render_markdown
from .table import render_table

__all__ = ["Format", "Section", "View", "RENDERERS", "render"]


class Format(str, enum.Enum):
    """Output formats every listing command accepts."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


RENDERERS: dict[Format, Callable[[View], str]] = {
    Format.table: render_table,
    Format.json: render_json,
    Format.csv: render_csv,
    Format.markdown: render_markdown,
}


def render(view: View, fmt: Format) -> str:
    return RENDERERS[fmt](view)
