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

Draft marks (`draft: true` or a note, written by `briefing draft`) are not
warnings but a gate: `draft_marks` lists them, and `build --strict` refuses a
briefing that has any, one located line each, since an item nobody reviewed
must not be sent out.

A warning is a prompt for the author, never a refusal: `briefing check` and
`briefing build` print each one as `warning: file:line:col: field: message`
on stderr, and neither the exit status nor `--strict` depends on them. Both
commands call `editorial_warnings` on a briefing that has passed validation.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from briefing.errors import Problem
from briefing.pipeline.load import Document
from briefing.pipeline.model import Briefing
from briefing.pipeline.texts import Location

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


def draft_marks(briefing: Briefing) -> list[tuple[Location, bool | str]]:
    """Where the briefing still has a `draft` mark, in file order, with its note (or `True`)."""
    marks: list[tuple[Location, bool | str]] = []
    if briefing.draft is not None:
        marks.append((("draft",), briefing.draft))
    lists: list[tuple[str, Sequence[Any]]] = [
        ("sources", briefing.sources),
        ("actors", briefing.actors),
        ("facts", briefing.facts),
        ("figures", briefing.figures),
        ("chronology", briefing.chronology),
    ]
    for name, items in lists:
        marks += [((name, index, "draft"), item.draft) for index, item in enumerate(items) if item.draft is not None]
    for s_index, statement in enumerate(briefing.statements):
        if statement.draft is not None:
            marks.append((("statements", s_index, "draft"), statement.draft))
        for p_index, position in enumerate(statement.positions):
            if position.draft is not None:
                marks.append((("statements", s_index, "positions", p_index, "draft"), position.draft))
    return marks


def draft_problems(document: Document, briefing: Briefing) -> list[Problem]:
    """Why `build --strict` refuses a draft: each mark, located, with the editor's note."""
    problems = []
    for location, note in draft_marks(briefing):
        said = f" ({note})" if isinstance(note, str) else ""
        problems.append(
            document.problem(location, f"a draft, not yet reviewed{said}: check it, then remove the `draft` mark")
        )
    return problems
