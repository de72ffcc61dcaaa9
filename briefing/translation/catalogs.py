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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from briefing.errors import InputError, Problem, display_path, quoted
from briefing.pipeline.texts import kind_of_path, unprintable
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

    def _interface_folders(self) -> list[Path]:
        """The workspace's locales/ then the tool's, in order of precedence; one when they are the same folder.

        The workspace's counts even before it exists: a catalog made there
        changes the editions (the build's manifest records it as absent).
        """
        workspace, tool = self.workspace.locales, self.resources.locales
        if workspace.is_dir() and tool.is_dir() and workspace.samefile(tool):
            return [workspace]
        return [workspace, tool]

    @property
    def interface_dirs(self) -> list[Path]:
        """Where interface catalogs are found, in order of precedence (one entry per real folder)."""
        return [folder for folder in self._interface_folders() if folder.is_dir()]

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

    def _interface_candidates(self, language: str) -> list[Path]:
        """Where an edition language's interface catalogs are looked for, most precise first.

        The workspace's sq_AL, the tool's sq_AL, the workspace's sq, the tool's sq: the
        one rule both the loader and the build's manifest (`paths_read`) follow.
        """
        folders = self._interface_folders()
        return [catalog_path(folder, candidate) for candidate in fallback_languages(language) for folder in folders]

    def _content_candidates(self, briefing_id: str, language: str) -> list[Path]:
        """Where a briefing's catalog for a language is looked for: its own tag's, then shorter tags'."""
        return [
            catalog_path(self.workspace.locales, candidate, briefing_id) for candidate in fallback_languages(language)
        ]

    def _load_interface(self, language: str) -> InterfaceCatalog:
        paths = [path for path in self._interface_candidates(language) if path.is_file()]
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
        for path in self._content_candidates(briefing_id, language):
            if path.is_file():
                catalog = self.read(path, interface=False)
                messages = {(kind_of_path(str(m.context)), str(m.id)): m for m in catalog if m.id and m.context}
                return ContentCatalog(path, messages)
        return ContentCatalog(None)

    def content_path(self, briefing_id: str, language: str) -> Path | None:
        return next((path for path in self._content_candidates(briefing_id, language) if path.is_file()), None)

    def paths_read(self, briefing_id: str, language: str) -> list[Path]:
        """Every catalog an edition may read, present or not: those `interface` and `content` look for.

        An absent one counts too: creating it changes the edition (the build manifest records it as absent).
        """
        return [*self._content_candidates(briefing_id, language), *self._interface_candidates(language)]

    def failures(self, briefing_id: str, languages: Iterable[str]) -> list[InputError]:
        """The problems of every catalog the editions of these languages read, one error per catalog.

        What `check` reports without building: a build would stop at the same catalogs.
        """
        failures: dict[tuple[str, ...], InputError] = {}
        for language in languages:
            for interface in (True, False):
                try:
                    self.interface(language) if interface else self.content(briefing_id, language)
                except InputError as error:
                    failures.setdefault(tuple(error.messages()), error)
        return list(failures.values())

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
    translations, so they are left to `checks.translation_problems`. The header is
    checked by our own means too, since msgfmt may be missing: a plural expression
    that divides by zero or a `Language` Babel cannot parse is the translator's slip.
    """
    name = display_path(path)
    problems = _gnu_msgfmt_problems(path, name, formats=interface)
    if problems:
        raise InputError(problems)
    try:
        content = path.read_bytes()
        lines = content.decode("utf-8").splitlines()
        catalog = read_po(BytesIO(content), abort_invalid=True)
    except PoFileError as error:
        # Babel 2.19 reports a header value it cannot take as a PoFileError, older ones as a ValueError.
        header = _unreadable_header_field(lines, name, path)
        raise InputError([header or Problem(name, error.lineno, None, "", f"not a valid PO file: {error}")]) from None
    except (UnicodeDecodeError, LookupError):
        raise InputError([Problem(name, None, None, "", "not UTF-8; save the catalog as UTF-8")]) from None
    except ValueError as error:  # a header value Babel cannot take (`Language: a-`, `nplurals=x`)
        raise InputError([_unreadable_header(lines, name, error, path)]) from None
    problems = _header_problems(catalog, lines, name)
    problems += [found for message in catalog if message.id for found in unprintable_problems(message, lines, name)]
    if interface:
        problems += [found for message in catalog if message.id for found in placeholder_problems(message, lines, name)]
    if problems:
        raise InputError(problems)
    return catalog


_HEADER_FIELD = re.compile(r'^"(?P<field>[A-Za-z-]+):(?P<value>.*?)(?:\\n)?"$')


def _header_fields(lines: list[str]) -> list[tuple[int, str, str]]:
    """The header's `Name: value` lines as (line number, name, value): the lines after the first `msgstr ""`."""
    fields: list[tuple[int, str, str]] = []
    start = next((number for number, line in enumerate(lines) if line.startswith("msgstr")), None)
    if start is None:
        return fields
    for number in range(start + 1, len(lines)):
        line = lines[number].strip()
        if not line.startswith('"'):
            break
        if match := _HEADER_FIELD.match(line):
            fields.append((number + 1, match["field"], match["value"].strip()))
    return fields


