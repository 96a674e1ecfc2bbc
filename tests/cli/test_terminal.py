"""Terminal conventions: a pager for long output on a terminal only (as git does), -h, shell
completion, an example in every command's help, argument names in usage, whole descriptions in
the command list, and "did you mean" for ids."""

from __future__ import annotations

import io
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sbaudit.cli import app
from sbaudit.core.suggest import close_matches
from sbaudit.load.data_root import load_dataset
from sbaudit.output.pager import DEFAULT, page, pager_argv

runner = CliRunner()
SBAUDIT = Path(sys.executable).parent / "sbaudit"
COMMANDS = [
    "validate",
    "list",
    "reports",
    "diff",
    "overdue",
    "show",
    "summary",
    "report",
    "verify",
    "import",
    "init",
]


# -- the pager ---------------------------------------------------------------------------------

CAPTURE = "import pathlib, sys; pathlib.Path(sys.argv[1]).write_bytes(sys.stdin.buffer.read())"


def _capturing(target: Path, *extra: str) -> str:
    """A pager command that writes what it is given to `target`."""
    return shlex.join([sys.executable, "-c", CAPTURE, str(target), *extra])


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


LONG = "".join(f"line {n}\n" for n in range(200))


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, ["less", "-FRX"]),
        ({"PAGER": "more"}, ["more"]),
        ({"PAGER": "more", "SBAUDIT_PAGER": "most -s"}, ["most", "-s"]),
        ({"PAGER": "more", "SBAUDIT_PAGER": ""}, None),
        ({"PAGER": "cat"}, None),
        ({"PAGER": "less 'unclosed"}, None),
        ({"PAGER": "pg; rm -rf x"}, ["pg;", "rm", "-rf", "x"]),  # words, never a shell
    ],
)
def test_the_pager_command(env: dict[str, str], expected: list[str] | None) -> None:
    assert DEFAULT == "less -FRX"
    assert pager_argv(env) == expected


def test_long_text_on_a_terminal_goes_through_the_pager(tmp_path: Path) -> None:
    out, errors, seen = _Terminal(), io.StringIO(), tmp_path / "seen"
    page(LONG, stream=out, env={"PAGER": _capturing(seen)}, errors=errors)
    assert seen.read_text() == LONG and out.getvalue() == "" and errors.getvalue() == ""


def test_no_pager_when_not_a_terminal_turned_off_or_short(tmp_path: Path) -> None:
    seen = tmp_path / "seen"
    env = {"PAGER": _capturing(seen)}
    piped = io.StringIO()
    page(LONG, stream=piped, env=env)
    off = _Terminal()
    page(LONG, stream=off, env=env, enabled=False)
    short = _Terminal()
    page("one line\n", stream=short, env=env)
    assert (piped.getvalue(), off.getvalue(), short.getvalue()) == (LONG, LONG, "one line\n")
    assert not seen.exists()


@pytest.mark.parametrize(
    "command, message",
    [
        (["/nonexistent/pager", "-x"], "sbaudit: cannot start the pager /nonexistent/pager -x (No such file"),
        ([sys.executable, "-c", "import sys; sys.exit(3)"], "failed (exit 3); printing without it"),
    ],
)
def test_a_failing_pager_leaves_the_text_printed(command: list[str], message: str) -> None:
    out, errors = _Terminal(), io.StringIO()
    page(LONG, stream=out, env={"SBAUDIT_PAGER": shlex.join(command)}, errors=errors)
    assert out.getvalue() == LONG
    assert message in errors.getvalue()


def _on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """Run sbaudit with stdout on a pseudo-terminal 80 columns by 24 lines."""
    import fcntl
    import pty
    import struct
    import termios

    main, side = pty.openpty()
    fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(
        [str(SBAUDIT), *args], stdin=subprocess.DEVNULL, stdout=side, stderr=subprocess.PIPE, env=env
    )
    os.close(side)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert process.stderr is not None
    errors = process.stderr.read().decode()
    return process.wait(), b"".join(chunks).decode().replace("\r\n", "\n"), errors


@pytest.fixture
def term_env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", "LINES": "24"}
    for name in ("PAGER", "SBAUDIT_PAGER", "SBAUDIT_DATA", "LESS"):
        env.pop(name, None)
    return env


def test_overdue_on_a_terminal_is_paged_and_the_same_text_as_piped(
    tmp_path: Path, term_env: dict[str, str]
) -> None:
    piped = subprocess.run(
        [str(SBAUDIT), "overdue", "--as-of", "2006-12"],
        capture_output=True,
        text=True,
        env=term_env,
        check=True,
    ).stdout
    assert piped.count("\n") > 200  # far more than a screen
    seen = tmp_path / "seen"
    # the command is split into words and run without a shell: "; touch" is two more arguments
    hostile = _capturing(seen) + f" ; touch {shlex.quote(str(tmp_path / 'ran-a-shell'))}"
    code, shown, _ = _on_a_terminal(["overdue", "--as-of", "2006-12"], {**term_env, "SBAUDIT_PAGER": hostile})
    assert code == 0 and shown == ""
    assert seen.read_text() == piped
    assert not (tmp_path / "ran-a-shell").exists()


