"""`sbaudit import REPORT TABLE`: statuses added to a copy of the shipped data byte for byte, all
written or none (an injected write failure, a kill half-way), and a malformed table changes
nothing and names its row and column."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import WriteRoot
from sbaudit.cli import app
from sbaudit.record import import_write

runner = CliRunner()

NEW_REPORTS = {
    "reports/2005.yaml": """\
        id: "2005"
        program: smart-border
        kind: status
        title: A later Smart Border status report
        published: "2005-12-01"
        as_of: "2005-12-01"
        """,
    "reports/spp-2007.yaml": """\
        id: spp-2007
        program: spp
        kind: status
        title: A later SPP report
        published: "2007-08-21"
        as_of: "2007-06"
        """,
}


@pytest.fixture
def data(shipped: Path, tmp_path: Path) -> Path:
    root = tmp_path / "data"
    for folder in ("plan", "reports"):
        shutil.copytree(shipped / folder, root / folder)
    for name, text in NEW_REPORTS.items():
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def files(root: Path) -> dict[str, bytes]:
    """Every file under root but the import lock (left in place, empty, between imports)."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != import_write.LOCK_NAME
    }


def invoke(root: Path, *args: str) -> tuple[int, str, str]:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = runner.invoke(app, ["import", *args, "--data", str(root)])
    finally:
        os.chdir(cwd)
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.stdout, result.stderr


def table(root: Path, text: str, name: str = "statuses.csv") -> str:
    path = root.parent / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


SMART_BORDER_TABLE = """\
    item,status,note,evidence,locator,deadline,due,period,outcome
    sbap-01,completed,"Both countries issue chip passports, and the permanent resident card carries a biometric: a note long enough to fold.",2005 report,,,,,
    sbap-03,partially-completed,Queenston-Lewiston still waits.,"2005 report, NEXUS paragraph",NEXUS Highway,nexus-queenston-lewiston-bridge,by Spring 2006,2006-spring,
    sbap-26,completed,No change: the exchange keeps working.,2005 report,,,,,
    """  # noqa: E501 (rows of a table as a user writes them)

SBAP_01_BLOCK = """\
  - report: "2005"
    status: completed
    basis: assessed
    note: >-
      Both countries issue chip passports, and the permanent resident card carries a biometric: a
      note long enough to fold.
    evidence: 2005 report
"""

SBAP_03_REVISION = """\
    revisions:
      - report: "2005"
        due: by Spring 2006
        period: 2006-spring
        evidence: 2005 report, NEXUS paragraph
"""

SBAP_03_BLOCK = """\
  - report: "2005"
    status: partially-completed
    basis: assessed
    note: Queenston-Lewiston still waits.
    evidence: 2005 report, NEXUS paragraph
    locator: NEXUS Highway
"""

SBAP_26_BLOCK = """\
  - report: "2005"
    status: completed
    basis: assessed
    note: "No change: the exchange keeps working."
    evidence: 2005 report
"""


def test_adds_a_reports_statuses_byte_for_byte(data: Path) -> None:
    before = files(data)
    code, _, err = invoke(data, "2005", table(data, SMART_BORDER_TABLE))
    assert code == 0, err
    assert "wrote statuses of report 2005 for 3 item(s) in 3 file(s)" in err
    after = files(data)
    changed = {name for name in before if after[name] != before[name]}
    assert changed == {f"plan/smart-border/sbap-{n}.yaml" for n in ("01", "03", "26")}
    assert set(after) == set(before)
    assert (
        after["plan/smart-border/sbap-01.yaml"]
        == before["plan/smart-border/sbap-01.yaml"] + SBAP_01_BLOCK.encode()
    )
    assert (
        after["plan/smart-border/sbap-26.yaml"]
        == before["plan/smart-border/sbap-26.yaml"] + SBAP_26_BLOCK.encode()
    )
    old = before["plan/smart-border/sbap-03.yaml"].decode()
    anchor = "no new date is given, so no revision is recorded.\n"
    assert old.count(anchor) == 1
    expected = old.replace(anchor, anchor + SBAP_03_REVISION) + SBAP_03_BLOCK
    assert after["plan/smart-border/sbap-03.yaml"] == expected.encode()
    result = runner.invoke(app, ["validate", "--data", str(data)])
    assert result.exit_code == 0, result.output


