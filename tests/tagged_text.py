"""A tagged PDF's text in its logical reading order: what a screen reader reads.

The structure tree is walked with pikepdf (qpdf) from the StructTreeRoot, in
document order; each marked-content reference (a page and an MCID) is given
the text PDFium (pypdfium2) finds in that page's content under that MCID,
text drawn by a form XObject (the timeline's SVG) counted for the MCID
around it. Two readers that share no code with WeasyPrint or with
`briefing/finishing/`.

poppler's `pdfinfo -struct-text` says the same (`test_word.py` checks that
on a small page) but takes seconds a document: it is quadratic in the
marked content of a page.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pypdfium2
import pypdfium2.raw as pdfium

# PDFium reports U+00AD SOFT HYPHEN, which the finishing pass gives the hyphen of a word divided at a
# line end (as ISO 32000-1, 14.8.2.2.3 asks), as U+0002.
_LINE_END_HYPHEN = "\x02"


def tagged_text(path: Path) -> str:
    """The text of every marked-content reference of the structure tree, in the tree's order, space-separated."""
    drawn = _text_by_marked_content(path)
    read: list[str] = []
    with pikepdf.open(path) as pdf:
        page_numbers: dict[tuple[int, int], int] = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}

        def walk(node: object, page: int | None) -> None:
            if isinstance(node, pikepdf.Dictionary) and "/Pg" in node:
                page = page_numbers[node.Pg.objgen]
            if isinstance(node, int):  # an MCID on the page of the element that holds it
                assert page is not None, "an MCID whose element names no page (/Pg)"
                read.extend(drawn.get((page, node), []))
            elif isinstance(node, pikepdf.Array):
                for kid in node:
                    walk(kid, page)
            elif isinstance(node, pikepdf.Dictionary):
                if node.get("/Type") == "/MCR":
                    assert page is not None, "a marked-content reference that names no page (/Pg)"
                    read.extend(drawn.get((page, int(node.MCID)), []))
                elif node.get("/Type") != "/OBJR" and "/K" in node:
                    walk(node.K, page)

        walk(pdf.Root.StructTreeRoot.K, None)
    return " ".join(read)


def _text_by_marked_content(path: Path) -> dict[tuple[int, int], list[str]]:
    """{(page index, MCID): the texts drawn under it, in content order}."""
    document = pypdfium2.PdfDocument(str(path))
    found: dict[tuple[int, int], list[str]] = {}
    try:
        for index in range(len(document)):
            page = document[index]
            text_page = page.get_textpage()
            for number in range(pdfium.FPDFPage_CountObjects(page.raw)):
                drawing = pdfium.FPDFPage_GetObject(page.raw, number)
                mcid = pdfium.FPDFPageObj_GetMarkedContentID(drawing)
                if mcid >= 0:
                    found.setdefault((index, mcid), []).extend(_texts(drawing, text_page.raw))
    finally:
        document.close()
    return found


def _texts(drawing: object, text_page: object) -> Iterator[str]:
    kind = pdfium.FPDFPageObj_GetType(drawing)
    if kind == pdfium.FPDF_PAGEOBJ_TEXT:
        size = pdfium.FPDFTextObj_GetText(drawing, text_page, None, 0)  # bytes of UTF-16, with the final NUL
        buffer = ctypes.create_string_buffer(size)
        pdfium.FPDFTextObj_GetText(drawing, text_page, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), size)
        yield buffer.raw[: size - 2].decode("utf-16-le").replace(_LINE_END_HYPHEN, "-")
    elif kind == pdfium.FPDF_PAGEOBJ_FORM:
        for number in range(pdfium.FPDFFormObj_CountObjects(drawing)):
            yield from _texts(pdfium.FPDFFormObj_GetObject(drawing, number), text_page)
