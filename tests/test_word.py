"""The Word edition (`build --format docx`), read back from the file.

Each DOCX is opened as what it is, a zip of WordprocessingML (read here with
lxml, so the tests do not lean on the library that wrote it), and with
python-docx for the core properties. Its text is compared, in order, with
the PDF edition's text of the same briefing in its tagged reading order
(`tagged_text.py`); its structure (headings, lists and their numbering,
tables' header rows, languages, alternative text, page fields) with what a
person wrote down here. LibreOffice opens and converts
each file where it is installed (`make test` installs it).

The last test names what `briefing/pipeline/ooxml.py` assumes of
python-docx's internals.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from tests.conftest import EVERY_KIND, EXAMPLE, EXAMPLE_ID, run_cli, run_in
from tests.tagged_text import tagged_text
from tests.test_pdf_editions import EN_HEADINGS, SQ_HEADINGS

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}
EDITIONS = ("en", "sq", "en+sq")


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@pytest.fixture(scope="module")
def word(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example's three editions as Word files."""
    out = tmp_path_factory.mktemp("word")
    result = run_cli("build", EXAMPLE, "--format", "docx", "--out", out)
    assert result.exit_code == 0, result.output
    assert f"wrote {out / f'{EXAMPLE_ID}.en+sq.docx'}" in result.output
    return {lang: out / f"{EXAMPLE_ID}.{lang}.docx" for lang in EDITIONS}


