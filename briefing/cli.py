"""The command line: parse options, call the pipeline, print what happened.

Thin on purpose: every decision lives in the stage modules. A BriefingError
(a problem with the user's input or folders) is printed as clean lines on
stderr with exit status 2; a bug met while building one file of a batch is
reported for that file in one line (the traceback with --debug) with exit
status 1, after the rest of the batch is built; any other exception is a
bug and keeps its traceback. Nothing here imports WeasyPrint, so `check`,
`schema` and `--help` start fast. Every line printed goes through
`terminal_safe`: no text from a file reaches the terminal raw.
"""

from __future__ import annotations

import shlex
import shutil
import signal
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn, cast

import click
from click.core import ParameterSource

from briefing import __version__
from briefing.errors import BriefingError, Problem, TerminalSafeStream, display_path, terminal_safe
from briefing.pipeline.vocabulary import OUTPUT_FORMATS, PAPERS, PDF_KINDS

if TYPE_CHECKING:
    from briefing.pipeline.model import Briefing
    from briefing.pipeline.units import BuildResult, Outcome
    from briefing.translation.catalogs import CatalogSet
    from briefing.translation.workflow import Loaded
    from briefing.workspace import Workspace

EXIT_INPUT = 2
EXIT_INTERNAL = 1
EXIT_FINDINGS = 1  # `briefing verify`: the briefing does not hold to its sources
EXIT_TERMINATED = 128 + 15


class Terminated(KeyboardInterrupt):
    """SIGTERM during a build: stopped as Ctrl-C stops it (workers ended, manifest saved), exit 143."""


def _terminate(_signal: int, _frame: object) -> None:
    raise Terminated


def say(line: str, *, err: bool = False) -> None:
    click.echo(terminal_safe(line), err=err)


def _fail(errors: Sequence[BriefingError]) -> NoReturn:
    for error in errors:
        for line in error.messages():
            say(line, err=True)
    sys.exit(EXIT_INPUT)


@dataclass
class Session:
    """The global options, and the workspace they select (found when a command first needs it)."""

    workspace_option: Path | None
    debug: bool
    _workspace: Workspace | None = None

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            from briefing.workspace import find_workspace

            self._workspace = find_workspace(self.workspace_option)
        return self._workspace

    def files(self, files: tuple[Path, ...]) -> list[Path]:
        from briefing.workspace import discover_briefings

        return list(files) if files else discover_briefings(self.workspace.briefings)


