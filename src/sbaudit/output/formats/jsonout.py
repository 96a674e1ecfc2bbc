from __future__ import annotations

from ...core.safe import json_text
from .base import View


def render_json(view: View) -> str:
    return json_text(view.data, end="\n")
