"""`briefing verify`: a briefing held to its archived sources (pure: a Briefing and archives in, findings out).

This module owns what verify reports. It reads no file: `evidence.check`
loads the briefing and the archives of `sources/` and locates each finding in
the briefing file. An *error* is a claim its source does not bear; a
*warning* is something verify could not check.

Errors:

* an archive whose text no longer matches the digest in its header: it was
  changed after it was archived, so it is no longer what the briefing was
  checked against;
* an evidence passage that is not in its archived source (the same words,
  by `matching`'s rules), with the closest passage and what differs;
* a quote that is not word for word in any archived source the position
  cites, with the closest passage and what differs; a quote whose ellipsis
  joins words of two sentences;
* a statement or a figure credited to a party (`actor`, `according_to`) that
  its passages, or the paragraph its quote is in, do not give as the speaker
  (`speakers`);
* a figure whose number its passage does not give, or gives with another
  qualifier; a chronology entry or a position's `said` whose passage dates it
  otherwise, or less precisely (`figures_and_dates`);
* two archived sources that give different numbers for the same figure.

Warnings:

* an item with no evidence though a source it cites is archived (older
  briefings keep working; this is the prompt to add the passage);
* a source whose archive is missing while passages cite it (each once);
* a quote in another language than all its archived sources: a translated
  quote cannot be checked word for word.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from briefing.evidence import matching
from briefing.evidence.figures_and_dates import Fault, Passage, date_faults, figure_faults, passage_of
from briefing.evidence.speakers import Parties
from briefing.pipeline.model import Actor, Briefing, ChronologyEntry, Evidence, Fact, Figure, FigureValue, Position
from briefing.pipeline.texts import Location, location_of
from briefing.sources.archive import ArchivedSource

Severity = Literal["error", "warning"]
SOURCES_FOLDER = "sources"
SHOWN_CHARACTERS = 300  # of a closest passage in a message: a quote of 40 words fits


@dataclass(frozen=True)
class Finding:
    location: Location
    message: str
    severity: Severity = "error"


def archive_name(source_id: str) -> str:
    return f"{SOURCES_FOLDER}/{source_id}.txt"


Item = Fact | Figure | ChronologyEntry | Position


@dataclass(frozen=True)
class ItemInBriefing:
    location: Location
    item: Item


def items(briefing: Briefing) -> Iterator[ItemInBriefing]:
    """Every item that takes evidence, in file order."""
    for index, fact in enumerate(briefing.facts):
        yield ItemInBriefing(location_of(Briefing, lambda b, i: b.facts[i], index), fact)
    for index, figure in enumerate(briefing.figures):
        yield ItemInBriefing(location_of(Briefing, lambda b, i: b.figures[i], index), figure)
    for index, entry in enumerate(briefing.chronology):
        yield ItemInBriefing(location_of(Briefing, lambda b, i: b.chronology[i], index), entry)
    for s_index, statement in enumerate(briefing.statements):
        for p_index, position in enumerate(statement.positions):
            location = location_of(Briefing, lambda b, s, p: b.statements[s].positions[p], s_index, p_index)
            yield ItemInBriefing(location, position)


@dataclass
class _Archive:
    """An archived source with its normalized text, made once per run."""

    source: ArchivedSource
    normalized: matching.Normalized = field(init=False)

    def __post_init__(self) -> None:
        self.normalized = matching.normalize(self.source.text)


@dataclass(frozen=True)
class Verified:
    """An evidence passage found in its source: the checks of figures and dates read it."""

    evidence: Evidence
    location: Location  # of the passage
    archive: ArchivedSource
    context: tuple[str, ...]  # the paragraph it is in and the one before, where its speaker may be named


def verify_briefing(briefing: Briefing, archives: Mapping[str, ArchivedSource]) -> list[Finding]:
    """Every finding of the module docstring: the archives', then item by item."""
    prepared = {source_id: _Archive(archive) for source_id, archive in archives.items()}
    actors = {actor.id: actor for actor in briefing.actors}
    parties = Parties(briefing.actors)
    published = {source.id: source.published for source in briefing.sources}
    findings: list[Finding] = [*_changed_archives(briefing, prepared), *_unarchived(briefing, prepared)]

    def read(verified: list[Verified]) -> list[Passage]:
        return [
            passage_of(v.evidence.passage, v.location, v.archive, briefing.language, published.get(v.archive.id))
            for v in verified
        ]

    def report(faults: Iterator[Fault]) -> None:
        findings.extend(Finding(fault.location, fault.message) for fault in faults)

    def credit(actor_id: str, location: Location, verified: list[Verified], quoted: Sequence[str] = ()) -> None:
        """The party an item is credited to must be the speaker of its passages (and its quote's paragraph)."""
        passages = [each.evidence.passage for each in verified] + list(quoted[:1])
        earlier = list(quoted[1:]) + [paragraph for each in verified for paragraph in each.context]
        if message := _not_the_speaker(actor_id, passages, earlier, actors, parties):
            findings.append(Finding(location, message))

    for place in items(briefing):
        item, location = place.item, place.location
        verified = list(_passages(item, location, prepared, findings))
        if isinstance(item, Position):
            credit(
                item.actor,
                (*location, *location_of(Position, lambda p: p.actor)),
                verified,
                _quote(item, location, briefing.language, prepared, findings),
            )
            if item.said is not None and verified:
                said = location_of(Position, lambda p: p.said)
                report(date_faults(location, said, str(item.said), read(verified), required=False))
        if isinstance(item, Figure):
            if item.according_to is not None:
                credit(item.according_to, (*location, *location_of(Figure, lambda f: f.according_to)), verified)
            if item.value is not None and verified:
                report(figure_faults(location, item, read(verified)))
            for index, value in enumerate(item.values):
                where = (*location, *location_of(Figure, lambda f, i: f.values[i], index))
                value_verified = list(_passages(value, where, prepared, findings))
                if value.according_to is not None:
                    credit(
                        value.according_to,
                        (*where, *location_of(FigureValue, lambda v: v.according_to)),
                        value_verified,
                    )
                if value_verified:
                    report(figure_faults(where, value, read(value_verified)))
        if isinstance(item, ChronologyEntry) and verified:
            date = location_of(ChronologyEntry, lambda e: e.date)
            report(date_faults(location, date, str(item.date), read(verified), required=True))
        _missing_evidence(item, location, prepared, findings)
    return findings


