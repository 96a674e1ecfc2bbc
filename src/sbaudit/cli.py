"""The command line: parse options, call one analysis and one renderer, map errors to exit codes.
0 success, 1 the data has problems (or a --fail-on tripped), 2 bad usage or unreadable input."""

import functools
import os
import shlex
import sys
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional, TypeVar

import typer

from . import __version__
from .core.errors import UsageProblem
from .core.safe import problem as safe_problem
from .core.safe import visible
from .load.locations import docs_dir, schemas_dir
from .output.formats import Format, render

if TYPE_CHECKING:
    from .audit.knowledge import Knowledge
    from .core.model import Dataset
    from .output.formats import View

app = typer.Typer(
    name="sbaudit",
    help="Audit the progress of government action plans: what was promised, by when, and what "
    "each later report says happened.",
    epilog=f"The data format: {docs_dir() / 'data-format.md'}; the schemas: {schemas_dir()}.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DataOption = Annotated[
    Optional[Path],
    typer.Option(
        "--data",
        envvar="SBAUDIT_DATA",
        help="Data root holding plan/ and reports/ (default: the nearest such folder at or above "
        "the current one, else the dataset shipped with sbaudit).",
        file_okay=False,
    ),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)]


def _example(command: str) -> str:
    """A command's help epilog: one example, kept on its own line (click's \\b)."""
    return f"\b\nExample:\n  {command}"


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"sbaudit: {visible(message)}", err=True)
    raise typer.Exit(code)


F = TypeVar("F", bound=Callable[..., None])


def command(name: str | None = None, **settings: Any) -> Callable[[F], F]:
    """`app.command`, with a mistake the user can fix (a UsageProblem raised anywhere below)
    ending as one message and exit code 2."""

    def register(function: F) -> F:
        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> None:
            try:
                function(*args, **kwargs)
            except UsageProblem as exc:
                fail(str(exc))

        app.command(name, **settings)(run)
        return function

    return register


def emit(view: "View", fmt: Format) -> None:
    """The rendered view on stdout, through a pager when stdout is a terminal and the text is
    longer than a screen (unless `sbaudit --no-pager`). JSON not bound for a pager is written as
    it is encoded, never held whole."""
    from .output.pager import page

    if fmt is Format.json and (_no_pager or not sys.stdout.isatty()):
        from .output.formats.jsonout import json_stream

        for piece in json_stream(view):
            sys.stdout.write(piece)
        return
    page(render(view, fmt), enabled=not _no_pager)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sbaudit {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Print long output as it is. Otherwise, on a terminal, it goes through $SBAUDIT_PAGER, "
            "$PAGER or 'less -FRX' (an empty value or 'cat' turns paging off); never when piped.",
        ),
    ] = False,
) -> None:
    """Audit the progress of government action plans."""
    global _no_pager
    _no_pager = no_pager


_no_pager = False


def _root(data: Path | None, paths: Sequence[Path] = ()) -> Path:
    """The data root: --data (or $SBAUDIT_DATA), else the named files' own root, else the nearest
    one at or above the current folder, else the packaged dataset, which stderr then names."""
    from .load.locations import find_root, roots_of

    choice = find_root(data)
    if choice.how != "option" and paths:
        grouped, _ = roots_of(paths)
        if len(grouped) > 1:
            fail(
                "the files belong to different data roots ("
                + ", ".join(map(str, sorted(grouped)))
                + "): validate one root at a time"
            )
        if grouped:
            return next(iter(grouped))
    root = choice.path
    if not root.exists():
        fail(f"data folder {root} does not exist")
    if not root.is_dir():
        fail(f"data folder {root} is not a folder")
    if choice.how == "packaged":
        typer.echo(
            f"sbaudit: no data root (a folder holding plan/ and reports/) in {Path.cwd()} or "
            f"above it; using the dataset shipped with sbaudit ({root})",
            err=True,
        )
    return root


def _roots_below(data: Path | None, paths: Sequence[Path]) -> list[Path]:
    """With no --data, no named files and no data root at or above the current folder, the data
    roots below it, which `validate` then checks (and names) instead of the shipped dataset."""
    from .load.locations import find_root, roots_below

    if paths or find_root(data).how != "packaged":
        return []
    here = Path.cwd()
    found = roots_below(here)
    if found:
        names = ", ".join(visible(os.path.relpath(root, here)) for root in found)
        typer.echo(
            f"sbaudit: no data root at or above {visible(str(here))}; checking the {len(found)} "
            f"below it: {names} (name one with --data to check only it)",
            err=True,
        )
    return found


