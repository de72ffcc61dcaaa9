"""The chronology as a timeline: its events on a horizontal time axis, drawn as an SVG.

This module owns the picture above the chronology list. Its input is the
chronology's dates and labels in list order (each event keeps the number the
list shows beside it), the `as_of` date (the end of the axis), a formatter
for the tick labels (the edition's locale), the figure's words (its
alternative text and legend, already translated) and its colours (the
theme's). Its output is an SVG string and the geometry it was drawn from, so
tests can check what a reader sees. It reads no files and knows no
language: `localize` gathers its input as a `TimelineData`, and `render`
draws it in the stylesheets' colours.

How it draws:

* **Axis**: proportional, from the first event's year to `as_of`, so the
  picture keeps the shape of the story (decades of quiet, then a burst).
  When a burst is too crowded to label on rows, the axis is broken once, in
  a quiet stretch, into two proportional scales, the crowded one wider, with
  a gap, slanted strokes and ticks that show each scale. A break distorts
  time, so it has to buy clearly more labels or fewer rows (`_quality`): the
  example's six events since 2019 on an axis from 1985 fit on six rows, and
  keep the plain axis. A second panel magnifying the crowded stretch would
  say what the break says in twice the height.
* **Dates drawn as what they are**: a day is a diamond; a month, a year or a
  decade is a pale span ("sometime in this period"); an interval is a solid
  bar ("throughout"), with pale ends when its ends are partial; an open
  interval (`2013/..`) fades out at the right edge; `~` and `?` beside the
  number say a date is approximate or uncertain. A legend names the forms
  that appear.
* **Crowding**: each event is a numbered badge with, where room allows, the
  first words of its text. Events are packed on rows, each label shortened
  or reduced to its number until it fits beside its neighbours; nothing
  drawn overlaps. Only when even numbers do not fit on `MAX_ROWS` rows are
  neighbouring events drawn with one badge (`8–9`).

Sizes are in millimetres: the SVG is `WIDTH` wide, the text width of A4 with
print.css's margins, and as tall as its rows need. Labels are measured with
Noto Sans's advance widths (`noto_widths`), the family every text names, so
WeasyPrint draws the glyphs the layout was computed for. Every text is user
text or a translation, and colours come from a theme: all of it is
XML-escaped (colours must also look like colours), and the SVG refers to
nothing outside itself.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Protocol
from xml.sax.saxutils import escape

import tinycss2

from briefing.pipeline import noto_widths
from briefing.pipeline.dates import DatePoint, PartialDate, Precision

PT = 25.4 / 72  # millimetres in a point

WIDTH = 176.0  # A4 (210 mm) less print.css's 17 mm margins; Letter's text width is 182 mm
FONT_FAMILY = "Noto Sans"
LABEL_SIZE = 7 * PT
NUMBER_SIZE = 6 * PT
TICK_SIZE = 6.5 * PT
LEGEND_SIZE = 6.5 * PT

PLOT_LEFT = 4.0  # room for half of the first year's label
PLOT_RIGHT = WIDTH - 3.0  # room for half a badge at `as_of`
BREAK_GAP = 3.0
TOP = 0.8
ROW_PITCH = 6.2
BADGE = 3.6  # height of a number badge
BAR_OFFSET = 4.2  # from a row's top to its bar's top
BAR_HEIGHT = 1.1
DIAMOND = 0.95  # half the width of a day's diamond
GAP = 1.2  # the least room between two things side by side
MAX_ROWS = 8
LABEL_WIDTHS = (46.0, 30.0, 16.0)  # a label's widths to try, longest first
FADE = 16.0  # length of an open interval's fade
FADE_STEPS = 16

PALE = 0.32  # opacity of the accent in a span: "sometime in this period"
GRID = 0.5  # opacity of the rule colour in the grid lines

# Weights of the layouts compared in `_quality`, in millimetres of label.
LABEL_SHOWN = 12.0  # a label at all is worth more than its length
ROW_COST = 10.0
BREAK_COST = 40.0

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SPACES = re.compile(r"\s+")


class AxisFormatter(Protocol):
    """What the timeline asks of the edition's locale (`localize.Formatter`)."""

    def year(self, year: int) -> str: ...
    def month(self, value: dt.date) -> str: ...
    def day(self, value: dt.date | None) -> str | None: ...


