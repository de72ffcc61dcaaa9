"""What the page shows: one briefing's editions as of the last save, and the problems of that save.

After each save, `Preview.refresh()` reads everything again through a fresh
Toolchain (catalogs, templates, stylesheets, theme: nothing is kept for the
life of the process) and renders the HTML of every edition a plain `build`
makes (each language's, then each bilingual one) as the web page
`build --format html` writes (web.html, web.css in the theme's colours),
its language links opening the preview's other editions. The PDF link gets
the very file `build` would write, made by `build.make_output`.

A save that breaks something keeps each edition's last good render and adds
the problems, as the same `file:line:col: field: message` lines the command
line prints. A bug is caught too and shown as an internal error: nothing a
file contains can stop the server.

A `Snapshot` is immutable and replaced whole, so a request reads one
consistent state without a lock. Its `version` changes only when what the
page shows changes: a save with no visible effect, or an editor's stray
file, does not reload the page.
"""

from __future__ import annotations

import hashlib
import itertools
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote

from briefing.errors import BriefingError
from briefing.pipeline.build import Prepared, Toolchain, make_output, prepare, web_alternates
from briefing.pipeline.editions import Printable, printable
from briefing.pipeline.images import Logo
from briefing.pipeline.render import LANGUAGE_SEPARATOR, WebPage
from briefing.pipeline.units import BuildRequest, InternalError, editions_shown, output_name
from briefing.pipeline.vocabulary import edition_name
from briefing.workspace import Resources, Workspace, packaged_resources

_serials = itertools.count()
ASSETS = Path(__file__).with_name("assets")
# Where the page's editions find the logo: the PDF reads it as a file, a browser through the server.
LOGO_ROUTE = "/logo"


@dataclass(frozen=True)
class RenderedEdition:
    """One edition as the page shows it, and what printing its PDF needs."""

    title: str
    html: str
    made: Printable
    prepared: Prepared
    toolchain: Toolchain  # the PDF is printed with the templates and stylesheets this HTML was made with
    serial: int = field(default_factory=lambda: next(_serials))  # names its PDF in the cache

    @property
    def untranslated(self) -> tuple[tuple[str, int], ...]:
        """Each language of the edition with texts shown untranslated, and how many (a translator's to-do)."""
        return tuple((edition.language, len(edition.gaps)) for edition in self.made.editions if edition.gaps)


@dataclass(frozen=True)
class Snapshot:
    """What the page shows now."""

    version: str
    names: tuple[str, ...] = ()  # the editions, in the order of a build: `en`, `sq`, `en+sq`
    editions: Mapping[str, RenderedEdition] = field(default_factory=dict)
    # A briefing's problems apply to every edition; a broken catalog, to the editions that show its language.
    problems: tuple[str, ...] = ()
    edition_problems: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    logo: Logo | None = None  # as read and inspected when the page was rendered; the server sends these bytes

    def problems_of(self, name: str) -> tuple[str, ...]:
        return self.problems + tuple(self.edition_problems.get(name, ()))


