"""The texts of a briefing and where each one sits.

A text is what an author writes and a translator translates: a title, a fact,
a chronology entry, a quote. This module owns the one idea that joins the YAML
file, the catalogs and every message about a text: its place in the briefing.

* A `Location` is the path of a value in the file, `("facts", 2, "text")`;
  `field_path` writes it as users read it, `facts[2].text`.
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
values wherever the model puts them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

Location = tuple[str | int, ...]
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
