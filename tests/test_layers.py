"""The pipeline reads in the folder list: every import points down the stages, never up or
sideways into a later stage (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "sbaudit"
# Bottom to top: each stage may import from itself and from the stages listed before it.
LAYERS = ["core", "load", "audit", "output", "record", "cli"]


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "sbaudit" or len(parts) == 1:
        return None  # the package itself holds only the version
    return parts[1] if parts[1] in LAYERS else {"__main__": "cli"}.get(parts[1], parts[1])


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, text: str) -> list[tuple[int, str]]:
    """Every module a file imports (inside functions and TYPE_CHECKING blocks too), absolute."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            found += [
                (node.lineno, f"{target}.{alias.name}")
                for alias in node.names
                if (PACKAGE.parent / f"{target}.{alias.name}".replace(".", "/")).with_suffix(".py").exists()
            ]
    return found


def _violations(extra: dict[Path, str] | None = None) -> list[str]:
    files = {path: path.read_text(encoding="utf-8") for path in sorted(PACKAGE.rglob("*.py"))}
    files.update(extra or {})
    problems = []
    for path, text in files.items():
        own = _layer(_module_name(path))
        for line, target in _imports(path, text):
            theirs = _layer(target)
            if own is None or theirs is None or not target.startswith("sbaudit"):
                continue
            if theirs not in LAYERS or own not in LAYERS:
                problems.append(f"{path.relative_to(PACKAGE)}:{line}: {target} is in no stage")
            elif LAYERS.index(theirs) > LAYERS.index(own):
                problems.append(f"{path.relative_to(PACKAGE)}:{line}: {own} imports {target} ({theirs})")
    return problems


def test_every_module_belongs_to_a_stage() -> None:
    stray = [path.name for path in PACKAGE.glob("*.py") if path.stem not in {"__init__", "__main__", "cli"}]
    assert stray == []


def test_imports_point_down_the_stages() -> None:
    assert _violations() == []


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from ..output.formats import View\n", "load imports sbaudit.output.formats (output)"),
        ("from ..record.verify import verify\n", "load imports sbaudit.record.verify (record)"),
    ],
)
def test_the_check_can_fail(source: str, expected: str) -> None:
    probe = PACKAGE / "load" / "probe.py"
    assert any(expected in problem for problem in _violations({probe: source}))