class _Commands(click.Group):
    """Turns a BriefingError from any command into clean lines on stderr and exit status 2.

    Click's own usage errors quote what was typed (`No such option: ...`); Click
    prints them (`ClickException.show`) into a stream that writes through
    `terminal_safe`, so an argument cannot carry escape sequences to the terminal.
    """

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BriefingError as error:
            _fail([error])

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.ClickException as error:
            # Click prints its own way (a group called without a command shows its help);
            # what the user typed reaches the terminal only through `terminal_safe`.
            stderr = TerminalSafeStream(sys.stderr)
            error.show(file=cast("IO[Any]", stderr))
            sys.exit(error.exit_code)
        except click.Abort as error:
            if isinstance(error.__cause__, Terminated):
                sys.exit(EXIT_TERMINATED)  # as a shell reports a process SIGTERM ended
            click.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _check_languages(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    from briefing.pipeline.vocabulary import check_language

    for value in values:
        try:
            check_language(value)
        except ValueError as error:
            raise click.BadParameter(terminal_safe(str(error))) from None
    return values


def _check_pairs(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    from briefing.pipeline.vocabulary import parse_language_pair

    try:
        return tuple(parse_language_pair(value) for value in values)
    except ValueError as error:
        raise click.BadParameter(terminal_safe(str(error))) from None


FILES = click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--workspace",
    "-w",
    "workspace_option",
    type=click.Path(path_type=Path, file_okay=False),
    envvar="BRIEFING_WORKSPACE",
    help="Workspace folder [default: the nearest folder upward with briefings/].",
)
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
@click.version_option(__version__, prog_name="briefing")
@click.pass_context
def main(ctx: click.Context, workspace_option: Path | None, debug: bool) -> None:
    """Turn briefing files (YAML) into printable, multilingual briefing PDFs."""
    ctx.obj = Session(workspace_option, debug)


@main.command(short_help="Build PDFs (or Word files, HTML) of briefings.")
@FILES
@click.option(
    "--lang",
    "-l",
    "languages",
    multiple=True,
    metavar="LANG",
    callback=_check_languages,
    help="Edition to build (repeatable) [default: each briefing's `languages` and `bilingual`].",
)
@click.option(
    "--bilingual",
    "pairs",
    multiple=True,
    metavar="LANG+LANG",
    callback=_check_pairs,
    help="Bilingual edition to build, e.g. en+sq: each item in both languages side by side (repeatable).",
)
@click.option(
    "--out",
    "-o",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the outputs [default: output/ of the workspace].",
)
@click.option(
    "--format",
    "output_formats",
    type=click.Choice(OUTPUT_FORMATS),
    multiple=True,
    help="Output format (repeatable: --format pdf --format docx) "
    "[default: the `formats` of the workspace's theme/theme.yaml, else pdf].",
)
@click.option("--paper", type=click.Choice(PAPERS), default="a4", show_default=True, help="Paper size.")
@click.option(
    "--pdf",
    "pdf_kind",
    type=click.Choice(PDF_KINDS),
    default="accessible",
    show_default=True,
    help="accessible: tagged PDF/UA-1 and PDF/A-3a; plain: untagged, smaller and faster (docs/accessibility.md).",
)
@click.option(
    "--source/--no-source",
    default=True,
    show_default=True,
    help="Attach the briefing file (and logo) that rebuilds each PDF; `briefing unpack` extracts them.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse an edition with any text untranslated, fuzzy or outdated, any doubtful translation, "
    "or any claim its archived sources do not bear (`briefing verify`).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    envvar="BRIEFING_JOBS",
    show_envvar=True,
    help="Editions built at once, in worker processes [default: the number of CPUs].",
)
@click.option("--force", is_flag=True, help="Build every output, even those whose inputs have not changed.")
@click.pass_obj
def build(
    session: Session,
    files: tuple[Path, ...],
    languages: tuple[str, ...],
    pairs: tuple[tuple[str, str], ...],
    out_dir: Path | None,
    output_formats: tuple[str, ...],
    paper: str,
    pdf_kind: str,
    source: bool,
    strict: bool,
    jobs: int | None,
    force: bool,
) -> None:
    """Build FILES (default: every briefing in the workspace's briefings/) into OUT/<id>.<lang>.pdf.

    A bilingual edition, `--bilingual en+sq`, is written to OUT/<id>.en+sq.pdf. `--format docx` writes
    Word files instead (docs/word.md), `--format html` self-contained web pages (docs/web.md); `--format pdf --format docx` both,
    as `formats: [pdf, docx]` in theme/theme.yaml does by default. An output whose inputs have not
    changed since it was written is left as it is (`up to date`).
    """
    from briefing.pipeline.batch import ThemeFile, default_formats, run_formats, worker_count
    from briefing.pipeline.units import BuildRequest

    paths = session.files(files)
    theme = ThemeFile(session.workspace)
    formats = output_formats or default_formats(theme)
    request = BuildRequest(
        paths,
        languages,
        out_dir,
        formats[0],  # type: ignore[arg-type]
        paper,  # type: ignore[arg-type]
        strict,
        pdf=pdf_kind,  # type: ignore[arg-type]
        source=source,
        pairs=pairs,
    )
    # `kill`, a service manager or a CI timeout stops a build as Ctrl-C does, not half way.
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        from_environment = click.get_current_context().get_parameter_source("jobs") == ParameterSource.ENVIRONMENT
        workers, capped = worker_count(jobs, f"BRIEFING_JOBS={jobs}" if from_environment else None)
        if capped is not None:
            say(f"warning: {capped}", err=True)
        with _BuildReport(len(paths)) as report:
            result = run_formats(
                request,
                formats,  # type: ignore[arg-type]
                session.workspace,
                report,
                jobs=workers,
                force=force,
                theme=theme,
            )
    finally:
        signal.signal(signal.SIGTERM, previous)
    _finish(result, session.debug)


class _ProgressLine:
    """The last line of a batch on a terminal: `building  [####------]  3/10  name.yaml`.

    Drawn again in place (carriage return, erase line) after each printed line
    and each step, cut to the terminal's width so that it never wraps.
    """

    WIDTH = 36

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.current = ""

    def draw(self) -> None:
        filled = self.WIDTH * self.done // self.total
        line = f"building  [{'#' * filled}{'-' * (self.WIDTH - filled)}]  {self.done}/{self.total}  {self.current}"
        columns = shutil.get_terminal_size().columns
        click.echo("\r\x1b[K\x1b[?25l" + line[: max(columns - 1, 0)], nl=False)  # the cursor is hidden under it

    @staticmethod
    def wipe() -> None:
        click.echo("\r\x1b[K", nl=False)


class _BuildReport:
    """One line per output, in the order asked; on a terminal, a progress line under them for a batch.

    Piped, the output is only the lines, one per file: scripts read them.
    """

    def __init__(self, total: int) -> None:
        self.bar = _ProgressLine(total) if total > 1 and sys.stdout.isatty() else None
        self.noted: dict[str, str] = {}  # each warning said, and the output it was said for

    def __enter__(self) -> _BuildReport:
        if self.bar is not None:
            self.bar.draw()
        return self

    def __exit__(self, *_: object) -> None:
        if self.bar is not None:
            self.bar.wipe()
            click.echo("\x1b[?25h", nl=False)  # the cursor comes back

    def notice(self, line: str) -> None:
        self._say(line, err=True)

    def outcome(self, outcome: Outcome) -> None:
        from briefing.pipeline.units import Written

        shown = display_path(outcome.path)
        if isinstance(outcome, Written):
            pages = "" if outcome.pages is None else f" ({outcome.pages} page{'s' if outcome.pages != 1 else ''})"
            self._say(f"wrote {shown}{pages}")
        else:
            self._say(f"up to date: {shown}")
        for note in outcome.notes:
            first, *more = note.split("\n")  # a note's further lines are indented: one place each
            if (earlier := self.noted.get(note)) is not None:
                # The bilingual edition shows the Albanian edition's gaps again: said once.
                self._say(f"warning: {shown}: {first.rstrip(':')}, as listed for {earlier}", err=True)
                continue
            self.noted[note] = shown
            self._say(f"warning: {shown}: {first}", err=True)
            for line in more:
                self._say(line, err=True)

    def progress(self, done: int, total: int, current: Path | None) -> None:
        if self.bar is not None:
            self.bar.done, self.bar.total = done, total
            self.bar.current = terminal_safe(current.name) if current is not None else ""
            self.bar.draw()

    def _say(self, line: str, *, err: bool = False) -> None:
        if self.bar is None:
            say(line, err=err)
            return
        self.bar.wipe()  # the line goes where the bar was, and the bar below it
        say(line, err=err)
        self.bar.draw()


def _warn(problems: Sequence[Problem]) -> None:
    """Editorial warnings: on stderr, each located in its file; they never change the exit status."""
    for item in problems:
        say(f"warning: {item}", err=True)


def _failure_lines(failures: Sequence[BriefingError]) -> list[str]:
    """What the failures say, each thing once.

    A problem every edition meets (a theme template's syntax) is said once. An
    edition `--strict` refused is named above its reasons; another refused for
    the same reasons (the bilingual edition shares the Albanian one's) is named
    in one line.
    """
    from briefing.pipeline.units import ReportedError

    lines: list[str] = []
    refused_for: dict[tuple[str, ...], Path] = {}
    for error in failures:
        reasons = tuple(error.messages())
        refused = error.refused_output if isinstance(error, ReportedError) else None
        if refused is None:
            lines += reasons
        elif (earlier := refused_for.get(reasons)) is not None:
            lines.append(
                f"{display_path(refused)}: not written (--strict), for the reasons given for {display_path(earlier)}"
            )
        else:
            refused_for[reasons] = refused
            lines += [f"{display_path(refused)}: not written (--strict):", *reasons]
    return list(dict.fromkeys(lines))


def _finish(result: BuildResult, debug: bool) -> None:
    _warn(result.warnings)
    for line in _failure_lines(result.failures):
        say(line, err=True)
    for internal in result.internal_errors:
        say(internal.line, err=True)
        if debug:
            click.echo(internal.traceback, err=True)
    if result.internal_errors:
        sys.exit(EXIT_INTERNAL)
    if result.failures:
        sys.exit(EXIT_INPUT)


@main.command(short_help="Validate briefings without rendering.")
@FILES
@click.pass_obj
def check(session: Session, files: tuple[Path, ...]) -> None:
    """Validate FILES (default: every briefing in the workspace) without rendering.

    Also warns where a briefing breaks a mechanical editorial rule (docs/editorial.md);
    warnings do not change the exit status.
    """
    from briefing.pipeline.editorial import reviewed_translations
    from briefing.pipeline.units import editions_shown
    from briefing.pipeline.validate import check_files
    from briefing.pipeline.vocabulary import edition_name
    from briefing.translation.catalogs import CatalogSet, catalog_path
    from briefing.workspace import packaged_resources

    catalogs = CatalogSet(session.workspace, packaged_resources())
    checked = check_files(
        session.files(files),
        catalogs.interface_languages(),
        lambda briefing: reviewed_translations(briefing, catalogs),
    )
    failures = list(checked.failures)
    reported = {tuple(error.messages()) for error in failures}
    for briefing in checked.briefings:
        # A broken catalog is reported once, however many briefings read it.
        broken = catalogs.failures(briefing.id, briefing.languages)
        failures += [error for error in broken if tuple(error.messages()) not in reported]
        reported |= {tuple(error.messages()) for error in broken}
        if broken:
            continue
        editions = [edition_name(each) for each in editions_shown(briefing.languages, briefing.bilingual)]
        say(f"ok {briefing.id} ({', '.join(editions)})")
        for language in _languages_without_catalog(catalogs, briefing):
            path = catalog_path(session.workspace.locales, language, briefing.id)
            say(f"  {language}: no catalog yet ({display_path(path)}); `briefing i18n update` creates it")
    _warn(checked.warnings)
    if failures:
        _fail(failures)


def _languages_without_catalog(catalogs: CatalogSet, briefing: Briefing) -> list[str]:
    """The languages of a briefing besides its own that have neither a catalog nor every text inline."""
    from briefing.pipeline.texts import walk_texts
    from briefing.pipeline.vocabulary import base_language

    missing = []
    texts = [slot.text for slot in walk_texts(briefing) if not slot.text.invariant]
    for language in sorted({base_language(lang) for lang in briefing.languages} - {base_language(briefing.language)}):
        if catalogs.content_path(briefing.id, language) is not None:
            continue
        if any(text.get(language, briefing.language) is None for text in texts):
            missing.append(language)
    return missing


@main.command(short_help="Take the briefing file out of a PDF.")
@click.argument("pdf_file", metavar="FILE.pdf", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--out",
    "-o",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
    help="Folder to write into [default: here].",
)
def unpack(pdf_file: Path, out_dir: Path) -> None:
    """Write the briefing file FILE.pdf carries (and its logo) into OUT; `briefing build` of it rebuilds FILE.pdf."""
    from briefing.finishing.unpack import unpack as unpack_files

    written, ignored = unpack_files(pdf_file, out_dir)
    for path in written:
        say(f"wrote {display_path(path)}")
    if ignored:
        files = "file" if ignored == 1 else "files"
        say(
            f"warning: {display_path(pdf_file)}: left {ignored} other attached {files} in the PDF "
            "(briefing attaches only the briefing file and its logo)",
            err=True,
        )
    say(f"next: briefing build {shlex.quote(display_path(written[0]))} --out {shlex.quote(display_path(out_dir))}")


@main.command(short_help="Print the JSON Schema of the format.")
def schema() -> None:
    """Print the JSON Schema of the briefing format."""
    from briefing.pipeline.model import json_schema

    click.echo(json_schema(), nl=False)


@main.command("init", short_help="Start a workspace with an example.")
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False), default=Path("."))
def init_workspace(folder: Path) -> None:
    """Start a workspace in FOLDER (default: here): an example briefing, its Albanian catalog, a README."""
    from briefing.workspace import create_workspace, packaged_resources

    created = create_workspace(folder, packaged_resources())
    for path in created:
        say(f"created {display_path(path)}")
    where = "" if folder.absolute() == Path.cwd() else f"cd {shlex.quote(display_path(folder))} && "
    say(f"next: {where}briefing build")


