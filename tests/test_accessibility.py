"""What a screen reader gets from an edition: headings, lists, languages, link and logo descriptions.

Read back from the real PDFs: the structure tree with pikepdf, the text of
each element through the fonts' ToUnicode maps, the document's properties
with poppler's pdfinfo; and a second opinion from `page-validation`.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import page
import pikepdf
import pytest
from pikepdf import Dictionary

from briefing.finishing.content import FontDecoder, FontDecoders, PageContent, marked_texts
from briefing.finishing.markup import HeaderCell, LanguageRun, read_markup
from briefing.finishing.text import _to_unicode_cmap, mend_to_unicode
from tests.conftest import EXAMPLE, flat, pdf_text, run_cli
from tests.matterhorn import elements
from tests.test_pdf_editions import SQ_HEADINGS


@dataclass
class Element:
    kind: str
    text: str
    lang: str | None
    alt: str | None
    kids: list[Element]

    def find(self, kind: str) -> list[Element]:
        found = [self] if self.kind == kind else []
        for kid in self.kids:
            found += kid.find(kind)
        return found


# The structure types a reader reads on from without a pause (ISO 32000-1, 14.8.4.4: inline-level).
_INLINE = {"Span", "Link", "Quote", "Note", "Reference", "BibEntry", "Code", "Annot", "Ruby", "Warichu"}


def structure(path: Path, *, exact: bool = False) -> Element:
    """The structure tree as a reader walks it: each element with its text (whitespace folded).

    By default a space stands between any two parts of an element. `exact` reads
    the text as it is: inline elements (each line of a paragraph is one) run on
    into each other, and only block-level ones stand apart.
    """
    with pikepdf.open(path) as pdf:
        decoders = FontDecoders()
        pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        texts = {
            index: marked_texts(PageContent(page, pikepdf.parse_content_stream(page), decoders))
            for index, page in enumerate(pdf.pages)
        }

        def read(element: Dictionary) -> Element:
            page_index = pages.get(element.Pg.objgen) if "/Pg" in element else None
            kids, parts = [], []
            raw = element.get("/K", pikepdf.Array())
            for kid in raw if isinstance(raw, pikepdf.Array) else [raw]:
                if isinstance(kid, int):
                    parts.append(texts[page_index].get(kid, "") if page_index is not None else "")
                elif isinstance(kid, Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
                    parts.append(texts[pages[kid.Pg.objgen]].get(int(kid.MCID), ""))
                elif isinstance(kid, Dictionary) and "/S" in kid and kid.get("/Type") != pikepdf.Name.OBJR:
                    child = read(kid)
                    kids.append(child)
                    parts.append(child.text if not exact or child.kind in _INLINE else f" {child.text} ")
            text = re.sub(r"\s+", " ", ("" if exact else " ").join(parts))
            kind = str(element.S)[1:]
            if not exact or kind not in _INLINE:  # a line's own space ends it, and runs on into the next
                text = text.strip()
            lang = str(element.Lang) if "/Lang" in element else None
            alt = str(element.Alt) if "/Alt" in element else None
            return Element(kind, text, lang, alt, kids)

        return read(next(element for element, _ in elements(pdf)))


def _same(text: str) -> str:
    """Text compared across a line break: hyphens at line ends and spaces left out."""
    return re.sub(r"[\s\u2010\u00ad-]", "", text)


@pytest.mark.parametrize("lang", ["en", "sq"])
def test_pdfinfo_says_tagged(built: dict[str, Path], lang: str) -> None:
    info = subprocess.run(["pdfinfo", str(built[lang])], check=True, capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    assert re.search(r"^Suspects:\s+no$", info, re.MULTILINE)


@pytest.mark.parametrize("briefing", ["example", "every-kind"])
@pytest.mark.parametrize("lang", ["en", "sq", "en+sq"])
@pytest.mark.parametrize("profile", ["ua1", "3a"])
def test_page_validation_reports_pdf_ua_1_and_pdf_a_3a(
    built: dict[str, Path], every_kind: dict[str, Path], briefing: str, lang: str, profile: str
) -> None:
    path = (built if briefing == "example" else every_kind)[lang]
    report = page.validate_pdf(path, profile=profile)
    assert report.is_compliant, [f"{failure.rule_id}: {failure.message}" for failure in report.failures]
    assert report.rules.total > 100  # the profile really ran


def test_headings_one_h1_then_sections_in_order(built: dict[str, Path]) -> None:
    tree = structure(built["sq"])
    headings = [(element.kind, element.text) for element in tree.kids for element in _headings(element)]
    assert headings[0] == ("H1", "Policia shqiptare bastis kampin e MEK-ut pranë Tiranës")
    assert [text for kind, text in headings if kind == "H2"] == SQ_HEADINGS
    assert [kind for kind, _ in headings].count("H3") == 3


def _headings(element: Element) -> list[Element]:
    own = [element] if re.fullmatch(r"H[1-6]", element.kind) else []
    return own + [heading for kid in element.kids for heading in _headings(kid)]


def test_each_section_is_one_element_with_its_heading_across_page_breaks(built: dict[str, Path]) -> None:
    sections = [element for element in structure(built["en"]).kids if element.kind == "Sect"]
    assert [section.kids[0].kind for section in sections] == ["H2"] * 7
    facts = sections[1]
    assert facts.kids[0].text == "Key facts"
    assert len(facts.find("L")) == 1 and len(facts.find("LI")) == _facts_in_example()  # one list, over two pages


def _facts_in_example() -> int:
    return EXAMPLE.read_text(encoding="utf-8").split("\nfacts:\n")[1].split("\nfigures:")[0].count("  - text:")


def test_lists_label_each_item(built: dict[str, Path]) -> None:
    tree = structure(built["en"])
    lists = {section.kids[0].text: section.find("L")[0] for section in tree.kids if section.find("L")}
    facts = [item.kids for item in lists["Key facts"].kids]
    assert [[kid.kind for kid in item] for item in facts] == [["Lbl", "LBody"]] * _facts_in_example()
    assert [item[0].text.casefold() for item in facts][:3] == ["reported", "reported", "disputed"]
    assert facts[0][1].text.startswith("On Tuesday 20 June 2023 the State Police")
    dates = [item.kids[0].text for item in lists["Chronology"].kids]
    assert dates[:4] == ["1 1985", "2 1992", "3 the 2000s", "4 since 2013"]  # the number is the timeline's
    actors = [item.kids[0].text for item in lists["Actors"].kids]
    assert actors[0].casefold() == "people's mojahedin organization of iran (mek) organisation"  # kind in capitals
    assert lists["Actors"].kids[0].kids[1].text.startswith("Iranian opposition military organisation")
    assert [item.kids[0].text for item in lists["Sources"].kids] == ["[1]"]


def test_running_header_and_footer_are_artifacts_not_text(built: dict[str, Path]) -> None:
    tree = structure(built["sq"])
    everything = tree.text
    assert "Faqja" not in everything  # the footer "Faqja 1 nga 4"
    assert everything.count("TLP:CLEAR") == 1  # the masthead's badge only, not the margin's on every page
    with pikepdf.open(built["sq"]) as pdf:
        content = pdf.pages[1].Contents.read_bytes()
    assert (
        content.count(b"/Artifact <<\n  /Type /Pagination\n>> BDC")
        + content.count(b"/Artifact << /Type /Pagination >> BDC")
        >= 3
    )  # running title, TLP label, footer


def test_links_describe_where_they_go_in_the_edition_language(built: dict[str, Path]) -> None:
    with pikepdf.open(built["sq"]) as pdf:
        contents = {str(a.Contents) for p in pdf.pages for a in p.obj.get("/Annots", []) if "/Contents" in a}
    # The publisher alone: the English title could not be marked as English inside an Albanian description.
    assert "Shko te burimi 1: Euractiv" in contents
    assert not any("Albanian police raid Iranian" in text for text in contents if text.startswith("Shko te burimi"))
    assert "Shko te Bledi Çuçi në listën e aktorëve" in contents
    assert any(text.startswith("Hap lidhjen e burimit 1: https://www.euractiv.com/") for text in contents)
    assert not any(text.startswith(("source-", "actor-", "#")) for text in contents)


def test_text_in_another_language_carries_its_own_lang(every_kind: dict[str, Path]) -> None:
    tree = structure(every_kind["sq"])
    foreign = {element.text: element.lang for element in _all(tree) if element.lang}
    assert foreign["A test briefing whose subtitle has no Albanian translation"] == "en"
    assert foreign["The second paragraph, left untranslated in the Albanian edition."] == "en"
    assert foreign["A claimed fact, untranslated."] == "en"
    assert foreign["A role left untranslated."] == "en"
    quote = next(text for text in foreign if "An English quote" in text)
    assert foreign[quote] == "en" and _same("An English quote that stays in English in every edition.") in _same(quote)
    # The Albanian quote said in Albanian is the edition's own language: nothing to mark.
    assert not any("Një citim në shqip" in text for text in foreign)
    # The English edition shows that quote in its English translation: all of it is English.
    english = structure(every_kind["en"])
    assert not [element.text for element in _all(english) if element.lang]
    assert "A quote in Albanian." in english.text


def test_a_source_title_in_another_language_carries_its_lang(built: dict[str, Path]) -> None:
    """The example's source says `language: en`: its English title is English in the Albanian edition."""
    title = "Albanian police raid Iranian opposition compound on terrorism suspicions"
    albanian = [element for element in _all(structure(built["sq"])) if element.text == title]
    assert albanian and albanian[0].lang == "en"  # the outermost element of the title; what is inside inherits it
    # In the English edition it is in the document's language: nothing to mark.
    assert not [element for element in _all(structure(built["en"])) if element.text == title and element.lang]


