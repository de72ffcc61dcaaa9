"""Stage 3, localization: a Briefing and a language become an Edition, ready to lay out.

This module owns every decision about how the briefing reads in one language:
which text of each field is shown (and which ones fall back to the source
language, marked as untranslated), how dates of every precision and numbers
are written (Babel, in the edition's CLDR locale), the order of the
chronology, the numbering of sources, and which quotes are shown in
translation. The result is plain data; templates only lay it out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from babel import Locale
from babel.dates import format_skeleton
from babel.numbers import format_decimal

from briefing.catalogs import ContentCatalog, InterfaceCatalog
from briefing.dates import DatePoint, PartialDate, Precision
from briefing.loader import Location, format_location
from briefing.model import Briefing, LocalizedText, base_language


@dataclass(frozen=True)
class Shown:
    """A text as an edition shows it; `lang` differs from the edition's when it is not translated."""

    text: str
    lang: str
    untranslated: bool = False

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Gap:
    """A text the edition shows in the source language, and why: untranslated, fuzzy or outdated."""

    location: Location
    reason: str

    @property
    def field(self) -> str:
        return format_location(self.location)


@dataclass(frozen=True)
class TranslationWarning:
    """A translation that lost something of its source (a number, a link, a placeholder)."""

    location: Location
    message: str

    @property
    def field(self) -> str:
        return format_location(self.location)


@dataclass(frozen=True)
class SourceRef:
    number: int
    anchor: str


@dataclass(frozen=True)
class FactView:
    text: Shown
    status: str
    sources: list[SourceRef]


@dataclass(frozen=True)
class FigureView:
    number: str
    qualifier: str
    label: Shown
    according_to: Shown | None
    sources: list[SourceRef]


@dataclass(frozen=True)
class EventView:
    date: str
    edtf: str
    text: Shown
    sources: list[SourceRef]


@dataclass(frozen=True)
class ActorView:
    anchor: str
    name: Shown
    kind: str
    role: Shown | None


@dataclass(frozen=True)
class PositionView:
    actor: Shown
    actor_anchor: str
    said: str | None
    quote: Shown | None
    quote_note: str | None
    summary: Shown
    sources: list[SourceRef]


@dataclass(frozen=True)
class StatementView:
    anchor: str
    question: Shown
    positions: list[PositionView]


@dataclass(frozen=True)
class SourceView:
    number: int
    anchor: str
    title: str
    publisher: str | None
    url: str | None
    published: str | None
    accessed: str | None


@dataclass
class Edition:
    """Everything one language edition of a briefing shows, localized."""

    briefing_id: str
    language: str
    locale: Locale
    catalog: InterfaceCatalog
    title: Shown
    subtitle: Shown | None
    as_of: str
    as_of_iso: str
    prepared_by: Shown | None
    tlp: str
    keywords: list[str]
    summary: list[Shown]
    facts: list[FactView]
    figures: list[FigureView]
    chronology: list[EventView]
    actors: list[ActorView]
    statements: list[StatementView]
    sources: list[SourceView]
    gaps: list[Gap] = field(default_factory=list)
    translation_warnings: list[TranslationWarning] = field(default_factory=list)

    @property
    def tlp_label(self) -> str:
        # TLP labels are a protocol's fixed vocabulary: never translated.
        return f"TLP:{self.tlp}"


def localize(briefing: Briefing, catalog: InterfaceCatalog, content: ContentCatalog | None = None) -> Edition:
    """The edition of `briefing` in the catalog's language.

    Each text comes from, in order: the inline mapping in the briefing file, the
    briefing's content catalog (translated, non-fuzzy entries of the current
    source text only), else the source text, marked as untranslated.
    """
    return _Localizer(briefing, catalog, content or ContentCatalog(None, {})).edition()


_NUMBER = re.compile(r"\d+(?:[,.\u00a0\u202f ]\d{3})*(?:[.,]\d+)?")
_URL = re.compile(r"(?:https?://|mailto:)[^\s\"'<>»«]+[^\s\"'<>»«.,;:!?)]")
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|\{\w*\}")


