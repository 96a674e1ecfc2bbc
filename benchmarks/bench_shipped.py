"""The shipped data: each command against the floor (a bare Python process that imports PyYAML and
parses the same files with its C loader), all alternating in one run: floor, command, command, ...,
floor, command, ... The goals are judged by the median CPU time (user + system) of each; the wall
clock is printed beside it.

Goals (issue "Start-up and tables near the floor"):
- `diff 2002 2004 --format json` <= 2.0x the floor; `diff 2002 2004` (table) <= 2.5x;
- `validate`, `overdue --as-of 2006-12`, `summary` <= 2.5x;
- `--version` <= 1.3x.

Tables are written to /dev/null (not a terminal: no colour), as to a file or a pipe.

With --stack it also times, in the same rounds, what the chosen stack costs before sbaudit does
anything of its own: a typer application whose one command only parses the same files (`typer +
parse`; like sbaudit it ends without the collector's last walk, core/streams.py), the same
importing jsonschema-rs, which every data command needs to check the files
(`+ jsonschema_rs`), and that also drawing a one-row rich table (`+ rich table`).

Usage: python benchmarks/bench_shipped.py [--runs N] [--data DIR] [--stack]"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from _timing import FLOOR, alternate, verdict

# the stack's own floor: typer parses the command line, the command parses the files
STACK = """
import atexit, gc, sys, yaml, typer
atexit.register(gc.freeze)  # as sbaudit ends: no last walk of the collector
from pathlib import Path
from typing import List

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)

@app.callback()
def main() -> None:
    pass

@app.command()
def parse(files: List[Path], schema: bool = False, table: bool = False) -> None:
    if schema:
        import jsonschema_rs
    for name in files:
        with open(name, "rb") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)
    if table:
        import io
        from rich.console import Console
        from rich.table import Table
        grid = Table(title="t")
        grid.add_column("a")
        grid.add_row("b")
        Console(file=io.StringIO(), width=100).print(grid)

app()
"""

GOALS = {
    "diff 2002 2004 --format json": 2.0,
    "diff 2002 2004": 2.5,
    "validate": 2.5,
    "overdue --as-of 2006-12": 2.5,
    "summary": 2.5,
    "--version": 1.3,
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--data", type=Path, default=None, help="data root (default: the shipped dataset)")
    parser.add_argument("--stack", action="store_true", help="also time the stack's own floor")
    args = parser.parse_args()
    from sbaudit.load.locations import packaged_root

    root = (args.data or packaged_root()).resolve()
    files = sorted(
        str(p) for p in list((root / "plan").rglob("*.yaml")) + list((root / "reports").glob("*.yaml"))
    )
    found = shutil.which("sbaudit")
    base = [found] if found else [sys.executable, "-m", "sbaudit"]
    commands: dict[str, list[str]] = {"floor": [sys.executable, "-c", FLOOR, *files]}
    for name in GOALS:
        words = name.split()
        commands[name] = [*base, *words] + ([] if words[0].startswith("-") else ["--data", str(root)])
    if args.stack:
        stack = [sys.executable, "-c", STACK, "parse", *files]
        commands["typer + parse"] = stack
        commands["+ jsonschema_rs"] = [*stack, "--schema"]
        commands["+ rich table"] = [*stack, "--schema", "--table"]
    env = {**os.environ, "NO_COLOR": "1"}
    medians = alternate(commands, env, args.runs)
    floor = medians["floor"]
    print(f"sbaudit: {' '.join(base)}")
    print(f"{len(files)} files, {args.runs} rounds (each command once per round, in turn), medians:")
    print(f"  {'':30} {'CPU':>9} {'ratio':>7}   {'wall':>9} {'ratio':>7}")
    for name, median in medians.items():
        cpu, wall = median.cpu / floor.cpu, median.wall / floor.wall
        line = (
            f"  {name:30} {median.cpu * 1000:6.1f} ms {cpu:6.2f}x   {median.wall * 1000:6.1f} ms {wall:6.2f}x"
        )
        if name in GOALS:
            line += f"   CPU {verdict(cpu, GOALS[name])}"
        print(line)


if __name__ == "__main__":
    main()
