"""`briefing unpack`: the briefing file an edition carries, and its logo, back out of the PDF.

A PDF may come from anyone, so what it carries is untrusted. Exactly the
files `build` attaches are taken: the briefing file (AFRelationship /Source,
its MIME type) and the logo that file names (/Data, under that name); any
other attachment is left in the PDF and counted. Each is taken under a plain
file name (no folders, no hidden files, no control characters, at most 255
bytes) and decompressed as a stream that stops past the limit the format
documents for it (2 MiB each), so a few kilobytes that inflate to a gigabyte
cost 2 MiB of memory and write nothing. Every target is checked before the
first file is written, and each is written with `write_new`: never over a
file, even one created meanwhile.

`carried_files` is pure (the PDF's bytes in, the files out); `unpack` reads
the PDF and writes into the folder.
"""

from __future__ import annotations

import io
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from briefing.errors import BriefingError, InputError, display_path, quoted
from briefing.pipeline.load import MAX_FILE_BYTES, parse_document, read_regular_file
from briefing.pipeline.validate import MAX_LOGO_BYTES
from briefing.pipeline.vocabulary import BRIEFING_MIME_TYPE
from briefing.pipeline.write import write_new

MAX_PDF_BYTES = 256 * 1024 * 1024  # an edition is a few hundred kilobytes
MAX_NAME_BYTES = 255  # the longest file name Linux file systems take


class UnpackError(BriefingError):
    """The PDF cannot be read, carries no briefing file, or its files cannot be written."""


@dataclass(frozen=True)
class CarriedFile:
    filename: str
    data: bytes


@dataclass(frozen=True)
class Carried:
    """What an edition carries: the briefing file first, then its logo; and how many other files were left."""

    files: list[CarriedFile]
    ignored: int


def carried_files(content: bytes, shown: str) -> Carried:
    """The briefing file and its logo out of the bytes of a PDF; `shown` names the PDF in messages."""
    try:
        pdf = pikepdf.open(io.BytesIO(content))
    except pikepdf.PdfError:
        raise UnpackError(f"{shown}: not a PDF file") from None
    with pdf:
        try:
            specs = list(pdf.attachments.items())
            briefings = [
                (name, spec)
                for name, spec in specs
                if str(spec.obj.get("/AFRelationship", "")) == "/Source"
                and str(spec.get_file().mime_type or "") == BRIEFING_MIME_TYPE
            ]
        except (pikepdf.PdfError, KeyError, AttributeError, ValueError, TypeError):  # a damaged or hand-made attachment
            raise UnpackError(f"{shown}: its attached files cannot be read") from None
        if not briefings:
            raise UnpackError(f"{shown}: carries no briefing file (it was built with --no-source, or not by briefing)")
        if len(briefings) > 1:
            names = ", ".join(quoted(name) for name, _ in briefings)
            raise UnpackError(f"{shown}: carries {len(briefings)} briefing files ({names}); briefing attaches one")
        name, spec = briefings[0]
        _check_name(name, shown)
        briefing = CarriedFile(name, _decoded(spec, MAX_FILE_BYTES, "a briefing file", shown, name))
        files = [briefing]
        logo_name = _logo_named(briefing)
        logo = next(
            (
                spec
                for other, spec in specs
                if other == logo_name and str(spec.obj.get("/AFRelationship", "")) == "/Data"
            ),
            None,
        )
        if logo is not None and logo_name is not None:
            _check_name(logo_name, shown)
            files.append(CarriedFile(logo_name, _decoded(logo, MAX_LOGO_BYTES, "a logo", shown, logo_name)))
        return Carried(files, len(specs) - len(files))


def _check_name(name: str, shown: str) -> None:
    """A plain file name for this folder, or the reason it is not one."""
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name):
        raise UnpackError(f"{shown}: refused to unpack {quoted(name)}: its name holds control characters")
    if not name or name != Path(name).name or "\\" in name or name.startswith(".") or name in (".", ".."):
        raise UnpackError(f"{shown}: refused to unpack {quoted(name)}: not a plain file name")
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise UnpackError(
            f"{shown}: refused to unpack {quoted(name)}: its name is {len(name.encode('utf-8')):,} bytes long; "
            f"a file name may be at most {MAX_NAME_BYTES}"
        )


def _decoded(spec: pikepdf.AttachedFileSpec, limit: int, what: str, shown: str, name: str) -> bytes:
    """The attachment's bytes, inflated as a stream that stops at `limit`."""
    try:
        stream = spec.get_file().obj
        filters = stream.get("/Filter")
        chain = [filters] if isinstance(filters, pikepdf.Name) else list(filters or [])
        raw = stream.read_raw_bytes()
    except (pikepdf.PdfError, KeyError, AttributeError, ValueError, TypeError):
        raise UnpackError(f"{shown}: its attached files cannot be read") from None
    if [str(each) for each in chain] not in ([], ["/FlateDecode"]) or "/DecodeParms" in stream:
        raise UnpackError(f"{shown}: {quoted(name)} is encoded in a way briefing never writes; it is not unpacked")
    if not chain:
        data = raw
    else:
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(raw, limit + 1)
        except zlib.error:
            raise UnpackError(f"{shown}: its attached files cannot be read") from None
    if len(data) > limit:
        raise UnpackError(
            f"{shown}: {quoted(name)} is over {limit:,} bytes; {what} is at most {limit // 1024 // 1024} MiB"
        )
    return data


def _logo_named(briefing: CarriedFile) -> str | None:
    """The file name the briefing's `logo` field gives, if the briefing parses that far."""
    try:
        document = parse_document(briefing.data, Path(briefing.filename))
    except InputError:
        return None  # `build` says what is wrong with it; there is no logo to look for
    logo = document.data.get("logo") if isinstance(document.data, dict) else None
    return logo if isinstance(logo, str) else None


def unpack(path: Path, out_dir: Path) -> tuple[list[Path], int]:
    """Write the files `path` carries into `out_dir`: the written paths, the briefing file first, and the files left."""
    shown = display_path(path)
    content = read_regular_file(path, MAX_PDF_BYTES, "a PDF")
    carried = carried_files(content, shown)
    targets = []
    for each in carried.files:
        target = out_dir / each.filename
        if target.exists() or target.is_symlink():
            raise UnpackError(f"{display_path(target)}: exists already; unpack into another folder (--out DIR)")
        targets.append(target)
    for each, target in zip(carried.files, targets, strict=True):
        write_new(target, each.data)
    return targets, carried.ignored
