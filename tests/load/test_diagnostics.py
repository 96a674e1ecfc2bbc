"""One small broken file per diagnostic: each problem must carry the exact path:line:col of the
offending YAML node (the key for unknown fields, the second occurrence for duplicate keys) and its
rule. Line and column numbers below are counted by hand from the file text (1-based)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import WriteRoot
from sbaudit.core.model import Dataset
from sbaudit.load.data_root import load_dataset

BAD = "plan/demo/demo-02.yaml"

# A valid second item; most cases below are this text with one thing broken.
#   line 1  id: demo-02
#   line 2  program: demo
#   line 3  title: Two
#   line 4  text: Two.
#   line 5  introduced: p1
#   line 6  history:
#   line 7    - report: s1
#   line 8      status: initiated
#   line 9      basis: assessed
#  line 10      note: Began.
GOOD_ITEM = textwrap.dedent(
    """\
    id: demo-02
    program: demo
    title: Two
    text: Two.
    introduced: p1
    history:
      - report: s1
        status: initiated
        basis: assessed
        note: Began.
    """
)

Found = list[tuple[str, int, int, str]]
Check = Callable[..., Found]
LoadRoot = Callable[..., Dataset]


@pytest.fixture
def check(make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch) -> Check:
    """Write a root with the given files, load it from inside the root, return (path, line,
    column, rule) of every problem, in the dataset's order."""

    def run(files: dict[str, str | bytes | None], with_item: bool = True) -> Found:
        root = make_root(files, with_item=with_item)
        monkeypatch.chdir(root)
        dataset = load_dataset(root)
        return [(p.path, p.line, p.column, p.rule) for p in dataset.problems]

    return run


@pytest.fixture
def load_root(make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch) -> LoadRoot:
    def run(files: dict[str, str | bytes | None], with_item: bool = True) -> Dataset:
        root = make_root(files, with_item=with_item)
        monkeypatch.chdir(root)
        return load_dataset(root)

    return run


def test_good_item_is_clean(check: Check) -> None:
    assert check({BAD: GOOD_ITEM}) == []


# ---------------------------------------------------------------- YAML level


def test_yaml_syntax(check: Check) -> None:
    text = GOOD_ITEM.replace("title: Two", "title: a: b")
    # "title: a: b": the second ':' is column 9 of line 3
    assert check({BAD: text}) == [(BAD, 3, 9, "yaml-syntax")]


def test_yaml_syntax_unclosed_flow_sequence(check: Check) -> None:
    text = """\
        id: demo-02
        continues: [a, b
        title: Two
        """
    # the flow sequence is still open when the next key's ':' arrives (line 3, column 6)
    assert check({BAD: text}) == [(BAD, 3, 6, "yaml-syntax")]


def test_yaml_duplicate_key_top_level(check: Check) -> None:
    text = GOOD_ITEM.replace("text: Two.\n", "text: Two.\ntitle: Again\n")
    # the second 'title' is the key on line 5
    assert check({BAD: text}) == [(BAD, 5, 1, "yaml-duplicate-key")]


def test_yaml_duplicate_key_nested(check: Check) -> None:
    text = GOOD_ITEM + "    note: Again.\n"
    # line 11, inside the history entry, indented 4
    assert check({BAD: text}) == [(BAD, 11, 5, "yaml-duplicate-key")]