def _all(element: Element) -> list[Element]:
    return [element, *(found for kid in element.kids for found in _all(kid))]


@pytest.mark.parametrize(("lang", "alt"), [("en", "Logo of Test Desk"), ("sq", "Logoja e organizatës Test Desk")])
def test_logo_is_a_figure_with_localized_alt_text(every_kind: dict[str, Path], lang: str, alt: str) -> None:
    figures = structure(every_kind[lang]).find("Figure")
    assert figures[0].alt == alt  # the logo, in the masthead
    assert all(figure.alt for figure in figures)  # and the timeline, with its own description


@pytest.mark.parametrize("lang", ["en", "sq"])
def test_title_language_and_declarations(built: dict[str, Path], lang: str) -> None:
    with pikepdf.open(built[lang]) as pdf:
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.Root.Lang) == lang
        assert "/Filter" not in pdf.Root.Metadata  # PDF/A: metadata readable without decoding
        xmp = pdf.Root.Metadata.read_bytes().decode()
        title = str(pdf.docinfo.Title)
    assert f'<rdf:li xml:lang="x-default">{title}</rdf:li>' in xmp
    assert "<pdfaid:part>3</pdfaid:part>" in xmp and "<pdfaid:conformance>A</pdfaid:conformance>" in xmp
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in xmp
    assert f"<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>" in xmp


