"""The pipeline, run for one briefing and each of its units (editions).

This module owns the order of the stages. `prepare` reads a briefing
(load, validate, editorial rules, the theme's defaults); `build_unit` makes
one output from it (localize, render, print, finish, write) and returns
what happened as plain data (`units`): every unit stands alone, so a
briefing that does not load or validate writes nothing, while one whose
Albanian catalog is broken still gets its English edition, and a bug is
reported for its file. An edition is rendered in memory and written only
when whole, so nothing is half-written or clobbered. Which units to build,
in which process, and in what order to report them is `batch`'s business.

`Toolchain` holds what a run (or a worker process) reads once: catalogs,
templates, stylesheets, theme, the WeasyPrint printer. It is free of Click.

An edition is one language's or a bilingual one (`editions` says which
ones a request makes); from there on both are built alike. A PDF edition
is printed (`pdf`), then finished (`briefing/finishing`): made PDF/UA-1 as
well as PDF/A-3a unless the request asks for a plain PDF, and given the
briefing file it rebuilds from (`serialize`) and its logo as attachments
unless it asks for none.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from briefing.errors import BriefingError, InputError, Problem, display_path, problem, quoted
from briefing.finishing.finish import Attachment, Finishing, finish_pdf
from briefing.pipeline.drafts import draft_problems
from briefing.pipeline.editions import Printable, printable
from briefing.pipeline.editorial import editorial_warnings, reviewed_translations
from briefing.pipeline.fonts import (
    NOTO_PACKAGE,
    face_pattern,
    font_characters,
    missing_families,
    uncovered,
    unreadable_font,
)
from briefing.pipeline.images import LOGO_BOX_MM, ImageProblem, Logo, fitted_width, read_logo
from briefing.pipeline.load import Document, load_document
from briefing.pipeline.localize import Edition
from briefing.pipeline.manifest import digest_bytes
from briefing.pipeline.model import Briefing, ThemeSettings
from briefing.pipeline.pdf import FetchRefused, Printer
from briefing.pipeline.render import Alternate, Renderer, WebPage, stylesheet_palette, web_css
from briefing.pipeline.stylesheets import FontFace, Stylesheet, font_family, hex_colour, named_families, read_stylesheet
from briefing.pipeline.texts import LocalizedText, Location, field_path
from briefing.pipeline.units import BuildRequest, InternalError, Refused, Unit, Written, editions_shown, output_name
from briefing.pipeline.validate import MAX_LOGO_BYTES, claim_id, read_theme, validate_document
from briefing.pipeline.vocabulary import BRIEFING_MIME_TYPE, PAIR_SEPARATOR, OutputFormat, edition_name
from briefing.pipeline.write import write_atomically
from briefing.sources.store import archive_path
from briefing.translation.catalogs import CatalogSet
from briefing.workspace import THEME_SETTINGS, THEME_STYLESHEET, Resources, Workspace, packaged_resources

if TYPE_CHECKING:
    from briefing.pipeline.word import WordLook


@dataclass(frozen=True)
class Undrawn:
    """Characters of a text that no installed font can draw: they print as empty boxes."""

    location: Location
    characters: str

    @property
    def field(self) -> str:
        return field_path(self.location)

    @property
    def message(self) -> str:
        codes = " ".join(f"U+{ord(c):04X}" for c in self.characters)
        return (
            f"no installed font draws {self.characters} ({codes}): it prints as empty boxes; "
            "install a font that has these characters"
        )


@dataclass(frozen=True)
class Prepared:
    """A briefing read, validated and given the theme's defaults: what its units are made from.

    Plain enough to pickle: the batch prepares in its own process and sends this to a worker.
    """

    document: Document
    briefing: Briefing
    logo: Logo | None  # the briefing's logo, or the theme's: read and inspected once, embedded as read
    warnings: list[Problem] = field(default_factory=list)  # editorial


@dataclass(frozen=True)
class Task:
    """One unit to build, with everything the builder needs besides its Toolchain."""

    unit: Unit
    prepared: Prepared
    request: BuildRequest


class _FromWorkspace:
    """A Toolchain's default theme: read from the workspace as it is made."""


FROM_WORKSPACE = _FromWorkspace()


