"""The preview's HTTP server: a few fixed routes on 127.0.0.1, and the events that reload the page.

    /                  the page: a bar (file, edition switch, PDF link), the
                       problems of the last save, and the edition in a frame
    /edition/<name>    the edition's HTML (`en`, `sq`, `en+sq`); no script runs in it
    /pdf/<name>        the edition's PDF, printed on demand by this process
    /logo              the logo the edition shows
    /events            server-sent events: the version of what the page shows
    /assets/...        the page's own script and stylesheet, by fixed name

Nothing else: no route takes a file name from the URL, so nothing can be
browsed. Server-sent events rather than a WebSocket: the server only ever
tells, the browser reconnects by itself, and the standard library's
threading server keeps such a stream open in one of its threads. The page
reloads itself when the version differs from its own, and brings the
frame back to where it was scrolled (assets/preview.js).

Only the author: the socket is bound to 127.0.0.1, and `access` answers
only a request with the run's token, at the preview's own host name, not
sent by another site's page, since a briefing may be TLP:RED. Every
response says not to cache it, not to sniff its type and not to send a
Referer; the page and the edition carry a Content-Security-Policy, the
edition's without any script. `connections` bounds the threads, waiting
connections and time a request may cost; this module bounds the event
streams (`MAX_STREAMS`): one more is told to come back later, and a closed
page frees its stream within a second.
"""

from __future__ import annotations

import errno
import re
import select
import socketserver
import sys
import threading
import webbrowser
from collections.abc import Callable, Sequence
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from briefing.errors import BriefingError, display_path
from briefing.pipeline.vocabulary import PAIR_SEPARATOR, language_in_itself
from briefing.preview.access import Access, Refusal
from briefing.preview.connections import BoundedHTTPServer, BoundedRequestHandler
from briefing.preview.state import ASSETS, LOGO_ROUTE, Preview
from briefing.preview.watch import BriefingFiles, Watcher, watched_folders
from briefing.workspace import Resources, Workspace, packaged_resources

HOST = "127.0.0.1"
# An idle event stream sends a comment this often, so that a proxy or a browser keeps it open.
KEEPALIVE_SECONDS = 15.0
# How often an event stream looks whether its page has gone (a closed tab frees its stream then).
STREAM_CHECK_SECONDS = 1.0
# How soon the browser reconnects to a restarted server.
RETRY_MS = 500
# Event streams open at once (a page has one); past that, a page is told to try again later.
MAX_STREAMS = 16
BUSY_RETRY_MS = 5000
ASSET_TYPES = {"preview.js": "text/javascript; charset=utf-8", "preview.css": "text/css; charset=utf-8"}
# An edition's name: a language code, or two joined by `+` (a bilingual edition).
_EDITION_ROUTE = re.compile(r"/(edition|pdf)/([A-Za-z0-9_-]{1,35}(?:\+[A-Za-z0-9_-]{1,35})?)")

PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
# The edition's stylesheets are inline, as in `build --format html`; scripts are not allowed at all.
EDITION_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; font-src 'self'; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)
# An SVG logo opened on its own must not run a script on this origin.
FILE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def untranslated_label(language: str, count: int) -> str:
    """`3 texts not translated into shqip yet`: what the marked texts of an edition add up to."""
    return f"{count} text{'s' if count != 1 else ''} not translated into {language_in_itself(language)} yet"


def edition_label(name: str) -> str:
    """The switch's label of an edition: `shqip (sq)`, `English + shqip (en+sq)`."""
    languages = name.split(PAIR_SEPARATOR)
    return f"{' + '.join(language_in_itself(code) for code in languages)} ({name})"


class PreviewServer(BoundedHTTPServer):
    """A thread per request that has arrived (`connections`); the event streams' threads end with the server."""

    def __init__(self, port: int, preview: Preview, report_problem: Callable[[str], None]) -> None:
        self.preview = preview
        self.report_problem = report_problem
        self.pages = Environment(loader=FileSystemLoader(ASSETS), autoescape=True, undefined=StrictUndefined)
        self.streams = threading.BoundedSemaphore(MAX_STREAMS)
        super().__init__((HOST, port), _Handler)
        self.access = Access(self.server_port)  # a new token each run

    def server_bind(self) -> None:
        # HTTPServer.server_bind would look up the host's DNS name, which can hang on a closed network.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    @property
    def url(self) -> str:
        """The page's address, with the token that opens it."""
        return self.access.url(HOST)

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        # The browser closed the tab or reloaded, or a client stopped reading: not a problem.
        if isinstance(error, (ConnectionError, TimeoutError)):
            return
        self.report_problem(f"internal error in the preview server: {type(error).__name__}: {error}")