def test_the_bilingual_edition_declares_both_its_languages(built: dict[str, Path]) -> None:
    with pikepdf.open(built["en+sq"]) as pdf:
        assert str(pdf.Root.Lang) == "en"
        xmp = pdf.Root.Metadata.read_bytes().decode()
    assert "<dc:language><rdf:Bag><rdf:li>en</rdf:li><rdf:li>sq</rdf:li></rdf:Bag></dc:language>" in xmp


def test_plain_pdf_is_untagged_smaller_and_reads_the_same(built: dict[str, Path], tmp_path: Path) -> None:
    result = run_cli("build", EXAMPLE, "--lang", "sq", "--pdf", "plain", "--no-source", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    plain = tmp_path / "albania-mek-raid-2023.sq.pdf"
    info = subprocess.run(["pdfinfo", str(plain)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+no$", info, re.MULTILINE)
    with pikepdf.open(plain) as pdf:
        assert "/Metadata" not in pdf.Root and not pdf.attachments
    assert plain.stat().st_size < built["sq"].stat().st_size
    assert flat(pdf_text(plain)) == flat(pdf_text(built["sq"]))


def test_accessible_pages_look_like_plain_ones(built: dict[str, Path], plain_english: Path, tmp_path: Path) -> None:
    """Tags, artifacts and attachments change what a reader hears, never what a reader sees."""
    for name, path in (("plain", plain_english), ("accessible", built["en"])):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(tmp_path / name)], check=True)
    plain = sorted(tmp_path.glob("plain-*.png"))
    assert len(plain) == 4
    for picture in plain:
        twin = tmp_path / picture.name.replace("plain-", "accessible-")
        assert picture.read_bytes() == twin.read_bytes(), picture.name


def _pdf_with_a_stream_ending_in_cr(object_stream: bool) -> bytes:
    """A small PDF whose saved bytes hold stream data ending in a CR, found by trying contents in turn."""
    import io
    import zlib

    for attempt in range(5000):
        pdf = pikepdf.new()
        pdf.add_blank_page()
        if object_stream:
            # Many small objects: they go into an object stream, whose zlib trailer varies with them.
            pdf.Root.Extra = pdf.make_indirect(
                pikepdf.Array([pdf.make_indirect(Dictionary(N=n + attempt)) for n in range(30)])
            )
        else:
            data = f"BT ET % {'x' * (attempt % 256)} {attempt}\n".encode()
            compressed = zlib.compress(data, 9)
            if not compressed.endswith(b"\r"):
                continue
            stream = pdf.make_stream(b"")
            stream.write(compressed, filter=pikepdf.Name.FlateDecode)
            pdf.pages[0].Contents = stream
        output = io.BytesIO()
        pdf.save(
            output, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate, recompress_flate=False
        )
        if b"\r\nendstream" in output.getvalue():
            return output.getvalue()
    raise AssertionError("no stream ending in a CR in 5,000 tries")


@pytest.mark.parametrize("object_stream", [False, True], ids=["content-stream", "object-stream"])
def test_no_stream_data_ends_in_a_cr_before_endstream(object_stream: bool) -> None:
    """PDF/A (ISO 19005, 6.1.7): data ending in a CR, then LF and `endstream`, reads as one byte short of its /Length."""
    import io

    from briefing.finishing.finish import _no_cr_before_endstream

    original = _pdf_with_a_stream_ending_in_cr(object_stream)
    fixed = _no_cr_before_endstream(original)
    assert b"\r\nendstream" not in fixed
    with pikepdf.open(io.BytesIO(original)) as before, pikepdf.open(io.BytesIO(fixed)) as after:
        assert after.pages[0].Contents.read_bytes() == before.pages[0].Contents.read_bytes()
        if object_stream:
            assert [int(d.N) for d in after.Root.Extra] == [int(d.N) for d in before.Root.Extra]
    assert b"/ObjStm" in fixed  # object streams kept: the fix costs no size


def _figures(path: Path) -> list[tuple[int, list[float], list[float]]]:
    """Each Figure: its page (from 1), its /BBox and its page's MediaBox, in points."""
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        return [
            (
                pages[element.Pg.objgen],
                [float(value) for value in element.A.BBox],
                [float(value) for value in pikepdf.Page(element.Pg).mediabox],
            )
            for element, _ in elements(pdf)
            if element.get("/S") == pikepdf.Name.Figure
        ]


@pytest.mark.parametrize("lang", ["en", "sq", "en+sq"])
def test_the_timelines_bounding_box_is_where_it_is_drawn_on_its_page(built: dict[str, Path], lang: str) -> None:
    (page, (left, bottom, right, top), (_, _, width, height)), *others = _figures(built[lang])
    assert len(others) == (1 if lang == "en+sq" else 0)  # the bilingual edition's timeline in each language
    assert 0 <= left < right <= width and 0 <= bottom < top <= height, "inside the page"
    # The axis's first year, as poppler finds it (from the top of the page): inside the box.
    words = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(built[lang]), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">1985<', words)
    assert found is not None
    x_min, y_min, x_max, y_max = map(float, found.groups())
    assert left <= x_min < x_max <= right
    assert bottom <= height - y_max < height - y_min <= top


def test_the_logos_bounding_box_is_inside_its_page(every_kind: dict[str, Path]) -> None:
    for _page, (left, bottom, right, top), (_, _, width, height) in _figures(every_kind["sq"]):
        assert 0 <= left < right <= width and 0 <= bottom < top <= height


def _links(path: Path) -> list[tuple[str, int, str]]:
    """Each Link element in reading order: the description of its annotations, how many it has, its text."""
    found = [element.text for element in _all(structure(path)) if element.kind == "Link"]
    with pikepdf.open(path) as pdf:
        links = []
        for link, _ in elements(pdf):
            if link.get("/S") != pikepdf.Name.Link:
                continue
            kids = link.K if isinstance(link.K, pikepdf.Array) else [link.K]
            annotations = [kid.Obj for kid in kids if isinstance(kid, Dictionary) and kid.get("/Type") == "/OBJR"]
            links.append((str(annotations[0].Contents), len(annotations)))
    assert len(links) == len(found)
    return [(contents, count, text) for (contents, count), text in zip(links, found, strict=True)]


@pytest.mark.parametrize("lang", ["en", "sq", "en+sq"])
def test_a_link_wrapped_over_two_lines_is_one_link_with_both_rectangles(built: dict[str, Path], lang: str) -> None:
    links = _links(built[lang])
    url = "https://www.euractiv.com/section/politics/news/albanian-police-raid-iranian-opposition-compound-on-terrorism-suspicions/"
    (source_link,) = [(count, text) for contents, count, text in links if contents.endswith(url)]
    assert source_link[0] == 2, "the URL wraps: one Link element, both lines' annotations"
    assert _same(source_link[1]) == _same(url)


def test_a_wrapped_partys_name_reads_as_one_link(built: dict[str, Path]) -> None:
    names = [
        (count, text)
        for contents, count, text in _links(built["en"])
        if contents == "Go to People's Mojahedin Organization of Iran (MEK) in the list of actors"
    ]
    assert any(count == 2 for count, _ in names), "at least one of the MEK's names wraps in the example"
    assert all(_same(text) == _same("People's Mojahedin Organization of Iran (MEK)") for _, text in names)


def _raw_text(path: Path) -> str:
    """`pdftotext -raw`: the text in the order it is drawn, a line a line, as a search indexes it."""
    return subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


# Words each edition of the example divides at a line end (read from its pages), written whole.
DIVIDED_WORDS = {
    "en": ["resisted", "compound", "servers", "suspicion", "membership"],
    "sq": ["kibernetik", "rezistencë", "deklaroi"],
    "en+sq": ["cybercrime", "llogari", "rezistencë", "organisation"],
}


@pytest.mark.parametrize("lang", ["en", "sq", "en+sq"])
def test_a_line_break_hyphen_is_a_soft_hyphen_and_the_word_reads_whole(built: dict[str, Path], lang: str) -> None:
    """ISO 32000-1, 14.8.2.4.3: a hyphen line breaking added is U+00AD, not U+2010, in the tag tree and in the text."""
    tree = structure(built[lang], exact=True).text
    raw = _raw_text(built[lang])
    assert "\u2010" not in tree and not re.search("\u2010\n", raw)
    assert tree.count("\u00ad") >= 3  # the divisions are there, as soft hyphens a reader passes over
    words = set(re.findall(r"\w+", tree.replace("\u00ad", "")))
    raw_words = set(re.findall(r"\w+", raw.replace("\u00ad\n", "")))
    for word in DIVIDED_WORDS[lang]:
        assert word in words, word
        assert word in raw_words, word
    # A hyphen of the text itself stays one; the bilingual edition breaks a line after one ("Facebook-" "u").
    own_hyphen = {"en": "court-ordered", "sq": "MEK-ut", "en+sq": "Facebook-u"}[lang]
    assert own_hyphen in tree.replace("\u00ad", "")


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Albanian police raid the MEK compound near Tirana"),
        ("sq", "Policia shqiptare bastis kampin e MEK-ut pranë Tiranës"),
        (
            "en+sq",
            "Albanian police raid the MEK compound near Tirana Policia shqiptare bastis kampin e MEK-ut pranë Tiranës",
        ),
    ],
)
def test_a_line_end_between_two_words_reads_as_a_space(built: dict[str, Path], lang: str, title: str) -> None:
    """Each line is an element of its own: the space it broke at is in the text, for a reader and a search."""
    tree = structure(built[lang], exact=True)
    assert [element.text for element in tree.find("H1")] == [title]
    # pdftotext ends each line with a newline, and leaves out the space before it: white space all the same.
    raw = re.sub(r"\s+", " ", _raw_text(built[lang]))
    assert title in raw
    # The first paragraph, line after line, with a space at each line end (and no space doubled).
    paragraph = next(element for element in tree.find("P") if element.text.startswith(("On", "Më")))
    assert "  " not in paragraph.text
    if lang == "en":
        assert paragraph.text.startswith(
            "On 20 June 2023 the Albanian State Police searched the compound of the People's"
            " Mojahedin Organization of Iran (MEK) outside Tirana, acting on an order of the Special Court Against"
            " Corruption and Organised Crime"
        )


