"""Stage 5 for Word: an edition as an editable DOCX, made with python-docx.

This module owns the Word edition: the same localized edition as the PDF's
(`localize`, `bilingual`: the same texts, dates, numbers, labels, statuses,
attributions and sources, in the same order), written as the structure an
office restyles rather than as a print layout. It is pure: the edition, the
look taken from the stylesheets (`WordLook`) and the pictures already made
(the timeline as PNG, the logo's bytes) in, the file's bytes out; nothing is
read or fetched here. What python-docx has no API for is in `ooxml`.

What a reader of the file gets, and why:

* Built-in style names only (Heading 1-3, Subtitle, List Bullet, List
  Number, Quote, Table Grid, Header, Footer), so that pasting into an
  office's template, or attaching one, restyles it; the theme's colours and
  fonts are set on those styles, not on the runs.
* The title is Heading 1, sections Heading 2, questions Heading 3: the
  PDF's outline, which Word's navigation pane and screen readers follow.
* Key facts, the actors and the chronology are Word lists; the chronology
  and the sources are numbered by Word (the chronology as the timeline
  numbers its events, the sources `[1]` as the references cite them), and
  each reference links to its source's bookmark. Key figures and each
  question's positions are tables whose header row repeats on every page.
* The document's language is the edition's (`sq-AL`), and every run in
  another language says its own (`en`): an English quote in an Albanian
  edition is spelt and read aloud as English. A text shown untranslated
  is marked as in the PDF.
* The TLP label is in every page's header and on the first page, never
  translated; the footer says "Page N of M" with Word's own fields.
* A bilingual edition pairs each item's two languages in the rows of a
  two-column table, as its PDF does, each column headed by its language's
  name; its facts and chronology are lists within their cells.

The zip's entries carry the briefing's date, not the clock's: the same
edition built twice is the same file.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from io import BytesIO
from typing import TYPE_CHECKING, TypeVar

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from briefing import __version__
from briefing.pipeline import ooxml
from briefing.pipeline.bilingual import ParallelEdition, PositionRow
from briefing.pipeline.localize import (
    ActorView,
    Edition,
    EventView,
    FactView,
    FigureView,
    PositionView,
    Shown,
    SourceRef,
    SourceView,
)
from briefing.pipeline.vocabulary import (
    ACTOR_KIND_LABELS,
    QUALIFIER_PHRASES,
    STATUS_LABELS,
    TLP_MEANINGS,
    Paper,
    base_language,
    own_language_name,
)

if TYPE_CHECKING:
    from briefing.pipeline.editions import Printable

# Between the two languages of one line of a bilingual edition (a heading, the title's parts).
LANGUAGE_SEPARATOR = " · "
T = TypeVar("T")
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
# The TLP standard's colours of each label, on black (as print.css prints them).
_TLP_COLOURS = {
    "CLEAR": "FFFFFF",
    "GREEN": "33FF00",
    "AMBER": "FFC000",
    "AMBER+STRICT": "FFC000",
    "RED": "FF2B2B",
}
_STATUS_COLOURS = {"confirmed": "2E7D32", "reported": "2B5F8E", "claimed": "8A6D00", "disputed": "B71C1C"}
_UNTRANSLATED_FILL = "FFF3CD"
_MARK_COLOUR = "8A6D00"
_PAGES = {"a4": (Mm(210), Mm(297)), "letter": (Mm(215.9), Mm(279.4))}
_MARGIN = Mm(17)  # print.css's page margins
CORE_PROPERTY_LIMIT = 255  # characters of a title, subject, keywords or author (python-docx and Word)


@dataclass(frozen=True)
class WordLook:
    """What the stylesheets say that a Word edition can keep: colours (hex, no `#`) and font families."""

    accent: str = "1F4E79"
    text: str = "1A1A1A"
    muted: str = "555555"
    body_font: str | None = "Noto Sans"
    heading_font: str | None = "Noto Sans"
    quote_font: str | None = "Noto Serif"


@dataclass(frozen=True)
class Picture:
    """An image for the document: its bytes (PNG or JPEG), its printed width, what it shows."""

    data: bytes
    width_mm: float
    description: str


def word_document(
    made: Printable,
    *,
    look: WordLook,
    paper: Paper,
    timelines: Sequence[Picture] = (),
    logo: Picture | None = None,
) -> bytes:
    """The DOCX file of an edition of one language, or of a bilingual edition (a `ParallelEdition`)."""
    writer = _Writer(made.editions, look, paper)
    if isinstance(made, ParallelEdition):
        writer.parallel(made, timelines, logo)
    else:
        writer.single(made.editions[0], timelines, logo)
    return writer.finished()


def language_tag(edition: Edition) -> str:
    """The edition's language as Word names it, with its region: `sq-AL`, `en-GB`.

    The region is the interface catalog's (its `Language: en_GB` header) or
    else CLDR's likeliest for the language (Albanian: Albania).
    """
    from babel.core import get_global

    locale = edition.catalog.locale
    territory = locale.territory
    if territory is None:
        likely = get_global("likely_subtags").get(locale.language, "")
        territory = next((part for part in likely.split("_")[1:] if part.isupper() and part.isalpha()), None)
    return f"{locale.language}-{territory}" if territory else locale.language


class _Column:
    """One language's words and anchors in the document: an edition of its own, or one side of two."""

    def __init__(self, edition: Edition, prefix: str) -> None:
        self.edition = edition
        self.prefix = prefix
        self.gettext: Callable[[str], str] = edition.catalog.translations.gettext
        self.ngettext: Callable[[str, str, int], str] = edition.catalog.translations.ngettext
        self.tag = language_tag(edition)

    def foreign(self, lang: str) -> bool:
        return base_language(lang) != base_language(self.edition.language)

    def own_name(self) -> str:
        """The edition's language in its own words (`Shqip`, `English`), for a column's header."""
        return own_language_name(self.edition.language)


