"""The model back to a briefing file: the canonical YAML an edition carries inside its PDF.

This module owns writing a `Briefing` as YAML that `load` and `validate`
read back to the same model: fields in the model's order, by the names the
file uses, defaults left out; each text in the form it was written (a
string, a mapping of languages, `{same: ...}`); dates as written. It writes
from the model, never from the file, so an author's comments (internal
notes) can never leave with a PDF.

`edition_source` is the file one edition carries: the briefing with that
edition's texts written inline (so it rebuilds without the catalog it was
translated in), that one language in `languages` and no bilingual edition,
and the logo named as it travels beside it. `parallel_source` is the file of
a bilingual edition: both languages' texts inline, and that one pair.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq

from briefing.pipeline.dates import PartialDate
from briefing.pipeline.localize import Edition
from briefing.pipeline.model import Briefing
from briefing.pipeline.texts import LocalizedText, Location, walk_texts
from briefing.pipeline.vocabulary import SAME_IN_EVERY_LANGUAGE


def _text(text: LocalizedText, inline: dict[str, str]) -> Any:
    if text.invariant:
        assert text.plain is not None
        return {SAME_IN_EVERY_LANGUAGE: text.plain}
    if text.plain is not None and not inline:
        return text.plain
    return {**text.by_language, **inline}


def _plain(value: Any, location: Location, inline: dict[Location, dict[str, str]]) -> Any:
    """A model value as plain YAML data; `inline` adds texts by language at their locations."""
    if isinstance(value, LocalizedText):
        return _text(value, inline.get(location, {}))
    if isinstance(value, BaseModel):
        data = {}
        for name, field in type(value).model_fields.items():
            item = getattr(value, name)
            if not field.is_required() and item == field.get_default(call_default_factory=True):
                continue
            key = field.alias or name
            data[key] = _plain(item, (*location, key), inline)
        return data
    if isinstance(value, tuple):  # a pair of languages: `[en, sq]`, as the format documents it
        pair = CommentedSeq(_plain(item, (*location, index), inline) for index, item in enumerate(value))
        pair.fa.set_flow_style()
        return pair
    if isinstance(value, list):
        return [_plain(item, (*location, index), inline) for index, item in enumerate(value)]
    if isinstance(value, PartialDate):
        return value.edtf
    if isinstance(value, Decimal):
        # A figure keeps the decimals its author wrote: 2.50 stays 2.50, not 2.5.
        return int(value) if value.as_tuple().exponent >= 0 else value  # type: ignore[operator]
    if isinstance(value, (str, int, float, dt.date)) or value is None:
        return value
    raise TypeError(f"no YAML form for {type(value).__name__} at {location}")


def _decimal(representer: Any, value: Decimal) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:float", format(value, "f"))


def dump_yaml(data: Any) -> str:
    yaml = YAML(typ="rt", pure=True)
    yaml.representer.add_representer(Decimal, _decimal)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 1_000_000  # one text, one line: no folding that a reader could misread
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def briefing_yaml(briefing: Briefing, inline: dict[Location, dict[str, str]] | None = None) -> str:
    """The briefing as a briefing file."""
    return dump_yaml(_plain(briefing, (), inline or {}))


def edition_texts(briefing: Briefing, edition: Edition) -> dict[Location, dict[str, str]]:
    """The texts this edition shows in its own language that the briefing file does not hold inline."""
    language = edition.language
    inline = {}
    for slot in walk_texts(briefing):
        shown = edition.texts.get(slot.location)
        if shown is None or shown.untranslated or shown.lang != language or slot.text.invariant:
            continue
        if slot.text.get(language, briefing.language) is None:
            source = slot.text.source(briefing.language)
            assert source is not None, "validate guarantees a text in the briefing's language"
            key = briefing.language if slot.text.plain is not None else None
            inline[slot.location] = {**({key: source} if key else {}), language: shown.text}
    return inline


def edition_source(briefing: Briefing, edition: Edition, logo_name: str | None) -> str:
    """The briefing file one edition carries: it rebuilds exactly that edition."""
    update: dict[str, Any] = {"languages": [edition.language], "bilingual": [], "logo": logo_name}
    return briefing_yaml(briefing.model_copy(update=update), edition_texts(briefing, edition))


def parallel_source(briefing: Briefing, editions: Sequence[Edition], logo_name: str | None) -> str:
    """The briefing file a bilingual edition carries: both languages' texts inline.

    Its `bilingual` is that one pair, so building it gives the same edition;
    its `languages` are the pair's too, since the file holds all each of them
    needs (a `languages` of none is not a briefing).
    """
    inline: dict[Location, dict[str, str]] = {}
    for edition in editions:
        for location, texts in edition_texts(briefing, edition).items():
            inline[location] = {**inline.get(location, {}), **texts}
    languages = [edition.language for edition in editions]
    update: dict[str, Any] = {"languages": languages, "bilingual": [tuple(languages)], "logo": logo_name}
    return briefing_yaml(briefing.model_copy(update=update), inline)
