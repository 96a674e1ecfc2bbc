"""`sbaudit report --html`: the SVG geometry on a tiny plan, the page on the shipped data, and the
page in a real browser (headless Chromium) with nothing failing to load."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sbaudit.audit.knowledge import Knowledge as Timeline
from sbaudit.cli import app
from sbaudit.load.data_root import load_dataset
from sbaudit.output.html.page import build_page, program_scale, render_html
from sbaudit.output.html.svg import Scale, stacked
from tinyplan import BRIDGE_TARGETS, entry, item

runner = CliRunner()
D = dt.date


def _tiny(make_root: Any, *items: tuple[str, str]) -> Timeline:
    root: Path = make_root(dict(items), with_item=False)
    dataset = load_dataset(root)
    assert [p.format() for p in dataset.problems] == []
    return Timeline(dataset)


# An item promised for spring 2011 by s1, moved to 2012 by s2; a second target met on 2011-09-15;
# a third met by s2 without a date.
BRIDGE = item(
    "demo-01",
    BRIDGE_TARGETS,
    [entry("s1", "initiated"), entry("s2", "partially-completed")],
    title="Bridge <b>&</b> tunnel",
)


def _marks(page: Any, target: str) -> dict[str, list[Any]]:
    [row] = [
        row
        for p in page.programs
        for g in p.groups
        for view in g.items
        for row in view.rows
        if row.deadline.id == target
    ]
    found: dict[str, list[Any]] = {}
    for mark in row.marks:
        found.setdefault(mark.kind, []).append(mark)
    return found


# -- geometry ----------------------------------------------------------------------------------


def test_scale_maps_its_ends_to_0_and_100_and_pads_the_data() -> None:
    scale = Scale.spanning([D(2011, 5, 31), D(2010, 1, 15), D(2012, 12, 31)])
    assert (scale.start, scale.end) == (D(2009, 10, 1), D(2013, 4, 1))
    assert scale.x(scale.start) == 0 and scale.x(scale.end) == 100
    assert scale.x(D(2011, 5, 31)) < scale.x(D(2011, 6, 1)) < scale.x(D(2012, 12, 31))
    assert scale.x(D(2011, 7, 1)) == pytest.approx(100 * (D(2011, 7, 1) - D(2009, 10, 1)).days / 1278)


def test_a_revision_draws_an_arrow_from_the_old_date_to_the_new(make_root: Any) -> None:
    tl = _tiny(make_root, BRIDGE)
    as_of = tl.parse_date("2012-01-10")
    page = build_page(tl, as_of)
    [program] = page.programs
    scale = program_scale(tl, "demo", as_of)
    assert program.scale == scale
    x = scale.x

    marks = _marks(page, "open")
    [arrow] = marks["revision"]
    assert (arrow.x1, arrow.x2) == (x(D(2011, 5, 31)), x(D(2012, 12, 31)))
    assert arrow.x2 - arrow.x1 == pytest.approx(100 * 580 / (scale.end - scale.start).days)
    [promise] = marks["promise"]
    assert (promise.x1, promise.late) == (x(D(2011, 5, 31)), True)
    [period] = marks["period"]  # spring: March to May
    assert (period.x1, period.x2) == (x(D(2011, 3, 1)), x(D(2011, 5, 31)))
    # overdue against the original promise, from its last day to the as-of date
    [band] = marks["overdue"]
    assert (band.x1, band.x2) == (x(D(2011, 5, 31)), x(D(2012, 1, 10)))
    assert "done" not in marks

    [done] = _marks(page, "design")["done"]
    assert done.x1 == x(D(2011, 9, 15))
    assert "overdue" not in _marks(page, "design")
    # met without a date: a hollow marker at the date of the report that says so (s2: as of 2011-12)
    [undated] = _marks(page, "permit")["done-undated"]
    assert undated.x1 == x(D(2011, 12, 31))

    rules = {rule.label: rule for rule in program.rules}
    assert rules["p1"].x == x(D(2010, 1, 15))
    assert rules["s1"].x == x(D(2011, 1, 10))
    assert rules["s2"].x == x(D(2011, 12, 31))
    assert (rules["as of"].x, rules["as of"].kind) == (x(D(2012, 1, 10)), "as-of")


def test_a_far_as_of_date_does_not_squash_the_scale(make_root: Any) -> None:
    tl = _tiny(make_root, BRIDGE)
    plain = program_scale(tl, "demo")
    assert program_scale(tl, "demo", tl.parse_date("1999")) == plain
    assert program_scale(tl, "demo", tl.parse_date("2030")) == plain
    assert program_scale(tl, "demo", tl.parse_date("2013-06")).end == D(2013, 10, 1)
    page = build_page(tl, tl.parse_date("2030"))
    [band] = _marks(page, "open")["overdue"]
    assert band.x2 == 100.0  # cut at the scale's end
    assert [rule.label for rule in page.programs[0].rules] == ["p1", "s1", "s2"]  # no as-of rule off scale


def test_the_svg_carries_the_geometry(make_root: Any) -> None:
    tl = _tiny(make_root, BRIDGE)
    as_of = tl.parse_date("2012-01-10")
    html = render_html(build_page(tl, as_of))
    x = program_scale(tl, "demo", as_of).x
    [line] = re.findall(
        r'<line class="m-revision" x1="([\d.]+)%" x2="([\d.]+)%"[^>]*marker-end="url\(#arrow\)"', html
    )
    assert line == (f"{x(D(2011, 5, 31)):.2f}", f"{x(D(2012, 12, 31)):.2f}")
    assert html.count('<marker id="arrow"') == 1
    assert f'<use href="#sym-done" x="{x(D(2011, 9, 15)):.2f}%"' in html
    assert f'<use href="#sym-done-undated" x="{x(D(2011, 12, 31)):.2f}%"' in html
    assert f'<line class="rule" x1="{x(D(2011, 1, 10)):.2f}%"' in html
    # data is escaped
    assert "Bridge &lt;b&gt;&amp;&lt;/b&gt; tunnel" in html and "<b>&</b>" not in html


def test_stacked_bar_segments_follow_the_counts_and_label_what_fits() -> None:
    segments = stacked([("initiated", 9), ("on-track", 0), ("completed", 3), ("delayed", 20)], 32)
    assert [(s.status, s.x, s.width) for s in segments] == [
        ("initiated", 0.0, 28.125),
        ("completed", 28.125, 9.375),
        ("delayed", 37.5, 62.5),
    ]
    assert [(s.wide, s.narrow) for s in segments] == [("9 initiated", "9"), ("3", "3"), ("20 delayed", "20")]
    [tiny] = stacked([("dropped", 1)], 200)
    assert (tiny.wide, tiny.narrow) == ("", "")


# -- the command on the shipped data -------------------------------------------------------------

SECTIONS = ("progress", "overdue", "on-track-late", "timelines", "items", "links")
EXTERNAL = re.compile(
    r"""(?:\b(?:src|href|xlink:href)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:|//)"""
    r"""|url\(\s*["']?\s*(?!#)|@import)""",
    re.IGNORECASE,
)


