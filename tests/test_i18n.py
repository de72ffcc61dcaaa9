"""The translators' path end to end, in a temporary copy of the project, through the real command line."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from babel.messages.pofile import escape, read_po, write_po
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.translation.checks import translation_problems
from tests.conftest import PROJECT, flat, pdf_text, run_in

EXAMPLE_NAME = "briefings/albania-mek-raid-2023.yaml"
SQ_CONTENT = "locales/sq/LC_MESSAGES/albania-mek-raid-2023.po"


class Project:
    """A copy of the repository's workspace (templates, styles, locales, briefings), with the installed command."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_in(self.root, *args)

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"test setup: {old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def stats(self) -> dict[tuple[str, str], list[str]]:
        result = self.run("i18n", "stats")
        assert result.returncode == 0, result.stderr
        rows = [line.split() for line in result.stdout.splitlines()[1:]]
        return {(row[0], row[1]): row[2:] for row in rows}

    def translate(self, relative: str, translations: dict[str, str]) -> None:
        """What a translator does in Poedit: fill msgstrs (by msgid) and save."""
        path = self.root / relative
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if message.id in translations:
                message.string = translations[message.id]
                message.flags.discard("fuzzy")
        with path.open("wb") as handle:
            write_po(handle, catalog, include_previous=True)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    root = tmp_path / "project"
    for name in ("templates", "styles", "locales", "briefings"):
        shutil.copytree(PROJECT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    return Project(root)


def test_stats_shows_both_albanian_catalogs_complete(project: Project) -> None:
    result = project.run("i18n", "stats")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "catalog                                          lang  translated  fuzzy  untranslated  original  obsolete  done",
        "locales/sq/LC_MESSAGES/messages.po               sq           136      0             0         0         0  100%",
        "locales/sq/LC_MESSAGES/albania-mek-raid-2023.po  sq            60      0             0         0         0  100%",
    ]