def test_no_pager_option_and_a_broken_pager_on_a_terminal(tmp_path: Path, term_env: dict[str, str]) -> None:
    seen = tmp_path / "seen"
    code, shown, _ = _on_a_terminal(
        ["--no-pager", "overdue", "--as-of", "2006-12"], {**term_env, "PAGER": _capturing(seen)}
    )
    assert code == 0 and "sbap-21/" in shown and not seen.exists()
    code, shown, errors = _on_a_terminal(
        ["overdue", "--as-of", "2006-12"], {**term_env, "PAGER": "/nonexistent/pager"}
    )
    assert code == 0 and "sbap-21/" in shown
    assert "cannot start the pager /nonexistent/pager" in errors


def test_piped_output_never_goes_through_the_pager(tmp_path: Path, term_env: dict[str, str]) -> None:
    seen = tmp_path / "seen"
    done = subprocess.run(
        [str(SBAUDIT), "list"], capture_output=True, text=True, env={**term_env, "PAGER": _capturing(seen)}
    )
    assert done.returncode == 0 and done.stdout.count("\n") > 100 and not seen.exists()


# -- help --------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_dash_h_and_an_example(command: str) -> None:
    long = runner.invoke(app, [command, "--help"], terminal_width=80)
    short = runner.invoke(app, [command, "-h"], terminal_width=80)
    assert long.exit_code == short.exit_code == 0, short.output
    assert short.stdout == long.stdout
    lines = long.stdout.splitlines()
    example = lines.index("  Example:")
    assert lines[example + 1].startswith(f"    sbaudit {command} "), lines[example:]
    assert "-h, --help" in long.stdout


def test_usage_names_the_arguments() -> None:
    usage = {
        command: runner.invoke(app, [command, "-h"]).stdout.splitlines()[0]
        for command in ("diff", "show", "summary", "import", "init", "validate")
    }
    assert usage == {
        "diff": "Usage: sbaudit diff [OPTIONS] {EARLIER} {LATER}",
        "show": "Usage: sbaudit show [OPTIONS] {ITEM}",
        "summary": "Usage: sbaudit summary [OPTIONS] [REPORT]",
        "import": "Usage: sbaudit import [OPTIONS] {REPORT} {TABLE}",
        "init": "Usage: sbaudit init [OPTIONS] {FOLDER}",
        "validate": "Usage: sbaudit validate [OPTIONS] [FILES]...",
    }


@pytest.mark.parametrize("width", [80, 120])
def test_top_level_help_lists_every_command_whole(width: int) -> None:
    """Each command is listed with the first paragraph of its own help, not cut with "..."."""
    result = runner.invoke(app, ["-h"], terminal_width=width)
    assert result.exit_code == 0
    assert "--no-pager" in result.stdout
    listed = "".join(result.stdout[result.stdout.index("Commands:") :].split())  # wrapping aside
    for command in COMMANDS:
        own = runner.invoke(app, [command, "-h"], terminal_width=width).stdout.split("\n\n")[1]
        assert command + "".join(own.split()) in listed, command


def test_summary_by_lists_every_grouping_key_of_the_data(shipped: Path) -> None:
    keys = {name for item in load_dataset(shipped).items for name, _ in item.group}
    assert keys == {"pillar", "area", "goal", "initiative"}
    helptext = " ".join(runner.invoke(app, ["summary", "-h"], terminal_width=200).stdout.split())
    option = helptext[helptext.index("--by") : helptext.index("--partner")]
    for key in keys:
        assert key in option, key


def test_shell_completion_is_on(term_env: dict[str, str]) -> None:
    helptext = runner.invoke(app, ["-h"]).stdout
    assert "--install-completion" in helptext and "--show-completion" in helptext
    done = subprocess.run(
        [str(SBAUDIT)],
        env={**term_env, "_SBAUDIT_COMPLETE": "complete_bash", "COMP_WORDS": "sbaudit ov", "COMP_CWORD": "1"},
        capture_output=True,
        text=True,
    )
    assert done.stdout.split() == ["overdue"]


# -- did you mean ------------------------------------------------------------------------------


def test_close_matches() -> None:
    ids = [f"sbap-{n:02d}" for n in range(1, 33)]
    assert close_matches("sbap-8", ids) == ["sbap-08"]
    assert close_matches("SBAP-008", ids) == ["sbap-08"]
    assert close_matches("sbap", ids) == ["sbap-01", "sbap-02", "sbap-03"]
    assert close_matches("sbpa-12", ids)[0] == "sbap-12"
    assert close_matches("zzz", ids) == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["show", "sbap-8"], "no item 'sbap-8' (did you mean sbap-08?)"),
        (
            ["show", "spp-bioprotection-7"],
            "no item 'spp-bioprotection-7' (did you mean spp-bioprotection-07?)",
        ),
        (
            ["show", "sbap-03/nexus-air-pilot"],
            "item 'sbap-03' has no deadline 'nexus-air-pilot' (did you mean nexus-air-pilot-enrolment?)",
        ),
        (["diff", "2002", "SPP-2006x"], "unknown report 'SPP-2006x' (did you mean spp-2006"),
        (["summary", "spp-06"], "unknown report 'spp-06' (did you mean spp-2006"),
    ],
)
def test_did_you_mean(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
