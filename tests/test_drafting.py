"""`briefing draft`: quotations and speakers of real English and Albanian articles, and the draft's gates.

The articles are read from ../shared at test time (never copied into the
repository); the quotes and speakers expected are the ones a person wrote,
in the shipped example and in benchmarks/annotations/quotes.yaml.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from briefing.drafting.quotes import scan_quotations
from briefing.drafting.speakers import find_statements
from tests.conftest import EXAMPLE, PROJECT, run_in

SHARED = PROJECT.parent / "shared" / "reference"
SEED = SHARED / "article-albania-mek-raid.txt"
ARTICLES = SHARED / "articles"
ANNOTATIONS = PROJECT / "benchmarks" / "annotations" / "quotes.yaml"

needs_shared = pytest.mark.skipif(
    not SEED.is_file() or not ARTICLES.is_dir(),
    reason="the reference articles are not beside the project (../shared/reference)",
)


def _yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A workspace with the shared articles archived in sources/ under their file names."""
    result = run_in(tmp_path, "init", "ws")
    assert result.returncode == 0, result.stderr
    root = tmp_path / "ws"
    (root / "sources").mkdir()
    for article in sorted(ARTICLES.glob("*.txt")):
        shutil.copy(article, root / "sources" / article.name)
    return root


def _positions(briefing: dict[str, Any]) -> list[tuple[str, str]]:
    """(quote, actor name) of every drafted position."""
    names = {actor["id"]: actor["name"] for actor in briefing.get("actors", [])}
    return [
        (_own_words(position), names[position["actor"]])
        for statement in briefing.get("statements", [])
        for position in statement["positions"]
    ]


def _own_words(position: dict[str, Any]) -> str:
    quote = position.get("quote", "")
    return quote[position["quote_language"]] if isinstance(quote, dict) else quote


@needs_shared
def test_the_seed_article_gives_every_quote_of_the_example_with_its_speaker(workspace: Path) -> None:
    result = run_in(workspace, "draft", SEED, "--id", "mek-draft")
    assert result.returncode == 0, result.stderr
    assert "archived sources/" in result.stdout
    drafted = _positions(_yaml(workspace / "briefings" / "mek-draft.yaml"))
    verified = run_in(workspace, "verify", "briefings/mek-draft.yaml")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    example = _yaml(EXAMPLE)
    # The example's actors, by the names the article gives them.
    speakers = {"cuci": "Bledi Cuci", "mek": "People’s Mojahedin Organization of Iran (MEK)"}
    expected = [
        (position["quote"], speakers[position["actor"]])
        for statement in example["statements"]
        for position in statement["positions"]
        if "quote" in position
    ]
    assert len(expected) == 4
    for quote, speaker in expected:
        found = [actor for words, actor in drafted if quote.rstrip(".") in words]
        assert found == [speaker], f"{quote!r}: drafted as {found}"


@needs_shared
@pytest.mark.parametrize(
    "article", ["sq-election-2025-hashtag.txt", "sq-kosovo-kfor-gazetashqiptare.txt", "sq-mek-albeu-cuci.txt"]
)
def test_an_albanian_article_gives_every_annotated_quote_with_its_speaker(workspace: Path, article: str) -> None:
    result = run_in(workspace, "draft", Path(article).stem, "--id", "sq-draft")
    assert result.returncode == 0, result.stderr
    briefing = _yaml(workspace / "briefings" / "sq-draft.yaml")
    assert briefing["language"] == "sq"
    drafted = _positions(briefing)
    for quote in _yaml(ANNOTATIONS)[f"articles/{article}"]["quotes"]:
        found = [(words, actor) for words, actor in drafted if words.startswith(quote["starts"])]
        assert len(found) == 1, f"{quote['starts']!r} not drafted once: {drafted}"
        words, actor = found[0]
        assert words.endswith(quote["ends"])
        assert actor in quote["speaker"], f"{quote['starts']!r}: {actor}"


