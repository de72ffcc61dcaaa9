"""Hostile and unusual input, round two: bounded time and memory, a clear line for each, no traceback.

Every case here once got through: a tiny logo that took minutes and gigabytes,
a file that stopped a batch with a traceback, a percent sign no translator
could translate, figures printed wrongly, outputs overwritten, escape
sequences reaching the terminal. docs/reliability.md lists each with its test.
"""

from __future__ import annotations

import io
import os
import random
import re
import stat
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import EXAMPLE, PROJECT, flat, line_of, pdf_text, run_cli, run_in

BRIEFING = Path(sys.executable).with_name("briefing")
Writer = Callable[..., Path]


def run(*args: str | Path, cwd: Path = PROJECT, **env: str) -> subprocess.CompletedProcess[str]:
    """The real entry point in its own process: what a user's terminal shows."""
    return run_in(cwd, *args, env=env)


def _png(width: int, height: int) -> bytes:
    """A real 1-bit PNG; a huge one compresses to almost nothing, which is the attack."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\x55" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def _noise_png() -> bytes:
    """A 128 x 128 PNG of random grey: cut anywhere, its data is visibly missing."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.frombytes("L", (128, 128), random.Random(7).randbytes(128 * 128)).save(buffer, "PNG")
    return buffer.getvalue()


