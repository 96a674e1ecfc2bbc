"""`sbaudit init`: a new data root in one command. A plan report, one example item with every
field commented, the schemas the files' `$schema` lines point at, a pre-commit configuration and a
.gitignore for what `import` leaves in the data root; `sbaudit validate` accepts the result as it is.
The pre-commit configuration goes where pre-commit reads it, the top of the git repository, and its
hook installs the very sbaudit that wrote it."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import unquote, urlparse

from .. import __version__
from ..core.errors import UsageProblem
from ..core.periods import month_name
from ..core.safe import visible
from ..load.locations import schemas_dir

__all__ = [
    "InitRequest",
    "Initialised",
    "HookSource",
    "hook_source",
    "repository_top",
    "init_root",
    "precommit_advice",
]

_TEMPLATES = Path(__file__).resolve().parent / "init_templates"
_SLUG = re.compile(r"[a-z0-9][a-z0-9.-]*\Z")


@dataclass(frozen=True)
class InitRequest:
    """What `sbaudit init` was asked for."""

    folder: Path
    program: str
    title: str
    name: str | None = None
    published: dt.date | None = None
    fiscal_year_start: int | None = None


@dataclass(frozen=True)
class HookSource:
    """Where pre-commit gets sbaudit for the hook: a repository at a rev (pre-commit installs it
    with the hook its .pre-commit-hooks.yaml declares, `language: python`), or, with `repo`
    "local", a pip requirement it installs into the hook's own environment. Either way no
    activated virtual environment is needed."""

    repo: str
    rev: str | None = None
    requirement: str | None = None
    why: str = ""


def _git(folder: Path, *args: str) -> str | None:
    """One line of git's output, or None when git or the repository is not there."""
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, check=False, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def _installed_from() -> dict[str, Any] | None:
    """The PEP 610 record of where this sbaudit was installed from (None: from an index)."""
    from importlib import metadata

    try:
        text = metadata.distribution("sbaudit").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    try:
        found = json.loads(text) if text else None
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def hook_source(origin: dict[str, Any] | None = None, version: str = __version__) -> HookSource:
    """The source of the sbaudit running now: a git repository and commit it was installed from;
    the git checkout it was installed from, at its current commit; the folder or file it was
    installed from; else the package index, at this version."""
    origin = _installed_from() if origin is None else origin
    url = str(origin.get("url", "")) if origin else ""
    vcs = origin.get("vcs_info") if origin else None
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and vcs.get("commit_id"):
        return HookSource(
            url, str(vcs["commit_id"]), why="the git repository this sbaudit was installed from"
        )
    if url.startswith("file:"):
        path = Path(unquote(urlparse(url).path))
        head = _git(path, "rev-parse", "HEAD") if isinstance(origin, dict) and "dir_info" in origin else None
        top = _git(path, "rev-parse", "--show-toplevel") if head else None
        if head and top and Path(top).resolve() == path.resolve():
            return HookSource(
                str(path),
                head,
                why=f"the sbaudit checkout this sbaudit runs from, at its commit {head[:12]} (a path on this "
                "machine: for a repository others clone, point repo: at sbaudit's published repository)",
            )
        return HookSource("local", requirement=f"sbaudit @ {url}", why=f"the sbaudit at {url}")
    return HookSource(
        "local", requirement=f"sbaudit=={version}", why=f"sbaudit {version} from the package index"
    )


def repository_top(folder: Path) -> Path | None:
    """The top folder of the git repository holding `folder` (or would, once made), if any."""
    here = folder.absolute()
    while not here.is_dir() and here != here.parent:
        here = here.parent
    top = _git(here, "rev-parse", "--show-toplevel")
    return Path(top) if top else None


def _hook_values(source: HookSource) -> dict[str, str]:
    if source.repo == "local":
        return {
            "repo": "local",
            "rev_line": "",
            "local_lines": "        entry: sbaudit-hook\n        language: python\n"
            f"        additional_dependencies: [{_quoted(source.requirement or 'sbaudit')}]\n",
            "source": " ".join(source.why.split()),
        }
    return {
        "repo": _quoted(source.repo),
        "rev_line": f"    rev: {_quoted(source.rev or '')}\n",
        "local_lines": "",
        "source": " ".join(source.why.split()),
    }