@dataclass(frozen=True)
class TimelineEvent:
    number: int  # as the chronology list shows it
    date: PartialDate
    label: str  # the event's text in the edition; untrusted


@dataclass(frozen=True)
class Palette:
    """The colours of the theme's properties the figure uses; the defaults are print.css's."""

    accent: str = "#1f4e79"  # --accent: badges, bars, signs
    rule: str = "#c5d3e0"  # --rule: grid lines
    muted: str = "#555"  # --muted: the axis, its ticks, the legend
    text: str = "#1a1a1a"  # --text: labels

    @classmethod
    def of(cls, **colours: str | None) -> Palette:
        """The colours given that an SVG attribute can carry (a CSS colour, not a `var()`); the defaults for the others."""
        return cls(**{name: c.strip() for name, c in colours.items() if c and _is_colour(c)})


def _is_colour(value: str) -> bool:
    """A single CSS colour value, as tinycss2 (WeasyPrint's parser) reads one: nothing else can reach the SVG."""
    from tinycss2.color3 import parse_color

    tokens = [t for t in tinycss2.parse_component_value_list(value) if t.type not in ("whitespace", "comment")]
    return len(tokens) == 1 and parse_color(tokens[0]) is not None


@dataclass(frozen=True)
class TimelineWords:
    """The figure's words in the edition's language."""

    title: str  # the alternative text: what the figure shows
    sometime: str  # a pale span
    throughout: str  # a solid bar
    ongoing: str  # a fade
    approximate: str
    uncertain: str
    # The words a label cut short never ends on ("Bledi Çuçi, e…"), casefolded.
    loose_ends: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TimelineData:
    """What an edition's timeline shows, in its language: all the figure needs but its colours."""

    events: tuple[TimelineEvent, ...]
    as_of: dt.date
    formatter: AxisFormatter
    words: TimelineWords

    def draw(self, palette: Palette | None = None, *, id_prefix: str = "timeline") -> Timeline:
        return draw_timeline(self.events, self.as_of, self.formatter, self.words, palette, id_prefix=id_prefix)


class Kind(StrEnum):
    DAY = "day"  # a diamond
    SPAN = "span"  # a month, a year or a decade: sometime in it
    PERIOD = "period"  # a closed interval
    ONGOING = "ongoing"  # an open interval, fading out


class Role(StrEnum):
    NUMBER = "number"
    LABEL = "label"
    QUALIFIER = "qualifier"
    TICK = "tick"
    LEGEND = "legend"


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom
        )


@dataclass(frozen=True)
class Segment:
    """One proportional stretch of the axis: days `start`..`end` (ordinals) drawn at `left`..`right` mm."""

    start: float
    end: float
    left: float
    right: float

    @property
    def mm_per_year(self) -> float:
        return (self.right - self.left) / (self.end - self.start) * 365.25

    def x(self, day: float) -> float:
        return self.left + (day - self.start) / (self.end - self.start) * (self.right - self.left)


@dataclass(frozen=True)
class Mark:
    """How one event is drawn: its kind, its extent on the axis, its row (0 at the top)."""

    number: int
    kind: Kind
    left: float
    right: float
    row: int
    approximate: bool
    uncertain: bool
    faded: bool


@dataclass(frozen=True)
class Text:
    """A text the figure shows, with the box it takes (from Noto Sans's widths)."""

    role: Role
    text: str
    box: Box
    numbers: tuple[int, ...] = ()


@dataclass(frozen=True)
class Timeline:
    svg: str
    width: float
    height: float
    title: str
    segments: tuple[Segment, ...]
    marks: tuple[Mark, ...]
    texts: tuple[Text, ...]
    rows: int

    @property
    def broken(self) -> bool:
        return len(self.segments) > 1

    def __html__(self) -> str:
        # Markup made here, every text in it escaped: templates place it as it is.
        return self.svg


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width in mm of `text` in Noto Sans at `size` mm; a character it lacks counts as one em."""
    # Kerning only narrows Noto's Latin: a small margin keeps the estimate on the wide side.
    return _advance(text, bold) / 1000 * size * 1.02


@lru_cache(maxsize=1 << 12)
def _advance(text: str, bold: bool) -> int:
    """The sum of the characters' advances, in thousandths of an em: the layout asks it of each label many times."""
    table = _BOLD if bold else _REGULAR
    return sum(table.get(ord(c), 1000) for c in text)


