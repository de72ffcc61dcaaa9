"""The pipeline, run for each briefing and each of its editions.

This module owns the order of the stages and what a batch does when one
briefing is broken: every briefing is validated and all of its editions are
rendered in memory before any of its files is written, so a broken briefing
writes nothing and clobbers nothing, while the other briefings of the batch
are still built. It is free of Click: the CLI passes a request and a
callback that prints progress.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from briefing.catalogs import interface_languages, load_catalog, load_content_catalog
from briefing.errors import BriefingError, InputError, Problem, display_path
from briefing.loader import Document, load_document
from briefing.localize import Edition, Gap, TranslationWarning, localize
from briefing.output import write_atomically
from briefing.paths import OUTPUT_DIR
from briefing.pdf import STYLESHEET, FetchRefused, Printer
from briefing.render import Paper, render_html
from briefing.validate import validate_document

Format = Literal["pdf", "html"]


@dataclass(frozen=True)
class BuildRequest:
    files: Sequence[Path]
    languages: Sequence[str] = ()
    out_dir: Path = OUTPUT_DIR
    format: Format = "pdf"
    paper: Paper = "a4"
    strict: bool = False


@dataclass(frozen=True)
class Written:
    path: Path
    language: str
    pages: int | None
    gaps: list[Gap]
    translation_warnings: list[TranslationWarning]


@dataclass
class BuildResult:
    written: list[Written] = field(default_factory=list)
    failures: list[BriefingError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def build(request: BuildRequest, on_written: Callable[[Written], None] = lambda written: None) -> BuildResult:
    """Build every edition of every requested briefing; failures are collected, not raised."""
    result = BuildResult()
    languages = interface_languages()
    printer = None
    inline_css = STYLESHEET.read_text(encoding="utf-8") if request.format == "html" else None
    for path in request.files:
        try:
            document = load_document(path)
            briefing = validate_document(document, languages)
            editions = [
                localize(briefing, load_catalog(language), load_content_catalog(briefing.id, language))
                for language in request.languages or briefing.languages
            ]
            if request.strict:
                problems = [problem for edition in editions for problem in strict_problems(document, edition)]
                if problems:
                    raise InputError(problems)
            logo = (path.parent / briefing.logo).resolve().as_uri() if briefing.logo else None
            outputs: list[tuple[bytes, Written]] = []
            for edition in editions:
                target = request.out_dir / f"{briefing.id}.{edition.language}.{request.format}"
                if request.format == "html":
                    html = render_html(edition, paper=request.paper, inline_css=inline_css, logo=logo)
                    content, pages = html.encode("utf-8"), None
                else:
                    if printer is None:
                        printer = Printer()
                    html = render_html(edition, paper=request.paper, logo=logo)
                    try:
                        content, pages = printer.print_pdf(
                            html, base_dir=path.parent, identifier=f"{briefing.id}/{edition.language}"
                        )
                    except FetchRefused as refused:
                        raise FetchRefused(f"{display_path(path)}: {refused}") from None
                written = Written(target, edition.language, pages, edition.gaps, edition.translation_warnings)
                outputs.append((content, written))
            for content, written in outputs:
                write_atomically(written.path, content)
                result.written.append(written)
                on_written(written)
        except BriefingError as error:
            result.failures.append(error)
    return result


_GAP_REASONS = {
    "untranslated": "",
    "fuzzy": " (its translation is marked fuzzy: review it)",
    "outdated": " (its translation is of an older source text)",
}


def strict_problems(document: Document, edition: Edition) -> list[Problem]:
    """Why an edition may not be distributed under --strict: every gap and doubtful translation."""
    language = edition.language
    problems = [
        document.problem(gap.location, f"not translated into '{language}'{_GAP_REASONS.get(gap.reason, '')}")
        for gap in edition.gaps
    ]
    problems += [
        document.problem(warning.location, f"'{language}' translation: {warning.message}")
        for warning in edition.translation_warnings
    ]
    return problems
