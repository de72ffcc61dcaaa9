"""Counted quantities in a text: the number, the qualifier the text gives it, and where it is.

Digits with the grouping of the language ("1,000" in English, "1.000" in Albanian, "1 000"
with a space, a no-break space or a narrow one in both), decimals, number words ("three
thousand", "njëzet e pesë", "a dozen"), digits with a multiplier ("3 thousand", "1,5 milionë"),
percentages, and plurals that give an order of magnitude ("hundreds of thousands", "mijëra"),
read as a strict lower bound (`over 100000`): the text says more than one hundred thousand and
nothing more.

What is not a counted quantity is left out: years (a bare 1800..2100), the numbers of a
date ("20 June", "11 majit"), times ("10:30"), phone numbers, ordinals ("20th", "3-të"),
numbers that are part of a name ("G7", "COVID-19", "A2"), and the article "a"/"një" on its
own ("një person" is "a person" as often as "one person").

In another language only what needs no words is read: digits (a point or a comma before
three digits groups them, any other is a decimal point) and `%`, every number `exact`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from briefing.pipeline.vocabulary import Qualifier
from briefing.reading.dates import date_spans
from briefing.reading.lexicon import (
    MULTIPLIERS,
    NUMBER_JOINERS,
    NUMBER_WORDS,
    PERCENT_WORDS,
    QUALIFIER_PHRASES,
    VAGUE_PLURALS,
)
from briefing.reading.spans import SpanSet


@dataclass(frozen=True)
class NumberMention:
    """A number as the text gives it: `text == source[start:end]`, the qualifier's words included."""

    value: int | Decimal
    qualifier: Qualifier
    start: int
    end: int
    text: str
    percent: bool = False


_SPACES = " \u00a0\u202f"
# Any language but English and Albanian: digits, grouping and percentages only; no words, no qualifiers.
NEUTRAL = "neutral"
_GROUP_SPACE = f"[{_SPACES}]"
# The digits of one number, by the separators a language groups and decimals with.
_DIGITS: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?!\d)|\d{{1,3}}(?:{_GROUP_SPACE}\d{{3}})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?"
    ),
    # Another language: either point or comma before three digits groups, any other is a decimal.
    NEUTRAL: re.compile(rf"\d{{1,3}}(?:[.,{_SPACES}]\d{{3}})+(?![\d.,]\d)|\d+(?:[.,]\d+)?"),
    "sq": re.compile(
        rf"\d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?(?!\d)|\d{{1,3}}(?:,\d{{3}})+(?![\d,])"
        rf"|\d{{1,3}}(?:{_GROUP_SPACE}\d{{3}})+(?:,\d+)?(?!\d)|\d+(?:,\d+)?"
    ),
}
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_TIME = re.compile(
    r"\b\d{1,2}:\d{2}\b|\b\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\b\.?|h\b)|(?:\bora|\borën|\bat)\s+\d{1,2}[.:]\d{2}"
)
_PHONE = re.compile(r"\+\d[\d \-()]{6,}\d|\b\d{3,4}[-/]\d{3}[-/]\d{3,4}\b")
_ORDINAL_AFTER = re.compile(r"(?:st|nd|rd|th)\b|-(?:të|ta|ti|shi|rë|th|st|nd|rd)\b|°", re.IGNORECASE)
_YEAR = re.compile(r"(?:18|19|20)\d\d|2100")
_EXCLUDED_WORD_SEQUENCES = {
    "en": re.compile(r"\bone\s+(?:of|another|by\s+one|day|side|hand)\b|\b(?:no|every|any|some)\s*one\b", re.I),
    "sq": re.compile(r"(?!)"),
    NEUTRAL: re.compile(r"(?!)"),
}


def find_numbers(text: str, language: str) -> list[NumberMention]:
    """The counted quantities of `text`, in order of position, each with its qualifier (`exact` if none)."""
    lang = language if language in _DIGITS else NEUTRAL
    excluded = SpanSet(_excluded_spans(text, lang))
    mentions: list[NumberMention] = []
    taken_until = -1
    for start, end, value, percent in _number_spans(text, lang):
        if start < taken_until or excluded.overlaps(start, end):
            continue
        qualifier, qualifier_start = _qualifier_before(text, start, lang)
        if value is None:
            continue
        mentions.append(
            NumberMention(_tidy(value), qualifier, qualifier_start, end, text[qualifier_start:end], percent)
        )
        taken_until = end
    return mentions


