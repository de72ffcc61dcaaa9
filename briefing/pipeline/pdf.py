"""Stage 5, printing: HTML to PDF bytes through WeasyPrint.

This module owns everything WeasyPrint: it is the only one that imports it
(so `check`, `schema` and `--help` start fast), it parses the stylesheets
(the tool's, then the workspace theme's, as `stylesheets` read them) and builds the FontConfiguration
once per run and shares them between all editions, and it decides what the
renderer may fetch: only files under the folders it is given (the tool's
templates and styles, the theme, the briefing's own folder). Nothing named
by a briefing's text is ever fetched (texts are escaped, and a source's url
is a link, not a resource). An accessible edition is rendered with
WeasyPrint's `pdf/a-3a` variant, which tags the document; what that leaves
short of PDF/UA-1 is finished in `briefing/finishing/` (pikepdf), which reads
the PDF and never calls WeasyPrint.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from briefing.errors import BriefingError, display_path
from briefing.pipeline import line_ends
from briefing.pipeline.fill import drop_marks, page_fills, worst_fill
from briefing.pipeline.stylesheets import Stylesheet

PDF_VARIANT = "pdf/a-3a"


# A page whose marked content ends above two thirds of the sheet leaves its bottom third blank
# (fill.py says how it is measured): paper a reader turns for nothing.
FILLED = 2 / 3
# A last page that ends in its top third (a few items, a short section) may be saved. One that ends
# lower is rarely saved by tighter spacing alone (the example's Albanian and bilingual editions),
# and trying costs a second layout.
SHORT_LAST_PAGE = 1 / 3
_ROOT = re.compile(r"<html(?=[\s>])")


def _wastes_paper(fills: Sequence[float | None]) -> bool:
    """Whether a second, tighter layout may save a page or fill one: a page before the last, or the last, is short."""
    return worst_fill(fills) < FILLED or (fills[-1] is not None and fills[-1] < SHORT_LAST_PAGE)


def _fills_better(tighter: Any, plain: Any, plain_fills: Sequence[float | None]) -> bool:
    """Whether the tighter layout is the one to print: fewer pages, or as many with a gap filled."""
    if len(tighter.pages) != len(plain.pages):
        return len(tighter.pages) < len(plain.pages)
    before = worst_fill(plain_fills)
    return before < FILLED and worst_fill(page_fills(tighter.pages)) > before


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    pages: int
    faces: frozenset[tuple[str, int, int]] = frozenset()  # each embedded face: family, CSS weight, Pango style


class FetchRefused(BriefingError):
    """The document asked for a resource outside the allowed folders."""


def _is_within(path: Path, roots: Sequence[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


@contextlib.contextmanager
def _weasyprint_errors_only() -> Iterator[None]:
    """While rendering, WeasyPrint logs only errors: our own checks report what matters to users.

    Scoped to the rendering, so a program that imports this package keeps its logging as it set it.
    """
    logger = logging.getLogger("weasyprint")
    previous = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(previous)


class Printer:
    """Prints HTML documents to PDF, sharing fonts and stylesheets across a whole run."""

    def __init__(self, stylesheets: Sequence[Stylesheet], resource_dirs: Sequence[Path]) -> None:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        line_ends.install()
        self._weasyprint = weasyprint
        self.resource_dirs = [folder.resolve() for folder in resource_dirs]
        self.font_config = FontConfiguration()
        # Stylesheets fetch their fonts and images through the same restricted fetcher as documents.
        self.stylesheets = [self._stylesheet(stylesheet) for stylesheet in stylesheets]

    def _stylesheet(self, stylesheet: Stylesheet) -> Any:
        from weasyprint.urls import FatalURLFetchingError

        fetcher = self._fetcher(self.resource_dirs)
        try:
            with _weasyprint_errors_only():
                parsed = self._weasyprint.CSS(
                    string=stylesheet.text,
                    base_url=stylesheet.path.resolve().as_uri(),
                    font_config=self.font_config,
                    url_fetcher=fetcher,
                )
        except FatalURLFetchingError as error:
            raise FetchRefused(f"{display_path(stylesheet.path)}: {error}") from None
        if fetcher.refused:  # a loader that swallowed the refusal
            raise FetchRefused(f"{display_path(stylesheet.path)}: {fetcher.refused[0]}")
        return parsed

    def _fetcher(self, allowed: Sequence[Path], data_urls: Sequence[str] = ()) -> Any:
        from weasyprint.urls import FatalURLFetchingError, URLFetcher

        class RestrictedFetcher(URLFetcher):
            """Serves files under the allowed folders and the data: URLs it was given; refuses, and remembers, the rest."""

            refused: list[str]

            def fetch(self, url: str, headers: Any = None) -> Any:
                if url in data_urls:
                    return super().fetch(url, headers)
                parts = urlsplit(url)
                if parts.scheme == "file":
                    path = Path(unquote(parts.path)).resolve()
                    if _is_within(path, allowed) and path.is_file():
                        return super().fetch(url, headers)
                message = f"refused to fetch {url!r}: only files under {', '.join(str(p) for p in allowed)} may be used"
                self.refused.append(message)
                raise FatalURLFetchingError(message)

        fetcher = RestrictedFetcher(allowed_protocols=("file", "data"), fail_on_errors=True)
        fetcher.refused = []
        return fetcher

    def print_pdf(
        self, html: str, *, base_dir: Path, identifier: str, images: Sequence[str] = (), tagged: bool = False
    ) -> Printed:
        """Render an HTML document to PDF bytes, with its page count and the faces it embeds.

        `base_dir` is the briefing's folder; `images` are the data: URLs the
        document may use (its logo, inspected by `images`); `identifier` seeds
        the PDF's /ID, so equal inputs give byte-identical files; `tagged`
        renders PDF/A-3a: a structure tree, an sRGB output intent, XMP metadata.
        """
        from weasyprint.urls import FatalURLFetchingError

        fetcher = self._fetcher([*self.resource_dirs, base_dir.resolve()], images)

        def render(markup: str) -> Any:
            document = self._weasyprint.HTML(
                string=markup, base_url=(base_dir.resolve() / "index.html").as_uri(), url_fetcher=fetcher
            )
            return document.render(stylesheets=self.stylesheets, font_config=self.font_config)

        try:
            with _weasyprint_errors_only():
                rendered = render(html)
                if len(rendered.pages) > 1 and _wastes_paper(fills := page_fills(rendered.pages)):
                    # A third of a sheet blank: the stylesheet's `.tight` spacing moves the breaks
                    # before blocks kept whole (the timeline, a row of positions) and may save the
                    # last page. It costs a second layout, and is kept only if it does better.
                    tighter = render(_ROOT.sub('<html class="tight"', html, count=1))
                    if _fills_better(tighter, rendered, fills):
                        rendered = tighter
                drop_marks(rendered.pages)
                pdf = rendered.write_pdf(
                    pdf_identifier=hashlib.md5(identifier.encode(), usedforsecurity=False).hexdigest().encode(),
                    # The one variant of WeasyPrint 70 that both tags and archives;
                    # PDF/UA-1 is declared by the finishing pass (Kozea/WeasyPrint#2783).
                    pdf_variant=PDF_VARIANT if tagged else None,
                )
        except FatalURLFetchingError as error:
            raise FetchRefused(str(error.__cause__ or error)) from None
        # Some of WeasyPrint's loaders (images inside an SVG) swallow the fetcher's
        # error and go on: what was refused still fails the document.
        if fetcher.refused:
            raise FetchRefused(fetcher.refused[0])
        assert pdf is not None
        faces = frozenset((_text(font.family), int(font.weight), int(font.style)) for font in rendered.fonts.values())
        return Printed(pdf, len(rendered.pages), faces)

    def picture(
        self, markup: str, width_mm: float, height_mm: float, *, images: Sequence[str] = (), dpi: int = 200
    ) -> bytes:
        """A drawing (the timeline's SVG, a logo's `<img>`) as a PNG of `dpi`: for the Word edition.

        Drawn by WeasyPrint on a page of the given size with the run's fonts, as
        in the PDF, then rasterised by PDFium (pypdfium2); `markup` may fetch
        nothing but the data: URLs of `images` (a logo inspected by `images`).
        """
        import pypdfium2

        page = (
            f"<html><head><style>@page {{ size: {width_mm}mm {height_mm}mm; margin: 0 }}"
            " html, body { margin: 0 } svg, img { display: block; max-width: 100%; max-height: 100% }"
            f"</style></head><body>{markup}</body></html>"
        )
        fetcher = self._fetcher([], images)
        with _weasyprint_errors_only():
            pdf = self._weasyprint.HTML(string=page, url_fetcher=fetcher).write_pdf(font_config=self.font_config)
        if fetcher.refused:
            raise FetchRefused(fetcher.refused[0])
        document = pypdfium2.PdfDocument(pdf)
        try:
            image = document[0].render(scale=dpi / 72).to_pil()
        finally:
            document.close()
        out = io.BytesIO()
        image.save(out, format="PNG", dpi=(dpi, dpi), optimize=True)
        return out.getvalue()


def _text(value: bytes | str) -> str:
    return value.decode(errors="surrogateescape") if isinstance(value, bytes) else value