class Toolchain:
    """What one run reads once: the workspace's catalogs, templates, stylesheets, theme, and the printer."""

    def __init__(
        self,
        workspace: Workspace,
        resources: Resources | None = None,
        *,
        theme: ThemeSettings | _FromWorkspace | None = FROM_WORKSPACE,
    ) -> None:
        """`theme` is the workspace's theme/theme.yaml as the run read it, when it did."""
        self.workspace = workspace
        self.resources = resources or packaged_resources()
        self.catalogs = CatalogSet(workspace, self.resources)
        theme_css = workspace.theme_file(THEME_STYLESHEET)
        self.stylesheets: list[Stylesheet] = [
            read_stylesheet(path) for path in [self.resources.stylesheet, *([theme_css] if theme_css else [])]
        ]
        palette = stylesheet_palette(self.stylesheets)
        self.renderer = Renderer(self.resources.templates, workspace.theme_templates, palette)
        self.theme = read_theme(workspace) if isinstance(theme, _FromWorkspace) else theme
        self._printer: Printer | None = None

    @property
    def printer(self) -> Printer:
        if self._printer is None:
            resource_dirs = [self.resources.templates, self.resources.styles]
            if self.workspace.theme.is_dir():
                resource_dirs.append(self.workspace.theme)
            self._printer = Printer(self.stylesheets, resource_dirs)
        return self._printer

    def setup_warnings(self, output_format: OutputFormat) -> list[str]:
        """What this machine lacks for faithful output, each naming the package that brings it."""
        warnings = []
        if self.catalogs.unchecked:
            warnings.append(
                "GNU msgfmt is not installed, so catalogs are read without its checks "
                "(a broken entry may print wrong text): install the `gettext` package"
            )
        if output_format == "pdf":
            for family, used in missing_families(self.font_families).items():
                remedy = f"install the `{NOTO_PACKAGE}` package" if family.startswith("Noto") else "install it"
                warnings.append(f"the font {family!r} is not installed and {used!r} prints in its place: {remedy}")
            warnings += self._unreadable_fonts()
        return warnings

    @cached_property
    def _theme_fonts(self) -> list[tuple[Stylesheet, FontFace, Path, bytes]]:
        """Each font file an `@font-face` rule loads from the theme, read once a run.

        A link or a missing file is not among them: the printer's fetcher refuses it, with its name.
        """
        fonts = []
        for stylesheet in self.stylesheets:
            for face in stylesheet.font_faces:
                for source in face.sources:
                    path = _local_file(stylesheet.path.parent, source)
                    if path is not None and path.is_file():
                        fonts.append((stylesheet, face, path, path.read_bytes()))
        return fonts

    @cached_property
    def theme_characters(self) -> frozenset[str]:
        """What the fonts a theme brings with `@font-face` draw (fontconfig, which lists the others, knows not of them)."""
        return frozenset().union(*(font_characters(data) for _sheet, _face, _path, data in self._theme_fonts))

    def _unreadable_fonts(self) -> list[str]:
        """Each font file an `@font-face` rule loads that is not a font: Pango would print in another one."""
        return [
            f"{display_path(path)}: not a font that can be used ({reason}); "
            f"the text in {face.family!r} (@font-face at {stylesheet.where(face.line, face.column)}) "
            "would print in another font"
            for stylesheet, face, path, data in self._theme_fonts
            if (reason := unreadable_font(data)) is not None
        ]

    @cached_property
    def word_look(self) -> WordLook:
        """The stylesheets' colours and fonts, as a Word edition's styles take them."""
        from briefing.pipeline.word import WordLook

        defaults = WordLook()
        palette = self.renderer.palette  # the stylesheets' colours, as the timeline takes them
        colours = {
            name: hex_colour(getattr(palette, name)) or getattr(defaults, name) for name in ("accent", "text", "muted")
        }
        fonts = {
            f"{name}_font": font_family(self.stylesheets, f"--font-{name}") or getattr(defaults, f"{name}_font")
            for name in ("body", "heading", "quote")
        }
        return WordLook(**colours, **fonts)

    @cached_property
    def font_families(self) -> list[str]:
        """The font families the stylesheets ask for, less those they bring themselves (read once a run)."""
        return named_families(self.stylesheets)

    def inputs(self, unit: Unit, prepared: Prepared, *, strict: bool = False) -> list[Path]:
        """Every file or folder a unit is made from, or looked for, besides the fonts (known once printed).

        The manifest records each with a digest of its content (or its absence):
        the briefing file and its logo, every catalog its editions may read, the
        theme folder and the tool's templates and stylesheets; and for a `strict`
        build, which verifies the briefing against them, the archive of each of
        its sources.
        """
        paths = [unit.briefing, *([prepared.logo.path] if prepared.logo is not None else [])]
        if strict:
            paths += [archive_path(self.workspace.sources, source.id) for source in prepared.briefing.sources]
        for language in unit.languages:
            paths += self.catalogs.paths_read(prepared.briefing.id, language)
        return [*paths, self.workspace.theme, self.resources.templates, self.resources.styles]

    def inline_css(self) -> str:
        return "\n".join(stylesheet.text for stylesheet in self.stylesheets)

    @cached_property
    def web_css(self) -> str:
        """The web page's stylesheet: web.css in the theme's colours (read once a run)."""
        return web_css(self.stylesheets, self.resources.web_stylesheet.read_text(encoding="utf-8"))

    def with_theme_defaults(self, briefing: Briefing, document: Document) -> tuple[Briefing, Path | None]:
        """The briefing with the theme's organisation when it has none, and the file of its logo (inspected)."""
        if briefing.logo is not None:
            logo: Path | None = (document.path.parent / briefing.logo).resolve()
        elif self.theme is not None and self.theme.logo is not None:
            logo = (self.workspace.theme / self.theme.logo).resolve()
        else:
            logo = None
        if briefing.prepared_by is None and self.theme is not None and self.theme.prepared_by is not None:
            organisation = self.theme.prepared_by
            if organisation.plain is not None:  # a plain name in theme.yaml reads the same in every language
                organisation = LocalizedText(plain=organisation.plain, invariant=True)
            elif organisation.source(briefing.language) is None:
                raise problem(
                    self.workspace.theme / THEME_SETTINGS,
                    f"no name in '{briefing.language}', the language of {display_path(document.path)}",
                    field="prepared_by",
                )
            briefing = briefing.model_copy(update={"prepared_by": organisation})
        return briefing, logo


