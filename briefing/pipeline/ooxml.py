"""What the Word edition needs of WordprocessingML that python-docx has no API for.

python-docx (1.2) writes paragraphs, runs, tables, pictures, styles and core
properties through its public API, which `word` uses for all of those. It has
none for: a run's language (`w:lang`), the document's default language,
hyperlinks and bookmarks, a table row repeated at the top of each page
(`w:tblHeader`), a list's own numbering (`w:abstractNum`, `w:num`), page
fields (`PAGE`, `NUMPAGES`), a picture's alternative text (`wp:docPr/@descr`)
and a run's shading. Each is a few elements of ISO/IEC 29500-1 written here,
on the element python-docx keeps for the object, reached through its public
API only: `Run.element`, a style's `element`, and a paragraph's through its
`paragraph_format` (an `ElementProxy` of the `w:p`); a cell and its row are
that of their first paragraph's parents (`w:tc`, `w:tr`), a picture is in
the run that holds it. `tests/test_word.py` names each of these assumptions,
so an upgrade that changes one fails there with its name rather than writing
a broken file.
"""

from __future__ import annotations

from typing import IO, Any

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length
from docx.styles.style import ParagraphStyle
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run


def paragraph_element(paragraph: Paragraph) -> Any:
    """The paragraph's `w:p`: python-docx proxies it in the paragraph's format."""
    return paragraph.paragraph_format.element


def _cell_element(cell: _Cell) -> Any:
    """The cell's `w:tc`: the parent of its paragraphs (a cell has one at least)."""
    return paragraph_element(cell.paragraphs[0]).getparent()


def _row_element(row: _Row) -> Any:
    """The row's `w:tr`: the parent of its cells."""
    return _cell_element(row.cells[0]).getparent()


def _child(parent: Any, tag: str, *, first: bool = False) -> Any:
    """`parent`'s child element `tag`, made (and placed first when `first`) if it has none."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        if first:
            parent.insert(0, found)
        else:
            parent.append(found)
    return found


def set_run_language(run: Run, tag: str) -> None:
    """The language of a run's text (`sq-AL`, `en`): Word spells, hyphenates and reads it aloud in it."""
    run_properties = run.element.get_or_add_rPr()
    language = _child(run_properties, "w:lang")
    language.set(qn("w:val"), tag)


def set_default_language(document: Document, tag: str) -> None:
    """The language of every run that does not say its own: the document's."""
    defaults = _child(document.styles.element, "w:docDefaults", first=True)
    run_defaults = _child(defaults, "w:rPrDefault", first=True)
    run_properties = _child(run_defaults, "w:rPr")
    language = _child(run_properties, "w:lang")
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), tag)


def set_style_language(style: ParagraphStyle, tag: str) -> None:
    """A style's language: a header in English stays English whatever the document's."""
    language = _child(style.element.get_or_add_rPr(), "w:lang")
    language.set(qn("w:val"), tag)


