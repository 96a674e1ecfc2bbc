"""The data files are found by one scandir walk: the same files, in the same order, with the same
problems as os.walk gives (the walk it replaced), and a file the listing shows regular is marked
so (it is opened without a stat of its own)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sbaudit.load import data_root
from sbaudit.load.data_root import _found, data_files


def _os_walk_files(root: Path) -> list[str]:
    """The YAML files os.walk finds under reports/ and plan/ (links not followed into folders)."""
    found: list[str] = []
    for folder in ("reports", "plan"):
        for dirpath, dirnames, filenames in os.walk(root / folder):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                if name.endswith((".yaml", ".yml")) and not os.path.islink(path):
                    found.append(path)
    return found


def _tree(root: Path) -> None:
    for folder in ("reports", "plan/b", "plan/a/deeper", "plan/a/z", "plan/c"):
        (root / folder).mkdir(parents=True)
    for name in (
        "reports/2002.yaml",
        "reports/2001.yml",
        "reports/notes.txt",
        "plan/top.yaml",
        "plan/b/b-1.yaml",
        "plan/a/a-2.yaml",
        "plan/a/a-10.yaml",
        "plan/a/deeper/d.yaml",
        "plan/a/z/z.yaml",
        "plan/c/README",
    ):
        (root / name).write_text("id: x\n", encoding="utf-8")
    (root / "plan/a/linked").symlink_to(root / "plan/b")  # a folder inside: refused, named
    (root / "plan/a/away.yaml").symlink_to(root / "nowhere.yaml")  # leads nowhere: refused
    (root / "reports/same.yaml").symlink_to(root / "reports/2002.yaml")  # a report link inside: read
    os.mkfifo(root / "plan/c/pipe.yaml")  # listed as not regular: stat'ed, then refused on reading


def test_the_walk_finds_what_os_walk_finds_in_its_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    found, problems = _found(tmp_path)
    reference = _os_walk_files(tmp_path) + [str(tmp_path / "reports/same.yaml")]
    assert sorted(path for path, _ in found) == sorted(reference)
    assert [path for path, _ in found] == [
        str(tmp_path / name)
        for name in (
            "reports/2001.yml",
            "reports/2002.yaml",
            "reports/same.yaml",
            "plan/top.yaml",
            "plan/a/a-10.yaml",
            "plan/a/a-2.yaml",
            "plan/a/deeper/d.yaml",
            "plan/a/z/z.yaml",
            "plan/b/b-1.yaml",
            "plan/c/pipe.yaml",
        )
    ]
    regular = {os.path.relpath(path, tmp_path): flag for path, flag in found}
    assert regular["plan/top.yaml"] and regular["reports/2002.yaml"]
    assert not regular["reports/same.yaml"]  # a link: stat'ed before it is opened
    assert not regular["plan/c/pipe.yaml"]
    assert [(p.path, p.rule) for p in problems] == [
        (os.path.join("plan", "a", "linked"), "symlink"),
        (os.path.join("plan", "a", "away.yaml"), "symlink"),
    ]
    assert data_files(tmp_path) == ([Path(path) for path, _ in found], problems)


def test_a_file_listed_regular_is_opened_without_a_stat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    stats: list[str] = []
    real_stat = os.stat

    def counting_stat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        stats.append(os.fspath(path))
        return real_stat(path, *args, **kwargs)

    found = _found(tmp_path)[0]
    monkeypatch.setattr(data_root.os, "stat", counting_stat)
    for path, regular in found:
        data_root._read_raw(path, None, regular)
    assert sorted(os.path.relpath(path, tmp_path) for path in stats) == [
        "plan/c/pipe.yaml",
        "reports/same.yaml",
    ]
    assert "named pipe" in str(data_root._read_raw(str(tmp_path / "plan/c/pipe.yaml"), "p", True))
