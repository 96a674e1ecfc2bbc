"""How a command ends (core/streams.py): once its output is written, the garbage collector's last
passes skip what the run made (gc.freeze), and nothing a command writes depends on them: a
process that ends that way writes the same files and the same output as the command run in
process by typer's runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from conftest import REPO
from sbaudit.cli import app

ENV = {key: value for key, value in os.environ.items() if key != "SBAUDIT_DATA"} | {"NO_COLOR": "1"}


def _sbaudit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sbaudit", *args],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=cwd,
        timeout=300,
        check=False,
    )


def test_a_command_ends_with_the_collector_frozen(tmp_path: Path) -> None:
    # an exit hook registered before the command runs last: by then the objects are frozen
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: sys.stderr.write(f'frozen={gc.get_freeze_count()}\\n'))\n"
        "from sbaudit.cli import run\n"
        f"sys.argv = ['sbaudit', 'validate', '--data', {str(REPO)!r}]\n"
        "run()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    frozen = int(done.stderr.rsplit("frozen=", 1)[1])
    assert frozen > 10_000  # the modules' objects and the model, not left for the collector


def test_what_a_command_writes_is_whole_when_it_ends_that_way(tmp_path: Path, monkeypatch: Any) -> None:
    """The page, the export and a new data root, written by a process that ends as above, are
    byte for byte what the same commands write in process (both run from the same folder, where
    the files' names are shown from)."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for where in ("process", "runner"):
        out = tmp_path / where
        out.mkdir()
        commands = [
            ["report", "--html", str(out / "page.html"), "--data", str(REPO)],
            ["export", str(out / "tables"), "--format", "csv", "--data", str(REPO)],
            ["init", str(out / "new"), "--program", "x-1", "--title", "T", "--published", "2011-12-07"],
            ["diff", "2002", "2004", "--format", "json", "--data", str(REPO)],
        ]
        for command in commands:
            if where == "process":
                done = _sbaudit(*command, cwd=tmp_path)
                assert done.returncode == 0, done.stderr
                stdout = done.stdout
            else:
                result = runner.invoke(app, command, env={"NO_COLOR": "1"})
                assert result.exit_code == 0, result.output
                stdout = result.stdout
            (out / f"{command[0]}.out").write_text(stdout, encoding="utf-8")
    written = sorted(path.relative_to(tmp_path / "process") for path in (tmp_path / "process").rglob("*"))
    assert written == sorted(
        path.relative_to(tmp_path / "runner") for path in (tmp_path / "runner").rglob("*")
    )
    assert any(str(path).startswith("tables") for path in written)
    for path in written:
        one, other = tmp_path / "process" / path, tmp_path / "runner" / path
        if one.is_file():
            assert one.read_bytes() == other.read_bytes(), path
