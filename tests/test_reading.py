"""Reading primitives: sentences, numbers and dates in English and Albanian, with exact offsets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefing.pipeline.dates import parse_partial_date
from briefing.reading.dates import find_dates
from briefing.reading.numbers import find_numbers
from briefing.reading.sentences import split_sentences
from tests.articles import SHARED, reference_article


def numbers(text: str, language: str) -> list[tuple[object, str, str]]:
    found = find_numbers(text, language)
    for mention in found:
        assert text[mention.start : mention.end] == mention.text
    return [(mention.value, mention.qualifier, mention.text) for mention in found]


def dates(text: str, language: str, published: dt.date | None = dt.date(2023, 6, 21), **kwargs) -> list[tuple]:
    found = find_dates(text, language, published=published, **kwargs)
    for mention in found:
        assert text[mention.start : mention.end] == mention.text
    return [(mention.edtf, mention.precision, mention.relative, mention.text) for mention in found]


# --- sentences ---


def test_sentences_keep_exact_offsets_and_paragraphs():
    text = (
        "Mr. Smith arrived at 9 a.m. on Sept. 12. He left.\n\n“It was fine,” he said. The U.S. State Department agreed."
    )
    sentences = split_sentences(text, "en")
    assert [sentence.text for sentence in sentences] == [
        "Mr. Smith arrived at 9 a.m. on Sept. 12.",
        "He left.",
        "“It was fine,” he said.",
        "The U.S. State Department agreed.",
    ]
    assert [sentence.paragraph for sentence in sentences] == [0, 0, 1, 1]
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text


def test_albanian_sentences_skip_abbreviations_and_split_after_closing_quotes():
    text = "Z. Çuçi foli sot. Ai tha: «Nuk ka lidhje.» Policia etj. ishin aty.\nRreshti i dytë."
    assert [sentence.text for sentence in split_sentences(text, "sq")] == [
        "Z. Çuçi foli sot.",
        "Ai tha: «Nuk ka lidhje.»",
        "Policia etj. ishin aty.",
        "Rreshti i dytë.",
    ]


def test_dateline_is_not_a_sentence_end():
    text = "Brussels, Jul 19 (EFE).- The European Union opened talks. Then it closed."
    assert len(split_sentences(text, "en")) == 2


# --- numbers ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("about 1,000 police attacked", [(1000, "about", "about 1,000")]),
        ("over 100 injured and one death", [(100, "over", "over 100"), (1, "exact", "one")]),
        ("For more than 3 thousand days", [(3000, "over", "more than 3 thousand")]),
        ("they received some 15 calls", [(15, "about", "some 15")]),
        ("fees exceeding hundreds of thousands of dollars", [(100000, "over", "exceeding hundreds of thousands")]),
        (
            "at least twenty-five soldiers; up to 5 000 protesters",
            [(25, "at_least", "at least twenty-five"), (5000, "up_to", "up to 5 000")],
        ),
        (
            "no more than 40 people, fewer than 12 cars",
            [(40, "at_most", "no more than 40"), (12, "under", "fewer than 12")],
        ),
        ("a dozen trucks and 2.5 million euros", [(12, "exact", "a dozen"), (2500000, "exact", "2.5 million")]),
        ("turnout was 46.3% or 38 percent", [(Decimal("46.3"), "exact", "46.3%"), (38, "exact", "38 percent")]),
        ("one hundred and five seats", [(105, "exact", "one hundred and five")]),
    ],
)
def test_english_numbers(text, expected):
    assert numbers(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Të paktën 25 ushtarë u plagosën", [(25, "at_least", "Të paktën 25")]),
        ("rreth 1.000 policë dhe mbi 100 të plagosur", [(1000, "about", "rreth 1.000"), (100, "over", "mbi 100")]),
        ("më shumë se 3 mijë ditë", [(3000, "over", "më shumë se 3 mijë")]),
        (
            "afro 1\u00a0000 persona, më pak se 50 makina",
            [(1000, "about", "afro 1\u00a0000"), (50, "under", "më pak se 50")],
        ),
        ("me tre vota pro dhe dy kundër", [(3, "exact", "tre"), (2, "exact", "dy")]),
        ("njëzet e pesë ushtarë dhe njëqind policë", [(25, "exact", "njëzet e pesë"), (100, "exact", "njëqind")]),
        (
            "deri në 5.000 protestues; 2,5 milionë euro",
            [(5000, "up_to", "deri në 5.000"), (2500000, "exact", "2,5 milionë")],
        ),
        ("qindra mijëra qytetarë", [(100000, "over", "qindra mijëra")]),
        ("gati 40 për qind", [(40, "about", "gati 40 për qind")]),
    ],
)
def test_albanian_numbers(text, expected):
    assert numbers(text, "sq") == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # Digits of other scripts, as a quote in Persian or Arabic may print them: read, never a crash.
        ("\u06f1\u06f2\u06f3 killed", "en", [(123, "exact", "\u06f1\u06f2\u06f3")]),
        ("\u0660", "de", [(0, "exact", "\u0660")]),
        ("\u0663,\u0665 Mio.", "de", [(Decimal("3.5"), "exact", "\u0663,\u0665")]),
    ],
)
def test_digits_of_other_scripts_are_read_as_numbers(text, language, expected):
    assert numbers(text, language) == expected


def test_albanian_article_nje_is_not_a_count_but_nje_mije_is():
    assert numbers("Një person ndërroi jetë; një mijë njerëz protestuan.", "sq") == [(1000, "exact", "një mijë")]


@pytest.mark.parametrize(
    "text",
    [
        "In 2019, the G7 met at 10:30 on 20 June.",
        "Call +355 4 222 3333 or the 3rd office; COVID-19 and the F-16, TLP:AMBER.",
        "Zgjedhjet e 11 majit dhe data 20.06.2023, ora 10.30, kati i 3-të.",
        "one of the officers said no one was there",
    ],
)
def test_what_is_not_a_counted_quantity(text):
    language = "sq" if "Zgjedhjet" in text else "en"
    assert numbers(text, language) == []


def test_another_language_gets_digits_only():
    text = "Am 20.06.2023 kamen etwa 1.000 Polizisten, 2,5 % von 12 500 Menschen, drei Tage lang."
    assert numbers(text, "de") == [
        (1000, "exact", "1.000"),
        (Decimal("2.5"), "exact", "2,5 %"),
        (12500, "exact", "12 500"),
    ]


# --- dates ---


def test_absolute_english_dates_and_precision():
    text = "TIRANA, Sept. 12, 2022 – In March 2021 and in 1985, on 20 June 2023, during the 2000s, since 2013."
    assert dates(text, "en") == [
        ("2022-09-12", "day", False, "Sept. 12, 2022"),
        ("2021-03", "month", False, "March 2021"),
        ("1985", "year", False, "1985"),
        ("2023-06-20", "day", False, "20 June 2023"),
        ("200X", "decade", False, "the 2000s"),
        ("2013/..", "year", False, "since 2013"),
    ]


def test_relative_english_dates_resolve_against_publication():
    published = dt.date(2022, 7, 19)  # a Tuesday
    text = "On Tuesday the EU met. Yesterday it rained; last week a deal; 3 days ago a vote; Jul 19 too."
    assert dates(text, "en", published) == [
        ("2022-07-19", "day", True, "On Tuesday"),
        ("2022-07-18", "day", True, "Yesterday"),
        ("2022-07-11/2022-07-17", "day", True, "last week"),
        ("2022-07-16", "day", True, "3 days ago"),
        ("2022-07-19", "day", True, "Jul 19"),
    ]


def test_albanian_dates_with_declined_month_names():
    text = "Zgjedhjet e 11 majit, më 20 qershor 2023, në qershorit të vitit 2021, në vitet '80 dhe në vitet 1990, rreth vitit 2013."
    assert dates(text, "sq", dt.date(2025, 8, 28)) == [
        ("2025-05-11", "day", True, "11 majit"),
        ("2023-06-20", "day", False, "20 qershor 2023"),
        ("2021-06", "month", False, "qershorit të vitit 2021"),
        ("198X", "decade", False, "vitet '80"),
        ("199X", "decade", False, "vitet 1990"),
        ("2013~", "year", False, "rreth vitit 2013"),
    ]


def test_albanian_relative_dates():
    published = dt.date(2023, 5, 29)  # a Monday
    text = "Sot foli ministri; dje policia; pasditen e së hënës; të martën; 9 ditë më parë; javën e kaluar."
    assert dates(text, "sq", published) == [
        ("2023-05-29", "day", True, "Sot"),
        ("2023-05-28", "day", True, "dje"),
        ("2023-05-29", "day", True, "pasditen e së hënës"),
        ("2023-05-23", "day", True, "të martën"),
        ("2023-05-20", "day", True, "9 ditë më parë"),
        ("2023-05-22/2023-05-28", "day", True, "javën e kaluar"),
    ]


def test_iso_dates_in_any_language_and_day_first_digits_in_another():
    assert dates("Report of 2023-06-20 on the 2022 vote.", "en", None) == [
        ("2023-06-20", "day", False, "2023-06-20"),
        ("2022", "year", False, "2022"),
    ]
    assert dates("Am 20.06.2023, gestern, im Juni 2021.", "de") == [
        ("2023-06-20", "day", False, "20.06.2023"),
        ("2021", "year", False, "2021"),
    ]


def test_relative_dates_need_a_publication_date():
    assert dates("Yesterday, on 12 June 2023, it rained.", "en", None) == [("2023-06-12", "day", False, "12 June 2023")]


def test_publication_known_to_the_month_only_gives_month_precision():
    assert dates("Personi që ka vdekur sot", "sq", dt.date(2023, 6, 1), published_precision="month") == [
        ("2023-06", "month", True, "sot")
    ]


# --- the real articles ---


def shared_article(name: str) -> str:
    return reference_article(name)[0]


def test_seed_article_figures_and_dates():
    body = shared_article("article-albania-mek-raid.txt")
    found = {(mention.value, mention.qualifier) for mention in find_numbers(body, "en")}
    assert {(1000, "about"), (100, "over"), (1000, "over"), (3000, "over"), (300, "over"), (15, "about")} <= found
    edtfs = {mention.edtf for mention in find_dates(body, "en", published=dt.date(2023, 6, 20))}
    assert {"1985", "1992", "200X", "2013/..", "2019", "2021-03", "2022", "2023-06-20"} <= edtfs


def test_albanian_articles_figures_and_dates():
    body = shared_article("articles/sq-kosovo-kfor-gazetashqiptare.txt")
    assert [(m.value, m.qualifier) for m in find_numbers(body, "sq")] == [(25, "at_least"), (4, "exact")]
    assert [m.edtf for m in find_dates(body, "sq", published=dt.date(2023, 5, 29))] == ["2023-05-29"]
    body = shared_article("articles/sq-election-2025-hashtag.txt")
    assert [m.edtf for m in find_dates(body, "sq", published=dt.date(2025, 8, 28))] == [
        "2025-05-11",
        "2025-08-28",
        "2025-05-11",
    ]


def test_every_sentence_of_every_article_is_verbatim():
    for path in sorted((SHARED / "articles").glob("*.txt")) or [pytest.skip("../shared/reference is absent")]:
        raw = path.read_text(encoding="utf-8")
        body = raw.partition("\n---\n")[2]
        language = "sq" if path.name.startswith("sq-") else "en"
        sentences = split_sentences(body, language)
        assert len(sentences) >= 8
        for sentence in sentences:
            assert body[sentence.start : sentence.end] == sentence.text
            assert sentence.text == sentence.text.strip()


# --- any text ---

_PIECES = st.sampled_from(
    [
        "1,000", "1.000", "1 000", "1\u00a0000", "2,5", "3.5", "%", " percent", "about ", "rreth ", "more than ",
        "të paktën ", "hundreds of ", "mijëra ", "one ", "një ", "twenty-five", "njëzet e pesë", "20 June",
        "Sept. 12, 2022", "11 majit", "vitet '80", "the 1980s", "since 2013", "yesterday", "dje", "të martën",
        "9 ditë më parë", "last week", "2023-06-20", "20.06.2023", ". ", "! ", "? ", "\n\n", "\n", "“", "”", "«",
        "»", '"', "Mr. ", "Z. ", "U.S. ", " ", ",", "-", "said", "tha", "(", ")",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    pieces=st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=30),
    language=st.sampled_from(["en", "sq", "de"]),
)
@example(pieces=["\u0660"], language="de")  # an Arabic-Indic zero was taken for the decimal mark
def test_any_text_gives_verbatim_offsets(pieces, language):
    text = "".join(pieces)
    for sentence in split_sentences(text, language):
        assert text[sentence.start : sentence.end] == sentence.text and sentence.text
    for number in find_numbers(text, language):
        assert text[number.start : number.end] == number.text
    for date in find_dates(text, language, published=dt.date(2023, 6, 21)):
        assert text[date.start : date.end] == date.text
        parse_partial_date(date.edtf)  # a form the briefing model accepts
