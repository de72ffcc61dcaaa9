"""The pipeline, run for each briefing and each of its editions.

This module owns the order of the stages and what a batch does when
something is broken. Every edition stands alone: a briefing that does not
load or validate writes nothing, while one whose Albanian catalog is broken
still gets its English edition. An edition is rendered in memory and
written only when whole, so nothing is half-written or clobbered. The other
briefings of a batch are built whatever happens to one of them, even a bug,
which is reported for that file and the batch goes on.

`Toolchain` holds what a run reads once (catalogs, templates, stylesheets,
theme, the WeasyPrint printer); it is free of Click: the CLI passes a
request and a callback that prints progress.

An edition is one language's or a bilingual one (`editions` says which
ones a request makes); from there on both are built alike. A PDF edition
is printed (`pdf`), then finished (`briefing/finishing`): made PDF/UA-1 as
well as PDF/A-3a unless the request asks for a plain PDF, and given the
briefing file it rebuilds from (`serialize`) and its logo as attachments
unless it asks for none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import BriefingError, InputError, Problem, display_path, problem
from briefing.finishing.finish import Attachment, Finishing, finish_pdf
from briefing.pipeline.editions import Printable, requested_editions
from briefing.pipeline.editorial import editorial_warnings
from briefing.pipeline.fonts import NOTO_PACKAGE, missing_families, stylesheet_families
from briefing.pipeline.images import data_url
from briefing.pipeline.load import Document, load_document
from briefing.pipeline.localize import Edition, Gap, TranslationWarning, UnusedTranslation
from briefing.pipeline.model import Briefing, ThemeSettings
from briefing.pipeline.pdf import FetchRefused, Printer
from briefing.pipeline.render import Renderer, stylesheet_palette
from briefing.pipeline.texts import LocalizedText, Location, field_path
from briefing.pipeline.validate import claim_id, validate_document, validate_theme
from briefing.pipeline.vocabulary import BRIEFING_MIME_TYPE, LOGO_MIME_TYPES, OutputFormat, Paper, PdfKind
from briefing.pipeline.write import write_atomically
from briefing.translation.catalogs import CatalogSet
from briefing.workspace import THEME_SETTINGS, THEME_STYLESHEET, Resources, Workspace, packaged_resources


@dataclass(frozen=True)
class BuildRequest:
    files: Sequence[Path]
    languages: Sequence[str] = ()
    out_dir: Path | None = None  # default: the workspace's output/
    format: OutputFormat = "pdf"
    paper: Paper = "a4"
    strict: bool = False
    pdf: PdfKind = "accessible"
    source: bool = True  # each PDF carries the briefing file it rebuilds from
    pairs: Sequence[tuple[str, str]] = ()  # bilingual editions; with `languages`, none means none


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
class Written:
    path: Path
    language: str  # the edition's name: `sq`, or `en+sq` for a bilingual one
    pages: int | None
    gaps: list[Gap]
    translation_warnings: list[TranslationWarning]
    undrawn: list[Undrawn] = field(default_factory=list)
    unused_translations: list[UnusedTranslation] = field(default_factory=list)


@dataclass(frozen=True)
class InternalError:
    """A bug met while building one file: reported for that file, and the batch goes on."""

    path: Path
    error: Exception


@dataclass
class BuildResult:
    written: list[Written] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # editorial: printed, never a failure
    failures: list[BriefingError] = field(default_factory=list)
    internal_errors: list[InternalError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.internal_errors


class Toolchain:
    """What one run reads once: the workspace's catalogs, templates, stylesheets, theme, and the printer."""

    def __init__(self, workspace: Workspace, resources: Resources | None = None) -> None:
        self.workspace = workspace
        self.resources = resources or packaged_resources()
        self.catalogs = CatalogSet(workspace, self.resources)
        theme_css = workspace.theme_file(THEME_STYLESHEET)
        self.stylesheets = [self.resources.stylesheet, *([theme_css] if theme_css else [])]
        template_dirs = [workspace.theme_templates] if workspace.theme_templates else []
        # Undecodable bytes are the printer's to report, with the file's name.
        palette = stylesheet_palette(path.read_text(encoding="utf-8", errors="replace") for path in self.stylesheets)
        self.renderer = Renderer([*template_dirs, self.resources.templates], palette)
        self.theme = self._theme()
        self._printer: Printer | None = None

    def _theme(self) -> ThemeSettings | None:
        settings = self.workspace.theme_file(THEME_SETTINGS)
        return None if settings is None else validate_theme(load_document(settings))

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
            css = [path.read_text(encoding="utf-8") for path in self.stylesheets]
            for family, used in missing_families(stylesheet_families(css)).items():
                remedy = f"install the `{NOTO_PACKAGE}` package" if family.startswith("Noto") else "install it"
                warnings.append(f"the font {family!r} is not installed and {used!r} prints in its place: {remedy}")
        return warnings

    def inline_css(self) -> str:
        return "\n".join(path.read_text(encoding="utf-8") for path in self.stylesheets)

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


