"""Assembling a draft briefing from archived articles: every proposed item marked `draft`, with its evidence.

This module owns what `briefing draft` writes: which items a draft has, the
placeholders an editor must fill (title, summary, each statement's question),
the `draft` notes, how items of a source in another language are marked for
translation, and the merging of what two articles both say (the same
quotation → one position citing both). Finding quotations and speakers is
`quotes`'s and `speakers`'s; the result is YAML text, validated by the model
before anything is written (writing is the CLI's, atomically).

It never invents: each drafted word is the article's (a quote, a passage, a
name, a description as the article gives it) or a placeholder marked for the
editor. Items from a source in a language other than the briefing's keep
their words in that language under its code, beside a placeholder in the
briefing's language that starts with `[sq → en]` and carries the words to
translate: `summary: {en: "[sq → en] Personi që ...", sq: "Personi që ..."}`.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from briefing.drafting.chronology import ProposedEntry, propose_chronology
from briefing.drafting.facts import ProposedFact, propose_facts
from briefing.drafting.figures import ProposedFigure, propose_figures
from briefing.drafting.speakers import ActorGroup, Speaker, Statement, find_statements, fold, group_actors
from briefing.errors import BriefingError
from briefing.pipeline.vocabulary import LIMITS, MAX_ID_LENGTH, MAX_TEXT_LENGTH
from briefing.sources.archive import ArchivedSource

# The languages whose speech verbs, titles and pronouns the drafting knows.
DRAFT_LANGUAGES = ("en", "sq")
# An article is a few thousand words; a text this long is not one article and would cost
# time for nothing (the reading is linear, but each quotation looks back over the text).
MAX_ARTICLE_CHARACTERS = 1_000_000

_PLACEHOLDERS = {
    "en": {
        "title": "[DRAFT] Write the headline",
        "summary": "[DRAFT] Write the bottom line: what happened, and who says what",
        "question": "[DRAFT] Which question does this statement answer?",
    },
    "sq": {
        "title": "[DRAFT] Shkruani titullin",
        "summary": "[DRAFT] Shkruani përmbledhjen: çfarë ndodhi dhe kush çfarë thotë",
        "question": "[DRAFT] Cilës pyetjeje i përgjigjet ky qëndrim?",
    },
}


class DraftError(BriefingError):
    """The sources cannot make a draft (languages to choose between, an article too long)."""


@dataclass(frozen=True)
class Drafted:
    """A draft briefing's YAML, and what the editor should know about how it was made (one line each)."""

    text: str
    notes: tuple[str, ...]


@dataclass
class _Position:
    speaker: Speaker | None
    words: str
    language: str
    sources: list[str]
    how: str
    said: str | None = None
    continues: bool = False

    @property
    def key(self) -> str:
        return _quotation_key(self.words)


@dataclass(frozen=True)
class _Proposal:
    """A figure, chronology entry or fact proposed from one source, with the source's language."""

    item: ProposedFigure | ProposedEntry | ProposedFact
    source: ArchivedSource
    language: str


@dataclass
class _Draft:
    language: str
    notes: list[str] = field(default_factory=list)
    positions: list[list[_Position]] = field(default_factory=list)  # one list per statement
    speakers: list[Speaker] = field(default_factory=list)
    figures: list[_Proposal] = field(default_factory=list)
    chronology: list[_Proposal] = field(default_factory=list)
    facts: list[_Proposal] = field(default_factory=list)


def draft_briefing(
    sources: Sequence[ArchivedSource],
    *,
    briefing_id: str,
    language: str | None,
    today: dt.date,
    other_languages: Sequence[str] = (),
) -> Drafted:
    """A draft briefing of the archived `sources`, in `language` (default: the sources' own).

    Its editions are its own language and `other_languages` (those with an
    interface catalog, as `briefing new` gives them), so that translating is the next step.
    """
    if not sources:
        raise DraftError("give at least one source to draft from")
    briefing_language = _briefing_language(sources, language)
    draft = _Draft(briefing_language)
    for source in sources:
        _read_source(source, draft)
    actors = group_actors(speaker for speaker in draft.speakers)
    data = _assemble(sources, draft, actors, briefing_id, today)
    data["languages"] = _flow([briefing_language, *(lang for lang in other_languages if lang != briefing_language)])
    return Drafted(_dump(data), tuple(draft.notes))


