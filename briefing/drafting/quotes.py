"""Direct quotations in an article: where each one is, word for word, and the clause that attributes it.

This module owns the marks: which characters open and close a quotation in
English and Albanian (“ ”, " ", « », „ “, and ‘ ’ as the British outer pair or
a quote inside a quote), what a quotation's exact span is, a quotation split by
its attribution, and marks left unbalanced. Who speaks is `speakers`'s.

Choices a reader of the draft should know:

* **The span is the quoted words**, without the marks and without the comma
  that replaces a final full stop before the attribution (“... broken,” a
  spokesperson said → "... broken"). Every span is a slice of the text, so
  `briefing verify` finds it verbatim.
* **A quotation split by its attribution** ("...," he said, "...") stays two
  quotations, each verbatim, sharing the attribution between them
  (`continues` links the second to the first). Joining them with an ellipsis
  would make a quote that is nowhere in the source, and editorial.md forbids
  joining what a speaker said separately.
* **Scare quotes and quoted names are not statements**: a quoted term of at
  most three words with no speech verb attributing it (“success”, “Ashraf”,
  ‘explanatory sessions’, “farsë elektorale”) is left out. With a speech verb
  beside it (`Rama said: “No.”`) it is a statement.
* **Unbalanced marks**: a closing mark with no opening one starts its quotation
  at the paragraph's start (a dropped opening mark is the usual slip); an
  opening mark never closed ends at the paragraph's end, or runs on when the
  next paragraph opens with a mark (the convention for a quotation over
  several paragraphs). Each slip is reported with its line, and reading goes on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Opening mark → the marks that close it. „ is closed by “ in Albanian and
# German typography, by ” in some newsrooms; “ is closed by ” (and by “ in
# nobody's style, so not here).
_CLOSERS: dict[str, str] = {"“": "”", "„": "“”", "«": "»", '"': '"', "‘": "’"}
_ORPHAN_CLOSERS = "”»"
# A word character: a letter or a digit of any script.
_WORD = re.compile(r"[^\W_]+(?:[-’'][^\W_]+)*")
# Scare quotes and quoted names: this many words or fewer, without a speech verb, are terms.
MAX_TERM_WORDS = 3
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# A paragraph of dialogue opens with a dash, and a spaced dash closes the words before the attribution.
_DASH_OPENING = re.compile(r"[–—]\s")
_SPACED_DASH = re.compile(r"\s[–—-]\s")


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int
    end: int


@dataclass(frozen=True)
class Quotation:
    """A quotation's words as `text[start:end]`, with the paragraph it sits in."""

    start: int
    end: int
    words: str
    paragraph: int
    # The mark spans, for finding the attribution around them: [open_at, close_end).
    open_at: int
    close_end: int
    # Index of the quotation this one continues (the second part of a split quotation).
    continues: int | None = None


@dataclass(frozen=True)
class MarkProblem:
    """A quotation mark that does not pair, at `offset` in the text."""

    offset: int
    line: int
    column: int
    message: str


@dataclass(frozen=True)
class QuoteReading:
    quotations: tuple[Quotation, ...]
    terms: tuple[Quotation, ...]  # short quoted terms left out as scare quotes or names
    problems: tuple[MarkProblem, ...]
    paragraphs: tuple[Paragraph, ...]


def paragraphs(text: str) -> tuple[Paragraph, ...]:
    """The text's paragraphs (separated by blank lines), as offsets."""
    found = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if text[position : match.start()].strip():
            found.append((position, match.start()))
        position = match.end()
    if text[position:].strip():
        found.append((position, len(text.rstrip())))
    return tuple(Paragraph(index, start, end) for index, (start, end) in enumerate(found))


def read_quotations(text: str, *, attributed: frozenset[int] = frozenset()) -> QuoteReading:
    """Every quoted span of `text`, the statements apart from the short terms.

    `attributed` holds the indices (in `scan_quotations`'s order) of the
    quotations a speech verb attributes (`speakers` decides that); a short
    quotation outside it is a term. Both languages' press use every style of
    mark, told apart by position, so the language does not enter here.
    """
    parts = paragraphs(text)
    raw, problems = _scan(text, parts)
    quotations: list[Quotation] = []
    terms: list[Quotation] = []
    for index, quotation in enumerate(raw):
        if index not in attributed and is_term(quotation.words):
            terms.append(quotation)
        else:
            quotations.append(quotation)
    return QuoteReading(tuple(_renumber(quotations, raw)), tuple(terms), tuple(problems), parts)


