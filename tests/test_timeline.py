"""The chronology's timeline: what it draws, checked from its geometry, from the SVG it emits, and in the PDF."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import subprocess
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from briefing.pipeline import noto_widths
from briefing.pipeline.dates import parse_partial_date
from briefing.pipeline.localize import Edition, Formatter, localize
from briefing.pipeline.render import stylesheet_palette
from briefing.pipeline.stylesheets import Stylesheet, parse_stylesheet
from briefing.pipeline.timeline import (
    LABEL_SIZE,
    MAX_ROWS,
    PLOT_RIGHT,
    ROW_PITCH,
    WIDTH,
    Box,
    Kind,
    Palette,
    Role,
    Timeline,
    TimelineEvent,
    draw_timeline,
    shorten,
    text_width,
)
from briefing.pipeline.validate import load_briefing
from tests.conftest import EXAMPLE, EXAMPLE_ID, catalogs, flat, interface, pdf_text, run_cli

SVG = "{http://www.w3.org/2000/svg}"
AS_OF = dt.date(2023, 6, 21)
# Rows, axis, ticks and two lines of legend: the tallest a timeline gets.
MAX_HEIGHT = 1 + MAX_ROWS * ROW_PITCH + 16


def draw(dates: list[str], labels: list[str] | None = None, *, lang: str = "en", as_of: dt.date = AS_OF) -> Timeline:
    """A timeline of these dates (in list order), as localize draws it."""
    formatter = Formatter(interface(lang))
    parsed = [parse_partial_date(d) for d in dates]
    events = [
        TimelineEvent(n, date, labels[n - 1] if labels else f"Event {n} happened")
        for n, date in enumerate(parsed, start=1)
    ]
    last = max((d.end or d.start for d in parsed), key=lambda p: p.last_day)
    return draw_timeline(events, as_of, formatter, formatter.timeline_words(len(events), parsed[0].start, last))


@cache
def example(lang: str) -> Edition:
    briefing = load_briefing(EXAMPLE, None)
    return localize(briefing, interface(lang), catalogs().content(briefing.id, lang))


def example_timeline(lang: str) -> Timeline:
    data = example(lang).timeline
    assert data is not None
    return data.draw()


# --- reading the SVG as a renderer would, measuring with the installed fonts --------------------


@cache
def installed_font(bold: bool) -> TTFont:
    style = "Noto Sans:bold" if bold else "Noto Sans:regular"
    path = subprocess.run(["fc-match", "-f", "%{file}", style], check=True, capture_output=True, text=True).stdout
    assert "NotoSans-" in path, f"fonts-noto-core is not installed: {style} is {path}"
    return TTFont(path)


def measured(text: str, size: float, bold: bool) -> float:
    """The advance width of `text` in the installed Noto Sans, in the size's units."""
    font = installed_font(bold)
    cmap, metrics = font.getBestCmap(), font["hmtx"]
    return sum(metrics[cmap[ord(c)]][0] for c in text) / font["head"].unitsPerEm * size


@dataclass(frozen=True)
class Drawn:
    what: str  # "badge", or a text's class
    text: str
    box: Box
    numbers: str  # the data-numbers of its event group, "" outside one


def drawn(svg: str) -> list[Drawn]:
    """Every text and badge of the SVG, with the box it covers when drawn in Noto Sans."""
    root = ET.fromstring(svg)
    found: list[Drawn] = []

    def walk(element: ET.Element, numbers: str) -> None:
        numbers = element.get("data-numbers", numbers)
        if element.tag == f"{SVG}text":
            size, x, y = (
                float(element.get("font-size", "0")),
                float(element.get("x", "0")),
                float(element.get("y", "0")),
            )
            text = element.text or ""
            width = measured(text, size, element.get("font-weight") == "bold")
            left = {"start": x, "middle": x - width / 2, "end": x - width}[element.get("text-anchor", "start")]
            font = installed_font(element.get("font-weight") == "bold")
            ascent, descent = font["hhea"].ascent / 1000 * size, -font["hhea"].descent / 1000 * size
            found.append(
                Drawn(element.get("class", ""), text, Box(left, y - ascent, left + width, y + descent), numbers)
            )
        elif element.tag == f"{SVG}rect" and element.get("rx"):
            x, y = float(element.get("x", "0")), float(element.get("y", "0"))
            w, h = float(element.get("width", "0")), float(element.get("height", "0"))
            found.append(Drawn("badge", "", Box(x, y, x + w, y + h), numbers))
        for child in element:
            walk(child, numbers)

    walk(root, "")
    return found


