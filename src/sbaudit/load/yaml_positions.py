"""Read one YAML file into plain data (dicts, lists, str, int, float, bool, None) and remember the
line and column of every value and key. Problems are returned, never raised: whatever the bytes,
the caller gets data or diagnostics."""

from __future__ import annotations

import re
import sys

import yaml

from ..core.model import Path_, Problem

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
_MERGE = _PLAIN + "merge"
_STR = _PLAIN + "str"
_SEQ = _PLAIN + "seq"
_constructor = yaml.SafeLoader("")


class Loaded:
    """A file's data (None when unreadable), where each value and key stands, and its problems.

    Positions are worked out from the composed YAML only when first asked for: a file without a
    problem never needs them, and most files have none."""

    __slots__ = ("path", "data", "problems", "_node", "_values", "_keys")

    def __init__(self, path: str, data: object = None, problems: list[Problem] | None = None) -> None:
        self.path = path
        self.data = data
        self.problems: list[Problem] = problems if problems is not None else []
        self._node: yaml.Node | None = None
        self._values: dict[Path_, tuple[int, int]] | None = None
        self._keys: dict[Path_, tuple[int, int]] | None = None

    def __repr__(self) -> str:
        return f"Loaded({self.path!r}, problems={self.problems!r})"

    @property
    def values(self) -> dict[Path_, tuple[int, int]]:
        """Line and column of every value, by its path in the document."""
        if self._values is None:
            self._tables()
        assert self._values is not None
        return self._values

    @property
    def keys(self) -> dict[Path_, tuple[int, int]]:
        """Line and column of every mapping key, by the path of the value it names."""
        if self._keys is None:
            self._tables()
        assert self._keys is not None
        return self._keys

    def _tables(self) -> None:
        self._values, self._keys = {}, {}
        if self._node is not None:
            _positions(self._node, (), self._values, self._keys, set())

    def position(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """Line and column of the node at `path` (its key when `key`), else of its nearest parent."""
        table = self.keys if key else self.values
        if path in table:
            return table[path]
        values = self.values
        while path:
            path = path[:-1]
            if path in values:
                return values[path]
        return (1, 1)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _positions(
    node: yaml.Node,
    path: Path_,
    values: dict[Path_, tuple[int, int]],
    keys: dict[Path_, tuple[int, int]],
    seen: set[int],
) -> None:
    """Where every value and key the builder kept stands: the same walk, the same refusals."""
    if id(node) in seen:
        return
    seen.add(id(node))
    values[path] = _mark(node)
    if len(path) >= MAX_DEPTH:
        return
    if isinstance(node, yaml.MappingNode):
        if node.tag != _MAP:
            return
        names: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE:
                continue
            name = str(key_node.value)  # what the builder names it: `true:` stays "true"
            if name in names:
                continue
            names.add(name)
            keys[path + (name,)] = _mark(key_node)
            _positions(value_node, path + (name,), values, keys, seen)
    elif isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        for index, child in enumerate(node.value):
            _positions(child, path + (index,), values, keys, seen)


_GLUED_COMMENT = re.compile(r"[ \t]+#[^\s#]")
_GLUED_ANYWHERE = re.compile(r"[ \t]#[^\s#]")
_HASH_WORD = re.compile(r"#[^\s#]")


def _has_glued_candidate(text: str) -> bool:
    """Whether some " #x" stands in the text (the same as _GLUED_ANYWHERE.search, five times faster:
    every data file starts with a "# " comment, and a literal "#" is found at C speed)."""
    return any(found.start() and text[found.start() - 1] in " \t" for found in _HASH_WORD.finditer(text))


class _Builder:
    def __init__(self, loaded: Loaded, text: str) -> None:
        self.loaded = loaded
        self.seen: set[int] = set()
        self.lines: list[str] = []
        self.hash_lines: set[int] = set()
        # only a line holding " #x" can cut a value short: most files have none, and then no
        # scalar needs looking at
        if _has_glued_candidate(text):
            self.lines = text.splitlines()
            self.hash_lines = {
                number
                for number, line in enumerate(self.lines)
                if "#" in line and _GLUED_ANYWHERE.search(line)
            }

    def glued_comment(self, node: yaml.ScalarNode) -> None:
        """A plain value followed by " #8 ..." loses everything from the "#" on: YAML reads it
        as a comment. Nobody writes a comment glued to its text, so it is reported."""
        mark = node.end_mark
        if mark.line not in self.hash_lines:
            return
        rest = self.lines[mark.line][mark.column :]
        found = _GLUED_COMMENT.match(rest)
        if found:
            line, column = mark.line + 1, mark.column + found.end() - 1
            self.loaded.problems.append(
                Problem(
                    self.loaded.path,
                    line,
                    column,
                    f"{rest.strip()!r} is read as a comment, not as part of the value; quote the value "
                    "(or put a space after '#' if it is a comment)",
                    "yaml-comment-in-value",
                )
            )

    def problem(self, node: yaml.Node, message: str, rule: str) -> None:
        line, column = _mark(node)
        self.loaded.problems.append(Problem(self.loaded.path, line, column, message, rule))

    def build(self, node: yaml.Node, depth: int) -> object:
        # The composer hands every alias back as the node it names: seeing a node twice means an
        # alias, refused before it could be expanded (which is how "billion laughs" files blow up).
        # `depth` is the node's level less one, as the position tables count it.
        seen = self.seen
        if id(node) in seen:
            self.problem(node, "anchors and aliases are not allowed; write the value out", "yaml-alias")
            return None
        seen.add(id(node))
        if depth >= MAX_DEPTH:
            self.problem(node, f"nesting deeper than {MAX_DEPTH} levels", "yaml-depth")
            return None
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, depth)
        if node.tag != _SEQ:
            self.problem(node, f"tag {node.tag!r} is not allowed: plain data only", "yaml-tag")
            return None
        return [self.build(child, depth + 1) for child in node.value]

    def mapping(self, node: yaml.MappingNode, depth: int) -> object:
        if node.tag != _MAP:
            self.problem(node, f"tag {node.tag!r} is not allowed: plain data only", "yaml-tag")
            return None
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE:
                self.problem(key_node, "keys must be plain scalars (no merge keys)", "yaml-key")
                continue
            self.scalar(key_node)  # its problems (a tag, a glued comment) are the key's
            name = str(key_node.value)  # `true:` stays "true"
            if name in result:
                self.problem(key_node, f"duplicate key {name!r}", "yaml-duplicate-key")
                continue
            result[name] = self.build(value_node, depth + 1)
        return result

    def scalar(self, node: yaml.ScalarNode) -> object:
        if not node.style and self.hash_lines:  # plain: None from PyYAML's parser, '' from libyaml's
            self.glued_comment(node)
        tag = node.tag
        if tag == _STR:
            return _shared(node.value)
        if tag == _TIMESTAMP:
            # kept as written, so that 2003-01-23 means that day and never a datetime
            return _shared(str(node.value))
        if tag not in _SCALAR_TAGS:
            self.problem(node, f"tag {tag!r} is not allowed: plain data only", "yaml-tag")
            return None
        try:
            return _constructor.yaml_constructors[tag](_constructor, node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            self.problem(node, f"bad scalar: {exc}", "yaml-scalar")
            return None


def _shared(text: str) -> str:
    """A short text held once however often the files repeat it (report ids, statuses, pairs,
    labels: most of a large plan's strings), a long one as read."""
    return sys.intern(text) if len(text) <= SHARED_LENGTH else text


SHARED_LENGTH = 64

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
        raw = raw[len(_BOM) :]
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
# (`^` in MULTILINE mode, written as the first line or a "\n" so that the search scans for a literal)
_DEEP_INDENT = re.compile(rf"[ \t?:-]{{{2 * MAX_DEPTH}}}")
_DEEP_INDENT_LINE = re.compile(rf"\n[ \t?:-]{{{2 * MAX_DEPTH}}}")
_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s\]{},]")


