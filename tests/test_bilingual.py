"""The bilingual parallel edition, read back from real PDFs: where each text stands on the page, and what a reader hears.

Positions come from poppler (`pdftotext -bbox`): every word with its box, page
by page. An item is side by side when the first words of its two texts are
on the same page, at the same height, the first language's left of the
middle of the page and the second's right of it.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from babel.messages.pofile import read_po, write_po

from briefing.errors import display_path
from briefing.pipeline.load import load_document
from briefing.pipeline.localize import Edition, localize
from briefing.pipeline.validate import validate_document
from tests.conftest import DIVISIONS, EVERY_KIND, EXAMPLE, EXAMPLE_ID, catalogs, flat, pdf_text, run_cli
from tests.test_accessibility import Element, structure

# How far apart (in points) the tops of two texts of one row may be: cells start at the same height.
SAME_HEIGHT = 1.0
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.DOTALL)


@dataclass(frozen=True)
class Word:
    page: int
    x: float
    y: float
    right: float
    text: str


@dataclass(frozen=True)
class Pages:
    words: list[Word]
    middle: float  # of the page, and of the text: the margins are equal
    count: int

    def find(self, text: str, *, after: tuple[int, float] = (0, 0.0), last: bool = False) -> Iterator[Word]:
        """The first word of each place where `text`'s first (or `last`) words stand, in reading order, from `after` on."""
        wanted = _tokens(text, last=last)
        for index, word in enumerate(self.words):
            if (word.page, word.y) < after:
                continue
            candidates = self.words[index : index + len(wanted)]
            if len(candidates) == len(wanted) and all(map(_same_word, candidates, wanted)):
                yield word


def read_pages(path: Path) -> Pages:
    """Every word of the PDF with its box; a word divided at a line's end is joined again."""
    output = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True).stdout
    words: list[Word] = []
    width = 0.0
    pages = _PAGE.findall(output)
    for number, (page_width, _height, body) in enumerate(pages, start=1):
        width = float(page_width)
        pending: Word | None = None
        for x, y, right, _bottom, text in _WORD.findall(body):
            word = Word(number, float(x), float(y), float(right), html.unescape(text))
            if pending is not None:
                # The first half's place; the joined text: "Po" + "lice" (its soft hyphen dropped), "court-" + "ordered".
                first = pending.text[:-1] if pending.text.endswith(DIVISIONS) else pending.text
                word = Word(number, pending.x, pending.y, word.right, first + word.text)
                pending = None
            if word.text.endswith((*DIVISIONS, "-")):
                pending = word
                continue
            words.append(word)
    return Pages(words, width / 2, len(pages))


def _tokens(text: str, count: int = 4, *, last: bool = False) -> list[str]:
    words = re.split(r"[\s\u00a0\u202f]+", text.strip())
    return words[-count:] if last else words[:count]


def _same_word(word: Word, token: str) -> bool:
    """The word as printed, maybe followed by what the page adds: `Çuçi,` (a date follows), `raid.[1]`."""
    return word.text == token or (word.text.startswith(token) and not word.text[len(token)].isalnum())


def placed(pages: Pages, rows: Sequence[tuple[str, str]]) -> list[Word | None]:
    """Where each row starts: its two texts on one page, tops level, the first left of the middle, the second right.

    The rows are looked for in reading order, each after the last one found, so
    that a phrase standing in several items (or in the timeline's labels) is
    matched where its row is. None for a row that is not so.
    """
    found: list[Word | None] = []
    after = (0, 0.0)
    for first, second in rows:
        here = None
        for left in pages.find(first, after=after):
            if left.x >= pages.middle:
                continue
            level = [
                right
                for right in pages.find(second, after=(left.page, left.y - SAME_HEIGHT))
                if right.page == left.page and abs(right.y - left.y) <= SAME_HEIGHT and right.x > pages.middle
            ]
            if level:
                here = left
                break
        found.append(here)
        if here is not None:
            after = (here.page, here.y)
    return found


def side_by_side(pages: Pages, rows: Sequence[tuple[str, str]]) -> list[str]:
    """The rows that are not side by side (`placed`)."""
    return [
        f"not side by side: {first[:40]!r} | {second[:40]!r}"
        for (first, second), place in zip(rows, placed(pages, rows), strict=True)
        if place is None
    ]


