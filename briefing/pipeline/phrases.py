"""The interface messages kept as tables: date phrases, month names after a word, quote notes.

A date phrase cannot be one message wrapped around a formatted date. Albanian
declines the noun after "rreth" (about) and "që nga" (since): `rreth vitit
2013`, `që nga viti 2013`, `rreth shtatorit 2022`, `që nga marsi 2021`, `që nga
data 20 mars 2021`, `rreth viteve 2000`; a `c. %(date)s` message can only give
`rreth 2013` or `që nga mars 2021`. So this module owns one message for each
form (a date, or "since" a date) x precision (year, month, day, decade) x
qualifier (none, approximate, uncertain, both), told apart by msgctxt, each
with a translator comment showing the English. A language that declines
nothing translates them all alike; English keeps its short forms (`c. 2013`).

CLDR's month names are the undeclined ones (`mars`). A month phrase therefore
takes its month from the catalog too, in the form the word before it needs:
one entry per month and construction (msgctxt "month after “c.”", msgid
"March" -> `marsit`; "month after “since”" -> `marsi`). Kept in the catalog
rather than in a table for Albanian, so that adding a language that declines
(Greek, Serbian, Russian) still needs no code. An entry left untranslated
falls back to CLDR's month name.

Likewise "translated from %(language)s" needs the language name declined
(`përkthyer nga anglishtja`, where CLDR gives `anglisht`): the languages
quotes most often come from have a message each, told apart by msgctxt; any
other language uses the generic message with CLDR's name.

These messages are built from tables, which Babel's extractor cannot read:
`catalog_messages` hands them to `translation.extraction`. `localize.Formatter`
looks them up; this module only says which message each form uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from briefing.pipeline.dates import DatePoint, Precision


class Span(StrEnum):
    """A date on its own, or an open period that starts at it ("since 2013")."""

    POINT = "point"
    SINCE = "since"


class Hedge(StrEnum):
    """What EDTF's `~`, `?` and `%` say about a date."""

    NONE = "none"
    APPROXIMATE = "approximate"
    UNCERTAIN = "uncertain"
    BOTH = "approximate and uncertain"

    @classmethod
    def of(cls, point: DatePoint) -> Hedge:
        if point.approximate and point.uncertain:
            return cls.BOTH
        if point.approximate:
            return cls.APPROXIMATE
        return cls.UNCERTAIN if point.uncertain else cls.NONE


class MonthCase(StrEnum):
    """The constructions a month name is declined for, named by the English word before it."""

    AFTER_ABOUT = "month after “c.”"
    AFTER_SINCE = "month after “since”"


@dataclass(frozen=True)
class Message:
    """One catalog entry: msgctxt, English msgid, and the note translators read."""

    context: str
    id: str
    comment: str


@dataclass(frozen=True)
class DatePhrase:
    """The message of one form of date; `month_case` says which month name a month phrase takes."""

    message: Message
    month_case: MonthCase | None = None


# The values the English examples in translator comments are made with.
_EXAMPLE = {"year": "2013", "month": "March", "date": "20 March 2021", "decade": "2000"}
_EXAMPLE_YEAR_OF_MONTH = "2021"

_PLACEHOLDERS = {
    Precision.YEAR: "%(year)s is the year",
    Precision.MONTH: "%(month)s is the month name ({case}), %(year)s the year",
    Precision.DAY: "%(date)s is the full date as CLDR writes it (“20 mars 2021”)",
    Precision.DECADE: "%(decade)s is the decade's first year (2000 for the 2000s)",
}
_MONTH_NAME_NOTE = {
    None: "as CLDR writes it",
    MonthCase.AFTER_ABOUT: "from the entries with context “month after “c.””",
    MonthCase.AFTER_SINCE: "from the entries with context “month after “since””",
}
_ALBANIAN_EXAMPLES = {
    (Span.POINT, Precision.YEAR, Hedge.APPROXIMATE): "rreth vitit 2013",
    (Span.POINT, Precision.MONTH, Hedge.APPROXIMATE): "rreth marsit 2021",
    (Span.POINT, Precision.DAY, Hedge.APPROXIMATE): "rreth datës 20 mars 2021",
    (Span.POINT, Precision.DECADE, Hedge.NONE): "vitet 2000",
    (Span.POINT, Precision.DECADE, Hedge.APPROXIMATE): "rreth viteve 2000",
    (Span.POINT, Precision.YEAR, Hedge.UNCERTAIN): "2013 (datë e pasigurt)",
    (Span.SINCE, Precision.YEAR, Hedge.NONE): "që nga viti 2013",
    (Span.SINCE, Precision.MONTH, Hedge.NONE): "që nga marsi 2021",
    (Span.SINCE, Precision.DAY, Hedge.NONE): "që nga data 20 mars 2021",
    (Span.SINCE, Precision.YEAR, Hedge.APPROXIMATE): "afërsisht që nga viti 2013",
}

