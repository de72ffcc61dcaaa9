"""`briefing source add`: articles archived from text files, saved pages and URLs served on 127.0.0.1.

No test reaches the internet: pages are served by a local http.server on a
port the system picks. The articles are the shared reference ones, read from
../shared and never copied into the repository.
"""

from __future__ import annotations

import datetime as dt
import html
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from briefing.errors import BriefingError
from briefing.sources.archive import parse_archive, text_digest
from briefing.sources.fetch import fetch_page
from tests.conftest import EXAMPLE, PROJECT, run_cli

SHARED = PROJECT.parent / "shared" / "reference"
ARTICLES = SHARED / "articles"
SEED = SHARED / "article-albania-mek-raid.txt"

Route = Callable[[BaseHTTPRequestHandler], None]


def _article_page(article: Path) -> bytes:
    """A news site's page around a shared article's text: navigation, a cookie banner, comments."""
    source = parse_archive(article.read_bytes(), name=article.name, source_id="x")
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in source.text.split("\n\n"))
    published = (
        f'<meta property="article:published_time" content="{source.published}T09:00:00+02:00">'
        if source.published
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="{source.language}-AL"><head><meta charset="utf-8">
<title>{html.escape(source.title or "")} | {html.escape(source.outlet or "")}</title>
<meta property="og:title" content="{html.escape(source.title or "")}">
<meta property="og:site_name" content="{html.escape(source.outlet or "")}">
{published}
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li><li><a href="/world">World</a></li></ul></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
<main><article><h1>{html.escape(source.title or "")}</h1>{paragraphs}</article></main>
<section id="comments" class="comments"><h2>Comments</h2>
<div class="comment"><p>Reader123: This is all propaganda, do not believe a word of it, wake up people!!!</p></div>
</section>
<footer><p>© 2023 The Outlet. All rights reserved. Advertise with us. Privacy policy.</p></footer>
</body></html>""".encode()


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, Route]] = {}

    def do_GET(self) -> None:
        route = self.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
        else:
            route(self)

    def log_message(self, *_: object) -> None:  # quiet
        pass


def _send(body: bytes, content_type: str = "text/html; charset=utf-8", length: int | None = None) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body) if length is None else length))
        handler.end_headers()
        handler.wfile.write(body)

    return route


def _endless(handler: BaseHTTPRequestHandler) -> None:
    """50 MB of text, sent without a Content-Length: only the reader's cap stops it."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.end_headers()
    chunk = b"x" * 1024 * 1024
    try:
        for _ in range(50):
            handler.wfile.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass


def _silent(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(3)


def _dripping(handler: BaseHTTPRequestHandler) -> None:
    """Headers at once, then a byte every 0.1 s: each read is quick, the whole never ends in time."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.end_headers()
    try:
        for _ in range(100):
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.1)
    except (BrokenPipeError, ConnectionResetError):
        pass


def _redirect(target: str) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", target)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return route


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """One local server for the module's tests (its routes never change). A server per test cost half a second
    each: `shutdown` waits for serve_forever's next poll."""
    routes: dict[str, Route] = {
        "/politics/albeu-cuci": _send(_article_page(ARTICLES / "sq-mek-albeu-cuci.txt")),
        "/plain": _send((ARTICLES / "en-eu-accession-efe.txt").read_bytes(), "text/plain; charset=utf-8"),
        "/front": _send(b"<html><body><nav><a href='/a'>Home</a> <a href='/b'>World</a></nav></body></html>"),
        "/file.pdf": _send(b"%PDF-1.7\n\x00\x01\x02\x03 binary", "application/pdf"),
        "/binary": _send(b"\x00\x01\x02\x03" * 1000, "application/octet-stream"),
        "/huge": _send(b"", "text/html", length=50 * 1024 * 1024),
        "/endless": _endless,
        "/silent": _silent,
        "/dripping": _dripping,
        "/to-file": _redirect("file:///etc/passwd"),
        "/to-article": _redirect("/politics/albeu-cuci"),
    }
    handler = type("Handler", (_Handler,), {"routes": routes})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "briefings").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "briefings" / EXAMPLE.name)
    return tmp_path


