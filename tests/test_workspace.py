"""Workspaces of one's own: `briefing init`, finding the workspace, catalogs and themes that override the tool's.

Each test runs the real command line in a subprocess, in a temporary folder far
from this repository, as a user who installed the tool would.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import PROJECT, flat, only_dejavu_fonts, pdf_text, run_in

EXAMPLE_SQ = "locales/sq/LC_MESSAGES/example.po"


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_in(cwd, *args, env=env)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    created = run("init", "ws", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    return tmp_path / "ws"


def test_init_creates_a_workspace_whose_first_build_has_both_editions(tmp_path: Path) -> None:
    created = run("init", "my briefings", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert created.stdout.splitlines() == [
        "created my briefings/README.md",
        "created my briefings/briefings/example.yaml",
        f"created my briefings/{EXAMPLE_SQ}",
        "next: cd 'my briefings' && briefing build",
    ]
    folder = tmp_path / "my briefings"
    assert len((folder / "README.md").read_text(encoding="utf-8").splitlines()) == 3

    built = run("build", "--strict", cwd=folder)
    assert built.returncode == 0, built.stderr
    assert built.stdout.splitlines() == [
        "wrote output/example.en.pdf (2 pages)",
        "wrote output/example.sq.pdf (2 pages)",
    ]
    albanian = flat(pdf_text(folder / "output" / "example.sq.pdf"))
    assert "Policia shqiptare kontrollon kampin e MEK-ut pranë Tiranës" in albanian
    assert "Faktet kryesore" in albanian and "pa përkthim" not in albanian


def test_init_never_overwrites(workspace: Path) -> None:
    example = workspace / "briefings" / "example.yaml"
    example.write_text("# my own work\n", encoding="utf-8")
    again = run("init", ".", cwd=workspace)
    assert again.returncode == 2
    assert again.stderr == (
        "README.md: exists already; `briefing init` never overwrites a file (pick an empty folder)\n"
    )
    assert example.read_text(encoding="utf-8") == "# my own work\n"


def test_the_workspace_is_found_from_a_subfolder(workspace: Path) -> None:
    checked = run("check", cwd=workspace / "briefings")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout == "ok example (en, sq)\n"
    built = run("build", "--lang", "sq", cwd=workspace / "briefings")
    assert built.returncode == 0, built.stderr
    assert (workspace / "output" / "example.sq.pdf").is_file()  # the workspace's output/, not briefings/output/


def test_workspace_option_and_environment_variable(workspace: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert run("--workspace", workspace, "check", cwd=elsewhere).stdout == "ok example (en, sq)\n"
    assert run("check", cwd=elsewhere, env={"BRIEFING_WORKSPACE": str(workspace)}).stdout == "ok example (en, sq)\n"
    missing = run("--workspace", tmp_path / "nowhere", "check", cwd=elsewhere)
    assert missing.returncode == 2
    assert (
        missing.stderr == f"{tmp_path / 'nowhere'}: no such folder; --workspace names a folder with briefings/ in it\n"
    )


def test_outside_any_workspace_the_message_says_what_to_do(tmp_path: Path) -> None:
    result = run("build", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("briefings: no such folder")


def test_a_corrected_interface_term_in_the_workspace_overrides_the_tools(workspace: Path) -> None:
    """One entry in the workspace's catalog wins; every other word still comes from the tool's catalog."""
    folder = workspace / "locales" / "sq" / "LC_MESSAGES"
    (folder / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: sq\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "Key facts"\nmsgstr "Faktet themelore"\n\nmsgid "Chronology"\nmsgstr ""\n',
        encoding="utf-8",
    )
    built = run("build", "--lang", "sq", "--strict", cwd=workspace)
    assert built.returncode == 0, built.stderr
    text = flat(pdf_text(workspace / "output" / "example.sq.pdf"))
    assert "Faktet themelore" in text and "Faktet kryesore" not in text
    assert "Kronologjia" in text  # empty in the workspace: the tool's translation
    assert "Faqja 1 nga 2" in text


def test_a_translator_adds_a_language_in_the_workspace_only(workspace: Path) -> None:
    tool_locales = PROJECT / "locales"
    before = sorted(p.relative_to(tool_locales) for p in tool_locales.rglob("*"))
    workspace.joinpath("briefings", "example.yaml").write_text(
        workspace.joinpath("briefings", "example.yaml")
        .read_text(encoding="utf-8")
        .replace("languages: [en, sq]", "languages: [en, sq, de]"),
        encoding="utf-8",
    )
    refused = run("build", "--lang", "de", cwd=workspace)
    assert refused.returncode == 2
    assert "no interface catalog for 'de'" in refused.stderr and "briefing i18n init de" in refused.stderr

    started = run("i18n", "init", "de", cwd=workspace)
    assert started.returncode == 0, started.stderr
    assert started.stdout.splitlines() == [
        "created locales/de/LC_MESSAGES/messages.po",
        "created locales/de/LC_MESSAGES/example.po",
    ]
    built = run("build", "--lang", "de", cwd=workspace)
    assert built.returncode == 0, built.stderr
    assert "21. Juni 2023" in flat(pdf_text(workspace / "output" / "example.de.pdf"))  # CLDR's German, no code
    assert sorted(p.relative_to(tool_locales) for p in tool_locales.rglob("*")) == before


def test_invalid_language_codes_are_refused_before_anything_is_written(workspace: Path) -> None:
    for code in ("sq_XX", "sq/../../x", "xx"):
        result = run("build", "--lang", code, cwd=workspace)
        assert result.returncode == 2, code
        assert "Invalid value for '--lang'" in result.stderr, code
        assert "Traceback" not in result.stderr
    assert not (workspace / "output").exists()
    started = run("i18n", "init", "sr_Latn", cwd=workspace)
    assert started.returncode == 0, started.stderr
    assert "created locales/sr_Latn/LC_MESSAGES/messages.po" in started.stdout


# Theming -------------------------------------------------------------------------------------------------------

ACCENT_DEFAULT = "0.121569 0.305882 0.47451"  # #1f4e79 as WeasyPrint writes a colour
ACCENT_THEMED = "0.690196 0 0.12549"  # #b00020


def _content(path: Path) -> str:
    streams = [page.get_contents() for page in PdfReader(path).pages]
    return "".join(stream.get_data().decode("latin-1") for stream in streams if stream is not None)


def test_a_theme_changes_the_accent_colour_logo_and_organisation(workspace: Path) -> None:
    from tests.test_content_safety import _png

    default = run("build", "--lang", "en", cwd=workspace)
    assert default.returncode == 0, default.stderr
    assert ACCENT_DEFAULT in _content(workspace / "output" / "example.en.pdf")

    theme = workspace / "theme"
    theme.mkdir()
    (theme / "theme.css").write_text(":root { --accent: #b00020; }\n", encoding="utf-8")
    (theme / "logo.png").write_bytes(_png(12, 6))
    (theme / "theme.yaml").write_text("prepared_by: Ministry of Examples\nlogo: logo.png\n", encoding="utf-8")
    themed = run("build", "--lang", "en", "--lang", "sq", "--strict", cwd=workspace)
    assert themed.returncode == 0, themed.stderr
    pdf = workspace / "output" / "example.en.pdf"
    content = _content(pdf)
    assert ACCENT_THEMED in content and ACCENT_DEFAULT not in content
    assert "Prepared by Ministry of Examples" in flat(pdf_text(pdf))
    assert "Përgatitur nga Ministry of Examples" in flat(pdf_text(workspace / "output" / "example.sq.pdf"))
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert [line.split()[3:5] for line in images.splitlines()[2:]] == [["12", "6"]]


def test_a_build_reads_the_theme_settings_once_for_its_formats_and_every_edition(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """theme.yaml says which formats to write and who prepared the briefing: the run reads it once for both."""
    from briefing.pipeline import build, validate
    from tests.conftest import run_cli

    theme = workspace / "theme"
    theme.mkdir()
    (theme / "theme.yaml").write_text("prepared_by: Ministry of Examples\nformats: [pdf, docx]\n", encoding="utf-8")
    reads: list[object] = []
    real = validate.read_theme

    def counted(folder: object) -> object:
        reads.append(folder)
        return real(folder)  # type: ignore[arg-type]

    monkeypatch.setattr(validate, "read_theme", counted)
    monkeypatch.setattr(build, "read_theme", counted)
    result = run_cli("--workspace", workspace, "build", workspace / "briefings" / "example.yaml", "--jobs", "1")
    assert result.exit_code == 0, result.output
    written = sorted(path.name for path in (workspace / "output").iterdir() if not path.name.startswith("."))
    assert written == ["example.en.docx", "example.en.pdf", "example.sq.docx", "example.sq.pdf"]
    assert "Prepared by Ministry of Examples" in flat(pdf_text(workspace / "output" / "example.en.pdf"))
    assert len(reads) == 1


def test_a_broken_theme_is_reported_with_its_line(workspace: Path) -> None:
    theme = workspace / "theme"
    theme.mkdir()
    (theme / "theme.yaml").write_text("prepared_by: Ministry\nlogoo: logo.png\nlogo: ../x.png\n", encoding="utf-8")
    result = run("build", cwd=workspace)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "theme/theme.yaml:2:1: logoo: unknown field 'logoo'; did you mean 'logo'?",
    ]
    (theme / "theme.yaml").write_text("logo: ../x.png\n", encoding="utf-8")
    result = run("build", cwd=workspace)
    assert result.stderr.splitlines() == ["theme/theme.yaml:1:7: logo: '../x.png' is outside theme/"]


def test_a_template_is_overridden_by_name(workspace: Path) -> None:
    overrides = workspace / "theme" / "templates"
    overrides.mkdir(parents=True)
    template = (PROJECT / "templates" / "briefing.html").read_text(encoding="utf-8")
    assert '<h2>{{ _("Bottom line") }}</h2>' in template
    (overrides / "briefing.html").write_text(
        template.replace('<h2>{{ _("Bottom line") }}</h2>', "<h2>For the minister</h2>"), encoding="utf-8"
    )
    built = run("build", "--lang", "en", cwd=workspace)
    assert built.returncode == 0, built.stderr
    text = flat(pdf_text(workspace / "output" / "example.en.pdf"))
    assert "For the minister" in text and "Bottom line" not in text
    assert "Key facts" in text  # the rest of the template is the override's copy


def _renamed_font(source: Path, target: Path, family: str) -> None:
    """A copy of a font under a family name fontconfig does not know (made here, not committed)."""
    from fontTools.ttLib import TTFont

    font = TTFont(source)
    for record in font["name"].names:
        if record.nameID in (1, 16):
            record.string = family
        elif record.nameID in (4, 6):
            record.string = family.replace(" ", "") + ("-Regular" if record.nameID == 6 else "")
    font.save(target)


def test_a_theme_brings_its_own_font_from_theme_folder_only(workspace: Path) -> None:
    theme = workspace / "theme"
    (theme / "fonts").mkdir(parents=True)
    _renamed_font(
        Path("/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf"), theme / "fonts" / "house.ttf", "House Serif"
    )
    (theme / "theme.css").write_text(
        '@font-face { font-family: "House Serif"; src: url(fonts/house.ttf); }\n:root { --font-body: "House Serif"; }\n',
        encoding="utf-8",
    )
    built = run("build", "--lang", "en", "--strict", cwd=workspace)
    assert built.returncode == 0, built.stderr
    fonts = subprocess.run(
        ["pdffonts", str(workspace / "output" / "example.en.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "+House-Serif" in fonts

    (theme / "theme.css").write_text(
        '@font-face { font-family: "X"; src: url(/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf); }\n',
        encoding="utf-8",
    )
    refused = run("build", "--lang", "en", cwd=workspace)
    assert refused.returncode == 2
    assert "refused to fetch 'file:///usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf'" in refused.stderr


def test_a_character_only_a_theme_font_draws_is_not_reported_as_undrawn(workspace: Path) -> None:
    """No installed font here has 北 (U+5317); the theme's font does, so the text prints, and --strict passes."""
    from fontTools.ttLib import TTFont

    theme = workspace / "theme"
    (theme / "fonts").mkdir(parents=True)
    house = theme / "fonts" / "house.ttf"
    _renamed_font(Path("/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf"), house, "House Serif")
    font = TTFont(house)
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap[0x5317] = table.cmap[ord("A")]  # drawn as an A: a glyph all the same
    font.save(house)
    example = workspace / "briefings" / "example.yaml"
    text = example.read_text(encoding="utf-8").replace(
        '  - text: "The State Police', '  - text: "北 The State Police', 1
    )
    example.write_text(text, encoding="utf-8")
    undrawn = "facts[0].text: no installed font draws 北 (U+5317)"
    without = run("build", "--lang", "en", "--out", "without", cwd=workspace)
    assert without.returncode == 0 and undrawn in without.stderr, without.stderr

    (theme / "theme.css").write_text(
        '@font-face { font-family: "House Serif"; src: url(fonts/house.ttf); }\n:root { --font-body: "House Serif"; }\n',
        encoding="utf-8",
    )
    built = run("build", "--lang", "en", "--strict", cwd=workspace)
    assert built.returncode == 0, built.stderr
    assert "北" not in built.stderr