@dataclass(frozen=True)
class Coverage:
    """What verify held to an archive: passages, quotes, and the archives themselves."""

    passages: int
    quotes: int
    archives: tuple[str, ...]


def coverage(briefing: Briefing, archives: Mapping[str, ArchivedSource]) -> Coverage:
    passages = quotes = 0
    for place in items(briefing):
        passages += sum(1 for evidence in all_evidence(place.item) if evidence.source in archives)
        if isinstance(place.item, Position) and place.item.quote is not None:
            quotes += any(source_id in archives for source_id in place.item.sources)
    return Coverage(passages, quotes, tuple(source.id for source in briefing.sources if source.id in archives))


def _changed_archives(briefing: Briefing, archives: Mapping[str, _Archive]) -> Iterator[Finding]:
    for index, source in enumerate(briefing.sources):
        archive = archives.get(source.id)
        if archive is not None and archive.source.changed:
            yield Finding(
                location_of(Briefing, lambda b, i: b.sources[i].id, index),
                f"the archive was changed: the text of {archive_name(source.id)} no longer matches the sha256 "
                "in its header, so it is not what was archived; archive the article again "
                f"(`briefing source add URL-OR-FILE --id {source.id} --replace`)",
            )


def _unarchived(briefing: Briefing, archives: Mapping[str, _Archive]) -> Iterator[Finding]:
    cited: dict[str, int] = {}
    for place in items(briefing):
        for evidence in all_evidence(place.item):
            cited[evidence.source] = cited.get(evidence.source, 0) + 1
    for index, source in enumerate(briefing.sources):
        if source.id in cited and source.id not in archives:
            count = cited[source.id]
            yield Finding(
                location_of(Briefing, lambda b, i: b.sources[i].id, index),
                f"not archived ({archive_name(source.id)}), so {count} passage{'s' if count != 1 else ''} citing it "
                f"{'are' if count != 1 else 'is'} not checked; `briefing source add URL-OR-FILE --id {source.id}`",
                "warning",
            )


def _passages(
    item: Item | FigureValue, location: Location, archives: Mapping[str, _Archive], findings: list[Finding]
) -> Iterator[Verified]:
    for index, evidence in enumerate(item.evidence):
        archive = archives.get(evidence.source)
        if archive is None:
            continue
        where = (*location, *location_of(type(item), lambda cited, i: cited.evidence[i].passage, index))
        found = matching.find(evidence.passage, archive.normalized)
        if found is not None:
            yield Verified(evidence, where, archive.source, tuple(_paragraphs(archive, found)))
            continue
        findings.append(
            Finding(
                where,
                f"not in {archive_name(evidence.source)}"
                + _near_miss(evidence.passage, archive, "copy the passage as the source writes it"),
            )
        )


def _near_miss(text: str, archive: _Archive, remedy: str) -> str:
    """`; the closest passage is '...' (it differs: ...)`, or why there is none."""
    near = matching.closest(text, archive.source.text, archive.normalized)
    if near is None or near.similarity < 0.3:
        return f": no passage of it is close; {remedy}"
    differs = "; ".join(near.differences) or "only in spacing"
    return f": the closest passage is {_shown(near.passage)}; this one {differs}"


def _shown(passage: str) -> str:
    text = " ".join(passage.split())
    return f"'{text}'" if len(text) <= SHOWN_CHARACTERS else f"'{text[: SHOWN_CHARACTERS - 1]}…'"


