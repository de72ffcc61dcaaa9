"""What a translation must keep of its source: numbers, links and placeholders.

A briefing's texts are not format strings; these checks stand in for
msgfmt's format checks on content catalogs. Numbers are compared by their
digits and counted, so `1,000` matches `1 000`, `2.5` matches `2,5`, and a
translation that drops one of two "2024"s is caught.
"""

from __future__ import annotations

import re
from collections import Counter

_NUMBER = re.compile(r"\d+(?:[,.\u00a0\u202f ]\d{3})*(?:[.,]\d+)?")
_URL = re.compile(r"(?:https?://|mailto:)[^\s\"'<>»«]+[^\s\"'<>»«.,;:!?)]")
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|\{\w*\}")


def translation_problems(source: str, translation: str) -> list[str]:
    """What a translation lost of its source, one phrase per kind of loss."""

    def numbers(text: str) -> Counter[str]:
        return Counter(re.sub(r"\D", "", number) for number in _NUMBER.findall(text))

    problems = []
    lost = numbers(source) - numbers(translation)
    if lost:
        listed = sorted(lost.elements(), key=lambda n: (len(n), n))
        problems.append(f"the translation lacks the number(s) {', '.join(listed)} of the source")
    if missing := sorted(set(_URL.findall(source)) - set(_URL.findall(translation))):
        problems.append(f"the translation lacks the link(s) {', '.join(missing)}")
    if sorted(_PLACEHOLDER.findall(source)) != sorted(_PLACEHOLDER.findall(translation)):
        problems.append("the translation's placeholders differ from the source's")
    return problems
