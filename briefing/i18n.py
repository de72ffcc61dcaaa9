"""The translators' workflow: extract, init, update and stats, for both kinds of catalog.

This module owns writing catalogs (reading them for a build is `catalogs`'s).
It works on two kinds of catalog, in the standard gettext layout under
`locales/`:

* the interface: `messages.pot`, extracted from `templates/` and `briefing/`
  with Babel's extractors, as configured once in pyproject.toml;
* one catalog per briefing: `<id>.pot`, one message per text of the briefing,
  with its field path (`facts[2].text`) as msgctxt, so two identical English
  sentences in different places stay separate.

Merging is Babel's own (`Catalog.update`): a changed source text becomes fuzzy,
with the previous msgid kept for the translator. Content catalogs are made
for each language a briefing lists besides its own.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import escape, read_po, write_po

from briefing import __version__
from briefing.catalogs import DOMAIN, catalog_path, interface_languages, read_checked_catalog
from briefing.errors import InputError, Problem
from briefing.loader import format_location
from briefing.model import LANGUAGE_PATTERN, Briefing, base_language
from briefing.output import write_atomically
from briefing.paths import LOCALES_DIR, PROJECT_ROOT
from briefing.validate import iter_texts

PROJECT = "briefing"
TEMPLATES_LANGUAGE = "en"  # the language templates/ and briefing/ are written in
COPYRIGHT = "the briefing developers"
# The date written into catalog headers: fixed, so that files only change when their messages do.
HEADER_DATE = dt.datetime(2023, 6, 21, tzinfo=dt.UTC)


@dataclass(frozen=True)
class CatalogStats:
    """Counts of one catalog; each message is in exactly one of the first three."""

    path: Path
    language: str
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def template_path(domain: str, locales_dir: Path = LOCALES_DIR) -> Path:
    return locales_dir / f"{domain}.pot"


def briefing_template(briefing: Briefing) -> Catalog:
    """One message per text of the briefing, in file order, its field path as context."""
    template = _new_catalog(domain=briefing.id)
    for location, text in iter_texts(briefing):
        source = text.source(briefing.language)
        assert source is not None
        template.add(source, context=format_location(location))
    return template


def interface_template(project_root: Path = PROJECT_ROOT) -> Catalog:
    """The interface messages, extracted with Babel's extractors as pyproject.toml configures them."""
    with tempfile.TemporaryDirectory() as temporary:
        target = Path(temporary) / "messages.pot"
        CommandLineInterface().run(
            [
                "pybabel",
                "-q",
                "extract",
                "-F",
                str(project_root / "pyproject.toml"),
                "--no-location",
                "--sort-output",
                "--add-comments",
                "TRANSLATORS:",
                "-o",
                str(target),
                str(project_root),
            ]
        )
        with target.open("rb") as handle:
            extracted = read_po(handle)
    template = _new_catalog(domain=DOMAIN)
    _copy_messages(extracted, template)
    return template


def extract(briefings: Iterable[Briefing], locales_dir: Path = LOCALES_DIR) -> list[Path]:
    """Write messages.pot and one <id>.pot per briefing; return the files written."""
    written = [_write(template_path(DOMAIN, locales_dir), interface_template())]
    for briefing in briefings:
        written.append(_write(template_path(briefing.id, locales_dir), briefing_template(briefing)))
    return written


def init(language: str, briefings: Iterable[Briefing], locales_dir: Path = LOCALES_DIR) -> list[Path]:
    """Start the catalogs of a new language from the templates; existing catalogs are left alone."""
    locale = _locale(language)
    created = []
    interface = catalog_path(language, locales_dir)
    if not interface.exists():
        created.append(_write(interface, _localized(_read_template(DOMAIN, locales_dir), locale)))
    for briefing in briefings:
        if _same_language(language, briefing.language):
            continue
        path = catalog_path(language, locales_dir, briefing.id)
        if not path.exists():
            created.append(_write(path, _localized(briefing_template(briefing), locale)))
    return created


def update(briefings: Iterable[Briefing], locales_dir: Path = LOCALES_DIR) -> list[Path]:
    """Merge the templates into every catalog: new texts empty, changed texts fuzzy, removed ones obsolete.

    A briefing gets a catalog for each language in its `languages` besides its
    own (its base language, `sq` for `sq_AL`), created when missing.
    """
    written = []
    interface = _read_template(DOMAIN, locales_dir)
    for language in sorted(interface_languages(locales_dir)):
        path = catalog_path(language, locales_dir)
        written.append(_write(path, _merged(read_checked_catalog(path), interface)))
    for briefing in briefings:
        for _language, path, catalog in _current_briefing_catalogs(briefing, locales_dir):
            written.append(_write(path, catalog))
    return written


def _current_briefing_catalogs(briefing: Briefing, locales_dir: Path) -> Iterator[tuple[str, Path, Catalog]]:
    """For each language a briefing is translated into: its catalog, merged with the current texts.

    A language is named by its base (`sq` for `sq_AL`); a missing catalog comes back new and empty.
    """
    template = briefing_template(briefing)
    for language in sorted({base_language(lang) for lang in briefing.languages}):
        if _same_language(language, briefing.language):
            continue
        path = catalog_path(language, locales_dir, briefing.id)
        if path.exists():
            yield language, path, _merged(read_checked_catalog(path), template)
        else:
            yield language, path, _localized(template, _locale(language))


