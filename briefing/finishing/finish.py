"""The post-pass over WeasyPrint's PDF (pikepdf): PDF/UA-1 and PDF/A-3a in one file, and the source attached.

The print stage (`pipeline/pdf.py`) renders with WeasyPrint's `pdf/a-3a`
variant, which tags the document. This module finishes what that leaves
short of PDF/UA-1, without touching WeasyPrint's private functions: it reads
the PDF WeasyPrint wrote and the HTML it was written from, and rewrites the
PDF. Each step works around one upstream gap of WeasyPrint 70:

* One `pdf_variant` at a time (Kozea/WeasyPrint#2783): PDF/UA-1 is declared
  here, `pdfuaid:part=1` in a new XMP packet, with the `pdfaExtension` schema
  PDF/A requires for a namespace it does not predefine.
* The XMP stream is Flate-compressed, which PDF/A-2 and -3 forbid for
  metadata streams (ISO 19005-3, 6.6.2.1): the packet written here is not.
* Page-margin boxes (running header, TLP label, page footer) are marked
  content whose structure elements are left out of the tree
  (Kozea/WeasyPrint#1836): they become `/Artifact <</Type /Pagination>>`
  and leave the ParentTree.
* The tree is built page by page, so a section or a list that runs over a
  page break becomes two elements, the second without its heading: such
  continuations (same type, on the next page, not opening with a heading)
  are merged back. List items are kept whole by the stylesheet
  (`break-inside: avoid`), so merging stops at the list.
* Every list item is `LI > LBody` (a `li` with no bullet): the element each
  item of the template starts with (status, date, name, number) becomes its
  `Lbl`.
* No `/Lang` on structure elements: the HTML's `lang` attributes are carried
  over to the elements whose text is the text of that HTML element, or to
  the elements of its lines when it is broken over lines (and not to those
  already in its language: a bilingual edition shows the same name in both
  columns).
* A link annotation's `/Contents` is its target (an anchor id, a URL): it
  becomes the link's `aria-label` from the template ("Go to source 1: ...").
* An image's resource name is the MD5 of its URL, so the same logo read from
  another folder gives another file: images are renamed after their content,
  so a briefing rebuilt from the copy it carries gives the same bytes.
* The text as read (`finishing.text`): a glyph maps to the first text it
  was drawn for (an ellipsis to the text `text-overflow` hid), a line-break
  hyphen to U+2010, and a line ends without the space it broke at: each
  glyph gets the embedded font's own character, the hyphen U+00AD, and a
  line end between two words a space glyph.
* Attachments: WeasyPrint guesses their MIME type from the machine's
  mime.types and dates them now; here they are typed explicitly and dated
  from the briefing, so builds stay reproducible.

The same inputs give the same bytes: nothing here reads the clock or a
random source, and the /ID comes from the content (qpdf's deterministic id).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zlib
from collections import defaultdict, deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TypeGuard
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from briefing.finishing.content import FontDecoders, PageContent, marked_texts
from briefing.finishing.markup import HeaderCell, LanguageRun, read_markup
from briefing.finishing.text import HYPHEN, mend_to_unicode, space_line_ends

# WeasyPrint names an image resource `i<md5 of its URL><interpolate flag>`.
_IMAGE_NAME = re.compile(r"^/i[0-9a-f]{32}[01]$")
_PT_PER_PX = 0.75  # CSS: 96 px to the inch, 72 pt
_HEADINGS = {f"/H{level}" for level in range(1, 7)} | {"/H"}
# Structure types a page break can split in two, in the layouts of our template.
_SPLITTABLE = {"/Sect", "/L", "/Div", "/Part", "/Art", "/BlockQuote", "/NonStruct", "/Table", "/TBody"}


@dataclass(frozen=True)
class Attachment:
    """A file an edition carries: `relationship` is its PDF 2.0 / PDF/A-3 AFRelationship (Source, Supplement)."""

    filename: str
    data: bytes
    mime_type: str
    description: str
    relationship: str


@dataclass(frozen=True)
class Finishing:
    """What the post-pass needs: whether the PDF is tagged, the HTML it came from, what it carries."""

    accessible: bool
    html: str
    attachments: Sequence[Attachment] = ()
    date: dt.date | None = None  # the attachments' date: the briefing's, never the clock's


def finish_pdf(data: bytes, finishing: Finishing) -> bytes:
    """WeasyPrint's PDF, finished; unchanged when it is neither tagged nor carries anything."""
    if not finishing.accessible and not finishing.attachments:
        return data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = _StructTree(pdf) if finishing.accessible else None
        facts = read_markup(finishing.html) if tree is not None else None
        if facts is not None:
            # Before any text is read: the maps are what every reader of the text goes by.
            mend_to_unicode(pdf, soft_hyphens=HYPHEN not in finishing.html)
        # Text is read back only to place the languages of other-language runs: most editions have none.
        texts = _rewrite_pages(
            pdf, tree, read_texts=facts is not None and bool(facts.runs), html_text=facts.text if facts else None
        )
        if tree is not None and facts is not None:
            tree.drop_orphans()
            tree.merge_continuations()
            tree.label_list_items()
            tree.figure_boxes_in_points()
            tree.set_figure_languages(facts.figure_languages)
            tree.join_wrapped_links()
            tree.set_languages(facts.runs, texts)
            tree.head_tables(facts.table_headers)
            _describe_links(pdf, facts.link_descriptions)
            _write_xmp(pdf, facts.languages)
        _attach(pdf, finishing.attachments, finishing.date)
        output = io.BytesIO()
        # The tags cost half again the plain PDF's size: every stream, WeasyPrint's fonts
        # included, is compressed at zlib's best (about 2% smaller for ~10 ms). The level
        # is a process-wide qpdf setting; this is the only module that writes PDFs with it.
        pikepdf.settings.set_flate_compression_level(9)
        pdf.save(
            output,
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            compress_streams=True,
            recompress_flate=True,
            fix_metadata_version=False,
        )
    data = output.getvalue()
    return data if _CR_BEFORE_ENDSTREAM not in data else _no_cr_before_endstream(data)


