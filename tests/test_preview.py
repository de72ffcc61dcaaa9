"""`briefing preview` as an author uses it: a real server process, Debian's Chromium, files saved on disk.

Each test starts `briefing preview` in a fresh workspace (the one `briefing
init` makes), opens the page in headless Chromium, saves files the way an
editor does, and waits for what the author would see. Waits are generous;
nothing here is timed (benchmarks/preview.py measures the reload time).
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from briefing.workspace import create_workspace, packaged_resources
from tests.browser import PreviewProcess, chromium, running_preview
from tests.conftest import PROJECT, flat, pdf_text, run_cli, run_in

BRIEFING_FILE = Path("briefings/example.yaml")
CATALOG_SQ = Path("locales/sq/LC_MESSAGES/example.po")
TITLE_EN = "Albanian police search the MEK compound near Tirana"
TITLE_SQ = "Policia shqiptare kontrollon kampin e MEK-ut pranë Tiranës"
# A text far down the edition, below the first screen.
CHRONOLOGY_EN = "The State Police search the MEK compound near Tirana on a court order."

expect.set_options(timeout=15_000)  # a shared 2-core machine: generous waits, no timing


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    yield context.new_page()
    context.close()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "workspace"
    create_workspace(folder, packaged_resources())
    return folder


def save(path: Path, text: str, *, atomic: bool = False) -> None:
    """Save as an editor does: in place, or (atomic) a new file renamed over the old one."""
    if not atomic:
        path.write_text(text, encoding="utf-8")
        return
    temporary = path.with_name(f".{path.name}.saving")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def edit(path: Path, old: str, new: str, *, atomic: bool = False) -> str:
    """Replace `old` by `new` in the file; the text before the edit."""
    before = path.read_text(encoding="utf-8")
    assert old in before, f"test setup: {old!r} not in {path}"
    save(path, before.replace(old, new, 1), atomic=atomic)
    return before


def frame_scroll(page: Page) -> int:
    return page.evaluate("document.getElementById('edition').contentWindow.scrollY")


def test_a_saved_edit_appears_by_itself_at_the_same_scroll_position(workspace: Path, page: Page) -> None:
    briefing = workspace / BRIEFING_FILE
    with running_preview(workspace, str(BRIEFING_FILE)) as preview:
        page.goto(preview.url)
        edition = page.frame_locator("#edition")
        expect(edition.locator("h1")).to_have_text(TITLE_EN)
        page.evaluate("document.getElementById('edition').contentWindow.scrollTo(0, 700)")
        assert frame_scroll(page) == 700

        edit(briefing, CHRONOLOGY_EN, "The State Police enter the MEK compound at dawn.", atomic=True)

        expect(edition.locator(".chronology")).to_contain_text("The State Police enter the MEK compound at dawn.")
        page.wait_for_load_state("load")  # the frame is scrolled back when it has loaded
        assert frame_scroll(page) == 700

        edit(briefing, TITLE_EN, "Police search the MEK compound")  # saved in place this time
        expect(edition.locator("h1")).to_have_text("Police search the MEK compound")
        expect(page).to_have_title(re.compile("^Police search the MEK compound"))


def test_a_broken_save_shows_the_problems_over_the_last_render_and_a_fix_brings_it_back(
    workspace: Path, page: Page
) -> None:
    briefing = workspace / BRIEFING_FILE
    with running_preview(workspace, str(BRIEFING_FILE)) as preview:
        page.goto(preview.url)
        edition = page.frame_locator("#edition")
        expect(edition.locator("h1")).to_have_text(TITLE_EN)
        problems = page.locator(".problems li")
        expect(problems).to_have_count(0)

        # A value that looks like markup: the page must show it as text.
        good = edit(briefing, "status: reported", "status: <b>reportd</b>")
        cli = run_in(workspace, "check", BRIEFING_FILE)
        assert cli.returncode == 2
        expected = cli.stderr.splitlines()
        assert expected == [
            "briefings/example.yaml:15:13: facts[0].status: '<b>reportd</b>' is not one of "
            "confirmed, reported, claimed, disputed"
        ]
        expect(problems).to_have_text(expected)  # the same lines as the command line
        expect(page.locator(".problems b")).to_have_count(0)
        expect(edition.locator("h1")).to_have_text(TITLE_EN)  # the last good render stays

        save(briefing, good.replace("schema: 1", "schema: 1\ntitle: [unclosed", 1))
        expect(problems.first).to_contain_text("briefings/example.yaml:")
        expect(problems.first).to_contain_text("not valid YAML")

        save(briefing, good.replace(TITLE_EN, "Fixed and saved", 1))
        expect(edition.locator("h1")).to_have_text("Fixed and saved")
        expect(problems).to_have_count(0)
    assert any(line == expected[0] + "\n" for line in preview.stderr), "the terminal shows the problem too"


def test_a_preview_started_on_a_broken_file_shows_its_problems_until_it_is_fixed(workspace: Path, page: Page) -> None:
    briefing = workspace / BRIEFING_FILE
    good = edit(briefing, "tlp: CLEAR", "tlp: CLEARR")
    with running_preview(workspace, str(BRIEFING_FILE)) as preview:
        page.goto(preview.url)
        expect(page.locator(".problems li")).to_have_text(
            [re.compile(r"^briefings/example\.yaml:\d+:6: tlp: 'CLEARR'")]
        )
        expect(page.locator(".hint")).to_have_text("Nothing to show yet. Save a fix and the page reloads.")
        expect(page.locator("#edition")).to_have_count(0)

        save(briefing, good)

        expect(page.frame_locator("#edition").locator("h1")).to_have_text(TITLE_EN)
        expect(page.locator(".problems")).to_have_count(0)


def test_the_language_switch_and_the_pdf_of_the_edition_shown(workspace: Path, page: Page, tmp_path: Path) -> None:
    with running_preview(workspace) as preview:  # no FILE: the workspace's only briefing
        page.goto(preview.url)
        edition = page.frame_locator("#edition")
        expect(edition.locator("h1")).to_have_text(TITLE_EN)
        expect(page.locator(".languages a")).to_have_text(["English (en)", "shqip (sq)"])

        page.locator(".languages a[hreflang=sq]").click()

        expect(edition.locator("h1")).to_have_text(TITLE_SQ)
        expect(edition.locator("h2").first).to_have_text("Thelbi")
        expect(page.locator(".languages a[aria-current=page]")).to_have_text("shqip (sq)")
        link = page.locator("a.pdf")
        href = link.get_attribute("href")
        assert href is not None
        response = page.request.get(preview.address(href))
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        pdf = tmp_path / "shown.pdf"
        pdf.write_bytes(response.body())
        text = flat(pdf_text(pdf))
        assert TITLE_SQ in text
        assert "Faqja 1 nga" in text


def test_the_frame_shows_the_web_edition_and_its_language_links_switch_the_preview(workspace: Path, page: Page) -> None:
    with running_preview(workspace) as preview:
        page.goto(preview.url)
        edition = page.frame_locator("#edition")
        expect(edition.locator("h1")).to_have_text(TITLE_EN)
        # The page `build --format html` writes: landmarks, a skip link, the sections and languages as links.
        expect(edition.locator("main")).to_have_count(1)
        expect(edition.locator("a.skip-link")).to_have_text("Skip to the briefing")
        expect(edition.get_by_role("navigation", name="Languages").get_by_role("link")).to_have_text(
            ["English", "Shqip"]
        )
        # A language link in the page opens that edition in the whole preview, its bar included.
        edition.get_by_role("link", name="Shqip").click()
        page.wait_for_url(re.compile(r"[?&]lang=sq"))
        expect(page.frame_locator("#edition").locator("h1")).to_have_text(TITLE_SQ)
        expect(page.locator(".languages a[aria-current=page]")).to_have_text("shqip (sq)")


def test_a_bilingual_edition_is_shown_and_its_pdf_is_the_file_build_writes(
    workspace: Path, page: Page, tmp_path: Path
) -> None:
    edit(workspace / BRIEFING_FILE, "languages: [en, sq]", "languages: [en, sq]\nbilingual: [[en, sq]]")
    with running_preview(workspace) as preview:
        page.goto(preview.url)
        switch = page.locator(".languages a")
        expect(switch).to_have_text(["English (en)", "shqip (sq)", "English + shqip (en+sq)"])

        switch.nth(2).click()

        edition = page.frame_locator("#edition")
        expect(edition.locator("h1")).to_contain_text(TITLE_EN)
        expect(edition.locator("h1")).to_contain_text(TITLE_SQ)
        expect(edition.locator("h2").first).to_have_text("Bottom line · Thelbi")
        expect(page.locator(".languages a[aria-current=page]")).to_have_text("English + shqip (en+sq)")
        href = page.locator("a.pdf").get_attribute("href")
        assert href is not None
        response = page.request.get(preview.address(href))
        assert response.status == 200
        assert response.headers["content-disposition"] == "inline; filename*=UTF-8''example.en%2Bsq.pdf"
        shown = response.body()

        # A broken Albanian catalog: the editions that show Albanian say so, the English one does not.
        catalog = workspace / CATALOG_SQ
        good_catalog = edit(catalog, f'msgstr "{TITLE_SQ}"', 'msgstr "unclosed')
        problems = page.locator(".problems li")
        expect(problems.first).to_contain_text("locales/sq/LC_MESSAGES/example.po:")
        expect(edition.locator("h1")).to_contain_text(TITLE_SQ)  # over the last good render
        page.goto(preview.address("/?lang=en"))
        expect(page.frame_locator("#edition").locator("h1")).to_have_text(TITLE_EN)
        expect(problems).to_have_count(0)
        save(catalog, good_catalog)

    out = tmp_path / "out"
    built = run_in(workspace, "build", "--bilingual", "en+sq", "--out", out)
    assert built.returncode == 0, built.stderr
    # The same bytes: tagged, finished, carrying its briefing file, as `build` writes them.
    assert (out / "example.en+sq.pdf").read_bytes() == shown


def test_a_saved_translation_shows_at_once(workspace: Path, page: Page) -> None:
    with running_preview(workspace, str(BRIEFING_FILE)) as preview:
        page.goto(preview.address("/?lang=sq"))
        edition = page.frame_locator("#edition")
        expect(edition.locator("h1")).to_have_text(TITLE_SQ)

        edit(workspace / CATALOG_SQ, f'msgstr "{TITLE_SQ}"', 'msgstr "Policia shqiptare hyn në kampin e MEK-ut"')

        expect(edition.locator("h1")).to_have_text("Policia shqiptare hyn në kampin e MEK-ut")


def test_the_bar_counts_what_is_left_to_translate(workspace: Path, page: Page) -> None:
    with running_preview(workspace, str(BRIEFING_FILE)) as preview:
        page.goto(preview.address("/?lang=sq"))
        edition = page.frame_locator("#edition")
        expect(edition.locator("h1")).to_have_text(TITLE_SQ)
        count = page.locator(".bar .untranslated")
        expect(count).to_have_count(0)  # the example's catalog is complete

        # The translator empties two entries (the title, then the summary), as if they were new texts.
        catalog = workspace / CATALOG_SQ
        edit(catalog, f'msgstr "{TITLE_SQ}"', 'msgstr ""')
        expect(count).to_have_text(["1 text not translated into shqip yet"])
        expect(edition.locator("h1")).to_contain_text(TITLE_EN)  # shown in English, marked
        text = catalog.read_text(encoding="utf-8")
        summary = text.index('msgstr "', text.index("#. summary[0]"))
        save(catalog, text[:summary] + 'msgstr ""' + text[text.index("\n", summary) :])
        expect(count).to_have_text(["2 texts not translated into shqip yet"])

        page.goto(preview.address("/?lang=en"))
        expect(page.frame_locator("#edition").locator("h1")).to_have_text(TITLE_EN)
        expect(count).to_have_count(0)  # English is the briefing's own language


def test_theme_files_restyle_the_page_and_a_template_bug_is_shown_not_fatal(workspace: Path, page: Page) -> None:
    theme = workspace / "theme"
    theme.mkdir()
    with running_preview(workspace, str(BRIEFING_FILE)) as preview:
        page.goto(preview.url)
        edition = page.frame_locator("#edition")
        heading = edition.locator(".summary h2")
        expect(heading).to_have_css("color", "rgb(31, 78, 121)")

        save(theme / "theme.css", ":root { --accent: #0b6e4f; }\n")
        expect(heading).to_have_css("color", "rgb(11, 110, 79)")

        # The theme's organisation and logo; the page loads the logo through the server.
        save(theme / "logo.svg", (PROJECT / "docs" / "example-theme" / "logo.svg").read_text(encoding="utf-8"))
        save(theme / "theme.yaml", "prepared_by: Institute for Example Studies\nlogo: logo.svg\n")
        expect(edition.locator(".prepared-by")).to_contain_text("Institute for Example Studies")
        expect(edition.locator("img.logo")).to_have_js_property("naturalWidth", 120)  # loaded, 120 px wide

        # A theme template that fails while rendering is the user's input, located at its line:
        # the page says so, keeps the last render, and the server goes on. The PDF's template
        # (briefing.html) is checked too, though the page shows the web edition (web.html).
        (theme / "templates").mkdir()
        save(theme / "templates" / "briefing.html", "<p>house template</p>\n<h1>{{ no_such_value }}</h1>\n")
        problems = page.locator(".problems li")
        expect(problems).to_have_text(["theme/templates/briefing.html:2: 'no_such_value' is undefined"])
        expect(edition.locator("h1")).to_have_text(TITLE_EN)

        (theme / "templates" / "briefing.html").unlink()
        save(theme / "templates" / "web.html", "<main>\n<h1>{{ e.title.text }} (house {{ missing }})</h1></main>\n")
        expect(problems).to_have_text(["theme/templates/web.html:2: 'missing' is undefined"])
        save(theme / "templates" / "web.html", "<main><h1>{{ e.title.text }} (house template)</h1></main>\n")
        expect(edition.locator("h1")).to_have_text(f"{TITLE_EN} (house template)")
        expect(problems).to_have_count(0)
        assert preview.process.poll() is None


def _get(preview: PreviewProcess, path: str, *, host: str | None = None, method: str = "GET") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=30)
    connection.putrequest(method, path, skip_host=host is not None)
    if host is not None:
        connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def _listening_addresses(port: int) -> list[str]:
    """The local addresses of the TCP sockets listening on `port`, from the kernel's own table."""
    addresses = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            host, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                addresses.append(socket.inet_ntoa(bytes.fromhex(host)[::-1]) if len(host) == 8 else host)
    return addresses


