"""There is no cache: every run reads the data root afresh (it costs little more than a bare
parse, see benchmarks/README.md). So nothing a cache folder holds can run code, mislead a run, hang it or be
deleted by it, and sbaudit writes nothing there. sbaudit 0.1 kept pickles in
`$SBAUDIT_CACHE_DIR/sbaudit` (else `$XDG_CACHE_HOME/sbaudit`, else `~/.cache/sbaudit`); the tests
plant things under the names it used."""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import sbaudit
from sbaudit.cli import app
from sbaudit.dataset import load_dataset
from sbaudit.locations import schemas_dir

runner = CliRunner()
COMMANDS = [["validate"], ["list"], ["diff", "s1", "s2"], ["overdue", "--as-of", "2012"], ["summary"]]


@pytest.fixture
def homes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every place a cache could be: a home, an XDG cache home and SBAUDIT_CACHE_DIR of this
    test's own, each with the `sbaudit` folder sbaudit 0.1 used."""
    home, xdg, own = tmp_path / "home", tmp_path / "xdg", tmp_path / "own"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(xdg))
    monkeypatch.setenv("SBAUDIT_CACHE_DIR", str(own))
    return [home / ".cache" / "sbaudit", xdg / "sbaudit", own / "sbaudit", own]


def _old_names() -> list[str]:
    """The names sbaudit 0.1 gave its per-file table (which it unpickled on every miss) and a
    dataset entry: `files-<digest of its code and schemas>.pickle`, `<digest>.pickle`."""
    digest = hashlib.sha256(b"sbaudit-cache-1" + sbaudit.__version__.encode())
    package = Path(sbaudit.__file__).parent
    for path in sorted(package.glob("*.py")) + sorted(schemas_dir().glob("*.schema.json")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return [f"files-{digest.hexdigest()}.pickle", f"{'0' * 64}.pickle"]


def _everything(folders: list[Path]) -> dict[str, bytes]:
    found = {}
    for folder in folders:
        if folder.exists():
            for path in sorted(folder.rglob("*")):
                found[str(path)] = path.read_bytes() if path.is_file() and not path.is_symlink() else b""
    return found


def test_nothing_is_written_where_a_cache_could_be(make_root, homes: list[Path]) -> None:  # type: ignore[no-untyped-def]
    root: Path = make_root()
    for args in COMMANDS * 2:
        result = runner.invoke(app, [*args, "--data", str(root)])
        assert result.exit_code == 0, (args, result.output)
    assert [folder for folder in homes if folder.exists()] == []


def test_every_run_reads_every_file(make_root, homes: list[Path], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sbaudit.dataset as dataset_module

    root: Path = make_root()
    monkeypatch.chdir(root)
    parsed: list[str] = []
    original = dataset_module._load_file

    def counting(source, context=None):  # type: ignore[no-untyped-def]
        parsed.append(source.path.name)
        return original(source, context)

    monkeypatch.setattr(dataset_module, "_load_file", counting)
    first = load_dataset(root)
    assert sorted(parsed) == ["demo-01.yaml", "p1.yaml", "s1.yaml", "s2.yaml"]
    item = root / "plan/demo/demo-01.yaml"
    item.write_text(item.read_text().replace("Build the bridge", "Build the tunnel"))
    parsed.clear()
    second = load_dataset(root)
    assert sorted(parsed) == ["demo-01.yaml", "p1.yaml", "s1.yaml", "s2.yaml"]
    assert (first.items[0].title, second.items[0].title) == ("Build the bridge", "Build the tunnel")


class _Payload:
    """Unpickling this touches a marker file: a stand-in for any code a pickle can run."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Path.touch, (self.marker,))


def test_a_planted_pickle_runs_nothing(make_root, homes: list[Path], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root: Path = make_root()
    marker = tmp_path / "payload-ran"
    for folder in homes:
        folder.mkdir(parents=True, exist_ok=True)
        for name in _old_names():
            (folder / name).write_bytes(pickle.dumps(_Payload(marker)))
    before = _everything(homes)
    for args in COMMANDS:
        result = runner.invoke(app, [*args, "--data", str(root)])
        assert result.exit_code == 0, (args, result.output)
        assert "Traceback" not in result.output
    assert not marker.exists()
    assert _everything(homes) == before


def test_a_tampered_entry_changes_no_answer(make_root, homes: list[Path]) -> None:  # type: ignore[no-untyped-def]
    """sbaudit 0.1 took a forged per-file result as the file's own: here, one that builds nothing
    for every file, keyed as 0.1 keyed them (the name shown, the kind, the bytes)."""
    from sbaudit.dataset import FileResult

    root: Path = make_root()
    keys = []
    for path in sorted(root.rglob("*.yaml")):
        relative = os.path.relpath(path)
        shown = str(path) if relative.startswith("..") else relative
        digest = hashlib.sha256(shown.encode() + (b"\1" if path.parent.name == "reports" else b"\0"))
        digest.update(path.read_bytes())
        keys.append(digest.hexdigest())
    forged = pickle.dumps({key: FileResult((), None, None) for key in keys})
    for folder in homes:
        folder.mkdir(parents=True, exist_ok=True)
        for name in _old_names():
            (folder / name).write_bytes(forged)
    result = runner.invoke(app, ["list", "--data", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "Build the bridge" in result.stdout


def test_fifos_at_cache_paths_do_not_hang(make_root, homes: list[Path]) -> None:  # type: ignore[no-untyped-def]
    root: Path = make_root()
    for folder in homes:
        folder.mkdir(parents=True, exist_ok=True)
        for name in _old_names():
            os.mkfifo(folder / name)
    for args in (["validate"], ["list"]):
        done = subprocess.run([sys.executable, "-m", "sbaudit", *args, "--data", str(root)],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr


def test_a_symlinked_cache_folder_loses_nothing(make_root, homes: list[Path], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    elsewhere = tmp_path / "another-program"
    elsewhere.mkdir()
    theirs = ["a.pickle", "files-b.pickle", *[f"{n:064x}.pickle" for n in range(12)], ".tmp1.tmp", "notes.txt"]
    for n, name in enumerate(theirs):
        (elsewhere / name).write_bytes(b"their data")
        os.utime(elsewhere / name, (n, n))
    for folder in homes[:3]:
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.symlink_to(elsewhere, target_is_directory=True)
    root: Path = make_root()
    for n in range(3):
        item = root / "plan/demo/demo-01.yaml"
        item.write_text(item.read_text().replace("Build", f"Build {n}"))
        result = runner.invoke(app, ["validate", "--data", str(root)])
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in elsewhere.iterdir()) == sorted(theirs)
    assert all(p.read_bytes() == b"their data" for p in elsewhere.iterdir())


def test_the_old_switch_is_still_accepted(make_root, homes: list[Path], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root: Path = make_root()
    monkeypatch.setenv("SBAUDIT_NO_CACHE", "1")
    result = runner.invoke(app, ["validate", "--data", str(root)])
    assert result.exit_code == 0, result.output
    assert load_dataset(root) == load_dataset(root)
