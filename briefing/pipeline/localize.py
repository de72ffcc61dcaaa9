"""Stage 3, localization: a Briefing and a language become an Edition, ready to lay out.

This module owns every decision about how the briefing reads in one language:
which text of each field is shown (and which ones fall back to the source
language, marked as untranslated), how dates of every precision and numbers
are written (Babel, in the edition's CLDR locale), the order of the
chronology, the numbering of sources, and which quotes are shown in
translation, and what the chronology's timeline shows (which `render` has
`timeline` draw). The result is plain data; templates only lay it out.

Every text goes one way: `walk_texts` finds it, `_TextResolver.resolve`
decides what the edition shows, and the views read the result by location.
A text the resolver did not see cannot reach a page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from babel.dates import format_skeleton
from babel.numbers import format_decimal

from briefing.errors import display_path
from briefing.pipeline.dates import DatePoint, PartialDate, Precision
from briefing.pipeline.drafts import draft_marks
from briefing.pipeline.model import Briefing, ChronologyEntry, Position
from briefing.pipeline.phrases import (
    DATE_PHRASES,
    INTERVAL,
    Hedge,
    Message,
    MonthCase,
    Span,
    month_name,
    translated_from,
)
from briefing.pipeline.texts import Indexes, LocalizedText, Location, TextSlot, field_path, location_of, walk_texts
from briefing.pipeline.timeline import TimelineData, TimelineEvent, TimelineWords
from briefing.pipeline.vocabulary import base_language
from briefing.translation.catalogs import ContentCatalog, InterfaceCatalog
from briefing.translation.checks import translation_problems

# How the location of a position's quote ends: the one text shown in its speaker's words, or marked translated.
_QUOTE = location_of(Position, lambda p: p.quote)


def quote_of(slot: TextSlot) -> Position | None:
    """The position whose quote the slot is; None for any other text."""
    if isinstance(slot.owner, Position) and slot.location[-len(_QUOTE) :] == _QUOTE:
        return slot.owner
    return None


class GapReason(StrEnum):
    """Why an edition shows a text in the source language."""

    UNTRANSLATED = "untranslated"
    FUZZY = "fuzzy"
    OUTDATED = "outdated"

    @property
    def explanation(self) -> str:
        """What the translator should do, as `--strict` and the build's warning say it."""
        return _GAP_EXPLANATIONS[self]


_GAP_EXPLANATIONS = {
    GapReason.UNTRANSLATED: "",
    GapReason.FUZZY: (
        "its translation is marked fuzzy: review it, then delete its `#, fuzzy` line and the `#|` lines"
        " (in Poedit: clear Needs work)"
    ),
    GapReason.OUTDATED: "its translation is of an older source text: run `briefing i18n update`, then review it",
}


@dataclass(frozen=True)
class Shown:
    """A text as an edition shows it; `lang` differs from the edition's when it is not translated.

    `note` says what a quote is when it is not in the words its speaker used
    ("translated from English") or not in the edition's language ("in English").
    """

    text: str
    lang: str
    untranslated: bool = False
    note: str | None = None


@dataclass(frozen=True)
class _AboutAText:
    location: Location
    language: str  # of the edition that shows the text: a bilingual PDF has two

    @property
    def field(self) -> str:
        return field_path(self.location)


@dataclass(frozen=True)
class Gap(_AboutAText):
    """A text the edition shows in the source language, and why."""

    reason: GapReason


@dataclass(frozen=True)
class TranslationWarning(_AboutAText):
    """A translation that lost something of its source (a number, a link, a placeholder)."""

    message: str


@dataclass(frozen=True)
class UnusedTranslation(_AboutAText):
    """A catalog entry the edition does not use: the briefing file translates the text inline."""

    catalog: Path

    @property
    def message(self) -> str:
        return (
            f"the briefing file translates this text inline, differently, so its entry in {display_path(self.catalog)} "
            "has no effect; keep one of the two"
        )


@dataclass(frozen=True)
class SourceRef:
    """A numbered reference to a source; `name` (its publisher, "Euractiv", else its title) describes its link."""

    number: int
    anchor: str
    name: str