def _local_file(folder: Path, reference: str) -> Path | None:
    """The file a relative `url()` of a stylesheet in `folder` names; None for a link or an absolute path."""
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    return folder / unquote(parts.path)


def prepare(path: Path, toolchain: Toolchain, claimed: dict[str, Path]) -> Prepared:
    """Load and validate a briefing file, claim its id for this run, and give it the theme's defaults."""
    document = load_document(path)
    briefing = validate_document(document, toolchain.catalogs.interface_languages())
    claim_id(document, briefing, claimed)
    warnings = editorial_warnings(document, briefing, reviewed_translations(briefing, toolchain.catalogs))
    briefing, logo_file = toolchain.with_theme_defaults(briefing, document)
    return Prepared(document, briefing, _read_logo(logo_file) if logo_file is not None else None, warnings)


def _read_logo(path: Path) -> Logo:
    """The logo's bytes, inspected: validation looked at the file, which may have changed since."""
    try:
        return read_logo(path, MAX_LOGO_BYTES)
    except ImageProblem as error:
        raise problem(path, f"{quoted(path.name)} {error}") from None
    except OSError as error:
        raise problem(path, f"cannot be read: {error.strerror or error}") from None


class StrictRefusal(InputError):
    """An edition that could be made, but that `--strict` does not let out: its problems."""


def build_unit(task: Task, toolchain: Toolchain) -> Written | Refused | InternalError:
    """Build one unit; what went wrong comes back as plain data, never raised (but Ctrl-C)."""
    try:
        return _build_edition(task.prepared, task.unit, task.request, toolchain)
    except StrictRefusal as error:
        return Refused(task.unit, tuple(error.messages()), strict=True)
    except BriefingError as error:
        return Refused(task.unit, tuple(error.messages()))
    except Exception as error:  # a bug: this unit fails, the batch goes on
        return InternalError.of(task.unit.briefing, error)