def scan_quotations(text: str) -> tuple[tuple[Quotation, ...], tuple[MarkProblem, ...]]:
    """Every quoted span, terms included, and the marks that did not pair."""
    raw, problems = _scan(text, paragraphs(text))
    return tuple(raw), tuple(problems)


def is_term(words: str) -> bool:
    return len(_WORD.findall(words)) <= MAX_TERM_WORDS


def _renumber(kept: list[Quotation], raw: list[Quotation]) -> Iterator[Quotation]:
    """`continues` indexes the raw list; point it at the kept list instead (or drop it)."""
    position = {id(q): i for i, q in enumerate(kept)}
    for quotation in kept:
        if quotation.continues is None:
            yield quotation
            continue
        previous = raw[quotation.continues]
        new = position.get(id(previous))
        yield Quotation(
            quotation.start,
            quotation.end,
            quotation.words,
            quotation.paragraph,
            quotation.open_at,
            quotation.close_end,
            new,
        )


def _scan(text: str, parts: tuple[Paragraph, ...]) -> tuple[list[Quotation], list[MarkProblem]]:
    quotations: list[Quotation] = []
    problems: list[MarkProblem] = []
    carried = False  # the previous paragraph left a quotation open and this one reopens it
    for number, paragraph in enumerate(parts):
        following = parts[number + 1] if number + 1 < len(parts) else None
        next_opens = following is not None and text[following.start] in '“„«"'
        for open_at, body_start, body_end, close_end, problem in _pairs(text, paragraph, next_opens):
            if problem and problem[1]:
                problems.append(_locate(text, problem[0], problem[1]))
            quotation = _trimmed(text, number, open_at, body_start, body_end, close_end)
            if quotation is not None:
                if carried and open_at == paragraph.start and quotations:
                    quotation = _continuing(quotation, len(quotations) - 1)
                quotations.append(quotation)
        carried = next_opens and _left_open(text, paragraph)
    return _link_split(text, quotations), problems


def _continuing(quotation: Quotation, previous: int) -> Quotation:
    return Quotation(
        quotation.start,
        quotation.end,
        quotation.words,
        quotation.paragraph,
        quotation.open_at,
        quotation.close_end,
        previous,
    )


def _left_open(text: str, paragraph: Paragraph) -> bool:
    return any(close_end == paragraph.end and problem for *_, close_end, problem in _pairs(text, paragraph, True))


def _pairs(
    text: str, paragraph: Paragraph, next_opens: bool
) -> Iterator[tuple[int, int, int, int, tuple[int, str] | None]]:
    """(open mark, body start, body end, after the close mark, problem) for each quotation of a paragraph."""
    position = paragraph.start
    end = paragraph.end
    first = True
    if _DASH_OPENING.match(text, position, end):
        yield from _dash_parts(text, paragraph)
        return
    while position < end:
        match = _next_mark(text, position, end)
        if match is None:
            return
        at, mark = match
        if mark in _ORPHAN_CLOSERS and _stands_alone(text, at):
            position = at + 1  # `Source » euractiv`: a separator, not a quotation mark
            continue
        if mark in _ORPHAN_CLOSERS or (mark == "’" and _closes_single(text, at)):
            if mark == "’":  # an apostrophe with no opening ‘ is just an apostrophe
                position = at + 1
                continue
            # A closing mark with no opening one: the quotation ran from the paragraph's start.
            start = paragraph.start if first else position
            yield (
                start,
                start,
                at,
                at + 1,
                (at, f"closing {mark} with no opening mark; read from the paragraph's start"),
            )
            position = at + 1
            first = False
            continue
        close = _find_close(text, at, mark, end)
        if close is None:
            if next_opens:
                yield at, at + 1, end, end, (at, "")
            else:
                yield at, at + 1, end, end, (at, f"opening {mark} never closed; read to the paragraph's end")
            return
        yield at, at + 1, close, close + 1, None
        position = close + 1
        first = False


