"""What a build is asked for, the units of work it is made of, and what each unit gives back.

A *unit* is one output file and what it is made from: one edition of one
briefing (`output/x.sq.pdf` from `briefings/x.yaml` in Albanian), or a
bilingual edition (`x.en+sq.pdf`: the same briefing, two languages). The
manifest (`manifest`) records each unit's inputs by its output, the batch
(`batch`) decides which units are up to date and hands the others to the
builder (`build`), in this process or in worker processes.

Everything here is plain data, so that it pickles to and from a worker
process and reads back from the manifest: an outcome carries its warnings
as text, never the objects they came from. This module imports nothing
heavy: a build with nothing to do never loads the pipeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import BriefingError, Problem, display_path
from briefing.pipeline.vocabulary import OutputFormat, Paper, PdfKind, edition_name


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

    def options(self) -> dict[str, str | bool]:
        """The options that change an output's bytes or whether it may be written (not which outputs)."""
        return {
            "format": self.format,
            "paper": self.paper,
            "pdf": self.pdf,
            "source": self.source,
            "strict": self.strict,
        }


@dataclass(frozen=True)
class Unit:
    """One output, the briefing file it is made from, and the editions (languages) it shows."""

    output: Path
    briefing: Path
    languages: tuple[str, ...]

    @property
    def name(self) -> str:
        """The output's file name: its key in the manifest of its folder."""
        return self.output.name


def edition_units(
    briefing: Path,
    briefing_id: str,
    own_languages: Sequence[str],
    own_pairs: Sequence[Sequence[str]],
    request: BuildRequest,
    out_dir: Path,
) -> list[Unit]:
    """The units a briefing gives for a request, in order: one per edition, `<id>.<lang>.<format>`.

    A request that names editions (`--lang`, `--bilingual`) gets those alone;
    otherwise the briefing's own: its languages, then its bilingual pairs
    (`<id>.en+sq.<format>`). A new kind of output adds its units here (and
    the builder its recipe, `editions.printable`).
    """
    languages: Sequence[str] = request.languages
    pairs: Sequence[Sequence[str]] = request.pairs
    if not languages and not pairs:
        languages, pairs = own_languages, own_pairs
    return [
        Unit(out_dir / output_name(briefing_id, each, request.format), briefing, each)
        for each in editions_shown(languages, pairs)
    ]


def output_name(briefing_id: str, languages: Sequence[str], output_format: str) -> str:
    """`x.sq.pdf`, `x.en+sq.pdf`: the file name of an edition."""
    return f"{briefing_id}.{edition_name(languages)}.{output_format}"


def editions_shown(languages: Sequence[str], pairs: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    """The editions of these languages and bilingual pairs, in the order a build makes them: languages first.

    Each once: `--lang en --lang en` asks for one edition.
    """
    return list(dict.fromkeys([*((language,) for language in languages), *(tuple(pair) for pair in pairs)]))


@dataclass(frozen=True)
class Written:
    """A unit built: its output file, its page count (PDF), and its warnings as text without the file's name.

    For the manifest it also carries the digest of what it wrote and the
    fontconfig pattern of each face the PDF embeds.
    """

    unit: Unit
    pages: int | None
    notes: tuple[str, ...] = ()
    digest: str = ""
    faces: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        return self.unit.output


@dataclass(frozen=True)
class UpToDate:
    """A unit whose inputs have not changed since its output was written: nothing to do.

    `notes` are the warnings recorded when it was built, shown again as they still hold.
    """

    unit: Unit
    notes: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        return self.unit.output


Outcome = Written | UpToDate


@dataclass(frozen=True)
class Refused:
    """A unit that could not be built for a reason of the user's (a broken catalog, a full disk): its lines.

    `strict`: it could be built, but `--strict` does not let it out (drafts,
    gaps, doubtful translations, claims its sources do not hold).
    """

    unit: Unit
    lines: tuple[str, ...]
    strict: bool = False


@dataclass(frozen=True)
class InternalError:
    """A bug met while building one file: reported for that file, and the batch goes on."""

    path: Path
    kind: str  # the exception's type name
    message: str
    traceback: str  # shown with --debug

    @classmethod
    def of(cls, path: Path, error: BaseException) -> InternalError:
        import traceback

        return cls(path, type(error).__name__, str(error), "".join(traceback.format_exception(error)))

    @property
    def line(self) -> str:
        """What the user reads of it: one line, naming the file."""
        return (
            f"{display_path(self.path)}: internal error: {self.kind}: {self.message} "
            "(a bug in briefing; --debug shows the traceback)"
        )


class ReportedError(BriefingError):
    """A user-facing error met in a worker process, carried back as the lines it prints.

    `refused_output` is the output `--strict` kept from being written, when that is the reason.
    """

    def __init__(self, lines: Sequence[str], *, refused_output: Path | None = None) -> None:
        self.lines = tuple(lines)
        self.refused_output = refused_output
        super().__init__("\n".join(self.lines))

    def messages(self) -> list[str]:
        return list(self.lines)

    def __reduce__(self) -> tuple[type[ReportedError], tuple[tuple[str, ...]]]:
        return (ReportedError, (self.lines,))


@dataclass
class BuildResult:
    outcomes: list[Outcome] = field(default_factory=list)  # in the order of the request
    warnings: list[Problem] = field(default_factory=list)  # editorial: printed, never a failure
    failures: list[BriefingError] = field(default_factory=list)
    internal_errors: list[InternalError] = field(default_factory=list)

    @property
    def written(self) -> list[Written]:
        return [outcome for outcome in self.outcomes if isinstance(outcome, Written)]

    @property
    def ok(self) -> bool:
        return not self.failures and not self.internal_errors
