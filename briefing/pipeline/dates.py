"""Partial dates: the EDTF forms a chronology uses, parsed into something we can sort and print.

Chronologies rarely know every date to the day: "in 1985", "in March 2021",
"during the 2000s", "around 2013", "since 2013". The briefing format writes
these in EDTF (ISO 8601-2, via the `edtf` library) and this module owns
turning that into a `PartialDate` that knows its precision, whether it is
approximate or uncertain, and whether it is a range. It knows nothing about
languages: `localize` decides how each form reads in each edition.

Supported forms (anything else the `edtf` grammar accepts is refused with a
message that lists these):

    1985          a year              2013~     approximately 2013
    2021-03       a month             2013?     2013, uncertain
    2023-06-20    a day               2013%     both
    200X          a decade            2019/2021 a range (any two of the above)
    2013/..       since 2013 (open-ended; 200X/.. since the 2000s)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from briefing.errors import quoted

# A full calendar date, the form of `as_of`, `published` and `accessed`.
FULL_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"

SUPPORTED_FORMS = "1985, 2021-03, 2023-06-20, 200X (a decade), 2013~ (approximate), 2013? (uncertain), 2019/2021 (a range), 2013/.. or 200X/.. (since)"

_DECADE = re.compile(r"^\d{3}X$")
_FORM_CHARACTERS = re.compile(r"^[0-9X?~%/.\-]+$")
_LONGEST_FORM = len("2019-03-20%/2021-04-30%")
_FULL_DATE = re.compile(FULL_DATE_PATTERN)
_DAY_FIRST = re.compile(r"^\d{1,2}[-./]\d{1,2}[-./]\d{4}$")


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    DECADE = "decade"


class DateFormError(ValueError):
    """The text is not an EDTF date, or is one this tool does not print."""


@dataclass(frozen=True)
class DatePoint:
    """One date known to a precision, e.g. the year 1985 or the decade 2000-2009."""

    year: int
    month: int | None = None
    day: int | None = None
    precision: Precision = Precision.YEAR
    approximate: bool = False
    uncertain: bool = False

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    @property
    def last_day(self) -> dt.date:
        if self.precision is Precision.DECADE:
            return dt.date(self.year + 9, 12, 31)
        if self.precision is Precision.YEAR:
            return dt.date(self.year, 12, 31)
        if self.precision is Precision.MONTH:
            following = dt.date(self.year + (self.month == 12), (self.month or 1) % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return self.first_day


@dataclass(frozen=True)
class PartialDate:
    """A chronology date: a single point, a closed range, or an open range ("since")."""

    edtf: str
    start: DatePoint
    end: DatePoint | None = None
    open_ended: bool = False

    @property
    def sort_key(self) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        # A period sorts after a point with the same start; "since" runs on to the present.
        end = (10000, 0, 0) if self.open_ended else self.end.sort_key if self.end else self.start.sort_key
        return (self.start.sort_key, end)

    def __str__(self) -> str:
        return self.edtf


def parse_full_date(text: str) -> dt.date:
    """A date written YYYY-MM-DD; DateFormError saying why not otherwise."""
    if not _FULL_DATE.match(text):
        raise DateFormError(f"{quoted(text)} is not a full date; write it as YYYY-MM-DD, like 2023-06-21")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DateFormError(f"{quoted(text)} is not a real date") from None


def parse_partial_date(text: str) -> PartialDate:
    """Parse an EDTF string into a PartialDate, or raise DateFormError saying why not."""
    text = text.strip()
    if not text:
        raise DateFormError("empty date")
    # The edtf grammar (pyparsing) takes ~30 ms a date; the forms briefings use
    # almost always are read directly, with results tested equal to edtf's.
    common = _parse_common_form(text)
    if common is not None:
        return common
    # What none of the supported forms could be never reaches the general grammar,
    # whose time grows fast with the length of a set like {2019,2019,...}.
    if len(text) > _LONGEST_FORM or not _FORM_CHARACTERS.match(text):
        raise DateFormError(f"{quoted(text)} is not a date in EDTF form; use one of: {SUPPORTED_FORMS}")
    return parse_with_edtf(text)


_COMMON_POINT = re.compile(
    r"^(?:(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?|(?P<decade>\d{3})X)(?P<qualifier>[~?%])?$"
)


def _parse_common_form(text: str) -> PartialDate | None:
    """Year, month, day, decade with an optional ~ ? %, and ranges of them; None for anything else."""
    start_text, slash, end_text = text.partition("/")
    start = _common_point(start_text)
    if start is None:
        return None
    if not slash:
        return PartialDate(text, start)
    if end_text == "..":
        # "Since the 2000s" (`200X/..`) too, which the edtf grammar does not read: ISO 8601-2
        # lets a date with unspecified digits end in an open interval, as it lets `200X/2010`.
        return PartialDate(text, start, None, open_ended=True)
    if start.precision is Precision.DECADE or "X" in end_text:
        return None  # decades in closed ranges: as far as the edtf grammar takes them
    end = _common_point(end_text)
    if end is None or end.last_day < start.first_day:
        return None
    return PartialDate(text, start, end)


def _common_point(text: str) -> DatePoint | None:
    match = _COMMON_POINT.match(text)
    if match is None:
        return None
    qualifier = match["qualifier"] or ""
    approximate, uncertain = qualifier in "~%" and bool(qualifier), qualifier in "?%" and bool(qualifier)
    if match["decade"]:
        if int(match["decade"]) == 0:
            return None  # the decade of year 0: refused by the full parser
        return DatePoint(
            int(match["decade"]) * 10, precision=Precision.DECADE, approximate=approximate, uncertain=uncertain
        )
    year = int(match["year"])
    month = int(match["month"]) if match["month"] else None
    day = int(match["day"]) if match["day"] else None
    try:
        dt.date(year, 1 if month is None else month, 1 if day is None else day)
    except ValueError:
        return None  # let the full parser say what is wrong
    precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
    return DatePoint(year, month, day, precision, approximate, uncertain)


def parse_with_edtf(text: str) -> PartialDate:
    """The full EDTF grammar: every form, and the reason a text is refused."""
    # Imported here: building the grammar costs ~0.1 s, which common forms never need.
    from edtf import parse_edtf
    from edtf.parser.parser_classes import Interval, UnspecifiedIntervalSection

    if _DAY_FIRST.match(text):
        raise DateFormError(f"{quoted(text)} is day-first; write dates year first, as in 2023-06-20")
    if _FULL_DATE.match(text):
        parse_full_date(text)  # a real day is read by the common forms: this one is not real
    try:
        parsed = parse_edtf(text)
    except Exception:  # the edtf parser raises several types, some of them not its own
        raise DateFormError(f"{quoted(text)} is not a date in EDTF form; use one of: {SUPPORTED_FORMS}") from None
    if isinstance(parsed, Interval):  # Level1Interval (qualified or open ends) included
        if isinstance(parsed.lower, UnspecifiedIntervalSection):
            raise _unsupported(text)
        start = _point(parsed.lower, text)
        if isinstance(parsed.upper, UnspecifiedIntervalSection):
            if str(parsed.upper) == "..":
                return PartialDate(text, start, None, open_ended=True)
            raise _unsupported(text)
        end = _point(parsed.upper, text)
        if end.last_day < start.first_day:
            raise DateFormError(f"{quoted(text)} ends before it starts")
        return PartialDate(text, start, end)
    return PartialDate(text, _point(parsed, text))


def _unsupported(text: str) -> DateFormError:
    return DateFormError(f"{quoted(text)} is an EDTF form this tool does not support; use one of: {SUPPORTED_FORMS}")


def _point(node: object, text: str) -> DatePoint:
    from edtf.parser.parser_classes import Date, UncertainOrApproximate
    from edtf.parser.parser_classes import Unspecified as _Unspecified

    approximate = uncertain = False
    if isinstance(node, UncertainOrApproximate):
        approximate, uncertain = _qualifiers(node.ua)
        node = node.date
    if isinstance(node, _Unspecified):
        approximate, uncertain = _qualifiers(node.ua)
        if not _DECADE.match(str(node.year)) or node.month is not None or str(node.year).startswith("000"):
            raise _unsupported(text)
        return DatePoint(
            int(str(node.year)[:3]) * 10, precision=Precision.DECADE, approximate=approximate, uncertain=uncertain
        )
    if type(node) is not Date:
        raise _unsupported(text)
    year = int(node.year)
    if year < 1:
        raise _unsupported(text)
    month = int(node.month) if node.month else None
    day = int(node.day) if node.day else None
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        # edtf takes 2021-02-29 as an end of an interval, and refuses it everywhere else.
        raise DateFormError(f"{quoted(text)} is not a real date") from None
    precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
    return DatePoint(year, month, day, precision, approximate, uncertain)


def _qualifiers(ua: object) -> tuple[bool, bool]:
    """(approximate, uncertain) of an edtf UA; `%` sets a flag of its own in edtf."""
    if ua is None:
        return False, False
    both = bool(getattr(ua, "is_uncertain_and_approximate", False))
    return bool(ua.is_approximate) or both, bool(ua.is_uncertain) or both  # type: ignore[attr-defined]