def _dash_parts(text: str, paragraph: Paragraph) -> Iterator[tuple[int, int, int, int, tuple[int, str] | None]]:
    """`– Nuk do të tërhiqemi, – tha ai. – Kurrë.`: the dialogue dash opens, a spaced dash closes before the attribution."""
    position = paragraph.start
    while position < paragraph.end:
        closing = _SPACED_DASH.search(text, position + 2, paragraph.end)
        end = closing.start() if closing else paragraph.end
        yield position, position + 2, end, closing.end() if closing else end, None
        if closing is None:
            return
        # After the attribution (`tha ai.`), a further dash opens the quotation's next part.
        sentence_end = re.compile(r"[.!?]\s+(?=[–—]\s)").search(text, closing.end(), paragraph.end)
        if sentence_end is None:
            return
        position = sentence_end.end()


def _next_mark(text: str, position: int, end: int) -> tuple[int, str] | None:
    """The next mark that opens a quotation, or that closes one (given as ” or »: a closer with no opener)."""
    for at in range(position, end):
        mark = text[at]
        if mark in '“"' and _ends_a_word(text, at):
            # `zgjedhjet," deklaroi` or `zgjedhjet,“ deklaroi`: after a word and before a space, a mark
            # can only close (the „ “ style closes with “), here a quotation whose opening mark is missing.
            return at, "”"
        if mark in "“„«”»":
            return at, mark
        if mark == '"' and _opens(text, at):
            return at, mark
        if mark == "‘" and _opens(text, at):
            return at, mark
    return None


def _ends_a_word(text: str, at: int) -> bool:
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return not before.isspace() and before not in "([{—–-" and (after.isspace() or after in ".,;:!?)")


def _opens(text: str, at: int) -> bool:
    """A straight or single mark opens where a word starts after it and none ends before it."""
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return not before.isalnum() and not after.isspace()


def _stands_alone(text: str, at: int) -> bool:
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return before.isspace() and after.isspace()


def _closes_single(text: str, at: int) -> bool:
    after = text[at + 1] if at + 1 < len(text) else " "
    return not after.isalnum()


def _find_close(text: str, at: int, mark: str, end: int) -> int | None:
    closers = _CLOSERS[mark]
    position = at + 1
    while position < end:
        character = text[position]
        if character in closers and not (mark in '"‘' and not _closes_at(text, position)):
            return position
        if mark == "“" and character == "“" and position + 1 < end:
            # Another opening mark before any closing one: the first was never closed.
            return None
        position += 1
    return None


def _closes_at(text: str, position: int) -> bool:
    after = text[position + 1] if position + 1 < len(text) else " "
    return not after.isalnum()


def _trimmed(text: str, paragraph: int, open_at: int, start: int, end: int, close_end: int) -> Quotation | None:
    """The quoted words without surrounding spaces and without a comma that stands for a full stop."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    if not _WORD.search(text, start, end):
        return None
    return Quotation(start, end, text[start:end], paragraph, open_at, close_end)


def _link_split(text: str, quotations: list[Quotation]) -> list[Quotation]:
    """Mark the second part of `“...,” he said, “...”` (one sentence, or the next) as continuing the first."""
    linked: list[Quotation] = []
    for index, quotation in enumerate(quotations):
        previous = quotations[index - 1] if index else None
        if (
            quotation.continues is None
            and previous is not None
            and previous.paragraph == quotation.paragraph
            and _is_attribution_only(text[previous.close_end : quotation.open_at])
            and not is_term(previous.words)
        ):
            quotation = _continuing(quotation, index - 1)
        linked.append(quotation)
    return linked


def _is_attribution_only(between: str) -> bool:
    """A short clause between two quotations: `, he said, ` or `,” deklaroi ai. `."""
    stripped = between.strip()
    short = 0 < len(_WORD.findall(between)) <= 6
    return short and (stripped[:1] in ",." or stripped[-1:] in ",.:")


def _locate(text: str, offset: int, message: str) -> MarkProblem:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return MarkProblem(offset, line, column, message)
