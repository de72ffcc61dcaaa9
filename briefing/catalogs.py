"""Catalogs: reading the gettext translations an edition is made with.

This module owns the locale folder as the build reads it. There are two kinds
of catalog, in the standard gettext layout:

* the interface catalog, `locales/<lang>/LC_MESSAGES/messages.po`: the words of
  the templates and of this package, the same for every briefing;
* one content catalog per briefing, `locales/<lang>/LC_MESSAGES/<id>.po`: the
  briefing's own texts, each keyed by its field path (msgctxt).

A regional tag falls back to its base language (`sq_AL` -> `sq`). Writing
catalogs for translators (extract, init, update, stats) is `i18n`'s job.

Every catalog is first checked by GNU gettext's `msgfmt --check-format
--check-header` when it is installed (`make demo` installs it): Babel's reader
is lenient and would take `msgstr Faktet` (no quotes) as "akte". Catalogs are
then read from the .po files at run time and compiled in memory (Babel's
`write_mo`, fuzzy entries left out) instead of committing or building .mo
files: a translator's saved edit shows up in the next build, and there is no
compiled file that can go stale.

The catalog's `Language` header is also the CLDR locale its edition is
formatted in; that is how the English catalog asks for British dates
("20 June 2023") without a line of code.
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from briefing.errors import InputError, Problem, display_path
from briefing.model import base_language
from briefing.paths import LOCALES_DIR

DOMAIN = "messages"


@dataclass(frozen=True)
class InterfaceCatalog:
    """The translations and the CLDR locale of one edition language."""

    language: str
    locale: Locale
    translations: gettext.NullTranslations


@dataclass(frozen=True)
class ContentCatalog:
    """One briefing's texts translated into one language: `locales/<lang>/LC_MESSAGES/<id>.po`.

    Each message is one text of the briefing: its field path is the msgctxt,
    its source text the msgid.
    """

    path: Path | None
    messages: Mapping[str, Message]

    def lookup(self, field_path: str, source: str) -> tuple[str | None, str]:
        """The translation of a text, and why there is none: untranslated, fuzzy or outdated."""
        message = self.messages.get(field_path)
        if message is None or not message.string:
            return None, "untranslated"
        if message.id != source:
            return None, "outdated"
        if message.fuzzy:
            return None, "fuzzy"
        return str(message.string), "translated"


def catalog_path(language: str, locales_dir: Path = LOCALES_DIR, domain: str = DOMAIN) -> Path:
    return locales_dir / language / "LC_MESSAGES" / f"{domain}.po"


def interface_languages(locales_dir: Path = LOCALES_DIR) -> set[str]:
    """Languages that have an interface catalog."""
    if not locales_dir.is_dir():
        return set()
    return {path.name for path in locales_dir.iterdir() if catalog_path(path.name, locales_dir).is_file()}


def resolve_language(language: str, locales_dir: Path = LOCALES_DIR, domain: str = DOMAIN) -> str | None:
    """The catalog language that serves `language`: itself, or its base language."""
    for candidate in (language, base_language(language)):
        if catalog_path(candidate, locales_dir, domain).is_file():
            return candidate
    return None


def read_checked_catalog(path: Path) -> Catalog:
    """Read a .po file that GNU msgfmt and Babel's checks both accept; else an InputError with lines."""
    name = display_path(path)
    problems = _gnu_msgfmt_problems(path, name)
    if problems:
        raise InputError(problems)
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
    except PoFileError as error:
        raise InputError([Problem(name, error.lineno, None, "", f"not a valid PO file: {error}")]) from None
    except UnicodeDecodeError:
        raise InputError([Problem(name, None, None, "", "not UTF-8; save the catalog as UTF-8")]) from None
    problems = [
        Problem(name, message.lineno, None, f"msgid {str(message.id)!r}", "; ".join(str(e) for e in errors))
        for message, errors in catalog.check()
    ]
    if problems:
        raise InputError(problems)
    return catalog


@cache
def load_catalog(language: str, locales_dir: Path = LOCALES_DIR) -> InterfaceCatalog:
    """Load the interface catalog for an edition language; a broken .po is an InputError."""
    resolved = resolve_language(language, locales_dir)
    if resolved is None:
        path = display_path(catalog_path(language, locales_dir))
        raise InputError([Problem(path, None, None, "", f"no interface catalog for '{language}'")])
    catalog = read_checked_catalog(catalog_path(resolved, locales_dir))
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    locale = Locale.parse(language) if "_" in language else (catalog.locale or Locale.parse(resolved))
    return InterfaceCatalog(language, locale, Translations(buffer, domain=DOMAIN))


def load_content_catalog(briefing_id: str, language: str, locales_dir: Path = LOCALES_DIR) -> ContentCatalog:
    """A briefing's catalog for one language (its base language's for `sq_AL`); empty if there is none."""
    resolved = resolve_language(language, locales_dir, briefing_id)
    if resolved is None:
        return ContentCatalog(None, {})
    path = catalog_path(resolved, locales_dir, briefing_id)
    catalog = read_checked_catalog(path)
    return ContentCatalog(path, {str(m.context): m for m in catalog if m.id and m.context})


_MSGFMT_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?:(?P<column>\d+):)? (?P<message>.*)$")


def _gnu_msgfmt_problems(path: Path, name: str) -> list[Problem]:
    """What GNU msgfmt finds wrong with a catalog (nothing when msgfmt is not installed)."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return []
    checked = subprocess.run(
        [msgfmt, "--check-format", "--check-header", "-o", os.devnull, str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C.UTF-8"},  # English messages, UTF-8 kept
    )
    if checked.returncode == 0:
        return []
    problems = []
    for line in checked.stderr.splitlines():
        match = _MSGFMT_LINE.match(line)
        # Header warnings (a missing Last-Translator, say) do not stop a build.
        if match and match["file"] == str(path) and not match["message"].startswith("warning:"):
            column = int(match["column"]) if match["column"] else None
            problems.append(Problem(name, int(match["line"]), column, "", match["message"]))
    return problems or [Problem(name, None, None, "", checked.stderr.strip() or "rejected by msgfmt")]
