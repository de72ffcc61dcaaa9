"""The machine-checkable conditions of the Matterhorn Protocol 1.1 (PDF/UA-1) that our PDFs touch, with pikepdf.

Each `check_*` function reads a PDF and returns what fails, one line each,
naming the Matterhorn checkpoint (01 real content and artifacts, 06
metadata, 07 dictionary, 09 appropriate tags, 11 natural language, 13
graphics, 14 headings, 21 embedded files, 28 annotations, 31 fonts). It is
written from the standard, not from our post-pass: it shares no code with
`briefing/finishing`. `tests/test_matterhorn.py` feeds every check a PDF with
its defect and sees it fail; `conftest.run_cli` runs them all on every
tagged PDF the tests build.

What no program can check (that the reading order is the logical one, that
an alt text says what a picture shows, colour contrast) is in
docs/accessibility.md.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeGuard

import pikepdf
from pikepdf import Array, Dictionary, Name

# ISO 32000-1, 14.8.4: the standard structure types (nothing here is role-mapped).
STANDARD_TYPES = {
    "Document",
    "Part",
    "Art",
    "Sect",
    "Div",
    "BlockQuote",
    "Caption",
    "TOC",
    "TOCI",
    "Index",
    "NonStruct",
    "Private",
    "P",
    "H",
    "H1",
    "H2",
    "H3",
    "H4",
    "H5",
    "H6",
    "L",
    "LI",
    "Lbl",
    "LBody",
    "Table",
    "TR",
    "TH",
    "TD",
    "THead",
    "TBody",
    "TFoot",
    "Span",
    "Quote",
    "Note",
    "Reference",
    "BibEntry",
    "Code",
    "Link",
    "Annot",
    "Ruby",
    "RB",
    "RT",
    "RP",
    "Warichu",
    "WT",
    "WP",
    "Figure",
    "Formula",
    "Form",
}
# Who may hold whom (ISO 32000-1, 14.8.4.3.3 and 14.8.4.3.4; Matterhorn 09-004, 09-005).
ALLOWED_KIDS = {
    "L": {"L", "LI", "Caption"},
    "LI": {"Lbl", "LBody"},
    "Table": {"TR", "THead", "TBody", "TFoot", "Caption"},
    "THead": {"TR"},
    "TBody": {"TR"},
    "TFoot": {"TR"},
    "TR": {"TH", "TD"},
}
ALLOWED_PARENTS = {
    "LI": {"L"},
    "Lbl": {"LI"},
    "LBody": {"LI"},
    "TR": {"Table", "THead", "TBody", "TFoot"},
    "TH": {"TR"},
    "TD": {"TR"},
    "THead": {"Table"},
    "TBody": {"Table"},
    "TFoot": {"Table"},
}
PAINTING = {"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "INLINE IMAGE"}
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")


def _kids(element: pikepdf.Object) -> list[object]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _is_element(value: object) -> TypeGuard[Dictionary]:
    return isinstance(value, Dictionary) and "/S" in value and value.get("/Type", Name.StructElem) == Name.StructElem


def _type(element: Dictionary) -> str:
    return str(element.S)[1:]


def elements(pdf: pikepdf.Pdf) -> Iterator[tuple[Dictionary, Dictionary | None]]:
    """Every structure element reachable from the root, in document order, with its parent element."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    stack: list[tuple[Dictionary, Dictionary | None]] = [
        (kid, None) for kid in reversed(_kids(root)) if _is_element(kid)
    ]
    while stack:
        element, parent = stack.pop()
        yield element, parent
        stack.extend((kid, element) for kid in reversed(_kids(element)) if _is_element(kid))


def check_tagged(pdf: pikepdf.Pdf) -> list[str]:
    """01: a tagged PDF, that does not call itself suspect."""
    failures = []
    if "/StructTreeRoot" not in pdf.Root:
        failures.append("01-001: no structure tree (StructTreeRoot)")
    mark_info = pdf.Root.get("/MarkInfo", Dictionary())
    if mark_info.get("/Marked") is not True:
        failures.append("06-002/01: MarkInfo /Marked is not true")
    if mark_info.get("/Suspects") is True:
        failures.append("01-002: MarkInfo /Suspects is true")
    return failures