def _briefing_language(sources: Sequence[ArchivedSource], language: str | None) -> str:
    if language is not None:
        return language
    languages = sorted({_language_of(source) for source in sources})
    if len(languages) > 1:
        raise DraftError(
            f"the sources are in {' and '.join(languages)}: choose the briefing's language with --language"
        )
    only = languages[0]
    return only if only in DRAFT_LANGUAGES else "en"


def _language_of(source: ArchivedSource) -> str:
    return (source.language or "en").split("_")[0]


def _read_source(source: ArchivedSource, draft: _Draft) -> None:
    text = source.text
    if len(text) > MAX_ARTICLE_CHARACTERS:
        raise DraftError(
            f"sources/{source.id}.txt: the text is {len(text):,} characters long; a draft reads at most "
            f"{MAX_ARTICLE_CHARACTERS:,} (one article is a few thousand): archive the article alone"
        )
    language = _language_of(source)
    _read_proposals(source, language, draft)
    if language not in DRAFT_LANGUAGES:
        draft.notes.append(
            f"sources/{source.id}.txt: the article is in '{language}'; statements and facts are drafted from "
            "English and Albanian articles only, so only its dates and numbers are drafted"
        )
        return
    found = find_statements(text, language)
    for mark in found.problems:
        draft.notes.append(f"sources/{source.id}.txt: text line {mark.line}, column {mark.column}: {mark.message}")
    if not found.statements:
        draft.notes.append(f"sources/{source.id}.txt: no direct quotation found, so no statement drafted from it")
    for statement in found.statements:
        _add_statement(statement, source, language, draft)


def _read_proposals(source: ArchivedSource, language: str, draft: _Draft) -> None:
    """Figures and dated events of any language (digits and dates read alike); facts of English and Albanian."""
    precision = (
        "day" if source.published is not None else ("month" if len(source.published_partial or "") == 7 else "year")
    )
    published = source.published or _partial_start(source.published_partial)
    draft.figures += [
        _Proposal(f, source, language) for f in propose_figures(source.text, language, published, source.id)
    ]
    draft.chronology += [
        _Proposal(entry, source, language)
        for entry in propose_chronology(
            source.text,
            language,
            published,
            source.id,
            published_precision=precision,  # type: ignore[arg-type]
        )
    ]
    if language in DRAFT_LANGUAGES:
        draft.facts += [
            _Proposal(f, source, language) for f in propose_facts(source.text, language, published, source.id)
        ]


def _partial_start(partial: str | None) -> dt.date | None:
    """`2023-06` as its first day, for relative dates; the precision travels beside it."""
    if not partial:
        return None
    parts = [int(part) for part in partial.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, 1)


def _add_statement(statement: Statement, source: ArchivedSource, language: str, draft: _Draft) -> None:
    words = statement.quotation.words
    speaker = statement.speaker
    if speaker is not None:
        draft.speakers.append(speaker)
    existing = _same_quotation(draft, words)
    if existing is not None:
        if source.id not in existing.sources:
            existing.sources.append(source.id)
        return
    position = _Position(
        speaker,
        words,
        language,
        [source.id],
        speaker.how if speaker is not None else "none",
        continues=statement.quotation.continues is not None,
    )
    if position.continues and draft.positions and len(draft.positions[-1]) < LIMITS["positions"]:
        draft.positions[-1].append(position)
    else:
        draft.positions.append([position])


def _same_quotation(draft: _Draft, words: str) -> _Position | None:
    """The position already drafted with these words (from another article), or one quoting a part of them."""
    key = _quotation_key(words)
    for positions in draft.positions:
        for position in positions:
            other = position.key
            if key == other or (min(len(key), len(other)) > 40 and (key in other or other in key)):
                return position
    return None


@functools.lru_cache(maxsize=4096)
def _quotation_key(words: str) -> str:
    return re.sub(r"[\W_]+", " ", fold(words)).strip()