@needs_shared
def test_the_draft_passes_check_and_strict_build_refuses_it_until_the_marks_are_gone(workspace: Path) -> None:
    drafted = run_in(workspace, "draft", "sq-mek-albeu-cuci", "--id", "cuci")
    assert drafted.returncode == 0, drafted.stderr
    path = workspace / "briefings" / "cuci.yaml"
    checked = run_in(workspace, "check", path)
    assert checked.returncode == 0, checked.stderr
    verified = run_in(workspace, "verify", path)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "1 quote against sources/sq-mek-albeu-cuci.txt" in verified.stdout
    refused = run_in(workspace, "build", path, "--strict", "--format", "html", "--lang", "sq")
    assert refused.returncode == 2
    lines = refused.stderr.splitlines()
    assert any(
        re.match(r"briefings/cuci\.yaml:\d+:\d+: statements\[0\]\.positions\[0\]\.draft: a draft", line)
        for line in lines
    )
    assert any(line.startswith("briefings/cuci.yaml:") and ": draft: a draft" in line for line in lines)
    assert not (workspace / "output").exists() or not list((workspace / "output").glob("cuci*"))
    reviewed = re.sub(r"(?m)^\s*draft: .*\n", "", path.read_text(encoding="utf-8"))
    path.write_text(reviewed, encoding="utf-8")
    built = run_in(workspace, "build", path, "--strict", "--format", "html", "--lang", "sq")
    assert built.returncode == 0, built.stderr
    # The English edition waits for its translation: the draft's texts are in the catalog to fill.
    assert "created locales/en/LC_MESSAGES/cuci.po" in drafted.stdout


@needs_shared
def test_a_quote_in_two_articles_is_one_position_citing_both(workspace: Path) -> None:
    sources = workspace / "sources"
    original = (ARTICLES / "sq-mek-albeu-cuci.txt").read_text(encoding="utf-8")
    (sources / "copy-of-albeu.txt").write_text(original.replace("outlet: Albeu.com", "outlet: Another outlet"), "utf-8")
    result = run_in(workspace, "draft", "sq-mek-albeu-cuci", "copy-of-albeu", "--id", "twice")
    assert result.returncode == 0, result.stderr
    briefing = _yaml(workspace / "briefings" / "twice.yaml")
    positions = [p for s in briefing["statements"] for p in s["positions"]]
    assert len(positions) == 1
    assert positions[0]["sources"] == ["sq-mek-albeu-cuci", "copy-of-albeu"]


@needs_shared
def test_albanian_statements_in_an_english_briefing_keep_their_words_and_are_marked_for_translation(
    workspace: Path,
) -> None:
    result = run_in(workspace, "draft", "sq-mek-albeu-cuci", "en-mek-a2news-state-department", "--id", "both")
    assert result.returncode == 2
    assert "--language" in result.stderr
    assert not (workspace / "briefings" / "both.yaml").exists()
    result = run_in(
        workspace, "draft", "sq-mek-albeu-cuci", "en-mek-a2news-state-department", "--id", "both", "--language", "en"
    )
    assert result.returncode == 0, result.stderr
    briefing = _yaml(workspace / "briefings" / "both.yaml")
    albanian = next(p for s in briefing["statements"] for p in s["positions"] if p["quote_language"] == "sq")
    assert albanian["quote"]["sq"].startswith("Personi që ka vdekur sot në kamp")
    assert albanian["quote"]["en"].startswith("[sq → en] Personi")
    assert albanian["summary"]["sq"] == albanian["quote"]["sq"]
    assert albanian["summary"]["en"].startswith("[sq → en] Personi")
    assert "translate" in albanian["draft"]
    assert run_in(workspace, "check", "briefings/both.yaml").returncode == 0
    verified = run_in(workspace, "verify", "briefings/both.yaml")
    assert verified.returncode == 0, verified.stdout + verified.stderr


@needs_shared
def test_an_existing_briefing_is_never_drafted_over_without_replace(workspace: Path) -> None:
    assert run_in(workspace, "draft", "sq-mek-albeu-cuci", "--id", "once").returncode == 0
    path = workspace / "briefings" / "once.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# edited by hand\n", encoding="utf-8")
    again = run_in(workspace, "draft", "sq-kosovo-kfor-gazetashqiptare", "--id", "once")
    assert again.returncode == 2
    assert "briefings/once.yaml: exists already" in again.stderr
    assert path.read_text(encoding="utf-8").endswith("# edited by hand\n")
    assert run_in(workspace, "draft", "sq-kosovo-kfor-gazetashqiptare", "--id", "once", "--replace").returncode == 0
    assert "KFOR" in path.read_text(encoding="utf-8")


