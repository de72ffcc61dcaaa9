"""`briefing verify`: the example held to the seed article, and altered copies of it caught where they were altered.

The seed article is archived into a temporary workspace with `briefing source
add`, as a user would; its text never enters the repository.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, PROJECT, run_cli

SEED = PROJECT.parent / "shared" / "reference" / "article-albania-mek-raid.txt"
ALBEU = PROJECT.parent / "shared" / "reference" / "articles" / "sq-mek-albeu-cuci.txt"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "briefings").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "briefings" / EXAMPLE.name)
    assert run_cli("--workspace", tmp_path, "source", "add", SEED, "--id", "euractiv").exit_code == 0
    return tmp_path


def _briefing(workspace: Path) -> Path:
    return workspace / "briefings" / EXAMPLE.name


def _alter(workspace: Path, old: str, new: str) -> int:
    """Change the example's text once; the line the change is on."""
    path = _briefing(workspace)
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def _verify(workspace: Path) -> tuple[int, str, list[str], list[str]]:
    result = run_cli("--workspace", workspace, "verify")
    lines = result.stderr.splitlines()
    errors = [line for line in lines if not line.startswith("warning: ")]
    warnings = [line for line in lines if line.startswith("warning: ")]
    return result.exit_code, result.stdout, errors, warnings


def test_the_example_holds_to_its_archived_article(workspace: Path) -> None:
    code, out, errors, _warnings = _verify(workspace)
    assert errors == []
    assert code == 0
    assert out.startswith("ok albania-mek-raid-2023 (")
    assert "4 quotes against sources/euractiv.txt)" in out


def test_a_changed_word_in_a_quote_is_caught_with_the_closest_passage(workspace: Path) -> None:
    line = _alter(
        workspace, "Their political activity has recently attracted", "Their political activity has lately attracted"
    )
    code, out, errors, _ = _verify(workspace)
    assert code == 1
    assert out.startswith("albania-mek-raid-2023: 1 finding (")
    assert errors == [
        f"{_briefing(workspace)}:{line}:16: statements[0].positions[0].quote: not word for word in sources/euractiv.txt: "
        "the closest passage is 'Their political activity has recently attracted the attention of SPAK, which has "
        "initiated several political issues. SPAK had clues and went to the court to check the camp, an Albanian "
        "territory, to seize some equipment'; this one has the word 'lately' where the source has 'recently'"
    ]


def test_changed_punctuation_and_a_left_out_word_are_named(workspace: Path) -> None:
    line = _alter(
        workspace,
        '"Unimaginable and intolerable violence and the reaction they have made to the State Police"',
        '"Unimaginable, intolerable violence and the reaction they made to the State Police"',
    )
    _code, _out, errors, _ = _verify(workspace)
    assert errors == [
        f"{_briefing(workspace)}:{line}:16: statements[1].positions[0].quote: not word for word in sources/euractiv.txt: "
        "the closest passage is 'Unimaginable and intolerable violence and the reaction they have made to the State "
        "Police'; this one has ',' where the source has 'and'; leaves out the word 'have'"
    ]


def test_an_ellipsis_that_joins_two_sentences_is_caught(workspace: Path) -> None:
    line = _alter(
        workspace,
        '"Many broke doors, cupboards, belongings, and attacked residents with tear gas and spray."',
        '"Many broke doors, cupboards, belongings … Many computers are broken."',
    )
    _code, _out, errors, _ = _verify(workspace)
    assert errors == [
        f"{_briefing(workspace)}:{line}:16: statements[1].positions[1].quote: the ellipsis joins two sentences of "
        "sources/euractiv.txt: 'Many broke doors, cupboards, belongings' and 'Many computers are broken' are not one "
        "statement; quote them as two, or paraphrase"
    ]


def test_an_ellipsis_within_one_sentence_is_an_omission_and_holds(workspace: Path) -> None:
    _alter(
        workspace,
        '"Many broke doors, cupboards, belongings, and attacked residents with tear gas and spray."',
        '"Many broke doors ... and attacked residents with tear gas and spray."',
    )
    assert _verify(workspace)[2] == []


def test_a_swapped_speaker_is_caught_on_the_actor(workspace: Path) -> None:
    text = _briefing(workspace).read_text(encoding="utf-8")
    first = text.index("  - id: why-police-entered")
    actor = text.index("      - actor: cuci\n", first)
    line = text[:actor].count("\n") + 1
    _briefing(workspace).write_text(
        text[:actor] + "      - actor: mek-members\n" + text[actor + len("      - actor: cuci\n") :]
    )
    code, _out, errors, _ = _verify(workspace)
    assert code == 1
    assert errors == [
        f"{_briefing(workspace)}:{line}:16: statements[0].positions[0].actor: the passage gives Bledi Cuci (cuci) "
        "as the speaker, not MEK members who spoke to the media (mek-members)"
    ]


def test_a_passage_not_in_the_source_is_caught_and_one_that_is_holds(workspace: Path) -> None:
    line = _alter(
        workspace,
        '    status: reported\n    sources: [euractiv]\n  - text: "The search was ordered',
        "    status: reported\n    sources: [euractiv]\n    evidence:\n"
        "      - source: euractiv\n"
        '        passage: "On Tuesday, the State Police entered the premises to conduct a search, resulting in resistance."\n'
        "      - source: euractiv\n"
        '        passage: "On Tuesday, the State Police entered the compound to conduct a search."\n'
        '  - text: "The search was ordered',
    )
    code, _out, errors, _ = _verify(workspace)
    assert code == 1
    assert errors == [
        f"{_briefing(workspace)}:{line + 6}:18: facts[0].evidence[1].passage: not in sources/euractiv.txt: "
        "the closest passage is 'On Tuesday, the State Police entered the premises to conduct a search,'; "
        "this one has the word 'compound' where the source has 'premises'; has punctuation '.' where the source has ','"
    ]


