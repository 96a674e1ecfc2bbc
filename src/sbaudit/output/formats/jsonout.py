from __future__ import annotations

import json

from .base import View


def render_json(view: View) -> str:
    return json.dumps(view.data, indent=2, ensure_ascii=False) + "\n"
