"""The first hour of a new author, and of a translator without Poedit, through the real command line.

`briefing new` to a strict Albanian PDF with a text editor only; messages that
name the fix for the slips authors make most; `i18n todo`, which agrees with
`stats` and `build`; each edition standing alone.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import flat, pdf_text, run_in

NEW = "italy-albania-migration"


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_in(cwd, *args)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    assert run("init", "ws", cwd=tmp_path).returncode == 0
    return tmp_path / "ws"


def _translate_in_an_editor(po: Path, translations: dict[str, str]) -> None:
    """What a translator does in a plain text editor: fill each `msgstr ""` after the msgid they know."""
    text = po.read_text(encoding="utf-8")
    for source, translation in translations.items():
        entry = f'msgid "{source}"\nmsgstr ""'
        assert entry in text, source
        text = text.replace(entry, f'msgid "{source}"\nmsgstr "{translation}"')
    po.write_text(text, encoding="utf-8")


SKELETON_SQ = {
    "What happened, in one line": "Çfarë ndodhi, në një rresht",
    "keyword": "fjalë kyçe",
    "What a reader must know, in a few sentences.": "Çfarë duhet të dijë lexuesi, në pak fjali.",
    "A fact, in one or two sentences.": "Një fakt, në një ose dy fjali.",
    "What is counted": "Çfarë numërohet",
    "What happened on that date.": "Çfarë ndodhi në atë datë.",
    "A party": "Një palë",
    "Its part in the event.": "Roli i saj në ngjarje.",
    "A question the parties answer differently?": "Një pyetje që palët e përgjigjen ndryshe?",
    "Their position, in neutral words.": "Qëndrimi i tyre, me fjalë asnjanëse.",
}


def test_from_briefing_new_to_a_strict_albanian_pdf_with_a_text_editor(workspace: Path) -> None:
    created = run("new", NEW, "--title", 'Italy and Albania: the "migration" deal', cwd=workspace)
    assert created.returncode == 0, created.stderr
    assert created.stdout.splitlines() == [
        f"created briefings/{NEW}.yaml",
        f"created locales/sq/LC_MESSAGES/{NEW}.po",
        f"next: write your briefing in briefings/{NEW}.yaml (docs/format.md describes every field);",
        f"      translate locales/sq/LC_MESSAGES/{NEW}.po (TRANSLATING.md);",
        f"      then: briefing build briefings/{NEW}.yaml --strict",
    ]
    skeleton = (workspace / "briefings" / f"{NEW}.yaml").read_text(encoding="utf-8")
    for section in ("summary:", "facts:", "figures:", "chronology:", "actors:", "statements:", "sources:"):
        assert f"\n{section}\n" in skeleton
    assert "docs/format.md" in skeleton and f"as_of: {dt.date.today().isoformat()}" in skeleton
    catalog = (workspace / "locales" / "sq" / "LC_MESSAGES" / f"{NEW}.po").read_text(encoding="utf-8")
    assert f'"POT-Creation-Date: {dt.date.today().isoformat()}' in catalog  # today's, not the example's

    checked = run("check", cwd=workspace)
    assert checked.returncode == 0, checked.stderr
    assert f"ok {NEW} (en, sq)" in checked.stdout.splitlines()

    strict = run("build", f"briefings/{NEW}.yaml", "--strict", cwd=workspace)
    assert strict.returncode == 2
    title_line = skeleton.splitlines().index("title: " + json.dumps('Italy and Albania: the "migration" deal')) + 1
    assert f"briefings/{NEW}.yaml:{title_line}:8: title: not translated into 'sq'" in strict.stderr
    assert (workspace / "output" / f"{NEW}.en.pdf").is_file()  # the English edition stands alone
    assert strict.stdout.splitlines() == [f"wrote output/{NEW}.en.pdf (1 page)"]

    todo = run("i18n", "todo", "sq", NEW, cwd=workspace)
    lines = todo.stdout.splitlines()
    assert len(lines) == 11 and all(": untranslated: " in line for line in lines)
    assert lines[0] == (
        f'locales/sq/LC_MESSAGES/{NEW}.po:22: untranslated: title: "Italy and Albania: the \\"migration\\" deal"'
    )
    po = workspace / "locales" / "sq" / "LC_MESSAGES" / f"{NEW}.po"
    _translate_in_an_editor(po, SKELETON_SQ)
    text = po.read_text(encoding="utf-8").replace(
        'msgid "Italy and Albania: the \\"migration\\" deal"\nmsgstr ""',
        'msgid "Italy and Albania: the \\"migration\\" deal"\nmsgstr "Italia dhe Shqipëria: marrëveshja «e migracionit»"',
    )
    po.write_text(text, encoding="utf-8")
    assert run("i18n", "todo", "sq", NEW, cwd=workspace).stdout == "nothing to translate: every catalog is complete\n"

    built = run("build", f"briefings/{NEW}.yaml", "--strict", cwd=workspace)
    assert built.returncode == 0, built.stderr
    albanian = flat(pdf_text(workspace / "output" / f"{NEW}.sq.pdf"))
    assert "Italia dhe Shqipëria: marrëveshja «e migracionit»" in albanian
    assert "rreth 100" in albanian and "pa përkthim" not in albanian


def test_new_refuses_a_bad_id_and_an_existing_file(workspace: Path) -> None:
    bad = run("new", "Bad Id", cwd=workspace)
    assert bad.returncode == 2
    assert "Invalid value for 'ID': 'Bad Id' is not a valid id" in bad.stderr
    assert run("new", NEW, cwd=workspace).returncode == 0
    again = run("new", NEW, cwd=workspace)
    assert again.returncode == 2
    assert (
        again.stderr
        == f"briefings/{NEW}.yaml: exists already; `briefing new` never overwrites a file (pick another id)\n"
    )


def test_check_says_which_languages_have_no_catalog_yet(workspace: Path) -> None:
    assert run("new", NEW, cwd=workspace).returncode == 0
    (workspace / "locales" / "sq" / "LC_MESSAGES" / f"{NEW}.po").unlink()
    checked = run("check", cwd=workspace)
    assert checked.returncode == 0
    assert checked.stdout.splitlines()[-2:] == [
        f"ok {NEW} (en, sq)",
        f"  sq: no catalog yet (locales/sq/LC_MESSAGES/{NEW}.po); `briefing i18n update` creates it",
    ]
    assert run("i18n", "update", cwd=workspace).stdout.splitlines()[-1] == f"created locales/sq/LC_MESSAGES/{NEW}.po"


@pytest.mark.parametrize(
    ("lines", "where", "hint"),
    [
        (
            '  - "He said "no" to the search."',
            "slip.yaml:3:15: not valid YAML: ",
            'a " inside a "..." text ends it: write \\" or use “ ” or « » instead',
        ),
        (
            "title: Minister: the search was lawful.",
            "slip.yaml:2:16: not valid YAML: ",
            'a ": " in a text without quotes starts a new field: put the whole text in "..."',
        ),
        (
            "  - Minister: the search was lawful.",
            "slip.yaml:3:5: summary[0]: ",
            'a ": " in a text without quotes made it a field ("Minister"): put the whole text in "..."',
        ),
        (
            "  - 'It's lawful.'",
            "slip.yaml:3:9: not valid YAML: ",
            "a ' inside a '...' text ends it: write it twice ('') or use ’ instead",
        ),
        (
            '  - "The search was never closed.\nfacts: []',
            "slip.yaml:3:5: not valid YAML: ",
            "this text's quotation mark is never closed: add the closing one at the end of the text",
        ),
    ],
    ids=["inner-quote", "colon", "colon-in-a-list", "apostrophe", "unclosed"],
)
def test_a_yaml_slip_gets_its_fix_in_plain_words(tmp_path: Path, lines: str, where: str, hint: str) -> None:
    path = tmp_path / "slip.yaml"
    body = lines if lines.startswith("title") else f"summary:\n{lines}"
    path.write_text(f"schema: 1\n{body}\n", encoding="utf-8")
    result = run("check", path, cwd=tmp_path)
    assert result.returncode == 2
    [message] = [row for row in result.stderr.splitlines() if row.startswith(where)]
    assert message.endswith(hint), message


def test_a_missing_dash_is_named(tmp_path: Path) -> None:
    path = tmp_path / "dash.yaml"
    path.write_text(
        "schema: 1\nfacts:\n  - text: One.\n    status: reported\n    sources: [s]\n    text: Two.\n", encoding="utf-8"
    )
    result = run("check", path, cwd=tmp_path)
    assert (
        "dash.yaml:6:5: facts[0].text: duplicate key 'text' (first written on line 3); YAML would silently keep only "
        'the last one; if it starts a new item, put "- " before it'
    ) in result.stderr.splitlines()
    path.write_text("schema: 1\nfacts:\n  text: One.\n  status: reported\n", encoding="utf-8")
    result = run("check", path, cwd=tmp_path)
    assert (
        'dash.yaml:3:3: facts: expected a list, not a mapping; start each item with "- "' in result.stderr.splitlines()
    )


def test_a_broken_catalog_blocks_only_its_own_edition(workspace: Path) -> None:
    po = workspace / "locales" / "sq" / "LC_MESSAGES" / "example.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace('msgstr "Persona të lënduar"', "msgstr Persona"), encoding="utf-8"
    )
    result = run("build", cwd=workspace)
    assert result.returncode == 2
    assert result.stdout.splitlines() == ["wrote output/example.en.pdf (2 pages)"]
    assert re.match(r'^locales/sq/LC_MESSAGES/example\.po:\d+: keyword "Persona" unknown; ', result.stderr)
    assert not (workspace / "output" / "example.sq.pdf").exists()


def test_todo_stats_and_build_agree_and_say_what_they_count(workspace: Path) -> None:
    example = workspace / "briefings" / "example.yaml"
    text = example.read_text(encoding="utf-8")
    text = text.replace('label: "People injured"', 'label: "People injured in the raid"')  # outdated
    text = text.replace("  - id: mek\n", "  - id: mek\n", 1)
    example.write_text(text, encoding="utf-8")
    po = workspace / "locales" / "sq" / "LC_MESSAGES" / "example.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace(
            'msgctxt "figures.label"\nmsgid "Police officers in the operation"',
            '#, fuzzy\nmsgctxt "figures.label"\nmsgid "Police officers in the operation"',
        ),
        encoding="utf-8",
    )
    todo = run("i18n", "todo", cwd=workspace).stdout.splitlines()
    assert [line.split(": ")[1] for line in todo] == ["fuzzy", "outdated"]
    assert todo[0].startswith("locales/sq/LC_MESSAGES/example.po:") and "figures[0].label" in todo[0]
    assert 'figures[1].label: "People injured in the raid"' in todo[1]
    stats = run("i18n", "stats", cwd=workspace).stdout.splitlines()[1].split()
    assert stats[2:5] == ["16", "2", "0"]  # translated, fuzzy (the outdated one is fuzzy until reviewed), untranslated
    built = run("build", "--lang", "sq", cwd=workspace)
    assert built.stderr.splitlines()[1:] == ["  figures[0].label: fuzzy", "  figures[1].label: outdated"]


def test_a_fuzzy_entry_finished_in_a_text_editor(workspace: Path) -> None:
    example = workspace / "briefings" / "example.yaml"
    example.write_text(
        example.read_text(encoding="utf-8").replace('label: "People injured"', 'label: "People injured in all"'),
        encoding="utf-8",
    )
    assert run("i18n", "update", cwd=workspace).returncode == 0
    po = workspace / "locales" / "sq" / "LC_MESSAGES" / "example.po"
    text = po.read_text(encoding="utf-8")
    assert '#, fuzzy\n#| msgid "People injured"\n' in text
    strict = run("build", "--lang", "sq", "--strict", cwd=workspace)
    assert "delete its `#, fuzzy` line and the `#|` lines" in strict.stderr
    po.write_text(text.replace('#, fuzzy\n#| msgid "People injured"\n', ""), encoding="utf-8")
    assert run("build", "--lang", "sq", "--strict", cwd=workspace).returncode == 0


def test_a_text_translated_inline_and_in_the_catalog_is_named(workspace: Path) -> None:
    example = workspace / "briefings" / "example.yaml"
    example.write_text(
        example.read_text(encoding="utf-8").replace(
            'label: "People injured"', 'label: {en: "People injured", sq: "Të plagosur"}'
        ),
        encoding="utf-8",
    )
    built = run("build", "--lang", "sq", cwd=workspace)
    assert built.returncode == 0, built.stderr
    assert built.stderr.splitlines() == [
        "warning: output/example.sq.pdf: figures[1].label: the briefing file translates this text inline, differently, so its "
        "entry in locales/sq/LC_MESSAGES/example.po has no effect; keep one of the two"
    ]
    assert "Të plagosur" in flat(pdf_text(workspace / "output" / "example.sq.pdf"))


@pytest.mark.parametrize(
    ("qualifier", "english", "albanian"),
    [
        ("at_least", "at least 100", "të paktën 100"),
        ("at_most", "at most 100", "më së shumti 100"),
        ("up_to", "up to 100", "deri në 100"),
    ],
)
def test_the_qualifiers_briefings_use(workspace: Path, qualifier: str, english: str, albanian: str) -> None:
    example = workspace / "briefings" / "example.yaml"
    example.write_text(
        example.read_text(encoding="utf-8").replace("qualifier: over", f"qualifier: {qualifier}"), encoding="utf-8"
    )
    built = run("build", "--strict", cwd=workspace)
    assert built.returncode == 0, built.stderr
    assert english in flat(pdf_text(workspace / "output" / "example.en.pdf"))
    assert albanian in flat(pdf_text(workspace / "output" / "example.sq.pdf"))
