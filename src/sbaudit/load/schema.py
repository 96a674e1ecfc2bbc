"""JSON Schema checks, with every violation pointed at the YAML node (or key) it concerns."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from ..core.model import Path_, Problem
from .locations import schemas_dir
from .yaml_positions import Loaded

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
            return _inline(defs[ref[len("#/$defs/") :]], defs, depth + 1)
        return {key: _inline(value, defs, depth + 1) for key, value in node.items() if key != "$defs"}
    if isinstance(node, list):
        return [_inline(value, defs, depth + 1) for value in node]
    return node


@cache
def _schema(name: str) -> Any:
    with open(schemas_dir() / f"{name}.schema.json", encoding="utf-8") as handle:
        schema = json.load(handle)
    return schema, _inline(schema, schema.get("$defs", {}))


@cache
def _validator(name: str) -> Any:
    """jsonschema's validator: the validator of record, whose errors become the messages."""
    import jsonschema

    schema, inlined = _schema(name)
    return jsonschema.validators.validator_for(schema)(inlined)


@cache
def _is_valid(name: str) -> Callable[[object], bool] | None:
    """A compiled validator's yes/no answer (jsonschema-rs), or None when it is not installed.
    It only lets a file through faster: whatever it rejects, jsonschema judges and words."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - a platform without its wheel
        return None
    _, inlined = _schema(name)
    try:
        found: Callable[[object], bool] = jsonschema_rs.validator_for(_ecma(inlined)).is_valid
    except Exception:  # a schema it cannot compile: jsonschema alone, slower but the same answers
        return None
    return found


# Python's \A and \Z (the very start and end) are ECMA's ^ and $ outside multiline mode
_ANCHORS = re.compile(r"(?<!\\)((?:\\\\)*)\\([AZ])")


def _ecma(node: Any) -> Any:
    """The schema with its patterns in the regex dialect jsonschema-rs compiles (ECMA 262)."""
    if isinstance(node, dict):
        return {
            key: _ANCHORS.sub(lambda m: m.group(1) + ("^" if m.group(2) == "A" else "$"), value)
            if key == "pattern" and isinstance(value, str)
            else _ecma(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_ecma(value) for value in node]
    return node


def json_path(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def _extra_keys(error: Any) -> list[str]:
    allowed = set(error.schema.get("properties", {}))
    instance = error.instance if isinstance(error.instance, dict) else {}
    return sorted(key for key in instance if key not in allowed)


# A pattern said in words: a bare regular expression tells a user little
_PATTERNS = {
    "^[A-Z]{2}-[A-Z]{2}$(?!\\n)": "a partner pair is two two-letter country codes in capitals "
    "joined by a hyphen, e.g. US-CN, US-MX",
    "^[a-z0-9][a-z0-9.-]*$(?!\\n)": "an id is lower-case letters, digits, dots and hyphens, "
    "starting with a letter or digit, e.g. sbap-08",
}

# What a missing key looks like when written, to copy into the file
_EXAMPLES = {
    "id": "id: demo-01",
    "program": "program: demo",
    "title": "title: Build the bridge",
    "text": "text: The plan's wording, verbatim.",
    "introduced": 'introduced: "2001"',
    "history": 'history: [] (or entries such as `- {report: "2002", status: initiated, basis: assessed, note: ...}`)',
    "kind": "kind: plan (or status)",
    "published": 'published: "2002-12-06"',
    "as_of": 'as_of: "2002-12-06"',
    "what": "what: Bridge open",
    "due": "due: by spring 2003 (the date as worded)",
    "period": "period: 2003-spring",
    "set_by": 'set_by: "2002"',
    "report": 'report: "2004"',
    "status": "status: initiated",
    "basis": "basis: assessed (or reported)",
}


def _message(error: Any) -> str:
    if error.validator == "required":
        missing = next((key for key in error.validator_value if key not in (error.instance or {})), None)
        if missing in _EXAMPLES:
            return f"missing key {missing!r}; add e.g. {_EXAMPLES[missing]}"
    if error.validator == "pattern" and error.validator_value in _PATTERNS:
        shown = repr(error.instance)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        return f"{shown} is not valid: {_PATTERNS[error.validator_value]}"
    return str(error.message)


def _problems_for(loaded: Loaded, error: Any) -> list[Problem]:
    path: Path_ = tuple(error.absolute_path)
    if error.validator == "additionalProperties":
        found = []
        for key in _extra_keys(error):
            line, column = loaded.position(path + (key,), key=True)
            found.append(
                Problem(
                    loaded.path, line, column, f"{json_path(path + (key,))}: unknown field {key!r}", "schema"
                )
            )
        if found:
            return found
    if error.validator == "required":
        line, column = loaded.position(path)
    else:
        line, column = loaded.position(path)
    message = _message(error)
    if (
        error.validator == "anyOf"
        and error.schema.get("anyOf")
        and all("required" in option for option in error.schema["anyOf"])
    ):
        names = " or ".join(repr(option["required"][0]) for option in error.schema["anyOf"])
        message = f"needs {names}"
    elif len(message) > 200:
        message = message[:197] + "..."
    return [Problem(loaded.path, line, column, f"{json_path(path)}: {message}", "schema")]


MAX_ERRORS = 100  # per file: a list of a million wrong values is one mistake, not a million


def check_schema(loaded: Loaded, name: str) -> list[Problem]:
    """The violations of schema `name` (item or report) in a loaded file: the first MAX_ERRORS,
    and a note when there are more (the rest are not even looked for)."""
    is_valid = _is_valid(name)
    if is_valid is not None:
        try:
            if is_valid(loaded.data):
                return []
        except (ValueError, TypeError, OverflowError):  # data it cannot take: jsonschema decides
            pass
    validator = _validator(name)
    problems: list[Problem] = []
    for count, error in enumerate(validator.iter_errors(loaded.data)):
        if count == MAX_ERRORS:
            problems.append(
                Problem(
                    loaded.path,
                    0,
                    0,
                    f"more than {MAX_ERRORS} schema violations: the rest are not listed",
                    "schema",
                )
            )
            break
        problems.extend(_problems_for(loaded, error))
    return problems
