"""EDTF partial dates: parsed, ordered and written per locale at their own precision."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.pipeline.dates import (
    DateFormError,
    Precision,
    _parse_common_form,
    parse_partial_date,
    parse_with_edtf,
)
from briefing.pipeline.localize import Formatter
from briefing.workspace import Workspace
from tests.conftest import interface


def format_partial_date(date: object, catalog: object) -> str:
    return Formatter(catalog).partial_date(date)  # type: ignore[arg-type]


def format_number(value: float | Decimal, catalog: object) -> str:
    return Formatter(catalog).number(Decimal(value))  # type: ignore[arg-type]


# Every form x precision x qualifier, as a reader of each edition must see it. Written by hand:
# the Albanian declines the noun after "rreth" (about) and "që nga" (since).
EVERY_DATE_FORM = [
    # edtf              English                                  Albanian
    ("2013", "2013", "2013"),
    ("2013~", "c. 2013", "rreth vitit 2013"),
    ("2013?", "2013 (uncertain)", "2013 (datë e pasigurt)"),
    ("2013%", "c. 2013 (uncertain)", "rreth vitit 2013 (datë e pasigurt)"),
    ("2022-09", "September 2022", "shtator 2022"),
    ("2022-09~", "c. September 2022", "rreth shtatorit 2022"),
    ("2022-09?", "September 2022 (uncertain)", "shtator 2022 (datë e pasigurt)"),
    ("2022-09%", "c. September 2022 (uncertain)", "rreth shtatorit 2022 (datë e pasigurt)"),
    ("2021-03-20", "20 March 2021", "20 mars 2021"),
    ("2021-03-20~", "c. 20 March 2021", "rreth datës 20 mars 2021"),
    ("2021-03-20?", "20 March 2021 (uncertain)", "20 mars 2021 (datë e pasigurt)"),
    ("2021-03-20%", "c. 20 March 2021 (uncertain)", "rreth datës 20 mars 2021 (datë e pasigurt)"),
    ("200X", "the 2000s", "vitet 2000"),
    ("200X~", "c. the 2000s", "rreth viteve 2000"),
    ("200X?", "the 2000s (uncertain)", "vitet 2000 (datë e pasigurt)"),
    ("200X%", "c. the 2000s (uncertain)", "rreth viteve 2000 (datë e pasigurt)"),
    ("2013/..", "since 2013", "që nga viti 2013"),
    ("2013~/..", "since c. 2013", "afërsisht që nga viti 2013"),
    ("2013?/..", "since 2013 (uncertain)", "që nga viti 2013 (datë e pasigurt)"),
    ("2013%/..", "since c. 2013 (uncertain)", "afërsisht që nga viti 2013 (datë e pasigurt)"),
    ("2021-03/..", "since March 2021", "që nga marsi 2021"),
    ("2021-03~/..", "since c. March 2021", "afërsisht që nga marsi 2021"),
    ("2021-03?/..", "since March 2021 (uncertain)", "që nga marsi 2021 (datë e pasigurt)"),
    ("2021-03%/..", "since c. March 2021 (uncertain)", "afërsisht që nga marsi 2021 (datë e pasigurt)"),
    ("2021-03-20/..", "since 20 March 2021", "që nga data 20 mars 2021"),
    ("2021-03-20~/..", "since c. 20 March 2021", "afërsisht që nga data 20 mars 2021"),
    ("2021-03-20?/..", "since 20 March 2021 (uncertain)", "që nga data 20 mars 2021 (datë e pasigurt)"),
    ("2021-03-20%/..", "since c. 20 March 2021 (uncertain)", "afërsisht që nga data 20 mars 2021 (datë e pasigurt)"),
    ("200X/..", "since the 2000s", "që nga vitet 2000"),
    ("200X~/..", "since c. the 2000s", "afërsisht që nga vitet 2000"),
    ("200X?/..", "since the 2000s (uncertain)", "që nga vitet 2000 (datë e pasigurt)"),
    ("200X%/..", "since c. the 2000s (uncertain)", "afërsisht që nga vitet 2000 (datë e pasigurt)"),
    ("2019/2021", "2019 – 2021", "2019 – 2021"),
    ("2019-03/2021", "March 2019 – 2021", "mars 2019 – 2021"),
    ("2019~/2021-05-04", "c. 2019 – 4 May 2021", "rreth vitit 2019 – 4 maj 2021"),
    ("2019-07~/2021?", "c. July 2019 – 2021 (uncertain)", "rreth korrikut 2019 – 2021 (datë e pasigurt)"),
    ("200X/201X", "the 2000s – the 2010s", "vitet 2000 – vitet 2010"),
    ("2023-01-05", "5 January 2023", "5 janar 2023"),
]


@pytest.mark.parametrize(("edtf", "english", "albanian"), EVERY_DATE_FORM, ids=[row[0] for row in EVERY_DATE_FORM])
def test_every_form_reads_naturally_in_each_edition(edtf: str, english: str, albanian: str) -> None:
    date = parse_partial_date(edtf)
    assert format_partial_date(date, interface("en")) == english
    assert format_partial_date(date, interface("sq")) == albanian


def test_the_table_covers_every_form_precision_and_qualifier() -> None:
    """Each (since or not) x precision x (~, ?, %, none) is in the table above."""
    covered = set()
    for edtf, _english, _albanian in EVERY_DATE_FORM:
        date = parse_partial_date(edtf)
        if date.end is None:
            covered.add((date.open_ended, date.start.precision, date.start.approximate, date.start.uncertain))
    expected = {
        (since, precision, approximate, uncertain)
        for since in (False, True)
        for precision in Precision
        for approximate in (False, True)
        for uncertain in (False, True)
    }
    assert covered == expected


def test_every_albanian_month_declines_after_about_and_since() -> None:
    about = ["janarit", "shkurtit", "marsit", "prillit", "majit", "qershorit"]
    about += ["korrikut", "gushtit", "shtatorit", "tetorit", "nëntorit", "dhjetorit"]
    since = ["janari", "shkurti", "marsi", "prilli", "maji", "qershori"]
    since += ["korriku", "gushti", "shtatori", "tetori", "nëntori", "dhjetori"]
    for month in range(1, 13):
        approximate = parse_partial_date(f"2021-{month:02d}~")
        open_ended = parse_partial_date(f"2021-{month:02d}/..")
        assert format_partial_date(approximate, interface("sq")) == f"rreth {about[month - 1]} 2021"
        assert format_partial_date(open_ended, interface("sq")) == f"që nga {since[month - 1]} 2021"


def test_a_language_that_declines_nothing_gets_cldr_month_names(tmp_path: Path) -> None:
    """A German catalog with the phrases but no month entries: CLDR's months, no English ones."""
    folder = tmp_path / "locales" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, python-format\nmsgctxt "date since, month"\nmsgid "since %(month)s %(year)s"\n'
        'msgstr "seit %(month)s %(year)s"\n\n'
        '#, python-format\nmsgctxt "date, month, approximate"\nmsgid "c. %(month)s %(year)s"\n'
        'msgstr "etwa %(month)s %(year)s"\n',
        encoding="utf-8",
    )
    german = interface("de", Workspace(tmp_path))
    assert format_partial_date(parse_partial_date("2021-03/.."), german) == "seit März 2021"
    assert format_partial_date(parse_partial_date("2021-03~"), german) == "etwa März 2021"
    assert format_partial_date(parse_partial_date("2013/.."), german) == "since 2013"  # untranslated: English


