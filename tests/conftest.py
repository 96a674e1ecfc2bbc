"""Shared fixtures: a tiny hand-made plan written into a temporary data root, and the shipped data."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

TINY_REPORTS = {
    "reports/p1.yaml": """\
        id: p1
        program: demo
        kind: plan
        title: Demo plan
        published: "2010-01-15"
        as_of: "2010-01-15"
        """,
    "reports/s1.yaml": """\
        id: s1
        aliases: [first]
        program: demo
        kind: status
        title: First status report
        published: "2011-01-10"
        as_of: "2011-01-10"
        """,
    "reports/s2.yaml": """\
        id: s2
        aliases: [latest]
        program: demo
        kind: status
        title: Second status report
        published: "2012-01-10"
        as_of: "2011-12"
        """,
}

TINY_ITEM = """\
    id: demo-01
    program: demo
    number: 1
    title: Build the bridge
    text: Build the bridge.
    introduced: p1
    deadlines:
      - id: open
        what: Bridge open
        due: by spring 2011
        period: 2011-spring
        set_by: s1
    history:
      - report: s1
        status: initiated
        basis: assessed
        note: Work began.
    """

WriteRoot = Callable[..., Path]


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")


@pytest.fixture
def make_root(tmp_path: Path) -> WriteRoot:
    """Write a data root: the tiny reports, plus the given files (name -> text or bytes; None
    removes a default file). Returns the root."""

    def build(files: dict[str, str | bytes | None] | None = None, with_item: bool = True) -> Path:
        root = tmp_path / "data"
        chosen: dict[str, str | bytes | None] = dict(TINY_REPORTS)
        if with_item:
            chosen["plan/demo/demo-01.yaml"] = TINY_ITEM
        chosen.update(files or {})
        _write(root, {k: v for k, v in chosen.items() if v is not None})
        return root

    return build


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see no data root from the environment and no colour."""
    monkeypatch.delenv("SBAUDIT_DATA", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture
def shipped() -> Path:
    """The dataset that ships with sbaudit (the installed copy when installed from a wheel)."""
    from sbaudit.load.locations import packaged_root

    return packaged_root()


@pytest.fixture
def in_dir(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    def go(path: Path) -> None:
        monkeypatch.chdir(path)

    return go


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("COLUMNS", "100")


def find_project_sources(starts: list[Path]) -> Path | None:
    """The project's source texts: `shared/sources` beside the checkout or beside any folder
    above it (a worktree sits deeper than the main checkout). None when there is none; a failure,
    not a skip, when one is there but cannot be read: CI must not pass without checking."""
    for start in starts:
        for folder in (start, *start.parents):
            candidate = folder / "shared" / "sources"
            if not os.path.lexists(candidate):
                continue
            try:
                names = [entry.name for entry in os.scandir(candidate) if entry.is_file()]
                for name in names:
                    with open(candidate / name, "rb") as handle:
                        handle.read(1)
            except OSError as exc:
                pytest.fail(f"the source texts at {candidate} cannot be read: {exc}")
            if not names:
                pytest.fail(f"the source texts folder {candidate} holds no file")
            return candidate
    return None


@pytest.fixture
def project_sources(shipped: Path) -> Path:
    """The project's source texts (`shared/sources` beside the checkout or above it); the test
    fails when they are there but unreadable, and is skipped, saying so, when they are absent."""
    found = find_project_sources([shipped.resolve().parent, Path(__file__).resolve().parent])
    if found is None:
        pytest.skip(
            "no shared/sources beside the checkout or any folder above it: the shipped data is "
            "NOT verified against its sources in this run"
        )
    return found