# Stream data that ends in a CR, followed by qpdf's LF before `endstream`, reads as
# data ending at a CRLF end-of-line: PDF/A (ISO 19005, 6.1.7) then finds its /Length
# one byte long. A Flate stream's last byte is its Adler-32, so about one stream in 256
# ends so, whatever the compression level.
_CR_BEFORE_ENDSTREAM = b"\r\nendstream"


def _no_cr_before_endstream(data: bytes) -> bytes:
    """The PDF with no stream data ending in a CR.

    A stream of ours that does is compressed again behind a predictor. An
    object stream is qpdf's own, made as it saves: its data changes with the numbers
    of the objects in it, so the catalog's page labels (decimal from 1, the numbering
    every viewer shows anyway) are stated as an object of their own, which numbers
    every object after it one higher; then the mark info too. As a last resort the
    objects are written out of object streams.
    """
    for attempt in range(4):
        with pikepdf.open(io.BytesIO(data)) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Stream) and obj.read_raw_bytes().endswith(b"\r"):
                    _recompress_with_a_predictor(obj)
            if attempt >= 1 and "/PageLabels" not in pdf.Root:
                labels = Dictionary(Nums=Array([0, Dictionary(S=Name.D)]))
                pdf.Root.PageLabels = pdf.make_indirect(labels)
            if attempt >= 2 and "/MarkInfo" in pdf.Root and not pdf.Root.MarkInfo.is_indirect:
                pdf.Root.MarkInfo = pdf.make_indirect(pdf.Root.MarkInfo)
            output = io.BytesIO()
            pdf.save(
                output,
                deterministic_id=True,
                object_stream_mode=(
                    pikepdf.ObjectStreamMode.disable if attempt == 3 else pikepdf.ObjectStreamMode.generate
                ),
                compress_streams=True,  # the object streams; a stream already filtered stays as it is
                recompress_flate=False,
                fix_metadata_version=False,
            )
        if _CR_BEFORE_ENDSTREAM not in output.getvalue():
            break
    return output.getvalue()