@main.command(short_help="Preview a briefing in the browser, live.")
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port on 127.0.0.1 [default: a free one].")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default web browser.")
@click.pass_obj
def preview(session: Session, file: Path | None, port: int, open_browser: bool) -> None:
    """Serve FILE (default: the workspace's only briefing) on 127.0.0.1 as a page that reloads on every save."""
    from briefing.preview import only_briefing, serve

    serve(
        session.workspace,
        file or only_briefing(session.files(())),
        port=port,
        open_browser=open_browser,
        report=say,
        report_problem=lambda line: say(line, err=True),
        debug=session.debug,
    )


@main.command("new", short_help="Start a briefing from a commented skeleton.")
@click.argument("identifier", metavar="ID", callback=lambda ctx, param, value: _check_id(value))
@click.option("--title", default="Title of the briefing", show_default=True, help="Its title.")
@click.option(
    "--language",
    default="en",
    show_default=True,
    callback=lambda ctx, param, value: _check_languages(ctx, param, (value,))[0],
    help="The language you write it in.",
)
@click.pass_obj
def new_briefing(session: Session, identifier: str, title: str, language: str) -> None:
    """Write briefings/ID.yaml, a commented briefing with one item of each kind, and its catalogs.

    Its editions are its own language and every other language the workspace
    or the tool has an interface catalog for.
    """
    import datetime as dt

    from briefing.pipeline.load import load_document
    from briefing.pipeline.validate import validate_document
    from briefing.pipeline.vocabulary import base_language
    from briefing.translation import workflow
    from briefing.workspace import packaged_resources, write_new_briefing

    catalogs = _catalogs(session)
    others = sorted({base_language(lang) for lang in catalogs.interface_languages()} - {base_language(language)})
    path = write_new_briefing(
        session.workspace,
        packaged_resources(),
        identifier,
        title=title,
        language=language,
        languages=[language, *others],
        today=dt.date.today(),
    )
    say(f"created {display_path(path)}")
    document = load_document(path)
    created = workflow.start_catalogs(catalogs, (document, validate_document(document, None)))
    for catalog in created:
        say(f"created {display_path(catalog)}")
    say(f"next: write your briefing in {display_path(path)} (docs/format.md describes every field);")
    for catalog in created:
        say(f"      translate {display_path(catalog)} (TRANSLATING.md);")
    say(f"      then: briefing build {display_path(path)} --strict")