def overlapping(items: list[Drawn]) -> list[tuple[Drawn, Drawn]]:
    """Pairs that overlap, but for a number inside its own badge."""
    pairs = []
    for a, b in itertools.combinations(items, 2):
        inside_its_badge = {a.what, b.what} == {"badge", "number"} and a.numbers == b.numbers
        if a.box.overlaps(b.box) and not inside_its_badge:
            pairs.append((a, b))
    return pairs


def assert_readable(timeline: Timeline) -> None:
    """Nothing overlaps, by the module's geometry and by the SVG measured with the fonts; all in the figure."""
    geometry = [(t.text, t.box) for t in timeline.texts if t.role is not Role.NUMBER]
    clashes = [(a[0], b[0]) for a, b in itertools.combinations(geometry, 2) if a[1].overlaps(b[1])]
    assert clashes == []
    items = drawn(timeline.svg)
    assert [(a.text or a.what, b.text or b.what) for a, b in overlapping(items)] == []
    for item in items:
        assert item.box.left >= 0 and item.box.right <= WIDTH, item
        assert item.box.top >= 0 and item.box.bottom <= timeline.height, item


def badge_numbers(timeline: Timeline) -> list[int]:
    """The list numbers the badges show: `8–9` shows 8 and 9."""
    numbers: list[int] = []
    for item in drawn(timeline.svg):
        if item.what == "number":
            first, _, last = item.text.partition("–")
            numbers.extend(range(int(first), int(last or first) + 1))
    return sorted(numbers)


def labels(timeline: Timeline) -> dict[int, str]:
    return {int(d.numbers): d.text for d in drawn(timeline.svg) if d.what == "label"}


# --- the example ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "sq"])
def test_the_example_draws_every_event_once_with_its_list_number(lang: str) -> None:
    timeline = example_timeline(lang)
    assert [m.number for m in timeline.marks] == list(range(1, 10))
    assert badge_numbers(timeline) == list(range(1, 10))
    groups = ET.fromstring(timeline.svg).iter(f"{SVG}g")
    assert [g.get("data-numbers") for g in groups if g.get("class") == "event"] == [str(n) for n in range(1, 10)]


@pytest.mark.parametrize("lang", ["en", "sq"])
def test_the_example_labels_never_overlap(lang: str) -> None:
    timeline = example_timeline(lang)
    assert_readable(timeline)
    assert len(labels(timeline)) == 9, "every event of the example has room for a label"


def test_labels_and_words_are_in_the_editions_language() -> None:
    english, albanian = example_timeline("en"), example_timeline("sq")
    assert labels(english)[1].startswith("After being forced out of Iran")
    assert labels(albanian)[1].startswith("Pasi detyrohet të largohet nga Irani")
    assert labels(albanian)[9].startswith("Ministri i Brendshëm")
    for number, label in labels(albanian).items():
        text = example("sq").chronology[number - 1].text.text
        assert text.startswith(label.removesuffix("…")), (number, label)
    texts = {t.text for t in albanian.texts}
    assert {"21 qershor 2023", "Në një moment të kësaj periudhe", "Gjatë gjithë periudhës", "Ende në vazhdim"} <= texts
    assert not {"21 June 2023", "Sometime in this period", "Still ongoing"} & texts


def test_the_alternative_text_says_what_the_figure_shows() -> None:
    assert (
        example_timeline("en").title
        == "Timeline of 9 events from 1985 to 20 June 2023. Each event is listed by its number in the chronology that follows."
    )
    assert (
        example_timeline("sq").title
        == "Vija kohore e 9 ngjarjeve, 1985 – 20 qershor 2023. Çdo ngjarje jepet me numrin e saj në kronologjinë që vijon."
    )
    root = ET.fromstring(example_timeline("en").svg)
    title = root.find(f"{SVG}title")
    assert (
        title is not None
        and title.text
        == "Timeline of 9 events from 1985 to 20 June 2023. Each event is listed by its number in the chronology that follows."
    )
    assert root.get("role") == "img" and root.get("aria-labelledby") == title.get("id")
    assert (
        draw(["198X", "2023-06-20"]).title
        == "Timeline of 2 events from the 1980s to 20 June 2023. Each event is listed by its number in the chronology that follows."
    )
    assert (
        draw(["2023-06-20"]).title
        == "Timeline of 1 event, 20 June 2023. Each event is listed by its number in the chronology that follows."
    )


