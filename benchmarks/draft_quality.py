"""Score the drafting proposals against hand annotations of real articles, per language.

The articles are the reference set beside the clone (`../shared/reference`: the seed article
and `articles/*.txt`); the annotations are ours, in `benchmarks/annotations/` (short snippets
that find each item, never the articles' text). Each kind of item has a scorer, a function from
an article and its annotated items to a `Tally`; `KINDS` lists them with their annotation file,
so another kind (quotations, with `annotations/quotes.yaml`) is one function and one entry.

- events: an annotated dated event is found when a proposed chronology entry's date expression
  overlaps its snippet; it is right when the entry's EDTF (which carries the precision) is the
  annotation's.
- quotations: an annotated quotation (its first and last words, `annotations/quotes.yaml`) is
  found when a statement `briefing.drafting.speakers` finds overlaps it; its span is exact when it
  is the annotated one to the character; its speaker is right when the party it is credited to
  is one of the annotated names. The same articles are scored again with their “ ” rewritten as
  " ", « » and „ “, since the span and the speaker must not depend on an outlet's marks.
- figures: found when a proposed figure's number overlaps its snippet; right when value and
  qualifier are the annotation's; attributed when, in addition, the speaker is one the
  annotation accepts (`~` for the outlet).

Run `.venv/bin/python benchmarks/draft_quality.py` to print the tables, `--write` to replace
the "Drafting from articles" section of docs/benchmarks.md as well. Each article is read three
times and the median time per article is reported (the first reading of a run also pays
dateparser's import and its language data, reported apart).
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from benchmarks.run import write_section  # noqa: E402
from briefing.drafting.chronology import propose_chronology  # noqa: E402
from briefing.drafting.figures import propose_figures  # noqa: E402
from briefing.drafting.speakers import find_statements  # noqa: E402

ANNOTATIONS = PROJECT / "benchmarks" / "annotations"
SHARED = PROJECT.parent / "shared" / "reference"
HEADING = "## Drafting from articles"
REPEATS = 3


@dataclass(frozen=True)
class Article:
    name: str
    language: str
    published: dt.date | None
    published_precision: str
    held_out: bool
    body: str


@dataclass
class Tally:
    """Counts of one kind over some articles: `annotated`, `found`, and named checks of the found."""

    annotated: int = 0
    found: int = 0
    proposed: int = 0
    unannotated: int = 0  # proposals that match no annotated item: for the editor to delete
    checks: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.annotated += other.annotated
        self.found += other.found
        self.proposed += other.proposed
        self.unannotated += other.unannotated
        for name, count in other.checks.items():
            self.checks[name] = self.checks.get(name, 0) + count
        self.failures.extend(other.failures)


Scorer = Callable[[Article, list[dict[str, Any]]], Tally]


def _span(article: Article, snippet: str) -> tuple[int, int]:
    start = article.body.find(snippet)
    if start < 0 or article.body.find(snippet, start + 1) >= 0:
        raise SystemExit(f"{article.name}: the snippet {snippet!r} must occur exactly once in the body")
    return start, start + len(snippet)


def _overlaps(span: tuple[int, int], start: int, end: int) -> bool:
    return start < span[1] and span[0] < end


def score_events(article: Article, events: list[dict[str, Any]]) -> Tally:
    precision = "month" if article.published_precision == "month" else "day"
    entries = propose_chronology(
        article.body,
        article.language,
        article.published,
        "article",
        published_precision=precision,  # type: ignore[arg-type]
    )
    tally = Tally(annotated=len(events), checks={"date and precision right": 0}, proposed=len(entries))
    spans = [_span(article, event["at"]) for event in events]
    tally.unannotated = sum(
        not any(_overlaps(span, e.expression.start, e.expression.end) for span in spans) for e in entries
    )
    for event in events:
        span = _span(article, event["at"])
        match = next((e for e in entries if _overlaps(span, e.expression.start, e.expression.end)), None)
        if match is None:
            tally.failures.append(f"{article.name}: event at {event['at']!r} ({event['date']}) not found")
            continue
        tally.found += 1
        if match.date == str(event["date"]):
            tally.checks["date and precision right"] += 1
        else:
            tally.failures.append(
                f"{article.name}: event at {event['at']!r} dated {match.date}, annotated {event['date']}"
            )
    return tally


def _accepts(accepted: list[str | None], speaker: str | None) -> bool:
    for name in accepted:
        if name is None and speaker is None:
            return True
        if name is not None and speaker is not None and name.casefold() == speaker.casefold():
            return True
    return False


def score_figures(article: Article, figures: list[dict[str, Any]]) -> Tally:
    proposals = propose_figures(article.body, article.language, article.published, "article")
    tally = Tally(
        annotated=len(figures),
        checks={"value and qualifier right": 0, "and attribution right": 0},
        proposed=len(proposals),
    )
    spans = [_span(article, figure["at"]) for figure in figures]
    tally.unannotated = sum(not any(_overlaps(span, p.number.start, p.number.end) for span in spans) for p in proposals)
    for figure in figures:
        span = _span(article, figure["at"])
        match = next((p for p in proposals if _overlaps(span, p.number.start, p.number.end)), None)
        if match is None:
            tally.failures.append(f"{article.name}: figure {figure['value']} at {figure['at']!r} not found")
            continue
        tally.found += 1
        if match.value == figure["value"] and match.qualifier == figure["qualifier"]:
            tally.checks["value and qualifier right"] += 1
            if _accepts(figure["by"], match.according_to):
                tally.checks["and attribution right"] += 1
            else:
                tally.failures.append(
                    f"{article.name}: figure at {figure['at']!r} credited to {match.according_to!r},"
                    f" annotated {figure['by']}"
                )
        else:
            tally.failures.append(
                f"{article.name}: figure at {figure['at']!r} read {match.qualifier} {match.value},"
                f" annotated {figure['qualifier']} {figure['value']}"
            )
    return tally


def score_quotes(article: Article, quotes: list[dict[str, Any]]) -> Tally:
    tally = Tally(checks={"exact span": 0, "speaker right": 0})
    found = find_statements(article.body, article.language).statements
    tally.proposed = len(found)
    matched: set[int] = set()
    for quote in quotes:
        tally.annotated += 1
        start = article.body.find(quote["starts"])
        end = article.body.find(quote["ends"], start) + len(quote["ends"])
        if start < 0 or end < len(quote["ends"]):
            raise SystemExit(f"{article.name}: the annotation {quote['starts']!r} is not in the text")
        hits = [i for i, s in enumerate(found) if s.quotation.start < end and start < s.quotation.end]
        if not hits:
            tally.failures.append(f"{article.name}: not found: {quote['starts']!r}")
            continue
        matched.update(hits)
        tally.found += 1
        statement = found[hits[0]]
        if (statement.quotation.start, statement.quotation.end) == (start, end):
            tally.checks["exact span"] += 1
        else:
            tally.failures.append(f"{article.name}: span differs: {statement.quotation.words[:60]!r}")
        speaker = statement.speaker.name if statement.speaker else None
        if speaker in quote["speaker"]:
            tally.checks["speaker right"] += 1
        else:
            tally.failures.append(f"{article.name}: speaker {speaker!r}, annotated {quote['speaker'][0]!r}")
    tally.unannotated = len(found) - len(matched)
    return tally


# The marks of the reference articles (“ ”) rewritten in the other conventions the drafting reads.
MARK_STYLES = {'straight " "': {"“": '"', "”": '"'}, "« »": {"“": "«", "”": "»"}, "„ “": {"“": "„", "”": "“"}}


def _restyled(text: str, marks: dict[str, str]) -> str:
    return "".join(marks.get(character, character) for character in text)


def mark_style_rows(articles: dict[str, Article]) -> list[str]:
    """The quotations scored again with the articles' marks in each other convention."""
    rows = ["", "Quotations with the articles' “ ” rewritten in each other convention:", ""]
    rows += ["| marks | language | recall | exact span | speaker right |", "|---|---|---:|---:|---:|"]
    annotations = load_annotations("quotes.yaml")
    for style, marks in MARK_STYLES.items():
        by_language: dict[str, Tally] = {}
        for name, meta in annotations.items():
            article = articles[name]
            restyled = Article(
                name,
                article.language,
                article.published,
                article.published_precision,
                article.held_out,
                _restyled(article.body, marks),
            )
            quotes = [
                {**quote, "starts": _restyled(quote["starts"], marks), "ends": _restyled(quote["ends"], marks)}
                for quote in meta["quotes"]
            ]
            by_language.setdefault(article.language, Tally()).add(score_quotes(restyled, quotes))
        for language, tally in sorted(by_language.items()):
            rows.append(
                f"| {style} | {language} | {_ratio(tally.found, tally.annotated)} |"
                f" {_ratio(tally.checks['exact span'], tally.found)} |"
                f" {_ratio(tally.checks['speaker right'], tally.found)} |"
            )
    return rows


