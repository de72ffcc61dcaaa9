"""The preview is its author's alone, and no neighbour can wear it out (issue 21, points 4 and 12).

Real `briefing preview` processes and real HTTP requests (http.client, raw
sockets) on the loopback, as another local account or a web page in the
author's browser would make them. The Chromium tests of test_preview.py show
that the author's own page, frame, event stream and PDF link work with the
token; these show that nothing works without it.
"""

from __future__ import annotations

import http.client
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing.preview.access import Access
from briefing.workspace import create_workspace, packaged_resources
from tests.browser import PreviewProcess, running_preview

TITLE_EN = "Albanian police search the MEK compound near Tirana"
ROUTES = ("/", "/?lang=sq", "/edition/en", "/pdf/en", "/events", "/logo", "/assets/preview.js")
SECURITY_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PreviewProcess]:
    """One preview of the example for the module: these tests only read from it."""
    folder = tmp_path_factory.mktemp("preview") / "workspace"
    create_workspace(folder, packaged_resources())
    # test_a_request_head_that_never_ends_is_cut_off (last in the file) reads the `slow` connection: started
    # now, the server's ten seconds for a request head pass while the module's other tests run, not idly.
    with (
        running_preview(folder, "briefings/example.yaml") as running,
        socket.create_connection(("127.0.0.1", running.port), timeout=60) as slow,
    ):
        slow.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        _UNFINISHED_HEADS[running.port] = (slow, time.monotonic())
        yield running


_UNFINISHED_HEADS: dict[int, tuple[socket.socket, float]] = {}


