"""Where each shipped-data command's CPU goes, phase by phase, beside the floor's own phases: the
figures behind a goal of the start-up issue that is not met ("which import, which phase").

Each command runs in a fresh process (N times; medians) that times, with the process clock:
Python's own start-up (to the first statement), importing the stack (typer, PyYAML, jsonschema-rs,
and rich for a table), importing sbaudit's modules the command uses, typer building the command
line, and then the command itself, run by typer, split by wrapping sbaudit's functions: finding
the files, reading them, parsing with positions, checking each against its schema, building the
model (periods included), the cross-file rules, the analysis, the view and the rendering (rich's
own imports and drawing included for a table). "exit" is what the process spends after the command
returns (the whole run's CPU, from the parent, less the phases).

The floor (a bare Python process that imports PyYAML and parses the same files with its C loader)
is split the same way: start-up, importing PyYAML, parsing; and so is the stack's own floor (as
`bench_shipped.py --stack`): a typer application whose one command only parses the same files,
then the same importing jsonschema-rs, then also drawing a one-row rich table.

Usage: python benchmarks/bench_phases.py [--runs N]"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

CHILD = r"""
import json, os, sys, time
T = time.process_time
start = T()
marks = [("Python start-up", start)]
stack = json.loads(sys.argv[1]); own = json.loads(sys.argv[2]); args = json.loads(sys.argv[3])
import importlib
for name in stack:
    importlib.import_module(name)
marks.append(("stack imports: " + ", ".join(dict.fromkeys(m.split(".")[0] for m in stack)), T()))
for name in own:
    importlib.import_module(name)
marks.append(("sbaudit's modules", T()))
spent = {}
def wrap(module, name, phase):
    mod = importlib.import_module(module)
    inner = getattr(mod, name)
    def clocked(*a, **k):
        t = T()
        try:
            return inner(*a, **k)
        finally:
            spent[phase] = spent.get(phase, 0.0) + T() - t
    for other in list(sys.modules.values()):  # every module that took the name in at import
        if getattr(other, "__name__", "").startswith("sbaudit") and getattr(other, name, None) is inner:
            setattr(other, name, clocked)
    setattr(mod, name, clocked)
LOAD = "load_dataset"
INNER = [
    ("sbaudit.load.data_root", "data_files", "find files"),
    ("sbaudit.load.data_root", "_read_raw", "read files"),
    ("sbaudit.load.data_root", "_read", "parse with positions"),
    ("sbaudit.load.schema", "check_schema", "schema"),
    ("sbaudit.load.build_model", "build_item", "build the model (periods included)"),
    ("sbaudit.load.build_model", "build_report", "build the model (periods included)"),
    ("sbaudit.load.rules", "cross_check", "cross-file rules"),
]
if "sbaudit.load.data_root" in own:
    wrap("sbaudit.load.data_root", "load_dataset", LOAD)
    for module, name, phase in INNER:
        wrap(module, name, phase)
from sbaudit import cli
from typer.main import get_command
command = get_command(cli.app)
marks.append(("typer builds the command line", T()))
sys.stdout = open(os.devnull, "w")
try:
    command.main(args, prog_name="sbaudit", standalone_mode=False)
except SystemExit:
    pass
end = T()
result = {name: (marks[i][1] - (marks[i - 1][1] if i else 0.0)) * 1000 for i, (name, _) in enumerate(marks)}
load = spent.pop(LOAD, 0.0)
if "sbaudit.load.data_root" in own:
    result.update({k: v * 1000 for k, v in spent.items()})
    result["load (the rest of it)"] = (load - sum(spent.values())) * 1000
    result["analysis, view and output"] = (end - marks[-1][1] - load) * 1000
else:
    result["the command"] = (end - marks[-1][1]) * 1000
print(json.dumps(result), file=sys.stderr)
from sbaudit.core.streams import _end_quickly
_end_quickly()  # what the command line does once a command's output is written
"""

FLOOR = r"""
import json, sys, time
T = time.process_time
a = T()
import yaml
b = T()
for name in json.loads(sys.argv[1]):
    with open(name, "rb") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
c = T()
phases = {"Python start-up": a, "stack imports: yaml": b - a, "parse (C loader)": c - b}
print(json.dumps({name: value * 1000 for name, value in phases.items()}), file=sys.stderr)
"""

# the stack's own floor (bench_shipped.py --stack): typer parses the command line, the command
# parses the files, with jsonschema-rs imported, and a one-row rich table drawn when asked
STACK_FLOOR = r"""
import atexit, gc, json, sys, time
atexit.register(gc.freeze)  # as sbaudit ends: no last walk of the collector
T = time.process_time
marks = [("Python start-up", T())]
import typer, yaml
from pathlib import Path
from typing import List
names = ["typer", "yaml"]
if "--schema" in sys.argv:
    import jsonschema_rs
    names.append("jsonschema_rs")