@pytest.mark.parametrize("lang", ["en", "sq"])
def test_year_ticks_are_localized_without_digit_grouping(lang: str) -> None:
    ticks = [t.text for t in example_timeline(lang).texts if t.role is Role.TICK]
    assert {"1985", "1990", "2000", "2010"} <= set(ticks)
    assert not [t for t in ticks if re.search(r"\d[,.\s\u00a0\u202f]\d{3}\b", t)]
    assert ticks[0] == {"en": "21 June 2023", "sq": "21 qershor 2023"}[lang], "as_of ends the axis"


def test_the_axis_ends_at_as_of() -> None:
    timeline = example_timeline("en")
    (end_tick,) = [t for t in timeline.texts if t.text == "21 June 2023"]
    assert end_tick.box.right == pytest.approx(PLOT_RIGHT, abs=0.01)
    assert timeline.segments[-1].end == AS_OF.toordinal() + 1
    assert timeline.segments[-1].right == PLOT_RIGHT


# --- partial dates drawn as what they are ---------------------------------------------------------


def test_a_decade_a_year_and_an_interval_are_spans_and_a_day_is_a_point() -> None:
    timeline = draw(["198X", "1995", "2001/2004", "2010-03", "2015-06-01"])
    decade, year, interval, month, day = timeline.marks
    x = timeline.segments[0].x
    mm_per_year = timeline.segments[0].mm_per_year
    assert (decade.kind, year.kind, interval.kind, month.kind, day.kind) == (
        Kind.SPAN,
        Kind.SPAN,
        Kind.PERIOD,
        Kind.SPAN,
        Kind.DAY,
    )
    assert (decade.left, decade.right) == (x(dt.date(1980, 1, 1).toordinal()), x(dt.date(1990, 1, 1).toordinal()))
    assert decade.right - decade.left == pytest.approx(10 * mm_per_year, rel=0.01)
    assert year.right - year.left == pytest.approx(mm_per_year, rel=0.01)
    assert (interval.left, interval.right) == (x(dt.date(2001, 1, 1).toordinal()), x(dt.date(2005, 1, 1).toordinal()))
    assert 0 < month.right - month.left < mm_per_year / 6
    assert day.left == day.right
    # The SVG draws each span across its extent: the bars of event 1 cover the 1980s.
    for mark in (decade, interval):
        group = next(
            g for g in ET.fromstring(timeline.svg).iter(f"{SVG}g") if g.get("data-numbers") == str(mark.number)
        )
        bars = [r for r in group.iter(f"{SVG}rect") if not r.get("rx")]
        left = min(float(r.get("x", "0")) for r in bars)
        right = max(float(r.get("x", "0")) + float(r.get("width", "0")) for r in bars)
        assert (left, right) == (pytest.approx(mark.left, abs=0.02), pytest.approx(mark.right, abs=0.05))
    # An interval is solid where it surely ran, pale where its ends are only known to the year.
    group = next(g for g in ET.fromstring(timeline.svg).iter(f"{SVG}g") if g.get("data-numbers") == "3")
    kinds = [(r.get("class"), r.get("fill-opacity", "1")) for r in group.iter(f"{SVG}rect") if not r.get("rx")]
    assert kinds == [("sometime", "0.32"), ("throughout", "1"), ("sometime", "0.32")]


def test_since_a_decade_is_the_decade_then_a_bar_fading_out() -> None:
    timeline = draw(["200X/..", "2015"])
    ongoing = timeline.marks[0]
    x = timeline.segments[0].x
    assert ongoing.kind is Kind.ONGOING and ongoing.faded
    assert (ongoing.left, ongoing.right) == (x(dt.date(2000, 1, 1).toordinal()), pytest.approx(PLOT_RIGHT))
    group = next(g for g in ET.fromstring(timeline.svg).iter(f"{SVG}g") if g.get("data-numbers") == "1")
    (pale,) = [r for r in group.iter(f"{SVG}rect") if r.get("class") == "sometime"]
    # Pale over the decade it started in (when in the 2000s is not known), as a decade alone is.
    assert float(pale.get("x", "0")) == pytest.approx(ongoing.left, abs=0.02)
    assert float(pale.get("x", "0")) + float(pale.get("width", "0")) == pytest.approx(
        x(dt.date(2010, 1, 1).toordinal()), abs=0.05
    )


