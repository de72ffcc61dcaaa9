"""A translator's slips in a catalog are the translator's: located lines, exit 2, nothing built.

Each case is a real workspace (`briefing init`), a real catalog in it, and the
installed command in its own process: what the translator's terminal shows.
The placeholders of issue 21 got through before: `%(date)r` printed
`Markup('<span ...>')` into the PDF, `%(date)1000000s` hung the build, `%(date)d`
was an internal error. The headers of issue 21 were reported as bugs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PROJECT, line_of, run_in

PACKAGED_SQ = PROJECT / "briefing" / "locales" / "sq" / "LC_MESSAGES" / "messages.po"
CATALOG = Path("locales/sq/LC_MESSAGES/messages.po")
NO_GETTEXT = {"PATH": "/nonexistent"}
KEEP = "keep each placeholder exactly as the msgid writes it (%(date)s), and write a % sign as %%"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    assert run_in(tmp_path, "init", "ws").returncode == 0
    return tmp_path / "ws"


def write_catalog(workspace: Path, old: str, new: str) -> Path:
    """The workspace's own Albanian interface catalog: the tool's, with one edit."""
    text = PACKAGED_SQ.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in the packaged catalog"
    path = workspace / CATALOG
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def assert_refused(workspace: Path, expected: list[str], *, env: dict[str, str] | None = None) -> None:
    """build, check and `i18n stats` each print exactly these lines and exit 2; no file is written."""
    built = run_in(workspace, "build", "--lang", "sq", "--out", "out", env=env)
    checked = run_in(workspace, "check", env=env)
    stats = run_in(workspace, "i18n", "stats", env=env)
    warning = "warning: GNU msgfmt is not installed"
    for result in (built, checked, stats):
        assert result.returncode == 2, result.stderr
        assert [line for line in result.stderr.splitlines() if not line.startswith(warning)] == expected
    assert not (workspace / "out").exists() or list((workspace / "out").glob("*.pdf")) == []


SITUATION = 'msgstr "Gjendja më %(date)s"'


@pytest.mark.parametrize(
    ("translation", "flag"),
    [
        # msgfmt --check-format takes r for s, flag or not: Python would print Markup('<span ...>').
        ("%(date)r", True),
        # A width: a million spaces of padding hung WeasyPrint's layout for minutes.
        ("%(date)1000000s", True),
        # msgfmt catches d with the flag; a translator who removes the flag gave an internal error.
        ("%(date)d", False),
    ],
    ids=["repr", "width", "integer-without-flag"],
)
def test_a_placeholder_not_written_as_the_msgid_writes_it_is_refused(
    workspace: Path, translation: str, flag: bool
) -> None:
    old = '#, python-format\nmsgid "Situation as of %(date)s"\n' + SITUATION
    new = (
        "#, python-format\n" if flag else ""
    ) + f'msgid "Situation as of %(date)s"\nmsgstr "Gjendja më {translation}"'
    path = write_catalog(workspace, old, new)
    line = line_of(path, f'msgstr "Gjendja më {translation}"')
    assert_refused(
        workspace,
        [
            f"{CATALOG}:{line}: msgstr: {translation} is not a placeholder of the msgid "
            f"'Situation as of %(date)s'; {KEEP}"
        ],
    )


def test_a_control_character_in_a_translation_is_refused_at_its_line(workspace: Path) -> None:
    """A control character in a msgstr printed nothing in the PDF and broke the Word edition with an internal error."""
    path = write_catalog(workspace, 'msgstr "Faktet kryesore"', 'msgstr "Faktet\x07 kryesore"')
    line = line_of(path, "Faktet\x07 kryesore")
    expected = [
        f"{CATALOG}:{line}: msgstr: character 7 is U+0007, a control character: not text; remove it from the translation"
    ]
    assert_refused(workspace, expected)
    docx = run_in(workspace, "build", "--lang", "sq", "--format", "docx", "--out", "out")
    assert (docx.returncode, docx.stderr.splitlines()) == (2, expected)


def test_every_bad_placeholder_of_a_catalog_is_reported_at_once_and_a_plural_form_may_leave_one_out(
    workspace: Path,
) -> None:
    path = write_catalog(workspace, SITUATION, 'msgstr "Gjendja më %(data)s"')
    text = path.read_text(encoding="utf-8")
    # "one source" for the singular without the number is the translator's choice, and fine.
    text = text.replace('msgstr[0] "Bazuar në %(num)d burim"', 'msgstr[0] "Bazuar në një burim"')
    text = text.replace('msgstr "Faqja %(page)s nga %(pages)s"', 'msgstr "Faqja %(page)5s nga %(pages)s, 100%"')
    path.write_text(text, encoding="utf-8")
    page = line_of(path, 'msgstr "Faqja')
    situation = line_of(path, 'msgstr "Gjendja')
    keep_pages = "keep each placeholder exactly as the msgid writes it (%(page)s, %(pages)s), and write a % sign as %%"
    assert_refused(
        workspace,
        [
            f"{CATALOG}:{page}: msgstr: %(page)5s is not a placeholder of the msgid 'Page %(page)s of %(pages)s'; "
            + keep_pages,
            f"{CATALOG}:{page}: msgstr: a % sign on its own; " + keep_pages,
            f"{CATALOG}:{situation}: msgstr: %(data)s is not a placeholder of the msgid "
            f"'Situation as of %(date)s'; {KEEP}",
        ],
        env=NO_GETTEXT,  # msgfmt would stop at its first finding; these are our own checks
    )


def test_the_placeholders_as_the_msgid_writes_them_build(workspace: Path) -> None:
    write_catalog(workspace, SITUATION, 'msgstr "Më %(date)s, gjendja (100%%)"')
    built = run_in(workspace, "build", "--lang", "sq", "--format", "html", "--out", "out")
    assert built.returncode == 0, built.stderr
    html = (workspace / "out" / "example.sq.html").read_text(encoding="utf-8")
    assert 'Më <span class="date">' in html
    assert "gjendja (100%)" in html


@pytest.mark.parametrize("env", [None, NO_GETTEXT], ids=["msgfmt", "without-msgfmt"])
def test_a_plural_expression_that_divides_by_zero_is_the_catalogs_problem(
    workspace: Path, env: dict[str, str] | None
) -> None:
    path = write_catalog(workspace, "plural=(n != 1);", "plural=n%0;")
    # GNU msgfmt names the header entry's msgstr line; our own check, the Plural-Forms line.
    line = line_of(path, 'msgstr ""') if env is None else line_of(path, '"Plural-Forms:')
    suffix = "" if env is None else " (n = 0)"
    assert_refused(workspace, [f"{CATALOG}:{line}: plural expression can produce division by zero{suffix}"], env=env)


def test_a_plural_expression_beyond_nplurals_is_refused_without_msgfmt(workspace: Path) -> None:
    path = write_catalog(workspace, "plural=(n != 1);", "plural=n;")
    line = line_of(path, '"Plural-Forms:')
    assert_refused(
        workspace, [f"{CATALOG}:{line}: plural expression gives form 2 for n = 2, but nplurals = 2"], env=NO_GETTEXT
    )


@pytest.mark.parametrize("env", [None, NO_GETTEXT], ids=["msgfmt", "without-msgfmt"])
def test_a_language_header_that_is_no_language_code_is_the_catalogs_problem(
    workspace: Path, env: dict[str, str] | None
) -> None:
    path = write_catalog(workspace, '"Language: sq\\n"', '"Language: a-\\n"')
    line = line_of(path, '"Language: a-')
    assert_refused(
        workspace,
        [
            f"{CATALOG}:{line}: the header's Language 'a-' is not a language code; "
            "write the catalog's language as its folder names it: sq"
        ],
        env=env,
    )


@pytest.mark.parametrize("template", ["briefing.html", "macros.html"])
def test_a_theme_template_syntax_error_is_located_in_the_theme(workspace: Path, template: str) -> None:
    """A syntax error in a theme's own template or in one it imports: file:line, exit 2, once, nothing written."""
    folder = workspace / "theme" / "templates"
    folder.mkdir(parents=True)
    packaged = (PROJECT / "briefing" / "templates" / template).read_text(encoding="utf-8")
    (folder / template).write_text(packaged + "{% if %}\n", encoding="utf-8")
    line = line_of(folder / template, "{% if %}")
    expected = (
        f"theme/templates/{template}:{line}: template syntax error: "
        "Expected an expression, got 'end of statement block'"
    )
    built = run_in(workspace, "build", "--out", "out")
    assert built.returncode == 2, built.stderr
    assert built.stderr.splitlines() == [expected]
    assert not (workspace / "out").exists() or list((workspace / "out").iterdir()) == []