class _Handler(BoundedRequestHandler):
    server: PreviewServer

    def version_string(self) -> str:
        return "briefing-preview"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows the address, the renders and the problems, not every request."""

    def do_GET(self) -> None:
        self._responded = False
        self._cookie: str | None = None
        try:
            self._route()
        except (ConnectionError, TimeoutError):  # the client went away or stopped reading
            pass
        except Exception as error:  # a bug in a route: this response fails, the server goes on
            line = f"internal error: {type(error).__name__}: {error} (a bug in briefing)"
            self.server.report_problem(line)
            if not self._responded:
                self._message(HTTPStatus.INTERNAL_SERVER_ERROR, "Internal error", [line])

    def _route(self) -> None:
        url = urlsplit(self.path)
        access = self.server.access
        refusal = access.refusal(
            host=self.headers.get("Host"),
            origin=self.headers.get("Origin"),
            fetch_site=self.headers.get("Sec-Fetch-Site"),
            cookies=self.headers.get_all("Cookie", []),
            query=url.query,
        )
        if refusal is not None:
            self._refuse(refusal)
            return
        if access.token_in_query(url.query):
            self._cookie = access.set_cookie()  # the page's own requests carry it from now on
        if url.path == "/":
            # `?lang=en+sq` typed by hand: a query's `+` reads as a space, and no edition's name has one.
            self._page(parse_qs(url.query).get("lang", [""])[0].replace(" ", PAIR_SEPARATOR))
        elif url.path == "/events":
            self._events()
        elif url.path == LOGO_ROUTE:
            self._logo()
        elif url.path.startswith("/assets/") and url.path[len("/assets/") :] in ASSET_TYPES:
            name = url.path[len("/assets/") :]
            self._send(HTTPStatus.OK, ASSET_TYPES[name], (ASSETS / name).read_bytes(), PAGE_POLICY)
        elif match := _EDITION_ROUTE.fullmatch(unquote(url.path)):
            if match.group(1) == "edition":
                self._edition(match.group(2))
            else:
                self._pdf(match.group(2))
        else:
            self._message(HTTPStatus.NOT_FOUND, "Not found", [f"nothing at {url.path}; the preview is at /"])

    def _start(self, status: HTTPStatus, content_type: str, policy: str | None) -> None:
        """The status line and the headers every response has."""
        self._responded = True
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        if policy:
            self.send_header("Content-Security-Policy", policy)
        if self._cookie:
            self.send_header("Set-Cookie", self._cookie)

    def _send(self, status: HTTPStatus, content_type: str, body: bytes, policy: str | None, **headers: str) -> None:
        self._start(status, content_type, policy)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _refuse(self, refusal: Refusal) -> None:
        """A status and one line of plain text: nothing of the briefing, no page to style."""
        body = f"{refusal.status.value} {refusal.status.phrase}: {refusal.reason}\n".encode()
        self._send(refusal.status, "text/plain; charset=utf-8", body, "default-src 'none'; sandbox")

    def _html(self, status: HTTPStatus, template: str, **values: Any) -> None:
        body = self.server.pages.get_template(template).render(**values).encode("utf-8")
        self._send(status, "text/html; charset=utf-8", body, PAGE_POLICY)

    def _message(self, status: HTTPStatus, title: str, lines: list[str]) -> None:
        self._html(status, "message.html", title=title, lines=lines)

    def _page(self, requested: str) -> None:
        preview = self.server.preview
        snapshot = preview.snapshot
        name = requested or (snapshot.names[0] if snapshot.names else "")
        problems = list(snapshot.problems_of(name))
        rendered = snapshot.editions.get(name)
        if rendered is not None:
            hint = "Below, the last render without these problems. Save a fix and the page reloads."
        elif snapshot.names and name not in snapshot.names:
            problems.append(f"this briefing has no edition '{name}'; its editions: {', '.join(snapshot.names)}")
            hint = "Choose one of its editions above."
        else:
            hint = "Nothing to show yet. Save a fix and the page reloads."
        self._html(
            HTTPStatus.OK,
            "page.html",
            version=snapshot.version,
            file=display_path(preview.path),
            title=rendered.title if rendered else display_path(preview.path),
            name=name,
            # hreflang: the language of a one-language edition; a bilingual one has two.
            editions=[
                (each, edition_label(each), "" if PAIR_SEPARATOR in each else each.replace("_", "-"))
                for each in snapshot.names
            ],
            problems=problems,
            hint=hint,
            edition=rendered is not None,
            untranslated=[
                (language, untranslated_label(language, count))
                for language, count in (rendered.untranslated if rendered else ())
            ],
        )

    def _edition(self, name: str) -> None:
        rendered = self.server.preview.snapshot.editions.get(name)
        if rendered is None:
            self._message(HTTPStatus.NOT_FOUND, "No such edition", [f"no edition '{name}' to show"])
            return
        self._send(HTTPStatus.OK, "text/html; charset=utf-8", rendered.html.encode("utf-8"), EDITION_POLICY)

    def _pdf(self, name: str) -> None:
        try:
            printed = self.server.preview.pdf(name)
        except BriefingError as error:
            self._message(HTTPStatus.UNPROCESSABLE_ENTITY, "No PDF", error.messages())
            return
        if printed is None:
            self._message(HTTPStatus.NOT_FOUND, "No such edition", [f"no edition '{name}' to print"])
            return
        file_name, content = printed
        # No policy: Chromium's PDF viewer does not open a sandboxed document.
        self._send(
            HTTPStatus.OK,
            "application/pdf",
            content,
            None,
            Content_Disposition=f"inline; filename*=UTF-8''{quote(file_name)}",
        )

    def _logo(self) -> None:
        logo = self.server.preview.snapshot.logo
        if logo is None:
            self._message(HTTPStatus.NOT_FOUND, "No logo", ["this briefing shows no logo"])
            return
        self._send(HTTPStatus.OK, logo.mime, logo.data, FILE_POLICY)  # the bytes inspected, not the file again

    def _events(self) -> None:
        self._start(HTTPStatus.OK, "text/event-stream; charset=utf-8", None)
        self.end_headers()
        if not self.server.streams.acquire(blocking=False):
            # Too many open: this page connects again later (an error status would end its EventSource for good).
            self.wfile.write(f"retry: {BUSY_RETRY_MS}\n: busy\n\n".encode())
            return
        try:
            self._stream()
        finally:
            self.server.streams.release()

    def _stream(self) -> None:
        preview = self.server.preview
        version = preview.snapshot.version
        # The first event carries the current version: a save between the page's load
        # and this connection still reloads it.
        self._event(version, retry=True)
        quiet = 0.0
        while not preview.closed and not self._client_gone():
            changed = preview.wait_for_change(version, STREAM_CHECK_SECONDS)
            if changed is not None:
                version, quiet = changed, 0.0
                self._event(version)
                continue
            quiet += STREAM_CHECK_SECONDS
            if quiet >= KEEPALIVE_SECONDS and not preview.closed:
                quiet = 0.0
                self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()

    def _client_gone(self) -> bool:
        """The page closed its end: a client of an event stream sends nothing more, so anything readable is the end."""
        readable, _, _ = select.select([self.connection], [], [], 0)
        return bool(readable)

    def _event(self, version: str, *, retry: bool = False) -> None:
        prefix = f"retry: {RETRY_MS}\n" if retry else ""
        self.wfile.write(f"{prefix}event: version\ndata: {version}\n\n".encode())
        self.wfile.flush()


def _refreshed(preview: Preview) -> None:
    preview.refresh()


def _bind(port: int, preview: Preview, report_problem: Callable[[str], None]) -> PreviewServer:
    try:
        return PreviewServer(port, preview, report_problem)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise BriefingError(
                f"{HOST}:{port} is in use: stop what listens there, or leave out --port for a free port"
            ) from None
        if error.errno == errno.EACCES:
            raise BriefingError(f"not allowed to listen on port {port}: pick one above 1023 with --port") from None
        raise


def only_briefing(files: Sequence[Path]) -> Path:
    """The briefing to preview when none is named: the workspace's only one."""
    if len(files) == 1:
        return files[0]
    names = ", ".join(display_path(path) for path in files)
    raise BriefingError(
        f"{len(files)} briefings ({names}): name the one to preview, e.g. `briefing preview {display_path(files[0])}`"
    )