def _header_line(lines: list[str], field: str) -> int:
    """The line of a header field (the last one, as it is the one read), else the header's first line."""
    found = [number for number, name, _value in _header_fields(lines) if name.lower() == field.lower()]
    return found[-1] if found else 1


def _unreadable_header(lines: list[str], name: str, error: ValueError, path: Path) -> Problem:
    """The header line Babel could not take, else the whole header."""
    found = _unreadable_header_field(lines, name, path)
    return found or Problem(name, _header_line(lines, "Language"), None, "", f"the header cannot be read: {error}")


def _unreadable_header_field(lines: list[str], name: str, path: Path) -> Problem | None:
    """The header line Babel could not take, found by reading each field on its own; None if each reads."""
    for number, header, value in _header_fields(lines):
        try:
            read_po(BytesIO(f'msgid ""\nmsgstr ""\n{lines[number - 1].strip()}\n'.encode()), abort_invalid=True)
        except (ValueError, PoFileError) as cause:
            if header.lower() == "language":
                language = path.parent.parent.name
                message = (
                    f"the header's Language {value!r} is not a language code; "
                    f"write the catalog's language as its folder names it: {language}"
                )
            else:
                message = f"the header's {header} cannot be read: {cause}"
            return Problem(name, number, None, "", message)
        except LookupError:
            continue
    return None


# Python's gettext compares the plural expression for these counts, as GNU msgfmt does.
_PLURAL_COUNTS = range(1001)
# The forms a plural expression is probed for: a form of these beyond nplurals is named in the message.
_PROBED_FORMS = 1002


def _plural_forms(catalog: Catalog) -> Callable[[int], int | None]:
    """Which plural form a count takes under the catalog's Plural-Forms, as Python's gettext reads it.

    Through the public API only: a catalog of one message whose forms are their
    own numbers, far beyond nplurals, compiled and read by
    `gettext.GNUTranslations` (which raises ValueError on an expression it cannot
    take); a form none of them names (a negative one) is None.
    """
    probe = Catalog(locale=None)
    probe.mime_headers = [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Plural-Forms", f"nplurals={catalog.num_plurals}; plural=({catalog.plural_expr});"),
    ]
    forms = {str(form): form for form in range(max(catalog.num_plurals, _PROBED_FORMS))}
    message = ("probe", "probes")  # not literals in the call below: `i18n extract` would take them for the interface's
    probe.add(message, tuple(forms))
    buffer = BytesIO()
    write_mo(buffer, probe)
    buffer.seek(0)
    translations = gettext.GNUTranslations(buffer)
    return lambda count: forms.get(translations.ngettext(*message, count))