@pytest.fixture(scope="module")
def every_kind_word(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The briefing with every kind of item (an SVG logo, untranslated texts) as Word files."""
    out = tmp_path_factory.mktemp("every-kind-word")
    editions = ["--lang", "en", "--lang", "sq", "--bilingual", "en+sq"]
    result = run_cli("build", EVERY_KIND, *editions, "--format", "docx", "--out", out)
    assert result.exit_code == 0, result.output
    return {lang: out / f"every-kind.{lang}.docx" for lang in EDITIONS}


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def paragraph_text(paragraph: etree._Element) -> str:
    """A paragraph's words as Word shows them: its runs' text (links' too), a tab as a space, a break as a new line."""
    words = []
    for element in paragraph.iter(w("t"), w("br"), w("tab")):
        words.append(element.text or "" if element.tag == w("t") else "\n" if element.tag == w("br") else " ")
    return "".join(words)


def body_blocks(path: Path) -> list[str]:
    """Every paragraph of the body in reading order, table cells row by row; header rows left out."""
    blocks = []
    for element in part(path, "word/document.xml").find(w("body")):
        if element.tag == w("p"):
            blocks.append(paragraph_text(element))
        elif element.tag == w("tbl"):
            for row in element.iterfind("w:tr", NS):
                if row.find("w:trPr/w:tblHeader", NS) is not None:
                    continue
                blocks += [paragraph_text(p) for p in row.iterfind("w:tc/w:p", NS)]
    return [line for block in blocks for line in block.split("\n") if line.strip()]


def squeezed(text: str) -> str:
    """Text without what line breaking adds or moves (white space, hyphens, soft hyphens, joiners), casefolded.

    Casefolded because print.css sets the statuses in capitals (`text-transform`).
    """
    return re.sub(r"[\s\u00a0\u202f\u00ad\u2010\u2011\u2060-]+", "", text).casefold()


def assert_in_order(blocks: list[str], text: str) -> None:
    """Each block is in `text`, after the one before it."""
    flat = squeezed(text)
    position = 0
    for block in blocks:
        found = flat.find(squeezed(block), position)
        assert found >= 0, f"not found (in order) in the PDF's text: {block!r}"
        position = found + len(squeezed(block))


def test_the_reading_order_read_here_is_poppler_s(tmp_path: Path) -> None:
    """`tagged_text` (pikepdf and PDFium) says what `pdfinfo -struct-text` says, on a small page that has what the
    editions have: a word divided at a line end, text drawn by an SVG, a table, an artifact."""
    import weasyprint

    page = (
        '<!DOCTYPE html><html lang="en"><head><title>Order</title><style>@page { @bottom-center { content: "Page "'
        " counter(page) } } p { width: 32mm; hyphens: auto }</style></head><body><h1>Chronology</h1>"
        "<p>Characteristically, uncharacteristically incomprehensible paragraphs.</p>"
        '<svg width="200" height="30" role="img" aria-label="Timeline"><text x="5" y="20">21 June 2023</text></svg>'
        "<table><tr><th>Who</th><th>Says</th></tr><tr><td>Police</td><td>Order</td></tr></table>"
        "<p>Last words.</p></body></html>"
    )
    path = tmp_path / "order.pdf"
    weasyprint.HTML(string=page).write_pdf(path, pdf_variant="pdf/ua-1")
    tree = subprocess.run(["pdfinfo", "-struct-text", str(path)], check=True, capture_output=True, text=True).stdout
    poppler = " ".join(re.findall(r'^\s*"(.*)"\s*$', tree, flags=re.MULTILINE))
    ours = tagged_text(path)
    assert "\x02" not in ours
    assert squeezed(ours) == squeezed(poppler)
    assert_in_order(["Chronology", "uncharacteristically", "21 June 2023", "Who", "Order", "Last words."], ours)


def headings(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for paragraph in part(path, "word/document.xml").iter(w("p")):
        style = paragraph.find("w:pPr/w:pStyle", NS)
        if style is not None and style.get(w("val")).startswith("Heading"):
            found.setdefault(style.get(w("val")), []).append(paragraph_text(paragraph))
    return found


@pytest.mark.parametrize("lang", EDITIONS)
def test_the_word_edition_says_what_the_pdf_says_in_the_same_order(
    word: dict[str, Path], built: dict[str, Path], lang: str
) -> None:
    blocks = body_blocks(word[lang])
    assert len(blocks) > 60
    assert_in_order(blocks, tagged_text(built[lang]))


def test_english_headings(word: dict[str, Path]) -> None:
    found = headings(word["en"])
    assert found["Heading1"] == ["Albanian police raid the MEK compound near Tirana"]
    assert found["Heading2"] == EN_HEADINGS
    assert found["Heading3"] == [
        "Why did the police enter the compound?",
        "Who used violence during the search?",
        "What caused the death?",
    ]


def test_albanian_headings(word: dict[str, Path]) -> None:
    found = headings(word["sq"])
    assert found["Heading1"] == ["Policia shqiptare bastis kampin e MEK-ut pranë Tiranës"]
    assert found["Heading2"] == SQ_HEADINGS
    assert found["Heading3"] == [
        "Pse hyri policia në kamp?",
        "Kush ushtroi dhunë gjatë kontrollit?",
        "Çfarë e shkaktoi vdekjen?",
    ]


def test_bilingual_headings_say_both_languages(word: dict[str, Path]) -> None:
    found = headings(word["en+sq"])
    assert found["Heading1"] == [
        "Albanian police raid the MEK compound near Tirana\nPolicia shqiptare bastis kampin e MEK-ut pranë Tiranës"
    ]
    assert found["Heading2"][0] == "Bottom line · Thelbi"
    assert found["Heading2"][-1] == "Sources · Burimet"
    assert found["Heading3"][2] == "What caused the death?\nÇfarë e shkaktoi vdekjen?"


def numbering_of(path: Path) -> dict[str, tuple[str, str]]:
    """Each list's numId: its number format and level text, from word/numbering.xml."""
    numbering = part(path, "word/numbering.xml")
    abstract = {
        each.get(w("abstractNumId")): (
            each.find("w:lvl/w:numFmt", NS).get(w("val")),
            each.find("w:lvl/w:lvlText", NS).get(w("val")),
        )
        for each in numbering.iterfind("w:abstractNum", NS)
    }
    return {
        num.get(w("numId")): abstract[num.find("w:abstractNumId", NS).get(w("val"))]
        for num in numbering.iterfind("w:num", NS)
    }


def list_items(path: Path, style: str) -> list[tuple[str | None, str]]:
    """The paragraphs of a list style: each with its own numId (None if the style's) and its text."""
    items = []
    for paragraph in part(path, "word/document.xml").iter(w("p")):
        found = paragraph.find("w:pPr/w:pStyle", NS)
        if found is not None and found.get(w("val")) == style:
            num = paragraph.find("w:pPr/w:numPr/w:numId", NS)
            items.append((None if num is None else num.get(w("val")), paragraph_text(paragraph)))
    return items


def test_the_chronology_and_the_sources_are_numbered_by_word(word: dict[str, Path]) -> None:
    path = word["en"]
    numbering = numbering_of(path)
    numbered = list_items(path, "ListNumber")
    chronology = [(num, text) for num, text in numbered if num and numbering[num] == ("decimal", "%1.")]
    sources = [(num, text) for num, text in numbered if num and numbering[num] == ("decimal", "[%1]")]
    assert len(chronology) == 9 and len({num for num, _ in chronology}) == 1
    assert chronology[0][1].startswith("1985 ")
    assert chronology[-1][1].startswith("20 June 2023 ")
    assert not re.match(r"\d+\.", chronology[1][1]), "the number is Word's, not typed"
    assert len(sources) == 1
    assert sources[0][1].startswith("Euractiv, Albanian police raid Iranian opposition compound")


def test_facts_and_actors_are_bulleted_lists(word: dict[str, Path]) -> None:
    bullets = [text for _, text in list_items(word["sq"], "ListBullet")]
    assert bullets[0].startswith("Raportuar Të martën, më 20 qershor 2023")
    assert any(text.startswith("Bledi Çuçi Person") for text in bullets)
    assert len(bullets) == 9 + 8  # key facts, actors


def table_headers(path: Path) -> list[list[str]]:
    headers = []
    for row in part(path, "word/document.xml").iter(w("tr")):
        if row.find("w:trPr/w:tblHeader", NS) is not None:
            headers.append([paragraph_text(p) for p in row.iterfind("w:tc/w:p", NS)])
    return headers


def test_tables_have_header_rows_that_repeat(word: dict[str, Path]) -> None:
    assert table_headers(word["en"]) == [["Number", "What it counts", "According to"]] + [["Party", "Position"]] * 3
    assert table_headers(word["sq"]) == [["Shifra", "Çfarë numërohet", "Sipas"]] + [["Pala", "Qëndrimi"]] * 3
    assert set(map(tuple, table_headers(word["en+sq"]))) == {("English", "Shqip")}


def run_languages(path: Path, needle: str) -> set[str | None]:
    """The language of each run that holds `needle` (None: the document's)."""
    found = set()
    for run in part(path, "word/document.xml").iter(w("r")):
        text = "".join(t.text or "" for t in run.iter(w("t")))
        if needle in text:
            lang = run.find("w:rPr/w:lang", NS)
            found.add(None if lang is None else lang.get(w("val")))
    return found


def default_language(path: Path) -> str:
    return part(path, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS).get(w("val"))


def test_languages_are_set_for_the_document_and_every_run_in_another(word: dict[str, Path]) -> None:
    assert default_language(word["sq"]) == "sq-AL"
    assert default_language(word["en"]) == "en-GB"
    assert default_language(word["en+sq"]) == "en-GB"
    english_quote = "Their political activity has recently attracted the attention of SPAK"
    assert run_languages(word["sq"], english_quote) == {"en"}
    assert run_languages(word["en"], english_quote) == {None}
    assert run_languages(word["sq"], "Raportuar") == {None}
    assert run_languages(word["en+sq"], "Raportuar") == {"sq-AL"}
    assert run_languages(word["en+sq"], "Reported") == {None}
    assert run_languages(word["en+sq"], "Faktet kryesore") == {"sq-AL"}
    source_title = "Albanian police raid Iranian opposition compound on terrorism suspicions"
    assert run_languages(word["sq"], source_title) == {"en"}, "the source says `language: en`"
    assert run_languages(word["en"], source_title) == {None}


def test_an_untranslated_text_is_marked_as_in_the_pdf(every_kind_word: dict[str, Path]) -> None:
    path = every_kind_word["sq"]
    assert run_languages(path, "A claimed fact, untranslated.") == {"en"}
    claimed = next(text for text in body_blocks(path) if "A claimed fact, untranslated." in text)
    assert claimed.startswith("Pretenduar A claimed fact, untranslated. [në anglisht, pa përkthim]")


def test_the_timeline_is_a_picture_with_the_pdfs_alternative_text(word: dict[str, Path]) -> None:
    def descriptions(path: Path) -> list[str]:
        return [d.get("descr") for d in part(path, "word/document.xml").iterfind(".//wp:docPr", NS)]

    assert descriptions(word["en"]) == [
        "Timeline of 9 events from 1985 to 20 June 2023. "
        "Each event is listed by its number in the chronology that follows."
    ]
    assert descriptions(word["sq"]) == [
        "Vija kohore e 9 ngjarjeve, 1985 – 20 qershor 2023. Çdo ngjarje jepet me numrin e saj në kronologjinë që vijon."
    ]
    assert descriptions(word["en+sq"]) == descriptions(word["en"]) + descriptions(word["sq"])  # in each language
    with zipfile.ZipFile(word["en"]) as archive:
        images = [name for name in archive.namelist() if name.startswith("word/media/")]
        assert len(images) == 1 and archive.read(images[0])[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_svg_logo_is_a_picture_described_as_in_the_pdf(every_kind_word: dict[str, Path]) -> None:
    descriptions = [
        d.get("descr") for d in part(every_kind_word["en"], "word/document.xml").iterfind(".//wp:docPr", NS)
    ]
    assert descriptions[0] == "Logo of Test Desk"


def test_core_properties(word: dict[str, Path]) -> None:
    properties = docx.Document(str(word["sq"])).core_properties
    assert properties.title == "Policia shqiptare bastis kampin e MEK-ut pranë Tiranës"
    assert properties.subject.startswith("Kontrolli, i urdhëruar nga gjykata")
    assert properties.keywords == "Shqipëri, MEK, Iran, Policia e Shtetit, SPAK, TLP:CLEAR"
    assert properties.language == "sq-AL"
    assert properties.author == "Projekti i përmbledhjeve informative (shembull)"
    assert properties.created.date().isoformat() == "2023-06-21"


def test_every_page_has_the_tlp_label_and_page_n_of_m(word: dict[str, Path]) -> None:
    headers = [name for name in _names(word["sq"]) if re.fullmatch(r"word/header\d*\.xml", name)]
    footers = [name for name in _names(word["sq"]) if re.fullmatch(r"word/footer\d*\.xml", name)]
    assert headers and footers
    header = part(word["sq"], headers[0])
    assert "TLP:CLEAR" in paragraph_text(header.find(".//w:p", NS))
    footer = part(word["sq"], footers[0])
    fields = [(f.get(w("instr")).strip(), paragraph_text(f)) for f in footer.iter(w("fldSimple"))]
    assert [name for name, _ in fields] == ["PAGE", "NUMPAGES"]
    assert paragraph_text(footer.find(".//w:p", NS)).replace("1", "N", 1).replace("1", "M", 1) == "Faqja N nga M"


def _names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def test_references_link_to_their_source(word: dict[str, Path]) -> None:
    document = part(word["en"], "word/document.xml")
    bookmarks = {b.get(w("name")) for b in document.iter(w("bookmarkStart"))}
    anchors = [link.get(w("anchor")) for link in document.iter(w("hyperlink")) if link.get(w("anchor"))]
    assert anchors and set(anchors) <= bookmarks
    assert all(re.fullmatch(r"[A-Za-z]\w{0,39}", name) for name in bookmarks)


def test_the_same_edition_built_twice_is_the_same_file(word: dict[str, Path], tmp_path: Path) -> None:
    result = run_cli("build", EXAMPLE, "--format", "docx", "--lang", "sq", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"{EXAMPLE_ID}.sq.docx").read_bytes() == word["sq"].read_bytes()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (`make test` installs it)")
def test_libreoffice_opens_and_converts_each_edition(word: dict[str, Path], tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    completed = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            # Tagged, so that its text is read in the document's order and its headings show.
            'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}',
            "--outdir",
            str(tmp_path),
            *(str(path) for path in word.values()),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert completed.returncode == 0, completed.stderr
    for lang, path in word.items():
        converted = tmp_path / f"{path.stem}.pdf"
        assert converted.is_file(), f"{lang}: {completed.stdout}{completed.stderr}"
        assert_in_order(body_blocks(path), tagged_text(converted))
        structure = subprocess.run(["pdfinfo", "-struct", str(converted)], capture_output=True, text=True).stdout
        sections = [line for line in structure.splitlines() if line.strip().startswith("H2 ")]
        assert len(sections) == 7, f"{lang}: the seven sections are headings in LibreOffice too"


def test_ooxml_assumptions_about_python_docx() -> None:
    """How briefing/pipeline/ooxml.py reaches, through python-docx's public API, the elements it writes."""
    document = docx.Document()
    paragraph = document.add_paragraph("x")
    assert paragraph.paragraph_format.element.tag == w("p"), "a paragraph's format proxies its w:p"
    table = document.add_table(rows=1, cols=2)
    cell = table.rows[0].cells[1]
    tc = cell.paragraphs[0].paragraph_format.element.getparent()
    assert tc.tag == w("tc"), "a cell's first paragraph is a child of its w:tc"
    assert tc.getparent().tag == w("tr"), "a w:tc is a child of its w:tr"
    assert tc.getparent().index(tc) == 1, "the cells of a row are its w:tc, in order"
    assert hasattr(document.part.numbering_part.element, "add_num"), "the numbering part's element adds a w:num"
    run = document.add_paragraph().add_run()
    run.add_picture(str(Path(__file__).parent / "data" / "tiny.png"))
    assert run.element.find(f".//{w('drawing')}") is not None, "a run's picture is a w:drawing inside its w:r"
    assert (
        run.element.find(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr") is not None
    )


def test_a_workspace_that_asks_for_pdf_and_word_gets_both_by_default(tmp_path: Path) -> None:
    assert run_in(tmp_path, "init", "ws").returncode == 0
    workspace = tmp_path / "ws"
    (workspace / "theme").mkdir(exist_ok=True)
    (workspace / "theme" / "theme.yaml").write_text("formats: [pdf, docx]\n", encoding="utf-8")
    built = run_in(workspace, "build")
    assert built.returncode == 0, built.stderr
    assert [line.split(" (")[0] for line in built.stdout.splitlines()] == [
        "wrote output/example.en.pdf",
        "wrote output/example.sq.pdf",
        "wrote output/example.en.docx",
        "wrote output/example.sq.docx",
    ]
    again = run_in(workspace, "build")
    assert again.stdout.splitlines() == [
        "up to date: output/example.en.pdf",
        "up to date: output/example.sq.pdf",
        "up to date: output/example.en.docx",
        "up to date: output/example.sq.docx",
    ]
    only_word = run_in(workspace, "build", "--format", "docx", "--format", "html", "--lang", "sq")
    assert only_word.stdout.splitlines() == ["up to date: output/example.sq.docx", "wrote output/example.sq.html"]
    # The example has no subtitle: the subject is its first summary paragraph, cut at a word for Word's 255.
    subject = docx.Document(str(workspace / "output" / "example.en.docx")).core_properties.subject
    assert subject.startswith("On 20 June 2023 the Albanian State Police searched")
    assert subject.endswith("…") and len(subject) <= 255


def test_a_format_the_theme_names_wrongly_is_refused_with_its_place(tmp_path: Path) -> None:
    assert run_in(tmp_path, "init", "ws").returncode == 0
    workspace = tmp_path / "ws"
    (workspace / "theme").mkdir(exist_ok=True)
    (workspace / "theme" / "theme.yaml").write_text("formats: [pdf, odt]\n", encoding="utf-8")
    built = run_in(workspace, "build")
    assert built.returncode == 2
    assert built.stderr.strip() == "theme/theme.yaml:1:16: formats[1]: 'odt' is not one of pdf, html, docx"
    assert not (workspace / "output").exists() or not list((workspace / "output").glob("*.pdf"))
    (workspace / "theme" / "theme.yaml").write_text("formats: [docx, docx]\n", encoding="utf-8")
    twice = run_in(workspace, "build")
    assert twice.returncode == 2
    assert twice.stderr.strip() == "theme/theme.yaml:1:10: formats: names 'docx' twice"


def test_the_themes_colours_and_fonts_are_set_on_the_built_in_styles(tmp_path: Path) -> None:
    assert run_in(tmp_path, "init", "ws").returncode == 0
    workspace = tmp_path / "ws"
    (workspace / "theme").mkdir(exist_ok=True)
    (workspace / "theme" / "theme.css").write_text(
        ':root { --accent: #a00; /* --text: #00ff00; */ --font-body: "Noto Serif"; }\n', encoding="utf-8"
    )
    built = run_in(workspace, "build", "--format", "docx", "--lang", "en")
    assert built.returncode == 0, built.stderr
    styles = part(workspace / "output" / "example.en.docx", "word/styles.xml")

    def style(name: str) -> etree._Element:
        return next(
            s
            for s in styles.iterfind("w:style", NS)
            if s.find("w:name", NS).get(w("val")).casefold() == name.casefold()
        )

    assert style("Heading 2").find("w:rPr/w:color", NS).get(w("val")) == "AA0000"
    assert style("Normal").find("w:rPr/w:color", NS).get(w("val")) == "1A1A1A", "a commented-out colour is no colour"
    assert style("Normal").find("w:rPr/w:rFonts", NS).get(w("ascii")) == "Noto Serif"
    assert style("Heading 1").find("w:rPr/w:rFonts", NS).get(w("ascii")) == "Noto Sans"
    assert style("Heading 1").find("w:rPr/w:rFonts", NS).get(w("asciiTheme")) is None


def test_the_rows_of_a_bilingual_position_are_kept_on_one_page(word: dict[str, Path]) -> None:
    """Each row of a position but its last is kept with the next (Word's and LibreOffice's keep-with-next)."""
    document = part(word["en+sq"], "word/document.xml")

    def kept(row: etree._Element) -> bool:
        return all(p.find("w:pPr/w:keepNext", NS) is not None for p in row.iterfind("w:tc/w:p", NS))

    rows = list(document.iter(w("tr")))
    parties = [row for row in rows if paragraph_text(row.find("w:tc/w:p", NS)).startswith("Bledi Çuçi, 20 June 2023")]
    assert len(parties) == 2 and all(kept(row) for row in parties)
    for table in document.iter(w("tbl")):
        assert not kept(table.findall("w:tr", NS)[-1]), "the last row of a table is kept with nothing"
