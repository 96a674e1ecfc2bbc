"""Scale: synthetic plans of 1,000 and 10,000 items, cloned from the shipped ones with fresh ids,
timed side by side in one run, by the wall clock and by CPU time (see _timing.py).

The floor is a bare Python process that only parses the same files with PyYAML's C loader.
`sbaudit validate`, `sbaudit diff 2002 2004` and `sbaudit overdue --as-of 2006-12` are each timed
in the three states the goals name: cold (the first run), one file changed since the last run
(the pre-commit case) and nothing changed. sbaudit keeps no cache, so the three do the same work:
timing them apart shows that. check-jsonschema validates the same item files against the item schema.

Goals (issue "the cold path near the floor"), at 10,000 items:
- validate cold <= 1.5x the floor and >= 25x faster than check-jsonschema;
- validate with one file changed <= 0.5x the floor;
- from 1,000 to 10,000 items, every command in every state grows <= 11x.

Usage:

    python benchmarks/bench_scale.py [--sizes 1000 10000] [--runs 3] [--check-jsonschema PATH]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from _timing import FLOOR, Sample, measure, run_once, verdict

_ID = re.compile(r"^id: (\S+)$", re.MULTILINE)
COMMANDS = {
    "validate": ["validate"],
    "diff": ["diff", "2002", "2004"],
    "overdue": ["overdue", "--as-of", "2006-12"],
}


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


def editor(path: Path) -> Callable[[], None]:
    """Before each run: change one file (a comment, so the data stays valid)."""
    original = path.read_text(encoding="utf-8")
    counter = iter(range(10**9))

    def edit() -> None:
        path.write_text(original + f"# edit {next(counter)}\n", encoding="utf-8")

    return edit


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--check-jsonschema",
        default=shutil.which("check-jsonschema"),
        help="the check-jsonschema executable (pip install check-jsonschema)",
    )
    args = parser.parse_args()
    from sbaudit.load.locations import packaged_root, schemas_dir

    sbaudit = shutil.which("sbaudit") or ""
    base = [sbaudit] if sbaudit else [sys.executable, "-m", "sbaudit"]
    print(f"sbaudit: {' '.join(base)}")
    work = Path(tempfile.mkdtemp(prefix="sbaudit-scale-"))
    results: dict[int, dict[str, Sample]] = {}
    try:
        for size in args.sizes:
            root = work / f"data-{size}"
            items = build(packaged_root(), root, size)
            files = [str(p) for p in items] + [str(p) for p in sorted((root / "reports").glob("*.yaml"))]
            env = {**os.environ, "NO_COLOR": "1"}
            edit = editor(root / "plan/smart-border/sbap-01.yaml")
            row: dict[str, Sample] = {
                "floor": measure([sys.executable, "-c", FLOOR, *files], env, args.runs, root)
            }
            for name, command in COMMANDS.items():
                full = [*base, *command]
                row[f"{name} cold"] = measure(full, env, args.runs, root)
                row[f"{name} 1 changed"] = measure(full, env, args.runs, root, before=edit)
                run_once(full, env, root)
                row[f"{name} unchanged"] = measure(full, env, args.runs, root)
            if args.check_jsonschema:
                schema = str(schemas_dir() / "item.schema.json")
                row["check-jsonschema"] = measure(
                    [args.check_jsonschema, "--schemafile", schema, *map(str, items)], env, 1, root
                )
            results[size] = row
            report(size, len(files), row)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if len(results) >= 2:
        small, large = sorted(results)[0], sorted(results)[-1]
        print(f"\ngrowth from {small} to {large} items ({large / small:.0f}x the items), wall | CPU:")
        for key in results[large]:
            wall = results[large][key].wall / results[small][key].wall
            cpu = results[large][key].cpu / results[small][key].cpu
            goal = "" if key in ("floor", "check-jsonschema") else f"   {verdict(max(wall, cpu), 11)}"
            print(f"  {key:<20} {wall:6.2f}x | {cpu:6.2f}x the time{goal}")


def report(size: int, files: int, row: dict[str, Sample]) -> None:
    floor = row["floor"]
    print(f"\n{size} items ({files} files), medians, wall clock | CPU time:")
    for key, value in row.items():
        wall, cpu = value.ratio(floor)
        goal = ""
        if key == "validate cold":
            goal = f"   {verdict(max(wall, cpu), 1.5)}"
        elif key == "validate 1 changed":
            goal = f"   {verdict(max(wall, cpu), 0.5)}"
        print(
            f"  {key:<20} {value.wall:7.2f} s {wall:5.2f}x floor | {value.cpu:7.2f} s {cpu:5.2f}x floor{goal}"
        )
    if "check-jsonschema" in row:
        checker = row["check-jsonschema"]
        for key in ("validate cold", "validate 1 changed", "validate unchanged"):
            wall, cpu = checker.wall / row[key].wall, checker.cpu / row[key].cpu
            goal = f"   {verdict(min(wall, cpu), 25, at_most=False)}" if key == "validate cold" else ""
            print(f"  check-jsonschema / {key:<18} {wall:6.1f}x | {cpu:6.1f}x{goal}")


if __name__ == "__main__":
    main()