def _widths(blocks: dict[int, tuple[int, ...]]) -> dict[int, int]:
    return {first + i: w for first, row in blocks.items() for i, w in enumerate(row) if w}


_REGULAR = _widths(noto_widths.REGULAR)
_BOLD = _widths(noto_widths.BOLD)


def clean(text: str) -> str:
    """One line of text that XML can carry: spaces folded, characters XML forbids dropped."""
    return _SPACES.sub(" ", _XML_FORBIDDEN.sub("", text)).strip()


def shorten(
    text: str, width: float, size: float = LABEL_SIZE, *, loose_ends: frozenset[str] = frozenset()
) -> str | None:
    """`text`, or its first words and an ellipsis, in at most `width` mm; None if not even one word fits.

    A cut never leaves one of `loose_ends` (an article, a preposition) dangling before the
    ellipsis: `sulme ndaj…` becomes `sulme…`.
    """
    if text_width(text, size) <= width:
        return text
    words = text.split(" ")
    best = None
    for count in range(1, len(words)):
        candidate = " ".join(words[:count]).rstrip(",;:.–—-") + "…"
        if text_width(candidate, size) > width:
            break
        if (bare := _bare(words[count - 1])) and bare not in loose_ends:  # nor a lone `·`
            best = candidate
    return best


def _bare(word: str) -> str:
    return word.strip(",;:.–—-·()«»“”\"'").casefold()


# --- the events on the axis ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Part:
    start: float  # days (ordinals)
    end: float
    style: str  # "pale", "solid" or "fade"


@dataclass(frozen=True)
class _Event:
    number: int
    kind: Kind
    start: float
    end: float
    parts: tuple[_Part, ...]
    approximate: bool
    uncertain: bool
    labels: tuple[tuple[str, float], ...]  # (text, width), longest first


def _first(point: DatePoint) -> float:
    return float(point.first_day.toordinal())


def _after_last(point: DatePoint) -> float:
    return float(point.last_day.toordinal() + 1)


def _event(event: TimelineEvent, axis_end: float, loose_ends: frozenset[str] = frozenset()) -> _Event:
    date = event.date
    points = [date.start] if date.end is None else [date.start, date.end]
    approximate = any(p.approximate for p in points)
    uncertain = any(p.uncertain for p in points)
    start = _first(date.start)
    parts: list[_Part] = []
    if date.open_ended:
        kind, end = Kind.ONGOING, max(axis_end, _after_last(date.start))
        parts = [_Part(start, _after_last(date.start), "pale"), _Part(_after_last(date.start), end, "solid")]
    elif date.end is not None:
        kind, end = Kind.PERIOD, _after_last(date.end)
        parts = [
            _Part(start, _after_last(date.start), "pale"),
            _Part(_after_last(date.start), _first(date.end), "solid"),
            _Part(_first(date.end), end, "pale"),
        ]
    elif date.start.precision is Precision.DAY:
        kind, start, end = Kind.DAY, start + 0.5, start + 0.5
    else:
        kind, end = Kind.SPAN, _after_last(date.start)
        parts = [_Part(start, end, "pale")]
    label = clean(event.label)
    labels: list[tuple[str, float]] = []
    for width in LABEL_WIDTHS:
        short = shorten(label, width, loose_ends=loose_ends)
        if short and all(short != text for text, _ in labels):
            labels.append((short, text_width(short, LABEL_SIZE)))
    return _Event(
        event.number,
        kind,
        start,
        end,
        tuple(p for p in parts if p.end > p.start),
        approximate,
        uncertain,
        tuple(labels),
    )


class _Scale:
    """Days to millimetres through one or two proportional segments."""

    def __init__(self, segments: Sequence[Segment]) -> None:
        self.segments = tuple(segments)

    def x(self, day: float) -> float:
        for segment in self.segments[:-1]:
            if day < segment.end:
                return segment.x(day)
        return self.segments[-1].x(day)

    def pieces(self, start: float, end: float) -> Iterator[tuple[float, float]]:
        """The stretches of x that days `start`..`end` cover: two when they cross the break."""
        for segment in self.segments:
            low, high = max(start, segment.start), min(end, segment.end)
            if high > low or (start == end and segment.start <= start < segment.end):
                yield segment.x(low), segment.x(high)