def _write(tmp_path: Path, *args: str) -> tuple[Any, str]:
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", "--html", str(out), *args])
    assert "Traceback" not in result.output + result.stderr
    assert result.exit_code == 0, result.stderr
    return result, out.read_text(encoding="utf-8")


def test_report_on_the_shipped_data(tmp_path: Path, shipped: Path) -> None:
    result, html = _write(tmp_path, "--as-of", "2006-12")
    # 55 deadlines; two of them (protection-response-06, traveller-security-12) apart per partner pair
    # because the mid-2006 report gives the pairs different words (US-MX "Delayed")
    assert result.stderr.strip() == f"wrote {tmp_path / 'report.html'} (138 items, 57 overdue as of 2006-12)"
    ids = [item.id for item in load_dataset(shipped).items]
    assert len(ids) == 138
    for id_ in ids:
        assert f'<tr id="item-{id_}">' in html, id_
        assert f'id="tl-{id_}"' in html, id_
    for anchor in SECTIONS:
        assert f'<section id="{anchor}"' in html and f'href="#{anchor}"' in html
    # the overdue section lists spp-bioprotection-07 (December 2005, moved to December 2007)
    overdue = html[html.index('<section id="overdue"') : html.index('<section id="on-track-late"')]
    assert 'href="#tl-spp-bioprotection-07"' in overdue and "2005-12 → 2007-12" in overdue
    # NEXUS at every high-volume crossing by the end of 2003: overdue; the JPAU evaluation was
    # superseded (2004 report), so it is set aside, not overdue
    assert 'href="#tl-sbap-03"' in overdue and 'href="#tl-sbap-09"' not in overdue
    flagged = html[html.index('<section id="on-track-late"') : html.index('<section id="timelines"')]
    assert 'href="#tl-spp-aviation-security-02"' in flagged
    links = html[html.index('<section id="links"') :]
    row = links[links.index('href="#item-sbap-01"') :]
    row = row[: row.index("</tr>")]
    assert 'href="#item-spp-traveller-security-01"' in row
    # self-contained: nothing to fetch, and the browser is told to refuse anything anyway; the
    # only addresses are the footer's links to the reports the data gives an address for
    footer = html[html.index("<footer>") :]
    linked = re.findall(r'<a href="(https?://[^"]+)" rel="noreferrer">([^<]+)</a>', footer)
    urls = {r.id: r.url for r in load_dataset(shipped).reports if r.url}
    assert sorted(urls) == ["2001", "2002", "2004", "spp-2006"]
    assert {rid: url.replace("&amp;", "&") for url, rid in linked} == urls
    page = html.replace(footer, "")
    assert EXTERNAL.findall(page) == []
    assert "http://" not in page and "https://" not in page and "<script" not in html
    assert [m for m in EXTERNAL.findall(footer) if not m.lower().startswith("href")] == []
    assert "default-src 'none'" in html
    # deterministic
    assert _write(tmp_path, "--as-of", "2006-12")[1] == html