def test_changed_english_sentence_is_fuzzy_untranslated_and_refused_by_strict(project: Project) -> None:
    old = "The search was ordered by the Special Court Against Corruption and Organised Crime"
    project.edit(EXAMPLE_NAME, old, old.replace("The search was ordered", "The search had been ordered"))

    assert project.stats()[(SQ_CONTENT, "sq")] == ["59", "1", "0", "0", "0", "98%"]

    built = project.run("build", "--lang", "sq")
    assert built.returncode == 0, built.stderr
    assert "\n  facts[1].text: outdated\n" in built.stderr
    text = flat(pdf_text(project.root / "output" / "albania-mek-raid-2023.sq.pdf"))
    assert "The search had been ordered by the Special Court" in text

    strict = project.run("build", "--lang", "sq", "--strict", "--out", "strict-output")
    assert strict.returncode == 2
    line = next(
        n
        for n, text in enumerate((project.root / EXAMPLE_NAME).read_text().splitlines(), 1)
        if "had been ordered" in text
    )
    assert strict.stderr.splitlines() == [
        "strict-output/albania-mek-raid-2023.sq.pdf: not written (--strict):",
        f"{EXAMPLE_NAME}:{line}:11: facts[1].text: not translated into 'sq' "
        "(its translation is of an older source text: run `briefing i18n update`, then review it)",
    ]
    assert not (project.root / "strict-output").exists()

    updated = project.run("i18n", "update")
    assert updated.returncode == 0, updated.stderr
    catalog = (project.root / SQ_CONTENT).read_text(encoding="utf-8")
    at = catalog.index('msgid "The search had been ordered')
    entry = catalog[catalog.rindex("\n\n", 0, at) : catalog.index("\n\n", at)]
    assert "#. facts[1].text" in entry and 'msgctxt "facts.text"' in entry
    assert "#, fuzzy" in entry
    assert (
        '#| msgid "The search was ordered by the Special Court' in entry
    )  # Poedit shows the old English beside the new
    assert "Kontrolli u urdhërua" in entry  # the old translation is kept for review
    checked = subprocess.run(
        ["msgfmt", "--check-format", "-o", os.devnull, str(project.root / SQ_CONTENT)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    after_update = project.run("build", "--lang", "sq")
    assert after_update.returncode == 0, after_update.stderr
    assert "\n  facts[1].text: fuzzy\n" in after_update.stderr


def test_a_translator_takes_a_new_language_from_zero_to_complete_without_code(project: Project) -> None:
    project.edit(EXAMPLE_NAME, "languages: [en, sq]", "languages: [en, sq, de]")
    refused = project.run("build", "--lang", "de")
    assert refused.returncode == 2
    assert "no interface catalog for 'de'" in refused.stderr

    init = project.run("i18n", "init", "de")
    assert init.returncode == 0, init.stderr
    assert init.stdout.splitlines() == [
        "created locales/de/LC_MESSAGES/messages.po",
        "created locales/de/LC_MESSAGES/albania-mek-raid-2023.po",
    ]
    header = (project.root / "locales/de/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in header
    # The four quotes are shown in the speakers' English until translated: not untranslated, as the
    # German edition does not mark them so, and done, as the edition is complete without their translation.
    assert project.stats()[("locales/de/LC_MESSAGES/albania-mek-raid-2023.po", "de")] == [
        *("0", "0", "56", "4", "0", "7%")
    ]
    todo = project.run("i18n", "todo", "de")
    assert todo.returncode == 0, todo.stderr
    assert len([line for line in todo.stdout.splitlines() if "albania-mek-raid-2023.po:" in line]) == 56
    assert "Unimaginable and intolerable violence" not in todo.stdout

    # The translator fills the catalogs; here a German title and headings stand in for the whole work.
    project.translate(
        "locales/de/LC_MESSAGES/messages.po",
        {
            "Key facts": "Wichtige Fakten",
            "Chronology": "Chronologie",
            "Page %(page)s of %(pages)s": "Seite %(page)s von %(pages)s",
        },
    )
    with (project.root / "locales/de/LC_MESSAGES/albania-mek-raid-2023.po").open("rb") as handle:
        everything = {str(m.id): f"[de] {m.id}" for m in read_po(handle) if m.id}
    everything["Albanian police raid the MEK compound near Tirana"] = (
        "Albanische Polizei durchsucht MEK-Lager bei Tirana"
    )
    project.translate("locales/de/LC_MESSAGES/albania-mek-raid-2023.po", everything)
    assert project.stats()[("locales/de/LC_MESSAGES/albania-mek-raid-2023.po", "de")] == [
        "60",
        "0",
        "0",
        "0",
        "0",
        "100%",
    ]

    built = project.run("build", "--lang", "de", "--strict")
    assert built.returncode == 0, built.stderr
    text = flat(pdf_text(project.root / "output" / "albania-mek-raid-2023.de.pdf"))
    assert "Albanische Polizei durchsucht MEK-Lager bei Tirana" in text
    assert "Wichtige Fakten" in text and "Chronologie" in text
    assert "20. Juni 2023" in text  # CLDR's German dates, no code
    assert "Seite 1 von" in text
    assert (
        "etwa 1.000" not in text and "about 1.000" in text
    )  # untranslated interface words stay English; numbers are German


def test_regional_tag_uses_the_base_language_catalogs(project: Project) -> None:
    built = project.run("build", "--lang", "sq_AL", "--strict")
    assert built.returncode == 0, built.stderr
    text = flat(pdf_text(project.root / "output" / "albania-mek-raid-2023.sq_AL.pdf"))
    assert "Faktet kryesore" in text and "20 qershor 2023" in text
    assert "Policia shqiptare bastis kampin e MEK-ut pranë Tiranës" in text


def test_inline_translation_wins_over_the_catalog(project: Project) -> None:
    project.edit(
        EXAMPLE_NAME,
        'title: "Albanian police raid the MEK compound near Tirana"',
        'title: {en: "Albanian police raid the MEK compound near Tirana", sq: "Titull i shkruar në skedar"}',
    )
    built = project.run("build", "--lang", "sq", "--strict")
    assert built.returncode == 0, built.stderr
    assert "Titull i shkruar në skedar" in flat(pdf_text(project.root / "output" / "albania-mek-raid-2023.sq.pdf"))


def test_translation_that_lost_a_number_is_reported_and_refused_by_strict(project: Project) -> None:
    project.edit(
        SQ_CONTENT, "sulme ndaj ambasadave iraniane në 13 vende", "sulme ndaj ambasadave iraniane në disa vende"
    )
    built = project.run("build", "--lang", "sq")
    assert built.returncode == 0
    assert "chronology[1].text: 'sq' translation: the translation lacks the number(s) 13 of the source" in built.stderr
    strict = project.run("build", "--lang", "sq", "--strict", "--out", "strict-output")
    assert strict.returncode == 2
    assert re.search(
        r"chronology\[1\]\.text: 'sq' translation: the translation lacks the number\(s\) 13", strict.stderr
    )


def test_a_broken_content_catalog_is_named_with_its_line(project: Project) -> None:
    project.edit(SQ_CONTENT, 'msgstr "Shqipëri"', "msgstr Shqipëri")
    built = project.run("build", "--lang", "sq")
    assert built.returncode == 2
    assert re.search(
        rf"^{re.escape(SQ_CONTENT)}:\d+: keyword \"Shqip\w*\" unknown; every text of a catalog is in \"...\": "
        r'a " inside it ends it, so write \\" or use “ ” or « »$',
        built.stderr,
        re.MULTILINE,
    )
    assert "Traceback" not in built.stderr


@pytest.mark.parametrize(
    ("source", "translation", "problems"),
    [
        ("about 1,000 police", "rreth 1 000 policë", []),
        ("on 20 June 2023", "më 20 qershor 2023", []),
        ("2.5 million", "2,5 milionë", []),
        ("in 13 countries", "në disa vende", ["the translation lacks the number(s) 13 of the source"]),
        ("see https://example.org/a.", "shih faqen", ["the translation lacks the link(s) https://example.org/a"]),
        ("Hello %(name)s", "Përshëndetje", ["the translation's placeholders differ from the source's"]),
    ],
)
def test_translation_checks(source: str, translation: str, problems: list[str]) -> None:
    assert translation_problems(source, translation) == problems


_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), include_characters='\n\t"\\%«»ë'),
    min_size=1,
    max_size=120,
).filter(lambda text: text.strip() != "")


