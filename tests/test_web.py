"""The web edition (`build --format html`): a page made for screens, opened in a real browser.

Three briefings (the example; one with every kind of item, a logo and
AMBER+STRICT; one with long Albanian words and names and a long
chronology), each in English, Albanian and bilingual, are built once as
`build --format html` writes them, then opened from disk in Debian's
Chromium (Playwright) at the widths of a small phone, a phone, a tablet and
a laptop. axe-core, the engine of most accessibility checkers (npm,
pinned by package-lock.json, installed by `make test`), runs in each page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, FloatRect, Page

from tests.browser import chromium
from tests.conftest import (
    EVERY_DATE_FORM_BRIEFING,
    EVERY_DATE_FORM_ENTRIES,
    EVERY_KIND,
    EXAMPLE,
    EXAMPLE_ID,
    PROJECT,
    run_cli,
)

AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (320, 390, 768, 1280)
BRIEFINGS = ("example", "every-kind", "every-date-form")
EDITIONS = ("en", "sq", "en+sq")
TITLE_EN = "Albanian police raid the MEK compound near Tirana"
TITLE_SQ = "Policia shqiptare bastis kampin e MEK-ut pranë Tiranës"


@pytest.fixture(scope="session")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Each briefing's web pages, built once: {(briefing, edition): file}."""
    out = tmp_path_factory.mktemp("web")
    long_one = out / "every-date-form.yaml"
    chronology = "\n".join(
        f'  - {{date: "{edtf}", text: "The commission examined the agreement.", sources: [s]}}'
        for edtf, _english, _albanian in EVERY_DATE_FORM_ENTRIES
    )
    long_one.write_text(EVERY_DATE_FORM_BRIEFING.replace("{chronology}", chronology), encoding="utf-8")
    ids = {"example": EXAMPLE_ID, "every-kind": "every-kind", "every-date-form": "every-date-form"}
    editions = ["--lang", "en", "--lang", "sq", "--bilingual", "en+sq"]
    for path in (EXAMPLE, EVERY_KIND, long_one):
        result = run_cli("build", path, "--format", "html", *editions, "--out", out)
        assert result.exit_code == 0, result.output
    return {(name, edition): out / f"{ids[name]}.{edition}.html" for name in BRIEFINGS for edition in EDITIONS}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


def open_page(browser: Browser, path: Path, width: int) -> Page:
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    # A self-contained file: the page asks for nothing but itself (styles inline, images data: URLs).
    assert [url for url in requests if not url.startswith("data:")] == [path.as_uri()]
    return page


def axe_violations(page: Page) -> list[dict[str, Any]]:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: `make test` installs it (npm ci)")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


@pytest.fixture(scope="module")
def shown(pages: dict[tuple[str, str], Path], browser: Browser) -> Iterator[Callable[[str, str, int], Page]]:
    """Each page opened once, then shown at each width as a window resized to it.

    The web edition has no script: its layout at a width is its stylesheet's
    alone (media queries are evaluated anew on a resize), so a resized window
    shows what a page opened at that width shows, without loading the page
    and axe again for each width.
    """
    opened: dict[tuple[str, str], Page] = {}

    def show(briefing: str, edition: str, width: int) -> Page:
        if (briefing, edition) not in opened:
            opened[(briefing, edition)] = open_page(browser, pages[(briefing, edition)], width)
        page = opened[(briefing, edition)]
        page.set_viewport_size({"width": width, "height": 900})
        return page

    yield show
    for page in opened.values():
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("briefing", BRIEFINGS)
def test_the_page_fits_the_screen_reads_in_short_lines_and_axe_finds_nothing(
    shown: Callable[[str, str, int], Page], briefing: str, edition: str, width: int
) -> None:
    page = shown(briefing, edition, width)
    assert page.evaluate("window.innerWidth") == width
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow == 0, f"the page is {overflow} px wider than a {width} px screen"
    # Every line of text, from its first glyph to its last, in ems of its block's type: at most 45 (75-odd characters).
    widest = page.evaluate(
        """() => {
            const blocks = new Set();
            const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (!node.textContent.trim() || node.parentElement.closest('svg')) continue;  // a drawing's labels
                let block = node.parentElement;
                while (getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
                blocks.add(block);
            }
            const lines = [];
            for (const block of blocks) {
                const range = document.createRange();
                range.selectNodeContents(block);
                const spans = new Map();  // a line's bottom: its leftmost and rightmost glyph
                for (const rect of range.getClientRects()) {
                    if (!rect.width) continue;
                    const key = Math.round(rect.bottom);
                    const [left, right] = spans.get(key) || [rect.left, rect.right];
                    spans.set(key, [Math.min(left, rect.left), Math.max(right, rect.right)]);
                }
                const em = parseFloat(getComputedStyle(block).fontSize);
                for (const [left, right] of spans.values()) lines.push([(right - left) / em, block.textContent.trim().slice(0, 40)]);
            }
            return lines.sort((a, b) => b[0] - a[0])[0];
        }"""
    )
    assert widest[0] <= 45, f"a line of {widest[1]!r} is {widest[0]:.1f}em wide"
    violations = axe_violations(page)
    assert [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]][:3])
        for violation in violations
    ] == []


