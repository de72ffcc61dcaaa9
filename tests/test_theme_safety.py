"""A theme is data, not code (issue 21, points 1, 2, 10, 13; issue 24, one reading of each stylesheet).

Each test plants what an attacker (or bad luck) would put in a workspace and
asserts what the user sees: the message, the exit status, and that nothing
ran, was read or was written. Commands run as the installed entry point in a
process of their own, so a traceback would show.
"""

from __future__ import annotations

import builtins
import gettext
import os
from pathlib import Path

import pytest
from jinja2.sandbox import SecurityError

from briefing.errors import InputError
from briefing.pipeline.render import Renderer, ThemeSandbox
from tests.conftest import PROJECT, run_in

TEMPLATE = (PROJECT / "templates" / "briefing.html").read_text(encoding="utf-8")
BODY_LINE = next(n for n, line in enumerate(TEMPLATE.splitlines(), 1) if line.startswith("<body"))


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    created = run_in(tmp_path, "init", "ws")
    assert created.returncode == 0, created.stderr
    return tmp_path / "ws"


def _plant_template(workspace: Path, line: str) -> None:
    """The tool's own template with `line` added right after its `<body>` (as line BODY_LINE + 1)."""
    folder = workspace / "theme" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    lines = TEMPLATE.splitlines(keepends=True)
    lines.insert(BODY_LINE, line + "\n")
    (folder / "briefing.html").write_text("".join(lines), encoding="utf-8")


UNSAFE = "; a theme template may use only the values the tool gives it (docs/theming.md)"


@pytest.mark.parametrize(
    ("attack", "message"),
    [
        (
            '{{ cycler.__init__.__globals__.os.system("id > pwned.txt") }}',
            "access to attribute '__init__' of 'type' object is unsafe" + UNSAFE,
        ),
        ('{{ __builtins__.open("secret.txt").read() }}', "'__builtins__' is undefined"),
        ("{{ vocabulary.re.compile }}", "access to attribute 're' of 'module' object is unsafe" + UNSAFE),
        ("{{ e.__class__.__mro__ }}", "access to attribute '__class__' of 'Edition' object is unsafe" + UNSAFE),
        (
            '{% include "../../secret.txt" %}',
            "no template '../../secret.txt': a theme may include only templates of theme/templates/ and the tool's",
        ),
    ],
    ids=["os.system", "builtins.open", "module", "class", "include"],
)
def test_a_theme_template_can_neither_run_a_command_nor_read_a_file(workspace: Path, attack: str, message: str) -> None:
    (workspace / "secret.txt").write_text("the secret\n", encoding="utf-8")
    _plant_template(workspace, attack)
    built = run_in(workspace, "build", "--lang", "en")
    assert built.returncode == 2
    assert built.stderr == f"theme/templates/briefing.html:{BODY_LINE + 1}: {message}\n"
    assert built.stdout == ""
    assert not (workspace / "pwned.txt").exists()
    assert not (workspace / "output").exists()


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("{{ ngettext(1) }}", "missing 2 required positional arguments: 'plural' and 'number'"),
        ("{{ fill_mark(1, 2, 3) }}", "takes from 1 to 2 positional arguments but 4 were given"),
        ("{{ 1 // 0 }}", "integer division or modulo by zero"),
    ],
    ids=["gettext", "fill_mark", "division"],
)
def test_a_theme_template_that_calls_wrongly_or_divides_by_zero_is_a_located_problem_not_a_bug(
    workspace: Path, expression: str, message: str
) -> None:
    _plant_template(workspace, expression)
    built = run_in(workspace, "build", "--lang", "en")
    assert built.returncode == 2, built.stderr
    (line,) = built.stderr.splitlines()
    assert line.startswith(f"theme/templates/briefing.html:{BODY_LINE + 1}: ") and line.endswith(message), line
    assert "internal error" not in line
    assert not (workspace / "output").exists()


def test_a_link_in_the_theme_templates_to_a_file_elsewhere_is_not_a_template(workspace: Path) -> None:
    secret = workspace / "secret.txt"
    secret.write_text("the secret\n", encoding="utf-8")
    _plant_template(workspace, '{% include "notes.html" %}')
    (workspace / "theme" / "templates" / "notes.html").symlink_to(secret)
    built = run_in(workspace, "build", "--lang", "en")
    assert built.returncode == 2
    assert built.stderr == (
        f"theme/templates/briefing.html:{BODY_LINE + 1}: no template 'notes.html': "
        "a theme may include only templates of theme/templates/ and the tool's\n"
    )
    assert not (workspace / "output").exists()


