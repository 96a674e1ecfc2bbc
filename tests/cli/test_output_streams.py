"""Standard output that cannot take the output (issue 22, case 9): closed, full, a reader gone
early, or an encoding without some characters. Every command ends without a traceback: a reader
gone is not an error (the command's own exit code), lost output is (one line, exit 2), and
characters the encoding lacks are written as escapes."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import REPO

SHIPPED = str(REPO)
COMMANDS: dict[str, list[str]] = {
    "validate": ["validate"],
    "list": ["list"],
    "reports": ["reports"],
    "diff": ["diff", "2002", "2004"],
    "overdue": ["overdue", "--as-of", "2006-12"],
    "show": ["show", "sbap-01"],
    "summary": ["summary"],
    "verify": ["verify", "--sources", "SOURCES"],
    "import": ["import", "2004", "TABLE", "--dry-run", "--replace"],
    "report": ["report", "--html", "PAGE"],
    "init": ["init", "NEW", "--program", "x-1", "--title", "T", "--published", "2011-12-07"],
    "version": ["--version"],
}


def _run(name: str, how: str, tmp: Path) -> subprocess.CompletedProcess[bytes]:
    sources = tmp / "sources"
    sources.mkdir(exist_ok=True)
    table = tmp / "t.csv"
    table.write_text("item,status,note\nsbap-26,completed,Read again.\n", encoding="utf-8")
    args = [
        {
            "SOURCES": str(sources),
            "TABLE": str(table),
            "PAGE": str(tmp / f"{how}.html"),
            "NEW": str(tmp / how),
        }.get(arg, arg)
        for arg in COMMANDS[name]
    ]
    data = [] if name in ("init", "version") else ["--data", SHIPPED]
    command = [sys.executable, "-m", "sbaudit", *args, *data]
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("SBAUDIT_DATA", None)
    if how == "full":
        with open("/dev/full", "wb") as full:
            return subprocess.run(command, stdout=full, stderr=subprocess.PIPE, env=env, timeout=300)
    if how == "closed":
        return subprocess.run(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            timeout=300,
            pass_fds=(),
            preexec_fn=lambda: os.close(1),
        )
    if how == "ascii":
        return subprocess.run(
            command, capture_output=True, env={**env, "PYTHONIOENCODING": "ascii"}, timeout=300
        )
    # a reader that reads nothing and leaves at once
    reader = subprocess.Popen([sys.executable, "-c", "pass"], stdin=subprocess.PIPE)
    assert reader.stdin is not None
    reader.wait()
    done = subprocess.run(command, stdout=reader.stdin, stderr=subprocess.PIPE, env=env, timeout=300)
    reader.stdin.close()
    return done


def _expected(name: str) -> int:
    return 1 if name == "verify" else 0  # verify: an empty sources folder finds nothing


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_every_command_with_stdout_full_closed_gone_or_ascii(tmp_path: Path) -> None:
    jobs = (
        [(name, "full") for name in COMMANDS]
        + [(name, "closed") for name in ("list", "reports", "show", "verify", "import", "version")]
        + [(name, "gone") for name in ("validate", "diff", "summary", "import")]
        + [(name, "ascii") for name in ("list", "diff", "summary", "overdue", "reports")]
    )
    for how in ("full", "closed", "gone", "ascii"):
        (tmp_path / how).mkdir()

    def one(job: tuple[str, str]) -> tuple[str, str, subprocess.CompletedProcess[bytes]]:
        name, how = job
        return name, how, _run(name, how, tmp_path / how)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(one, jobs))
    for name, how, done in results:
        err = done.stderr.decode("utf-8", "replace")
        assert "Traceback" not in err and "Exception ignored" not in err, (name, how, err)
        writes = name not in ("init", "report", "validate")  # these write nothing to stdout here
        if how in ("full", "closed") and writes:
            assert done.returncode == 2, (name, how, done.returncode, err)
            assert "sbaudit: cannot write the output: " in err, (name, how, err)
        else:
            assert done.returncode == _expected(name), (name, how, done.returncode, err)
        if how == "ascii":
            done.stdout.decode("ascii")  # every character it could not encode is an escape


def test_an_ascii_terminal_gets_escapes(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sbaudit", "summary", "--data", SHIPPED],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("ascii")
    assert "\\u2014" in text or "\\u2013" in text or "\\xb7" in text or text.isascii()