@dataclass(frozen=True)
class FactView:
    text: Shown
    status: str
    sources: list[SourceRef]
    draft: str | None = None  # not yet reviewed: the editor's note, or "" for `draft: true`


@dataclass(frozen=True)
class FigureValueView:
    """One source's number of a disputed figure."""

    number: str
    qualifier: str
    according_to: Shown | None
    sources: list[SourceRef]


@dataclass(frozen=True)
class FigureView:
    number: str  # empty for a disputed figure, which shows its `values`
    qualifier: str
    label: Shown
    according_to: Shown | None
    sources: list[SourceRef]
    values: list[FigureValueView] = field(default_factory=list)
    draft: str | None = None  # not yet reviewed: the editor's note, or "" for `draft: true`


@dataclass(frozen=True)
class EventView:
    date: str
    edtf: str
    text: Shown
    sources: list[SourceRef]
    draft: str | None = None  # not yet reviewed: the editor's note, or "" for `draft: true`


@dataclass(frozen=True)
class ActorView:
    anchor: str
    name: Shown
    kind: str
    role: Shown | None
    draft: str | None = None  # not yet reviewed: the editor's note, or "" for `draft: true`


@dataclass(frozen=True)
class PositionView:
    actor: Shown
    actor_anchor: str
    said: str | None
    quote: Shown | None
    summary: Shown
    sources: list[SourceRef]
    draft: str | None = None  # not yet reviewed: the editor's note, or "" for `draft: true`


@dataclass(frozen=True)
class StatementView:
    anchor: str
    question: Shown
    positions: list[PositionView]
    draft: str | None = None  # not yet reviewed: the editor's note, or "" for `draft: true`


@dataclass(frozen=True)
class SourceView:
    number: int
    anchor: str
    title: str
    title_lang: str | None  # the source's language, when its briefing says it
    publisher: Shown | None
    url: str | None
    published: str | None
    accessed: str | None
    draft: str | None = None  # not yet reviewed: the editor's note, or "" for `draft: true`


@dataclass(frozen=True)
class Edition:
    """Everything one language edition of a briefing shows, localized; made whole by `localize`, never changed."""

    language: str
    catalog: InterfaceCatalog
    title: Shown
    subtitle: Shown | None
    as_of: str
    as_of_iso: str
    prepared_by: Shown | None
    tlp: str
    keywords: list[Shown]
    summary: list[Shown]
    facts: list[FactView]
    figures: list[FigureView]
    chronology: list[EventView]
    actors: list[ActorView]
    statements: list[StatementView]
    sources: list[SourceView]
    gaps: list[Gap] = field(default_factory=list)
    translation_warnings: list[TranslationWarning] = field(default_factory=list)
    unused_translations: list[UnusedTranslation] = field(default_factory=list)
    # Every text as this edition shows it, by location: for the glyph check and the embedded briefing file.
    texts: Mapping[Location, Shown] = field(default_factory=dict)
    timeline: TimelineData | None = None  # the chronology on a time axis, numbered as its list
    draft: bool = False  # some item is still marked `draft`: every page says it is not for distribution

    @property
    def tlp_label(self) -> str:
        # TLP labels are a protocol's fixed vocabulary: never translated.
        return f"TLP:{self.tlp}"

    @property
    def loose_ends(self) -> frozenset[str]:
        """The words a text cut short in this edition never ends on (its catalog's list)."""
        return Formatter(self.catalog).loose_ends()

    def language_name(self, code: str) -> str:
        """A language's name in this edition's language, from CLDR: `anglisht` for `en` in Albanian."""
        names = self.catalog.locale.languages
        return names.get(code.replace("-", "_")) or names.get(base_language(code)) or code


def localize(briefing: Briefing, catalog: InterfaceCatalog, content: ContentCatalog | None = None) -> Edition:
    """The edition of `briefing` in the catalog's language.

    Each text comes from, in order: the inline mapping in the briefing file, the
    briefing's content catalog (translated, non-fuzzy entries of the current
    source text only), else the source text, marked as untranslated.
    """
    formatter = Formatter(catalog)
    resolver = _TextResolver(briefing, catalog.language, content or ContentCatalog(None), formatter)
    shown = {slot.location: resolver.resolve(slot) for slot in walk_texts(briefing)}
    views = _Views(briefing, shown, formatter).edition(catalog)
    return replace(
        views,
        gaps=resolver.gaps,
        translation_warnings=resolver.warnings,
        unused_translations=resolver.unused,
        texts=shown,
    )