def _nested_use_svg(levels: int, fan_out: int) -> str:
    """1.7 KB at 5 levels of 10: each level uses the previous one 10 times."""
    groups = ['<g id="l0"><rect width="1" height="1"/></g>']
    for level in range(1, levels + 1):
        uses = "".join(f'<use href="#l{level - 1}"/>' for _ in range(fan_out))
        groups.append(f'<g id="l{level}">{uses}</g>')
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><defs>'
        + "".join(groups)
        + f'</defs><use href="#l{levels}"/></svg>'
    )


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="20">{}</svg>'
)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "logo.svg",
            _nested_use_svg(5, 10).encode(),
            "'logo.svg' is an SVG whose <use> elements expand to over 20,000 elements; simplify it",
        ),
        (
            "logo.svg",
            SVG.format('<image href="logo.svg" width="40" height="20"/><image href="logo.svg"/>').encode(),
            "'logo.svg' is an SVG that refers to 'logo.svg'; a logo may refer only to its own parts (#id)",
        ),
        (
            "logo.svg",
            SVG.format('<g id="a"><use xlink:href="#a"/></g>').encode(),
            "'logo.svg' is an SVG whose <use> refers to itself or to an element around it",
        ),
        (
            "logo.svg",
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + SVG.format("<text>&x;</text>").encode(),
            "'logo.svg' is an SVG with a DTD or entities; save it without them",
        ),
        ("logo.svg", SVG.format("<g>").encode()[:-10], "'logo.svg' is not a valid SVG: "),
        ("logo.svg", b"<html><body>not an svg</body></html>", "'logo.svg' is not an SVG image"),
        (
            "logo.svg",
            SVG.format('<rect style="fill: url(https://example.org/x.svg#p)" width="4" height="4"/>').encode(),
            "'logo.svg' is an SVG whose style refers outside itself",
        ),
        (
            "logo.png",
            _png(13_000, 13_000),
            "'logo.png' has 169,000,000 pixels; a logo may have at most 16,777,216 (scale it down)",
        ),
        ("logo.png", _noise_png()[:8000], "'logo.png' cannot be decoded as PNG: image file is truncated"),
        (
            "logo.png",
            b"just some text, named like an image\n",
            "'logo.png' is not a PNG image (its content is not one)",
        ),
        ("logo.jpg", _png(8, 8), "'logo.jpg' is not a JPEG image (it is PNG)"),
    ],
    ids=[
        "use-fan-out",
        "self-reference",
        "use-cycle",
        "external-entity",
        "truncated-svg",
        "not-svg",
        "css-url",
        "decompression-bomb",
        "truncated-png",
        "text-as-png",
        "png-as-jpeg",
    ],
)
def test_a_logo_is_inspected_before_the_renderer_sees_it(
    write_briefing: Writer, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = write_briefing(("tlp: CLEAR\n", f"tlp: CLEAR\nlogo: {name}\n"))
    (path.parent / name).write_bytes(content)
    started = time.perf_counter()
    result = run("build", path, "--lang", "en", "--out", tmp_path / "out")
    elapsed = time.perf_counter() - started
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines()[0].startswith(f"{path}:{line_of(path, 'logo:')}:7: logo: {message}")
    assert len(result.stderr.splitlines()) == 1, result.stderr  # no DecompressionBombWarning, no traceback
    assert not (tmp_path / "out").exists()
    assert elapsed < 20, "a logo is refused in bounded time"  # 6 levels of <use> took 150 s, self-reference forever


def test_a_small_svg_with_a_few_uses_is_still_a_fine_logo(write_briefing: Writer, tmp_path: Path) -> None:
    path = write_briefing(("tlp: CLEAR\n", "tlp: CLEAR\nlogo: logo.svg\n"))
    (path.parent / "logo.svg").write_text(_nested_use_svg(2, 4), encoding="utf-8")
    result = run_cli("build", path, "--lang", "en", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output


def test_a_logo_gives_the_same_bytes_wherever_the_folder_is(write_briefing: Writer, tmp_path: Path) -> None:
    from tests.test_content_safety import _png as small_png

    path = write_briefing(("tlp: CLEAR\n", "tlp: CLEAR\nlogo: logo.png\n"))
    (path.parent / "logo.png").write_bytes(small_png())
    moved = tmp_path / "elsewhere" / "deeper"
    moved.mkdir(parents=True)
    (moved / path.name).write_bytes(path.read_bytes())
    (moved / "logo.png").write_bytes(small_png())
    for source, out in ((path, tmp_path / "a"), (moved / path.name, tmp_path / "b")):
        for output_format in ("pdf", "html"):
            result = run_cli("build", source, "--lang", "en", "--format", output_format, "--out", out)
            assert result.exit_code == 0, result.output
    for name in ("albania-mek-raid-2023.en.pdf", "albania-mek-raid-2023.en.html"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert "file://" not in (tmp_path / "a" / "albania-mek-raid-2023.en.html").read_text(encoding="utf-8")


def test_a_logo_is_read_once_and_what_was_inspected_is_what_is_embedded(tmp_path: Path) -> None:
    """`read_logo` hands on the bytes it inspected; nothing reads the file again (a file swapped later is not seen)."""
    from briefing.pipeline.images import ImageProblem, read_logo
    from tests.test_content_safety import _png as small_png

    path = tmp_path / "logo.png"
    path.write_bytes(small_png())
    logo = read_logo(path, max_bytes=2 * 1024 * 1024)
    path.write_bytes(b"swapped after the inspection\n")
    assert logo.data == small_png()
    assert logo.data_url.startswith("data:image/png;base64,iVBORw0KGgo")  # a PNG's signature, base64
    with pytest.raises(ImageProblem, match=r"^is not a PNG image \(its content is not one\)$"):
        read_logo(path, max_bytes=2 * 1024 * 1024)
    path.write_bytes(small_png())
    with pytest.raises(ImageProblem, match=r"^is over 0 MiB$"):
        read_logo(path, max_bytes=len(small_png()) - 1)


# One small file must not stop a batch -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[" * 600 + "]" * 600 + "\n", ":1:34: nested more than 32 levels deep"),
        ("{a: " * 600 + "1" + "}" * 600 + "\n", ":1:133: nested more than 32 levels deep"),  # 33 "{a: " before it
        (
            'schema: 1\ntitle: "a\\ud800b"\n',
            ":2:8: title: character 2 is U+D800, half of a pair (a lone surrogate): not text",
        ),
        ('schema: 1\ntitle: "a\\uFFFE"\n', ":2:8: title: character 2 is U+FFFE, a Unicode noncharacter: not text"),
    ],
    ids=["brackets", "braces", "surrogate", "noncharacter"],
)
def test_a_poisoned_file_is_reported_and_the_batch_goes_on(tmp_path: Path, content: str, expected: str) -> None:
    poisoned = tmp_path / "a-poisoned.yaml"
    poisoned.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", poisoned, EXAMPLE, "--lang", "en", "--out", out)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert all(line.startswith(str(poisoned)) for line in lines), result.stderr
    assert f"{poisoned}{expected}" in lines, lines
    assert (out / "albania-mek-raid-2023.en.pdf").is_file()


def test_a_bug_in_one_briefing_is_reported_for_that_file_and_the_batch_goes_on(
    write_briefing: Writer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault injection: localizing one briefing raises an unexpected error, as a bug would.

    In this process (`--jobs 1`), where the patch applies; `test_incremental.py` injects one into workers.
    """
    from briefing.pipeline import editions

    bad = write_briefing(("id: albania-mek-raid-2023", "id: one-with-a-bug"), name="bad.yaml")
    real_localize = editions.localize

    def buggy(briefing: object, *args: object) -> object:
        if getattr(briefing, "id", "") == "one-with-a-bug":
            raise KeyError("unexpected")
        return real_localize(briefing, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(editions, "localize", buggy)
    out = tmp_path / "out"
    result = run_cli("build", bad, EXAMPLE, "--lang", "en", "--out", out, "--jobs", "1")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{bad}: internal error: KeyError: 'unexpected' (a bug in briefing; --debug shows the traceback)"
    ]
    assert (out / "albania-mek-raid-2023.en.pdf").is_file()
    debug = run_cli("--debug", "build", bad, "--lang", "en", "--out", out, "--jobs", "1")
    assert "Traceback (most recent call last)" in debug.stderr and "KeyError: 'unexpected'" in debug.stderr


# Percent signs ------------------------------------------------------------------------------------------------


def test_a_text_with_a_percent_sign_can_be_translated(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    assert run("init", root, cwd=tmp_path).returncode == 0
    example = root / "briefings" / "example.yaml"
    example.write_text(
        example.read_text(encoding="utf-8").replace(
            'label: "People injured"', 'label: "People injured; 46% of voters disapprove"'
        ),
        encoding="utf-8",
    )
    assert run("i18n", "update", cwd=root).returncode == 0
    catalog = root / "locales" / "sq" / "LC_MESSAGES" / "example.po"
    text = catalog.read_text(encoding="utf-8")
    assert "python-format" not in text
    entry = 'msgid "People injured; 46% of voters disapprove"\nmsgstr ""'
    assert entry in text
    catalog.write_text(
        text.replace(entry, entry[:-2] + '"Persona të lënduar; 46% e votuesve nuk miratojnë"'), encoding="utf-8"
    )
    built = run("build", "--lang", "sq", "--strict", cwd=root)
    assert built.returncode == 0, built.stderr
    assert "46% e votuesve" in flat(pdf_text(root / "output" / "example.sq.pdf"))


# Bounded work -------------------------------------------------------------------------------------------------


def _with_chronology(entries: int) -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    start, end = text.index("chronology:\n"), text.index("actors:")
    rows = "".join(f'  - date: "2001"\n    text: "e{n}"\n' for n in range(entries))
    return text[:start] + "chronology:\n" + rows + text[end:]


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (58_000, "more than 20,000 values; a briefing is a few pages (docs/format.md lists the limits)"),
        (301, "chronology: may have at most 300 item(s)"),
    ],
)
def test_a_huge_list_is_refused_within_seconds(tmp_path: Path, entries: int, message: str) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text(_with_chronology(entries), encoding="utf-8")
    assert path.stat().st_size < 2 * 1024 * 1024
    started = time.perf_counter()
    result = run("check", path)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.splitlines()) == 1, result.stderr
    assert time.perf_counter() - started < 15  # 62,000 entries took 200 s and 3.6 GB


def test_an_edtf_set_is_refused_before_the_general_parser(write_briefing: Writer) -> None:
    huge = "{" + ",".join(["2019"] * 2000) + "}"
    path = write_briefing(('  - date: "2019"', f'  - date: "{huge}"'))
    started = time.perf_counter()
    result = run_cli("check", path)
    assert result.exit_code == 2
    assert "chronology[4].date: '{2019,2019," in result.stderr and "is not a date in EDTF form" in result.stderr
    assert time.perf_counter() - started < 5  # a 10 KB set took 19 s


def test_a_device_or_a_pipe_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    for path in (Path("/dev/zero"), fifo):
        result = run("check", path)  # would read forever, or wait forever for a writer
        assert result.returncode == 2
        assert result.stderr == (
            f"{path}: is not a regular file (a device, a pipe or a socket); give a briefing file\n"
        )


@pytest.mark.parametrize(
    ("value", "english", "albanian"),
    [
        ("0.0004", "0.0004", "0,0004"),
        ("1234567.891234", "1,234,567.891234", "1 234 567,891234"),
        ("2.50", "2.50", "2,50"),
        ("1e6", "1,000,000", "1 000 000"),
        ("-3", "-3", "-3"),
    ],
)
def test_a_figure_prints_as_its_author_wrote_it(
    write_briefing: Writer, tmp_path: Path, value: str, english: str, albanian: str
) -> None:
    path = write_briefing(("  - value: 1\n    qualifier: exact", f"  - value: {value}\n    qualifier: exact"))
    result = run_cli("build", path, "--out", tmp_path, "--format", "html")
    assert result.exit_code == 0, result.output
    for language, shown in (("en", english), ("sq", albanian)):
        html = (tmp_path / f"albania-mek-raid-2023.{language}.html").read_text(encoding="utf-8")
        assert f'<p class="figure-number">{shown.replace(" ", chr(0xA0))}</p>' in html, (language, shown)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1e25", "1E+25 is out of range; a figure is at most 1,000,000,000,000,000 either side of zero"),
        ("0.00000001", "has 8 decimals; a figure may have at most 6"),
        ('"36,000"', "expected a number, not a string ('36,000'); write 36000 (no thousands separator)"),
        (".inf", "'.inf' is not a finite number"),
    ],
)
def test_a_figure_out_of_range_is_refused_clearly(write_briefing: Writer, value: str, message: str) -> None:
    path = write_briefing(("  - value: 1000\n    qualifier: about", f"  - value: {value}\n    qualifier: about"))
    result = run_cli("check", path)
    assert result.exit_code == 2
    assert f"{path}:{line_of(path, f'value: {value}')}:12: figures[0].value: " in result.stderr
    assert message in result.stderr, result.stderr


# No wrong output, no surprise ---------------------------------------------------------------------------------


def test_two_briefings_with_one_id_are_refused_before_they_overwrite_each_other(
    write_briefing: Writer, tmp_path: Path
) -> None:
    twin = write_briefing(name="twin.yaml")
    result = run_cli("build", EXAMPLE, twin, "--lang", "en", "--format", "html", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert (
        f"{twin}:{line_of(twin, 'id: albania')}:5: id: 'albania-mek-raid-2023' is also the id of "
        f"{EXAMPLE.relative_to(PROJECT)}; their outputs and catalogs would overwrite each other"
    ) in result.stderr
    updated = run_cli("i18n", "stats", EXAMPLE, twin)
    assert updated.exit_code == 2 and "is also the id of" in updated.stderr


def test_an_id_too_long_for_a_file_name_is_an_input_error(write_briefing: Writer) -> None:
    path = write_briefing(("id: albania-mek-raid-2023", "id: " + "a" * 253))
    result = run_cli("check", path)
    assert result.exit_code == 2
    assert (
        f"{path}:{line_of(path, 'id: aaa')}:5: id: the id is 253 characters long; ids name files, so at most 100"
        in (result.stderr)
    )


def test_long_unbreakable_tokens_stay_on_the_page_and_in_their_column(write_briefing: Writer, tmp_path: Path) -> None:
    token = "a3f5" * 25
    url = "https://example.org/" + "x" * 110
    path = write_briefing(
        ('title: "Albanian police raid', f'title: "Supercalifragilisticexpialidocious{"x" * 60} Albanian police raid'),
        ('text: "On Tuesday 20 June 2023', f'text: "Hash {token} and {url} On Tuesday 20 June 2023'),
        ('question: "Who used violence', f'question: "Who used Violence{"violence" * 9} violence'),
        ('quote: "Many broke doors', f'quote: "{token} Many broke doors'),
    )
    result = run_cli("build", path, "--lang", "en", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "albania-mek-raid-2023.en.pdf"
    width = float(PdfReader(pdf).pages[0].mediabox.width)
    margin = 17 / 25.4 * 72  # styles/print.css: 17 mm left and right
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = [line.strip() for line in bbox.splitlines() if line.strip().startswith("<word ")]
    assert words
    for word in words:
        x_min, x_max = (float(v) for v in re.findall(r'x(?:Min|Max)="([\d.]+)"', word))
        assert margin - 1 <= x_min and x_max <= width - margin + 1, word
    # The quote with the token sits in one column of its question's positions: it stays in that column.
    pages = bbox.split("<page ")[1:]
    page = next(p for p in pages if "Violenceviolence" in p)
    fragments = [w.strip() for w in page.splitlines() if w.strip().startswith("<word ") and "a3f5" in w]
    assert len(fragments) >= 2, "the token is broken over lines"
    edges = [tuple(float(v) for v in re.findall(r'x(?:Min|Max)="([\d.]+)"', word)) for word in fragments]
    left = min(x_min for x_min, _ in edges)
    assert all(abs(x_min - left) < 8 for x_min, _ in edges), edges  # every line starts at the column's edge
    assert left > margin + 20, "in a column of its own, not the first"
    column = (width - 2 * margin) / 2  # at most half the text width, with two positions or more
    assert all(x_max - left <= column for _, x_max in edges), edges


def test_escape_sequences_in_a_file_never_reach_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "escapes.yaml"
    path.write_bytes(
        b'schema: 1\n"field\\u202e": x\ntitle: "\\e[2J\\e[31m"\n'
        b'sources:\n  - {id: s, title: t, url: "https://a.org/\\x85\\u2028"}\n'
    )
    result = run("check", path)
    assert result.returncode == 2
    for raw in ("\x1b", "\u202e", "\x85", "\u2028"):
        assert raw not in result.stderr, repr(raw)
    assert "field\\u202e" in result.stderr  # named, escaped
    assert ":3:8: title: character 1 is U+001B, a control character: not text" in result.stderr


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://exa\u202emple.org/", "contains a space, control or invisible character (U+202E)"),
        ("https://example.org/\u200bpath", "contains a space, control or invisible character (U+200B)"),
        ("https://example.org/\u00adx", "contains a space, control or invisible character (U+00AD)"),
        ("https://example.org/\x7f", "character 21 is U+007F, a control character: not text"),
        ("https://example.org:99999/", "has a port that is not a number from 0 to 65535"),
        ("mailto:", "has no address; write mailto:name@example.org"),
    ],
)
def test_a_link_that_shows_one_address_and_goes_to_another_is_refused(
    write_briefing: Writer, url: str, message: str
) -> None:
    escaped = url.encode("unicode_escape").decode("ascii").replace("\\x", "\\x").replace('"', '\\"')
    path = write_briefing(
        (
            '    url: "https://www.euractiv.com/section/politics/news/albanian-police-raid-iranian-opposition-compound-on-terrorism-suspicions/"',
            f'    url: "{escaped}"',
        )
    )
    result = run_cli("check", path)
    assert result.exit_code == 2
    assert f"{path}:{line_of(path, '    url:')}:10: sources[0].url: " in result.stderr
    assert message in result.stderr, result.stderr


def _catalog_workspace(tmp_path: Path, entries: str, header_extra: str = "") -> Path:
    folder = tmp_path / "ws"
    assert run("init", folder, cwd=tmp_path).returncode == 0
    po = folder / "locales" / "sq" / "LC_MESSAGES" / "messages.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: sq\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n{header_extra}\n{entries}',
        encoding="utf-8",
    )
    return folder


@pytest.mark.parametrize(
    ("entries", "header", "message"),
    [
        (
            '#, no-python-format\nmsgid "Page %(page)s of %(pages)s"\nmsgstr "Faqja %(page)s nga 100%"\n',
            "",
            ":9: msgstr: a % sign on its own; "
            "keep each placeholder exactly as the msgid writes it (%(page)s, %(pages)s), and write a % sign as %%",
        ),
        (
            "",
            '"Plural-Forms: nplurals=2; plural=' + "(" * 400 + "n != 1" + ")" * 400 + ';\\n"\n',
            ":6: the Plural-Forms header cannot be used",  # the line of the Plural-Forms that counts, the last
        ),
    ],
    ids=["stray-percent", "deep-plural"],
)
def test_a_catalog_msgfmt_accepts_but_python_cannot_use_is_a_clear_error(
    tmp_path: Path, entries: str, header: str, message: str
) -> None:
    folder = _catalog_workspace(tmp_path, entries, header)
    result = run("build", "--lang", "sq", cwd=folder)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"locales/sq/LC_MESSAGES/messages.po{message}"), result.stderr


def test_a_catalog_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    folder = _catalog_workspace(tmp_path, "")
    po = folder / "locales" / "sq" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=ISO-8859-1"), encoding="utf-8")
    result = run("build", "--lang", "sq", cwd=folder)
    assert result.returncode == 2
    assert result.stderr == (
        "locales/sq/LC_MESSAGES/messages.po:4: the header declares charset=iso-8859-1; save as UTF-8 and declare UTF-8\n"
    )


def test_characters_no_font_draws_are_named_and_strict_refuses(write_briefing: Writer, tmp_path: Path) -> None:
    path = write_briefing(('text: "On Tuesday 20 June 2023', 'text: "北京 On Tuesday 20 June 2023'))
    result = run_cli("build", path, "--lang", "en", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    line = line_of(path, "北京")
    assert (
        f"warning: {tmp_path / 'out' / 'albania-mek-raid-2023.en.pdf'}: facts[0].text: no installed font draws "
        "北京 (U+5317 U+4EAC): it prints as empty boxes; install a font that has these characters"
    ) in result.stderr
    strict = run_cli("build", path, "--lang", "en", "--strict", "--out", tmp_path / "strict")
    assert strict.exit_code == 2
    assert f"{path}:{line}:11: facts[0].text: no installed font draws 北京" in strict.stderr
    assert not (tmp_path / "strict").exists()


def test_fontconfig_says_which_characters_no_installed_font_has() -> None:
    """The check behind that warning: Latin, Albanian and the euro sign are in Noto; no font here has 北 or 京."""
    from briefing.pipeline.fonts import uncovered

    assert uncovered("Aëç€ – «»北京") == {"北", "京"}
    assert uncovered("") == set()


def test_outputs_respect_the_umask_and_keep_an_existing_mode(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("build", EXAMPLE, "--lang", "en", "--format", "html", "--out", out, cwd=PROJECT)
    assert result.returncode == 0
    created = out / "albania-mek-raid-2023.en.html"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(created.stat().st_mode) == 0o666 & ~umask

    private = subprocess.run(
        ["sh", "-c", f'umask 077 && "{BRIEFING}" build "{EXAMPLE}" --lang sq --format html --out "{out}"'],
        capture_output=True,
        text=True,
    )
    assert private.returncode == 0, private.stderr
    assert (
        stat.S_IMODE((out / "albania-mek-raid-2023.sq.html").stat().st_mode) == 0o600
    )  # a TLP:RED edition stays private

    created.chmod(0o640)
    again = run("build", EXAMPLE, "--lang", "en", "--format", "html", "--out", out)
    assert again.returncode == 0
    assert stat.S_IMODE(created.stat().st_mode) == 0o640


def test_no_hostile_input_ends_in_a_traceback(tmp_path: Path) -> None:
    """The real entry point, in a process of its own, for every file above that once crashed."""
    cases = {
        "deep.yaml": "[" * 600 + "]" * 600,
        "surrogate.yaml": 'schema: 1\ntitle: "\\ud800"\n',
        "big-number.yaml": EXAMPLE.read_text(encoding="utf-8").replace("  - value: 1000", "  - value: 1e25", 1),
        "set.yaml": EXAMPLE.read_text(encoding="utf-8").replace('date: "2019"', 'date: "{2019,2020}"'),
    }
    for name, content in cases.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        for command in ("check", "build"):
            result = run(command, path, "--out", tmp_path / "out") if command == "build" else run(command, path)
            assert result.returncode == 2, (name, command, result.stderr)
            assert "Traceback" not in result.stderr, (name, command)
    for args in (("build", "--lang", "sq_XX"), ("build", "--lang", "sq/../../x"), ("i18n", "init", "xx_YY")):
        result = run(*args)
        assert result.returncode == 2 and "Traceback" not in result.stderr, args