def _event_position(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _screen(loaded: Loaded, text: str) -> bool:
    """Refuse, before composing, what would blow up: nesting past MAX_DEPTH (libyaml's composer
    recurses in C and can crash the process) and aliases (which expand). True when it is safe."""
    deep = (
        text.count("[") + text.count("{") > MAX_DEPTH
        or _DEEP_INDENT.match(text)
        or _DEEP_INDENT_LINE.search(text)
    )
    if not deep and not ("&" in text and _ANCHOR.search(text)):
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
                    loaded.problems.append(
                        Problem(
                            loaded.path, line, column, f"nesting deeper than {MAX_DEPTH} levels", "yaml-depth"
                        )
                    )
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
        loaded.problems.append(
            Problem(
                loaded.path,
                line,
                column,
                f"alias *{aliases[0].anchor} is not allowed{more}: anchors and aliases are not plain data; "
                "write the value out",
                "yaml-alias",
            )
        )
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
        loaded.problems.append(
            Problem(path, line, column, f"YAML syntax: {_one_line(message)}", "yaml-syntax")
        )
        return loaded
    except yaml.reader.ReaderError as exc:
        index = exc.position
        if _Loader is not yaml.SafeLoader:  # libyaml counts bytes of UTF-8, not characters
            index = len(text.encode("utf-8")[:index].decode("utf-8", errors="ignore"))
        line, column = _text_position(text, index)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        loaded.problems.append(
            Problem(
                path, line, column, f"control character U+{code:04X} is not allowed in YAML", "yaml-syntax"
            )
        )
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
        loaded.data = _Builder(loaded, text).build(node, 0)
        loaded._node = node
    except RecursionError:
        loaded.data = None
        loaded.problems.append(Problem(path, 1, 1, "nesting too deep to read", "yaml-depth"))
    return loaded
