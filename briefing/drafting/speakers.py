"""Who says each quotation, and which speakers are one party (actor), in English and Albanian.

This module owns attribution: the speech verbs of both languages, the clause
around a quotation that names its speaker (after it: `, he told the media`,
`, tha Çuçi`; before it: `Aleanca tha se “...”`, `Facebook said it had ... a
“...”`), a speaker carried from the sentence or paragraph before, and the
resolution of a pronoun or a description (`he`, `ai`, `the minister`, `a
spokesperson`, `the statement`, `njoftim`) to the party named earlier. It
also groups every speaker of one or more articles into actors: `Çuçi`,
`Bledi Çuçi`, `Cuci` and `the minister` are one, `KFOR-i` and `KFOR` too,
with a kind (state, organisation, person, group) where the words say it.

It works on words and capitals, not on a parser: what it cannot resolve it
leaves as the article's words, for the editor (the draft marks it).
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from briefing.drafting.quotes import MarkProblem, Paragraph, Quotation, is_term, paragraphs, scan_quotations
from briefing.reading.sentences import Sentence, split_sentences


@functools.lru_cache(maxsize=4096)
def fold(words: str) -> str:
    """Lower case without diacritics, typographic apostrophes made plain: `Çuçi` → `cuci`."""
    decomposed = unicodedata.normalize("NFKD", words.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


def _folded(words: Iterable[str]) -> frozenset[str]:
    return frozenset(fold(word) for word in words)


# How many earlier named mentions a pronoun, a description or a short name is resolved against.
MAX_LOOKBACK = 100
# Speech verbs, longest first so that `ka deklaruar` wins over `deklaruar`.
_SPEECH_VERBS: dict[str, tuple[str, ...]] = {
    "en": (
        "according to",
        "said",
        "says",
        "say",
        "told",
        "tells",
        "added",
        "adds",
        "claimed",
        "claims",
        "tweeted",
        "wrote",
        "writes",
        "stated",
        "spoke",
        "states",
        "explained",
        "noted",
        "stressed",
        "insisted",
        "warned",
        "announced",
        "declared",
        "replied",
        "continued",
        "argued",
        "posted",
        "commented",
        "remarked",
        "emphasised",
        "emphasized",
        "clarified",
        "mentioned",
        "urged",
        "asked",
        "reads",
    ),
    "sq": (
        "ka thënë",
        "kanë thënë",
        "ka deklaruar",
        "kanë deklaruar",
        "ka shtuar",
        "ka theksuar",
        "ka përsëritur",
        "ka pohuar",
        "ka shkruar",
        "bëri të ditur",
        "bënë të ditur",
        "u shpreh",
        "u shprehën",
        "u tha",
        "tha se",
        "thanë se",
        "tha",
        "foli",
        "thanë",
        "thotë",
        "thonë",
        "deklaroi",
        "deklaruan",
        "deklaron",
        "shtoi",
        "shtuan",
        "theksoi",
        "theksuan",
        "pohon",
        "pohoi",
        "sipas",
        "njofton",
        "njoftoi",
        "sqaroi",
        "nënvizoi",
        "shkruan",
        "shkroi",
        "thuhet",
        "postoi",
        "paralajmëroi",
        "deklaratë",
    ),
}
# Verbs after which the speaker follows: `according to X`, `sipas X`, `thuhet në X`.
_SPEAKER_FOLLOWS = {"according to", "sipas", "thuhet"}
_PRONOUNS: dict[str, str] = {
    # pronoun → the kind of antecedent it takes
    "he": "person",
    "she": "person",
    "him": "person",
    "they": "plural",
    "it": "thing",
    "ai": "person",
    "ajo": "person",
    "ata": "plural",
    "ato": "plural",
    "tij": "person",
    "saj": "person",
    "tyre": "plural",
    "ky": "person",
    "kjo": "thing",
}
# Words that describe a speaker who is (part of) an organisation, not a named person.
_INSTITUTIONAL_HEADS = _folded(
    (
        "statement",
        "report",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "source",
        "sources",
        "mission",
        "organisation",
        "organization",
        "office",
        "communique",
        "release",
        "website",
        "post",
        "njoftim",
        "njoftimi",
        "deklaratë",
        "deklarata",
        "deklaratën",
        "zëdhënës",
        "zëdhënësi",
        "burim",
        "burimi",
        "misioni",
        "raport",
        "raporti",
        "postim",
    )
)
_TITLES = _folded(
    (
        "interior",
        "foreign",
        "prime",
        "minister",
        "president",
        "secretary",
        "director",
        "chief",
        "spokesman",
        "spokesperson",
        "mayor",
        "commander",
        "general",
        "ambassador",
        "chairman",
        "chairwoman",
        "head",
        "leader",
        "deputy",
        "former",
        "vice",
        "of",
        "the",
        "state",
        "usds",
        "albanian",
        "commission",
        "ministri",
        "kryeministri",
        "kryetari",
        "kryetarja",
        "drejtori",
        "drejtoresha",
        "komandanti",
        "gjenerali",
        "presidenti",
        "presidentja",
        "zëdhënësi",
        "ambasadori",
        "i",
        "e",
        "të",
        "brendshëm",
        "jashtëm",
        "përgjithshëm",
        "divizionit",
    )
)
_PERSON_WORDS = _folded(
    (
        "minister",
        "president",
        "secretary",
        "director",
        "spokesman",
        "mayor",
        "commander",
        "general",
        "ambassador",
        "chairman",
        "leader",
        "ministri",
        "kryeministri",
        "kryetari",
        "drejtori",
        "komandanti",
        "gjenerali",
        "presidenti",
        "ambasadori",
    )
)
_STATE_WORDS = _folded(
    (
        "government",
        "authorities",
        "ministry",
        "department",
        "embassy",
        "court",
        "police",
        "commission",
        "qeveria",
        "qeverisë",
        "autoritetet",
        "ministria",
        "gjykata",
        "policia",
        "ambasada",
        "departamenti",
    )
)
_GROUP_WORDS = _folded(
    (
        "members",
        "residents",
        "defectors",
        "protesters",
        "citizens",
        "people",
        "anëtarët",
        "banorët",
        "qytetarët",
        "protestuesit",
        "anëtarë",
    )
)
# Capitalised only because they open a sentence.
_SENTENCE_WORDS = _folded(
    (
        "the",
        "in",
        "on",
        "at",
        "after",
        "over",
        "since",
        "while",
        "however",
        "last",
        "this",
        "these",
        "those",
        "meanwhile",
        "regarding",
        "furthermore",
        "many",
        "a",
        "an",
        "it",
        "their",
        "our",
        "we",
        "nga",
        "në",
        "të",
        "sipas",
        "edhe",
        "përmes",
        "ky",
        "kjo",
        "pas",
        "për",
        "gjatë",
        "deklarata",
        "duke",
    )
)
_CONNECTORS = _folded(("of", "von", "der", "de", "van", "al", "bin", "i", "e", "të", "and"))
_CAPITALISED = re.compile(r"[A-ZÇË][\w’'.-]*")
_TOKEN = re.compile(r"[\w’'.-]+")
# A leading phrase that is not the subject: `In a statement published on its website,`, `Në një deklaratë ...,`.
_LEADING_PHRASE = re.compile(
    r"^(?:in|on|at|after|since|while|however|meanwhile|furthermore|përmes|në|pas|nga|sipas|edhe|gjatë|"
    r"regarding|për)\b[^,]{0,120},\s*",
    re.IGNORECASE,
)
_ALBANIAN_SUFFIX = re.compile(r"-(?:it|i|së|s| së|në|ja|ës|ve|t)$")
_STOP_AFTER_SPEAKER = re.compile(
    r",|\.|;| adding\b| in\b| on\b| at\b| to\b| during\b| përmes\b| në\b| gjatë\b| pas\b| duke\b| se\b"
)


class _Sentences:
    """The article's sentences (`briefing.reading`'s split), found by offset."""

    def __init__(self, text: str, language: str) -> None:
        self.sentences = split_sentences(text, language)
        self.starts = [sentence.start for sentence in self.sentences]

    def around(self, offset: int) -> tuple[int, int]:
        """The sentence holding `offset` (the next one, if `offset` falls between two)."""
        index = bisect.bisect_right(self.starts, offset) - 1
        if index >= 0 and offset < self.sentences[index].end:
            return self.sentences[index].start, self.sentences[index].end
        following = self.sentences[index + 1] if index + 1 < len(self.sentences) else None
        return (following.start, following.end) if following else (offset, offset)

    def between(self, start: int, end: int) -> list[Sentence]:
        """The sentences that start at or after `start` and end by `end`."""
        first = bisect.bisect_left(self.starts, start)
        last = bisect.bisect_left(self.starts, end)
        return [sentence for sentence in self.sentences[first:last] if sentence.end <= end]


@dataclass(frozen=True)
class Mention:
    """A party named in the text: `words` as written at `offset`, `name` the proper name in them."""

    offset: int
    words: str
    name: str
    kind: str | None


@dataclass(frozen=True)
class Speaker:
    """A quotation's speaker: as the attribution words it, and the party it resolves to."""

    words: str  # the attribution's words: "he", "a spokesperson", "Interior Minister Bledi Cuci"
    name: str  # the party: "Bledi Cuci", "MEK"; the words themselves when nothing resolves them
    description: str  # as the article describes the party: "Interior Minister Bledi Cuci"
    kind: str | None
    how: str  # "after", "before", "split", "previous sentence", "carried over", "unresolved"
    verb: str


