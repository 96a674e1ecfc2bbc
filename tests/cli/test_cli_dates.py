"""Dates on the command line and in data files that once gave a traceback or a silent answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from conftest import TINY_ITEM, WriteRoot
from sbaudit.cli import app

runner = CliRunner()


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args))


def _refused(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    return result.stderr


@pytest.mark.parametrize("command", [["overdue"], ["report", "--html", "out.html"]])
def test_an_empty_as_of_is_an_error(command: list[str], make_root: WriteRoot, tmp_path: Path) -> None:
    root = make_root()
    stderr = _refused(invoke(*command, "--as-of", "", "--data", str(root)))
    assert "the value is empty" in stderr


def test_year_9999_is_refused_alike_in_every_spelling(make_root: WriteRoot) -> None:
    root = make_root()
    for text in ("9999-12", "9999-12-31", "9999"):
        stderr = _refused(invoke("overdue", "--as-of", text, "--data", str(root)))
        assert (
            stderr
            == f"sbaudit: not a period: {text!r} (year 9999 is outside the years sbaudit reads (1-9998))\n"
        )


def test_as_of_past_year_9998_is_a_message(make_root: WriteRoot) -> None:
    stderr = _refused(invoke("overdue", "--as-of", "2 years after December 9998", "--data", str(make_root())))
    assert "falls in year 10000, outside the years sbaudit reads (1-9998)" in stderr


@pytest.mark.parametrize("text", ["\u0662\u0660\u0660\u0666-\u0661\u0662", "\uff12\uff10\uff10\uff16-12"])
def test_as_of_with_foreign_digits_is_refused(text: str, make_root: WriteRoot) -> None:
    stderr = _refused(invoke("overdue", "--as-of", text, "--data", str(make_root())))
    assert "ASCII" in stderr


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2 years after December 9998", "falls in year 10000"),
        ("1 month after " * 400 + "2005-06", "more than the 200"),
        ("1 month after " * 12 + "2005-06", "counts from a month or a day"),
        ("\u0662\u0660\u0661\u0661", "ASCII"),
    ],
)
def test_a_period_in_a_data_file_gets_a_diagnostic(
    period: str, message: str, make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = TINY_ITEM.replace("period: 2011-spring", f'period: "{period}"')
    root = make_root({"plan/demo/demo-01.yaml": item})
    monkeypatch.chdir(root)
    done = invoke("validate")
    assert done.exit_code == 1, done.output
    assert isinstance(done.exception, SystemExit), done.exception
    [line] = done.stdout.splitlines()
    assert line.startswith("plan/demo/demo-01.yaml:11:13: [error] not a period: ")
    assert message in line and line.endswith("(period)")
    assert len(line) < 400  # a short excerpt of the value, not all of it