def _build_edition(prepared: Prepared, unit: Unit, request: BuildRequest, toolchain: Toolchain) -> Written:
    made = printable(prepared.briefing, unit.languages, toolchain.catalogs)
    if request.strict and (
        problems := draft_problems(prepared.document, prepared.briefing)
        + [p for e in made.editions for p in strict_problems(prepared.document, e)]
    ):
        raise StrictRefusal(problems)
    if request.strict:
        # Only --strict holds the briefing to its sources: the rest of the builds never import the checker.
        from briefing.evidence.check import evidence_problems

        if problems := evidence_problems(prepared.document, prepared.briefing, toolchain.workspace.sources):
            raise StrictRefusal(problems)
    output = make_output(prepared, made, request, toolchain)
    write_atomically(unit.output, output.content)
    return Written(
        unit, output.pages, _notes(made.editions, output.undrawn), digest_bytes(output.content), output.faces
    )


@dataclass(frozen=True)
class Output:
    """An edition's file as made in memory, before anything is written."""

    content: bytes
    pages: int | None  # None for HTML
    undrawn: list[Undrawn]
    faces: tuple[str, ...]  # the font faces a PDF used, for the manifest


def web_alternates(
    briefing: Briefing, shown: str, href: Callable[[tuple[str, ...]], str] | None = None
) -> tuple[Alternate, ...]:
    """The editions a web page links: the briefing's own (those a plain build makes), and itself.

    The briefing's, not the request's: a page's links do not change with
    which editions one run happened to make, so a rebuild changes no byte.
    Each links to `href(languages)`; by default its file beside the page.
    """
    editions = editions_shown(briefing.languages, briefing.bilingual)
    if shown not in [edition_name(each) for each in editions]:
        editions.append(tuple(shown.split(PAIR_SEPARATOR)))
    return tuple(
        Alternate(
            each,
            href(each) if href is not None else output_name(briefing.id, each, "html"),
            current=edition_name(each) == shown,
        )
        for each in editions
    )


def make_output(prepared: Prepared, made: Printable, request: BuildRequest, toolchain: Toolchain) -> Output:
    """The bytes of one edition in the request's format: the build writes them, the preview serves them."""
    document, briefing, logo = prepared.document, prepared.briefing, prepared.logo
    # A data: URL names the image by its content, not by where the folder is: rebuilds stay identical.
    logo_url = logo.data_url if logo is not None else None
    if request.format == "html":
        page = WebPage(toolchain.web_css, logo_url, web_alternates(briefing, made.name))
        return Output(made.web(toolchain.renderer, page).encode("utf-8"), None, [], ())
    if request.format == "docx":
        return _word_output(made, request, toolchain, logo, logo_url)
    html = made.html(toolchain.renderer, paper=request.paper, inline_css=None, logo=logo_url)
    accessible = request.pdf == "accessible"
    try:
        printed = toolchain.printer.print_pdf(
            html,
            base_dir=document.path.parent,
            identifier=f"{briefing.id}/{made.name}",
            images=[logo_url] if logo_url else [],
            tagged=accessible,
        )
    except FetchRefused as refused:
        raise FetchRefused(f"{display_path(document.path)}: {refused}") from None
    faces = tuple(sorted(face_pattern(*face) for face in printed.faces))
    missing = uncovered(_printed_characters(made.editions)) - toolchain.theme_characters
    undrawn = list(dict.fromkeys(item for edition in made.editions for item in _undrawn(edition, missing)))
    if request.strict and undrawn:
        raise StrictRefusal([document.problem(item.location, item.message) for item in undrawn])
    attachments = _attachments(briefing, made, logo) if request.source else []
    content = finish_pdf(printed.pdf, Finishing(accessible, html, attachments, briefing.as_of))
    return Output(content, printed.pages, undrawn, faces)