def _recompress_with_a_predictor(stream: pikepdf.Stream) -> None:
    """Flate-compress a stream's data again behind a one-row PNG "Up" predictor.

    The Adler-32 that ends Flate data is of the bytes before compression; the
    predictor puts a byte (2, "Up") before them, which moves the checksum, and
    with one row and nothing above it gives back exactly the same data. qpdf
    leaves a Flate stream with a predictor as it is, where it would undo a
    second filter.
    """
    if stream.get("/Filter") != Name.FlateDecode:
        return  # DCT (JPEG) data ends in FF D9; other filters are not ours
    data = stream.read_bytes()
    if not data:
        return
    stream.write(
        zlib.compress(b"\x02" + data, 9),
        filter=Name.FlateDecode,
        decode_parms=Dictionary(Predictor=12, Colors=1, BitsPerComponent=8, Columns=len(data)),
    )


def _kids(element: pikepdf.Object) -> list[object]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _is_element(value: object) -> TypeGuard[Dictionary]:
    return isinstance(value, Dictionary) and value.get("/Type", Name.StructElem) == Name.StructElem and "/S" in value


def _normalized(text: str) -> str:
    """Text as matched between HTML and PDF: letters and digits only (hyphenation and spacing differ)."""
    return "".join(character for character in text.casefold() if character.isalnum())


