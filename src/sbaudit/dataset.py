"""Load a data root: find the files, read them, check each against its schema, build the model and
run the cross-file rules. Every problem is collected; nothing is printed or raised."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache
from .model import Dataset, Item, Problem, Report, Where

if TYPE_CHECKING:
    from .build import PeriodContext
    from .loader import Loaded

__all__ = ["load_dataset", "data_files", "MAX_FILE_BYTES"]

MAX_FILE_BYTES = 16 * 1024 * 1024


def _display(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def data_files(root: Path) -> tuple[list[Path], list[Problem]]:
    """The YAML files under root/reports and root/plan, sorted; links leading outside root refused."""
    files: list[Path] = []
    problems: list[Problem] = []
    real_root = root.resolve()
    for folder in ("reports", "plan"):
        base = root / folder
        if not base.is_dir():
            problems.append(Problem(_display(base), 0, 0, f"missing folder {folder}/ in the data root", "layout"))
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in dirnames:
                folder_path = Path(dirpath) / name
                if folder_path.is_symlink():  # os.walk does not descend into it: say so
                    where = "outside the data root" if not folder_path.resolve().is_relative_to(real_root) else "inside the data root"
                    problems.append(Problem(_display(folder_path), 0, 0, f"symbolic link to a folder {where}: not followed", "symlink"))
            for name in sorted(filenames):
                if not name.endswith((".yaml", ".yml")):
                    continue
                path = Path(dirpath) / name
                if path.is_symlink() and not path.resolve().is_relative_to(real_root):
                    problems.append(Problem(_display(path), 0, 0, "symbolic link to a file outside the data root: not followed", "symlink"))
                    continue
                files.append(path)
    return files, problems


def _read_raw(path: Path) -> bytes | Problem:
    shown = _display(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return Problem(shown, 0, 0, f"file is {size} bytes, more than the {MAX_FILE_BYTES} a data file may have", "size")
        return path.read_bytes()
    except OSError as exc:
        return Problem(shown, 0, 0, f"cannot read: {exc.strerror or exc}", "io")


def _read(path: Path, raw: bytes | Problem) -> Loaded:
    from .loader import Loaded, load_bytes

    if isinstance(raw, Problem):
        loaded = Loaded(raw.path)
        loaded.problems.append(raw)
        return loaded
    return load_bytes(_display(path), raw)


def _claimed_id(loaded: Loaded, path: Path) -> str:
    data = loaded.data
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        return data["id"]
    return path.name.rsplit(".", 1)[0]


def _is_report(path: Path, root: Path) -> bool:
    try:  # files found under root are below it as written: no need to resolve them
        return path.relative_to(root).parts[0] == "reports"
    except ValueError:
        try:
            return path.resolve().relative_to(root.resolve()).parts[0] == "reports"
        except ValueError:
            return "reports" in path.parts


@dataclass(frozen=True)
class _Source:
    """One file as read: where it is, the name problems show for it, its kind, its bytes (or
    why they could not be read), and its cache key."""

    path: Path
    shown: str
    report_file: bool
    raw: bytes | Problem
    key: str


def load_dataset(root: Path, extra: Iterable[Path] = (), use_cache: bool | None = None) -> Dataset:
    """Load every file under root (and any extra files outside it). With the cache, an unchanged
    dataset is returned whole, and otherwise only the files whose bytes changed are read again."""
    files, problems = data_files(root)
    extra = list(extra)
    if extra:
        known = {path.resolve() for path in files}
        files += [path for path in extra if path.resolve() not in known]
    caching = use_cache if use_cache is not None else cache.enabled()
    sources = []
    for path in files:
        shown, report_file, raw = _display(path), _is_report(path, root), _read_raw(path)
        key = cache.file_key(shown, report_file, raw) if caching else ""
        sources.append(_Source(path, shown, report_file, raw, key))
    if not caching:
        return _load(root, sources, problems, None)
    key = cache.cache_key(root, (source.key for source in sources))
    hit = cache.cache_get(key)
    if hit is not None:
        return hit
    earlier = cache.files_get()
    used: dict[str, FileResult] = {}
    dataset = _load(root, sources, problems, earlier, used)
    cache.files_put(used)  # only this dataset's files: the cache does not grow without bound
    cache.cache_put(key, dataset)
    return dataset


@dataclass(frozen=True)
class FileResult:
    """What one file yields on its own: its problems, the report or item it builds (None when
    refused), and the id it claims when refused (so that references to it do not cascade)."""

    problems: tuple[Problem, ...]
    built: Report | Item | None
    refused_id: str | None
    context: str | None = None  # the key of the reports' context its periods needed, if any


def _load_file(path: Path, raw: bytes | Problem, report_file: bool, context: PeriodContext | None = None) -> FileResult:
    from .build import build_item_in_context, build_report
    from .schema import check_schema

    loaded = _read(path, raw)
    if loaded.problems:
        return FileResult(tuple(loaded.problems), None, _claimed_id(loaded, path))
    schema_problems = check_schema(loaded, "report" if report_file else "item")
    used = False
    built: Report | Item | None
    try:
        if report_file:
            built, more = build_report(loaded)
        else:
            built, more, used = build_item_in_context(loaded, context)
    except (KeyError, TypeError, AttributeError, ValueError):
        if not schema_problems:
            raise
        built, more = None, []
    depends = context.key if used and context is not None else None
    if schema_problems:
        # the file is refused, but what the builder can still judge (periods) is reported
        seen = {(p.line, p.column) for p in schema_problems}
        extra = [p for p in more if (p.line, p.column) not in seen]
        return FileResult(tuple(schema_problems + extra), None, _claimed_id(loaded, path), depends)
    return FileResult(tuple(more), built, None, depends)


def _load(
    root: Path, sources: list[_Source], problems: list[Problem],
    per_file: dict[str, FileResult] | None, used: dict[str, FileResult] | None = None,
) -> Dataset:
    from .build import PeriodContext
    from .checks import cross_check

    reports: list[Report] = []
    items: list[Item] = []
    unavailable: set[str] = set()  # ids of files that failed: no cascade of "unknown item"
    by_name = {source.shown: source for source in sources}
    context: PeriodContext | None = None
    # reports first: an item's periods may depend on them (fiscal years, "within 18 months")
    for source in sorted(sources, key=lambda source: not source.report_file):
        if not source.report_file and context is None:
            context = PeriodContext.of(reports)
        result = per_file.get(source.key) if per_file is not None else None
        if result is not None and result.context is not None and (context is None or result.context != context.key):
            result = None  # its periods were read with reports that have changed since
        if result is None:
            result = _load_file(source.path, source.raw, source.report_file, context)
        if used is not None:
            used[source.key] = result
        problems.extend(result.problems)
        if result.refused_id is not None:
            unavailable.add(result.refused_id)
        elif isinstance(result.built, Report):
            reports.append(result.built)
        elif isinstance(result.built, Item):
            items.append(result.built)

    reloaded: dict[str, Loaded] = {}

    def locate(where: Where) -> tuple[int, int]:
        # positions are only needed for the rare cross-file problem: read that file again
        if where.file not in reloaded:
            source = by_name.get(where.file)
            reloaded[where.file] = _read(source.path, source.raw) if source else _read(Path(where.file), b"")
        return reloaded[where.file].position(where.path)

    reports.sort(key=lambda report: (report.published.end, report.as_of.end, report.id))
    problems.extend(cross_check(reports, items, locate, unavailable))
    return Dataset(str(root), tuple(reports), tuple(items), tuple(sorted(set(problems))))