# Set-up that cannot silently degrade ---------------------------------------------------------------------------


def test_without_msgfmt_a_build_warns_once_and_strict_refuses(workspace: Path) -> None:
    no_gettext = {"PATH": "/nonexistent"}
    built = run("build", "--lang", "sq", cwd=workspace, env=no_gettext)
    assert built.returncode == 0, built.stderr
    assert built.stderr.count("GNU msgfmt is not installed") == 1
    assert "install the `gettext` package" in built.stderr
    strict = run("build", "--lang", "sq", "--strict", "--out", "strict", cwd=workspace, env=no_gettext)
    assert strict.returncode == 2
    assert strict.stderr.startswith("--strict: GNU msgfmt is not installed")
    assert not (workspace / "strict").exists()


def test_without_the_noto_fonts_a_build_warns_and_strict_refuses(workspace: Path, tmp_path: Path) -> None:
    only_dejavu = only_dejavu_fonts(tmp_path)
    built = run("build", "--lang", "en", cwd=workspace, env=only_dejavu)
    assert built.returncode == 0, built.stderr
    assert re.search(
        r"^warning: the font 'Noto Sans' is not installed and '[^']+' prints in its place: "
        r"install the `fonts-noto-core` package$",
        built.stderr,
        re.MULTILINE,
    ), built.stderr
    strict = run("build", "--lang", "en", "--strict", "--out", "strict", cwd=workspace, env=only_dejavu)
    assert strict.returncode == 2
    assert "--strict: the font 'Noto Sans' is not installed" in strict.stderr
    assert not (workspace / "strict").exists()