def test_landmarks_skip_link_sections_and_languages(pages: dict[tuple[str, str], Path], browser: Browser) -> None:
    page = open_page(browser, pages[("example", "en")], 390)
    assert page.locator("main").count() == 1
    assert page.locator("body > header").count() == 1 and page.locator("body > footer").count() == 1
    # The first stop of the keyboard: the skip link, shown when focused, and it leads to the briefing.
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert focused.inner_text() == "Skip to the briefing"
    assert focused.get_attribute("href") == "#main"
    assert focused.bounding_box()["y"] >= 0  # type: ignore[index]
    sections = page.get_by_role("navigation", name="Sections").get_by_role("link")
    assert sections.all_inner_texts() == [
        "Bottom line",
        "Key facts",
        "Key figures",
        "Chronology",
        "Actors",
        "Who says what",
        "Sources",
    ]
    assert page.locator("main h2").all_inner_texts() == sections.all_inner_texts()
    languages = page.get_by_role("navigation", name="Languages").get_by_role("link")
    assert languages.all_inner_texts() == ["English", "Shqip", "English + Shqip"]
    assert [languages.nth(i).get_attribute("href") for i in range(3)] == [
        f"{EXAMPLE_ID}.en.html",
        f"{EXAMPLE_ID}.sq.html",
        f"{EXAMPLE_ID}.en+sq.html",
    ]
    assert languages.nth(0).get_attribute("aria-current") == "page"
    assert page.locator(".languages a[hreflang=sq] span").get_attribute("lang") == "sq"
    # The switch goes to the Albanian page beside it, whose own switch says where the reader is.
    languages.nth(1).click()
    page.wait_for_url(f"**/{EXAMPLE_ID}.sq.html")
    assert page.locator("h1").inner_text() == TITLE_SQ
    assert page.locator("html").get_attribute("lang") == "sq"
    assert page.locator(".languages a[aria-current=page]").inner_text() == "Shqip"
    assert page.locator(".skip-link").inner_text() == "Kalo te përmbledhja informative"
    page.close()


@pytest.mark.parametrize(
    ("edition", "name"), [("en", "Source 1: Euractiv"), ("sq", "Burimi 1: Euractiv")], ids=["en", "sq"]
)
def test_a_reference_says_which_source_it_goes_to(
    pages: dict[tuple[str, str], Path], browser: Browser, edition: str, name: str
) -> None:
    page = open_page(browser, pages[("example", edition)], 1280)
    references = page.locator("main sup.refs a")
    names = {references.nth(i).get_attribute("aria-label") for i in range(references.count())}
    assert names == {name}
    # One reference per item: a fact cites its source once.
    for fact in page.locator(".facts li").all():
        assert fact.locator("sup.refs a").count() == 1
    references.first.click()
    assert page.evaluate("location.hash") == "#source-euractiv"
    page.close()