def test_an_open_interval_fades_out_at_the_right_edge() -> None:
    timeline = draw(["2013/..", "2019"])
    ongoing = timeline.marks[0]
    assert ongoing.kind is Kind.ONGOING and ongoing.faded
    assert ongoing.right == pytest.approx(PLOT_RIGHT)
    group = next(g for g in ET.fromstring(timeline.svg).iter(f"{SVG}g") if g.get("data-numbers") == "1")
    fade = next(g for g in group.iter(f"{SVG}g") if g.get("class") == "fade")
    steps = list(fade.iter(f"{SVG}rect"))
    opacities = [float(r.get("fill-opacity", "1")) for r in steps]
    assert opacities == sorted(opacities, reverse=True) and opacities[0] > 0.9 and opacities[-1] < 0.1
    last = steps[-1]
    assert float(last.get("x", "0")) + float(last.get("width", "0")) == pytest.approx(PLOT_RIGHT, abs=0.05)
    assert "Still ongoing" in {t.text for t in timeline.texts if t.role is Role.LEGEND}
    assert not timeline.marks[1].faded


def test_approximate_and_uncertain_dates_carry_a_sign_the_legend_names() -> None:
    timeline = draw(["2001~", "2005?", "2009%", "2015"])
    qualifiers = {t.numbers: t.text for t in timeline.texts if t.role is Role.QUALIFIER}
    assert qualifiers == {(1,): "~", (2,): "?", (3,): "~?"}
    legend = [t.text for t in timeline.texts if t.role is Role.LEGEND]
    assert "~" in legend and "Approximate date" in legend
    assert "?" in legend and "Uncertain date" in legend
    assert "Approximate date" not in [t.text for t in draw(["2001", "2005"]).texts]


# --- untrusted text ---------------------------------------------------------------------------------


def test_labels_are_escaped_and_the_svg_refers_to_nothing_outside() -> None:
    hostile = "<script>alert('x')</script> & Co\x0b"
    timeline = draw(["2001", "2010"], [hostile, 'Say "hi" <a href="https://example.invalid">'])
    root = ET.fromstring(timeline.svg)  # well-formed XML
    assert not [e for e in root.iter() if e.tag.removeprefix(SVG) in ("script", "a", "image", "use", "foreignObject")]
    assert labels(timeline)[1] == "<script>alert('x')</script> & Co"
    assert "&lt;script&gt;alert('x')&lt;/script&gt; &amp; Co" in timeline.svg
    assert not [name for e in root.iter() for name in e.attrib if "href" in name]
    assert "url(" not in timeline.svg


# --- colours -------------------------------------------------------------------------------------------


def _sheets(*texts: str) -> list[Stylesheet]:
    return [parse_stylesheet(text.encode(), Path(f"sheet{n}.css")) for n, text in enumerate(texts)]


def test_a_themes_colours_reach_the_figure() -> None:
    palette = stylesheet_palette(
        _sheets(
            ":root { --accent: #1f4e79; --accent-soft: #eef3f8; --rule: #c5d3e0; --muted: #555; }",
            ":root { --accent: #b00020; --muted: var(--text); }",
        )
    )
    assert palette == Palette(accent="#b00020", rule="#c5d3e0", muted="#555")
    data = example("en").timeline
    assert data is not None
    svg = data.draw(palette).svg
    assert 'fill="#b00020"' in svg and "#1f4e79" not in svg


def test_a_colour_that_is_not_a_plain_css_colour_is_left_at_its_default() -> None:
    hostile = 'red" onload="alert(1)'
    assert stylesheet_palette(_sheets(f":root {{ --accent: {hostile}; --rule: rgb(10, 20, 30) }}")) == Palette(
        rule="rgb(10, 20, 30)"
    )
    assert Palette.of(accent=hostile, muted="var(--x)") == Palette()