def build(
    request: BuildRequest, toolchain: Toolchain, on_written: Callable[[Written], None] = lambda written: None
) -> BuildResult:
    """Build every edition of every requested briefing; failures are collected, not raised."""
    result = BuildResult()
    if request.strict and (warnings := toolchain.setup_warnings(request.format)):
        result.failures.append(InputError([Problem("--strict", None, None, "", warning) for warning in warnings]))
        return result
    if request.format == "pdf":
        try:
            toolchain.printer  # noqa: B018 - the stylesheets load once, and fail once, for the whole batch
        except BriefingError as error:
            result.failures.append(error)
            return result
    out_dir = request.out_dir or toolchain.workspace.output
    built_ids: dict[str, Path] = {}
    for path in request.files:
        try:
            _build_one(path, request, toolchain, out_dir, built_ids, result, on_written)
        except BriefingError as error:
            result.failures.append(error)
        except Exception as error:  # a bug: this file fails, the batch goes on
            result.internal_errors.append(InternalError(path, error))
    return result


def _build_one(
    path: Path,
    request: BuildRequest,
    toolchain: Toolchain,
    out_dir: Path,
    built_ids: dict[str, Path],
    result: BuildResult,
    on_written: Callable[[Written], None],
) -> None:
    document = load_document(path)
    briefing = validate_document(document, toolchain.catalogs.interface_languages())
    claim_id(document, briefing, built_ids)
    result.warnings += editorial_warnings(document, briefing)
    briefing, logo = toolchain.with_theme_defaults(briefing, document)
    for make in requested_editions(briefing, request.languages, request.pairs):
        try:
            written = _build_edition(document, briefing, make(toolchain.catalogs), logo, request, toolchain, out_dir)
        except BriefingError as error:
            result.failures.append(error)
            continue
        result.written.append(written)
        on_written(written)


def _build_edition(
    document: Document,
    briefing: Briefing,
    made: Printable,
    logo: Path | None,
    request: BuildRequest,
    toolchain: Toolchain,
    out_dir: Path,
) -> Written:
    if request.strict and (problems := [p for e in made.editions for p in strict_problems(document, e)]):
        raise InputError(problems)
    target = out_dir / f"{briefing.id}.{made.name}.{request.format}"
    # A data: URL names the image by its content, not by where the folder is: rebuilds stay identical.
    logo_url = data_url(logo) if logo is not None else None
    undrawn: list[Undrawn] = []
    if request.format == "html":
        html = made.html(toolchain.renderer, paper=request.paper, inline_css=toolchain.inline_css(), logo=logo_url)
        content, pages = html.encode("utf-8"), None
    else:
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
        pages = printed.pages
        undrawn = list(dict.fromkeys(item for edition in made.editions for item in _undrawn(edition, printed.undrawn)))
        if request.strict and undrawn:
            raise InputError([document.problem(item.location, item.message) for item in undrawn])
        attachments = _attachments(briefing, made, logo) if request.source else []
        content = finish_pdf(printed.pdf, Finishing(accessible, html, attachments, briefing.as_of))
    write_atomically(target, content)
    gaps = [gap for edition in made.editions for gap in edition.gaps]
    warnings = [warning for edition in made.editions for warning in edition.translation_warnings]
    unused = [item for edition in made.editions for item in edition.unused_translations]
    return Written(target, made.name, pages, gaps, warnings, undrawn, unused)


def _undrawn(edition: Edition, characters: frozenset[str]) -> list[Undrawn]:
    """The texts that hold characters no font drew, each with those characters in reading order."""
    if not characters:
        return []
    found = []
    for location, shown in edition.texts.items():
        if here := "".join(dict.fromkeys(c for c in shown.text if c in characters)):
            found.append(Undrawn(location, here))
    return found


def _attachments(briefing: Briefing, made: Printable, logo: Path | None) -> list[Attachment]:
    """The briefing file that rebuilds this edition (its texts inline), and the logo it names."""
    _ = made.editions[0].catalog.translations.gettext
    source = made.source(briefing, logo.name if logo is not None else None)
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
                filename=logo.name,
                data=logo.read_bytes(),
                mime_type=LOGO_MIME_TYPES[logo.suffix.lower()],
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