@pytest.mark.parametrize("lang", ["en", "sq"])
def test_a_chronology_label_reads_its_number_then_its_date(built: dict[str, Path], lang: str) -> None:
    """The number (drawn in a badge) and the date are two words: "1 1985", never "11985"."""
    chronology = next(
        section.find("L")[0] for section in structure(built[lang], exact=True).kids if section.find("Figure")
    )
    labels = [item.kids[0].text for item in chronology.kids]
    assert labels[:2] == ["1 1985", "2 1992"]
    assert labels[2] == ("3 the 2000s" if lang == "en" else "3 vitet 2000")


def test_the_bilingual_questions_read_as_two_sentences(built: dict[str, Path]) -> None:
    questions = [element.text for element in structure(built["en+sq"], exact=True).find("H3")]
    assert questions[0] == "Why did the police enter the compound? Pse hyri policia në kamp?"
    assert questions[2] == "What caused the death? Çfarë e shkaktoi vdekjen?"


def _fonts(pdf: pikepdf.Pdf) -> list[Dictionary]:
    """Every font the pages use, once."""
    fonts = {font.objgen: font for page in pdf.pages for font in page.Resources.Font.values()}
    return [font for font in fonts.values() if isinstance(font, Dictionary)]


def _glyph_characters(font: Dictionary) -> dict[int, set[str]]:
    """Glyph id -> the characters the embedded font's own cmap gives it (Identity: code = glyph id)."""
    import io

    from fontTools.ttLib import TTFont

    program = TTFont(io.BytesIO(font.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes()))
    found: dict[int, set[str]] = {}
    for code_point, name in program.getBestCmap().items():
        found.setdefault(program.getGlyphID(name), set()).add(chr(code_point))
    return found


