"""What the HTML of an edition says that the PDF must say too.

WeasyPrint 70 carries neither an element's `lang` nor a link's `aria-label`
into the PDF. The template says both; this module reads them back from the
HTML (with the standard library's parser: the HTML is our own template's
output) so the post-pass in `finish` can put them where PDF/UA wants them.
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


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = MarkupFacts()
        # One entry per open element: its language, and the text collected for it when it starts a run.
        self.stack: list[tuple[str, str, list[str] | None]] = []
        self.open_runs: list[list[str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "meta" and attributes.get("name") == "dcterms.language":
            self.facts.languages = attributes.get("content", "").split()
        if tag == "a" and "href" in attributes and attributes.get("aria-label"):
            href = attributes["href"]
            target = href[1:] if href.startswith("#") else href
            self.facts.link_descriptions.setdefault(target, attributes["aria-label"])
        if tag in _APART:
            self.text.append(_BLOCK)
        if tag in _VOID:
            return
        inherited = self.stack[-1][1] if self.stack else ""
        language = attributes.get("lang", inherited)
        if tag == "html":
            self.facts.language = language
        collected: list[str] | None = None
        if self.stack and language != inherited:
            collected = []
            self.open_runs.append(collected)
        self.stack.append((tag, language, collected))

    def handle_endtag(self, tag: str) -> None:
        if tag in _APART:
            self.text.append(_BLOCK)
        if tag in _VOID or not any(open_tag == tag for open_tag, _, _ in self.stack):
            return
        while self.stack:
            open_tag, language, collected = self.stack.pop()
            if collected is not None:
                # By identity: a run nested at the start of another has collected the same text so far.
                self.open_runs = [run for run in self.open_runs if run is not collected]
                text = "".join(collected)
                if text.strip():
                    self.facts.runs.append(LanguageRun(language, text))
            if open_tag == tag:
                return

    def handle_data(self, data: str) -> None:
        if any(tag in ("head", "title", "style", "script") for tag, _, _ in self.stack):
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