@dataclass(frozen=True)
class Kind:
    annotation_file: str
    key: str
    scorer: Scorer
    targets: dict[str, float]  # "recall" and each check's name: the target ratio


KINDS: dict[str, Kind] = {
    "dated events": Kind(
        "events-figures.yaml", "events", score_events, {"recall": 0.80, "date and precision right": 0.90}
    ),
    "figures": Kind(
        "events-figures.yaml", "figures", score_figures, {"recall": 0.80, "value and qualifier right": 0.90}
    ),
    "quotations": Kind(
        "quotes.yaml", "quotes", score_quotes, {"recall": 0.95, "exact span": 0.90, "speaker right": 0.85}
    ),
}


def load_annotations(file_name: str) -> dict[str, dict[str, Any]]:
    from ruamel.yaml import YAML

    loaded: dict[str, dict[str, Any]] = YAML(typ="safe").load((ANNOTATIONS / file_name).read_text(encoding="utf-8"))
    return loaded


def load_article(name: str, meta: dict[str, Any]) -> Article:
    raw = (SHARED / name).read_text(encoding="utf-8")
    _, separator, body = raw.partition("\n---\n")
    if not separator:
        body = raw
    published_text = str(meta["published"])
    precision = str(meta.get("published_precision", "day"))
    published = dt.date.fromisoformat(published_text if precision == "day" else f"{published_text}-01")
    return Article(name, str(meta["language"]), published, precision, bool(meta.get("held_out")), body)


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f} ({part}/{whole})" if whole else "n/a"


