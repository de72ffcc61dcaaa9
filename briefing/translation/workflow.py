"""The translators' commands: extract, init, update and stats, for both kinds of catalog.

This module owns writing catalogs into a workspace (reading them for a
build is `catalogs`'s; making templates is `extraction`'s):

* `extract` writes `locales/messages.pot` and one `locales/<id>.pot` per
  briefing, for translation platforms that start from templates;
* `init LANG` starts a language: its interface catalog (in the workspace,
  so the installed tool is never touched) and a content catalog for each
  briefing;
* `update` merges the current texts into every catalog of the workspace:
  new texts come in empty, an edited text becomes fuzzy with its previous
  source kept (`#| msgid`), removed ones become obsolete. Inserting or
  moving items changes nothing, since texts are keyed by kind and source;
* `stats` counts each catalog against the current texts, without writing.

Merging is Babel's own (`Catalog.update`); catalogs of version 0.1, keyed by
field path, are read as kind-keyed first, so their translations carry over.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from briefing.errors import display_path
from briefing.pipeline.load import Document
from briefing.pipeline.localize import original_words
from briefing.pipeline.model import Briefing
from briefing.pipeline.texts import kind_of_path, walk_texts
from briefing.pipeline.vocabulary import base_language
from briefing.pipeline.write import write_atomically
from briefing.translation.catalogs import DOMAIN, CatalogSet, catalog_path, read_checked_catalog
from briefing.translation.extraction import (
    SOURCE_LANGUAGE,
    briefing_template,
    extracted_interface_template,
    interface_template,
    new_catalog,
    without_format_flags,
)

Loaded = tuple[Document, Briefing]


@dataclass(frozen=True)
class CatalogStats:
    """Counts of one catalog; each message is in exactly one of the first four.

    `original` are quotes without a translation that every edition shows in
    their speaker's words (`localize.original_words`): not untranslated, since
    no edition marks them so, and done, since a translation is optional.
    """

    path: Path
    language: str
    translated: int
    fuzzy: int
    untranslated: int
    original: int
    obsolete: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated + self.original

    @property
    def percent(self) -> float:
        return 100.0 * (self.translated + self.original) / self.total if self.total else 100.0


@dataclass(frozen=True)
class CatalogWrite:
    """A catalog file written, and whether it is new."""

    path: Path
    created: bool


def template_path(locales_dir: Path, domain: str) -> Path:
    return locales_dir / f"{domain}.pot"


def extract(catalogs: CatalogSet, briefings: Iterable[Loaded]) -> list[CatalogWrite]:
    """Write messages.pot and one <id>.pot per briefing into the workspace.

    A template whose messages did not change is left as it is, header dates
    included, so that files change only when their messages do.
    """
    locales = catalogs.workspace.locales
    interface = extracted_interface_template(catalogs.resources, catalogs.workspace)
    templates = [(template_path(locales, DOMAIN), interface)]
    for document, briefing in briefings:
        templates.append(
            (template_path(locales, briefing.id), briefing_template(document, briefing, catalogs.workspace))
        )
    written = []
    for path, template in templates:
        if path.is_file() and _same_messages(path, template):
            continue
        created = not path.exists()
        written.append(CatalogWrite(_write(path, template), created=created))
    return written


def _same_messages(path: Path, template: Catalog) -> bool:
    with path.open("rb") as handle:
        existing = read_po(handle)

    def key(catalog: Catalog) -> list[tuple[object, ...]]:
        return [(m.id, m.context, sorted(m.flags), " ".join(m.auto_comments), m.locations) for m in catalog if m.id]

    return key(existing) == key(template)


def init(language: str, catalogs: CatalogSet, briefings: Iterable[Loaded]) -> list[Path]:
    """Start the catalogs of a new language from the current texts; existing catalogs are left alone."""
    locale = Locale.parse(language)
    created = []
    interface = catalog_path(catalogs.workspace.locales, language)
    if not interface.exists():
        template = interface_template(catalogs.resources, catalogs.workspace)
        created.append(_write(interface, _localized(template, locale)))
    for document, briefing in briefings:
        if _same_language(language, briefing.language):
            continue
        path = catalog_path(catalogs.workspace.locales, language, briefing.id)
        if not path.exists():
            template = briefing_template(document, briefing, catalogs.workspace)
            created.append(_write(path, _localized(template, locale)))
    return created


def update(catalogs: CatalogSet, briefings: Iterable[Loaded], *, purge: bool = False) -> list[CatalogWrite]:
    """Merge the current texts into every catalog of the workspace; create the content catalogs missing.

    A briefing gets a catalog for each language in its `languages` besides
    its own (named by the base language: `sq` for `sq_AL`). A removed text
    that was never translated is dropped; a translated one is kept as
    obsolete (`#~`), for the translator to reuse, unless `purge` (Poedit's
    "Purge deleted translations") drops those too.
    """
    written = []
    interface = interface_template(catalogs.resources, catalogs.workspace)
    for language in _workspace_interface_languages(catalogs):
        path = catalog_path(catalogs.workspace.locales, language)
        merged = _merged(read_checked_catalog(path, interface=True), interface, purge=purge)
        written.append(CatalogWrite(_write(path, merged), created=False))
    for document, briefing in briefings:
        template = briefing_template(document, briefing, catalogs.workspace)
        for _language, path, catalog, lines in _current_briefing_catalogs(catalogs, briefing, template, purge=purge):
            written.append(CatalogWrite(_write(path, catalog), created=lines is None))
    return written


def start_catalogs(catalogs: CatalogSet, loaded: Loaded) -> list[Path]:
    """The content catalogs a briefing lacks, created empty for each of its languages; existing ones untouched."""
    document, briefing = loaded
    template = briefing_template(document, briefing, catalogs.workspace)
    return [
        _write(path, catalog)
        for _language, path, catalog, lines in _current_briefing_catalogs(catalogs, briefing, template)
        if lines is None
    ]


@dataclass(frozen=True)
class CurrentCatalog:
    """A catalog of the workspace as it stands against the current texts (merged in memory, not written).

    `disk_lines` says where each entry stands in the file as the translator
    left it (empty for a catalog not created yet); `done_inline` are the
    entries the briefing file translates inline, which count as translated:
    they are what the edition shows; `in_original` are the quotes the edition
    shows in their speaker's words until they are translated.
    """

    path: Path
    language: str
    merged: Catalog
    disk_lines: Mapping[tuple[str | None, str], int | None]
    done_inline: frozenset[tuple[str | None, str]]
    in_original: frozenset[tuple[str | None, str]] = frozenset()

    def is_done(self, message: Message) -> bool:
        return (message.context, _msgid(message)) in self.done_inline

    def state(self, message: Message) -> str:
        """translated, fuzzy, untranslated or original: what `stats` counts it as."""
        if self.is_done(message):
            return "translated"
        state = _state(message)
        if state == "untranslated" and (message.context, _msgid(message)) in self.in_original:
            return "original"
        return state


@dataclass(frozen=True)
class TodoItem:
    """One entry still to do, as `i18n todo` lists it."""

    path: Path
    line: int | None  # None: a new text, not in the file until `briefing i18n update`
    reason: str  # untranslated, fuzzy or outdated
    places: tuple[str, ...]  # the field paths it serves in the briefing; empty for the interface
    source: str

    def __str__(self) -> str:
        where = f"{display_path(self.path)}:{self.line}" if self.line else f"{display_path(self.path)}"
        reason = self.reason if self.line else f"{self.reason} (not in the file yet: `briefing i18n update` adds it)"
        places = f" {', '.join(self.places)}:" if self.places else ""
        shown = self.source if len(self.source) <= 60 else self.source[:59] + "…"
        return f"{where}: {reason}:{places} {json.dumps(shown, ensure_ascii=False)}"


def current_catalogs(catalogs: CatalogSet, briefings: Iterable[Loaded]) -> Iterator[CurrentCatalog]:
    """Every catalog of the workspace against the current texts: the interface's (but English's), then each briefing's."""
    interface = interface_template(catalogs.resources, catalogs.workspace)
    for language in _workspace_interface_languages(catalogs):
        if _same_language(language, SOURCE_LANGUAGE):
            continue  # its catalog only sets the locale: there is nothing to translate
        path = catalog_path(catalogs.workspace.locales, language)
        on_disk = read_checked_catalog(path, interface=True)
        lines = _entry_lines(on_disk)  # before the merge, which changes the catalog
        yield CurrentCatalog(path, language, _merged(on_disk, interface), lines, frozenset())
    for document, briefing in briefings:
        template = briefing_template(document, briefing, catalogs.workspace)
        for language, path, merged, disk_lines in _current_briefing_catalogs(catalogs, briefing, template):
            slots = list(walk_texts(briefing))
            inline_paths = {slot.path for slot in slots if slot.text.get(language, briefing.language) is not None}
            original_paths = {
                slot.path for slot in slots if original_words(slot, briefing.language, language) is not None
            }
            yield CurrentCatalog(
                path,
                language,
                merged,
                disk_lines or {},
                _serving(template, inline_paths),
                _serving(template, original_paths),
            )


