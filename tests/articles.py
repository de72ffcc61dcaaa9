"""The reference articles beside the clone (`../shared/reference`), read at test time; never copied here."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "reference"


def reference_article(name: str) -> tuple[str, dict[str, str]]:
    """The body of an article and its header's fields (none for the seed article); skip if ../shared is absent."""
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"{path} is absent: the reference articles live beside the clone in ../shared")
    raw = path.read_text(encoding="utf-8")
    head, separator, body = raw.partition("\n---\n")
    if not separator:
        return raw, {}
    return body, dict(line.split(": ", 1) for line in head.splitlines())
