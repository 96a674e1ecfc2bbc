from __future__ import annotations

from .base import View
from .safe import json_text


def render_json(view: View) -> str:
    return json_text(view.data) + "\n"
