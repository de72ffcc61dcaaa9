"""What every proposal carries: the passage it comes from, and who the passage says is speaking.

A passage is one sentence of the article, verbatim, with its offsets, so that `briefing verify`
finds it again. The attribution is the speaker a sentence names as the source of what it says
("according to X", "X said", "said X", "sipas X", "tha X", "X u shpreh", "bëri të ditur X"), as
the article writes it, or None when the outlet says it itself. A sentence inside a quotation
takes the attribution of its paragraph's narration ("..., he told the media").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from briefing.reading.sentences import Sentence

_EN_VERBS = (
    "said|says|told|tells|added|adds|stated|states|claimed|claims|tweeted|wrote|writes|announced|announces|"
    "declared|explained|noted|insisted|confirmed|clarified|mentioned|argued|warned|stressed|claim|"
    "(?:say|state|insist|argue)(?=\\s+that)"
)
_SQ_VERBS = (
    "tha|thanë|thotë|deklaroi|deklaruan|deklaron|u shpreh|u shprehën|shtoi|shtuan|theksoi|theksuan|pohoi|pohon|"
    "sqaroi|bëri të ditur|bënë të ditur|njoftoi|njofton|njoftuan|raportoi|raporton|nënvizoi|tregoi|"
    "ka thënë|kanë thënë|ka deklaruar|thuhet|shkruan|shkroi|tha se|pretendon|pretendoi"
)
_ACCORDING = {"en": re.compile(r"\b(?i:according\s+to)\s+"), "sq": re.compile(r"(?<!\w)(?i:sipas)\s+")}
_VERB = {
    "en": re.compile(rf"(?<!\w)(?:{_EN_VERBS})(?!\w)"),
    "sq": re.compile(rf"(?<!\w)(?:{_SQ_VERBS})(?!\w)"),
}
# Where a speaker's name written after the verb stops: "tha Aleanca përmes një postimi" is "Aleanca".
_AFTER_STOP = {
    "en": {"that", "on", "in", "to", "at", "while", "adding", "after", "before", "during", "as", "who", "which"},
    "sq": {"se", "përmes", "nëpërmjet", "në", "për", "me", "gjatë", "pas", "duke", "që", "si", "tek", "te"},
}
_BEFORE_STRIP = {"en": {"and", "but", "while", "as", "then"}, "sq": {"dhe", "por", "ndërsa", "nga", "edhe"}}
_WORDS = re.compile(r"\S+")
# Where the words before a verb stop. A point inside a sentence is an abbreviation's ("The U.S. Embassy").
_SEGMENT_MARKS = ",;:!?–—("
_TRAILING_ADVERBS = {
    "further",
    "also",
    "later",
    "then",
    "again",
    "previously",
    "earlier",
    "too",
    "gjithashtu",
    "më",
    "tutje",
}
_RELATIVE_PRONOUNS = {"who", "which", "i cili", "e cila", "të cilët", "që"}
_PRONOUNS = {"he", "she", "they", "ai", "ajo", "ata", "ato"}
_IMPERSONAL = {"it", "it is", "it was", "there"}
_MAX_SPEAKER_WORDS = 8


@dataclass(frozen=True)
class Passage:
    """The sentence a proposal comes from: `text == article[start:end]`, in source `source_id`."""

    source_id: str
    text: str
    start: int
    end: int


def passage_of(sentence: Sentence, source_id: str) -> Passage:
    return Passage(source_id, sentence.text, sentence.start, sentence.end)


Item = TypeVar("Item")


def by_sentence(sentences: Sequence[Sentence], items: Sequence[Item], start: Callable[[Item], int]) -> list[list[Item]]:
    """The items that start in each sentence, in their order (items between sentences belong to none)."""
    starts = [sentence.start for sentence in sentences]
    grouped: list[list[Item]] = [[] for _ in sentences]
    for item in items:
        index = bisect.bisect_right(starts, start(item)) - 1
        if index >= 0 and start(item) < sentences[index].end:
            grouped[index].append(item)
    return grouped


def quoted_mask(text: str, sentences: list[Sentence]) -> list[bool]:
    """For each character of `text`, whether it is inside a quotation (the marks included).

    Quotations are followed paragraph by paragraph. A closing mark with no opening one (as
    published: PD nuk i njeh zgjedhjet,” deklaroi ai.) quotes the paragraph up to it.
    """
    mask = [False] * len(text)
    paragraphs: dict[int, tuple[int, int]] = {}
    for sentence in sentences:
        start, end = paragraphs.get(sentence.paragraph, (sentence.start, sentence.end))
        paragraphs[sentence.paragraph] = (min(start, sentence.start), max(end, sentence.end))
    for start, end in paragraphs.values():
        opened: int | None = None
        last_closed = start
        for position in range(start, end):
            char = text[position]
            if char in "“«„" or (char == '"' and opened is None):
                if opened is None:
                    opened = position
            elif char in "”»" or char == '"':
                begin = opened if opened is not None else last_closed
                for inside in range(begin, position + 1):
                    mask[inside] = True
                opened = None
                last_closed = position + 1
        if opened is not None:  # a quotation running to the paragraph's end (continued in the next)
            for inside in range(opened, end):
                mask[inside] = True
    return mask


def narration(sentence: Sentence, mask: list[bool]) -> str:
    """The sentence with its quoted parts blanked out (same length, so offsets hold)."""
    return "".join(" " if mask[sentence.start + index] else char for index, char in enumerate(sentence.text))


def speaker_in(narrated: str, language: str) -> str | None:
    """The speaker the narration of a sentence names, as written, or None."""
    if language not in _VERB:
        return None  # another language: its verbs of saying are not known here
    lang = language
    according = _ACCORDING[lang].search(narrated)
    if according:
        name = _words_after(narrated, according.end(), lang)
        if name:
            return name
    for verb in _VERB[lang].finditer(narrated):
        before = _words_before(narrated, verb.start(), lang)
        if before is None:
            continue  # a long clause before the verb: not "X said"
        if before:
            return None if before.lower() in _IMPERSONAL else before
        # "..., said the minister": the speaker after the verb, only where nothing comes before it.
        after = _words_after(narrated, verb.end(), lang)
        if after:
            return after
    return None


def _words_before(narrated: str, position: int, language: str) -> str | None:
    """The speaker written before a verb: "" when nothing is, None when a long clause is."""
    segment = narrated[:position]
    cut = max(segment.rfind(mark) for mark in _SEGMENT_MARKS)
    words = segment[cut + 1 :].split()
    earlier = segment[: max(cut, 0)]
    earlier_words = earlier[max(earlier.rfind(mark) for mark in _SEGMENT_MARKS) + 1 :].split()
    if (not words and cut >= 0) or " ".join(words).lower() in _RELATIVE_PRONOUNS:
        # "president of the Commission, Ursula von der Leyen, told", "blocked by Bulgaria, who said":
        # the name is at the end of the segment before.
        relative = bool(words)
        names = _trailing_name(earlier_words) if relative else _apposition(earlier_words)
        if names:
            return names
    while words and words[0].lower() in _BEFORE_STRIP[language]:
        words = words[1:]
    while words and words[-1].lower() in _TRAILING_ADVERBS:
        words = words[:-1]
    if len(words) > _MAX_SPEAKER_WORDS:
        return None
    return " ".join(words)


def _apposition(words: list[str]) -> str:
    """A short segment between commas that names or describes someone: "Ursula von der Leyen",
    "the Director of the Albanian State Police"; "" for anything else."""
    if not words or len(words) > _MAX_SPEAKER_WORDS:
        return ""
    return " ".join(words) if words[0][:1].isupper() or words[0].lower() in ("the", "a", "an") else ""


def _trailing_name(words: list[str]) -> str:
    """The capitalised words a segment ends with: "Ursula von der Leyen", "Bulgaria"."""
    name: list[str] = []
    for word in reversed(words):
        if word[:1].isupper() or (name and word in ("von", "der", "de", "van", "al", "bin")):
            name.insert(0, word)
        else:
            break
    while name and not name[0][:1].isupper():
        name.pop(0)
    return " ".join(name) if len(name) <= 5 else ""


def _words_after(narrated: str, position: int, language: str) -> str | None:
    words: list[str] = []
    for match in _WORDS.finditer(narrated, position):
        word = match.group()
        bare = word.rstrip(",;:.!?”»\"'")
        if not words and bare.lower() in ("në",):
            continue  # "thuhet në njoftim": the statement
        if bare.lower() in _AFTER_STOP[language] or not bare:
            break
        words.append(bare)
        if bare != word or len(words) >= _MAX_SPEAKER_WORDS:
            break
    if not words or (words[0].lower() in ("a", "an", "the") and len(words) == 1):
        return None
    if language == "en" and words[0].lower() in ("the", "a", "an") and words[1:2] and words[1].lower() == "media":
        return None
    return " ".join(words)


_LEADING_NAME = re.compile(r"((?:[A-ZÇËÀ-Ý][\w’'.-]*\s+){0,5}[A-ZÇËÀ-Ý][\w’'.-]*)\s+[a-zçë]")


# Capitalised only because they open a sentence: "The rain fell", "Në Tiranë".
_SENTENCE_OPENERS = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "they",
        "he",
        "she",
        "we",
        "i",
        "after",
        "while",
        "when",
        "however",
        "meanwhile",
        "furthermore",
        "there",
        "here",
        "some",
        "many",
        "all",
        "one",
        "në",
        "pas",
        "ky",
        "kjo",
        "këto",
        "ai",
        "ajo",
        "ata",
        "ato",
        "edhe",
        "por",
        "sipas",
        "nga",
        "për",
        "me",
        "gjatë",
        "ndërsa",
        "deri",
        "si",
        "kur",
        "një",
        "disa",
    ]
)


def _leading_name(sentence: str) -> str | None:
    """The capitalised words a sentence opens with, when a lower-case word (a verb) follows."""
    match = _LEADING_NAME.match(sentence)
    if match is None or match.group(1).split()[0].lower() in _SENTENCE_OPENERS:
        return None
    return match.group(1)


def attributions(text: str, sentences: list[Sentence], language: str) -> list[str | None]:
    """The speaker of each sentence: its own narration's, else (inside a quotation) its paragraph's."""
    mask = quoted_mask(text, sentences)
    own = [speaker_in(narration(sentence, mask), language) for sentence in sentences]
    by_paragraph: dict[int, str] = {}
    for sentence, speaker in zip(sentences, own, strict=True):
        if speaker and sentence.paragraph not in by_paragraph and any(mask[sentence.start : sentence.end]):
            by_paragraph[sentence.paragraph] = speaker
    result: list[str | None] = []
    named: dict[int, str] = {}  # the last speaker named by name, by paragraph
    for sentence in sentences:
        # A paragraph that opens with a name doing something ("Interior Minister Bledi Cuci
        # condemned ...") names whom a pronoun in the next one stands for.
        if sentence.paragraph not in named and not any(mask[sentence.start : sentence.end]):
            subject = _leading_name(sentence.text)
            if subject:
                named[sentence.paragraph] = subject
    for sentence, speaker in zip(sentences, own, strict=True):
        inside = any(mask[sentence.start : sentence.end])
        found = speaker or (by_paragraph.get(sentence.paragraph) if inside else None)
        if found and found.lower() in _PRONOUNS:
            # "he told the media": the speaker named in this paragraph or the one before, if any.
            found = named.get(sentence.paragraph) or named.get(sentence.paragraph - 1) or found
        elif found:
            named[sentence.paragraph] = found
        result.append(found)
    return result
