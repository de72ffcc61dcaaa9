"""Who may use the preview: the holder of its token, from its own pages, at its own address.

A briefing may be TLP:RED, and the preview's port can be reached by every
account of the machine and by every web page the author has open. So, as
Jupyter does, each run makes a random token (`secrets.token_urlsafe`) and
puts it in the address it prints and opens. The first load carries it as
`?token=`; the answer sets it as a cookie (HttpOnly, SameSite=Strict,
Path=/), which the page's own requests (the frame, the event stream, the
PDF link, the assets) then carry without the token in their URLs. The
cookie's name holds the port: cookies do not tell ports apart, and two
previews may run side by side.

A request is answered only if all of these hold, checked in this order:

1. its Host is 127.0.0.1:PORT or localhost:PORT: a page that rebinds its
   own DNS name to 127.0.0.1 names its own host (421 Misdirected Request);
2. it does not come from another site's page: an `Origin` other than the
   preview's own, or `Sec-Fetch-Site: cross-site`/`same-site` (another port
   of 127.0.0.1 is same-site, not same-origin) is refused (403). A request
   without these headers (a typed address, curl) is judged by 3 alone;
3. it carries the token, in the query or the cookie (403).

A refusal carries nothing of the briefing: a status and one line of text.
The checks are pure functions of the request's headers, its query and the
port, so they are tested without a server as well as through one.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import parse_qs

LOOPBACK_NAMES = ("127.0.0.1", "localhost")
# Sec-Fetch-Site values of a request the author's own page or browser makes.
_OWN_FETCH_SITES = ("same-origin", "none")


@dataclass(frozen=True)
class Refusal:
    """Why a request is not answered: a status, and a line that names no content."""

    status: HTTPStatus
    reason: str


@dataclass(frozen=True)
class Access:
    """The preview's token and port, and the rules above."""

    port: int
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @property
    def cookie_name(self) -> str:
        return f"briefing-preview-{self.port}"

    @property
    def origins(self) -> tuple[str, ...]:
        return tuple(f"http://{name}:{self.port}" for name in LOOPBACK_NAMES)

    def url(self, host: str = LOOPBACK_NAMES[0]) -> str:
        """The address to print and open: the page, with the token."""
        return f"http://{host}:{self.port}/?token={self.token}"

    def set_cookie(self) -> str:
        """The Set-Cookie value that lets the page's own requests in after the first."""
        return f"{self.cookie_name}={self.token}; HttpOnly; SameSite=Strict; Path=/"

    def refusal(
        self, *, host: str | None, origin: str | None, fetch_site: str | None, cookies: Iterable[str], query: str
    ) -> Refusal | None:
        """Why a request with these headers and this query is refused, or None if it may be answered."""
        if host not in {f"{name}:{self.port}" for name in LOOPBACK_NAMES}:
            return Refusal(HTTPStatus.MISDIRECTED_REQUEST, f"this preview answers only at {self.origins[0]}/")
        if origin is not None and origin not in self.origins:
            return Refusal(HTTPStatus.FORBIDDEN, "a request from another site's page is refused")
        if fetch_site is not None and fetch_site not in _OWN_FETCH_SITES:
            return Refusal(HTTPStatus.FORBIDDEN, "a request from another site's page is refused")
        if not (self.token_in_query(query) or self._token_in_cookies(cookies)):
            return Refusal(
                HTTPStatus.FORBIDDEN, "open the address `briefing preview` printed: it carries the preview's token"
            )
        return None

    def token_in_query(self, query: str) -> bool:
        return any(self._matches(value) for value in parse_qs(query).get("token", []))

    def _token_in_cookies(self, headers: Iterable[str]) -> bool:
        for header in headers:
            for pair in header.split(";"):
                name, _, value = pair.strip().partition("=")
                if name == self.cookie_name and self._matches(value):
                    return True
        return False

    def _matches(self, candidate: str) -> bool:
        # In constant time: how long a comparison takes says nothing of the token.
        return hmac.compare_digest(candidate.encode("utf-8", "replace"), self.token.encode("ascii"))
