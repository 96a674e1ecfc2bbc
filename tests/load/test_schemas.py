"""The schemas are the format's documentation: every property has a title and a description,
and every shipped file is valid against them (checked by the validator itself elsewhere)."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from conftest import REPO

SCHEMAS = sorted((REPO / "schemas").glob("*.schema.json"))


def _properties(node: Any, defs: dict[str, Any], path: str = "") -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            target = dict(prop)
            if "$ref" in prop:
                target = {
                    **defs[prop["$ref"].rsplit("/", 1)[1]],
                    **{k: v for k, v in prop.items() if k != "$ref"},
                }
            found.append((f"{path}.{name}", target))
        for key, value in node.items():
            if key != "properties":
                found += _properties(value, defs, f"{path}/{key}")
        for name, value in node.get("properties", {}).items():
            found += _properties(value, defs, f"{path}.{name}")
    elif isinstance(node, list):
        for value in node:
            found += _properties(value, defs, path)
    return found


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_property_is_documented(path: Any) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(path.name)
    props = _properties(schema, schema.get("$defs", {}))
    assert props
    undocumented = [name for name, prop in props if not prop.get("title") or not prop.get("description")]
    assert undocumented == []


def test_inlined_schema_validates_like_the_original() -> None:
    from sbaudit.load.schema import _inline

    for path in SCHEMAS:
        schema = json.loads(path.read_text(encoding="utf-8"))
        inlined = _inline(schema, schema.get("$defs", {}))
        assert "$ref" not in json.dumps(inlined)
        bad = {"id": "X", "history": [{"report": 1, "basis": "guessed"}]}
        original = sorted(e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(bad))
        assert original == sorted(
            e.message for e in jsonschema.Draft202012Validator(inlined).iter_errors(bad)
        )
