"""JSON Schema checks, with every violation pointed at the YAML node (or key) it concerns."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from .loader import Loaded
from .locations import schemas_dir
from .model import Path_, Problem

__all__ = ["check_schema", "json_path"]


_ANNOTATIONS = {"title", "description"}  # documentation beside a $ref: no effect on validation


def _inline(node: Any, defs: dict[str, Any], depth: int = 0) -> Any:
    """Replace local `#/$defs/...` references by their targets: the same schema, but validation
    no longer resolves a reference at every node (it was most of the time spent validating)."""
    if depth > 50:
        raise ValueError("schema references nest too deeply (a recursive schema cannot be inlined)")
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/") and set(node) <= {"$ref", *_ANNOTATIONS}:
            return _inline(defs[ref[len("#/$defs/"):]], defs, depth + 1)
        return {key: _inline(value, defs, depth + 1) for key, value in node.items() if key != "$defs"}
    if isinstance(node, list):
        return [_inline(value, defs, depth + 1) for value in node]
    return node


@cache
def _validator(name: str) -> Any:
    import jsonschema

    with open(schemas_dir() / f"{name}.schema.json", encoding="utf-8") as handle:
        schema = json.load(handle)
    cls = jsonschema.validators.validator_for(schema)
    return cls(_inline(schema, schema.get("$defs", {})))


def json_path(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def _extra_keys(error: Any) -> list[str]:
    allowed = set(error.schema.get("properties", {}))
    instance = error.instance if isinstance(error.instance, dict) else {}
    return sorted(key for key in instance if key not in allowed)


def _problems_for(loaded: Loaded, error: Any) -> list[Problem]:
    path: Path_ = tuple(error.absolute_path)
    if error.validator == "additionalProperties":
        found = []
        for key in _extra_keys(error):
            line, column = loaded.position(path + (key,), key=True)
            found.append(
                Problem(loaded.path, line, column, f"{json_path(path + (key,))}: unknown field {key!r}", "schema")
            )
        if found:
            return found
    if error.validator == "required":
        line, column = loaded.position(path)
    else:
        line, column = loaded.position(path)
    message = error.message
    if error.validator == "anyOf" and error.schema.get("anyOf") and all(
        "required" in option for option in error.schema["anyOf"]
    ):
        names = " or ".join(repr(option["required"][0]) for option in error.schema["anyOf"])
        message = f"needs {names}"
    elif len(message) > 200:
        message = message[:197] + "..."
    return [Problem(loaded.path, line, column, f"{json_path(path)}: {message}", "schema")]


def check_schema(loaded: Loaded, name: str) -> list[Problem]:
    """All violations of schema `name` (item or report) in a loaded file."""
    validator = _validator(name)
    problems: list[Problem] = []
    for error in validator.iter_errors(loaded.data):
        problems.extend(_problems_for(loaded, error))
    return problems