def translation_problems(source: str, translation: str) -> list[str]:
    """What a translation lost of its source: numbers (and so dates), links, placeholders.

    Numbers are compared by their digits, so `1,000` matches `1 000` and
    `2.5` matches `2,5`.
    """

    def numbers(text: str) -> set[str]:
        return {re.sub(r"\D", "", number) for number in _NUMBER.findall(text)}

    problems = []
    if missing := sorted(numbers(source) - numbers(translation), key=lambda n: (len(n), n)):
        problems.append(f"the translation lacks the number(s) {', '.join(missing)} of the source")
    if missing := sorted(set(_URL.findall(source)) - set(_URL.findall(translation))):
        problems.append(f"the translation lacks the link(s) {', '.join(missing)}")
    if sorted(_PLACEHOLDER.findall(source)) != sorted(_PLACEHOLDER.findall(translation)):
        problems.append("the translation's placeholders differ from the source's")
    return problems


def format_partial_date(value: PartialDate, catalog: InterfaceCatalog) -> str:
    """A chronology date as an edition writes it: `March 2021`, `vitet 2000`, `since 2013`."""
    return _Formatter(catalog).partial_date(value)


def format_number(value: float, catalog: InterfaceCatalog) -> str:
    return _Formatter(catalog).number(value)


class _Formatter:
    """Dates and numbers in one edition's locale and words."""

    def __init__(self, catalog: InterfaceCatalog) -> None:
        self.locale = catalog.locale
        self.gettext = catalog.translations.gettext

    def day(self, value: dt.date | None) -> str | None:
        return None if value is None else format_skeleton("yMMMMd", value, locale=self.locale)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def partial_date(self, value: PartialDate) -> str:
        _ = self.gettext
        start = self.point(value.start)
        if value.open_ended:
            # TRANSLATORS: an open-ended period in the chronology, e.g. "since 2013".
            return _("since %(date)s") % {"date": start}
        if value.end is not None:
            # TRANSLATORS: a period in the chronology, e.g. "2019 – 2021".
            return _("%(start)s – %(end)s") % {"start": start, "end": self.point(value.end)}
        return start

    def point(self, value: DatePoint) -> str:
        _ = self.gettext
        if value.precision is Precision.DECADE:
            # The decade's year is a name, not a quantity: no digit grouping.
            # TRANSLATORS: a decade; %(decade)s is its first year: "the 2000s".
            text = _("the %(decade)ss") % {"decade": str(value.year)}
        else:
            skeleton = {Precision.DAY: "yMMMMd", Precision.MONTH: "yMMMM", Precision.YEAR: "y"}[value.precision]
            text = format_skeleton(skeleton, value.first_day, locale=self.locale)
        if value.approximate:
            # TRANSLATORS: an approximate date (circa), e.g. "c. 2013".
            text = _("c. %(date)s") % {"date": text}
        if value.uncertain:
            # TRANSLATORS: a date the sources are not sure of, e.g. "2013 (uncertain)".
            text = _("%(date)s (uncertain)") % {"date": text}
        return text

    def language_name(self, code: str) -> str:
        return self.locale.languages.get(code) or self.locale.languages.get(base_language(code)) or code