@dataclass(frozen=True)
class Reply:
    """What came back: the status, the headers, the whole body."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


def request(preview: PreviewProcess, path: str, headers: dict[str, str] | None = None, *, timeout: float = 60) -> Reply:
    """A GET as curl makes it: Host 127.0.0.1:PORT, and only the headers given."""
    connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=timeout)
    headers = headers or {}
    connection.putrequest("GET", path, skip_host="Host" in headers, skip_accept_encoding=True)
    for name, value in headers.items():
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    reply = Reply(response.status, response.headers, response.read())
    connection.close()
    return reply


def assert_refused(response: Reply, status: int = 403) -> None:
    """Refused: the status, one line of text, nothing of the briefing."""
    assert response.status == status
    assert response.header("Content-Type") == "text/plain; charset=utf-8"
    assert response.header("Set-Cookie") is None
    assert TITLE_EN.encode() not in response.body
    assert b"%PDF" not in response.body
    assert response.body.count(b"\n") == 1


# 4. The token ------------------------------------------------------------------------------------------------


def test_the_printed_address_carries_a_random_token(preview: PreviewProcess) -> None:
    assert preview.url.startswith(f"http://127.0.0.1:{preview.port}/?token=")
    assert len(preview.token) >= 40  # 32 random bytes, URL-safe base64
    assert f"previewing briefings/example.yaml at {preview.url} (Ctrl-C stops it)\n" in preview.stdout


@pytest.mark.parametrize("path", ROUTES)
def test_without_the_token_nothing_is_served(preview: PreviewProcess, path: str) -> None:
    response = request(preview, path)
    assert_refused(response)
    assert response.body == (
        b"403 Forbidden: open the address `briefing preview` printed: it carries the preview's token\n"
    )


@pytest.mark.parametrize("path", ROUTES)
def test_a_wrong_token_is_refused_in_the_query_and_in_the_cookie(preview: PreviewProcess, path: str) -> None:
    wrong = preview.token[:-1] + ("A" if preview.token[-1] != "A" else "B")
    assert_refused(request(preview, f"{path}{'&' if '?' in path else '?'}token={wrong}"))
    assert_refused(request(preview, path, {"Cookie": f"briefing-preview-{preview.port}={wrong}"}))
    # The cookie of a preview on another port opens only that one.
    assert_refused(request(preview, path, {"Cookie": f"briefing-preview-{preview.port + 1}={preview.token}"}))
    assert_refused(request(preview, f"{path}{'&' if '?' in path else '?'}token="))


def test_the_first_load_sets_the_cookie_that_the_pages_own_requests_carry(preview: PreviewProcess) -> None:
    first = request(preview, preview.with_token("/"))
    assert first.status == 200
    cookie = first.header("Set-Cookie")
    assert cookie == f"briefing-preview-{preview.port}={preview.token}; HttpOnly; SameSite=Strict; Path=/"
    carried = {"Cookie": f"other=1; briefing-preview-{preview.port}={preview.token}"}
    edition = request(preview, "/edition/en", carried)
    assert edition.status == 200
    assert TITLE_EN.encode() in edition.body
    assert edition.header("Set-Cookie") is None  # only a request with the token in its query sets it
    assert request(preview, "/assets/preview.js", carried).status == 200
    pdf = request(preview, "/pdf/en", carried)
    assert pdf.status == 200
    assert pdf.body.startswith(b"%PDF-")


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},  # a sandboxed frame or a file:// page
        {"Origin": "http://127.0.0.1:1"},  # another server of this machine
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # another port of 127.0.0.1
    ],
    ids=["foreign-origin", "null-origin", "other-port", "cross-site", "same-site"],
)
@pytest.mark.parametrize("path", ["/", "/edition/en", "/pdf/en", "/events"])
def test_a_request_from_another_sites_page_is_refused_even_with_the_token(
    preview: PreviewProcess, headers: dict[str, str], path: str
) -> None:
    cookie = {"Cookie": f"briefing-preview-{preview.port}={preview.token}"}
    response = request(preview, preview.with_token(path), {**headers, **cookie})
    assert_refused(response)
    assert response.body == b"403 Forbidden: a request from another site's page is refused\n"


@pytest.mark.parametrize(
    "headers",
    [{}, {"Origin": "http://127.0.0.1:{port}"}, {"Sec-Fetch-Site": "same-origin"}, {"Sec-Fetch-Site": "none"}],
    ids=["no-origin", "own-origin", "same-origin", "typed-address"],
)
def test_the_pages_own_requests_and_a_typed_address_are_served(
    preview: PreviewProcess, headers: dict[str, str]
) -> None:
    headers = {name: value.format(port=preview.port) for name, value in headers.items()}
    response = request(preview, preview.with_token("/edition/en"), headers)
    assert response.status == 200
    assert TITLE_EN.encode() in response.body


@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:{port}", "127.0.0.1", "127.0.0.1:1", ""])
def test_a_foreign_host_is_refused_even_with_the_token(preview: PreviewProcess, host: str) -> None:
    """DNS rebinding: a page whose name now points at 127.0.0.1 still sends its own name."""
    assert_refused(request(preview, preview.with_token("/"), {"Host": host.format(port=preview.port)}), 421)
    assert request(preview, preview.with_token("/"), {"Host": f"localhost:{preview.port}"}).status == 200


@pytest.mark.parametrize(
    ("path", "policy"),
    [
        ("/", "default-src 'none'; script-src 'self'"),
        ("/edition/en", "default-src 'none'; style-src 'unsafe-inline'"),
        ("/assets/preview.css", "default-src 'none'; script-src 'self'"),
        ("/nothing-here", "default-src 'none'; script-src 'self'"),
        ("/pdf/en", None),  # Chromium's PDF viewer does not open a sandboxed document
    ],
)
def test_every_response_carries_the_security_headers(preview: PreviewProcess, path: str, policy: str | None) -> None:
    response = request(preview, preview.with_token(path))
    assert response.status in (200, 404)
    for name, value in SECURITY_HEADERS.items():
        assert response.header(name) == value, name
    if policy is None:
        assert response.header("Content-Security-Policy") is None
    else:
        assert (response.header("Content-Security-Policy") or "").startswith(policy)
        assert "frame-ancestors" in (response.header("Content-Security-Policy") or "")


def test_refusals_and_the_event_stream_carry_the_security_headers(preview: PreviewProcess) -> None:
    refused = request(preview, "/edition/en")
    for name, value in SECURITY_HEADERS.items():
        assert refused.header(name) == value, name
    assert refused.header("Content-Security-Policy") == "default-src 'none'; sandbox"
    connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=30)
    connection.request("GET", preview.with_token("/events"))
    stream = connection.getresponse()
    assert stream.getheader("Content-Type") == "text/event-stream; charset=utf-8"
    for name, value in SECURITY_HEADERS.items():
        assert stream.getheader(name) == value, name
    connection.close()


def test_the_rules_as_a_pure_function() -> None:
    """The checks in their order: host (421), then the sender (403), then the token (403)."""
    access = Access(8123, "secret-token")

    def status(
        host: str = "127.0.0.1:8123",
        origin: str | None = None,
        cookies: tuple[str, ...] = (),
        query: str = "token=secret-token",
    ) -> int:
        refused = access.refusal(host=host, origin=origin, fetch_site=None, cookies=cookies, query=query)
        return 200 if refused is None else refused.status.value

    assert status() == 200
    assert status(query="", cookies=("briefing-preview-8123=secret-token",)) == 200
    assert status(host="evil.example:8123", origin="http://evil.example") == 421
    assert status(origin="http://evil.example") == 403
    assert status(origin="http://localhost:8123") == 200
    assert status(query="token=secret-tokem") == 403
    assert status(query="lang=sq") == 403
    assert Access(8123).token != Access(8123).token


# 12. Bounded connections -----------------------------------------------------------------------------------


def _open_idle(port: int, count: int) -> list[socket.socket]:
    sockets = []
    for _ in range(count):
        idle = socket.create_connection(("127.0.0.1", port), timeout=30)
        sockets.append(idle)
    return sockets


def _threads(process: PreviewProcess) -> int:
    return len(list(Path(f"/proc/{process.process.pid}/task").iterdir()))


def test_hundreds_of_idle_connections_cost_no_threads_and_keep_out_no_request(preview: PreviewProcess) -> None:
    before = _threads(preview)
    idle = _open_idle(preview.port, 400)  # about 350 used up every thread before: one thread each
    try:
        response = request(preview, preview.with_token("/edition/en"), timeout=30)
        assert response.status == 200
        assert TITLE_EN.encode() in response.body
        # By now the server has accepted them all (the request came after them): none holds a thread.
        assert _threads(preview) <= before + 2
    finally:
        for each in idle:
            each.close()
    assert preview.process.poll() is None


def _open_stream(preview: PreviewProcess) -> http.client.HTTPResponse:
    """An event stream, held by its response: http.client hands the socket of a response without a length
    over to it, so the stream stays open while the response is referenced, and `close()` on it ends it."""
    connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=60)
    connection.request("GET", preview.with_token("/events"))
    return connection.getresponse()


def test_event_streams_are_capped_and_a_closed_page_frees_its_stream(preview: PreviewProcess) -> None:
    streams: list[http.client.HTTPResponse] = []
    try:
        # Sixteen of our own (server.MAX_STREAMS). A stream an earlier test closed holds its slot until the
        # server sees it gone (within a second): such a slot answers busy, and is asked again.
        deadline = time.monotonic() + 30
        while len(streams) < 16 and time.monotonic() < deadline:
            stream = _open_stream(preview)
            if stream.readline() == b"retry: 500\n":
                streams.append(stream)
            else:
                stream.close()
                time.sleep(0.2)
        assert len(streams) == 16, "every slot was taken by our own streams"
        # One more: told to come back later, and closed, so that it holds no thread.
        busy = _open_stream(preview)
        assert busy.status == 200
        assert busy.readline() == b"retry: 5000\n"  # line by line: a stream it let in would never end
        assert busy.read() == b": busy\n\n"
        busy.close()
        # The page keeps working meanwhile.
        assert request(preview, preview.with_token("/")).status == 200

        streams.pop().close()  # a tab is closed
        deadline = time.monotonic() + 30
        while True:
            again = _open_stream(preview)
            first = again.readline()
            if first == b"retry: 500\n" or time.monotonic() > deadline:
                break
            again.close()
            time.sleep(0.5)
        assert first == b"retry: 500\n"
        assert again.readline().startswith(b"event: version")
        streams.append(again)
    finally:
        for each in streams:
            each.close()


def test_each_run_has_its_own_token_and_an_old_one_opens_nothing(tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    create_workspace(workspace, packaged_resources())
    with running_preview(workspace, "briefings/example.yaml") as first:
        old_token, port = first.token, first.port
    with running_preview(workspace, "briefings/example.yaml", "--port", str(port)) as second:
        assert second.token != old_token
        assert_refused(request(second, f"/?token={old_token}"))
        assert request(second, second.with_token("/")).status == 200


def test_a_request_head_that_never_ends_is_cut_off(preview: PreviewProcess) -> None:
    """A client that sends part of a request and then nothing (or a byte now and then) is closed, in bounded time."""
    slow, started = _UNFINISHED_HEADS[preview.port]  # part of a head, sent when the preview started
    received = b""
    while chunk := slow.recv(4096):  # ends when the server closes the connection
        received += chunk
    assert time.monotonic() - started < 55  # HEAD_SECONDS is 10: generous, never a timing assertion
    assert TITLE_EN.encode() not in received
    assert request(preview, preview.with_token("/")).status == 200
