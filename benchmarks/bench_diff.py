"""Time `sbaudit diff 2002 2004` against the floor: a bare Python process that only parses the
same YAML files with PyYAML's C loader. Both run side by side, interleaved, in this one run;
the ratio of medians is printed. Usage: python benchmarks/bench_diff.py [--runs N] [--data DIR]"""

from __future__ import annotations

import argparse
import os
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


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--data", type=Path, default=None, help="data root (default: the shipped dataset)")
    args = parser.parse_args()
    from sbaudit.locations import packaged_root

    root = (args.data or packaged_root()).resolve()
    files = sorted(str(p) for p in list((root / "plan").rglob("*.yaml")) + list((root / "reports").glob("*.yaml")))
    sbaudit = [shutil.which("sbaudit") or "", "diff", "2002", "2004", "--data", str(root)]
    if not sbaudit[0]:
        sbaudit = [sys.executable, "-m", "sbaudit", *sbaudit[1:]]
    floor = [sys.executable, "-c", FLOOR, *files]
    cache_dir = tempfile.mkdtemp(prefix="sbaudit-bench-")
    warm_env = {**os.environ, "SBAUDIT_CACHE_DIR": cache_dir}
    cold_env = {**warm_env, "SBAUDIT_NO_CACHE": "1"}
    timed(sbaudit, warm_env)  # fills the cache
    results: dict[str, list[float]] = {"floor": [], "sbaudit warm": [], "sbaudit cold": []}
    for _ in range(args.runs):
        results["floor"].append(timed(floor, cold_env))
        results["sbaudit warm"].append(timed(sbaudit, warm_env))
        results["sbaudit cold"].append(timed(sbaudit, cold_env))
    shutil.rmtree(cache_dir, ignore_errors=True)
    base = statistics.median(results["floor"])
    print(f"sbaudit: {' '.join(sbaudit[:-5])} (an editable install imports more slowly than a built one)")
    print(f"{len(files)} files, {args.runs} interleaved runs each, medians:")
    for name, times in results.items():
        median = statistics.median(times)
        print(f"  {name:<14} {median * 1000:7.1f} ms   {median / base:5.2f}x floor")
    print("goal: sbaudit diff 2002 2004 <= 2.5x floor (warm: data unchanged since the last run)")


if __name__ == "__main__":
    main()
