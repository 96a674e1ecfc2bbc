"""Timing helpers shared by the benchmarks: every command runs in a process of its own and is
measured twice, by the wall clock and by the CPU time (user + system) the process used. On a
machine that other work keeps busy the wall clock swings from run to run; the CPU time much less.
Both are printed, as ratios to a floor measured in the same run."""

from __future__ import annotations

import resource
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

FLOOR = """
import sys, yaml
for name in sys.argv[1:]:
    with open(name, "rb") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
"""


@dataclass(frozen=True)
class Sample:
    """Medians of several runs, in seconds."""

    wall: float
    cpu: float

    def ratio(self, base: Sample) -> tuple[float, float]:
        return self.wall / base.wall, self.cpu / base.cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(
    command: Sequence[str], env: dict[str, str], cwd: Path | None = None, ok: tuple[int, ...] = (0,)
) -> tuple[float, float]:
    """(wall, cpu) of one run; a run that exits with another code stops the benchmark."""
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(
        list(command), env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    wall = time.perf_counter() - start
    if done.returncode not in ok:
        raise SystemExit(
            f"{' '.join(command[:3])}... exited {done.returncode}: {done.stderr.decode()[-500:]}"
        )
    return wall, _children_cpu() - cpu


def sample(runs: list[tuple[float, float]]) -> Sample:
    return Sample(statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))


def measure(
    command: Sequence[str],
    env: dict[str, str],
    runs: int,
    cwd: Path | None = None,
    before: Callable[[], None] | None = None,
) -> Sample:
    found = []
    for _ in range(runs):
        if before is not None:
            before()
        found.append(run_once(command, env, cwd))
    return sample(found)


def verdict(value: float, goal: float, at_most: bool = True) -> str:
    met = value <= goal if at_most else value >= goal
    return f"goal {'<=' if at_most else '>='} {goal:g}: {'met' if met else 'NOT met'}"