def validate_hint(root: Path) -> str:
    """The command that checks this very root, wherever it is run from."""
    return f"sbaudit validate --data {shlex.quote(str(root))}"


def load(data: Path | None) -> "Dataset":
    """The dataset at the chosen root; data with problems is not analysed (exit 1)."""
    from .load.data_root import load_dataset

    root = _root(data)
    dataset = load_dataset(root)
    if dataset.problems:
        for problem in dataset.problems[:20]:
            typer.echo(safe_problem(problem).format(), err=True)
        more = len(dataset.problems) - 20
        if more > 0:
            typer.echo(f"... and {more} more", err=True)
        fail(
            f"the data in {root} has {len(dataset.problems)} problem(s); "
            f"to see them all, run: {validate_hint(root.absolute())}",
            1,
        )
    return dataset


@command(epilog=_example("sbaudit validate --data my-plan/  (or: sbaudit validate plan/bwb/bwb-01.yaml)"))
def validate(
    paths: Annotated[
        Optional[list[Path]],
        typer.Argument(
            metavar="[FILES]...",
            help="Files to check (default: every file under the data root). References "
            "are still resolved against the whole data root.",
        ),
    ] = None,
    data: DataOption = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="parsable (path:line:col lines), json or github.")
    ] = "parsable",
) -> None:
    """Check the data: YAML, schemas, ids, report references, order, periods, links."""
    from .load.validate import check_files
    from .output.problems import format_problems, problem_format

    chosen = problem_format(fmt)
    for path in paths or ():
        if not path.is_file():  # a FIFO or a device is never opened
            fail(f"not a regular file: {path}" if path.exists() else f"no such file: {path}")
    below = _roots_below(data, paths or ())
    if below:
        from .load.validate import check_roots

        checked = check_roots(below)
        sys.stdout.write(format_problems(checked.problems, fmt))
        typer.echo(checked.summary, err=True)
        raise typer.Exit(checked.code)
    root = _root(data, paths or ())
    checked = check_files(root, paths or [])
    sys.stdout.write(format_problems(checked.problems, chosen))
    typer.echo(checked.summary, err=True)
    raise typer.Exit(checked.code)


PartnerOption = Annotated[
    Optional[str],
    typer.Option(
        "--partner",
        help="Judge by one partner pair's statuses, e.g. US-CN or US-MX (programs that do not "
        "track the pair are left out).",
    ),
]