def test_numbers_follow_cldr() -> None:
    assert format_number(1000, interface("en")) == "1,000"
    assert format_number(1000, interface("sq")) == "1\u00a0000"
    assert format_number(1234567.5, interface("sq")) == "1\u00a0234\u00a0567,5"
    # The decimals the author wrote, trailing zeros included, and no more.
    assert format_number(Decimal("2.50"), interface("en")) == "2.50"
    assert format_number(Decimal("-12345.10"), interface("sq")) == "-12\u00a0345,10"
    assert format_number(Decimal("0.125"), interface("sq")) == "0,125"


def test_precision_and_sorting() -> None:
    texts = ["2023-06-20", "200X", "2021-03", "1985", "2013/..", "2013~", "2021"]
    ordered = sorted((parse_partial_date(t) for t in texts), key=lambda d: d.sort_key)
    assert [str(d) for d in ordered] == ["1985", "200X", "2013~", "2013/..", "2021", "2021-03", "2023-06-20"]
    assert parse_partial_date("200X").start.precision is Precision.DECADE
    assert parse_partial_date("200X").start.last_day == dt.date(2009, 12, 31)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2023-02-30", "'2023-02-30' is not a real date"),
        ("2019/2021-02-29", "'2019/2021-02-29' is not a real date"),
        ("2021-02-29/2022", "'2021-02-29/2022' is not a real date"),
        ("20-06-2023", "'20-06-2023' is day-first"),
        ("2021/2019", "'2021/2019' ends before it starts"),
        ("19XX", "is an EDTF form this tool does not support"),
        ("2013/", "is an EDTF form this tool does not support"),
        ("../2013", "is an EDTF form this tool does not support"),
        ("June 2023", "is not a date in EDTF form"),
        ("", "empty date"),
    ],
)
def test_refused_forms_say_why(text: str, message: str) -> None:
    with pytest.raises(DateFormError, match=message.replace("(", r"\(").replace("?", r"\?")):
        parse_partial_date(text)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="0123456789-/X~?%.T: ", max_size=24))
