"""Which editions a build makes, and what the build asks of each.

An edition is one language's (`Single`, an `Edition` of `localize`) or a
bilingual one (`bilingual.ParallelEdition`, two of them side by side). The
build treats both as a `Printable`: a name for its files, the editions whose
gaps it reports and `--strict` refuses, its HTML, and the briefing file it
carries. A request that names editions (`--lang`, `--bilingual`) gets those
alone; otherwise each briefing gets its own: `languages`, then `bilingual`.
Which editions a request makes is `units.edition_units`' business: each is
a unit of the batch named by the languages it shows, and a worker process
makes it from the briefing and that tuple (`printable`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from briefing.pipeline.bilingual import zip_editions
from briefing.pipeline.localize import Edition, localize
from briefing.pipeline.model import Briefing
from briefing.pipeline.serialize import edition_source
from briefing.pipeline.timeline import TimelineData
from briefing.pipeline.vocabulary import Paper
from briefing.translation.catalogs import CatalogSet

if TYPE_CHECKING:
    from briefing.pipeline.render import Renderer, WebPage


class Printable(Protocol):
    """An edition as the build makes it, of one language or two."""

    @property
    def name(self) -> str: ...  # names its files: `sq`, `en+sq`

    @property
    def editions(self) -> Sequence[Edition]: ...  # each language it shows, with its gaps

    @property
    def timelines(self) -> Sequence[TimelineData]: ...  # the chronology on a time axis, in each language shown

    def html(self, renderer: Renderer, *, paper: Paper, inline_css: str | None, logo: str | None) -> str: ...

    def web(self, renderer: Renderer, page: WebPage) -> str: ...  # the web page: `--format html`, the preview

    def source(self, briefing: Briefing, logo_name: str | None) -> str: ...


@dataclass(frozen=True)
class Single:
    """One language's edition."""

    edition: Edition

    @classmethod
    def of(cls, briefing: Briefing, language: str, catalogs: CatalogSet) -> Single:
        return cls(localize(briefing, catalogs.interface(language), catalogs.content(briefing.id, language)))

    @property
    def name(self) -> str:
        return self.edition.language

    @property
    def editions(self) -> Sequence[Edition]:
        return (self.edition,)

    @property
    def timelines(self) -> Sequence[TimelineData]:
        return () if self.edition.timeline is None else (self.edition.timeline,)

    def html(self, renderer: Renderer, *, paper: Paper, inline_css: str | None, logo: str | None) -> str:
        return renderer.render(self.edition, paper=paper, inline_css=inline_css, logo=logo)

    def web(self, renderer: Renderer, page: WebPage) -> str:
        return renderer.render_web(self.edition, page)

    def source(self, briefing: Briefing, logo_name: str | None) -> str:
        return edition_source(briefing, self.edition, logo_name)


def printable(briefing: Briefing, languages: Sequence[str], catalogs: CatalogSet) -> Printable:
    """The edition showing `languages`: one language's, or two side by side."""
    if len(languages) == 1:
        return Single.of(briefing, languages[0], catalogs)
    first, second = (Single.of(briefing, language, catalogs).edition for language in languages)
    return zip_editions(first, second)  # the first language's column on the left