def _serving(template: Catalog, paths: set[str]) -> frozenset[tuple[str | None, str]]:
    """The entries of a briefing's template whose every place is one of `paths`."""
    return frozenset(
        (message.context, _msgid(message))
        for message in template
        if message.id and all(path in paths for path in message.auto_comments)
    )


def stats(catalogs: CatalogSet, briefings: Iterable[Loaded]) -> list[CatalogStats]:
    """Counts of catalog entries per language and catalog, against the current texts (no need to run update first).

    An entry is one text of a catalog; a sentence used in two places of a
    briefing is one entry. A text translated inline in the briefing file
    counts as translated.
    """
    return [_count(current) for current in current_catalogs(catalogs, briefings)]


def todo(catalogs: CatalogSet, briefings: Iterable[Loaded], language: str | None = None) -> list[TodoItem]:
    """Every entry still to do (untranslated, fuzzy, outdated), catalog by catalog, in the order of each file.

    The same entries `stats` counts as fuzzy or untranslated, so the two always agree.
    """
    items = []
    for current in current_catalogs(catalogs, briefings):
        if language is not None and not _same_language(current.language, language):
            continue
        disk_lines = current.disk_lines
        for message in current.merged:
            if not message.id or current.state(message) in ("translated", "original"):
                continue
            key = (message.context, _msgid(message))
            line = disk_lines.get(key)
            reason = "fuzzy" if message.fuzzy else "untranslated"
            if line is None and message.fuzzy and message.previous_id:
                # The file holds a translation of an older text: the merge paired them.
                previous = (
                    message.previous_id[0] if isinstance(message.previous_id, (list, tuple)) else message.previous_id
                )
                line = disk_lines.get((message.context, str(previous)))
                reason = "outdated"
            places = tuple(message.auto_comments) if current.path.stem != DOMAIN else ()
            items.append(TodoItem(current.path, line, reason, places, _msgid(message)))
    return items


