"""EDTF partial dates: parsed, ordered and written per locale at their own precision."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.pipeline.dates import DateFormError, Precision, parse_partial_date, parse_with_edtf
from briefing.pipeline.localize import Formatter
from tests.conftest import interface


def format_partial_date(date: object, catalog: object) -> str:
    return Formatter(catalog).partial_date(date)  # type: ignore[arg-type]


def format_number(value: float, catalog: object) -> str:
    return Formatter(catalog).number(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("edtf", "english", "albanian"),
    [
        ("1985", "1985", "1985"),
        ("2021-03", "March 2021", "mars 2021"),
        ("2023-06-20", "20 June 2023", "20 qershor 2023"),
        ("200X", "the 2000s", "vitet 2000"),
        ("2013~", "c. 2013", "rreth 2013"),
        ("2013?", "2013 (uncertain)", "2013 (e pasigurt)"),
        ("2019/2021", "2019 – 2021", "2019 – 2021"),
        ("2019-03/2021", "March 2019 – 2021", "mars 2019 – 2021"),
        ("2013/..", "since 2013", "që nga 2013"),
        ("2023-01-05", "5 January 2023", "5 janar 2023"),
    ],
)
def test_each_form_reads_naturally_in_each_edition(edtf: str, english: str, albanian: str) -> None:
    date = parse_partial_date(edtf)
    assert format_partial_date(date, interface("en")) == english
    assert format_partial_date(date, interface("sq")) == albanian


def test_numbers_follow_cldr() -> None:
    assert format_number(1000, interface("en")) == "1,000"
    assert format_number(1000, interface("sq")) == "1\u00a0000"
    assert format_number(1234567.5, interface("sq")) == "1\u00a0234\u00a0567,5"


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
        shown = format_partial_date(date, interface(language))
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
    """What the direct reader accepts, the edtf grammar reads the same way."""
    try:
        fast = parse_partial_date(text)
    except DateFormError as error:
        with pytest.raises(DateFormError) as slow_error:
            parse_with_edtf(text)
        assert str(slow_error.value) == str(error)
        return
    assert parse_with_edtf(text) == fast