def test_a_source_that_is_neither_archived_nor_a_file_is_named(tmp_path: Path) -> None:
    assert run_in(tmp_path, "init", "ws").returncode == 0
    result = run_in(tmp_path / "ws", "draft", "no-such-source", "--id", "nothing")
    assert result.returncode == 2
    assert (
        result.stderr
        == "no-such-source: no archived source sources/no-such-source.txt, and no file or URL of that name\n"
    )
    assert not (tmp_path / "ws" / "briefings" / "nothing.yaml").exists()


@needs_shared
def test_unbalanced_marks_are_reported_with_their_line_and_drafting_goes_on(workspace: Path) -> None:
    result = run_in(workspace, "draft", "sq-election-2025-hashtag", "--id", "berisha")
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if "sources/sq-election-2025-hashtag.txt: text line" in line]
    assert len(notes) == 3
    assert "text line 5, column 25: closing ” with no opening mark" in notes[0]
    assert "opening “ never closed" in notes[1]


def _header(language: str) -> str:
    return f"url: https://example.org/a\noutlet: Example\nlanguage: {language}\npublished: 2024-03-05\ntitle: A title\n---\n"


def test_an_article_without_quotations_says_so_and_still_drafts(tmp_path: Path) -> None:
    assert run_in(tmp_path, "init", "ws").returncode == 0
    (tmp_path / "ws" / "sources").mkdir()
    text = _header("en") + "The council met on Tuesday. It approved a budget of 3 million euros.\n"
    (tmp_path / "ws" / "sources" / "council.txt").write_text(text, encoding="utf-8")
    result = run_in(tmp_path / "ws", "draft", "council", "--id", "council")
    assert result.returncode == 0, result.stderr
    assert "note: sources/council.txt: no direct quotation found, so no statement drafted from it" in result.stderr
    briefing = _yaml(tmp_path / "ws" / "briefings" / "council.yaml")
    assert "statements" not in briefing
    assert briefing["sources"][0]["publisher"] == "Example"
    # Its dates and numbers are still drafted, each with its passage and a note.
    assert [entry["date"] for entry in briefing["chronology"]] == ["2024-03-05"]
    assert (
        "date resolved from 'on Tuesday' against the publication date 2024-03-05" in briefing["chronology"][0]["draft"]
    )
    assert [figure["value"] for figure in briefing["figures"]] == [3000000]
    assert briefing["figures"][0]["evidence"] == [
        {"source": "council", "passage": "It approved a budget of 3 million euros."}
    ]


def test_an_article_in_another_language_says_so(tmp_path: Path) -> None:
    assert run_in(tmp_path, "init", "ws").returncode == 0
    (tmp_path / "ws" / "sources").mkdir()
    text = _header("de") + "„Wir bleiben“, sagte der Minister am Dienstag.\n"
    (tmp_path / "ws" / "sources" / "berlin.txt").write_text(text, encoding="utf-8")
    result = run_in(tmp_path / "ws", "draft", "berlin", "--id", "berlin")
    assert result.returncode == 0, result.stderr
    assert "note: sources/berlin.txt: the article is in 'de'" in result.stderr
    briefing = _yaml(tmp_path / "ws" / "briefings" / "berlin.yaml")
    assert briefing["language"] == "en"
    assert "statements" not in briefing and "facts" not in briefing


def test_a_huge_text_is_refused_with_one_line_and_nothing_written(tmp_path: Path) -> None:
    assert run_in(tmp_path, "init", "ws").returncode == 0
    (tmp_path / "ws" / "sources").mkdir()
    paragraph = "“It is lawful,” the minister said. " * 20 + "\n\n"
    text = _header("en") + paragraph * (5_000_000 // len(paragraph))
    (tmp_path / "ws" / "sources" / "huge.txt").write_text(text, encoding="utf-8")
    result = run_in(tmp_path / "ws", "draft", "huge", "--id", "huge")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "sources/huge.txt: the text is" in result.stderr and "at most 1,000,000" in result.stderr
    assert not (tmp_path / "ws" / "briefings" / "huge.yaml").exists()


# --- the marks of quotation, one convention at a time (sentences written for these tests) ---


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("«Nuk do të tërhiqemi», tha ministri.", "Nuk do të tërhiqemi"),
        ("„Nuk do të tërhiqemi“, tha ministri.", "Nuk do të tërhiqemi"),
        ('"We will not leave," the mayor said.', "We will not leave"),
        ("The mayor said: “We will not leave.”", "We will not leave."),
        ("“He told me ‘never again’ and left,” she said.", "He told me ‘never again’ and left"),
    ],
)
def test_each_style_of_mark_gives_the_exact_words(text: str, words: str) -> None:
    quotations, problems = scan_quotations(text)
    assert [q.words for q in quotations] == [words]
    assert problems == ()


