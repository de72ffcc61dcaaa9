"""Stage 2, the model: what a briefing is, as pydantic types.

This module owns the shape of a briefing file, field by field: which fields
exist, which are required, which values each accepts. It is the single source
of the JSON Schema (`briefing schema`) and of the format reference in
docs/format.md. The closed vocabularies it uses are defined in `vocabulary`;
checks that span fields (references between ids, duplicate ids, languages
with no catalog) live in `validate`, which also turns pydantic's errors into
messages with file, line and column.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, WithJsonSchema

from briefing.errors import quoted
from briefing.pipeline.dates import FULL_DATE_PATTERN, PartialDate, parse_full_date, parse_partial_date
from briefing.pipeline.texts import LocalizedText
from briefing.pipeline.vocabulary import (
    ID_PATTERN,
    LANGUAGE_PATTERN,
    LIMITS,
    LINK_SCHEMES,
    LOGO_SUFFIXES,
    MAX_FIGURE,
    MAX_FIGURE_DECIMALS,
    MAX_ID_LENGTH,
    MAX_LINK_LENGTH,
    MAX_TEXT_LENGTH,
    OUTPUT_FORMATS,
    SAME_IN_EVERY_LANGUAGE,
    ActorKind,
    OutputFormat,
    Qualifier,
    Status,
    TlpLabel,
    check_language,
    check_language_pair,
)

_ID = re.compile(ID_PATTERN)
_LANGUAGE = re.compile(LANGUAGE_PATTERN)


def _parse_text(value: Any) -> LocalizedText:
    if isinstance(value, LocalizedText):
        return value
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("empty text")
        _check_length(value)
        return LocalizedText(plain=value.strip())
    if isinstance(value, dict):
        if not value:
            raise ValueError("empty mapping; give the text, or a mapping like {en: ..., sq: ...}")
        if SAME_IN_EVERY_LANGUAGE in value:
            if len(value) > 1:
                raise ValueError(
                    f"'{SAME_IN_EVERY_LANGUAGE}' is a text for every language: give it alone, or a text per language"
                )
            text = value[SAME_IN_EVERY_LANGUAGE]
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"the '{SAME_IN_EVERY_LANGUAGE}' text must be a non-empty string")
            _check_length(text)
            return LocalizedText(plain=text.strip(), invariant=True)
        if len(value) == 1:
            [(key, only)] = value.items()
            if isinstance(key, str) and isinstance(only, str) and not _LANGUAGE.match(key):
                # `- Minister: the search was lawful` reads as a field named "Minister".
                raise ValueError(
                    f'a ": " in a text without quotes made it a field ("{key}"): put the whole text in "..."'
                )
        texts: dict[str, str] = {}
        for language, text in value.items():
            try:
                check_language(language)
            except ValueError as error:
                raise ValueError(f"{error}; or '{SAME_IN_EVERY_LANGUAGE}' for a name that never changes") from None
            if not isinstance(text, str):
                raise ValueError(f"the '{language}' text must be a string, not {describe_value(text)}")
            if not text.strip():
                raise ValueError(f"the '{language}' text is empty")
            _check_length(text)
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
    if len(value) > MAX_ID_LENGTH:
        raise ValueError(f"the id is {len(value)} characters long; ids name files, so at most {MAX_ID_LENGTH}")
    return value


def _parse_full_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a date written YYYY-MM-DD, like 2023-06-21, not {describe_value(value)}")
    return parse_full_date(value)


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
    # Invisible characters make a link show one address and go to another.
    hidden = [c for c in value if c.isspace() or unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]
    if hidden:
        raise ValueError(
            f"{quoted(value)} contains a space, control or invisible character "
            f"(U+{ord(hidden[0]):04X}); write the address as it is"
        )
    if len(value) > MAX_LINK_LENGTH:
        raise ValueError(f"the link is {len(value)} characters long; at most {MAX_LINK_LENGTH}")
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES:
        raise ValueError(f"{quoted(value)} is not an http, https or mailto link")
    if scheme in ("http", "https"):
        if not parts.hostname:
            raise ValueError(f"{quoted(value)} has no host name")
        try:
            parts.port  # noqa: B018 - urlsplit checks the port only when asked
        except ValueError:
            raise ValueError(f"{quoted(value)} has a port that is not a number from 0 to 65535") from None
    elif "@" not in parts.path:
        raise ValueError(f"{quoted(value)} has no address; write mailto:name@example.org")
    return value


def _pair_shape(value: Any) -> Any:
    """A pair is a list of two; its languages are then checked one by one, each at its own place."""
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"expected a pair of languages like [en, sq], not {describe_value(value)}")
    if len(value) != 2:
        raise ValueError(f"a bilingual edition is a pair of languages like [en, sq], not a list of {len(value)}")
    return value


def _distinct_pair(value: tuple[str, str]) -> tuple[str, str]:
    return check_language_pair(*value)


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


def _parse_draft(value: Any) -> bool | str:
    """`true`, or a note for the editor; reviewing an item is removing its mark, so `false` is no mark at all."""
    if value is True:
        return True
    if isinstance(value, str) and value.strip():
        _check_length(value)
        return value.strip()
    if value is False:
        raise ValueError("a reviewed item has no `draft` mark: remove the line rather than write `false`")
    raise ValueError(f"expected `true` or a note for the editor, not {describe_value(value)}")


def _parse_number(value: Any) -> Decimal:
    """A figure, kept as written: the precision its author gave is the precision printed."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        hint = ""
        if isinstance(value, str) and re.fullmatch(r"\d{1,3}([,.\u00a0 ]\d{3})+", value.strip()):
            hint = f"; write {re.sub(r'[^0-9]', '', value)} (no thousands separator)"
        raise ValueError(f"expected a number, not {describe_value(value)}{hint}")
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite() or abs(number) > MAX_FIGURE:
        raise ValueError(f"{value} is out of range; a figure is at most {MAX_FIGURE:,} either side of zero")
    decimals = -number.as_tuple().exponent  # type: ignore[operator]
    if decimals > MAX_FIGURE_DECIMALS:
        raise ValueError(f"{value} has {decimals} decimals; a figure may have at most {MAX_FIGURE_DECIMALS}")
    return number


