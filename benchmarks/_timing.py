"""Timing helpers shared by the benchmarks: every command runs in a process of its own and is
measured twice, by the wall clock and by the CPU time (user + system) the process used. On a
machine that other work keeps busy the wall clock swings from run to run; the CPU time much less.
Both are printed, as ratios to a floor measured in the same run."""

from __future__ import annotations

import os
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


@dataclass(frozen=True)
class Run:
    """One run of one command in a process of its own: wall clock and CPU time in seconds, and
    the process's peak resident memory in bytes (from wait4, for that process alone)."""

    wall: float
    cpu: float
    peak: int


def run_child(
    command: Sequence[str], env: dict[str, str], cwd: Path | None = None, ok: tuple[int, ...] = (0,)
) -> Run:
    """Run `command` with stdout to /dev/null; a run that exits with another code stops the
    benchmark."""
    start = time.perf_counter()
    child = subprocess.Popen(
        list(command), env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert child.stderr is not None
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stderr.close()
    if child.returncode not in ok:
        raise SystemExit(f"{' '.join(command[:3])}... exited {child.returncode}: {errors.decode()[-500:]}")
    # ru_maxrss is in kilobytes on Linux
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024)


@dataclass(frozen=True)
class Median:
    """Medians of several runs of one command."""

    wall: float
    cpu: float
    peak: int

    @staticmethod
    def of(runs: Sequence[Run]) -> Median:
        return Median(
            statistics.median(r.wall for r in runs),
            statistics.median(r.cpu for r in runs),
            int(statistics.median(r.peak for r in runs)),
        )


def alternate(
    commands: dict[str, Sequence[str]], env: dict[str, str], rounds: int, cwd: Path | None = None
) -> dict[str, Median]:
    """Each command once per round, in turn, `rounds` times (after one unmeasured round): every
    command, the floor included, meets the machine's load alike, whatever it does meanwhile."""
    for command in commands.values():
        run_child(command, env, cwd)
    found: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            found[name].append(run_child(command, env, cwd))
    return {name: Median.of(runs) for name, runs in found.items()}