@command("list", epilog=_example("sbaudit list --program smart-border --status delayed"))
def list_items(
    program: Annotated[Optional[str], typer.Option("--program", "-p", help="Only this program.")] = None,
    status: Annotated[
        Optional[str], typer.Option("--status", help="Only items whose latest status is this.")
    ] = None,
    text: Annotated[
        Optional[str], typer.Option("--text", help="Only items whose id, title or wording contains this.")
    ] = None,
    partner: PartnerOption = None,
    data: DataOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List the items and milestones, with their latest status."""
    from .output.listing import list_view

    emit(list_view(_knowledge(data), program=program, status=status, text=text, partner=partner), fmt)


@command(epilog=_example("sbaudit reports --format json"))
def reports(data: DataOption = None, fmt: FormatOption = Format.table) -> None:
    """List the reports, in publication order, with their ids and aliases."""
    from .output.listing import reports_view

    emit(reports_view(load(data)), fmt)


def _knowledge(data: Path | None) -> "Knowledge":
    from .audit.knowledge import Knowledge

    return Knowledge(load(data))


@command(epilog=_example("sbaudit diff 2002 2004 --fail-on missed"))
def diff(
    a: Annotated[str, typer.Argument(metavar="EARLIER", help="The earlier report (id or alias, e.g. 2002).")],
    b: Annotated[
        str, typer.Argument(metavar="LATER", help="The later report (id or alias, e.g. 2004 or spp).")
    ],
    partner: PartnerOption = None,
    data: DataOption = None,
    fmt: FormatOption = Format.table,
    fail_on: Annotated[
        Optional[list[str]],
        typer.Option(
            "--fail-on",
            help="Exit 1 when this section is not empty; repeat for several. Item sections: "
            "delayed, fell-back, went-silent, set-aside, not-carried-forward, ...; deadline sections: missed, "
            "met-late, moved, ... (docs/audit-rules.md).",
        ),
    ] = None,
) -> None:
    """Compare two reports: every item and every deadline of their programs, each in one section
    (completed, delayed, advanced, fell back, ...; met on time, met late, passed unmet, moved, ...)."""
    from .audit.diff import SECTION_NAMES
    from .audit.diff import diff as run_diff
    from .output.diff import diff_view

    for name in fail_on or ():
        if name not in SECTION_NAMES:
            fail(f"--fail-on takes a section name, not {name!r} (known: {', '.join(SECTION_NAMES)})")
    result = run_diff(_knowledge(data), a, b, partner)
    view = diff_view(result)
    emit(view, fmt)
    for line in view.summary:
        typer.echo(visible(line), err=True)
    if any(result.has_rows(name) for name in fail_on or ()):
        raise typer.Exit(1)


class Against(str, Enum):
    original = "original"
    current = "current"


@command(epilog=_example("sbaudit overdue --as-of 2006-12 --program spp"))
def overdue(
    as_of: Annotated[
        Optional[str],
        typer.Option(
            "--as-of", help="A date or period: 2006-12, 2006-Q4, fall 2006, 2006-12-31 (default: today)."
        ),
    ] = None,
    against: Annotated[
        Against,
        typer.Option("--against", help="Measure against the original promise or the current (revised) date."),
    ] = Against.original,
    partner: PartnerOption = None,
    program: Annotated[Optional[str], typer.Option("--program", "-p", help="Only this program.")] = None,
    fail_on_any: Annotated[
        bool, typer.Option("--fail-on-any", help="Exit 1 when anything is overdue.")
    ] = False,
    data: DataOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List the deadlines past due as of a date, with what was known then."""
    from .audit.overdue import overdue as run_overdue
    from .core.model import today
    from .output.overdue import overdue_view

    kn = _knowledge(data)
    when = kn.parse_date(as_of) if as_of is not None else kn.parse_date(today().isoformat())
    result = run_overdue(kn, when, against.value, partner, program)
    view = overdue_view(result)
    emit(view, fmt)
    for line in view.summary:
        typer.echo(visible(line), err=True)
    if fail_on_any and result.overdue:
        raise typer.Exit(1)


@command(epilog=_example("sbaudit show sbap-03/nexus-all-high-volume-crossings"))
def show(
    item: Annotated[
        str,
        typer.Argument(
            metavar="ITEM",
            help="An item id, e.g. sbap-03 or spp-traveller-security-01; "
            "item/target for one deadline; program:number.",
        ),
    ],
    data: DataOption = None,
    fmt: FormatOption = Format.table,
    sources: Annotated[
        Optional[Path],
        typer.Option(
            "--sources",
            help="Also print the source paragraph under each status entry and outcome.",
            file_okay=False,
        ),
    ] = None,
) -> None:
    """Everything about one item: wording, deadlines with revisions and outcomes, their fate at
    each report, status history, links."""
    from .output.show import find_item, show_view

    if sources is not None and not sources.is_dir():
        fail(f"sources folder {sources} does not exist")
    kn = _knowledge(data)
    passages = None
    if sources is not None:
        from .record.source_passages import item_passages

        passages = item_passages(Path(kn.dataset.root), kn.dataset, find_item(kn, item)[0].id, sources)
    view = show_view(kn, item, passages, sources)
    emit(view, fmt)


@command(epilog=_example("sbaudit summary spp-2006 --by area"))
def summary(
    report: Annotated[
        Optional[str], typer.Argument(metavar="REPORT", help="One report (default: every status report).")
    ] = None,
    by: Annotated[
        Optional[str],
        typer.Option(
            "--by",
            help="Group by a grouping key the items carry: pillar (Smart Border), area, goal or "
            "initiative (SPP).",
        ),
    ] = None,
    partner: PartnerOption = None,
    data: DataOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Per report: items by status and deadlines by fate (met on time, late, passed unmet, ...),
    the on-time rate and the median months late and overdue."""
    from .audit.summary import summary as run_summary
    from .output.summary import summary_view

    kn = _knowledge(data)
    rows = run_summary(kn, report, by, partner)
    emit(summary_view(rows, by, {pid: p.display_name for pid, p in kn.programs.items()}), fmt)


@command(epilog=_example("sbaudit report --html audit.html --as-of 2006-12"))
def report(
    html: Annotated[
        Path, typer.Option("--html", help="The HTML file to write (one self-contained page).", dir_okay=False)
    ],
    as_of: Annotated[
        Optional[str],
        typer.Option(
            "--as-of",
            help="Judge what is overdue as of this date or period, e.g. 2006-12 "
            "(default: the day the latest report was public).",
        ),
    ] = None,
    data: DataOption = None,
) -> None:
    """Write a visual audit report: timelines of promises, slips and outcomes, progress per report,
    what is overdue, every item's status history and the links between programs."""
    from .output.html.page import build_page, render_html

    kn = _knowledge(data)
    page = build_page(kn, None if as_of is None else kn.parse_date(as_of))
    from .record.atomic import write_whole

    try:
        write_whole(html, render_html(page).encode("utf-8"))  # the one atomic writer; mode kept
    except OSError as exc:
        fail(f"cannot write {html}: {exc.strerror or exc}")
    items = sum(p.item_count for p in page.programs)
    typer.echo(
        f"wrote {visible(str(html))} ({items} items, {page.overdue_count} overdue as of {page.as_of.canonical})",
        err=True,
    )


class ExportFormat(str, Enum):
    sqlite = "sqlite"
    csv = "csv"
    ndjson = "ndjson"


@command(epilog=_example("sbaudit export audit.db  (or: sbaudit export tables/ --format csv)"))
def export(
    target: Annotated[
        Path,
        typer.Argument(help="The database file to write (sqlite), or the folder (csv, ndjson)."),
    ],
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="sqlite: a database with its Datasette metadata beside it (NAME.metadata.json); "
            "csv or ndjson: a folder with one file per table.",
            case_sensitive=False,
        ),
    ] = ExportFormat.sqlite,
    data: DataOption = None,
) -> None:
    """Export the whole audit (programs, reports, items, deadlines, revisions, outcomes, statuses,
    links, and every deadline's state at every report) as tables for SQLite, Datasette,
    spreadsheets or pandas."""
    from .output.export import export as run_export

    try:
        done = run_export(_knowledge(data), target, fmt.value)
    except UsageProblem as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {target}: {exc.strerror or exc}")
    for path in done.paths:
        typer.echo(f"wrote {visible(str(path))}", err=True)
    typer.echo(f"{done.tables} tables, {done.rows} rows", err=True)


