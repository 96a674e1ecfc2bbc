"""`sbaudit import` with other writers, kills, links, owners and odd places (issue 22, cases 2, 3,
4, 6, 7, 8 and 12): real processes race and are killed; every result is the old data or the new,
never a mix, never a loss, never a false "nothing written"."""

from __future__ import annotations

import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from sbaudit.cli import app
from sbaudit.record import import_write

runner = CliRunner()
SBAUDIT = [sys.executable, "-m", "sbaudit"]
REPORTS = {
    "reports/2005.yaml": """\
        id: "2005"
        program: smart-border
        kind: status
        title: A later Smart Border status report
        published: "2005-12-01"
        as_of: "2005-12-01"
        """,
    "reports/2006.yaml": """\
        id: "2006"
        program: smart-border
        kind: status
        title: Another Smart Border status report
        published: "2006-12-01"
        as_of: "2006-12-01"
        """,
}
# two tables touching one file (sbap-01) and one more each
TABLE_2005 = "item,status,note\nsbap-01,completed,Done by 2005.\nsbap-02,completed,Also done.\n"
TABLE_2006 = "item,status,note\nsbap-01,completed,Still done in 2006.\nsbap-26,completed,Kept up.\n"


def make_data(shipped: Path, root: Path) -> Path:
    for folder in ("plan", "reports"):
        shutil.copytree(shipped / folder, root / folder)
    for name, text in REPORTS.items():
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
    (root.parent / "t2005.csv").write_text(TABLE_2005, encoding="utf-8")
    (root.parent / "t2006.csv").write_text(TABLE_2006, encoding="utf-8")
    return root


@pytest.fixture
def data(shipped: Path, tmp_path: Path) -> Path:
    return make_data(shipped, tmp_path / "data")


MEDIUM_ITEMS = 40  # items of the data roots the racing and killed imports write to


def make_medium(root: Path) -> Path:
    """The tiny reports plus a third status report, and MEDIUM_ITEMS items in two areas, each
    with an s1 entry: small enough for dozens of processes, big enough that a lost folder shows."""
    from conftest import TINY_REPORTS

    files = dict(TINY_REPORTS)
    files["reports/s3.yaml"] = (
        TINY_REPORTS["reports/s2.yaml"]
        .replace("s2", "s3")
        .replace("aliases: [latest]", "aliases: []")
        .replace("2012-01-10", "2013-01-10")
        .replace('"2011-12"', '"2012-12"')
    )
    for n in range(1, MEDIUM_ITEMS + 1):
        area = "a" if n % 2 else "b"
        files[f"plan/demo/{area}/demo-{n:02d}.yaml"] = f"""\
            id: demo-{n:02d}
            program: demo
            number: {n}
            title: Item {n}
            text: Do thing {n}.
            introduced: p1
            deadlines: []
            history:
              - report: s1
                status: initiated
                basis: assessed
                note: Begun.
            """
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
    (root.parent / "ts2.csv").write_text(
        "item,status,note\ndemo-01,completed,Done.\ndemo-02,delayed,Late.\n", encoding="utf-8"
    )
    (root.parent / "ts3.csv").write_text(
        "item,status,note\ndemo-01,completed,Still done.\ndemo-03,completed,Done too.\n", encoding="utf-8"
    )
    return root


def demo_reports(root: Path, n: int) -> list[str]:
    path = root / "plan" / "demo" / ("a" if n % 2 else "b") / f"demo-{n:02d}.yaml"
    return [str(entry["report"]) for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["history"]]


def plan_bytes(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted((root / "plan").rglob("*"))
        if path.is_file()
    }


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(import_write.STAGING_PREFIX))


def invoke(root: Path, *args: str, cwd: Path | None = None) -> tuple[int, str]:
    here = os.getcwd()
    os.chdir(cwd or root)
    try:
        result = runner.invoke(app, list(args))
    finally:
        os.chdir(here)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


def history_reports(root: Path, name: str) -> list[str]:
    data = yaml.safe_load((root / "plan" / "smart-border" / name).read_text(encoding="utf-8"))
    return [str(entry["report"]) for entry in data["history"]]


# -- case 2: two imports at once ------------------------------------------------------------------

RACING_PAIRS = 20


