"""`briefing verify` on files: briefings loaded, their archives read, each finding located in its file.

This module owns the I/O around `verify`: which archives a briefing is held
to (`sources/<id>.txt` of the workspace, for each of its sources), and how a
finding becomes a `file:line:col: field: message` like every other message,
through the locations `load` recorded. `build --strict` calls
`evidence_problems` for each briefing it builds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import BriefingError, InputError, Problem
from briefing.evidence.verify import Coverage, coverage, verify_briefing
from briefing.pipeline.load import Document, load_document
from briefing.pipeline.model import Briefing
from briefing.pipeline.validate import claim_id, validate_document
from briefing.sources.store import read_archives


@dataclass(frozen=True)
class Checked:
    """One briefing verified: how many passages and quotes were held to an archive, and how many findings."""

    briefing: Briefing
    checked: Coverage
    errors: int
    warnings: int


@dataclass
class Verification:
    """What `briefing verify` found in a run: errors and warnings located in files, and files it could not read."""

    briefings: list[Checked] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    failures: list[BriefingError] = field(default_factory=list)


def verify_files(paths: Iterable[Path], sources: Path) -> Verification:
    """Verify each briefing file against the archives in `sources`."""
    result = Verification()
    claimed: dict[str, Path] = {}
    for path in paths:
        try:
            document = load_document(path)
            briefing = validate_document(document, None)
            claim_id(document, briefing, claimed)
            errors, warnings = evidence_findings(document, briefing, sources)
        except BriefingError as error:
            result.failures.append(error)
            continue
        archives = read_archives(sources, [source.id for source in briefing.sources])[0]
        result.briefings.append(Checked(briefing, coverage(briefing, archives), len(errors), len(warnings)))
        result.errors += errors
        result.warnings += warnings
    return result


def evidence_findings(document: Document, briefing: Briefing, sources: Path) -> tuple[list[Problem], list[Problem]]:
    """The errors and warnings of one briefing, located; an InputError if one of its archives cannot be read."""
    archives, unreadable = read_archives(sources, [source.id for source in briefing.sources])
    if unreadable:
        raise InputError([problem for error in unreadable for problem in error.problems])
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for finding in verify_briefing(briefing, archives):
        located = document.problem(finding.location, finding.message)
        (errors if finding.severity == "error" else warnings).append(located)
    return errors, warnings


def evidence_problems(document: Document, briefing: Briefing, sources: Path) -> list[Problem]:
    """What `build --strict` refuses: every error verify finds (warnings do not stop a build)."""
    return evidence_findings(document, briefing, sources)[0]
