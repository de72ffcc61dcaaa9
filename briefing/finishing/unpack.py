"""`briefing unpack`: the briefing file an edition carries, and its logo, back out of the PDF.

A PDF may come from anyone, so what it carries is untrusted: only the files
`briefing` attaches are taken (the briefing file, AFRelationship /Source,
and the logo, /Data), each under a plain file name (no folders, no hidden
files), and nothing is overwritten: every target is checked before the
first file is written.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from briefing.errors import BriefingError, display_path
from briefing.pipeline.vocabulary import BRIEFING_MIME_TYPE
from briefing.pipeline.write import write_atomically

# The relationships of the files `build` attaches, in the order they are unpacked.
CARRIED = ("/Source", "/Data")


class UnpackError(BriefingError):
    """The PDF cannot be read, carries no briefing file, or its files cannot be written."""


@dataclass(frozen=True)
class CarriedFile:
    filename: str
    data: bytes
    relationship: str
    mime_type: str

    @property
    def is_briefing(self) -> bool:
        return self.relationship == "/Source" and self.mime_type == BRIEFING_MIME_TYPE


def carried_files(path: Path) -> list[CarriedFile]:
    """The files an edition carries, the briefing file first."""
    shown = display_path(path)
    try:
        content = path.read_bytes()
    except OSError as error:
        raise UnpackError(f"{shown}: cannot read: {error.strerror or error}") from None
    try:
        pdf = pikepdf.open(io.BytesIO(content))
    except pikepdf.PdfError:
        raise UnpackError(f"{shown}: not a PDF file") from None
    files = []
    with pdf:
        try:
            for name, spec in pdf.attachments.items():
                relationship = str(spec.obj.get("/AFRelationship", "/Unspecified"))
                if relationship not in CARRIED:
                    continue
                attached = spec.get_file()
                files.append(CarriedFile(name, attached.read_bytes(), relationship, str(attached.mime_type or "")))
        except (pikepdf.PdfError, KeyError, AttributeError, ValueError):  # a damaged or hand-made attachment
            raise UnpackError(f"{shown}: its attached files cannot be read") from None
    files.sort(key=lambda carried: (not carried.is_briefing, CARRIED.index(carried.relationship), carried.filename))
    if not files or not files[0].is_briefing:
        raise UnpackError(f"{shown}: carries no briefing file (it was built with --no-source, or not by briefing)")
    return files


def _plain_name(name: str) -> bool:
    return bool(name) and name == Path(name).name and "\\" not in name and not name.startswith(".")


def unpack(path: Path, out_dir: Path) -> list[Path]:
    """Write the files `path` carries into `out_dir`; the written paths, the briefing file first."""
    files = carried_files(path)
    targets = []
    for carried in files:
        if not _plain_name(carried.filename):
            raise UnpackError(f"{display_path(path)}: refused to unpack {carried.filename!r}: not a plain file name")
        target = out_dir / carried.filename
        if target.exists():
            raise UnpackError(f"{display_path(target)}: exists already; unpack into another folder (--out DIR)")
        targets.append(target)
    for carried, target in zip(files, targets, strict=True):
        write_atomically(target, carried.data)
    return targets