def test_a_commented_out_colour_colours_nothing() -> None:
    """Issue 24: a regex read `/* --accent: #ff0000 */` and turned the timeline red."""
    palette = stylesheet_palette(
        _sheets(":root {\n  --accent: #0b6e4f;\n  /* --accent: #ff0000; */\n}\n/* :root { --rule: red } */")
    )
    assert palette == Palette(accent="#0b6e4f")


# --- crowding ---------------------------------------------------------------------------------------


def test_six_events_in_the_last_years_of_a_long_axis_all_keep_a_label() -> None:
    dates = ["1985", "1992", "2019-04-02", "2020-02", "2021-03-11", "2021-09", "2022-10-01", "2023-06-20"]
    timeline = draw(dates, [f"Event {n} with a few more words to show" for n in range(1, 9)])
    assert_readable(timeline)
    assert sorted(labels(timeline)) == list(range(1, 9))
    assert timeline.rows <= 6


def test_a_crowded_stretch_breaks_the_axis_into_two_proportional_scales() -> None:
    recent = [(dt.date(2019, 1, 10) + dt.timedelta(days=110 * n)).isoformat() for n in range(12)]
    timeline = draw(["1985", *recent])
    assert_readable(timeline)
    assert timeline.broken
    past, crowded = timeline.segments
    assert dt.date.fromordinal(int(crowded.start)) == dt.date(2019, 1, 1), "the break is in the quiet stretch"
    assert crowded.mm_per_year > 2 * past.mm_per_year
    assert crowded.left - past.right > 2, "a visible gap"
    assert sorted(labels(timeline)) == list(range(1, 14))
    ticks = {t.text for t in timeline.texts if t.role is Role.TICK}
    assert {"1985", "2019", "2020", "2021", "2022"} <= ticks


def test_the_example_keeps_a_proportional_axis() -> None:
    """Its burst of events since 2019 fits on rows: the break would cost the reader more than it gives."""
    timeline = example_timeline("en")
    assert not timeline.broken
    (segment,) = timeline.segments
    assert dt.date.fromordinal(int(segment.start)) == dt.date(1985, 1, 1)


def test_one_event() -> None:
    timeline = draw(["2023-06-20"])
    assert_readable(timeline)
    assert [m.number for m in timeline.marks] == [1] and badge_numbers(timeline) == [1]
    assert labels(timeline) == {1: "Event 1 happened"}


def test_all_events_on_one_day() -> None:
    timeline = draw(["2023-06-20"] * 9)
    assert_readable(timeline)
    assert badge_numbers(timeline) == list(range(1, 10))
    assert len({m.left for m in timeline.marks}) == 1
    assert (
        timeline.title
        == "Timeline of 9 events, 20 June 2023. Each event is listed by its number in the chronology that follows."
    )
    assert timeline.height <= MAX_HEIGHT


@pytest.mark.parametrize(
    "dates",
    [
        [(dt.date(1985, 1, 1) + dt.timedelta(days=233 * n)).isoformat() for n in range(60)],
        ["2023-06-20"] * 60,
        [f"{1985 + n // 2}" if n % 3 else f"{198 + n // 30}X" for n in range(60)],
    ],
    ids=["spread", "one-day", "years-and-decades"],
)
def test_sixty_events_take_bounded_time_and_room(dates: list[str]) -> None:
    started = time.perf_counter()
    timeline = draw(sorted(dates, key=lambda d: parse_partial_date(d).sort_key))
    assert time.perf_counter() - started < 2.0
    assert timeline.height <= MAX_HEIGHT
    assert len(timeline.svg) < 100_000
    assert_readable(timeline)
    assert badge_numbers(timeline) == list(range(1, 61)), "every event is drawn, alone or in a range"
    assert [m.number for m in timeline.marks] == list(range(1, 61))


# --- the font the layout is measured with ---------------------------------------------------------


@pytest.mark.parametrize(("table", "bold"), [(noto_widths.REGULAR, False), (noto_widths.BOLD, True)])
def test_the_width_table_is_the_installed_noto_sans(table: dict[int, tuple[int, ...]], bold: bool) -> None:
    """If this fails, the fonts changed: run scripts/noto-widths.py."""
    font = installed_font(bold)
    cmap, metrics = font.getBestCmap(), font["hmtx"]
    for first, row in table.items():
        for code, width in enumerate(row, start=first):
            assert width == (metrics[cmap[code]][0] if code in cmap else 0), hex(code)


