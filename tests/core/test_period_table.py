"""Every text of a broad corpus reads as it did before the grammar was made cheaper to compile
(issue 24): the same production, the same period or the same refusal, in every setting below.
golden/periods.tsv holds what the grammar of eb76688 (the commit before) gave for each text; a
change in what is read, asked or refused, in a canonical spelling or in a message fails here.

Regenerate it only on purpose (a change of behaviour the issue asks for), and say so in the commit:
    python tests/core/test_period_table.py > tests/core/golden/periods.tsv"""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path

from sbaudit.core.periods import (
    AmbiguousPeriod,
    PeriodError,
    Setting,
    _grammar,
    _normalize,
    _productions,
    parse_period,
)

TABLE = Path(__file__).parent / "golden" / "periods.tsv"

_PLAN_DAY = parse_period("2011-12-07")
_REPORT_DAY = parse_period("2005-06-27")
SETTINGS = (
    Setting(),
    Setting(1),
    Setting(4),
    Setting(10, fiscal_years=True, fiscal_example="FY2013 in sbap-1"),
    Setting(None, fiscal_years=True, no_start="no program in the data sets fiscal_year_start"),
    Setting(4, _PLAN_DAY, base_is_plan=True, fiscal_years=True),
    Setting(None, _REPORT_DAY, base_is_plan=False),
)

YEARS = ["2003", "0001", "0000", "9998", "9999", "1999", "2012"]
YY = ["03", "13", "99", "00", "68", "69"]
MM = ["00", "01", "04", "12", "13", "14"]
MONTHS = ["january", "Jan", "jan.", "sept", "September", "sep", "may", "June", "jun.", "Dec", "mars", "ju"]
DAYS = ["1", "01", "31", "30", "32", "0", "29", "123"]
COUNTS = ["1", "6", "18", "0", "999", "1000", "a", "an", "two", "eighteen", "twenty-four", "thirty six"]
COUNTS += ["twenty", "ninety-nine", "ninety nine", "seventy", "zero", "dozen", "the", "twenty-ten", "a few"]
COUNTS += ["one", "eleven", "nineteen", "sixty-one", "forty two", "ten-one", "twentyone", "sixteen"]
UNITS = ["month", "months", "year", "years", "weeks"]
ORIGINS = [
    "2005-06",
    "2005-06-27",
    "june 27, 2005",
    "June 2005",
    "27 june 2005",
    "2005",
    "spring 2005",
    "2005-13",
    "9998-12",
    "the release of the Action Plan",
    "this report",
    "the plan's release",
    "the report",
    "its publication",
    "publication of the plan",
    "the entry into force",
    "signing",
    "6 months after 2005-06",
]
FISCAL = ["FY2013", "fy13", "FY 2013", "fiscal 2013", "fiscal year 2013", "FY2013-14", "FY13-14", "fy2013/14"]
FISCAL += ["FY2013-2014", "fiscal year 2013/2014", "2013-14 fiscal year", "2013 fiscal year", "FY99-00"]
FISCAL += [
    "FY2013-15",
    "fy00",
    "fy69",
    "FY0000",
    "fiscal year 99",
    "2013/14",
    "2013-14",
    "2013-2014",
    "2013/2015",
]
PREFIXES = ["", "by ", "in ", "before ", "no later than ", "the ", "by the end of ", "end of the "]
PREFIXES += ["close of ", "end-", "By End Of ", "targeted for "]


