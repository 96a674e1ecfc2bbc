"""Property tests of the loader: whatever the text or bytes, it returns data or problems (never
raises), problems point inside the file, and plain data survives a YAML round trip with a position
recorded for every value and key."""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sbaudit.core.model import Problem
from sbaudit.load.data_root import load_dataset
from sbaudit.load.yaml_positions import Loaded, load_bytes, load_text

LOADER_RULES = {
    "yaml-syntax",
    "yaml-duplicate-key",
    "yaml-tag",
    "yaml-alias",
    "yaml-depth",
    "yaml-key",
    "yaml-scalar",
    "yaml-comment-in-value",
    "empty",
    "encoding",
}
DATASET_RULES = LOADER_RULES | {
    "schema",
    "file-name",
    "duplicate-id",
    "unknown-report",
    "report-program",
    "unknown-program",
    "history-order",
    "period",
    "revision-no-move",
    "revision-order",
    "outcome-order",
    "outcome-date",
    "continues",
    "partner-rule",
    "assessed-note",
    "reported-raw",
    "report-dates",
    "status-raw",
    "period-due",
}

PROPS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of YAML, so that generated text hits the parser's corners and not only plain scalars.
TOKENS = [
    "[",
    "]",
    "{",
    "}",
    ":",
    ": ",
    "- ",
    ",",
    "\n",
    "  ",
    "    ",
    "\t",
    "#",
    "'",
    '"',
    "? ",
    "|",
    ">",
    "&a ",
    "*a ",
    "&b ",
    "*b ",
    "!!str ",
    "!!python/object/apply:os.system ",
    "!local ",
    "!!binary ",
    "!!timestamp ",
    "<<: ",
    "---",
    "...",
    "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n",
    "id",
    "demo-02",
    "history",
    "report: s1",
    "2003-01-23",
    "2003-01-23 10:00:00",
    "1e400",
    "0x1F",
    "0o17",
    ".inf",
    "~",
    "null",
    "true",
    "yes",
    "=",
    "\ufeff",
    "\r\n",
    "\r",
    "\x85",
    "\u2028",
    "\x00",
    "\x07",
    "é",
    "\U0001f600",
    "\\",
    "\\x",
    "%",
]
yamlish = st.lists(st.sampled_from(TOKENS) | st.text(max_size=4), max_size=40).map("".join)
any_text = st.text() | yamlish
any_bytes = (
    st.binary()
    | yamlish.map(lambda text: text.encode("utf-8", "surrogatepass"))
    | st.builds(
        lambda head, bad, tail: head.encode() + bad + tail.encode(),
        yamlish,
        st.sampled_from([b"\xff", b"\xc3", b"\xe9", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xc0\xaf"]),
        yamlish,
    )
)

_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _lines(text: str) -> list[str]:
    """The lines as YAML counts them (it also breaks on CR, NEL, LS and PS)."""
    return _BREAKS.split(text)


def _is_plain(value: object, depth: int = 0) -> bool:
    assert depth < 300
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return all(_is_plain(v, depth + 1) for v in value)
    return value is None or isinstance(value, (str, int, float, bool))


def _check_loaded(loaded: Loaded, lines: list[str], path: str) -> None:
    assert loaded.path == path
    for problem in loaded.problems:
        assert isinstance(problem, Problem)
        assert problem.path == path
        assert problem.rule in LOADER_RULES, problem
        assert problem.level == "error"
        assert problem.message
        if problem.line == len(lines) + 1:
            # libyaml puts the end of a stream without a final line break on a line of its own
            assert problem.column == 1, problem
            continue
        assert 1 <= problem.line <= len(lines), problem
        assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1, problem
    if not loaded.problems:
        assert _is_plain(loaded.data)
    for line, column in list(loaded.values.values()) + list(loaded.keys.values()):
        if line == len(lines) + 1:  # an empty node at the end of a stream without a final break
            assert column == 1
            continue
        assert 1 <= line <= len(lines)
        assert 1 <= column <= len(lines[line - 1]) + 1


@PROPS
@given(any_text)
def test_load_text_never_raises(text: str) -> None:
    loaded = load_text("plan/x.yaml", text)
    _check_loaded(loaded, _lines(text), "plan/x.yaml")


@PROPS
@given(any_bytes)
def test_load_bytes_never_raises(raw: bytes) -> None:
    loaded = load_bytes("plan/x.yaml", raw)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # positions of an encoding problem are counted in the raw file's lines
        assert [p.rule for p in loaded.problems] == ["encoding"]
        assert loaded.data is None
        lines = raw.split(b"\n")
        problem = loaded.problems[0]
        assert 1 <= problem.line <= len(lines)
        assert 1 <= problem.column <= len(lines[problem.line - 1])
        return
    _check_loaded(loaded, _lines(text), "plan/x.yaml")


@PROPS
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30), st.binary(min_size=1, max_size=3))
def test_load_bytes_encoding_position_plain_ascii(head: str, bad: bytes) -> None:
    """Before the first bad byte, ASCII lines: the position is exactly the byte's line and column."""
    head = "".join(ch for ch in head if ch.isascii())
    raw = head.encode() + b"\xff" + bad
    loaded = load_bytes("x.yaml", raw)
    assert [(p.line, p.column, p.rule) for p in loaded.problems] == [
        (head.count("\n") + 1, len(head.rsplit("\n", 1)[-1]) + 1, "encoding")
    ]
    assert loaded.problems[0].message == "not valid UTF-8 (byte 0xff)"