# --- packing the events on rows -----------------------------------------------------------------


@dataclass
class _Group:
    """Events drawn with one badge: one event, or neighbours merged when rows ran out."""

    events: list[_Event]

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(e.number for e in self.events)

    @property
    def badge_text(self) -> str:
        first, last = self.events[0].number, self.events[-1].number
        return str(first) if first == last else f"{first}–{last}"

    @property
    def qualifier(self) -> str:
        if len(self.events) > 1:
            return ""
        event = self.events[0]
        return ("~" if event.approximate else "") + ("?" if event.uncertain else "")

    @property
    def labels(self) -> tuple[tuple[str, float], ...]:
        return self.events[0].labels if len(self.events) == 1 else ()


@dataclass(frozen=True)
class _Placed:
    group: _Group
    row: int
    box: Box  # horizontal extent only: top and bottom are the row
    badge_x: float
    badge_width: float
    label: str | None
    label_x: float  # where the label starts
    label_width: float


def _badge_width(text: str) -> float:
    return max(BADGE, text_width(text, NUMBER_SIZE, bold=True) + 1.4)


def _options(group: _Group, scale: _Scale, cap: float) -> Iterator[tuple[str | None, float, float, float, Box]]:
    """Ways to draw a group, best first: (label, its x, its width, badge x, horizontal extent)."""
    events = group.events
    anchor = scale.x(events[0].start)
    glyph_left = min(min(x for x, _ in scale.pieces(e.start, e.end)) for e in events)
    glyph_right = max(max(x for _, x in scale.pieces(e.start, e.end)) for e in events)
    if all(e.kind is Kind.DAY for e in events):
        glyph_left, glyph_right = glyph_left - DIAMOND, glyph_right + DIAMOND
    badge_width = _badge_width(group.badge_text)
    half = badge_width / 2
    badge_x = min(max(anchor, half + 0.3), WIDTH - half - 0.3)
    qualifier = group.qualifier
    qualifier_width = text_width(qualifier, LABEL_SIZE, bold=True) + 0.4 if qualifier else 0.0
    badge_left, badge_right = badge_x - half, badge_x + half + qualifier_width

    def box(left: float, right: float) -> Box:
        return Box(min(left, glyph_left), 0, max(right, glyph_right), 0)

    for label, width in group.labels:
        if width > cap:
            continue
        start = badge_right + 0.6
        yield label, start, width, badge_x, box(badge_left, start + width)
        start = badge_left - 0.6 - width
        yield label, start, width, badge_x, box(start, badge_right)
    yield None, 0.0, 0.0, badge_x, box(badge_left, badge_right)


def _fits(box: Box, row: list[Box]) -> bool:
    if box.left < 0.3 or box.right > WIDTH - 0.3:
        return False
    return all(box.right + GAP <= other.left or other.right + GAP <= box.left for other in row)


@dataclass
class _Layout:
    placed: list[_Placed]
    scale: _Scale
    merged: int  # events that share a badge

    @property
    def rows(self) -> int:
        return 1 + max((p.row for p in self.placed), default=0)


def _pack(events: Sequence[_Event], scale: _Scale, max_rows: int, cap: float) -> _Layout:
    """Greedy, in list order: each group on the first row where its longest label fits, else shorter.

    A group that fits nowhere, even as its number, joins the group before it
    and the packing resumes from there: what came before does not change.
    """
    groups = [_Group([event]) for event in events]
    placed: list[_Placed] = []
    index = 0
    while index < len(groups):
        group = groups[index]
        rows: list[list[Box]] = [[] for _ in range(max_rows)]
        for p in placed:
            rows[p.row].append(p.box)
        choice = _place(group, scale, rows, cap)
        if choice is None:
            assert index > 0, "an empty row takes any group"
            # Merged with the group before: every list number stays on the picture.
            previous = groups[index - 1]
            previous.events.extend(group.events)
            del groups[index]
            placed.pop()
            index -= 1
            continue
        placed.append(choice)
        index += 1
    merged = sum(len(g.events) for g in groups if len(g.events) > 1)
    return _Layout(placed, scale, merged)


def _place(group: _Group, scale: _Scale, rows: list[list[Box]], cap: float) -> _Placed | None:
    for label, label_x, label_width, badge_x, box in _options(group, scale, cap):
        for number, row in enumerate(rows):
            if _fits(box, row):
                return _Placed(group, number, box, badge_x, _badge_width(group.badge_text), label, label_x, label_width)
    return None