class _Writer:
    """Writes one document; a bilingual one has two columns, each with its own bookmarks."""

    def __init__(self, editions: Sequence[Edition], look: WordLook, paper: Paper) -> None:
        self.document: Document = docx.Document()
        self.look = look
        prefixes = [""] if len(editions) == 1 else [f"{e.language}_" for e in editions]
        self.columns = [_Column(e, prefix) for e, prefix in zip(editions, prefixes, strict=True)]
        self.first = editions[0]
        self.bookmarks: dict[str, str] = {}
        self.second_cells: list[tuple[_Cell, str]] = []  # cells in the second language of a bilingual edition
        self.paper = paper
        self._setup(paper)

    # The document: page, styles, properties, header and footer.

    def _setup(self, paper: Paper) -> None:
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = _PAGES[paper]
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, _MARGIN)
        ooxml.set_default_language(self.document, self.columns[0].tag)
        styles = self.document.styles
        look = self.look
        normal = styles["Normal"]
        normal.font.size = Pt(10)
        normal.font.color.rgb = RGBColor.from_string(look.text)
        if look.body_font:
            ooxml.set_style_font(normal, look.body_font)
        for name, size in (("Title", 22), ("Heading 1", 18), ("Heading 2", 13), ("Heading 3", 11), ("Subtitle", 12)):
            style = styles[name]
            style.font.color.rgb = RGBColor.from_string(look.accent)
            style.font.size = Pt(size)
            if look.heading_font:
                ooxml.set_style_font(style, look.heading_font)
        quote = styles["Quote"]
        quote.font.color.rgb = RGBColor.from_string(look.text)
        if look.quote_font:
            ooxml.set_style_font(quote, look.quote_font)
        for name in ("Header", "Footer"):
            styles[name].font.size = Pt(7.5)
            styles[name].font.color.rgb = RGBColor.from_string(look.muted)
            styles[name].paragraph_format.tab_stops.clear_all()  # the template's Letter-width stops

    def _properties(self, titles: Sequence[Shown], subject: str, keywords: Sequence[str], author: str | None) -> None:
        properties = self.document.core_properties
        properties.title = _property(LANGUAGE_SEPARATOR.join(dict.fromkeys(title.text for title in titles)))
        properties.subject = _property(subject)
        label = self.first.tlp_label  # last, as in the PDF, and never cut off
        listed = _property(", ".join(keywords), CORE_PROPERTY_LIMIT - len(label) - 2)
        properties.keywords = f"{listed}, {label}" if listed else label
        properties.language = self.columns[0].tag  # one language tag (xsd:language); each run says its own
        properties.author = _property(author or "")
        properties.last_modified_by = _property(author or "")
        properties.comments = f"briefing {__version__}"
        made = dt.datetime.fromisoformat(self.first.as_of_iso)
        properties.created = properties.modified = made
        properties.revision = 1

    def _header_and_footer(self, running_title: str) -> None:
        section = self.document.sections[0]
        width = _PAGES[self.paper][0] - 2 * _MARGIN
        header = section.header.paragraphs[0]
        header.style = self.document.styles["Header"]
        header.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        header.add_run(running_title)
        header.add_run("\t")
        self._tlp_label(header)
        footer = section.footer.paragraphs[0]
        footer.style = self.document.styles["Footer"]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for number, column in enumerate(self.columns):
            if number:
                footer.add_run(LANGUAGE_SEPARATOR)
            label = column.gettext("Page %(page)s of %(pages)s")
            self._phrase(
                footer,
                label,
                column,
                page=lambda p: ooxml.add_field(p, "PAGE", "1"),
                pages=lambda p: ooxml.add_field(p, "NUMPAGES", "1"),
            )

    def finished(self) -> bytes:
        for cell, tag in self.second_cells:
            ooxml.set_unset_languages(cell, tag)
        out = BytesIO()
        self.document.save(out)
        return _repacked(out.getvalue(), dt.date.fromisoformat(self.first.as_of_iso))

    # Runs: texts, phrases, references, marks.

    def _run(self, paragraph: Paragraph, text: str, column: _Column, lang: str | None = None) -> Run:
        run = paragraph.add_run(text)
        if lang is not None and column.foreign(lang):
            ooxml.set_run_language(run, lang)
        return run

    def show(self, paragraph: Paragraph, value: Shown, column: _Column, *, marked: bool = True) -> None:
        """A text in its language; one shown untranslated highlighted, and marked in the column's words."""
        run = self._run(paragraph, value.text, column, value.lang)
        if value.untranslated:
            ooxml.shade_run(run, _UNTRANSLATED_FILL)
            if marked:
                self.mark(paragraph, value, column)

    def mark(self, paragraph: Paragraph, value: Shown, column: _Column) -> None:
        if not value.untranslated:
            return
        _ = column.gettext
        words = _("in %(language)s, not translated") % {"language": column.edition.language_name(value.lang)}
        run = paragraph.add_run(f" [{words}]")
        run.bold = True
        run.font.size = Pt(7)
        run.font.color.rgb = RGBColor.from_string(_MARK_COLOUR)

    def _phrase(
        self, paragraph: Paragraph, message: str, column: _Column, **parts: Callable[[Paragraph], object]
    ) -> None:
        """A translated message whose `%(name)s` places are written by `parts` (runs of their own)."""
        position = 0
        for match in _PLACEHOLDER.finditer(message):
            if match.start() > position:
                self._run(paragraph, message[position : match.start()], column)
            parts[match.group(1)](paragraph)
            position = match.end()
        if position < len(message):
            self._run(paragraph, message[position:], column)

    def refs(self, paragraph: Paragraph, sources: Sequence[SourceRef], column: _Column) -> None:
        """`[1, 3]`, superscript, each number a link to its source in the column's list."""
        if not sources:
            return
        ordered = sorted(sources, key=lambda ref: ref.number)

        def superscript(run: Run) -> Run:
            run.font.superscript = True
            return run

        superscript(paragraph.add_run("["))
        for index, ref in enumerate(ordered):
            if index:
                superscript(paragraph.add_run(",\u00a0"))
            link = ooxml.add_hyperlink(paragraph, anchor=self._bookmark(column, ref.anchor))
            run = superscript(ooxml.run_in(link, paragraph))
            run.text = str(ref.number)
            run.font.color.rgb = RGBColor.from_string(self.look.accent)
        superscript(paragraph.add_run("]"))

    def _bookmark(self, column: _Column, anchor: str) -> str:
        """A Word bookmark's name for an anchor: a letter first, then letters, digits and `_`, at most 40."""
        key = column.prefix + anchor
        if key not in self.bookmarks:
            name = "b_" + re.sub(r"\W", "_", key, flags=re.ASCII)
            if len(name) > 40 or name in self.bookmarks.values():
                name = f"{name[:32]}_{len(self.bookmarks)}"
            self.bookmarks[key] = name
        return self.bookmarks[key]

    def _tlp_label(self, paragraph: Paragraph) -> None:
        # TLP labels are a protocol's fixed vocabulary: never translated.
        run = paragraph.add_run(f"\u00a0{self.first.tlp_label}\u00a0")
        run.bold = True
        run.font.color.rgb = RGBColor.from_string(_TLP_COLOURS[self.first.tlp])
        ooxml.shade_run(run, "000000")

    def draft(self, paragraph: Paragraph, item: object, column: _Column) -> None:
        if getattr(item, "draft", None) is None:
            return
        run = paragraph.add_run(column.gettext("Draft"))
        run.bold = True
        run.font.color.rgb = RGBColor.from_string("B71C1C")
        paragraph.add_run(" ")

    def _draft_banner(self, paragraph: Paragraph, column: _Column) -> None:
        _ = column.gettext
        run = paragraph.add_run(_("Draft: items marked “Draft” are not yet reviewed. Not for distribution."))
        run.bold = True
        run.font.color.rgb = RGBColor.from_string("B71C1C")

    # The pieces of an item, in one column.

    def qualified(self, number: str, qualifier: str, column: _Column) -> str:
        return number if qualifier == "exact" else column.gettext(QUALIFIER_PHRASES[qualifier]) % {"number": number}

    def fact(self, paragraph: Paragraph, fact: FactView, column: _Column) -> None:
        status = paragraph.add_run(column.gettext(STATUS_LABELS[fact.status]))
        status.bold = True
        status.font.color.rgb = RGBColor.from_string(_STATUS_COLOURS[fact.status])
        paragraph.add_run(" ")
        self.draft(paragraph, fact, column)
        self.show(paragraph, fact.text, column)
        self.refs(paragraph, fact.sources, column)

    def figure_number(self, paragraph: Paragraph, figure: FigureView, column: _Column) -> None:
        if not figure.values:
            paragraph.add_run(self.qualified(figure.number, figure.qualifier, column)).bold = True
            return
        for index, value in enumerate(figure.values):
            if index:
                paragraph.add_run(" / ")
            paragraph.add_run(self.qualified(value.number, value.qualifier, column)).bold = True
            self.refs(paragraph, value.sources, column)

    def figure_label(self, paragraph: Paragraph, figure: FigureView, column: _Column) -> None:
        self.draft(paragraph, figure, column)
        self.show(paragraph, figure.label, column)
        self.refs(paragraph, figure.sources, column)

    def according_to(
        self, cell: _Cell, figure: FigureView, column: _Column, *, first: Paragraph | None, headed: bool = False
    ) -> None:
        """Who gives the number; for a disputed figure, that the sources differ, and who gives each.

        `headed`: the cell is in a column headed "According to", so a single party is named alone.
        """
        _ = column.gettext

        def paragraph() -> Paragraph:
            nonlocal first
            if first is not None:
                found, first = first, None
                return found
            return cell.add_paragraph()

        if figure.according_to is not None and headed:
            self.show(paragraph(), figure.according_to, column)
        elif figure.according_to is not None:
            party = figure.according_to
            self._phrase(paragraph(), _("according to: %(party)s"), column, party=lambda p: self.show(p, party, column))
        if figure.values:
            self._run(paragraph(), _("The sources give different numbers"), column).italic = True
            for value in figure.values:
                if value.according_to is None:
                    continue
                number, party = self.qualified(value.number, value.qualifier, column), value.according_to
                self._phrase(
                    paragraph(),
                    _("%(number)s according to: %(party)s"),
                    column,
                    number=partial(_add_text, text=number),
                    party=partial(self.show, value=party, column=column),
                )

    def event(self, paragraph: Paragraph, event: EventView, column: _Column) -> None:
        date = paragraph.add_run(event.date)
        date.bold = True
        date.font.color.rgb = RGBColor.from_string(self.look.accent)
        paragraph.add_run(" ")
        self.draft(paragraph, event, column)
        self.show(paragraph, event.text, column)
        self.refs(paragraph, event.sources, column)

    def actor(self, paragraph: Paragraph, actor: ActorView, column: _Column) -> None:
        self.show(paragraph, actor.name, column)
        paragraph.runs[0].bold = True
        kind = paragraph.add_run(" " + column.gettext(ACTOR_KIND_LABELS[actor.kind]))
        kind.font.color.rgb = RGBColor.from_string(self.look.muted)
        if actor.draft is not None:
            paragraph.add_run(" ")
            self.draft(paragraph, actor, column)
        if actor.role is not None:
            paragraph.add_run().add_break()
            self.show(paragraph, actor.role, column)
        ooxml.add_bookmark(paragraph, self._bookmark(column, actor.anchor), len(self.bookmarks))

    def party(self, paragraph: Paragraph, position: PositionView, column: _Column) -> None:
        self.draft(paragraph, position, column)
        link = ooxml.add_hyperlink(paragraph, anchor=self._bookmark(column, position.actor_anchor))
        name = ooxml.run_in(link, paragraph)
        name.text = position.actor.text
        name.bold = True
        if column.foreign(position.actor.lang):
            ooxml.set_run_language(name, position.actor.lang)
        self.mark(paragraph, position.actor, column)
        if position.said:
            paragraph.add_run(f", {position.said}")

    def quote(self, cell: _Cell, value: Shown, column: _Column, *, note: bool = True) -> None:
        """A quote in its language, in the column's quotation marks, with what it is when translated."""
        paragraph = cell.add_paragraph(style="Quote")
        marks = column.gettext("“%(quote)s”")
        self._phrase(paragraph, marks, column, quote=lambda p: self.show(p, value, column, marked=False))
        self.mark(paragraph, value, column)
        if note and value.note:
            cell.add_paragraph(f"({value.note})").runs[0].italic = True

    def position(self, cell: _Cell, position: PositionView, column: _Column, *, quote: bool = True) -> None:
        if quote and position.quote is not None:
            self.quote(cell, position.quote, column)
        summary = cell.add_paragraph()
        self.show(summary, position.summary, column)
        self.refs(summary, position.sources, column)

    def citation(self, paragraph: Paragraph, source: SourceView, column: _Column, *, title: bool = True) -> None:
        """A source as a reader cites it: publisher, title, dates in the column's words; its link below."""
        _ = column.gettext
        self.draft(paragraph, source, column)
        parts: list[Callable[[], object]] = []
        if source.publisher is not None:
            publisher = source.publisher
            parts.append(lambda: self.show(paragraph, publisher, column))
        if title:
            parts.append(lambda: self._title(paragraph, source, column))
        if source.published:
            published = _("published %(date)s") % {"date": source.published}
            parts.append(lambda: paragraph.add_run(published))
        if source.accessed:
            accessed = _("accessed %(date)s") % {"date": source.accessed}
            parts.append(lambda: paragraph.add_run(accessed))
        for index, part in enumerate(parts):
            if index:
                paragraph.add_run(", ")
            part()
        if parts:
            paragraph.add_run(".")
        if not title and paragraph.runs:  # after the title given once: a sentence of its own
            first = paragraph.runs[0]
            first.text = first.text[:1].upper() + first.text[1:]

    def _title(self, paragraph: Paragraph, source: SourceView, column: _Column) -> None:
        """A source's title, in italics, in the source's language when its briefing gives it."""
        self._run(paragraph, source.title, column, source.title_lang).italic = True

    def source_link(self, paragraph: Paragraph, source: SourceView, *, new_line: bool = True) -> None:
        if not source.url:
            return
        if new_line:
            paragraph.add_run().add_break()
        link = ooxml.add_hyperlink(paragraph, url=source.url)
        run = ooxml.run_in(link, paragraph)
        run.text = source.url
        run.font.color.rgb = RGBColor.from_string(self.look.accent)
        run.font.underline = True

    # Tables.

    def table(self, headers: Sequence[tuple[str, str]], shares: Sequence[float] = ()) -> Table:
        """A table with a header row (each cell: its words, their language tag) that repeats on every page.

        `shares`: each column's part of the text width (equal parts if none).
        """
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = self.document.styles["Table Grid"]
        text_width = _PAGES[self.paper][0] - 2 * _MARGIN
        table.autofit = False
        for index, share in enumerate(shares or [1 / len(headers)] * len(headers)):
            table.columns[index].width = table.rows[0].cells[index].width = int(text_width * share)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        row = table.rows[0]
        ooxml.repeat_as_header(row)
        for cell, (words, tag) in zip(row.cells, headers, strict=True):
            run = cell.paragraphs[0].add_run(words)
            run.bold = True
            if tag != self.columns[0].tag:
                ooxml.set_run_language(run, tag)
        return table

    # The two kinds of document.

    def _masthead_start(self, logo: Picture | None) -> None:
        if self.first.draft:
            banner = self.document.add_paragraph()
            for index, column in enumerate(self.columns):
                if index:
                    banner.add_run(LANGUAGE_SEPARATOR)
                self._draft_banner(banner, column)
        if logo is not None:
            ooxml.add_picture(self.document, BytesIO(logo.data), Mm(logo.width_mm), logo.description, "Logo")
        kicker = self.document.add_paragraph()
        for index, column in enumerate(self.columns):
            if index:
                kicker.add_run(LANGUAGE_SEPARATOR)
            run = self._run(kicker, column.gettext("Briefing"), self.columns[0], column.edition.language)
            run.font.small_caps = True
            run.font.color.rgb = RGBColor.from_string(self.look.accent)

    def _timelines(self, timelines: Sequence[Picture]) -> None:
        for timeline in timelines:
            ooxml.add_picture(
                self.document, BytesIO(timeline.data), Mm(timeline.width_mm), timeline.description, "Timeline"
            )

    def single(self, e: Edition, timelines: Sequence[Picture], logo: Picture | None) -> None:
        column = self.columns[0]
        _ = column.gettext
        document = self.document
        self._properties(
            [e.title],
            e.subtitle.text if e.subtitle else (e.summary[0].text if e.summary else ""),
            [keyword.text for keyword in e.keywords],
            e.prepared_by.text if e.prepared_by else None,
        )
        self._header_and_footer(e.title.text)
        self._masthead_start(logo)
        badge = document.add_paragraph()
        self._tlp_label(badge)
        badge.add_run().add_break()
        badge.add_run(_(TLP_MEANINGS[e.tlp]))
        title = document.add_heading(level=1)
        self.show(title, e.title, column)
        if e.subtitle is not None:
            self.show(document.add_paragraph(style="Subtitle"), e.subtitle, column)
        self._meta(document.add_paragraph(), e, column)

        document.add_heading(_("Bottom line"), level=2)
        for shown in e.summary:
            self.show(document.add_paragraph(), shown, column)
        if e.facts:
            document.add_heading(_("Key facts"), level=2)
            for fact in e.facts:
                self.fact(document.add_paragraph(style="List Bullet"), fact, column)
        if e.figures:
            document.add_heading(_("Key figures"), level=2)
            self._figures([(figure,) for figure in e.figures])
        if e.chronology:
            document.add_heading(_("Chronology"), level=2)
            self._timelines(timelines)
            numbering = ooxml.new_list(document, "%1.")
            for event in e.chronology:
                paragraph = document.add_paragraph(style="List Number")
                ooxml.number_paragraph(paragraph, numbering)
                self.event(paragraph, event, column)
        if e.actors:
            document.add_heading(_("Actors"), level=2)
            for actor in e.actors:
                self.actor(document.add_paragraph(style="List Bullet"), actor, column)
        if e.statements:
            document.add_heading(_("Who says what"), level=2)
            for statement in e.statements:
                heading = document.add_heading(level=3)
                self.draft(heading, statement, column)
                self.show(heading, statement.question, column)
                headers = [
                    # TRANSLATORS: the header of the column of a Word edition's table that names who takes a position.
                    (_("Party"), column.tag),
                    # TRANSLATORS: the header of the column of a Word edition's table that holds a party's position.
                    (_("Position"), column.tag),
                ]
                table = self.table(headers, (0.32, 0.68))
                for position in statement.positions:
                    row = table.add_row()
                    ooxml.keep_row_whole(row)
                    self.party(row.cells[0].paragraphs[0], position, column)
                    self._in_cell(row.cells[1], partial(self.position, position=position, column=column))
        document.add_heading(_("Sources"), level=2)
        numbering = ooxml.new_list(document, "[%1]")
        for source in e.sources:
            paragraph = document.add_paragraph(style="List Number")
            ooxml.number_paragraph(paragraph, numbering)
            self.citation(paragraph, source, column)
            self.source_link(paragraph, source)
            ooxml.add_bookmark(paragraph, self._bookmark(column, source.anchor), len(self.bookmarks))

    def _meta(self, paragraph: Paragraph, e: Edition, column: _Column) -> None:
        _, ngettext = column.gettext, column.ngettext
        self._phrase(paragraph, _("Situation as of %(date)s"), column, date=lambda p: p.add_run(e.as_of))
        if e.prepared_by is not None:
            organisation = e.prepared_by
            paragraph.add_run(LANGUAGE_SEPARATOR)
            self._phrase(
                paragraph,
                _("Prepared by %(organisation)s"),
                column,
                organisation=lambda p: self.show(p, organisation, column),
            )
        paragraph.add_run(LANGUAGE_SEPARATOR)
        count = len(e.sources)
        paragraph.add_run(ngettext("Based on %(num)d source", "Based on %(num)d sources", count) % {"num": count})

    def _figures(self, rows: Sequence[tuple[FigureView, ...]]) -> None:
        """Key figures: one row a figure (its number, what it counts, who gives it), in each column."""
        if len(self.columns) == 1:
            column = self.columns[0]
            _ = column.gettext
            table = self.table(
                [
                    # TRANSLATORS: the header of the column of a Word edition's table that holds each key figure's number.
                    (_("Number"), column.tag),
                    # TRANSLATORS: the header of the column of a Word edition's table that says what a key figure counts.
                    (_("What it counts"), column.tag),
                    # TRANSLATORS: the header of the column of a Word edition's table that names who gives a figure.
                    (_("According to"), column.tag),
                ],
                (0.22, 0.46, 0.32),
            )
            for (figure,) in rows:
                row = table.add_row()
                ooxml.keep_row_whole(row)
                self.figure_number(row.cells[0].paragraphs[0], figure, column)
                self.figure_label(row.cells[1].paragraphs[0], figure, column)
                self.according_to(row.cells[2], figure, column, first=row.cells[2].paragraphs[0], headed=True)
            return
        table = self._language_table()
        for pair in rows:
            for cell, figure, column in self._row_cells(table, pair):
                self.figure_number(cell.paragraphs[0], figure, column)
                self.figure_label(cell.add_paragraph(), figure, column)
                self.according_to(cell, figure, column, first=None)

    def _in_cell(self, cell: _Cell, write: Callable[[_Cell], object]) -> None:
        """Write into a cell with paragraphs of its own, dropping the empty one every new cell has."""
        empty = cell.paragraphs[0]
        write(cell)
        if not empty.text and len(cell.paragraphs) > 1:
            ooxml.remove_paragraph(empty)

    def _language_table(self) -> Table:
        """A bilingual section's table: one column a language, each headed by the language's own name."""
        return self.table([(column.own_name(), column.tag) for column in self.columns])

    def parallel(self, p: ParallelEdition, timelines: Sequence[Picture], logo: Picture | None) -> None:
        document = self.document
        self._properties(
            list(p.title),
            p.editions[0].subtitle.text if p.editions[0].subtitle else p.editions[0].summary[0].text,
            [keyword.text for keyword in p.keywords],
            LANGUAGE_SEPARATOR.join(dict.fromkeys(name.text for name in p.prepared_by)) if p.prepared_by else None,
        )
        self._header_and_footer(LANGUAGE_SEPARATOR.join(dict.fromkeys(title.text for title in p.title)))
        self._masthead_start(logo)
        badge = document.add_paragraph()
        self._tlp_label(badge)
        title = document.add_heading(level=1)
        for index, (column, shown) in enumerate(zip(self.columns, p.title, strict=True)):
            if index:
                title.add_run().add_break()
            self._in_language(title, column, partial(self.show, value=shown, column=column))

        table = self._language_table()
        if p.subtitle is not None:
            for cell, shown, column in self._row_cells(table, p.subtitle):
                self.show(cell.paragraphs[0], shown, column)
        for cell, edition, column in self._row_cells(table, p.editions):
            self._meta(cell.paragraphs[0], edition, column)
        for cell, edition, column in self._row_cells(table, p.editions):
            cell.paragraphs[0].add_run(column.gettext(TLP_MEANINGS[edition.tlp]))

        self._both_heading("Bottom line", 2)
        table = self._language_table()
        for row in p.summary:
            for cell, shown, column in self._row_cells(table, row):
                self.show(cell.paragraphs[0], shown, column)
        if p.facts:
            self._both_heading("Key facts", 2)
            table = self._language_table()
            for facts in p.facts:
                for cell, fact, column in self._row_cells(table, facts):
                    cell.paragraphs[0].style = document.styles["List Bullet"]
                    self.fact(cell.paragraphs[0], fact, column)
        if p.figures:
            self._both_heading("Key figures", 2)
            self._figures(p.figures)
        if p.chronology:
            self._both_heading("Chronology", 2)
            self._timelines(timelines)
            table = self._language_table()
            numberings = [ooxml.new_list(document, "%1.") for _ in self.columns]
            for events in p.chronology:
                for (cell, event, column), numbering in zip(self._row_cells(table, events), numberings, strict=True):
                    cell.paragraphs[0].style = document.styles["List Number"]
                    ooxml.number_paragraph(cell.paragraphs[0], numbering)
                    self.event(cell.paragraphs[0], event, column)
        if p.actors:
            self._both_heading("Actors", 2)
            table = self._language_table()
            for actors in p.actors:
                for cell, actor, column in self._row_cells(table, actors):
                    self.actor(cell.paragraphs[0], actor, column)
        if p.statements:
            self._both_heading("Who says what", 2)
            for statement in p.statements:
                heading = document.add_heading(level=3)
                for index, (column, shown) in enumerate(zip(self.columns, statement.question, strict=True)):
                    if index:
                        heading.add_run().add_break()
                    self._in_language(heading, column, partial(self.show, value=shown, column=column))
                table = self._language_table()
                for position in statement.positions:
                    first_row = len(table.rows)
                    for cell, view, column in self._row_cells(table, position.views):
                        self.party(cell.paragraphs[0], view, column)
                    self._position_rows(table, position)
                    _keep_together(table.rows[first_row:])
        self._both_heading("Sources", 2)
        table = self._language_table()
        numberings = [ooxml.new_list(document, "[%1]") for _ in self.columns]
        for sources in p.sources:
            merged = _pair_row(table)
            title_cell = merged[0].merge(merged[1])
            self._title(title_cell.paragraphs[0], sources[0], self.columns[0])
            for (cell, source, column), numbering in zip(self._row_cells(table, sources), numberings, strict=True):
                paragraph = cell.paragraphs[0]
                paragraph.style = document.styles["List Number"]
                ooxml.number_paragraph(paragraph, numbering)
                self.citation(paragraph, source, column, title=False)
                ooxml.add_bookmark(paragraph, self._bookmark(column, source.anchor), len(self.bookmarks))
            if sources[0].url:
                merged = _pair_row(table)
                link_cell = merged[0].merge(merged[1])
                self.source_link(link_cell.paragraphs[0], sources[0], new_line=False)

    def _position_rows(self, table: Table, position: PositionRow) -> None:
        """After the party's row, as the PDF has them: the quotes (once across both columns where they are
        the same words, then each column's note), then the summaries."""
        if position.shared_quote is not None:
            shared = position.shared_quote
            own = next((c for c in self.columns if c.edition.language == shared.lang), self.columns[0])
            merged = _pair_row(table)
            self._in_cell(merged[0].merge(merged[1]), partial(self.quote, value=shared, column=own, note=False))
            if any(view.quote is not None and view.quote.note for view in position.views):
                for cell, view, _column in self._row_cells(table, position.views):
                    if view.quote is not None and view.quote.note:
                        cell.paragraphs[0].add_run(f"({view.quote.note})").italic = True
        elif any(view.quote is not None for view in position.views):
            for cell, view, column in self._row_cells(table, position.views):
                if view.quote is not None:
                    self._in_cell(cell, partial(self.quote, value=view.quote, column=column))
        for cell, view, column in self._row_cells(table, position.views):
            self._in_cell(cell, partial(self.position, position=view, column=column, quote=False))

    def _both_heading(self, message: str, level: int) -> None:
        heading = self.document.add_heading(level=level)
        for index, column in enumerate(self.columns):
            if index:
                heading.add_run(LANGUAGE_SEPARATOR)
            self._in_language(heading, column, partial(_add_text, text=column.gettext(message)))

    def _in_language(self, paragraph: Paragraph, column: _Column, write: Callable[[Paragraph], object]) -> None:
        """Runs written by `write`, each in `column`'s language unless it already says its own."""
        before = len(paragraph.runs)
        write(paragraph)
        if column is self.columns[0]:
            return
        for run in paragraph.runs[before:]:
            if not ooxml.has_language(run):
                ooxml.set_run_language(run, column.tag)

    def _row_cells(self, table: Table, views: Sequence[T]) -> Iterator[tuple[_Cell, T, _Column]]:
        """A new row of a bilingual table: each cell with its column's view and its column.

        A cell of the second column is in its language: every run in it says so (`finished`).
        """
        for cell, view, column in zip(_pair_row(table), views, self.columns, strict=True):
            if column is not self.columns[0]:
                self.second_cells.append((cell, column.tag))
            yield cell, view, column


def _keep_together(rows: Sequence[_Row]) -> None:
    """The rows of one item (a party's position) on one page: each but the last kept with the next."""
    for row in rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _pair_row(table: Table) -> tuple[_Cell, ...]:
    row = table.add_row()
    ooxml.keep_row_whole(row)
    return tuple(row.cells)


def _property(text: str, limit: int = CORE_PROPERTY_LIMIT) -> str:
    """A core property's value: Word takes at most 255 characters, so a longer one ends at a word, with `…`."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"


def _add_text(paragraph: Paragraph, text: str) -> Run:
    return paragraph.add_run(text)


def _repacked(data: bytes, day: dt.date) -> bytes:
    """The same zip, every entry dated `day` at noon, in python-docx's order: the same input, the same file."""
    stamp = (max(day.year, 1980), day.month, day.day, 12, 0, 0)
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
