"""The editorial rules a machine can check (docs/editorial.md), through the real command line.

Warnings go to stderr as `warning: file:line:col: field: message`; they never
change the exit status, in `check` or in `build`, `--strict` included.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, flat, line_of, pdf_text, run_cli

Writer = Callable[..., Path]

CONFIRMED_FROM_ONE = (
    "'confirmed' rests on a single source; cite a second, independent one, or make it 'reported' (docs/editorial.md)"
)
CUCI_QUOTE = (
    '        quote: "Unimaginable and intolerable violence and the reaction they have made to the State Police"'
)
SECOND_SOURCE = """  - id: second
    title: "A second, independent report"
    publisher: Another publisher
"""


def words(count: int) -> str:
    return " ".join(f"w{number}" for number in range(1, count + 1))


def long_quote(count: int) -> str:
    return f"{words(count)}."


def quote_warning(path: Path, count: int) -> str:
    return (
        f"warning: {path}:{line_of(path, 'w1 w2')}:16: statements[1].positions[0].quote: "
        f"the quote is {count} words long; quote at most 40 words and paraphrase the rest in the summary "
        "(docs/editorial.md)"
    )


def test_the_example_follows_every_rule() -> None:
    result = run_cli("check", EXAMPLE)
    assert result.exit_code == 0
    assert result.stderr == ""


@pytest.mark.parametrize("sources", ["[euractiv]", "[euractiv, euractiv]"])
def test_check_warns_on_a_confirmed_fact_with_a_single_source(write_briefing: Writer, sources: str) -> None:
    path = write_briefing(
        ("    status: reported\n    sources: [euractiv]", f"    status: confirmed\n    sources: {sources}")
    )
    result = run_cli("check", path)
    assert result.exit_code == 0
    assert result.stdout == "ok albania-mek-raid-2023 (en, sq, en+sq)\n"
    assert result.stderr.splitlines() == [
        f"warning: {path}:{line_of(path, 'status: confirmed')}:13: facts[0].status: {CONFIRMED_FROM_ONE}"
    ]


def test_a_confirmed_fact_with_two_sources_is_not_warned_and_shows_its_label(
    write_briefing: Writer, tmp_path: Path
) -> None:
    path = write_briefing(
        ("    status: reported\n    sources: [euractiv]", "    status: confirmed\n    sources: [euractiv, second]"),
        ("sources:\n  - id: euractiv", f"sources:\n{SECOND_SOURCE}  - id: euractiv"),
    )
    result = run_cli("build", path, "--out", tmp_path, "--strict")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
    assert "CONFIRMED" in flat(pdf_text(tmp_path / "albania-mek-raid-2023.en.pdf"))
    assert "KONFIRMUAR" in flat(pdf_text(tmp_path / "albania-mek-raid-2023.sq.pdf"))


@pytest.mark.parametrize(("count", "warned"), [(40, False), (41, True), (75, True)])
def test_check_warns_on_a_quote_over_40_words(write_briefing: Writer, count: int, warned: bool) -> None:
    path = write_briefing((CUCI_QUOTE, f'        quote: "{long_quote(count)}"'))
    result = run_cli("check", path)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == ([quote_warning(path, count)] if warned else [])


def test_a_dash_between_spaces_is_not_a_word(write_briefing: Writer) -> None:
    path = write_briefing((CUCI_QUOTE, f'        quote: "{words(20)} – {words(20)}"'))
    result = run_cli("check", path)
    assert (result.exit_code, result.stderr) == (0, "")


def test_words_are_counted_in_the_language_the_quote_was_given_in(write_briefing: Writer) -> None:
    """A short English rendering of a long Albanian quote is still a long quote."""
    path = write_briefing(
        (
            f"{CUCI_QUOTE}\n        quote_language: en",
            f'        quote: {{en: "A short rendering.", sq: "{long_quote(45)}"}}\n        quote_language: sq',
        ),
    )
    result = run_cli("check", path)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [quote_warning(path, 45)]


def test_a_quote_given_only_in_its_original_language_is_shown_as_written(
    write_briefing: Writer, tmp_path: Path
) -> None:
    italian = "I centri in Albania funzioneranno"
    path = write_briefing(
        (f"{CUCI_QUOTE}\n        quote_language: en", f'        quote: "{italian}"\n        quote_language: it')
    )
    line = line_of(path, italian)
    checked = run_cli("check", path)
    assert checked.exit_code == 0
    assert checked.stderr.splitlines() == [
        f"warning: {path}:{line}:16: statements[1].positions[0].quote: the quote is given only in Italian (it): "
        "every edition prints it as written, marked 'in Italian', with no translation; to print one, write "
        "`quote: {it: ..., en: ...}` (docs/format.md)"
    ]
    built = run_cli("build", path, "--format", "html", "--out", tmp_path / "out")
    assert built.exit_code == 0, built.output
    english = (tmp_path / "out" / "albania-mek-raid-2023.en.html").read_text(encoding="utf-8")
    albanian = (tmp_path / "out" / "albania-mek-raid-2023.sq.html").read_text(encoding="utf-8")
    assert f'<blockquote lang="it">“{italian}”</blockquote><p class="quote-note">(in Italian)</p>' in english
    assert f'<blockquote lang="it">«{italian}»</blockquote><p class="quote-note">(në italisht)</p>' in albanian
    assert "translated from Italian" not in english and "përkthyer nga italishtja" not in albanian


def test_a_claimed_fact_that_names_no_actor_is_fine(write_briefing: Writer) -> None:
    path = write_briefing(
        (
            "    status: reported\n    sources: [euractiv]",
            '    status: claimed\n    sources: [euractiv]\n  - text: "Residents are held against their will."\n'
            "    status: claimed\n    sources: [euractiv]",
        )
    )
    result = run_cli("check", path)
    assert (result.exit_code, result.stderr) == (0, "")


def test_build_prints_the_warnings_in_file_order_and_still_writes_under_strict(
    write_briefing: Writer, tmp_path: Path
) -> None:
    path = write_briefing(
        ("    status: reported\n    sources: [euractiv]", "    status: confirmed\n    sources: [euractiv]"),
        (CUCI_QUOTE, f'        quote: "{long_quote(41)}"'),
    )
    expected = [
        f"warning: {path}:{line_of(path, 'status: confirmed')}:13: facts[0].status: {CONFIRMED_FROM_ONE}",
        quote_warning(path, 41),
    ]
    result = run_cli("build", path, "--lang", "en", "--format", "html", "--strict", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {tmp_path / 'albania-mek-raid-2023.en.html'}\n"
    assert result.stderr.splitlines() == expected  # once per briefing, not once per edition

    both = run_cli("build", path, "--format", "html", "--out", tmp_path)
    assert both.exit_code == 0, both.output
    assert both.stderr.splitlines() == expected


def test_a_broken_briefing_gets_its_errors_and_no_editorial_review(write_briefing: Writer) -> None:
    path = write_briefing(
        ("    status: reported\n    sources: [euractiv]", "    status: confirmed\n    sources: [euractiv]"),
        ("tlp: CLEAR", "tlp: WHITE"),
    )
    result = run_cli("check", path)
    assert result.exit_code == 2
    assert "warning" not in result.stderr
    assert f"{path}:{line_of(path, 'tlp: WHITE')}:6: tlp: 'WHITE' is not one of" in result.stderr


# Rules that read the translations: a small workspace of its own, with its catalog ---------------------------------

SMALL = """schema: 1
id: small
language: en
languages: [en, sq]
title: "A raid"
as_of: 2023-06-21
tlp: CLEAR
summary:
  - "A raid."