def _met(part: int, whole: int, target: float) -> str:
    return "" if not whole else (" ✓" if part / whole >= target else " ✗")


READING_THE_SCORES = [
    "How far to trust these scores:",
    "",
    "- **Not articles the tool was not tuned on.** Issue 20 asks for the targets on articles the tool",
    "  was not tuned on; seven articles cannot give that. The reading primitives (numbers, dates,",
    "  sentences) were written with every article's output in view, before the annotations existed.",
    "  The annotations were then written by hand from the articles, and two articles",
    "  (`en-eu-accession-efe`, `sq-mek-albeu-cuci`) were kept out of the development loop of the",
    "  proposals (figures, chronology, attribution): their scores were not looked at until the end, and",
    "  nothing was changed after. The held-out rows are small (5 and 2 events, 0 and 3 figures), so one",
    '  miss moves them by a third. Read the 1.00s as "no known failure on the set", not as a rate.',
    "- **Small counts.** 25 events and 18 figures in all; the English held-out article has no figure.",
    "  A fair measure needs fresh articles (10 or more per language) annotated before anyone runs the",
    "  tool on them.",
    '- **The Albanian miss** (`një person ndërroi jetë`, "a person died"): `një` is both "one" and the',
    "  indefinite article, and is read as a number only before a multiplier (`një mijë`) or after a",
    "  qualifier (`rreth një`), so a count of one written `një` is not found. Reading `një` + a noun of",
    "  people + a verb of death or injury as a count would find it, but that rule would be tuned on the",
    "  held-out article itself; it is left for when more articles are annotated.",
    "- **What is proposed but not annotated** (the `proposed (not annotated)` column) costs the editor a",
    '  deletion: e.g. "We would not be here today" in a quotation is proposed as a 2022-07-19 entry.',
    "- **Attribution** is the speaker as the article writes it; a pronoun stands for the speaker named",
    '  in its paragraph or the one before, or for the name the paragraph before opens with ("he told the',
    '  media" after "Interior Minister Bledi Cuci condemned ..." is Cuci), else it stays a pronoun.',
    "  Grouping speakers into parties is the statements' drafting.",
    "- **Quotations: every article was tuned on.** The quotation and speaker rules were written with all",
    "  seven articles in view (none held out), so their 1.00s say the rules cover these 22 quotations,",
    "  not how they fare on the next article. What each case needed: the hashtag article drops two",
    "  opening marks (a closing mark with no opening one is read from its paragraph's start); KFOR's",
    '  speaker is only "the notice" (`thuhet në njoftim`) and "they" (`Ata bënë të ditur`), resolved to',
    '  the nearest organisation named before; "the Commission chief" to the earlier description sharing',
    "  a word; `Çuçi` and `Rama` completed from an earlier fuller mention. The rows with the marks",
    "  rewritten test the marks, not new wording. Known limits, met on no article here: a speaker named",
    "  only after several standalone quotation paragraphs, a pronoun whose antecedent is not the nearest",
    "  party of its kind, and speech verbs outside the lists of `briefing/drafting/speakers.py`.",
]


