"""The command line: parse options, call the pipeline, print what happened.

Thin on purpose: every decision lives in the stage modules. A BriefingError
(a problem with the user's input or folders) is printed as clean lines on
stderr with exit status 2; any other exception is a bug and keeps its
traceback. Nothing here imports WeasyPrint, so `check`, `schema` and
`--help` start fast.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefing import __version__
from briefing.errors import BriefingError, display_path

if TYPE_CHECKING:
    from briefing.model import Briefing

EXIT_INPUT = 2
_GAP_NOTES = {"fuzzy": " (fuzzy)", "outdated": " (outdated)"}


def _fail(errors: Sequence[BriefingError]) -> None:
    for error in errors:
        for line in error.messages():
            click.echo(line, err=True)
    sys.exit(EXIT_INPUT)


def _files_or_default(files: tuple[Path, ...]) -> list[Path]:
    from briefing.loader import discover_briefings
    from briefing.paths import BRIEFINGS_DIR

    return list(files) if files else discover_briefings(BRIEFINGS_DIR)


class _Commands(click.Group):
    """Turns a BriefingError from any command into clean lines on stderr and exit status 2."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BriefingError as error:
            _fail([error])


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing")
def main() -> None:
    """Turn briefing files (YAML) into printable, multilingual briefing PDFs."""


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--lang",
    "-l",
    "languages",
    multiple=True,
    metavar="LANG",
    help="Edition to build (repeatable); default: the briefing's `languages`.",
)
@click.option(
    "--out",
    "-o",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("output"),
    show_default=True,
    help="Folder for the outputs.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["pdf", "html"]),
    default="pdf",
    show_default=True,
    help="Output format.",
)
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True, help="Paper size.")
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse to write an edition with any text untranslated, fuzzy or outdated, or any doubtful translation.",
)
def build(
    files: tuple[Path, ...], languages: tuple[str, ...], out_dir: Path, output_format: str, paper: str, strict: bool
) -> None:
    """Build FILES (default: every briefing in briefings/) into OUT/<id>.<lang>.pdf."""
    from briefing.build import BuildRequest, Written
    from briefing.build import build as run_build

    paths = _files_or_default(files)

    def report(written: Written) -> None:
        pages = f" ({written.pages} pages)" if written.pages is not None else ""
        click.echo(f"wrote {display_path(written.path)}{pages}")
        shown = display_path(written.path)
        if written.gaps:
            fields = ", ".join(gap.field + _GAP_NOTES.get(gap.reason, "") for gap in written.gaps)
            click.echo(
                f"warning: {shown}: {len(written.gaps)} text(s) not translated into '{written.language}', shown in the source language: {fields}",
                err=True,
            )
        for warning in written.translation_warnings:
            click.echo(
                f"warning: {shown}: {warning.field}: '{written.language}' translation: {warning.message}", err=True
            )

    request = BuildRequest(paths, languages, out_dir, output_format, paper, strict)  # type: ignore[arg-type]
    result = run_build(request, report)
    if not result.ok:
        _fail(result.failures)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
def check(files: tuple[Path, ...]) -> None:
    """Validate FILES (default: every briefing in briefings/) without rendering."""
    from briefing.catalogs import interface_languages
    from briefing.validate import check_files

    paths = _files_or_default(files)
    briefings, failures = check_files(paths, interface_languages())
    for briefing in briefings:
        click.echo(f"ok {briefing.id} ({', '.join(briefing.languages)})")
    if failures:
        _fail(failures)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the briefing format."""
    from briefing.schema import json_schema

    click.echo(json_schema(), nl=False)


@main.group()
def i18n() -> None:
    """Catalogs for translators: locales/<lang>/LC_MESSAGES/*.po (see TRANSLATING.md)."""


def _valid_briefings(files: tuple[Path, ...]) -> list[Briefing]:
    from briefing.validate import check_files

    paths = _files_or_default(files)
    # A language without catalogs yet is what these commands are for.
    briefings, failures = check_files(paths, None)
    if failures:
        _fail(failures)
    return briefings


def _report(paths: list[Path], verb: str) -> None:
    for path in paths:
        click.echo(f"{verb} {display_path(path)}")


@i18n.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
def extract(files: tuple[Path, ...]) -> None:
    """Write locales/messages.pot (interface) and locales/<id>.pot for each briefing."""
    from briefing import i18n as workflow

    _report(workflow.extract(_valid_briefings(files)), "wrote")


@i18n.command()
@click.argument("language")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
def init(language: str, files: tuple[Path, ...]) -> None:
    """Start the catalogs of LANGUAGE (interface and each briefing) from the templates."""
    from briefing import i18n as workflow

    created = workflow.init(language, _valid_briefings(files))
    if not created:
        click.echo(f"the catalogs of '{language}' exist already; `briefing i18n update` refreshes them")
    _report(created, "created")


@i18n.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
def update(files: tuple[Path, ...]) -> None:
    """Merge the templates into every catalog: changed texts become fuzzy, removed ones obsolete."""
    from briefing import i18n as workflow

    written = workflow.update(_valid_briefings(files))
    _report(written, "updated")


@i18n.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
def stats(files: tuple[Path, ...]) -> None:
    """How much of each catalog is translated, per language, against the current texts."""
    from briefing import i18n as workflow

    rows = workflow.stats(_valid_briefings(files))
    click.echo(workflow.format_stats(rows))