if "--table" in sys.argv:
    import io
    from rich.console import Console
    from rich.table import Table
    names.append("rich")
marks.append(("stack imports: " + ", ".join(names), T()))
app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)
@app.callback()
def main() -> None:
    pass
@app.command()
def parse(files: List[Path], schema: bool = False, table: bool = False) -> None:
    marks.append(("typer builds and parses the command line", T()))
    for name in files:
        with open(name, "rb") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)
    marks.append(("parse (C loader)", T()))
    if table:
        grid = Table(title="t")
        grid.add_column("a")
        grid.add_row("b")
        Console(file=io.StringIO(), width=100).print(grid)
        marks.append(("a one-row rich table", T()))
app(["parse", *json.loads(sys.argv[1]), *sys.argv[2:]], standalone_mode=False)
result = {name: (marks[i][1] - (marks[i - 1][1] if i else 0.0)) * 1000 for i, (name, _) in enumerate(marks)}
print(json.dumps(result), file=sys.stderr)
"""

STACK = ["typer", "yaml", "jsonschema_rs"]
TABLE = ["rich.console", "rich.table", "rich.text", "rich.padding", "rich.box"]
COMMANDS = {
    "diff 2002 2004 --format json": (["diff", "2002", "2004", "--format", "json"], False),
    "diff 2002 2004": (["diff", "2002", "2004"], True),
    "validate": (["validate"], False),
    "overdue --as-of 2006-12": (["overdue", "--as-of", "2006-12"], True),
    "summary": (["summary"], True),
    "--version": (["--version"], False),
}


def own_modules(python: str, args: list[str], env: dict[str, str], cwd: str) -> list[str]:
    """sbaudit's modules the command imports, in the order it imports them."""
    done = subprocess.run(
        [python, "-X", "importtime", "-m", "sbaudit", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
    )
    names = [
        line.split("|")[2].strip() for line in done.stderr.splitlines() if line.startswith("import time:")
    ]
    return [name for name in names if name.startswith("sbaudit")]


def timed(
    python: str, code: str, argv: list[str], env: dict[str, str], cwd: str
) -> tuple[dict[str, float], float]:
    """The phases the child reports, and its whole CPU time (user + system, from wait4), in ms."""
    child = subprocess.Popen(
        [python, "-c", code, *argv], env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert child.stderr is not None
    errors = child.stderr.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{argv[-1][:60]}: exited {os.waitstatus_to_exitcode(status)}: {errors[-500:]}")
    return json.loads(errors.strip().splitlines()[-1]), (usage.ru_utime + usage.ru_stime) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from sbaudit.load.locations import packaged_root

    root = packaged_root()
    files = sorted(str(p) for p in [*root.glob("plan/**/*.yaml"), *root.glob("reports/**/*.yaml")])
    python = sys.executable
    env = {**os.environ, "SBAUDIT_DATA": str(root), "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    cwd = tempfile.mkdtemp(prefix="sbaudit-phases-")
    jobs = {"floor": (FLOOR, [json.dumps(files)])}
    jobs["stack: typer + parse"] = (STACK_FLOOR, [json.dumps(files)])
    jobs["stack: + jsonschema_rs"] = (STACK_FLOOR, [json.dumps(files), "--schema"])
    jobs["stack: + a rich table"] = (STACK_FLOOR, [json.dumps(files), "--schema", "--table"])
    for name, (command, table) in COMMANDS.items():
        own = own_modules(python, command, env, cwd)
        stack = STACK + (TABLE if table else []) if command != ["--version"] else ["typer"]
        jobs[name] = (CHILD, [json.dumps(stack), json.dumps(own), json.dumps(command)])
    found: dict[str, list[tuple[dict[str, float], float]]] = {name: [] for name in jobs}
    for _ in range(args.runs):  # alternating: every command once per round
        for name, (code, argv) in jobs.items():
            found[name].append(timed(python, code, argv, env, cwd))
    floor_total = statistics.median(total for _, total in found["floor"])
    print(f"{len(files)} files, {args.runs} rounds, median CPU in ms (the floor: {floor_total:.1f} ms)\n")
    for name, runs in found.items():
        total = statistics.median(t for _, t in runs)
        phases = list(runs[0][0])
        medians = {phase: statistics.median(r[0].get(phase, 0.0) for r in runs) for phase in phases}
        medians["exit (the rest)"] = max(0.0, total - sum(medians.values()))
        print(f"{name}: {total:.1f} ms, {total / floor_total:.2f}x the floor")
        for phase, value in medians.items():
            print(f"  {phase:<52} {value:6.1f} ms  {value / floor_total:5.2f}x")
        print()


if __name__ == "__main__":
    main()
