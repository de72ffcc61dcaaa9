"""Where a line may break inside a text: word division in every language, numbers kept with their words.

This module owns the break opportunities the renderer puts into a text:

* In every language, a number is kept on one line with the words on each
  side of it (`20 qershor 2023`, `rreth 1 000 policë`, `vitit 2013`): a date
  or a quantity is never split across lines, and its words never hyphenated.
  So is a short aside in parentheses (`(datë e pasigurt)`).
* Every language is divided only at the soft hyphens put here (the
  stylesheet says `hyphens: manual`), with the same protections: never a
  capitalised or all-capitals word (a name, `ORGANISATION`), a month name, a
  word of fewer than seven letters, or the last word of a text (a paragraph
  never ends on the tail of a word). A language without rules of its own
  here is divided by pyphen's patterns, the ones WeasyPrint's `hyphens:
  auto` would use.
* In a language with rules of its own here (Albanian), words are divided
  only where those rules allow, marked with soft hyphens (U+00AD) for the
  stylesheet's `hyphens: manual`. pyphen's `hyph_sq_AL` patterns ("created
  semi-automatically") break inside clusters no Albanian syllable starts
  with (`infar-kti`, `ndë-rprerë`, `Jash-tme`): a wrong break is worse than
  none, so Albanian does not use them.

Albanian division follows *Drejtshkrimi i gjuhës shqipe* (1973), §§ 96-100,
"Ndarja e fjalëve në fund të rreshtit":

* § 98.1: a single consonant between two vowels goes with the next vowel
  (`ba-rra`, `po-pu-lli`). Letters are Albanian letters: the digraphs dh,
  gj, ll, nj, rr, sh, th, xh, zh are one letter each and never split.
* § 98.2: of two or more consonants between vowels, at least the last goes
  to the next line. Of the divisions that allows, this module keeps one,
  the stricter reading a reviewer asked for: the next line starts with the
  longest end of the cluster that can start an Albanian word (`ko-dra`,
  `in-fark-ti`, `jasht-me`, `efek-ti-vë-ve`). Clusters made with the
  prefixes ç-, z-, zh- (`çmim`, `zgjedh`) start words only: inside a word,
  ç or z ends the syllable (`po-saç-me`, `fa-shiz-mit`). A nasal and a stop
  (`mbi`, `ndër`, `nga`) start a syllable after a consonant (`shpër-ndaj`);
  after a vowel the nasal ends the syllable (`këm-bë`, `ven-dim`,
  `pa-men-duar`, not `pame-nduar`), as a native reviewer asked.
* § 98.2, "por:": a verbal noun keeps its ending -je whole (`korr-je`,
  `lodh-je`, `ndjek-je`, `mbrojt-je`), and so do its inflected forms
  (`marrëvesh-jen`, `zgjedh-jeve`). The adjectives' -mja (`e nesër-mja`)
  is not that ending.
* § 98.3: a vowel next to a vowel is never divided here (§ 98 allows it,
  but it cannot tell ua, ue, ie, ye from two syllables).
* § 98.4 (ç): a word made with a prefix that is also a word (ndër-, kundër-,
  mbi-, nën-, para-, prapa-, pa-, për-, mos-, pas-, bashkë-, jashtë-), or
  a compound of zëvendës- or mirë-, divides after it (`ndër-prerë`, `mbi-emër`,
  `zëvendës-ministri`) when the rest can start a word; a prefix ending in
  a consonant is not split off a vowel (`pa-su-ri`, not `pas-uri`).
* § 99 b, § 100.3: a word written with a hyphen (`MEK-ut`, `ish-zyrtarëve`)
  is not broken at its hyphen: an article ending may not be separated, and
  a compound would need the hyphen repeated on the next line, which the
  printer cannot do. A word joiner (U+2060) after the hyphen says so.
* § 100.1: no single letter is left on a line; this module keeps at least
  three letters on each side and divides only words of seven or more.

Proper names are never divided: a word that starts with a capital letter
(a name, or the first word of a sentence) is left whole, and so are words
next to numbers, abbreviations, links and, in Albanian, foreign words
(letters outside the Albanian alphabet).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache, lru_cache

import pyphen
from babel import Locale, UnknownLocaleError
from markupsafe import Markup, escape

from briefing.pipeline.vocabulary import base_language

SOFT_HYPHEN = "\u00ad"
NO_BREAK_SPACE = "\u00a0"
WORD_JOINER = "\u2060"
MIN_WORD = 7
MIN_SIDE = 3

VOWELS = frozenset("aeëiouy")
DIGRAPHS = ("dh", "gj", "ll", "nj", "rr", "sh", "th", "xh", "zh")
_CONSONANTS = frozenset("bcçdfghjklmnpqrstvxz")

# Consonant clusters that start Albanian words (besides any single
# consonant), as letters are written. A cluster missing here only moves a
# division one letter later (`pas-qyrë` instead of `pa-sqyrë`), which § 98.2
# allows too; a cluster wrongly here would start a line with it.
WORD_ONSETS = frozenset(
    {
        # with r, l, j after a stop or f, v
        *("bl", "bll", "br", "bj", "dr", "dj", "fl", "fll", "fr", "fj", "gl", "gll", "gr"),
        *("kl", "kll", "kr", "kj", "pl", "pll", "pr", "pj", "sj", "tr", "tj", "vl", "vr", "vj"),
        *("dhj", "thj"),
        # f, k, g before a stop or sibilant: ftesë, fshat, fqinj, kthej, kthjellët, gdhend
        *("ft", "fsh", "fq", "kth", "kthj", "gdh", "vd"),
        # m before j, ll: mjet, mjaft, mllef
        *("mj", "mll"),
        # s, sh before a consonant: spital, shtet, shkollë, shpjegoj, shndërroj
        *("sp", "spr", "st", "str", "sk", "skr", "sf", "sm", "sq", "sll"),
        *("shp", "shpr", "shpj", "sht", "shtr", "shtj", "shk", "shkr", "shkl", "shq", "shf", "shfr"),
        *("shm", "shn", "shnd", "shl", "shv"),
    }
)
# A nasal and a stop start words (mbi, ndër, nga, ngjarje, nxënës) and a
# syllable after another consonant (`shpër-ndaj`, `për-mbys`); after a vowel
# the nasal ends the syllable (`këm-bë`, `ven-dim`, `kan-di-dat`,
# `pa-men-duar`, not `pame-nduar`), as a native reviewer read § 98.2.
NASAL_STOP_ONSETS = frozenset({"mb", "mbr", "mbl", "mbj", "nd", "ndr", "ndj", "ng", "ngr", "ngj", "nx", "nxj"})
# Clusters made by the prefixes ç-, z-, zh- (çmim, çdo, zgjedh, zvogëloj,
# zhvilloj) start words only: inside a word the ç or z ends a syllable
# (`po-saç-me`, `fa-shiz-mit`).
INITIAL_ONSETS = frozenset(
    {
        *("çb", "çd", "çf", "çj", "çk", "çl", "çm", "çn", "çp", "çr", "çrr", "çth", "çv"),
        *("zb", "zbr", "zg", "zgj", "zv", "zm", "zj", "zhb", "zhd", "zhg", "zhv"),
    }
)
# Prefixes that are words of their own (§ 98.4), and `zëvendës` and `mirë`,
# the first parts of compounds (`zëvendës-ministri`, `mirë-mbajtje`) that
# would otherwise divide inside them (`zëvendë-sministri`, `mirëm-bajtje`).
# Longest first.
PREFIXES = (
    *("zëvendës", "kundër", "bashkë", "jashtë", "prapa", "mirë", "ndër", "para"),
    *("mbi", "nën", "për", "mos", "pas", "pa"),
)
# The endings of the verbal noun in -je (§ 98.2, "por:"), after its j.
_JE_ENDINGS = frozenset({"e", "eje", "a", "en", "es", "et", "eve", "esh"})

_WORD = r"[^\W\d_]+(?:[-'\u2019\u2060][^\W\d_]+)*"
# A number standing on its own: the digits inside a token (a hash, a reference) are not one.
_NUMBER = r"(?<!\w)(?:\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?!\d)|\d+(?:[.,]\d+)*)(?!\w)"
_SPACE = r"[ \u00a0]"
# A number with the word before it and the word after it (and on through
# "20 qershor 2023"): a date or a quantity, kept on one line.
_NUMBER_RUN = re.compile(
    rf"(?:{_WORD}{_SPACE})?(?:{_NUMBER})(?:{_SPACE}{_WORD}{_SPACE}(?:{_NUMBER}))*(?:{_SPACE}{_WORD})?"
)
# A short aside in parentheses, "(datë e pasigurt)", "(uncertain)": at most three words, never split.
_SHORT_ASIDE = r"\((?=[^()\n]{1,24}\))[^\s()]+(?: [^\s()]+){0,2}\)"
_KEPT_TOGETHER = re.compile(f"{_NUMBER_RUN.pattern}|{_SHORT_ASIDE}")
_LINK = re.compile(r"\S*(?:://|www\.|@)\S*")
_LETTERS = re.compile(r"[^\W\d_]+")
_INNER_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")


def letters(word: str) -> list[str]:
    """The Albanian letters of a lower-case word: digraphs are one letter each (`sh`, `k`, `o`, `ll`, `ë`)."""
    result: list[str] = []
    index = 0
    while index < len(word):
        pair = word[index : index + 2]
        step = 2 if pair in DIGRAPHS else 1
        result.append(word[index : index + step])
        index += step
    return result


def _is_albanian(word: str) -> bool:
    return all(char in VOWELS or char in _CONSONANTS for char in word)


def _onset_allowed(cluster: Sequence[str], word_start: bool, after_consonant: bool = False) -> bool:
    if len(cluster) == 1:
        return True
    written = "".join(cluster)
    return (
        written in WORD_ONSETS
        or ((word_start or after_consonant) and written in NASAL_STOP_ONSETS)
        or (word_start and written in INITIAL_ONSETS)
    )


def _split_prefixes(units: list[str]) -> list[list[str]]:
    """The word cut after each prefix it starts with (§ 98.4), when what follows can start a word."""
    parts: list[list[str]] = []
    rest = units
    while True:
        for prefix in PREFIXES:
            size = len(letters(prefix))
            if "".join(rest[:size]) != prefix or len(rest) - size < 2:
                continue
            stem = rest[size:]
            if stem[0] in VOWELS:
                # mbi-emër, para-ardhës; but pasuri is not pas-uri.
                if prefix[-1] not in VOWELS:
                    continue
            else:
                first_vowel = next((i for i, unit in enumerate(stem) if unit in VOWELS), None)
                if first_vowel is None or not _onset_allowed(stem[:first_vowel], word_start=True):
                    continue  # mbillni is not mbi-llni
            parts.append(rest[:size])
            rest = stem
            break
        else:
            parts.append(rest)
            return parts


def _syllable_starts(units: list[str], tail: list[str]) -> list[int]:
    """Indexes (into `units`) where a syllable starts, by § 98.1-3; `tail` is what follows in the word."""
    vowel_runs: list[tuple[int, int]] = []
    for index, unit in enumerate(units):
        if unit in VOWELS:
            if vowel_runs and vowel_runs[-1][1] == index:
                vowel_runs[-1] = (vowel_runs[-1][0], index + 1)
            else:
                vowel_runs.append((index, index + 1))
    starts = []
    for (_, end), (next_start, _) in itertools.pairwise(vowel_runs):
        cluster = units[end:next_start]
        if not cluster:
            continue  # § 98.3: vowels stay together
        after = "".join(units[next_start:] + tail)
        if len(cluster) >= 2 and cluster[-1] == "j" and cluster[-2] != "m" and after in _JE_ENDINGS:
            starts.append(next_start - 1)  # korr-je, ndjek-jes, zgjedh-jeve
            continue
        onset = next(
            k for k in range(len(cluster)) if _onset_allowed(cluster[k:], word_start=False, after_consonant=k > 0)
        )
        starts.append(end + onset)
    return starts


def _boundary(units: list[str], offset: int) -> bool:
    """Whether a letter of `units` starts at `offset` characters into the word."""
    return offset in itertools.accumulate(len(unit) for unit in units)


def albanian_division_points(word: str) -> list[int]:
    """Where a lower-case Albanian word may be divided at the end of a line, as offsets into it.

    By the rules alone: no limit on the length of the word or of its parts.
    A word with letters outside the Albanian alphabet gives none.
    """
    if not word or not _is_albanian(word):
        return []
    units = letters(word)
    for prefix in PREFIXES:
        # kundër-revolucionar: two r's across a prefix's end are two letters, not the digraph rr.
        if word.startswith(prefix) and len(word) > len(prefix) + 1 and not _boundary(units, len(prefix)):
            units = letters(prefix) + letters(word[len(prefix) :])
            break
    parts = _split_prefixes(units)
    points: list[int] = []
    offset = 0
    for number, part in enumerate(parts):
        tail = [unit for later in parts[number + 1 :] for unit in later]
        starts = _syllable_starts(part, tail)
        if number > 0:
            starts = [0, *starts]
        for start in starts:
            points.append(offset + sum(len(unit) for unit in part[:start]))
        offset += sum(len(unit) for unit in part)
    return sorted(set(point for point in points if 0 < point < len(word)))


Divider = Callable[[str], list[int]]

# Languages with division rules of their own here; the others are divided by
# pyphen's patterns (those WeasyPrint's `hyphens: auto` would use), through the
# same protections. WeasyPrint 70 used to print some soft-hyphen divisions
# without their hyphen (Kozea/WeasyPrint#1214): `line_ends` mends that.
DIVIDERS: dict[str, Divider] = {"sq": albanian_division_points}


@cache
def divider(language: str) -> Divider | None:
    """Where a lower-case word of `language` may be divided; None if this module does not divide it.

    Soft hyphens go only into lower-case words of seven letters or more
    (never a name, an all-capitals word or an abbreviation), three letters
    each side, and never into a month name (CLDR's, in every form and width,
    and the declined forms that start with one: `qershorit`).
    """
    divide = DIVIDERS.get(language) or DIVIDERS.get(base_language(language)) or _patterns(language)
    if divide is None:
        return None
    names, stems = _month_names(language)

    # A word's division points, once a process for each word: an edition asks for the same
    # words many times, and the preview renders every edition again after each save.
    @lru_cache(maxsize=1 << 14)
    def points(word: str) -> tuple[int, ...]:
        folded = word.casefold()
        if folded in names or any(folded.startswith(stem) for stem in stems):
            return ()
        return tuple(divide(word))

    def protected(word: str) -> list[int]:
        return list(points(word))

    return protected


def _patterns(language: str) -> Divider | None:
    """pyphen's patterns for the language, as WeasyPrint's `hyphens: auto` would use them."""
    found = pyphen.language_fallback(language.replace("-", "_"))
    if found is None:
        return None
    dictionary = pyphen.Pyphen(lang=found, left=MIN_SIDE, right=MIN_SIDE)
    return dictionary.positions


def _month_names(language: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """CLDR's month names of the language, casefolded: every form and width; and the full names,
    whose declined forms start with them (`qershor`, `qershorit`; `mars`, `marsit`)."""
    try:
        locale = Locale.parse(language)
    except (ValueError, UnknownLocaleError):
        return frozenset(), ()
    names = frozenset(
        name.casefold().rstrip(".")
        for context in locale.months.values()
        for width in context.values()
        for name in width.values()
    )
    stems = {name.casefold() for context in locale.months.values() for name in context.get("wide", {}).values()}
    return names, tuple(sorted(stem for stem in stems if len(stem) >= 4))


def hyphenate_word(word: str, divide: Divider) -> str:
    """The word with soft hyphens where it may be divided, keeping MIN_SIDE letters each side."""
    if len(word) < MIN_WORD or not word.islower():
        return word
    points = [p for p in divide(word) if MIN_SIDE <= p <= len(word) - MIN_SIDE]
    pieces = [word[start:end] for start, end in zip([0, *points], [*points, len(word)], strict=True)]
    return SOFT_HYPHEN.join(pieces)


def _hyphenated(text: str, divide: Divider) -> str:
    """Soft hyphens in the words of a running text that may be divided; links left alone."""
    pieces = []
    position = 0
    for link in _LINK.finditer(text):
        pieces.append(_hyphenate_words(text[position : link.start()], divide))
        pieces.append(link.group())
        position = link.end()
    pieces.append(_hyphenate_words(text[position:], divide))
    return "".join(pieces)


def _hyphenate_words(text: str, divide: Divider) -> str:
    text = _INNER_HYPHEN.sub("-" + WORD_JOINER, text)
    return _LETTERS.sub(lambda match: hyphenate_word(match.group(), divide), text)


def line_breaks(text: str, language: str, *, hyphenate: bool = True) -> Markup:
    """A text as HTML whose lines break only where they may.

    Numbers and their neighbouring words are kept together, and so is a short
    aside in parentheses (the spaces between them become no-break spaces); with
    `hyphenate`, words of a language this module divides get soft hyphens,
    except the last word: a paragraph never ends on the tail of a divided word
    (which, before a source number, WeasyPrint 70 also printed without its hyphen).
    Every piece of the text is escaped.
    """
    text = unicodedata.normalize("NFC", text)
    divide = divider(language) if hyphenate else None
    words = list(_LETTERS.finditer(text))
    last_word = words[-1].start() if words else len(text)
    html = []
    position = 0
    for run in _KEPT_TOGETHER.finditer(text):
        html.append(_plain(text[position : run.start()], divide, last_word - position))
        # No-break spaces, not a `nowrap` span: WeasyPrint 70 breaks the line before
        # any span that follows an inline-block (a fact's status label), leaving the label alone.
        html.append(escape(run.group().replace(" ", NO_BREAK_SPACE)))
        position = run.end()
    html.append(_plain(text[position:], divide, last_word - position))
    return Markup("").join(html)


def _plain(text: str, divide: Divider | None, undivided_from: int) -> Markup:
    """`text` escaped, its words divided up to `undivided_from` (the paragraph's last word)."""
    if divide is None:
        return escape(text)
    cut = max(0, min(undivided_from, len(text)))
    return escape(_hyphenated(text[:cut], divide) + text[cut:])
