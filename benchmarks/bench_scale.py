"""Scale: synthetic plans of 1,000 and 10,000 items, cloned from the shipped ones with fresh ids,
timed side by side in one run.

- `sbaudit validate` against `check-jsonschema --schemafile schemas/item.schema.json` on the same
  item files (goal: at least 10 times faster at 10,000 items);
- `sbaudit validate` against the floor, a bare Python process that only parses the same files
  with PyYAML's C loader (goal: at most 2 times the floor);
- `sbaudit diff 2002 2004` and `sbaudit overdue --as-of 2006-12` at both sizes (goal: 10 times
  the items costs at most 11 times the time).

sbaudit is timed in three states: cold (no cache), after one file changed (the pre-commit case),
and with nothing changed. Usage:

    python benchmarks/bench_scale.py [--sizes 1000 10000] [--runs 3] [--check-jsonschema PATH]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = """
import sys, yaml
for name in sys.argv[1:]:
    with open(name, "rb") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
"""
_ID = re.compile(r"^id: (\S+)$", re.MULTILINE)


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


def timed(command: list[str], env: dict[str, str], cwd: Path, ok: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(command[:3])}... exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return elapsed


def median(command: list[str], env: dict[str, str], cwd: Path, runs: int, before=None) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        if before:
            before()
        times.append(timed(command, env, cwd))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--check-jsonschema", default=shutil.which("check-jsonschema"),
                        help="the check-jsonschema executable (pip install check-jsonschema)")
    args = parser.parse_args()
    from sbaudit.locations import packaged_root, schemas_dir

    sbaudit = shutil.which("sbaudit") or ""
    base = [sbaudit] if sbaudit else [sys.executable, "-m", "sbaudit"]
    work = Path(tempfile.mkdtemp(prefix="sbaudit-scale-"))
    results: dict[int, dict[str, float]] = {}
    try:
        for size in args.sizes:
            root = work / f"data-{size}"
            items = build(packaged_root(), root, size)
            files = [str(p) for p in items] + [str(p) for p in sorted((root / "reports").glob("*.yaml"))]
            cache = work / f"cache-{size}"
            warm = {**os.environ, "SBAUDIT_CACHE_DIR": str(cache), "NO_COLOR": "1"}
            cold = {**warm, "SBAUDIT_NO_CACHE": "1"}
            row: dict[str, float] = {}
            row["floor"] = median([sys.executable, "-c", FLOOR, *files], cold, root, args.runs)
            validate = [*base, "validate"]
            row["validate cold"] = median(validate, cold, root, args.runs)
            timed(validate, warm, root)  # fill the cache
            touched = root / "plan/smart-border/sbap-01.yaml"
            original = touched.read_text(encoding="utf-8")
            counter = iter(range(10**6))

            def edit(touched: Path = touched, original: str = original, counter=counter) -> None:  # type: ignore[no-untyped-def]
                touched.write_text(original + f"# edit {next(counter)}\n", encoding="utf-8")

            row["validate 1 changed"] = median(validate, warm, root, args.runs, before=edit)
            row["validate unchanged"] = median(validate, warm, root, args.runs)
            for name, command in (("diff", [*base, "diff", "2002", "2004"]),
                                  ("overdue", [*base, "overdue", "--as-of", "2006-12"])):
                row[f"{name} cold"] = median(command, cold, root, args.runs)
                timed(command, warm, root)
                row[f"{name} unchanged"] = median(command, warm, root, args.runs)
            if args.check_jsonschema:
                schema = str(schemas_dir() / "item.schema.json")
                row["check-jsonschema"] = median([args.check_jsonschema, "--schemafile", schema, *map(str, items)],
                                                 cold, root, 1)
            results[size] = row
            report(size, len(files), row)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if len(results) >= 2:
        small, large = sorted(results)[0], sorted(results)[-1]
        print(f"\ngrowth from {small} to {large} items ({large / small:.0f}x the items):")
        for key in results[large]:
            print(f"  {key:<20} {results[large][key] / results[small][key]:6.2f}x the time")


def report(size: int, files: int, row: dict[str, float]) -> None:
    floor = row["floor"]
    print(f"\n{size} items ({files} files), medians:")
    for key, value in row.items():
        print(f"  {key:<20} {value:8.2f} s   {value / floor:6.2f}x floor")
    if "check-jsonschema" in row:
        for key in ("validate cold", "validate 1 changed", "validate unchanged"):
            print(f"  check-jsonschema / {key:<18} {row['check-jsonschema'] / row[key]:6.1f}x")


if __name__ == "__main__":
    main()