def serve(
    workspace: Workspace,
    path: Path,
    *,
    port: int = 0,
    open_browser: bool = False,
    report: Callable[[str], None],
    report_problem: Callable[[str], None],
    debug: bool = False,
    resources: Resources | None = None,
) -> None:
    """Preview `path` until Ctrl-C: render it, serve it, and render again after every save."""
    resources = resources or packaged_resources()
    preview = Preview(workspace, path, resources=resources, report=report, report_problem=report_problem, debug=debug)
    try:
        server = _bind(port, preview, report_problem)  # a taken port fails before any rendering
        watcher = Watcher(
            watched_folders(path, workspace, resources),
            BriefingFiles(path, workspace, resources),
            on_change=lambda changed: _refreshed(preview),
            on_failure=lambda message: report_problem(f"warning: {message}"),
        )
        try:
            watcher.start()  # before the first render, so that a save during it is seen
            preview.refresh()
            report(f"previewing {display_path(path)} at {server.url} (Ctrl-C stops it)")
            if open_browser:
                # In a thread: without a desktop, Python opens a terminal browser and waits for it to exit,
                # and that browser would wait for this server.
                threading.Thread(target=webbrowser.open, args=(server.url,), daemon=True).start()
            server.serve_forever()
        finally:
            preview.close()
            watcher.stop()
            server.server_close()
    except KeyboardInterrupt:
        pass  # Ctrl-C is how a preview ends: no traceback, exit status 0
    report("stopped")
