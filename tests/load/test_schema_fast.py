"""The compiled validator (jsonschema-rs) only answers "valid?" first: whatever it lets through,
jsonschema finds nothing wrong with either, so the problems users see are jsonschema's, exactly
as without it. Checked on the shipped data and on arbitrary changes to valid items and reports."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sbaudit.load import schema
from sbaudit.load.yaml_positions import Loaded, load_text

PROPS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _slow(loaded: Loaded, name: str) -> list[str]:
    """Problems as jsonschema alone finds them."""
    validator = schema._validator(name)
    found = []
    for error in validator.iter_errors(loaded.data):
        found += [p.format() for p in schema._problems_for(loaded, error)]
    return found


def _same(loaded: Loaded, name: str) -> None:
    assert [p.format() for p in schema.check_schema(loaded, name)] == _slow(loaded, name)


def test_the_compiled_validator_is_used() -> None:
    assert schema._is_valid("item") is not None
    assert schema._is_valid("report") is not None


def test_shipped_files_agree(shipped: Path) -> None:
    files = sorted((shipped / "plan").rglob("*.yaml")) + sorted((shipped / "reports").glob("*.yaml"))
    assert len(files) > 100
    for path in files:
        loaded = load_text(str(path), path.read_text(encoding="utf-8"))
        _same(loaded, "report" if path.parent.name == "reports" else "item")


def _template(shipped: Path, name: str) -> object:
    return load_text(name, (shipped / name).read_text(encoding="utf-8")).data


leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**63 - 2, max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(
        [
            "",
            "x\n",
            "sbap-01\n",
            "sbap-01",
            "US-CN",
            "US-CN\n",
            "us-cn",
            "2003-01",
            "spp",
            "completed",
            "assessed",
            "reported",
            "\u0663",
            "\uff11",
            "A" * 300,
        ]
    )
)
values = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def _paths(value: object, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, path + (index,))
    return found


def _mutate(data: object, draw: st.DrawFn) -> object:
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths))
        new = draw(values)
        if not path:
            return new
        parent = data
        for part in path[:-1]:
            parent = parent[part]  # type: ignore[index]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "note", "raw", "partner", "number", "aliases"]))] = new
        else:
            parent[path[-1]] = new  # type: ignore[index]
    return data


@st.composite
def changed(draw: st.DrawFn, template: object) -> object:
    return _mutate(template, draw)


@pytest.mark.parametrize(
    "name,kind",
    [
        ("plan/smart-border/sbap-08.yaml", "item"),
        ("plan/spp/bioprotection/spp-bioprotection-04.yaml", "item"),
        ("reports/2004.yaml", "report"),
    ],
)
def test_changed_documents_agree(shipped: Path, name: str, kind: str) -> None:
    template = _template(shipped, name)

    @PROPS
    @given(changed(template))
    def check(data: object) -> None:
        loaded = Loaded("x.yaml", data)
        _same(loaded, kind)

    check()


@pytest.mark.parametrize("value", ["1-10", "1-10\n", "01-2", "1-10 ", "\n1-10", "1-1\n\n", "\u0661-2", 7, 0])
def test_whole_value_anchors_mean_the_same_to_both(shipped: Path, value: object) -> None:
    """Python's \\Z is compiled as ECMA's $ for jsonschema-rs: neither lets a final newline by."""
    data = load_text("reports/2004.yaml", (shipped / "reports/2004.yaml").read_text(encoding="utf-8")).data
    assert isinstance(data, dict)
    data["covers"] = {"numbers": [value]}
    _same(Loaded("reports/2004.yaml", data), "report")
    if value == "1-10\n":
        assert schema.check_schema(Loaded("reports/2004.yaml", data), "report")