@dataclass(frozen=True)
class Statement:
    """A quotation with its speaker (None when the article gives none the rules can find)."""

    quotation: Quotation
    speaker: Speaker | None
    # The sentence(s) around the quotation that hold its attribution, as offsets.
    sentence_start: int
    sentence_end: int


@dataclass(frozen=True)
class ArticleStatements:
    statements: tuple[Statement, ...]
    terms: tuple[Quotation, ...]
    problems: tuple[MarkProblem, ...]


def speech_verbs(language: str) -> tuple[str, ...]:
    return _SPEECH_VERBS.get(language.split("_")[0], ())


def find_statements(text: str, language: str) -> ArticleStatements:
    """Every direct quotation of an article with its speaker; scare quotes and quoted names apart."""
    verbs = _verb_pattern(language)
    parts = paragraphs(text)
    raw, problems = scan_quotations(text)
    sentences = _Sentences(text, language)
    mentions = _mentions(text, sentences, raw)
    statements: list[Statement] = []
    terms: list[Quotation] = []
    kept: dict[int, int] = {}  # raw index → statements index
    for index, quotation in enumerate(raw):
        paragraph = parts[quotation.paragraph]
        found = _attribution(text, paragraph, raw, index, verbs, sentences)
        if found is None and quotation.continues is None and is_term(quotation.words):
            terms.append(quotation)
            continue
        sentence_start = sentences.around(quotation.open_at)[0]
        sentence_end = sentences.around(max(quotation.close_end - 1, quotation.open_at))[1]
        speaker: Speaker | None
        if found is not None:
            words, verb, how, at = found
            speaker = _resolve(words, verb, how, at, mentions)
        elif quotation.continues is not None and quotation.continues in kept:
            speaker = _carried(statements[kept[quotation.continues]].speaker, "split")
        else:
            speaker = _from_context(text, parts, quotation, statements, mentions, verbs, sentences)
        kept[index] = len(statements)
        continues = kept.get(quotation.continues) if quotation.continues is not None else None
        quotation = Quotation(
            quotation.start,
            quotation.end,
            quotation.words,
            quotation.paragraph,
            quotation.open_at,
            quotation.close_end,
            continues,
        )
        statements.append(Statement(quotation, speaker, sentence_start, sentence_end))
        if speaker is not None:
            mention = Mention(quotation.start, speaker.description, speaker.name, speaker.kind)
            bisect.insort(mentions, mention, key=lambda m: m.offset)
    return ArticleStatements(tuple(_from_next(statements)), tuple(terms), problems)


