"""Scale: synthetic plans of 1,000 and 10,000 items (or other sizes), cloned from the shipped ones
with fresh ids.

At each size every command runs alternating with the floor in one run (floor, validate, diff, ...,
floor, validate, ...): a bare Python process that imports PyYAML and parses the same files with
its C loader (it reads their names from a file: 50,000 names do not fit on a command line). Each
process's CPU time (user + system), wall clock and peak memory (its own ru_maxrss, from wait4) are
taken; the goals are judged by median CPU time and median peak memory. Tables go to /dev/null (not
a terminal: no colour), as to a file or a pipe.

Goals (issue "Start-up and tables near the floor"):
- at 10,000 items, `validate` <= 1.25x the floor; `diff 2002 2004` and `overdue --as-of 2006-12`
  (tables) <= 1.6x;
- from the smallest to the largest size (1,000 to 10,000 items) every command grows <= 10x;
- the peak memory of every command <= 3x the floor's (judged at the largest size; the issue names
  `list --format json` at 50,000 items: `--sizes 50000 --commands "list json"`).

With --check-jsonschema (found on PATH when installed) check-jsonschema also validates the same item
files against the item schema, once per size after the rounds, and its time is printed against
validate's.

Usage:

    python benchmarks/bench_scale.py [--sizes 1000 10000] [--runs 3] [--commands NAME ...]
                                     [--check-jsonschema PATH]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from _timing import FLOOR, Median, alternate, run_child, verdict

__all__ = ["FLOOR", "build"]  # bench_hook.py takes both from here

_ID = re.compile(r"^id: (\S+)$", re.MULTILINE)
COMMANDS = {
    "validate": ["validate"],
    "diff": ["diff", "2002", "2004"],
    "diff json": ["diff", "2002", "2004", "--format", "json"],
    "overdue": ["overdue", "--as-of", "2006-12"],
    "overdue json": ["overdue", "--as-of", "2006-12", "--format", "json"],
    "summary": ["summary"],
    "list": ["list"],
    "list json": ["list", "--format", "json"],
}
# CPU time against the floor at 10,000 items
GOALS = {"validate": 1.25, "diff": 1.6, "overdue": 1.6}
GOAL_SIZE = 10000
GROWTH = 10.0
MEMORY = 3.0

# _timing.FLOOR, with the file names read from the file named by its one argument
FLOOR_LISTED = """
import sys, yaml
with open(sys.argv[1], encoding="utf-8") as names:
    files = names.read().splitlines()
for name in files:
    with open(name, "rb") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
"""


def build(source: Path, target: Path, size: int) -> list[Path]:
    """The shipped reports and items, plus clones of the items (new ids, new files) up to `size`."""
    shutil.copytree(source / "reports", target / "reports")
    shutil.copytree(source / "plan", target / "plan")
    templates = sorted((source / "plan").rglob("*.yaml"))
    for n in range(size - len(templates)):
        template = templates[n % len(templates)]
        text = template.read_text(encoding="utf-8")
        old = _ID.search(text)
        assert old is not None, template
        new_id = f"{old.group(1)}-c{n:05d}"
        folder = target / template.parent.relative_to(source) / "clones"
        folder.mkdir(exist_ok=True)
        # one level deeper: the editor hint points one folder further up
        text = text.replace("$schema=../", "$schema=../../", 1)
        (folder / f"{new_id}.yaml").write_text(_ID.sub(f"id: {new_id}", text, count=1), encoding="utf-8")
    return sorted((target / "plan").rglob("*.yaml"))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--commands",
        nargs="+",
        choices=list(COMMANDS),
        default=list(COMMANDS),
        metavar="NAME",
        help=f"the commands to time (default: all of {', '.join(COMMANDS)})",
    )
    parser.add_argument(
        "--check-jsonschema",
        default=shutil.which("check-jsonschema"),
        help="the check-jsonschema executable (pip install check-jsonschema); optional",
    )
    args = parser.parse_args()
    from sbaudit.load.locations import packaged_root, schemas_dir

    sbaudit = shutil.which("sbaudit") or ""
    base = [sbaudit] if sbaudit else [sys.executable, "-m", "sbaudit"]
    print(f"sbaudit: {' '.join(base)}")
    work = Path(tempfile.mkdtemp(prefix="sbaudit-scale-"))
    results: dict[int, dict[str, Median]] = {}
    try:
        for size in args.sizes:
            root = work / f"data-{size}"
            items = build(packaged_root(), root, size)
            files = [str(p) for p in items] + [str(p) for p in sorted((root / "reports").glob("*.yaml"))]
            listed = work / f"files-{size}.txt"
            listed.write_text("\n".join(files) + "\n", encoding="utf-8")
            env = {**os.environ, "NO_COLOR": "1"}
            commands = {"floor": [sys.executable, "-c", FLOOR_LISTED, str(listed)]}
            commands.update({name: [*base, *COMMANDS[name]] for name in args.commands})
            results[size] = alternate(commands, env, args.runs, root)
            report(size, len(files), results[size], size == max(args.sizes))
            if args.check_jsonschema:
                schema = str(schemas_dir() / "item.schema.json")
                checker = run_child(
                    [args.check_jsonschema, "--schemafile", schema, *map(str, items)], env, root
                )
                line = f"  check-jsonschema {checker.cpu:6.2f} s CPU | {checker.wall:6.2f} s wall (one run)"
                if "validate" in results[size]:
                    line += f", {checker.cpu / results[size]['validate'].cpu:.1f}x validate's CPU"
                print(line)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if len(results) >= 2:
        small, large = sorted(results)[0], sorted(results)[-1]
        print(f"\ngrowth from {small} to {large} items ({large / small:.0f}x the items), CPU | wall:")
        for key in results[large]:
            cpu = results[large][key].cpu / results[small][key].cpu
            wall = results[large][key].wall / results[small][key].wall
            goal = "" if key == "floor" else f"   CPU {verdict(cpu, GROWTH)}"
            print(f"  {key:<14} {cpu:6.2f}x | {wall:6.2f}x the time{goal}")


def report(size: int, files: int, row: dict[str, Median], largest: bool) -> None:
    floor = row["floor"]
    print(f"\n{size} items ({files} files), medians, CPU | wall | peak memory:")
    for key, value in row.items():
        cpu, wall, peak = value.cpu / floor.cpu, value.wall / floor.wall, value.peak / floor.peak
        line = (
            f"  {key:<14} {value.cpu:6.2f} s {cpu:5.2f}x | {value.wall:6.2f} s {wall:5.2f}x | "
            f"{value.peak / 2**20:6.1f} MiB {peak:5.2f}x"
        )
        if size == GOAL_SIZE and key in GOALS:
            line += f"   CPU {verdict(cpu, GOALS[key])}"
        if largest and key != "floor":
            line += f"   memory {verdict(peak, MEMORY)}"
        print(line)


if __name__ == "__main__":
    main()
