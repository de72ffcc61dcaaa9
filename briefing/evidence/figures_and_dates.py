"""A figure's number and an entry's date held to their passages, and sources that disagree (pure).

This module owns what `briefing verify` reads in a passage: the numbers and
dates `briefing.reading` finds in it (digits or words, "1,000", "1 000",
"one hundred", "3 thousand"; "20 June", "On Tuesday" against the day the
source was published, "the 2000s"), compared with what the briefing says.

* A figure's number must be among its passage's numbers, with the same
  qualifier: `about` where the passage says "more than" is an error, and so is
  `exact` where it says "about" (editorial.md: never add or drop a qualifier).
* A date must be in its passage, no more precise than the passage gives it
  (a day where the passage gives only the month is an error; the month where
  it gives the day is fine), and approximate where the passage says "about".
* Passages of two sources that give different numbers for one figure, or
  different dates for one entry, are a disagreement: reported once, at the
  item, with each source's value, so that the author shows both (a disputed
  figure) rather than one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from briefing.pipeline.model import Figure, FigureValue
from briefing.pipeline.texts import Location, location_of
from briefing.reading.dates import DateMention, find_dates
from briefing.reading.numbers import NumberMention, find_numbers
from briefing.sources.archive import ArchivedSource

QUALIFIER_WORDS = {
    "exact": "no qualifier",
    "about": "about",
    "over": "more than",
    "under": "fewer than",
    "at_least": "at least",
    "at_most": "at most",
    "up_to": "up to",
}


@dataclass(frozen=True)
class Passage:
    """An evidence passage found in its archive, with what `reading` needs to read it."""

    text: str
    location: Location
    source_id: str
    language: str
    published: dt.date | None  # of the source: relative dates ("on Tuesday") resolve against it
    published_precision: Literal["day", "month", "year"] = "day"


@dataclass(frozen=True)
class Fault:
    location: Location
    message: str


def passage_of(
    text: str, location: Location, archive: ArchivedSource, language: str, published: dt.date | None
) -> Passage:
    """A passage read in its source's language, dated by the archive's publication date or else the briefing's."""
    if archive.published is not None:
        return Passage(text, location, archive.id, archive.language or language, archive.published)
    if archive.published_partial is not None:
        year, _, month = archive.published_partial.partition("-")
        day = dt.date(int(year), int(month or 1), 1)
        return Passage(text, location, archive.id, archive.language or language, day, "month" if month else "year")
    return Passage(text, location, archive.id, archive.language or language, published)


def figure_faults(location: Location, figure: Figure | FigureValue, passages: Sequence[Passage]) -> Iterator[Fault]:
    """The faults of one number against its passages (a disputed figure's value is checked alone).

    Each source that the passages come from must give the number in one of
    them, with the figure's qualifier; its other passages may be context.
    """
    value, qualifier = figure.value, figure.qualifier
    if value is None:  # a disputed figure: its numbers are its values', each checked alone
        return
    value_at = (*location, *location_of(type(figure), lambda f: f.value))
    qualifier_at = (*location, *location_of(type(figure), lambda f: f.qualifier))
    by_source = _numbers_by_source(passages)
    giving = {source for source, numbers in by_source.items() if _with_value(numbers, value)}
    disagreeing: dict[str, str] = {}
    for source, numbers in by_source.items():
        same = _with_value(numbers, value)
        if same:
            if not any(mention.qualifier == qualifier for mention in same):
                said = same[0]
                yield Fault(
                    qualifier_at,
                    f"'{qualifier}' where the passage says '{said.text}' "
                    f"({QUALIFIER_WORDS[said.qualifier]}: '{said.qualifier}')",
                )
        elif giving and numbers and isinstance(figure, Figure):  # a disputed figure's values are each checked alone
            disagreeing[source] = _numbers(numbers)
        else:
            yield Fault(value_at, f"the passage gives {_numbers(numbers)}, not {_plain(value)}")
    if disagreeing:
        yield _disagreement(
            location,
            "the sources disagree",
            giving,
            _plain(value),
            disagreeing,
            "Show each source's number (a disputed figure: `values`), or cite only the one you follow",
        )


