"""Proposed figures: each counted quantity of an article, what it counts, and who gives it.

The value and qualifier are `briefing.reading.numbers`'; the label is the article's own words
after the number (the editor shortens it); the figure is credited to the speaker its sentence
names ("according to X", "X said", "sipas X", "tha X"), or to nobody, meaning the outlet.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from briefing.drafting.passages import Passage, attributions, by_sentence, passage_of
from briefing.pipeline.vocabulary import Qualifier
from briefing.reading.numbers import NumberMention, find_numbers
from briefing.reading.sentences import split_sentences


@dataclass(frozen=True)
class ProposedFigure:
    value: int | Decimal
    qualifier: Qualifier
    label: str
    according_to: str | None
    passage: Passage
    number: NumberMention


_LABEL_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_LABEL_STOP = {
    "en": {"in", "on", "at", "by", "from", "to", "that", "who", "which", "and", "or", "have", "has", "had", "for",
           "remain", "remained", "is", "are", "was", "were", "said", "with", "of"},
    "sq": {"në", "nga", "me", "që", "janë", "kanë", "u", "dhe", "ose", "për", "ishin", "ishte", "tha", "të", "së"},
}  # fmt: skip
_MAX_LABEL_WORDS = 3


def propose_figures(text: str, language: str, published: dt.date | None, source_id: str) -> list[ProposedFigure]:
    """Every counted quantity of `text` as a proposed figure, in the order of the article."""
    del published  # figures do not depend on the date; the signature matches the other proposals
    sentences = split_sentences(text, language)
    speakers = attributions(text, sentences, language)
    numbers = find_numbers(text, language)
    proposals = []
    grouped = by_sentence(sentences, numbers, lambda number: number.start)
    for sentence, speaker, inside in zip(sentences, speakers, grouped, strict=True):
        for number in inside:
            proposals.append(
                ProposedFigure(
                    number.value,
                    number.qualifier,
                    _label(text, number.end, sentence.end, language),
                    speaker,
                    passage_of(sentence, source_id),
                    number,
                )
            )
    return proposals


def _label(text: str, start: int, end: int, language: str) -> str:
    """The words after the number that say what it counts: "Albanian police", "ushtarë"."""
    stops = _LABEL_STOP.get(language, _LABEL_STOP["en"])
    words: list[str] = []
    position = start
    for match in _LABEL_WORD.finditer(text, start, end):
        if text[position : match.start()].strip(" \u00a0\u202f"):
            break  # punctuation between: the label has ended
        word = match.group()
        if word.lower() == "of" and not words:
            position = match.end()
            continue  # "hundreds of thousands of dollars": what is counted comes after
        if word.lower() in stops:
            if words or word.lower() == "of":
                break
            words.append(word)  # "100 were injured": the verb says what is counted
        else:
            words.append(word)
        position = match.end()
        if len(words) >= _MAX_LABEL_WORDS:
            break
    return " ".join(words)