def test_external_url_check_can_fail() -> None:
    for bad in (
        '<img src="https://x.test/a.png">',
        "<link href='//x.test/a.css'>",
        "a { background: url(x.png) }",
        "@import 'a.css';",
        "<img src=file:///etc/x.png>",
    ):
        assert EXTERNAL.findall(bad), bad
    assert EXTERNAL.findall('<a href="#item-1"><rect fill="url(#hatch-overdue)"/></a>') == []


def test_default_as_of_is_the_day_the_latest_report_was_public(tmp_path: Path) -> None:
    result, html = _write(tmp_path)
    assert result.stderr.strip().endswith("(138 items, 57 overdue as of 2006-09-07)")
    assert "the day report spp-2006 was public" in html


@pytest.mark.parametrize(
    "args, message",
    [
        (["--as-of", "someday"], "not a period: 'someday'"),
        (["--as-of", "2006-13"], "no such month"),
    ],
)
def test_bad_as_of_is_a_usage_error(tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", "--html", str(out), *args])
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output + result.stderr
    assert not out.exists()


def test_unwritable_file_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "--html", str(tmp_path / "missing" / "r.html")])
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and "Traceback" not in result.output + result.stderr
    assert runner.invoke(app, ["report"]).exit_code == 2  # --html is required


def test_help() -> None:
    result = runner.invoke(app, ["report", "--help"])
    assert result.exit_code == 0 and "--html" in result.stdout and "--as-of" in result.stdout


# -- in a real browser ---------------------------------------------------------------------------

LOAD_PROBLEM = re.compile(r"Failed to load resource|net::ERR_|Content Security Policy|Refused to")


def _chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium package")
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    return found


def _browse(page: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            *args,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _load_problems(log: str) -> list[str]:
    return [line for line in log.splitlines() if LOAD_PROBLEM.search(line)]


MIN_WINDOW = 500  # headless Chromium will not make a window narrower (CSS pixels)


def _framed(page: Path, width: int) -> Path:
    """A phone-width view: the page in a frame `width` pixels wide, since the window cannot be."""
    frame = page.with_name(f"frame-{width}.html")
    frame.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>frame</title>'
        "<style>body { margin: 0; background: #777 } iframe { border: 0; display: block; background: #fff }</style>"
        f'</head><body><iframe src="{page.name}" width="{width}" height="2000"></iframe></body></html>',
        encoding="utf-8",
    )
    return frame