def _from_next(statements: list[Statement]) -> list[Statement]:
    """A quotation still without a speaker takes the one attributed right after it (`“...” ¶ “...,” he added`)."""
    for index in range(len(statements) - 2, -1, -1):
        statement, following = statements[index], statements[index + 1]
        if (
            statement.speaker is None
            and following.speaker is not None
            and following.quotation.paragraph - statement.quotation.paragraph <= 1
        ):
            speaker = _carried(following.speaker, "next sentence")
            statements[index] = Statement(
                statement.quotation, speaker, statement.sentence_start, statement.sentence_end
            )
    return statements


def _verb_pattern(language: str) -> re.Pattern[str]:
    verbs = speech_verbs(language) or speech_verbs("en") + speech_verbs("sq")
    alternatives = "|".join(re.escape(verb) for verb in sorted(verbs, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])", re.IGNORECASE)


def _attribution(
    text: str,
    paragraph: Paragraph,
    raw: Sequence[Quotation],
    index: int,
    verbs: re.Pattern[str],
    sentences: _Sentences,
) -> tuple[str, str, str, int] | None:
    """(speaker words, verb, where, offset of the words) from the clause after or before the quotation."""
    quotation = raw[index]
    following = raw[index + 1] if index + 1 < len(raw) else None
    after_end = paragraph.end
    if following is not None and following.paragraph == quotation.paragraph:
        after_end = following.open_at
    clause_end = min(after_end, sentences.around(max(quotation.close_end - 1, quotation.open_at))[1])
    if clause_end <= quotation.close_end:
        # `“We will stay.” Rama said.`: the quotation ended its sentence; a short next one may attribute it.
        start, end = sentences.around(quotation.close_end)
        if start - quotation.close_end <= 2 and len(_TOKEN.findall(text[start:end])) <= 8:
            clause_end = min(after_end, end)
    clause = text[quotation.close_end : max(clause_end, quotation.close_end)].rstrip(".!?")
    term = is_term(quotation.words)
    found = _speaker_in_clause(clause, verbs, before=False, near=4 if term else 8)
    if found is not None:
        words, verb, offset = found
        return words, verb, "after", quotation.close_end + offset
    previous = raw[index - 1] if index else None
    before_start = paragraph.start
    if previous is not None and previous.paragraph == quotation.paragraph:
        before_start = previous.close_end
    before = text[before_start : quotation.open_at]
    clause_start = max(0, sentences.around(quotation.open_at)[0] - before_start)
    clause = before[clause_start:]
    if clause.strip():
        found = _speaker_in_clause(clause, verbs, before=True, near=3 if term else None)
        if found is not None:
            words, verb, offset = found
            return words, verb, "before", before_start + clause_start + offset
        # `Çuçi: “Ju garantoj ...”`: a name and a colon introduce the words without a verb.
        introduced = re.search(r"([^,:;]{1,80}):\s*$", clause)
        if introduced and proper_name(introduced.group(1)) and len(_TOKEN.findall(introduced.group(1))) <= 8:
            words = introduced.group(1).strip()
            return words, ":", "before", before_start + clause_start + clause.find(words)
    return None