def _quality(layout: _Layout) -> tuple[int, float]:
    """Better layouts compare greater: fewer events sharing a badge first, then labels, rows and the break."""
    shown = sum(LABEL_SHOWN + p.label_width for p in layout.placed if p.label)
    broken = len(layout.scale.segments) > 1
    return -layout.merged, shown - ROW_COST * layout.rows - BREAK_COST * broken


# --- the axis -------------------------------------------------------------------------------------


def _year_start(year: int) -> float:
    return float(dt.date(year, 1, 1).toordinal())


def _scales(events: Sequence[_Event], start: float, end: float) -> Iterator[_Scale]:
    """The linear axis, then axes broken once where a share of the events crowds a short stretch."""
    width = PLOT_RIGHT - PLOT_LEFT
    yield _Scale([Segment(start, end, PLOT_LEFT, PLOT_RIGHT)])
    count = len(events)
    candidates: list[tuple[float, float]] = []
    # A break belongs in a quiet stretch: nothing dated for a while before the first event after it.
    quiet = max(2 * 365.25, 0.1 * (end - start))
    for year in sorted({dt.date.fromordinal(int(e.start)).year for e in events}):
        split = _year_start(year)
        if split - start < 365 or end - split < 365:
            continue
        # A month, a year or a decade cut in two would read as two; periods may cross.
        if any(e.kind is Kind.SPAN and e.start < split < e.end for e in events):
            continue
        before = [e.end for e in events if e.start < split and e.kind in (Kind.DAY, Kind.SPAN)]
        if before and split - max(before) < quiet:
            continue
        right_share = sum(e.start >= split for e in events) / count
        time_share = (end - split) / (end - start)
        candidates.append((abs(right_share - time_share), split))
    # The splits where the events' share differs most from the time's share gain the most.
    for _difference, split in sorted(candidates, reverse=True)[:8]:
        right_share = sum(e.start >= split for e in events) / count
        for share in dict.fromkeys((min(max(right_share, 0.3), 0.75), 0.5)):
            room = width - BREAK_GAP
            left = Segment(start, split, PLOT_LEFT, PLOT_LEFT + room * (1 - share))
            right = Segment(split, end, left.right + BREAK_GAP, PLOT_RIGHT)
            ratio = right.mm_per_year / left.mm_per_year
            if max(ratio, 1 / ratio) >= 2:
                yield _Scale([left, right])


def _domain(events: Sequence[_Event], dates: Sequence[PartialDate], as_of: dt.date) -> tuple[float, float]:
    first_year = min(d.start.year for d in dates)
    end = max([float(as_of.toordinal() + 1), *(e.end for e in events if e.kind is not Kind.ONGOING)])
    start = _year_start(first_year)
    while end - start < 365 and first_year > 1:  # at least a year, so a single day is not the whole width
        first_year -= 1
        start = _year_start(first_year)
    return start, end


@dataclass(frozen=True)
class _Tick:
    x: float
    text: str
    priority: int  # lower is placed first
    anchor: str  # "middle" or "end"


def _ticks(scale: _Scale, as_of: dt.date, formatter: AxisFormatter) -> list[_Tick]:
    ticks: list[_Tick] = []
    end_label = formatter.day(as_of)
    if end_label:
        ticks.append(_Tick(scale.x(as_of.toordinal() + 1), end_label, 0, "end"))
    for index, segment in enumerate(scale.segments):
        step = next((s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500) if s * segment.mm_per_year >= 10), 1000)
        first = dt.date.fromordinal(int(segment.start)).year
        last = dt.date.fromordinal(int(segment.end) - 1).year
        for year in range(first, last + 1):
            day = _year_start(year)
            if not segment.start <= day < segment.end:
                continue
            boundary = day == segment.start
            if boundary or year % step == 0:
                ticks.append(_Tick(segment.x(day), formatter.year(year), 1 if boundary else 2 + index, "middle"))
        mm_per_month = segment.mm_per_year / 12
        months = next((s for s in (1, 2, 3, 6) if s * mm_per_month >= 10), None)
        if months is not None and step == 1:
            for year in range(first, last + 1):
                for month in range(1 + months, 13, months):
                    day = float(dt.date(year, month, 1).toordinal())
                    if segment.start <= day < segment.end:
                        ticks.append(_Tick(segment.x(day), formatter.month(dt.date(year, month, 1)), 5, "middle"))
    return ticks


