"""Proposed chronology entries: each sentence that dates an event, with the date it gives.

One entry per distinct date a sentence gives (a dateline's date is left out where the sentence
gives another: "TIRANA, Sept. 12, 2022 – ... over the weekend"). Relative dates carry
`relative=True` and the expression they were resolved from. Background dates ("in 1985", "the
2000s") are entries like any other; `background` marks those before the publication year, which
a briefing prints as earlier entries.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from briefing.drafting.passages import Passage, by_sentence, passage_of
from briefing.reading.dates import DateMention, find_dates
from briefing.reading.sentences import split_sentences


@dataclass(frozen=True)
class ProposedEntry:
    date: str
    precision: Literal["day", "month", "year", "decade"]
    approximate: bool
    relative: bool
    expression: DateMention
    background: bool
    passage: Passage


# A dateline: the first words of an article, a place in capitals or not, the date, then a dash or the agency.
_DATELINE_AFTER = re.compile(r"\s*(?:\(\w+\)\.?-?|[–—-])")


def propose_chronology(
    text: str,
    language: str,
    published: dt.date | None,
    source_id: str,
    *,
    published_precision: Literal["day", "month", "year"] = "day",
) -> list[ProposedEntry]:
    """Each dated sentence of `text`, one entry per distinct date, in the order of the article."""
    sentences = split_sentences(text, language)
    mentions = find_dates(text, language, published=published, published_precision=published_precision)
    entries: list[ProposedEntry] = []
    grouped = by_sentence(sentences, mentions, lambda mention: mention.start)
    for index, (sentence, inside) in enumerate(zip(sentences, grouped, strict=True)):
        datelines = [mention for mention in inside if index == 0 and _is_dateline(text, sentence.start, mention)]
        if len(inside) > len(datelines):
            inside = [mention for mention in inside if mention not in datelines]
        seen: set[str] = set()
        for mention in inside:
            if mention.edtf in seen:
                continue
            seen.add(mention.edtf)
            entries.append(
                ProposedEntry(
                    mention.edtf,
                    mention.precision,
                    mention.approximate,
                    mention.relative,
                    mention,
                    published is not None and int(mention.edtf[:3]) * 10 + 9 < published.year
                    if mention.precision == "decade"
                    else published is not None and int(mention.edtf[:4]) < published.year,
                    passage_of(sentence, source_id),
                )
            )
    return entries


def _is_dateline(text: str, sentence_start: int, mention: DateMention) -> bool:
    return mention.start - sentence_start <= 40 and bool(_DATELINE_AFTER.match(text, mention.end))
