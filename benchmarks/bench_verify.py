"""Time `sbaudit verify --sources DIR` on the shipped data against `sbaudit validate` on the same
data (verify loads and validates first, then reads the texts and checks each fact in its passage),
interleaved in this one run; medians and the ratio (wall clock and CPU time) are printed, with the
absolute wall-clock median against the goal of the issue that cut the texts into passages.

A second part times a report whose text is 64 MiB: it is refused at the size cap, so the run
costs what verify costs without it (the peak memory of the child is printed).

Goal: verify on the shipped data under 2 s wall clock on the machine that runs it.
Usage: python benchmarks/bench_verify.py [--runs N] --sources DIR"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
from pathlib import Path

from _timing import run_once, sample, verdict


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--sources", type=Path, required=True, help="the project's source texts")
    args = parser.parse_args()
    from sbaudit.load.locations import packaged_root

    root = packaged_root().resolve()
    sbaudit = [shutil.which("sbaudit") or "", "--data", str(root)]
    if not sbaudit[0]:
        sbaudit = [sys.executable, "-m", "sbaudit", *sbaudit[1:]]
    base, *data = sbaudit
    validate = [base, "validate", *data]
    verify = [base, "verify", *data, "--sources", str(args.sources)]
    env = {**os.environ, "NO_COLOR": "1"}
    runs: dict[str, list[tuple[float, float]]] = {"validate": [], "verify": []}
    run_once(verify, env)
    for _ in range(args.runs):
        runs["validate"].append(run_once(validate, env))
        runs["verify"].append(run_once(verify, env))
    floor, found = sample(runs["validate"]), sample(runs["verify"])
    wall, cpu = found.ratio(floor)
    print(f"{args.runs} interleaved runs each, medians (wall clock | CPU time):")
    print(f"  validate {floor.wall * 1000:6.0f} ms | {floor.cpu * 1000:6.0f} ms")
    print(
        f"  verify   {found.wall * 1000:6.0f} ms | {found.cpu * 1000:6.0f} ms   ({wall:.2f}x | {cpu:.2f}x validate)"
    )
    print(f"  verify under 2 s: {verdict(found.wall, 2.0)}")

    # a 64 MiB text: refused at the cap without being read whole
    work = Path(tempfile.mkdtemp(prefix="sbaudit-bench-"))
    try:
        for folder in ("plan", "reports"):
            shutil.copytree(root / folder, work / "root" / folder)
        sources = work / "sources"
        shutil.copytree(args.sources, sources)
        report = work / "root" / "reports" / "spp-2006.yaml"
        text = report.read_text("utf-8")
        start = text.index("  - file: spp-security-agenda-status-2006.txt")
        end = text.index("    note:", start)
        report.write_text(text[:start] + "  - file: big.txt\n" + text[end:], "utf-8")
        with (sources / "big.txt").open("wb") as handle:
            handle.truncate(64 * 1024 * 1024)
        big = [base, "verify", "--data", str(work / "root"), "--sources", str(sources)]
        wall_big, cpu_big = run_once(big, env, ok=(1,))
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(
            f"64 MiB text: {wall_big * 1000:.0f} ms | {cpu_big * 1000:.0f} ms, refused at the cap; "
            f"largest child so far {peak / 1024:.0f} MiB"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