def _assemble(
    sources: Sequence[ArchivedSource], draft: _Draft, actors: list[ActorGroup], briefing_id: str, today: dt.date
) -> CommentedMap:
    language = draft.language
    placeholders = _PLACEHOLDERS.get(language, _PLACEHOLDERS["en"])
    data = CommentedMap()
    data["schema"] = 1
    data["id"] = briefing_id
    data["language"] = language
    data["languages"] = _flow([language])
    first_title = next((s.title for s in sources if s.title and _language_of(s) == language), None)
    data["title"] = _quoted(first_title or placeholders["title"])
    published = [source.published for source in sources if source.published is not None]
    data["as_of"] = max(published).isoformat() if published else today.isoformat()
    data["tlp"] = "AMBER"
    data["summary"] = [_quoted(placeholders["summary"])]
    actor_ids = _actor_ids(actors)
    listed = [_actor(group, actor_ids[index], language, draft) for index, group in enumerate(actors)]
    if any(p.speaker is None for positions in draft.positions for p in positions):
        listed.append(unknown_speaker_actor(language))
    if listed:
        data["actors"] = listed
    statements = [
        _statement(positions, actors, actor_ids, language, placeholders)
        for positions in draft.positions[: LIMITS["statements"]]
    ]
    if len(draft.positions) > LIMITS["statements"]:
        draft.notes.append(
            f"{len(draft.positions)} quotations found; a briefing holds {LIMITS['statements']} statements, "
            "so the first ones are drafted"
        )
    if draft.facts:
        data["facts"] = [_fact(p, language) for p in draft.facts[: LIMITS["facts"]]]
    if draft.figures:
        data["figures"] = _figures(draft.figures[: LIMITS["figures"]], actors, actor_ids, language)
    if draft.chronology:
        data["chronology"] = [_entry(p, language) for p in draft.chronology[: LIMITS["chronology"]]]
    for kind, proposals in (("facts", draft.facts), ("figures", draft.figures), ("chronology", draft.chronology)):
        if len(proposals) > LIMITS[kind]:
            draft.notes.append(
                f"{len(proposals)} {kind} proposed; a briefing holds {LIMITS[kind]}, so the first are drafted"
            )
    if statements:
        data["statements"] = statements
    data["sources"] = [_source(source) for source in sources]
    data["draft"] = _quoted(
        "title, summary and TLP label are placeholders: write them, then remove this mark"
        if first_title is None
        else "the title is the article's headline; the summary and TLP label are placeholders: "
        "write them, then remove this mark"
    )
    return data


def _evidence(proposal: _Proposal) -> CommentedSeq:
    item = CommentedMap()
    item["source"] = proposal.source.id
    item["passage"] = _quoted(proposal.item.passage.text)
    return CommentedSeq([item])


def _fact(proposal: _Proposal, language: str) -> CommentedMap:
    fact = proposal.item
    assert isinstance(fact, ProposedFact)
    item = CommentedMap()
    item["text"] = _text(fact.text, proposal.language, language)
    item["status"] = fact.status
    item["sources"] = _flow([proposal.source.id])
    item["evidence"] = _evidence(proposal)
    notes = ["the text is the article's sentence: say it in your own words"]
    if fact.status == "claimed":
        notes.append(f"'claimed': {fact.attributed_to or 'a party'} says it; name them in the text")
    else:
        notes.append("'reported': the outlet says it; 'confirmed' needs evidence the draft cannot judge")
    if proposal.language != language:
        notes.append(f"translate from '{proposal.language}'")
    item["draft"] = _quoted("; ".join(notes))
    return item


def _figures(
    proposals: list[_Proposal], actors: list[ActorGroup], actor_ids: list[str], language: str
) -> list[CommentedMap]:
    """Each figure with its passage; what two sources count differently is flagged on both."""
    values: dict[str, set[str]] = {}
    for proposal in proposals:
        assert isinstance(proposal.item, ProposedFigure)
        values.setdefault(fold(proposal.item.label), set()).add(f"{proposal.item.value} ({proposal.source.id})")
    figures = []
    for proposal in proposals:
        figure = proposal.item
        assert isinstance(figure, ProposedFigure)
        item = CommentedMap()
        item["value"] = figure.value
        if figure.qualifier != "exact":
            item["qualifier"] = figure.qualifier
        item["label"] = _text(figure.label or figure.number.text, proposal.language, language)
        notes = ["the label is the article's words after the number: say what it counts"]
        if figure.according_to:
            group = next((g for g in actors if g.absorbs(figure.according_to)), None)
            if group is not None and _named_in(proposal.item.passage.text, group):
                item["according_to"] = actor_ids[actors.index(group)]
            elif group is not None:
                # `briefing verify` holds `according_to` to a passage that names the party.
                notes.append(f"given by {group.name}, whom the passage does not name: cite the passage that does")
            else:
                notes.append(f"given by '{figure.according_to}', who is not among the actors")
        item["sources"] = _flow([proposal.source.id])
        item["evidence"] = _evidence(proposal)
        others = values[fold(figure.label)] - {f"{figure.value} ({proposal.source.id})"}
        if any(not other.endswith(f"({proposal.source.id})") for other in others):
            notes.append(f"the sources differ: {', '.join(sorted(values[fold(figure.label)]))}; a disputed figure?")
        if proposal.language != language:
            notes.append(f"translate the label from '{proposal.language}'")
        item["draft"] = _quoted("; ".join(notes))
        figures.append(item)
    return figures


