"""Stage 2, the model: what a briefing is, as pydantic types.

This module owns the shape of a briefing file, field by field: which fields
exist, which are required, which values each accepts. It is the single source
of the JSON Schema (`briefing schema`) and of the format reference in
docs/format.md. Checks that span fields (references between ids, duplicate
ids, languages with no catalog) live in `validate`, which also turns
pydantic's errors into messages with file, line and column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)

from briefing.dates import PartialDate, parse_partial_date
from briefing.errors import quoted

SCHEMA_VERSION = 1

STATUSES = ("confirmed", "reported", "claimed", "disputed")
QUALIFIERS = ("exact", "about", "over", "under")
TLP_LABELS = ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")
ACTOR_KINDS = ("state", "organisation", "person", "group")
LINK_SCHEMES = ("http", "https", "mailto")
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(_[A-Z]{2})?$"
_ID = re.compile(ID_PATTERN)
_LANGUAGE = re.compile(LANGUAGE_PATTERN)
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def base_language(code: str) -> str:
    """The language a regional tag falls back to: `sq` for `sq_AL`, `sq` for `sq`."""
    return code.split("_")[0]


@dataclass(frozen=True)
class LocalizedText:
    """A text as written in the file: one string, or one string per language.

    `plain` is a bare string, written in the briefing's `language`; `by_language`
    holds the mapping form. Which one an edition shows is decided in `localize`.
    """

    plain: str | None = None
    by_language: Mapping[str, str] = field(default_factory=dict)

    def get(self, language: str, source_language: str) -> str | None:
        if language in self.by_language:
            return self.by_language[language]
        if self.plain is not None and language == source_language:
            return self.plain
        return None

    def source(self, source_language: str) -> str | None:
        return self.get(source_language, source_language)

    def to_data(self) -> str | dict[str, str]:
        return self.plain if self.plain is not None else dict(self.by_language)


def _parse_text(value: Any) -> LocalizedText:
    if isinstance(value, LocalizedText):
        return value
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("empty text")
        return LocalizedText(plain=value.strip())
    if isinstance(value, dict):
        if not value:
            raise ValueError("empty mapping; give the text, or a mapping like {en: ..., sq: ...}")
        texts: dict[str, str] = {}
        for language, text in value.items():
            if not isinstance(language, str) or not _LANGUAGE.match(language):
                raise ValueError(f"'{language}' is not a language code (like en, sq, de, pt_BR)")
            if not isinstance(text, str):
                raise ValueError(f"the '{language}' text must be a string, not {describe_value(text)}")
            if not text.strip():
                raise ValueError(f"the '{language}' text is empty")
            texts[language] = text.strip()
        return LocalizedText(by_language=texts)
    raise ValueError(f"expected a text or a mapping of texts by language, not {describe_value(value)}")


def _parse_identifier(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected an id (lower-case letters, digits and hyphens), not {describe_value(value)}")
    if not _ID.match(value):
        raise ValueError(
            f"{quoted(value)} is not a valid id: use lower-case letters, digits and hyphens, like 'state-police'"
        )
    return value


def _parse_language(value: Any) -> str:
    if not isinstance(value, str) or not _LANGUAGE.match(value):
        raise ValueError(f"{quoted(value)} is not a language code (like en, sq, de, pt_BR)")
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(value)
    except (UnknownLocaleError, ValueError):
        raise ValueError(f"{quoted(value)} is not a language known to CLDR") from None
    return value


def _parse_full_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _FULL_DATE.match(value):
        raise ValueError(f"{quoted(value)} is not a full date; write it as YYYY-MM-DD, like 2023-06-21")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{quoted(value)} is not a real date") from None


def _parse_partial(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"expected an EDTF date like 2023-06-20, 2021-03 or 1985, not {describe_value(value)}")
    return parse_partial_date(value)


def _parse_link(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected a link (https://...)")
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme.lower() not in LINK_SCHEMES:
        raise ValueError(f"{quoted(value)} is not an http, https or mailto link")
    if parts.scheme.lower() in ("http", "https") and not parts.netloc:
        raise ValueError(f"{quoted(value)} has no host name")
    if any(character.isspace() or ord(character) < 32 for character in value):
        raise ValueError(f"{quoted(value)} contains spaces or control characters")
    return value


def _parse_logo(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a file name like logo.png, not {describe_value(value)}")
    if urlsplit(value).scheme or value.startswith(("/", "\\")):
        raise ValueError(
            f"{quoted(value)} must be a file beside the briefing, like logo.png: no links or absolute paths"
        )
    if not value.lower().endswith(LOGO_SUFFIXES):
        raise ValueError(f"{quoted(value)} is not a PNG, JPEG or SVG image")
    return value


def _parse_number(value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"expected a number, not {describe_value(value)}")
    return value


def _parse_name(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a text, not {describe_value(value)}")
    if not value.strip():
        raise ValueError("empty text")
    return value.strip()


def describe_value(value: Any) -> str:
    """A value as a message names it: `a string ('lots')`, `a list`."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a true/false value ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"a string ({quoted(value)})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_TEXT_SCHEMA = {
    "description": "A text in the briefing's `language`, or a mapping of texts by language code.",
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": LANGUAGE_PATTERN},
            "additionalProperties": {"type": "string", "minLength": 1},
        },
    ],
}