class Formatter:
    """Dates, numbers and language names in one edition's locale and words.

    Which message each form of a date uses is `phrases`'s; this class fills
    them in: CLDR's dates and month names, and the declined month names of
    the catalog, falling back to CLDR's where a catalog has none.
    """

    def __init__(self, catalog: InterfaceCatalog) -> None:
        self.locale = catalog.locale
        self.gettext = catalog.translations.gettext
        self.pgettext = catalog.translations.pgettext
        self.ngettext = catalog.translations.ngettext

    def day(self, value: dt.date | None) -> str | None:
        return None if value is None else format_skeleton("yMMMMd", value, locale=self.locale)

    def year(self, year: int) -> str:
        # A year is a name, not a quantity: the date pattern, never digit grouping (2,023).
        return format_skeleton("y", dt.date(year, 1, 1), locale=self.locale)

    def month(self, value: dt.date) -> str:
        """A month's short name, for the timeline's ticks: `Mar` / `mar`."""
        return format_skeleton("MMM", value, locale=self.locale)

    def number(self, value: Decimal | int) -> str:
        """A figure in the locale's digits and grouping, with exactly the decimals its author wrote."""
        value = Decimal(value)
        decimals = max(0, -value.as_tuple().exponent)  # type: ignore[operator]
        # The locale's grouping (`#,##0` / `#,##,##0`) with as many fixed decimals as were written:
        # `2.50` stays `2.50`, where Babel's own pattern (`.###`) would drop the zero.
        grouping = self.locale.decimal_formats[None].pattern.split(";")[0].split(".")[0]
        return format_decimal(value, format=grouping + ("." + "0" * decimals if decimals else ""), locale=self.locale)

    def partial_date(self, value: PartialDate) -> str:
        """A chronology date as an edition writes it: `March 2021`, `vitet 2000`, `që nga viti 2013`."""
        if value.open_ended:
            return self._phrase(Span.SINCE, value.start)
        if value.end is not None:
            text = self._translated(INTERVAL)
            return text % {"start": self.point(value.start), "end": self.point(value.end)}
        return self.point(value.start)

    def point(self, value: DatePoint) -> str:
        """One date on its own, at its precision, with its qualifiers."""
        return self._phrase(Span.POINT, value)

    def _phrase(self, span: Span, value: DatePoint) -> str:
        key = (span, value.precision, Hedge.of(value))
        phrase = DATE_PHRASES.get(key)
        if phrase is None:  # a plain year, month or day: CLDR's own
            skeleton = {Precision.DAY: "yMMMMd", Precision.MONTH: "yMMMM", Precision.YEAR: "y"}[value.precision]
            return format_skeleton(skeleton, value.first_day, locale=self.locale)
        values = {
            "year": format_skeleton("y", value.first_day, locale=self.locale),
            # The decade's year is a name, not a quantity: no digit grouping.
            "decade": str(value.year),
            "date": format_skeleton("yMMMMd", value.first_day, locale=self.locale),
            "month": self._month(phrase.month_case, value.month or 1),
        }
        return self._translated(phrase.message) % values

    def _month(self, case: MonthCase | None, month: int) -> str:
        if case is not None:
            message = month_name(case, month)
            declined = self.pgettext(message.context, message.id)
            if declined != message.id:
                return declined
            # Not in the catalog: CLDR's name in running text (a genitive where CLDR has one).
            return self.locale.months["format"]["wide"][month]
        return self.locale.months["stand-alone"]["wide"][month]

    def _translated(self, message: Message) -> str:
        return self.pgettext(message.context, message.id)

    def translated_from(self, language: str) -> str:
        """The note after a quote shown in translation from `language`."""
        message = translated_from(base_language(language))
        if message is not None and (note := self.pgettext(message.context, message.id)) != message.id:
            return note
        # TRANSLATORS: after a quote translated from a language without a "quote translated from" entry; %(language)s is CLDR's name of it.
        return self.gettext("translated from %(language)s") % {"language": self.language_name(language)}

    def timeline_words(self, count: int, first: DatePoint, last: DatePoint) -> TimelineWords:
        """The timeline's alternative text and legend: `Timeline of 9 events from 1985 to 20 June 2023`."""
        _, start, end = self.gettext, self.point(first), self.point(last)
        if start == end:
            # TRANSLATORS: the alternative text of the timeline when every event has the same date.
            title = self.ngettext("Timeline of %(num)d event, %(date)s", "Timeline of %(num)d events, %(date)s", count)
            title %= {"num": count, "date": start}
        else:
            # TRANSLATORS: the alternative text of the timeline, e.g. "Timeline of 9 events from 1985 to 20 June 2023".
            title = self.ngettext(
                "Timeline of %(num)d event from %(start)s to %(end)s",
                "Timeline of %(num)d events from %(start)s to %(end)s",
                count,
            )
            title %= {"num": count, "start": start, "end": end}
        # TRANSLATORS: the second sentence of the timeline's alternative text: a screen reader hears that the chronology after the figure lists every event, numbered as in the figure.
        listed = _("Each event is listed by its number in the chronology that follows.")
        title = f"{title}. {listed}"
        return TimelineWords(
            title=title,
            # TRANSLATORS: timeline legend, beside a pale bar: a date known only to the month, year or decade.
            sometime=_("Sometime in this period"),
            # TRANSLATORS: timeline legend, beside a solid bar: a period from one date to another.
            throughout=_("Throughout this period"),
            # TRANSLATORS: timeline legend, beside a bar that fades out: a period with no end yet ("since 2013").
            ongoing=_("Still ongoing"),
            # TRANSLATORS: timeline legend, beside "~".
            approximate=_("Approximate date"),
            # TRANSLATORS: timeline legend, beside "?".
            uncertain=_("Uncertain date"),
            loose_ends=self.loose_ends(),
        )

    def loose_ends(self) -> frozenset[str]:
        """The words a text cut short (a timeline label, the running title) never ends on."""
        # TRANSLATORS: not a sentence: the words of your language that a label cut short must not end on before its "…" (articles, prepositions, conjunctions, particles), separated by spaces, in any order. Albanian: "e i të së në me nga për dhe ose ndaj pranë".
        words = self.pgettext(
            "words a shortened text does not end on", "a an and as at by for from in into near of on or the to with"
        )
        return frozenset(words.casefold().split())

    def language_name(self, code: str) -> str:
        return self.locale.languages.get(code) or self.locale.languages.get(base_language(code)) or code


