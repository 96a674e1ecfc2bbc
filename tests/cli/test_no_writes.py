"""Reading is all sbaudit does to a data root: every command leaves every byte, every mtime and the
list of files and folders under the root exactly as they were."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import WriteRoot
from sbaudit.cli import app

runner = CliRunner()

Snapshot = dict[str, tuple[str, bytes, int, int]]

TINY_COMMANDS = [
    ["validate"],
    ["validate", "--format", "json"],
    ["list"],
    ["list", "--format", "json"],
    ["reports"],
    ["diff", "s1", "s2"],
    ["overdue", "--as-of", "2012"],
    ["show", "demo-01"],
    ["summary"],
    ["report", "--html", "{out}/report.html"],
    ["export", "{out}/audit.db"],
    ["export", "{out}/tables", "--format", "csv"],
]
SHIPPED_COMMANDS = [["validate"], ["diff", "2002", "2004"]]


def snapshot(root: Path) -> Snapshot:
    """Every entry under root: kind, content (files), mtime and mode."""
    found: Snapshot = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            info = path.lstat()
            relative = str(path.relative_to(root))
            if path.is_symlink():
                found[relative] = ("link", os.readlink(path).encode(), info.st_mtime_ns, info.st_mode)
            elif path.is_dir():
                found[relative] = ("dir", b"", info.st_mtime_ns, info.st_mode)
            else:
                found[relative] = ("file", path.read_bytes(), info.st_mtime_ns, info.st_mode)
    info = root.stat()
    found["."] = ("dir", b"", info.st_mtime_ns, info.st_mode)
    return found


def _age(root: Path) -> None:
    """Set every mtime a day back, so that a rewrite with the same bytes still shows."""
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            info = path.stat()
            os.utime(path, ns=(info.st_atime_ns - 86_400 * 10**9, info.st_mtime_ns - 86_400 * 10**9))
    info = root.stat()
    os.utime(root, ns=(info.st_atime_ns, info.st_mtime_ns - 86_400 * 10**9))


@pytest.fixture
def tiny_copy(make_root: WriteRoot, tmp_path: Path) -> Path:
    source: Path = make_root()
    copy = tmp_path / "tiny-copy"
    shutil.copytree(source, copy)
    _age(copy)
    return copy


@pytest.fixture
def shipped_copy(shipped: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "shipped-copy"
    copy.mkdir()
    for folder in ("plan", "reports"):
        shutil.copytree(shipped / folder, copy / folder)
    _age(copy)
    return copy


def _run_and_compare(root: Path, args: list[str], chdir_to: Path) -> None:
    args = [arg.replace("{out}", str(root.parent)) for arg in args]  # what a command writes goes outside
    before = snapshot(root)
    assert any(kind == "file" for kind, *_ in before.values())
    cwd = os.getcwd()
    os.chdir(chdir_to)
    try:
        result = runner.invoke(app, [*args, "--data", str(root)])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, (args, result.output)
    assert "Traceback" not in result.output
    after = snapshot(root)
    assert sorted(after) == sorted(before)
    for name in before:
        assert after[name] == before[name], name


@pytest.mark.parametrize("args", TINY_COMMANDS, ids=" ".join)
def test_tiny_root_untouched(tiny_copy: Path, tmp_path: Path, args: list[str]) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    _run_and_compare(tiny_copy, args, elsewhere)


@pytest.mark.parametrize("args", TINY_COMMANDS, ids=" ".join)
def test_tiny_root_untouched_when_run_inside_it(tiny_copy: Path, args: list[str]) -> None:
    _run_and_compare(tiny_copy, args, tiny_copy)


def test_tiny_root_untouched_twice_with_the_cache(tiny_copy: Path, tmp_path: Path) -> None:
    """A second run (a cache hit) writes nothing into the root either."""
    for _ in range(2):
        _run_and_compare(tiny_copy, ["validate"], tmp_path)
        _run_and_compare(tiny_copy, ["summary"], tmp_path)


@pytest.mark.parametrize("args", SHIPPED_COMMANDS, ids=" ".join)
def test_shipped_copy_untouched(shipped_copy: Path, tmp_path: Path, args: list[str]) -> None:
    _run_and_compare(shipped_copy, args, tmp_path)


def test_broken_root_untouched(tiny_copy: Path, tmp_path: Path) -> None:
    """Failing validation reads only, too."""
    (tiny_copy / "plan" / "demo" / "demo-02.yaml").write_bytes(b"id: [\n\xff")
    _age(tiny_copy)
    before = snapshot(tiny_copy)
    for args in (["validate"], ["validate", "-f", "json"], ["list"]):
        result = runner.invoke(app, [*args, "--data", str(tiny_copy)])
        assert result.exit_code == 1
    assert snapshot(tiny_copy) == before