# The English of every phrase. Plain years, months and days are CLDR's own
# (`2013`, `March 2021`, `20 March 2021`) and need no message.
_ENGLISH: dict[tuple[Span, Precision, Hedge], str] = {
    (Span.POINT, Precision.YEAR, Hedge.APPROXIMATE): "c. %(year)s",
    (Span.POINT, Precision.YEAR, Hedge.UNCERTAIN): "%(year)s (uncertain)",
    (Span.POINT, Precision.YEAR, Hedge.BOTH): "c. %(year)s (uncertain)",
    (Span.POINT, Precision.MONTH, Hedge.APPROXIMATE): "c. %(month)s %(year)s",
    (Span.POINT, Precision.MONTH, Hedge.UNCERTAIN): "%(month)s %(year)s (uncertain)",
    (Span.POINT, Precision.MONTH, Hedge.BOTH): "c. %(month)s %(year)s (uncertain)",
    (Span.POINT, Precision.DAY, Hedge.APPROXIMATE): "c. %(date)s",
    (Span.POINT, Precision.DAY, Hedge.UNCERTAIN): "%(date)s (uncertain)",
    (Span.POINT, Precision.DAY, Hedge.BOTH): "c. %(date)s (uncertain)",
    (Span.POINT, Precision.DECADE, Hedge.NONE): "the %(decade)ss",
    (Span.POINT, Precision.DECADE, Hedge.APPROXIMATE): "c. the %(decade)ss",
    (Span.POINT, Precision.DECADE, Hedge.UNCERTAIN): "the %(decade)ss (uncertain)",
    (Span.POINT, Precision.DECADE, Hedge.BOTH): "c. the %(decade)ss (uncertain)",
    (Span.SINCE, Precision.YEAR, Hedge.NONE): "since %(year)s",
    (Span.SINCE, Precision.YEAR, Hedge.APPROXIMATE): "since c. %(year)s",
    (Span.SINCE, Precision.YEAR, Hedge.UNCERTAIN): "since %(year)s (uncertain)",
    (Span.SINCE, Precision.YEAR, Hedge.BOTH): "since c. %(year)s (uncertain)",
    (Span.SINCE, Precision.MONTH, Hedge.NONE): "since %(month)s %(year)s",
    (Span.SINCE, Precision.MONTH, Hedge.APPROXIMATE): "since c. %(month)s %(year)s",
    (Span.SINCE, Precision.MONTH, Hedge.UNCERTAIN): "since %(month)s %(year)s (uncertain)",
    (Span.SINCE, Precision.MONTH, Hedge.BOTH): "since c. %(month)s %(year)s (uncertain)",
    (Span.SINCE, Precision.DAY, Hedge.NONE): "since %(date)s",
    (Span.SINCE, Precision.DAY, Hedge.APPROXIMATE): "since c. %(date)s",
    (Span.SINCE, Precision.DAY, Hedge.UNCERTAIN): "since %(date)s (uncertain)",
    (Span.SINCE, Precision.DAY, Hedge.BOTH): "since c. %(date)s (uncertain)",
    (Span.SINCE, Precision.DECADE, Hedge.NONE): "since the %(decade)ss",
    (Span.SINCE, Precision.DECADE, Hedge.APPROXIMATE): "since c. the %(decade)ss",
    (Span.SINCE, Precision.DECADE, Hedge.UNCERTAIN): "since the %(decade)ss (uncertain)",
    (Span.SINCE, Precision.DECADE, Hedge.BOTH): "since c. the %(decade)ss (uncertain)",
}