facts:
  - text: "FACT"
    status: claimed
    sources: [report]
figures:
  - value: 300
    qualifier: over
    label: "Accounts closed"
    sources: [report]
  - value: 300
    qualifier: QUALIFIER
    label: "Accounts closed"
    according_to: facebook
    sources: [report]
actors:
  - id: minister
    name: NAME
    kind: person
  - id: facebook
    name: {same: Facebook}
    kind: organisation
sources:
  - id: report
    title: "A report"
"""


def small_workspace(
    root: Path,
    fact: str = "A fact.",
    name: str = "{same: Bledi Çuçi}",
    qualifier: str = "exact",
    translations: dict[str, str] | None = None,
) -> Path:
    """tmp_path/briefings/small.yaml, and its Albanian catalog when `translations` (English -> Albanian) are given."""
    path = root / "briefings" / "small.yaml"
    path.parent.mkdir(parents=True)
    text = SMALL.replace('"FACT"', f'"{fact}"').replace("NAME", name).replace("QUALIFIER", qualifier)
    path.write_text(text, encoding="utf-8")
    if translations is not None:
        catalog = root / "locales" / "sq" / "LC_MESSAGES" / "small.po"
        catalog.parent.mkdir(parents=True)
        entries = "".join(
            f'msgctxt "{kind}"\nmsgid "{english}"\nmsgstr "{albanian}"\n\n'
            for kind, english, albanian in _entries(translations)
        )
        catalog.write_text(
            'msgid ""\nmsgstr ""\n"Language: sq\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n' + entries,
            encoding="utf-8",
        )
    return path


def _entries(translations: dict[str, str]) -> list[tuple[str, str, str]]:
    kinds = {"A raid": "title", "A raid.": "summary", "Accounts closed": "figures.label", "Bledi Cuci": "actors.name"}
    return [(kinds.get(english, "facts.text"), english, albanian) for english, albanian in translations.items()]


def check_small(root: Path, path: Path) -> list[str]:
    result = run_cli("--workspace", root, "check", path)
    assert result.exit_code == 0, result.output
    return result.stderr.splitlines()


@pytest.mark.parametrize(("qualifier", "warned"), [("over", True), ("exact", False)])
def test_check_warns_on_a_number_credited_to_a_party_and_to_the_source(
    tmp_path: Path, qualifier: str, warned: bool
) -> None:
    path = small_workspace(tmp_path, qualifier=qualifier)
    expected = (
        f"warning: {path}:{line_of(path, 'according_to: facebook')}:19: figures[1].according_to: figures[0] gives "
        "the same number (over 300, 'Accounts closed') as the source's own reporting, this one according to "
        "'facebook'; give a number one attribution everywhere, and no `according_to` where the source states it "
        "in its own voice (docs/editorial.md)"
    )
    assert check_small(tmp_path, path) == ([expected] if warned else [])


QUOTING = 'Facebook says it disrupted a \\"long-running operation\\".'


@pytest.mark.parametrize(
    ("albanian", "warned"),
    [
        ("Facebook-u thotë se ndërpreu një «operacion afatgjatë».", True),
        ("Facebook-u thotë se ndërpreu një «operacion afatgjatë» (përkthyer nga anglishtja).", False),
        ("Facebook-u thotë se ndërpreu një «long-running operation».", False),  # the original words
        ("Facebook-u thotë se ndërpreu një operacion afatgjatë.", False),  # a paraphrase quotes nothing
    ],
)
def test_check_warns_on_a_translated_quote_without_its_mark(tmp_path: Path, albanian: str, warned: bool) -> None:
    path = small_workspace(tmp_path, fact=QUOTING, translations={QUOTING: albanian})
    assert check_small(tmp_path, path) == ([unmarked_quote_warning(tmp_path, path)] if warned else [])


def unmarked_quote_warning(root: Path, path: Path) -> str:
    catalog = root / "locales" / "sq" / "LC_MESSAGES" / "small.po"
    return (
        f"warning: {path}:{line_of(path, '  - text: ')}:11: facts[0].text: the sq translation in "
        f"{catalog}:{line_of(catalog, 'msgid ' + chr(34) + 'Facebook says')} quotes «operacion afatgjatë» in other "
        "words than the original: mark a translated quote «...» (përkthyer nga anglishtja), or quote the original "
        "words (docs/editorial.md)"
    )


def test_build_warns_on_a_translated_quote_without_its_mark_too(tmp_path: Path) -> None:
    path = small_workspace(
        tmp_path, fact=QUOTING, translations={QUOTING: "Facebook-u thotë se ndërpreu një «operacion afatgjatë»."}
    )
    result = run_cli(
        "--workspace", tmp_path, "build", path, "--lang", "sq", "--format", "html", "--out", tmp_path / "out"
    )
    assert result.exit_code == 0, result.output
    # The editions' warnings name the output (untranslated texts); the editorial ones, the briefing.
    assert [line for line in result.stderr.splitlines() if line.startswith(f"warning: {path}:")] == [
        unmarked_quote_warning(tmp_path, path)
    ]


def test_check_warns_on_a_name_translated_into_other_accents(tmp_path: Path) -> None:
    path = small_workspace(tmp_path, name='"Bledi Cuci"', translations={"Bledi Cuci": "Bledi Çuçi"})
    catalog = tmp_path / "locales" / "sq" / "LC_MESSAGES" / "small.po"
    entry = line_of(catalog, 'msgid "Bledi Cuci"')
    assert check_small(tmp_path, path) == [
        f"warning: {path}:{line_of(path, 'name: ' + chr(34))}:11: actors[0].name: 'Bledi Cuci' (en) and "
        f"'Bledi Çuçi' (sq, {catalog}:{entry}) differ only in their accents: "
        "write a name one way in every edition, `{same: ...}` as its bearer writes it (docs/editorial.md)"
    ]


def test_check_warns_on_a_name_written_once_for_every_language_spelled_otherwise_in_a_text(tmp_path: Path) -> None:
    fact = "Interior Minister Bledi Cuci spoke."
    path = small_workspace(tmp_path, fact=fact, translations={fact: "Ministri i Brendshëm, Bledi Çuçi, foli."})
    assert check_small(tmp_path, path) == [
        f"warning: {path}:{line_of(path, 'Bledi Cuci spoke')}:11: facts[0].text: 'Cuci' (en) spells the name 'Çuçi' "
        "of actors[0] with other accents: write a name one way in every edition (docs/editorial.md)"
    ]
    # Declined, the name is another word: Albanian's "Çuçit" is no misspelling.
    fixed = "Interior Minister Bledi Çuçi spoke."
    other = tmp_path / "other"
    path = small_workspace(other, fact=fixed, translations={fixed: "Foli ministri Çuçi; sipas Çuçit, ..."})
    assert check_small(other, path) == []
