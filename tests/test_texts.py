"""One path for every text: what the walker finds is extracted, localized, shown and reported by --strict.

The fixture below fills every text field of the format. A test derives the text
fields from the model itself, so a field added to the model without being added
here (and so possibly never localized) fails the suite.
"""

from __future__ import annotations

import html
import logging
import re
import types
import typing
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from pydantic import BaseModel

from briefing.pipeline import vocabulary
from briefing.pipeline.build import Toolchain, strict_problems
from briefing.pipeline.load import Document, load_document
from briefing.pipeline.localize import localize
from briefing.pipeline.model import Briefing, Position, json_schema
from briefing.pipeline.texts import LocalizedText, field_kind, location_of, walk_texts
from briefing.pipeline.validate import validate_document
from briefing.translation.catalogs import ContentCatalog
from briefing.translation.extraction import briefing_template
from briefing.workspace import Workspace
from tests.conftest import REPOSITORY, catalogs, flat, interface, pdf_text, run_cli

EVERY_TEXT = """\
schema: 1
id: every-text
language: en
languages: [en, sq]
title: "T-title"
subtitle: "T-subtitle"
as_of: 2023-06-21
prepared_by: "T-prepared-by"
tlp: AMBER+STRICT
keywords: ["T-keyword"]
summary: ["T-summary"]
facts:
  - {text: "T-fact", status: confirmed, sources: [s]}
figures:
  - {value: 3, qualifier: under, label: "T-figure-label", according_to: a, sources: [s]}
chronology:
  - {date: "2013/..", text: "T-chronology", sources: [s]}
actors:
  - {id: a, name: "T-actor-name", kind: group, role: "T-actor-role"}
statements:
  - question: "T-question"
    positions:
      - {actor: a, quote: "T-quote", quote_language: sq, summary: "T-position-summary", sources: [s]}
sources:
  - {id: s, title: "Source title", publisher: {en: "T-publisher"}, url: "https://example.org/a"}
"""