def date_faults(
    location: Location, field: Location, edtf: str, passages: Sequence[Passage], *, required: bool
) -> Iterator[Fault]:
    """The faults of the date at `field` of the item at `location` against its passages.

    Each source that the passages come from must give the date in one of them
    (another passage may give the date of the day, "On Tuesday", when the
    first gives none); its other passages may be context. `required`: a
    source without a date is a fault.
    """
    date_at = (*location, *field)
    by_source = _dates_by_source(passages)
    giving = {source for source, dates in by_source.items() if any(_same_date(edtf, d.edtf) for d in dates)}
    disagreeing: dict[str, str] = {}
    for source, dates in by_source.items():
        if source in giving:
            if "~" not in edtf and all(m.approximate for m in dates if _same_date(edtf, m.edtf)):
                approximate = next(m for m in dates if _same_date(edtf, m.edtf))
                yield Fault(
                    date_at,
                    f"the passage gives it as approximate ('{approximate.text}'): write {_bare(edtf)}~",
                )
            continue
        coarser = [m for m in dates if _coarser(m.edtf, edtf)]
        if coarser:
            yield Fault(
                date_at,
                f"{edtf} is more precise than the passage, which gives only '{coarser[0].text}' "
                f"({coarser[0].edtf}); give no more than the source does",
            )
        elif dates and giving:
            disagreeing[source] = _dates(dates)
        elif dates and required:
            yield Fault(date_at, f"the passage dates it {_dates(dates)}, not {edtf}")
        elif required:
            yield Fault(date_at, f"the passage gives no date; add the passage that dates it {edtf}")
    if disagreeing:
        yield _disagreement(
            location,
            "the sources disagree on the date",
            giving,
            edtf,
            disagreeing,
            "Say so in the text, or cite the one you follow",
        )


def _disagreement(
    location: Location, what: str, giving: set[str], value: str, others: dict[str, str], remedy: str
) -> Fault:
    """One finding for sources that disagree: who gives the briefing's value, and what each other one gives."""
    given = ", ".join(f"sources/{source}.txt" for source in sorted(giving))
    other = "; ".join(f"sources/{source}.txt gives {text}" for source, text in sorted(others.items()))
    return Fault(location, f"{what}: {given} gives {value}; {other}. {remedy}")


def _numbers_by_source(passages: Sequence[Passage]) -> dict[str, list[NumberMention]]:
    found: dict[str, list[NumberMention]] = {}
    for passage in passages:
        found.setdefault(passage.source_id, []).extend(find_numbers(passage.text, passage.language))
    return found


def _dates_by_source(passages: Sequence[Passage]) -> dict[str, list[DateMention]]:
    found: dict[str, list[DateMention]] = {}
    for passage in passages:
        found.setdefault(passage.source_id, []).extend(
            find_dates(
                passage.text,
                passage.language,
                published=passage.published,
                published_precision=passage.published_precision,
            )
        )
    return found


def _with_value(numbers: list[NumberMention], value: Decimal) -> list[NumberMention]:
    return [mention for mention in numbers if not mention.percent and Decimal(mention.value) == value]


def _numbers(numbers: list[NumberMention]) -> str:
    if not numbers:
        return "no number"
    return ", ".join(f"'{mention.text}'" for mention in numbers)


def _plain(value: Decimal) -> str:
    return format(value, "f")


def _dates(dates: list[DateMention]) -> str:
    return ", ".join(f"'{mention.text}' ({mention.edtf})" for mention in dates)


def _bare(edtf: str) -> str:
    """An EDTF date without its qualifiers: `2013~` -> `2013`, `2013~/..` -> `2013/..`."""
    return "/".join(part.rstrip("~?%") for part in edtf.split("/"))


def _same_date(entry: str, mention: str) -> bool:
    """The passage gives the entry's date: the same, or more precise (the entry may say less than the source)."""
    entry, mention = _bare(entry), _bare(mention)
    if entry == mention:
        return True
    if "/" in entry or "/" in mention:
        return False
    if entry.endswith("X"):  # a decade: a year of it is more precise
        return mention[:3] == entry[:3]
    return mention.startswith(entry + "-")


def _coarser(mention: str, entry: str) -> bool:
    """The passage's date is the entry's, less precisely: `2023-06` for `2023-06-20`, `200X` for `2005`."""
    mention, entry = _bare(mention), _bare(entry)
    if "/" in mention or "/" in entry or mention == entry:
        return False
    if mention.endswith("X"):
        return entry[:3] == mention[:3]
    return entry.startswith(mention + "-")