@pytest.mark.parametrize("lang", ["en", "sq", "en+sq"])
def test_each_glyph_maps_to_its_own_character(built: dict[str, Path], lang: str) -> None:
    """What a glyph reads as is the character it draws: "…" is "…", never the hidden end of a cut text."""
    with pikepdf.open(built[lang]) as pdf:
        for font in _fonts(pdf):
            own = _glyph_characters(font)
            for code, text in FontDecoder(font).map.items():
                if code in own and text != "\u00ad":  # the line-break hyphen (above)
                    folded = unicodedata.normalize("NFKC", text)  # a ligature's glyph reads as its letters
                    assert folded in {unicodedata.normalize("NFKC", c) for c in own[code]}, (font.BaseFont, code, text)
    timeline = structure(built[lang], exact=True).find("Figure")[0].text
    assert timeline.count("…") == 9  # each label cut short in the timeline
    assert "anës" not in timeline and "Tir" not in timeline


def test_a_glyph_mapped_to_hidden_text_gets_its_own_character_back(built: dict[str, Path]) -> None:
    """WeasyPrint maps a glyph to the first text it drew it for: an ellipsis of `text-overflow` to the text it hid."""
    with pikepdf.open(built["en+sq"]) as pdf:
        font = next(font for font in _fonts(pdf) if "…" in FontDecoder(font).map.values())
        mapping = FontDecoder(font).map
        ellipsis = next(code for code, text in mapping.items() if text == "…")
        font.ToUnicode = pdf.make_stream(_to_unicode_cmap({**mapping, ellipsis: "anës"}))  # as issue 25 found it
        assert FontDecoder(font).map[ellipsis] == "anës"
        mend_to_unicode(pdf, soft_hyphens=True)  # as the build did: the example has no U+2010 of its own
        mended = FontDecoder(font).map
    assert mended[ellipsis] == "…"
    assert {code: text for code, text in mended.items() if code != ellipsis} == {
        code: text for code, text in mapping.items() if code != ellipsis
    }