def measure() -> tuple[list[str], list[str]]:
    """The section's lines, and every failure (printed, and listed in the section)."""
    if not SHARED.exists():
        raise SystemExit(f"{SHARED} is absent: the reference articles live beside the clone in ../shared")
    first_started = time.perf_counter()
    tallies: dict[tuple[str, str, str], Tally] = {}  # (kind, language, "all" | "held out")
    timings: list[float] = []
    first_reading = 0.0
    failures: list[str] = []
    articles_seen: dict[str, Article] = {}
    for kind_name, kind in KINDS.items():
        for name, meta in load_annotations(kind.annotation_file).items():
            article = articles_seen.get(name) or load_article(name, meta)
            articles_seen[name] = article
            tally = kind.scorer(article, list(meta.get(kind.key) or []))
            if not first_reading:
                first_reading = time.perf_counter() - first_started
            failures.extend(f"{kind_name}: {failure}" for failure in tally.failures)
            # Held out is a property of an article for one kind: the quotation rules saw every article.
            groups = ["all", "held out"] if meta.get("held_out") else ["all", "tuned on"]
            for group in groups:
                tallies.setdefault((kind_name, article.language, group), Tally()).add(tally)
    for article in articles_seen.values():
        runs = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            propose_chronology(article.body, article.language, article.published, "a")
            propose_figures(article.body, article.language, article.published, "a")
            find_statements(article.body, article.language)
            runs.append(time.perf_counter() - started)
        timings.append(statistics.median(runs))
    # A long text: the seed article twenty times over, for the cost per megabyte.
    seed = articles_seen["article-albania-mek-raid.txt"]
    long_text = "\n\n".join([seed.body] * 20)
    started = time.perf_counter()
    propose_chronology(long_text, "en", seed.published, "a")
    propose_figures(long_text, "en", seed.published, "a")
    find_statements(long_text, "en")
    per_megabyte = (time.perf_counter() - started) / (len(long_text) / 1e6)

    lines = [
        HEADING,
        "",
        "Measured by `benchmarks/draft_quality.py` (`--write` rewrites this section): the proposals of",
        "`briefing.drafting` (chronology, figures) on the reference articles beside the clone",
        "(`../shared/reference`: the seed article and `articles/*.txt`), scored against our hand",
        "annotations in `benchmarks/annotations/events-figures.yaml`, per language. An event is found when",
        "a proposed entry's date expression overlaps the annotated place, and right when its EDTF date (which",
        "carries the precision) is the annotated one; a figure is found when a proposed figure's number",
        "overlaps the annotated place, right when value and qualifier are, and attributed right when the",
        "speaker is also one the annotation accepts (the outlet included).",
        "",
        f"- date: {dt.date.today().isoformat()}",
        f"- articles: {len(articles_seen)} ({sum(a.language == 'en' for a in articles_seen.values())} English,"
        f" {sum(a.language == 'sq' for a in articles_seen.values())} Albanian); held out of development:"
        f" {', '.join(sorted(a.name for a in articles_seen.values() if a.held_out)) or 'none'}",
        f"- time per article (chronology, figures and quotations, median of {REPEATS}): median"
        f" {statistics.median(timings) * 1000:.0f} ms, slowest {max(timings) * 1000:.0f} ms; the first"
        f" article of a process also loads dateparser: {first_reading:.2f} s; a long text (the seed"
        f" article 20 times, {len(long_text) / 1000:.0f} kB) {per_megabyte:.1f} s per MB",
        "",
        "| kind | language | articles | annotated | recall | of those found | proposed (not annotated) | target |",
        "|---|---|---|---:|---:|---|---:|---|",
    ]
    for (kind_name, language, group), tally in sorted(tallies.items()):
        kind = KINDS[kind_name]
        checks = "; ".join(
            f"{name}: {_ratio(count, tally.found)}{_met(count, tally.found, kind.targets.get(name, 0))}"
            if name in kind.targets
            else f"{name}: {_ratio(count, tally.found)}"
            for name, count in tally.checks.items()
        )
        target = ", ".join(f"{name} ≥ {value:.2f}" for name, value in kind.targets.items())
        lines.append(
            f"| {kind_name} | {language} | {group} | {tally.annotated} |"
            f" {_ratio(tally.found, tally.annotated)}{_met(tally.found, tally.annotated, kind.targets['recall'])}"
            f" | {checks} | {tally.proposed} ({tally.unannotated}) | {target} |"
        )
    lines += mark_style_rows(articles_seen)
    lines += ["", "What failed:", ""] + [f"- {failure}" for failure in failures or ["nothing"]]
    lines += ["", *READING_THE_SCORES]
    return lines, failures


def main() -> None:
    lines, _ = measure()
    print("\n".join(lines))
    if "--write" in sys.argv[1:]:
        write_section(lines)


if __name__ == "__main__":
    main()
