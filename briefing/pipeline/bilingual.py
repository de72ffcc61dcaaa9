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
* The timeline is drawn in each language, one under the other, the first
  language's first: each with its own labels, axis and legend, and the
  numbers both columns of the chronology show, so a reader of either
  language reads the figure in it and finds each event by its number.
  Bilingual labels in one figure would each need twice the room: on any busy
  stretch the crowding rules would cut them all to bare numbers.

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

    @property
    def name(self) -> str:
        """`en+sq`: names its files."""
        return edition_name([edition.language for edition in self.editions])

    @property
    def timelines(self) -> tuple[TimelineData, ...]:
        """Each language's timeline, the first language's first."""
        return tuple(edition.timeline for edition in self.editions if edition.timeline is not None)

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