def _word_output(
    made: Printable, request: BuildRequest, toolchain: Toolchain, logo: Logo | None, logo_url: str | None
) -> Output:
    """The edition as a Word file: its timelines and an SVG logo drawn by the printer, the rest by `word`."""
    from briefing.pipeline.word import Picture, word_document

    timelines = []
    for timeline in made.timelines:
        drawn = timeline.draw(toolchain.renderer.palette)
        png = toolchain.printer.picture(drawn.svg, drawn.width, drawn.height)
        timelines.append(Picture(png, drawn.width, drawn.title))
    picture = None
    if logo is not None and logo_url is not None:
        _ = made.editions[0].catalog.translations.gettext
        first = made.editions[0]
        described = (
            _("Logo of %(organisation)s") % {"organisation": first.prepared_by.text} if first.prepared_by else _("Logo")
        )
        width, height = LOGO_BOX_MM
        if logo.path.suffix.lower() == ".svg":
            image = toolchain.printer.picture(f'<img src="{logo_url}" alt="">', width, height, images=[logo_url])
            picture = Picture(image, width, described)
        else:
            picture = Picture(logo.data, fitted_width(logo.data, width, height), described)
    content = word_document(made, look=toolchain.word_look, paper=request.paper, timelines=timelines, logo=picture)
    return Output(content, None, [], ())


def _notes(editions: Sequence[Edition], undrawn: list[Undrawn]) -> tuple[str, ...]:
    """The output's warnings, each to be shown after its name; a note's further lines are indented.

    Untranslated texts come as one note a language (a bilingual edition may
    have two), one line a place in file order: `i18n todo` lists the same
    texts as catalog entries.
    """
    notes = []
    for edition in editions:
        if gaps := edition.gaps:
            language = edition.language
            places = "".join(f"\n  {gap.field}: {gap.reason}" for gap in gaps)
            notes.append(
                f"{len(gaps)} text(s) shown in the source language, not translated into '{language}' "
                f"(`briefing i18n todo {language}` lists what to translate):{places}"
            )
    for edition in editions:
        notes += [
            f"{warning.field}: '{warning.language}' translation: {warning.message}"
            for warning in edition.translation_warnings
        ]
    notes += [f"{item.field}: {item.message}" for item in undrawn]
    notes += [f"{item.field}: {item.message}" for edition in editions for item in edition.unused_translations]
    return tuple(notes)


# Characters no font is asked to draw: line and paragraph separators, controls, and the
# format characters (soft hyphen, zero-width joiners, bidi marks) that shape text without a glyph.
_GLYPHLESS = ("Cc", "Cf", "Zl", "Zp")


def _printed_characters(editions: Sequence[Edition]) -> set[str]:
    """Each character of the editions' texts that is drawn with a glyph."""
    return {
        character
        for edition in editions
        for shown in edition.texts.values()
        for character in set(shown.text)
        if unicodedata.category(character) not in _GLYPHLESS
    }


def _undrawn(edition: Edition, characters: frozenset[str]) -> list[Undrawn]:
    """The texts that hold characters no font drew, each with those characters in reading order."""
    if not characters:
        return []
    found = []
    for location, shown in edition.texts.items():
        if here := "".join(dict.fromkeys(c for c in shown.text if c in characters)):
            found.append(Undrawn(location, here))
    return found


def _attachments(briefing: Briefing, made: Printable, logo: Logo | None) -> list[Attachment]:
    """The briefing file that rebuilds this edition (its texts inline), and the logo it names."""
    _ = made.editions[0].catalog.translations.gettext
    source = made.source(briefing, logo.path.name if logo is not None else None)
    attachments = [
        Attachment(
            filename=f"{briefing.id}.{made.name}.yaml",
            data=source.encode("utf-8"),
            mime_type=BRIEFING_MIME_TYPE,
            # TRANSLATORS: the description of the briefing file attached to a PDF edition.
            description=_("The briefing file this edition was made from; `briefing unpack` extracts it"),
            relationship="Source",
        )
    ]
    if logo is not None:
        attachments.append(
            Attachment(
                filename=logo.path.name,
                data=logo.data,
                mime_type=logo.mime,
                # TRANSLATORS: the description of the logo attached to a PDF edition.
                description=_("The logo this edition shows, named by its briefing file"),
                relationship="Data",
            )
        )
    return attachments


def strict_problems(document: Document, edition: Edition) -> list[Problem]:
    """Why an edition may not be distributed under --strict: every gap and doubtful translation."""
    problems = []
    for gap in edition.gaps:
        explanation = f" ({gap.reason.explanation})" if gap.reason.explanation else ""
        problems.append(document.problem(gap.location, f"not translated into '{gap.language}'{explanation}"))
    problems += [
        document.problem(warning.location, f"'{warning.language}' translation: {warning.message}")
        for warning in edition.translation_warnings
    ]
    return problems
