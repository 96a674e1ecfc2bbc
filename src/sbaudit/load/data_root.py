"""Load a data root: find the files, read them, check each against its schema, build the model and
run the cross-file rules. Every problem is collected; nothing is printed or raised."""

from __future__ import annotations

import gc
import os
import stat
import zlib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..core.model import Dataset, Item, Problem, Report, Where, fiscal_speakers
from ..core.safe import visible

if TYPE_CHECKING:
    from .build_model import PeriodContext
    from .yaml_positions import Loaded

__all__ = ["load_dataset", "data_files", "MAX_FILE_BYTES"]

MAX_FILE_BYTES = 16 * 1024 * 1024


def _display(path: Path | str, cwd: str | None = None) -> str:
    """The path as problems show it: relative to the working folder (`cwd` when the caller knows
    it) when inside it, and safe to print (control characters and the bytes of a name that is not
    UTF-8 escaped, as `\\xff`)."""
    text = str(path)
    folder, name = os.path.split(text)
    try:
        relative = _relative_folder(folder, cwd or os.getcwd())
    except ValueError:  # pragma: no cover - another drive on Windows
        return visible(text)
    if name not in ("", ".", ".."):
        relative = name if relative == "." else os.path.join(relative, name)
    else:
        relative = os.path.relpath(text)
    return visible(text if relative.startswith("..") else relative)


@lru_cache(maxsize=1024)
def _relative_folder(folder: str, cwd: str) -> str:
    # the files of a data root share a few folders: os.path.relpath once per folder, not per file
    return os.path.relpath(folder or os.curdir, cwd)


def _link_problem(path: Path, real_root: Path, kind: str) -> Problem | None:
    """Why a symbolic link found under the root is not followed (None for a file link inside it)."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: Python 3.11's "Symlink loop"
        return Problem(
            _display(path),
            0,
            0,
            f"symbolic link to {kind} that cannot be reached "
            "(a loop, or a target that does not exist): not followed",
            "symlink",
        )
    inside = target.is_relative_to(real_root)
    if kind == "a folder":
        where = "inside" if inside else "outside"
        return Problem(
            _display(path), 0, 0, f"symbolic link to a folder {where} the data root: not followed", "symlink"
        )
    if not inside:
        return Problem(
            _display(path), 0, 0, "symbolic link to a file outside the data root: not followed", "symlink"
        )
    return None


def _is_link(path: Path) -> bool:
    """Whether path is a symbolic link; False when it cannot be told (a folder that can be listed
    but not entered): reading it then says why."""
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


def _entry_name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _entry_is_link(entry: os.DirEntry[str]) -> bool:
    """Whether a listed entry is a symbolic link (from the listing; False when it cannot be told,
    as _is_link)."""
    try:
        return entry.is_symlink()
    except OSError:
        return False


def _inside(link: Path, real_root: Path) -> bool:
    """Whether a linked plan/ or reports/ leads to a folder strictly inside the data root."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return target != real_root and target.is_relative_to(real_root)


def data_files(root: Path) -> tuple[list[Path], list[Problem]]:
    """The YAML files under root/reports and root/plan, sorted. Links leading outside root or
    nowhere, and folders that cannot be read, are problems: nothing is skipped silently."""
    found, problems = _found(root)
    return [Path(path) for path, _ in found], problems


