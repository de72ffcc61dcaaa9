"""Finding a quote or a passage in an archived text, and saying how a near miss differs (pure).

This module owns what "the same words" means when `briefing verify` holds a
briefing to its sources. Two texts are the same when they are equal after
only these changes, which a reader does not see as a change of wording:

* every run of white space (line breaks, no-break spaces) is one space;
* quotation marks of every style are one mark: curly, low, angled and straight
  double ones are `"`, single ones and apostrophes `'`;
* dashes and hyphens of every length are `-`, and `…` is `...`;
* soft hyphens and zero-width characters are left out.

Anything else, a word, a letter's case, a comma, is a difference. When a text
is not found, `closest` gives the passage of the source that shares the most
words with it, in the source's own characters, and `differences` says what
differs: a word, punctuation, words added or left out.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

# Written as escapes: the characters look alike, which is the point of folding them.
_DOUBLE_QUOTES = '"\u201c\u201d\u201e\u201f\u00ab\u00bb\u301d\u301e\uff02'
_SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b\u2039\u203a`\u00b4\u2032"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_TOKEN = re.compile(r"\w+|[^\w\s]")
# Where a sentence ends inside a stretch of text: a full stop, question or exclamation mark
# (and a closing quotation mark after it), then a space; or a paragraph break.
_SENTENCE_END = re.compile(r"[.!?]+[\"']?\s|\n\s*\n")
ELLIPSIS = "..."
CONTEXT_TOKENS = 3  # of the source, shown around the closest passage when it is short


@dataclass(frozen=True)
class Normalized:
    """A text with the changes of this module's docstring, and where each of its characters came from."""

    text: str
    origin: tuple[int, ...]  # for each character of `text`, its index in the original; then the original's length

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that `text[start:end]` came from."""
        return self.origin[start], (self.origin[end - 1] + 1 if end > start else self.origin[start])


def normalize(text: str) -> Normalized:
    characters: list[str] = []
    origin: list[int] = []
    for index, character in enumerate(text):
        if character in _INVISIBLE:
            continue
        if character.isspace():
            if characters and characters[-1] != " ":
                characters.append(" ")
                origin.append(index)
            continue
        if character in _DOUBLE_QUOTES:
            character = '"'
        elif character in _SINGLE_QUOTES:
            character = "'"
        elif character in _DASHES:
            character = "-"
        elif character == "…":
            characters.extend("...")
            origin.extend((index, index, index))
            continue
        characters.append(character)
        origin.append(index)
    if characters and characters[-1] == " ":
        characters.pop()
        origin.pop()
    origin.append(len(text))
    return Normalized("".join(characters), tuple(origin))


def strip_quote(text: str) -> str:
    """A quote as it is looked for: without the quotation marks around it or a full stop or comma at its end.

    The marks are the briefing's, not the speaker's words; and a quote that ends a
    sentence of the briefing may end with a full stop where the source has a comma.
    """
    return text.strip().strip(_DOUBLE_QUOTES + _SINGLE_QUOTES + " ").rstrip(".,;:").rstrip()


@dataclass(frozen=True)
class Match:
    start: int  # in the normalized haystack
    end: int


def find(needle: str, haystack: Normalized, *, start: int = 0) -> Match | None:
    """The first place at or after `start` where the normalized needle is in the haystack."""
    wanted = normalize(needle).text
    if not wanted:
        return None
    at = haystack.text.find(wanted, start)
    return Match(at, at + len(wanted)) if at >= 0 else None


def find_quote(quote: str, haystack: Normalized) -> Match | None:
    """A quote in the source, its first letter's case aside: a quote may start mid-sentence with a capital."""
    words = strip_quote(quote)
    found = find(words, haystack)
    if found is None and words:
        found = find(words[0].swapcase() + words[1:], haystack)
    return found


