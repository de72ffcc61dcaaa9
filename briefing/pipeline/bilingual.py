"""Stage 3b, the bilingual parallel edition: two editions of a briefing, zipped into rows.

A bilingual edition prints every item in two languages side by side, so that
two readers hold the same page and point at the same line. It is made of two
`Edition`s, each localized as any edition is (`localize`: the one path every
text takes, with its fallbacks, gaps and warnings, and the dates and numbers
of its locale), then zipped here item by item into `Row`s of two views, the
first language's (left) and the second's: the summary paragraph by
paragraph, each fact, figure, chronology entry, actor, question, position
and source. Both editions are views of the same model in the same order (the
chronology is ordered by date, the same in every language), so a row pairs
one item with itself by construction; `zip(strict=True)` says so.

Decided here, for every template that lays the rows out (`bilingual.html`):

* A quote is shown once, across both columns, where both would show the
  same words: a quote that one column keeps in its original language for
  want of a translation would otherwise stand twice, side by side. Where a
  translation exists, each column shows its own, the translation marked as
  such (`localize` writes the notes).
* The timeline is drawn once, from the first language's edition. Its labels
  are the first words of the first language's texts and its numbers are the
  ones both columns of the chronology show, so a reader of either language
  finds each event by its number. Bilingual labels would each need twice the
  room: on any busy stretch the crowding rules would cut them all to bare
  numbers and stack more rows, and the figure's point, the shape of the story
  in time, is the same in both languages. Its legend is short, so it says
  both languages' words.

What an untranslated text looks like, and what `--strict` refuses, is each
edition's own: a gap in the second language shows in the second column,
marked, and is reported for that language.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from briefing.pipeline.localize import (
    ActorView,
    Edition,
    EventView,
    FactView,
    FigureView,
    PositionView,
    Shown,
    SourceView,
    StatementView,
)
from briefing.pipeline.model import Briefing
from briefing.pipeline.serialize import parallel_source
from briefing.pipeline.timeline import TimelineData
from briefing.pipeline.vocabulary import Paper, edition_name

if TYPE_CHECKING:
    from briefing.pipeline.render import Renderer, WebPage

T = TypeVar("T")
Row = tuple[T, T]  # one item: the first language's view, then the second's

# Between the two languages of one timeline legend entry.
LEGEND_SEPARATOR = " / "


@dataclass(frozen=True)
class PositionRow:
    """One party's position in both languages; `shared_quote` is its quote when both columns would show the same words."""

    views: Row[PositionView]
    shared_quote: Shown | None = None


@dataclass(frozen=True)
class StatementRow:
    anchor: str
    question: Row[Shown]
    positions: list[PositionRow]


@dataclass(frozen=True)
class ParallelEdition:
    """Everything a bilingual edition shows, row by row: each row the first language's view, then the second's."""

    editions: tuple[Edition, Edition]
    title: Row[Shown]
    subtitle: Row[Shown] | None
    prepared_by: Row[Shown] | None
    summary: list[Row[Shown]]
    facts: list[Row[FactView]]
    figures: list[Row[FigureView]]
    chronology: list[Row[EventView]]
    actors: list[Row[ActorView]]
    statements: list[StatementRow]
    sources: list[Row[SourceView]]
    timeline: TimelineData | None

    @property
    def name(self) -> str:
        """`en+sq`: names its files."""
        return edition_name([edition.language for edition in self.editions])

    @property
    def keywords(self) -> list[Shown]:
        """Both languages' keywords, each once."""
        seen: dict[str, Shown] = {}
        for edition in self.editions:
            for keyword in edition.keywords:
                seen.setdefault(keyword.text, keyword)
        return list(seen.values())

    def html(self, renderer: Renderer, *, paper: Paper, inline_css: str | None, logo: str | None) -> str:
        return renderer.render_parallel(self, paper=paper, inline_css=inline_css, logo=logo)

    def web(self, renderer: Renderer, page: WebPage) -> str:
        return renderer.render_web_parallel(self, page)

    def source(self, briefing: Briefing, logo_name: str | None) -> str:
        return parallel_source(briefing, self.editions, logo_name)


def zip_editions(first: Edition, second: Edition) -> ParallelEdition:
    """Two editions of one briefing, item by item."""
    return ParallelEdition(
        editions=(first, second),
        title=(first.title, second.title),
        subtitle=_optional(first.subtitle, second.subtitle),
        prepared_by=_optional(first.prepared_by, second.prepared_by),
        summary=_rows(first.summary, second.summary),
        facts=_rows(first.facts, second.facts),
        figures=_rows(first.figures, second.figures),
        chronology=_rows(first.chronology, second.chronology),
        actors=_rows(first.actors, second.actors),
        statements=[_statement(a, b) for a, b in _rows(first.statements, second.statements)],
        sources=_rows(first.sources, second.sources),
        timeline=_timeline(first, second),
    )


def _rows(first: Sequence[T], second: Sequence[T]) -> list[Row[T]]:
    return list(zip(first, second, strict=True))


def _optional(first: T | None, second: T | None) -> Row[T] | None:
    # Both or neither: a field the briefing has is shown in every language.
    assert (first is None) == (second is None)
    return None if first is None or second is None else (first, second)


def _statement(first: StatementView, second: StatementView) -> StatementRow:
    return StatementRow(
        anchor=first.anchor,
        question=(first.question, second.question),
        positions=[_position(a, b) for a, b in _rows(first.positions, second.positions)],
    )


def _position(first: PositionView, second: PositionView) -> PositionRow:
    a, b = first.quote, second.quote
    if a is None or b is None or a.untranslated or b.untranslated or (a.text, a.lang) != (b.text, b.lang):
        return PositionRow((first, second))
    # Each column's note (`in English`, or none in the quote's own language) stays with its view.
    return PositionRow((first, second), shared_quote=dataclasses.replace(a, note=None))


def _timeline(first: Edition, second: Edition) -> TimelineData | None:
    """The first language's timeline, its legend in both languages (its alternative text stays the first's)."""
    if first.timeline is None or second.timeline is None:
        return first.timeline
    own, other = first.timeline.words, second.timeline.words

    def both(name: str) -> str:
        return f"{getattr(own, name)}{LEGEND_SEPARATOR}{getattr(other, name)}"

    # A label is in the first language: it keeps that language's loose ends.
    legend = dataclasses.replace(
        own,
        sometime=both("sometime"),
        throughout=both("throughout"),
        ongoing=both("ongoing"),
        approximate=both("approximate"),
        uncertain=both("uncertain"),
    )
    return dataclasses.replace(first.timeline, words=legend)