@main.command("draft", short_help="Draft a briefing from archived articles.")
@click.argument("sources", metavar="SOURCE...", nargs=-1, required=True)
@click.option(
    "--id", "identifier", required=True, callback=lambda ctx, param, value: _check_id(value), help="The briefing's id."
)
@click.option(
    "--language",
    default=None,
    callback=lambda ctx, param, value: value if value is None else _check_languages(ctx, param, (value,))[0],
    help="The briefing's language [default: its sources'].",
)
@click.option("--replace", is_flag=True, help="Draft over an existing briefings/ID.yaml.")
@click.pass_obj
def draft(session: Session, sources: tuple[str, ...], identifier: str, language: str | None, replace: bool) -> None:
    """Write briefings/ID.yaml, a draft of the articles SOURCE...: its statements, speakers and sources.

    A SOURCE is the id of an archived source (sources/ID.txt), or a saved page,
    a text file or a URL, which is archived first as `briefing source add`
    does. Every drafted item is marked `draft` with a note for the editor, and
    `briefing build --strict` refuses the file until each mark is removed.
    """
    import datetime as dt

    from briefing.drafting.workspace import draft_in_workspace
    from briefing.pipeline.load import load_document
    from briefing.pipeline.validate import validate_document
    from briefing.translation import workflow

    catalogs = _catalogs(session)
    written = draft_in_workspace(
        sources,
        session.workspace,
        briefing_id=identifier,
        language=language,
        replace=replace,
        interface_languages=catalogs.interface_languages(),
        now=dt.datetime.now(dt.UTC),
    )
    for path in written.archived:
        say(f"archived {path}")
    for note in written.drafted.notes:
        say(f"note: {note}", err=True)
    say(f"drafted {display_path(written.path)}")
    document = load_document(written.path)
    for catalog in workflow.start_catalogs(catalogs, (document, validate_document(document, None))):
        say(f"created {display_path(catalog)}")
    say(f"next: review it in `briefing preview {display_path(written.path)}`, remove each `draft` mark you checked;")
    say(f"      then: briefing build {display_path(written.path)} --strict")


