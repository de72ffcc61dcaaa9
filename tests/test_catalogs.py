"""The interface catalogs: valid for GNU gettext, complete for Albanian, current with the templates."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from briefing.errors import InputError
from briefing.pipeline import vocabulary
from briefing.pipeline.load import load_document
from briefing.pipeline.localize import Formatter
from briefing.pipeline.validate import validate_document
from briefing.translation.extraction import briefing_template, extracted_interface_template, interface_template
from briefing.workspace import Workspace, packaged_resources
from tests.conftest import EXAMPLE, PROJECT, REPOSITORY, catalogs, interface

LOCALES_DIR = PROJECT / "locales"
CATALOGS = sorted(LOCALES_DIR.glob("*/LC_MESSAGES/*.po"))


def test_catalogs_exist_for_english_and_albanian() -> None:
    assert [str(p.relative_to(LOCALES_DIR)) for p in CATALOGS] == [
        "en/LC_MESSAGES/messages.po",
        "sq/LC_MESSAGES/albania-mek-raid-2023.po",
        "sq/LC_MESSAGES/messages.po",
    ]


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: "/".join(p.parts[-3::2]))
def test_gnu_msgfmt_accepts_catalog(path: Path) -> None:
    checked = subprocess.run(
        ["msgfmt", "--check-format", "--check-header", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr == "", checked.stderr


@pytest.mark.parametrize("domain", ["messages", "albania-mek-raid-2023"])
def test_albanian_catalogs_are_complete_and_have_no_fuzzy_entries(domain: str) -> None:
    with (LOCALES_DIR / "sq" / "LC_MESSAGES" / f"{domain}.po").open("rb") as handle:
        catalog = read_po(handle)
    messages = [m for m in catalog if m.id]
    assert messages
    assert [m.id for m in messages if not m.string or (isinstance(m.string, tuple) and not all(m.string))] == []
    assert [m.id for m in messages if m.fuzzy] == []
    assert catalog.plural_forms == "nplurals=2; plural=(n != 1);"


def test_albanian_plural_forms() -> None:
    translations = interface("sq").translations
    assert (
        translations.ngettext("Based on %(num)d source", "Based on %(num)d sources", 1) % {"num": 1}
        == "Bazuar në 1 burim"
    )
    assert (
        translations.ngettext("Based on %(num)d source", "Based on %(num)d sources", 3) % {"num": 3}
        == "Bazuar në 3 burime"
    )


def test_regional_tag_falls_back_to_the_base_language_catalog() -> None:
    catalog = interface("sq_AL")
    assert catalog.translations.gettext("Key facts") == "Faktet kryesore"
    assert str(catalog.locale) == "sq_AL"


def _messages(catalog: Catalog) -> dict[object, tuple[bool, tuple[str, ...], str]]:
    """Each message's id, context, flags and comments (a .po file wraps long comments: joined here)."""
    return {
        (m.id, m.context): (m.pluralizable, tuple(sorted(m.flags)), " ".join(m.auto_comments)) for m in catalog if m.id
    }


def test_committed_interface_template_is_current() -> None:
    """locales/messages.pot holds exactly the messages of templates/ and briefing/, in their order (run `make
    messages`): the i18n commands read it in place of extracting them again."""
    extracted = extracted_interface_template(packaged_resources())
    shipped = interface_template(packaged_resources())
    assert _messages(shipped) == _messages(extracted)
    assert [(m.id, m.context) for m in shipped] == [(m.id, m.context) for m in extracted]


def test_committed_briefing_template_is_current() -> None:
    document = load_document(EXAMPLE)
    briefing = validate_document(document, {"en", "sq"})
    with (LOCALES_DIR / f"{briefing.id}.pot").open("rb") as handle:
        committed = read_po(handle)
    current = briefing_template(document, briefing, REPOSITORY)
    assert _messages(committed) == _messages(current)
    assert [m.locations for m in committed if m.id] == [m.locations for m in current if m.id]


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: "/".join(p.parts[-3::2]))
def test_every_catalog_has_every_template_message(path: Path) -> None:
    with (LOCALES_DIR / f"{path.stem}.pot").open("rb") as handle:
        template = {(m.id, m.context) for m in read_po(handle) if m.id}
    with path.open("rb") as handle:
        catalog = {(m.id, m.context) for m in read_po(handle) if m.id}
    assert template - catalog == set(), "run `make messages` and translate the new strings"