def shade_run(run: Run, fill: str) -> None:
    """A run's background colour (`000000`), as a badge is printed."""
    shading = _child(run.element.get_or_add_rPr(), "w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)


def add_hyperlink(paragraph: Paragraph, *, url: str | None = None, anchor: str | None = None) -> Any:
    """An empty hyperlink at the end of `paragraph`, to `url` or to the bookmark `anchor`; runs go in it."""
    link = OxmlElement("w:hyperlink")
    if url is not None:
        link.set(qn("r:id"), paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
    if anchor is not None:
        link.set(qn("w:anchor"), anchor)
    paragraph_element(paragraph).append(link)
    return link


def run_in(link: Any, paragraph: Paragraph) -> Run:
    """A new run inside `link` (from `add_hyperlink`), as python-docx's own `Run` for its text and style."""
    element = OxmlElement("w:r")
    link.append(element)
    return Run(element, paragraph)


def add_bookmark(paragraph: Paragraph, name: str, identifier: int) -> None:
    """A bookmark `name` around the whole paragraph: what an internal hyperlink's `anchor` goes to."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(identifier))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(identifier))
    element = paragraph_element(paragraph)
    properties = element.find(qn("w:pPr"))
    element.insert(0 if properties is None else 1, start)
    element.append(end)


def repeat_as_header(row: _Row) -> None:
    """Mark a table's row as its header: repeated at the top of every page, read as the columns' names."""
    row_properties = _row_element(row).get_or_add_trPr()
    _child(row_properties, "w:tblHeader").set(qn("w:val"), "true")
    _child(row_properties, "w:cantSplit").set(qn("w:val"), "true")


def keep_row_whole(row: _Row) -> None:
    """A row that never breaks across pages (a bilingual edition's two languages stay side by side)."""
    _child(_row_element(row).get_or_add_trPr(), "w:cantSplit").set(qn("w:val"), "true")


def new_list(document: Document, level_text: str, number_format: str = "decimal") -> int:
    """A numbering of its own (counting from 1), e.g. `%1.` or `[%1]`; its `numId` for `number_paragraph`."""
    numbering = document.part.numbering_part.element
    abstract_ids = [int(each.get(qn("w:abstractNumId"))) for each in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(abstract_ids, default=-1) + 1
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(abstract_id))
    _child(abstract, "w:multiLevelType").set(qn("w:val"), "singleLevel")
    level = _child(abstract, "w:lvl")
    level.set(qn("w:ilvl"), "0")
    _child(level, "w:start").set(qn("w:val"), "1")
    _child(level, "w:numFmt").set(qn("w:val"), number_format)
    _child(level, "w:lvlText").set(qn("w:val"), level_text)
    _child(level, "w:lvlJc").set(qn("w:val"), "left")
    indent = _child(_child(level, "w:pPr"), "w:ind")
    indent.set(qn("w:left"), "567")  # 1 cm, in twentieths of a point
    indent.set(qn("w:hanging"), "567")
    # Every w:abstractNum precedes every w:num (the schema's order).
    nums = numbering.findall(qn("w:num"))
    if nums:
        nums[0].addprevious(abstract)
    else:
        numbering.append(abstract)
    return int(numbering.add_num(abstract_id).numId)


def number_paragraph(paragraph: Paragraph, num_id: int) -> None:
    """Make `paragraph` an item of the list `num_id` (from `new_list`), at its first level."""
    numbering = paragraph_element(paragraph).get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_ilvl().val = 0
    numbering.get_or_add_numId().val = num_id


def add_field(paragraph: Paragraph, instruction: str, shown: str) -> Run:
    """A field (`PAGE`, `NUMPAGES`) that Word and LibreOffice compute; `shown` until they do."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    paragraph_element(paragraph).append(field)
    run = run_in(field, paragraph)
    run.text = shown
    return run


def add_picture(document: Document, image: IO[bytes], width: Length, description: str, name: str) -> None:
    """A picture in a paragraph of its own, with the alternative text a screen reader says for it."""
    run = document.add_paragraph().add_run()
    run.add_picture(image, width=width)
    properties = run.element.find(f".//{qn('wp:docPr')}")
    properties.set("descr", description)
    properties.set("name", name)


def set_style_font(style: ParagraphStyle, family: str) -> None:
    """A style's font for every script, in place of the theme fonts the default template names."""
    fonts = _child(style.element.get_or_add_rPr(), "w:rFonts")
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), family)


def remove_paragraph(paragraph: Paragraph) -> None:
    element = paragraph_element(paragraph)
    element.getparent().remove(element)


def has_language(run: Run) -> bool:
    properties = run.element.rPr
    return properties is not None and properties.find(qn("w:lang")) is not None


def set_unset_languages(cell: _Cell, tag: str) -> None:
    """Every run in a table cell (in links too) that does not say its language: in `tag`'s."""
    for element in _cell_element(cell).iter(qn("w:r")):
        run = Run(element, cell)
        if not has_language(run):
            set_run_language(run, tag)
