"""The words of each language that reading needs: month and weekday names, number words, qualifiers.

English and Albanian only; Albanian month names are CLDR's (lower case) with the declined
forms news use ("qershorit", "korrikut", "majin"). Kept in one place so that numbers and dates
read the same words, and so that a third language is a table here.
"""

from __future__ import annotations

from briefing.pipeline.vocabulary import Qualifier

MONTHS: dict[str, dict[str, int]] = {
    "en": {
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
        "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
        "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
        "december": 12, "dec": 12,
    },
    "sq": {
        "janar": 1, "shkurt": 2, "mars": 3, "prill": 4, "maj": 5, "qershor": 6, "korrik": 7,
        "gusht": 8, "shtator": 9, "tetor": 10, "nëntor": 11, "nentor": 11, "dhjetor": 12,
    },
}  # fmt: skip

# The endings of a declined Albanian month name: qershor-it, qershor-i, qershor-in, korrik-ut.
SQ_MONTH_ENDINGS = ("it", "in", "i", "ut", "un", "u")

# Monday is 0, as in `datetime.date.weekday()`.
WEEKDAYS: dict[str, dict[str, int]] = {
    "en": {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6},
    "sq": {
        # The nominative and the declined forms: e hënë, të hënën, së hënës.
        **dict.fromkeys(("hënë", "hënën", "hënës"), 0),
        **dict.fromkeys(("martë", "martën", "martës"), 1),
        **dict.fromkeys(("mërkurë", "mërkurën", "mërkurës"), 2),
        **dict.fromkeys(("enjte", "enjten", "enjtes"), 3),
        **dict.fromkeys(("premte", "premten", "premtes"), 4),
        **dict.fromkeys(("shtunë", "shtunën", "shtunës"), 5),
        **dict.fromkeys(("diel", "dielën", "dielës"), 6),
    },
}

_EN_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SQ_UNITS = ["një", "dy", "tre", "katër", "pesë", "gjashtë", "shtatë", "tetë", "nëntë"]
_SQ_TENS = {
    "njëzet": 20, "njëzetë": 20, "tridhjetë": 30, "dyzet": 40, "dyzetë": 40, "pesëdhjetë": 50,
    "gjashtëdhjetë": 60, "shtatëdhjetë": 70, "tetëdhjetë": 80, "nëntëdhjetë": 90,
}  # fmt: skip

# Number words: the value of a word below a hundred, and the multipliers.
NUMBER_WORDS: dict[str, dict[str, int]] = {
    "en": {
        **{word: value for value, word in enumerate(_EN_UNITS)},
        **{word: 20 + 10 * index for index, word in enumerate(_EN_TENS)},
        "dozen": 12,
    },
    "sq": {
        # "një" is also the indefinite article ("një person", "a person"): read as a number only
        # before a multiplier ("një mijë") or after a qualifier; see numbers.py.
        **{word: value + 1 for value, word in enumerate(_SQ_UNITS)},
        "tri": 3,
        "dhjetë": 10,
        **{word + "mbëdhjetë": value + 1 + 10 for value, word in enumerate(_SQ_UNITS)},
        **_SQ_TENS,
        **{word + "qind": 100 * (value + 1) for value, word in enumerate(_SQ_UNITS)},
    },
}
MULTIPLIERS: dict[str, dict[str, int]] = {
    "en": {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12},
    "sq": {
        "qind": 100, "mijë": 1000, "milion": 10**6, "milionë": 10**6, "mln": 10**6, "miliard": 10**9,
        "miliardë": 10**9, "mld": 10**9,
    },
}  # fmt: skip
# Words joining the parts of one number: "one hundred and five", "njëzet e pesë".
NUMBER_JOINERS: dict[str, frozenset[str]] = {"en": frozenset({"and"}), "sq": frozenset({"e"})}

# Plurals that give only an order of magnitude: "hundreds of", "mijëra". Read as a strict lower
# bound of one unit (`over 100`): "hundreds" is more than one hundred, and nothing more is said.
VAGUE_PLURALS: dict[str, dict[str, int]] = {
    "en": {"dozens": 12, "tens": 10, "hundreds": 100, "thousands": 1000, "millions": 10**6, "billions": 10**9},
    "sq": {"dhjetëra": 10, "qindra": 100, "mijëra": 1000, "miliona": 10**6, "miliarda": 10**9},
}

# The phrases before a number that qualify it, longest first where one contains another.
QUALIFIER_PHRASES: dict[str, list[tuple[str, Qualifier]]] = {
    "en": [
        ("no more than", "at_most"), ("no fewer than", "at_least"), ("no less than", "at_least"),
        ("more than", "over"), ("over", "over"), ("above", "over"), ("in excess of", "over"),
        ("exceeding", "over"), ("just over", "over"),
        ("fewer than", "under"), ("less than", "under"), ("under", "under"), ("below", "under"),
        ("just under", "under"),
        ("at least", "at_least"), ("at most", "at_most"), ("up to", "up_to"), ("as many as", "up_to"),
        ("about", "about"), ("around", "about"), ("nearly", "about"), ("almost", "about"),
        ("some", "about"), ("approximately", "about"), ("roughly", "about"), ("an estimated", "about"),
        ("close to", "about"), ("circa", "about"),
    ],
    "sq": [
        ("jo më shumë se", "at_most"), ("jo më pak se", "at_least"), ("më së shumti", "at_most"),
        ("maksimumi", "at_most"),
        ("më shumë se", "over"), ("më tepër se", "over"), ("më shumë nga", "over"), ("mbi", "over"),
        ("përtej", "over"),
        ("më pak se", "under"), ("më pak nga", "under"), ("nën", "under"),
        ("të paktën", "at_least"), ("së paku", "at_least"), ("minimumi", "at_least"),
        ("deri në", "up_to"), ("deri", "up_to"),
        ("rreth", "about"), ("afro", "about"), ("përafërsisht", "about"), ("gati", "about"),
        ("pothuajse", "about"), ("nja", "about"), ("afërsisht", "about"), ("diku", "about"),
    ],
}  # fmt: skip

PERCENT_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("percent", "per cent", "pc"),
    "sq": ("për qind", "përqind", "për qindë"),
}
