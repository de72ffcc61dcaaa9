"""Dates in a text: where each is, what it resolves to as an EDTF date, and how precisely.

Candidate spans are located with small patterns per language (day and month, month and year,
a year, a decade, "since 2013", relative words such as "yesterday", "të martën", "9 ditë më
parë"); each is then parsed by dateparser, which knows both languages, from a normalised form
(Albanian month and weekday names declined in the text, "qershorit", "së hënës", are put back
in the nominative that dateparser's Albanian data has). Locating first is faster and far less
noisy than `dateparser.search.search_dates` on the whole text.

Relative expressions, and a day or month written without its year, are resolved against the
publication date and marked `relative=True` so the editor can check them. A weekday is the
last such day on or before publication ("on Tuesday" in a Tuesday's paper is that day). Without
a publication date they are left out. A publication date known only to the month
(`published_precision="month"`) resolves "today" and "yesterday" to that month only.

The EDTF strings are forms the briefing model accepts (docs/format.md): `2023-06-20`,
`2023-06`, `2023`, `198X`, `2013~`, a week as a range of days (`2022-07-11/2022-07-17`), and
"since" as an open range (`2013/..`).

Any language reads ISO dates (`2023-06-20`); another language than English and Albanian reads
only what needs no words: those, day-first dates in digits (`20.06.2023`) and years.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from briefing.reading.lexicon import MONTHS, SQ_MONTH_ENDINGS, WEEKDAYS
from briefing.reading.spans import SpanSet

Precision = Literal["day", "month", "year", "decade"]
NEUTRAL = "neutral"


@dataclass(frozen=True)
class DateMention:
    """A date as the text gives it: `text == source[start:end]`."""

    edtf: str
    precision: Precision
    approximate: bool
    relative: bool
    start: int
    end: int
    text: str


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_EN_MONTH = r"(?P<month>" + _alternation([name.capitalize() for name in MONTHS["en"]]) + r")\.?"
_EN_MONTH_B = _EN_MONTH.replace("?P<month>", "?P<month2>")
_SQ_MONTH = r"(?P<month>(?i:" + _alternation(list(MONTHS["sq"])) + r")(?:" + "|".join(SQ_MONTH_ENDINGS) + r")?)(?!\w)"
_DAY = r"(?P<day>[0-3]?\d)"
_YEAR = r"(?P<year>(?:1[5-9]|20)\d\d)(?![\d%])"
_APPROX = (
    r"(?P<approx>(?i:around|about|circa|c\.|approximately|rreth|afërsisht|përafërsisht)\s+(?:(?i:vitit|viteve)\s+)?)?"
)
_SINCE = r"(?P<since>(?i:since|që\s+nga|që\s+prej)\s+(?:(?i:viti|vitit)\s+)?)?"

# Each pattern names its groups: day, month, year, decade, decade2 (two digits), weekday, relative.
_PATTERNS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    "en": [
        ("dmy", re.compile(rf"{_SINCE}{_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_MONTH},?\s+{_YEAR}")),
        ("mdy", re.compile(rf"{_SINCE}{_EN_MONTH}\s+{_DAY}(?:st|nd|rd|th)?,\s*{_YEAR}")),
        ("dm", re.compile(rf"{_SINCE}\b{_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_MONTH}(?!\w)")),
        ("md", re.compile(rf"{_SINCE}\b{_EN_MONTH}\s+{_DAY}(?:st|nd|rd|th)?(?![\d\w])")),
        ("my", re.compile(rf"{_APPROX}{_SINCE}(?:(?i:mid-|early\s+|late\s+))?\b{_EN_MONTH},?\s+(?:of\s+)?{_YEAR}")),
        (
            "m",
            re.compile(
                rf"(?:(?i:in|since|during|until|by|from|of|early|late|mid|last|this)\s+|(?i:mid-))(?:(?i:early|late)\s+)?\b{_EN_MONTH}(?!\w)"
            ),
        ),
        (
            "decade",
            re.compile(
                r"(?P<approx>(?i:around|about)\s+)?(?:(?i:the)\s+)?(?:(?i:early|late|mid)[-\s])?\b(?P<decade>1[5-9]\d0|20\d0)s\b"
            ),
        ),
        ("decade2", re.compile(r"(?:(?i:the)\s+)?['’](?P<decade2>\d0)s\b")),
        ("y", re.compile(rf"{_APPROX}{_SINCE}(?<![\d,.])\b{_YEAR}\b(?!\s*(?:%|percent|per cent))")),
    ],
    "sq": [
        ("dmy", re.compile(rf"{_SINCE}\b{_DAY}\s+{_SQ_MONTH}\s+(?:(?i:të\s+)?(?i:vitit\s+))?{_YEAR}")),
        ("dmy_numeric", re.compile(rf"\b{_DAY}\.(?P<month>[01]?\d)\.{_YEAR}")),
        ("dm", re.compile(rf"{_SINCE}\b{_DAY}\s+{_SQ_MONTH}")),
        ("my", re.compile(rf"{_APPROX}{_SINCE}\b{_SQ_MONTH}\s+(?:(?i:të\s+)?(?i:vitit\s+))?{_YEAR}")),
        (
            "m",
            re.compile(
                rf"(?:(?i:në|nga|gjatë|deri\s+në|muajin|muajit|fillim\s+të|fund\s+të|mes\s+të|mesin\s+e|fillimin\s+e|fundin\s+e)\s+){_SQ_MONTH}"
            ),
        ),
        (
            "decade",
            re.compile(
                r"(?P<approx>(?i:rreth)\s+)?(?i:vitet|viteve|vitete)\s+(?:(?i:e|të)\s+)?(?P<decade>1[5-9]\d0|20\d0)(?!\d)"
            ),
        ),
        ("decade2", re.compile(r"(?i:vitet|viteve)\s+(?:(?i:e|të)\s+)?['’](?P<decade2>\d0)(?!\d)")),
        ("y", re.compile(rf"{_APPROX}{_SINCE}(?<![\d,.])\b{_YEAR}\b(?!\s*(?:%|përqind|për qind))")),
    ],
    # Another language: what needs no words.
    NEUTRAL: [
        ("dmy", re.compile(rf"(?<![\d.])\b{_DAY}[./](?P<month>[01]?\d)[./]{_YEAR}")),
        ("y", re.compile(rf"(?<![\d,.])\b{_YEAR}\b(?![%.,]\d)")),
    ],
}
# ISO 8601 dates are read in every language.
_ISO = ("dmy", re.compile(r"(?<![\d-])(?P<year>(?:1[5-9]|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?![\d-])"))
for _patterns in _PATTERNS.values():
    _patterns.insert(0, _ISO)

_RELATIVE: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    "en": [
        ("weekend", re.compile(r"\b(?i:over\s+the|last|this\s+past|on\s+the)\s+weekend\b")),
        (
            "weekday",
            re.compile(
                r"\b(?:(?i:on|last|this\s+past|since|early|late)\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?\b"
            ),
        ),
        (
            "parse",
            re.compile(
                r"\b(?i:the\s+day\s+before\s+yesterday|yesterday|today|tonight|this\s+(?:morning|afternoon|evening)|last\s+night|earlier\s+today)\b"
            ),
        ),
        ("week", re.compile(r"\b(?i:last\s+week|the\s+previous\s+week|the\s+past\s+week)\b")),
        ("month_rel", re.compile(r"\b(?i:(?P<which>last|this|earlier\s+this)\s+month)\b")),
        ("year_rel", re.compile(r"\b(?i:(?P<which>last|this|earlier\s+this)\s+year)\b")),
        (
            "ago",
            re.compile(
                r"\b(?P<amount>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b",
                re.I,
            ),
        ),
    ],
    NEUTRAL: [],
    "sq": [
        (
            "weekend",
            re.compile(
                r"\b(?i:fundjavën\s+e\s+(?:kaluar|shkuar)|gjatë\s+fundjavës|fundjavës\s+së\s+(?:kaluar|shkuar))(?!\w)"
            ),
        ),
        (
            "weekday",
            re.compile(
                r"(?:(?i:ditën|pasditen|paraditen|mëngjesin|mbrëmjen|natën|pasditja|mbrëmja)\s+e\s+)?(?<!\w)(?i:së|të|e)\s+(?P<weekday>"
                + _alternation(list(WEEKDAYS["sq"]))
                + r")(?!\w)"
            ),
        ),
        (
            "parse",
            re.compile(
                r"(?<!\w)(?i:sot|sonte|dje|mbrëmë|pardje|ditës\s+së\s+sotme|ditën\s+e\s+sotme|ditën\s+e\s+djeshme|ditës\s+së\s+djeshme|mëngjesin\s+e\s+sotëm|sot\s+në\s+mëngjes)(?!\w)"
            ),
        ),
        ("week", re.compile(r"(?<!\w)(?i:javën\s+e\s+(?:kaluar|shkuar)|javës\s+së\s+(?:kaluar|shkuar))(?!\w)")),
        ("month_rel", re.compile(r"(?<!\w)(?i:muajin\s+e\s+(?P<which>kaluar|shkuar)|(?P<which2>këtë)\s+muaj)(?!\w)")),
        (
            "year_rel",
            re.compile(r"(?<!\w)(?i:vitin\s+e\s+(?P<which>kaluar|shkuar)|(?P<which2>vjet|sivjet|këtë\s+vit))(?!\w)"),
        ),
        (
            "ago",
            re.compile(
                r"(?<!\w)(?P<amount>\d+|një|dy|tre|katër|pesë|gjashtë|shtatë|tetë|nëntë|dhjetë)\s+(?P<unit>ditë|javë|muaj|vite|vjet)\s+(?i:më\s+parë|më\s+herët|para)(?!\w)"
            ),
        ),
        (
            "ago_before",
            re.compile(
                r"(?<!\w)(?i:para)\s+(?P<amount>\d+|një|dy|tre|katër|pesë|gjashtë|shtatë|tetë|nëntë|dhjetë)\s+(?P<unit>ditësh|javësh|muajsh|vitesh|vjetësh)(?!\w)"
            ),
        ),
    ],
}


# Every date pattern holds a digit or one of these words; the patterns run only near them, which
# makes reading a long text several times faster than running every pattern over all of it.
_ANCHORS: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"\d|(?i:yesterday|today|tonight|morning|afternoon|evening|night|week|weekend|month|year|ago)|"
        + _alternation([name.capitalize() for name in [*MONTHS["en"], *WEEKDAYS["en"]]])
    ),
    "sq": re.compile(
        r"\d|(?i:sot|dje|mbrëmë|pardje|sonte|jav|muaj|vit|vjet|sivjet|fundjav|"
        + _alternation([*MONTHS["sq"], *WEEKDAYS["sq"]])
        + ")"
    ),
    NEUTRAL: re.compile(r"\d"),
}
_WINDOW_MARGIN = 80  # longer than any date expression on either side of its anchor


def _windows(text: str, language: str) -> list[tuple[int, int]]:
    windows: list[tuple[int, int]] = []
    for anchor in _ANCHORS[language].finditer(text):
        start, end = max(0, anchor.start() - _WINDOW_MARGIN), min(len(text), anchor.end() + _WINDOW_MARGIN)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


@dataclass(frozen=True)
class _Candidate:
    kind: str
    match: re.Match[str]


def _candidates(text: str, language: str) -> list[_Candidate]:
    """Non-overlapping candidate spans, the longest (then the most specific) first where two overlap."""
    lang = language if language in _PATTERNS else NEUTRAL
    found: list[tuple[int, int, int, _Candidate]] = []
    windows = _windows(text, lang)
    for rank, (kind, pattern) in enumerate([*_PATTERNS[lang], *_RELATIVE[lang]]):
        for window_start, window_end in windows:
            for match in pattern.finditer(text, window_start, window_end):
                found.append((match.start(), -(match.end() - match.start()), rank, _Candidate(kind, match)))
    found.sort(key=lambda item: (item[1], item[2]))  # longest first, then pattern order
    chosen = SpanSet()
    kept: list[_Candidate] = []
    for _, _, _, candidate in found:
        if chosen.add_if_free(*candidate.match.span()):
            kept.append(candidate)
    return sorted(kept, key=lambda candidate: candidate.match.start())


def date_spans(text: str, language: str) -> Iterator[tuple[int, int]]:
    """Where the text writes a date, without resolving it: what `find_numbers` must not count."""
    for candidate in _candidates(text, language):
        yield candidate.match.span()


def find_dates(
    text: str,
    language: str,
    *,
    published: dt.date | None,
    published_precision: Literal["day", "month", "year"] = "day",
) -> list[DateMention]:
    """The dates of `text`, in order; relative ones only when `published` is given."""
    lang = language if language in _PATTERNS else NEUTRAL
    mentions = []
    for candidate in _candidates(text, lang):
        mention = _resolve(candidate, text, lang, published, published_precision)
        if mention is not None:
            mentions.append(mention)
    return mentions


def _resolve(
    candidate: _Candidate, text: str, language: str, published: dt.date | None, published_precision: str
) -> DateMention | None:
    match, kind = candidate.match, candidate.kind
    groups = match.groupdict()
    start, end = match.span()
    approximate = bool(groups.get("approx"))
    since = bool(groups.get("since"))

    def mention(edtf: str, precision: Precision, relative: bool) -> DateMention:
        if approximate and "/" not in edtf:
            edtf += "~"
        if since and "/" not in edtf:
            edtf += "/.."
        return DateMention(edtf, precision, approximate, relative, start, end, text[start:end])

    if kind in ("decade", "decade2"):
        if groups.get("decade"):
            decade = int(groups["decade"])
        else:
            two = int(groups["decade2"])
            decade = 2000 + two if published and 2000 + two <= published.year else 1900 + two
        return mention(f"{decade // 10}X", "decade", False)
    if kind == "y":
        return mention(groups["year"], "year", False)
    if kind in ("dmy", "mdy", "my", "dmy_numeric"):
        month = _month_number(groups["month"], language)
        if month is None:
            return None
        year = int(groups["year"])
        if kind == "my":
            return mention(f"{year:04d}-{month:02d}", "month", False)
        day = _checked_day(year, month, int(groups["day"]))
        return None if day is None else mention(day.isoformat(), "day", False)
    if published is None:
        return None
    coarse = published_precision != "day"
    if kind in ("dm", "md", "m"):
        month = _month_number(groups["month"], language)
        if month is None:
            return None
        if kind == "m":
            year = published.year if month <= published.month + 1 else published.year - 1
            return mention(f"{year:04d}-{month:02d}", "month", True)
        parsed = _dateparser(f"{int(groups['day'])} {_MONTH_NAMES_FOR_PARSING[month]}", published)
        if parsed is None:
            return None
        return mention(parsed.isoformat(), "day", True)
    if coarse:
        if kind in ("year_rel",):
            pass
        elif published_precision == "month":
            return mention(f"{published.year:04d}-{published.month:02d}", "month", True)
        else:
            return mention(f"{published.year:04d}", "year", True)
    if kind == "weekday":
        weekday = WEEKDAYS[language][groups["weekday"].lower()]
        day = published - dt.timedelta(days=(published.weekday() - weekday) % 7)
        return mention(day.isoformat(), "day", True)
    if kind == "weekend":
        saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7 or 7)
        if published.weekday() == 6:  # a Sunday's "this weekend" is the one under way
            saturday = published - dt.timedelta(days=1)
        return mention(f"{saturday.isoformat()}/{(saturday + dt.timedelta(days=1)).isoformat()}", "day", True)
    if kind == "week":
        monday = published - dt.timedelta(days=published.weekday() + 7)
        return mention(f"{monday.isoformat()}/{(monday + dt.timedelta(days=6)).isoformat()}", "day", True)
    if kind == "month_rel":
        which = (groups.get("which") or groups.get("which2") or "").lower()
        year, month = published.year, published.month
        if which in ("last", "kaluar", "shkuar"):
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return mention(f"{year:04d}-{month:02d}", "month", True)
    if kind == "year_rel":
        which = (groups.get("which") or groups.get("which2") or "").lower()
        last = which in ("last", "kaluar", "shkuar", "vjet")
        return mention(f"{published.year - last:04d}", "year", True)
    normalised = _normalise_relative(match.group(), language)
    parsed = _dateparser(normalised, published, language)
    if parsed is None:
        return None
    return mention(parsed.isoformat(), "day", True)


def _checked_day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_number(name: str, language: str) -> int | None:
    lowered = name.lower().rstrip(".")
    months = MONTHS.get(language, MONTHS["en"])
    if lowered.isdigit():
        return int(lowered) if 1 <= int(lowered) <= 12 else None
    if lowered in months:
        return months[lowered]
    for ending in SQ_MONTH_ENDINGS:
        if language == "sq" and lowered.endswith(ending) and lowered[: -len(ending)] in months:
            return months[lowered[: -len(ending)]]
    return None


_MONTH_NAMES_FOR_PARSING = {
    1: "January", 2: "February", 3: "March", 4: "April", 5: "May", 6: "June", 7: "July",
    8: "August", 9: "September", 10: "October", 11: "November", 12: "December",
}  # fmt: skip

_SQ_RELATIVE_NOMINATIVE = {
    "mbrëmë": "dje",
    "ditës së sotme": "sot",
    "ditën e sotme": "sot",
    "mëngjesin e sotëm": "sot",
    "sot në mëngjes": "sot",
    "sonte": "sot",
    "ditën e djeshme": "dje",
    "ditës së djeshme": "dje",
    "pardje": "2 ditë më parë",
}
_EN_RELATIVE_PLAIN = {
    "this morning": "today",
    "this afternoon": "today",
    "this evening": "today",
    "tonight": "today",
    "earlier today": "today",
    "last night": "yesterday",
    "the day before yesterday": "2 days ago",
}
_SQ_AGO_BEFORE = re.compile(r"para\s+(\S+)\s+(ditësh|javësh|muajsh|vitesh|vjetësh)", re.I)
_SQ_UNIT_NOMINATIVE = {"ditësh": "ditë", "javësh": "javë", "muajsh": "muaj", "vitesh": "vite", "vjetësh": "vite"}


def _normalise_relative(expression: str, language: str) -> str:
    lowered = " ".join(expression.lower().split())
    if language == "sq":
        before = _SQ_AGO_BEFORE.fullmatch(lowered)
        if before:
            return f"{before.group(1)} {_SQ_UNIT_NOMINATIVE[before.group(2)]} më parë"
        return _SQ_RELATIVE_NOMINATIVE.get(lowered, lowered)
    return _EN_RELATIVE_PLAIN.get(lowered, lowered)


_parse: Any = None


def _dateparser(expression: str, published: dt.date, language: str = "en") -> dt.date | None:
    """dateparser's reading of a located, normalised expression, relative to the publication date."""
    global _parse
    if _parse is None:
        # Imported when first needed: dateparser takes a quarter of a second to import.
        from dateparser import parse

        _parse = parse
    settings = {
        "RELATIVE_BASE": dt.datetime(published.year, published.month, published.day, 12),
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    # The day-month forms are normalised to English month names; the relative words stay in their language.
    languages = (
        ["en"] if expression[:1].isdigit() and not expression.endswith(("parë", "herët", "para")) else [language]
    )
    result = _parse(expression, languages=languages, settings=settings)
    return result.date() if result is not None else None
