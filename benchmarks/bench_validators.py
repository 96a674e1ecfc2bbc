"""What the compiled validator earns: jsonschema (the validator of record, whose errors become the
messages) against jsonschema-rs (which only answers "valid?") on the same loaded files, in this
process, CPU time, best of N; and each one's import, in a fresh process, CPU time, median of N.

Usage: python benchmarks/bench_validators.py [--runs N] [--data DIR]"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from _timing import run_once


def best(function, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data", type=Path, default=None, help="data root (default: the shipped dataset)")
    args = parser.parse_args()
    from sbaudit.load import schema
    from sbaudit.load.locations import packaged_root
    from sbaudit.load.yaml_positions import load_bytes

    root = args.data or packaged_root()
    files = [(path, "item") for path in sorted((root / "plan").rglob("*.yaml"))]
    files += [(path, "report") for path in sorted((root / "reports").glob("*.yaml"))]
    loaded = [(load_bytes(str(path), path.read_bytes()), kind) for path, kind in files]
    slow = {kind: schema._validator(kind) for kind in ("item", "report")}
    fast = {kind: schema._is_valid(kind) for kind in ("item", "report")}
    if fast["item"] is None or fast["report"] is None:
        raise SystemExit("jsonschema-rs is not installed")

    def with_jsonschema() -> None:
        for file, kind in loaded:
            list(slow[kind].iter_errors(file.data))

    def with_rs() -> None:
        for file, kind in loaded:
            fast[kind](file.data)  # type: ignore[misc]

    invalid = sum(1 for file, kind in loaded if not fast[kind](file.data))  # type: ignore[misc]
    env = {"PATH": "", "PYTHONDONTWRITEBYTECODE": "1"}
    imports = {}
    for name in ("pass", "import jsonschema", "import jsonschema_rs"):
        imports[name] = statistics.median(
            run_once([sys.executable, "-c", name], env)[1] for _ in range(args.runs)
        )
    print(f"{len(loaded)} files under {root} ({invalid} invalid), CPU time:")
    js, rs = best(with_jsonschema, args.runs), best(with_rs, args.runs)
    print(f"  validate every file, jsonschema iter_errors   {js * 1000:8.1f} ms")
    print(f"  validate every file, jsonschema-rs is_valid   {rs * 1000:8.1f} ms   ({js / rs:.0f}x faster)")
    for name in ("import jsonschema", "import jsonschema_rs"):
        print(
            f"  {name:<44} {(imports[name] - imports['pass']) * 1000:8.1f} ms   (a fresh process, less python -c pass)"
        )


if __name__ == "__main__":
    main()