def _month_case(span: Span, precision: Precision, hedge: Hedge) -> MonthCase | None:
    if precision is not Precision.MONTH:
        return None
    if span is Span.SINCE:
        return MonthCase.AFTER_SINCE
    return MonthCase.AFTER_ABOUT if hedge in (Hedge.APPROXIMATE, Hedge.BOTH) else None


def _context(span: Span, precision: Precision, hedge: Hedge) -> str:
    words = ["date" if span is Span.POINT else "date since", precision.value]
    if hedge is not Hedge.NONE:
        words.append(hedge.value)
    return ", ".join(words)


def _comment(span: Span, precision: Precision, hedge: Hedge, english: str, case: MonthCase | None) -> str:
    what = {Span.POINT: "a date in the chronology", Span.SINCE: "a period that runs from this date on"}[span]
    known = f"known to the {precision.value}" + ("" if hedge is Hedge.NONE else f", {hedge.value}")
    values = {**_EXAMPLE, "year": _EXAMPLE_YEAR_OF_MONTH if precision is Precision.MONTH else _EXAMPLE["year"]}
    example = english % values
    placeholders = _PLACEHOLDERS[precision].format(case=_MONTH_NAME_NOTE[case])
    comment = f"TRANSLATORS: {what}, {known}: “{example}”. {placeholders}."
    if albanian := _ALBANIAN_EXAMPLES.get((span, precision, hedge)):
        comment += f" Albanian: “{albanian}”."
    return comment


DATE_PHRASES: dict[tuple[Span, Precision, Hedge], DatePhrase] = {
    key: DatePhrase(
        Message(_context(*key), english, _comment(*key, english, _month_case(*key))),
        _month_case(*key),
    )
    for key, english in _ENGLISH.items()
}

INTERVAL = Message(
    "date interval",
    "%(start)s – %(end)s",
    "TRANSLATORS: a period in the chronology, e.g. “2019 – 2021” or “March 2019 – c. 2021”; "
    "%(start)s and %(end)s are dates as written on their own.",
)

ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_CASE_NOTES = {
    MonthCase.AFTER_ABOUT: (
        "the month name as written after your word for “c.” (about) in “c. {month} 2021”. "
        "Albanian declines it: “rreth marsit 2021”, so “March” is “marsit”. "
        "If your language does not change it, write it as in any date."
    ),
    MonthCase.AFTER_SINCE: (
        "the month name as written after your word for “since” in “since {month} 2021”. "
        "Albanian declines it: “që nga marsi 2021”, so “March” is “marsi”. "
        "If your language does not change it, write it as in any date."
    ),
}

# The languages quotes most often come from, with the English name each
# message uses; any other language reads "translated from %(language)s".
QUOTE_LANGUAGES = {
    "ar": "Arabic",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fr": "French",
    "it": "Italian",
    "mk": "Macedonian",
    "ru": "Russian",
    "sq": "Albanian",
    "sr": "Serbian",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "zh": "Chinese",
}


def month_name(case: MonthCase, month: int) -> Message:
    """The entry for a month (1-12) in one construction."""
    name = ENGLISH_MONTHS[month - 1]
    return Message(case.value, name, "TRANSLATORS: " + _MONTH_CASE_NOTES[case].format(month=name))


def translated_from(language: str) -> Message | None:
    """The note after a quote translated from a language that has a message of its own."""
    name = QUOTE_LANGUAGES.get(language)
    if name is None:
        return None
    return Message(
        f"quote translated from {language}",
        f"translated from {name}",
        "TRANSLATORS: after a quote shown in translation, whose words reached the briefing in "
        f"{name} (not necessarily what the speaker said: only what it was translated from). "
        "Decline the language name as your grammar needs: Albanian “përkthyer nga anglishtja”.",
    )


def catalog_messages() -> list[Message]:
    """Every message of this module, for the interface template."""
    messages = [phrase.message for phrase in DATE_PHRASES.values()]
    messages.append(INTERVAL)
    messages += [month_name(case, month) for case in MonthCase for month in range(1, 13)]
    messages += [note for code in QUOTE_LANGUAGES if (note := translated_from(code)) is not None]
    return messages