class _TextResolver:
    """Decides, text by text, what one edition shows; records the gaps and doubtful translations."""

    def __init__(self, briefing: Briefing, language: str, content: ContentCatalog, formatter: Formatter) -> None:
        self.briefing = briefing
        self.language = language
        self.content = content
        self.formatter = formatter
        self.gaps: list[Gap] = []
        self.warnings: list[TranslationWarning] = []
        self.unused: list[UnusedTranslation] = []

    def resolve(self, slot: TextSlot) -> Shown:
        if (position := quote_of(slot)) is not None:
            return self._quote(slot, position.quote_language or self.briefing.language)
        return self._text(slot)

    def _source(self, text: LocalizedText) -> str:
        source = text.source(self.briefing.language)
        assert source is not None, "validate guarantees a text in the briefing's language"
        return source

    def _own(self, slot: TextSlot) -> tuple[str | None, GapReason | None]:
        """The text in the edition's language (or a shorter tag's), or why there is none."""
        text, source_language = slot.text, self.briefing.language
        source = self._source(text)
        if text.invariant or base_language(self.language) == base_language(source_language):
            return text.get(self.language, source_language) or source, None
        own = text.get(self.language, source_language) or text.get(base_language(self.language), source_language)
        reason: GapReason | None = None
        found, why = self.content.lookup(slot.kind, source)
        if own is None:
            own = found
            reason = None if found is not None else GapReason(why)
        elif found is not None and found != own and self.content.path is not None:
            # Different words in two places: the translator's entry would be silently ignored.
            self.unused.append(UnusedTranslation(slot.location, self.language, self.content.path))
        if own is not None and (problems := translation_problems(source, own)):
            self.warnings.append(TranslationWarning(slot.location, self.language, "; ".join(problems)))
        return own, reason

    def _text(self, slot: TextSlot) -> Shown:
        own, reason = self._own(slot)
        if own is not None:
            return Shown(own, self.language)
        assert reason is not None
        self.gaps.append(Gap(slot.location, self.language, reason))
        return Shown(self._source(slot.text), self.briefing.language, untranslated=True)

    def _quote(self, slot: TextSlot, original: str) -> Shown:
        """The quote in the edition's language if we have it, with a note saying what it is."""
        _ = self.formatter.gettext
        language_name = self.formatter.language_name(original)
        if base_language(original) == base_language(self.language):
            return self._text(slot)
        verbatim = original_words(slot, self.briefing.language, self.language)
        translated, _reason = self._own(slot)
        # A translator who copies the quote unchanged keeps it in the speaker's words on purpose:
        # no source gives them in the edition's language, and a translation back would be no quote.
        if translated is not None and translated != verbatim:
            return Shown(translated, self.language, note=self.formatter.translated_from(original))
        if verbatim is not None:
            # A quote left in the words it was given in is faithful, not a gap: no warning.
            # TRANSLATORS: after a quote left in the language it was given in.
            return Shown(verbatim, original, note=_("in %(language)s") % {"language": language_name})
        return self._text(slot)


