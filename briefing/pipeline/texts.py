"""The texts of a briefing and where each one sits.

A text is what an author writes and a translator translates: a title, a fact,
a chronology entry, a quote. This module owns the one idea that joins the YAML
file, the catalogs and every message about a text: its place in the briefing.

* A `Location` is the path of a value in the file, `("facts", 2, "text")`;
  `field_path` writes it as users read it, `facts[2].text`. Code names one
  with `location_of(Briefing, lambda b, i: b.facts[i].text, 2)`: mypy checks
  the field names against the model, so renaming a field breaks the check,
  not a message's place.
* A text's *kind* is its location without the item numbers, `facts.text`. It
  is the msgctxt of the text in a content catalog: together with the source
  text it keys the translation, so inserting, deleting or moving items keeps
  every other translation exact (see TRANSLATING.md).
* `unprintable` finds a character no edition can carry (a control
  character, a lone surrogate, a noncharacter): the model refuses it in a
  briefing's texts, the catalogs in a translation.
* `walk_texts` finds every text of a model by reflection. Extraction,
  validation, localization and the `--strict` report all go through it, so a
  new text field cannot be extracted and never localized.

Nothing here depends on the model's fields: the walker finds `LocalizedText`
values wherever the model puts them, and `location_of` reads the fields of
the model it is given.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar, TypeVarTuple

from pydantic import BaseModel

Location = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)
Indexes = TypeVarTuple("Indexes")
# Tab and line ends are whitespace a text may hold; every other control character is not text.
_WHITESPACE_CONTROLS = frozenset("\t\n\r")


def unprintable(text: str) -> str | None:
    """Why `text` is not text an edition can carry, by its first such character; None if it is.

    `character 7 is U+0001, a control character`: a control character (C0 but
    tab and line ends, DEL, C1), a lone surrogate or a noncharacter prints
    nothing, or a box, in a PDF, and XML does not allow it, so no Word file
    can hold it.
    """
    for index, character in enumerate(text):
        code = ord(character)
        if (code < 0x20 or 0x7F <= code <= 0x9F) and character not in _WHITESPACE_CONTROLS:
            return f"character {index + 1} is U+{code:04X}, a control character"
        if 0xD800 <= code <= 0xDFFF:
            return f"character {index + 1} is U+{code:04X}, half of a pair (a lone surrogate)"
        if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
            return f"character {index + 1} is U+{code:04X}, a Unicode noncharacter"
    return None


def field_path(location: Location) -> str:
    """`('facts', 2, 'status')` -> `facts[2].status`."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def field_kind(location: Location) -> str:
    """`('facts', 2, 'text')` -> `facts.text`: the same for every item of a list."""
    return ".".join(part for part in location if isinstance(part, str))


def location_of(model: type[M], path: Callable[[M, *Indexes], object], *indexes: *Indexes) -> Location:
    """The location `path` names in a `model`, by the keys the file uses.

    `location_of(Briefing, lambda b, s, p: b.statements[s].positions[p].quote, 3, 1)`
    is `("statements", 3, "positions", 1, "quote")`; `location_of(Position,
    lambda p: p.quote)` is `("quote",)`, to follow an item's location. The
    indexes are arguments, not names the lambda closes over, so that mypy
    checks their number and type too, and no lambda in a loop reads a loop
    variable late. An unknown field is an `AttributeError` at once.
    """
    recorder = _Recorder(model)
    # The recorder is no `M`, but answers each of its fields, which is all a path asks of it.
    if path(typing.cast(M, recorder), *indexes) is not recorder:
        raise TypeError(f"a location names a field or an item, like `lambda b: b.title`: {path!r} names none")
    return tuple(recorder.parts)


class _Recorder:
    """Stands in for a model in `location_of`'s lambda, and writes down each field and index it is asked for."""

    __slots__ = ("model", "parts")

    def __init__(self, model: type[BaseModel] | None) -> None:
        # The model whose fields the next attribute names; None once the path is past the models.
        self.model = model
        self.parts: list[str | int] = []

    def __getattr__(self, name: str) -> _Recorder:
        model = self.model
        if model is None:
            raise AttributeError(f"a location ends at a value that has no fields; it cannot go on to `{name}`")
        try:
            key, self.model = _fields(model)[name]
        except KeyError:
            raise AttributeError(f"{model.__name__} has no field `{name}`") from None
        self.parts.append(key)
        return self

    def __getitem__(self, index: int) -> _Recorder:
        self.parts.append(index)
        return self


@cache
def _fields(model: type[BaseModel]) -> dict[str, tuple[str, type[BaseModel] | None]]:
    """Each field's key in the file (its alias, if it has one) and the model its value or items are, if any."""
    return {
        name: (model_field.alias or name, _model_within(model_field.annotation))
        for name, model_field in model.model_fields.items()
    }


def _model_within(annotation: Any) -> type[BaseModel] | None:
    """`Position` for `list[Position]`, `Annotated[Position | None, ...]` and `Position`; None for no model."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_within(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, tuple):
        found = [model for arg in typing.get_args(annotation) if (model := _model_within(arg)) is not None]
        return found[0] if len(found) == 1 else None
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def kind_of_path(path: str) -> str:
    """`facts[2].text` -> `facts.text`; a kind stays itself.

    Catalogs of version 0.1 used the field path as msgctxt; read through
    this, they serve the kind-keyed lookup unchanged.
    """
    return re.sub(r"\[\d+\]", "", path)


@dataclass(frozen=True)
class LocalizedText:
    """A text as written in the file: one string, or one string per language.

    `plain` is a bare string, written in the briefing's `language`;
    `by_language` holds the mapping form. `invariant` marks a text that reads
    the same in every language (a proper name like SPAK): it is never
    translated, so it is neither extracted nor reported as untranslated.
    """

    plain: str | None = None
    by_language: Mapping[str, str] = field(default_factory=dict)
    invariant: bool = False

    def get(self, language: str, source_language: str) -> str | None:
        if language in self.by_language:
            return self.by_language[language]
        if self.plain is not None and (language == source_language or self.invariant):
            return self.plain
        return None

    def source(self, source_language: str) -> str | None:
        return self.get(source_language, source_language)


@dataclass(frozen=True)
class TextSlot:
    """One text of a briefing, its place, and the item it belongs to (a Position, a Fact)."""

    location: Location
    text: LocalizedText
    owner: BaseModel | None = None

    @property
    def path(self) -> str:
        return field_path(self.location)

    @property
    def kind(self) -> str:
        return field_kind(self.location)


def walk_texts(value: Any, location: Location = (), owner: BaseModel | None = None) -> Iterator[TextSlot]:
    """Every text in a model, in file order, with its location (by the names the file uses)."""
    if isinstance(value, LocalizedText):
        yield TextSlot(location, value, owner)
    elif isinstance(value, BaseModel):
        for name, model_field in type(value).model_fields.items():
            yield from walk_texts(getattr(value, name), (*location, model_field.alias or name), value)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from walk_texts(item, (*location, index), owner)