@settings(max_examples=120, deadline=None)
@given(st.lists(st.tuples(_TEXT, _TEXT, _TEXT), min_size=1, max_size=5, unique_by=lambda t: t[0]))
def test_merge_of_changed_texts_keeps_catalogs_valid_and_counts_honest(texts: list[tuple[str, str, str]]) -> None:
    """Random source texts (quotes, backslashes, newlines) change; update makes them fuzzy, msgfmt accepts the file."""
    from babel import Locale
    from babel.messages.catalog import Catalog

    from briefing.translation.workflow import CurrentCatalog, _count, _merged, po_bytes

    old_template, new_template = Catalog(), Catalog()
    translated = Catalog(locale=Locale.parse("sq"))
    for index, (old, new, translation) in enumerate(texts):
        context = f"facts[{index}].text"
        old_template.add(old, context=context)
        new_template.add(new if new != old else old + "!", context=context)
        translated.add(old, translation, context=context)
    merged = _merged(translated, new_template)
    data = po_bytes(merged)
    with tempfile.NamedTemporaryFile(suffix=".po") as handle:
        handle.write(data)
        handle.flush()
        checked = subprocess.run(
            ["msgfmt", "--check-format", "-o", os.devnull, handle.name], capture_output=True, text=True
        )
    assert checked.returncode == 0, checked.stderr
    reread = read_po(io.BytesIO(data))
    counts = _count(CurrentCatalog(Path("x.po"), "sq", reread, {}, frozenset()))
    assert counts.translated == 0  # every text changed: nothing may count as done
    assert counts.fuzzy + counts.untranslated == len(texts)
    text = data.decode("utf-8")
    for message in merged:
        if message.id and message.fuzzy:  # the translator sees the old source (Babel's reader ignores it)
            assert f"#| msgid {escape(message.previous_id[0])}\n" in text