def test_yaml_tag_python_object_does_not_run(check: Check, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = GOOD_ITEM.replace("text: Two.", f'text: !!python/object/apply:os.system ["touch {marker}"]')
    # the tagged node starts at the tag, after "text: " (column 7) on line 4
    assert check({BAD: text}) == [(BAD, 4, 7, "yaml-tag")]
    assert not marker.exists()


def test_yaml_tag_echo_prints_nothing(check: Check, capfd: pytest.CaptureFixture[str]) -> None:
    text = GOOD_ITEM.replace("title: Two", 'title: !!python/object/apply:os.system ["echo hi"]')
    assert check({BAD: text}) == [(BAD, 3, 8, "yaml-tag")]
    captured = capfd.readouterr()
    assert "hi" not in captured.out
    assert "hi" not in captured.err


@pytest.mark.parametrize(
    ("line3", "column"),
    [
        ("title: !!binary VHdv", 8),
        ("title: !custom Two", 8),
        ("title: !!set {a, b}", 8),
        ("title: !!python/name:os.system", 8),
    ],
)
def test_yaml_tag_other_tags(check: Check, line3: str, column: int) -> None:
    text = GOOD_ITEM.replace("title: Two", line3)
    assert check({BAD: text}) == [(BAD, 3, column, "yaml-tag")]


def test_yaml_alias_refused(check: Check) -> None:
    text = GOOD_ITEM.replace("title: Two", "title: &t Two").replace("text: Two.", "text: *t")
    found = check({BAD: text})
    assert len(found) == 1
    assert [(path, rule) for path, _, _, rule in found] == [(BAD, "yaml-alias")]


def test_yaml_alias_points_at_the_alias(check: Check) -> None:
    text = GOOD_ITEM.replace("title: Two", "title: &t Two").replace("text: Two.", "text: *t")
    # "text: *t": the alias is at line 4, column 7
    assert check({BAD: text}) == [(BAD, 4, 7, "yaml-alias")]


def _laughs() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_yaml_alias_billion_laughs_refused_before_expanding(
    load_root: LoadRoot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml

    composed: list[int] = []
    real_compose = yaml.compose

    def counting(text: Any, Loader: Any) -> Any:
        composed.append(text.count("*"))
        return real_compose(text, Loader=Loader)

    monkeypatch.setattr(yaml, "compose", counting)
    dataset = load_root({BAD: _laughs()})
    # every other file is composed; the bomb (the only file with aliases) never is
    assert composed and all(stars == 0 for stars in composed)
    assert dataset.problems
    assert {(p.path, p.rule) for p in dataset.problems} == {(BAD, "yaml-alias")}
    assert [i.id for i in dataset.items] == ["demo-01"]


def test_yaml_alias_billion_laughs_gets_one_diagnostic(load_root: LoadRoot) -> None:
    dataset = load_root({BAD: _laughs()})
    # "b: &b [*a, *a, ...]": the first alias is line 2, column 8; 72 aliases in all
    assert [(p.path, p.line, p.column, p.rule) for p in dataset.problems] == [(BAD, 2, 8, "yaml-alias")]
    assert "(and 71 more in this file)" in dataset.problems[0].message


def test_yaml_merge_key_refused(check: Check) -> None:
    text = GOOD_ITEM.replace("title: Two", "<<: {title: Two}")
    assert check({BAD: text}) == [(BAD, 3, 1, "yaml-key")]


def test_yaml_comment_glued_to_a_value(load_root: LoadRoot) -> None:
    text = GOOD_ITEM.replace("note: Began.", "note: Began, see #8 below")
    dataset = load_root({BAD: text})
    # "    note: Began, see #8 below": the '#' is column 22 of line 10
    assert [(p.path, p.line, p.column, p.rule) for p in dataset.problems] == [
        (BAD, 10, 22, "yaml-comment-in-value")
    ]


def test_yaml_comment_after_a_space_is_a_comment(check: Check) -> None:
    assert check({BAD: GOOD_ITEM.replace("note: Began.", "note: Began.  # a comment")}) == []


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth + "\n"


def test_yaml_depth(check: Check) -> None:
    # the root is level 1: the first level deeper than 200 is the 201st '[' of line 1
    assert check({BAD: _deep(5000)}) == [(BAD, 1, 201, "yaml-depth")]  # the 201st level is the first too deep


def test_yaml_depth_block_style(check: Check) -> None:
    text = "".join(" " * i + "-\n" for i in range(300))
    # the root sequence (line 1) is level 1: level 201 is the '-' on line 201, after 200 spaces
    assert check({BAD: text}) == [(BAD, 201, 201, "yaml-depth")]


_DEEP_SCRIPT = """\
import sys
from pathlib import Path
from sbaudit.load.data_root import load_dataset
for p in load_dataset(Path('.')).problems:
    print(p.path, p.line, p.column, p.rule)
"""


def test_yaml_depth_50000_brackets_no_crash(make_root: WriteRoot) -> None:
    root = make_root({BAD: _deep(50_000)})
    env = dict(os.environ, SBAUDIT_NO_CACHE="1")
    done = subprocess.run(
        [sys.executable, "-c", _DEEP_SCRIPT], cwd=root, env=env, capture_output=True, text=True, timeout=60
    )
    assert "RecursionError" not in done.stderr
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == [f"{BAD} 1 201 yaml-depth"]


def test_yaml_control_character(load_root: LoadRoot) -> None:
    text = GOOD_ITEM.replace("title: Two", "title: T\x00wo")
    dataset = load_root({BAD: text})
    assert [(p.path, p.line, p.column, p.rule) for p in dataset.problems] == [(BAD, 3, 9, "yaml-syntax")]
    assert "\n" not in dataset.problems[0].format()


# ---------------------------------------------------------------- bytes and layout of the text


def test_encoding_invalid_utf8(check: Check) -> None:
    raw = GOOD_ITEM.replace("Two.", "Tw@.").encode().replace(b"@", b"\xe9")
    # "text: Tw" is 8 bytes: the bad byte is column 9 of line 4
    assert check({BAD: raw}) == [(BAD, 4, 9, "encoding")]


def test_encoding_message_names_the_byte(load_root: LoadRoot) -> None:
    raw = GOOD_ITEM.encode().replace(b"Began.", b"Began\xff")
    dataset = load_root({BAD: raw})
    assert [p.format() for p in dataset.problems] == [
        f"{BAD}:10:16: [error] not valid UTF-8 (byte 0xff) (encoding)"
    ]


def test_encoding_after_bom(load_root: LoadRoot) -> None:
    raw = b"\xef\xbb\xbf" + GOOD_ITEM.encode().replace(b"program: demo", b"program: d\xffmo")
    dataset = load_root({BAD: raw})
    assert [p.format() for p in dataset.problems] == [
        f"{BAD}:2:11: [error] not valid UTF-8 (byte 0xff) (encoding)"
    ]


def test_encoding_column_counts_characters(check: Check) -> None:
    raw = GOOD_ITEM.replace("title: Two", "title: é@").encode().replace(b"@", b"\xff")
    assert check({BAD: raw}) == [(BAD, 3, 9, "encoding")]


def test_empty_file(check: Check) -> None:
    assert check({BAD: ""}) == [(BAD, 1, 1, "empty")]


def test_comment_only_file_is_empty(check: Check) -> None:
    assert check({BAD: "# yaml-language-server: $schema=../../schemas/item.schema.json\n"}) == [
        (BAD, 1, 1, "empty")
    ]


def test_byte_order_mark_loads_cleanly(load_root: LoadRoot) -> None:
    raw = b"\xef\xbb\xbf" + GOOD_ITEM.encode()
    dataset = load_root({BAD: raw})
    assert [p.format() for p in dataset.problems] == []
    assert [i.id for i in dataset.items] == ["demo-01", "demo-02"]


def test_byte_order_mark_report_loads_cleanly(load_root: LoadRoot) -> None:
    raw = (
        b"\xef\xbb\xbf"
        + b"id: s3\nprogram: demo\nkind: status\ntitle: T\npublished: '2013-01-01'\nas_of: '2013-01'\n"
    )
    dataset = load_root({"reports/s3.yaml": raw})
    assert [p.format() for p in dataset.problems] == []
    assert [r.id for r in dataset.reports] == ["p1", "s1", "s2", "s3"]


def test_byte_order_mark_keeps_positions(check: Check) -> None:
    raw = b"\xef\xbb\xbf" + GOOD_ITEM.replace("id: demo-02", "id: demo-03").encode()
    # the BOM is not a column: the id value stays at line 1, column 5
    assert check({BAD: raw}) == [(BAD, 1, 5, "file-name")]


def test_crlf_loads_cleanly(load_root: LoadRoot) -> None:
    raw = GOOD_ITEM.replace("\n", "\r\n").encode()
    dataset = load_root({BAD: raw})
    assert [p.format() for p in dataset.problems] == []
    item = {i.id: i for i in dataset.items}["demo-02"]
    assert item.title == "Two"
    assert item.history[0].note == "Began."


def test_crlf_keeps_positions(check: Check) -> None:
    text = GOOD_ITEM.replace("text: Two.\n", "text: Two.\ncolour: red\n")
    raw = text.replace("\n", "\r\n").encode()
    assert check({BAD: raw}) == [(BAD, 5, 1, "schema")]


def test_crlf_encoding_position(check: Check) -> None:
    raw = GOOD_ITEM.replace("\n", "\r\n").encode().replace(b"Two.", b"Tw\xff.")
    assert check({BAD: raw}) == [(BAD, 4, 9, "encoding")]


def test_tab_indentation_is_a_precise_syntax_error(check: Check) -> None:
    text = GOOD_ITEM.replace("  - report: s1", "\t- report: s1")
    # the tab opens line 7
    assert check({BAD: text}) == [(BAD, 7, 1, "yaml-syntax")]


def test_tab_after_indent_is_a_precise_syntax_error(check: Check) -> None:
    text = GOOD_ITEM.replace("    basis: assessed", "  \tbasis: assessed")
    # two spaces then a tab: the tab is column 3 of line 9
    assert check({BAD: text}) == [(BAD, 9, 3, "yaml-syntax")]


# ---------------------------------------------------------------- schema


def test_schema_unknown_field_at_key(check: Check) -> None:
    text = GOOD_ITEM.replace("introduced: p1\n", "introduced: p1\ncolour: red\n")
    assert check({BAD: text}) == [(BAD, 6, 1, "schema")]


def test_schema_unknown_field_nested_at_key(check: Check) -> None:
    text = GOOD_ITEM + "    colour: red\n"
    assert check({BAD: text}) == [(BAD, 11, 5, "schema")]


def test_schema_unknown_field_message(load_root: LoadRoot) -> None:
    text = GOOD_ITEM + "    colour: red\n"
    dataset = load_root({BAD: text})
    assert [p.format() for p in dataset.problems] == [
        f"{BAD}:11:5: [error] history[0].colour: unknown field 'colour' (schema)"
    ]


def test_schema_unknown_field_in_report(check: Check) -> None:
    report = """\
        id: s3
        program: demo
        kind: status
        title: Third
        published: "2013-01-01"
        as_of: "2013-01-01"
          # comment
        colour: red
        """
    assert check({"reports/s3.yaml": report}) == [("reports/s3.yaml", 8, 1, "schema")]


def test_schema_wrong_type(check: Check) -> None:
    text = GOOD_ITEM.replace("title: Two", "title: 5")
    assert check({BAD: text}) == [(BAD, 3, 8, "schema")]


def test_schema_wrong_type_in_list(check: Check) -> None:
    text = GOOD_ITEM.replace("introduced: p1\n", "introduced: p1\naliases: [Second, 7]\n")
    # "aliases: [Second, 7]": the 7 is column 19 of line 6
    assert check({BAD: text}) == [(BAD, 6, 19, "schema")]


def test_schema_bad_status_enum(load_root: LoadRoot) -> None:
    text = GOOD_ITEM.replace("status: initiated", "status: finished")
    dataset = load_root({BAD: text})
    assert [(p.path, p.line, p.column, p.rule) for p in dataset.problems] == [(BAD, 8, 13, "schema")]
    assert "finished" in dataset.problems[0].message
    assert dataset.problems[0].message.startswith("history[0].status: ")


def test_schema_bad_report_kind(check: Check) -> None:
    report = """\
        id: s3
        program: demo
        kind: annual
        title: Third
        published: "2013-01-01"
        as_of: "2013-01-01"
        """
    assert check({"reports/s3.yaml": report}) == [("reports/s3.yaml", 3, 7, "schema")]


def test_schema_list_where_mapping_belongs(check: Check) -> None:
    text = GOOD_ITEM.replace("introduced: p1\n", "introduced: p1\ngroup: [a, b]\n")
    assert check({BAD: text}) == [(BAD, 6, 8, "schema")]


def test_schema_scalar_where_mapping_belongs(check: Check) -> None:
    text = """\
        id: demo-02
        program: demo
        title: Two
        text: Two.
        introduced: p1
        history:
          - just a sentence
        """
    assert check({BAD: text}) == [(BAD, 7, 5, "schema")]


def test_schema_document_is_a_list(check: Check) -> None:
    assert check({BAD: "- id: demo-02\n- program: demo\n"}) == [(BAD, 1, 1, "schema")]


def test_schema_document_is_a_scalar(check: Check) -> None:
    assert check({BAD: "just words\n"}) == [(BAD, 1, 1, "schema")]


def test_schema_missing_required_field(load_root: LoadRoot) -> None:
    text = GOOD_ITEM.replace("text: Two.\n", "")
    dataset = load_root({BAD: text})
    assert [p.format() for p in dataset.problems] == [
        f"{BAD}:1:1: [error] (document): missing key 'text'; add e.g. text: The plan's wording, verbatim. (schema)"
    ]


def test_schema_entry_needs_status_or_partners(load_root: LoadRoot) -> None:
    text = GOOD_ITEM.replace("    status: initiated\n", "")
    dataset = load_root({BAD: text})
    assert [p.format() for p in dataset.problems] == [
        f"{BAD}:7:5: [error] history[0]: needs 'status' or 'partners' (schema)"
    ]


def test_schema_bad_partner_key(check: Check) -> None:
    text = """\
        id: demo-02
        program: demo
        title: Two
        text: Two.
        introduced: p1
        history:
          - report: s1
            basis: reported
            partners:
              us-cn: {status: initiated, raw: Initiated}
        """
    # a bad partner name is reported at the name (the key on line 10, column 7)
    assert check({BAD: text}) == [(BAD, 10, 7, "schema")]


# ---------------------------------------------------------------- ids and file names


def test_file_name_item(check: Check) -> None:
    text = GOOD_ITEM.replace("id: demo-02", "id: demo-03")
    assert check({BAD: text}) == [(BAD, 1, 5, "file-name")]


def test_file_name_report(check: Check) -> None:
    report = """\
        program: demo
        id: s4
        kind: status
        title: Third
        published: "2013-01-01"
        as_of: "2013-01-01"
        """
    assert check({"reports/s3.yaml": report}) == [("reports/s3.yaml", 2, 5, "file-name")]


def test_duplicate_item_id(check: Check) -> None:
    text = GOOD_ITEM.replace("demo-02", "demo-01")
    # the later file (in walk order) is flagged, at its id value
    assert check({"plan/demo/more/demo-01.yaml": text}) == [
        ("plan/demo/more/demo-01.yaml", 1, 5, "duplicate-id")
    ]


def test_duplicate_deadline_id(check: Check) -> None:
    text = """\
        id: demo-02
        program: demo
        title: Two
        text: Two.
        introduced: p1
        deadlines:
          - id: open
            what: Open
            due: soon
            period: "2011"
            set_by: p1
          - id: open
            what: Open again
            due: later
            period: "2012"
            set_by: p1
        history: []
        """
    assert check({BAD: text}) == [(BAD, 12, 9, "duplicate-id")]


_S3 = textwrap.dedent(
    """\
    id: s3
    aliases: [third, {alias}]
    program: demo
    kind: status
    title: Third
    published: "2013-01-01"
    as_of: "2013-01-01"
    """
)


def test_duplicate_report_id_via_alias(load_root: LoadRoot) -> None:
    dataset = load_root({"reports/s3.yaml": _S3.replace("{alias}", "first")})
    assert [(p.path, p.rule) for p in dataset.problems] == [("reports/s3.yaml", "duplicate-id")]
    assert dataset.problems[0].message == "report name 'first' is already used by reports/s1.yaml"


def test_duplicate_report_alias_points_at_alias(check: Check) -> None:
    # "aliases: [third, first]": '[' is column 10, 'third' 11-15, ', ' 16-17: 'first' is column 18
    assert check({"reports/s3.yaml": _S3.replace("{alias}", "first")}) == [
        ("reports/s3.yaml", 2, 18, "duplicate-id")
    ]


def test_duplicate_report_id(check: Check) -> None:
    report = _S3.replace("aliases: [third, {alias}]\n", "").replace("id: s3", "id: s1")
    found = check({"reports/s3.yaml": report})
    # also misnamed; the duplicate points at the later report's id
    assert found == [("reports/s3.yaml", 1, 5, "file-name"), ("reports/s3.yaml", 1, 5, "duplicate-id")]


# ---------------------------------------------------------------- references and order


def test_unknown_report(load_root: LoadRoot) -> None:
    dataset = load_root({BAD: GOOD_ITEM.replace("- report: s1", "- report: s9")})
    assert [p.format() for p in dataset.problems] == [
        f"{BAD}:7:13: [error] unknown report 's9' (known: p1, s1, s2) (unknown-report)"
    ]


def test_unknown_report_introduced(check: Check) -> None:
    assert check({BAD: GOOD_ITEM.replace("introduced: p1", "introduced: p0")}) == [
        (BAD, 5, 13, "unknown-report")
    ]


def test_alias_is_a_known_report(check: Check) -> None:
    assert check({BAD: GOOD_ITEM.replace("- report: s1", "- report: first")}) == []


_OTHER_REPORT = """\
    id: o1
    program: other
    kind: status
    title: Another program's report
    published: "2013-01-01"
    as_of: "2013-01-01"
    """


def test_report_program(load_root: LoadRoot) -> None:
    dataset = load_root(
        {"reports/o1.yaml": _OTHER_REPORT, BAD: GOOD_ITEM.replace("- report: s1", "- report: o1")}
    )
    assert [p.format() for p in dataset.problems] == [
        f"{BAD}:7:13: [error] report 'o1' belongs to program 'other', not 'demo' (report-program)"
    ]


def test_history_order(check: Check) -> None:
    text = GOOD_ITEM.replace("- report: s1", "- report: s2") + (
        "  - report: s1\n    status: initiated\n    basis: assessed\n    note: Earlier.\n"
    )
    # the second entry (line 11) comes from an earlier report
    assert check({BAD: text}) == [(BAD, 11, 13, "history-order")]


def test_history_repeated_report(check: Check) -> None:
    text = GOOD_ITEM + "  - report: first\n    status: on-track\n    basis: assessed\n    note: Again.\n"
    assert check({BAD: text}) == [(BAD, 11, 13, "history-order")]


def test_history_before_introduced(check: Check) -> None:
    text = GOOD_ITEM.replace("introduced: p1", "introduced: s2")
    assert check({BAD: text}) == [(BAD, 7, 13, "history-order")]


_DEADLINE_HEAD = textwrap.dedent(
    """\
    id: demo-02
    program: demo
    title: Two
    text: Two.
    introduced: p1
    deadlines:
      - id: open
        what: Open
        due: by spring 2011
        period: {period}
        set_by: {set_by}
    """
)
# line 10: "    period: ..." (value at column 13); line 11: "    set_by: ..." (column 13);
# `more` (the rest of the deadline, indented under it) starts on line 12.


def _deadline(period: str = "2011-spring", set_by: str = "s1", more: str = "") -> str:
    head = _DEADLINE_HEAD.replace("{period}", period).replace("{set_by}", set_by)
    return head + textwrap.indent(textwrap.dedent(more), "    ") + "history: []\n"


def test_deadline_item_is_clean(check: Check) -> None:
    assert check({BAD: _deadline()}) == []


@pytest.mark.parametrize("period", ["sometime", '"2011-13"', "2011-02-30", "true", "[2011]"])
def test_period(check: Check, period: str) -> None:
    rule = "schema" if period in ("true", "[2011]") else "period"
    assert check({BAD: _deadline(period=period)}) == [(BAD, 10, 13, rule)]


def test_period_message(load_root: LoadRoot) -> None:
    dataset = load_root({BAD: _deadline(period="sometime")})
    assert len(dataset.problems) == 1
    assert dataset.problems[0].format().startswith(f"{BAD}:10:13: [error] not a period: 'sometime' (expected")


def test_period_in_report(check: Check) -> None:
    report = (
        _OTHER_REPORT.replace("id: o1", "id: s3")
        .replace("program: other", "program: demo")
        .replace('as_of: "2013-01-01"', "as_of: whenever")
    )
    assert check({"reports/s3.yaml": report}) == [("reports/s3.yaml", 6, 8, "period")]


_REVISION = """\
      revisions:
        - report: {report}
          period: {period}
    """
# line 12: "    revisions:"; line 13: "      - report: ..." (value at column 17);
# line 14: "        period: ..." (value at column 17)


def _revision(report: str, period: str) -> str:
    return _deadline(more=_REVISION.replace("{report}", report).replace("{period}", period))


def test_revision_is_clean(check: Check) -> None:
    assert check({BAD: _revision("s2", "2012")}) == []


@pytest.mark.parametrize("period", ["2011-spring", "spring 2011", "2011-05", "2011-05-31", '"May 31, 2011"'])
def test_revision_no_move(check: Check, period: str) -> None:
    assert check({BAD: _revision("s2", period)}) == [(BAD, 14, 17, "revision-no-move")]


def test_revision_no_move_after_an_earlier_revision(check: Check) -> None:
    more = """\
      revisions:
        - report: s2
          period: "2012"
        - report: s2
          period: end of 2012
    """
    # the second revision (its period on line 16) repeats the date the first one set
    assert check({BAD: _deadline(set_by="p1", more=more)}) == [(BAD, 16, 17, "revision-no-move")]


@pytest.mark.parametrize("period", ["2011-03", "2010", "early 2011"])
def test_revision_earlier(check: Check, period: str) -> None:
    # the deadline is spring 2011 (ends 2011-05-31): a revision must move it later
    assert check({BAD: _revision("s2", period)}) == [(BAD, 14, 17, "revision-earlier")]


@pytest.mark.parametrize("report", ["p1", "s1", "first"])
def test_revision_order(check: Check, report: str) -> None:
    assert check({BAD: _revision(report, "2012")}) == [(BAD, 13, 17, "revision-order")]


def test_revision_unknown_report(check: Check) -> None:
    assert check({BAD: _revision("s7", "2012")}) == [(BAD, 13, 17, "unknown-report")]


def test_outcome_order(load_root: LoadRoot) -> None:
    more = """\
      outcome:
        report: s1
        date: "2011-01"
    """
    # line 13: "      report: s1": value at column 15 (the date is spring 2012, still ahead when s2 set it)
    dataset = load_root(
        {
            BAD: _deadline(period="2012-spring", set_by="s2", more=more).replace(
                "by spring 2011", "by spring 2012"
            )
        }
    )
    assert [p.format() for p in dataset.problems] == [
        f"{BAD}:13:15: [error] outcome reported by 's1', before the deadline was set by 's2' (outcome-order)"
    ]


def test_outcome_same_report_is_fine(check: Check) -> None:
    more = """\
      outcome:
        report: s1
    """
    assert check({BAD: _deadline(set_by="s1", more=more)}) == []


def test_outcome_date_after_report(check: Check) -> None:
    more = """\
      outcome:
        report: s1
        date: "2011-06"
    """
    # s1 was published 2011-01-10; line 14: "      date: ..." value at column 13
    assert check({BAD: _deadline(set_by="s1", more=more)}) == [(BAD, 14, 13, "outcome-date")]


def test_continues_unknown_flow(load_root: LoadRoot) -> None:
    text = GOOD_ITEM.replace("introduced: p1\n", "introduced: p1\ncontinues: [demo-01, nope-01]\n")
    dataset = load_root({BAD: text})
    # "continues: [demo-01, nope-01]": nope-01 is column 22 of line 6
    assert [p.format() for p in dataset.problems] == [
        f"{BAD}:6:22: [error] continues unknown item 'nope-01' (continues)"
    ]


def test_continues_unknown_block(check: Check) -> None:
    text = GOOD_ITEM.replace("introduced: p1\n", "introduced: p1\ncontinues:\n  - nope-01\n")
    assert check({BAD: text}) == [(BAD, 7, 5, "continues")]


def test_continues_itself(check: Check) -> None:
    text = GOOD_ITEM.replace("introduced: p1\n", "introduced: p1\ncontinues: [demo-02]\n")
    assert check({BAD: text}) == [(BAD, 6, 13, "continues")]


_PARTNERS = textwrap.dedent(
    """\
    id: demo-02
    program: demo
    title: Two
    text: Two.
    introduced: p1
    history:
      - report: s1
        {status}basis: reported
        partners:
          US-CN: {status: on-track, raw: On track}
          US-MX: {status: delayed, raw: Delayed}
    """
)


def test_partner_rule(load_root: LoadRoot) -> None:
    text = _PARTNERS.replace("{status}", "status: on-track\n    ")
    dataset = load_root({BAD: text})
    # line 8: "    status: on-track": value at column 13
    assert [p.format() for p in dataset.problems] == [
        f"{BAD}:8:13: [error] status 'on-track' disagrees with its partners, whose least advanced status "
        "is 'delayed'; write 'delayed' or leave status out (partner-rule)"
    ]


def test_partner_rule_agreeing_status_and_derived(load_root: LoadRoot) -> None:
    assert [
        p.format() for p in load_root({BAD: _PARTNERS.replace("{status}", "status: delayed\n    ")}).problems
    ] == []
    dataset = load_root({BAD: _PARTNERS.replace("{status}", "")})
    assert dataset.problems == ()
    item = {i.id: i for i in dataset.items}["demo-02"]
    assert item.history[0].status == "delayed"


def test_assessed_note(load_root: LoadRoot) -> None:
    dataset = load_root({BAD: GOOD_ITEM.replace("    note: Began.\n", "")})
    # the entry's mapping starts after "  - " on line 7
    assert [p.format() for p in dataset.problems] == [
        f"{BAD}:7:5: [error] an assessed status needs a note naming the facts that decided it (assessed-note)"
    ]


def test_assessed_note_blank(check: Check) -> None:
    assert check({BAD: GOOD_ITEM.replace("note: Began.", 'note: "   "')}) == [(BAD, 7, 5, "assessed-note")]


def test_reported_raw(load_root: LoadRoot) -> None:
    text = GOOD_ITEM.replace("basis: assessed", "basis: reported")
    dataset = load_root({BAD: text})
    assert [p.format() for p in dataset.problems] == [
        f"{BAD}:7:5: [error] a reported status needs the label as printed (raw) or partner labels (reported-raw)"
    ]


def test_reported_with_raw_is_fine(check: Check) -> None:
    text = GOOD_ITEM.replace("basis: assessed", "basis: reported\n    raw: Initiated")
    assert check({BAD: text}) == []


# ---------------------------------------------------------------- files and folders


def test_symlink_outside_root_not_followed(load_root: LoadRoot, tmp_path: Path) -> None:
    outside = tmp_path / "outside" / "demo-02.yaml"
    outside.parent.mkdir()
    outside.write_text(GOOD_ITEM, encoding="utf-8")
    root = tmp_path / "data"
    (root / "plan" / "demo").mkdir(parents=True)
    (root / "plan" / "demo" / "demo-02.yaml").symlink_to(outside)
    dataset = load_root({})
    assert [p.format() for p in dataset.problems] == [
        f"{BAD}: [error] symbolic link to a file outside the data root: not followed (symlink)"
    ]
    assert [(p.line, p.column) for p in dataset.problems] == [(0, 0)]
    assert [i.id for i in dataset.items] == ["demo-01"]


def test_an_item_file_link_inside_root_is_refused(load_root: LoadRoot, tmp_path: Path) -> None:
    """An item file must be a regular file: import writes item files in place (issue 22, case 4)."""
    root = tmp_path / "data"
    (root / "plan" / "demo").mkdir(parents=True)
    (root / "stash").mkdir()
    (root / "stash" / "demo-02.yaml").write_text(GOOD_ITEM, encoding="utf-8")
    (root / "plan" / "demo" / "demo-02.yaml").symlink_to(root / "stash" / "demo-02.yaml")
    dataset = load_root({})
    assert [p.format() for p in dataset.problems] == [
        f"{BAD}: [error] item file is a symbolic link: not followed (an item file must be a regular "
        "file, which import writes in place) (symlink)"
    ]
    assert [i.id for i in dataset.items] == ["demo-01"]


def test_symlinked_folder_outside_root_reported(load_root: LoadRoot, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "demo-02.yaml").write_text(GOOD_ITEM, encoding="utf-8")
    root = tmp_path / "data"
    (root / "plan").mkdir(parents=True)
    (root / "plan" / "linked").symlink_to(outside, target_is_directory=True)
    dataset = load_root({})
    assert [(p.path, p.rule) for p in dataset.problems] == [("plan/linked", "symlink")]


def test_layout_missing_plan(load_root: LoadRoot) -> None:
    dataset = load_root({}, with_item=False)
    assert [p.format() for p in dataset.problems] == [
        "plan: [error] missing folder plan/ in the data root (layout)"
    ]
    assert [(p.line, p.column) for p in dataset.problems] == [(0, 0)]
    assert [r.id for r in dataset.reports] == ["p1", "s1", "s2"]


def test_layout_missing_reports(load_root: LoadRoot) -> None:
    names = {"reports/p1.yaml": None, "reports/s1.yaml": None, "reports/s2.yaml": None, "README.md": "x"}
    dataset = load_root(names, with_item=False)
    assert [(p.path, p.line, p.column, p.rule) for p in dataset.problems] == [
        ("plan", 0, 0, "layout"),
        ("reports", 0, 0, "layout"),
    ]


def test_non_yaml_files_ignored(check: Check) -> None:
    assert check({"plan/demo/README.md": "# [not: yaml\n", "plan/demo/notes.txt": "\xff"}) == []


def test_yml_extension_is_read(check: Check) -> None:
    assert check({"plan/demo/demo-02.yml": "id: [\n"}) == [("plan/demo/demo-02.yml", 2, 1, "yaml-syntax")]


def test_no_cascade_from_a_broken_report(check: Check) -> None:
    broken_report = _OTHER_REPORT.replace("id: o1", "id: s3").replace("program: other", "program: demo")
    broken_report = broken_report.replace("kind: status", "kind: annual")
    found = check({"reports/s3.yaml": broken_report, BAD: GOOD_ITEM.replace("- report: s1", "- report: s3")})
    assert found == [("reports/s3.yaml", 3, 7, "schema")]


def test_no_cascade_from_a_broken_item(check: Check) -> None:
    files = {
        BAD: GOOD_ITEM.replace("title: Two", "title: a: b"),
        "plan/demo/demo-03.yaml": GOOD_ITEM.replace("demo-02", "demo-03").replace(
            "introduced: p1\n", "introduced: p1\ncontinues: [demo-02]\n"
        ),
    }
    assert check(files) == [(BAD, 3, 9, "yaml-syntax")]


# ---------------------------------------------------------------- all at once


def test_all_problems_at_once(load_root: LoadRoot) -> None:
    files = {
        "plan/demo/a-01.yaml": GOOD_ITEM.replace("demo-02", "a-01").replace("title: Two", "title: a: b"),
        "plan/demo/b-01.yaml": GOOD_ITEM.replace("demo-02", "b-01").replace(
            "status: initiated", "status: done"
        ),
        "plan/demo/c-01.yaml": GOOD_ITEM.replace("demo-02", "c-01").replace("- report: s1", "- report: s9"),
        "plan/demo/d-01.yaml": b"id: d-01\n\xff\n",
        "plan/demo/e-01.yaml": "",
        # the valid item is still cross-checked: continuing an item whose file failed to load
        # (a-01) is no second problem, continuing one that exists nowhere (zz-01) is
        "plan/demo/demo-01.yaml": GOOD_ITEM.replace("demo-02", "demo-01").replace(
            "introduced: p1\n", "introduced: p1\ncontinues: [a-01, zz-01]\n"
        ),
        "reports/s3.yaml": _OTHER_REPORT.replace("id: o1", "id: s3")
        .replace("program: other", "program: demo")
        .replace("kind: status", "kind: annual"),
    }
    dataset = load_root(files)
    assert [(p.path, p.line, p.column, p.rule) for p in dataset.problems] == [
        ("plan/demo/a-01.yaml", 3, 9, "yaml-syntax"),
        ("plan/demo/b-01.yaml", 8, 13, "schema"),
        ("plan/demo/c-01.yaml", 7, 13, "unknown-report"),
        ("plan/demo/d-01.yaml", 2, 1, "encoding"),
        ("plan/demo/demo-01.yaml", 6, 19, "continues"),
        ("plan/demo/e-01.yaml", 1, 1, "empty"),
        ("reports/s3.yaml", 3, 7, "schema"),
    ]
    assert [i.id for i in dataset.items] == ["c-01", "demo-01"]
    assert [r.id for r in dataset.reports] == ["p1", "s1", "s2"]


# ---------------------------------------------------------------- rules added later


def test_yaml_scalar_with_a_tag_it_cannot_carry(check: Check) -> None:
    # line 3 "title: !!int Two": the value node starts at column 8 (the tag)
    assert check({BAD: GOOD_ITEM.replace("title: Two", "title: !!int Two")}) == [(BAD, 3, 8, "yaml-scalar")]


def test_unknown_program(check: Check) -> None:
    # line 2 "program: nowhere": the value starts at column 10; its reports are then of another program
    found = check({BAD: GOOD_ITEM.replace("program: demo", "program: nowhere")})
    assert (BAD, 2, 10, "unknown-program") in found
    assert (BAD, 5, 13, "report-program") in found  # "introduced: p1", value at column 13


def test_report_as_of_after_publication(check: Check) -> None:
    # reports/s1.yaml line 7 is 'as_of: "2011-01-10"'; moved to 2011-02, after publication
    found = check(
        {
            "reports/s1.yaml": """\
        id: s1
        aliases: [first]
        program: demo
        kind: status
        title: First status report
        published: "2011-01-10"
        as_of: "2011-02"
        """
        }
    )
    assert found == [("reports/s1.yaml", 7, 8, "report-dates")]


def test_file_too_large(check: Check, monkeypatch: pytest.MonkeyPatch) -> None:
    import sbaudit.load.data_root

    monkeypatch.setattr(sbaudit.load.data_root, "MAX_FILE_BYTES", 2000)  # above every other fixture file
    big = GOOD_ITEM + "# " + "x" * 3000 + "\n"
    # a whole-file problem: no line or column
    assert check({BAD: big}) == [(BAD, 0, 0, "size")]


def test_thirty_megabytes_get_one_problem(check: Check) -> None:
    big = "text: " + "x" * (30 * 1024 * 1024) + "\n"
    # refused from its size alone: never read into the parser
    assert check({BAD: big}) == [(BAD, 0, 0, "size")]
