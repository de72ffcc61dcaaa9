"""The example briefing's PDFs, read back with poppler and pypdf as a reader would see them."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.conftest import EVERY_KIND, EXAMPLE, flat, pdf_text, run_cli

EN_HEADINGS = ["Bottom line", "Key facts", "Key figures", "Chronology", "Actors", "Who says what", "Sources"]
SQ_HEADINGS = [
    "Thelbi",
    "Faktet kryesore",
    "Shifrat kryesore",
    "Kronologjia",
    "Aktorët",
    "Qëndrimet e palëve",
    "Burimet",
]


def test_english_edition_shows_every_section_in_english(built: dict[str, Path]) -> None:
    text = flat(pdf_text(built["en"]))
    for heading in EN_HEADINGS:
        assert heading in text
    assert "Albanian police raid the MEK compound near Tirana" in text
    assert "Situation as of 21 June 2023" in text
    assert "TLP:CLEAR" in text


def test_albanian_edition_shows_every_section_in_albanian(built: dict[str, Path]) -> None:
    text = flat(pdf_text(built["sq"]))
    for heading in SQ_HEADINGS:
        assert heading in text
    assert "Policia shqiptare bastis kampin e MEK-ut pranë Tiranës" in text
    assert "Gjendja më 21 qershor 2023" in text
    assert "Bazuar në 1 burim" in text


def test_albanian_edition_has_no_english_interface_words(built: dict[str, Path]) -> None:
    text = flat(pdf_text(built["sq"]))
    for english in [
        *EN_HEADINGS,
        "Page ",
        "Situation as of",
        "according to",
        "translated from",
        "Confirmed",
        "Reported",
        "Claimed",
        "Disputed",
        "Organisation",
        "since ",
        "Prepared by",
        "accessed",
        "published",
    ]:
        assert english not in text, english


@pytest.mark.parametrize(
    ("lang", "dates"),
    [
        ("en", ["1985", "1992", "the 2000s", "since 2013", "2019", "March 2021", "2022", "20 June 2023"]),
        ("sq", ["1985", "1992", "vitet 2000", "që nga viti 2013", "2019", "mars 2021", "2022", "20 qershor 2023"]),
    ],
)
def test_chronology_dates_at_their_precision_in_date_order(built: dict[str, Path], lang: str, dates: list[str]) -> None:
    text = flat(pdf_text(built[lang]))
    chronology = text[text.index({"en": "Chronology", "sq": "Kronologjia"}[lang]) :]
    # The list, after the timeline's figure: its first entry is numbered 1, as in the figure.
    chronology = chronology[chronology.index(f"1 {dates[0]} ") :]
    positions = [chronology.index(date) for date in dates]
    assert positions == sorted(positions), dict(zip(dates, positions, strict=True))


def test_numbers_are_grouped_per_locale(built: dict[str, Path]) -> None:
    english, albanian = flat(pdf_text(built["en"])), flat(pdf_text(built["sq"]))
    assert "about 1,000" in english
    assert "over 3,000" in english
    assert "rreth 1 000" in albanian
    assert "mbi 3 000" in albanian
    assert "1,000" not in albanian


@pytest.mark.parametrize(("lang", "footer"), [("en", "Page {} of {}"), ("sq", "Faqja {} nga {}")])
def test_every_page_has_running_header_footer_and_tlp(built: dict[str, Path], lang: str, footer: str) -> None:
    pages = len(PdfReader(built[lang]).pages)
    assert pages >= 3
    title = {
        "en": "Albanian police raid the MEK compound near Tirana",
        "sq": "Policia shqiptare bastis kampin e MEK-ut pranë Tiranës",
    }[lang]
    for page in range(1, pages + 1):
        text = flat(pdf_text(built[lang], page=page))
        assert footer.format(page, pages) in text
        assert text.count("TLP:CLEAR") >= 2, f"page {page}: header and footer label"
        assert title in text


def test_albanian_quotes_are_marked_as_translations_in_guillemets(built: dict[str, Path]) -> None:
    text = flat(pdf_text(built["sq"]))
    assert "«Me kërkesë të fashizmit fetar që sundonte Iranin" in text
    assert "(përkthyer nga anglishtja)" in text
    # The minister spoke Albanian and no source gives his words: his quote stays as the article
    # printed it, marked as English, rather than translated back into words he never said.
    assert (
        "«Unimaginable and intolerable violence and the reaction they have made to the State Police» (në anglisht)"
        in text
    )
    assert "Dhunë e paimagjinueshme" not in text
    english = flat(pdf_text(built["en"]))
    assert "“Unimaginable and intolerable violence and the reaction they have made to the State Police”" in english
    assert "translated from" not in english


def test_albanian_edition_names_the_product_once_and_credits_figures_to_who_gives_them(
    built: dict[str, Path],
) -> None:
    text = flat(pdf_text(built["sq"]))
    # The kicker is letter-spaced: poppler reads it a letter at a time.
    assert "PËRMBLEDHJEINFORMATIVE" in text.replace(" ", "")
    assert "INFORMACION" not in text.replace(" ", "")
    # "Përmbledhje" names the product; the summary has a heading of its own.
    assert not re.search(r"\bPërmbledhje\b", text)
    assert "Thelbi Më 20 qershor 2023" in text
    assert "shifër e dhënë nga Organizata e Muxhahedinëve të Popullit të Iranit (MEK)" in text
    assert "shifër e dhënë nga Bledi Çuçi" in text
    assert "burimi i shifrës" not in text


def test_status_labels_and_source_references(built: dict[str, Path]) -> None:
    english = flat(pdf_text(built["en"]))
    albanian = flat(pdf_text(built["sq"]))
    # The example rests on one source, so it confirms nothing (docs/editorial.md);
    # tests/test_editorial.py shows the CONFIRMED label of a fact with two sources.
    for label in ("REPORTED", "CLAIMED", "DISPUTED"):
        assert label in english
    for label in ("RAPORTUAR", "PRETENDUAR", "KONTESTUAR"):
        assert label in albanian
    assert "CONFIRMED" not in english and "KONFIRMUAR" not in albanian
    assert (
        "[1] Euractiv, Albanian police raid Iranian opposition compound on terrorism suspicions, published 20 June 2023, accessed 21 June 2023."
        in english
    )
    assert "botuar më 20 qershor 2023, konsultuar më 21 qershor 2023" in albanian


@pytest.mark.parametrize("lang", ["en", "sq"])
def test_metadata_language_and_bookmarks(built: dict[str, Path], lang: str) -> None:
    reader = PdfReader(built[lang])
    info = reader.metadata
    assert info is not None
    assert (
        info.title
        == {
            "en": "Albanian police raid the MEK compound near Tirana",
            "sq": "Policia shqiptare bastis kampin e MEK-ut pranë Tiranës",
        }[lang]
    )
    assert (
        info.author
        == {"en": "Briefing project (example)", "sq": "Projekti i përmbledhjeve informative (shembull)"}[lang]
    )
    assert info.subject and info.subject.startswith(
        {"en": "A court-ordered search", "sq": "Kontrolli, i urdhëruar nga gjykata"}[lang]
    )
    keywords = str(info["/Keywords"])
    assert "MEK" in keywords and "TLP:CLEAR" in keywords
    assert reader.root_object["/Lang"] == lang
    # Dates come from the briefing, not the clock.
    assert str(info["/CreationDate"]).startswith("D:20230621")

    def titles(outline: list) -> list[str]:
        found: list[str] = []
        for item in outline:
            found.extend(titles(item) if isinstance(item, list) else [item.title])
        return found

    bookmarks = titles(reader.outline)
    headings = EN_HEADINGS if lang == "en" else SQ_HEADINGS
    for heading in headings:
        assert heading in bookmarks
    assert {"en": "What caused the death?", "sq": "Çfarë e shkaktoi vdekjen?"}[lang] in bookmarks


@pytest.mark.parametrize("lang", ["en", "sq"])
def test_fonts_are_noto_embedded_and_subset(built: dict[str, Path], lang: str) -> None:
    listing = subprocess.run(["pdffonts", str(built[lang])], check=True, capture_output=True, text=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert rows
    for row in rows:
        name, embedded, subset = row[0], row[-5], row[-4]
        assert re.match(r"^[A-Z]{6}\+Noto-(Sans|Serif)", name), name
        assert (embedded, subset) == ("yes", "yes"), row


def test_source_links_are_clickable(built: dict[str, Path]) -> None:
    reader = PdfReader(built["en"])
    uris = set()
    internal = 0
    for page in reader.pages:
        for annotation in page.get("/Annots", []) or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                uris.add(action["/URI"])
            elif annotation.get_object().get("/Dest") is not None or (action and "/D" in action):
                internal += 1
    assert (
        "https://www.euractiv.com/section/politics/news/albanian-police-raid-iranian-opposition-compound-on-terrorism-suspicions/"
        in uris
    )
    assert internal > 10  # reference numbers [1] jump to the source list


@pytest.mark.parametrize("edition", ["en", "en+sq"])
def test_the_named_destinations_are_the_sections_and_items_a_reader_can_go_to(
    built: dict[str, Path], edition: str
) -> None:
    """The marks the printer measures pages by (`fill-7`, `end-of-briefing`) are no destination of the PDF."""
    names = set(PdfReader(built[edition]).named_destinations)
    assert {"summary", "facts", "chronology", "statements", "sources", "source-euractiv"} <= {
        name.removeprefix("en.") for name in names
    }
    assert not [name for name in names if "fill-" in name or "end-of-briefing" in name]


@pytest.mark.parametrize("lang", ["en", "sq"])
def test_pdf_structure_is_valid(built: dict[str, Path], lang: str) -> None:
    check = subprocess.run(["qpdf", "--check", str(built[lang])], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors found" in check.stdout


def test_same_input_gives_byte_identical_pdfs(built: dict[str, Path], tmp_path: Path) -> None:
    result = run_cli("build", EXAMPLE, "--lang", "sq", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / built["sq"].name).read_bytes() == built["sq"].read_bytes()


def test_letter_paper(tmp_path: Path) -> None:
    result = run_cli("build", EXAMPLE, "--lang", "en", "--paper", "letter", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    box = PdfReader(tmp_path / "albania-mek-raid-2023.en.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_albanian_hyphenation_keeps_three_letters_each_side(built: dict[str, Path]) -> None:
    """Albanian is divided by its own rules (tests/test_hyphenation.py): only long words, 3+3 letters."""
    breaks = re.findall(r"(\w+)[\u00ad\u2010]\n(\w+)", pdf_text(built["sq"]))
    assert len(breaks) > 5, "the Albanian edition is hyphenated"
    short = [
        f"{before}-{after}" for before, after in breaks if min(len(before), len(after)) < 3 or len(before + after) < 7
    ]
    assert short == []
    assert re.search(r"\w[\u00ad\u2010]\n\w", pdf_text(built["en"])), "the English edition is hyphenated too"


def test_a_last_page_of_a_few_lines_is_pulled_back(tmp_path: Path) -> None:
    """Past a page by two lines, an edition is laid out again a little tighter, and keeps the shorter result."""
    import weasyprint

    from briefing.pipeline.build import Toolchain
    from briefing.pipeline.fill import END_ANCHOR
    from tests.conftest import REPOSITORY

    printer = Toolchain(REPOSITORY).printer

    def page(items: int, *, anchored: bool = True) -> str:
        facts = "".join(
            f'<li class="fact">Fact number {n}, with a sentence long enough to fill a line.</li>' for n in range(items)
        )
        # The end anchor, as the templates write it after the sources: where the printer reads the content ends.
        end = f'<div id="{END_ANCHOR}"></div>' if anchored else ""
        return (
            '<!DOCTYPE html><html lang="en"><body><section class="facts">'
            f"<h2>Key facts</h2><ul>{facts}</ul>{end}</section></body></html>"
        )

    def plain_pages(items: int) -> int:
        return len(weasyprint.HTML(string=page(items)).render(stylesheets=printer.stylesheets).pages)

    items = next(n for n in range(20, 120) if plain_pages(n) == 2)  # one item past a full page
    printed = printer.print_pdf(page(items), base_dir=tmp_path, identifier="t")
    assert printed.pages == 1, "the few lines were pulled back onto the first page"
    fuller = items + 12  # a second page worth keeping: the tight layout cannot save it, and is not used
    assert printer.print_pdf(page(fuller), base_dir=tmp_path, identifier="t").pages == plain_pages(fuller) == 2
    # A theme's template without the anchor: nothing says where its content ends, so it is laid out once.
    assert printer.print_pdf(page(items, anchored=False), base_dir=tmp_path, identifier="t").pages == 2


def test_a_block_kept_whole_that_leaves_a_third_of_a_page_blank_is_pulled_back(tmp_path: Path) -> None:
    """As many pages either way: the tighter layout is kept when it fills the page a figure left short."""
    import weasyprint

    from briefing.pipeline.build import Toolchain
    from briefing.pipeline.fill import END_ANCHOR, FillMarks
    from tests.conftest import REPOSITORY

    printer = Toolchain(REPOSITORY).printer

    def page(items: int, *, marked: bool = True) -> str:
        mark = FillMarks() if marked else (lambda: "")

        def facts(count: int) -> str:  # marked in the order of the document, as the templates mark them
            return "".join(
                f'<li class="fact">Fact {n}, with a sentence long enough to fill a line.{mark()}</li>'
                for n in range(count)
            )

        # Facts, a figure a page break never splits, a third of a page high, then two pages of facts.
        before = facts(items)
        figure = f'<figure class="timeline" style="height: 90mm">Timeline{mark()}</figure>'
        return (
            '<!DOCTYPE html><html lang="en"><body><section class="facts">'
            f"<h2>Key facts</h2><ul>{before}</ul>{figure}<ul>{facts(60)}</ul>"
            f'<div id="{END_ANCHOR}"></div></section></body></html>'
        )

    def figure_page(pdf: bytes | None) -> int:
        assert pdf is not None
        path = tmp_path / "printed.pdf"
        path.write_bytes(pdf)
        return next(number for number, text in enumerate(pdf_text(path).split("\f"), 1) if "Timeline" in text)

    def plain(items: int) -> Any:
        return weasyprint.HTML(string=page(items)).render(stylesheets=printer.stylesheets)

    # The fewest facts that push the figure to page 2 with the default spacing: page 1 ends a third short.
    items = next(n for n in range(10, 60) if figure_page(plain(n).write_pdf()) == 2)
    printed = printer.print_pdf(page(items), base_dir=tmp_path, identifier="t")
    assert figure_page(printed.pdf) == 1
    assert printed.pages == 3 == len(plain(items).pages), "no page saved: kept for the page it fills"
    # Without the marks, nothing says that page 1 is short: laid out once, the figure stays on page 2.
    assert figure_page(printer.print_pdf(page(items, marked=False), base_dir=tmp_path, identifier="t").pdf) == 2


def _every_kind_with(tmp_path: Path, publisher: str) -> Path:
    text = EVERY_KIND.read_text(encoding="utf-8").replace('publisher: "Agency"', f"publisher: {publisher}", 1)
    briefing = tmp_path / "every-kind.yaml"
    briefing.write_text(text, encoding="utf-8")
    shutil.copy(EVERY_KIND.with_name("every-kind-logo.svg"), tmp_path)
    return briefing


def test_a_publisher_given_per_language_is_printed_in_each_editions_language(tmp_path: Path) -> None:
    briefing = _every_kind_with(tmp_path, "{en: Government of Italy, sq: Qeveria e Italisë}")
    editions = ("--lang", "en", "--lang", "sq", "--bilingual", "en+sq", "--pdf", "plain", "--no-source")
    result = run_cli("build", briefing, *editions, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    english, albanian, both = (flat(pdf_text(tmp_path / f"every-kind.{lang}.pdf")) for lang in ("en", "sq", "en+sq"))
    assert "[1] Government of Italy, A news agency's report, published 28 February 2024" in english
    assert "[1] Qeveria e Italisë, A news agency's report, botuar më 28 shkurt 2024" in albanian
    assert "Government of Italy" not in albanian
    assert "Government of Italy, published 28 February 2024" in both
    assert "Qeveria e Italisë, botuar më 28 shkurt 2024" in both


def test_a_publisher_as_a_string_is_a_name_and_one_left_out_of_a_language_is_untranslated(tmp_path: Path) -> None:
    # A plain string is the same in every language: nothing to translate, nothing reported.
    briefing = _every_kind_with(tmp_path, "Agency")
    result = run_cli("build", briefing, "--lang", "sq", "--strict", "--out", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert "facts[2].text: not translated into 'sq'" in result.output
    assert "sources[0].publisher" not in result.output
    # A mapping without Albanian is a text like any other: --strict names it.
    briefing = _every_kind_with(tmp_path, "{en: Government of Italy}")
    result = run_cli("build", briefing, "--lang", "sq", "--strict", "--out", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert f"{briefing}:73:16: sources[0].publisher: not translated into 'sq'" in result.output.splitlines()