def original_words(slot: TextSlot, briefing_language: str, edition_language: str) -> str | None:
    """A quote's words as its speaker said them, when the file gives them and they are in another
    language than the edition's; None for any other text.

    An edition in another language shows a quote in these words, marked with
    their language, for as long as it has no translation: that edition is
    complete, and the quote is not an untranslated text (`i18n stats` counts
    its entry as shown in the original, the preview and `--strict` do not count it).
    """
    position = quote_of(slot)
    if position is None:
        return None
    original = position.quote_language or briefing_language
    if base_language(original) == base_language(edition_language):
        return None
    words = slot.text.get(original, briefing_language)
    # A bare quote is written in its `quote_language`: the original, with no translation given.
    return words if words is not None else slot.text.plain


class _Views:
    """Builds the edition's views from the model and the resolved texts."""

    def __init__(self, briefing: Briefing, shown: Mapping[Location, Shown], formatter: Formatter) -> None:
        self.briefing = briefing
        self.shown = shown
        self.formatter = formatter
        self.source_numbers = {source.id: number for number, source in enumerate(briefing.sources, start=1)}
        # What a reference's link says of its source: who published it (a name, in the edition's words
        # where translated), else its title. Not both: the title is the source's language, which a
        # link's description (one string, in the edition's language) cannot mark, and the same
        # description on every reference of a page is shorter read aloud.
        self.source_names = {
            source.id: self.publisher(n).text if source.publisher else source.title
            for n, source in enumerate(briefing.sources)
        }
        self.actor_index = {actor.id: index for index, actor in enumerate(briefing.actors)}

    def text(self, path: Callable[[Briefing, *Indexes], object], *indexes: *Indexes) -> Shown:
        return self.shown[location_of(Briefing, path, *indexes)]

    def publisher(self, index: int) -> Shown:
        return self.text(lambda b, i: b.sources[i].publisher, index)

    def optional(self, path: Callable[[Briefing, *Indexes], object], *indexes: *Indexes) -> Shown | None:
        return self.shown.get(location_of(Briefing, path, *indexes))

    def actor_name(self, actor_id: str) -> Shown:
        return self.text(lambda b, i: b.actors[i].name, self.actor_index[actor_id])

    def refs(self, source_ids: list[str]) -> list[SourceRef]:
        return [SourceRef(self.source_numbers[sid], f"source-{sid}", self.source_names[sid]) for sid in source_ids]

    def timeline(self, chronology: list[tuple[int, ChronologyEntry]]) -> TimelineData | None:
        """The chronology on a time axis, each event numbered as the list numbers it."""
        if not chronology:
            return None
        events = tuple(
            TimelineEvent(number, entry.date, self.text(lambda b, i: b.chronology[i].text, i).text)
            for number, (i, entry) in enumerate(chronology, start=1)
        )
        dates = [entry.date for _, entry in chronology]
        # The latest date said, so "since 2013" does not make the figure end at `as_of`.
        last = max((d.end or d.start for d in dates), key=lambda point: (point.last_day, point.sort_key))
        words = self.formatter.timeline_words(len(events), dates[0].start, last)
        return TimelineData(events, self.briefing.as_of, self.formatter, words)

    def edition(self, catalog: InterfaceCatalog) -> Edition:
        b, f = self.briefing, self.formatter
        chronology = sorted(enumerate(b.chronology), key=lambda pair: (pair[1].date.sort_key, pair[0]))
        return Edition(
            language=catalog.language,
            catalog=catalog,
            title=self.text(lambda b: b.title),
            subtitle=self.optional(lambda b: b.subtitle),
            as_of=f.day(b.as_of) or "",
            as_of_iso=b.as_of.isoformat(),
            prepared_by=self.optional(lambda b: b.prepared_by),
            tlp=b.tlp,
            keywords=[self.text(lambda b, i: b.keywords[i], i) for i in range(len(b.keywords))],
            summary=[self.text(lambda b, i: b.summary[i], i) for i in range(len(b.summary))],
            facts=[
                FactView(
                    self.text(lambda b, i: b.facts[i].text, i), fact.status, self.refs(fact.sources), _note(fact.draft)
                )
                for i, fact in enumerate(b.facts)
            ],
            figures=[
                FigureView(
                    number="" if figure.value is None else f.number(figure.value),
                    qualifier=figure.qualifier,
                    label=self.text(lambda b, i: b.figures[i].label, i),
                    according_to=None if figure.according_to is None else self.actor_name(figure.according_to),
                    sources=self.refs(figure.sources),
                    values=[
                        FigureValueView(
                            number=f.number(value.value),
                            qualifier=value.qualifier,
                            according_to=None if value.according_to is None else self.actor_name(value.according_to),
                            sources=self.refs(value.sources),
                        )
                        for value in figure.values
                    ],
                    draft=_note(figure.draft),
                )
                for i, figure in enumerate(b.figures)
            ],
            chronology=[
                EventView(
                    f.partial_date(entry.date),
                    str(entry.date),
                    self.text(lambda b, i: b.chronology[i].text, i),
                    self.refs(entry.sources),
                    _note(entry.draft),
                )
                for i, entry in chronology
            ],
            actors=[
                ActorView(
                    f"actor-{actor.id}",
                    self.text(lambda b, i: b.actors[i].name, i),
                    actor.kind,
                    self.optional(lambda b, i: b.actors[i].role, i),
                    _note(actor.draft),
                )
                for i, actor in enumerate(b.actors)
            ],
            statements=[
                StatementView(
                    anchor=f"question-{statement.id}" if statement.id else f"question-{s + 1}",
                    question=self.text(lambda b, s: b.statements[s].question, s),
                    positions=[
                        PositionView(
                            actor=self.actor_name(position.actor),
                            actor_anchor=f"actor-{position.actor}",
                            said=None if position.said is None else f.partial_date(position.said),
                            quote=self.optional(lambda b, s, p: b.statements[s].positions[p].quote, s, p),
                            summary=self.text(lambda b, s, p: b.statements[s].positions[p].summary, s, p),
                            sources=self.refs(position.sources),
                            draft=_note(position.draft),
                        )
                        for p, position in enumerate(statement.positions)
                    ],
                    draft=_note(statement.draft),
                )
                for s, statement in enumerate(b.statements)
            ],
            sources=[
                SourceView(
                    number=n,
                    anchor=f"source-{source.id}",
                    title=source.title,
                    title_lang=source.language,
                    publisher=self.publisher(n - 1) if source.publisher else None,
                    url=source.url,
                    published=f.day(source.published),
                    accessed=f.day(source.accessed),
                    draft=_note(source.draft),
                )
                for n, source in enumerate(b.sources, start=1)
            ],
            timeline=self.timeline(chronology),
            draft=bool(draft_marks(b)),
        )


def _note(mark: bool | str | None) -> str | None:
    """A draft mark as the templates show it: None when reviewed, else the note ("" for `draft: true`)."""
    if mark is None:
        return None
    return mark if isinstance(mark, str) else ""
