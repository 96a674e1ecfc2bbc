"""Read one YAML file into plain data (dicts, lists, str, int, float, bool, None) and remember the
line and column of every value and key. Problems are returned, never raised: whatever the bytes,
the caller gets data or diagnostics."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .model import Path_, Problem

__all__ = ["Loaded", "load_text", "load_bytes", "MAX_DEPTH"]

try:  # libyaml composes nodes in C: the same nodes, several times faster
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_DEPTH = 200
_PLAIN = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_PLAIN + name for name in ("str", "int", "float", "bool", "null")}
_TIMESTAMP = _PLAIN + "timestamp"
_MAP = _PLAIN + "map"
_SEQ = _PLAIN + "seq"
_constructor = yaml.SafeLoader("")


@dataclass
class Loaded:
    """A file's data (None when unreadable), where each value and key stands, and its problems."""

    path: str
    data: object = None
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def position(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """Line and column of the node at `path` (its key when `key`), else of its nearest parent."""
        table = self.keys if key else self.values
        if path in table:
            return table[path]
        while path:
            path = path[:-1]
            if path in self.values:
                return self.values[path]
        return (1, 1)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


_GLUED_COMMENT = re.compile(r"[ \t]+#[^\s#]")


class _Builder:
    def __init__(self, loaded: Loaded, text: str) -> None:
        self.loaded = loaded
        self.seen: set[int] = set()
        self.lines = text.splitlines()
        # only a line holding a '#' can cut a value short
        self.hash_lines = {number for number, line in enumerate(self.lines) if "#" in line}

    def glued_comment(self, node: yaml.ScalarNode) -> None:
        """A plain value followed by " #8 ..." loses everything from the "#" on: YAML reads it
        as a comment. Nobody writes a comment glued to its text, so it is reported."""
        mark = node.end_mark
        if mark.line not in self.hash_lines:
            return
        rest = self.lines[mark.line][mark.column:]
        found = _GLUED_COMMENT.match(rest)
        if found:
            line, column = mark.line + 1, mark.column + found.end() - 1
            self.loaded.problems.append(Problem(
                self.loaded.path, line, column,
                f"{rest.strip()!r} is read as a comment, not as part of the value; quote the value "
                "(or put a space after '#' if it is a comment)", "yaml-comment-in-value"))

    def problem(self, node: yaml.Node, message: str, rule: str) -> None:
        line, column = _mark(node)
        self.loaded.problems.append(Problem(self.loaded.path, line, column, message, rule))

    def build(self, node: yaml.Node, path: Path_) -> object:
        # The composer hands every alias back as the node it names: seeing a node twice means an
        # alias, refused before it could be expanded (which is how "billion laughs" files blow up).
        if id(node) in self.seen:
            self.problem(node, "anchors and aliases are not allowed; write the value out", "yaml-alias")
            return None
        self.seen.add(id(node))
        self.loaded.values[path] = _mark(node)
        if len(path) >= MAX_DEPTH:  # the root is level 1: this node is level len(path) + 1
            self.problem(node, f"nesting deeper than {MAX_DEPTH} levels", "yaml-depth")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self.problem(node, f"tag {node.tag!r} is not allowed: plain data only", "yaml-tag")
                return None
            return [self.build(child, path + (index,)) for index, child in enumerate(node.value)]
        return self.scalar(node)

    def mapping(self, node: yaml.MappingNode, path: Path_) -> object:
        if node.tag != _MAP:
            self.problem(node, f"tag {node.tag!r} is not allowed: plain data only", "yaml-tag")
            return None
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _PLAIN + "merge":
                self.problem(key_node, "keys must be plain scalars (no merge keys)", "yaml-key")
                continue
            key = self.scalar(key_node)
            name = key if isinstance(key, str) else str(key_node.value)  # `true:` stays "true"
            if name in result:
                self.problem(key_node, f"duplicate key {name!r}", "yaml-duplicate-key")
                continue
            self.loaded.keys[path + (name,)] = _mark(key_node)
            result[name] = self.build(value_node, path + (name,))
        return result

    def scalar(self, node: yaml.Node) -> object:
        if isinstance(node, yaml.ScalarNode) and not node.style:  # plain: None from PyYAML's parser, '' from libyaml's
            self.glued_comment(node)
        if node.tag == _TIMESTAMP:
            # kept as written, so that 2003-01-23 means that day and never a datetime
            return str(node.value)
        if node.tag not in _SCALAR_TAGS:
            self.problem(node, f"tag {node.tag!r} is not allowed: plain data only", "yaml-tag")
            return None
        try:
            return _constructor.yaml_constructors[node.tag](_constructor, node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            self.problem(node, f"bad scalar: {exc}", "yaml-scalar")
            return None


_BOM = b"\xef\xbb\xbf"


def _position_of_offset(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters, like every other diagnostic) of a byte offset."""
    before = raw[:offset]
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return before.count(b"\n") + 1, column


def load_bytes(path: str, raw: bytes) -> Loaded:
    """Decode (UTF-8, an optional byte-order mark) and load."""
    if raw.startswith(_BOM):
        raw = raw[len(_BOM):]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position_of_offset(raw, exc.start)
        loaded = Loaded(path)
        loaded.problems.append(
            Problem(path, line, column, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})", "encoding")
        )
        return loaded
    return load_text(path, text)


def _one_line(text: str) -> str:
    return " ".join(text.split())


_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # YAML's line breaks


def _text_position(text: str, index: int) -> tuple[int, int]:
    breaks = list(_BREAK.finditer(text, 0, index))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, index - start + 1


# A file needs the (slower) event scan only when it could nest deeply or uses anchors at all.
_DEEP_INDENT = re.compile(rf"^[ \t?:-]{{{2 * MAX_DEPTH},}}", re.MULTILINE)
_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s\]{},]")


def _event_position(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _screen(loaded: Loaded, text: str) -> bool:
    """Refuse, before composing, what would blow up: nesting past MAX_DEPTH (libyaml's composer
    recurses in C and can crash the process) and aliases (which expand). True when it is safe."""
    deep = text.count("[") + text.count("{") > MAX_DEPTH or _DEEP_INDENT.search(text)
    if not deep and not _ANCHOR.search(text):
        return True
    try:
        return _screen_events(loaded, text, _Loader)
    except yaml.YAMLError as exc:
        # libyaml's scanner reads nested brackets ahead and stops at its own depth limit before
        # yielding a single event; the pure-Python parser yields them as it goes
        if "maximum nesting depth" not in str(exc):
            raise  # pragma: no cover - _screen_events handles every other YAML error
        return _screen_events(loaded, text, yaml.SafeLoader)


def _screen_events(loaded: Loaded, text: str, loader: type) -> bool:
    depth = 0
    aliases: list[yaml.AliasEvent] = []
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    line, column = _event_position(event)
                    loaded.problems.append(Problem(
                        loaded.path, line, column,
                        f"nesting deeper than {MAX_DEPTH} levels", "yaml-depth"))
                    return False
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases.append(event)
    except yaml.YAMLError as exc:
        if loader is _Loader and "maximum nesting depth" in str(exc):
            raise
        if not aliases:
            return True  # the composer will report the syntax error precisely
    if aliases:
        # one diagnostic for the file, at its first alias: a bomb has thousands of them
        line, column = _event_position(aliases[0])
        more = f" (and {len(aliases) - 1} more in this file)" if len(aliases) > 1 else ""
        loaded.problems.append(Problem(
            loaded.path, line, column,
            f"alias *{aliases[0].anchor} is not allowed{more}: anchors and aliases are not plain data; "
            "write the value out", "yaml-alias"))
        return False
    return True


def load_text(path: str, text: str) -> Loaded:
    loaded = Loaded(path)
    try:
        if not _screen(loaded, text):
            return loaded
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(part for part in (exc.context, exc.problem) if part) or "invalid YAML"
        loaded.problems.append(Problem(path, line, column, f"YAML syntax: {_one_line(message)}", "yaml-syntax"))
        return loaded
    except yaml.reader.ReaderError as exc:
        index = exc.position
        if _Loader is not yaml.SafeLoader:  # libyaml counts bytes of UTF-8, not characters
            index = len(text.encode("utf-8")[:index].decode("utf-8", errors="ignore"))
        line, column = _text_position(text, index)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        loaded.problems.append(Problem(
            path, line, column, f"control character U+{code:04X} is not allowed in YAML", "yaml-syntax"))
        return loaded
    except yaml.YAMLError as exc:
        loaded.problems.append(Problem(path, 1, 1, f"YAML: {_one_line(str(exc))}", "yaml-syntax"))
        return loaded
    except RecursionError:
        loaded.problems.append(Problem(path, 1, 1, "nesting too deep to read", "yaml-depth"))
        return loaded
    if node is None:
        loaded.problems.append(Problem(path, 1, 1, "the file is empty", "empty"))
        return loaded
    try:
        loaded.data = _Builder(loaded, text).build(node, ())
    except RecursionError:
        loaded.data = None
        loaded.problems.append(Problem(path, 1, 1, "nesting too deep to read", "yaml-depth"))
    return loaded
