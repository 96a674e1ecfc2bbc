from __future__ import annotations

from ...core.safe import markdown_text as _escape
from ...core.vocab import BlockKind, assert_never
from .base import Block, View, cell_text


def _block(block: Block) -> list[str]:
    if block.kind is BlockKind.HEADING:
        return ["#" * block.level + " " + _escape(block.text), ""]
    if block.kind is BlockKind.ENTRY:
        return ["  " * (block.level - 1) + "- " + _escape(block.text, line_start=True)]
    if block.kind is BlockKind.PARA:
        return [_escape(block.text, line_start=True), ""]
    assert_never(block.kind)


def _document(view: View) -> str:
    lines: list[str] = [f"# {_escape(view.heading)}", ""] if view.heading else []
    if view.lead:
        lines += [_escape(view.lead, line_start=True), ""]
    previous: BlockKind | None = None
    for block in view.document:
        if previous is BlockKind.ENTRY and block.kind is not BlockKind.ENTRY:
            lines.append("")
        lines += _block(block)
        previous = block.kind
    return "\n".join(lines).rstrip("\n") + "\n"


def render_markdown(view: View) -> str:
    if view.document:
        return _document(view)
    lines: list[str] = []
    if view.heading:
        lines += [f"# {_escape(view.heading)}", ""]
    if view.lead:
        lines += [_escape(view.lead, line_start=True), ""]
    for section in view.sections:
        title = _escape(section.title)
        lines.append(f"## {title} ({len(section.rows)})" if section.counted else f"## {title}")
        lines.append("")
        if section.note:
            lines += [_escape(section.note, line_start=True), ""]
        if not section.rows:
            lines += ["_none_", ""]
            continue
        lines.append("| " + " | ".join(_escape(name) for name in section.columns) + " |")
        lines.append("|" + "---|" * len(section.columns))
        for row in section.rows:
            lines.append("| " + " | ".join(_escape(cell_text(value)) for value in row) + " |")
        lines.append("")
    lines += [_escape(line, line_start=True) for line in view.footer]
    return "\n".join(lines).rstrip("\n") + "\n"