def _text_kinds(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> set[str]:
    """The kind of every text field of the format, read from the model's annotations."""
    kinds: set[str] = set()
    for name, field in model.model_fields.items():
        location = (*prefix, field.alias or name)
        for annotation in _leaves(field.annotation):
            if annotation is LocalizedText:
                kinds.add(".".join(location))
            elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
                kinds |= _text_kinds(annotation, location)
    return kinds


def _leaves(annotation: object) -> list[object]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _leaves(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, tuple):
        return [leaf for arg in typing.get_args(annotation) for leaf in _leaves(arg)]
    return [annotation]


@pytest.fixture
def every_text(tmp_path: Path) -> tuple[object, Briefing]:
    path = tmp_path / "every-text.yaml"
    path.write_text(EVERY_TEXT, encoding="utf-8")
    document = load_document(path)
    return document, validate_document(document, {"en", "sq"})


def test_the_fixture_has_every_text_field_of_the_model(every_text: tuple[object, Briefing]) -> None:
    _document, briefing = every_text
    assert {field_kind(slot.location) for slot in walk_texts(briefing)} == _text_kinds(Briefing)


def test_every_text_is_extracted_localized_shown_and_reported(every_text: tuple[object, Briefing]) -> None:
    document, briefing = every_text
    slots = list(walk_texts(briefing))
    paths = {slot.path for slot in slots}

    template = briefing_template(document, briefing, REPOSITORY)  # type: ignore[arg-type]
    assert {path for message in template if message.id for path in message.auto_comments} == paths

    edition = localize(briefing, interface("sq"), ContentCatalog(None))
    assert {gap.field for gap in edition.gaps} == paths
    assert {problem.field for problem in strict_problems(document, edition)} == paths  # type: ignore[arg-type]

    # Soft hyphens (where a word may be divided) and word joiners are invisible: the words are what a reader sees.
    page = Toolchain(REPOSITORY).renderer.render(edition).replace("\u00ad", "").replace("\u2060", "")
    for slot in slots:
        source = slot.text.source("en")
        assert source is not None and html.escape(source, quote=False) in page, slot.path
    # The actor's name is shown twice, marked both times.
    assert page.count("[në anglisht, pa përkthim]") == len(slots) + 1
    for slot in slots:
        if slot.kind != "keywords":  # PDF metadata only
            source = html.escape(slot.text.source("en") or "", quote=False)
            assert f'<span class="untranslated" lang="en">{source}</span>' in page, slot.path


def test_the_organisation_and_a_figures_party_fall_back_marked_like_every_text(
    write_briefing: Callable[..., Path], tmp_path: Path
) -> None:
    """prepared_by and figures' according_to go through the one path: highlighted, marked, and reported."""
    path = write_briefing(
        ('prepared_by: "Briefing project (example)"', 'prepared_by: "Balkan Briefing Desk"'),
        ("name: {same: Bledi Çuçi}", 'name: "Minister Bledi Çuçi"'),
    )
    result = run_cli("build", path, "--lang", "sq", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    text = flat(pdf_text(tmp_path / "out" / "albania-mek-raid-2023.sq.pdf"))
    assert "Përgatitur nga Balkan Briefing Desk [në anglisht, pa përkthim]" in text
    assert "shifër e dhënë nga Minister Bledi Çuçi [në anglisht, pa përkthim]" in text
    for field in ("prepared_by", "actors[3].name"):
        assert field in result.output
    page = Toolchain(REPOSITORY).renderer.render(
        localize(
            validate_document(load_document(path), {"en", "sq"}),
            interface("sq"),
            catalogs().content("albania-mek-raid-2023", "sq"),
        )
    )
    for shown in ("Balkan Briefing Desk", "Minister Bledi Çuçi"):
        assert f'<span class="untranslated" lang="en">{shown}' in page


def test_same_in_every_language_is_never_translated_nor_extracted(tmp_path: Path) -> None:
    path = tmp_path / "same.yaml"
    path.write_text(EVERY_TEXT.replace('name: "T-actor-name"', "name: {same: SPAK}"), encoding="utf-8")
    document = load_document(path)
    briefing = validate_document(document, {"en", "sq"})
    template = briefing_template(document, briefing, REPOSITORY)
    assert "SPAK" not in {message.id for message in template}
    edition = localize(briefing, interface("sq"), ContentCatalog(None))
    assert "actors[0].name" not in {gap.field for gap in edition.gaps}
    assert edition.actors[0].name.text == "SPAK" and edition.actors[0].name.lang == "sq"
    assert '"same"' in json_schema()


# The closed vocabularies: one definition, read by the model, the schema, the CLI and the templates ---------------


def test_a_location_named_in_code_is_the_path_the_file_writes(every_text: tuple[object, Briefing]) -> None:
    document, _briefing = every_text
    assert isinstance(document, Document)
    quote = location_of(Briefing, lambda b, s, p: b.statements[s].positions[p].quote, 0, 1)
    assert quote == ("statements", 0, "positions", 1, "quote")
    assert location_of(Briefing, lambda b, i: b.figures[i].values[0].according_to, 2) == (
        "figures",
        2,
        "values",
        0,
        "according_to",
    )
    assert location_of(Briefing, lambda b: b.title) == ("title",)
    assert location_of(Position, lambda p: p.quote) == ("quote",)
    for location in (
        location_of(Briefing, lambda b, s, p: b.statements[s].positions[p].quote, 0, 0),
        location_of(Briefing, lambda b, i: b.sources[i].publisher, 0),
        location_of(Briefing, lambda b, i: b.figures[i].according_to, 0),
    ):
        assert document.positions[location][0] is not None, location


def test_a_location_names_a_field_by_its_key_in_the_file() -> None:
    aliased = {name: field.alias for name, field in Briefing.model_fields.items() if field.alias not in (None, name)}
    assert aliased == {"schema_version": "schema"}
    assert location_of(Briefing, lambda b: b.schema_version) == ("schema",)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (lambda b: b.titel, "Briefing has no field `titel`"),
        (lambda b: b.facts[0].txt, "Fact has no field `txt`"),
        (lambda b: b.title.plain, "a location ends at a value that has no fields; it cannot go on to `plain`"),
    ],
)
def test_a_location_of_no_field_fails_at_once(path: Callable[[Briefing], object], message: str) -> None:
    with pytest.raises(AttributeError, match=re.escape(message)):
        location_of(Briefing, path)