def _speaker_in_clause(
    clause: str, verbs: re.Pattern[str], *, before: bool, near: int | None = None
) -> tuple[str, str, int] | None:
    """The speaker's words around the clause's speech verb, and their offset in the clause.

    `near` bounds how many words may stand between the verb and the quotation:
    an attribution sits beside its quotation, a verb far off belongs to another clause.
    """
    matches = list(verbs.finditer(clause))
    if not matches:
        return None
    verb_match = matches[0]
    verb = verb_match.group(0).lower()
    if near is not None:
        gap = clause[verb_match.end() :] if before else clause[: verb_match.start()]
        if len(_TOKEN.findall(gap)) > near:
            return None
    head = clause[: verb_match.start()]
    if verb not in _SPEAKER_FOLLOWS and _TOKEN.search(head):
        # SPEAKER VERB: the speaker is the last comma-free stretch before the verb,
        # unless commas set off an apposition (`president of the Commission, Ursula von der Leyen,`).
        start = 0
        stripped = head.strip(" ,\n")
        if before:
            leading = _LEADING_PHRASE.match(stripped)
            if leading:
                start = leading.end()
        stretch = stripped[start:]
        if before and "," in stretch:
            stretch = stretch.rsplit(",", 1)[1]
        words = _drop_adverbs(stretch)
        if words:
            return words, verb, clause.find(words)
    # VERB SPEAKER: `said the minister`, `tha Çuçi`, `thuhet në njoftim`, `according to X`.
    tail = clause[verb_match.end() :]
    if verb == "thuhet":
        tail = re.sub(r"^\s*në\s+", " ", tail)
    stop = _STOP_AFTER_SPEAKER.search(tail, 1)
    words = tail[: stop.start()] if stop else tail
    words = words.strip(" ,\n")
    if not words or len(_TOKEN.findall(words)) > 12:
        return None
    return words, verb, verb_match.end() + tail.find(words)


