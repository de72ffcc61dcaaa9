"""The Matterhorn checks of tests/matterhorn.py: every edition passes them, and each one fails on its defect.

Each defect is made by hand with pikepdf in a copy of a real edition, so a
check that stopped looking would be caught here, not trusted silently.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String

from tests import matterhorn
from tests.matterhorn import elements

Mutation = Callable[[pikepdf.Pdf], None]


@pytest.mark.parametrize("briefing", ["example", "every-kind"])
@pytest.mark.parametrize("lang", ["en", "sq", "en+sq"])
def test_every_edition_meets_every_check(
    built: dict[str, Path], every_kind: dict[str, Path], briefing: str, lang: str
) -> None:
    path = (built if briefing == "example" else every_kind)[lang]
    assert matterhorn.failures(path) == []


def test_a_plain_pdf_fails_at_once(plain_english: Path) -> None:
    failures = matterhorn.failures(plain_english)
    assert "01-001: no structure tree (StructTreeRoot)" in failures
    assert any(failure.startswith("01-005: page 1:") for failure in failures)


def _first(pdf: pikepdf.Pdf, kind: str) -> Dictionary:
    return next(element for element, _ in elements(pdf) if str(element.S) == "/" + kind)


def _prepend_content(pdf: pikepdf.Pdf, content: bytes) -> None:
    page = pdf.pages[0]
    page.Contents.write(content + b"\n" + page.Contents.read_bytes())


def _set_xmp(pdf: pikepdf.Pdf, old: str, new: str) -> None:
    xmp = pdf.Root.Metadata.read_bytes().decode()
    assert old in xmp
    pdf.Root.Metadata.write(xmp.replace(old, new).encode())


def _drop_header(pdf: pikepdf.Pdf) -> None:
    document = _first(pdf, "Document")
    document.K = Array(list(document.K)[1:])  # the masthead's content is left with no element


def _li_into_div(pdf: pikepdf.Pdf) -> None:
    _first(pdf, "L").S = Name.Div


def _lbl_into_p(pdf: pikepdf.Pdf) -> None:
    _first(pdf, "Lbl").S = Name.P


def _h2_into_h4(pdf: pikepdf.Pdf) -> None:
    _first(pdf, "H2").S = Name("/H4")


def _h1_into_h2(pdf: pikepdf.Pdf) -> None:
    _first(pdf, "H1").S = Name("/H2")


def _second_h1(pdf: pikepdf.Pdf) -> None:
    for element, _ in elements(pdf):
        if element.S == Name.H2:
            element.S = Name.H1


def _first_link(pdf: pikepdf.Pdf) -> Dictionary:
    return next(
        annotation
        for page in pdf.pages
        for annotation in page.obj.get("/Annots", Array())
        if isinstance(annotation, Dictionary) and annotation.Subtype == Name.Link
    )


def _link_described_by_target(pdf: pikepdf.Pdf) -> None:
    link = _first_link(pdf)
    link.Contents = String(str(link.Dest))


def _first_font(pdf: pikepdf.Pdf) -> Dictionary:
    font = next(iter(pdf.pages[0].Resources.Font.values()))
    assert isinstance(font, Dictionary)
    return font


def _font_not_embedded(pdf: pikepdf.Pdf) -> None:
    descriptor = _first_font(pdf).DescendantFonts[0].FontDescriptor
    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
        if key in descriptor:
            del descriptor[key]


def _first_attachment(pdf: pikepdf.Pdf) -> Dictionary:
    return next(iter(pdf.attachments.values())).obj


def _attachment_not_associated(pdf: pikepdf.Pdf) -> None:
    del pdf.Root.AF


DEFECTS: dict[str, tuple[str, Mutation, str]] = {
    # name: (which briefing, how to break it, the start of the failure it must give)
    "no structure tree": ("example", lambda pdf: pdf.Root.__delitem__("/StructTreeRoot"), "01-001"),
    "suspects": ("example", lambda pdf: pdf.Root.MarkInfo.__setitem__("/Suspects", True), "01-002"),
    "untagged painting": ("example", lambda pdf: _prepend_content(pdf, b"0 0 1 1 re f"), "01-005: page 1: 'f'"),
    "content left out of the tree": ("example", _drop_header, "01-005: page 1: MCID"),
    "artifact in tagged content": (
        "example",
        lambda pdf: _prepend_content(pdf, b"/P <</MCID 0>> BDC /Artifact BMC EMC EMC"),
        "01-003",
    ),
    "tagged content in an artifact": (
        "example",
        lambda pdf: _prepend_content(pdf, b"/Artifact BMC /P <</MCID 0>> BDC EMC EMC"),
        "01-004",
    ),
    "non-standard type": ("example", lambda pdf: _first(pdf, "P").__setitem__("/S", Name("/Paragraph")), "02-001"),
    "list item outside a list": ("example", _li_into_div, "09-005: LI inside Div"),
    "list item holding a paragraph": ("example", _lbl_into_p, "09-005: LI holds P"),
    "table cell outside a row": (
        "example",
        lambda pdf: _first(pdf, "P").__setitem__("/S", Name.TD),
        "09-004: TD inside",
    ),
    "first heading not H1": ("example", _h1_into_h2, "14-002"),
    "heading level skipped": ("example", _h2_into_h4, "14-003: H1 is followed by H4"),
    "two H1": ("example", _second_h1, "one H1 per document"),
    "figure without alt": ("every-kind", lambda pdf: _first(pdf, "Figure").__delitem__("/Alt"), "13-004"),
    "no document language": ("example", lambda pdf: pdf.Root.__delitem__("/Lang"), "11-006"),
    "malformed language": ("example", lambda pdf: _first(pdf, "P").__setitem__("/Lang", String("en_GB")), "11: P"),
    "no metadata": ("example", lambda pdf: pdf.Root.__delitem__("/Metadata"), "06-001"),
    "no PDF/UA identifier": (
        "example",
        lambda pdf: _set_xmp(pdf, "<pdfuaid:part>1</pdfuaid:part>", ""),
        "06-002",
    ),
    "no dc:title": ("example", lambda pdf: _set_xmp(pdf, "<dc:title>", "<dc:subject>"), "06-003"),
    "no DisplayDocTitle": ("example", lambda pdf: pdf.Root.__delitem__("/ViewerPreferences"), "07-001"),
    "DisplayDocTitle false": (
        "example",
        lambda pdf: pdf.Root.ViewerPreferences.__setitem__("/DisplayDocTitle", False),
        "07-002",
    ),
    "link without description": ("example", lambda pdf: _first_link(pdf).__delitem__("/Contents"), "28-004"),
    "link described by its anchor": ("example", _link_described_by_target, "28-004: page 1: a link described by"),
    "annotations without tab order": ("example", lambda pdf: pdf.pages[0].obj.__delitem__("/Tabs"), "28-008"),
    "link outside the tree": ("example", lambda pdf: _first_link(pdf).__delitem__("/StructParent"), "28-011"),
    "embedded file without UF": ("example", lambda pdf: _first_attachment(pdf).__delitem__("/UF"), "21-001"),
    "embedded file without relationship": (
        "example",
        lambda pdf: _first_attachment(pdf).__delitem__("/AFRelationship"),
        "PDF/A-3: embedded file",
    ),
    "embedded file not associated": ("example", _attachment_not_associated, "PDF/A-3: embedded file"),
    "font without ToUnicode": ("example", lambda pdf: _first_font(pdf).__delitem__("/ToUnicode"), "31-027"),
    "font not embedded": ("example", _font_not_embedded, "31-001"),
}


@pytest.mark.parametrize("defect", list(DEFECTS))
def test_each_check_fails_on_its_defect(
    built: dict[str, Path], every_kind: dict[str, Path], tmp_path: Path, defect: str
) -> None:
    briefing, mutate, expected = DEFECTS[defect]
    source = (built if briefing == "example" else every_kind)["en"]
    broken = tmp_path / "broken.pdf"
    with pikepdf.open(source) as pdf:
        mutate(pdf)
        pdf.save(broken)
    failures = matterhorn.failures(broken)
    assert any(failure.startswith(expected) for failure in failures), failures
