"""`sbaudit import` keeps every byte outside the new entries, whatever the layout of a valid item
file, or refuses the file and changes nothing (issue 22, cases 1, 8 and 12)."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import WriteRoot
from sbaudit.cli import app
from sbaudit.record import import_write

runner = CliRunner()
ITEM = "plan/demo/demo-01.yaml"
HEAD = (
    "id: demo-01\nprogram: demo\nnumber: 1\ntitle: Build the bridge\ntext: Build the bridge.\n"
    "introduced: p1\ndeadlines: []\n"
)
S1 = {"report": "s1", "status": "initiated", "basis": "assessed", "note": "Work began."}
S2_ROW = "item,status,note\ndemo-01,delayed,Work stopped.\n"
S2 = {"report": "s2", "status": "delayed", "basis": "assessed", "note": "Work stopped."}


def run_import(root: Path, csv_text: str, report: str = "s2", *extra: str) -> tuple[int, str]:
    table = root.parent / "t.csv"
    table.write_bytes(csv_text.encode("utf-8"))
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = runner.invoke(app, ["import", report, str(table), "--data", str(root), *extra])
    finally:
        os.chdir(cwd)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != import_write.LOCK_NAME
    }


def one_insertion(old: bytes, new: bytes) -> bytes:
    """The bytes inserted into `old` to give `new`, asserting that nothing else changed."""
    start = 0
    while start < len(old) and old[start] == new[start]:
        start += 1
    inserted = len(new) - len(old)
    assert inserted > 0
    assert new[:start] + new[start + inserted :] == old, "bytes outside the new entry changed"
    return new[start : start + inserted]


LAYOUTS: dict[str, str] = {
    # what yaml.safe_dump and ruamel write: the dashes at the key's own column
    "unindented": "history:\n- report: s1\n  status: initiated\n  basis: assessed\n  note: Work began.\n",
    # yaml.safe_dump's default: keys sorted, `report` not first
    "sorted keys": "history:\n- basis: assessed\n  note: Work began.\n  report: s1\n  status: initiated\n",
    "block scalar kept (|+) last": (
        "history:\n  - report: s1\n    status: initiated\n    basis: assessed\n    note: |+\n"
        "      Work began.\n\n\n"
    ),
    "block scalar stripped (|-) last": (
        "history:\n  - report: s1\n    status: initiated\n    basis: assessed\n    note: |-\n"
        "      Work began.\n"
    ),
    "folded (>) last, no final newline": (
        "history:\n  - report: s1\n    status: initiated\n    basis: assessed\n    note: >\n      Work began."
    ),
    "comment after the list": (
        "history:\n  - report: s1\n    status: initiated\n    basis: assessed\n    note: Work began.\n"
        "# the end\n"
    ),
    "non-BMP text": (
        'history:\n  - report: s1\n    status: initiated\n    basis: assessed\n    note: "Work \U0001f309 began."\n'
    ),
    "CRLF": "history:\r\n  - report: s1\r\n    status: initiated\r\n    basis: assessed\r\n    note: Work began.\r\n",
    "CR only": "history:\r  - report: s1\r    status: initiated\r    basis: assessed\r    note: Work began.\r",
    "mixed: LF then CRLF": (
        "history:\n  - report: s1\r\n    status: initiated\r\n    basis: assessed\r\n    note: Work began.\r\n"
    ),
    "flow list": "history: [{report: s1, status: initiated, basis: assessed, note: Work began.}]\n",
    "flow entries": "history:\n  - {report: s1, status: initiated, basis: assessed, note: Work began.}\n",
}


def _head(newline: str) -> str:
    return HEAD.replace("\n", newline)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_layout_is_kept_byte_for_byte_or_refused(make_root: WriteRoot, layout: str) -> None:
    """Case 1 (and 8, 12): unindented and flow lists, block scalars, CR/CRLF/mixed line ends,
    non-BMP text. Either every old byte stays and the file reads as the old data plus the new
    entry, or the file is refused with a reason and nothing changes."""
    body = LAYOUTS[layout]
    newline = "\r" if layout == "CR only" else "\r\n" if layout == "CRLF" else "\n"
    text = _head(newline) + body
    root = make_root({ITEM: text.encode("utf-8")})
    old_data: Any = yaml.safe_load(text)
    before = tree(root)
    code, err = run_import(root, S2_ROW)
    after = tree(root)
    refused = {
        "flow list": "written in flow style ([...]); write it as a block list",
        # a line after the last scalar would end it with a line break it does not have
        "folded (>) last, no final newline": "the edited text would read differently from the old data",
    }
    if layout in refused:
        assert code == 1, err
        assert refused[layout] in err and "nothing written" in err
        assert after == before
        return
    assert code == 0, err
    assert set(after) == set(before)
    one_insertion(before[ITEM], after[ITEM])
    new_data = yaml.safe_load(after[ITEM].decode("utf-8"))
    assert new_data == {**old_data, "history": [*old_data["history"], S2]}
    assert runner.invoke(app, ["validate", "--data", str(root)]).exit_code == 0


def test_an_unindented_history_keeps_its_entries(make_root: WriteRoot) -> None:
    """Case 1 as the issue found it: the 2002 and 2004 entries were replaced by the new one."""
    text = HEAD + LAYOUTS["unindented"]
    root = make_root({ITEM: text})
    assert run_import(root, S2_ROW)[0] == 0
    assert (root / ITEM).read_text(encoding="utf-8") == text + (
        "- report: s2\n  status: delayed\n  basis: assessed\n  note: Work stopped.\n"
    )


def test_a_kept_block_scalar_keeps_its_trailing_newlines(make_root: WriteRoot) -> None:
    text = HEAD + LAYOUTS["block scalar kept (|+) last"]
    root = make_root({ITEM: text})
    assert run_import(root, S2_ROW)[0] == 0
    history = yaml.safe_load((root / ITEM).read_text(encoding="utf-8"))["history"]
    assert history[0]["note"] == "Work began.\n\n\n"
    assert history[1] == S2


def test_new_lines_follow_the_line_ends_around_them(make_root: WriteRoot) -> None:
    """Case 12: new lines end as the lines around them do, not as the file's first CRLF does."""
    body = "history:\n  - report: s1\n    status: initiated\n    basis: assessed\n    note: Work began.\n"
    for head, newline in ((_head("\r\n"), b"\n"), (HEAD, b"\n")):
        text = (head + body).encode()
        root = make_root({ITEM: text})
        assert run_import(root, S2_ROW)[0] == 0
        inserted = one_insertion(text, (root / ITEM).read_bytes())
        lines = [
            b"  - report: s2",
            b"    status: delayed",
            b"    basis: assessed",
            b"    note: Work stopped.",
        ]
        assert inserted == b"".join(line + newline for line in lines)
    text = (HEAD + LAYOUTS["mixed: LF then CRLF"]).encode()
    root = make_root({ITEM: text})
    assert run_import(root, S2_ROW)[0] == 0
    assert one_insertion(text, (root / ITEM).read_bytes()).count(b"\r\n") == 4


