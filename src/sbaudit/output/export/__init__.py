"""`sbaudit export`: the whole audit as a SQLite database with its Datasette metadata beside it,
or the same tables as a folder of CSV or NDJSON files.

Writing never loses or mixes data: everything is written to a temporary file or folder in the
target's own folder and renamed into place whole. What is there already is replaced only when an
earlier export wrote it (a database with sbaudit's application id, a folder holding sbaudit's
manifest and only the files it lists); a data root's plan/ and reports/ are never written into."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ...audit.knowledge import Knowledge
from ...core.errors import UsageProblem
from ...core.fs import exchange
from ...core.safe import csv_cell, json_text
from ..shapes import FORMAT_VERSION, group_keys, snake
from .database import is_export, metadata, views, write_database
from .tables import Table, build_tables

__all__ = ["EXPORT_FORMATS", "MANIFEST", "Exported", "export", "metadata_path"]

EXPORT_FORMATS = ("sqlite", "csv", "ndjson")
# the file that marks a folder of CSV or NDJSON files as sbaudit's export
MANIFEST = "sbaudit-export.json"


@dataclass(frozen=True)
class Exported:
    """What an export wrote: the paths, and how many tables and rows."""

    paths: tuple[Path, ...]
    tables: int
    rows: int


def metadata_path(database: Path) -> Path:
    """The Datasette metadata beside a database: audit.db -> audit.metadata.json."""
    return database.with_name(database.stem + ".metadata.json")


def _refuse_data_folders(target: Path) -> None:
    """No export goes into (or replaces) a data root's plan/ or reports/ folder."""
    resolved = target.parent.resolve() / target.name
    for folder in (resolved, *resolved.parents):
        root = folder.parent
        if folder.name in ("plan", "reports") and (root / "plan").is_dir() and (root / "reports").is_dir():
            raise UsageProblem(f"export never writes into a data root's {folder.name}/ folder ({folder})")


def _mode(path: Path) -> int | None:
    try:
        return os.lstat(path).st_mode
    except FileNotFoundError:
        return None


def _check_file(path: Path, ours: Callable[[Path], bool], what: str) -> None:
    mode = _mode(path)
    if mode is None:
        return
    if stat.S_ISLNK(mode):
        raise UsageProblem(f"cannot write {path}: it is a symbolic link (not followed)")
    if not stat.S_ISREG(mode) or not ours(path):
        raise UsageProblem(f"{path} exists and is not {what}: choose another name (nothing written)")


def _is_metadata(path: Path) -> bool:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and "sbaudit_export" in data


def _is_export_folder(path: Path) -> bool:
    """A folder an earlier export wrote: its manifest, and no file the manifest does not list."""
    try:
        listed = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        files = set(listed["files"])
        present = set(os.listdir(path))
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return present <= files | {MANIFEST} and all((path / name).is_file() for name in present)


def _place_file(temp: Path, target: Path) -> None:
    os.replace(temp, target)


def _place_folder(temp: Path, target: Path) -> None:
    """The new folder in the old one's place: swapped in one atomic step where the system can
    (then the old one is removed); elsewhere the old one is moved aside first and removed once
    the new one stands."""
    if _mode(target) is None:
        os.rename(temp, target)
        return
    try:
        exchange(temp, target)
    except OSError:
        pass
    else:
        shutil.rmtree(temp, ignore_errors=True)  # the old export, now at the temporary name
        return
    aside = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old."))
    try:
        os.rename(target, aside / "old")
        try:
            os.rename(temp, target)
        except OSError:
            os.rename(aside / "old", target)
            raise
    finally:
        shutil.rmtree(aside, ignore_errors=True)


def _csv(table: Table, folder: Path) -> str:
    name = f"{table.name}.csv"
    with (folder / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(table.names)
        writer.writerows([csv_cell(value) for value in row] for row in table.rows)
    return name


def _ndjson(table: Table, folder: Path) -> str:
    name = f"{table.name}.ndjson"
    with (folder / name).open("w", encoding="utf-8") as handle:
        for row in table.rows:
            handle.write(json_text(dict(zip(table.names, row, strict=True)), indent=None) + "\n")
    return name


def export(kn: Knowledge, target: Path, fmt: str) -> Exported:
    """Write the audit to `target`: a database file (and its metadata beside it) for sqlite, a
    folder for csv and ndjson."""
    if fmt not in EXPORT_FORMATS:
        raise UsageProblem(f"unknown export format {fmt!r} (known: {', '.join(EXPORT_FORMATS)})")
    _refuse_data_folders(target)
    if not target.parent.is_dir():
        raise UsageProblem(f"cannot write {target}: folder {target.parent} does not exist")
    tables = build_tables(kn)
    rows = sum(len(table.rows) for table in tables)
    if fmt == "sqlite":
        meta = metadata_path(target)
        _check_file(target, is_export, "a database sbaudit exported")
        _check_file(meta, _is_metadata, "metadata sbaudit exported")
        shown = views(tuple(snake(key) for key in group_keys(kn.dataset.items)))
        sources = [
            {"id": r.id, "title": r.title, **({"url": r.url} if r.url else {})} for r in kn.dataset.reports
        ]
        described = metadata(tables, shown, target.stem, sources)
        temps: list[Path] = []
        try:
            temps.append(_temp_path(target))
            write_database(tables, shown, temps[-1])
            temps.append(_temp_path(meta))
            temps[-1].write_text(json_text(described) + "\n", encoding="utf-8")
            _place_file(temps[0], target)
            _place_file(temps[1], meta)
        finally:
            for temp in temps:
                with contextlib.suppress(OSError):
                    temp.unlink()
        return Exported((target, meta), len(tables), rows)
    mode = _mode(target)
    if mode is not None and (stat.S_ISLNK(mode) or not stat.S_ISDIR(mode) or not _is_export_folder(target)):
        raise UsageProblem(
            f"{target} exists and is not a folder sbaudit exported (it would hold {MANIFEST} and "
            "only the files that lists): choose another name (nothing written)"
        )
    temp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    try:
        write = _csv if fmt == "csv" else _ndjson
        files = [write(table, temp) for table in tables]
        manifest = {"sbaudit_export": FORMAT_VERSION, "format": fmt, "files": files}
        (temp / MANIFEST).write_text(json_text(manifest) + "\n", encoding="utf-8")
        os.chmod(temp, 0o777 & ~_umask())
        _place_folder(temp, target)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return Exported((target,), len(tables), rows)


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _temp_path(target: Path) -> Path:
    """A new, empty file in the target's folder, with the mode a plain write would give it (an
    empty file is a new SQLite database to sqlite3)."""
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    os.chmod(name, 0o666 & ~_umask())
    return Path(name)