def _parse_name(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a text, not {describe_value(value)}")
    if not value.strip():
        raise ValueError("empty text")
    _check_length(value)
    return value.strip()


def _check_length(text: str) -> None:
    if len(text) > MAX_TEXT_LENGTH:
        raise ValueError(f"the text is {len(text):,} characters long; a text may have at most {MAX_TEXT_LENGTH:,}")


def describe_value(value: Any) -> str:
    """A value as a message names it: `a string ('lots')`, `a list`."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a true/false value ({str(value).lower()})"
    if isinstance(value, (int, float, Decimal)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"a string ({quoted(value)})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_TEXT_SCHEMA = {
    "description": (
        "A text in the briefing's `language`; a mapping of texts by language code; "
        f"or {{{SAME_IN_EVERY_LANGUAGE}: ...}} for a name that reads the same in every language."
    ),
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": LANGUAGE_PATTERN},
            "additionalProperties": {"type": "string", "minLength": 1},
        },
        {
            "type": "object",
            "properties": {SAME_IN_EVERY_LANGUAGE: {"type": "string", "minLength": 1}},
            "required": [SAME_IN_EVERY_LANGUAGE],
            "additionalProperties": False,
        },
    ],
}


Text = Annotated[LocalizedText, PlainValidator(_parse_text), WithJsonSchema(_TEXT_SCHEMA)]


def _parse_publisher(value: Any) -> LocalizedText:
    # An outlet's name is a name: the same in every language unless the author gives it per language.
    text = _parse_text(value)
    return LocalizedText(plain=text.plain, invariant=True) if isinstance(value, str) else text


Publisher = Annotated[
    LocalizedText,
    PlainValidator(_parse_publisher),
    WithJsonSchema(
        {
            **_TEXT_SCHEMA,
            "description": (
                "Who published the source. A string is a name, the same in every language (Euractiv); "
                "a mapping gives it per language ({en: Government of Italy, sq: Qeveria e Italisë}), "
                "and a language it leaves out is translated in the catalog like any text."
            ),
        }
    ),
]
Identifier = Annotated[
    str,
    PlainValidator(_parse_identifier),
    WithJsonSchema({"type": "string", "pattern": ID_PATTERN, "maxLength": MAX_ID_LENGTH}),
]
_LANGUAGE_SCHEMA = {
    "type": "string",
    "pattern": LANGUAGE_PATTERN,
    "description": "A CLDR language code: en, sq, de, pt_BR, sr_Latn.",
}
Language = Annotated[str, PlainValidator(check_language), WithJsonSchema(_LANGUAGE_SCHEMA)]
FullDate = Annotated[
    dt.date,
    PlainValidator(_parse_full_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": FULL_DATE_PATTERN}),
]
LanguagePair = Annotated[
    tuple[Language, Language],
    BeforeValidator(_pair_shape),
    AfterValidator(_distinct_pair),
    WithJsonSchema(
        {
            "type": "array",
            "prefixItems": [_LANGUAGE_SCHEMA, _LANGUAGE_SCHEMA],
            "minItems": 2,
            "maxItems": 2,
            "description": "Two different languages, the first printed on the left: [en, sq].",
        }
    ),
]
EdtfDate = Annotated[
    PartialDate,
    PlainValidator(_parse_partial),
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
Number = Annotated[
    Decimal,
    PlainValidator(_parse_number),
    WithJsonSchema({"type": "number", "minimum": -MAX_FIGURE, "maximum": MAX_FIGURE}),
]
DraftMark = Annotated[
    bool | str | None,
    PlainValidator(_parse_draft),
    WithJsonSchema(
        {
            "anyOf": [{"const": True}, {"type": "string", "minLength": 1}],
            "description": (
                "Proposed by `briefing draft` and not yet reviewed: `true`, or a note for the editor. "
                "Remove it once reviewed; `build --strict` refuses a briefing that still has one."
            ),
        }
    ),
]
SourceRefs = Annotated[list[Identifier], Field(min_length=1, max_length=LIMITS["sources per item"])]
Passage = Annotated[
    str,
    PlainValidator(_parse_name),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 1,
            "description": "The exact words of the archived source the item rests on, as written there: "
            "a sentence, or the part of one that carries the claim; never translated.",
        }
    ),
]


class Strict(BaseModel):
    """Unknown fields are errors: a typo must not vanish silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Evidence(Strict):
    """Where in an archived source an item comes from: `briefing verify` holds the item to it."""

    source: Identifier = Field(description="The id of a source the item cites, archived as sources/<id>.txt.")
    passage: Passage


EvidenceList = Annotated[
    list[Evidence],
    Field(
        max_length=LIMITS["sources per item"],
        description="The passages of the archived sources this item comes from (docs/format.md#evidence).",
    ),
]


class Fact(Strict):
    text: Text
    status: Status
    sources: SourceRefs
    evidence: EvidenceList = []
    draft: DraftMark = None


class FigureValue(Strict):
    """One source's number for a disputed figure."""

    value: Number
    qualifier: Qualifier = "exact"
    according_to: Identifier | None = Field(default=None, description="The actor who gives this number.")
    sources: SourceRefs = Field(description="The sources, among the figure's, that give this number.")
    evidence: EvidenceList = []


class Figure(Strict):
    value: Number | None = Field(default=None, description="The number; a disputed figure gives `values` instead.")
    values: Annotated[list[FigureValue], Field(max_length=LIMITS["values of a disputed figure"])] = Field(
        default=[],
        description="A disputed figure: the number each source gives, shown side by side (at least two).",
    )
    qualifier: Qualifier = "exact"
    label: Text
    according_to: Identifier | None = Field(default=None, description="The actor who gives this number.")
    sources: SourceRefs
    evidence: EvidenceList = []
    draft: DraftMark = None

    @property
    def disputed(self) -> bool:
        return bool(self.values)


class ChronologyEntry(Strict):
    date: EdtfDate
    text: Text
    sources: Annotated[list[Identifier], Field(max_length=LIMITS["sources per item"])] = []
    evidence: EvidenceList = []
    draft: DraftMark = None


class Actor(Strict):
    id: Identifier
    name: Text
    kind: ActorKind
    role: Text | None = None
    aliases: Annotated[list[Name], Field(max_length=LIMITS["aliases"])] = Field(
        default=[],
        description="Other ways the sources name this party (`Cuci`, `the minister`, `Çuçi`), in their own words; never printed.",
    )
    draft: DraftMark = None


class Position(Strict):
    actor: Identifier
    said: EdtfDate | None = None
    quote: Text | None = Field(default=None, description="The party's own words, verbatim.")
    quote_language: Language | None = Field(
        default=None,
        description="The language the quote is written in here: the speaker's, or the one a source translated it into.",
    )
    summary: Text = Field(description="A paraphrase of the position.")
    sources: SourceRefs
    evidence: EvidenceList = []
    draft: DraftMark = None


class Statement(Strict):
    id: Identifier | None = None
    question: Text
    positions: Annotated[list[Position], Field(min_length=1, max_length=LIMITS["positions"])]
    draft: DraftMark = None


class Source(Strict):
    id: Identifier
    title: Name
    language: Language | None = Field(
        default=None,
        description="The language the source is written in (its title's), e.g. en: an edition in another "
        "language marks its title as such, for screen readers and spelling.",
    )
    publisher: Publisher | None = None
    url: Link | None = None
    published: FullDate | None = None
    accessed: FullDate | None = None
    draft: DraftMark = None


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
    bilingual: Annotated[list[LanguagePair], Field(max_length=LIMITS["bilingual editions"])] = Field(
        default=[],
        description="Bilingual parallel editions `briefing build` also makes by default: [[en, sq]] writes <id>.en+sq.pdf.",
    )
    title: Text
    subtitle: Text | None = None
    as_of: FullDate = Field(description="The situation is described as of this date.")
    prepared_by: Text | None = None
    logo: LogoPath | None = Field(
        default=None, description="An image beside the briefing file (PNG, JPEG or SVG), printed in the masthead."
    )
    tlp: TlpLabel = Field(description="Traffic Light Protocol 2.0 label; never translated.")
    keywords: Annotated[list[Text], Field(max_length=LIMITS["keywords"])] = []
    summary: Annotated[list[Text], Field(min_length=1, max_length=5)] = Field(
        description="Bottom line up front: 1 to 5 paragraphs."
    )
    facts: Annotated[list[Fact], Field(max_length=LIMITS["facts"])] = []
    figures: Annotated[list[Figure], Field(max_length=LIMITS["figures"])] = []
    chronology: Annotated[list[ChronologyEntry], Field(max_length=LIMITS["chronology"])] = []
    actors: Annotated[list[Actor], Field(max_length=LIMITS["actors"])] = []
    statements: Annotated[list[Statement], Field(max_length=LIMITS["statements"])] = []
    sources: Annotated[list[Source], Field(min_length=1, max_length=LIMITS["sources"])]
    draft: DraftMark = Field(
        default=None,
        description="The title, subtitle and summary are placeholders `briefing draft` wrote: a note for the editor.",
    )


def _each_once(formats: list[str]) -> list[str]:
    for index, name in enumerate(formats):
        if name in formats[:index]:
            raise ValueError(f"names {quoted(name)} twice")
    return formats


class ThemeSettings(Strict):
    """`theme/theme.yaml` of a workspace: defaults for briefings that do not set their own."""

    prepared_by: Text | None = Field(
        default=None, description="The organisation, printed when a briefing has no `prepared_by`."
    )
    logo: LogoPath | None = Field(
        default=None, description="An image in theme/, printed when a briefing has no `logo`."
    )
    formats: (
        Annotated[list[OutputFormat], Field(min_length=1, max_length=len(OUTPUT_FORMATS)), AfterValidator(_each_once)]
        | None
    ) = Field(
        default=None,
        description="The formats `briefing build` writes when no `--format` is given, e.g. [pdf, docx] (default: pdf).",
    )


def json_schema() -> str:
    """The JSON Schema of the briefing format, for editors' completion (docs/briefing.schema.json)."""
    import json

    schema = Briefing.model_json_schema(by_alias=True, mode="validation")
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
