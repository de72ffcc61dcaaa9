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
* a number has one attribution everywhere: two figures of the same value,
  qualifier and label do not credit it to different parties (or one to a
  party and one to the source's own reporting).
* a translated quote says so: where a fact, entry or summary quotes words in
  “ ” or " ", a translation that puts other words in « » marks them with the
  note a translated quote carries (`përkthyer nga anglishtja`), or quotes the
  original words.
* a name is spelled one way: a person's name written in every language
  (`{same: Bledi Çuçi}`) is not spelled with other accents in any text, and
  an actor's name is not translated into the same name with other accents
  (Cuci, Çuçi).

The last two read the translations each edition would show (`Translation`:
the inline mappings, else the briefing's catalog), which `reviewed_translations`
gathers from the catalogs; without them only the rules of the file run.

What is not a warning, on purpose: a `claimed` fact that names no actor in
its text (the status already says it is someone's assertion, and the source
may not name them), and any judgement of wording.

A warning is a prompt for the author, never a refusal: `briefing check` and
`briefing build` print each one as `warning: file:line:col: field: message`
on stderr, and neither the exit status nor `--strict` depends on them. Both
commands call `editorial_warnings` on a briefing that has passed validation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from babel import Locale

from briefing.errors import BriefingError, Problem, display_path
from briefing.pipeline.load import Document
from briefing.pipeline.localize import Formatter, quote_of
from briefing.pipeline.model import Briefing, Figure
from briefing.pipeline.texts import Location, field_path, location_of, walk_texts
from briefing.pipeline.vocabulary import base_language
from briefing.translation.catalogs import CatalogSet, ContentCatalog

MAX_QUOTE_WORDS = 40
RULES = "docs/editorial.md"
# Words a text quotes in the briefing's language, and the spans a translation puts in guillemets.
_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"")
_GUILLEMETS = re.compile(r"«([^»]+)»")
_WORD = re.compile(r"\w+")
_SHORTEST_NAME_WORD = 3


@dataclass(frozen=True)
class TranslatedText:
    """One text as an edition of another language shows it, and where the translation was written."""

    text: str
    origin: str | None = None  # `locales/sq/LC_MESSAGES/x.po:205`; None for an inline mapping


@dataclass(frozen=True)
class Translation:
    """The texts of one other language of a briefing, and the note its editions put after a translated quote."""

    language: str
    texts: Mapping[Location, TranslatedText]
    quote_mark: str


def editorial_warnings(
    document: Document, briefing: Briefing, translations: Sequence[Translation] = ()
) -> list[Problem]:
    """Every mechanical editorial rule the briefing breaks, located in its file, in file order."""
    found = [
        *_single_source_confirmations(document, briefing),
        *_long_quotes(document, briefing),
        *_quotes_in_another_language_only(document, briefing),
        *_figures_credited_two_ways(document, briefing),
        *_unmarked_translated_quotes(document, briefing, translations),
        *_names_spelled_two_ways(document, briefing, translations),
    ]
    return sorted(found, key=lambda problem: (problem.line or 0, problem.column or 0))


def reviewed_translations(briefing: Briefing, catalogs: CatalogSet) -> list[Translation]:
    """The texts of each other language the briefing's editions show: its inline mappings, else its catalog.

    A language whose catalogs cannot be read is left out: the build reports
    that catalog, and the rules that read translations have nothing to read.
    """
    own = base_language(briefing.language)
    languages = {*briefing.languages, *(language for pair in briefing.bilingual for language in pair)}
    translations = []
    for language in sorted(lang for lang in languages if base_language(lang) != own):
        try:
            content = catalogs.content(briefing.id, language)
            mark = Formatter(catalogs.interface(language)).translated_from(briefing.language)
        except BriefingError:
            continue
        texts = {}
        for slot in walk_texts(briefing):
            source = slot.text.source(briefing.language)
            if slot.text.invariant or source is None:
                continue
            inline = slot.text.get(language, briefing.language) or slot.text.get(
                base_language(language), briefing.language
            )
            if inline is not None:
                texts[slot.location] = TranslatedText(inline)
            elif (found := content.lookup(slot.kind, source)[0]) is not None:
                texts[slot.location] = TranslatedText(found, _catalog_line(content, slot.kind, source))
        translations.append(Translation(language, texts, mark))
    return translations


def _catalog_line(content: ContentCatalog, kind: str, source: str) -> str | None:
    message = content.messages.get((kind, source))
    if content.path is None or message is None:
        return None
    return f"{display_path(content.path)}:{message.lineno}"


def _single_source_confirmations(document: Document, briefing: Briefing) -> Iterator[Problem]:
    for index, fact in enumerate(briefing.facts):
        if fact.status == "confirmed" and len(set(fact.sources)) < 2:
            yield document.problem(
                location_of(Briefing, lambda b, i: b.facts[i].status, index),
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
                    location_of(Briefing, lambda b, s, p: b.statements[s].positions[p].quote, s_index, p_index),
                    f"the quote is {words} words long; quote at most {MAX_QUOTE_WORDS} words "
                    f"and paraphrase the rest in the summary ({RULES})",
                )


def _quotes_in_another_language_only(document: Document, briefing: Briefing) -> Iterator[Problem]:
    """A quote written only in a language other than the briefing's: no edition can print it translated."""
    for s_index, statement in enumerate(briefing.statements):
        for p_index, position in enumerate(statement.positions):
            language = position.quote_language
            if position.quote is None or position.quote.plain is None or language is None:
                continue
            if base_language(language) == base_language(briefing.language):
                continue
            name = Locale("en").languages.get(base_language(language), language)
            yield document.problem(
                location_of(Briefing, lambda b, s, p: b.statements[s].positions[p].quote, s_index, p_index),
                f"the quote is given only in {name} ({language}): every edition prints it as written, marked "
                f"'in {name}', with no translation; to print one, write `quote: {{{language}: ..., "
                f"{briefing.language}: ...}}` (docs/format.md)",
            )


def _figures_credited_two_ways(document: Document, briefing: Briefing) -> Iterator[Problem]:
    """A later figure that repeats an earlier one's number and label but credits it to someone else."""
    first_of: dict[tuple[object, str, str], int] = {}
    for index, figure in enumerate(briefing.figures):
        key = (figure.value, figure.qualifier, figure.label.source(briefing.language) or "")
        earlier = first_of.setdefault(key, index)
        if earlier == index or briefing.figures[earlier].according_to == figure.according_to:
            continue
        number = (
            str(figure.value) if figure.qualifier == "exact" else f"{figure.qualifier.replace('_', ' ')} {figure.value}"
        )
        where = (
            location_of(Briefing, lambda b, i: b.figures[i].according_to, index)
            if figure.according_to is not None
            else location_of(Briefing, lambda b, i: b.figures[i].value, index)
        )
        first = field_path(location_of(Briefing, lambda b, i: b.figures[i], earlier))
        yield document.problem(
            where,
            f"{first} gives the same number ({number}, {key[2]!r}) {_credit(briefing.figures[earlier])}, "
            f"this one {_credit(figure)}; give a number one attribution everywhere, and no `according_to` "
            f"where the source states it in its own voice ({RULES})",
        )


def _credit(figure: Figure) -> str:
    return f"according to '{figure.according_to}'" if figure.according_to else "as the source's own reporting"


def _unmarked_translated_quotes(
    document: Document, briefing: Briefing, translations: Sequence[Translation]
) -> Iterator[Problem]:
    """Words a fact or entry quotes, put in « » by its translation in other words and without the mark."""
    for slot in walk_texts(briefing):
        source = slot.text.source(briefing.language)
        if slot.text.invariant or quote_of(slot) is not None or source is None:
            continue
        originals = {_folded_space(first or second) for first, second in _QUOTED.findall(source)}
        if not originals:
            continue
        for translation in translations:
            own = translation.texts.get(slot.location)
            if own is None:
                continue
            unmarked = [
                match.group(0)
                for match in _GUILLEMETS.finditer(own.text)
                if _folded_space(match.group(1)) not in originals
                and not re.match(rf"\s*\({re.escape(translation.quote_mark)}\)", own.text[match.end() :])
            ]
            if unmarked:
                yield document.problem(
                    slot.location,
                    f"the {translation.language} translation{_at(own)} quotes {', '.join(unmarked)} in other words "
                    f"than the original: mark a translated quote «...» ({translation.quote_mark}), "
                    f"or quote the original words ({RULES})",
                )


def _names_spelled_two_ways(
    document: Document, briefing: Briefing, translations: Sequence[Translation]
) -> Iterator[Problem]:
    """A name written two ways that differ only in their accents: Cuci and Çuçi."""
    for index, actor in enumerate(briefing.actors):
        source = actor.name.source(briefing.language) or ""
        name = location_of(Briefing, lambda b, i: b.actors[i].name, index)
        for translation in translations:
            own = translation.texts.get(name)
            if own is not None and own.text != source and _without_accents(own.text) == _without_accents(source):
                yield document.problem(
                    name,
                    f"{source!r} ({briefing.language}) and {own.text!r} ({translation.language}{_at(own, ', ')}) "
                    f"differ only in their accents: write a name one way in every edition, "
                    f"`{{same: ...}}` as its bearer writes it ({RULES})",
                )
    names = {
        _without_accents(word): (word, index)
        for index, actor in enumerate(briefing.actors)
        if actor.name.invariant
        for word in _WORD.findall(actor.name.source(briefing.language) or "")
        if len(word) >= _SHORTEST_NAME_WORD and not word.isdigit()
    }
    for slot in walk_texts(briefing):
        if slot.text.invariant:
            continue
        versions = [(briefing.language, TranslatedText(slot.text.source(briefing.language) or ""))]
        versions += [(t.language, own) for t in translations if (own := t.texts.get(slot.location)) is not None]
        for language, own in versions:
            for word in dict.fromkeys(_WORD.findall(own.text)):
                name, index = names.get(_without_accents(word), (word, -1))
                if word != name:
                    yield document.problem(
                        slot.location,
                        f"{word!r} ({language}{_at(own, ', ')}) spells the name {name!r} of actors[{index}] with "
                        f"other accents: write a name one way in every edition ({RULES})",
                    )


def _at(text: TranslatedText, separator: str = " in ") -> str:
    return f"{separator}{text.origin}" if text.origin else ""


def _without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _folded_space(text: str) -> str:
    return " ".join(text.split()).casefold()


def count_words(text: str) -> int:
    """Words as a reader counts them: runs between spaces that hold a letter or a digit (not a lone dash)."""
    return sum(1 for token in text.split() if any(character.isalnum() for character in token))
