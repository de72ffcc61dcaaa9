"""The closed vocabularies of the format and of the command line, each defined once.

The model, the JSON Schema, the templates and the CLI all read these: a
status, a qualifier or a paper size added here is accepted by the model,
offered by `--help`, listed in the schema and labelled in every edition.

The interface words that go with them (status labels, TLP meanings, the
qualifier phrases) are marked with `N_` so that extraction puts them into
the interface catalog; the templates translate them when they print them.
TLP labels themselves are a protocol's fixed vocabulary and never translated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal, get_args

from briefing.errors import quoted


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated where it is shown."""
    return message


Status = Literal["confirmed", "reported", "claimed", "disputed"]
STATUSES: tuple[str, ...] = get_args(Status)
STATUS_LABELS: dict[str, str] = {
    "confirmed": N_("Confirmed"),
    "reported": N_("Reported"),
    "claimed": N_("Claimed"),
    "disputed": N_("Disputed"),
}

# How the source gives a number. `over` and `under` are strict bounds ("over 100"
# injured); `at_least` and `at_most` include the number ("at least 100 died");
# `up_to` is the news phrasing of an estimate's ceiling ("up to 5,000
# protesters"), which reads differently from a cap. Five words cover what
# sources write; "more than" and "fewer than" are `over` and `under`.
Qualifier = Literal["exact", "about", "over", "under", "at_least", "at_most", "up_to"]
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
QUALIFIER_PHRASES: dict[str, str] = {
    "exact": "%(number)s",
    # TRANSLATORS: a figure the source gives as approximate, e.g. "about 1,000".
    "about": N_("about %(number)s"),
    # TRANSLATORS: a figure the source gives as a strict lower bound, e.g. "over 3,000".
    "over": N_("over %(number)s"),
    # TRANSLATORS: a figure the source gives as a strict upper bound, e.g. "under 50".
    "under": N_("under %(number)s"),
    # TRANSLATORS: a figure the source gives as a lower bound it includes, e.g. "at least 100".
    "at_least": N_("at least %(number)s"),
    # TRANSLATORS: a figure the source gives as an upper bound it includes, e.g. "at most 100".
    "at_most": N_("at most %(number)s"),
    # TRANSLATORS: the ceiling of an estimate, as news write it, e.g. "up to 5,000" (protesters).
    "up_to": N_("up to %(number)s"),
}

TlpLabel = Literal["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]
TLP_LABELS: tuple[str, ...] = get_args(TlpLabel)
TLP_MEANINGS: dict[str, str] = {
    "CLEAR": N_("Recipients can spread this to the world; there is no limit on disclosure."),
    "GREEN": N_("Limited disclosure: recipients can spread this within their community, but not publicly."),
    "AMBER": N_(
        "Limited disclosure: recipients can share this on a need-to-know basis within their organisation and its clients."
    ),
    "AMBER+STRICT": N_(
        "Limited disclosure: recipients can share this on a need-to-know basis within their organisation only."
    ),
    "RED": N_("For the eyes and ears of individual recipients only; no further disclosure."),
}

ActorKind = Literal["state", "organisation", "person", "group"]
ACTOR_KINDS: tuple[str, ...] = get_args(ActorKind)
ACTOR_KIND_LABELS: dict[str, str] = {
    "state": N_("State"),
    "organisation": N_("Organisation"),
    "person": N_("Person"),
    "group": N_("Group"),
}

Paper = Literal["a4", "letter"]
PAPERS: tuple[str, ...] = get_args(Paper)
PAGE_SIZES: dict[str, str] = {"a4": "A4", "letter": "letter"}  # CSS `size` values

OutputFormat = Literal["pdf", "html", "docx"]
OUTPUT_FORMATS: tuple[str, ...] = get_args(OutputFormat)

# What kind of PDF an edition is: `accessible` is tagged PDF/UA-1 and PDF/A-3a
# (docs/accessibility.md); `plain` is WeasyPrint's untagged PDF, smaller and faster.
PdfKind = Literal["accessible", "plain"]
PDF_KINDS: tuple[str, ...] = get_args(PdfKind)

LINK_SCHEMES = ("http", "https", "mailto")
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
# The MIME type a logo travels with, by suffix: in its data: URL, and attached to a PDF.
LOGO_MIME_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}
# The MIME type of a briefing file travelling inside a PDF (RFC 9512).
BRIEFING_MIME_TYPE = "application/yaml"