def test_the_server_listens_on_the_loopback_only_and_serves_only_its_routes(workspace: Path) -> None:
    with running_preview(workspace, str(BRIEFING_FILE)) as preview:
        assert _listening_addresses(preview.port) == ["127.0.0.1"]
        assert _get(preview, preview.with_token("/"))[0] == 200
        for path in (
            "/briefings/example.yaml",
            "/../briefings/example.yaml",
            "/assets/page.html",
            "/assets/../page.html",
            "/edition/../../briefings/example.yaml",
            "/edition/en/../../../etc/passwd",
            "/pdf/xx",
            "/logo",  # the example has no logo
            "/etc/passwd",
        ):
            status, body = _get(preview, preview.with_token(path))
            assert status == 404, path
            assert b"schema: 1" not in body and b"root:" not in body
        # A page that rebinds its own host name to 127.0.0.1 is not answered.
        status, body = _get(preview, preview.with_token("/"), host="attacker.example")
        assert status == 421
        assert TITLE_EN.encode() not in body
        assert _get(preview, preview.with_token("/"), method="POST")[0] == 501


def test_ctrl_c_stops_the_server_promptly_and_cleanly(workspace: Path) -> None:
    with running_preview(workspace, str(BRIEFING_FILE)) as preview:
        # A page is connected to the live-reload stream when the author stops the server.
        stream = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=30)
        stream.request("GET", preview.with_token("/events"))
        events = stream.getresponse()
        assert events.getheader("Content-Type", "").startswith("text/event-stream")
        assert events.readline().startswith(b"retry: ")
        status = preview.stop(timeout=15)  # raises if the server hangs on
        stream.close()
    assert status == 0
    stderr = "".join(preview.stderr)
    assert "Traceback" not in stderr
    assert stderr == ""
    assert preview.stdout[-1] == "stopped\n"