class _Localizer(_Formatter):
    def __init__(self, briefing: Briefing, catalog: InterfaceCatalog, content: ContentCatalog) -> None:
        super().__init__(catalog)
        self.briefing = briefing
        self.catalog = catalog
        self.content = content
        self.language = catalog.language
        self.gaps: dict[Location, Gap] = {}
        self.warnings: dict[Location, TranslationWarning] = {}
        self.source_numbers = {source.id: number for number, source in enumerate(briefing.sources, start=1)}
        self.actor_index = {actor.id: index for index, actor in enumerate(briefing.actors)}

    def own_text(self, value: LocalizedText, location: Location) -> tuple[str | None, str]:
        """The text in the edition's language (or its base language), and why there is none."""
        source = value.source(self.briefing.language)
        assert source is not None, "validate guarantees a text in the briefing's language"
        base = base_language(self.language)
        if base == base_language(self.briefing.language):
            return value.get(self.language, self.briefing.language) or source, "source"
        own = value.get(self.language, self.briefing.language) or value.get(base, self.briefing.language)
        reason = "inline"
        if own is None:
            own, reason = self.content.lookup(format_location(location), source)
        if own is not None:
            problems = translation_problems(source, own)
            if problems:
                self.warnings[location] = TranslationWarning(location, "; ".join(problems))
        return own, reason

    def text(self, value: LocalizedText, location: Location) -> Shown:
        shown, reason = self.own_text(value, location)
        if shown is not None:
            return Shown(shown, self.language)
        self.gaps[location] = Gap(location, reason)
        source = value.source(self.briefing.language)
        assert source is not None
        return Shown(source, self.briefing.language, untranslated=True)

    def optional(self, value: LocalizedText | None, location: Location) -> Shown | None:
        return None if value is None else self.text(value, location)

    def actor_name(self, actor_id: str) -> Shown:
        index = self.actor_index[actor_id]
        return self.text(self.briefing.actors[index].name, ("actors", index, "name"))

    def refs(self, source_ids: list[str]) -> list[SourceRef]:
        return [SourceRef(self.source_numbers[sid], f"source-{sid}") for sid in source_ids]

    def edition(self) -> Edition:
        b = self.briefing
        chronology = sorted(enumerate(b.chronology), key=lambda pair: (pair[1].date.sort_key, pair[0]))
        statements = []
        for s_index, statement in enumerate(b.statements):
            positions = []
            for p_index, position in enumerate(statement.positions):
                where = ("statements", s_index, "positions", p_index)
                quote, note = self.quote(position.quote, position.quote_language or b.language, (*where, "quote"))
                positions.append(
                    PositionView(
                        actor=self.actor_name(position.actor),
                        actor_anchor=f"actor-{position.actor}",
                        said=None if position.said is None else self.partial_date(position.said),
                        quote=quote,
                        quote_note=note,
                        summary=self.text(position.summary, (*where, "summary")),
                        sources=self.refs(position.sources),
                    )
                )
            anchor = f"question-{statement.id}" if statement.id else f"question-{s_index + 1}"
            statements.append(
                StatementView(anchor, self.text(statement.question, ("statements", s_index, "question")), positions)
            )

        edition = Edition(
            briefing_id=b.id,
            language=self.language,
            locale=self.locale,
            catalog=self.catalog,
            title=self.text(b.title, ("title",)),
            subtitle=self.optional(b.subtitle, ("subtitle",)),
            as_of=self.day(b.as_of) or "",
            as_of_iso=b.as_of.isoformat(),
            prepared_by=self.optional(b.prepared_by, ("prepared_by",)),
            tlp=b.tlp,
            keywords=[self.text(k, ("keywords", i)).text for i, k in enumerate(b.keywords)],
            summary=[self.text(p, ("summary", i)) for i, p in enumerate(b.summary)],
            facts=[
                FactView(self.text(f.text, ("facts", i, "text")), f.status, self.refs(f.sources))
                for i, f in enumerate(b.facts)
            ],
            figures=[
                FigureView(
                    number=self.number(f.value),
                    qualifier=f.qualifier,
                    label=self.text(f.label, ("figures", i, "label")),
                    according_to=None if f.according_to is None else self.actor_name(f.according_to),
                    sources=self.refs(f.sources),
                )
                for i, f in enumerate(b.figures)
            ],
            chronology=[
                EventView(
                    self.partial_date(e.date),
                    str(e.date),
                    self.text(e.text, ("chronology", i, "text")),
                    self.refs(e.sources),
                )
                for i, e in chronology
            ],
            actors=[
                ActorView(
                    f"actor-{a.id}",
                    self.text(a.name, ("actors", i, "name")),
                    a.kind,
                    self.optional(a.role, ("actors", i, "role")),
                )
                for i, a in enumerate(b.actors)
            ],
            statements=statements,
            sources=[
                SourceView(
                    number=n,
                    anchor=f"source-{s.id}",
                    title=s.title,
                    publisher=s.publisher,
                    url=s.url,
                    published=self.day(s.published),
                    accessed=self.day(s.accessed),
                )
                for n, s in enumerate(b.sources, start=1)
            ],
        )
        # Keyed by location: a text shown twice (an actor's name) is reported once.
        edition.gaps = list(self.gaps.values())
        edition.translation_warnings = list(self.warnings.values())
        return edition

    def quote(self, value: LocalizedText | None, original: str, location: Location) -> tuple[Shown | None, str | None]:
        """The quote in the edition's language if we have it, with a note saying what it is."""
        _ = self.gettext
        if value is None:
            return None, None
        if base_language(original) == base_language(self.language):
            return self.text(value, location), None
        translated, _reason = self.own_text(value, location)
        if translated is not None:
            return Shown(translated, self.language), _("translated from %(language)s") % {
                "language": self.language_name(original)
            }
        verbatim = value.get(original, self.briefing.language)
        if verbatim is not None:
            # A quote left in its own language is faithful, not a gap: no warning.
            return Shown(verbatim, original), _("in %(language)s") % {"language": self.language_name(original)}
        return self.text(value, location), None