# Translations that survive edits --------------------------------------------------------------------------------


def test_inserting_deleting_and_moving_items_keeps_every_other_translation(tmp_path: Path) -> None:
    """Insert a fact at the top, delete one in the middle, swap two chronology entries: only the new fact is new."""
    root = tmp_path / "repo"
    for name in ("briefings", "locales"):
        shutil.copytree(PROJECT / name, root / name)
    example = root / "briefings" / "albania-mek-raid-2023.yaml"
    text = example.read_text(encoding="utf-8")
    new_fact = '  - text: "A fact added at the top."\n    status: reported\n    sources: [euractiv]\n'
    text = text.replace("facts:\n", "facts:\n" + new_fact, 1)
    facts = text[text.index("facts:") : text.index("figures:")].split("  - text:")
    deleted = facts[4]  # a fact in the middle
    text = text.replace("  - text:" + deleted, "", 1)
    chronology = text[text.index("chronology:\n") + len("chronology:\n") : text.index("actors:")]
    entries = ["  - date:" + entry for entry in chronology.split("  - date:")[1:]]
    swapped = [entries[1], entries[0], *entries[2:]]
    text = text.replace(chronology, "".join(swapped), 1)
    example.write_text(text, encoding="utf-8")

    updated = run("i18n", "update", cwd=root)
    assert updated.returncode == 0, updated.stderr
    strict = run("build", "--lang", "sq", "--strict", cwd=root)
    assert strict.returncode == 2
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "A fact added at the top." in row)
    assert strict.stderr.splitlines() == [
        "output/albania-mek-raid-2023.sq.pdf: not written (--strict):",
        f"briefings/albania-mek-raid-2023.yaml:{line}:11: facts[0].text: not translated into 'sq'",
    ]
    catalog = (root / "locales" / "sq" / "LC_MESSAGES" / "albania-mek-raid-2023.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in catalog
    assert "#~ msgctxt" in catalog  # the deleted fact's translation is kept as obsolete, not lost
