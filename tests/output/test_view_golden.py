"""The exact table output of the main commands at 80 and 120 columns, on the shipped data.
Each file was read line by line against the data and docs/audit-rules.md when it was written;
when an intended change alters one, read the new file the same way before committing it
(`SBAUDIT_WRITE_GOLDEN=1 pytest tests/output/test_view_golden.py` rewrites them)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sbaudit.cli import app

GOLDEN = Path(__file__).parent / "golden"
COMMANDS = {
    "diff-2002-2004": ["diff", "2002", "2004"],
    "overdue-2006-12": ["overdue", "--as-of", "2006-12"],
    "summary": ["summary"],
    "show-sbap-03": ["show", "sbap-03"],
}


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_golden_table(name: str, width: int, shipped: Path) -> None:
    result = CliRunner().invoke(
        app, [*COMMANDS[name], "--data", str(shipped)], env={"COLUMNS": str(width), "NO_COLOR": "1"}
    )
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / f"{name}-{width}.txt"
    if os.environ.get("SBAUDIT_WRITE_GOLDEN"):
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")
    # every line fits, but for a web address alone on its line: it is never cut, so a reader can copy it
    for line in result.stdout.splitlines():
        assert len(line) <= width or re.fullmatch(r" *https?://\S+", line), line