SPP_TABLE = """\
    item,partner,raw,status,note,evidence,deadline,due,period,outcome
    spp-traveller-security-01,US-MX,Delayed to June 2008,delayed,,SPP status column,,Delayed to June 2008,2008-06,
    spp-traveller-security-01,US-CN,Completed,completed,,SPP status column,,,,yes
    spp-aviation-security-01,,Completed,completed,,SPP status column,,,,2007-03
    """


def test_partner_split_revision_and_outcome(data: Path) -> None:
    before = files(data)
    code, _, err = invoke(data, "spp-2007", table(data, SPP_TABLE))
    assert code == 0, err
    after = files(data)
    name = "plan/spp/traveller-security/spp-traveller-security-01.yaml"
    old = before[name].decode()
    anchor = "        evidence: SPP status column, US-CN label\n"
    assert old.count(anchor) == 1
    expected = old.replace(
        anchor,
        anchor
        + textwrap.indent(
            textwrap.dedent("""\
          - report: spp-2007
            due: Delayed to June 2008
            period: 2008-06
            partner: US-MX
            evidence: SPP status column
        outcome:
          report: spp-2007
          partner: US-CN
          evidence: SPP status column
        """),
            "    ",
        ),
    ) + textwrap.indent(
        textwrap.dedent("""\
        - report: spp-2007
          basis: reported
          partners:
            US-CN:
              status: completed
              raw: Completed
            US-MX:
              status: delayed
              raw: Delayed to June 2008
          evidence: SPP status column
        """),
        "  ",
    )
    assert after[name].decode() == expected
    aviation = after["plan/spp/aviation-security/spp-aviation-security-01.yaml"].decode()
    assert (
        "    outcome:\n      report: spp-2007\n      date: 2007-03\n      evidence: SPP status column\n"
        in aviation
    )
    assert runner.invoke(app, ["validate", "--data", str(data)]).exit_code == 0


def test_replace_puts_the_new_entry_in_place_of_the_old(data: Path) -> None:
    before = files(data)["plan/smart-border/sbap-26.yaml"].decode()
    csv_path = table(data, "item,status,note,evidence\nsbap-26,completed,Read again.,2004 report\n")
    code, _, err = invoke(data, "2004", csv_path)
    assert code == 1 and "statuses.csv:2:1: [error] column 'item': sbap-26 already has a status entry" in err
    code, _, err = invoke(data, "2004", "--replace", csv_path)
    assert code == 0, err
    after = files(data)["plan/smart-border/sbap-26.yaml"].decode()
    start = before.index('  - report: "2004"')
    assert after == before[:start] + (
        '  - report: "2004"\n    status: completed\n    basis: assessed\n'
        "    note: Read again.\n    evidence: 2004 report\n"
    )


def test_dry_run_prints_a_unified_diff_and_writes_nothing(data: Path) -> None:
    before = files(data)
    code, out, err = invoke(data, "2005", "--dry-run", table(data, SMART_BORDER_TABLE))
    assert code == 0, err
    assert files(data) == before
    assert "--- a/plan/smart-border/sbap-26.yaml\n+++ b/plan/smart-border/sbap-26.yaml\n" in out
    assert '+  - report: "2005"\n+    status: completed\n' in out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("item,status,note\nsbap-77,completed,x\n", "2:1: [error] column 'item': unknown item 'sbap-77'"),
        (
            "item,status,note\nsbap-01,finished,x\n",
            "2:2: [error] column 'status': 'finished' is not a status",
        ),
        ("item,raw,status\nsbap-01,Late,delayed\n", "2:2: [error] column 'raw': label 'Late' is not one"),
        (
            "item,raw,status\nsbap-01,On track,delayed\n",
            "2:3: [error] column 'status': 'delayed' disagrees with the label 'On track'",
        ),
        (
            "item,raw,status\nsbap-03,Delayed to June 2006,delayed\n",
            "2:2: [error] column 'raw': the label 'Delayed to June 2006' carries a date: record it as a revised date",
        ),
        (
            "item,status,note,period\nsbap-09,superseded,x,spring of 06\n",
            "2:4: [error] column 'period': not a period",
        ),
        ("item,status,note,colour\nsbap-01,completed,x,red\n", "1:4: [error] unknown column 'colour'"),
        (
            "item,status,note\nsbap-01,completed,x\nsbap-02,completed\n",
            "3:3: [error] 2 cells where the header has 3",
        ),
        ('item,status,note\nsbap-01,completed,"x\n', "2:0: [error] not a valid CSV table"),
        (
            'item,status,note\nsbap-01,completed,"a\x1bb"\n',
            "2:3: [error] column 'note': holds the control character U+001B",
        ),
        (
            "item,status,note\nspp-aviation-security-01,completed,x\n",
            "2:1: [error] column 'item': spp-aviation-security-01 belongs to program 'spp'",
        ),
        (
            "item,status,note,deadline,period\nsbap-08,partially-completed,x,api-pnr-automated-sharing,2003-spring\n",
            "2:5: [error] column 'period': the new data would not be valid: revision does not move the deadline",
        ),
    ],
)
def test_a_malformed_table_changes_nothing_and_names_row_and_column(
    data: Path, text: str, expected: str
) -> None:
    before = files(data)
    path = table(data, text)
    code, _, err = invoke(data, "2005", path)
    assert code == 1, err
    assert f"{path}:{expected}" in err, err
    assert "nothing written" in err
    assert "\x1b" not in err
    assert files(data) == before