# --- drawing ---------------------------------------------------------------------------------------


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


@dataclass
class _Drawing:
    prefix: str
    palette: Palette
    elements: list[str] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)

    def text(
        self,
        role: Role,
        text: str,
        x: float,
        baseline: float,
        size: float,
        *,
        anchor: str = "start",
        bold: bool = False,
        fill: str | None = None,
        numbers: tuple[int, ...] = (),
    ) -> Text:
        width = text_width(text, size, bold=bold)
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        # Noto Sans: ascender 1.069 em, descender 0.293 em.
        box = Box(left, baseline - 1.069 * size, left + width, baseline + 0.293 * size)
        attributes = f'x="{_n(x)}" y="{_n(baseline)}" font-size="{_n(size)}" fill="{_attr(fill or self.palette.text)}"'
        if anchor != "start":
            attributes += f' text-anchor="{anchor}"'
        if bold:
            attributes += ' font-weight="bold"'
        self.elements.append(f'<text class="{role}" {attributes}>{escape(text)}</text>')
        placed = Text(role, text, box, numbers)
        self.texts.append(placed)
        return placed

    def rect(self, left: float, top: float, right: float, height: float, fill: str, **extra: str) -> None:
        attributes = "".join(f' {name.rstrip("_").replace("_", "-")}="{_attr(v)}"' for name, v in extra.items())
        self.elements.append(
            f'<rect x="{_n(left)}" y="{_n(top)}" width="{_n(max(right - left, 0.01))}" height="{_n(height)}"'
            f' fill="{_attr(fill)}"{attributes}/>'
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str, width: float, opacity: float = 1) -> None:
        faded = f' stroke-opacity="{_n(opacity)}"' if opacity < 1 else ""
        self.elements.append(
            f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{_attr(stroke)}"'
            f' stroke-width="{_n(width)}"{faded}/>'
        )

    def pale(self, left: float, top: float, right: float) -> None:
        # The accent, lightened by the paper: a tint of whatever colour a theme sets.
        self.rect(left, top, right, BAR_HEIGHT, self.palette.accent, fill_opacity=_n(PALE), class_="sometime")

    def solid(self, left: float, top: float, right: float) -> None:
        self.rect(left, top, right, BAR_HEIGHT, self.palette.accent, class_="throughout")


def _draw_bar(drawing: _Drawing, scale: _Scale, event: _Event, top: float) -> bool:
    """The pale and solid parts of a span or period; True when it fades out."""
    faded = False
    for part in event.parts:
        for left, right in scale.pieces(part.start, part.end):
            right = max(right, left + 0.6)  # a month on a long axis still shows
            if event.kind is Kind.ONGOING and part.style == "solid" and right >= PLOT_RIGHT - 0.01:
                fade_left = max(left, right - FADE)
                if fade_left > left:
                    drawing.solid(left, top, fade_left)
                _draw_fade(drawing, fade_left, top, right)
                faded = True
            elif part.style == "pale":
                drawing.pale(left, top, right)
            else:
                drawing.solid(left, top, right)
    return faded


def _draw_fade(drawing: _Drawing, left: float, top: float, right: float) -> None:
    # Steps of opacity rather than an SVG gradient: WeasyPrint draws gradients
    # on thin shapes wrongly (a dot and a stroke at the end).
    step = (right - left) / FADE_STEPS
    drawing.elements.append('<g class="fade">')
    for index in range(FADE_STEPS):
        opacity = 1 - (index + 0.5) / FADE_STEPS
        x = left + index * step
        drawing.rect(x, top, x + step + 0.02, BAR_HEIGHT, drawing.palette.accent, fill_opacity=_n(opacity))
    drawing.elements.append("</g>")


def _draw_diamond(drawing: _Drawing, x: float, middle: float) -> None:
    d = DIAMOND
    drawing.elements.append(
        f'<polygon points="{_n(x)},{_n(middle - d)} {_n(x + d)},{_n(middle)} {_n(x)},{_n(middle + d)} {_n(x - d)},{_n(middle)}" fill="{_attr(drawing.palette.accent)}"/>'
    )