def _found(root: Path) -> tuple[list[tuple[str, bool]], list[Problem]]:
    """data_files' work on plain strings, each file with whether the folder listing already shows
    it is a regular file (not a link): such a file needs no stat of its own before it is opened.
    One scandir per folder: the listing gives each entry's type, so no file is stat'ed to walk."""
    files: list[tuple[str, bool]] = []
    problems: list[Problem] = []
    real_root = root.resolve()

    def unreadable(error: OSError) -> None:
        where = Path(os.fsdecode(error.filename)) if error.filename is not None else root
        problems.append(
            Problem(
                _display(where),
                0,
                0,
                f"cannot read this folder ({error.strerror or error}): its files are not checked",
                "io",
            )
        )

    def walk(top: str, in_plan: bool) -> None:
        # what os.walk(top) visits, in its order (a folder's linked subfolders and files, then
        # its subfolders, sorted by name), with the file types the listing gives for free
        try:
            with os.scandir(top) as listing:
                entries = list(listing)
        except OSError as error:
            unreadable(error)
            return
        folders: list[os.DirEntry[str]] = []
        names: list[os.DirEntry[str]] = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            (folders if is_dir else names).append(entry)
        folders.sort(key=_entry_name)
        linked = [_entry_is_link(entry) for entry in folders]
        for entry, is_link in zip(folders, linked, strict=True):
            if is_link:
                refused = _link_problem(Path(entry.path), real_root, "a folder")
                if refused is not None:  # not descended into: say so
                    problems.append(refused)
        for entry in sorted(names, key=_entry_name):
            if not entry.name.endswith((".yaml", ".yml")):
                continue
            if _entry_is_link(entry):
                path = Path(entry.path)
                refused = _link_problem(path, real_root, "a file")
                if refused is None and in_plan:
                    refused = Problem(
                        _display(path),
                        0,
                        0,
                        "item file is a symbolic link: not followed (an item file must be a "
                        "regular file, which import writes in place)",
                        "symlink",
                    )
                if refused is not None:
                    problems.append(refused)
                    continue
                files.append((entry.path, False))
                continue
            try:
                regular = entry.is_file(follow_symlinks=False)
            except OSError:
                regular = False
            files.append((entry.path, regular))
        for entry, is_link in zip(folders, linked, strict=True):
            if not is_link:
                walk(entry.path, in_plan)

    for folder in ("reports", "plan"):
        base = root / folder
        if _is_link(base) and not _inside(base, real_root):
            problems.append(
                Problem(
                    _display(base),
                    0,
                    0,
                    f"{folder}/ is a symbolic link that leaves the data root (or cannot be reached): "
                    "not read",
                    "symlink",
                )
            )
            continue
        if not _is_folder(base):
            try:
                os.stat(base)
                why = None
            except FileNotFoundError:
                why = None
            except OSError as exc:  # a data root that can be listed but not entered
                why = exc
            if why is not None:
                unreadable(why)
            else:
                problems.append(
                    Problem(_display(base), 0, 0, f"missing folder {folder}/ in the data root", "layout")
                )
            continue
        walk(str(base), folder == "plan")
    return files, problems


_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFDIR: "a folder",
}


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    return f"not a regular file but {_KINDS.get(stat.S_IFMT(mode), 'a special file')}: not read"


def _read_raw(path: Path | str, shown: str | None = None, regular: bool = False) -> bytes | Problem:
    """The bytes of a data file, or why they cannot be had. The file type is checked before the
    file is opened (`regular`: the folder listing already showed a regular file), and it is
    opened without blocking, so a FIFO or a device never hangs a run."""
    if shown is None:
        shown = _display(path)
    try:
        if not regular:
            kind = _not_regular(os.stat(path).st_mode)
            if kind:
                return Problem(shown, 0, 0, kind, "io")
        fd = os.open(path, _OPEN_FLAGS)
        try:
            info = os.fstat(fd)
            kind = _not_regular(info.st_mode)  # it may have been swapped since it was listed
            if kind:
                return Problem(shown, 0, 0, kind, "io")
            if info.st_size > MAX_FILE_BYTES:
                return _too_big(shown, info.st_size)
            raw = _read_all(fd, info.st_size)
        finally:
            os.close(fd)
        if len(raw) > MAX_FILE_BYTES:
            return _too_big(shown, len(raw))
        return raw
    except OSError as exc:
        return Problem(shown, 0, 0, f"cannot read: {exc.strerror or exc}", "io")


_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


def _read_all(fd: int, size: int) -> bytes:
    """Everything up to MAX_FILE_BYTES + 1 bytes: one read for a file whose size is known, more
    only when it grew since (or a short read)."""
    chunks = [os.read(fd, min(size + 1, MAX_FILE_BYTES + 1))]
    total = len(chunks[0])
    while chunks[-1] and total <= MAX_FILE_BYTES:
        chunks.append(os.read(fd, MAX_FILE_BYTES + 1 - total))
        total += len(chunks[-1])
    return b"".join(chunks)


def _too_big(shown: str, size: int) -> Problem:
    return Problem(
        shown, 0, 0, f"file is {size} bytes, more than the {MAX_FILE_BYTES} a data file may have", "size"
    )