def editions(path: Path, *languages: str) -> list[Edition]:
    all_catalogs = catalogs()
    briefing = validate_document(load_document(path), all_catalogs.interface_languages())
    return [
        localize(briefing, all_catalogs.interface(language), all_catalogs.content(briefing.id, language))
        for language in languages
    ]


def rows(first: Edition, second: Edition) -> list[tuple[str, str]]:
    """Every item's two texts, in reading order: the texts each row starts with."""
    found = [(first.subtitle.text, second.subtitle.text)] if first.subtitle and second.subtitle else []
    found += [(a.text, b.text) for a, b in zip(first.summary, second.summary, strict=True)]
    found += [(a.text.text, b.text.text) for a, b in zip(first.facts, second.facts, strict=True)]
    found += [(a.label.text, b.label.text) for a, b in zip(first.figures, second.figures, strict=True)]
    found += [(a.date, b.date) for a, b in zip(first.chronology, second.chronology, strict=True)]
    found += [(a.name.text, b.name.text) for a, b in zip(first.actors, second.actors, strict=True)]
    for statement, other in zip(first.statements, second.statements, strict=True):
        for a, b in zip(statement.positions, other.positions, strict=True):
            found += [(a.actor.text, b.actor.text), (a.summary.text, b.summary.text)]
    # A source's title is printed once, across both columns; who published it and when, in each.
    found += [
        (a.publisher.text, b.publisher.text)
        for a, b in zip(first.sources, second.sources, strict=True)
        if a.publisher and b.publisher
    ]
    return found


# Alignment ----------------------------------------------------------------------------------------------------


def test_every_item_of_the_example_stands_in_both_languages_side_by_side(built: dict[str, Path]) -> None:
    english, albanian = editions(EXAMPLE, "en", "sq")
    pages = read_pages(built["en+sq"])
    expected = rows(english, albanian)
    assert len(expected) > 40
    assert side_by_side(pages, expected) == []


@pytest.mark.parametrize("order", ["en+sq", "sq+en"])
def test_either_order_puts_its_first_language_on_the_left(every_kind: dict[str, Path], order: str) -> None:
    first, second = editions(EVERY_KIND, *order.split("+"))
    pages = read_pages(every_kind[order])
    assert side_by_side(pages, rows(first, second)) == []
    # Swapped, the same rows are not side by side: the test sees which language is where.
    swapped = side_by_side(pages, [(b, a) for a, b in rows(first, second) if a != b])
    assert len(swapped) >= 20


def test_no_row_breaks_over_a_page(built: dict[str, Path]) -> None:
    """Each text of a row ends on the page its row starts on, in its column: no language goes on without the other."""
    english, albanian = editions(EXAMPLE, "en", "sq")
    pages = read_pages(built["en+sq"])
    long = [(a, b) for a, b in rows(english, albanian) if len(a.split()) > 6 and len(b.split()) > 6]
    assert len(long) >= 20
    breaks = {place.page for place in placed(pages, long) if place is not None}
    assert len(breaks) >= 5, "the rows run over several pages"
    for (first, second), place in zip(long, placed(pages, long), strict=True):
        assert place is not None, first
        for text, left in ((first, True), (second, False)):
            ends = [end for end in pages.find(text, after=(place.page, place.y), last=True) if end.page == place.page]
            assert any((end.x < pages.middle) == left for end in ends), (text[:50], place.page)


def test_a_source_is_listed_once_with_its_dates_in_each_language(built: dict[str, Path]) -> None:
    text = flat(pdf_text(built["en+sq"]))
    sources = text[text.index("Sources · Burimet") :]
    assert sources.count("Albanian police raid Iranian opposition compound on terrorism suspicions") == 1
    assert sources.count("https://www.euractiv.com/section/politics/news/albanian-police-raid") == 1
    assert "Euractiv, published 20 June 2023, accessed 21 June 2023." in sources
    assert "Euractiv, botuar më 20 qershor 2023, konsultuar më 21 qershor 2023." in sources