class _StructTree:
    """WeasyPrint's structure tree: one /Document element, a flat ParentTree."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.root = pdf.Root.StructTreeRoot
        document = _kids(self.root)[0]
        assert _is_element(document), "WeasyPrint's tree has one /Document element"
        self.document = document
        self.page_index = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        self.nums = self.root.ParentTree.Nums
        self.reachable = {element.objgen for element in self.elements()}
        self.orphans: dict[int, set[int]] = defaultdict(set)
        for key, value in zip(self.nums[::2], self.nums[1::2], strict=True):
            if int(key) < len(pdf.pages) and isinstance(value, Array):
                for mcid, element in enumerate(value):
                    if isinstance(element, Dictionary) and element.objgen not in self.reachable:
                        self.orphans[int(key)].add(mcid)

    def elements(self, start: Dictionary | None = None) -> Iterator[Dictionary]:
        """Every structure element under `start` (default: the whole tree), in document order."""
        stack = [start] if start is not None else [kid for kid in reversed(_kids(self.root)) if _is_element(kid)]
        while stack:
            element = stack.pop()
            yield element
            stack.extend(kid for kid in reversed(_kids(element)) if _is_element(kid))

    def orphan_mcids(self, page: pikepdf.Page) -> set[int]:
        return self.orphans.get(int(page.obj.get("/StructParents", -1)), set())

    def drop_orphans(self) -> None:
        """Marked content that became artifacts leaves the ParentTree (its elements with it)."""
        for key, value in zip(self.nums[::2], self.nums[1::2], strict=True):
            for mcid in self.orphans.get(int(key), ()):
                value[mcid] = None

    def merge_continuations(self) -> None:
        """Join back what a page break split: a headingless element of the same type on the next page."""
        kids = _kids(self.document)
        merged = kids[:1]
        for kid in kids[1:]:
            previous = merged[-1]
            if _is_element(previous) and _is_element(kid) and self._continues(previous, kid):
                self._merge(previous, kid)
            else:
                merged.append(kid)
        self.document.K = Array(merged)

    def _continues(self, previous: Dictionary, current: Dictionary) -> bool:
        if previous.S != current.S or str(current.S) not in _SPLITTABLE:
            return False
        if current.get("/Pg") is None or previous.get("/Pg") is None or current.Pg.objgen == previous.Pg.objgen:
            return False
        first = next(iter(_kids(current)), None)
        return not (_is_element(first) and str(first.S) in _HEADINGS)

    def _merge(self, previous: Dictionary, current: Dictionary) -> None:
        kids = _kids(current)
        target = _kids(previous)
        last, first = (target[-1], kids[0]) if kids and target else (None, None)
        if str(previous.S) != "/L" and _is_element(last) and _is_element(first) and self._continues(last, first):
            self._merge(last, first)
            kids = kids[1:]
        for kid in kids:
            if isinstance(kid, int):  # marked content of the other page: a reference that names its page
                kid = self.pdf.make_indirect(Dictionary(Type=Name.MCR, Pg=current.Pg, MCID=kid))
            elif isinstance(kid, Dictionary) and _is_element(kid):
                kid.P = previous
            target.append(kid)
        previous.K = Array(target)

    def join_wrapped_links(self) -> None:
        """A link wrapped over lines is one Link element with each line's rectangle (ISO 32000-1, 14.8.4.4.2).

        WeasyPrint 70 makes one Link element, and one annotation, per line box of
        the link, each in its line's own element: a screen reader announced
        "People's Mojahedin Organization of Iran (MEK)" as two links. A Link whose
        next Link goes to the same target, with nothing between them (adjacent in
        one parent, or the last of its line and the first of the next), takes that
        one's marked content and annotation; the ParentTree names it for both, and
        a line element left empty goes.
        """
        slots = {int(key): value for key, value in zip(self.nums[::2], self.nums[1::2], strict=True)}
        links = [element for element in self.elements() if element.get("/S") == Name.Link]
        kept = links[:1]
        for link in links[1:]:
            previous = kept[-1]
            if self._same_link(previous, link) and self._adjacent(previous, link):
                self._take_link(previous, link, slots)
                self._drop(link)
            else:
                kept.append(link)

    @staticmethod
    def _adjacent(first: Dictionary, second: Dictionary) -> bool:
        """Nothing lies between the two elements: siblings side by side, or the last and first of sibling lines."""

        def position(element: Dictionary) -> tuple[Dictionary, int]:
            parent = element.P
            assert isinstance(parent, Dictionary)
            kids = _kids(parent)
            return parent, next(i for i, kid in enumerate(kids) if _is_element(kid) and kid.objgen == element.objgen)

        first_parent, first_index = position(first)
        second_parent, second_index = position(second)
        if first_parent.objgen == second_parent.objgen:
            return second_index == first_index + 1
        if first_index != len(_kids(first_parent)) - 1 or second_index != 0 or "/P" not in first_parent:
            return False
        if "/P" not in second_parent or first_parent.P.objgen != second_parent.P.objgen:
            return False
        _, line = position(first_parent)
        _, next_line = position(second_parent)
        return next_line == line + 1

    @staticmethod
    def _drop(element: Dictionary) -> None:
        """Take an element out of its parent, and the parent out of its own if that leaves it empty."""
        parent = element.P
        assert isinstance(parent, Dictionary)
        kids = [kid for kid in _kids(parent) if not (_is_element(kid) and kid.objgen == element.objgen)]
        parent.K = Array(kids)
        if not kids and "/P" in parent and _is_element(parent.P):
            _StructTree._drop(parent)

    @staticmethod
    def _link_target(element: Dictionary) -> str | None:
        annotations = [
            kid.Obj for kid in _kids(element) if isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR
        ]
        if element.get("/S") != Name.Link or not annotations:
            return None
        first = annotations[0]
        target = first.get("/Dest") if "/Dest" in first else first.A.get("/URI") if "/A" in first else None
        return None if target is None else f"{target}|{first.get('/Contents', '')}"

    def _same_link(self, previous: Dictionary, current: Dictionary) -> bool:
        target = self._link_target(current)
        return target is not None and target == self._link_target(previous)

    def _take_link(self, previous: Dictionary, current: Dictionary, slots: dict[int, pikepdf.Object]) -> None:
        """`current`'s marked content and annotations move into `previous`, and the ParentTree follows."""
        target = _kids(previous)
        for kid in _kids(current):
            if isinstance(kid, int):
                page = current.Pg
                if previous.Pg.objgen != page.objgen:  # the link's second line is on the next page
                    kid = self.pdf.make_indirect(Dictionary(Type=Name.MCR, Pg=page, MCID=kid))
                    mcid = int(kid.MCID)
                else:
                    mcid = kid
                owners = slots.get(int(page.get("/StructParents", -1)))
                if isinstance(owners, Array) and mcid < len(owners):
                    owners[mcid] = previous
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR:
                key = kid.Obj.get("/StructParent")
                if key is not None and int(key) in slots:
                    self._set_slot(int(key), previous)
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                owners = slots.get(int(kid.Pg.get("/StructParents", -1)))
                if isinstance(owners, Array) and int(kid.MCID) < len(owners):
                    owners[int(kid.MCID)] = previous
            target.append(kid)
        previous.K = Array(target)

    def _set_slot(self, key: int, element: Dictionary) -> None:
        for index in range(0, len(self.nums), 2):
            if int(self.nums[index]) == key:
                self.nums[index + 1] = element
                return

    def set_figure_languages(self, languages: dict[str, str]) -> None:
        """A Figure described in another language than the document's says so (/Lang), found by its /Alt."""
        for element in self.elements():
            if element.get("/S") == Name.Figure and (language := languages.get(str(element.get("/Alt", "")))):
                element.Lang = String(language)

    def figure_boxes_in_points(self) -> None:
        """Each Figure's /BBox in its page's coordinates, in points (ISO 32000-1, 14.8.5.4.3).

        WeasyPrint 70 writes it as its layout has it, in CSS pixels from the top-left
        corner of the page (weasyprint/pdf/tags.py), so a figure low on a page had a
        box below the page. A CSS pixel is 0.75 pt; the page's y axis points up.
        """
        for element in self.elements():
            attributes = element.get("/A")
            if element.get("/S") != Name.Figure or "/Pg" not in element or not isinstance(attributes, Dictionary):
                continue
            if not isinstance(box := attributes.get("/BBox"), Array) or len(box) != 4:
                continue
            left, _bottom, _right, top = (float(value) for value in pikepdf.Page(element.Pg).mediabox)
            x1, y1, x2, y2 = (float(value) * _PT_PER_PX for value in box)
            attributes.BBox = Array([round(value, 3) for value in (left + x1, top - y2, left + x2, top - y1)])

    def label_list_items(self) -> None:
        """`LI > LBody > (label, text...)` becomes `LI > (Lbl, LBody > text...)`."""
        for element in list(self.elements()):
            if str(element.S) != "/LI":
                continue
            kids = _kids(element)
            body = kids[0] if len(kids) == 1 else None
            if not _is_element(body) or str(body.S) != "/LBody":
                continue
            body_kids = _kids(body)
            label = body_kids[0] if len(body_kids) >= 2 else None
            if not _is_element(label):
                continue
            # An element of its own (a Span holding spans), not a bare run of text.
            if str(label.S) != "/Span" or not any(_is_element(kid) for kid in _kids(label)):
                continue
            label.S = Name.Lbl
            label.P = element
            body.K = Array(body_kids[1:])
            element.K = Array([label, body])

    def head_tables(self, headers: Sequence[Sequence[HeaderCell]]) -> None:
        """Each table with a header row in the HTML gets it as THead > TR > TH (Scope Column), and each
        of its data cells the IDs of the headers over its columns (/Headers).

        WeasyPrint tags no box it does not draw, and the template's header row is not drawn:
        it is made here, from the HTML, one TH per language, its name as /ActualText, with no
        content of its own. The n-th Table of the tree is the n-th `table` of the HTML: the page
        breaks that split a table in two are merged back first. Cells span columns (/ColSpan)
        but not rows: the template's tables have no `rowspan`.
        """
        tables = [element for element in self.elements() if element.get("/S") == Name.Table]
        if len(tables) != len(headers):
            return  # not the HTML's tables, one for one: better no headers than wrong ones
        for number, (table, cells) in enumerate(zip(tables, headers, strict=True), start=1):
            if any(cell.header for cell in cells):
                self._head_table(table, cells, f"th-{number}-")
        self._index_ids()

    def _head_table(self, table: Dictionary, cells: Sequence[HeaderCell], prefix: str) -> None:
        row = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.TR, K=Array()))
        columns: list[tuple[int, int, String]] = []  # each TH's first and last column, and its ID
        start = 0
        language = str(self.pdf.Root.get("/Lang", ""))
        for cell in cells:
            attributes = Dictionary(O=Name.Table)
            element = Dictionary(Type=Name.StructElem, S=Name.TH if cell.header else Name.TD, P=row, A=attributes)
            if cell.header:
                element.ID = identifier = String(f"{prefix}{start + 1}")
                attributes.Scope = Name.Column
                # No marked content to read: the header's text is its replacement text.
                element.ActualText = String(cell.text)
                if cell.language and cell.language != language:
                    element.Lang = String(cell.language)
                columns.append((start, start + cell.colspan - 1, identifier))
            else:
                attributes.Headers = Array()  # the corner over a label column: no header of its own
            if cell.colspan > 1:
                attributes.ColSpan = cell.colspan
            row.K.append(self.pdf.make_indirect(element))
            start += cell.colspan
        for body_row in self._rows(table):
            start = 0
            for kid in _kids(body_row):
                if not _is_element(kid) or str(kid.S) not in ("/TD", "/TH"):
                    continue
                if not isinstance(kid.get("/A"), Dictionary):
                    kid.A = Dictionary(O=Name.Table)
                span = int(kid.A.get("/ColSpan", 1))
                if str(kid.S) == "/TD":
                    over = [identifier for first, last, identifier in columns if first < start + span and last >= start]
                    kid.A.Headers = Array(over)
                start += span
        kids = _kids(table)
        if kids and all(_is_element(kid) and str(kid.S) == "/TBody" for kid in kids):
            head = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.THead, P=table, K=Array([row])))
            row.P = head
            table.K = Array([head, *kids])
        else:  # rows of its own: the header row is the first
            row.P = table
            table.K = Array([row, *kids])

    @staticmethod
    def _rows(table: Dictionary) -> Iterator[Dictionary]:
        for kid in _kids(table):
            if _is_element(kid) and str(kid.S) == "/TR":
                yield kid
            elif _is_element(kid) and str(kid.S) in ("/THead", "/TBody", "/TFoot"):
                yield from (row for row in _kids(kid) if _is_element(row) and str(row.S) == "/TR")

    def _index_ids(self) -> None:
        """The structure tree's IDTree: every element's /ID, as ISO 32000-1 (14.7.2) wants it where any has one."""
        named = sorted(
            ((bytes(element.ID), element) for element in self.elements() if "/ID" in element), key=lambda pair: pair[0]
        )
        if named:
            names = Array()
            for identifier, element in named:
                names.extend([String(identifier), element])
            self.root.IDTree = self.pdf.make_indirect(Dictionary(Names=names))

    def set_languages(self, runs: Sequence[LanguageRun], texts: dict[int, dict[int, str]]) -> None:
        """Each HTML run of another language gives its /Lang to the element with exactly its text."""
        wanted: dict[str, deque[str]] = defaultdict(deque)
        for run in runs:
            if normalized := _normalized(run.text):
                wanted[normalized].append(run.language)
        if not wanted:
            return
        element_texts: dict[tuple[int, int], str] = {}

        def text_of(element: Dictionary) -> str:
            key = element.objgen
            if key not in element_texts:
                page = self.page_index.get(element.Pg.objgen) if "/Pg" in element else None
                parts = []
                for kid in _kids(element):
                    if isinstance(kid, int):
                        parts.append(texts.get(page, {}).get(kid, "") if page is not None else "")
                    elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                        kid_page = self.page_index.get(kid.Pg.objgen) if "/Pg" in kid else page
                        parts.append(texts.get(kid_page, {}).get(int(kid.MCID), "") if kid_page is not None else "")
                    elif _is_element(kid):
                        parts.append(text_of(kid))
                element_texts[key] = _normalized("".join(parts))
            return element_texts[key]

        def take(normalized: str, matched_above: frozenset[str], inherited: str) -> str | None:
            """The language of the next run with this text, if these elements can be it."""
            queue = wanted.get(normalized)
            # A run is in another language than what surrounds it, so an element already in
            # that language is not it: in a bilingual edition the same name or untranslated
            # text stands in both columns, and only the other column's copy is the run.
            if normalized in matched_above or not queue or queue[0] == inherited:
                return None
            return queue.popleft()

        def lines(kids: list[Dictionary], start: int, matched_above: frozenset[str], inherited: str) -> int:
            """How many kids from `start`, two or more of one type, hold a run's text together (0: none).

            An inline element broken over lines is one element per line (a long untranslated
            text in a narrow column): together, they are the run.
            """
            text = ""
            for end in range(start, len(kids)):
                if kids[end].S != kids[start].S:
                    break
                text += text_of(kids[end])
                if end > start and (language := take(text, matched_above, inherited)) is not None:
                    for kid in kids[start : end + 1]:
                        kid.Lang = String(language)
                        visit(kid, matched_above | {text}, language)
                    return end - start + 1
                if not text or not any(key.startswith(text) for key, queue in wanted.items() if queue):
                    break
            return 0

        def visit(element: Dictionary, matched_above: frozenset[str], inherited: str) -> None:
            normalized = text_of(element)
            if (language := take(normalized, matched_above, inherited)) is not None:
                element.Lang = String(language)
                inherited, matched_above = language, matched_above | {normalized}
            kids = [kid for kid in _kids(element) if _is_element(kid)]
            index = 0
            while index < len(kids):
                alone = wanted.get(text_of(kids[index]))
                taken = 0 if alone else lines(kids, index, matched_above, inherited)
                if not taken:
                    visit(kids[index], matched_above, inherited)
                index += taken or 1

        visit(self.document, frozenset(), str(self.pdf.Root.get("/Lang", "")))


