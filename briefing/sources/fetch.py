"""The tool's one door to the network: `briefing source add URL` fetching one page.

Nothing else in `briefing` opens a connection (a briefing's links are never
fetched; the renderer's fetcher refuses every URL). This module owns what one
fetch may cost and where it may go:

* http and https only, and a redirect only to http or https (urllib alone
  would follow one to ftp:), at most `MAX_REDIRECTS` of them;
* `TIMEOUT_SECONDS` for the whole exchange, not only for each read: a server
  that drips a byte a second is cut off as surely as one that never answers;
* at most `MAX_BYTES`, read as a stream, so a 50 MB answer costs 10 MiB at most
  (a `Content-Length` above the cap is refused before the body is read);
* an answer that is HTML or text (`Content-Type`), nothing else.

Each refusal is a BriefingError of one line naming the URL.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPMessage
from typing import IO, Any
from urllib.parse import urlsplit

from briefing.errors import BriefingError, terminal_safe
from briefing.sources.archive import MAX_ARCHIVE_BYTES

TIMEOUT_SECONDS = 20.0
MAX_BYTES = MAX_ARCHIVE_BYTES
MAX_REDIRECTS = 5
CHUNK_BYTES = 64 * 1024
WEB_SCHEMES = ("http", "https")
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
USER_AGENT = "briefing (source add; one page, on request)"


class FetchError(BriefingError):
    """A URL that gave no page to archive: one line naming it."""

    def __init__(self, url: str, message: str) -> None:
        super().__init__(f"{terminal_safe(url)}: {message}")


@dataclass(frozen=True)
class Page:
    """What a URL answered: its body, whether it is HTML, and the address it came from after redirects."""

    url: str
    data: bytes
    is_html: bool


def is_web_address(value: str) -> bool:
    return urlsplit(value).scheme.lower() in WEB_SCHEMES and "://" in value


class _WebOnlyRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage, newurl: str
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme.lower() not in WEB_SCHEMES:
            raise _not_web(req.full_url, newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_page(url: str, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES) -> Page:
    """The body of one http or https URL, within the bounds of this module's docstring."""
    if not is_web_address(url) or not urlsplit(url).hostname:
        raise FetchError(url, "is not an http or https address; only those are fetched")
    opener = urllib.request.build_opener(_WebOnlyRedirects())
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html, text/plain"})
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            content_type = response.headers.get_content_type()
            if content_type not in HTML_TYPES + TEXT_TYPES:
                raise FetchError(url, f"is {content_type}, not a web page or a text; nothing was archived")
            length = response.headers.get("Content-Length")
            if length is not None and length.isdigit() and int(length) > max_bytes:
                raise FetchError(url, f"is {int(length):,} bytes; a page to archive may be at most {max_bytes:,}")
            data = _read_bounded(response, url, deadline, max_bytes, timeout)
            return Page(url=response.geturl(), data=data, is_html=content_type in HTML_TYPES)
    except urllib.error.HTTPError as error:
        location = error.headers.get("Location") if error.headers is not None else None
        if 300 <= error.code < 400 and location:  # urllib refuses file: and the like before asking the handler
            raise _not_web(url, location) from None
        raise FetchError(url, f"the server answered {error.code} {error.reason}; nothing was archived") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise _timed_out(url, timeout) from None
        raise FetchError(url, f"cannot be reached: {error.reason}") from None
    except TimeoutError:
        raise _timed_out(url, timeout) from None
    except OSError as error:  # a connection reset halfway, a broken TLS handshake
        raise FetchError(url, f"the connection failed: {error.strerror or error}") from None


def _read_bounded(response: Any, url: str, deadline: float, max_bytes: int, timeout: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise _timed_out(url, timeout)
        chunk = response.read1(CHUNK_BYTES)  # what has come, so that the deadline is looked at between bytes
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(url, f"is over {max_bytes:,} bytes; a page to archive may be at most {max_bytes:,}")
        chunks.append(chunk)


def _timed_out(url: str, timeout: float) -> FetchError:
    return FetchError(url, f"gave no complete answer within {timeout:g} seconds; nothing was archived")


def _not_web(url: str, target: str) -> FetchError:
    return FetchError(url, f"redirects to {terminal_safe(target)}, which is not an http or https address")
