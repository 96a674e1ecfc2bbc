"""Could a faster YAML parser serve valid files while PyYAML stays the reader of record?

Measures, against PyYAML's C loader (`yaml.load(raw, Loader=yaml.CSafeLoader)`) timed in the same
run:

1. parse CPU in this process (every parser once per round, in turn, the cyclic collector off as
   sbaudit loads; medians) of the shipped data's YAML files and of a plan of `--size` items made as
   `bench_scale.py` makes it (clones of the shipped items with fresh ids), by: the C loader,
   sbaudit's own reader with positions (`sbaudit.load.data_root._read`), yaml_rs, ryaml, yaml12
   (py-yaml12), rapidyaml (`ryml`, its tree only: no Python objects), and the fast-path prototype
   below; and the import cost of each parser's module in a fresh process;
2. agreement: every shipped file's data by each parser against sbaudit's reader, and a corpus of
   edge cases (dates, yes/no/on/off, octal-looking numbers, duplicate keys, anchors and aliases,
   tags, bytes that are not UTF-8, a byte-order mark, CR line ends, tabs, deep nesting, a 16 MiB
   file): which are accepted by one and refused by the other, or read differently;
3. the fast-path prototype (`fast_read`): yaml_rs parses; a screen of the text before and a walk of
   the result after send every file they cannot vouch for to sbaudit's reader, so that the reader
   of record words every problem (a position asked for later, for a schema or cross-file problem,
   is PyYAML's: the file is composed then). 65 small layouts and a generated differential corpus
   (`--fuzz N` documents) count files the fast path took and read otherwise than sbaudit's
   reader (must be 0);
4. with `--commands N`: `sbaudit validate` and `diff 2002 2004 --format json` as installed and with
   `fast_read` patched in for `_read` (a prototype: sbaudit itself is unchanged), N rounds
   alternating with the floor of `_timing.py`, outputs, errors and exit codes compared byte for
   byte (also on a copy of the data with a schema fault and a glued comment).

The fast parsers are optional: a missing one is named and skipped. Nothing here is a dependency
of sbaudit.

Usage:

    pip install yaml-rs ryaml py-yaml12 rapidyaml   # optional, into the venv sbaudit is installed in
    python benchmarks/bench_parsers.py [--rounds 15] [--size 10000] [--size-rounds 5] [--imports 15]
        [--fuzz 20000] [--commands 5]
"""

from __future__ import annotations

import gc
import math
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from sbaudit.load import yaml_positions as yp
from sbaudit.load.data_root import _read
from sbaudit.load.locations import packaged_root

OPTIONAL = {"yaml_rs": "yaml-rs", "ryaml": "ryaml", "yaml12": "py-yaml12", "ryml": "rapidyaml"}


def _optional(name: str) -> Any:
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        return None


yaml_rs = _optional("yaml_rs")  # the others are imported by main(): the patched command needs none
MODULES: dict[str, Any] = {"yaml_rs": yaml_rs}


# ---------------------------------------------------------------------------------------------
# The fast-path prototype