def _header_problems(catalog: Catalog, lines: list[str], name: str) -> list[Problem]:
    problems: list[Problem] = []
    if catalog.charset.lower().replace("-", "") != "utf8":
        problems.append(
            Problem(
                name,
                _header_line(lines, "Content-Type"),
                None,
                "",
                f"the header declares charset={catalog.charset}; save as UTF-8 and declare UTF-8",
            )
        )
    plural_line = _header_line(lines, "Plural-Forms")
    try:
        form_of = _plural_forms(catalog)
    except (ValueError, RecursionError, SyntaxError) as error:
        problems.append(Problem(name, plural_line, None, "", f"the Plural-Forms header cannot be used: {error}"))
        return problems
    for count in _PLURAL_COUNTS:
        try:
            form = form_of(count)
        except (ArithmeticError, RecursionError):
            problems.append(
                Problem(name, plural_line, None, "", f"plural expression can produce division by zero (n = {count})")
            )
            break
        if form is None or form >= catalog.num_plurals:
            given = "a negative or very large form" if form is None else f"form {form}"
            problems.append(
                Problem(
                    name,
                    plural_line,
                    None,
                    "",
                    f"plural expression gives {given} for n = {count}, but nplurals = {catalog.num_plurals}",
                )
            )
            break
    return problems


# Python's printf-style specification (mapping key, flags, width, precision, length, conversion),
# or a `%` that starts none; the standard library's `%` operator is the reference.
_FORMAT_SPEC = re.compile(
    r"%(?:\((?P<name>[^()]*)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d*))?[hlL]?(?P<conversion>[diouxXeEfFgGcrsa%])|%"
)


def _placeholders(text: str) -> list[str]:
    """Every `%` specification of a text as written (`%(date)s`, `%(date)1000000s`, a lone `%`), but `%%`."""
    return [match.group(0) for match in _FORMAT_SPEC.finditer(text) if match.group(0) != "%%"]


def unprintable_problems(message: Message, lines: list[str], name: str) -> list[Problem]:
    """Each translation holding a character no edition can print (a control character: a PDF
    shows nothing or a box for it, a Word file cannot hold it at all)."""
    problems = []
    for where, string in _translations(message):
        if (why := unprintable(string)) is not None:
            message_text = f"{why}: not text; remove it from the translation"
            problems.append(Problem(name, _line_of(lines, message.lineno, where), None, where, message_text))
    return problems


def _translations(message: Message) -> list[tuple[str, str]]:
    """Each translation of a message with its field: `msgstr`, or `msgstr[0]`... for plural forms."""
    if isinstance(message.string, str):
        return [("msgstr", message.string)]
    return [(f"msgstr[{index}]", string or "") for index, string in enumerate(message.string or ())]


def placeholder_problems(message: Message, lines: list[str], name: str) -> list[Problem]:
    """Each placeholder of a translation that is not written exactly as one of its msgid's.

    The templates fill a translation with markup (a date is a `<span>`): `%(date)r`
    would print its Python form, `%(date)d` fail, `%(date)1000000s` pad it with a
    million spaces. So a translation may use only the msgid's placeholders, character
    for character; a text whose msgid has none is printed as it is, never filled.
    """
    sources = [message.id] if isinstance(message.id, str) else list(message.id)
    allowed = dict.fromkeys(spec for source in sources for spec in _placeholders(source))
    if not allowed:
        return []
    problems = []
    for where, string in _translations(message):
        line = _line_of(lines, message.lineno, where)
        for written in dict.fromkeys(_placeholders(string)):
            if written not in allowed:
                problems.append(Problem(name, line, None, where, _placeholder_message(written, sources[0], allowed)))
    return problems


def _placeholder_message(written: str, msgid: str, allowed: dict[str, None]) -> str:
    expected = ", ".join(allowed)
    keep = f"keep each placeholder exactly as the msgid writes it ({expected}), and write a % sign as %%"
    if written == "%":
        return f"a % sign on its own; {keep}"
    return f"{written} is not a placeholder of the msgid {quoted(msgid)}; {keep}"


def _line_of(lines: list[str], msgid_line: int | None, keyword: str) -> int | None:
    """The line of an entry's `msgstr` (or `msgstr[1]`): the first after its msgid's line."""
    if msgid_line is None:
        return None
    for number in range(msgid_line - 1, len(lines)):
        if lines[number].startswith(f"{keyword} ") or lines[number].startswith(f"{keyword}\t"):
            return number + 1
    return msgid_line


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