Text = Annotated[
    LocalizedText,
    PlainValidator(_parse_text),
    PlainSerializer(lambda text: text.to_data()),
    WithJsonSchema(_TEXT_SCHEMA),
]
Identifier = Annotated[
    str, PlainValidator(_parse_identifier), WithJsonSchema({"type": "string", "pattern": ID_PATTERN})
]
Language = Annotated[
    str,
    PlainValidator(_parse_language),
    WithJsonSchema(
        {"type": "string", "pattern": LANGUAGE_PATTERN, "description": "A CLDR language code: en, sq, de, pt_BR."}
    ),
]
FullDate = Annotated[
    dt.date,
    PlainValidator(_parse_full_date),
    PlainSerializer(lambda day: day.isoformat()),
    WithJsonSchema({"type": "string", "format": "date"}),
]
EdtfDate = Annotated[
    PartialDate,
    PlainValidator(_parse_partial),
    PlainSerializer(str),
    WithJsonSchema(
        {
            "type": "string",
            "description": "An EDTF date: 1985, 2021-03, 2023-06-20, 200X, 2013~, 2013?, 2019/2021, 2013/..",
        }
    ),
]
Link = Annotated[
    str,
    PlainValidator(_parse_link),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^(https?:|mailto:)"}),
]
LogoPath = Annotated[
    str, PlainValidator(_parse_logo), WithJsonSchema({"type": "string", "pattern": r"\.(png|jpe?g|svg)$"})
]
Name = Annotated[str, PlainValidator(_parse_name), WithJsonSchema({"type": "string", "minLength": 1})]
Number = Annotated[int | float, PlainValidator(_parse_number), WithJsonSchema({"type": "number"})]
SourceRefs = Annotated[list[Identifier], Field(min_length=1)]


class Strict(BaseModel):
    """Unknown fields are errors: a typo must not vanish silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Fact(Strict):
    text: Text
    status: Literal["confirmed", "reported", "claimed", "disputed"]
    sources: SourceRefs


class Figure(Strict):
    value: Number
    qualifier: Literal["exact", "about", "over", "under"] = "exact"
    label: Text
    according_to: Identifier | None = Field(default=None, description="The actor who gives this number.")
    sources: SourceRefs


class ChronologyEntry(Strict):
    date: EdtfDate
    text: Text
    sources: list[Identifier] = []


class Actor(Strict):
    id: Identifier
    name: Text
    kind: Literal["state", "organisation", "person", "group"]
    role: Text | None = None


class Position(Strict):
    actor: Identifier
    said: EdtfDate | None = None
    quote: Text | None = Field(default=None, description="The party's own words, verbatim.")
    quote_language: Language | None = Field(default=None, description="The language the quote was said in.")
    summary: Text = Field(description="A paraphrase of the position.")
    sources: SourceRefs


class Statement(Strict):
    id: Identifier | None = None
    question: Text
    positions: Annotated[list[Position], Field(min_length=1)]


class Source(Strict):
    id: Identifier
    title: Name
    publisher: Name | None = None
    url: Link | None = None
    published: FullDate | None = None
    accessed: FullDate | None = None


class Briefing(Strict):
    """One news event: what is known, how we got here, and who says what."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="Briefing",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    schema_version: Literal[1] = Field(alias="schema", description="The version of this format.")
    id: Identifier = Field(description="Names the output files: <id>.<lang>.pdf")
    language: Language = Field(description="The language the texts are written in.")
    languages: Annotated[list[Language], Field(min_length=1)] = Field(
        description="The editions `briefing build` makes by default."
    )
    title: Text
    subtitle: Text | None = None
    as_of: FullDate = Field(description="The situation is described as of this date.")
    prepared_by: Text | None = None
    logo: LogoPath | None = Field(
        default=None, description="An image beside the briefing file (PNG, JPEG or SVG), printed in the masthead."
    )
    tlp: Literal["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"] = Field(
        description="Traffic Light Protocol 2.0 label; never translated."
    )
    keywords: list[Text] = []
    summary: Annotated[list[Text], Field(min_length=1, max_length=5)] = Field(
        description="Bottom line up front: 1 to 5 paragraphs."
    )
    facts: list[Fact] = []
    figures: list[Figure] = []
    chronology: list[ChronologyEntry] = []
    actors: list[Actor] = []
    statements: list[Statement] = []
    sources: Annotated[list[Source], Field(min_length=1)]