def test_update_drops_what_no_one_translated_and_purge_drops_the_rest(tmp_path: Path) -> None:
    assert run_in(tmp_path, "init", "w").returncode == 0
    workspace = tmp_path / "w"
    briefing = workspace / "briefings" / "example.yaml"
    catalog = workspace / "locales" / "sq" / "LC_MESSAGES" / "example.po"
    original = briefing.read_text(encoding="utf-8")
    removed = "The search was ordered by the Special Court Against Corruption and Organised Crime"
    added = '  - text: "A fact added, then taken out again before anyone translated it."\n    status: reported\n    sources: [euractiv]\n'
    briefing.write_text(original.replace("figures:\n", added + "figures:\n", 1), encoding="utf-8")
    assert run_in(workspace, "i18n", "update").returncode == 0
    assert "A fact added, then taken out" in catalog.read_text(encoding="utf-8")

    without = original.replace(
        original[original.index(f'  - text: "{removed}') : original.index('  - text: "One person died')], ""
    )
    briefing.write_text(without, encoding="utf-8")
    assert run_in(workspace, "i18n", "update").returncode == 0
    text = catalog.read_text(encoding="utf-8")
    assert "A fact added, then taken out" not in text, "never translated: nothing to keep"
    assert f'#~ msgid "{removed}' in text, "a translation is kept as obsolete, for reuse"
    assert "Kontrolli u urdhërua" in text

    purged = run_in(workspace, "i18n", "update", "--purge")
    assert purged.returncode == 0, purged.stderr
    text = catalog.read_text(encoding="utf-8")
    assert "#~" not in text and "Kontrolli u urdhërua" not in text
    assert 'msgid "One person died.' in text, "the current texts stay"


def test_extract_writes_the_templates_and_says_when_they_are_current(tmp_path: Path) -> None:
    assert run_in(tmp_path, "init", "ws").returncode == 0
    workspace = tmp_path / "ws"
    first = run_in(workspace, "i18n", "extract")
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == ["created locales/messages.pot", "created locales/example.pot"]
    assert run_in(workspace, "i18n", "extract").stdout == "the templates are current\n"
    briefing = workspace / "briefings" / "example.yaml"
    lines = briefing.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, start=1) if line.startswith("title:"))
    lines[number - 1] = 'title: "Police search a compound near Tirana"'
    briefing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    again = run_in(workspace, "i18n", "extract")
    assert again.stdout.splitlines() == ["updated locales/example.pot"]
    template = (workspace / "locales" / "example.pot").read_text(encoding="utf-8")
    assert (
        f'#: briefings/example.yaml:{number}\nmsgctxt "title"\nmsgid "Police search a compound near Tirana"\n'
        in template
    )


def test_a_message_of_a_theme_template_is_given_to_translators_beside_the_tools(tmp_path: Path) -> None:
    """The i18n commands read the interface template the tool ships, unless the workspace overrides a
    template: then its own messages are extracted with the tool's, and counted."""
    untranslated = {}
    for themed in (False, True):
        assert run_in(tmp_path, "init", f"ws{themed}").returncode == 0
        workspace = tmp_path / f"ws{themed}"
        if themed:
            folder = workspace / "theme" / "templates"
            folder.mkdir(parents=True)
            packaged = (PROJECT / "briefing" / "templates" / "briefing.html").read_text(encoding="utf-8")
            (folder / "briefing.html").write_text(packaged + "{{ _('Prepared for the board') }}\n", encoding="utf-8")
        assert run_in(workspace, "i18n", "init", "de").returncode == 0
        catalog = (workspace / "locales" / "de" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
        assert 'msgid "Key facts"' in catalog
        assert ('msgid "Prepared for the board"' in catalog) is themed
        stats = run_in(workspace, "i18n", "stats").stdout
        (row,) = [line.split() for line in stats.splitlines() if line.startswith("locales/de/LC_MESSAGES/messages.po")]
        untranslated[themed] = int(row[4])
    assert untranslated[True] == untranslated[False] + 1