# What the screen sends to sbaudit's reader before yaml_rs sees the text (each pattern starts with
# a character class, which the regular-expression engine scans for in C):
# characters either parser reads otherwise or PyYAML refuses: tab, CR, NEL, LS, PS, a BOM inside
# the text, C0/C1 controls, DEL, lone surrogates
_CHARS = re.compile(r"[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
# anchors and aliases (PyYAML and yaml_rs expand them, sbaudit refuses them), tags, directives
_MARKS = re.compile(r"[\n \[{,](?:[&*]\S|!)|\n%")
_MARK = re.compile(r"[&*!%]")  # rare in the data: most files need no _MARKS search
# where a plain scalar may end
_END = r"(?=[ \t]*(?:$|#|[,\]}:]))"
# a whole plain scalar that YAML 1.1 and 1.2 may read apart as a number: a leading zero (octal in
# 1.1, decimal or 0o in 1.2), digit separators, exponents (1.1 wants a dot and a signed exponent),
# a leading dot (.5, -.5, .inf); it starts where a scalar may start (a line's indentation, after
# ": ", "- ", "? ", "[", "{" or ","; two spaces anywhere count too). The first character first,
# then the place, looked behind: the engine scans for the character class in C.
_NUMBER_TOKEN = r"(?:0[0-9a-zA-Z_]|[0-9][0-9_.]*_|[0-9][0-9_]*\.?[0-9_]*[eE]|\.)"
_NUMBER = re.compile(
    r"[-+.0-9](?:(?<=[\n\[{,].)|(?<=[\n :?\[{,-] .))"
    r"(?:(?<=[-+])" + _NUMBER_TOKEN + r"|(?<=0)[0-9a-zA-Z_]|(?<=[0-9])[0-9_.]*_"
    r"|(?<=[0-9])[0-9_]*\.?[0-9_]*[eE]|(?<=\.))[^\s,\]}#]*" + _END,
    re.MULTILINE,
)
# A line holding " #x" cuts a plain scalar short (sbaudit refuses that); the fast path takes only
# lines where the "#" stands inside one double- or single-quoted scalar that the line holds whole.
_GLUED = re.compile(r"^.*[ \t]#[^\s#].*$", re.MULTILINE)
_QUOTED_LINE = re.compile(r"[ \t]*(?:- )*(?:[A-Za-z_][\w-]*: )?(?:\"[^\"\\]*\"|'(?:[^']|'')*')[ \t]*")
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
# PyYAML's implicit resolvers but the timestamp (sbaudit keeps a timestamp as written): a plain
# scalar one of them matches is not read as the string itself (bool, int, float, null, <<, =),
_IMPLICIT: dict[str, list[str]] = {}
for _first, _resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items():
    _IMPLICIT[_first or ""] = [f"(?:{regexp.pattern})" for tag, regexp in _resolvers if tag != _TIMESTAMP]
# by the first character, as PyYAML looks them up
_TYPED = {first: re.compile("|".join(found), re.VERBOSE) for first, found in _IMPLICIT.items() if found}
_plain_patterns: dict[str, re.Pattern[str]] = {}


def _written_plain(lined: str, value: str, memo: dict[str, bool]) -> bool:
    """Whether `value` stands in the text as a whole plain scalar (not in quotes): if not, the
    string yaml_rs gives came from a quoted or block scalar, which PyYAML reads as a string too.
    `lined`: the text after a line break."""
    if value in memo:
        return memo[value]
    pattern = _plain_patterns.get(value)
    if pattern is None:
        pattern = _plain_patterns[value] = re.compile(re.escape(value) + _END, re.MULTILINE)
    found = False
    for match in pattern.finditer(lined):
        start = end = match.start()
        while start and lined[start - 1] in " \t":
            start -= 1
        before = lined[start - 1] if start else "\n"
        if before in "\n[{," or (before in ":?-" and start < end):
            found = True
            break
    memo[value] = found
    return found


class _Refer(Exception):
    """The walk cannot vouch for this file: sbaudit's reader reads it."""


_NON_STR = (int, float, bool, type(None))


def _check(value: object, lined: str, depth: int, memo: dict[str, bool]) -> None:
    """Every key a string (sbaudit keeps a key's text; yaml_rs types it), no merge key, strings that
    PyYAML would type only where the text shows they were quoted, nesting within sbaudit's limit."""
    if depth >= yp.MAX_DEPTH - 1:
        raise _Refer
    items: Iterable[object]
    if type(value) is dict:
        for key in value:
            if type(key) is not str or key == "<<":
                raise _Refer
        items = value.values()
    elif type(value) is list:
        items = value
    else:
        raise _Refer
    typed = _TYPED.get
    for item in items:
        kind = type(item)
        if kind is str:
            if item:
                pattern = typed(item[0])
                if pattern is not None and pattern.match(item) and _written_plain(lined, item, memo):
                    raise _Refer
        elif kind is dict or kind is list:
            _check(item, lined, depth + 1, memo)
        elif kind not in _NON_STR:
            raise _Refer  # a date (parse_datetime is off), bytes, a tagged value


class _Lazy(yp.Loaded):
    """A file the fast path read: PyYAML composes it only if a position is asked for (a problem
    found later, by the schema or a cross-file rule, is located by the reader of record)."""

    __slots__ = ("_text",)

    def _tables(self) -> None:
        if self._node is None:  # type: ignore[has-type]
            self._node = yaml.compose(self._text, Loader=yp._Loader)  # type: ignore[misc]
        super()._tables()


class Counts:
    fast = 0
    referred = 0


def fast_read(shown: str, raw: bytes) -> yp.Loaded:
    """sbaudit's reader's result for `raw`, with yaml_rs doing the parsing where it is safe."""
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        text = body.decode("utf-8")
        lined = "\n" + text
        deep = text.count("[") + text.count("{") > yp.MAX_DEPTH or yp._DEEP_INDENT_LINE.search(lined)
        if deep or _CHARS.search(text) or (_MARK.search(text) and _MARKS.search(lined)):
            raise _Refer
        if _NUMBER.search(lined):
            raise _Refer
        if yp._has_glued_candidate(text) and not all(
            _QUOTED_LINE.fullmatch(line) for line in _GLUED.findall(text)
        ):
            raise _Refer
        data = yaml_rs.loads(text, parse_datetime=False)
        if type(data) is not dict:  # empty, a list at the top, or several documents
            raise _Refer
        _check(data, lined, 0, {})
    except (_Refer, UnicodeDecodeError, yaml_rs.YAMLDecodeError, RecursionError, ValueError):
        Counts.referred += 1
        return _read(shown, raw)
    Counts.fast += 1
    loaded = _Lazy(shown, data)
    loaded._text = text
    return loaded


# ---------------------------------------------------------------------------------------------
# Parsers, each from a file's bytes to data, as the benchmark calls them


def _rs(raw: bytes) -> object:
    return MODULES["yaml_rs"].loads(raw.decode("utf-8"), parse_datetime=False)


def _rs_dates(raw: bytes) -> object:
    return MODULES["yaml_rs"].loads(raw.decode("utf-8"))


def _ryaml(raw: bytes) -> object:
    return MODULES["ryaml"].loads(raw.decode("utf-8"))


def _yaml12(raw: bytes) -> object:
    return MODULES["yaml12"].parse_yaml(raw.decode("utf-8"))


def _ryml(raw: bytes) -> object:
    return MODULES["ryml"].parse_in_arena(raw)


def _csafe(raw: bytes) -> object:
    return yaml.load(raw, Loader=yaml.CSafeLoader)


def _sbaudit(raw: bytes) -> object:
    return _read("x.yaml", raw)


def _fast(raw: bytes) -> object:
    return fast_read("x.yaml", raw)


TIMED: dict[str, tuple[Callable[[bytes], object], str | None]] = {
    "PyYAML CSafeLoader yaml.load": (_csafe, None),
    "sbaudit's reader (_read)": (_sbaudit, None),
    "fast path (yaml_rs + checks)": (_fast, "yaml_rs"),
    "yaml_rs.loads": (_rs, "yaml_rs"),
    "ryaml.loads": (_ryaml, "ryaml"),
    "yaml12.parse_yaml": (_yaml12, "yaml12"),
    "ryml tree only": (_ryml, "ryml"),
}


def parse_cpu(raws: list[bytes], rounds: int) -> dict[str, float]:
    """Median CPU seconds of parsing every file, each parser once per round in turn."""
    import statistics

    parsers = {name: f for name, (f, needs) in TIMED.items() if needs is None or MODULES[needs]}
    found: dict[str, list[float]] = {name: [] for name in parsers}
    for lap in range(rounds + 1):
        for name, function in parsers.items():
            gc.collect()
            gc.disable()
            start = time.process_time()
            kept = [function(raw) for raw in raws]
            spent = time.process_time() - start
            gc.enable()
            del kept
            if lap:  # the first round warms up
                found[name].append(spent)
    return {name: statistics.median(times) for name, times in found.items()}


def import_cpu(runs: int) -> dict[str, float]:
    """Median CPU of `import X` in a fresh process, less that of `python -c pass`, in turn."""
    import statistics

    from _timing import run_once

    env = dict(os.environ)
    names = ["pass", "import yaml", "import sbaudit.load.yaml_positions"]
    names += [f"import {name}" for name in OPTIONAL if MODULES[name]]
    found: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(runs):
        for name in names:
            found[name].append(run_once([sys.executable, "-c", name], env)[1])
    base = statistics.median(found["pass"])
    return {name: statistics.median(times) - base for name, times in found.items() if name != "pass"}


# ---------------------------------------------------------------------------------------------
# Agreement


def same(a: Any, b: Any) -> bool:
    """Equal data of equal types (True is not 1, NaN equals NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def outcome(function: Callable[[bytes], object], raw: bytes) -> tuple[bool, object]:
    """(accepted, data) of one parser on one file."""
    try:
        result = function(raw)
    except Exception as exc:  # noqa: BLE001 - every parser's refusal, whatever its class
        return False, f"{type(exc).__name__}: {' '.join(str(exc).split())[:60]}"
    if isinstance(result, yp.Loaded):
        if result.problems:
            return False, result.problems[0].message[:60]
        return True, result.data
    return True, result


def _deep_flow(levels: int) -> bytes:
    return b"a: " + b"[" * levels + b"1" + b"]" * levels + b"\n"


def _deep_block(levels: int) -> bytes:
    return "".join(f"{'  ' * n}k:\n" for n in range(levels)).encode() + b"  " * levels + b"v: 1\n"


def _big(template: bytes, size: int) -> bytes:
    """An item file grown to `size` bytes by history entries."""
    entry = b"  - report: '2004'\n    status: initiated\n    basis: assessed\n    note: " + b"x" * 400 + b"\n"
    head = template.split(b"\nhistory:", 1)[0] + b"\nhistory:\n"
    count = (size - len(head)) // len(entry)
    return head + entry * count


def corpus(template: bytes) -> dict[str, bytes]:
    cases = {
        "date 2003-04-01": "a: 2003-04-01\n",
        "date and time": "a: 2003-04-01 12:00:00\n",
        'quoted date "2003-04-01"': 'a: "2003-04-01"\n',
        "short date 2003-4-1": "a: 2003-4-1\n",
        "yes/no/on/off": "a: yes\nb: No\nc: on\nd: OFF\n",
        "quoted 'yes', \"2001\"": "a: 'yes'\nb: \"2001\"\n",
        "true/False/TRUE": "a: true\nb: False\nc: TRUE\n",
        "octal-looking 017": "a: 017\n",
        "09": "a: 09\n",
        "0o17": "a: 0o17\n",
        "0x1f, 0b101": "a: 0x1f\nb: 0b101\n",
        "1_000": "a: 1_000\n",
        "sexagesimal 1:20": "a: 1:20\n",
        "1e3 (no dot)": "a: 1e3\n",
        "1.0e3 (unsigned exponent)": "a: 1.0e3\n",
        "-.5": "a: -.5\n",
        ".inf, .NaN": "a: .inf\nb: .NaN\n",
        "~, null, empty": "a: ~\nb: null\nc:\n",
        "keys 1, true, null": "1: a\ntrue: b\nnull: c\n",
        "duplicate key": "a: 1\na: 2\n",
        "anchor and alias": "a: &x 1\nb: *x\n",
        "merge key <<": "a: &x {k: 1}\nb:\n  <<: *x\n",
        "merge key without alias": "b:\n  <<: {k: 1}\n",
        "!!python/object tag": "a: !!python/object:object {}\n",
        "!!str tag": "a: !!str 12\n",
        "local tag !x": "a: !x 1\n",
        "= (value key)": "a: =\n",
        "glued comment a #8": "a: foo #8 bar\n",
        "two documents": "a: 1\n---\nb: 2\n",
        "empty file": "",
        "comment only": "# nothing\n",
        "list at the top": "- a\n- b\n",
        "BOM": "\ufeffa: 1\n",
        "CRLF line ends": "a: 1\r\nb: two\r\n",
        "CR line ends": "a: 1\rb: two\r",
        "tab after colon": "a:\t1\n",
        "tab indent": "a:\n\t- 1\n",
        "NEL U+0085 in a value": "a: x\x85y\n",
        "LS U+2028 in a value": "a: x\u2028y\n",
        "control U+0001": "a: x\x01y\n",
        "DEL U+007F": "a: x\x7fy\n",
        "non-BMP character": "a: \U0001f600\n",
        "quoted escapes": 'a: "\\x41\\u00e9\\N"\n',
        "big integer": "a: 123456789012345678901234567890\n",
        "folded block >-": "a: >-\n  one\n  two\n\n  three\n",
        "flow mapping in a list": "a: [1, {b: c}]\n",
        "complex key ? [a]": "? [a]\n: 1\n",
        "syntax error a: b: c": "a: b: c\n",
    }
    raws = {name: text.encode("utf-8") for name, text in cases.items()}
    raws["not UTF-8 (Latin-1 byte)"] = b"a: caf\xe9\n"
    raws["UTF-16 with BOM"] = "a: 1\n".encode("utf-16")
    raws["nesting 150 levels (flow)"] = _deep_flow(150)
    raws["nesting 1,000 levels (flow)"] = _deep_flow(1000)
    raws["nesting 150 levels (block)"] = _deep_block(150)
    raws["nesting 300 levels (block)"] = _deep_block(300)
    raws["16 MiB item file"] = _big(template, 16 * 1024 * 1024 - 1)
    return raws


# Layouts where YAML parsers often part ways (flow and block, indentation, quoting, comments, escapes)
_SYNTAX = [
    "a: [b, c,]\n",
    "a: {b}\n",
    "- - a\n",
    "a:\n- b\n",
    "a: 'multi\n  line'\n",
    'a: "x\\\n  y"\n',
    "? a\n: b\n",
    "[a]: b\n",
    "a: b\n c\n",
    "a: b\nc\n",
    "a:\n  b\n c: d\n",
    "a: {b: c, d}\n",
    "a: [b: c]\n",
    "a: -\n",
    "a: - b\n",
    "- a\n-b\n",
    "a: 'x'y\n",
    'a: "x" y\n',
    "a: b #c\n",
    "a: b# c\n",
    "a:  \n  - 1\n",
    "a: |\n  x\n b: c\n",
    "a: |2\n   x\n",
    "a: >+\n\n",
    "a: x\n...\n",
    "---\na: x\n",
    "--- a\n",
    "a: :b\n",
    "a: ?b\n",
    "a: b:\n",
    "a: -1\n",
    "a: [-1]\n",
    "a: @x\n",
    "a: `x\n",
    "a: %x\n",
    "a: |x\n",
    "a: {x: y}}\n",
    "a: 'x' # c\n",
    "'a': 'b'\n",
    "a: b\n  # c\n  d\n",
    "a:\n  - b\n  -c\n",
    "a: x\n\n\n",
    "\n\na: 1\n",
    "a:\n  b: 1\n   c: 2\n",
    "a: 1\n b: 2\n",
    'a: "\\t"\n',
    'a: "\\/"\n',
    'a: "\\e"\n',
    'a: "\\_"\n',
    'a: "\\L"\n',
    'a: "\\P"\n',
    'a: "\\U0001F600"\n',
    'a: "\\ud800"\n',
    "a: 'it''s'\n",
    "a: b, c\n",
    "a: [b c]\n",
    "a: {b c: d}\n",
    "a: [a, [b, [c]]]\n",
    "a: !!binary aGk=\n",
    "a: x\n\x00",
    "key with spaces: 1\n",
    "a: 'b\n\n  c'\n",
    'a: "b\n\n  c"\n',
    "a: 1 # c\nb: 2\n",
    "a: >\n  x\n\n  #y\n",
]


def syntax_sample() -> None:
    """The layouts above: where yaml_rs alone and the fast path part from sbaudit's reader."""
    counts = {"accepts": 0, "rs ACCEPTS": 0, "rs refuses": 0, "rs differs": 0, "fast": 0, "fast otherwise": 0}
    for text in _SYNTAX:
        raw = text.encode("utf-8")
        reference = outcome(_sbaudit, raw)
        counts["accepts"] += reference[0]
        alone = verdict(reference, outcome(_rs, raw))
        if alone != "same" and (alone != "refuses" or reference[0]):
            counts[f"rs {alone}"] += 1
        before = Counts.fast
        mine = outcome(_fast, raw)
        if Counts.fast > before:
            counts["fast"] += 1
            counts["fast otherwise"] += verdict(reference, mine) != "same"
    print(
        f"\nLayouts ({len(_SYNTAX)} small documents, sbaudit accepts {counts['accepts']}): yaml_rs alone accepts "
        f"{counts['rs ACCEPTS']} that sbaudit refuses, refuses {counts['rs refuses']} that it accepts, "
        f"reads {counts['rs differs']} otherwise;\n  the fast path took {counts['fast']}, read otherwise: "
        f"{counts['fast otherwise']}"
    )


COMPARED: dict[str, tuple[Callable[[bytes], object], str | None]] = {
    "CSafe": (_csafe, None),
    "yaml_rs": (_rs_dates, "yaml_rs"),
    "rs-nodate": (_rs, "yaml_rs"),
    "ryaml": (_ryaml, "ryaml"),
    "yaml12": (_yaml12, "yaml12"),
}


def verdict(reference: tuple[bool, object], other: tuple[bool, object]) -> str:
    if reference[0] and other[0]:
        return "same" if same(reference[1], other[1]) else "differs"
    if reference[0]:
        return "refuses"
    return "ACCEPTS" if other[0] else "refuses"


def show_corpus(template: bytes) -> None:
    columns = {name: f for name, (f, needs) in COMPARED.items() if needs is None or MODULES[needs]}
    print("\nEdge cases: each parser against sbaudit's reader (same / differs: read otherwise /")
    print("refuses: a file sbaudit accepts, or both refuse / ACCEPTS: a file sbaudit refuses);")
    print("yaml_rs with its default parse_datetime=True, rs-nodate with parse_datetime=False:")
    header = f"  {'case':<30} {'sbaudit':<8}" + "".join(f" {name:<9}" for name in columns)
    print(header + (" fast path" if yaml_rs else ""))
    for name, raw in corpus(template).items():
        reference = outcome(_sbaudit, raw)
        row = f"  {name:<30} {'accepts' if reference[0] else 'refuses':<8}"
        for function in columns.values():
            row += f" {verdict(reference, outcome(function, raw)):<9}"
        if yaml_rs:
            before = Counts.fast
            mine = outcome(_fast, raw)
            taken = Counts.fast > before
            row += f" {'fast' if taken else 'referred'}, {verdict(reference, mine)}"
        print(row)


def agreement(label: str, raws: list[bytes]) -> None:
    """Files whose data each parser reads as sbaudit's reader does."""
    reference = [outcome(_sbaudit, raw) for raw in raws]
    print(f"\n{label}: files read as sbaudit's reader reads them (of {len(raws)}):")
    for name, (function, needs) in {**COMPARED, "fast path": (_fast, "yaml_rs")}.items():
        if needs is not None and not MODULES[needs]:
            continue
        before = Counts.fast, Counts.referred
        equal = sum(
            verdict(r, outcome(function, raw)) == "same" for r, raw in zip(reference, raws, strict=True)
        )
        extra = ""
        if name == "fast path":
            extra = f"   ({Counts.fast - before[0]} by yaml_rs, {Counts.referred - before[1]} referred)"
        print(f"  {name:<12} {equal:6d}{extra}")


# ---------------------------------------------------------------------------------------------
# Differential corpus: generated documents, fast path against sbaudit's reader

_SCALARS = [
    "0",
    "00",
    "007",
    "017",
    "09",
    "0o17",
    "0x1F",
    "0b101",
    "1_000",
    "1__0",
    "+12",
    "-0",
    "12",
    "1:20",
    "190:20:30.15",
    "1.5",
    "1.",
    ".5",
    "-.5",
    "+.5",
    "1e3",
    "1.0e3",
    "1.0e+3",
    "1E-3",
    "6.8523015e+5",
    ".inf",
    "-.Inf",
    "+.INF",
    ".nan",
    ".NaN",
    "-.nan",
    "yes",
    "Yes",
    "YES",
    "no",
    "NO",
    "on",
    "On",
    "off",
    "y",
    "n",
    "true",
    "True",
    "tRUE",
    "false",
    "null",
    "Null",
    "NULL",
    "nULL",
    "~",
    "2003-04-01",
    "2003-4-1",
    "2003-04-01T12:00:00Z",
    "2003-04-01 12:00:00",
    "2003-13-45",
    "2001",
    "2004",
    "=",
    "<<",
    "x",
    "a b",
    "with: colon",
    "#not",
    "it's",
    "caf\u00e9",
    "US-VISIT",
    "1-32",
    "8th",
    "2005-spring",
    "32-point Action Plan",
    "",
]


def _scalar(rng: Any) -> str:
    value = rng.choice(_SCALARS)
    style = rng.random()
    if style < 0.2:
        return "'" + value.replace("'", "''") + "'"
    if style < 0.4:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if value == "" or value.startswith("#") or ": " in value:
        return "'" + value.replace("'", "''") + "'"
    return value


def _document(rng: Any) -> str:
    lines = []
    for n in range(rng.randint(1, 6)):
        key = rng.choice(["a", "b", "c", "id", "due", "set_by", "2001", "yes", "1", "null", "'q'"])
        key = f"{key}{n}" if rng.random() < 0.7 else key
        shape = rng.random()
        if shape < 0.5:
            lines.append(f"{key}: {_scalar(rng)}")
        elif shape < 0.7:
            lines.append(f"{key}:")
            lines += [f"  - {_scalar(rng)}" for _ in range(rng.randint(1, 3))]
        elif shape < 0.85:
            lines.append(f"{key}: [{', '.join(_scalar(rng) for _ in range(rng.randint(0, 3)))}]")
        else:
            lines.append(f"{key}: {{k: {_scalar(rng)}, m: {_scalar(rng)}}}")
    return "\n".join(lines) + "\n"


def fuzz(count: int) -> None:
    import random

    rng = random.Random(24)
    before = Counts.fast, Counts.referred
    taken_differs = taken_same = 0
    examples = []
    for _ in range(count):
        raw = _document(rng).encode("utf-8")
        reference = outcome(_sbaudit, raw)
        start = Counts.fast
        mine = outcome(_fast, raw)
        if Counts.fast > start:
            if verdict(reference, mine) == "same":
                taken_same += 1
            else:
                taken_differs += 1
                examples.append(raw)
    referred = Counts.referred - before[1]
    print(f"\nGenerated documents ({count}, seed 24): the fast path took {taken_same + taken_differs}")
    print(f"  read as sbaudit's reader reads them: {taken_same}; read otherwise: {taken_differs}")
    print(f"  referred to sbaudit's reader: {referred}")
    for raw in examples[:5]:
        print(f"  e.g. {raw!r}")


# ---------------------------------------------------------------------------------------------


def files_of(root: Path) -> list[Path]:
    return sorted((root / "plan").rglob("*.yaml")) + sorted((root / "reports").rglob("*.yaml"))


def timing(label: str, raws: list[bytes], rounds: int) -> None:
    medians = parse_cpu(raws, rounds)
    base = medians["PyYAML CSafeLoader yaml.load"]
    size = sum(map(len, raws)) / 1024 / 1024
    print(
        f"\n{label}: {len(raws)} files, {size:.1f} MiB, parse CPU in one process, {rounds} rounds, medians:"
    )
    for name, value in medians.items():
        print(f"  {name:<30} {value * 1000:9.1f} ms  {value / base:5.2f}x CSafeLoader")
    if "fast path (yaml_rs + checks)" in medians:
        ours = medians["sbaudit's reader (_read)"]
        fast = medians["fast path (yaml_rs + checks)"]
        print(f"  fast path / sbaudit's reader: {fast / ours:.2f}x ({(ours - fast) * 1000:.0f} ms saved)")


_RUN = "import sys; sys.argv[0] = 'sbaudit'; from sbaudit.cli import run; run()"
_PATCHED = (
    "import sys; sys.path.insert(0, {folder!r}); import bench_parsers, sbaudit.load.data_root as d; "
    "d._read = bench_parsers.fast_read; sys.argv[0] = 'sbaudit'; from sbaudit.cli import run; run()"
)


def same_output(root: Path, words: list[str]) -> bool:
    """Whether the command prints the same bytes and exits alike with the fast path patched in."""
    import subprocess

    env = {**os.environ, "NO_COLOR": "1"}
    patched = _PATCHED.format(folder=str(Path(__file__).resolve().parent))
    args = [*words, "--data", str(root)]
    plain, fast = (
        subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, check=False)
        for code in (_RUN, patched)
    )
    return (plain.returncode, plain.stdout, plain.stderr) == (fast.returncode, fast.stdout, fast.stderr)