def _check_id(value: str) -> str:
    from pydantic import TypeAdapter, ValidationError

    from briefing.pipeline.model import Identifier

    try:
        return TypeAdapter(Identifier).validate_python(value)
    except ValidationError as error:
        raise click.BadParameter(terminal_safe(str(error.errors()[0]["ctx"]["error"]))) from None


@main.command(short_help="Check briefings against their archived sources.")
@FILES
@click.pass_obj
def verify(session: Session, files: tuple[Path, ...]) -> None:
    """Check FILES (default: every briefing in the workspace) against the archives in sources/.

    Every quote must be word for word in its source, every evidence passage in its archive,
    every figure's number and every date in its passage, every statement credited to the party
    its passage gives as the speaker. Exit status: 0 when all holds, 1 with findings,
    2 for a file that cannot be read. Items without evidence are warnings.
    """
    from briefing.evidence.check import verify_files

    result = verify_files(session.files(files), session.workspace.sources)
    for checked in result.briefings:
        held = checked.checked
        against = ", ".join(f"sources/{source_id}.txt" for source_id in held.archives) or "no archived source"
        counts = f"{held.passages} passage{'s' if held.passages != 1 else ''}, {held.quotes} quote{'s' if held.quotes != 1 else ''} against {against}"
        if checked.errors:
            say(f"{checked.briefing.id}: {checked.errors} finding{'s' if checked.errors != 1 else ''} ({counts})")
        else:
            say(f"ok {checked.briefing.id} ({counts})")
    for item in result.errors:
        say(str(item), err=True)
    _warn(result.warnings)
    if result.failures:
        _fail(result.failures)
    if result.errors:
        sys.exit(EXIT_FINDINGS)


