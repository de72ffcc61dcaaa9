"""The interface catalogs: valid for GNU gettext, complete for Albanian, current with the templates."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from briefing.catalogs import load_catalog
from briefing.errors import InputError
from briefing.paths import LOCALES_DIR
from tests.conftest import PROJECT

CATALOGS = sorted(LOCALES_DIR.glob("*/LC_MESSAGES/messages.po"))


def test_catalogs_exist_for_english_and_albanian() -> None:
    assert [p.relative_to(LOCALES_DIR).parts[0] for p in CATALOGS] == ["en", "sq"]


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_gnu_msgfmt_accepts_catalog(path: Path) -> None:
    checked = subprocess.run(
        ["msgfmt", "--check-format", "--check-header", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr == "", checked.stderr


def test_albanian_catalog_is_complete_and_has_no_fuzzy_entries() -> None:
    with (LOCALES_DIR / "sq" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    messages = [m for m in catalog if m.id]
    assert messages
    assert [m.id for m in messages if not m.string or (isinstance(m.string, tuple) and not all(m.string))] == []
    assert [m.id for m in messages if m.fuzzy] == []
    assert catalog.plural_forms == "nplurals=2; plural=(n != 1);"


def test_albanian_plural_forms() -> None:
    translations = load_catalog("sq").translations
    assert (
        translations.ngettext("Based on %(num)d source", "Based on %(num)d sources", 1) % {"num": 1}
        == "Bazuar në 1 burim"
    )
    assert (
        translations.ngettext("Based on %(num)d source", "Based on %(num)d sources", 3) % {"num": 3}
        == "Bazuar në 3 burime"
    )


def test_regional_tag_falls_back_to_the_base_language_catalog() -> None:
    catalog = load_catalog("sq_AL")
    assert catalog.translations.gettext("Key facts") == "Faktet kryesore"
    assert str(catalog.locale) == "sq_AL"


def test_committed_template_is_current(tmp_path: Path) -> None:
    """locales/messages.pot holds exactly the messages of templates/ and briefing/ (run `make messages`)."""
    fresh = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "-q", "extract", "-F", "pyproject.toml", "-o", str(fresh), "."], cwd=PROJECT, check=True
    )

    def messages(path: Path) -> dict[object, tuple[bool, tuple[str, ...]]]:
        with path.open("rb") as handle:
            return {m.id: (m.pluralizable, tuple(sorted(m.flags))) for m in read_po(handle) if m.id}

    assert messages(LOCALES_DIR / "messages.pot") == messages(fresh)


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_every_catalog_has_every_template_message(path: Path) -> None:
    with (LOCALES_DIR / "messages.pot").open("rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    with path.open("rb") as handle:
        catalog = {m.id for m in read_po(handle) if m.id}
    assert template - catalog == set(), "run `make messages` and translate the new strings"


def _catalog_dir(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "locales" / "sq" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Language: sq\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
    (folder / "messages.po").write_text(header + body, encoding="utf-8")
    return tmp_path / "locales"


def test_catalog_with_changed_placeholder_is_refused_with_its_line(tmp_path: Path) -> None:
    locales = _catalog_dir(tmp_path, '#, python-format\nmsgid "since %(date)s"\nmsgstr "që nga %(data)s"\n')
    with pytest.raises(InputError) as caught:
        load_catalog("sq", locales)
    assert caught.value.messages() == [
        f"{locales / 'sq/LC_MESSAGES/messages.po'}:9: a format specification for argument 'data', as in 'msgstr', doesn't exist in 'msgid'"
    ]


def test_catalog_with_a_syntax_error_is_refused_with_its_line(tmp_path: Path) -> None:
    # Babel alone would read this as "akte"; GNU msgfmt refuses it.
    locales = _catalog_dir(tmp_path, 'msgid "Key facts"\nmsgstr Faktet\n')
    with pytest.raises(InputError) as caught:
        load_catalog("sq", locales)
    assert caught.value.messages() == [
        f'{locales / "sq/LC_MESSAGES/messages.po"}:8: keyword "Faktet" unknown',
        f"{locales / 'sq/LC_MESSAGES/messages.po'}:8:1: syntax error",
    ]


def test_catalog_with_an_impossible_plural_header_is_refused(tmp_path: Path) -> None:
    locales = _catalog_dir(tmp_path, "")
    po = locales / "sq" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text().replace("plural=(n != 1);", "plural=(n != );"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_catalog("sq", locales)
    assert caught.value.messages() == [f"{po}:2: invalid plural expression"]
