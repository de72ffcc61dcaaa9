"""Untrusted texts: escaped, never fetched; untranslated texts shown, marked and reported."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.pipeline.build import Toolchain
from briefing.pipeline.pdf import FetchRefused
from tests.conftest import REPOSITORY, flat, line_of, pdf_text, run_cli

Writer = Callable[..., Path]

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="file:///etc/passwd">',
    '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
    "<style>body { display: none }</style>",
]


def hostile_briefing(write_briefing: Writer) -> Path:
    return write_briefing(
        ('title: "Albanian police raid the MEK compound near Tirana"', f'title: "Raid {HOSTILE[0]}"'),
        (
            '  - text: "One person died.',
            f'  - text: "{HOSTILE[1].replace(chr(34), chr(39))} {HOSTILE[2].replace(chr(34), chr(39))} One person died.',
        ),
        ('    label: "Albanian police officers in the raid"', f'    label: "Officers {HOSTILE[3]}"'),
    )


def test_markup_in_texts_is_printed_literally(write_briefing: Writer, tmp_path: Path) -> None:
    path = hostile_briefing(write_briefing)
    result = run_cli("build", path, "--lang", "en", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    text = flat(pdf_text(tmp_path / "albania-mek-raid-2023.en.pdf"))
    assert "Raid <script>alert(1)</script>" in text
    assert "<img src='file:///etc/passwd'>" in text
    assert "Officers <style>body { display: none }</style>" in text
    assert "Key facts" in text  # the style did not hide the body


def test_markup_in_texts_is_escaped_in_html(write_briefing: Writer, tmp_path: Path) -> None:
    path = hostile_briefing(write_briefing)
    result = run_cli("build", path, "--lang", "en", "--format", "html", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    # Soft hyphens (where a word may be divided) are invisible: the words are what a reader sees.
    html = (tmp_path / "albania-mek-raid-2023.en.html").read_text(encoding="utf-8").replace("\u00ad", "")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;style&gt;body { display: none }&lt;/style&gt;" in html


@pytest.mark.parametrize(
    "resource",
    [
        '<img src="file:///etc/passwd">',
        '<img src="../../../../etc/passwd">',
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
        '<img src="https://example.invalid/pixel.png">',
    ],
)
def test_renderer_fetches_nothing_outside_the_project(tmp_path: Path, resource: str) -> None:
    html = f"<!DOCTYPE html><html><body><p>x</p>{resource}</body></html>"
    with pytest.raises(FetchRefused, match="refused to fetch"):
        Toolchain(REPOSITORY).printer.print_pdf(html, base_dir=tmp_path, identifier="test")


def test_renderer_may_use_files_of_the_briefing_folder(tmp_path: Path) -> None:
    (tmp_path / "extra.css").write_text("p { color: #ff0000 }")
    html = '<!DOCTYPE html><html><head><link rel="stylesheet" href="extra.css"></head><body><p>x</p></body></html>'
    printed = Toolchain(REPOSITORY).printer.print_pdf(html, base_dir=tmp_path, identifier="test")
    contents = PdfReader(io.BytesIO(printed.pdf)).pages[0].get_contents()
    assert contents is not None
    assert "1 0 0 rg" in contents.get_data().decode("latin-1")  # the text is painted red


def test_changed_source_text_is_shown_untranslated_marked_and_reported(write_briefing: Writer, tmp_path: Path) -> None:
    """The catalog's translation is of the old English: the edition shows the new English, marked."""
    path = write_briefing(
        ("The search was ordered by the Special Court", "The search was ordered by Albania's Special Court")
    )
    result = run_cli("build", path, "--lang", "sq", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "albania-mek-raid-2023.sq.pdf"
    assert result.stderr.splitlines()[:2] == [
        f"warning: {pdf}: 1 text(s) shown in the source language, not translated into 'sq' "
        "(`briefing i18n todo sq` lists what to translate):",
        "  facts[1].text: outdated",
    ]
    text = flat(pdf_text(pdf))
    assert "The search was ordered by Albania's Special Court" in text
    assert "[në anglisht, pa përkthim]" in text
    html_result = run_cli("build", path, "--lang", "sq", "--format", "html", "--out", tmp_path)
    html = (tmp_path / "albania-mek-raid-2023.sq.html").read_text(encoding="utf-8")
    assert html_result.exit_code == 0
    assert '<span class="untranslated" lang="en">The search was ordered by Albania&#39;s Special Court' in html


def _png(width: int = 8, height: int = 4, colour: bytes = b"\x1f\x4e\x79") -> bytes:
    """A small real PNG, made here rather than committed."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + colour * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def test_logo_beside_the_briefing_is_printed(write_briefing: Writer, tmp_path: Path) -> None:
    path = write_briefing(("tlp: CLEAR\n", "tlp: CLEAR\nlogo: logo.png\n"))
    (path.parent / "logo.png").write_bytes(_png())
    result = run_cli("build", path, "--lang", "en", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    listing = subprocess.run(
        ["pdfimages", "-list", str(tmp_path / "out" / "albania-mek-raid-2023.en.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert len(listing.splitlines()) == 3  # two header lines, one image: 8 x 4 pixels
    assert listing.splitlines()[2].split()[3:5] == ["8", "4"]


@pytest.mark.parametrize(
    ("logo", "message"),
    [
        ("../outside.png", "'../outside.png' is outside the briefing's folder"),
        ("file:///etc/passwd.png", "must be a file beside the briefing, like logo.png: no links or absolute paths"),
        ("http://127.0.0.1:9/logo.png", "must be a file beside the briefing"),
        ("data:image/png;base64,iVBORw0KGgo.png", "must be a file beside the briefing"),
        ("/etc/logo.png", "must be a file beside the briefing"),
        ("missing.png", "no file 'missing.png' in the briefing's folder"),
        ("notes.txt", "'notes.txt' is not a PNG, JPEG or SVG image"),
    ],
)
def test_logo_that_is_not_a_file_beside_the_briefing_is_an_input_error(
    write_briefing: Writer, tmp_path: Path, logo: str, message: str
) -> None:
    (tmp_path / "outside.png").write_bytes(_png())
    folder = tmp_path / "briefings"
    folder.mkdir()
    path = write_briefing(("tlp: CLEAR\n", f'tlp: CLEAR\nlogo: "{logo}"\n'), name="briefings/variant.yaml")
    result = run_cli("build", path, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert f"{path}:{line_of(path, 'logo:')}:7: logo: " in result.stderr and message in result.stderr
    assert not (tmp_path / "out").exists()


def test_svg_logo_cannot_reach_outside_files(write_briefing: Writer, tmp_path: Path) -> None:
    path = write_briefing(("tlp: CLEAR\n", "tlp: CLEAR\nlogo: logo.svg\n"))
    (path.parent / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="20">'
        '<image xlink:href="file:///etc/passwd" width="40" height="20"/></svg>'
    )
    result = run_cli("build", path, "--lang", "en", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{path}:{line_of(path, 'logo:')}:7: logo: 'logo.svg' is an SVG that refers to 'file:///etc/passwd'; "
        "a logo may refer only to its own parts (#id)"
    ]
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