def _add(workspace: Path, *args: str | Path) -> tuple[int, str, str]:
    result = run_cli("--workspace", workspace, "source", "add", *args)
    return result.exit_code, result.stdout, result.stderr


def _archive(workspace: Path, source_id: str) -> str:
    return (workspace / "sources" / f"{source_id}.txt").read_text(encoding="utf-8")


def test_a_shared_article_is_archived_with_its_header_and_a_digest(workspace: Path) -> None:
    code, out, err = _add(workspace, ARTICLES / "en-mek-a2news-state-department.txt", "--id", "a2news")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == (
        f"archived {workspace / 'sources' / 'a2news.txt'} (A2 CNN (english.a2news.com), 2023-06-21, 1,689 characters)"
    )
    archive = _archive(workspace, "a2news")
    header, text = archive.split("\n---\n")
    lines = header.splitlines()
    assert lines[:5] == [
        "url: https://english.a2news.com/2023/06/21/us-state-department-reacts-to-albanian-police-operation-at-the-iranian-mujahideen-camp/",
        "outlet: A2 CNN (english.a2news.com)",
        "title: US State Department reacts to Albanian Police operation at the Iranian Mujahideen camp",
        "language: en",
        "published: 2023-06-21",
    ]
    retrieved = dt.datetime.fromisoformat(lines[5].removeprefix("retrieved: "))
    assert abs(retrieved - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    assert lines[6] == f"sha256: {text_digest(text.rstrip(chr(10)))}"
    assert text.startswith("The Albanian police’s operation at the Iranian Mujahideen camp")


def test_the_seed_article_without_a_header_keeps_its_text_and_takes_its_title(workspace: Path) -> None:
    code, _out, _err = _add(workspace, SEED, "--id", "euractiv")
    assert code == 0
    archive = _archive(workspace, "euractiv")
    assert archive.startswith(
        "title: Albanian police raid Iranian opposition compound on terrorism suspicions\nretrieved: "
    )
    text = archive.split("\n---\n", 1)[1]
    assert text == SEED.read_text(encoding="utf-8").strip("\n") + "\n"


def test_the_id_comes_from_the_outlet_when_none_is_given(workspace: Path) -> None:
    code, out, _err = _add(workspace, ARTICLES / "sq-kosovo-kfor-gazetashqiptare.txt")
    assert code == 0
    assert out.startswith(f"archived {workspace / 'sources' / 'gazeta-shqiptare.txt'} (Gazeta Shqiptare, 2023-05-29,")


def test_to_adds_the_source_to_a_briefing_and_keeps_its_comments_and_quotes(workspace: Path) -> None:
    briefing = workspace / "briefings" / EXAMPLE.name
    before = briefing.read_text(encoding="utf-8")
    code, out, err = _add(workspace, ARTICLES / "sq-mek-albeu-cuci.txt", "--id", "albeu", "--to", briefing)
    assert (code, err) == (0, "")
    assert f"added the source 'albeu' to {briefing}" in out
    after = briefing.read_text(encoding="utf-8")
    assert after.startswith(before)  # every line, comment and quote of the file as it was
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert after[len(before) :] == (
        "  - id: albeu\n"
        '    title: "Një person ndërroi jetë në kampin e MEK, Çuçi: Ju garantoj që nuk ka lidhje me veprimet e policisë"\n'
        "    language: sq\n"
        '    publisher: "Albeu.com"\n'
        '    url: "https://albeu.com/lajme/nje-person-nderroi-jete-ne-kampin-e-mek-cuci-ju-garantoj-qe-nuk-ka-lidhje-me-veprimet-e-policise/529307/"\n'
        f"    accessed: {today}\n"
    )  # no `published`: the article gives only its month
    assert run_cli("check", briefing).exit_code == 0


def test_to_completes_an_entry_and_never_changes_what_the_author_wrote(workspace: Path) -> None:
    briefing = workspace / "briefings" / EXAMPLE.name
    text = briefing.read_text(encoding="utf-8")
    entry = text[text.index("  - id: euractiv\n") :]
    briefing.write_text(text.replace(entry, '  - id: euractiv\n    title: "My own title"  # as we cite it\n'))
    code, out, _err = _add(workspace, SEED, "--id", "euractiv", "--to", briefing)
    assert code == 0
    assert f"completed the source 'euractiv' in {briefing}: accessed" in out
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert briefing.read_text(encoding="utf-8").endswith(
        f'  - id: euractiv\n    title: "My own title"  # as we cite it\n    accessed: {today}\n'
    )


def test_a_saved_page_gives_its_article_without_menus_banners_or_comments(workspace: Path, tmp_path: Path) -> None:
    page = tmp_path / "Kampi i MEK.html"
    page.write_bytes(_article_page(ARTICLES / "sq-mek-albeu-cuci.txt"))
    code, _out, err = _add(workspace, page, "--id", "albeu")
    assert (code, err) == (0, "")
    archived = parse_archive((workspace / "sources" / "albeu.txt").read_bytes(), name="albeu.txt", source_id="albeu")
    assert (
        archived.title
        == "Një person ndërroi jetë në kampin e MEK, Çuçi: Ju garantoj që nuk ka lidhje me veprimet e policisë"
    )
    assert archived.outlet == "Albeu.com"
    assert archived.language == "sq"
    assert archived.published is None  # the page gives no date: none is guessed from its © 2023
    assert "Ministri i Brendshëm Bledi Çuçi dhe Drejtori i Përgjithshëm" in archived.text
    assert "“Personi që ka vdekur sot në kamp, ju garantoj që vdekja nuk është shkaktuar" in archived.text
    for boilerplate in ("Home", "cookies", "propaganda", "All rights reserved"):
        assert boilerplate not in archived.text
    assert not archived.changed


def test_a_saved_page_gives_its_date_of_publication(workspace: Path, tmp_path: Path) -> None:
    page = tmp_path / "kfor.htm"
    page.write_bytes(_article_page(ARTICLES / "sq-kosovo-kfor-gazetashqiptare.txt"))
    assert _add(workspace, page)[0] == 0
    archived = _archive(workspace, "gazeta-shqiptare")
    assert "\npublished: 2023-05-29\n" in archived
    assert "Të paktën 25 ushtarë të misionit paqeruajtës të NATO-s në Kosovë" in archived


def test_a_url_is_archived_with_the_address_it_came_from(workspace: Path, server: str) -> None:
    code, out, err = _add(workspace, f"{server}/to-article", "--id", "albeu")
    assert (code, err) == (0, ""), out
    archived = _archive(workspace, "albeu")
    assert archived.startswith(f"url: {server}/politics/albeu-cuci\noutlet: Albeu.com\n")
    assert "Çuçi sqaroi lajmet se një person ndërroi jetë brenda kampit" in archived


def test_a_text_url_is_archived_as_it_is(workspace: Path, server: str) -> None:
    code, _out, _err = _add(workspace, f"{server}/plain", "--id", "efe")
    assert code == 0
    assert "outlet: La Prensa Latina (EFE)\n" in _archive(workspace, "efe")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "the server answered 404 Not Found; nothing was archived"),
        ("/binary", "is application/octet-stream, not a web page or a text; nothing was archived"),
        ("/file.pdf", "is application/pdf, not a web page or a text; nothing was archived"),
        ("/huge", "is 52,428,800 bytes; a page to archive may be at most 10,485,760"),
        ("/endless", "is over 10,485,760 bytes; a page to archive may be at most 10,485,760"),
        ("/to-file", "redirects to file:///etc/passwd, which is not an http or https address"),
        (
            "/front",
            "no article found: the page has no main text (a front page, a login page, or one its scripts fill); "
            "save the article's own page, or its text as a .txt file",
        ),
    ],
)
def test_a_url_that_gives_no_article_is_one_line_and_exit_2(
    workspace: Path, server: str, path: str, message: str
) -> None:
    code, out, err = _add(workspace, f"{server}{path}", "--to", workspace / "briefings" / EXAMPLE.name)
    assert (code, out) == (2, "")
    assert err == f"{server}{path}: {message}\n"
    assert not (workspace / "sources").exists()
    assert (workspace / "briefings" / EXAMPLE.name).read_bytes() == EXAMPLE.read_bytes()


