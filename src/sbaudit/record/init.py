"""`sbaudit init`: a new data root in one command. A plan report, one example item with every
field commented, the schemas the files' `$schema` lines point at, a pre-commit configuration and a
.gitignore for what `import` leaves in the data root;
`sbaudit validate` accepts the result as it is."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from string import Template

from ..core.errors import UsageProblem
from ..load.locations import schemas_dir

__all__ = ["InitRequest", "init_root"]

_TEMPLATES = Path(__file__).resolve().parent / "init_templates"
_SLUG = re.compile(r"[a-z0-9][a-z0-9.-]*\Z")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class InitRequest:
    """What `sbaudit init` was asked for."""

    folder: Path
    program: str
    title: str
    name: str | None = None
    published: dt.date | None = None
    fiscal_year_start: int | None = None


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


def init_root(request: InitRequest) -> list[Path]:
    """Write the data root; returns the files written. Raises UsageProblem for a bad request."""
    _check(request)
    folder, program = request.folder, request.program
    published = request.published or dt.date.today()
    if request.fiscal_year_start is None:
        fiscal = "# fiscal_year_start: 10"
    else:
        fiscal = f"fiscal_year_start: {request.fiscal_year_start}  # {_MONTHS[request.fiscal_year_start - 1]}"
    values = {
        "program": program,
        "plan_id": f"{program}-plan",
        "item_id": f"{program}-01",
        "title": _quoted(request.title),
        "name": _quoted(request.name or request.title),
        "published": published.isoformat(),
        "fiscal_line": fiscal,
    }
    targets = {
        folder / "reports" / f"{program}-plan.yaml": "report.yaml.tmpl",
        folder / "plan" / program / f"{program}-01.yaml": "item.yaml.tmpl",
        folder / ".pre-commit-config.yaml": "pre-commit-config.yaml.tmpl",
        folder / ".gitignore": "gitignore.tmpl",
    }
    written = []
    for target, template in targets.items():
        text = Template((_TEMPLATES / template).read_text(encoding="utf-8")).safe_substitute(values)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    (folder / "schemas").mkdir()
    for schema in sorted(schemas_dir().glob("*.schema.json")):
        written.append(Path(shutil.copy(schema, folder / "schemas" / schema.name)))
    return written