def _msgid(message: Message) -> str:
    return message.id if isinstance(message.id, str) else str(message.id[0])


def _state(message: Message) -> str:
    strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
    if message.fuzzy:
        return "fuzzy"
    return "translated" if all(strings) else "untranslated"


def _workspace_interface_languages(catalogs: CatalogSet) -> list[str]:
    locales = catalogs.workspace.locales
    if not locales.is_dir():
        return []
    return sorted(child.name for child in locales.iterdir() if catalog_path(locales, child.name).is_file())


def _current_briefing_catalogs(
    catalogs: CatalogSet, briefing: Briefing, template: Catalog, *, purge: bool = False
) -> Iterator[tuple[str, Path, Catalog, dict[tuple[str | None, str], int | None] | None]]:
    """For each language a briefing is translated into: its catalog merged with the template of its texts.

    With each, where its entries stood in the file (`_entry_lines`); a missing
    catalog comes back new and empty, with None for those lines.
    """
    for language in sorted({base_language(lang) for lang in briefing.languages}):
        if _same_language(language, briefing.language):
            continue
        path = catalog_path(catalogs.workspace.locales, language, briefing.id)
        if path.exists():
            on_disk = read_checked_catalog(path, interface=False)
            lines = _entry_lines(on_disk)  # before the merge, which changes the catalog
            yield language, path, _merged(on_disk, template, purge=purge), lines
        else:
            yield language, path, _localized(template, Locale.parse(language)), None


