"""Renderers: pure functions from a View (data for JSON, sections for the other formats) to text.
Each format lives in its own module, imported only when that format is asked for."""

from __future__ import annotations

import enum
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .base import Block, Section, View

__all__ = ["Block", "Format", "Section", "View", "RENDERERS", "render", "renderer"]


class Format(str, enum.Enum):
    """Output formats every listing command accepts."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


# format -> (module, function)
RENDERERS: dict[Format, tuple[str, str]] = {
    Format.table: ("table", "render_table"),
    Format.json: ("jsonout", "render_json"),
    Format.csv: ("csvout", "render_csv"),
    Format.markdown: ("markdown", "render_markdown"),
}


def __getattr__(name: str) -> Any:
    # Block, Section and View come from .base when first asked for: the command line needs only
    # Format to declare its options, and --help or --version builds no view
    if name in ("Block", "Section", "View"):
        from . import base

        return getattr(base, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def renderer(fmt: Format) -> Callable[[View], str]:
    module, function = RENDERERS[fmt]
    found: Callable[[View], str] = getattr(importlib.import_module(f".{module}", __name__), function)
    return found


def render(view: View, fmt: Format) -> str:
    return renderer(fmt)(view)
