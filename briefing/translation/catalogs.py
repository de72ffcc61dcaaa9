"""Reading the gettext catalogs an edition is made with.

This module owns the locale folders as a build reads them. There are two
kinds of catalog, in the standard gettext layout:

* the interface catalog, `<lang>/LC_MESSAGES/messages.po`: the words of the
  templates and of this package, the same for every briefing. The tool ships
  one per language; a workspace may add its own (a new language, or a
  corrected term), whose translations take precedence entry by entry over
  the packaged ones;
* one content catalog per briefing, `<workspace>/locales/<lang>/LC_MESSAGES/<id>.po`:
  the briefing's own texts, each keyed by its kind (msgctxt, `facts.text`) and
  its source text (msgid), so translations survive reordering.

A tag falls back to its shorter forms (`sq_AL` -> `sq`, `sr_Latn` -> `sr`).
Writing catalogs for translators is `workflow`'s job.

Every catalog is first checked by GNU gettext's `msgfmt --check-format
--check-header` when it is installed: Babel's reader is lenient and would
take `msgstr Faktet` (no quotes) as "akte". Without msgfmt, `CatalogSet`
warns once (and `--strict` refuses). Catalogs are read from the .po files at
run time and compiled in memory, fuzzy entries left out: a translator's
saved edit shows up in the next build, and no compiled file can go stale.

A `CatalogSet` holds what one run has read; a long-running process (the
preview) makes a new one when files change, so nothing is cached for the
life of the process.

The interface catalog's `Language` header is also the CLDR locale its
edition is formatted in; that is how the English catalog asks for British
dates ("20 June 2023") without a line of code.
"""

from __future__ import annotations

import difflib
import gettext
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from briefing.errors import InputError, Problem, display_path
from briefing.pipeline.texts import kind_of_path
from briefing.pipeline.vocabulary import fallback_languages
from briefing.workspace import Resources, Workspace

DOMAIN = "messages"
# A translation of an older source text is recognised as such above this similarity.
OUTDATED_SIMILARITY = 0.6


def catalog_path(locales_dir: Path, language: str, domain: str = DOMAIN) -> Path:
    return locales_dir / language / "LC_MESSAGES" / f"{domain}.po"


@dataclass(frozen=True)
class InterfaceCatalog:
    """The translations and the CLDR locale of one edition language."""

    language: str
    locale: Locale
    translations: gettext.NullTranslations


@dataclass(frozen=True)
class ContentCatalog:
    """One briefing's texts translated into one language.

    Each message is one text: its kind (`facts.text`) is the msgctxt, its
    source text the msgid.
    """

    path: Path | None
    messages: dict[tuple[str, str], Message] = field(default_factory=dict)

    def lookup(self, kind: str, source: str) -> tuple[str | None, str]:
        """The translation of a text, or None and why: untranslated, fuzzy or outdated."""
        message = self.messages.get((kind, source))
        if message is not None and message.string:
            return (None, "fuzzy") if message.fuzzy else (str(message.string), "translated")
        if message is None and self._has_older_version(kind, source):
            return None, "outdated"
        return None, "untranslated"

    def _has_older_version(self, kind: str, source: str) -> bool:
        """A translated entry of the same kind whose source text is close to this one: it was edited."""
        older = [msgid for (context, msgid), m in self.messages.items() if context == kind and m.string]
        return bool(difflib.get_close_matches(source, older, n=1, cutoff=OUTDATED_SIMILARITY))


class CatalogSet:
    """The catalogs of one workspace and the tool, read once each for the life of this object."""

    def __init__(self, workspace: Workspace, resources: Resources) -> None:
        self.workspace = workspace
        self.resources = resources
        self._interface: dict[str, InterfaceCatalog] = {}
        self._read: dict[Path, Catalog] = {}
        self.unchecked = shutil.which("msgfmt") is None

    @property
    def interface_dirs(self) -> list[Path]:
        """Where interface catalogs are looked for, in order of precedence (one entry per real folder)."""
        dirs: list[Path] = []
        for folder in (self.workspace.locales, self.resources.locales):
            if folder.is_dir() and all(not folder.samefile(seen) for seen in dirs):
                dirs.append(folder)
        return dirs

    def interface_languages(self) -> set[str]:
        """Languages with an interface catalog, in the workspace or in the tool."""
        return {
            child.name
            for folder in self.interface_dirs
            for child in folder.iterdir()
            if catalog_path(folder, child.name).is_file()
        }

    def serves(self, language: str) -> bool:
        return any(candidate in self.interface_languages() for candidate in fallback_languages(language))

    def interface(self, language: str) -> InterfaceCatalog:
        """The interface catalog of an edition language; a broken .po is an InputError."""
        if language not in self._interface:
            self._interface[language] = self._load_interface(language)
        return self._interface[language]

    def _load_interface(self, language: str) -> InterfaceCatalog:
        # Most precise first: the workspace's sq_AL, the tool's sq_AL, the workspace's sq, the tool's sq.
        paths = [
            catalog_path(folder, candidate)
            for candidate in fallback_languages(language)
            for folder in self.interface_dirs
            if catalog_path(folder, candidate).is_file()
        ]
        if not paths:
            raise InputError(
                [
                    Problem(
                        display_path(catalog_path(self.workspace.locales, language)),
                        None,
                        None,
                        "",
                        f"no interface catalog for '{language}'; `briefing i18n init {language}` starts one",
                    )
                ]
            )
        catalogs = [self.read(path, interface=True) for path in paths]
        translations: gettext.NullTranslations | None = None
        for catalog in reversed(catalogs):  # the least precise at the bottom of the fallback chain
            layer = _compiled(catalog)
            if translations is not None:
                layer.add_fallback(translations)
            translations = layer
        assert translations is not None
        header_locale = next((c.locale for c in catalogs if c.locale is not None), None)
        locale = Locale.parse(language) if "_" in language or header_locale is None else header_locale
        return InterfaceCatalog(language, locale, translations)

    def content(self, briefing_id: str, language: str) -> ContentCatalog:
        """A briefing's catalog for one language (a shorter tag's when need be); empty if there is none."""
        for candidate in fallback_languages(language):
            path = catalog_path(self.workspace.locales, candidate, briefing_id)
            if path.is_file():
                catalog = self.read(path, interface=False)
                messages = {(kind_of_path(str(m.context)), str(m.id)): m for m in catalog if m.id and m.context}
                return ContentCatalog(path, messages)
        return ContentCatalog(None)

    def content_path(self, briefing_id: str, language: str) -> Path | None:
        for candidate in fallback_languages(language):
            path = catalog_path(self.workspace.locales, candidate, briefing_id)
            if path.is_file():
                return path
        return None

    def paths_read(self, briefing_id: str, language: str) -> list[Path]:
        """Every catalog an edition may read, present or not, by the rules of `interface` and `content`.

        An absent one counts too: creating it changes the edition (the build manifest records it as absent).
        """
        paths = []
        for candidate in fallback_languages(language):
            paths.append(catalog_path(self.workspace.locales, candidate, briefing_id))
            paths += [catalog_path(folder, candidate) for folder in (self.workspace.locales, self.resources.locales)]
        return paths

    def read(self, path: Path, *, interface: bool) -> Catalog:
        if path not in self._read:
            self._read[path] = read_checked_catalog(path, interface=interface)
        return self._read[path]


