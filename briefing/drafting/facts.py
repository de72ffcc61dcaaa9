"""Proposed facts: the article's factual sentences that are not quotations, with a status.

By the editorial rules (docs/editorial.md): what a party says is `claimed` and attributed to
it; what the outlet states itself is `reported`; `confirmed` is never proposed, since it
takes a second source and an editor's judgement. A sentence that is mostly a quotation is a
statement (the quotes' drafting), not a fact; a line without a sentence's end (a headline, a
"Source » ..." line) and a sentence of fewer than six words are left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from briefing.drafting.passages import Passage, attributions, passage_of, quoted_mask
from briefing.reading.sentences import split_sentences


@dataclass(frozen=True)
class ProposedFact:
    text: str
    status: Literal["claimed", "reported"]
    attributed_to: str | None
    passage: Passage


_MIN_WORDS = 6
_MOSTLY_QUOTED = 0.5


def propose_facts(text: str, language: str, published: dt.date | None, source_id: str) -> list[ProposedFact]:
    """The factual sentences of `text`, in order, each as the article's own words."""
    del published  # a fact's status does not depend on the date; the signature matches the other proposals
    sentences = split_sentences(text, language)
    mask = quoted_mask(text, sentences)
    speakers = attributions(text, sentences, language)
    facts = []
    for sentence, speaker in zip(sentences, speakers, strict=True):
        quoted = sum(mask[sentence.start : sentence.end]) / max(1, sentence.end - sentence.start)
        if quoted > _MOSTLY_QUOTED or len(sentence.text.split()) < _MIN_WORDS:
            continue
        if sentence.text[-1] not in ".!?…”»\"'":
            continue
        status: Literal["claimed", "reported"] = "claimed" if speaker else "reported"
        facts.append(ProposedFact(sentence.text, status, speaker, passage_of(sentence, source_id)))
    return facts