def _draw_group(drawing: _Drawing, placed: _Placed, scale: _Scale) -> list[Mark]:
    group = placed.group
    top = TOP + placed.row * ROW_PITCH
    numbers = group.numbers
    drawing.elements.append(f'<g class="event" data-numbers="{" ".join(map(str, numbers))}">')
    marks: list[Mark] = []
    for event in group.events:
        if event.kind is Kind.DAY:
            x = scale.x(event.start)
            _draw_diamond(drawing, x, top + BAR_OFFSET + BAR_HEIGHT / 2)
            left, right, faded = x, x, False
        else:
            faded = _draw_bar(drawing, scale, event, top + BAR_OFFSET)
            left, right = scale.x(event.start), scale.x(event.end)
        marks.append(Mark(event.number, event.kind, left, right, placed.row, event.approximate, event.uncertain, faded))
    middle = top + BADGE / 2
    width, x = placed.badge_width, placed.badge_x
    drawing.rect(x - width / 2, top, x + width / 2, BADGE, drawing.palette.accent, rx=_n(BADGE / 2))
    drawing.text(
        Role.NUMBER,
        group.badge_text,
        x,
        middle + 0.357 * NUMBER_SIZE,
        NUMBER_SIZE,
        anchor="middle",
        bold=True,
        fill="#ffffff",
        numbers=numbers,
    )
    baseline = middle + 0.357 * LABEL_SIZE
    if group.qualifier:
        drawing.text(
            Role.QUALIFIER,
            group.qualifier,
            x + width / 2 + 0.4,
            baseline,
            LABEL_SIZE,
            bold=True,
            fill=drawing.palette.accent,
            numbers=numbers,
        )
    if placed.label:
        drawing.text(Role.LABEL, placed.label, placed.label_x, baseline, LABEL_SIZE, numbers=numbers)
    drawing.elements.append("</g>")
    return marks


def _draw_axis(drawing: _Drawing, scale: _Scale, ticks: list[_Tick], axis_y: float) -> None:
    accepted: list[Box] = []
    labelled: list[_Tick] = []
    for tick in sorted(ticks, key=lambda t: (t.priority, t.x)):
        width = text_width(tick.text, TICK_SIZE)
        left = tick.x - width if tick.anchor == "end" else min(max(tick.x - width / 2, 0.3), WIDTH - 0.3 - width)
        box = Box(left - 0.8, 0, left + width + 0.8, 1)
        if any(box.overlaps(other) for other in accepted):
            continue
        accepted.append(box)
        labelled.append(
            _Tick(left + width / 2 if tick.anchor == "middle" else tick.x, tick.text, tick.priority, tick.anchor)
        )
    grid = [t for t in labelled if PLOT_LEFT < t.x < PLOT_RIGHT - 0.5]
    drawing.elements.append('<g class="grid">')
    for tick in grid:
        drawing.line(tick.x, TOP, tick.x, axis_y, drawing.palette.rule, 0.2, GRID)
    drawing.elements.append("</g>")
    drawing.elements.append('<g class="axis">')
    for segment in scale.segments:
        drawing.line(segment.left, axis_y, segment.right, axis_y, drawing.palette.muted, 0.3)
    for before, after in zip(scale.segments, scale.segments[1:], strict=False):
        for x in (before.right, after.left):  # the break: two slanted strokes
            drawing.line(x - 0.5, axis_y + 1.2, x + 0.5, axis_y - 1.2, drawing.palette.muted, 0.3)
    for tick in ticks:
        drawing.line(tick.x, axis_y, tick.x, axis_y + (1.4 if tick.priority < 5 else 0.8), drawing.palette.muted, 0.25)
    for tick in labelled:
        x = tick.x
        drawing.text(
            Role.TICK,
            tick.text,
            x,
            axis_y + 1.6 + 0.8 * TICK_SIZE,
            TICK_SIZE,
            anchor=tick.anchor,
            fill=drawing.palette.muted,
        )
    drawing.elements.append("</g>")