def test_a_theme_template_cannot_reach_a_file_through_a_path_it_is_given(tmp_path: Path) -> None:
    """The values the tool passes hold paths (a catalog's); Jinja's own sandbox would let `read_text` through."""
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret", encoding="utf-8")
    sandbox = Renderer(PROJECT / "templates").environment  # as every build renders
    assert isinstance(sandbox, ThemeSandbox)
    for attack in ("{{ p.read_text() }}", "{{ p.write_text('x') }}", "{{ p.parent }}", "{{ holder.path.open }}"):

        class Holder:
            path = secret

        with pytest.raises(SecurityError):
            sandbox.from_string(attack).render(p=secret, holder=Holder())
    assert secret.read_text(encoding="utf-8") == "the secret"
    with pytest.raises(SecurityError):  # would put `_` into every module's builtins
        sandbox.from_string("{{ translations.install() }}").render(translations=gettext.NullTranslations())
    assert not hasattr(builtins, "_")
    assert sandbox.from_string("{{ words | join(', ') }}").render(words=["a", "b"]) == "a, b"  # data is fine


def test_a_theme_template_attack_in_the_preview_is_a_located_problem_and_never_runs(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.preview.state import Preview
    from briefing.workspace import Workspace

    monkeypatch.chdir(workspace)
    _plant_template(workspace, '{{ cycler.__init__.__globals__.os.system("id > pwned.txt") }}')
    preview = Preview(Workspace(workspace), workspace / "briefings" / "example.yaml")
    snapshot = preview.refresh()
    assert snapshot.problems == (
        f"theme/templates/briefing.html:{BODY_LINE + 1}: access to attribute '__init__' of 'type' object is unsafe"
        + UNSAFE,
    )
    assert not snapshot.editions
    assert not (workspace / "pwned.txt").exists()


# --- whose workspace -----------------------------------------------------------------------------------------

NOBODY = 65534


def _planted_workspace(shared: Path) -> Path:
    """A folder with briefings/ and a theme in it, and below it the folder the victim works in."""
    (shared / "briefings").mkdir(parents=True)
    (shared / "briefings" / "planted.yaml").write_text("schema: 1\n", encoding="utf-8")
    (shared / "theme").mkdir()
    mine = shared / "alice"
    mine.mkdir()
    return mine


@pytest.mark.skipif(os.geteuid() != 0, reason="making a folder another user's needs root (chown); run as root")
def test_the_upward_search_stops_at_a_folder_owned_by_another_user(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    mine = _planted_workspace(shared)
    for path in (shared, shared / "briefings", shared / "theme"):
        os.chown(path, NOBODY, NOBODY)
    refused = run_in(mine, "build")
    assert refused.returncode == 2
    assert refused.stderr == (
        f"{shared}: not used as the workspace: it is owned by another user (uid {NOBODY}); "
        f"if you trust it, choose it on purpose with --workspace {shared}\n"
    )
    assert not (shared / "output").exists()

    # A briefings/ folder someone else planted in a folder of one's own is refused alike.
    os.chown(shared, os.geteuid(), os.getegid())
    refused = run_in(mine, "check")
    assert refused.returncode == 2
    assert refused.stderr.startswith(f"{shared / 'briefings'}: not used as the workspace: it is owned by another user")

    # Chosen on purpose, it is used.
    chosen = run_in(mine, "--workspace", shared, "check")
    assert chosen.stderr.startswith(f"{shared / 'briefings' / 'planted.yaml'}:"), chosen.stderr
    assert "not used as the workspace" not in chosen.stderr


def test_the_upward_search_stops_at_a_folder_others_can_write(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    mine = _planted_workspace(shared)
    shared.chmod(0o777)  # no sticky bit: anyone may plant or replace briefings/ and theme/
    refused = run_in(mine, "check")
    assert refused.returncode == 2
    assert refused.stderr == (
        f"{shared}: not used as the workspace: other users can write to it; "
        f"if you trust it, choose it on purpose with --workspace {shared}\n"
    )
    shared.chmod(0o1777)  # the sticky bit stops deleting, not creating a briefings/ of one's own
    assert run_in(mine, "check").stderr == refused.stderr
    chosen = run_in(mine, "check", env={"BRIEFING_WORKSPACE": str(shared)})
    assert chosen.stderr.startswith(f"{shared / 'briefings' / 'planted.yaml'}:"), chosen.stderr


def test_a_folder_of_ones_own_is_found_from_below_as_before(workspace: Path) -> None:
    (workspace / "briefings" / "drafts").mkdir()
    checked = run_in(workspace / "briefings" / "drafts", "check")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout == "ok example (en, sq)\n"


# --- fonts and stylesheets -----------------------------------------------------------------------------------


def test_a_corrupt_theme_font_is_named_and_strict_refuses_while_comments_are_only_comments(workspace: Path) -> None:
    theme = workspace / "theme"
    (theme / "fonts").mkdir(parents=True)
    (theme / "fonts" / "HouseSans.ttf").write_bytes(os.urandom(4096))
    (theme / "theme.css").write_text(
        '@font-face { font-family: "House Sans"; src: url(fonts/HouseSans.ttf); }\n'
        ":root {\n"
        '  --font-body: "House Sans";\n'
        "  /* --accent: #ff0000; */\n"
        '  /* --font-heading: "Nowhere Grotesk"; */\n'
        "}\n",
        encoding="utf-8",
    )
    warning = (
        "theme/fonts/HouseSans.ttf: not a font that can be used (Not a TrueType or OpenType font (bad sfntVersion)); "
        "the text in 'House Sans' (@font-face at theme/theme.css:1:1) would print in another font"
    )
    built = run_in(workspace, "build", "--lang", "en")
    assert built.returncode == 0, built.stderr
    assert built.stderr.splitlines() == [f"warning: {warning}"]  # and no word of "Nowhere Grotesk"
    content = _page_content(workspace / "output" / "example.en.pdf")
    assert "1 0 0 rg" not in content and "1 0 0 RG" not in content  # nothing painted #ff0000

    strict = run_in(workspace, "build", "--lang", "en", "--strict", "--out", "strict")
    assert strict.returncode == 2
    assert strict.stderr == f"--strict: {warning}\n"
    assert not (workspace / "strict").exists()


def _page_content(pdf: Path) -> str:
    from pypdf import PdfReader

    streams = [page.get_contents() for page in PdfReader(pdf).pages]
    return "".join(stream.get_data().decode("latin-1") for stream in streams if stream is not None)


@pytest.mark.parametrize(
    ("css", "column"),
    [
        (":not(" * 300 + "p" + ")" * 300 + " { color: red }", 157),  # a RecursionError traceback before
        (":root {\n  --x: " + "(" * 3000 + ")" * 3000 + ";\n}", None),
        ("p { margin: " + "calc(" * 200 + "1px" + ")" * 200 + " }", None),
    ],
    ids=["selector", "brackets", "functions"],
)
def test_deeply_nested_theme_css_is_a_located_error(workspace: Path, css: str, column: int | None) -> None:
    (workspace / "theme").mkdir()
    (workspace / "theme" / "theme.css").write_text(css, encoding="utf-8")
    built = run_in(workspace, "build", "--lang", "en")
    assert built.returncode == 2
    assert built.stderr.startswith("theme/theme.css:"), built.stderr
    assert built.stderr.endswith(": blocks, brackets or functions nested more than 32 deep; a stylesheet needs a few\n")
    assert len(built.stderr.splitlines()) == 1
    if column is not None:
        assert built.stderr.startswith(f"theme/theme.css:1:{column}:")
    assert not (workspace / "output").exists()


def test_an_oversized_or_undecodable_stylesheet_is_refused_with_its_place(workspace: Path) -> None:
    theme = workspace / "theme"
    theme.mkdir()
    (theme / "theme.css").write_bytes(b"/*" + b" " * 2_000_000 + b"*/")
    built = run_in(workspace, "build", "--lang", "en")
    assert built.returncode == 2
    assert built.stderr == "theme/theme.css: the stylesheet is 2,000,004 bytes; a stylesheet may be at most 1,048,576\n"
    (theme / "theme.css").write_bytes(b":root {\n  --accent: #0b6e4f; /* verd\xe9 */\n}\n")
    built = run_in(workspace, "build", "--lang", "en")
    assert built.returncode == 2
    assert built.stderr == "theme/theme.css:2:29: the file is not UTF-8 (byte 0xe9); save it as UTF-8\n"


def test_the_tools_own_stylesheet_is_far_inside_the_limits() -> None:
    """A theme copied from print.css and extended is never refused."""
    from briefing.pipeline.stylesheets import MAX_STYLESHEET_BYTES, read_stylesheet

    stylesheet = read_stylesheet(PROJECT / "styles" / "print.css")
    assert len(stylesheet.text.encode()) < MAX_STYLESHEET_BYTES / 10
    assert stylesheet.properties["--accent"].value == "#1f4e79"


def test_a_theme_template_edited_between_two_renders_in_one_process_is_read_anew(tmp_path: Path) -> None:
    """Templates are compiled once a process (the preview renders again on every save): never a stale one."""
    themes = [tmp_path / "one", tmp_path / "two"]
    for theme, words in zip(themes, ("first theme", "second theme"), strict=True):
        theme.mkdir()
        (theme / "greeting.html").write_text(f"<p>{words}</p>", encoding="utf-8")
    assert Renderer(PROJECT / "templates", themes[0]).template("greeting.html").render() == "<p>first theme</p>"
    assert Renderer(PROJECT / "templates", themes[1]).template("greeting.html").render() == "<p>second theme</p>"
    (themes[0] / "greeting.html").write_text("<p>edited, {{ 1 + 1 }}</p>", encoding="utf-8")
    assert Renderer(PROJECT / "templates", themes[0]).template("greeting.html").render() == "<p>edited, 2</p>"
    (themes[0] / "greeting.html").write_text("<p>{% if %}</p>", encoding="utf-8")
    with pytest.raises(InputError, match="template syntax error"):
        Renderer(PROJECT / "templates", themes[0]).template("greeting.html")