def _quote(
    position: Position, location: Location, language: str, archives: Mapping[str, _Archive], findings: list[Finding]
) -> list[str]:
    """Check a position's quote word for word; the paragraph it is in and the one before (`_paragraphs`)."""
    if position.quote is None:
        return []
    quote_language = position.quote_language or language
    words = position.quote.source(quote_language) or position.quote.source(language)
    cited = [archives[source_id] for source_id in dict.fromkeys(position.sources) if source_id in archives]
    if words is None or not cited:
        return []
    where = (*location, *location_of(Position, lambda p: p.quote))
    same_language = [a for a in cited if a.source.language is None or _base(a.source.language) == _base(quote_language)]
    if not same_language:
        languages = ", ".join(sorted({a.source.language or "" for a in cited}))
        findings.append(
            Finding(
                where,
                f"the quote is in '{quote_language}' and its archived sources in '{languages}': "
                "a translated quote cannot be checked word for word",
                "warning",
            )
        )
        return []
    for archive in same_language:
        found = matching.find_quote(words, archive.normalized)
        if found is not None:
            return _paragraphs(archive, found)
    parts = matching.ellipsis_parts(words)
    if len(parts) > 1:
        for archive in same_language:
            joined = _joined_parts(parts, archive)
            if joined is None:
                continue
            if joined:
                findings.append(Finding(where, joined))
            return []
    names = " or ".join(archive_name(a.source.id) for a in same_language)
    nearest = max(
        same_language,
        key=lambda a: near.similarity if (near := matching.closest(words, a.source.text, a.normalized)) else 0.0,
    )
    findings.append(
        Finding(
            where,
            f"not word for word in {names}"
            + _near_miss(matching.strip_quote(words), nearest, "quote the speaker's words as the source gives them"),
        )
    )
    return []


def _joined_parts(parts: Sequence[str], archive: _Archive) -> str | None:
    """For a quote with an ellipsis: None if its parts are not all in this source in order,
    else a finding's message if the ellipsis joins two sentences, else ''."""
    text = archive.normalized.text
    position = 0
    spans: list[matching.Match] = []
    for part in parts:
        found = matching.find(part, archive.normalized, start=position)
        if found is None and not spans:
            found = matching.find(part[0].swapcase() + part[1:], archive.normalized, start=position)
        if found is None:
            return None
        spans.append(found)
        position = found.end
    for before, after in itertools.pairwise(spans):
        if matching.ends_a_sentence(text[before.end : after.start]):
            return (
                f"the ellipsis joins two sentences of {archive_name(archive.source.id)}: "
                f"{_shown(text[before.start : before.end])} and {_shown(text[after.start : after.end])} "
                "are not one statement; quote them as two, or paraphrase"
            )
    return ""


def _paragraphs(archive: _Archive, found: matching.Match) -> list[str]:
    """The paragraph of the source a match is in, where its speaker is named, and the one before it.

    A quote's paragraph may give its speaker only as `he told the media`: the
    paragraph before names him (`Interior Minister Bledi Cuci condemned ...`).
    """
    start, end = archive.normalized.original_span(found.start, found.end)
    text = archive.source.text
    first = text.rfind("\n\n", 0, start)
    last = text.find("\n\n", end)
    paragraph = text[first + 2 if first >= 0 else 0 : last if last >= 0 else len(text)]
    if first < 0:
        return [paragraph]
    before = text.rfind("\n\n", 0, first)
    return [paragraph, text[before + 2 if before >= 0 else 0 : first]]


def _not_the_speaker(
    actor_id: str, passages: list[str], earlier: list[str], actors: Mapping[str, Actor], parties: Parties
) -> str | None:
    """Why the passages do not bear crediting `actor_id`, or None.

    If they name no party (`he told the media`, `a spokesperson said`), their
    paragraphs and the ones before are read, as a reader would: `earlier`.
    """
    actor = actors.get(actor_id)
    if actor is None or not passages:
        return None
    named = parties.named_in(passages)
    if not named.named and earlier:
        named = parties.named_in([*passages, *earlier])
    if actor_id in named.speakers or (not named.speakers and actor_id in named.named):
        return None
    shown = _actor(actor)
    if named.speakers:
        others = ", ".join(_actor(actors[other]) for other in sorted(named.speakers))
        return f"the passage gives {others} as the speaker, not {shown}"
    return (
        f"the passage does not name {shown}; give the passage that names the speaker as evidence, "
        "or add the way the source names them to the actor's `aliases`"
    )


def _actor(actor: Actor) -> str:
    name = actor.name.plain or next(iter(actor.name.by_language.values()), actor.id)
    return f"{name} ({actor.id})"


def all_evidence(item: Item) -> list[Evidence]:
    """An item's evidence, and that of each value of a disputed figure."""
    values = item.values if isinstance(item, Figure) else []
    return [*item.evidence, *(evidence for value in values for evidence in value.evidence)]


def _missing_evidence(
    item: Item, location: Location, archives: Mapping[str, _Archive], findings: list[Finding]
) -> None:
    if all_evidence(item) or (isinstance(item, Position) and item.quote is not None):
        return
    archived = [source_id for source_id in dict.fromkeys(item.sources) if source_id in archives]
    if archived:
        findings.append(
            Finding(
                location,
                f"no evidence, though {archive_name(archived[0])} is archived: give the passage this comes from "
                f'(evidence: [{{source: {archived[0]}, passage: "..."}}])',
                "warning",
            )
        )


def _base(language: str) -> str:
    return language.split("_")[0]
