"""Stage 2d, draft marks: which items `briefing draft` proposed and nobody has reviewed yet.

This module owns the `draft` marks (docs/format.md, "Draft marks") as the
pipeline reads them: `draft_marks` lists them in file order, `build --strict`
refuses a briefing that has any (`draft_problems`, one located line each,
since an item nobody reviewed must not be sent out), and `localize` badges
each one and gives the edition its banner. The marks are written by
`briefing.drafting`, which this module does not import.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from briefing.errors import Problem
from briefing.pipeline.load import Document
from briefing.pipeline.model import Briefing
from briefing.pipeline.texts import Location


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