def test_it_opens_a_browser_only_when_asked(workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # $BROWSER is how Python's webbrowser module, and so `--open`, chooses the browser.
    opened = tmp_path / "opened.txt"
    opener = tmp_path / "opener.sh"
    opener.write_text(f'#!/bin/sh\nprintf "%s" "$1" > {opened}.part && mv {opened}.part {opened}\n')
    opener.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(opener))
    with running_preview(workspace, str(BRIEFING_FILE)):
        pass
    assert not opened.exists()
    with running_preview(workspace, str(BRIEFING_FILE), "--open") as preview:
        deadline = time.monotonic() + 30
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert opened.read_text() == preview.url


def test_without_a_file_and_with_several_briefings_it_says_which_to_name(workspace: Path) -> None:
    second = workspace / "briefings" / "second.yaml"
    second.write_text((workspace / BRIEFING_FILE).read_text(encoding="utf-8").replace("id: example", "id: second"))
    result = run_cli("--workspace", workspace, "preview")
    assert result.exit_code == 2
    assert "2 briefings (" in result.output
    assert "name the one to preview" in result.output


def test_a_port_in_use_is_a_clear_error(workspace: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("--workspace", workspace, "preview", workspace / BRIEFING_FILE, "--port", port)
    assert result.exit_code == 2
    assert result.output == (
        f"127.0.0.1:{port} is in use: stop what listens there, or leave out --port for a free port\n"
    )