def check_content(pdf: pikepdf.Pdf) -> list[str]:
    """01-003, 01-004, 01-005: every painted item is real content reachable from the root, or an artifact."""
    reachable = {element.objgen for element, _ in elements(pdf)}
    parent_tree: dict[int, object] = {}
    root = pdf.Root.get("/StructTreeRoot")
    if root is not None and "/ParentTree" in root:
        nums = root.ParentTree.get("/Nums", Array())
        parent_tree = {int(key): value for key, value in zip(nums[::2], nums[1::2], strict=True)}
    failures = []
    for number, page in enumerate(pdf.pages, start=1):
        mcids: Array | object = parent_tree.get(int(page.obj.get("/StructParents", -1)))
        stack: list[str] = []  # "artifact", "mcid" or "other" per open marked-content sequence
        for instruction in pikepdf.parse_content_stream(page):
            operator = str(instruction.operator)
            operands = list(instruction.operands)
            if operator in ("BMC", "BDC"):
                tag = str(operands[0]) if operands else ""
                properties = operands[1] if operator == "BDC" and len(operands) > 1 else None
                mcid = properties.get("/MCID") if isinstance(properties, Dictionary) else None
                if tag == "/Artifact":
                    if "mcid" in stack:
                        failures.append(f"01-003: page {number}: an artifact inside tagged content")
                    stack.append("artifact")
                elif mcid is not None:
                    if "artifact" in stack:
                        failures.append(f"01-004: page {number}: tagged content (MCID {mcid}) inside an artifact")
                    owner = mcids[int(mcid)] if isinstance(mcids, Array) and int(mcid) < len(mcids) else None
                    if not isinstance(owner, Dictionary) or owner.objgen not in reachable:
                        failures.append(
                            f"01-005: page {number}: MCID {mcid} belongs to no element reachable from the structure root"
                        )
                    stack.append("mcid")
                else:
                    stack.append("other")
            elif operator == "EMC":
                if stack:
                    stack.pop()
            elif operator in PAINTING and not ({"artifact", "mcid"} & set(stack)):
                failures.append(f"01-005: page {number}: {operator!r} paints content neither tagged nor an artifact")
    return failures


def check_structure_types(pdf: pikepdf.Pdf) -> list[str]:
    """02-001 (no role map here): every structure type is a standard one."""
    return [
        f"02-001: non-standard structure type {_type(element)!r}"
        for element, _ in elements(pdf)
        if _type(element) not in STANDARD_TYPES
    ]


def check_lists_and_tables(pdf: pikepdf.Pdf) -> list[str]:
    """09-004 (tables), 09-005 (lists): parent and child rules."""
    failures = []
    for element, parent in elements(pdf):
        kind = _type(element)
        if kind in ALLOWED_PARENTS and (parent is None or _type(parent) not in ALLOWED_PARENTS[kind]):
            where = _type(parent) if parent is not None else "the root"
            failures.append(f"09-00{5 if kind in ('LI', 'Lbl', 'LBody') else 4}: {kind} inside {where}")
        if kind in ALLOWED_KIDS:
            for kid in _kids(element):
                if not _is_element(kid):
                    failures.append(f"09-00{5 if kind in ('L', 'LI') else 4}: {kind} holds content directly")
                elif _type(kid) not in ALLOWED_KIDS[kind]:
                    failures.append(f"09-00{5 if kind in ('L', 'LI') else 4}: {kind} holds {_type(kid)}")
    return failures


def check_headings(pdf: pikepdf.Pdf) -> list[str]:
    """14-002 (first heading H1), 14-003 (no level skipped going down), and ours: exactly one H1."""
    levels = [int(_type(element)[1]) for element, _ in elements(pdf) if re.fullmatch(r"H[1-6]", _type(element))]
    failures = []
    if levels and levels[0] != 1:
        failures.append(f"14-002: the first heading is H{levels[0]}, not H1")
    for previous, level in itertools.pairwise(levels):
        if level > previous + 1:
            failures.append(f"14-003: H{previous} is followed by H{level}")
    if levels.count(1) != 1:
        failures.append(f"one H1 per document: found {levels.count(1)}")
    return failures


def check_figures(pdf: pikepdf.Pdf) -> list[str]:
    """13-004: every Figure has alternative text."""
    return [
        "13-004: a Figure without Alt or ActualText"
        for element, _ in elements(pdf)
        if _type(element) == "Figure" and not str(element.get("/Alt", element.get("/ActualText", ""))).strip()
    ]


def check_language(pdf: pikepdf.Pdf) -> list[str]:
    """11: the document has a language, and every /Lang is a language tag."""
    failures = []
    language = str(pdf.Root.get("/Lang", ""))
    if not LANGUAGE_TAG.match(language):
        failures.append(f"11-006: the document language (catalog /Lang) is {language!r}")
    for element, _ in elements(pdf):
        if "/Lang" in element and not LANGUAGE_TAG.match(str(element.Lang)):
            failures.append(f"11: {_type(element)} has /Lang {str(element.Lang)!r}")
    return failures