def _read(shown: str, raw: bytes | Problem) -> Loaded:
    from .yaml_positions import Loaded, load_bytes

    if isinstance(raw, Problem):
        loaded = Loaded(raw.path)
        loaded.problems.append(raw)
        return loaded
    return load_bytes(shown, raw)


def _claimed_id(loaded: Loaded, path: Path | str) -> str:
    data = loaded.data
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        return data["id"]
    return os.path.basename(path).rsplit(".", 1)[0]


def _is_report(path: Path | str, root: Path, under: tuple[str, str] | None = None) -> bool:
    """Whether a file is a report. `under`: root/reports/ and root/plan/ as strings, where
    data_files found them (a string comparison, not a path computation, per file)."""
    if under is not None:
        text = str(path)
        if text.startswith(under[0]):
            return True
        if text.startswith(under[1]):
            return False
    path = Path(path)
    try:  # files found under root are below it as written: no need to resolve them
        return path.relative_to(root).parts[0] == "reports"
    except ValueError:
        try:
            return path.resolve().relative_to(root.resolve()).parts[0] == "reports"
        except ValueError:
            return "reports" in path.parts


class _Source:
    """One file to read: where it is, the name problems show for it, its kind, and its bytes when
    they are given (an overlay) or else whether the folder listing showed a regular file. A file's
    bytes are read when it is loaded and not kept: a run holds the model, never the whole
    dataset's text as well."""

    __slots__ = ("path", "shown", "report_file", "raw", "regular", "seen")

    def __init__(
        self,
        path: Path | str,
        shown: str,
        report_file: bool,
        raw: bytes | Problem | None = None,
        regular: bool = False,
    ) -> None:
        self.path, self.shown, self.report_file = path, shown, report_file
        self.raw, self.regular = raw, regular
        self.seen: tuple[int, int] | None = None  # the length and CRC-32 of the bytes first read

    def read(self) -> bytes | Problem:
        """The file's bytes. A file read again (to place a cross-file problem in it, or to read a
        program's items with its fiscal years) must be the file first read: a file changed in
        between is refused, never placed or read as another version of itself."""
        if self.raw is not None:
            return self.raw
        raw = _read_raw(self.path, self.shown, self.regular)
        if isinstance(raw, bytes):
            seen = (len(raw), zlib.crc32(raw))
            if self.seen is None:
                self.seen = seen
            elif seen != self.seen:
                return Problem(self.shown, 0, 0, "changed while sbaudit read it: run the command again", "io")
        return raw


