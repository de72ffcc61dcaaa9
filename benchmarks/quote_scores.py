"""Score the drafting's quotations and speakers against hand annotations, per language; time each article.

The annotations (benchmarks/annotations/quotes.yaml) give every direct
quotation of the reference articles in ../shared/reference by its first and
last words and the names that count as its speaker. For each language:

* recall: annotated quotations the draft finds (a found span overlaps the annotated one);
* exact spans: of those found, how many have exactly the annotated span;
* speaker: of those found, how many are credited to one of the annotated names;
* extra: quotations found that no annotation has (scare quotes taken for statements, say);
* time: the median of 5 runs of drafting the article alone (`draft_briefing`, in process).

`quotes_section()` gives the section of docs/benchmarks.md; `benchmarks/draft_quality.py` writes it.
Run alone: `.venv/bin/python benchmarks/quote_scores.py` prints the section and every miss.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from briefing.drafting.draft import draft_briefing  # noqa: E402
from briefing.drafting.speakers import find_statements  # noqa: E402
from briefing.sources.archive import ArchivedSource, parse_archive  # noqa: E402

SHARED = PROJECT.parent / "shared" / "reference"
ANNOTATIONS = PROJECT / "benchmarks" / "annotations" / "quotes.yaml"
HEADING = "## Drafting: quotations and speakers (issue 20)"
RUNS = 5
TARGETS = {"recall": 0.95, "exact": 0.90, "speaker": 0.85}


@dataclass
class Tally:
    annotated: int = 0
    found: int = 0
    exact: int = 0
    speaker: int = 0
    extra: int = 0
    seconds: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def article_source(name: str, language: str) -> ArchivedSource:
    """An article as `briefing draft` reads it: an archive with a header, or the seed's bare text."""
    path = SHARED / name if (SHARED / name).is_file() else SHARED / "articles" / name
    data = path.read_bytes()
    if b"\n---\n" in data:
        return parse_archive(data, name=path.name, source_id=path.stem)
    return ArchivedSource(id=path.stem, text=data.decode("utf-8").strip(), language=language, title=path.stem)


# The same articles with their marks rewritten in another convention: the span and the speaker
# must not depend on which marks an outlet uses.
MARK_STYLES = {
    'straight " "': {"“": '"', "”": '"'},
    "« »": {"“": "«", "”": "»"},
    "„ “": {"“": "„", "”": "“"},
}


def _restyled(text: str, marks: dict[str, str]) -> str:
    return "".join(marks.get(character, character) for character in text)


def score(annotations: dict[str, Any], marks: dict[str, str] | None = None, runs: int = RUNS) -> dict[str, Tally]:
    tallies: dict[str, Tally] = {}
    for name, article in annotations.items():
        language = article["language"]
        tally = tallies.setdefault(language, Tally())
        source = article_source(name, language)
        if marks:
            source = ArchivedSource(
                id=source.id, text=_restyled(source.text, marks), language=source.language, title=source.title
            )
        text = source.text
        found = find_statements(text, language).statements
        matched: set[int] = set()
        for quote in article["quotes"]:
            tally.annotated += 1
            starts, ends = _restyled(quote["starts"], marks or {}), _restyled(quote["ends"], marks or {})
            start = text.find(starts)
            end = text.find(ends, start) + len(ends)
            if start < 0 or end < len(ends):
                raise SystemExit(f"{name}: annotation {quote['starts']!r} is not in the text")
            hits = [i for i, s in enumerate(found) if s.quotation.start < end and start < s.quotation.end]
            if not hits:
                tally.misses.append(f"{name}: not found: {quote['starts']!r}")
                continue
            matched.update(hits)
            tally.found += 1
            statement = found[hits[0]]
            if (statement.quotation.start, statement.quotation.end) == (start, end):
                tally.exact += 1
            else:
                tally.misses.append(f"{name}: span differs: {statement.quotation.words[:60]!r}")
            speaker = statement.speaker.name if statement.speaker else None
            if speaker in quote["speaker"]:
                tally.speaker += 1
            else:
                tally.misses.append(f"{name}: speaker {speaker!r}, annotated {quote['speaker'][0]!r}")
        for index, statement in enumerate(found):
            if index not in matched:
                tally.extra += 1
                tally.misses.append(f"{name}: not annotated: {statement.quotation.words[:60]!r}")
        tally.seconds.append(_median_time(source, runs))
    return tallies


def _median_time(source: ArchivedSource, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        draft_briefing([source], briefing_id="timing", language=None, today=dt.date(2024, 1, 1))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f} ({part}/{whole})" if whole else "n/a"


def quotes_section() -> tuple[list[str], list[str]]:
    """The section's lines, and every miss (for the text under the table)."""
    annotations = YAML(typ="safe").load(ANNOTATIONS.read_text(encoding="utf-8"))
    tallies = score(annotations)
    lines = [
        HEADING,
        "",
        f"`benchmarks/quote_scores.py` (run by `benchmarks/draft_quality.py`), {dt.date.today().isoformat()}: "
        "the quotations `briefing draft` finds in the reference articles of ../shared/reference against the hand "
        "annotations of benchmarks/annotations/quotes.yaml. Recall counts annotated quotations found; exact spans "
        "and speakers are of those found. Time: median of 5 drafts of the article alone, in process.",
        "",
        "| language | articles | recall (≥ 0.95) | exact spans (≥ 0.90) | speaker (≥ 0.85) | not annotated | time per article (max) |",
        "|---|---|---|---|---|---|---|",
    ]
    misses: list[str] = []
    for language, tally in sorted(tallies.items()):
        lines.append(
            f"| {language} | {len(tally.seconds)} | {_ratio(tally.found, tally.annotated)} | "
            f"{_ratio(tally.exact, tally.found)} | {_ratio(tally.speaker, tally.found)} | {tally.extra} | "
            f"{max(tally.seconds) * 1000:.0f} ms |"
        )
        misses += tally.misses
    lines += [
        "",
        "The same articles with their “ ” rewritten in each other convention the drafting reads (one run each):",
        "",
        "| marks | language | recall | exact spans | speaker |",
        "|---|---|---|---|---|",
    ]
    for style, marks in MARK_STYLES.items():
        for language, tally in sorted(score(annotations, marks, runs=1).items()):
            lines.append(
                f"| {style} | {language} | {_ratio(tally.found, tally.annotated)} | "
                f"{_ratio(tally.exact, tally.found)} | {_ratio(tally.speaker, tally.found)} |"
            )
            misses += [f"({style}) {miss}" for miss in tally.misses]
    return lines, misses


if __name__ == "__main__":
    section, missed = quotes_section()
    print("\n".join(section))
    print("\n".join(missed) or "no misses")