def _named_in(passage: str, group: ActorGroup) -> bool:
    folded = fold(passage)
    names = [group.name, *group.names, *group.words]
    return any(fold(name) in folded for name in names if fold(name) not in ("he", "she", "they", "ai", "ajo", "ata"))


def _entry(proposal: _Proposal, language: str) -> CommentedMap:
    entry = proposal.item
    assert isinstance(entry, ProposedEntry)
    item = CommentedMap()
    item["date"] = _quoted(entry.date)
    item["text"] = _text(entry.passage.text, proposal.language, language)
    item["sources"] = _flow([proposal.source.id])
    item["evidence"] = _evidence(proposal)
    notes = ["the text is the article's sentence: say what happened in your own words"]
    if entry.relative:
        published = proposal.source.published_text or "?"
        notes.insert(0, f"date resolved from '{entry.expression.text}' against the publication date {published}")
    if entry.background:
        notes.append("background: before the article's events")
    if proposal.language != language:
        notes.append(f"translate from '{proposal.language}'")
    item["draft"] = _quoted("; ".join(notes))
    return item


def _actor_ids(actors: list[ActorGroup]) -> list[str]:
    ids: list[str] = []
    for group in actors:
        base = _slug(group.name) or "actor"
        candidate, number = base, 2
        while candidate in ids:
            candidate, number = f"{base}-{number}", number + 1
        ids.append(candidate)
    return ids


def _slug(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_name = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    # An acronym in brackets names the party best: `People’s Mojahedin Organization of Iran (MEK)` → `mek`.
    bracketed = re.search(r"\(([a-z0-9]{2,})\)", ascii_name)
    if bracketed:
        return bracketed.group(1)
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:MAX_ID_LENGTH]


def _actor(group: ActorGroup, actor_id: str, language: str, draft: _Draft) -> CommentedMap:
    actor = CommentedMap()
    actor["id"] = actor_id
    actor["name"] = _quoted(group.name)
    actor["kind"] = group.kind
    descriptions = [d for d in group.descriptions if fold(d) != fold(group.name)]
    aliases = [n for n in group.names if n != group.name] + [w for w in group.words if fold(w) != fold(group.name)]
    if aliases:
        actor["aliases"] = [_quoted(alias) for alias in dict.fromkeys(aliases)]
    speaker_language = _speaker_language(group, draft) or language
    if descriptions:
        actor["role"] = _text(descriptions[0], speaker_language, language)
    notes = []
    if len(group.names) > 1:
        notes.append(f"one party under the names {', '.join(repr(n) for n in group.names)}")
    if not group.kind_stated:
        notes.append("the kind is a guess: the text does not say it")
    if descriptions:
        notes.append("the role is the article's description of the speaker")
    if speaker_language != language:
        notes.append(f"translate the role from '{speaker_language}'")
    actor["draft"] = _quoted("; ".join(notes)) if notes else True
    return actor


def _speaker_language(group: ActorGroup, draft: _Draft) -> str | None:
    for positions in draft.positions:
        for position in positions:
            if position.speaker is not None and group.absorbs(position.speaker.name):
                return position.language
    return None


def _statement(
    positions: list[_Position],
    actors: list[ActorGroup],
    actor_ids: list[str],
    language: str,
    placeholders: dict[str, str],
) -> CommentedMap:
    statement = CommentedMap()
    statement["question"] = _quoted(placeholders["question"])
    statement["draft"] = _quoted("write the question this statement answers; put opposing positions under it")
    statement["positions"] = [_position(p, actors, actor_ids, language) for p in positions]
    return statement


