"""`briefing unpack` of a PDF made to hurt: it takes exactly the briefing file and its logo, bounded.

Each PDF here is a real edition of the example, changed with pikepdf the way
an attacker would: a briefing file that inflates to a gigabyte, hundreds of
other attachments, names that hold escape sequences or are too long for the
file system. The command runs as a user runs it (`briefing` in a subprocess)
where its memory is measured.
"""

from __future__ import annotations

import resource
import subprocess
import zlib
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from briefing.pipeline.write import AlreadyThere, write_new
from tests.conftest import BRIEFING, EXAMPLE_ID, run_cli

BRIEFING_NAME = f"{EXAMPLE_ID}.en.yaml"

Editor = Callable[[pikepdf.Pdf], None]


@pytest.fixture
def hostile(built: dict[str, Path], tmp_path: Path) -> Callable[[Editor], Path]:
    """The English edition of the example, changed by `edit` and saved as a new PDF."""

    def make(edit: Editor) -> Path:
        path = tmp_path / "hostile.pdf"
        with pikepdf.open(built["en"]) as pdf:
            edit(pdf)
            pdf.save(path)
        return path

    return make


def _inflating_to(size: int) -> bytes:
    """Zeros that inflate to `size` bytes, compressed chunk by chunk (about 1/1000 of it)."""
    compressor = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    parts = [compressor.compress(chunk) for _ in range(size // len(chunk))]
    return b"".join(parts) + compressor.flush()


def _rename_briefing(pdf: pikepdf.Pdf, name: str) -> None:
    data = pdf.attachments[BRIEFING_NAME].get_file().read_bytes()
    del pdf.attachments[BRIEFING_NAME]
    pdf.attachments[name] = pikepdf.AttachedFileSpec(pdf, data, filename=name, mime_type="application/yaml")
    pdf.attachments[name].obj.AFRelationship = pikepdf.Name.Source


def test_a_briefing_file_that_inflates_to_a_gibibyte_is_refused_in_bounded_memory(
    hostile: Callable[[Editor], Path], tmp_path: Path
) -> None:
    bomb = _inflating_to(1 << 30)
    assert len(bomb) < 1_200_000

    def inflate(pdf: pikepdf.Pdf) -> None:
        stream = pdf.attachments[BRIEFING_NAME].get_file().obj
        stream.write(bomb, filter=pikepdf.Name.FlateDecode)

    path = hostile(inflate)
    out = tmp_path / "out"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = subprocess.run([BRIEFING, "unpack", path, "--out", out], capture_output=True, text=True, timeout=120)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert result.returncode == 2
    assert result.stderr == (f"{path}: '{BRIEFING_NAME}' is over 2,097,152 bytes; a briefing file is at most 2 MiB\n")
    assert not out.exists()
    # Inflated whole, the file would take 1 GiB; the command stops past 2 MiB.
    assert peak_kib < 400 * 1024 or peak_kib == before, f"peak {peak_kib // 1024} MiB"


def test_only_the_briefing_file_and_the_logo_it_names_are_taken(every_kind: dict[str, Path], tmp_path: Path) -> None:
    # every-kind names a logo: it comes out with its briefing, and 300 other files do not.
    path = tmp_path / "crowded.pdf"
    with pikepdf.open(every_kind["en"]) as pdf:
        logo = next(name for name, spec in pdf.attachments.items() if spec.obj.AFRelationship == pikepdf.Name.Data)
        for number in range(300):
            name = f"extra-{number}.sh"
            pdf.attachments[name] = pikepdf.AttachedFileSpec(pdf, b"rm -rf ~\n", filename=name)
            pdf.attachments[name].obj.AFRelationship = pikepdf.Name.Data
        pdf.save(path)
    unpacked = tmp_path / "unpacked"
    result = run_cli("unpack", path, "--out", unpacked)
    assert result.exit_code == 0, result.output
    assert sorted(child.name for child in unpacked.iterdir()) == sorted(["every-kind.en.yaml", logo])
    assert result.stderr == (
        f"warning: {path}: left 300 other attached files in the PDF "
        "(briefing attaches only the briefing file and its logo)\n"
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("\x1b[2J\nreport.yaml", "its name holds control characters"),
        ("report\u202egnp.yaml", "its name holds control characters"),
        ("a" * 300 + ".yaml", "its name is 305 bytes long; a file name may be at most 255"),
        ("sub/report.yaml", "not a plain file name"),
        (".bashrc", "not a plain file name"),
    ],
)
def test_a_name_that_is_not_a_plain_file_name_is_refused_in_one_line(
    hostile: Callable[[Editor], Path], tmp_path: Path, name: str, reason: str
) -> None:
    path = hostile(lambda pdf: _rename_briefing(pdf, name))
    out = tmp_path / "out"
    result = run_cli("unpack", path, "--out", out)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{path}: refused to unpack '") and line.endswith(f"': {reason}"), line
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert not out.exists()


def test_two_briefing_files_are_refused(hostile: Callable[[Editor], Path], tmp_path: Path) -> None:
    def second(pdf: pikepdf.Pdf) -> None:
        pdf.attachments["other.yaml"] = pikepdf.AttachedFileSpec(
            pdf, b"schema: 1\n", filename="other.yaml", mime_type="application/yaml"
        )
        pdf.attachments["other.yaml"].obj.AFRelationship = pikepdf.Name.Source

    result = run_cli("unpack", hostile(second), "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "carries 2 briefing files" in result.stderr and "briefing attaches one" in result.stderr


def test_a_file_created_meanwhile_is_never_written_over(tmp_path: Path) -> None:
    target = tmp_path / "x.yaml"
    target.write_text("created by someone else a moment ago", encoding="utf-8")
    with pytest.raises(AlreadyThere, match=r"x\.yaml: exists already"):
        write_new(target, b"schema: 1\n")
    assert target.read_text(encoding="utf-8") == "created by someone else a moment ago"
    assert [child.name for child in tmp_path.iterdir()] == ["x.yaml"], "no temporary file is left"
    write_new(tmp_path / "new.yaml", b"schema: 1\n")
    assert (tmp_path / "new.yaml").read_bytes() == b"schema: 1\n"
