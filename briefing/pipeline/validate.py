"""Stage 2b, validation: a loaded Document becomes a Briefing, or every problem in it is reported.

This module owns the user-facing wording of validation problems: pydantic's
errors are rewritten into one line each with file, line, column and field
path, unknown fields get a "did you mean" suggestion, and the checks that span
fields (duplicate ids, references to sources, actors and statements that do
not exist, texts missing in the briefing's own language, editions without an
interface catalog) run here. `check_files`, which `briefing check` runs, also
collects the editorial warnings of the valid briefings (`editorial`).
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from briefing.errors import BriefingError, InputError, Problem, display_path, quoted
from briefing.pipeline.images import ImageProblem, read_logo
from briefing.pipeline.load import Document, load_document
from briefing.pipeline.model import (
    Briefing,
    ChronologyEntry,
    Fact,
    Figure,
    FigureValue,
    Position,
    ThemeSettings,
    describe_value,
)
from briefing.pipeline.texts import Location, location_of, walk_texts
from briefing.pipeline.vocabulary import fallback_languages
from briefing.workspace import THEME_SETTINGS, Workspace

if TYPE_CHECKING:
    # The editorial rules read translations (localize, timeline): imported by `check` alone, so that
    # validating theme.yaml on a build that has nothing to do stays cheap.
    from briefing.pipeline.editorial import Translation

MAX_LOGO_BYTES = 2 * 1024 * 1024
M = TypeVar("M", bound=BaseModel)
# The items that cite sources, and may give the evidence for them.
Cited = Fact | Figure | ChronologyEntry | Position


def load_briefing(path: Path, interface_languages: Iterable[str] | None) -> Briefing:
    """Load, validate and cross-check one briefing file.

    `interface_languages` are the languages the templates can speak (the
    source language of the templates plus every interface catalog).
    """
    document = load_document(path)
    return validate_document(document, None if interface_languages is None else set(interface_languages))


@dataclass
class Checked:
    """What `briefing check` found: the valid briefings, their editorial warnings, and the errors of the others."""

    briefings: list[Briefing] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    failures: list[BriefingError] = field(default_factory=list)


def check_files(
    paths: Iterable[Path],
    interface_languages: Iterable[str] | None,
    translations: Callable[[Briefing], Sequence[Translation]] | None = None,
) -> Checked:
    """Validate files without rendering, and review the valid ones against the editorial rules.

    With `interface_languages` None, editions without an interface catalog are
    not an error (the translators' commands create those catalogs).
    """
    languages = None if interface_languages is None else set(interface_languages)
    checked = Checked()
    claimed: dict[str, Path] = {}
    for path in paths:
        try:
            document = load_document(path)
            briefing = validate_document(document, languages)
            claim_id(document, briefing, claimed)
        except BriefingError as error:
            checked.failures.append(error)
            continue
        checked.briefings.append(briefing)
        from briefing.pipeline.editorial import editorial_warnings

        checked.warnings += editorial_warnings(document, briefing, translations(briefing) if translations else ())
    return checked


def validate_document(document: Document, interface_languages: set[str] | None) -> Briefing:
    """The Briefing, or an InputError with every problem: the YAML's, the model's, the cross-checks'."""
    briefing = validate_model(document, Briefing)
    problems = [*document.problems, *_cross_check(document, briefing, interface_languages)]
    if problems:
        raise InputError(problems)
    return briefing


def validate_model(document: Document, model: type[M]) -> M:
    """The document as an instance of `model`, or an InputError with the YAML's and the model's problems."""
    try:
        value = model.model_validate(document.data)
    except ValidationError as error:
        # A field the loader already reported (an alias, a tag) is not reported twice.
        model_problems = [
            _describe(document, item, model) for item in error.errors() if not document.is_spoiled(tuple(item["loc"]))
        ]
        raise InputError([*document.problems, *model_problems]) from None
    return value


def _describe(document: Document, error: Any, model: type[BaseModel]) -> Problem:
    location: Location = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return document.problem(location, "required field is missing")
    if kind == "extra_forbidden":
        name = str(location[-1])
        message = f"unknown field {quoted(name)}"
        known = _field_names(model, location[:-1])
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        if close:
            message += f"; did you mean '{close[0]}'?"
        elif known:
            message += f"; expected one of {', '.join(known)}"
        return document.problem(location, message, key=True)
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'|(\d+)", error["ctx"]["expected"])
        choices = ", ".join(word or number for word, number in allowed)
        return document.problem(location, f"{quoted(value)} is not one of {choices}")
    if kind == "value_error":
        return document.problem(location, str(error["ctx"]["error"]))
    if kind in ("list_type", "model_type", "model_attributes_type", "dict_type"):
        wanted = "a list" if kind == "list_type" else "a mapping of fields"
        hint = '; start each item with "- "' if kind == "list_type" and isinstance(value, dict) else ""
        return document.problem(location, f"expected {wanted}, not {describe_value(value)}{hint}")
    if kind == "too_short":
        return document.problem(location, f"needs at least {error['ctx']['min_length']} item(s)")
    if kind == "too_long":
        return document.problem(location, f"may have at most {error['ctx']['max_length']} item(s)")
    return document.problem(location, error["msg"][0].lower() + error["msg"][1:])


def _field_names(model: type[BaseModel], location: Location) -> list[str]:
    """The field names allowed at a location, for suggestions."""
    annotation: Any = model
    for part in location:
        annotation = _unwrap(annotation)
        if isinstance(part, int):
            args = typing.get_args(annotation)
            annotation = args[0] if args else None
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = next((f for name, f in annotation.model_fields.items() if (f.alias or name) == part), None)
            annotation = field.annotation if field else None
        else:
            return []
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [f.alias or name for name, f in annotation.model_fields.items()]
    return []


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            annotation = options[0]
        else:
            return annotation


def _cross_check(document: Document, briefing: Briefing, interface_languages: set[str] | None) -> Iterator[Problem]:
    source_ids = yield from _unique_ids(document, [s.id for s in briefing.sources], lambda b, i: b.sources[i].id)
    actor_ids = yield from _unique_ids(document, [a.id for a in briefing.actors], lambda b, i: b.actors[i].id)
    yield from _unique_ids(document, [s.id for s in briefing.statements], lambda b, i: b.statements[i].id)

    def check_sources(location: Location, item: Cited) -> Iterator[Problem]:
        for index, reference in enumerate(item.sources):
            if reference not in source_ids:
                where = (*location, *location_of(type(item), lambda i, n: i.sources[n], index))
                yield document.problem(where, _unknown("source", reference, source_ids))

    def check_evidence(location: Location, item: Cited | FigureValue) -> Iterator[Problem]:
        """Evidence comes from a source the item cites: the reader sees the number of that source."""
        for index, evidence in enumerate(item.evidence):
            if evidence.source not in item.sources:
                listed = f"[{', '.join(item.sources)}]" if item.sources else "none"
                yield document.problem(
                    (*location, *location_of(type(item), lambda i, n: i.evidence[n].source, index)),
                    f"'{evidence.source}' is not among this item's sources ({listed}); add it to `sources` too",
                )

    def check_actor(location: Location, reference: str | None) -> Iterator[Problem]:
        if reference is not None and reference not in actor_ids:
            yield document.problem(location, _unknown("actor", reference, actor_ids))

    for index, fact in enumerate(briefing.facts):
        location = location_of(Briefing, lambda b, i: b.facts[i], index)
        yield from check_sources(location, fact)
        yield from check_evidence(location, fact)
    for index, figure in enumerate(briefing.figures):
        location = location_of(Briefing, lambda b, i: b.figures[i], index)
        yield from check_sources(location, figure)
        yield from check_evidence(location, figure)
        yield from check_actor((*location, *location_of(Figure, lambda f: f.according_to)), figure.according_to)
        yield from _figure_values(document, location, figure, check_actor, check_evidence)
    for index, entry in enumerate(briefing.chronology):
        location = location_of(Briefing, lambda b, i: b.chronology[i], index)
        yield from check_sources(location, entry)
        yield from check_evidence(location, entry)
    for s_index, statement in enumerate(briefing.statements):
        for p_index, position in enumerate(statement.positions):
            location = location_of(Briefing, lambda b, s, p: b.statements[s].positions[p], s_index, p_index)
            yield from check_actor((*location, *location_of(Position, lambda p: p.actor)), position.actor)
            yield from check_sources(location, position)
            yield from check_evidence(location, position)
            if position.quote_language and position.quote is None:
                yield document.problem(
                    (*location, *location_of(Position, lambda p: p.quote_language)),
                    "quote_language is given but there is no quote",
                )

    seen_languages: set[str] = set()
    for index, language in enumerate(briefing.languages):
        location = location_of(Briefing, lambda b, i: b.languages[i], index)
        if language in seen_languages:
            yield document.problem(location, f"'{language}' is listed twice")
        seen_languages.add(language)
        yield from _catalog_problems(document, location, language, interface_languages)
    seen_pairs: set[tuple[str, str]] = set()
    for index, pair in enumerate(briefing.bilingual):
        if pair in seen_pairs:
            yield document.problem(
                location_of(Briefing, lambda b, i: b.bilingual[i], index), f"[{', '.join(pair)}] is listed twice"
            )
        seen_pairs.add(pair)
        for side, language in enumerate(pair):
            location = location_of(Briefing, lambda b, i, side: b.bilingual[i][side], index, side)
            yield from _catalog_problems(document, location, language, interface_languages)

    if briefing.logo is not None and (
        message := logo_problem(document.path.parent, briefing.logo, "the briefing's folder")
    ):
        yield document.problem(location_of(Briefing, lambda b: b.logo), message)

    for slot in walk_texts(briefing):
        if slot.text.source(briefing.language) is None:
            yield document.problem(slot.location, f"no text in the briefing's language '{briefing.language}'")


def _figure_values(
    document: Document,
    location: Location,
    figure: Figure,
    check_actor: Callable[[Location, str | None], Iterator[Problem]],
    check_evidence: Callable[[Location, Cited | FigureValue], Iterator[Problem]],
) -> Iterator[Problem]:
    """A figure has one `value`, or the `values` its sources disagree on: at least two, each from its sources."""
    if figure.value is None and not figure.values:
        yield document.problem(location, "give the number: `value`, or `values` when sources disagree on it")
        return
    values = (*location, *location_of(Figure, lambda f: f.values))
    if figure.value is not None and figure.values:
        yield document.problem(values, "give either `value` or `values` (a disputed figure), not both")
    if len(figure.values) == 1:
        yield document.problem(values, "a disputed figure shows at least two values; with one, write `value`")
    if figure.values and figure.according_to is not None:
        yield document.problem(
            (*location, *location_of(Figure, lambda f: f.according_to)),
            "credit each of a disputed figure's values: `values[].according_to`",
        )
    for index, value in enumerate(figure.values):
        where = (*values, index)
        for s_index, source in enumerate(value.sources):
            if source not in figure.sources:
                yield document.problem(
                    (*where, *location_of(FigureValue, lambda v, n: v.sources[n], s_index)),
                    f"'{source}' is not among the figure's sources ([{', '.join(figure.sources)}]); add it there too",
                )
        yield from check_actor((*where, *location_of(FigureValue, lambda v: v.according_to)), value.according_to)
        yield from check_evidence(where, value)


def _catalog_problems(
    document: Document, location: Location, language: str, interface_languages: set[str] | None
) -> Iterator[Problem]:
    """An edition's language needs an interface catalog (unless the caller makes catalogs: None)."""
    if interface_languages is None:
        return
    if not any(candidate in interface_languages for candidate in fallback_languages(language)):
        available = ", ".join(sorted(interface_languages))
        yield document.problem(
            location,
            f"no interface catalog for '{language}' (locales/{language}/LC_MESSAGES/messages.po); "
            f"available: {available}; `briefing i18n init {language}` starts one",
        )


def claim_id(document: Document, briefing: Briefing, claimed: dict[str, Path]) -> None:
    """Record a briefing's id for a run; an InputError if another file of the run has it.

    Two briefings with one id would write the same outputs and share one catalog.
    """
    other = claimed.get(briefing.id)
    if other is not None and other != document.path:
        raise InputError(
            [
                document.problem(
                    location_of(Briefing, lambda b: b.id),
                    f"'{briefing.id}' is also the id of {display_path(other)}; "
                    "their outputs and catalogs would overwrite each other",
                )
            ]
        )
    claimed[briefing.id] = document.path


def logo_problem(folder: Path, name: str, place: str) -> str | None:
    """Why the image `name` cannot serve as a logo from `folder` (which messages call `place`), or None."""
    folder = folder.resolve()
    logo = (folder / name).resolve()
    if folder not in logo.parents:
        return f"{quoted(name)} is outside {place}"
    if not logo.is_file():
        return f"no file {quoted(name)} in {place}"
    try:
        read_logo(logo, MAX_LOGO_BYTES)  # as a build reads it: size, then the bytes inspected
    except ImageProblem as error:
        return f"{quoted(name)} {error}"
    return None


def read_theme(workspace: Workspace) -> ThemeSettings | None:
    """The workspace's theme/theme.yaml, validated; None when it has none."""
    settings = workspace.theme_file(THEME_SETTINGS)
    return None if settings is None else validate_theme(load_document(settings))


def validate_theme(document: Document) -> ThemeSettings:
    """A workspace's theme/theme.yaml as ThemeSettings, or an InputError with every problem."""
    theme = validate_model(document, ThemeSettings)
    problems = list(document.problems)
    if theme.logo is not None and (message := logo_problem(document.path.parent, theme.logo, "theme/")):
        problems.append(document.problem(location_of(ThemeSettings, lambda t: t.logo), message))
    if problems:
        raise InputError(problems)
    return theme


def _unique_ids(
    document: Document, ids: list[str | None], path: Callable[[Briefing, int], object]
) -> Generator[Problem, None, set[str]]:
    """The ids given, after a problem for each repeated one; `path` names the id of an item by its index."""
    first: dict[str, int] = {}
    for index, identifier in enumerate(ids):
        if identifier is None:
            continue
        if identifier in first:
            line, _ = document.locate(location_of(Briefing, path, first[identifier]))
            yield document.problem(
                location_of(Briefing, path, index), f"duplicate id '{identifier}' (first used on line {line})"
            )
        else:
            first[identifier] = index
    return set(first)


def _unknown(kind: str, reference: str, known: set[str]) -> str:
    message = f"no {kind} with id '{reference}'"
    close = difflib.get_close_matches(reference, sorted(known), n=1, cutoff=0.6)
    if close:
        return f"{message}; did you mean '{close[0]}'?"
    if known:
        return f"{message}; known: {', '.join(sorted(known))}"
    return f"{message}; the file defines none"