def test_a_location_is_the_field_the_path_ends_on_not_what_it_returns() -> None:
    with pytest.raises(TypeError, match="names none"):
        location_of(Briefing, lambda b: (b.title, 0))


def test_the_schema_lists_each_vocabulary_from_its_one_definition() -> None:
    import json

    schema = json.loads(json_schema())
    definitions = schema["$defs"]
    assert schema["properties"]["tlp"]["enum"] == list(vocabulary.TLP_LABELS)
    assert definitions["Fact"]["properties"]["status"]["enum"] == list(vocabulary.STATUSES)
    assert definitions["Figure"]["properties"]["qualifier"]["enum"] == list(vocabulary.QUALIFIERS)
    assert definitions["Actor"]["properties"]["kind"]["enum"] == list(vocabulary.ACTOR_KINDS)


@pytest.mark.parametrize(
    ("labels", "members"),
    [
        (vocabulary.STATUS_LABELS, vocabulary.STATUSES),
        (vocabulary.TLP_MEANINGS, vocabulary.TLP_LABELS),
        (vocabulary.ACTOR_KIND_LABELS, vocabulary.ACTOR_KINDS),
        (vocabulary.QUALIFIER_PHRASES, vocabulary.QUALIFIERS),
    ],
)
def test_every_member_of_a_vocabulary_has_its_words_in_albanian(
    labels: dict[str, str], members: tuple[str, ...]
) -> None:
    assert tuple(labels) == members
    with (REPOSITORY.locales / "sq" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        albanian = {message.id: message for message in read_po(handle) if message.id}
    for member, message in labels.items():
        if message != "%(number)s":  # `exact` prints the number alone
            assert albanian[message].string and not albanian[message].fuzzy, member


def test_help_offers_the_vocabularies_of_the_cli() -> None:
    from tests.conftest import run_cli

    help_text = run_cli("build", "--help").output
    assert f"[{'|'.join(vocabulary.PAPERS)}]" in help_text
    assert f"[{'|'.join(vocabulary.OUTPUT_FORMATS)}]" in help_text


# No process-wide state ------------------------------------------------------------------------------------------


def test_a_new_catalog_set_reads_a_catalog_saved_since(tmp_path: Path) -> None:
    """A long-running process (the preview) sees a translator's saved edit by making a new CatalogSet."""
    folder = tmp_path / "locales" / "sq" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Language: sq\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    catalog = folder / "messages.po"
    catalog.write_text(header + 'msgid "Key facts"\nmsgstr "Faktet e para"\n', encoding="utf-8")
    workspace = Workspace(tmp_path)
    first = catalogs(workspace)
    assert first.interface("sq").translations.gettext("Key facts") == "Faktet e para"
    catalog.write_text(header + 'msgid "Key facts"\nmsgstr "Faktet e dyta"\n', encoding="utf-8")
    assert catalogs(workspace).interface("sq").translations.gettext("Key facts") == "Faktet e dyta"
    assert first.interface("sq").translations.gettext("Key facts") == "Faktet e para"  # one run reads once


def test_printing_leaves_the_programs_logging_as_it_was() -> None:
    logger = logging.getLogger("weasyprint")
    logger.setLevel(logging.DEBUG)
    try:
        Toolchain(REPOSITORY).printer.print_pdf(
            "<!DOCTYPE html><p>x</p>", base_dir=Path(__file__).parent, identifier="t"
        )
        assert logger.level == logging.DEBUG
    finally:
        logger.setLevel(logging.NOTSET)