def test_a_quotation_split_by_its_attribution_is_two_verbatim_parts_with_one_speaker() -> None:
    text = "Interior Minister Bledi Çuçi spoke.\n\n“The search was lawful,” he said, “and it will go on.”"
    found = find_statements(text, "en")
    assert [s.quotation.words for s in found.statements] == ["The search was lawful", "and it will go on."]
    assert found.statements[1].quotation.continues == 0
    assert [s.speaker.name if s.speaker else None for s in found.statements] == ["Bledi Çuçi", "Bledi Çuçi"]


def test_a_scare_quote_is_not_a_statement_but_a_short_attributed_quote_is() -> None:
    found = find_statements("Critics call it a “sham”. Rama said: “No.”", "en")
    assert [s.quotation.words for s in found.statements] == ["No."]
    assert [t.words for t in found.terms] == ["sham"]
    assert found.statements[0].speaker is not None and found.statements[0].speaker.name == "Rama"


@needs_shared
def test_a_draft_edition_shows_its_marks_and_a_reviewed_one_does_not(workspace: Path) -> None:
    assert run_in(workspace, "draft", "sq-kosovo-kfor-gazetashqiptare", "--id", "kfor").returncode == 0
    path = workspace / "briefings" / "kfor.yaml"
    built = run_in(workspace, "build", path, "--format", "html", "--lang", "sq")
    assert built.returncode == 0, built.stderr
    html = (workspace / "output" / "kfor.sq.html").read_text(encoding="utf-8")
    assert "Projekt: pjesët e shënuara «Projekt» nuk janë shqyrtuar ende. Jo për shpërndarje." in html
    # A badge for each item marked in the file (the top-level mark is the banner): at least the five
    # statements, each with its question and its one position, the two actors and the source.
    marks = len(re.findall(r"(?m)^\s+draft: ", path.read_text(encoding="utf-8")))
    assert marks >= 5 + 5 + 2 + 1
    assert html.count('<span class="draft-mark"') == marks
    assert 'title="the speaker &#39;Ata&#39; read as KFOR (before); the summary is the quote: paraphrase it"' in html
    path.write_text(re.sub(r"(?m)^\s*draft: .*\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    assert run_in(workspace, "build", path, "--format", "html", "--lang", "sq").returncode == 0
    reviewed = (workspace / "output" / "kfor.sq.html").read_text(encoding="utf-8")
    assert '<span class="draft-mark"' not in reviewed and '<p class="draft-banner"' not in reviewed


def test_dialogue_dashes_and_a_colon_introduce_quotations() -> None:
    text = (
        "Ministri i Brendshëm Bledi Çuçi foli për kampin.\n\n"
        "– Nuk do të tërhiqemi, – tha ai. – Kontrolli vazhdon.\n\n"
        "Kryeministri Edi Rama: “Ligji vlen për të gjithë.”"
    )
    found = find_statements(text, "sq")
    assert [s.quotation.words for s in found.statements] == [
        "Nuk do të tërhiqemi",
        "Kontrolli vazhdon.",
        "Ligji vlen për të gjithë.",
    ]
    assert [s.speaker.name if s.speaker else None for s in found.statements] == ["Bledi Çuçi", "Bledi Çuçi", "Edi Rama"]


def test_two_sources_that_count_the_same_thing_differently_are_flagged(tmp_path: Path) -> None:
    assert run_in(tmp_path, "init", "ws").returncode == 0
    sources = tmp_path / "ws" / "sources"
    sources.mkdir()
    (sources / "one.txt").write_text(_header("en") + "At least 25 soldiers were injured in the north.\n", "utf-8")
    (sources / "two.txt").write_text(_header("en") + "At least 30 soldiers were injured in the north.\n", "utf-8")
    result = run_in(tmp_path / "ws", "draft", "one", "two", "--id", "counts")
    assert result.returncode == 0, result.stderr
    figures = _yaml(tmp_path / "ws" / "briefings" / "counts.yaml")["figures"]
    assert [(f["value"], f["qualifier"], f["sources"]) for f in figures] == [
        (25, "at_least", ["one"]),
        (30, "at_least", ["two"]),
    ]
    for figure in figures:
        assert "the sources differ: 25 (one), 30 (two); a disputed figure?" in figure["draft"]
