"""What the HTML of an edition says that the PDF must say too.

WeasyPrint 70 carries neither an element's `lang` nor a link's `aria-label`
into the PDF, nor a header row that is never drawn. The template says all
three; this module reads them back from the HTML (with the standard
library's parser: the HTML is our own template's output) so the post-pass in
`finish` can put them where PDF/UA wants them. What is `hidden` is read only
as a table's header row: its text is no part of the text of the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Elements that have no end tag: they never hold text, nor change the language of what follows.
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements whose text stands apart from what is around it (a block, a cell, a line of an SVG):
# two words on either side of one are never one word, whatever the spacing of the source.
_APART = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "table", "tbody", "td", "text", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
# What the text of a page never shows: soft hyphens and word joiners (drawn as nothing, or as a
# line-break hyphen), zero-width spaces.
_BLOCK = "\x1e"  # where an element of _APART starts or ends, until white space is folded
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u2060\u200b"))


@dataclass(frozen=True)
class LanguageRun:
    """A text in another language than the one around it (an English quote in the Albanian edition)."""

    language: str
    text: str


@dataclass(frozen=True)
class HeaderCell:
    """A cell of a table's hidden header row: a `th` names the column it stands over; a `td` names none."""

    header: bool
    text: str
    language: str
    colspan: int = 1


@dataclass
class MarkupFacts:
    language: str = ""
    # The languages the document is written in: a bilingual edition's two (`dcterms.language`), else its own.
    languages: list[str] = field(default_factory=list)
    runs: list[LanguageRun] = field(default_factory=list)
    # A link's target as the PDF names it (an anchor without '#', or the URL) -> its description.
    link_descriptions: dict[str, str] = field(default_factory=dict)
    # The body's text, casefolded: white space folded to one space, a newline where a block
    # starts or ends, without what is never drawn. `finishing.text` reads from it where the
    # words on either side of a line end are one word or two.
    text: str = ""
    # Each `table` of the body, in document order: the cells of its hidden header row (`thead
    # hidden`), empty for a table without one. WeasyPrint draws and tags none of it.
    table_headers: list[list[HeaderCell]] = field(default_factory=list)
    # A drawing's description (an SVG's `title`, which WeasyPrint makes its Figure's /Alt) -> its
    # language, where that differs from the document's: a bilingual edition's second timeline.
    figure_languages: dict[str, str] = field(default_factory=dict)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = MarkupFacts()
        # One entry per open element: its language, and the text collected for it when it starts a run.
        self.stack: list[tuple[str, str, list[str] | None]] = []
        self.open_runs: list[list[str]] = []
        self.text: list[str] = []
        # How deep the stack was where a `hidden` element opened (none: nothing hidden is open).
        self.hidden_at: int | None = None
        self.tables: list[int] = []  # the open tables, as indexes into facts.table_headers
        self.header_cell: tuple[bool, str, int, list[str]] | None = None  # a hidden th or td, being read
        self.svg_title: list[str] | None = None  # an SVG's title, being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "meta" and attributes.get("name") == "dcterms.language":
            self.facts.languages = attributes.get("content", "").split()
        if tag == "a" and "href" in attributes and attributes.get("aria-label"):
            href = attributes["href"]
            target = href[1:] if href.startswith("#") else href
            self.facts.link_descriptions.setdefault(target, attributes["aria-label"])
        if tag == "table":
            self.tables.append(len(self.facts.table_headers))
            self.facts.table_headers.append([])
        if self.hidden_at is not None and tag in ("th", "td") and self.tables:
            colspan = int(attributes["colspan"]) if attributes.get("colspan", "").isdigit() else 1
            self.header_cell = (
                tag == "th",
                attributes.get("lang", self.stack[-1][1] if self.stack else ""),
                colspan,
                [],
            )
        if tag in _APART and self.hidden_at is None:
            self.text.append(_BLOCK)
        if tag in _VOID:
            return
        if tag == "title" and any(open_tag == "svg" for open_tag, _, _ in self.stack):
            self.svg_title = []
        if "hidden" in attributes and self.hidden_at is None:
            self.hidden_at = len(self.stack)
        inherited = self.stack[-1][1] if self.stack else ""
        language = attributes.get("lang", inherited)
        if tag == "html":
            self.facts.language = language
        collected: list[str] | None = None
        if self.stack and language != inherited and self.hidden_at is None:
            collected = []
            self.open_runs.append(collected)
        self.stack.append((tag, language, collected))

    def handle_endtag(self, tag: str) -> None:
        if tag in _APART and self.hidden_at is None:
            self.text.append(_BLOCK)
        if tag in _VOID or not any(open_tag == tag for open_tag, _, _ in self.stack):
            return
        while self.stack:
            open_tag, language, collected = self.stack.pop()
            if open_tag in ("th", "td") and self.header_cell is not None:
                header, cell_language, colspan, parts = self.header_cell
                text = re.sub(r"\s+", " ", "".join(parts)).strip()
                self.facts.table_headers[self.tables[-1]].append(HeaderCell(header, text, cell_language, colspan))
                self.header_cell = None
            if open_tag == "table" and self.tables:
                self.tables.pop()
            if open_tag == "title" and self.svg_title is not None:
                title = re.sub(r"\s+", " ", "".join(self.svg_title)).strip()
                if title and language != self.facts.language:
                    self.facts.figure_languages[title] = language
                self.svg_title = None
            if self.hidden_at is not None and len(self.stack) <= self.hidden_at:
                self.hidden_at = None
            if collected is not None:
                # By identity: a run nested at the start of another has collected the same text so far.
                self.open_runs = [run for run in self.open_runs if run is not collected]
                text = "".join(collected)
                if text.strip():
                    self.facts.runs.append(LanguageRun(language, text))
            if open_tag == tag:
                return

    def handle_data(self, data: str) -> None:
        if self.svg_title is not None:
            self.svg_title.append(data)
        if any(tag in ("head", "title", "style", "script") for tag, _, _ in self.stack):
            return
        if self.hidden_at is not None:
            if self.header_cell is not None:
                self.header_cell[3].append(data)
            return
        self.text.append(data)
        for collected in self.open_runs:
            collected.append(data)


def read_markup(html: str) -> MarkupFacts:
    """The document language, every run of text in another language, and each link's description."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    text = re.sub(r"[ \t\r\n\f]+", " ", "".join(reader.text))
    text = re.sub(rf"[ {_BLOCK}]*{_BLOCK}[ {_BLOCK}]*", "\n", text)
    reader.facts.text = text.translate(_INVISIBLE).casefold()
    if not reader.facts.languages and reader.facts.language:
        reader.facts.languages = [reader.facts.language]
    return reader.facts