def _entry_lines(catalog: Catalog) -> dict[tuple[str | None, str], int | None]:
    """The line of each entry of a catalog as read, by (msgctxt, msgid)."""
    return {(message.context, _msgid(message)): message.lineno for message in catalog if message.id}


def format_stats(rows: list[CatalogStats]) -> str:
    header = ("catalog", "lang", "translated", "fuzzy", "untranslated", "original", "obsolete", "done")
    table = [header] + [
        (
            display_path(row.path),
            row.language,
            str(row.translated),
            str(row.fuzzy),
            str(row.untranslated),
            str(row.original),
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


def _same_language(language: str, other: str) -> bool:
    return base_language(language) == base_language(other)


def _localized(template: Catalog, locale: Locale) -> Catalog:
    """A new, empty catalog for `locale` with CLDR's plural forms."""
    catalog = new_catalog(template.domain or DOMAIN)
    catalog.locale = locale
    catalog.language_team = locale.english_name or str(locale)
    catalog.last_translator = ""
    catalog.fuzzy = False
    for message in template:
        if not message.id:
            continue
        empty: str | tuple[str, ...] = ("",) * catalog.num_plurals if message.pluralizable else ""
        catalog.add(
            message.id,
            empty,
            context=message.context,
            auto_comments=message.auto_comments,
            user_comments=message.user_comments,
            locations=message.locations,
            flags=message.flags - {"fuzzy"},
        )
    return catalog


def _merged(catalog: Catalog, template: Catalog, *, purge: bool = False) -> Catalog:
    """The catalog brought up to the template; version 0.1's path contexts read as kinds first.

    Obsolete entries no one translated (a skeleton's placeholders after `briefing
    new`) are dropped; with `purge`, every obsolete entry is.
    """
    for message in list(catalog):
        context = message.context
        if message.id and context and kind_of_path(context) != context:
            catalog.delete(message.id, context=context)
            kind = kind_of_path(context)
            if catalog.get(message.id, context=kind) is None:
                message.context = kind
                catalog[message.id] = message
    catalog.update(template, no_fuzzy_matching=False, update_header_comment=False, update_creation_date=False)
    for key, message in list(catalog.obsolete.items()):
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        if purge or not any(strings):
            del catalog.obsolete[key]
    if template.domain != DOMAIN:
        without_format_flags(catalog)
    return catalog


def _count(current: CurrentCatalog) -> CatalogStats:
    states = [current.state(message) for message in current.merged if message.id]
    return CatalogStats(
        current.path,
        current.language,
        states.count("translated"),
        states.count("fuzzy"),
        states.count("untranslated"),
        states.count("original"),
        len(current.merged.obsolete),
    )


def _write(path: Path, catalog: Catalog) -> Path:
    write_atomically(path, po_bytes(catalog))
    return path


def _po_escaped(text: str) -> str:
    """`text` as it is written between the quotes of a .po string (GNU gettext's escapes)."""
    for character, escaped in (("\\", "\\\\"), ("\t", "\\t"), ("\r", "\\r"), ("\n", "\\n"), ('"', '\\"')):
        text = text.replace(character, escaped)
    return text


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
        comment = [f'#| msgid "{_po_escaped(previous[0])}"']
        if len(previous) > 1:
            comment.append(f'#| msgid_plural "{_po_escaped(previous[1])}"')
        lines = blocks[index].split("\n")
        at = next(i for i, line in enumerate(lines) if line.startswith(("msgctxt", "msgid")))
        lines[at:at] = comment
        blocks[index] = "\n".join(lines)
    return ("\n\n".join(blocks) + "\n").encode("utf-8")