def test_typographic_quotes_dashes_and_line_breaks_are_not_differences(workspace: Path) -> None:
    _alter(
        workspace,
        '    sources: [euractiv]\n  - text: "The search was ordered',
        "    sources: [euractiv]\n    evidence:\n      - source: euractiv\n"
        "        passage: 'In a statement published on its website, Facebook said it had investigated and disrupted a\n"
        '          "long-running operation from Albania that targeted primarily Iran."\'\n'
        '  - text: "The search was ordered',
    )
    assert _verify(workspace)[2] == []


def test_an_archive_changed_by_hand_is_reported(workspace: Path) -> None:
    archive = workspace / "sources" / "euractiv.txt"
    archive.write_text(archive.read_text(encoding="utf-8").replace("one death", "two deaths"), encoding="utf-8")
    code, _out, errors, _ = _verify(workspace)
    assert code == 1
    text = _briefing(workspace).read_text(encoding="utf-8")
    line = text[: text.index("  - id: euractiv")].count("\n") + 1
    assert errors == [
        f"{_briefing(workspace)}:{line}:9: sources[0].id: the archive was changed: the text of sources/euractiv.txt "
        "no longer matches the sha256 in its header, so it is not what was archived; archive the article again "
        "(`briefing source add URL-OR-FILE --id euractiv --replace`)"
    ]


def test_items_without_evidence_are_warnings_that_keep_exit_zero(workspace: Path) -> None:
    code, _out, errors, warnings = _verify(workspace)
    assert (code, errors) == (0, [])
    text = _briefing(workspace).read_text(encoding="utf-8")
    without = text.count("    sources: [euractiv]\n") - text.count("evidence:")
    positions_with_quotes = 4
    assert len(warnings) == without - positions_with_quotes
    assert warnings[0] == (
        f"warning: {_briefing(workspace)}:26:5: facts[0]: no evidence, though sources/euractiv.txt is archived: "
        'give the passage this comes from (evidence: [{source: euractiv, passage: "..."}])'
    )


def test_without_archives_there_is_nothing_to_check_and_one_warning_a_source(tmp_path: Path) -> None:
    (tmp_path / "briefings").mkdir()
    path = tmp_path / "briefings" / EXAMPLE.name
    shutil.copy(EXAMPLE, path)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            '    sources: [euractiv]\n  - text: "The search',
            '    sources: [euractiv]\n    evidence: [{source: euractiv, passage: "On Tuesday."}]\n  - text: "The search',
        )
    )
    result = run_cli("--workspace", tmp_path, "verify")
    assert result.exit_code == 0
    assert result.stdout == "ok albania-mek-raid-2023 (0 passages, 0 quotes against no archived source)\n"
    line = text[: text.index("  - id: euractiv")].count("\n") + 2
    assert result.stderr == (
        f"warning: {path}:{line}:9: sources[0].id: not archived (sources/euractiv.txt), so 1 passage citing it is "
        "not checked; `briefing source add URL-OR-FILE --id euractiv`\n"
    )


def test_a_quote_in_another_language_than_its_sources_is_a_warning(workspace: Path) -> None:
    assert run_cli("--workspace", workspace, "source", "add", ALBEU, "--id", "albeu").exit_code == 0
    line = _alter(
        workspace,
        '"Unimaginable and intolerable violence and the reaction they have made to the State Police"\n'
        "        quote_language: en\n",
        '"Unimaginable and intolerable violence and the reaction they have made to the State Police"\n'
        "        quote_language: en\n",
    )
    text = _briefing(workspace).read_text(encoding="utf-8")
    index = text.index("        sources: [euractiv]\n", text.index('"Unimaginable and intolerable'))
    _briefing(workspace).write_text(
        text[:index] + "        sources: [albeu]\n" + text[index + len("        sources: [euractiv]\n") :]
    )
    _alter(workspace, "  - id: euractiv\n", '  - id: albeu\n    title: "Albeu"\n  - id: euractiv\n')
    code, _out, errors, warnings = _verify(workspace)
    assert (code, errors) == (0, [])
    assert (
        f"warning: {_briefing(workspace)}:{line}:16: statements[1].positions[0].quote: the quote is in 'en' and its "
        "archived sources in 'sq': a translated quote cannot be checked word for word"
    ) in warnings


def test_evidence_from_a_source_the_item_does_not_cite_is_refused(workspace: Path) -> None:
    line = _alter(
        workspace,
        '    sources: [euractiv]\n  - text: "The search was ordered',
        '    sources: [euractiv]\n    evidence: [{source: other, passage: "On Tuesday."}]\n  - text: "The search was ordered',
    )
    result = run_cli("check", _briefing(workspace))
    assert result.exit_code == 2
    assert result.stderr == (
        f"{_briefing(workspace)}:{line + 1}:25: facts[0].evidence[0].source: 'other' is not among this item's "
        "sources ([euractiv]); add it to `sources` too\n"
    )


def test_build_strict_refuses_a_briefing_that_verify_faults(workspace: Path, tmp_path: Path) -> None:
    line = _alter(
        workspace, "Their political activity has recently attracted", "Their political activity has lately attracted"
    )
    result = run_cli("--workspace", workspace, "build", "--strict", "--lang", "en", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert (
        f"{_briefing(workspace)}:{line}:16: statements[0].positions[0].quote: not word for word in sources/euractiv.txt"
        in result.stderr
    )
    assert not (tmp_path / "out" / "albania-mek-raid-2023.en.pdf").exists()