# --- in the PDF ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "sq"])
def test_the_pdf_shows_the_timeline_above_the_numbered_list(built: dict[str, Path], lang: str) -> None:
    text = flat(pdf_text(built[lang]))
    heading, first_label, as_of, legend, first_entry = {
        "en": (
            "Chronology",
            "1 After being forced out of Iran…",  # not "Iran, the…": a cut never ends on "the"
            "21 June 2023",
            "Sometime in this period",
            "1 1985 After being forced out of Iran, the MEK is relocated",
        ),
        "sq": (
            "Kronologjia",
            "1 Pasi detyrohet të largohet nga Irani…",
            "21 qershor 2023",
            "Në një moment të kësaj periudhe",
            "1 1985 Pasi detyrohet të largohet nga Irani, MEK-u zhvendoset",
        ),
    }[lang]
    chronology = text[text.index(heading) :]
    list_start = chronology.index(first_entry)
    for part in (first_label, as_of, legend):
        assert chronology.index(part) < list_start, f"the figure, then the list: {part}"
    entries = chronology[list_start:]
    dates = example(lang).chronology
    at = [entries.index(f"{n} {event.date} ") for n, event in enumerate(dates, start=1)]
    assert at == sorted(at), "each entry shows its number beside its date"


def test_the_timeline_is_a_figure_with_its_alternative_text_in_a_tagged_pdf() -> None:
    import weasyprint

    timeline = example_timeline("en")
    html = f'<html lang="en"><body><figure class="timeline">{timeline.svg}</figure></body></html>'
    pdf = weasyprint.HTML(string=html).write_pdf(pdf_tags=True)
    reader = PdfReader(io.BytesIO(pdf))
    figures = []

    def walk(element: Any) -> None:
        element = element.get_object()
        if isinstance(element, list):
            for child in element:
                walk(child)
        elif hasattr(element, "get"):
            if element.get("/S") == "/Figure":
                figures.append(str(element.get("/Alt")))
            if "/K" in element:
                walk(element["/K"])

    walk(reader.root_object["/StructTreeRoot"])
    assert figures == [
        "Timeline of 9 events from 1985 to 20 June 2023. Each event is listed by its number in the chronology that follows."
    ]


def test_the_html_edition_carries_the_figure(tmp_path: Path) -> None:
    result = run_cli("build", EXAMPLE, "--lang", "sq", "--format", "html", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    html = (tmp_path / f"{EXAMPLE_ID}.sq.html").read_text(encoding="utf-8")
    figure = html[html.index('<figure class="timeline">') : html.index("</figure>")]
    assert (
        '<title id="timeline-title">Vija kohore e 9 ngjarjeve, 1985 – 20 qershor 2023. Çdo ngjarje jepet me numrin e saj në kronologjinë që vijon.</title>'
        in figure
    )
    assert html.index('<figure class="timeline">') < html.index('<li class="event">')


@pytest.mark.parametrize(
    ("label", "cut_before", "shown"),
    [
        # Written by a reader of each language: where a cut label may end, and where not.
        ("MEK-u kryen sulme ndaj objektivave iranianë", "objektivave", "MEK-u kryen sulme…"),
        (
            "Ministri i Brendshëm, Bledi Çuçi, e quajti operacionin të ligjshëm",
            "quajti",
            "Ministri i Brendshëm, Bledi Çuçi…",
        ),
        ("MEK-u organizon në selinë e tij një konferencë", "konferencë", "MEK-u organizon në selinë e tij…"),
        ("After being forced out of Iran, the MEK is relocated", "MEK", "After being forced out of Iran…"),
        ("Police raid the compound near Tirana", "Tirana", "Police raid the compound…"),
    ],
)
def test_a_cut_label_never_ends_on_a_small_word(label: str, cut_before: str, shown: str) -> None:
    language = "en" if label.startswith(("After", "Police")) else "sq"
    loose_ends = Formatter(interface(language)).loose_ends()
    room = text_width(label[: label.index(cut_before)].rstrip(" ,") + "…", LABEL_SIZE)
    assert shorten(label, room, loose_ends=loose_ends) == shown
    assert shorten(label, room) != shown, "without the list, the cut ends on the small word"