def _tidy(value: Decimal | int) -> int | Decimal:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def _excluded_spans(text: str, language: str) -> list[tuple[int, int]]:
    spans = list(date_spans(text, language))
    for pattern in (_TIME, _PHONE, _EXCLUDED_WORD_SEQUENCES[language]):
        spans.extend(match.span() for match in pattern.finditer(text))
    return spans


def _number_spans(text: str, language: str) -> list[tuple[int, int, Decimal | int | None, bool]]:
    """(start, end, value, is a percentage) of each number, digits or words, before exclusions of context."""
    found: list[tuple[int, int, Decimal | int | None, bool]] = []
    for match in _DIGITS[language].finditer(text):
        start, end = match.span()
        if _part_of_a_name_or_ordinal(text, start, end):
            continue
        literal = match.group()
        # A year is kept as a span without a value, so that its digits are not read again.
        value: Decimal | int | None = None if _YEAR.fullmatch(literal) else _digits_value(literal, language)
        end, value = _with_multiplier(text, end, value, language)
        end, percent = _with_percent(text, end, language)
        if value is None and percent:
            value = int(literal)
        found.append((start, end, value, percent))
    found.extend(_word_numbers(text, language))
    found.sort(key=lambda item: (item[0], -item[1]))
    return found


def _part_of_a_name_or_ordinal(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    if before.isalpha() or before in "+/#№" or (before == "-" and start > 1 and text[start - 2].isalnum()):
        return True
    if before == "." and start > 1 and text[start - 2].isdigit():
        return True  # the tail of a dotted version or a date: 20.06.2023
    after = text[end : end + 1]
    if _ORDINAL_AFTER.match(text, end):
        return True
    return bool(after) and (after.isalpha() or (after == "-" and text[end + 1 : end + 2].isdigit()))


def _digits_value(literal: str, language: str) -> Decimal:
    group, decimal = (".", ",") if language == "sq" else (",", ".")
    if language == NEUTRAL:
        grouped = re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", literal)
        group, decimal = (
            (literal[len(literal) - 4], "\0") if grouped else ("\0", re.sub(r"\d+", "", literal)[:1] or ".")
        )
    if language == "sq" and re.fullmatch(r"\d{1,3}(?:,\d{3})+", literal):
        group, decimal = ",", "."  # "1,000" as English writes it, which Albanian news copy
    cleaned = literal
    for space in _SPACES:
        cleaned = cleaned.replace(space, "")
    cleaned = cleaned.replace(group, "").replace(decimal, ".")
    return Decimal(cleaned)


_MULTIPLIER_AFTER: dict[str, re.Pattern[str]] = {
    language: re.compile(
        r"[\s\u00a0\u202f]*(" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b", re.I
    )
    for language, words in MULTIPLIERS.items()
}
_PERCENT_AFTER: dict[str, re.Pattern[str]] = {
    language: re.compile(
        r"[\s\u00a0\u202f]*(?:%|(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b)",
        re.I,
    )
    for language, words in PERCENT_WORDS.items()
}
_PERCENT_AFTER[NEUTRAL] = re.compile(r"[\s\u00a0\u202f]*%")


def _with_multiplier(
    text: str, end: int, value: Decimal | int | None, language: str
) -> tuple[int, Decimal | int | None]:
    if language not in _MULTIPLIER_AFTER:
        return end, value
    match = _MULTIPLIER_AFTER[language].match(text, end)
    if match is None or value is None:
        return end, value
    return match.end(), value * MULTIPLIERS[language][match.group(1).lower()]


def _with_percent(text: str, end: int, language: str) -> tuple[int, bool]:
    match = _PERCENT_AFTER[language].match(text, end)
    return (match.end(), True) if match else (end, False)


def _word_numbers(text: str, language: str) -> list[tuple[int, int, Decimal | int | None, bool]]:
    """Numbers written in words: runs of number words, multipliers and joiners, and vague plurals."""
    if language not in NUMBER_WORDS:
        return []
    words = NUMBER_WORDS[language]
    multipliers = MULTIPLIERS[language]
    joiners = NUMBER_JOINERS[language]
    vague = VAGUE_PLURALS[language]
    found: list[tuple[int, int, Decimal | int | None, bool]] = []
    tokens = [(match.group().lower(), match.start(), match.end()) for match in _WORD.finditer(text)]
    index = 0
    while index < len(tokens):
        word, start, end = tokens[index]
        if word in vague:
            value, end, index = _vague_run(tokens, index, vague, multipliers, language)
            found.append((start, end, value, False))
            continue
        # "a dozen", "a hundred", "a thousand"; "një mijë", "një milion"
        article = word in ("a", "an") if language == "en" else word == "një"
        following = tokens[index + 1][0] if index + 1 < len(tokens) else ""
        if article and (following in multipliers or following == "dozen") and _adjacent(text, end, tokens, index):
            total, end, index = _number_run(tokens, index + 1, words, multipliers, joiners, text)
            found.append((start, end, total, False))
            continue
        hyphenated = _hyphenated_value(word, words)
        if (word in words or word in multipliers or hyphenated is not None) and not (
            language == "sq" and word == "një" and not _after_qualifier(text, start, language)
        ):
            total, end, index = _number_run(tokens, index, words, multipliers, joiners, text)
            end, percent = _with_percent(text, end, language)
            found.append((start, end, total, percent))
            continue
        index += 1
    return found


def _adjacent(text: str, end: int, tokens: list[tuple[str, int, int]], index: int) -> bool:
    return index + 1 < len(tokens) and text[end : tokens[index + 1][1]].strip() == ""


def _hyphenated_value(word: str, words: dict[str, int]) -> int | None:
    if "-" not in word:
        return None
    tens, _, unit = word.partition("-")
    if tens in words and unit in words and words[tens] >= 20 and words[tens] % 10 == 0 and words[unit] < 10:
        return words[tens] + words[unit]
    return None


def _number_run(
    tokens: list[tuple[str, int, int]],
    index: int,
    words: dict[str, int],
    multipliers: dict[str, int],
    joiners: frozenset[str],
    text: str,
) -> tuple[int, int, int]:
    """The value of the number words from tokens[index], the end offset, and the next token's index."""
    total = current = 0
    first = index
    end = tokens[index][2]
    while index < len(tokens):
        word, start, stop = tokens[index]
        if index > first and text[tokens[index - 1][2] : start].strip() not in ("", "-"):
            break  # punctuation between: another number
        hyphenated = _hyphenated_value(word, words)
        if word in words or hyphenated is not None:
            current += words.get(word, hyphenated or 0)
        elif word in multipliers:
            if multipliers[word] == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * multipliers[word]
                current = 0
        elif word in joiners and index + 1 < len(tokens) and _is_number_word(tokens[index + 1][0], words, multipliers):
            index += 1
            continue
        else:
            break
        end = stop
        index += 1
    return total + current, end, index


def _is_number_word(word: str, words: dict[str, int], multipliers: dict[str, int]) -> bool:
    return word in words or word in multipliers or _hyphenated_value(word, words) is not None


def _vague_run(
    tokens: list[tuple[str, int, int]], index: int, vague: dict[str, int], multipliers: dict[str, int], language: str
) -> tuple[int, int, int]:
    """'hundreds of thousands' (en), 'qindra mijëra' (sq): the product of the plurals, a lower bound."""
    value = vague[tokens[index][0]]
    end = tokens[index][2]
    index += 1
    while index < len(tokens):
        word = tokens[index][0]
        if language == "en" and word == "of" and index + 1 < len(tokens) and tokens[index + 1][0] in vague:
            index += 1
            continue
        if word in vague:
            value *= vague[word]
            end = tokens[index][2]
            index += 1
            continue
        break
    return value, end, index


def _after_qualifier(text: str, start: int, language: str) -> bool:
    return _qualifier_before(text, start, language)[1] != start


_QUALIFIER_BEFORE: dict[str, re.Pattern[str]] = {
    language: re.compile(
        r"(?:^|(?<=[\s(\"“«„'\u2018]))("
        + "|".join(re.escape(phrase) for phrase, _ in sorted(phrases, key=lambda item: -len(item[0])))
        + r")[\s\u00a0\u202f]+$",
        re.IGNORECASE,
    )
    for language, phrases in QUALIFIER_PHRASES.items()
}
_VAGUE_QUALIFIER: Qualifier = "over"


def _qualifier_before(text: str, start: int, language: str) -> tuple[Qualifier, int]:
    """The qualifier written just before a number, and where its words start (`start` if none)."""
    if language not in _QUALIFIER_BEFORE:
        return "exact", start
    window_start = max(0, start - 30)
    match = _QUALIFIER_BEFORE[language].search(text, window_start, start)
    vague = _starts_with_vague(text, start, language)
    if match is None:
        return (_VAGUE_QUALIFIER if vague else "exact"), start
    phrase = match.group(1).lower()
    qualifier = dict(QUALIFIER_PHRASES[language])[phrase]
    return qualifier, match.start(1)


def _starts_with_vague(text: str, start: int, language: str) -> bool:
    match = _WORD.match(text, start)
    return match is not None and language in VAGUE_PLURALS and match.group().lower() in VAGUE_PLURALS[language]
