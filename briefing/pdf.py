"""Stage 5, printing: HTML to PDF bytes through WeasyPrint.

This module owns everything WeasyPrint: it is the only one that imports it
(so `check`, `schema` and `--help` start fast), it parses the print stylesheet
and builds the FontConfiguration once per run and shares them between all
editions, and it decides what the renderer may fetch: only files under the
project's templates/ and styles/ folders and the briefing's own folder.
Nothing named by a briefing's text is ever fetched (texts are escaped, and a
source's url is a link, not a resource).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from briefing.errors import BriefingError
from briefing.paths import STYLES_DIR, TEMPLATES_DIR

STYLESHEET = STYLES_DIR / "print.css"


class FetchRefused(BriefingError):
    """The document asked for a resource outside the allowed folders."""


def _is_within(path: Path, roots: tuple[Path, ...]) -> bool:
    return any(path == root or root in path.parents for root in roots)


class Printer:
    """Prints HTML documents to PDF, sharing fonts and stylesheets across a whole run."""

    def __init__(self, stylesheet: Path = STYLESHEET) -> None:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        # WeasyPrint logs each unsupported CSS property and failed fetch; our own
        # checks report what matters to users, so keep its log to errors.
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        self._weasyprint = weasyprint
        self.font_config = FontConfiguration()
        self.stylesheets = [
            weasyprint.CSS(
                string=stylesheet.read_text(encoding="utf-8"),
                base_url=stylesheet.as_uri(),
                font_config=self.font_config,
            )
        ]

    def _fetcher(self, allowed: tuple[Path, ...]) -> Any:
        weasyprint = self._weasyprint
        from weasyprint.urls import FatalURLFetchingError

        class RestrictedFetcher(weasyprint.URLFetcher):
            """Serves files under the allowed folders; refuses, and remembers, everything else."""

            refused: list[str]

            def fetch(self, url: str, headers: Any = None) -> Any:
                parts = urlsplit(url)
                if parts.scheme == "file":
                    path = Path(unquote(parts.path)).resolve()
                    if _is_within(path, allowed) and path.is_file():
                        return super().fetch(url, headers)
                message = f"refused to fetch {url!r}: only files under {', '.join(str(p) for p in allowed)} may be used"
                self.refused.append(message)
                raise FatalURLFetchingError(message)

        fetcher = RestrictedFetcher(allowed_protocols=("file",), fail_on_errors=True)
        fetcher.refused = []
        return fetcher

    def print_pdf(self, html: str, *, base_dir: Path, identifier: str) -> tuple[bytes, int]:
        """Render an HTML document to PDF bytes and its page count.

        `identifier` seeds the PDF's /ID, so equal inputs give byte-identical files.
        """
        from weasyprint.urls import FatalURLFetchingError

        allowed = (TEMPLATES_DIR.resolve(), STYLES_DIR.resolve(), base_dir.resolve())
        fetcher = self._fetcher(allowed)
        document = self._weasyprint.HTML(
            string=html, base_url=(base_dir.resolve() / "index.html").as_uri(), url_fetcher=fetcher
        )
        try:
            rendered = document.render(stylesheets=self.stylesheets, font_config=self.font_config)
            pdf = rendered.write_pdf(
                pdf_identifier=hashlib.md5(identifier.encode(), usedforsecurity=False).hexdigest().encode(),
            )
        except FatalURLFetchingError as error:
            raise FetchRefused(str(error.__cause__ or error)) from None
        # Some of WeasyPrint's loaders (images inside an SVG) swallow the fetcher's
        # error and go on: what was refused still fails the document.
        if fetcher.refused:
            raise FetchRefused(fetcher.refused[0])
        assert pdf is not None
        return pdf, len(rendered.pages)