# ---------------------------------------------------------------- through load_dataset

TINY_ITEM = """\
    id: demo-01
    program: demo
    title: One
    text: One.
    introduced: p1
    history: []
    """


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import TINY_REPORTS, _write

    root = tmp_path_factory.mktemp("fuzz") / "data"
    _write(root, {**TINY_REPORTS, "plan/demo/demo-01.yaml": TINY_ITEM})
    return root


def _check_dataset(root: Path, name: str) -> None:
    dataset = load_dataset(root)
    relative = os.path.relpath(root / name)  # problem paths are shown from the working folder
    shown = str(root / name) if relative.startswith("..") else relative
    for problem in dataset.problems:
        assert problem.rule in DATASET_RULES, problem
        # only the fuzzed file can be wrong: the rest of the root is valid
        assert problem.path == shown, problem
        assert problem.line >= 1 and problem.column >= 1, problem
    assert [r.id for r in dataset.reports] == ["p1", "s1", "s2"]
    assert "demo-01" in {i.id for i in dataset.items}


@PROPS
@given(text=any_text)
def test_load_dataset_never_raises_text(fuzz_root: Path, text: str) -> None:
    target = fuzz_root / "plan" / "demo" / "demo-02.yaml"
    target.write_text(text, encoding="utf-8", errors="surrogatepass")
    _check_dataset(fuzz_root, "plan/demo/demo-02.yaml")


item_like = st.fixed_dictionaries(
    {},
    optional={
        "id": st.sampled_from(["demo-02", "demo-01", "Demo 2", 2]),
        "program": st.sampled_from(["demo", "other", 5]),
        "title": st.text(max_size=5),
        "text": st.text(max_size=5),
        "introduced": st.sampled_from(["p1", "s1", "s9", "first", 2010]),
        "continues": st.lists(st.sampled_from(["demo-01", "demo-02", "nope"]), max_size=3),
        "deadlines": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "id": st.sampled_from(["a", "b"]),
                    "what": st.just("x"),
                    "due": st.just("y"),
                    "period": st.sampled_from(["2011", "spring 2011", "sometime", 2011, "2011-02-30", True]),
                    "set_by": st.sampled_from(["p1", "s1", "s2", "zz"]),
                    "revisions": st.lists(
                        st.fixed_dictionaries(
                            {
                                "report": st.sampled_from(["p1", "s1", "s2", "zz"]),
                                "period": st.sampled_from(["2011", "2012", "nope", "2011-spring"]),
                            },
                            optional={"partner": st.sampled_from(["US-CN", "bad"])},
                        ),
                        max_size=3,
                    ),
                    "outcome": st.fixed_dictionaries(
                        {"report": st.sampled_from(["p1", "s1", "s2"])},
                        optional={"date": st.sampled_from(["2010", "2013-01-01", "never"])},
                    ),
                },
            ),
            max_size=2,
        ),
        "history": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "report": st.sampled_from(["p1", "s1", "s2", "latest", "zz"]),
                    "status": st.sampled_from(["initiated", "completed", "delayed", "finished"]),
                    "basis": st.sampled_from(["assessed", "reported", "guessed"]),
                    "raw": st.just("On track"),
                    "note": st.sampled_from(["", " ", "Why."]),
                    "partners": st.dictionaries(
                        st.sampled_from(["US-CN", "US-MX", "xx"]),
                        st.fixed_dictionaries(
                            {"status": st.sampled_from(["on-track", "delayed", "completed", "bogus"])}
                        ),
                        max_size=2,
                    ),
                },
            ),
            max_size=3,
        ),
        "colour": st.just("red"),
    },
)