@pytest.mark.parametrize("width", [1280, 390])
def test_page_renders_in_chromium_with_nothing_failing_to_load(tmp_path: Path, width: int) -> None:
    _chromium()
    _, html = _write(tmp_path, "--as-of", "2006-12")
    page = tmp_path / "report.html"
    png = tmp_path / f"report-{width}.png"
    target = page if width >= MIN_WINDOW else _framed(page, width)
    window = max(width, MIN_WINDOW)
    shot = _browse(
        target,
        tmp_path,
        f"--window-size={window},2000",
        "--enable-logging=stderr",
        "--v=0",
        f"--screenshot={png}",
    )
    print(f"screenshot: {png}")
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert _load_problems(shot.stderr) == []
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == window
    assert len(data) > 40_000  # a blank or error page compresses to a few kilobytes
    dom = _browse(page, tmp_path, f"--window-size={window},2000", "--dump-dom")
    assert dom.returncode == 0
    assert '<section id="timelines"' in dom.stdout
    assert dom.stdout.count("<svg") == html.count("<svg") > 150  # the browser parsed every chart


def test_the_load_check_catches_what_the_page_would_fetch(tmp_path: Path) -> None:
    _chromium()
    _, html = _write(tmp_path, "--as-of", "2006-12")
    bad = tmp_path / "bad.html"
    bad.write_text(
        html.replace("</body>", '<img src="missing.png"><img src="http://127.0.0.1:9/x.png"></body>'),
        encoding="utf-8",
    )
    shot = _browse(
        bad,
        tmp_path,
        "--window-size=800,600",
        "--enable-logging=stderr",
        "--v=0",
        f"--screenshot={tmp_path / 'bad.png'}",
    )
    assert shot.returncode == 0
    problems = _load_problems(shot.stderr)
    assert any("missing.png" in line for line in problems), shot.stderr[-2000:]
    assert any("127.0.0.1:9" in line for line in problems)


# -- layout: no table wider than its container, and the findings on the first screen ------------

_PROBED: dict[str, str] = {}


def _chromium_that_runs() -> str:
    """Chromium, once shown to start headless here; else the test is skipped saying why (failed
    under CI, which installs it)."""
    path = _chromium()
    if path not in _PROBED:
        try:
            probe = _browse_url("about:blank", Path(tempfile.mkdtemp(prefix="sbaudit-probe-")), "--dump-dom")
            _PROBED[path] = "" if probe.returncode == 0 else (probe.stderr.strip().splitlines() or ["?"])[-1]
        except (OSError, subprocess.SubprocessError) as exc:
            _PROBED[path] = str(exc)
    if _PROBED[path]:
        message = f"chromium ({path}) cannot run headless here: {_PROBED[path]}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def _browse_url(url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *args,
            url,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


# Runs in a frame page beside the report (the report itself refuses every script): measures each
# table against the box it must fit (its .table-wrap, else its parent), the right edge of anything
# inside it, the page's own scroll width, and where the first sections sit.
MEASURE = """
window.addEventListener("load", () => {
  const doc = document.getElementById("page").contentDocument;
  const root = doc.documentElement;
  const out = {page: [root.scrollWidth, root.clientWidth], tables: [], first: []};
  doc.querySelectorAll("table").forEach((table, index) => {
    const box = (table.closest(".table-wrap") || table.parentElement);
    const left = box.getBoundingClientRect().left;
    let right = table.getBoundingClientRect().right;
    table.querySelectorAll("*").forEach((e) => {
      const r = e.getBoundingClientRect();
      if (r.width) right = Math.max(right, r.right);
    });
    const section = table.closest("section");
    out.tables.push({
      index, section: section ? section.id : "", width: table.getBoundingClientRect().width,
      reach: right - left, room: box.clientWidth,
    });
  });
  doc.querySelectorAll("h1, .findings h2, .findings h3, .findings li").forEach((e) => {
    const r = e.getBoundingClientRect();
    out.first.push({tag: e.tagName, top: r.top, bottom: r.bottom, text: e.textContent.replace(/\\s+/g, " ").trim()});
  });
  document.getElementById("out").textContent = JSON.stringify(out);
});
"""