def _compiled(catalog: Catalog) -> Translations:
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def read_checked_catalog(path: Path, *, interface: bool) -> Catalog:
    """Read a .po file that GNU msgfmt and our own checks accept; else an InputError with lines.

    An interface catalog's translations are format strings (`%(date)s`): they are
    checked as such, whatever their flags say, since the templates fill them. A
    content catalog's are not (`46% of voters`): format checks would refuse correct
    translations, so they are left to `checks.translation_problems`.
    """
    name = display_path(path)
    problems = _gnu_msgfmt_problems(path, name, formats=interface)
    if problems:
        raise InputError(problems)
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
    except PoFileError as error:
        raise InputError([Problem(name, error.lineno, None, "", f"not a valid PO file: {error}")]) from None
    except (UnicodeDecodeError, LookupError):
        raise InputError([Problem(name, None, None, "", "not UTF-8; save the catalog as UTF-8")]) from None
    problems = _header_problems(catalog, name)
    if interface:
        problems += [found for message in catalog if message.id and (found := _format_problem(message, name))]
    if problems:
        raise InputError(problems)
    return catalog


def _header_problems(catalog: Catalog, name: str) -> list[Problem]:
    problems: list[Problem] = []
    if catalog.charset.lower().replace("-", "") != "utf8":
        problems.append(
            Problem(
                name, 1, None, "", f"the header declares charset={catalog.charset}; save as UTF-8 and declare UTF-8"
            )
        )
    try:
        gettext.c2py(catalog.plural_expr)
    except (ValueError, RecursionError, SyntaxError) as error:
        problems.append(Problem(name, 1, None, "", f"the Plural-Forms header cannot be used: {error}"))
    return problems


_PLACEHOLDER = re.compile(r"%\((\w+)\)")


def _format_problem(message: Message, name: str) -> Problem | None:
    """Why a translation cannot be filled in the way the templates fill its source, or None."""
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    names = _PLACEHOLDER.findall(msgid)
    if not names:
        return None  # printed as it is, never %-formatted
    strings = [message.string] if isinstance(message.string, str) else list(message.string or ())
    values = dict.fromkeys(names, 1)
    for string in strings:
        if not string:
            continue
        try:
            string % values
        except (KeyError, ValueError, TypeError) as error:
            reason = f"unknown placeholder {error}" if isinstance(error, KeyError) else str(error)
            return Problem(
                name,
                message.lineno,
                None,
                f"msgid {msgid!r}",
                f"the translation cannot be filled: {reason}; "
                "keep placeholders like %(date)s as they are, and write a % sign as %%",
            )
    return None


def languages_with_catalogs(locales_dir: Path, domain: str = DOMAIN) -> list[str]:
    """The languages of a locale folder that have a catalog of this domain, sorted."""
    if not locales_dir.is_dir():
        return []
    return sorted(
        child.name for child in locales_dir.iterdir() if catalog_path(locales_dir, child.name, domain).is_file()
    )


_MSGFMT_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?:(?P<column>\d+):)? (?P<message>.*)$")


def _gnu_msgfmt_problems(path: Path, name: str, *, formats: bool) -> list[Problem]:
    """What GNU msgfmt finds wrong with a catalog (nothing when msgfmt is not installed)."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return []
    checks = ["--check-format", "--check-header"] if formats else ["--check-header"]
    checked = subprocess.run(
        [msgfmt, *checks, "-o", os.devnull, str(path)],
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
            message = match["message"]
            if re.fullmatch(r'keyword ".*" unknown', message):
                # The slip behind it, most of the time: a quote that ended the text early, or none at all.
                message += (
                    '; every text of a catalog is in "...": a " inside it ends it, so write \\" or use “ ” or « »'
                )
            problems.append(Problem(name, int(match["line"]), column, "", message))
    return problems or [Problem(name, None, None, "", checked.stderr.strip() or "rejected by msgfmt")]