def _rewrite_pages(
    pdf: pikepdf.Pdf, tree: _StructTree | None, *, read_texts: bool, html_text: str | None
) -> dict[int, dict[int, str]]:
    """Margin content becomes artifacts, images get names of their content, line ends spaces (given
    the HTML's text); returns each page's texts."""
    renames = _image_names(pdf)
    decoders = FontDecoders()
    texts: dict[int, dict[int, str]] = {}
    for index, page in enumerate(pdf.pages):
        content = PageContent(page, pikepdf.parse_content_stream(page), decoders)
        orphans = tree.orphan_mcids(page) if tree is not None else set()
        if read_texts:
            texts[index] = marked_texts(content)
        changed = False
        for position, operator in enumerate(content.operators):
            operands = content.operands[position]
            if operator == "BDC" and orphans:
                properties = operands[1] if len(operands) > 1 else None
                if isinstance(properties, Dictionary) and int(properties.get("/MCID", -1)) in orphans:
                    artifact = [Name.Artifact, Dictionary(Type=Name.Pagination)]
                    content.replace(position, pikepdf.ContentStreamInstruction(artifact, pikepdf.Operator(operator)))
                    changed = True
            elif operator == "Do" and str(operands[0]) in renames:
                renamed = [Name(renames[str(operands[0])])]
                content.replace(position, pikepdf.ContentStreamInstruction(renamed, pikepdf.Operator(operator)))
                changed = True
        if html_text is not None:
            # After the margins became artifacts: their text is no part of what a reader reads.
            changed = space_line_ends(content, decoders, html_text) or changed
        if changed:
            page.Contents.write(pikepdf.unparse_content_stream(content.instructions))
    for resources in _resource_dictionaries(pdf):
        xobjects = resources.get("/XObject")
        if xobjects is None:
            continue
        for old, new in renames.items():
            if old in xobjects:
                xobjects[new] = xobjects[old]
                del xobjects[old]
    return texts