@main.group(short_help="Archive the articles a briefing is checked against.")
def source() -> None:
    """Archived sources: sources/<id>.txt, the text `briefing verify` holds a briefing to (docs/format.md)."""


@source.command("add", short_help="Archive an article: a URL, a saved page or a text file.")
@click.argument("spec", metavar="URL-OR-FILE")
@click.option("--id", "source_id", metavar="ID", help="Its id [default: from the outlet, the title or the file name].")
@click.option(
    "--to",
    "briefing_file",
    metavar="BRIEFING",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Add or complete its entry in this briefing's `sources:`.",
)
@click.option("--replace", is_flag=True, help="Archive it even where sources/ID.txt holds another text.")
@click.pass_obj
def source_add(session: Session, spec: str, source_id: str | None, briefing_file: Path | None, replace: bool) -> None:
    """Archive the article at URL-OR-FILE as sources/ID.txt: its main text, with its URL, outlet, title,
    language, dates and the SHA-256 of the text.

    A URL (http or https only) is the one thing the tool ever fetches: at most 10 MiB, within 20 seconds.
    A saved page (.html) gives its main text without menus, comments or ads; a text file is kept as it is.
    """
    from briefing.sources.add import add_source

    added = add_source(spec, session.workspace, source_id=source_id, briefing=briefing_file, replace=replace)
    shown = display_path(added.saved.path)
    about = ", ".join(
        part
        for part in (added.source.outlet, added.source.published_text, f"{len(added.source.text):,} characters")
        if part
    )
    say(
        f"unchanged: {shown} (this text is archived there already)"
        if added.saved.unchanged
        else f"archived {shown} ({about})"
    )
    if added.briefing is not None:
        where = display_path(added.briefing)
        if added.entry_added:
            say(f"added the source '{added.source.id}' to {where}")
        elif added.fields_filled:
            say(f"completed the source '{added.source.id}' in {where}: {', '.join(added.fields_filled)}")
        else:
            say(f"the source '{added.source.id}' in {where} is complete already")
    say(f'next: give items their evidence (source: {added.source.id}, passage: "..."), then `briefing verify`')


@main.group(short_help="Catalogs for translators.")
def i18n() -> None:
    """Catalogs for translators: locales/<lang>/LC_MESSAGES/*.po (see TRANSLATING.md)."""


def _valid_briefings(session: Session, files: tuple[Path, ...]) -> list[Loaded]:
    from briefing.errors import InputError
    from briefing.pipeline.load import load_document
    from briefing.pipeline.validate import claim_id, validate_document

    loaded: list[Loaded] = []
    failures: list[BriefingError] = []
    claimed: dict[str, Path] = {}
    for path in session.files(files):
        try:
            document = load_document(path)
            # A language without catalogs yet is what these commands are for.
            briefing = validate_document(document, None)
            claim_id(document, briefing, claimed)
            loaded.append((document, briefing))
        except InputError as error:
            failures.append(error)
    if failures:
        _fail(failures)
    return loaded