def no_swap(*_: object) -> None:
    raise OSError(38, "folders cannot be swapped atomically here")


def test_an_injected_write_failure_leaves_the_data_unchanged(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where folders cannot be swapped: the file-by-file writing puts every file back."""
    monkeypatch.setattr(import_write, "_exchange", no_swap)
    before = files(data)
    real_replace = os.replace
    calls = []

    def failing(src: str | Path, dst: str | Path) -> None:
        if str(src).endswith(import_write.TEMP_SUFFIX):  # the import's renames, not the cache's
            calls.append(dst)
            if len(calls) == 3:  # two files already renamed into place
                raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(import_write.os, "replace", failing)
    code, _, err = invoke(data, "2005", table(data, SMART_BORDER_TABLE))
    assert code == 1
    assert "nothing written: No space left on device; the data is as it was" in err
    assert len(calls) == 5  # three renames (the third failed), then two files put back
    assert files(data) == before  # restored, and no temporary file left behind


KILLER = """\
import os, signal, sys
from sbaudit.record import import_write
def no_swap(*_):
    raise OSError(38, "no swap")
import_write._exchange = no_swap
real = import_write.temp_beside
written = []
def write_then_die(path, data, like):
    written.append(real(path, data, like))
    if len(written) == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return written[-1]
import_write.temp_beside = write_then_die
sys.argv = ["sbaudit", "import", "2005", sys.argv[1], "--data", sys.argv[2]]
from sbaudit.cli import run
run()
"""


def test_a_kill_half_way_leaves_the_data_unchanged(data: Path) -> None:
    """Where folders cannot be swapped: a kill while the temporary files are written."""
    before = {name: content for name, content in files(data).items() if name.endswith(".yaml")}
    csv_path = table(data, SMART_BORDER_TABLE)
    env = {**os.environ, "SBAUDIT_NO_CACHE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", KILLER, csv_path, str(data)],
        cwd=data,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    after = files(data)
    assert {name: content for name, content in after.items() if name.endswith(".yaml")} == before
    leftovers = [name for name in after if name.endswith(import_write.TEMP_SUFFIX)]
    assert len(leftovers) == 2  # the temporary files, never renamed: the loader ignores them
    result = runner.invoke(app, ["validate", "--data", str(data)])
    assert result.exit_code == 0, result.output
    code, _, err = invoke(data, "2005", csv_path)  # a new run completes and replaces them
    assert code == 0, err
    assert not [name for name in files(data) if name.endswith(import_write.TEMP_SUFFIX)]


def test_unknown_report_or_table_is_bad_usage(data: Path) -> None:
    assert invoke(data, "1999", table(data, SMART_BORDER_TABLE))[0] == 2
    assert invoke(data, "2001", table(data, SMART_BORDER_TABLE))[0] == 2  # a plan, not a status report
    assert invoke(data, "2005", str(data / "absent.csv"))[0] == 2


HAND_MADE = (
    "# yaml-language-server: $schema=../../schemas/item.schema.json\n"
    "# A curator's comment at the top.\n"
    "id: 'demo-01'\n"
    "program: demo\n"
    "title: Build the bridge   # trailing comment\n"
    "text: Build the bridge.\n"
    "introduced: p1\n"
    "deadlines: []\n"
    "history:\n"
    "    # entries in report order\n"
    "    -   report: s2\n"
    "        status: {status: ignored}\n"
)


def test_comments_quoting_layout_and_crlf_are_kept(make_root: WriteRoot, tmp_path: Path) -> None:
    """Odd but valid layout: four-space indents, comments, single quotes, CRLF line ends. The new
    s1 entry goes before the s2 one (report order) in the file's own indentation and line ends."""
    item = HAND_MADE.replace(
        "        status: {status: ignored}\n",
        "        status: initiated\n        basis: assessed\n        note: 'Begun.'  # why\n",
    ).replace("\n", "\r\n")
    root = make_root({"plan/demo/demo-01.yaml": item.encode()})
    before = (root / "plan/demo/demo-01.yaml").read_bytes()
    code, _, err = invoke(root, "s1", table(root, "item,status,note\ndemo-01,not-started,Not begun yet.\n"))
    assert code == 0, err
    after = (root / "plan/demo/demo-01.yaml").read_bytes()
    at = before.index(b"    -   report: s2")
    assert (
        after
        == before[:at]
        + (
            b"    - report: s1\r\n      status: not-started\r\n      basis: assessed\r\n"
            b"      note: Not begun yet.\r\n"
        )
        + before[at:]
    )
    assert runner.invoke(app, ["validate", "--data", str(root)]).exit_code == 0


def test_an_empty_history_gets_its_first_entry(make_root: WriteRoot) -> None:
    item = HAND_MADE.split("history:")[0] + "history: []  # nothing yet\n"
    root = make_root({"plan/demo/demo-01.yaml": item})
    code, _, err = invoke(root, "s1", table(root, "item,status,raw\ndemo-01,on-track,On track\n"))
    assert code == 0, err
    text = (root / "plan/demo/demo-01.yaml").read_text()
    assert text == HAND_MADE.split("history:")[0] + (
        "history:\n  - report: s1\n    status: on-track\n    basis: reported\n    raw: On track\n  # nothing yet\n"
    )
    assert runner.invoke(app, ["validate", "--data", str(root)]).exit_code == 0


def test_a_failed_restore_names_the_files_left_changed(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_write, "_exchange", no_swap)
    real_replace = os.replace
    calls = []

    def failing(src: str | Path, dst: str | Path) -> None:
        if str(src).endswith(import_write.TEMP_SUFFIX):  # the import's renames, not the cache's
            calls.append(dst)
            if len(calls) >= 3:  # the third rename fails, and so does every attempt to restore
                raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(import_write.os, "replace", failing)
    code, _, err = invoke(data, "2005", table(data, SMART_BORDER_TABLE))
    assert code == 1
    assert (
        "writing failed (Input/output error) and these files keep the new statuses: "
        "plan/smart-border/sbap-01.yaml, plan/smart-border/sbap-03.yaml"
    ) in err
    assert not [path for path in data.rglob("*") if path.name.endswith(import_write.TEMP_SUFFIX)]


def test_the_installed_dataset_is_never_written(
    make_root: WriteRoot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Outside a data root and without --data, sbaudit reads the dataset installed with it; import
    refuses to write there."""
    import sbaudit.cli as cli
    import sbaudit.load.locations as locations

    installed = make_root()
    monkeypatch.setattr(locations, "packaged_root", lambda: installed)
    monkeypatch.setattr(cli, "_installed_data", lambda: installed)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    csv_path = elsewhere / "t.csv"
    csv_path.write_text("item,status,note\ndemo-01,completed,x\n", encoding="utf-8")
    before = files(installed)
    result = runner.invoke(app, ["import", "s2", str(csv_path)])
    assert result.exit_code == 2
    assert "never the dataset installed with sbaudit" in result.stderr
    assert files(installed) == before
    result = runner.invoke(app, ["import", "s2", str(csv_path), "--data", str(installed)])
    assert result.exit_code == 2  # named explicitly too: copy it out and import into the copy
    assert files(installed) == before


# -- the atomic swap of plan/ ---------------------------------------------------------------

SWAP_KILLER = """\
import os, signal, sys
from sbaudit.record import import_write
moment = sys.argv[3]
if moment == "staging":
    real_open = open
    count = []
    def dying_fsync(fd, real=os.fsync):
        real(fd)
        count.append(fd)
        if len(count) == 2:  # two changed files written into the staging copy
            os.kill(os.getpid(), signal.SIGKILL)
    import_write.os.fsync = dying_fsync
else:
    real = import_write._exchange
    def swap_then_die(first, second):
        real(first, second)
        os.kill(os.getpid(), signal.SIGKILL)  # swapped, the old tree not yet removed
    import_write._exchange = swap_then_die
sys.argv = ["sbaudit", "import", "2005", sys.argv[1], "--data", sys.argv[2]]
from sbaudit.cli import run
run()
"""


def _yaml(root: Path) -> dict[str, bytes]:
    return {
        name: content
        for name, content in files(root).items()
        if name.endswith(".yaml") and not name.startswith(import_write.STAGING_PREFIX)
    }


def staging(root: Path) -> list[str]:
    return sorted(path.name for path in root.iterdir() if path.name.startswith(import_write.STAGING_PREFIX))


@pytest.mark.parametrize("moment", ["staging", "swapped"])
def test_a_kill_at_any_moment_leaves_the_old_data_or_the_new(data: Path, moment: str) -> None:
    csv_path = table(data, SMART_BORDER_TABLE)
    before = _yaml(data)
    code, _, err = invoke(data, "2005", csv_path, "--dry-run")
    assert code == 0, err
    done = subprocess.run(
        [sys.executable, "-c", SWAP_KILLER, csv_path, str(data), moment],
        cwd=data,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    after = _yaml(data)
    if moment == "staging":
        assert after == before  # killed before the swap: plan/ untouched
    else:
        changed = {name for name in after if after[name] != before.get(name)}
        assert changed == {
            "plan/smart-border/sbap-01.yaml",
            "plan/smart-border/sbap-03.yaml",
            "plan/smart-border/sbap-26.yaml",
        }  # all three, never some
    assert len(staging(data)) == 1  # left behind, and never read
    result = runner.invoke(app, ["validate", "--data", str(data)])
    assert result.exit_code == 0, result.output
    if moment == "staging":
        assert invoke(data, "2005", csv_path)[0] == 0  # a new run removes it and completes
        assert staging(data) == []


def test_the_swap_keeps_unchanged_files_as_they_were(data: Path) -> None:
    untouched = data / "plan" / "smart-border" / "sbap-02.yaml"
    os.utime(untouched, (1_000_000_000, 1_000_000_000))
    os.chmod(untouched, 0o640)
    code, _, err = invoke(data, "2005", table(data, SMART_BORDER_TABLE))
    assert code == 0, err
    stat = untouched.stat()
    assert (int(stat.st_mtime), stat.st_mode & 0o777) == (1_000_000_000, 0o640)
    assert staging(data) == []


def test_a_failure_while_staging_changes_nothing(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = files(data)

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(import_write.os, "fsync", full)
    code, _, err = invoke(data, "2005", table(data, SMART_BORDER_TABLE))
    assert code == 1
    assert "nothing written: No space left on device; the data is as it was" in err
    assert files(data) == before and staging(data) == []


def _canadian(make_root: WriteRoot) -> Path:
    """A program whose fiscal year starts in April, with one deadline written FY2011-12 (set by s1)."""
    from conftest import TINY_ITEM, TINY_REPORTS

    plan = TINY_REPORTS["reports/p1.yaml"].rstrip(" ") + "        fiscal_year_start: 4\n"
    item = TINY_ITEM.replace("period: 2011-spring", "period: FY2011-12").replace(
        "due: by spring 2011", "due: by FY2011-12"
    )
    return make_root({"reports/p1.yaml": plan, "plan/demo/demo-01.yaml": item})


def test_a_revised_fiscal_year_reads_as_validate_reads_it(make_root: WriteRoot) -> None:
    """The rows' periods are read with the program's fiscal year, as validate reads the data."""
    root = _canadian(make_root)
    rows = "item,status,raw,due,period\ndemo-01,delayed,Delayed to 2012-13,to 2012-13,FY2012-13\n"
    code, _, err = invoke(root, "s2", table(root, rows))
    assert code == 0, err
    assert "        period: FY2012-13\n" in (root / "plan/demo/demo-01.yaml").read_text()
    assert runner.invoke(app, ["validate", "--data", str(root)]).exit_code == 0


def test_a_revised_date_with_two_readings_is_asked_at_its_row_and_column(make_root: WriteRoot) -> None:
    root = _canadian(make_root)
    before = files(root)
    path = table(root, "item,status,raw,due,period\ndemo-01,delayed,Delayed to 2011-12,to 2011-12,2011-12\n")
    code, _, err = invoke(root, "s2", path)
    assert code == 1, err
    assert (
        f"{path}:2:5: [error] column 'period': '2011-12' can mean the month December 2011 (2011-12-01 to 2011-12-31) "
        f"or the "
        "fiscal year 2011-12 (2011-04-01 to 2012-03-31): write December 2011 for the month or FY2011-12 "
        "for the fiscal year (import-row)"
    ) in err, err
    assert files(root) == before