def _resource_dictionaries(pdf: pikepdf.Pdf) -> list[Dictionary]:
    seen: dict[tuple[int, int], Dictionary] = {}
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        if isinstance(resources, Dictionary):
            seen.setdefault(resources.objgen if resources.is_indirect else (id(resources), 0), resources)
    return list(seen.values())


def _image_names(pdf: pikepdf.Pdf) -> dict[str, str]:
    """`/i<md5 of URL>1` -> `/i<md5 of the image's bytes>1`: the same image, the same name, wherever it was read."""
    renames = {}
    for resources in _resource_dictionaries(pdf):
        for name, xobject in resources.get("/XObject", Dictionary()).items():
            if _IMAGE_NAME.match(name) and isinstance(xobject, pikepdf.Stream):
                digest = hashlib.md5(xobject.read_raw_bytes(), usedforsecurity=False).hexdigest()
                renames[name] = f"/i{digest}{name[-1]}"
    return renames


def _describe_links(pdf: pikepdf.Pdf, descriptions: dict[str, str]) -> None:
    """Each link annotation's /Contents: the description of its link in the HTML, not its target."""
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", Array()):
            if annotation.get("/Subtype") != Name.Link:
                continue
            if "/Dest" in annotation:
                target = str(annotation.Dest)
            elif "/A" in annotation and "/URI" in annotation.A:
                target = str(annotation.A.URI)
            else:
                continue
            if target in descriptions:
                annotation.Contents = String(descriptions[target])


