"""The archive format of `sources/<id>.txt`: the shared articles read as they are, archives written and read back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefing.errors import InputError
from briefing.sources.archive import ArchivedSource, format_archive, parse_archive, text_digest
from briefing.sources.store import read_archive, save_archive
from tests.conftest import PROJECT

ARTICLES = PROJECT.parent / "shared" / "reference" / "articles"


def _article(name: str) -> ArchivedSource:
    path = ARTICLES / name
    return parse_archive(path.read_bytes(), name=path.name, source_id=path.stem)


def test_a_shared_article_reads_with_its_header() -> None:
    article = _article("en-cyberattack-tiranatimes.txt")
    assert article.outlet == "Tirana Times"
    assert article.url == (
        "https://www.tiranatimes.com/albania-says-it-has-repelled-renewed-iranian-cyber-attack-that-rattled-border-system"
    )
    assert article.title == "Albania says it has repelled renewed Iranian cyber attack that rattled border system"
    assert article.language == "en"
    assert article.published == dt.date(2022, 9, 12)
    assert article.retrieved is None and article.sha256 is None and not article.changed
    assert article.text.startswith("TIRANA, Sept. 12, 2022 – A renewed cyber attack")
    assert article.text.endswith("a massive mid-July attack on the e-Albania portal of state services.")
    assert "\n\nPrime Minister Rama said that Iran was to blame for the incident.\n\n" in article.text


def test_a_title_with_a_colon_splits_at_the_first_one() -> None:
    article = _article("sq-election-2025-hashtag.txt")
    assert (
        article.title
        == "Berisha pas shpalljes së rezultateve nga KQZ: 11 maji ishte farsë elektorale, PD nuk i njeh zgjedhjet"
    )
    assert article.language == "sq"


def test_a_month_of_publication_stays_a_month() -> None:
    article = _article("sq-mek-albeu-cuci.txt")
    assert article.published is None
    assert article.published_partial == "2023-06"
    assert article.published_text == "2023-06"
    assert format_archive(article).startswith(b"url: https://albeu.com/")
    assert b"\npublished: 2023-06\n" in format_archive(article)


@pytest.mark.parametrize("path", sorted(ARTICLES.glob("*.txt")), ids=lambda path: path.stem)
def test_every_shared_article_survives_a_round_trip(path: Path) -> None:
    article = parse_archive(path.read_bytes(), name=path.name, source_id=path.stem)
    written = format_archive(article)
    again = parse_archive(written, name="again.txt", source_id=path.stem)
    assert again.text == article.text
    assert again.sha256 == text_digest(article.text)
    assert not again.changed
    assert (again.url, again.outlet, again.title, again.language, again.published_text) == (
        article.url,
        article.outlet,
        article.title,
        article.language,
        article.published_text,
    )


def test_an_archive_is_written_in_the_documented_order() -> None:
    source = ArchivedSource(
        id="euractiv",
        text="First paragraph.\r\n\r\nSecond: with a colon.\n\n",
        url="https://www.euractiv.com/a",
        outlet="Euractiv",
        title="Albanian police raid\nIranian opposition compound",
        language="en",
        published=dt.date(2023, 6, 20),
        retrieved=dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
    )
    digest = text_digest("First paragraph.\n\nSecond: with a colon.")
    assert format_archive(source).decode() == (
        "url: https://www.euractiv.com/a\n"
        "outlet: Euractiv\n"
        "title: Albanian police raid Iranian opposition compound\n"
        "language: en\n"
        "published: 2023-06-20\n"
        "retrieved: 2026-12-03T08:30:00Z\n"
        f"sha256: {digest}\n"
        "---\n"
        "First paragraph.\n\nSecond: with a colon.\n"
    )
    back = parse_archive(format_archive(source), name="euractiv.txt", source_id="euractiv")
    assert back.retrieved == dt.datetime(2026, 12, 3, 8, 30, tzinfo=dt.UTC)


def test_an_edited_text_no_longer_matches_its_digest() -> None:
    written = format_archive(ArchivedSource(id="a", text="One person died.", outlet="X"))
    edited = written.replace(b"One person died.", b"Two people died.")
    assert not parse_archive(written, name="a.txt", source_id="a").changed
    assert parse_archive(edited, name="a.txt", source_id="a").changed


def _problems(data: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_archive(data.encode(), name="sources/x.txt", source_id="x")
    return caught.value.messages()


def test_a_bad_header_is_reported_line_by_line() -> None:
    assert _problems(
        "url: ftp://example.org/a\n"
        "publised: 2023-06-20\n"
        "published: 20-06-2023\n"
        "retrieved: 2026-12-03T08:30:00\n"
        "language: english\n"
        "sha256: abc\n"
        "outlet: A\n"
        "outlet: B\n"
        "just a line\n"
        "---\n"
        "Text.\n"
    ) == [
        "sources/x.txt:1:6: url: 'ftp://example.org/a' is not an http or https address",
        "sources/x.txt:2:1: publised: unknown key 'publised'; did you mean 'published'?",
        "sources/x.txt:3:12: published: '20-06-2023' is not a date; write 2023-06-20, or 2023-06 or 2023 if no day is given",
        "sources/x.txt:4:12: retrieved: '2026-12-03T08:30:00' has no time zone; write it in UTC, like 2026-12-03T08:30:00Z",
        "sources/x.txt:5:11: language: 'english' is not a language code (like en, sq, de, pt_BR, sr_Latn)",
        "sources/x.txt:6:9: sha256: 'abc' is not a SHA-256 digest (64 hexadecimal digits, lower case)",
        "sources/x.txt:8:1: outlet: written twice (first on line 7)",
        "sources/x.txt:9:1: expected `key: value` (or a line `---` before the text), not 'just a line'",
    ]


def test_a_file_without_header_or_text_is_refused() -> None:
    assert _problems("Just an article.\n") == [
        "sources/x.txt:1: no header: an archive starts with `key: value` lines "
        "(url, outlet, title, language, published, retrieved, sha256), then a line `---`, then the text"
    ]
    assert _problems("outlet: A\n---\n\n") == ["sources/x.txt:2: no text after the `---` line"]
    with pytest.raises(InputError, match=r"sources/x.txt:3: the file is not UTF-8 \(byte 0xe9\)"):
        parse_archive(b"outlet: A\n---\ncaf\xe9\n", name="sources/x.txt", source_id="x")


def test_saving_never_replaces_another_text_unless_asked(tmp_path: Path) -> None:
    first = ArchivedSource(id="euractiv", text="One person died.", outlet="Euractiv")
    saved = save_archive(tmp_path, first)
    assert saved.path == tmp_path / "euractiv.txt" and not saved.unchanged
    assert save_archive(tmp_path, first).unchanged
    other = ArchivedSource(id="euractiv", text="Two people died.", outlet="Euractiv")
    with pytest.raises(InputError, match="exists already with another text; give another --id, or --replace"):
        save_archive(tmp_path, other)
    assert read_archive(tmp_path, "euractiv").text == "One person died."
    save_archive(tmp_path, other, replace=True)
    assert read_archive(tmp_path, "euractiv").text == "Two people died."
    assert [path.name for path in tmp_path.iterdir()] == ["euractiv.txt"]  # no temporary file left