def _drop_adverbs(words: str) -> str:
    words = re.sub(r"\s+(?:further|also|then|later|again|too|gjithashtu|më tej|edhe)$", "", words.strip())
    return re.sub(r"^(?:and|but|while|dhe|por|ndërsa)\s+", "", words).strip(" ,")


def _from_context(
    text: str,
    parts: Sequence[Paragraph],
    quotation: Quotation,
    statements: Sequence[Statement],
    mentions: Sequence[Mention],
    verbs: re.Pattern[str],
    sentences: _Sentences,
) -> Speaker | None:
    """A quotation standing alone: the speaker of the sentence before, or of the paragraph before."""
    paragraph = parts[quotation.paragraph]
    previous_paragraph = parts[quotation.paragraph - 1] if quotation.paragraph else None
    candidates = [sentences.between(paragraph.start, quotation.open_at)]
    if previous_paragraph is not None:
        candidates.append(sentences.between(previous_paragraph.start, previous_paragraph.end))
    for number, context in enumerate(candidates):
        if not context:
            continue
        sentence = context[-1]
        found = _speaker_in_clause(sentence.text, verbs, before=True)
        if found is not None:
            words, verb, _offset = found
            how = "previous sentence" if number == 0 else "previous paragraph"
            return _resolve(words, verb, how, sentence.start, mentions)
    if statements and statements[-1].quotation.paragraph >= quotation.paragraph - 1:
        return _carried(statements[-1].speaker, "carried over")
    return None


def _carried(speaker: Speaker | None, how: str) -> Speaker | None:
    if speaker is None:
        return None
    return Speaker(speaker.words, speaker.name, speaker.description, speaker.kind, how, speaker.verb)