def _xmp_date(value: object) -> str | None:
    """`D:20230621` -> `2023-06-21` (as precise as the PDF date is)."""
    match = re.match(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?", str(value) if value is not None else "")
    if match is None:
        return None
    year, month, day, hour, minute, second = match.groups()
    text = year + "".join(f"-{part}" for part in (month, day) if part)
    if hour and minute:
        text += f"T{hour}:{minute}" + (f":{second}" if second else "") + "Z"
    return text


_PDFUA_EXTENSION = """   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
"""


def _write_xmp(pdf: pikepdf.Pdf, languages: Sequence[str]) -> None:
    """One XMP packet that says PDF/A-3a and PDF/UA-1, and agrees with the document information."""
    info = pdf.docinfo

    def text(key: str) -> str | None:
        return str(info[key]) if key in info else None

    lines = []
    if title := text("/Title"):
        lines.append(
            f'   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>'
        )
    if author := text("/Author"):
        lines.append(f"   <dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>")
    if subject := text("/Subject"):
        lines.append(
            f'   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(subject)}</rdf:li></rdf:Alt></dc:description>'
        )
    if languages:
        items = "".join(f"<rdf:li>{escape(language)}</rdf:li>" for language in languages)
        lines.append(f"   <dc:language><rdf:Bag>{items}</rdf:Bag></dc:language>")
    if keywords := text("/Keywords"):
        lines.append(f"   <pdf:Keywords>{escape(keywords)}</pdf:Keywords>")
    if producer := text("/Producer"):
        lines.append(f"   <pdf:Producer>{escape(producer)}</pdf:Producer>")
    if creator := text("/Creator"):
        lines.append(f"   <xmp:CreatorTool>{escape(creator)}</xmp:CreatorTool>")
    if created := _xmp_date(info.get("/CreationDate")):
        lines.append(f"   <xmp:CreateDate>{created}</xmp:CreateDate>")
    if modified := _xmp_date(info.get("/ModDate")):
        lines.append(f"   <xmp:ModifyDate>{modified}</xmp:ModifyDate>")
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about=""\n'
        '    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"\n'
        '    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"\n'
        '    xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"\n'
        '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"\n'
        '    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"\n'
        '    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"\n'
        '    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">\n'
        "   <pdfaid:part>3</pdfaid:part>\n"
        "   <pdfaid:conformance>A</pdfaid:conformance>\n"
        "   <pdfuaid:part>1</pdfuaid:part>\n"
        "   <dc:format>application/pdf</dc:format>\n"
        + "".join(line + "\n" for line in lines)
        + _PDFUA_EXTENSION
        + "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n"
        + '<?xpacket end="r"?>'
    )
    # Uncompressed: PDF/A forbids a Filter on the metadata stream.
    stream = pikepdf.Stream(pdf, packet.encode("utf-8"))
    stream.Type = Name.Metadata
    stream.Subtype = Name.XML
    pdf.Root.Metadata = pdf.make_indirect(stream)


def _pdf_date(date: dt.date | None) -> str:
    date = date or dt.date(1970, 1, 1)
    return f"D:{date:%Y%m%d}000000Z"


def _attach(pdf: pikepdf.Pdf, attachments: Sequence[Attachment], date: dt.date | None) -> None:
    """Each attachment as an embedded file, and an associated file (/AF) of the document for PDF/A-3."""
    if not attachments:
        return
    associated = Array()
    for attachment in attachments:
        spec = pikepdf.AttachedFileSpec(
            pdf,
            attachment.data,
            description=attachment.description,
            filename=attachment.filename,
            mime_type=attachment.mime_type,
            creation_date=_pdf_date(date),
            mod_date=_pdf_date(date),
        )
        pdf.attachments[attachment.filename] = spec
        filespec = pdf.attachments[attachment.filename].obj
        filespec.AFRelationship = Name("/" + attachment.relationship)
        associated.append(filespec)
    pdf.Root.AF = associated
