"""The pre-commit hook's cost: `sbaudit-hook` (what pre-commit runs) in a git repository holding
the shipped data, then a synthetic plan of 10,000 items (benchmarks/bench_scale.py builds it),
timed beside a bare PyYAML C-loader parse of the same files measured in the same run.

Cases, each a commit as pre-commit would run it:
- one item edited and staged (the usual commit), "warm" after the previous commit and "cold"
  (`SBAUDIT_NO_CACHE=1`, as on a fresh CI machine): sbaudit keeps no cache any more, so both do
  the same work;
- one report deleted and staged (pre-commit names no file for it; the hook finds the root from
  git), with one item edited too so that the whole-dataset cache never answers;
- a commit touching no data (README only): the cost every other commit pays.

Usage:  python benchmarks/bench_hook.py [--sizes 143 10000] [--runs 5]
"""

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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import FLOOR, build  # noqa: E402


def _run(command: list[str], cwd: Path, env: dict[str, str], ok: tuple[int, ...] = (0, 1)) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        raise SystemExit(f"{command[0]} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return elapsed


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[143, 10000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from sbaudit.load.locations import packaged_root

    hook = shutil.which("sbaudit-hook") or str(Path(sys.executable).parent / "sbaudit-hook")
    work = Path(tempfile.mkdtemp(prefix="sbaudit-hook-"))
    print(f"sbaudit-hook: {hook}")
    try:
        for size in args.sizes:
            repo = work / f"repo-{size}"
            items = build(packaged_root(), repo / "data", size) if size > 143 else None
            if items is None:
                shutil.copytree(packaged_root() / "plan", repo / "data/plan")
                shutil.copytree(packaged_root() / "reports", repo / "data/reports")
            (repo / "README.md").write_text("notes\n", encoding="utf-8")
            _git(repo, "init", "-q")
            _git(repo, "add", "-A")
            _git(repo, "-c", "user.name=b", "-c", "user.email=b@example.invalid", "commit", "-qm", "data")
            files = sorted(str(p) for p in (repo / "data").rglob("*.yaml"))
            warm = {**os.environ, "SBAUDIT_CACHE_DIR": str(work / f"cache-{size}"), "NO_COLOR": "1"}
            cold = {**warm, "SBAUDIT_NO_CACHE": "1"}
            item = repo / "data/plan/smart-border/sbap-01.yaml"
            original = item.read_text(encoding="utf-8")
            rows: dict[str, list[float]] = {
                name: []
                for name in ("floor", "item edited, warm", "item edited, cold", "report deleted", "no data")
            }
            _run([hook, str(item)], repo, warm)  # fill the cache
            for n in range(args.runs):
                rows["floor"].append(_run([sys.executable, "-c", FLOOR, *files], repo, cold, (0,)))
                item.write_text(original + f"# edit {n}\n", encoding="utf-8")
                _git(repo, "add", str(item))
                rows["item edited, warm"].append(_run([hook, str(item)], repo, warm))
                rows["item edited, cold"].append(_run([hook, str(item)], repo, cold))
                _git(repo, "reset", "-q", "--hard")
                _git(repo, "rm", "-q", "data/reports/2002.yaml")
                # an item edited too, so that no run finds the whole dataset in the cache
                item.write_text(original + f"# also {n}\n", encoding="utf-8")
                _git(repo, "add", str(item))
                rows["report deleted"].append(_run([hook, str(item)], repo, warm))
                _git(repo, "reset", "-q", "--hard")
                (repo / "README.md").write_text(f"notes {n}\n", encoding="utf-8")
                _git(repo, "add", "README.md")
                rows["no data"].append(_run([hook], repo, warm, (0,)))
                _git(repo, "reset", "-q", "--hard")
            floor = statistics.median(rows["floor"])
            print(f"{len(files)} data files, {args.runs} runs each, medians:")
            for name, times in rows.items():
                value = statistics.median(times)
                print(f"  {name:20s} {value:7.2f} s  {value / floor:6.2f}x floor")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