@pytest.mark.parametrize("address", ["ftp://127.0.0.1/a.txt", "file:///etc/passwd", "javascript:alert(1)"])
def test_only_http_and_https_are_fetched(workspace: Path, address: str) -> None:
    code, _out, err = _add(workspace, address)
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (workspace / "sources").exists()


def test_a_server_that_does_not_answer_in_time_is_given_up(server: str) -> None:
    started = time.monotonic()
    with pytest.raises(
        BriefingError, match=r"/silent: gave no complete answer within 0.5 seconds; nothing was archived"
    ):
        fetch_page(f"{server}/silent", timeout=0.5)
    with pytest.raises(BriefingError, match=r"/dripping: gave no complete answer within 0.5 seconds"):
        fetch_page(f"{server}/dripping", timeout=0.5)
    assert time.monotonic() - started < 5  # not the 10 s the dripping server would take


def test_another_text_under_the_same_id_is_kept_unless_replaced(workspace: Path) -> None:
    assert _add(workspace, ARTICLES / "en-eu-accession-efe.txt", "--id", "news")[0] == 0
    before = _archive(workspace, "news")
    code, out, err = _add(workspace, ARTICLES / "en-cyberattack-tiranatimes.txt", "--id", "news")
    assert (code, out) == (2, "")
    assert err == (
        f"{workspace / 'sources' / 'news.txt'}: exists already with another text; "
        "give another --id, or --replace to archive this one in its place\n"
    )
    assert _archive(workspace, "news") == before
    code, out, _err = _add(workspace, ARTICLES / "en-eu-accession-efe.txt", "--id", "news")
    assert (code, out.splitlines()[0]) == (
        0,
        f"unchanged: {workspace / 'sources' / 'news.txt'} (this text is archived there already)",
    )
    assert _add(workspace, ARTICLES / "en-cyberattack-tiranatimes.txt", "--id", "news", "--replace")[0] == 0
    assert "outlet: Tirana Times\n" in _archive(workspace, "news")
    assert sorted(path.name for path in (workspace / "sources").iterdir()) == ["news.txt"]


def test_bad_files_and_ids_are_refused_in_one_line(workspace: Path, tmp_path: Path) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert _add(workspace, binary)[1:] == ("", f"{binary}: is a binary file, not a text\n")
    code, _out, err = _add(workspace, SEED, "--id", "Not An Id")
    assert code == 2
    assert (
        err == "--id: 'Not An Id' is not a valid id: use lower-case letters, digits and hyphens, like 'state-police'\n"
    )
    assert _add(workspace, tmp_path / "none.txt")[1:] == ("", f"{tmp_path / 'none.txt'}: no such file\n")
    assert not (workspace / "sources").exists()


def test_a_broken_briefing_is_refused_before_anything_is_fetched(workspace: Path, server: str) -> None:
    broken = workspace / "briefings" / "broken.yaml"
    broken.write_text("schema: 1\nid: broken\n", encoding="utf-8")
    code, out, err = _add(workspace, f"{server}/silent", "--to", broken)  # would wait 3 s for an answer
    assert (code, out) == (2, "")
    assert f"{broken}:1:1: language: required field is missing" in err.splitlines()
    assert not (workspace / "sources").exists()
