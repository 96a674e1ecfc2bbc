"""Every command's JSON validates against its schema in schemas/output/, carries its format
version, names each measure once, and the schemas' vocabularies are the audit's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from conftest import WriteRoot
from sbaudit.audit.diff import DEADLINE_SECTIONS, ITEM_SECTIONS
from sbaudit.cli import app
from sbaudit.core.status import STATUSES
from sbaudit.core.vocab import Fate
from sbaudit.output.shapes import FORMAT_VERSION

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO / "schemas" / "output"
runner = CliRunner()

DOCUMENTS: list[tuple[str, tuple[str, ...]]] = [
    ("list", ("list",)),
    ("list", ("list", "--partner", "US-MX")),
    ("reports", ("reports",)),
    ("diff", ("diff", "2002", "2004")),
    ("diff", ("diff", "2004", "spp")),
    ("diff", ("diff", "spp-2005", "spp", "--partner", "US-CN")),
    ("overdue", ("overdue", "--as-of", "2006-12")),
    ("overdue", ("overdue", "--as-of", "2005-06", "--against", "current", "--program", "smart-border")),
    ("summary", ("summary",)),
    ("summary", ("summary", "2004", "--by", "pillar")),
    ("show", ("show", "sbap-08")),
    ("show", ("show", "spp-traveller-security-01")),
    ("show", ("show", "sbap-03/nexus-air-pilot-enrolment")),
    ("problems", ("validate",)),
]


def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    return loaded


def document(*args: str) -> Any:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_every_schema_is_a_valid_schema() -> None:
    names = sorted(path.name.removesuffix(".schema.json") for path in SCHEMAS.glob("*.schema.json"))
    assert names == sorted({name for name, _ in DOCUMENTS})
    for name in names:
        Draft202012Validator.check_schema(schema(name))


@pytest.mark.parametrize(
    ("name", "args"), DOCUMENTS, ids=lambda value: " ".join(value) if isinstance(value, tuple) else value
)
def test_every_command_validates(name: str, args: tuple[str, ...]) -> None:
    data = document(*args)
    errors = sorted(Draft202012Validator(schema(name)).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert data["format_version"] == FORMAT_VERSION


def test_validate_with_problems_validates(make_root: WriteRoot) -> None:
    root = make_root({"plan/demo/demo-02.yaml": "id: demo-02\nprogram: [\n"})
    result = runner.invoke(app, ["validate", "--data", str(root), "--format", "json"])
    data = json.loads(result.stdout)
    assert result.exit_code == 1 and data["problems"]
    Draft202012Validator(schema("problems")).validate(data)


def test_a_renamed_field_fails_the_schema() -> None:
    data = document("overdue", "--as-of", "2006-12")
    data["overdue"][0]["months_overdue"] = data["overdue"][0].pop("yardstick_months")
    assert list(Draft202012Validator(schema("overdue")).iter_errors(data))
    listed = document("list", "--program", "smart-border")
    listed["items"][0]["states"][0]["months_overdue"] = 3
    assert list(Draft202012Validator(schema("list")).iter_errors(listed))


def test_one_name_per_measure() -> None:
    """No document carries months_overdue beside overdue_months: each measure has one name."""
    for _, args in DOCUMENTS:
        assert "months_overdue" not in json.dumps(document(*args)), args


def test_rows_carry_their_grouping() -> None:
    rows = document("overdue", "--as-of", "2006-12")["overdue"]
    bio = [r for r in rows if r["group"].get("area") == "Bioprotection"]
    assert bio and all(r["item"].startswith("spp-bioprotection-") for r in bio)
    diff = document("diff", "2002", "2004")
    assert diff["deadlines"]["met-late"][0]["group"] == {"pillar": "The Secure Flow of People"}
    assert diff["items"]["completed"][0]["group"]["pillar"]


def test_the_schemas_vocabularies_are_the_audits() -> None:
    state = schema("list")["$defs"]["state"]["properties"]
    assert state["fate"]["enum"] == [fate.value for fate in Fate]
    assert state["status"]["enum"] == [*STATUSES, None]
    diff = schema("diff")
    assert list(diff["properties"]["items"]["properties"]) == list(ITEM_SECTIONS)
    assert list(diff["properties"]["deadlines"]["properties"]) == list(DEADLINE_SECTIONS)
    assert list(schema("summary")["properties"]["rows"]["items"]["properties"]["fates"]["properties"]) == [
        fate.value for fate in Fate
    ]