def _measure(page: Path, tmp_path: Path, width: int, height: int) -> dict[str, Any]:
    """The measurements of the page shown `width` by `height` CSS pixels. A frame carries the
    width, since headless Chromium will not make a window narrower than MIN_WINDOW; at phone
    widths the scrollbars overlay the page, as on a phone."""
    import html as html_lib
    import json

    _chromium_that_runs()
    frame = page.with_name(f"measure-{width}.html")
    frame.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>measure</title></head>'
        '<body style="margin: 0; overflow: hidden">'
        f'<iframe id="page" src="{page.name}" width="{width}" height="{height}" '
        f'style="border: 0; display: block"></iframe>'
        f'<pre id="out">not measured</pre><script>{MEASURE}</script></body></html>',
        encoding="utf-8",
    )
    args = [f"--window-size={max(width, MIN_WINDOW)},{height}", "--allow-file-access-from-files"]
    if width < MIN_WINDOW:
        args.append("--hide-scrollbars")
    done = _browse_url(frame.as_uri(), tmp_path, *args, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'<pre id="out">(.*?)</pre>', done.stdout, re.DOTALL)
    assert found is not None and found.group(1) != "not measured", done.stdout[-2000:]
    measured: dict[str, Any] = json.loads(html_lib.unescape(found.group(1)))
    return measured


def _overflows(measured: dict[str, Any]) -> list[str]:
    """Each table wider than its box, or holding something that reaches past it (half a pixel of
    rounding allowed), and the page if it scrolls sideways."""
    found = [
        f"table {t['index']} in #{t['section']}: {t['width']:.1f} px wide, reaching {t['reach']:.1f} px, "
        f"in {t['room']} px"
        for t in measured["tables"]
        if max(t["width"], t["reach"]) > t["room"] + 0.5
    ]
    scroll, client = measured["page"]
    if scroll > client:
        found.append(f"the page scrolls sideways: {scroll} px in {client} px")
    return found


SCREENS = [(1366, 768), (390, 844)]


@pytest.mark.parametrize("width, height", SCREENS)
def test_no_table_is_wider_than_its_container(tmp_path: Path, width: int, height: int) -> None:
    _chromium_that_runs()
    _write(tmp_path, "--as-of", "2006-12")
    measured = _measure(tmp_path / "report.html", tmp_path, width, height)
    assert len(measured["tables"]) == 20  # 2 counts, 3 overdue and on-track, 14 groups, 1 links
    assert _overflows(measured) == []


@pytest.mark.parametrize("width, height", SCREENS)
def test_the_first_screen_states_the_findings(tmp_path: Path, width: int, height: int) -> None:
    _chromium_that_runs()
    _write(tmp_path, "--as-of", "2006-12")
    measured = _measure(tmp_path / "report.html", tmp_path, width, height)
    seen = [e for e in measured["first"] if e["bottom"] <= height]
    print(f"first screen at {width}x{height}:", *(f"{e['tag']}: {e['text']}" for e in seen), sep="\n  ")
    texts = [e["text"] for e in seen]
    assert texts[:3] == [
        "Smart Border Action Plan and Security and Prosperity Partnership: promises, slips and outcomes",
        "What the reports say, and where they are silent",
        "Met on time",
    ]
    assert texts[3].startswith(
        "Smart Border Action Plan, at report 2004 (statuses as of 2004-12-17): 1 of the 8"
    )
    if width >= 1000:  # both on-time rates and the longest slips, whole
        assert texts[4].startswith("Security and Prosperity Partnership, at report spp-2006")
        assert "The longest slips" in texts and any("44 months" in t for t in texts)


def test_the_overflow_check_can_fail(tmp_path: Path) -> None:
    _chromium_that_runs()
    _, html = _write(tmp_path, "--as-of", "2006-12")
    wide = tmp_path / "wide.html"
    wide.write_text(
        html.replace(
            "<main>",
            '<main><div class="table-wrap"><table class="counts"><tr><td class="nowrap">'
            + "an-unbreakable-cell-" * 20
            + "</td></tr></table></div>",
            1,
        ),
        encoding="utf-8",
    )
    [problem] = _overflows(_measure(wide, tmp_path, 390, 844))
    found = re.fullmatch(r"table 0 in #: ([\d.]+) px wide, reaching [\d.]+ px, in (\d+) px", problem)
    assert found is not None, problem
    assert float(found.group(1)) > 1000 and 300 < int(found.group(2)) < 390


def test_the_page_prints(tmp_path: Path) -> None:
    """Printed to PDF by Chromium (print media: the stylesheet's print rules apply)."""
    _chromium_that_runs()
    _write(tmp_path, "--as-of", "2006-12")
    pdf = tmp_path / "report.pdf"
    done = _browse_url(
        (tmp_path / "report.html").as_uri(), tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}"
    )
    assert done.returncode == 0, done.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    print(f"{pages} printed pages")
    assert pages > 20  # every item and its notes, not a blank or error page