# What a briefing can sensibly print; beyond these an input is refused before it
# costs minutes or gigabytes (docs/format.md lists them).
LIMITS: dict[str, int] = {
    "keywords": 30,
    "facts": 100,
    "figures": 50,
    "chronology": 300,
    "actors": 100,
    "statements": 50,
    "positions": 12,
    "sources": 300,
    "sources per item": 30,
    "aliases": 20,
    "values of a disputed figure": 10,
    "bilingual editions": 10,
}
MAX_TEXT_LENGTH = 5_000  # characters of one text: a long paragraph is about 1,000
MAX_LINK_LENGTH = 2_000
MAX_FIGURE = 10**15  # a quadrillion: enough for any budget, in any currency
MAX_FIGURE_DECIMALS = 6

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# Ids name files (<id>.<lang>.pdf, <id>.po): short enough for any file system.
MAX_ID_LENGTH = 100

# A CLDR locale identifier as gettext folders name it: language, optional
# script, optional territory: en, sq, pt_BR, sr_Latn, zh_Hant_TW.
LANGUAGE_PATTERN = r"^[a-z]{2,3}(_[A-Z][a-z]{3})?(_([A-Z]{2}|[0-9]{3}))?$"
_LANGUAGE = re.compile(LANGUAGE_PATTERN)

# The key of a text mapping that says "the same in every language" (a proper
# name): four letters, so it can never be a language code.
SAME_IN_EVERY_LANGUAGE = "same"


def check_language(value: object) -> str:
    """A language code that CLDR knows, as typed; ValueError with the reason otherwise."""
    if not isinstance(value, str) or not _LANGUAGE.match(value):
        raise ValueError(f"{quoted(value)} is not a language code (like en, sq, de, pt_BR, sr_Latn)")
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(value)
    except (UnknownLocaleError, ValueError):
        raise ValueError(f"{quoted(value)} is not a language known to CLDR") from None
    return value


def language_in_itself(code: str) -> str:
    """A language as its speakers write it, from CLDR (`shqip`, `English`); its code when CLDR does not know it."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code).get_display_name(code) or code
    except (UnknownLocaleError, ValueError, TypeError):
        return code


def own_language_name(code: str) -> str:
    """A language named in itself as a label starts it, capitalised: `Shqip`, `English`; an unknown code as it is."""
    name = language_in_itself(code)
    return code if name == code else name[:1].upper() + name[1:]


# A bilingual edition is named by its two languages, first (left) to second:
# `en+sq` on the command line and in its file names, `[en, sq]` in a briefing file.
PAIR_SEPARATOR = "+"


def check_language_pair(first: str, second: str) -> tuple[str, str]:
    """Two languages that can share a page; ValueError when they are one language twice."""
    if first == second:
        raise ValueError(f"'{first}' twice: a bilingual edition shows two different languages")
    return first, second


def parse_language_pair(text: str) -> tuple[str, str]:
    """`en+sq` as the command line writes it; ValueError with the reason otherwise."""
    parts = text.split(PAIR_SEPARATOR)
    if len(parts) != 2:
        raise ValueError(f"{quoted(text)} is not a pair of languages like en{PAIR_SEPARATOR}sq")
    return check_language_pair(check_language(parts[0]), check_language(parts[1]))


def edition_name(languages: Sequence[str]) -> str:
    """`sq`, or `en+sq` for a bilingual edition: the name of an edition in its file names."""
    return PAIR_SEPARATOR.join(languages)


def base_language(code: str) -> str:
    """The language a regional or script tag falls back to: `sq` for `sq_AL`, `sr` for `sr_Latn`."""
    return code.split("_")[0]


def fallback_languages(code: str) -> list[str]:
    """The catalogs that may serve a language, most specific first: `sr_Latn_RS`, `sr_Latn`, `sr`."""
    parts = code.split("_")
    return ["_".join(parts[:end]) for end in range(len(parts), 0, -1)]