def _race(root: Path) -> list[subprocess.CompletedProcess[str]]:
    procs = [
        subprocess.Popen(
            [*SBAUDIT, "import", report, str(root.parent / f"t{report}.csv"), "--data", str(root)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for report in ("s2", "s3")
    ]
    done = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return done


@pytest.mark.slow
def test_racing_imports_never_lose_an_entry(tmp_path: Path) -> None:
    """20 pairs of real processes import two reports into one data root at once, both touching
    demo-01: both say what they wrote, and every entry is there."""
    roots = [make_medium(tmp_path / f"pair{n}" / "data") for n in range(RACING_PAIRS)]
    before = {root: plan_bytes(root) for root in roots}
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(_race, roots))
    for root, pair in zip(roots, results, strict=True):
        for done in pair:
            assert done.returncode == 0, done.stderr
            assert "wrote statuses of report" in done.stderr and "Traceback" not in done.stderr
        assert demo_reports(root, 1) == ["s1", "s2", "s3"]
        assert demo_reports(root, 2) == ["s1", "s2"]
        assert demo_reports(root, 3) == ["s1", "s3"]
        after = plan_bytes(root)
        assert set(after) == set(before[root])  # every item file there
        changed = {name for name in after if after[name] != before[root][name]}
        assert changed == {"plan/demo/a/demo-01.yaml", "plan/demo/b/demo-02.yaml", "plan/demo/a/demo-03.yaml"}
        assert leftovers(root) == []
        assert invoke(root, "validate", "--data", str(root))[0] == 0


def test_a_second_import_waits_then_gives_up_cleanly(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """While another writer holds the lock, an import waits (here 0.2 s) and then writes nothing."""
    import fcntl

    monkeypatch.setattr(import_write, "LOCK_WAIT", 0.2)
    before = plan_bytes(data)
    fd = os.open(data / import_write.LOCK_NAME, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        code, err = invoke(data, "import", "2005", str(data.parent / "t2005.csv"), "--data", str(data))
    finally:
        os.close(fd)
    assert code == 1
    assert "nothing written: another import is writing to this data root" in err
    assert plan_bytes(data) == before
    code, err = invoke(data, "import", "2005", str(data.parent / "t2005.csv"), "--data", str(data))
    assert code == 0, err


def test_a_dry_run_creates_no_lock_file(data: Path) -> None:
    before = sorted(p.name for p in data.iterdir())
    code, err = invoke(
        data, "import", "2005", str(data.parent / "t2005.csv"), "--dry-run", "--data", str(data)
    )
    assert code == 0, err
    assert sorted(p.name for p in data.iterdir()) == before


def test_a_staging_folder_of_a_running_import_is_left_alone(data: Path) -> None:
    """An import removes the staging folders of imports that ended, never a running one's."""
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        mine = data / f"{import_write.STAGING_PREFIX}{sleeper.pid}.abc"
        dead = data / f"{import_write.STAGING_PREFIX}999999999.abc"
        for folder in (mine, dead):
            (folder / "smart-border").mkdir(parents=True)
        code, err = invoke(data, "import", "2005", str(data.parent / "t2005.csv"), "--data", str(data))
        assert code == 0, err
        assert mine.is_dir() and not dead.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


# -- kills at random points ----------------------------------------------------------------------

KILLER = """\
import os, signal, sys
from sbaudit.record import atomic, import_write
count, at = [0], int(sys.argv[1])
def counted(function):
    def call(*args, **kwargs):
        count[0] += 1
        if count[0] == at:
            os.kill(os.getpid(), signal.SIGKILL)
        result = function(*args, **kwargs)
        if at < 0:
            sys.stderr.write(f"call {count[0]} {getattr(function, '__name__', '?')}\\n")
        return result
    return call
class Proxy:
    def __init__(self, module, names):
        self._module, self._names = module, names
    def __getattr__(self, name):
        value = getattr(self._module, name)
        return counted(value) if name in self._names else value
WRITES = {"open", "link", "symlink", "mkdir", "fsync", "chmod", "chown", "replace", "unlink", "write"}
import_write.os = Proxy(os, WRITES)
atomic.os = Proxy(os, WRITES)
import shutil, tempfile
import_write.shutil = Proxy(shutil, {"rmtree", "copystat", "copy2"})
import_write.tempfile = Proxy(tempfile, {"mkdtemp"})
import_write._exchange = counted(import_write._exchange)
sys.argv = ["sbaudit", *sys.argv[2:]]
from sbaudit.cli import run
run()
"""


def _killed_run(root: Path, at: int, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", KILLER, str(at), "import", "s2", str(root.parent / "ts2.csv")],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_kills_at_random_points_leave_plan_old_or_new(tmp_path: Path) -> None:
    """36 imports killed at one of their writing steps (every os call that writes, the swap, the
    removal of the old tree: each step after the swap, the others drawn at random), half of them
    run from inside plan/: plan/ is, byte for byte, the old tree or the new one, validates, and
    the next import completes."""
    reference = make_medium(tmp_path / "reference" / "data")
    old = plan_bytes(reference)
    counted = _killed_run(reference, -1, reference)
    assert counted.returncode == 0, counted.stderr
    calls = [line.split() for line in counted.stderr.splitlines() if line.startswith("call ")]
    steps = len(calls)
    swap = next(int(number) for _, number, name in calls if name in ("_exchange", "exchange"))
    new = plan_bytes(reference)
    assert old != new and steps > 50
    chosen = sorted(random.Random(22).sample(range(1, swap), k=30)) + list(range(swap, steps + 1))[:6]
    roots = [make_medium(tmp_path / f"kill{n}" / "data") for n in range(len(chosen))]

    def one(job: tuple[Path, int, int]) -> tuple[Path, int, subprocess.CompletedProcess[str]]:
        root, at, n = job
        cwd = root / "plan" / "demo" / "a" if n % 2 else root  # case 6: from inside plan/
        return root, at, _killed_run(root, at, cwd)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(
            pool.map(one, [(root, at, n) for n, (root, at) in enumerate(zip(roots, chosen, strict=True))])
        )
    outcomes = {"old": 0, "new": 0}
    for root, at, done in results:
        assert done.returncode == -signal.SIGKILL, (at, done.stderr)
        now = plan_bytes(root)
        assert now in (old, new), f"killed at step {at} of {steps}: plan/ is neither old nor new"
        outcomes["old" if now == old else "new"] += 1
        assert invoke(root, "validate", "--data", str(root))[0] == 0
    assert outcomes["old"] and outcomes["new"]  # the kills fell before and after the swap
    assert len(results) >= 30
    for root, _, _ in results[:2] + results[-2:]:  # a later import ends the work (or finds it done)
        code, err = invoke(root, "import", "s2", str(root.parent / "ts2.csv"), "--data", str(root))
        assert code == 0 or "already has a status entry" in err, err
        assert plan_bytes(root) == new and leftovers(root) == []
        assert not [p for p in (root / "plan").rglob("*") if p.name.endswith(import_write.TEMP_SUFFIX)]


# -- cases 3 and 4: links ------------------------------------------------------------------------


def test_a_plan_link_out_of_the_root_is_refused_by_every_command(data: Path, tmp_path: Path) -> None:
    """Case 3: the check wrote the real files through the link (even with --dry-run), and
    validate accepted it."""
    outside = tmp_path / "elsewhere"
    shutil.move(data / "plan", outside)
    (data / "plan").symlink_to(outside, target_is_directory=True)
    before = plan_bytes(data)
    for args in (
        ["validate"],
        ["list"],
        ["import", "2005", str(data.parent / "t2005.csv"), "--dry-run"],
        ["import", "2006", str(data.parent / "t2006.csv")],
    ):
        code, err = invoke(data, *args, "--data", str(data))
        assert code == 1, (args, err)
        assert "plan/ is a symbolic link that leaves the data root (or cannot be reached): not read" in (
            err + runner.invoke(app, ["validate", "--data", str(data)]).stdout
        )
    assert plan_bytes(data) == before
    assert sorted(p.name for p in outside.rglob("*") if p.name.startswith(".")) == []


def test_a_plan_link_to_the_file_system_root_is_one_problem(make_root: Callable[..., Path]) -> None:
    root = make_root()
    shutil.rmtree(root / "plan")
    (root / "plan").symlink_to("/", target_is_directory=True)
    result = runner.invoke(app, ["validate", "--data", str(root)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stdout.count("\n") == 1 and "plan/ is a symbolic link that leaves" in result.stdout


def test_a_reports_link_out_of_the_root_is_refused(make_root: Callable[..., Path], tmp_path: Path) -> None:
    root = make_root()
    shutil.move(root / "reports", tmp_path / "other-reports")
    (root / "reports").symlink_to(tmp_path / "other-reports", target_is_directory=True)
    result = runner.invoke(app, ["validate", "--data", str(root)])
    assert result.exit_code == 1
    assert "reports/ is a symbolic link that leaves the data root" in result.stdout


def test_an_item_file_that_is_a_link_is_refused_and_nothing_written(data: Path) -> None:
    """Case 4: "wrote 1 file" and nothing changed, or the old file checked and an invalid one
    written, or FileNotFoundError."""
    item = data / "plan" / "smart-border" / "sbap-01.yaml"
    kept = data / "kept-sbap-01.yaml"
    shutil.move(item, kept)
    item.symlink_to(kept)
    before = plan_bytes(data) | {"kept": kept.read_bytes()}
    code, err = invoke(data, "import", "2005", str(data.parent / "t2005.csv"), "--data", str(data))
    assert code == 1
    assert "plan/smart-border/sbap-01.yaml: [error] item file is a symbolic link" in err
    assert plan_bytes(data) | {"kept": kept.read_bytes()} == before and item.is_symlink()


# -- case 6: from inside plan/ ---------------------------------------------------------------------


def test_import_from_inside_plan_with_items_in_two_areas(shipped: Path, tmp_path: Path) -> None:
    """Case 6: from a subfolder with items in two areas, a ValueError traceback."""
    root = make_data(shipped, tmp_path / "data")
    (root / "reports" / "spp-2007.yaml").write_text(
        'id: spp-2007\nprogram: spp\nkind: status\ntitle: A later SPP report\npublished: "2007-08-21"\n'
        'as_of: "2007-06"\n',
        encoding="utf-8",
    )
    table = tmp_path / "spp.csv"
    table.write_text(
        "item,status,note\nspp-traveller-security-01,completed,x\nspp-aviation-security-01,completed,y\n",
        encoding="utf-8",
    )
    before = plan_bytes(root)
    code, err = invoke(
        root, "import", "spp-2007", str(table), cwd=root / "plan" / "spp" / "aviation-security"
    )
    assert code == 0, err
    after = plan_bytes(root)
    assert {name for name in after if after[name] != before[name]} == {
        "plan/spp/traveller-security/spp-traveller-security-01.yaml",
        "plan/spp/aviation-security/spp-aviation-security-01.yaml",
    }
    assert leftovers(root) == []


# -- case 7: owners, groups and modes --------------------------------------------------------------


def _owners(root: Path) -> dict[str, tuple[int, int, int]]:
    found = {}
    for path in [root / "plan", *sorted((root / "plan").rglob("*"))]:
        info = path.lstat()
        found[str(path.relative_to(root))] = (info.st_uid, info.st_gid, info.st_mode)
    return found


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give files away")
def test_import_keeps_owner_group_and_mode_of_every_folder_and_file(data: Path) -> None:
    """Case 7: plan/, every subfolder and each changed file became the importer's."""
    for n, path in enumerate([data / "plan", *sorted((data / "plan").rglob("*"))]):
        os.chown(path, 4321 + n % 2, 8765 + n % 3)
    os.chmod(data / "plan" / "smart-border", 0o2750)
    os.chmod(data / "plan" / "smart-border" / "sbap-01.yaml", 0o640)
    before = _owners(data)
    code, err = invoke(data, "import", "2005", str(data.parent / "t2005.csv"), "--data", str(data))
    assert code == 0, err
    assert _owners(data) == before


# -- case 8: odd places and odd limits ------------------------------------------------------------


def test_special_files_in_plan_are_kept_and_never_opened(data: Path) -> None:
    """Case 8: a FIFO or a socket in plan/ made the scratch copy fail (shutil.Error)."""
    folder = data / "plan" / "smart-border"
    os.mkfifo(folder / "notes.fifo")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "notes.sock"))
    try:
        code, err = invoke(data, "import", "2005", str(data.parent / "t2005.csv"), "--data", str(data))
    finally:
        server.close()
    assert code == 0, err
    assert (folder / "notes.fifo").is_fifo() and (folder / "notes.sock").is_socket()


CHECK_KILLER = """\
import os, signal, sys
import sbaudit.load.data_root as data_root
real, calls = data_root.load_dataset, []
def load_then_die(*args, **kwargs):
    calls.append(1)
    if len(calls) == 2:  # the check of the new files (the first load reads the data)
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)
data_root.load_dataset = load_then_die
sys.argv = ["sbaudit", *sys.argv[1:]]
from sbaudit.cli import run
run()
"""


def test_a_kill_during_the_check_leaves_no_copy_behind(data: Path, tmp_path: Path) -> None:
    """Case 8 and 12: a full TMPDIR failed the check with 60 KB of shutil.Error; a kill during the
    check left a full copy of the data there. The check now reads the new files from memory."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    before = plan_bytes(data)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            CHECK_KILLER,
            "import",
            "2005",
            str(data.parent / "t2005.csv"),
            "--data",
            str(data),
        ],
        env={**os.environ, "TMPDIR": str(temp)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert list(temp.iterdir()) == []
    assert plan_bytes(data) == before and leftovers(data) == []


def test_a_file_size_limit_writes_nothing(data: Path) -> None:
    """Case 8: `ulimit -f` gave shutil.Error and a traceback; now one line, exit 1, no change."""
    before = plan_bytes(data)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    done = subprocess.run(
        [*SBAUDIT, "import", "2005", str(data.parent / "t2005.csv"), "--data", str(data)],
        preexec_fn=limit,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "nothing written: File too large; the data is as it was" in done.stderr
    assert plan_bytes(data) == before and leftovers(data) == []


def test_a_folder_name_with_escapes_and_bad_bytes(shipped: Path, tmp_path: Path) -> None:
    """Case 8: a data root under a folder named with ESC and byte 0xff: the escaped display
    path was used as a real path."""
    odd = tmp_path / os.fsdecode(b"da\x1bta\xff")
    root = make_data(shipped, odd / "data")
    code, err = invoke(root, "import", "2005", str(odd / "t2005.csv"), "--data", str(root), cwd=tmp_path)
    assert code == 0, err
    assert "\x1b" not in err
    assert history_reports(root, "sbap-01.yaml")[-1] == "2005"


NOBODY = 65534
# The interpreter lives where an ordinary user may not read it: the command runs once as root on a
# scratch copy (so that every module it needs is loaded), then drops to `nobody` and runs for real.
AS_NOBODY = """\
import os, shutil, sys, tempfile
from typer.testing import CliRunner
from sbaudit.cli import app, run
data, args = sys.argv[1], sys.argv[2:]
scratch = tempfile.mkdtemp()
shutil.copytree(data, scratch + "/data", symlinks=True)
for table in ("t2005.csv", "t2006.csv"):
    shutil.copy(os.path.join(os.path.dirname(data), table), scratch)
swap = {data: scratch + "/data", os.path.join(os.path.dirname(data), "t2005.csv"): scratch + "/t2005.csv"}
CliRunner().invoke(app, [swap.get(arg, arg) for arg in args])
shutil.rmtree(scratch)
os.setgroups([])
os.setgid(65534)
os.setuid(65534)
sys.argv = ["sbaudit", *args]
run()
"""


def _as_nobody(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`sbaudit ARGS` (with --data last) run as the user nobody."""
    return subprocess.run(
        [sys.executable, "-c", AS_NOBODY, args[-1], *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def nobody_data(shipped: Path) -> Path:
    """A data root owned by an ordinary user, outside any folder that user cannot enter."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("needs root to run a command as another user")
    base = Path(os.path.realpath(tempfile_dir()))
    root = make_data(shipped, base / "data")
    for path in [base, *base.rglob("*")]:
        os.chown(path, NOBODY, NOBODY)
    return root


def tempfile_dir() -> str:
    import tempfile

    folder = tempfile.mkdtemp(prefix="sbaudit-nobody-")
    os.chmod(folder, 0o755)
    return folder


def test_read_only_item_files_as_an_ordinary_user(nobody_data: Path) -> None:
    """Case 8: read-only item files gave PermissionError for a user who is not root."""
    root = nobody_data
    for path in (root / "plan").rglob("*.yaml"):
        os.chmod(path, 0o444)
    done = _as_nobody(["import", "2005", str(root.parent / "t2005.csv"), "--data", str(root)], root)
    assert done.returncode == 0, done.stderr
    assert (root / "plan/smart-border/sbap-01.yaml").stat().st_mode & 0o777 == 0o444
    assert history_reports(root, "sbap-01.yaml")[-1] == "2005"


def test_a_folder_that_cannot_be_entered(nobody_data: Path) -> None:
    """Case 8: a folder readable but not enterable (mode 444) gave a traceback in every command."""
    root = nobody_data
    os.chmod(root / "plan" / "spp", 0o444)
    before = plan_bytes(root)
    for args in (
        ["validate"],
        ["list"],
        ["summary"],
        ["import", "2005", str(root.parent / "t2005.csv")],
    ):
        done = _as_nobody([*args, "--data", str(root)], root)
        assert done.returncode in (1, 2), (args, done.stderr)
        assert "Traceback" not in done.stderr, (args, done.stderr)
    os.chmod(root / "plan" / "spp", 0o755)
    assert plan_bytes(root) == before


def test_an_unreadable_file_in_plan_as_an_ordinary_user(nobody_data: Path) -> None:
    """Case 8: an unreadable file in plan/ made the scratch copy fail (shutil.Error)."""
    root = nobody_data
    secret = root / "plan" / "smart-border" / "notes.txt"
    secret.write_text("private\n", encoding="utf-8")
    os.chown(secret, 0, 0)
    os.chmod(secret, 0o600)
    done = _as_nobody(["import", "2005", str(root.parent / "t2005.csv"), "--data", str(root)], root)
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    if done.returncode == 1:
        assert "nothing written" in done.stderr
    assert secret.read_text(encoding="utf-8") == "private\n"