def _forms() -> list[str]:
    """Texts of every production, and near misses of each."""
    forms: list[str] = []
    add = forms.extend
    product = itertools.product
    add(f"{y}-{m}-{d}" for y, m, d in product(YEARS[:3], MM, ["01", "29", "31", "00", "32", "1"]))
    add(f"{m} {d}, {y}" for m, d, y in product(MONTHS, DAYS[2:7], YEARS[:2]))
    add(f"{m} {d} {y}" for m, d, y in product(MONTHS[:6], DAYS[:4], YEARS[:2]))
    add(f"{d} {m} {y}" for d, m, y in product(DAYS[:5], MONTHS, YEARS[1:3]))
    add(f"{d} {m}, {y}" for d, m, y in product(DAYS[:3], MONTHS[:4], YEARS[:2]))
    add(f"{y}-{m}" for y, m in product(YEARS + ["2013", "1999", "0099", "9998"], MM + YY + ["1", "001"]))
    add(f"{m}{sep} {y}" for m, sep, y in product(MONTHS, ["", ",", " of", ".", ", of"], YEARS[:2]))
    add(YEARS + ["203", "20031", "-2003", "+2003", "2003.", "2,003", "２００３", "٢٠٠٣"])
    for i, (count, unit) in enumerate(product(COUNTS, UNITS)):
        add(
            f"{count} {unit} {word} {ORIGINS[(i + j) % len(ORIGINS)]}"
            for j, word in enumerate(["after", "from"])
        )
        add([f"within {count} {unit} of {ORIGINS[(i * 5) % len(ORIGINS)]}"])
        add(
            f"within the next {count} {unit} {word} the plan"
            for word in ["of", "from", "after", "since"][i % 2 :: 2]
        )
        lead = ["", "within ", "over the next ", "during the coming ", "next ", "within the next "]
        add(
            f"{before}{count} {unit}"
            for before in (lead + ["coming ", "during ", "over coming ", "in "])[i % 3 :: 3]
        )
    add(f"{count} months after {origin}" for count, origin in product(["6", "eighteen", "a"], ORIGINS))
    add(f"within 2 years of {origin}" for origin in ORIGINS)
    add(
        f"{y}{sep}{q}"
        for y, sep, q in product(YEARS[:3], ["-", "", " "], ["q1", "q4", "q5", "h1", "h2", "h3"])
    )
    add(
        f"{q}{sep}{y}"
        for q, sep, y in product(["q1", "q4", "q0", "h1", "h2", "h3"], [" ", "-", ""], YEARS[:3])
    )
    ordinals = ["first", "1st", "second", "2nd", "third", "3rd", "fourth", "4th", "fifth"]
    add(
        f"{o} {part}{sep} {y}"
        for o, part, sep, y in product(ordinals, ["quarter", "half"], ["", ",", " of", ", of"], YEARS[:2])
    )
    seasons = ["spring", "summer", "fall", "autumn", "winter", "wintertime"]
    add(f"{y}-{s}" for y, s in product(YEARS[:3], seasons))
    add(
        f"{lead}{s}{sep} {y}"
        for lead, s, sep, y in product(
            ["", "early ", "mid-", "late ", "very "], seasons, ["", ",", " of"], YEARS[:3]
        )
    )
    parts = ["early", "mid", "late", "beginning", "start", "middle", "end"]
    add(f"{y}-{p}" for y, p in product(YEARS[:3], parts))
    add(f"{p}{sep}{y}" for p, sep, y in product(parts, [" ", "-", " of ", " in "], YEARS[:3]))
    calendar = [
        "year-end ",
        "year end ",
        "year ",
        "calendar year ",
        "calendar ",
        "cy",
        "cy ",
        "CY-",
        "yearend ",
    ]
    add(f"{c}{y}" for c, y in product(calendar, YEARS[:3]))
    add(f"{y} year{e}" for y, e in product(YEARS[:3], ["-end", " end", "", "end"]))
    add(
        f"{a}{sep}{b}"
        for a, b, sep in product(
            YEARS[:3] + ["2014"], YEARS[:3] + ["2014"], [" to ", " through ", "-to-", "-", "/", " - "]
        )
    )
    add(FISCAL)
    add(f"fiscal year{sep}end {y}" for sep, y in product(["-", " ", ""], ["2013", "2013-14", "13"]))
    add(f"fye{sep}{y}" for sep, y in product(["", " "], ["2013", "13"]))
    ends = ["March 31, 2013", "March 2013", "2013-03-31", "2013-03", "march 30, 2013", "2013", "spring 2013"]
    ends += ["September 30, 2013", "December 31, 2013", "31 march 2013", "6 months after 2013-03"]
    add(
        f"fiscal year {word} {end}"
        for word, end in product(["ending", "ended", "ending on", "ended in"], ends)
    )
    fy_or_pair = [
        "FY2013",
        "FY2013-14",
        "2013-14",
        "2013/14",
        "2013-2014",
        "fiscal year 2013",
        "2013-14 fiscal year",
    ]
    add(
        f"{q}{sep}{fy}"
        for q, sep, fy in product(
            ["q1", "q4", "first quarter", "4th quarter", "h1", "h2", "second half"],
            [" ", ", of the ", ",of "],
            fy_or_pair,
        )
    )
    add(f"{fy}{sep}{q}" for fy, sep, q in product(fy_or_pair, [" ", "-", ""], ["q1", "q4", "h2"]))
    add(["", " ", "sometime", "TBD", "n/a", "ongoing", "2003-01-23T00:00", "2003-1-2", "December", "Q3"])
    add(["end of year", "end of the year", "the end of 2003", "year-end", "within months", "after 2005"])
    return forms


def corpus() -> list[str]:
    """The corpus: every form, with words in front, in capitals and with spaces around."""
    texts = dict.fromkeys(_forms())
    for text, prefix in itertools.product(list(texts)[::13], PREFIXES):
        texts.setdefault(prefix + text)
    for text in list(texts)[::17]:
        texts.setdefault(f"  {text.upper()}\t")
    return list(texts)


def reading(text: str, setting: Setting) -> str:
    """What the text reads as in this setting: the period, or the refusal with its message."""
    try:
        period = parse_period(text, setting=setting)
    except AmbiguousPeriod as exc:
        return f"asked: {exc}"
    except PeriodError as exc:
        return f"refused: {exc}"
    return f"{period.canonical} {period.start} {period.end} {period.kind}"


def productions(text: str) -> str:
    """The productions the text matches (never more than one), "-" for none."""
    try:
        normalized = _normalize(text)
    except PeriodError:
        return "-"
    return "|".join(name for _candidate, name in _productions(normalized)) or "-"


def row(text: str) -> tuple[str, list[str]]:
    """The text, its production, what it reads as in the first setting (without the message),
    and a digest of what it reads as in every setting, messages included (to keep the table
    small); and those readings."""
    readings = [reading(text, setting) for setting in SETTINGS]
    digest = hashlib.sha256("\n".join(readings).encode()).hexdigest()[:12]
    return "\t".join([repr(text), productions(text), readings[0].split(":")[0], digest]), readings


def test_the_corpus_reads_as_the_table_says() -> None:
    expected = TABLE.read_text(encoding="utf-8").splitlines()
    texts = corpus()
    assert [line.split("\t", 1)[0] for line in expected] == [repr(text) for text in texts]
    rows = [row(text) for text in texts]
    changed = [(want, got) for want, (got, _readings) in zip(expected, rows, strict=True) if want != got]
    assert not changed, f"{len(changed)} texts read otherwise, e.g. {changed[:3]}"
    # the corpus is broad: every production, periods of every kind, texts asked and refused
    names = {line.split("\t")[1] for line in expected}
    assert names == {name for name, _pattern, _build in _grammar()} | {"-"}
    outcomes = {reading.split(":")[0].split()[-1] for _row, readings in rows for reading in readings}
    assert {"asked", "refused", "day", "month", "season", "fiscal", "fiscal-quarter", "range"} <= outcomes
    assert len(expected) > 5000


if __name__ == "__main__":
    for text in corpus():
        print(row(text)[0])