def test_the_tlp_label_is_a_badge_in_its_colour(pages: dict[tuple[str, str], Path], browser: Browser) -> None:
    for briefing, colour in (("example", "rgb(255, 255, 255)"), ("every-kind", "rgb(255, 192, 0)")):
        page = open_page(browser, pages[(briefing, "en")], 390)
        badge = page.locator("header .tlp-label")
        assert badge.inner_text() == ("TLP:CLEAR" if briefing == "example" else "TLP:AMBER+STRICT")
        assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(0, 0, 0)"
        assert badge.evaluate("e => getComputedStyle(e).color") == colour
        assert badge.bounding_box()["width"] < 390 / 2  # type: ignore[index]  # a badge, not a bar
        page.close()


def readable(text: str) -> str:
    """Text as read: soft hyphens and word joiners are no characters, any run of spaces one space."""
    return " ".join(text.replace("\u00ad", "").replace("\u2060", "").split())


def boxes(page: Page, selector: str) -> list[FloatRect]:
    return [box for element in page.locator(selector).all() if (box := element.bounding_box()) is not None]


def overlaps(a: FloatRect, b: FloatRect) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


@pytest.mark.parametrize("width", [320, 390, 768, 1280])
def test_key_figures_and_positions_never_overlap_and_stack_on_a_phone(
    pages: dict[tuple[str, str], Path], browser: Browser, width: int
) -> None:
    page = open_page(browser, pages[("example", "en")], width)
    for selector in (".figure", ".figure-number", ".position"):
        found = boxes(page, selector)
        assert len(found) >= 2
        assert not any(overlaps(a, b) for i, a in enumerate(found) for b in found[i + 1 :]), selector
    positions = boxes(page, ".question:first-of-type .position")
    side_by_side = positions[0]["y"] == positions[1]["y"]
    assert side_by_side == (width >= 768), positions
    page.close()


def test_the_timeline_gives_way_to_its_list_on_a_phone(pages: dict[tuple[str, str], Path], browser: Browser) -> None:
    for width, shown in ((390, False), (1280, True)):
        page = open_page(browser, pages[("example", "en")], width)
        assert page.locator("figure.timeline svg").is_visible() is shown
        events = page.locator(".chronology ol > li")
        assert events.count() == 9
        assert readable(events.nth(0).inner_text()) == (
            "1 1985 After being forced out of Iran, the MEK is relocated to Camp Ashraf near the Iranian border.[1]"
        )
        page.close()


@pytest.mark.parametrize(("width", "side_by_side"), [(390, False), (1280, True)])
def test_the_bilingual_page_pairs_each_item_side_by_side_where_it_fits(
    pages: dict[tuple[str, str], Path], browser: Browser, width: int, side_by_side: bool
) -> None:
    page = open_page(browser, pages[("example", "en+sq")], width)
    assert page.locator("h1 [lang=en]").inner_text() == TITLE_EN
    assert page.locator("h1 [lang=sq]").inner_text() == TITLE_SQ
    fact = page.locator(".facts li.pair").first
    english, albanian = fact.locator("> div[lang=en]"), fact.locator("> div[lang=sq]")
    assert readable(english.inner_text()).startswith("REPORTED On Tuesday 20 June 2023 the State Police entered")
    assert readable(albanian.inner_text()).startswith("RAPORTUAR")
    first, second = english.bounding_box(), albanian.bounding_box()
    assert first is not None and second is not None
    assert (first["y"] == second["y"] and first["x"] < second["x"]) is side_by_side
    assert (second["y"] >= first["y"] + first["height"]) is not side_by_side
    # Each column's references go to the source in that column's words.
    assert albanian.locator("sup.refs a").get_attribute("aria-label") == "Burimi 1: Euractiv"
    assert albanian.locator("sup.refs a").get_attribute("href") == "#sq.source-euractiv"
    assert page.locator("[id='sq.source-euractiv']").count() == 1
    page.close()


def test_print_stays_the_pdfs_job(pages: dict[tuple[str, str], Path]) -> None:
    """The web page carries no print layout: no page rules, no running header, no print stylesheet."""
    html = pages[("example", "en")].read_text(encoding="utf-8")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "<script" not in html and "<link" not in html
    for print_only in ("@page", "running-title", "position: running", "bookmark-level"):
        assert print_only not in html