def test_a_cell_outside_the_bmp_that_needs_quoting(make_root: WriteRoot) -> None:
    """Case 12: JSON's surrogate pair for U+1F309 read back as two characters, and the table
    was refused; now the note is written as one escape and reads back as written."""
    root = make_root()
    note = "Opened: \U0001f309 at last"
    code, err = run_import(root, f"item,status,note\ndemo-01,completed,{note}\n")
    assert code == 0, err
    history = yaml.safe_load((root / ITEM).read_text(encoding="utf-8"))["history"]
    assert history[-1]["note"] == note


def test_a_flow_deadline_list_is_refused_for_a_revision(make_root: WriteRoot) -> None:
    text = textwrap.dedent("""\
        id: demo-01
        program: demo
        number: 1
        title: Build the bridge
        text: Build the bridge.
        introduced: p1
        deadlines: [{id: open, what: Bridge open, due: by spring 2011, period: 2011-spring, set_by: s1}]
        history:
          - report: s1
            status: initiated
            basis: assessed
            note: Work began.
        """)
    root = make_root({ITEM: text})
    before = tree(root)
    code, err = run_import(root, "item,status,note,due,period\ndemo-01,delayed,Late.,by 2012,2012\n")
    assert code == 1, err
    assert "deadlines in plan/demo/demo-01.yaml are written in flow style" in err
    assert tree(root) == before


def test_an_item_file_with_cr_line_ends_gets_a_revision(make_root: WriteRoot) -> None:
    """Case 8: CR-only line ends were an IndexError."""
    from conftest import TINY_ITEM

    text = textwrap.dedent(TINY_ITEM).replace("\n", "\r")
    root = make_root({ITEM: text.encode()})
    code, err = run_import(root, "item,status,note,due,period\ndemo-01,delayed,Late.,by 2012,2012\n")
    assert code == 0, err
    data = yaml.safe_load((root / ITEM).read_bytes().decode())
    assert data["deadlines"][0]["revisions"] == [{"report": "s2", "due": "by 2012", "period": "2012"}]
    assert b"\n" not in (root / ITEM).read_bytes()
    assert runner.invoke(app, ["validate", "--data", str(root)]).exit_code == 0


def test_a_bad_report_argument_is_escaped_once(make_root: WriteRoot) -> None:
    """Case 12: `\\x1b` was shown as `\\\\x1b`."""
    root = make_root()
    code, err = run_import(root, S2_ROW, "s\x1b9")
    assert code == 2
    assert "'s\\x1b9' is not a status report" in err


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    flow=st.sampled_from([False, None]),
    indent=st.integers(min_value=2, max_value=6),
    width=st.sampled_from([20, 80, 1000]),
    line_break=st.sampled_from(["\n", "\r\n", "\r"]),
    sort_keys=st.booleans(),
    note=st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"),
        min_size=1,
        max_size=40,
    ),
    block=st.booleans(),
)
def test_any_dump_layout_is_kept_or_refused(
    make_root: WriteRoot,
    flow: bool | None,
    indent: int,
    width: int,
    line_break: str,
    sort_keys: bool,
    note: str,
    block: bool,
) -> None:
    """Item files as yaml.safe_dump writes them with any options (as a tool that rewrote the file
    would): the import keeps every old byte and adds exactly the entry, or refuses and changes
    nothing."""
    data = {**yaml.safe_load(HEAD), "history": [{**S1, "note": note.strip() or "x"}]}
    if block:
        data["history"][0]["note"] += "\n"
    text = yaml.safe_dump(
        data,
        default_flow_style=flow,
        indent=indent,
        width=width,
        line_break=line_break,
        sort_keys=sort_keys,
        allow_unicode=True,
    )
    root = make_root({ITEM: text.encode("utf-8")})
    if runner.invoke(app, ["validate", "--data", str(root)]).exit_code != 0:
        return  # only files that validate are the import's to keep
    before = tree(root)
    code, err = run_import(root, S2_ROW)
    after = tree(root)
    if code != 0:
        assert code == 1 and "nothing written" in err, err
        assert after == before
        return
    one_insertion(before[ITEM], after[ITEM])
    assert yaml.safe_load(after[ITEM].decode("utf-8")) == {**data, "history": [*data["history"], S2]}