def test_a_source_without_a_publisher_starts_its_dates_with_a_capital(tmp_path: Path) -> None:
    text = EVERY_KIND.read_text(encoding="utf-8").replace('    publisher: "Agency"\n', "", 1)
    briefing = tmp_path / "every-kind.yaml"
    briefing.write_text(text, encoding="utf-8")
    shutil.copy(EVERY_KIND.with_name("every-kind-logo.svg"), tmp_path)
    result = run_cli("build", briefing, "--bilingual", "en+sq", "--out", tmp_path, "--pdf", "plain", "--no-source")
    assert result.exit_code == 0, result.output
    sources = flat(pdf_text(tmp_path / "every-kind.en+sq.pdf")).split("Sources · Burimet")[-1]
    assert "Published 28 February 2024, accessed 29 February 2024." in sources
    assert "Botuar më 28 shkurt 2024, konsultuar më 29 shkurt 2024." in sources


# The page label, headings and masthead ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("order", "label"),
    [("en+sq", "Page {n} of {m} · Faqja {n} nga {m}"), ("sq+en", "Faqja {n} nga {m} · Page {n} of {m}")],
)
def test_every_page_says_its_number_in_both_languages(every_kind: dict[str, Path], order: str, label: str) -> None:
    path = every_kind[order]
    count = read_pages(path).count
    assert count >= 3
    for number in range(1, count + 1):
        assert label.format(n=number, m=count) in flat(pdf_text(path, page=number)), number


def test_the_example_footer_and_running_header_on_every_page(built: dict[str, Path]) -> None:
    path = built["en+sq"]
    count = read_pages(path).count
    for number in range(1, count + 1):
        text = flat(pdf_text(path, page=number))
        assert f"Page {number} of {count} · Faqja {number} nga {count}" in text
        # Cut at a word, never on "e" or "pranë", where CSS cut "…pranë Tir…".
        assert "Albanian police raid the MEK compound near Tirana · Policia shqiptare bastis kampin e MEK-ut…" in text
        assert text.count("TLP:CLEAR") >= 2


def test_each_ellipsis_extracts_as_an_ellipsis(built: dict[str, Path]) -> None:
    """The running title is cut by the renderer, not by CSS, whose hidden tail the "…" glyph took as its text ("anës")."""
    raw = subprocess.run(["pdftotext", "-raw", str(built["en+sq"]), "-"], check=True, capture_output=True, text=True)
    lines = raw.stdout.splitlines()
    for label in (
        "1 After being forced out of Iran…",
        "2 The MEK carries out attacks…",
        "Interior Minister Bledi Çuçi…",
    ):
        assert label in lines, label
    assert all(re.fullmatch(r"…(\s|$)", after) for line in lines for after in re.findall(r"….?", line)), [
        line for line in lines if "…" in line
    ]


def test_headings_masthead_and_numbers_in_each_columns_words(built: dict[str, Path]) -> None:
    text = flat(pdf_text(built["en+sq"]))
    for heading in (
        "Bottom line · Thelbi",
        "Key facts · Faktet kryesore",
        "Key figures · Shifrat kryesore",
        "Chronology · Kronologjia",
        "Actors · Aktorët",
        "Who says what · Qëndrimet e palëve",
        "Sources · Burimet",
    ):
        assert heading in text
    assert "BRIEFING·PËRMBLEDHJEINFORMATIVE" in text.replace(" ", "")  # letter-spaced: read a letter at a time
    assert "Situation as of 21 June 2023" in text and "Gjendja më 21 qershor 2023" in text
    pages = read_pages(built["en+sq"])
    # Each column's numbers and dates in its own locale, in its own column.
    assert side_by_side(pages, [("about 1,000", "rreth 1 000"), ("since 2013", "që nga viti 2013")]) == []
    assert side_by_side(pages, [("March 2021", "mars 2021"), ("20 June 2023", "20 qershor 2023")]) == []


# Quotes, untranslated texts and --strict ----------------------------------------------------------------------