def _resolve(words: str, verb: str, how: str, at: int, mentions: Sequence[Mention]) -> Speaker | None:
    """The party the attribution's words name, by name or through the text before them.

    A name is taken as written, completed from an earlier fuller mention
    (`Çuçi` → `Bledi Çuçi`); a pronoun takes the nearest earlier party of its
    kind; a description (`the minister`, `the Commission chief`) the nearest
    earlier party described with one of its words, else of its kind; `a
    spokesperson` or `the statement` the nearest organisation or state.
    """
    end = bisect.bisect_left(mentions, at, key=lambda m: m.offset)
    # A pronoun or a description points to a party named shortly before; looking back a bounded
    # number of mentions keeps a long text linear (an article has far fewer).
    earlier = mentions[max(0, end - MAX_LOOKBACK) : end]
    folded = fold(words)
    name = "" if _is_description(words) else proper_name(words)
    if name:
        known = _known(name, earlier)
        if known is not None:
            return Speaker(words, known.name, known.words, known.kind or kind_of(words, name), how, verb)
        return Speaker(words, name, words, kind_of(words, name), how, verb)
    pronoun = _PRONOUNS.get(folded)
    if pronoun is not None:
        wanted = {
            "person": ("person",),
            "plural": ("organisation", "group", "state"),
            "thing": ("organisation", "state"),
        }
        kinds = wanted[pronoun]
    else:
        described = set(_content_words(words))
        for mention in reversed(earlier):
            if described & set(_content_words(mention.words)):
                mention = _known(mention.name, earlier) or mention
                return Speaker(words, mention.name, mention.words, mention.kind, how, verb)
        kinds = ("person",) if any(fold(word) in _PERSON_WORDS for word in words.split()) else ("organisation", "state")
    for mention in reversed(earlier):
        if mention.kind in kinds or mention.kind is None:
            kind = mention.kind or kinds[0]
            mention = _known(mention.name, earlier) or mention
            return Speaker(words, mention.name, mention.words, kind, how, verb)
    if pronoun is not None:
        return None  # `he` with nobody named before: the editor names the speaker
    return Speaker(words, words, words, kind_of(words, None), "unresolved", verb)


def _is_description(words: str) -> bool:
    """`the minister`, `a spokesperson`, `the Commission chief`, `njoftim`: words that describe, not name.

    `a spokesperson for the US State Department` names the department: its
    head noun is followed by a name.
    """
    tokens = _TOKEN.findall(words)
    if not tokens:
        return True
    if not any(token[0].isupper() for token in tokens):
        return True
    return fold(tokens[0]) in ("the", "a", "an") and not tokens[-1][0].isupper()


def _content_words(words: str) -> list[str]:
    return [
        word
        for word in (fold(token) for token in _TOKEN.findall(words))
        if word not in _CONNECTORS | {"the", "a", "an"} and len(word) > 2
    ]


def _known(name: str, earlier: Sequence[Mention]) -> Mention | None:
    """The earlier mention of the same party that says most about it (its full name, its title)."""
    same = [m for m in earlier if m.name == name or same_party(name, m.name) or _completes(name, m.name)]
    if not same:
        return None
    best = max(same, key=lambda m: (len(m.name.split()), len(m.words)))
    return Mention(best.offset, best.words, best.name, best.kind or next((m.kind for m in same if m.kind), None))


def _completes(name: str, fuller: str) -> bool:
    """An earlier mention that gives more of the same name: `Rama` → `Edi Rama`, `Aleanca` → `Aleanca Ushtarake e NATO-s`."""
    if len(fuller.split()) <= len(name.split()):
        return False
    return same_party(name, fuller) or (len(name.split()) == 1 and _same_stem(fold(name), fold(fuller.split()[0])))


def _mentions(text: str, sentences: _Sentences, raw: Sequence[Quotation]) -> list[Mention]:
    """The parties named outside quotations: each sentence's subject, and every acronym (MEK, KFOR-it)."""
    found: list[Mention] = []
    quoted = [(quotation.open_at, quotation.close_end) for quotation in raw]

    opens = [open_at for open_at, _ in quoted]

    def inside_quote(offset: int) -> bool:
        index = bisect.bisect_right(opens, offset) - 1
        return index >= 0 and offset < quoted[index][1]

    for sentence in sentences.sentences:
        if not inside_quote(sentence.start):
            subject = _subject(sentence.text)
            name = proper_name(subject) if subject else ""
            if name:
                found.append(Mention(sentence.start, subject, name, kind_of(subject, name)))
    for match in re.finditer(r"(?<![\w-])[A-Z]{2,}(?:-[a-zë]{1,3})?(?![\w])", text):
        offset = match.start()
        if not inside_quote(offset) and match.group(0) not in ("EU", "US", "UK", "USA"):
            acronym = _ALBANIAN_SUFFIX.sub("", match.group(0))
            found.append(Mention(offset, acronym, acronym, "organisation"))
    return sorted(found, key=lambda mention: mention.offset)


