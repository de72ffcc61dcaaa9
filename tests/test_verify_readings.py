"""verify reads numbers and dates in passages of real articles, English and Albanian, and finds sources that disagree.

Each test archives shared articles (or a copy altered on purpose) into a
temporary workspace and writes a small briefing by hand, as an author would.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PROJECT, run_cli

SHARED = PROJECT.parent / "shared" / "reference"
SEED = SHARED / "article-albania-mek-raid.txt"
KFOR = SHARED / "articles" / "sq-kosovo-kfor-gazetashqiptare.txt"
A2NEWS = SHARED / "articles" / "en-mek-a2news-state-department.txt"
ALBEU = SHARED / "articles" / "sq-mek-albeu-cuci.txt"

KFOR_INJURED = (
    "Të paktën 25 ushtarë të misionit paqeruajtës të NATO-s në Kosovë, KFOR, kanë mbetur të plagosur si pasojë e "
    "përleshjeve me qytetarët serbë në komunën e Zveçanit në veri të Kosovës, bëri të ditur misioni përmes një "
    "njoftimi për media."
)
KFOR_MONDAY = (
    "Ata bënë të ditur se pasditen e së hënës, njësitet e KFOR-it janë dërguar në 4 komunat e veriut të Kosovës"
)
EURACTIV_LEAD = (
    "Albanian police raided the MEK compound outside of Tirana on the order of the country’s corruption and "
    "organised crime court, resulting in resistance from residents, one death and over 100 injured, with the "
    "Iranian group calling on the EU to intervene."
)
EURACTIV_TUESDAY = "On Tuesday, the State Police entered the premises to conduct a search, resulting in resistance."
A2NEWS_YESTERDAY = (
    "The Albanian police’s operation at the Iranian Mujahideen camp in the “Ashraf” camp in Manez, which took place "
    "yesterday following orders from SPAK and GJKKO, received support from the US State Department."
)


def _workspace(tmp_path: Path, body: str, *archives: tuple[Path, str]) -> Path:
    (tmp_path / "briefings").mkdir(parents=True)
    for article, source_id in archives:
        assert run_cli("--workspace", tmp_path, "source", "add", article, "--id", source_id).exit_code == 0
    sources = "".join(
        f'  - id: {source_id}\n    title: "{source_id}"\n    published: {published}\n'
        for source_id, published in (("euractiv", "2023-06-20"), ("a2news", "2023-06-21"), ("kfor", "2023-05-29"))
    )
    (tmp_path / "briefings" / "x.yaml").write_text(
        "schema: 1\nid: x\nlanguage: en\nlanguages: [en]\ntitle: X\nas_of: 2023-06-21\ntlp: CLEAR\n"
        'summary: ["X."]\nactors:\n  - id: kfor\n    name: {same: KFOR}\n    kind: organisation\n    aliases: [misioni]\n'
        + body
        + "sources:\n"
        + sources,
        encoding="utf-8",
    )
    return tmp_path


def _errors(workspace: Path) -> list[str]:
    result = run_cli("--workspace", workspace, "verify")
    errors = [line.split(": ", 1)[1] for line in result.stderr.splitlines() if not line.startswith("warning: ")]
    assert result.exit_code == (1 if errors else 0), result.output
    return errors


def _figure(value: str, qualifier: str, passage: str, source: str = "kfor", according_to: str = "") -> str:
    credit = f"    according_to: {according_to}\n" if according_to else ""
    return (
        f'figures:\n  - value: {value}\n    qualifier: {qualifier}\n    label: "Soldiers injured"\n{credit}'
        f'    sources: [{source}]\n    evidence:\n      - source: {source}\n        passage: "{passage}"\n'
    )


def _entry(date: str, passages: list[tuple[str, str]]) -> str:
    sources = ", ".join(dict.fromkeys(source for source, _ in passages))
    evidence = "".join(f'      - source: {source}\n        passage: "{text}"\n' for source, text in passages)
    return f'chronology:\n  - date: "{date}"\n    text: "It happened."\n    sources: [{sources}]\n    evidence:\n{evidence}'


def test_an_albanian_figure_holds_with_its_qualifier(tmp_path: Path) -> None:
    assert _errors(_workspace(tmp_path, _figure("25", "at_least", KFOR_INJURED), (KFOR, "kfor"))) == []


@pytest.mark.parametrize(
    ("value", "qualifier", "error"),
    [
        ("26", "at_least", "figures[0].value: the passage gives 'Të paktën 25', not 26"),
        (
            "25",
            "about",
            "figures[0].qualifier: 'about' where the passage says 'Të paktën 25' (at least: 'at_least')",
        ),
        ("25", "exact", "figures[0].qualifier: 'exact' where the passage says 'Të paktën 25' (at least: 'at_least')"),
    ],
)
def test_a_figure_its_passage_does_not_give_is_caught(tmp_path: Path, value: str, qualifier: str, error: str) -> None:
    assert _errors(_workspace(tmp_path, _figure(value, qualifier, KFOR_INJURED), (KFOR, "kfor"))) == [error]


def test_numbers_in_words_count(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, _figure("1", "exact", EURACTIV_LEAD, "euractiv"), (SEED, "euractiv"))
    assert _errors(workspace) == []


def test_a_figure_credited_to_a_party_its_passage_does_not_give_as_speaker(tmp_path: Path) -> None:
    body = _figure("25", "at_least", KFOR_INJURED, according_to="nato").replace("actors:\n", "")
    body = "  - id: nato\n    name: {same: NATO}\n    kind: organisation\n" + body
    assert _errors(_workspace(tmp_path, body, (KFOR, "kfor"))) == [
        "figures[0].according_to: the passage gives KFOR (kfor) as the speaker, not NATO (nato)"
    ]
    right = body.replace("according_to: nato", "according_to: kfor")
    assert _errors(_workspace(tmp_path / "right", right, (KFOR, "kfor"))) == []


def test_a_relative_albanian_date_resolves_against_the_day_of_publication(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, _entry("2023-05-29", [("kfor", KFOR_MONDAY)]), (KFOR, "kfor"))
    assert _errors(workspace) == []


@pytest.mark.parametrize(
    ("date", "error"),
    [
        (
            "2023-06-20",
            "chronology[0].date: 2023-06-20 is more precise than the passage, which gives only 'June 2023' (2023-06); "
            "give no more than the source does",
        ),
        ("2023-07", "chronology[0].date: the passage dates it 'June 2023' (2023-06), not 2023-07"),
    ],
)
def test_a_date_more_precise_than_its_passage_or_another_is_caught(tmp_path: Path, date: str, error: str) -> None:
    altered = tmp_path / "altered.txt"
    altered.write_text(
        SEED.read_text(encoding="utf-8").replace("On Tuesday, the State Police", "In June 2023, the State Police"),
        encoding="utf-8",
    )
    passage = EURACTIV_TUESDAY.replace("On Tuesday", "In June 2023")
    workspace = _workspace(tmp_path / "ws", _entry(date, [("euractiv", passage)]), (altered, "euractiv"))
    assert _errors(workspace) == [error]


def test_a_passage_without_a_date_is_caught(tmp_path: Path) -> None:
    passage = "The order from the raid came from the Special Court Against Corruption and Organised Crime on suspicions of terrorist and cybercrime."
    workspace = _workspace(tmp_path, _entry("2023-06-20", [("euractiv", passage)]), (SEED, "euractiv"))
    assert _errors(workspace) == [
        "chronology[0].date: the passage gives no date; add the passage that dates it 2023-06-20"
    ]


def test_two_outlets_that_date_the_raid_alike_hold(tmp_path: Path) -> None:
    body = _entry("2023-06-20", [("euractiv", EURACTIV_TUESDAY), ("a2news", A2NEWS_YESTERDAY)])
    assert _errors(_workspace(tmp_path, body, (SEED, "euractiv"), (A2NEWS, "a2news"))) == []


def test_sources_that_give_different_dates_are_reported_once(tmp_path: Path) -> None:
    altered = tmp_path / "a2news-altered.txt"
    altered.write_text(A2NEWS.read_text(encoding="utf-8").replace("took place yesterday", "took place on Monday"))
    passage = A2NEWS_YESTERDAY.replace("took place yesterday", "took place on Monday")
    body = _entry("2023-06-20", [("euractiv", EURACTIV_TUESDAY), ("a2news", passage)])
    assert _errors(_workspace(tmp_path / "ws", body, (SEED, "euractiv"), (altered, "a2news"))) == [
        "chronology[0]: the sources disagree on the date: sources/euractiv.txt gives 2023-06-20; "
        "sources/a2news.txt gives 'on Monday' (2023-06-19). Say so in the text, or cite the one you follow"
    ]


def test_sources_that_give_different_numbers_are_reported_and_a_disputed_figure_holds(tmp_path: Path) -> None:
    altered = tmp_path / "other.txt"
    altered.write_text(
        "outlet: Another outlet\nlanguage: en\n---\n"
        + EURACTIV_LEAD.replace("one death", "two deaths").replace("over 100", "dozens")
        + "\n",
        encoding="utf-8",
    )
    other = EURACTIV_LEAD.replace("one death", "two deaths").replace("over 100", "dozens")
    single = (
        'figures:\n  - value: 1\n    label: "Deaths"\n    sources: [euractiv, other]\n    evidence:\n'
        f'      - source: euractiv\n        passage: "{EURACTIV_LEAD}"\n'
        f'      - source: other\n        passage: "{other}"\n'
    )
    workspace = _workspace(tmp_path / "ws", single, (SEED, "euractiv"), (altered, "other"))
    text = (workspace / "briefings" / "x.yaml").read_text(encoding="utf-8")
    (workspace / "briefings" / "x.yaml").write_text(text + '  - id: other\n    title: "Other"\n', encoding="utf-8")
    assert _errors(workspace) == [
        "figures[0]: the sources disagree: sources/euractiv.txt gives 1; sources/other.txt gives 'two', 'dozens'. "
        "Show each source's number (a disputed figure: `values`), or cite only the one you follow"
    ]
    disputed = (
        'figures:\n  - label: "Deaths"\n    sources: [euractiv, other]\n    values:\n'
        f'      - value: 1\n        sources: [euractiv]\n        evidence: [{{source: euractiv, passage: "{EURACTIV_LEAD}"}}]\n'
        f'      - value: 2\n        sources: [other]\n        evidence: [{{source: other, passage: "{other}"}}]\n'
    )
    (workspace / "briefings" / "x.yaml").write_text(
        text.replace(single, disputed) + '  - id: other\n    title: "Other"\n'
    )
    assert _errors(workspace) == []