def test_a_quote_both_columns_would_show_alike_is_shown_once_across_them(every_kind: dict[str, Path]) -> None:
    pages = read_pages(every_kind["en+sq"])
    quote = "“An English quote that stays in English in every edition.”"
    found = list(pages.find(quote))
    assert len(found) == 1, "shown once"
    line = [word for word in pages.words if word.page == found[0].page and abs(word.y - found[0].y) < 1]
    assert line[0].x < pages.middle < line[-1].right, "across both columns"
    note = next(pages.find("(në anglisht)"))
    assert note.x > pages.middle and note.y > found[0].y, "the note is the Albanian column's"
    # A quote translated into the other language stands in each column in its words.
    assert side_by_side(pages, [("“A translated quote.”", "«Një citim i përkthyer.»")]) == []
    assert side_by_side(pages, [("“A quote in Albanian.”", "«Një citim në shqip.»")]) == []


@pytest.mark.parametrize(("order", "column"), [("en+sq", "right"), ("sq+en", "left")])
def test_an_untranslated_text_is_marked_in_its_column(every_kind: dict[str, Path], order: str, column: str) -> None:
    pages = read_pages(every_kind[order])
    marks = list(pages.find("[në"))  # "[në anglisht, pa përkthim]", which may break over two lines
    assert len(marks) == 4  # subtitle, summary[1], facts[2], actors[2].role (keywords[0] is not on the page)
    for mark in marks:
        assert (mark.x > pages.middle) == (column == "right"), mark
    assert not list(pages.find("[in English, not translated]")), "the English column has every text"


@pytest.mark.parametrize("order", ["en+sq", "sq+en"])
def test_strict_refuses_a_missing_translation_in_either_column(tmp_path: Path, order: str) -> None:
    result = run_cli("build", EVERY_KIND, "--bilingual", order, "--strict", "--out", tmp_path / "out")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    subtitle = next(n for n, line in enumerate(EVERY_KIND.read_text().splitlines(), 1) if line.startswith("subtitle:"))
    assert f"{display_path(EVERY_KIND)}:{subtitle}:11: subtitle: not translated into 'sq'" in lines
    assert len([line for line in lines if "not translated into 'sq'" in line]) == 5
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


def test_gaps_are_reported_per_language(tmp_path: Path) -> None:
    result = run_cli("build", EVERY_KIND, "--bilingual", "en+sq", "--out", tmp_path)
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    header = lines.index(
        f"warning: {tmp_path / 'every-kind.en+sq.pdf'}: 5 text(s) shown in the source language, not translated into "
        "'sq' (`briefing i18n todo sq` lists what to translate):"
    )
    assert lines[header + 1 : header + 6] == [
        f"  {field}: untranslated"
        for field in ("subtitle", "keywords[0]", "summary[1]", "facts[2].text", "actors[2].role")
    ]
    assert not any("not translated into 'en'" in line for line in lines), "the English column has every text"


def test_gaps_shared_by_two_editions_are_listed_once_and_each_refusal_names_its_edition(tmp_path: Path) -> None:
    both = ("build", EVERY_KIND, "--lang", "sq", "--bilingual", "en+sq")
    built = run_cli(*both, "--out", tmp_path / "out")
    assert built.exit_code == 0
    lines = built.stderr.splitlines()
    assert len([line for line in lines if line == "  subtitle: untranslated"]) == 1
    assert (
        f"warning: {tmp_path / 'out' / 'every-kind.en+sq.pdf'}: 5 text(s) shown in the source language, not "
        "translated into 'sq' (`briefing i18n todo sq` lists what to translate), as listed for "
        f"{tmp_path / 'out' / 'every-kind.sq.pdf'}"
    ) in lines

    strict = run_cli(*both, "--strict", "--out", tmp_path / "strict")
    assert strict.exit_code == 2
    lines = strict.stderr.splitlines()
    albanian, bilingual = tmp_path / "strict" / "every-kind.sq.pdf", tmp_path / "strict" / "every-kind.en+sq.pdf"
    first = lines.index(f"{albanian}: not written (--strict):")
    assert all(line.startswith("warning: ") for line in lines[:first]), "editorial warnings come first"
    assert len([line for line in lines if "subtitle: not translated into 'sq'" in line]) == 1
    assert lines[-1] == f"{bilingual}: not written (--strict), for the reasons given for {albanian}"
    assert not (tmp_path / "strict").exists()


# What a screen reader gets ------------------------------------------------------------------------------------


