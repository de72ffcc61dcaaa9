"""Stage 2c, editorial review: the rules of docs/editorial.md that a machine can check.

This module owns the editorial warnings. docs/editorial.md is the rule book
(what each status means, how to attribute a figure, what may be a quote,
which dates a chronology may give); most of it needs a reader who knows the
sources. The few rules that can be read off the file alone are checked here:

* a `confirmed` fact needs more than one source: two independent sources, or
  an official record beside the report of it, or a party speaking against its
  own interest, each cited. With a single source it is probably `reported`.
* a quote is short: at most `MAX_QUOTE_WORDS` words of the speaker's own
  words, counted in the language the quote was given in. The rest belongs in
  the position's summary, paraphrased.

What is not a warning, on purpose: a `claimed` fact that names no actor in
its text (the status already says it is someone's assertion, and the source
may not name them), and any judgement of wording.

A warning is a prompt for the author, never a refusal: `briefing check` and
`briefing build` print each one as `warning: file:line:col: field: message`
on stderr, and neither the exit status nor `--strict` depends on them. Both
commands call `editorial_warnings` on a briefing that has passed validation.
"""

from __future__ import annotations

from collections.abc import Iterator

from briefing.errors import Problem
from briefing.pipeline.load import Document
from briefing.pipeline.model import Briefing

MAX_QUOTE_WORDS = 40
RULES = "docs/editorial.md"


def editorial_warnings(document: Document, briefing: Briefing) -> list[Problem]:
    """Every mechanical editorial rule the briefing breaks, located in its file, in file order."""
    return [*_single_source_confirmations(document, briefing), *_long_quotes(document, briefing)]


def _single_source_confirmations(document: Document, briefing: Briefing) -> Iterator[Problem]:
    for index, fact in enumerate(briefing.facts):
        if fact.status == "confirmed" and len(set(fact.sources)) < 2:
            yield document.problem(
                ("facts", index, "status"),
                f"'confirmed' rests on a single source; cite a second, independent one, or make it 'reported' ({RULES})",
            )


def _long_quotes(document: Document, briefing: Briefing) -> Iterator[Problem]:
    for s_index, statement in enumerate(briefing.statements):
        for p_index, position in enumerate(statement.positions):
            if position.quote is None:
                continue
            original = position.quote_language or briefing.language
            text = position.quote.source(original) or position.quote.source(briefing.language) or ""
            words = count_words(text)
            if words > MAX_QUOTE_WORDS:
                yield document.problem(
                    ("statements", s_index, "positions", p_index, "quote"),
                    f"the quote is {words} words long; quote at most {MAX_QUOTE_WORDS} words "
                    f"and paraphrase the rest in the summary ({RULES})",
                )


def count_words(text: str) -> int:
    """Words as a reader counts them: runs between spaces that hold a letter or a digit (not a lone dash)."""
    return sum(1 for token in text.split() if any(character.isalnum() for character in token))
