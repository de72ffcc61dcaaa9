"""Who a passage gives as the speaker: the parties it names, and those it names with a verb of saying (pure).

This module owns how `briefing verify` recognises a party in a source's
words. A party's *name forms* are its name in every language it is written
in, its `aliases` (`the minister`, `a spokesperson`), the short form in
brackets of a name like `People's Mojahedin Organization of Iran (MEK)` and
the name before them, and a person's surname. They are compared without case
and without accents (`Cuci` is `Çuçi`), as whole words.

A passage *names* a party when a name form appears in it outside quotation
marks (words inside them are the speaker's, not the attribution). It gives a
party *as the speaker* when a verb of saying follows the name closely
(`Interior Minister Bledi Cuci condemned`, `a spokesperson said`,
`Berisha u shpreh`), or precedes it where English and Albanian put the
speaker after it (`said the minister`, `according to the MEK`, `tha Çuçi`,
`sipas KFOR-it`). A verb that takes an object (`condemned MEK`) makes no
speaker of the name after it.

The verbs are a short list for English and Albanian, enough to tell the
speaker from the parties a sentence mentions; drafting statements from an
article needs far more (issue 20), and this check never proposes a speaker.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from briefing.evidence.matching import normalize
from briefing.pipeline.model import Actor

# Verbs of saying that follow the speaker: `X said`, `X u shpreh`, `X bëri të ditur`. Folded: no accents.
SPEECH_AFTER_SPEAKER = frozenset(
    (  # noqa: SIM905 - a list of words reads best as words
        "said says say told tells added adds stated states claimed claims declared declares announced announces "
        "condemned condemns accused accuses demanded demands reacted reacts wrote writes tweeted explained explains "
        "insisted insists denied denies warned warns confirmed confirms argued argues alleged alleges "
        "urged urges described describes reported reports asked asks responded responds "
        "tha thane deklaroi deklaruan deklaron shtoi shtuan theksoi theksuan pohon pohoi pohuan sqaroi sqaruan "
        "njoftoi njoftuan njofton denoi denuan akuzoi akuzuan kerkoi kerkuan shpreh beri bene shkruan shkroi"
    ).split()
)
# Verbs and phrases after which the speaker comes: `said the minister`, `according to X`, `tha Çuçi`, `sipas X`.
SPEECH_BEFORE_SPEAKER = ("said", "says", "added", "asked", "wrote", "according to", "tha", "shtoi", "sipas", "deklaroi")
SPEECH_WINDOW = 3  # words after a name where its verb of saying may be: `a spokesperson has said`, `Cuci also said`
_QUOTED = re.compile(r'"[^"]*"')


def fold(text: str) -> str:
    """Lower case without accents: `Çuçi` -> `cuci`, so that a name matches however the source spells it."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def name_forms(actor: Actor) -> set[str]:
    """The ways a source may name a party, folded (this module's docstring)."""
    names = [value for value in (actor.name.plain, *actor.name.by_language.values()) if value]
    forms = {*names, *actor.aliases}
    for name in names:
        if match := re.fullmatch(r"(.+?)\s*\(([^()]+)\)", name):
            forms.update((match.group(1), match.group(2)))
        if actor.kind == "person" and len(words := name.split()) > 1 and len(words[-1]) > 2:
            forms.add(words[-1])
    return {fold(normalize(form).text) for form in forms if form.strip()}


@dataclass(frozen=True)
class Named:
    """What a passage says of the parties: those it names, and those it gives as speakers."""

    named: frozenset[str]
    speakers: frozenset[str]


def parties_in(passage: str, actors: Iterable[Actor]) -> Named:
    """The ids of the actors a passage names outside quotation marks, and of those it gives as speakers."""
    text = fold(_QUOTED.sub(" … ", normalize(passage).text))
    named: set[str] = set()
    speakers: set[str] = set()
    for actor in actors:
        for form in name_forms(actor):
            for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
                named.add(actor.id)
                if _speaks(text, match.start(), match.end()):
                    speakers.add(actor.id)
    return Named(frozenset(named), frozenset(speakers))


def _speaks(text: str, start: int, end: int) -> bool:
    after = re.findall(r"[\w-]+", text[end:])[:SPEECH_WINDOW]
    if any(word in SPEECH_AFTER_SPEAKER for word in after):
        return True
    before = " " + " ".join(re.findall(r"[\w-]+", text[:start])[-3:])
    return any(before.endswith((f" {phrase}", f" {phrase} the")) for phrase in SPEECH_BEFORE_SPEAKER)