def _all(element: Element) -> list[Element]:
    return [element, *(found for kid in element.kids for found in _all(kid))]


def test_headings_stay_one_h1_then_h2_and_h3_each_in_both_languages(built: dict[str, Path]) -> None:
    tree = structure(built["en+sq"])
    headings = [element for element in _all(tree) if re.fullmatch(r"H[1-6]", element.kind)]
    assert [heading.kind for heading in headings].count("H1") == 1 and headings[0].kind == "H1"
    assert headings[0].text == (
        "Albanian police raid the MEK compound near Tirana Policia shqiptare bastis kampin e MEK-ut pranë Tiranës"
    )
    assert [h.text for h in headings if h.kind == "H2"][:2] == ["Bottom line · Thelbi", "Key facts · Faktet kryesore"]
    assert [h.kind for h in headings].count("H3") == 3
    # The second language's part of each heading is marked as Albanian.
    for heading in headings:
        assert [kid.lang for kid in heading.kids if kid.lang] == ["sq"], heading.text


def test_each_row_reads_first_language_then_second_each_cell_in_its_language(built: dict[str, Path]) -> None:
    tree = structure(built["en+sq"])
    sections = {section.kids[0].text.split(" · ")[0]: section for section in tree.kids if section.kind == "Sect"}

    def rows(section: str) -> list[Element]:
        """The rows of the section's items: its table's body, after the header row (test_accessibility)."""
        return [row for body in sections[section].find("TBody") for row in body.kids]

    facts = rows("Key facts")
    assert len(facts) == 10
    for row in facts:
        english, albanian = row.kids
        assert english.kind == albanian.kind == "TD"
        assert english.lang is None and albanian.lang == "sq"  # the document is English: /Lang en
        assert english.text.split()[0] in ("REPORTED", "CLAIMED", "DISPUTED")
        assert albanian.text.split()[0] in ("RAPORTUAR", "PRETENDUAR", "KONTESTUAR")
    chronology = rows("Chronology")
    assert [row.kids[0].text for row in chronology] == [str(n) for n in range(1, 10)]  # the timeline's numbers
    assert [row.kids[2].lang for row in chronology] == ["sq"] * 9
    with pikepdf.open(built["en+sq"]) as pdf:
        assert str(pdf.Root.Lang) == "en"


def test_an_untranslated_text_in_the_albanian_column_is_marked_english(every_kind: dict[str, Path]) -> None:
    tree = structure(every_kind["en+sq"])
    english = [element for element in _all(tree) if element.lang == "en"]
    texts = " ".join(element.text for element in english)
    # Broken over two lines in a half-page column, each line is marked.
    assert "A test briefing whose subtitle has no Albanian" in texts and "translation" in texts
    assert "The second paragraph, left untranslated in the" in texts
    assert "A claimed fact, untranslated." in texts and "A role left untranslated." in texts
    assert not any("Një" in element.text for element in english)


def test_albanian_first_is_an_albanian_document_with_english_cells(every_kind: dict[str, Path]) -> None:
    with pikepdf.open(every_kind["sq+en"]) as pdf:
        assert str(pdf.Root.Lang) == "sq"
    tree = structure(every_kind["sq+en"])
    cells = [element for element in _all(tree) if element.kind == "TD" and element.lang]
    assert {cell.lang for cell in cells} == {"en"}
    assert any(cell.text.startswith("CONFIRMED A confirmed fact.") for cell in cells)


def test_the_timeline_is_drawn_in_each_language_the_first_first(
    built: dict[str, Path], every_kind: dict[str, Path]
) -> None:
    figures = structure(built["en+sq"]).find("Figure")
    assert [(figure.alt, figure.lang) for figure in figures] == [
        (
            "Timeline of 9 events from 1985 to 20 June 2023. "
            "Each event is listed by its number in the chronology that follows.",
            None,
        ),
        (
            "Vija kohore e 9 ngjarjeve, 1985 – 20 qershor 2023. "
            "Çdo ngjarje jepet me numrin e saj në kronologjinë që vijon.",
            "sq",
        ),
    ]
    text = flat(pdf_text(built["en+sq"]))
    english, albanian = text.index("After being forced out of Iran"), text.index("Pasi detyrohet të largohet nga Irani")
    assert english < albanian  # each figure's labels: its texts' first words, English first
    assert english < text.index("Sometime in this period") < albanian < text.index("Në një moment të kësaj periudhe")
    assert "21 qershor 2023" in text and " / " not in text  # each axis and legend in its own language
    albanian_first = structure(every_kind["sq+en"]).find("Figure")
    assert [figure.alt for figure in albanian_first[-2:]] == [
        "Vija kohore e 9 ngjarjeve, 1985 – 2013. Çdo ngjarje jepet me numrin e saj në kronologjinë që vijon.",
        "Timeline of 9 events from 1985 to 2013. Each event is listed by its number in the chronology that follows.",
    ]


