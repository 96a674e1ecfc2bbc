"""Time `sbaudit diff 2002 2004` against the floor: a bare Python process that only parses the
same YAML files with PyYAML's C loader. All run side by side, interleaved, in this one run; the
ratios of medians (wall clock and CPU time) are printed.

- cold: the first run on this data (a fresh clone, CI);
- warm: the data unchanged since the previous run. sbaudit keeps no cache: the same work.

Goal (issue "the cold path near the floor"): both <= 2.0x the floor.
Usage: python benchmarks/bench_diff.py [--runs N] [--data DIR]"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from _timing import FLOOR, run_once, sample, verdict


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--data", type=Path, default=None, help="data root (default: the shipped dataset)")
    args = parser.parse_args()
    from sbaudit.load.locations import packaged_root

    root = (args.data or packaged_root()).resolve()
    files = sorted(
        str(p) for p in list((root / "plan").rglob("*.yaml")) + list((root / "reports").glob("*.yaml"))
    )
    sbaudit = [shutil.which("sbaudit") or "", "diff", "2002", "2004", "--data", str(root)]
    if not sbaudit[0]:
        sbaudit = [sys.executable, "-m", "sbaudit", *sbaudit[1:]]
    floor = [sys.executable, "-c", FLOOR, *files]
    env = {**os.environ, "NO_COLOR": "1"}
    data = Path(tempfile.mkdtemp(prefix="sbaudit-bench-"))
    # cold: a copy of the data made before every run, as a fresh clone is
    cold = [*sbaudit[:-1], str(data / "root")]

    def fresh_copy() -> None:
        shutil.rmtree(data / "root", ignore_errors=True)
        for folder in ("plan", "reports"):
            shutil.copytree(root / folder, data / "root" / folder)

    runs: dict[str, list[tuple[float, float]]] = {"floor": [], "sbaudit cold": [], "sbaudit warm": []}
    run_once(sbaudit, env)
    for _ in range(args.runs):
        runs["floor"].append(run_once(floor, env))
        fresh_copy()
        runs["sbaudit cold"].append(run_once(cold, env))
        runs["sbaudit warm"].append(run_once(sbaudit, env))
    shutil.rmtree(data, ignore_errors=True)
    base = sample(runs["floor"])
    print(f"sbaudit: {' '.join(sbaudit[:-5])}")
    print(f"{len(files)} files, {args.runs} interleaved runs each, medians (wall clock | CPU time):")
    for name, found in runs.items():
        median = sample(found)
        wall, cpu = median.ratio(base)
        line = (
            f"  {name:<14} {median.wall * 1000:7.1f} ms {wall:5.2f}x floor | "
            f"{median.cpu * 1000:7.1f} ms {cpu:5.2f}x floor"
        )
        if name != "floor":
            line += f"   {verdict(max(wall, cpu), 2.0)}"
        print(line)
    print("goal: sbaudit diff 2002 2004 <= 2.0x the floor, cold and warm (met only when both clocks say so)")


if __name__ == "__main__":
    main()
