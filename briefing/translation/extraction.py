"""Templates for translators: which messages the interface and each briefing have.

This module owns turning sources into gettext templates (catalogs with empty
translations), in memory:

* the interface: every message of the package's Python code and of the
  templates (the tool's, and a workspace's overrides in theme/templates/),
  found with Babel's extractors, and the messages `pipeline.phrases` keeps
  as tables (date phrases, declined month names, quote notes), which no
  extractor can read. The mapping lives here, in code, so an installed tool
  extracts exactly as the repository does. The commands that only read the
  interface template (`i18n stats`, `todo`, `update`, `init`, the preview's
  bar) take the one the package ships (locales/messages.pot, the same
  extraction written down by `i18n extract`, and checked current by a test)
  instead of tokenizing every module again (a third of a second a command);
  a workspace with template overrides is extracted afresh;
* a briefing: one message per text, its kind as msgctxt and its source text
  as msgid, with the field path(s) as an extracted comment and the file and
  line as the reference. Texts that read the same in every language
  (`{same: ...}`) are left out.

Writing the templates and merging them into catalogs is `workflow`'s job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from briefing import __version__
from briefing.errors import display_path
from briefing.pipeline import phrases
from briefing.pipeline.load import Document
from briefing.pipeline.model import Briefing
from briefing.pipeline.texts import walk_texts
from briefing.workspace import Resources, Workspace

DOMAIN = "messages"
PROJECT = "briefing"
COPYRIGHT = "the briefing developers"
COMMENT_TAG = "TRANSLATORS:"
TEMPLATE_EXTENSIONS = "jinja2.ext.i18n"
SOURCE_LANGUAGE = "en"  # the language of the tool's own code and templates


def interface_template(resources: Resources, workspace: Workspace | None = None) -> Catalog:
    """The interface messages of the package and its templates (and a workspace's template overrides).

    The template the package ships when the workspace overrides no template: it
    is `extracted_interface_template` of the package, written down.
    """
    shipped = resources.locales / f"{DOMAIN}.pot"
    if (workspace is None or workspace.theme_templates is None) and shipped.is_file():
        with shipped.open("rb") as handle:
            return read_po(handle, domain=DOMAIN)
    return extracted_interface_template(resources, workspace)


def extracted_interface_template(resources: Resources, workspace: Workspace | None = None) -> Catalog:
    """The interface messages, extracted from the package's code and templates (and a workspace's overrides)."""
    package = resources.templates.parent
    found: list[tuple[str, str | tuple[str, ...], list[str], str | None]] = []
    sources: list[tuple[Path, list[tuple[str, str]]]] = [
        (package, [("**.py", "python")]),
        (resources.templates, [("**.html", "jinja2")]),
    ]
    if workspace is not None and workspace.theme_templates is not None:
        sources.append((workspace.theme_templates, [("**.html", "jinja2")]))
    for folder, method_map in sources:
        for _filename, _line, message, comments, context in extract_from_dir(
            folder,
            method_map=method_map,
            options_map={"**.html": {"extensions": TEMPLATE_EXTENSIONS}},
            comment_tags=(COMMENT_TAG,),
        ):
            found.append((context or "", message, comments, context))
    template = new_catalog(DOMAIN)
    # Sorted, so the file changes only when messages do, whatever the order of files on disk.
    for _key, message, comments, context in sorted(found, key=lambda item: (_msgid(item[1]), item[0])):
        existing = template.get(message if isinstance(message, str) else message[0], context=context)
        if existing is not None:
            existing.auto_comments.extend(c for c in comments if c not in existing.auto_comments)
            continue
        template.add(message, context=context, auto_comments=comments)
    # After the sorted ones, in the tables' own order: a translator meets the
    # date phrases form by form and the months from January to December.
    for entry in phrases.catalog_messages():
        template.add(entry.id, context=entry.context, auto_comments=[entry.comment])
    return template


def _msgid(message: str | tuple[str, ...]) -> str:
    return message if isinstance(message, str) else message[0]


def briefing_template(document: Document, briefing: Briefing, workspace: Workspace) -> Catalog:
    """One message per translatable text of a briefing, in file order."""
    template = new_catalog(briefing.id)
    try:
        reference = str(document.path.resolve().relative_to(workspace.root.resolve()))
    except ValueError:
        reference = display_path(document.path)
    for slot in walk_texts(briefing):
        if slot.text.invariant:
            continue
        source = slot.text.source(briefing.language)
        assert source is not None, "validate guarantees a text in the briefing's language"
        line, _column = document.locate(slot.location)
        existing = template.get(source, context=slot.kind)
        if existing is not None:
            existing.auto_comments.append(slot.path)
            existing.locations.append((reference, line or 0))
            continue
        template.add(source, context=slot.kind, auto_comments=[slot.path], locations=[(reference, line or 0)])
    return without_format_flags(template)


def without_format_flags(catalog: Catalog) -> Catalog:
    """A briefing's texts are not format strings: Babel flags `46% of voters` as python-format
    (`% o`), and msgfmt would then refuse the correct `46% e votuesve`."""
    for message in catalog:
        message.flags -= {"python-format", "python-brace-format"}
    for message in catalog.obsolete.values():
        message.flags -= {"python-format", "python-brace-format"}
    return catalog


def new_catalog(domain: str, creation: dt.datetime | None = None) -> Catalog:
    """An empty catalog with the project's header; dated now unless told otherwise."""
    what = "the interface of briefing" if domain == DOMAIN else f"the briefing {domain}"
    moment = creation or dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    catalog = Catalog(
        domain=domain,
        project=PROJECT,
        version=__version__,
        copyright_holder=COPYRIGHT,
        creation_date=moment,
        revision_date=moment,
        fuzzy=False,
        header_comment=(
            f"# Translations of {what}.\n"
            "# Translate with Poedit, Lokalize or Weblate, or in a text editor; TRANSLATING.md explains how.\n"
            "# Keep placeholders like %(date)s, numbers and links as they are."
        ),
    )
    catalog.msgid_bugs_address = ""
    return catalog


def template_messages(catalog: Catalog) -> Iterable[tuple[object, str | None]]:
    """The (msgid, msgctxt) keys of a catalog's messages, header left out."""
    return [(message.id, message.context) for message in catalog if message.id]