@dataclass
class Initialised:
    """What init wrote, and where the pre-commit configuration went: into the new folder, the
    repository's top folder, or nowhere because one is there already (`hook` is then the text
    to add to it)."""

    written: list[Path] = field(default_factory=list)
    config: Path | None = None
    top: Path | None = None
    hook: str = ""
    covered: bool = False  # the configuration there already runs sbaudit-validate


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _check(request: InitRequest) -> None:
    if not _SLUG.match(request.program):
        raise UsageProblem(
            f"--program {request.program!r}: a program id is lower-case letters, digits, "
            "dots and hyphens, starting with a letter or digit, e.g. bwb-2011"
        )
    for option, value in (("--title", request.title), ("--name", request.name)):
        if value is not None and (
            not value.strip() or any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in value)
        ):
            raise UsageProblem(f"{option} must be one line of text")
    if request.published is not None:
        from ..core.periods import PeriodError, parse_period

        day = request.published.isoformat()
        try:  # the plan report's day, and the example deadline counted from it, must both be read
            parse_period(day)
            parse_period(f"12 months after {day}")
        except PeriodError as exc:
            raise UsageProblem(f"--published {day}: {exc}") from None
    if request.fiscal_year_start is not None and not 1 <= request.fiscal_year_start <= 12:
        raise UsageProblem("--fiscal-year-start is a month number, 1 to 12 (10 for October, 4 for April)")
    folder = request.folder
    if folder.exists() and not folder.is_dir():
        raise UsageProblem(f"{folder} is not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise UsageProblem(f"{folder} is not empty: init writes a new data root into a new or empty folder")


def init_root(request: InitRequest, source: HookSource | None = None) -> Initialised:
    """Write the data root and the pre-commit configuration. Raises UsageProblem for a bad
    request."""
    _check(request)
    folder, program = request.folder, request.program
    published = request.published or dt.date.today()
    if request.fiscal_year_start is None:
        fiscal = "# fiscal_year_start: 10"
    else:
        fiscal = f"fiscal_year_start: {request.fiscal_year_start}  # {month_name(request.fiscal_year_start)}"
    values = {
        "program": program,
        "plan_id": f"{program}-plan",
        "item_id": f"{program}-01",
        "title": _quoted(request.title),
        "name": _quoted(request.name or request.title),
        "published": published.isoformat(),
        "fiscal_line": fiscal,
        **_hook_values(source or hook_source()),
    }
    result = Initialised(top=repository_top(folder))
    config = _config_place(folder, result.top)
    targets = {
        folder / "reports" / f"{program}-plan.yaml": "report.yaml.tmpl",
        folder / "plan" / program / f"{program}-01.yaml": "item.yaml.tmpl",
        folder / ".gitignore": "gitignore.tmpl",
    }
    for target, template in targets.items():
        text = Template((_TEMPLATES / template).read_text(encoding="utf-8")).safe_substitute(values)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        result.written.append(target)
    (folder / "schemas").mkdir()
    for schema in sorted(schemas_dir().glob("*.schema.json")):
        result.written.append(Path(shutil.copy(schema, folder / "schemas" / schema.name)))
    text = Template((_TEMPLATES / "pre-commit-config.yaml.tmpl").read_text(encoding="utf-8")).safe_substitute(
        values
    )
    if config is None:
        result.hook = text[text.index("  - repo:") :]
        existing = (result.top or folder) / ".pre-commit-config.yaml"
        try:
            result.covered = "sbaudit-validate" in existing.read_text(encoding="utf-8", errors="replace")
        except OSError:
            result.covered = False
        return result
    with config.open("x", encoding="utf-8") as handle:  # never over a configuration already there
        handle.write(text)
    result.config = config
    result.written.append(config)
    return result


def _config_place(folder: Path, top: Path | None) -> Path | None:
    """Where pre-commit will read the configuration: the repository's top folder when the new
    data root lies inside a repository (None when a configuration is there already), else the new
    folder, which `git init` there makes the top."""
    if top is None or top.resolve() == folder.resolve():
        return folder / ".pre-commit-config.yaml"
    place = top / ".pre-commit-config.yaml"
    return None if place.exists() or place.is_symlink() else place


def precommit_advice(folder: Path, done: Initialised) -> list[str]:
    """What `init` says about the pre-commit configuration: where it went, and the one command
    (or edit) left to make the hook run."""
    where = visible(str(done.top)) if done.top is not None else ""
    if done.config is None and done.covered:
        return [
            f"pre-commit: {where}/.pre-commit-config.yaml already runs sbaudit-validate, which checks "
            "every data root in the repository on each commit that touches one"
        ]
    if done.config is None:
        return [
            f"pre-commit: {where}/.pre-commit-config.yaml is there already (not changed); add this "
            "under its repos: to validate the new data root on every commit:",
            visible(done.hook, keep_newlines=True).rstrip("\n"),
        ]
    if done.top is None:
        return [
            f"pre-commit: reads {visible(str(done.config))} at the top of a git repository: run "
            f"'git init' and 'pre-commit install' in {visible(str(folder))} (or move the file to the "
            "top folder of the repository that will hold the data)"
        ]
    if done.config.parent != folder:
        return [
            "pre-commit: the configuration is at the repository's top folder, where pre-commit reads "
            f"it; run 'pre-commit install' in {where}"
        ]
    return [f"pre-commit: run 'pre-commit install' in {where}"]