def stats(briefings: Iterable[Briefing], locales_dir: Path = LOCALES_DIR) -> list[CatalogStats]:
    """Counts per language and catalog, against the current templates (no need to run update first).

    For a briefing, a text with an inline translation in the briefing file
    counts as translated: it is what the edition will show.
    """
    rows = []
    interface = _read_template(DOMAIN, locales_dir)
    for language in sorted(interface_languages(locales_dir)):
        if _same_language(language, TEMPLATES_LANGUAGE):
            continue  # its catalog only sets the locale: there is nothing to translate
        path = catalog_path(language, locales_dir)
        rows.append(_count(path, language, _merged(read_checked_catalog(path), interface)))
    for briefing in briefings:
        for language, path, catalog in _current_briefing_catalogs(briefing, locales_dir):
            inline = {
                format_location(location)
                for location, text in iter_texts(briefing)
                if text.get(language, briefing.language) is not None
            }
            for message in catalog:
                if message.id and message.context in inline:
                    message.string, message.flags = message.id, set()
            rows.append(_count(path, language, catalog))
    return rows


def format_stats(rows: list[CatalogStats], root: Path = PROJECT_ROOT) -> str:
    header = ("catalog", "lang", "translated", "fuzzy", "untranslated", "obsolete", "done")
    table = [header] + [
        (
            _relative(row.path, root),
            row.language,
            str(row.translated),
            str(row.fuzzy),
            str(row.untranslated),
            str(row.obsolete),
            f"{row.percent:.0f}%",
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    lines = []
    for line in table:
        cells = [line[0].ljust(widths[0]), line[1].ljust(widths[1])]
        cells += [cell.rjust(width) for cell, width in zip(line[2:], widths[2:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _same_language(language: str, other: str) -> bool:
    return base_language(language) == base_language(other)


def _locale(language: str) -> Locale:
    if not re.match(LANGUAGE_PATTERN, language):
        raise InputError([Problem(language, None, None, "", "not a language code (like de, fr, pt_BR)")])
    try:
        return Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        raise InputError([Problem(language, None, None, "", "not a language known to CLDR")]) from None


def _new_catalog(domain: str) -> Catalog:
    what = "the interface of briefing" if domain == DOMAIN else f"the briefing {domain}"
    catalog = Catalog(
        domain=domain,
        project=PROJECT,
        version=__version__,
        copyright_holder=COPYRIGHT,
        creation_date=HEADER_DATE,
        revision_date=HEADER_DATE,
        fuzzy=False,
        header_comment=(
            f"# Translations of {what}.\n"
            "# Translate with Poedit, Lokalize or Weblate; TRANSLATING.md explains how.\n"
            "# Keep placeholders like %(date)s, numbers and links as they are."
        ),
    )
    catalog.msgid_bugs_address = ""
    return catalog


def _read_template(domain: str, locales_dir: Path) -> Catalog:
    path = template_path(domain, locales_dir)
    if not path.is_file():
        raise InputError([Problem(str(path), None, None, "", "no template; run `briefing i18n extract` first")])
    with path.open("rb") as handle:
        return read_po(handle)


def _localized(template: Catalog, locale: Locale) -> Catalog:
    """A new, empty catalog for `locale` with CLDR's plural forms."""
    catalog = _new_catalog(domain=template.domain or DOMAIN)
    catalog.locale = locale
    catalog.language_team = locale.english_name
    catalog.last_translator = ""
    catalog.fuzzy = False
    _copy_messages(template, catalog, empty=True)
    return catalog


def _copy_messages(source: Catalog, target: Catalog, *, empty: bool = False) -> None:
    for message in source:
        if not message.id:
            continue
        if empty:
            string: str | tuple[str, ...] = ("",) * target.num_plurals if message.pluralizable else ""
        else:
            string = message.string
        target.add(
            message.id,
            string,
            context=message.context,
            auto_comments=message.auto_comments,
            user_comments=message.user_comments,
            flags=message.flags - {"fuzzy"} if empty else message.flags,
        )


def _merged(catalog: Catalog, template: Catalog) -> Catalog:
    catalog.update(template, no_fuzzy_matching=False, update_header_comment=False)
    return catalog


def _count(path: Path, language: str, catalog: Catalog) -> CatalogStats:
    translated = fuzzy = untranslated = 0
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            fuzzy += 1
        elif all(strings):
            translated += 1
        else:
            untranslated += 1
    return CatalogStats(path, language, translated, fuzzy, untranslated, len(catalog.obsolete))


def _write(path: Path, catalog: Catalog) -> Path:
    write_atomically(path, po_bytes(catalog))
    return path


def po_bytes(catalog: Catalog) -> bytes:
    """The catalog as a .po file, with the previous msgid of each fuzzy entry (`#| msgid ...`).

    Babel's own `include_previous` wraps those comments in the middle of their
    quoted strings, which GNU msgfmt rejects; so they are written here, on one
    line each, into the entry blocks Babel wrote (one block per message, in
    catalog order, separated by blank lines).
    """
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, omit_header=False, include_previous=False, sort_output=False)
    blocks = buffer.getvalue().decode("utf-8").rstrip("\n").split("\n\n")
    for index, message in enumerate(catalog):
        if not message.previous_id or index >= len(blocks):
            continue
        previous = message.previous_id if isinstance(message.previous_id, (list, tuple)) else [message.previous_id]
        comment = [f'#| msgid "{escape(previous[0])[1:-1]}"']
        if len(previous) > 1:
            comment.append(f'#| msgid_plural "{escape(previous[1])[1:-1]}"')
        lines = blocks[index].split("\n")
        at = next(i for i, line in enumerate(lines) if line.startswith(("msgctxt", "msgid")))
        lines[at:at] = comment
        blocks[index] = "\n".join(lines)
    return ("\n\n".join(blocks) + "\n").encode("utf-8")
