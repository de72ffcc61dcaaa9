"""Stage 2d, draft marks: which items `briefing draft` proposed and nobody has reviewed yet.

This module owns the `draft` marks (docs/format.md, "Draft marks") as the
pipeline reads them: `draft_marks` lists them in file order, `build --strict`
refuses a briefing that has any (`draft_problems`, one located line each,
since an item nobody reviewed must not be sent out), and `localize` badges
each one and gives the edition its banner. The marks are written by
`briefing.drafting`, which this module does not import.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from briefing.errors import Problem
from briefing.pipeline.load import Document
from briefing.pipeline.model import Actor, Briefing, ChronologyEntry, Fact, Figure, Source
from briefing.pipeline.texts import Location, location_of

# The items of the briefing's lists that may carry a mark; statements and their positions are nested.
_ListedItem = Source | Actor | Fact | Figure | ChronologyEntry


def draft_marks(briefing: Briefing) -> list[tuple[Location, bool | str]]:
    """Where the briefing still has a `draft` mark, in file order, with its note (or `True`)."""
    marks: list[tuple[Location, bool | str]] = []
    if briefing.draft is not None:
        marks.append((location_of(Briefing, lambda b: b.draft), briefing.draft))
    lists: list[tuple[Sequence[_ListedItem], Callable[[Briefing, int], object]]] = [
        (briefing.sources, lambda b, i: b.sources[i].draft),
        (briefing.actors, lambda b, i: b.actors[i].draft),
        (briefing.facts, lambda b, i: b.facts[i].draft),
        (briefing.figures, lambda b, i: b.figures[i].draft),
        (briefing.chronology, lambda b, i: b.chronology[i].draft),
    ]
    for items, mark in lists:
        marks += [
            (location_of(Briefing, mark, index), item.draft)
            for index, item in enumerate(items)
            if item.draft is not None
        ]
    for s_index, statement in enumerate(briefing.statements):
        if statement.draft is not None:
            marks.append((location_of(Briefing, lambda b, s: b.statements[s].draft, s_index), statement.draft))
        for p_index, position in enumerate(statement.positions):
            if position.draft is not None:
                where = location_of(Briefing, lambda b, s, p: b.statements[s].positions[p].draft, s_index, p_index)
                marks.append((where, position.draft))
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
