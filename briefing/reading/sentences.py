"""Sentences and paragraphs of an article, with offsets into the text as given.

A small rule set of our own rather than pysbd: pysbd has no Albanian rules, and its
character spans drift on typographic quotes, while passages must be verbatim
substrings. A sentence ends at `.`, `!`, `?` or `…` (with any closing quotation marks or
brackets after it) followed by white space and something that can start a sentence,
unless the word before the point is an abbreviation of the language, an initial, or a
number's part. A paragraph ends at a blank line (or a line break: articles as archived
put each paragraph on its own line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    """One sentence: `text == article[start:end]`, in the paragraph numbered from 0."""

    text: str
    start: int
    end: int
    paragraph: int


# Words written with a point that does not end a sentence, lower-cased, without the point.
_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "mr",
            "mrs",
            "ms",
            "dr",
            "prof",
            "st",
            "gen",
            "col",
            "lt",
            "sgt",
            "capt",
            "gov",
            "sen",
            "rep",
            "rev",
            "jr",
            "sr",
            "no",
            "nos",
            "vs",
            "etc",
            "e.g",
            "i.e",
            "approx",
            "est",
            "dept",
            "jan",
            "feb",
            "mar",
            "apr",
            "jun",
            "jul",
            "aug",
            "sep",
            "sept",
            "oct",
            "nov",
            "dec",
            "mon",
            "tue",
            "tues",
            "wed",
            "thu",
            "thurs",
            "fri",
            "sat",
            "sun",
            "inc",
            "ltd",
            "co",
            "corp",
            "u.s",
            "u.k",
            "u.n",
            "e.u",
            "a.m",
            "p.m",
            "fig",
            "op",
            "cf",
            "ca",
        ]
    ),
    "sq": frozenset(
        [
            "z",
            "znj",
            "zj",
            "dr",
            "prof",
            "gjen",
            "kol",
            "mr",
            "sh.a",
            "sh.p.k",
            "nr",
            "p.sh",
            "etj",
            "psh",
            "rr",
            "fq",
            "vol",
            "shek",
            "min",
            "mln",
            "mld",
            "jan",
            "shk",
            "pri",
            "qer",
            "kor",
            "gush",
            "sht",
            "tet",
            "nën",
            "dhj",
            "e.s",
            "p.e.s",
            "b.e",
            "sh.b.a",
            "o.k.b",
        ]
    ),
}
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“\u2018«„(["
# A candidate end: terminal punctuation, closing marks, then white space.
_END = re.compile(r"(?:[.!?…]+)[" + re.escape(_CLOSERS) + r"]*(?=\s)")
_PARAGRAPH_BREAK = re.compile(r"\n\s*")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def split_sentences(text: str, language: str) -> list[Sentence]:
    """The sentences of `text`, in order, each a verbatim slice of it (surrounding white space left out)."""
    abbreviations = _ABBREVIATIONS.get(language, frozenset())
    sentences: list[Sentence] = []
    paragraph = 0
    position = 0
    for paragraph_match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = paragraph_match.start() if paragraph_match else len(text)
        pieces = _split_paragraph(text, position, end, abbreviations)
        for start, stop in pieces:
            sentences.append(Sentence(text[start:stop], start, stop, paragraph))
        if pieces:
            paragraph += 1
        if paragraph_match:
            position = paragraph_match.end()
    return sentences


def _split_paragraph(text: str, start: int, end: int, abbreviations: frozenset[str]) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    piece_start = _skip_space(text, start, end)
    for match in _END.finditer(text, piece_start, end):
        if not _ends_sentence(text, match, end, abbreviations):
            continue
        pieces.append((piece_start, match.end()))
        piece_start = _skip_space(text, match.end(), end)
    stop = end
    while stop > piece_start and text[stop - 1].isspace():
        stop -= 1
    if stop > piece_start:
        pieces.append((piece_start, stop))
    return pieces


def _skip_space(text: str, position: int, end: int) -> int:
    while position < end and text[position].isspace():
        position += 1
    return position


def _ends_sentence(text: str, match: re.Match[str], end: int, abbreviations: frozenset[str]) -> bool:
    following = _skip_space(text, match.end(), end)
    if following >= end:
        return False  # the paragraph's end closes the last sentence anyway
    next_char = text[following]
    if not (next_char.isupper() or next_char.isdigit() or next_char in _OPENERS or next_char in "–—-"):
        return False
    punctuation = match.group()
    if not punctuation.startswith("."):
        return True
    # A window, not the whole text before: a search anchored at its end would rescan the text each time.
    word_match = _WORD_BEFORE.search(text, max(0, match.start() - 40), match.start())
    word = word_match.group(1) if word_match else ""
    if not word:
        return True
    lowered = word.lower().rstrip(".")
    if lowered in abbreviations:
        return False
    # An initial (J. Smith) or a run of letters with points (U.S., sh.a.): not an end.
    return not (len(word) == 1 and word.isupper()) and not re.fullmatch(r"(?:\w\.)+\w", word)
