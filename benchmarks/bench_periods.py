"""The periods of the shipped data, cold: in a fresh process, the CPU time (user + system, from
inside the process) to import sbaudit.core.periods and read every period `sbaudit diff 2002 2004
--format json` reads on the shipped data, in the same order and settings: the plan's and the
reports' periods and revisions, the publication days they count from, and every run of words the
due wordings are read as (refusals included). What a data command imports anyway (dataclasses,
typing, re) is imported before the clock starts.

The periods are recorded once, by running that command with this interpreter's sbaudit; then each
interpreter given reads them in a process of its own, in turn, round after round. Give another
interpreter with another sbaudit installed (--baseline, once or more) to compare versions in one
run; ratios are to the first given.

With --diff it times instead the whole `sbaudit diff 2002 2004 --format json` of this install and
of the baselines' (the sbaudit beside each Python), each once per round in turn with the floor
(the CPU time of the whole process, as bench_shipped.py measures it).

Usage: python benchmarks/bench_periods.py [--runs N] [--baseline PYTHON ...] [--diff]"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _timing import FLOOR, alternate

RECORD = r"""
import contextlib, datetime as dt, io, json, sys
import sbaudit.core.periods as periods
from sbaudit.load.locations import packaged_root

calls = []
parse = periods.parse_period

def recorded(value, *, fiscal_year_start=None, base=None, setting=None):
    fields = None
    if setting is not None:
        fields = [setting.fiscal_year_start, setting.base and setting.base.canonical, setting.base_is_plan,
                  setting.fiscal_years, setting.fiscal_example, setting.no_start]
    day = isinstance(value, dt.date)
    calls.append([value.isoformat() if day else value, day, fiscal_year_start, base and base.canonical, fields])
    return parse(value, fiscal_year_start=fiscal_year_start, base=base, setting=setting)

periods.parse_period = recorded  # before the modules that import it by name
from sbaudit.cli import app

with contextlib.redirect_stdout(io.StringIO()):
    try:
        app(["diff", "2002", "2004", "--format", "json", "--data", str(packaged_root())], standalone_mode=False)
    except SystemExit:
        pass
json.dump(calls, open(sys.argv[1], "w"))
"""

READ = r"""
import json, sys, time
import collections.abc, dataclasses, datetime as dt, functools, re, typing  # a data command's own
calls = json.load(open(sys.argv[1]))
start = time.process_time()
from sbaudit.core.periods import PeriodError, Setting, parse_period

days = {}
def day(text):
    if text is not None and text not in days:
        days[text] = parse_period(text)
    return days.get(text)

for value, is_day, fiscal_year_start, base, fields in calls:
    if is_day:
        value = dt.date.fromisoformat(value)
    setting = None if fields is None else Setting(fields[0], day(fields[1]), *fields[2:])
    try:
        parse_period(value, fiscal_year_start=fiscal_year_start, base=day(base), setting=setting)
    except PeriodError:
        pass
print(time.process_time() - start)
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=41)
    parser.add_argument(
        "--baseline", action="append", default=[], help="another Python with another sbaudit installed"
    )
    parser.add_argument("--diff", action="store_true", help="time the whole diff command instead")
    args = parser.parse_args()
    if args.diff:
        diff(args.runs, args.baseline)
        return
    pythons = {**_named(args.baseline), "this sbaudit": sys.executable}
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": ""}
    found: dict[str, list[float]] = {name: [] for name in pythons}
    with tempfile.TemporaryDirectory() as folder:
        calls = Path(folder) / "calls.json"
        recorded = subprocess.run(
            [sys.executable, "-c", RECORD, str(calls)], env=env, cwd=folder, capture_output=True, text=True
        )
        if recorded.returncode:
            raise SystemExit(f"recording the periods failed:\n{recorded.stderr[-2000:]}")
        count = len(json.loads(calls.read_text()))
        for round_ in range(args.runs + 1):  # the first round unmeasured
            for name, python in pythons.items():
                done = subprocess.run(
                    [python, "-c", READ, str(calls)], env=env, cwd=folder, check=True, capture_output=True
                )
                if round_:
                    found[name].append(float(done.stdout))
    print(f"{count} periods read, {args.runs} rounds (each Python once per round, in turn), medians:")
    first = statistics.median(found[next(iter(pythons))])
    for name, python in pythons.items():
        median = statistics.median(found[name])
        print(f"  {name:14} {median * 1000:6.2f} ms of CPU  {median / first:5.2f}x   {python}")


def _named(baselines: list[str]) -> dict[str, str]:
    if len(baselines) == 1:
        return {"baseline": baselines[0]}
    return {f"baseline {n}": python for n, python in enumerate(baselines, start=1)}


def diff(runs: int, baselines: list[str]) -> None:
    from sbaudit.load.locations import packaged_root

    root = packaged_root().resolve()
    files = sorted(str(p) for p in [*(root / "plan").rglob("*.yaml"), *(root / "reports").glob("*.yaml")])
    words = ["diff", "2002", "2004", "--format", "json", "--data", str(root)]
    commands = {"floor": [sys.executable, "-c", FLOOR, *files]}
    for name, python in _named(baselines).items():
        commands[name] = [str(Path(python).parent / "sbaudit"), *words]
    commands["this sbaudit"] = [str(Path(sys.executable).parent / "sbaudit"), *words]
    env = {**os.environ, "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": ""}
    medians = alternate(commands, env, runs, cwd=Path(tempfile.gettempdir()))
    print(f"sbaudit diff 2002 2004 --format json, {runs} rounds (each once per round, in turn), medians:")
    for name, median in medians.items():
        ratio = median.cpu / medians["floor"].cpu
        print(f"  {name:14} {median.cpu * 1000:6.1f} ms of CPU  {ratio:5.2f}x floor   {commands[name][0]}")
    if baselines:
        saved = medians[next(iter(_named(baselines)))].cpu - medians["this sbaudit"].cpu
        print(f"  saved against the first baseline: {saved * 1000:.1f} ms of CPU")


if __name__ == "__main__":
    main()