SourcesOption = Annotated[
    Path,
    typer.Option(
        "--sources",
        help="Folder holding the source documents as text (the project never ships them).",
        file_okay=False,
    ),
]


@command(epilog=_example("sbaudit verify --sources ~/sources/"))
def verify(
    sources: SourcesOption,
    data: DataOption = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="parsable (path:line:col lines), json or github.")
    ] = "parsable",
) -> None:
    """Check every recorded fact against the source documents: wording, dates, labels, evidence."""
    from .load.sources import clean
    from .output.problems import problem_format, verify_output
    from .record.verify import verify as run_verify

    chosen = problem_format(fmt)
    if not sources.is_dir():
        fail(f"sources folder {clean(str(sources))} does not exist")
    dataset = load(data)
    result = run_verify(Path(dataset.root), dataset, sources)
    output, summary, code = verify_output(result.problems, chosen, dataset, result.summary())
    sys.stdout.write(output)
    typer.echo(summary, err=True)
    raise typer.Exit(code)


def _installed_data() -> Path:
    """Where a wheel puts the dataset it ships: read-only as far as sbaudit is concerned."""
    return Path(__file__).resolve().parent / "data"


@command("import", epilog=_example("sbaudit import 2012 statuses-2012.csv --dry-run"))
def import_statuses(
    report: Annotated[
        str, typer.Argument(metavar="REPORT", help="The status report the table holds (id or alias).")
    ],
    table: Annotated[
        Path,
        typer.Argument(
            metavar="TABLE",
            help="CSV table: one row per item, or per partner pair where split.",
            dir_okay=False,
        ),
    ],
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace entries the report already has.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the changes as a unified diff; write nothing.")
    ] = False,
    data: DataOption = None,
) -> None:
    """Add a report's statuses from a CSV table to the item files: all checked first, all written or none."""
    from .load.sources import clean
    from .record.import_write import Busy, CannotLock, locked

    if not table.is_file():
        fail(f"no such table: {clean(str(table))}")
    root = _root(data).absolute()
    if root.resolve() == _installed_data().resolve():
        fail(
            "import writes data files, never the dataset installed with sbaudit: name a data root "
            "with --data (or run it in a folder holding plan/ and reports/)"
        )
    try:
        with locked(root, required=not dry_run):  # one writer at a time; the data read under the lock
            _import_locked(root, report, table, replace, dry_run)
    except Busy as exc:
        fail(f"nothing written: another import is writing to this data root (it holds {exc}); try again", 1)
    except CannotLock as exc:
        fail(f"nothing written: cannot lock the data root ({exc}); the data is as it was", 1)