@contextmanager
def _no_collection() -> Iterator[None]:
    """Loading allocates millions of small objects and frees them by reference counting: the
    cyclic collector would only walk the growing model over and over (a sixth of a cold run)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_dataset(
    root: Path, extra: Iterable[Path] = (), overlay: Mapping[Path, bytes] | None = None
) -> Dataset:
    """Load every file under root (and any extra files outside it). Nothing is cached: reading
    and checking every file costs little more than a bare parse (benchmarks/README.md).
    `overlay`: bytes to read in place of some files (as data_files names them), to check what a
    change would give without writing it anywhere."""
    found, problems = _found(root)
    extra = list(extra)
    if extra:
        known = {Path(path).resolve() for path, _ in found}
        found += [(str(path), False) for path in extra if path.resolve() not in known]
    under = (os.path.join(str(root / "reports"), ""), os.path.join(str(root / "plan"), ""))
    sources = []
    cwd = os.getcwd()
    for path, regular in found:
        shown = _display(path, cwd)
        raw: bytes | Problem | None = None
        if overlay:
            raw = overlay.get(Path(path))
            if raw is not None and len(raw) > MAX_FILE_BYTES:
                raw = _too_big(shown, len(raw))
        sources.append(_Source(path, shown, _is_report(path, root, under), raw, regular))
    with _no_collection():
        return _load(root, sources, problems)


class FileResult(NamedTuple):
    """What one file yields on its own: its problems, the report or item it builds (None when
    refused), and the id it claims when refused (so that references to it do not cascade)."""

    problems: tuple[Problem, ...]
    built: Report | Item | None
    refused_id: str | None
    fiscal_start: tuple[str, int] | None = None  # a refused plan report's (program, fiscal_year_start)


def _refused(problems: list[Problem], loaded: Loaded, source: _Source) -> FileResult:
    """A refused file; a refused plan report still gives its fiscal-year start, so that its items'
    fiscal years are not refused as if it set none."""
    data = loaded.data
    start = None
    if source.report_file and isinstance(data, dict) and data.get("kind") == "plan":
        program, month = data.get("program"), data.get("fiscal_year_start")
        if isinstance(program, str) and type(month) is int and 1 <= month <= 12:
            start = (program, month)
    return FileResult(tuple(problems), None, _claimed_id(loaded, source.path), start)


def _load_file(source: _Source, context: PeriodContext | None = None) -> FileResult:
    """Parse, check and build one file (an item with the reports' context for its periods)."""
    from .build_model import build_item, build_report
    from .schema import check_schema

    loaded = _read(source.shown, source.read())
    if loaded.problems:
        return _refused(loaded.problems, loaded, source)
    schema_problems = check_schema(loaded, "report" if source.report_file else "item")
    built: Report | Item | None
    try:
        if source.report_file:
            built, more = build_report(loaded)
        else:
            built, more = build_item(loaded, context)
    except (KeyError, TypeError, AttributeError, ValueError):
        if not schema_problems:
            raise
        built, more = None, []
    if schema_problems:
        # the file is refused, but what the builder can still judge (periods) is reported
        seen = {(p.line, p.column) for p in schema_problems}
        extra = [p for p in more if (p.line, p.column) not in seen]
        return _refused(schema_problems + extra, loaded, source)
    if built is None:  # a report refused for its dates: no cascade of "unknown report"
        return _refused(more, loaded, source)
    return FileResult(tuple(more), built, None)


def _load(root: Path, sources: list[_Source], problems: list[Problem]) -> Dataset:
    from .build_model import PeriodContext
    from .rules import cross_check

    reports: list[Report] = []
    unavailable: set[str] = set()  # ids of files that failed: no cascade of "unknown item"
    refused_starts: dict[str, int] = {}
    by_name = {source.shown: source for source in sources}
    # reports first: an item's periods may depend on them (fiscal years, "within 18 months")
    for source in sources:
        if source.report_file:
            result = _load_file(source)
            problems.extend(result.problems)
            if result.refused_id is not None:
                unavailable.add(result.refused_id)
                if result.fiscal_start is not None:
                    refused_starts.setdefault(*result.fiscal_start)
            elif isinstance(result.built, Report):
                reports.append(result.built)
    context = PeriodContext.of(reports, refused_starts)
    item_sources = [source for source in sources if not source.report_file]
    results = [_load_file(source, context) for source in item_sources]
    # a program whose items speak in fiscal years reads a bare year as neither: read them again
    speakers = fiscal_speakers(
        (r.built for r in results if isinstance(r.built, Item)), dict(context.fiscal_year_start)
    )
    if speakers:
        context = context._replace(fiscal_years=tuple(sorted(speakers.items())))
        results = [
            _load_file(source, context)
            if not isinstance(result.built, Item) or result.built.program in speakers
            else result
            for source, result in zip(item_sources, results, strict=True)
        ]
    items: list[Item] = []
    for result in results:
        problems.extend(result.problems)
        if result.refused_id is not None:
            unavailable.add(result.refused_id)
        elif isinstance(result.built, Item):
            items.append(result.built)

    reloaded: dict[str, Loaded | None] = {}

    def locate(where: Where) -> tuple[int, int]:
        # positions are only needed for the rare cross-file problem: read and parse that file again
        if where.file not in reloaded:
            source = by_name.get(where.file)
            raw = source.read() if source else b""
            if isinstance(raw, Problem):  # changed or gone since it was loaded: no place in it
                problems.append(raw)
                reloaded[where.file] = None
            else:
                reloaded[where.file] = _read(where.file if source is None else source.shown, raw)
        found = reloaded[where.file]
        return (0, 0) if found is None else found.position(where.path)

    reports.sort(key=lambda report: (report.published.end, report.as_of.end, report.id))
    problems.extend(cross_check(reports, items, locate, unavailable))
    return Dataset(str(root), tuple(reports), tuple(items), tuple(sorted(set(problems))))
