from __future__ import annotations

from .base import View, cell_text


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(view: View) -> str:
    lines: list[str] = []
    if view.heading:
        lines += [f"# {view.heading}", ""]
    for section in view.sections:
        lines.append(f"## {section.title} ({len(section.rows)})")
        lines.append("")
        if section.note:
            lines += [section.note, ""]
        if not section.rows:
            lines += ["_none_", ""]
            continue
        lines.append("| " + " | ".join(section.columns) + " |")
        lines.append("|" + "---|" * len(section.columns))
        for row in section.rows:
            lines.append("| " + " | ".join(_escape(cell_text(value)) for value in row) + " |")
        lines.append("")
    lines += list(view.footer)
    return "\n".join(lines).rstrip("\n") + "\n"