def _subject(sentence: str) -> str:
    """The words naming a sentence's subject: its first run of capitalised words, with their titles and apposition."""
    sentence = _LEADING_PHRASE.sub("", sentence.lstrip('“”"«» '))
    tokens = sentence.split()
    taken: list[str] = []
    for number, token in enumerate(tokens):
        bare = token.strip(",;:()")
        if not bare:
            break
        following = tokens[number + 1] if number + 1 < len(tokens) else ""
        if bare[0].isupper() or (taken and fold(bare) in _CONNECTORS | _TITLES):
            if not taken and fold(bare) in _SENTENCE_WORDS:
                continue
            kept = token.rstrip(",;:")
            taken.append(kept + "," if token.endswith(",") and following[:1].isupper() else kept)
            if token.endswith(",") and not following[:1].isupper():
                break
            continue
        if not taken and fold(bare) in ("the", "a", "an"):
            taken.append(bare)
            continue
        break
    while taken and fold(taken[-1].rstrip(",")) in _CONNECTORS | {"the"}:
        taken.pop()
    return " ".join(taken).rstrip(",")


def proper_name(words: str) -> str:
    """The last run of capitalised words, titles in front of it dropped: `Interior Minister Bledi Cuci` → `Bledi Cuci`.

    Commas end a run (`Kryetari i Partisë Demokratike, Sali Berisha` → `Sali
    Berisha`); connectors join one (`Ursula von der Leyen`, `Aleanca Ushtarake e NATO-s`).
    """
    runs: list[list[str]] = []
    for segment in words.split(","):
        tokens = _TOKEN.findall(segment)
        current: list[str] = []
        for number, token in enumerate(tokens):
            if token[0].isupper() or (current and fold(token) in _CONNECTORS and _name_follows(tokens, number)):
                current.append(token)
            elif current:
                runs.append(current)
                current = []
        if current:
            runs.append(current)
    for run in reversed(runs):
        while (
            run
            and not _is_acronym(run[0])
            and (fold(run[0]) in _SENTENCE_WORDS or (fold(run[0]) in _TITLES and len(run) > 1))
        ):
            run = run[1:]
        while run and fold(run[-1]) in _CONNECTORS:
            run = run[:-1]
        if len(run) == 1:
            run = [_ALBANIAN_SUFFIX.sub("", run[0]) if _is_acronym(run[0].split("-")[0]) else run[0]]
        if run and not (len(run) == 1 and fold(run[0]) in _PRONOUNS):
            name = " ".join(run).strip(".")
            # `People’s Mojahedin Organization of Iran (MEK)`: the acronym keeps its brackets.
            if len(run) > 1 and _is_acronym(run[-1]) and f"({run[-1]})" in words:
                name = " ".join(run[:-1]) + f" ({run[-1]})"
            return name
    return ""


def _name_follows(tokens: Sequence[str], number: int) -> bool:
    """Connectors up to a capitalised word: `von der Leyen`."""
    for token in tokens[number + 1 :]:
        if token[0].isupper():
            return True
        if fold(token) not in _CONNECTORS:
            return False
    return False