def broken_copy(root: Path, folder: Path) -> Path:
    """The data with two faults: a value the schema refuses in a file the fast path reads (its
    message needs the line and column PyYAML gives), and a glued comment (referred)."""
    import shutil

    copy = folder / "broken"
    shutil.copytree(root / "plan", copy / "plan")
    shutil.copytree(root / "reports", copy / "reports")
    first = copy / "plan" / "smart-border" / "sbap-01.yaml"
    first.write_text(
        first.read_text(encoding="utf-8").replace("basis: assessed", "basis: guessed", 1), "utf-8"
    )
    second = copy / "plan" / "smart-border" / "sbap-04.yaml"
    second.write_text(second.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: #4 ", 1), "utf-8")
    return copy


def end_to_end(label: str, root: Path, rounds: int) -> None:
    """`sbaudit validate` and `diff 2002 2004 --format json` as they are and with the fast path
    patched in for `_read`, alternating with the floor; the outputs compared byte for byte."""
    from _timing import FLOOR, alternate

    env = {**os.environ, "NO_COLOR": "1"}
    files = [str(path) for path in files_of(root)]
    patched = _PATCHED.format(folder=str(Path(__file__).resolve().parent))
    commands: dict[str, Sequence[str]] = {"floor": [sys.executable, "-c", FLOOR, *files]}
    for words in (["validate"], ["diff", "2002", "2004", "--format", "json"]):
        args = [*words, "--data", str(root)]
        name = " ".join(words[:3])
        commands[name] = [sys.executable, "-c", _RUN, *args]
        commands[f"{name}, fast path"] = [sys.executable, "-c", patched, *args]
        same_bytes = same_output(root, words)
        print(f"  {name}: output, errors and exit code {'identical' if same_bytes else 'DIFFERENT'}")
    found = alternate(commands, env, rounds)
    floor = found["floor"].cpu
    print(f"{label}: whole commands, median CPU of {rounds} rounds alternating with the floor:")
    for name, median in found.items():
        print(f"  {name:<36} {median.cpu * 1000:8.0f} ms  {median.cpu / floor:5.2f}x floor")


def main() -> None:
    import argparse
    import platform
    import tempfile

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=15, help="parse rounds on the shipped data")
    parser.add_argument("--size", type=int, default=10000, help="items in the synthetic plan (0: skip)")
    parser.add_argument("--size-rounds", type=int, default=5, help="parse rounds on the synthetic plan")
    parser.add_argument("--imports", type=int, default=15, help="fresh processes per import")
    parser.add_argument("--fuzz", type=int, default=20000, help="generated documents (0: skip)")
    parser.add_argument("--commands", type=int, default=0, help="rounds of whole commands (0: skip)")
    args = parser.parse_args()
    MODULES.update((name, _optional(name)) for name in OPTIONAL if name not in MODULES)

    versions = [
        f"Python {platform.python_version()}",
        f"PyYAML {yaml.__version__} (libyaml: {yp._Loader.__name__})",
    ]
    from importlib.metadata import PackageNotFoundError, version

    for module, package in OPTIONAL.items():
        try:
            versions.append(f"{package} {version(package)}" if MODULES[module] else f"{package} MISSING")
        except PackageNotFoundError:
            versions.append(f"{package} (version unknown)")
    print(", ".join(versions))
    missing = [OPTIONAL[m] for m in OPTIONAL if not MODULES[m]]
    if missing:
        print(f"not installed, skipped: {', '.join(missing)} (pip install {' '.join(missing)})")

    from bench_scale import build

    root = packaged_root()
    shipped = [path.read_bytes() for path in files_of(root)]
    timing(f"shipped data ({root})", shipped, args.rounds)
    agreement("shipped data", shipped)

    template = (root / "plan").rglob("*.yaml").__next__().read_bytes()
    show_corpus(template)
    if yaml_rs:
        syntax_sample()
    if yaml_rs and args.fuzz:
        fuzz(args.fuzz)
    if yaml_rs and args.commands:
        with tempfile.TemporaryDirectory() as folder:
            same_bytes = same_output(broken_copy(root, Path(folder)), ["validate"])
        print(f"\nvalidate, a schema fault and a glued comment: {'identical' if same_bytes else 'DIFFERENT'}")
        end_to_end("shipped data", root, args.commands)

    if args.size:
        with tempfile.TemporaryDirectory() as folder:
            build(root, Path(folder) / "data", args.size)
            scaled = [path.read_bytes() for path in files_of(Path(folder) / "data")]
            timing(f"{args.size} items", scaled, args.size_rounds)
            agreement(f"{args.size} items", scaled)
            if yaml_rs and args.commands:
                end_to_end(f"{args.size} items", Path(folder) / "data", args.commands)

    print(f"\nimport cost in a fresh process, CPU less `python -c pass`, median of {args.imports}:")
    for name, value in import_cpu(args.imports).items():
        print(f"  {name:<40} {value * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