class Preview:
    """The editions of one briefing, rendered again after every save."""

    def __init__(
        self,
        workspace: Workspace,
        path: Path,
        *,
        resources: Resources | None = None,
        report: Callable[[str], None] = lambda line: None,
        report_problem: Callable[[str], None] = lambda line: None,
        debug: bool = False,
    ) -> None:
        self.workspace = workspace
        self.path = path
        self.resources = resources or packaged_resources()
        self.report = report
        self.report_problem = report_problem
        self.debug = debug
        # A page of an earlier run of the server differs in version, and reloads.
        self._run = secrets.token_hex(4)
        self._count = 0
        self._digest = ""
        self._snapshot = Snapshot(version=self._next_version())
        self._changed = threading.Condition()
        self._closed = False
        self._refreshing = threading.Lock()
        self._printing = threading.Lock()  # one WeasyPrint job at a time
        self._pdfs: dict[int, bytes] = {}

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def _next_version(self) -> str:
        self._count += 1
        return f"{self._run}-{self._count}"

    def refresh(self) -> Snapshot:
        """Render every edition again; on a problem, keep the last good render and show the problems."""
        with self._refreshing:
            previous = self._snapshot
            try:
                snapshot = self._render(previous)
            except BriefingError as error:
                snapshot = replace(previous, problems=tuple(error.messages()), edition_problems={})
            except Exception as error:  # a bug: shown in the page; the server goes on
                internal = InternalError.of(self.path, error)
                if self.debug:
                    self.report_problem(internal.traceback.rstrip())
                snapshot = replace(previous, problems=(internal.line,), edition_problems={})
            self._publish(snapshot)
            return self._snapshot

    def _render(self, previous: Snapshot) -> Snapshot:
        toolchain = Toolchain(self.workspace, self.resources)
        catalogs = toolchain.catalogs
        prepared = prepare(self.path, toolchain, claimed={})  # one briefing: no id to share
        briefing, logo = prepared.briefing, prepared.logo
        shown = editions_shown(briefing.languages, briefing.bilingual)  # as a plain `build` makes them
        names = tuple(edition_name(each) for each in shown)
        editions: dict[str, RenderedEdition] = {}
        edition_problems: dict[str, tuple[str, ...]] = {}
        for name, languages in zip(names, shown, strict=True):
            try:
                made = printable(briefing, languages, catalogs)
            except BriefingError as error:  # a broken catalog fails the editions of its language only, as in a build
                edition_problems[name] = tuple(error.messages())
                if name in previous.editions:
                    editions[name] = previous.editions[name]
                continue
            # The page is in a frame: its language links open the preview of the other edition in the whole window.
            alternates = web_alternates(briefing, name, lambda other: f"/?lang={quote(edition_name(other), safe='')}")
            page = WebPage(toolchain.web_css, LOGO_ROUTE if logo is not None else None, alternates, link_target="_top")
            html = made.web(toolchain.renderer, page)
            # The PDF's page is laid out by other templates (briefing.html, bilingual.html): rendered too,
            # so that what would break the build of the PDF (a theme's template) shows here as well.
            made.html(toolchain.renderer, paper="a4", inline_css=None, logo=None)
            title = LANGUAGE_SEPARATOR.join(dict.fromkeys(edition.title.text for edition in made.editions))
            editions[name] = RenderedEdition(title, html, made, prepared, toolchain)
        return Snapshot(previous.version, names, editions, (), edition_problems, logo)

    def _publish(self, snapshot: Snapshot) -> None:
        """Show `snapshot` from now on; a new version, and a line in the terminal, only if the page changes."""
        digest = _digest(snapshot)
        if digest == self._digest:
            self._snapshot = snapshot  # the same page; the PDF is printed from the newest inputs
            return
        self._digest = digest
        snapshot = replace(snapshot, version=self._next_version())
        with self._changed:
            self._snapshot = snapshot
            self._changed.notify_all()
        lines = [*snapshot.problems, *(line for problems in snapshot.edition_problems.values() for line in problems)]
        for line in dict.fromkeys(lines):  # a problem of every edition is shown once
            self.report_problem(line)
        if not lines and snapshot.names:
            self.report(f"rendered {', '.join(snapshot.names)}")

    def wait_for_change(self, version: str, timeout: float) -> str | None:
        """The version once it differs from `version`, or None after `timeout` seconds or when closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._snapshot.version != version, timeout)
            if self._closed or self._snapshot.version == version:
                return None
            return self._snapshot.version

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Let every waiting event stream end."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def pdf(self, name: str) -> tuple[str, bytes] | None:
        """The file name and bytes of the PDF of the edition the page shows, or None if there is none.

        The same bytes `build` writes for it: tagged, finished, carrying its source.
        """
        rendered = self._snapshot.editions.get(name)
        if rendered is None:
            return None
        file_name = output_name(rendered.prepared.briefing.id, [e.language for e in rendered.made.editions], "pdf")
        key = rendered.serial
        with self._printing:
            if key not in self._pdfs:
                request = BuildRequest(files=(self.path,))
                content = make_output(rendered.prepared, rendered.made, request, rendered.toolchain).content
                # Only the editions shown now: an older PDF is never asked for again.
                shown = {edition.serial for edition in self._snapshot.editions.values()}
                self._pdfs = {serial: pdf for serial, pdf in self._pdfs.items() if serial in shown}
                self._pdfs[key] = content
            return file_name, self._pdfs[key]


def _digest(snapshot: Snapshot) -> str:
    """What the page shows, in a few bytes: the editions, the problems, and the logo."""
    hashed = hashlib.sha256()
    for name in snapshot.names:
        rendered = snapshot.editions.get(name)
        hashed.update(f"\0{name}\0".encode())
        hashed.update(rendered.html.encode() if rendered else b"-")
    hashed.update("\0".join(snapshot.problems).encode())
    hashed.update(repr(sorted(snapshot.edition_problems.items())).encode())
    if snapshot.logo is not None:
        hashed.update(snapshot.logo.data)
    return hashed.hexdigest()