def _import_locked(root: Path, report: str, table: Path, replace: bool, dry_run: bool) -> None:
    from .core.vocab import ProblemFormat, ReportKind
    from .load.sources import clean
    from .output.problems import format_problems
    from .record.import_plan import plan_import, report_of
    from .record.import_write import NotRestored, apply, unified_diff

    dataset = load(root)
    chosen = report_of(dataset, report)
    if chosen is None or chosen.kind != ReportKind.STATUS:
        fail(f"{report!r} is not a status report (see 'sbaudit reports')")
    plan = plan_import(root, dataset, chosen, table, replace)
    if plan.problems:
        sys.stderr.write(format_problems(plan.problems, ProblemFormat.PARSABLE))
        fail(f"nothing written: {len(plan.problems)} problem(s) in {clean(str(table))}", 1)
    if dry_run:
        sys.stdout.write(unified_diff(plan))
        typer.echo(f"dry run: {len(plan.new)} file(s) would change; nothing written", err=True)
        return
    try:
        apply(root, plan)
    except NotRestored as exc:
        fail(
            f"writing failed ({exc.strerror}) and these files keep the new statuses: "
            f"{', '.join(plan.names.get(path, clean(str(path))) for path in exc.files)}",
            1,
        )
    except OSError as exc:
        fail(f"nothing written: {exc.strerror or exc}; the data is as it was", 1)
    typer.echo(
        f"wrote statuses of report {chosen.id} for {plan.entries} item(s) in {len(plan.new)} file(s)",
        err=True,
    )


@command(epilog=_example('sbaudit init bwb --program bwb-2011 --title "Beyond the Border Action Plan"'))
def init(
    folder: Annotated[Path, typer.Argument(metavar="FOLDER", help="The folder to create (new or empty).")],
    program: Annotated[
        str, typer.Option("--program", help="The program id, e.g. bwb-2011: lower case, digits, - and .")
    ],
    title: Annotated[str, typer.Option("--title", help="The plan document's title.")],
    name: Annotated[
        Optional[str], typer.Option("--name", help="The program's name for headings (default: the title).")
    ] = None,
    published: Annotated[
        Optional[str],
        typer.Option("--published", help="The plan's publication day, YYYY-MM-DD (default: today)."),
    ] = None,
    fiscal_year_start: Annotated[
        Optional[int],
        typer.Option("--fiscal-year-start", help="The month the fiscal year starts: 10 (US), 4 (Canada)."),
    ] = None,
) -> None:
    """Start a new plan: a data root with a plan report, an example item with every field commented,
    the schemas, and a pre-commit configuration."""
    import datetime as dt
    import re

    from .load.locations import docs_dir
    from .record.init import InitRequest, init_root, precommit_advice

    try:
        if published is not None and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", published):
            raise ValueError(published)  # fromisoformat also reads 2011-W01-1 and 20111207
        day = dt.date.fromisoformat(published) if published is not None else None
    except ValueError:
        fail(f"--published takes a day as YYYY-MM-DD, not {published!r}")
    try:
        done = init_root(InitRequest(folder, program, title, name, day, fiscal_year_start))
    except OSError as exc:
        fail(f"cannot write {folder}: {exc.strerror or exc}")
    for path in done.written:
        typer.echo(f"wrote {visible(str(path))}", err=True)
    for line in precommit_advice(folder, done):
        typer.echo(line, err=True)
    typer.echo(
        f"next: edit {visible(str(folder / 'plan' / program / (program + '-01.yaml')))} and check it "
        f"with: {visible(validate_hint(folder))}",
        err=True,
    )
    typer.echo(f"the format: {docs_dir() / 'data-format.md'}", err=True)


def _whole_short_help() -> None:
    """`sbaudit --help` lists each command with the first paragraph of its help, whole: click
    would cut it to the terminal's width with "..."."""
    import inspect

    for info in app.registered_commands:
        doc = info.callback.__doc__ if info.callback is not None else None
        if info.short_help is None and doc:
            info.short_help = " ".join(inspect.cleandoc(doc).split("\n\n")[0].split())


_whole_short_help()


def run() -> None:
    """Console entry point: a closed or full stdout, a reader gone (`| head`) or an encoding
    without some character ends the command quietly with its own exit code (core/streams.py)."""
    from .core.streams import run_guarded

    run_guarded(app)