def check_metadata(pdf: pikepdf.Pdf) -> list[str]:
    """06-001, 06-002, 06-003, 07-001, 07-002: XMP with the PDF/UA identifier and a title, shown as the title."""
    failures = []
    if "/Metadata" not in pdf.Root:
        failures.append("06-001: no XMP metadata stream")
    else:
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8", errors="replace")
        if not re.search(r"<pdfuaid:part>1</pdfuaid:part>|pdfuaid:part=[\"']1[\"']", xmp):
            failures.append("06-002: the XMP does not say pdfuaid:part 1")
        title = re.search(r"<dc:title>.*?<rdf:li[^>]*>([^<]*)</rdf:li>", xmp, re.DOTALL)
        if title is None or not title.group(1).strip():
            failures.append("06-003: the XMP has no dc:title")
    display = pdf.Root.get("/ViewerPreferences", Dictionary()).get("/DisplayDocTitle")
    if display is None:
        failures.append("07-001: ViewerPreferences has no DisplayDocTitle")
    elif display is not True:
        failures.append("07-002: DisplayDocTitle is false")
    return failures


def check_annotations(pdf: pikepdf.Pdf) -> list[str]:
    """28-004 (a description), 28-008/28-009 (tab order), 28-011 (a link in a Link element)."""
    root = pdf.Root.get("/StructTreeRoot")
    nums = root.ParentTree.get("/Nums", Array()) if root is not None and "/ParentTree" in root else Array()
    parent_tree = {int(key): value for key, value in zip(nums[::2], nums[1::2], strict=True)}
    reachable = {element.objgen for element, _ in elements(pdf)}
    failures = []
    for number, page in enumerate(pdf.pages, start=1):
        annotations = list(page.obj.get("/Annots", Array()))
        if annotations and page.obj.get("/Tabs") != Name.S:
            failures.append(f"28-008: page {number} has annotations and no /Tabs /S")
        for annotation in annotations:
            if annotation.get("/Subtype") != Name.Link:
                continue
            contents = str(annotation.get("/Contents", "")).strip()
            target = str(annotation.get("/Dest", "")) or str(annotation.get("/A", Dictionary()).get("/URI", ""))
            if not contents:
                failures.append(f"28-004: page {number}: a link without /Contents")
            elif contents == target:
                failures.append(f"28-004: page {number}: a link described by its target only ({target!r})")
            owner = parent_tree.get(int(annotation.get("/StructParent", -1)))
            if not isinstance(owner, Dictionary) or owner.get("/S") != Name.Link or owner.objgen not in reachable:
                failures.append(f"28-011: page {number}: a link annotation not in a Link element of the tree")
            elif not any(
                isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR and kid.Obj.objgen == annotation.objgen
                for kid in _kids(owner)
            ):
                failures.append(f"28-011: page {number}: its Link element does not point back to the annotation")
    return failures


def check_embedded_files(pdf: pikepdf.Pdf) -> list[str]:
    """21-001: embedded files have /F and /UF; PDF/A-3 adds AFRelationship, a MIME type and a date."""
    failures = []
    for name, spec in pdf.attachments.items():
        obj = spec.obj
        if "/F" not in obj or "/UF" not in obj:
            failures.append(f"21-001: embedded file {name!r} lacks /F or /UF")
        if "/AFRelationship" not in obj:
            failures.append(f"PDF/A-3: embedded file {name!r} has no AFRelationship")
        stream = obj.EF.F
        if "/Subtype" not in stream:
            failures.append(f"PDF/A-3: embedded file {name!r} has no MIME type")
        if "/ModDate" not in stream.get("/Params", Dictionary()):
            failures.append(f"PDF/A-3: embedded file {name!r} has no ModDate")
    associated = {spec.objgen for spec in pdf.Root.get("/AF", Array())}
    for name, spec in pdf.attachments.items():
        if spec.obj.objgen not in associated:
            failures.append(f"PDF/A-3: embedded file {name!r} is not an associated file of the document (/AF)")
    return failures


def check_fonts(pdf: pikepdf.Pdf) -> list[str]:
    """31: every font is embedded and maps its glyphs to Unicode."""
    failures = []
    seen = set()
    for page in pdf.pages:
        for name, font in page.Resources.get("/Font", Dictionary()).items():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor", Dictionary())
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                failures.append(f"31-001: font {name} ({font.get('/BaseFont')}) is not embedded")
            if "/ToUnicode" not in font:
                failures.append(f"31-027: font {name} ({font.get('/BaseFont')}) has no ToUnicode map")
    return failures


CHECKS: list[Callable[[pikepdf.Pdf], list[str]]] = [
    check_tagged,
    check_content,
    check_structure_types,
    check_lists_and_tables,
    check_headings,
    check_figures,
    check_language,
    check_metadata,
    check_annotations,
    check_embedded_files,
    check_fonts,
]


def failures(path: Path) -> list[str]:
    """Every failed condition of the PDF at `path`."""
    with pikepdf.open(path) as pdf:
        return [failure for check in CHECKS for failure in check(pdf)]