def _is_acronym(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def kind_of(words: str, name: str | None) -> str | None:
    """The actor kind the words say, or None when they do not say it."""
    folded = fold(words).split()
    if fold(words) in _PRONOUNS:
        return {"person": "person", "plural": "group", "thing": "organisation"}[_PRONOUNS[fold(words)]]
    if any(word in _GROUP_WORDS for word in folded):
        return "group"
    if any(word in _STATE_WORDS for word in folded) or "state department" in fold(words):
        return "state"
    if any(word in _PERSON_WORDS for word in folded) and name and len(name.split()) >= 2:
        return "person"
    if name and _is_acronym(name.split("-")[0]):
        return "organisation"
    if any(word in _INSTITUTIONAL_HEADS for word in folded) or re.search(
        r"\b(?:alliance|aleanca|party|partia|organi[sz]ation|organizata|union|bashkimi)\b", fold(words)
    ):
        return "organisation"
    if name and len(name.split()) >= 2 and all(part[0].isupper() for part in name.split()):
        return "person"
    if name and len(name.split()) == 1 and any(word in _PERSON_WORDS for word in folded):
        return "person"
    return None


# --- actors ---------------------------------------------------------------------------------


@dataclass
class ActorGroup:
    """Speakers that are one party, across articles: its names as written, its descriptions and kind."""

    name: str
    kind: str | None
    descriptions: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # the attributions' own words: `the minister`, `Çuçi`
    kind_stated: bool = True

    def absorbs(self, name: str) -> bool:
        return any(same_party(name, known) for known in self.names)


def same_party(one: str, other: str) -> bool:
    """`Çuçi` and `Bledi Cuci`, `KFOR-it` and `KFOR`, `Berishës` and `Sali Berisha` name one party."""
    a, b = _name_key(one), _name_key(other)
    if not a or not b:
        return False
    if a == b:
        return True
    last_a, last_b = a[-1], b[-1]
    if not _same_stem(last_a, last_b):
        return False
    # `Cuci` matches `Bledi Cuci`; `Edi Rama` does not match `Ana Rama`.
    return len(a) == 1 or len(b) == 1 or a[0] == b[0]


@functools.lru_cache(maxsize=4096)
def _name_key(name: str) -> tuple[str, ...]:
    words = [_ALBANIAN_SUFFIX.sub("", word) for word in fold(name).replace("(", " ").replace(")", " ").split()]
    return tuple(word for word in words if word not in _CONNECTORS | {"the", "a", "an"})


def _same_stem(one: str, other: str) -> bool:
    if one == other:
        return True
    shorter, longer = sorted((one, other), key=len)
    if len(shorter) < 4:
        return False
    common = 0
    for x, y in zip(shorter, longer, strict=False):
        if x != y:
            break
        common += 1
    # Albanian declines names: Berisha, Berishës; NATO, NATO-s (the suffix is already gone).
    return common >= max(4, len(shorter) - 2)


def group_actors(speakers: Iterable[Speaker]) -> list[ActorGroup]:
    """One group per party, in order of first appearance; the longest full name names the group."""
    groups: list[ActorGroup] = []
    for speaker in speakers:
        group = next((g for g in groups if g.absorbs(speaker.name)), None)
        if group is None:
            group = ActorGroup(speaker.name, speaker.kind, kind_stated=speaker.kind is not None)
            groups.append(group)
        if speaker.name not in group.names:
            group.names.append(speaker.name)
        if speaker.words not in group.words and fold(speaker.words) not in _PRONOUNS:
            group.words.append(speaker.words)
        if speaker.description not in group.descriptions and fold(speaker.description) not in _PRONOUNS:
            group.descriptions.append(speaker.description)
        if _better_name(speaker.name, group.name):
            group.name = speaker.name
        if group.kind is None and speaker.kind is not None:
            group.kind, group.kind_stated = speaker.kind, True
    for group in groups:
        if group.kind is None:
            group.kind, group.kind_stated = "organisation", False
    return groups


def _better_name(candidate: str, current: str) -> bool:
    """A full name beats a surname; an inflected Albanian form (`KFOR-it`) loses to the bare one."""
    if _ALBANIAN_SUFFIX.search(candidate) and not _ALBANIAN_SUFFIX.search(current):
        return False
    if _ALBANIAN_SUFFIX.search(current) and not _ALBANIAN_SUFFIX.search(candidate):
        return True
    return len(candidate.split()) > len(current.split())