def ellipsis_parts(quote: str) -> list[str]:
    """The parts of a quote that an ellipsis joins (`...`, `…`, `[...]`), or the whole quote."""
    text = normalize(strip_quote(quote)).text.replace("[...]", ELLIPSIS)
    return [part.strip(" ,;") for part in text.split(ELLIPSIS) if part.strip(" ,;")]


def ends_a_sentence(text: str) -> bool:
    """Whether a stretch of the source holds the end of a sentence (or of a paragraph)."""
    return _SENTENCE_END.search(text + " ") is not None


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum() or self.text[0] == "_"


def tokens(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@dataclass(frozen=True)
class Closest:
    """The passage of the source nearest to a text that is not in it, and what differs."""

    passage: str  # in the source's own characters
    differences: list[str]
    similarity: float  # 0 to 1: the share of the text's words found in order in the passage


def closest(needle: str, source: str, haystack: Normalized | None = None) -> Closest | None:
    """The passage of `source` that shares the longest run of words with `needle`, or None if none is shared."""
    haystack = haystack or normalize(source)
    wanted_text = normalize(needle).text
    wanted = tokens(wanted_text)
    available = tokens(haystack.text)
    if not wanted or not available:
        return None
    matcher = difflib.SequenceMatcher(None, [t.text for t in available], [t.text for t in wanted], autojunk=False)
    anchor = matcher.find_longest_match(0, len(available), 0, len(wanted))
    if anchor.size == 0:
        return None
    slack = max(3, len(wanted) // 4)
    low = max(0, anchor.a - anchor.b - slack)
    high = min(len(available), anchor.a - anchor.b + len(wanted) + slack)
    window = available[low:high]
    aligned = difflib.SequenceMatcher(None, [t.text for t in window], [t.text for t in wanted], autojunk=False)
    blocks = [block for block in aligned.get_matching_blocks() if block.size]
    first, last = blocks[0], blocks[-1]
    # The passage runs from the first word shared to the last, widened to cover what the needle has there.
    start_index = max(0, first.a - first.b) if first.b else first.a
    end_index = min(len(window), last.a + last.size + (len(wanted) - last.b - last.size))
    passage_tokens = window[start_index:end_index] or window[first.a : last.a + last.size]
    start, end = passage_tokens[0].start, passage_tokens[-1].end
    original_start, original_end = haystack.original_span(start, end)
    shared = sum(block.size for block in blocks)
    return Closest(
        passage=source[original_start:original_end],
        differences=list(differences(passage_tokens, haystack.text, wanted, wanted_text)),
        similarity=shared / len(wanted),
    )


def differences(source_tokens: list[Token], source: str, text_tokens: list[Token], text: str) -> Iterator[str]:
    """What a text changes in a passage of the source, in words: each replaced, added or left out run."""
    matcher = difflib.SequenceMatcher(
        None, [t.text for t in source_tokens], [t.text for t in text_tokens], autojunk=False
    )
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        theirs = _span(source, source_tokens[a_start:a_end])
        ours = _span(text, text_tokens[b_start:b_end])
        kind = _kind(source_tokens[a_start:a_end], text_tokens[b_start:b_end])
        if operation == "replace":
            case = " (a letter's case)" if theirs.lower() == ours.lower() else ""
            yield f"has {kind}'{ours}' where the source has '{theirs}'{case}"
        elif operation == "insert":
            yield f"adds {kind}'{ours}'"
        elif operation == "delete":
            yield f"leaves out {kind}'{theirs}'"


def _kind(theirs: list[Token], ours: list[Token]) -> str:
    """How a difference is named: `punctuation ','`, `the word 'x'`, `words 'x y'`, or just the text when mixed."""
    words = [sum(1 for item in side if item.is_word) for side in (theirs, ours)]
    if not any(words):
        return "punctuation "
    if not all(words) and theirs and ours:  # a word where the other has a comma
        return ""
    return "the word " if max(words) == 1 and max(len(theirs), len(ours)) == 1 else "words "


def _span(text: str, items: list[Token]) -> str:
    return text[items[0].start : items[-1].end] if items else ""
