"""Start-up: what `sbaudit --help`, `sbaudit --version` and `sbaudit validate` on a clean data root
(and, for comparison, `sbaudit diff 2002 2004`) import, with the time each import takes (python -X
importtime), and the whole run's time beside a bare `python -c pass` measured in the same run; also
`diff --format json`, `overdue` and `summary`.

For each command it lists every package imported beyond the standard library and every sbaudit
module, and checks that none of the packages, and none of sbaudit's own modules, the command has
no use for is among them.
Usage: python benchmarks/bench_startup.py [--runs N] [--data DIR]"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from _timing import measure

# third-party packages and what needs them
PACKAGES = {
    "typer": "the command line",
    "yaml": "reading data",
    "jsonschema_rs": "checking data (valid?)",
    "jsonschema": "wording schema problems (only for a file that has one)",
    "dateutil": "period arithmetic",
    "rich": "terminal tables",
    "jinja2": "the HTML report",
    "markupsafe": "the HTML report",
}
NOT_USED = {
    "--help": {"yaml", "jsonschema_rs", "jsonschema", "dateutil", "rich", "jinja2", "markupsafe"},
    "--version": {"yaml", "jsonschema_rs", "jsonschema", "dateutil", "rich", "jinja2", "markupsafe"},
    "validate": {"jsonschema", "rich", "jinja2", "markupsafe"},
    "diff": {"jsonschema", "jinja2", "markupsafe"},
    "diff --format json": {"jsonschema", "rich", "jinja2", "markupsafe"},
    "overdue": {"jsonschema", "jinja2", "markupsafe"},
    "summary": {"jsonschema", "jinja2", "markupsafe"},
}
# sbaudit's own modules a command has no use for (a name covers the modules below it)
_ELSEWHERE = ("record", "output.html", "output.export", "load.sources", "load.validate")
OWN_NOT_USED = {
    "--help": ("core.model", "core.periods", "core.vocab", "load.data_root", "audit", "output.formats.base")
    + _ELSEWHERE,
    "--version": (
        "core.model",
        "core.periods",
        "core.vocab",
        "load.data_root",
        "audit",
        "output.formats.base",
    )
    + _ELSEWHERE,
    "validate": ("audit", "output.diff", "output.overdue", "output.summary", "output.formats.table")
    + _ELSEWHERE[:-1],
    "diff": ("audit.overdue", "audit.summary", "output.overdue", "output.summary") + _ELSEWHERE,
    "diff --format json": (
        "audit.overdue",
        "audit.summary",
        "output.overdue",
        "output.summary",
        "output.formats.table",
    )
    + _ELSEWHERE,
    "overdue": ("audit.diff", "audit.summary", "output.diff", "output.summary") + _ELSEWHERE,
    "summary": ("audit.diff", "audit.overdue", "output.diff", "output.overdue") + _ELSEWHERE,
}


def own_unused(name: str, loaded: set[str]) -> list[str]:
    """The sbaudit modules loaded that `name` has no use for."""
    own = [module.removeprefix("sbaudit.") for module in loaded if module.startswith("sbaudit.")]
    return sorted(m for m in own if any(m == n or m.startswith(n + ".") for n in OWN_NOT_USED[name]))


_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")
ENTRY = "import sys; from sbaudit.cli import run; sys.argv = ['sbaudit', *sys.argv[1:]]; run()"
# the same, writing the names of every module loaded at exit to the file named by $MODULES_OUT
LISTING = (
    "import atexit, os, sys; atexit.register(lambda: open(os.environ['MODULES_OUT'], 'w')"
    ".write('\\n'.join(sorted(sys.modules)))); " + ENTRY
)


def imports(args: list[str], env: dict[str, str]) -> tuple[set[str], dict[str, float]]:
    """Every module loaded when the command exits, and each package's own import time in ms (the
    sum of its modules' self times, python -X importtime)."""
    with tempfile.NamedTemporaryFile(suffix=".txt") as out:
        subprocess.run(
            [sys.executable, "-c", LISTING, *args],
            env={**env, "MODULES_OUT": out.name},
            capture_output=True,
            check=False,
        )
        loaded = set(Path(out.name).read_text().split())
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", ENTRY, *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    own: dict[str, float] = {}
    for line in done.stderr.splitlines():
        match = _LINE.match(line)
        if match and match.group(4) in loaded:
            top = match.group(4).split(".")[0]
            own[top] = own.get(top, 0.0) + int(match.group(1)) / 1000
    return loaded, own


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument(
        "--data", type=Path, default=None, help="a clean data root (default: the shipped dataset)"
    )
    args = parser.parse_args()
    from sbaudit.load.locations import packaged_root

    root = str((args.data or packaged_root()).resolve())
    cache = tempfile.mkdtemp(prefix="sbaudit-startup-")
    env = {**os.environ, "SBAUDIT_NO_CACHE": "1", "SBAUDIT_CACHE_DIR": cache, "NO_COLOR": "1"}
    commands = {
        "--help": ["--help"],
        "--version": ["--version"],
        "validate": ["validate", "--data", root],
        "diff": ["diff", "2002", "2004", "--data", root],
        "diff --format json": ["diff", "2002", "2004", "--format", "json", "--data", root],
        "overdue": ["overdue", "--as-of", "2006-12", "--data", root],
        "summary": ["summary", "--data", root],
    }
    baseline = measure([sys.executable, "-c", "pass"], env, args.runs)
    python = _bare_modules(env)
    print(
        f"python -c pass: {baseline.wall * 1000:.0f} ms wall, {baseline.cpu * 1000:.0f} ms CPU "
        f"(median of {args.runs}); {len(python)} modules at start"
    )
    for name, command in commands.items():
        timing = measure([sys.executable, "-c", ENTRY, *command], env, args.runs)
        loaded, own = imports(command, env)
        extra = loaded - python
        tops = {module.split(".")[0] for module in extra}
        third = sorted(tops & set(PACKAGES))
        stdlib = sorted(top for top in tops & sys.stdlib_module_names if not top.startswith("_"))
        others = sorted(
            top
            for top in tops - sys.stdlib_module_names - set(PACKAGES) - {"sbaudit"}
            if not top.startswith("_")
        )
        print(
            f"\nsbaudit {' '.join(c for c in command if not c.startswith('/') and c != '--data')}: "
            f"{timing.wall * 1000:.0f} ms wall, {timing.cpu * 1000:.0f} ms CPU; {len(extra)} modules imported"
        )
        for top in third:
            print(f"  {top:<14} {own.get(top, 0.0):6.1f} ms   ({PACKAGES[top]})")
        print(
            f"  sbaudit        {own.get('sbaudit', 0.0):6.1f} ms   "
            f"({', '.join(sorted(m.removeprefix('sbaudit.') for m in extra if m.startswith('sbaudit.')))})"
        )
        print(f"  other packages (what the packages above bring): {', '.join(others) or 'none'}")
        print(f"  standard library: {', '.join(stdlib)}")
        unused = sorted(NOT_USED[name] & set(third))
        print(f"  imported but not used by this command: {', '.join(unused) if unused else 'none'}")
        mine = own_unused(name, loaded)
        print(f"  sbaudit modules imported but not used by this command: {', '.join(mine) or 'none'}")


def _bare_modules(env: dict[str, str]) -> set[str]:
    with tempfile.NamedTemporaryFile(suffix=".txt") as out:
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import atexit, os, sys; atexit.register(lambda: open("
                "os.environ['MODULES_OUT'], 'w').write('\\n'.join(sorted(sys.modules))))",
            ],
            env={**env, "MODULES_OUT": out.name},
            check=False,
        )
        return set(Path(out.name).read_text().split())


if __name__ == "__main__":
    main()