@PROPS
@given(data=item_like)
def test_load_dataset_never_raises_item_like(fuzz_root: Path, data: dict) -> None:
    """Almost-valid items reach the schema, the builder and the cross-file rules."""
    target = fuzz_root / "plan" / "demo" / "demo-02.yaml"
    target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    _check_dataset(fuzz_root, "plan/demo/demo-02.yaml")


# ---------------------------------------------------------------- round trip

# PyYAML's dumper writes NEL, LS and PS raw inside quoted scalars with allow_unicode, where any
# YAML reader (yaml.safe_load too) folds them: not a loader matter, so they are left out.
# Strings that look like dates or numbers are fine: safe_dump quotes them.
words = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x85\u2028\u2029"))
plain = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | words
    | st.sampled_from(["2003-01-23", "2003-01-23 10:00:00", "1e3", "<<", "=", "~", "yes", "0o17"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(words, children, max_size=4),
    max_leaves=25,
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


def _key_paths(value: object, path: tuple = ()) -> list[tuple]:
    found = []
    if isinstance(value, dict):
        for key, child in value.items():
            found.append(path + (key,))
            found += _key_paths(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _key_paths(child, path + (index,))
    return found


def _at(data: object, path: tuple) -> object:
    for part in path:
        data = data[part]  # type: ignore[index]
    return data


@PROPS
@given(plain, st.booleans(), st.booleans())
def test_round_trip(data: object, flow: bool, unicode: bool) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=unicode, sort_keys=False)
    loaded = load_text("x.yaml", text)
    assert loaded.problems == []
    assert loaded.data == data
    assert type(loaded.data) is type(data)
    for path in _paths(data):
        assert path in loaded.values, path
    for path in _key_paths(data):
        assert path in loaded.keys, path
    assert set(loaded.values) == set(_paths(data))
    # the recorded position of a number, a boolean or a null is where its text stands
    lines = _lines(text)
    for path in _paths(data):
        value = _at(data, path)
        if value is None or isinstance(value, (bool, int)):
            line, column = loaded.values[path]
            if value is None:
                spelled = "null"
            elif isinstance(value, bool):
                spelled = "true" if value else "false"
            else:
                spelled = str(value)
            assert lines[line - 1][column - 1 :].startswith(spelled), (path, line, column, text)


def test_round_trip_keeps_dates_as_written() -> None:
    text = textwrap.dedent(
        """\
        day: 2003-01-23
        when: 2003-01-23 10:00:00
        quoted: "2003-01-23"
        year: 2003
        """
    )
    loaded = load_text("x.yaml", text)
    assert loaded.problems == []
    assert loaded.data == {
        "day": "2003-01-23",
        "when": "2003-01-23 10:00:00",
        "quoted": "2003-01-23",
        "year": 2003,
    }
    assert loaded.values[("day",)] == (1, 6)
    assert loaded.keys[("when",)] == (2, 1)
    assert loaded.values[("year",)] == (4, 7)