def _position(position: _Position, actors: list[ActorGroup], actor_ids: list[str], language: str) -> CommentedMap:
    item = CommentedMap()
    notes = []
    speaker = position.speaker
    if speaker is None:
        # A position needs an actor: the editor must name the speaker the article does not give.
        item["actor"] = "unknown-speaker"
        notes.append("no speaker found: name the actor (and add it to `actors`)")
    else:
        index = next(i for i, group in enumerate(actors) if group.absorbs(speaker.name))
        item["actor"] = actor_ids[index]
        if fold(speaker.words) != fold(speaker.name):
            notes.append(f"the speaker '{speaker.words}' read as {speaker.name} ({speaker.how})")
        elif speaker.how not in ("after", "before"):
            notes.append(f"the speaker is {speaker.how}")
    # The speaker's words under their language; in a briefing of another language, beside a marked
    # placeholder for the translation (the format needs a text in the briefing's language).
    item["quote"] = _text(position.words, position.language, language)
    item["quote_language"] = position.language
    item["summary"] = _text(position.words, position.language, language)
    notes.append("the summary is the quote: paraphrase it")
    if position.continues:
        notes.append("continues the quotation above, split by its attribution")
    if position.language != language:
        notes.append(f"translate the quote and the summary from '{position.language}'")
    if len(position.sources) > 1:
        notes.append(f"the same words in {len(position.sources)} sources")
    item["sources"] = _flow(position.sources)
    item["draft"] = _quoted("; ".join(notes))
    return item


def _source(source: ArchivedSource) -> CommentedMap:
    item = CommentedMap()
    item["id"] = source.id
    item["title"] = _quoted(source.title or source.outlet or source.url or source.id)
    if source.language:
        item["language"] = source.language
    if source.outlet:
        item["publisher"] = _quoted(source.outlet)
    if source.url:
        item["url"] = _quoted(source.url)
    if source.published is not None:
        item["published"] = source.published.isoformat()
    if source.retrieved is not None:
        item["accessed"] = source.retrieved.date().isoformat()
    missing = [name for name, value in (("title", source.title), ("outlet", source.outlet)) if not value]
    note = "from the archived page's metadata: check it"
    if missing:
        note += f"; the archive gives no {' or '.join(missing)}"
    if source.published is None and source.published_partial:
        note += f"; published {source.published_partial} (no day given)"
    item["draft"] = _quoted(note)
    return item


def _text(words: str, words_language: str, language: str) -> Any:
    """A text in the briefing's language, or the words in theirs beside a marked placeholder to translate."""
    words = words[:MAX_TEXT_LENGTH]
    if words_language == language:
        return _quoted(words)
    mapping = CommentedMap()
    mapping[language] = _quoted(f"[{words_language} → {language}] {words}"[:MAX_TEXT_LENGTH])
    mapping[words_language] = _quoted(words)
    return mapping


def _quoted(text: str) -> DoubleQuotedScalarString:
    return DoubleQuotedScalarString(text)


def _flow(values: list[str]) -> CommentedSeq:
    sequence = CommentedSeq(values)
    sequence.fa.set_flow_style()
    return sequence


def _dump(data: CommentedMap) -> str:
    yaml = YAML()
    yaml.width = 4096  # one text, one line: a diff shows the editor's change, not a re-wrap
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    stream = io.StringIO()
    stream.write(
        "# A draft made by `briefing draft`: every item marked `draft` was proposed from the sources and\n"
        "# needs a reader. Check each against its source, then remove its `draft` line;\n"
        "# `briefing build --strict` refuses the file while any mark is left (docs/format.md, draft marks).\n"
    )
    yaml.dump(data, stream)
    return stream.getvalue()


def unknown_speaker_actor(language: str) -> CommentedMap:
    actor = CommentedMap()
    actor["id"] = "unknown-speaker"
    actor["name"] = _quoted("[DRAFT] ?" if language not in _PLACEHOLDERS else _UNKNOWN[language])
    actor["kind"] = "person"
    actor["draft"] = _quoted("the article gives no speaker the drafting could find: name the party")
    return actor


_UNKNOWN = {"en": "[DRAFT] Who is speaking?", "sq": "[DRAFT] Kush flet?"}