def _draw_legend(drawing: _Drawing, marks: Sequence[Mark], words: TimelineWords, top: float) -> float:
    """The forms of date the figure uses, named; returns the legend's bottom."""
    kinds = {m.kind for m in marks}
    entries: list[tuple[str, str]] = []
    if kinds & {Kind.SPAN, Kind.PERIOD, Kind.ONGOING}:
        entries.append(("pale", words.sometime))
    if kinds & {Kind.PERIOD, Kind.ONGOING}:
        entries.append(("solid", words.throughout))
    if any(m.faded for m in marks):
        entries.append(("fade", words.ongoing))
    if any(m.approximate for m in marks):
        entries.append(("~", words.approximate))
    if any(m.uncertain for m in marks):
        entries.append(("?", words.uncertain))
    if not entries:
        return top
    drawing.elements.append('<g class="legend">')
    x, line_top = PLOT_LEFT, top
    baseline_offset = 0.8 * LEGEND_SIZE + 0.3
    for sign, words_text in entries:
        text = clean(words_text)
        sign_width = 5.0 if sign in ("pale", "solid", "fade") else text_width(sign, LABEL_SIZE, bold=True)
        needed = sign_width + 1.0 + text_width(text, LEGEND_SIZE)
        if x > PLOT_LEFT and x + needed > WIDTH - 0.3:
            x, line_top = PLOT_LEFT, line_top + 3.4
        baseline = line_top + baseline_offset
        if sign == "pale":
            drawing.pale(x, baseline - 1.4, x + sign_width)
        elif sign == "solid":
            drawing.solid(x, baseline - 1.4, x + sign_width)
        elif sign == "fade":
            _draw_fade(drawing, x, baseline - 1.4, x + sign_width)
        else:
            drawing.text(Role.LEGEND, sign, x, baseline, LABEL_SIZE, bold=True, fill=drawing.palette.accent)
        drawing.text(Role.LEGEND, text, x + sign_width + 1.0, baseline, LEGEND_SIZE, fill=drawing.palette.muted)
        x += needed + 4.0
    drawing.elements.append("</g>")
    return line_top + 3.4


def draw_timeline(
    events: Sequence[TimelineEvent],
    as_of: dt.date,
    formatter: AxisFormatter,
    words: TimelineWords,
    palette: Palette | None = None,
    *,
    id_prefix: str = "timeline",
) -> Timeline:
    """The events (in list order, at least one) on a time axis ending at `as_of`.

    `id_prefix` keeps the SVG's internal ids unique when a page holds more than one timeline.
    """
    if not events:
        raise ValueError("a timeline needs at least one event")
    provisional = [_event(e, float(as_of.toordinal() + 1)) for e in events]
    start, end = _domain(provisional, [e.date for e in events], as_of)
    prepared = [_event(e, end, words.loose_ends) for e in events]

    best: _Layout | None = None
    # Greedy packing with each row budget and each cap on labels' length: long
    # labels placed early can crowd out the numbers of later events.
    for scale in _scales(prepared, start, end):
        for max_rows in (3, 5, MAX_ROWS):
            for cap in (LABEL_WIDTHS[0], LABEL_WIDTHS[-1], 0.0):
                layout = _pack(prepared, scale, max_rows, cap)
                if best is None or _quality(layout) > _quality(best):
                    best = layout
    assert best is not None
    layout, scale = best, best.scale

    prefix = re.sub(r"[^A-Za-z0-9_-]", "-", id_prefix)
    drawing = _Drawing(prefix, palette or Palette())
    axis_y = TOP + layout.rows * ROW_PITCH + 0.4
    _draw_axis(drawing, scale, _ticks(scale, as_of, formatter), axis_y)
    marks: list[Mark] = []
    for placed in layout.placed:
        marks.extend(_draw_group(drawing, placed, scale))
    height = _draw_legend(drawing, marks, words, axis_y + 1.6 + 0.8 * TICK_SIZE + 1.8) + 0.4

    title = clean(words.title)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline-chart" width="{_n(WIDTH)}mm" height="{_n(height)}mm"'
        f' viewBox="0 0 {_n(WIDTH)} {_n(height)}" role="img" aria-labelledby="{prefix}-title"'
        f' font-family="{FONT_FAMILY}">'
        f'<title id="{prefix}-title">{escape(title)}</title>' + "".join(drawing.elements) + "</svg>"
    )
    return Timeline(
        svg=svg,
        width=WIDTH,
        height=height,
        title=title,
        segments=scale.segments,
        marks=tuple(sorted(marks, key=lambda m: m.number)),
        texts=tuple(drawing.texts),
        rows=layout.rows,
    )
