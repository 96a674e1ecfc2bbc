"""Hostile data files and file names (issue 13): each case gets one clear diagnostic or escaped
output, never a traceback, a hang, a silent skip, a raw control character on the terminal, a CSV
formula, a forged GitHub annotation or a broken Markdown table."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from conftest import REPO, WriteRoot
from sbaudit.cli import app
from sbaudit.core.model import Problem
from sbaudit.load.data_root import data_files
from sbaudit.output.formats import Format, Section, View, render
from tinyplan import yaml_quote

runner = CliRunner()
RootHere = Callable[[dict[str, str | bytes | None]], Path]
ITEM = "plan/demo/demo-01.yaml"
# what may never reach the terminal raw: C0 controls but the line break, DEL, C1, bidi controls
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
HANG_GUARD = 120  # seconds: a run that takes this long is hanging (never a timing assertion)


def invoke(*args: str) -> Result:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def item(**fields: str) -> str:
    """The tiny item (conftest) with some top-level fields replaced, each written as a YAML
    double-quoted scalar so that any character can be given as an escape."""
    base = {"title": "Build the bridge", "text": "Build the bridge."}
    base.update(fields)
    lines = [
        "id: demo-01",
        "program: demo",
        "number: 1",
        *(f"{key}: {yaml_quote(value)}" for key, value in base.items()),
        "introduced: p1",
        "deadlines:",
        "  - id: open",
        "    what: Bridge open",
        "    due: by spring 2011",
        "    period: 2011-spring",
        "    set_by: s1",
        "history:",
        "  - report: s1",
        "    status: initiated",
        "    basis: assessed",
        "    note: Work began.",
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def root_here(make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch) -> RootHere:
    """Write a tiny root with the given files and work from inside it (problem paths relative)."""

    def build(files: dict[str, str | bytes | None]) -> Path:
        root: Path = make_root(files)
        monkeypatch.chdir(root)
        return root

    return build


# -- item 2: an unreadable folder is a problem, not a silent skip ------------------------------


@contextlib.contextmanager
def _other_user() -> Iterator[str | None]:
    """A user without root's powers to run sbaudit as: None when this process is not root (it is
    that user already); a system user made for the test (and removed after) when it is root."""
    if os.geteuid() != 0:
        yield None
        return
    name = "sbaudit-hostile-test"
    made = False
    try:
        pwd.getpwnam(name)
    except KeyError:
        useradd = shutil.which("useradd")
        if (
            useradd is None
            or subprocess.run(
                [useradd, "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
                capture_output=True,
                check=False,
            ).returncode
            != 0
        ):
            pytest.skip("no user without root's powers can be made here")
        made = True
    try:
        yield name
    finally:
        if made and shutil.which("userdel"):
            subprocess.run([shutil.which("userdel") or "userdel", name], capture_output=True, check=False)


def _run_as(user: str | None, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sbaudit", *args]
    if user is not None:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("setpriv is needed to run as another user")
        entry = pwd.getpwnam(user)
        command = [setpriv, f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--clear-groups", *command]
    env = {**os.environ, "SBAUDIT_NO_CACHE": "1", "NO_COLOR": "1", "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=HANG_GUARD, check=False
    )


def test_unreadable_folder_is_a_problem_for_a_user_without_root_powers(make_root: WriteRoot) -> None:
    with _other_user() as user, tempfile.TemporaryDirectory() as shared:
        root = Path(shared) / "data"
        shutil.copytree(
            make_root({"plan/demo/more/demo-02.yaml": item().replace("demo-01", "demo-02")}), root
        )
        for folder, dirs, _ in os.walk(root):
            for name in dirs:
                os.chmod(Path(folder) / name, 0o755)
        os.chmod(shared, 0o755)
        os.chmod(root, 0o755)
        os.chmod(root / "plan" / "demo" / "more", 0o000)
        try:
            checked = _run_as(user, ["validate", "--data", "."], root)
            listed = _run_as(user, ["list", "--data", ".", "--format", "csv"], root)
        finally:
            os.chmod(root / "plan" / "demo" / "more", 0o755)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert checked.stdout == (
        "plan/demo/more: [error] cannot read this folder (Permission denied): "
        "its files are not checked (io)\n"
    )
    assert "Traceback" not in checked.stderr
    assert listed.returncode == 1 and listed.stdout == ""  # no answer from part of the data
    assert "plan/demo/more: [error] cannot read this folder" in listed.stderr


# -- item 3: odd names and link loops are diagnostics ------------------------------------------


def test_file_name_that_is_not_utf8(root_here: RootHere) -> None:
    root = root_here({})
    odd = root / "plan" / "demo" / os.fsdecode(b"\xff\xfe-x.yaml")
    odd.write_text(item().replace("demo-01", "demo-02"), encoding="utf-8")
    for args in (["validate"], ["list"], ["show", "demo-01"]):
        result = invoke(*args, "--data", ".")
        assert result.exit_code == 1, result.output
    result = invoke("validate", "--data", ".")
    assert result.stdout == (
        "plan/demo/\\xff\\xfe-x.yaml:1:5: [error] id 'demo-02' differs from the file name; "
        "name the file demo-02.yaml (file-name)\n"
    )


def test_symlink_loop_between_two_files(root_here: RootHere) -> None:
    root = root_here({})
    (root / "plan" / "demo" / "a.yaml").symlink_to("b.yaml")
    (root / "plan" / "demo" / "b.yaml").symlink_to("a.yaml")
    for args in (["validate"], ["list"]):
        result = invoke(*args, "--data", ".")
        assert result.exit_code == 1, result.output
    result = invoke("validate", "--data", ".")
    message = (
        "[error] symbolic link to a file that cannot be reached (a loop, or a target that does "
        "not exist): not followed (symlink)"
    )
    assert result.stdout == f"plan/demo/a.yaml: {message}\nplan/demo/b.yaml: {message}\n"


# -- item 4: a FIFO never hangs a run ----------------------------------------------------------


def test_fifo_named_yaml_is_a_problem_not_a_hang(make_root: WriteRoot) -> None:
    root = make_root()
    os.mkfifo(root / "plan" / "demo" / "pipe.yaml")
    result = _run_as(None, ["validate", "--data", "."], root)
    assert result.returncode == 1
    assert (
        result.stdout
        == "plan/demo/pipe.yaml: [error] not a regular file but a named pipe (FIFO): not read (io)\n"
    )


def test_fifo_given_to_validate_is_refused_not_opened(make_root: WriteRoot, tmp_path: Path) -> None:
    root = make_root()
    os.mkfifo(root / "plan" / "demo" / "pipe.yaml")
    result = _run_as(None, ["validate", "--data", ".", "plan/demo/pipe.yaml"], root)
    assert result.returncode == 2
    assert result.stderr == "sbaudit: not a regular file: plan/demo/pipe.yaml\n"


# -- item 5: terminal escape sequences are shown, never sent -----------------------------------

ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x1b]8;;http://x.invalid\x1b\\link\x1b]8;;\x1b\\\x9b31m\x00\x7f\u202e"
SHOWN = (
    "\\x1b[2J\\x1b]0;pwned\\x07\\x1b]8;;http://x.invalid\\x1b\\link\\x1b]8;;\\x1b\\\\x9b31m\\x00\\x7f\\u202e"
)


@pytest.mark.parametrize(
    "args", [["show", "demo-01"], ["list"], ["diff", "p1", "s2"], ["overdue", "--as-of", "2012-12"]]
)
@pytest.mark.parametrize("fmt", [f.value for f in Format])
def test_escape_sequences_in_data_never_reach_the_terminal(
    root_here: RootHere, args: list[str], fmt: str
) -> None:
    what = f"what: {yaml_quote('Open ' + ESCAPES)}"
    root_here(
        {ITEM: item(title=f"Bridge {ESCAPES}", text=f"Text {ESCAPES}").replace("what: Bridge open", what)}
    )
    result = invoke(*args, "--data", ".", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert not RAW_CONTROL.search(result.stdout + result.stderr), repr(result.stdout)
    if args[0] in ("show", "list"):
        if fmt == "json":  # the data itself is kept exactly
            assert f"Bridge {ESCAPES}" in _strings(json.loads(result.stdout))
        else:  # Markdown also escapes the backslash
            assert "x1b[2J" in result.stdout.replace("\\[", "[")


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        data = list(data.values())
    return [text for value in data for text in _strings(value)] if isinstance(data, list) else []


def test_escape_sequences_shown_visibly_in_a_table(root_here: RootHere) -> None:
    root_here({ITEM: item(title=f"Bridge {ESCAPES}")})
    result = invoke("list", "--data", ".", "--format", "csv")
    assert next(csv.DictReader(io.StringIO(result.stdout)))["title"] == f"Bridge {SHOWN}"


def test_json_keeps_the_data_but_escapes_what_a_terminal_acts_on(root_here: RootHere) -> None:
    root_here({ITEM: item(title=f"Bridge {ESCAPES}")})
    result = invoke("list", "--data", ".", "--format", "json")
    assert not RAW_CONTROL.search(result.stdout)
    assert json.loads(result.stdout)["items"][0]["title"] == f"Bridge {ESCAPES}"


def test_escape_sequences_in_file_names_and_messages(root_here: RootHere) -> None:
    root = root_here({})
    (root / "plan" / "demo" / "\x1b[2J\x1b]0;t\x07.yaml").write_text(
        item(title="x").replace("number: 1", "number: 2").replace("id: demo-01", 'id: "demo-\\x1b[31m"'),
        encoding="utf-8",
    )
    for args in (["validate"], ["validate", "-f", "github"], ["validate", "-f", "json"], ["list"]):
        result = invoke(*args, "--data", ".")
        assert result.exit_code == 1
        assert not RAW_CONTROL.search(result.stdout + result.stderr), repr(result.output)
    assert (
        "plan/demo/\\x1b[2J\\x1b]0;t\\x07.yaml:1:5: [error] id: 'demo-\\x1b[31m' is not valid"
        in invoke("validate", "--data", ".").stdout
    )


# -- item 6: CSV cells never start a formula ---------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_would_start_a_formula_get_an_apostrophe(root_here: RootHere, start: str) -> None:
    formula = f'{start}HYPERLINK("http://x.invalid","click")'
    root_here({ITEM: item(title=formula, text="=cmd|' /C calc'!A0")})
    listed = list(csv.DictReader(io.StringIO(invoke("list", "--data", ".", "--format", "csv").stdout)))
    title = listed[0]["title"]
    assert title == "'" + formula.replace("\t", "\\t").replace("\r", "\\r")
    shown = list(csv.reader(io.StringIO(invoke("show", "demo-01", "--data", ".", "--format", "csv").stdout)))
    for row in shown:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row


def test_csv_overdue_what_is_not_a_formula(root_here: RootHere) -> None:
    root_here({ITEM: item().replace("what: Bridge open", "what: \"=cmd|' /C calc'!A0\"")})
    rows = list(
        csv.DictReader(
            io.StringIO(invoke("overdue", "--as-of", "2012-12", "--data", ".", "-f", "csv").stdout)
        )
    )
    assert rows[0]["what"] == "'=cmd|' /C calc'!A0"


def test_csv_numbers_stay_numbers() -> None:
    view = View([], (Section("S", ("n", "m"), ((-3, 2.5),)),))
    assert render(view, Format.csv) == "n,m\n-3,2.5\n"


# -- item 7: GitHub annotations cannot be forged -----------------------------------------------


def test_github_annotation_properties_and_message_are_encoded(root_here: RootHere) -> None:
    root = root_here({})
    forged = "x\n::error file=README.md,line=1::FORGED.yaml"
    (root / "plan" / "demo" / forged).write_text(item().replace("demo-01", "demo-09"), encoding="utf-8")
    result = invoke("validate", "--data", ".", "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(
        "::error file=plan/demo/x\\n%3A%3Aerror file=README.md%2Cline=1%3A%3AFORGED.yaml,line=1,col=5,title=file-name::"
    )


def test_github_encoding_rules() -> None:
    from sbaudit.output.problems import _github

    line = _github(Problem("a,b:c%\r\n.yaml", 2, 3, "100% sure\r\nnext: line", "rule,x:y"))
    assert line == (
        "::error file=a%2Cb%3Ac%25%0D%0A.yaml,line=2,col=3,title=rule%2Cx%3Ay::100%25 sure%0D%0Anext: line"
    )


# -- item 9: Markdown headings and cells are escaped -------------------------------------------

INJECTION = (
    "Evil <img src=x onerror=alert(1)>\n| a | b |\n|---|---|\n# Owned \\| [link](http://x.invalid) ##\r"
)


def _markdown_tokens(text: str) -> list[str]:
    from markdown_it import MarkdownIt

    return [token.type for token in MarkdownIt("commonmark").enable("table").parse(text)]


def test_markdown_title_and_cells_cannot_inject(root_here: RootHere) -> None:
    root_here({})
    plain = _markdown_tokens(invoke("show", "demo-01", "--data", ".", "--format", "markdown").stdout)
    root_here({ITEM: item(title=INJECTION, text=INJECTION)})
    out = invoke("show", "demo-01", "--data", ".", "--format", "markdown").stdout
    tokens = _markdown_tokens(out)
    assert tokens == plain  # the same headings, paragraphs, lists and tables as with a plain title
    assert not {"html_block", "html_inline", "link_open", "image"} & set(tokens)
    first = out.splitlines()[0]
    assert first == (
        "# demo-01: Evil &lt;img src=x onerror=alert(1)&gt; \\| a \\| b \\| \\|---\\|---\\| # Owned "
        "\\\\\\| \\[link\\](http://x.invalid) \\#\\# "
    )
    listed = invoke("list", "--data", ".", "--format", "markdown").stdout
    rows = [line for line in listed.splitlines() if line.startswith("|")]
    assert len(rows) == 3 and all(_cells(row) == 7 for row in rows)


def test_markdown_blank_entry_does_not_underline_a_heading(root_here: RootHere) -> None:
    root_here({})
    plain = _markdown_tokens(invoke("show", "demo-01", "--data", ".", "--format", "markdown").stdout)
    blank = '    basis: reported\n    raw: Initiated\n    note: "    "'
    root_here({ITEM: item().replace("    basis: assessed\n    note: Work began.", blank)})
    out = invoke("show", "demo-01", "--data", ".", "--format", "markdown").stdout
    assert _markdown_tokens(out).count("heading_open") == plain.count("heading_open")


def _cells(row: str) -> int:
    """Cells of a Markdown table row: pipes not escaped by a backslash delimit them."""
    return len(re.findall(r"(?<!\\)\|", row)) - 1


# -- item 10: no link out of the root, short excerpts, bounded output --------------------------


def test_validate_path_does_not_follow_a_link_out_of_the_root(root_here: RootHere, tmp_path: Path) -> None:
    root = root_here({})
    secret = tmp_path / "secret.txt"
    secret.write_text("password: hunter2\n" * 50, encoding="utf-8")
    (root / "plan" / "demo" / "link.yaml").symlink_to(secret)
    result = invoke("validate", "--data", ".", "plan/demo/link.yaml")
    assert result.exit_code == 1
    assert (
        result.stdout
        == "plan/demo/link.yaml: [error] symbolic link to a file outside the data root: not followed (symlink)\n"
    )
    assert "hunter2" not in result.output


def test_validate_path_does_not_follow_a_linked_folder_out_of_the_root(
    root_here: RootHere, tmp_path: Path
) -> None:
    root = root_here({})
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "demo-02.yaml").write_text("password: hunter2\n", encoding="utf-8")
    (root / "plan" / "linked").symlink_to(outside, target_is_directory=True)
    result = invoke("validate", "--data", ".", "plan/linked/demo-02.yaml")
    assert result.exit_code == 1
    assert result.stdout == (
        "plan/linked/demo-02.yaml: [error] reached through a linked folder outside the "
        "data root: not followed (symlink)\n"
    )
    assert "hunter2" not in result.output


def test_messages_quote_a_short_excerpt(root_here: RootHere) -> None:
    root_here({ITEM: item().replace("set_by: s1", "set_by: " + "s" * 100_000)})
    result = invoke("validate", "--data", ".")
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    assert line == (
        "plan/demo/demo-01.yaml:12:13: [error] unknown report '" + "s" * 60 + "...' (100000 characters) "
        "(known: p1, s1, s2) (unknown-report)"
    )


def test_a_message_is_bounded_whatever_it_quotes() -> None:
    from sbaudit.core.safe import message

    assert (
        message("unknown field " + repr("k" * 500)) == "unknown field '" + "k" * 60 + "...' (500 characters)"
    )
    assert len(message("x" * 10_000)) == 403  # no quote to cut: the whole message is cut
    # an apostrophe in prose, or a quote a message leaves open, is not taken for a value's quotes
    text = "not a period: '1 month after ... (a relative period counts from a month or a day, not '1 month after ...)"
    assert message(text) == text


def test_a_long_list_of_wrong_values_is_bounded(root_here: RootHere) -> None:
    root_here({ITEM: item() + "aliases: [" + ", ".join(str(n) for n in range(10_000)) + "]\n"})
    result = invoke("validate", "--data", ".")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 100
    assert (
        lines[0]
        == "plan/demo/demo-01.yaml: [error] more than 100 schema violations: the rest are not listed (schema)"
    )
    assert lines[1] == "plan/demo/demo-01.yaml:18:11: [error] aliases[0]: 0 is not of type 'string' (schema)"
    assert result.stderr == "101 problem(s) in 1 file(s); 1 not shown (at most 100 per file)\n"


def test_a_long_list_of_unknown_links_is_bounded(root_here: RootHere) -> None:
    root_here({ITEM: item() + "continues: [" + ", ".join(f"x-{n}" for n in range(1_000)) + "]\n"})
    result = invoke("validate", "--data", ".")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 100
    assert result.stderr == "1000 problem(s) in 1 file(s); 900 not shown (at most 100 per file)\n"
    assert len(json.loads(invoke("validate", "--data", ".", "-f", "json").stdout)["problems"]) == 100
    assert len(invoke("validate", "--data", ".", "-f", "github").stdout.splitlines()) == 100


def test_a_huge_title_is_cut_in_a_table(root_here: RootHere) -> None:
    root_here({ITEM: item(title="w" * 200_000)})
    out = invoke("list", "--data", ".").stdout
    assert "... (200000 characters)" in out
    assert len(out) < 20_000


# -- item 12: whole-value patterns, the HTML file --------------------------------------------


def test_slug_with_a_trailing_newline_is_refused(root_here: RootHere) -> None:
    root_here({ITEM: item().replace("  - id: open", '  - id: "open\\n"')})
    result = invoke("validate", "--data", ".")
    assert result.exit_code == 1
    assert result.stdout == (
        "plan/demo/demo-01.yaml:8:9: [error] deadlines[0].id: 'open\\n' is not valid: an id is "
        "lower-case letters, digits, dots and hyphens, starting with a letter or digit, e.g. "
        "sbap-08 (schema)\n"
    )


def test_partner_key_with_a_trailing_newline_is_refused() -> None:
    from sbaudit.load.schema import _validator

    validator = _validator("item")
    entry = {
        "report": "s1",
        "basis": "reported",
        "status": "initiated",
        "partners": {"US-CN\n": {"status": "initiated"}},
    }
    document = {
        "id": "a",
        "program": "demo",
        "title": "t",
        "text": "t",
        "introduced": "p1",
        "history": [entry],
    }
    assert not validator.is_valid(document)
    entry["partners"] = {"US-CN": {"status": "initiated"}}
    assert validator.is_valid(document)


def test_report_html_does_not_follow_a_link(make_root: WriteRoot, tmp_path: Path) -> None:
    root = make_root()
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n", encoding="utf-8")
    page = tmp_path / "audit.html"
    page.symlink_to(precious)
    result = invoke("report", "--data", str(root), "--html", str(page))
    assert result.exit_code == 2
    assert "is a symbolic link" in result.stderr
    assert precious.read_text(encoding="utf-8") == "keep me\n"


def test_report_html_is_written_whole_or_not_at_all(
    make_root: WriteRoot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_root()
    out = tmp_path / "out"
    out.mkdir()
    page = out / "audit.html"
    page.write_text("the previous page\n", encoding="utf-8")

    def full_disk(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    result = invoke("report", "--data", str(root), "--html", str(page))
    assert result.exit_code == 2
    assert result.stderr.endswith("No space left on device\n")
    assert page.read_text(encoding="utf-8") == "the previous page\n"
    assert sorted(p.name for p in out.iterdir()) == ["audit.html"]


def test_report_html_written_with_ordinary_permissions(make_root: WriteRoot, tmp_path: Path) -> None:
    page = tmp_path / "audit.html"
    result = invoke("report", "--data", str(make_root()), "--html", str(page))
    assert result.exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert page.stat().st_mode & 0o777 == 0o666 & ~umask
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_data_files_reports_every_odd_entry(make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_root()
    monkeypatch.chdir(root)
    (root / "plan" / "demo" / "gone.yaml").symlink_to("nowhere.yaml")
    files, problems = data_files(Path("."))
    assert [p.format() for p in problems] == [
        "plan/demo/gone.yaml: [error] symbolic link to a file that cannot be reached (a loop, or a target that "
        "does not exist): not followed (symlink)"
    ]
    assert [str(f) for f in files] == ["reports/p1.yaml", "reports/s1.yaml", "reports/s2.yaml", ITEM]


SCHEMA_EXAMPLES = [
    "demo-01",
    "US-CN",
    "1-32",
    "0" * 64,
    "https://example.org/a",
]  # one valid value per pattern
# an address may end in any letter: for its pattern a trailing Z is a valid value, not a lost \Z anchor
ENDS_IN_ANY_LETTER = {"https://example.org/a"}


def _schema_patterns() -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                found.append(node["pattern"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in ("item", "report"):
        walk(json.loads((REPO / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("pattern", sorted(set(_schema_patterns())))
def test_schema_patterns_match_whole_values_only(pattern: str) -> None:
    """jsonschema runs `pattern` with Python's re.search, where `$` also matches before a final
    newline; editors run it as an ECMA-262 regex, where `\\Z` is no anchor. Each pattern must take
    a valid value and refuse it with a newline after it, in Python and (when node is there) in JS."""
    value = next(value for value in SCHEMA_EXAMPLES if re.search(pattern, value))
    for bad in (value + "\n", value + "\nx", "x\n" + value, value + "Z"):
        if not (bad == value + "Z" and value in ENDS_IN_ANY_LETTER):
            assert re.search(pattern, bad) is None, (pattern, bad)
    node = shutil.which("node")
    if node is not None:
        script = (
            "const p = new RegExp(process.argv[1], 'u'); const v = JSON.parse(process.argv[2]);"
            "console.log(JSON.stringify(v.map((s) => p.test(s))))"
        )
        checked = subprocess.run(
            [node, "-e", script, pattern, json.dumps([value, value + "\n", value + "Z"])],
            capture_output=True,
            text=True,
            check=False,
            timeout=HANG_GUARD,
        )
        assert checked.returncode == 0, checked.stderr  # a SyntaxError: not a valid ECMA-262 regex
        assert json.loads(checked.stdout) == [True, False, value in ENDS_IN_ANY_LETTER], pattern


def test_report_html_keeps_the_mode_of_the_file_it_replaces(make_root: WriteRoot, tmp_path: Path) -> None:
    """Issue 22, case 11: a page of mode 600 was replaced by one of mode 644."""
    page = tmp_path / "audit.html"
    page.write_text("the previous page\n", encoding="utf-8")
    os.chmod(page, 0o600)
    result = invoke("report", "--data", str(make_root()), "--html", str(page))
    assert result.exit_code == 0, result.output
    assert page.stat().st_mode & 0o777 == 0o600
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_html_page_shows_controls_from_the_data_as_escapes(root_here: RootHere, tmp_path: Path) -> None:
    """Issue 22, case 12: the page kept raw C0 and C1 controls and U+202E from the data."""
    root = root_here({ITEM: item(title="Bridge \x1b[31m red \x85 next \u202e reversed \x07")})
    page = tmp_path / "audit.html"
    result = invoke("report", "--data", str(root), "--html", str(page))
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert not RAW_CONTROL.search(html.replace("\n", "")), RAW_CONTROL.search(html.replace("\n", ""))
    assert "Bridge \\x1b[31m red \\x85 next \\u202e reversed \\x07" in html