def test_parser_never_raises_anything_but_a_date_form_error(text: str) -> None:
    try:
        date = parse_partial_date(text)
    except DateFormError:
        return
    assert date.start.first_day <= (date.end or date.start).last_day


# The repository's interface catalogs, read once for the thousand dates below (8 ms a reading).
_SHARED = {language: interface(language) for language in ("en", "sq")}


@settings(max_examples=1000, deadline=None)
@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)), st.sampled_from(["day", "month", "year"]))
def test_every_real_date_round_trips_and_formats(day: dt.date, precision: str) -> None:
    text = {
        "day": f"{day.year:04d}-{day.month:02d}-{day.day:02d}",
        "month": f"{day.year:04d}-{day.month:02d}",
        "year": f"{day.year:04d}",
    }[precision]
    date = parse_partial_date(text)
    assert date.start.year == day.year
    assert date.start.first_day <= day <= date.start.last_day
    for language in ("en", "sq"):
        shown = format_partial_date(date, _SHARED[language])
        assert str(day.year) in shown
        if precision == "day":
            assert str(day.day) in shown


def _edtf_like() -> st.SearchStrategy[str]:
    year = st.integers(0, 2100).map(lambda y: f"{y:04d}")
    month = st.integers(0, 13).map(lambda m: f"{m:02d}")
    day = st.integers(0, 32).map(lambda d: f"{d:02d}")
    point = st.one_of(
        year,
        st.tuples(year, month).map("-".join),
        st.tuples(year, month, day).map("-".join),
        st.integers(0, 210).map(lambda d: f"{d:03d}X"),
    )
    qualified = st.tuples(point, st.sampled_from(["", "~", "?", "%"])).map("".join)
    return st.one_of(
        qualified,
        st.tuples(
            qualified,
            st.sampled_from(["/"]),
            st.one_of(qualified, st.just("..")),
        ).map("".join),
    )


@settings(max_examples=600, deadline=None)
@given(_edtf_like())
def test_fast_path_agrees_with_the_edtf_library(text: str) -> None:
    """Whatever the direct reader accepts, the edtf grammar reads the same way."""
    fast = _parse_common_form(text)
    if fast is None:
        return  # declined: the edtf grammar decides (tested by the refusal tests above)
    if fast.open_ended and fast.start.precision is Precision.DECADE:
        # `200X/..`, which the edtf grammar does not read: the same decade as `200X`, open-ended.
        assert fast.start == parse_with_edtf(text.removesuffix("/..")).start
        return
    assert parse_with_edtf(text) == fast


_QUALIFIER = st.sampled_from(["", "~", "?", "%"])


def _common_point(day: dt.date, precision: str, qualifier: str) -> str:
    text = {
        "day": f"{day.year:04d}-{day.month:02d}-{day.day:02d}",
        "month": f"{day.year:04d}-{day.month:02d}",
        "year": f"{day.year:04d}",
        "decade": f"{day.year // 10:03d}X",
    }[precision]
    return text + qualifier


@settings(max_examples=600, deadline=None)
@given(
    st.dates(min_value=dt.date(10, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.sampled_from(["day", "month", "year", "decade"]),
    _QUALIFIER,
    st.sampled_from(["", "/..", "/later"]),
)
def test_common_forms_take_the_fast_path(day: dt.date, precision: str, qualifier: str, tail: str) -> None:
    """The forms briefings use are read directly: never the ~30 ms edtf grammar."""
    text = _common_point(day, precision, qualifier)
    if precision == "decade" and tail == "/later":
        pass  # decades in closed ranges go to the edtf grammar, by design (dates.py)
    elif tail == "/..":
        text += "/.."
    elif tail == "/later":
        text += "/" + _common_point(min(day + dt.timedelta(days=400), dt.date(9999, 12, 31)), "day", "")
    assert _parse_common_form(text) is not None, text