@dataclass
class Cell:
    kind: str  # TH or TD
    text: str  # a TH's /ActualText (it has no content), a TD's text
    lang: str | None
    scope: str | None
    headers: list[str]  # the /ActualText of each TH the cell's /Headers name


def _tables(path: Path) -> list[list[list[Cell]]]:
    """Each Table of the tree as its rows of cells, its header row first."""
    with pikepdf.open(path) as pdf:
        by_id = {str(element.ID): element for element, _ in elements(pdf) if "/ID" in element}
        id_tree = pdf.Root.StructTreeRoot.get("/IDTree")
        names = list(id_tree.Names) if id_tree is not None else []
        assert {str(key): value.objgen for key, value in zip(names[::2], names[1::2], strict=True)} == {
            key: value.objgen for key, value in by_id.items()
        }
        decoders = FontDecoders()
        pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        page_texts = [
            marked_texts(PageContent(page, pikepdf.parse_content_stream(page), decoders)) for page in pdf.pages
        ]

        def text_of(element: Dictionary) -> str:
            parts = []
            raw = element.get("/K", pikepdf.Array())
            for kid in raw if isinstance(raw, pikepdf.Array) else [raw]:
                if isinstance(kid, int):
                    parts.append(page_texts[pages[element.Pg.objgen]].get(kid, ""))
                elif isinstance(kid, Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
                    parts.append(page_texts[pages[kid.Pg.objgen]].get(int(kid.MCID), ""))
                elif isinstance(kid, Dictionary) and "/S" in kid:
                    parts.append(text_of(kid))
            return re.sub(r"\s+", " ", " ".join(parts)).strip()

        def cell(element: Dictionary) -> Cell:
            attributes = element.get("/A", Dictionary())
            headers = [str(by_id[str(name)].ActualText) for name in attributes.get("/Headers", [])]
            if str(element.S) == "/TH":
                assert "/K" not in element  # nothing drawn: the header row never is
                text = str(element.ActualText)
            else:
                text = text_of(element)
            scope = str(attributes.Scope)[1:] if "/Scope" in attributes else None
            return Cell(str(element.S)[1:], text, str(element.Lang) if "/Lang" in element else None, scope, headers)

        tables = []
        for table, _ in elements(pdf):
            if str(table.S) != "/Table":
                continue
            rows = [row for row, _ in elements(pdf) if str(row.S) == "/TR" and _in(row, table)]
            tables.append([[cell(kid) for kid in row.K if isinstance(kid, Dictionary)] for row in rows])
        return tables


def _in(element: Dictionary, ancestor: Dictionary) -> bool:
    parent = element.get("/P")
    while isinstance(parent, Dictionary):
        if parent.objgen == ancestor.objgen:
            return True
        parent = parent.get("/P")
    return False


def test_each_bilingual_table_names_its_columns_languages(built: dict[str, Path]) -> None:
    """Each cell is announced with its column's language: a TH per language, Scope Column, named in itself.

    Tied to WeasyPrint 70 (docs/architecture.md): it tags nothing for the template's `display: none`
    header row (a TH with content would be a drawn one), and the tree has one Table per HTML `table`
    once the finishing pass has joined what page breaks split (ten here, as the template writes them).
    """
    tables = _tables(built["en+sq"])
    # The masthead, the summary, key facts, key figures, chronology, actors, three questions, sources.
    assert len(tables) == 10
    for number, rows in enumerate(tables):
        head, *body = rows
        labelled = number in (4, 9)  # the chronology's and the sources' numbers stand in a column of their own
        assert [(cell.kind, cell.text, cell.lang, cell.scope) for cell in head] == [
            *([("TD", "", None, None)] if labelled else []),
            ("TH", "English", None, "Column"),
            ("TH", "Shqip", "sq", "Column"),
        ]
        for row in body:
            cells = [(cell.headers, cell.lang) for cell in row]
            if labelled:
                assert row[0].headers == [] and re.fullmatch(r"(\[\d+\]|\d+)?", row[0].text), row[0]
                cells = cells[1:]
            # Side by side, each language under its own header; a cell across both columns under both.
            assert cells in (
                [(["English"], None), (["Shqip"], "sq")],
                [(["English"], None), (["Shqip"], None)],  # the row is in Albanian, or the English cell empty
                [(["English", "Shqip"], None)],
            ), row
    chronology = tables[4]
    assert [cell.text for cell in chronology[1]][:1] == ["1"]
    assert all(cell.kind == "TD" for rows in tables for row in rows[1:] for cell in row)


def test_a_bilingual_edition_first_in_albanian_names_albanian_first(every_kind: dict[str, Path]) -> None:
    tables = _tables(every_kind["sq+en"])
    assert tables
    for rows in tables:
        head = [(cell.text, cell.lang) for cell in rows[0] if cell.kind == "TH"]
        assert head == [("Shqip", None), ("English", "en")]  # the document's language is Albanian
        assert any([cell.headers for cell in row if cell.headers] == [["Shqip"], ["English"]] for row in rows[1:])


def test_the_hidden_header_row_is_neither_drawn_nor_read_as_page_text(built: dict[str, Path]) -> None:
    text = flat(pdf_text(built["en+sq"]))
    assert "English Shqip" not in text and "Shqip" not in text.split()
    for element in _all(structure(built["en+sq"])):
        assert element.kind == "TH" or element.text != "Shqip"  # no language run matched to other text


@pytest.mark.parametrize("lang", ["en", "sq"])
def test_an_edition_of_one_language_has_no_tables_nor_ids(built: dict[str, Path], lang: str) -> None:
    with pikepdf.open(built[lang]) as pdf:
        assert not [element for element, _ in elements(pdf) if str(element.S) in ("/Table", "/TH", "/TD")]
        assert "/IDTree" not in pdf.Root.StructTreeRoot


def test_the_markup_reader_takes_a_hidden_header_row_apart_from_the_text() -> None:
    facts = read_markup(
        '<html lang="en"><body><table><thead hidden style="display: none"><tr><td></td>'
        '<th scope="col">English</th><th scope="col" lang="sq">Shqip</th></tr></thead>'
        '<tbody><tr><td>1</td><td>Raid</td><td lang="sq">Bastisje</td></tr></tbody></table>'
        "<table><tbody><tr><td>no header</td></tr></tbody></table></body></html>"
    )
    assert facts.table_headers == [
        [HeaderCell(False, "", "en"), HeaderCell(True, "English", "en"), HeaderCell(True, "Shqip", "sq")],
        [],
    ]
    assert facts.runs == [LanguageRun("sq", "Bastisje")]
    assert "english" not in facts.text and "shqip" not in facts.text