def test_links_go_to_their_own_columns_entries_described_in_its_language(built: dict[str, Path]) -> None:
    with pikepdf.open(built["en+sq"]) as pdf:
        links = {
            (str(annotation.Dest), str(annotation.Contents))
            for page in pdf.pages
            for annotation in page.obj.get("/Annots", [])
            if "/Dest" in annotation
        }
    assert ("en.source-euractiv", "Go to source 1: " + _EURACTIV) in links
    assert ("sq.source-euractiv", "Shko te burimi 1: " + _EURACTIV) in links
    assert ("sq.actor-cuci", "Shko te Bledi Çuçi në listën e aktorëve") in links
    assert not any(target.startswith("sq.") and text.startswith("Go to") for target, text in links)


_EURACTIV = "Euractiv"


# The source it carries ----------------------------------------------------------------------------------------


def test_unpack_then_build_gives_the_same_bilingual_pdf(built: dict[str, Path], tmp_path: Path) -> None:
    original = built["en+sq"]
    unpacked = tmp_path / "elsewhere" / "unpacked"
    result = run_cli("unpack", original, "--out", unpacked)
    assert result.exit_code == 0, result.output
    carried = unpacked / f"{EXAMPLE_ID}.en+sq.yaml"
    source = carried.read_text(encoding="utf-8")
    assert "languages:\n  - en\n  - sq\nbilingual:\n  - [en, sq]\n" in source
    assert "  sq: Policia shqiptare bastis kampin e MEK-ut pranë Tiranës\n" in source
    for rebuild in (["--bilingual", "en+sq"], []):
        again = tmp_path / f"again{len(rebuild)}"
        result = run_cli("build", carried, *rebuild, "--out", again)
        assert result.exit_code == 0, result.output
        assert (again / original.name).read_bytes() == original.read_bytes()


def test_a_single_language_edition_carries_no_bilingual_edition(built: dict[str, Path], tmp_path: Path) -> None:
    result = run_cli("unpack", built["sq"], "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert "bilingual" not in (tmp_path / f"{EXAMPLE_ID}.sq.yaml").read_text(encoding="utf-8")


# The command line ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("en", "'en' is not a pair of languages like en+sq"),
        ("en+sq+de", "'en+sq+de' is not a pair of languages like en+sq"),
        ("en+en", "'en' twice: a bilingual edition shows two different languages"),
        ("en+xx", "'xx' is not a language known to CLDR"),
        ("en+EN", "'EN' is not a language code"),
    ],
)
def test_a_bad_pair_is_a_usage_error(tmp_path: Path, value: str, message: str) -> None:
    result = run_cli("build", EXAMPLE, "--bilingual", value, "--out", tmp_path)
    assert result.exit_code == 2
    assert f"Error: Invalid value for '--bilingual': {message}" in result.stderr
    assert "Traceback" not in result.stderr and not any(tmp_path.iterdir())


def test_a_pair_without_a_catalog_is_refused_like_a_language(tmp_path: Path) -> None:
    result = run_cli("build", EXAMPLE, "--bilingual", "en+fr", "--out", tmp_path)
    assert result.exit_code == 2
    assert "no interface catalog for 'fr'; `briefing i18n init fr` starts one" in result.stderr
    assert not (tmp_path / f"{EXAMPLE_ID}.en+fr.pdf").exists()