def _catalogs(session: Session) -> CatalogSet:
    from briefing.translation.catalogs import CatalogSet
    from briefing.workspace import packaged_resources

    return CatalogSet(session.workspace, packaged_resources())


@i18n.command(short_help="Write the templates (.pot).")
@FILES
@click.pass_obj
def extract(session: Session, files: tuple[Path, ...]) -> None:
    """Write locales/messages.pot (interface) and locales/<id>.pot for each briefing."""
    from briefing.translation import workflow

    written = workflow.extract(_catalogs(session), _valid_briefings(session, files))
    for template in written:
        say(f"{'created' if template.created else 'updated'} {display_path(template.path)}")
    if not written:
        say("the templates are current")


@i18n.command("init", short_help="Start a language's catalogs.")
@click.argument("language", callback=lambda ctx, param, value: _check_languages(ctx, param, (value,))[0])
@FILES
@click.pass_obj
def init_language(session: Session, language: str, files: tuple[Path, ...]) -> None:
    """Start the catalogs of LANGUAGE in the workspace: the interface's and each briefing's."""
    from briefing.translation import workflow

    created = workflow.init(language, _catalogs(session), _valid_briefings(session, files))
    if not created:
        say(f"the catalogs of '{language}' exist already; `briefing i18n update` refreshes them")
    for path in created:
        say(f"created {display_path(path)}")


@i18n.command(short_help="Merge the current texts into every catalog.")
@FILES
@click.option(
    "--purge", is_flag=True, help="Also drop the translations of removed texts, which are otherwise kept as obsolete."
)
@click.pass_obj
def update(session: Session, files: tuple[Path, ...], purge: bool) -> None:
    """Merge the current texts into every catalog: new texts empty, changed ones fuzzy.

    A removed text's translation is kept as obsolete (`#~`) for reuse; one never
    translated is dropped. --purge drops them all.
    """
    from briefing.translation import workflow

    for written in workflow.update(_catalogs(session), _valid_briefings(session, files), purge=purge):
        say(f"{'created' if written.created else 'updated'} {display_path(written.path)}")


@i18n.command(short_help="List every entry still to translate.")
@click.argument("language", required=False)
@click.argument("briefing_id", metavar="[ID]", required=False)
@click.pass_obj
def todo(session: Session, language: str | None, briefing_id: str | None) -> None:
    """List what is left to translate, one entry a line, in file order: LANGUAGE (default: all), briefing ID.

    Each line gives the catalog, the line of the entry, why it is to do
    (untranslated, fuzzy: to review, outdated: a translation of an older
    text), where the text is used, and the source text. The entries are the
    ones `briefing i18n stats` counts as fuzzy or untranslated.
    """
    from briefing.pipeline.vocabulary import check_language
    from briefing.translation import workflow

    loaded = _valid_briefings(session, ())
    ids = {briefing.id for _document, briefing in loaded}
    if language is not None and briefing_id is None and language in ids:
        language, briefing_id = None, language  # `todo ID`: the id of a briefing, not a language
    if language is not None:
        try:
            check_language(language)
        except ValueError as error:
            raise click.BadParameter(terminal_safe(str(error)), param_hint="LANGUAGE") from None
    if briefing_id is not None:
        if briefing_id not in ids:
            raise click.BadParameter(f"no briefing with id '{briefing_id}' in this workspace", param_hint="ID")
        loaded = [item for item in loaded if item[1].id == briefing_id]
    items = workflow.todo(_catalogs(session), loaded, language)
    for item in items:
        say(str(item))
    if not items:
        say("nothing to translate: every catalog is complete")


@i18n.command(short_help="How much of each catalog is translated.")
@FILES
@click.pass_obj
def stats(session: Session, files: tuple[Path, ...]) -> None:
    """How much of each catalog is translated, per language, against the current texts."""
    from briefing.translation import workflow

    rows = workflow.stats(_catalogs(session), _valid_briefings(session, files))
    click.echo(workflow.format_stats(rows))
