"""Properties of the period grammar (issue 25): no text matches two productions, every accepted
form's canonical spelling reads back as the same days in the same setting, a date that means two
periods is always asked for, and every form a refusal suggests is one its setting reads."""

from __future__ import annotations

import datetime as dt
import importlib
import re
import sys
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sbaudit.core.periods import (
    _MONTH_WORD,
    _MONTHS,
    _NUMBER_WORD,
    _SHAPES,
    NUMBER_WORDS,
    AmbiguousPeriod,
    PeriodError,
    Setting,
    _candidates,
    _general,
    _grammar,
    _hints,
    _match,
    _normalize,
    _productions,
    _table,
    parse_period,
)

MONTHS = ["january", "Feb", "march", "Apr.", "May", "june", "Sept", "October", "nov", "december"]
SEASONS = ["spring", "Summer", "fall", "autumn", "winter"]
COUNTS = ["1", "6", "18", "24", "0", "999", "a", "an", "two", "eighteen", "twenty-four", "thirty six"]
UNITS = ["month", "months", "year", "years"]
PREFIXES = [
    "",
    "by ",
    "in ",
    "before ",
    "no later than ",
    "the ",
    "by the end of ",
    "end of the ",
    "close of ",
    "by end of ",
    "end-",
]

# Texts of each form, most of them valid: years in range, real days, two years that follow
y = st.one_of(st.integers(min_value=1990, max_value=2030), st.integers(min_value=0, max_value=9999)).map(
    lambda n: f"{n:04d}"
)
days = st.dates(min_value=dt.date(2, 1, 1), max_value=dt.date(9997, 12, 31))
month_ends = days.map(
    lambda d: (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
)
pair = st.integers(min_value=1, max_value=9997).map(lambda n: f"{n:04d}{'-/'[n % 2]}{(n + 1) % 100:02d}")
long_pair = st.integers(min_value=1, max_value=9997).map(lambda n: f"{n:04d}-{n + 1:04d}")
yy = st.integers(min_value=0, max_value=99).map(lambda n: f"{n:02d}")
y_or_yy = st.one_of(y, yy)
day = st.integers(min_value=0, max_value=39).map(str)
mm = st.integers(min_value=0, max_value=99).map(lambda n: f"{n:02d}")
month = st.sampled_from(MONTHS)
count = st.sampled_from(COUNTS)
unit = st.sampled_from(UNITS)
q = st.integers(min_value=1, max_value=4).map(str)
h = st.sampled_from(["1", "2"])
absolute = st.one_of(
    st.builds("{}-{}-{}".format, y, mm, mm),
    st.builds("{} {}, {}".format, month, day, y),
    st.builds("{}-{}".format, y, mm),
    st.builds("{} {}".format, month, y),
    y,
)
fiscal_year = st.one_of(
    st.builds("{}{}".format, st.sampled_from(["FY", "FY ", "fiscal ", "fiscal year "]), y_or_yy),
    st.builds(
        "{}{}{}{}".format, st.sampled_from(["FY", "fiscal year "]), y_or_yy, st.sampled_from("-/"), y_or_yy
    ),
    st.builds("{}{}{} fiscal year".format, y, st.sampled_from("-/"), y_or_yy),
    st.builds("{} fiscal year".format, y),
)
fiscal_year = st.one_of(
    fiscal_year,
    pair.map("FY{}".format),
    pair.map("fiscal year {}".format),
    pair.map("{} fiscal year".format),
    long_pair.map("FY{}".format),
)
fiscal_or_pair = st.one_of(
    fiscal_year, pair, long_pair, st.builds("{}{}{}".format, y, st.sampled_from("-/"), y_or_yy)
)
event = st.sampled_from(
    ["the release of the Action Plan", "this report", "the plan's release", "the entry into force", "signing"]
)

# One strategy per production, by name: texts of that production and of no other
PRODUCTIONS: dict[str, st.SearchStrategy[str]] = {
    "iso day": st.one_of(st.builds("{}-{}-{}".format, y, mm, mm), days.map(dt.date.isoformat)),
    "month day, year": st.builds("{} {}, {}".format, month, day, y),
    "day month year": st.builds("{} {} {}".format, day, month, y),
    "iso month or fiscal year": st.one_of(
        st.builds("{}-{}".format, y, mm),
        days.map(lambda d: f"{d.year:04d}-{d.month:02d}"),
        pair.map(lambda t: t.replace("/", "-")),
    ),
    "month year": st.builds("{}{} {}".format, month, st.sampled_from(["", ",", " of"]), y),
    "year": y,
    "counted from": st.builds(
        "{} {} {} {}".format, count, unit, st.sampled_from(["after", "from"]), st.one_of(absolute, event)
    ),
    "within, counted from": st.builds(
        "within {}{} {} {} {}".format,
        st.sampled_from(["", "the next "]),
        count,
        unit,
        st.sampled_from(["of", "from", "after"]),
        st.one_of(absolute, event),
    ),
    "duration": st.builds(
        "{}{} {}".format,
        st.sampled_from(["", "within ", "over the next ", "during the coming ", "next ", "within the next "]),
        count,
        unit,
    ),
    "iso quarter": st.builds("{}-Q{}".format, y, q),
    "quarter": st.builds("Q{} {}".format, q, y),
    "quarter in words": st.builds(
        "{} quarter of {}".format, st.sampled_from(["first", "2nd", "third", "4th"]), y
    ),
    "iso half": st.builds("{}-H{}".format, y, h),
    "half": st.builds("H{} {}".format, h, y),
    "half in words": st.builds("{} half of {}".format, st.sampled_from(["first", "second", "1st"]), y),
    "iso season": st.builds("{}-{}".format, y, st.sampled_from(SEASONS)),
    "season": st.builds(
        "{}{} {}".format, st.sampled_from(["", "late ", "early-"]), st.sampled_from(SEASONS), y
    ),
    "iso part": st.builds("{}-{}".format, y, st.sampled_from(["early", "mid", "late"])),
    "part": st.builds("{}{}".format, st.sampled_from(["early ", "mid-", "late "]), y),
    "part in words": st.builds("{} of {}".format, st.sampled_from(["beginning", "start", "middle"]), y),
    "calendar year": st.builds(
        "{}{}".format,
        st.sampled_from(["year-end ", "year end ", "year ", "calendar year ", "calendar ", "CY", "cy "]),
        y,
    ),
    "range of years": st.builds("{}{}{}".format, y, st.sampled_from([" to ", " through ", "-to-"]), y),
    "range of years or fiscal year": st.one_of(st.builds("{}-{}".format, y, y), long_pair),
    "fiscal year": fiscal_year,
    "fiscal year, slashed": st.one_of(
        st.builds("{}/{}".format, y, y_or_yy),
        pair.map(lambda t: t.replace("-", "/")),
        long_pair.map(lambda t: t.replace("-", "/")),
    ),
    "fiscal year-end": st.one_of(
        st.builds("fiscal year-end {}".format, y),
        st.builds("fiscal year end {}-{}".format, y, yy),
        st.builds("FYE {}".format, y),
    ),
    "fiscal year ending": st.builds(
        "fiscal year {} {}".format,
        st.sampled_from(["ending", "ended", "ending on", "ended in"]),
        st.one_of(
            absolute,
            month_ends.map(lambda d: f"{d:%B} {d.day}, {d.year:04d}"),
            month_ends.map(lambda d: f"{d:%B} {d.year:04d}"),
            st.builds(
                "{} {}".format, st.sampled_from(["March 31,", "September 30,", "December 31,", "March"]), y
            ),
        ),
    ),
    "fiscal quarter": st.builds(
        "{} {}".format,
        st.sampled_from(["Q1", "q4", "first quarter of", "third quarter of the", "Q2 of"]),
        fiscal_or_pair,
    ),
    "fiscal quarter, year first": st.builds("{} Q{}".format, fiscal_or_pair, q),
    "fiscal half": st.builds(
        "{} {}".format, st.sampled_from(["H1", "h2", "first half of", "second half of the"]), fiscal_or_pair
    ),
    "fiscal half, year first": st.builds("{}-H{}".format, fiscal_or_pair, h),
}


def test_every_production_has_a_strategy() -> None:
    assert sorted(PRODUCTIONS) == sorted(name for name, _pattern, _build in _grammar())


def _named(name: str, strategy: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[str, str]]:
    return strategy.map(lambda text: (name, text))


def _any_production() -> st.SearchStrategy[tuple[str, str]]:
    return st.one_of(*(_named(name, strategy) for name, strategy in PRODUCTIONS.items()))


@settings(max_examples=800)
@given(_any_production(), st.sampled_from(PREFIXES))
def test_no_text_matches_two_productions(named: tuple[str, str], prefix: str) -> None:
    name, text = named
    found = _productions(_normalize(prefix + text))
    assert [production for _candidate, production in found] == [name], (prefix + text, found)


SETTINGS = [
    Setting(),
    Setting(1),
    Setting(4),
    Setting(10),
    Setting(4, fiscal_years=True),
    Setting(10, fiscal_years=True),
    Setting(None, fiscal_years=True),  # the command line, programs' fiscal years starting apart
    Setting(4, parse_period("2011-12-07"), base_is_plan=True, fiscal_years=True),
    Setting(10, parse_period("2005-06"), base_is_plan=False),
    Setting(None, parse_period("2005-06-27"), base_is_plan=True),
]


@settings(max_examples=800)
@given(_any_production(), st.sampled_from(PREFIXES), st.sampled_from(SETTINGS))
def test_every_accepted_form_round_trips(named: tuple[str, str], prefix: str, setting: Setting) -> None:
    try:
        period = parse_period(prefix + named[1], setting=setting)
    except PeriodError:
        return
    again = parse_period(period.canonical, setting=setting)
    assert (again.start, again.end, again.canonical) == (period.start, period.end, period.canonical)
    assert period.start <= period.end


@given(st.integers(min_value=1, max_value=9997), st.sampled_from(SETTINGS))
def test_yyyy_yy_is_asked_exactly_where_it_can_be_a_month_and_a_fiscal_year(
    year: int, setting: Setting
) -> None:
    second = (year + 1) % 100
    text = f"{year:04d}-{second:02d}"
    two_readings = 1 <= second <= 12 and setting.fiscal
    try:
        period = parse_period(text, setting=setting)
    except AmbiguousPeriod as asked:
        assert two_readings
        assert f"write {period_month(year, second)} for the month or FY{text} for the fiscal year" in str(
            asked
        )
        return
    except PeriodError:
        assert not two_readings and setting.fiscal_year_start in (None, 1)  # a fiscal year needs a start
        return
    assert not two_readings
    assert period.kind == ("month" if 1 <= second <= 12 else "fiscal")


def period_month(year: int, month: int) -> str:
    return f"{parse_period(f'{year:04d}-{month:02d}').start:%B} {year:04d}"


@given(st.integers(min_value=2, max_value=9997), st.sampled_from(SETTINGS), st.sampled_from(PREFIXES))
def test_a_bare_year_is_asked_exactly_where_the_program_speaks_in_fiscal_years(
    year: int, setting: Setting, prefix: str
) -> None:
    try:
        period = parse_period(f"{prefix}{year:04d}", setting=setting)
    except AmbiguousPeriod as asked:
        assert setting.fiscal_years
        assert f"write calendar {year:04d} for the calendar year" in str(asked)
        return
    assert not setting.fiscal_years
    assert (period.start.month, period.start.day, period.end.month, period.end.day) == (1, 1, 12, 31)


def test_every_form_a_refusal_suggests_is_read_in_its_setting() -> None:
    """Refusals name the nearest forms for this program's settings; only where it sets no fiscal
    start does the fiscal hint name forms it cannot read yet, and then it says what to add."""
    command_line = Setting(no_start="no program in the data sets fiscal_year_start on its plan report")
    for setting in [*SETTINGS, command_line]:
        for forms, word in [hint for _words, hint in _hints(setting)] + [_general(setting)]:
            if "with fiscal_year_start on the plan report" in word:
                assert setting.fiscal_year_start is None
                continue
            for form in forms:
                try:
                    parse_period(form, setting=setting)
                except PeriodError as exc:
                    raise AssertionError(f"{form!r} suggested in {setting} is refused: {exc}") from None


# Python's own reading of a pattern (re._parser; sre_parse before 3.11)
_MODULES = ("re._parser", "re._constants") if sys.version_info >= (3, 11) else ("sre_parse", "sre_constants")
sre_parse, sre = (importlib.import_module(name) for name in _MODULES)


def _language(pattern: str) -> set[str]:
    """Every text a pattern of literals, classes, alternatives and bounded repeats matches whole."""

    def sequence(items: list[tuple[object, object]]) -> set[str]:
        found = {""}
        for op, av in items:
            found = {head + tail for head in found for tail in item(op, av)}
        return found

    def item(op: object, av: Any) -> set[str]:
        if op is sre.LITERAL:
            return {chr(av)}
        if op is sre.IN:
            return set().union(*(item(o, a) for o, a in av))
        if op is sre.RANGE:
            return {chr(c) for c in range(av[0], av[1] + 1)}
        if op is sre.SUBPATTERN:
            return sequence(av[-1].data)
        if op is sre.BRANCH:
            return set().union(*(sequence(branch.data) for branch in av[1]))
        if op is sre.MAX_REPEAT:
            low, high, sub = av
            once = sequence(sub.data)
            found, texts = set(), {""}
            for times in range(high + 1):
                if times >= low:
                    found |= texts
                texts = {head + tail for head in texts for tail in once}
            return found
        raise AssertionError(f"no language for {op}")

    return sequence(sre_parse.parse(pattern).data)


def test_the_word_patterns_match_exactly_their_words() -> None:
    assert _language(_MONTH_WORD) == set(_MONTHS)
    assert _language(_NUMBER_WORD) == set(NUMBER_WORDS)
    assert _language("a|b(?:c[de])?") == {"a", "b", "bcd", "bce"}  # the expansion itself


ANY = None  # `.`: any character


class _Items:
    """A reversed group or alternative, read as Python's parser gives them (`.data`)."""

    def __init__(self, data: list[tuple[object, Any]]) -> None:
        self.data = data


def _reversed(items: list[tuple[object, Any]]) -> list[tuple[object, Any]]:
    """The items of a pattern in reverse order, down to every alternative and group."""
    turned: list[tuple[object, Any]] = []
    for op, av in reversed(list(items)):
        if op is sre.SUBPATTERN:
            av = (*av[:-1], _Items(_reversed(av[-1].data)))
        elif op is sre.BRANCH:
            av = (av[0], [_Items(_reversed(branch.data)) for branch in av[1]])
        elif op is sre.MAX_REPEAT:
            av = (av[0], av[1], _Items(_reversed(av[2].data)))
        turned.append((op, av))
    return turned


def _chars(op: object, av: Any) -> set[str] | None:
    """The characters one literal, class or `.` matches."""
    if op is sre.LITERAL:
        return {chr(av)}
    if op is sre.ANY:
        return ANY
    if op is sre.IN:
        found: set[str] = set()
        for o, a in av:
            if o is sre.LITERAL:
                found.add(chr(a))
            elif o is sre.RANGE:
                found |= {chr(c) for c in range(a[0], a[1] + 1)}
            else:
                raise AssertionError(f"no characters for {o}")
        return found
    raise AssertionError(f"{op} is no character")


def _starts(items: list[tuple[object, Any]]) -> tuple[set[str] | None, bool]:
    """The characters a text matching the items may start with (ANY: any), and whether the
    items match an empty text; of the reversed items: the characters it may end with."""
    found: set[str] | None = set()
    for op, av in items:
        if op is sre.SUBPATTERN:
            chars, empty = _starts(av[-1].data)
        elif op is sre.BRANCH:
            each = [_starts(branch.data) for branch in av[1]]
            chars = ANY if any(c is ANY for c, _ in each) else set().union(*(c for c, _ in each if c))
            empty = any(e for _, e in each)
        elif op is sre.MAX_REPEAT:
            chars, empty = _starts(av[2].data)
            empty = empty or av[0] == 0
        else:
            chars, empty = _chars(op, av), False
        found = ANY if found is ANY or chars is ANY else found | chars
        if not empty:
            return found, False
    return found, True


def _holds(items: list[tuple[object, Any]]) -> set[str]:
    """The characters every text matching the items holds."""
    found: set[str] = set()
    for op, av in items:
        if op is sre.SUBPATTERN:
            found |= _holds(av[-1].data)
        elif op is sre.BRANCH:
            found |= set.intersection(*(_holds(branch.data) for branch in av[1]))
        elif op is sre.MAX_REPEAT:
            found |= _holds(av[2].data) if av[0] > 0 else set()
        else:
            chars = _chars(op, av)
            found |= chars if chars is not ANY and len(chars) == 1 else set()
    return found


def test_the_shapes_are_read_from_the_patterns() -> None:
    """The reading below, on patterns whose shapes are known."""
    items = sre_parse.parse(r"(?:ab|c)?d[0-9]+(?:x|y.)", re.ASCII).data
    assert _starts(items) == ({"a", "c", "d"}, False)
    assert _starts(_reversed(items)) == (ANY, False)
    assert _starts(_reversed(sre_parse.parse(r"a(?:b|cd?)", re.ASCII).data)) == ({"b", "c", "d"}, False)
    assert _holds(items) == {"d"}
    assert _holds(sre_parse.parse(r"ab?(?:ca|ac)", re.ASCII).data) == {"a", "c"}


def test_every_text_is_tried_against_the_productions_it_may_match() -> None:
    """_SHAPES says where each production's texts start and end and a character they all hold:
    what Python reads in its pattern, so that no text is kept from a production it matches."""
    assert list(_SHAPES) == [name for name, _pattern, _build in _table()]
    for name, pattern, _build in _table():
        items = sre_parse.parse(pattern, re.ASCII).data
        starts, ends, holds = _SHAPES[name]
        first, last = _starts(items), _starts(_reversed(items))
        assert first == (set(starts), False), f"{name} starts with {first}"
        assert last == (None if ends is None else set(ends), False), f"{name} ends with {last}"
        assert holds == "" or holds in _holds(items), f"{name}: every text holds {_holds(items)}"


@settings(max_examples=800)
@given(_any_production(), st.sampled_from(PREFIXES))
def test_the_production_found_is_the_one_the_whole_grammar_finds(named: tuple[str, str], prefix: str) -> None:
    for candidate in _candidates(_normalize(prefix + named[1])):
        matched = [(name, m) for name, pattern, _build in _grammar() if (m := pattern.fullmatch(candidate))]
        found = _match(candidate)
        assert (found is None) == (not matched), candidate
        if found is not None:
            builds = {name: build for name, _pattern, build in _table()}
            assert (found[0].groups(), found[1]) == (matched[0][1].groups(), builds[matched[0][0]])