def test_named_editions_replace_the_briefings_own(tmp_path: Path) -> None:
    result = run_cli("build", EXAMPLE, "--lang", "sq", "--bilingual", "sq+en", "--format", "html", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    outputs = sorted(path.name for path in tmp_path.iterdir() if not path.name.startswith("."))  # not the manifest
    assert outputs == [f"{EXAMPLE_ID}.sq+en.html", f"{EXAMPLE_ID}.sq.html"]
    page = (tmp_path / f"{EXAMPLE_ID}.sq+en.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="sq">' in page
    assert "<style>:root { --accent: #1f4e79;" in page  # standalone: the web stylesheet inlined


# Any pair of languages with catalogs: English and German ----------------------------------------------------------


def _translate(path: Path, translations: dict[str, str]) -> None:
    """What a translator does in Poedit: fill msgstrs (by msgid) and save."""
    with path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id in translations:
            message.string = translations[message.id]
    with path.open("wb") as handle:
        write_po(handle, catalog)


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with the example and a German catalog of a few entries, as a translator starts one."""
    root = tmp_path_factory.mktemp("german")
    (root / "briefings").mkdir()
    shutil.copy(EXAMPLE, root / "briefings")
    shutil.copytree(EXAMPLE.parent.parent / "locales" / "sq", root / "locales" / "sq")
    result = run_cli("--workspace", root, "i18n", "init", "de")
    assert result.exit_code == 0, result.output
    messages = root / "locales" / "de" / "LC_MESSAGES"
    _translate(
        messages / "messages.po",
        {
            "Key facts": "Wichtige Fakten",
            "Chronology": "Chronologie",
            "Page %(page)s of %(pages)s": "Seite %(page)s von %(pages)s",
            "in %(language)s, not translated": "auf %(language)s, nicht übersetzt",
        },
    )
    _translate(
        messages / f"{EXAMPLE_ID}.po",
        {
            "Albanian police raid the MEK compound near Tirana": "Albanische Polizei durchsucht MEK-Lager bei Tirana",
            "The MEK carries out attacks on Iranian embassies in 13 countries.": (
                "Die MEK verübt Anschläge auf iranische Botschaften in 13 Ländern."
            ),
        },
    )
    return root


def test_english_and_german_side_by_side(german: Path) -> None:
    out = german / "output"
    result = run_cli("--workspace", german, "build", german / "briefings" / EXAMPLE.name, "--bilingual", "en+de")
    assert result.exit_code == 0, result.output
    assert "not translated into 'de'" in result.stderr
    path = out / f"{EXAMPLE_ID}.en+de.pdf"
    pages = read_pages(path)
    assert (
        side_by_side(
            pages,
            [
                ("1992", "1992"),
                ("The MEK carries out attacks on Iranian", "Die MEK verübt Anschläge auf"),
                ("20 June 2023", "20. Juni 2023"),  # CLDR's German dates, no code
            ],
        )
        == []
    )
    text = flat(pdf_text(path))
    assert "Key facts · Wichtige Fakten" in text and "Chronology · Chronologie" in text
    assert f"Page 1 of {pages.count} · Seite 1 von {pages.count}" in text
    # The German column's untranslated texts are marked there; only a question, a line under its English, is not in a column.
    marks = list(pages.find("[auf"))
    assert len([mark for mark in marks if mark.x > pages.middle]) > 20
    for mark in (mark for mark in marks if mark.x < pages.middle):
        assert pages.words[pages.words.index(mark) - 1].text.endswith("?"), mark
    # The title, below the running header: the German under the English.
    title = next(pages.find("Albanian police raid the MEK", after=(1, 60.0)))
    german_title = next(pages.find("Albanische Polizei durchsucht MEK-Lager", after=(1, 60.0)))
    assert german_title.page == 1 and title.y < german_title.y < title.y + 80 and german_title.x == title.x


def test_german_strict_names_each_text_the_german_column_lacks(german: Path) -> None:
    briefing = german / "briefings" / EXAMPLE.name
    result = run_cli(
        "--workspace", german, "build", briefing, "--bilingual", "de+sq", "--strict", "--out", german / "s"
    )
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert any(line.endswith("subtitle: not translated into 'de'") for line in lines)
    assert not any("into 'sq'" in line for line in lines), "the Albanian column is complete"
    assert not (german / "s").exists()