def test_every_date_phrase_has_its_own_context_and_an_english_example() -> None:
    """Translators get one message per form of date, each told apart by msgctxt and shown in English."""
    with (LOCALES_DIR / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    phrases = [m for m in template if m.id and m.context and m.context.startswith("date")]
    # 13 dates on their own (decades, and years, months and days with ~ ? %), 16 "since", 1 interval.
    assert len(phrases) == 30
    assert len({m.context for m in phrases}) == 30
    for message in phrases:
        comment = " ".join(message.auto_comments)
        assert comment.startswith("TRANSLATORS:"), message.context
        assert re.search(r"“[^”]*\d{4}[^”]*”", comment), f"{message.context}: no English example"
    months = [m for m in template if m.id and m.context and m.context.startswith("month after")]
    assert len(months) == 24


@pytest.mark.parametrize(
    ("edition", "spoken", "note"),
    [
        ("sq", "en", "përkthyer nga anglishtja"),
        ("sq", "fr", "përkthyer nga frëngjishtja"),
        ("sq", "fa", "përkthyer nga persishtja"),
        ("sq", "en_US", "përkthyer nga anglishtja"),
        ("sq", "ja", "përkthyer nga një tekst në japonisht"),  # no message of its own: CLDR's name
        ("en", "sq", "translated from Albanian"),
        ("en", "ja", "translated from Japanese"),
    ],
)
def test_the_quote_note_declines_the_language_name(edition: str, spoken: str, note: str) -> None:
    assert Formatter(interface(edition)).translated_from(spoken) == note


def test_albanian_tlp_meanings_say_each_limit_once() -> None:
    translations = interface("sq").translations
    for label, meaning in vocabulary.TLP_MEANINGS.items():
        assert translations.gettext(meaning).count("vetëm") <= 1, label
    assert translations.gettext(vocabulary.TLP_MEANINGS["AMBER+STRICT"]) == (
        "Shpërndarje e kufizuar: marrësit mund ta ndajnë vetëm brenda organizatës së tyre, me ata që kanë nevojë ta dinë."
    )


def _catalog_dir(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "locales" / "sq" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Language: sq\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
    (folder / "messages.po").write_text(header + body, encoding="utf-8")
    return tmp_path


def test_catalog_with_changed_placeholder_is_refused_with_its_line(tmp_path: Path) -> None:
    workspace = _catalog_dir(
        tmp_path,
        '#, python-format\nmsgctxt "date since, year"\nmsgid "since %(year)s"\nmsgstr "që nga viti %(viti)s"\n',
    )
    with pytest.raises(InputError) as caught:
        catalogs(Workspace(workspace)).interface("sq")
    assert caught.value.messages() == [
        f"{workspace / 'locales/sq/LC_MESSAGES/messages.po'}:10: a format specification for argument 'viti', as in 'msgstr', doesn't exist in 'msgid'"
    ]


def test_catalog_with_a_syntax_error_is_refused_with_its_line(tmp_path: Path) -> None:
    # Babel alone would read this as "akte"; GNU msgfmt refuses it.
    workspace = _catalog_dir(tmp_path, 'msgid "Key facts"\nmsgstr Faktet\n')
    with pytest.raises(InputError) as caught:
        catalogs(Workspace(workspace)).interface("sq")
    assert caught.value.messages() == [
        f'{workspace / "locales/sq/LC_MESSAGES/messages.po"}:8: keyword "Faktet" unknown; '
        'every text of a catalog is in "...": a " inside it ends it, so write \\" or use “ ” or « »',
        f"{workspace / 'locales/sq/LC_MESSAGES/messages.po'}:8:1: syntax error",
    ]


def test_catalog_with_an_impossible_plural_header_is_refused(tmp_path: Path) -> None:
    workspace = _catalog_dir(tmp_path, "")
    po = workspace / "locales" / "sq" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text().replace("plural=(n != 1);", "plural=(n != );"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        catalogs(Workspace(workspace)).interface("sq")
    assert caught.value.messages() == [f"{po}:2: invalid plural expression"]
