"""The source travels with the PDF: each edition carries the briefing file that rebuilds it, byte for byte."""

from __future__ import annotations

import shutil
import zlib
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.pipeline.load import load_document
from briefing.pipeline.localize import localize
from briefing.pipeline.model import Briefing
from briefing.pipeline.serialize import edition_source
from briefing.pipeline.validate import validate_document
from tests.conftest import EVERY_KIND, EXAMPLE, EXAMPLE_ID, catalogs, run_cli


def _attachments(path: Path) -> dict[str, tuple[pikepdf.Object, bytes]]:
    with pikepdf.open(path) as pdf:
        return {
            name: (_dictionary(spec.obj.copy()), spec.get_file().read_bytes()) for name, spec in pdf.attachments.items()
        }


def _dictionary(value: pikepdf.Object) -> pikepdf.Dictionary:
    assert isinstance(value, pikepdf.Dictionary)
    return value


@pytest.mark.parametrize("lang", ["en", "sq"])
def test_each_edition_carries_its_briefing_file_as_a_pdf_a3_source(built: dict[str, Path], lang: str) -> None:
    with pikepdf.open(built[lang]) as pdf:
        assert list(pdf.attachments) == [f"{EXAMPLE_ID}.{lang}.yaml"]
        spec = pdf.attachments[f"{EXAMPLE_ID}.{lang}.yaml"]
        assert spec.obj.AFRelationship == pikepdf.Name.Source
        assert str(spec.obj.F) == str(spec.obj.UF) == f"{EXAMPLE_ID}.{lang}.yaml"
        assert [item.objgen for item in pdf.Root.AF] == [spec.obj.objgen]
        attached = spec.get_file()
        assert attached.mime_type == "application/yaml"
        # Dated from the briefing's as_of, never from the clock: the build is reproducible.
        assert str(attached.obj.Params.ModDate) == str(attached.obj.Params.CreationDate) == "D:20230621000000Z"
        source = attached.read_bytes().decode()
    assert source.startswith(f"schema: 1\nid: {EXAMPLE_ID}\nlanguage: en\nlanguages:\n  - {lang}\n")


def test_the_albanian_source_holds_the_albanian_texts_inline(built: dict[str, Path]) -> None:
    source = _attachments(built["sq"])[f"{EXAMPLE_ID}.sq.yaml"][1].decode()
    assert "  en: Albanian police raid the MEK compound near Tirana\n" in source
    assert "  sq: Policia shqiptare bastis kampin e MEK-ut pranë Tiranës\n" in source
    english = _attachments(built["en"])[f"{EXAMPLE_ID}.en.yaml"][1].decode()
    assert "title: Albanian police raid the MEK compound near Tirana\n" in english
    assert "Policia" not in english  # the English edition needs no Albanian


def test_authors_comments_never_leave_the_building(every_kind: dict[str, Path]) -> None:
    secret = "desk still doubts source two"
    assert secret in EVERY_KIND.read_text(encoding="utf-8")
    for pdf_path in every_kind.values():
        with pikepdf.open(pdf_path) as pdf:
            streams = b"".join(obj.read_bytes() for obj in pdf.objects if isinstance(obj, pikepdf.Stream))
        assert secret.encode() not in streams and b"INTERNAL NOTE" not in streams
        assert b"#" not in _attachments(pdf_path)[f"every-kind.{pdf_path.stem.split('.')[1]}.yaml"][1]


@pytest.mark.parametrize(("briefing", "lang"), [(EXAMPLE, "sq"), (EXAMPLE, "en"), (EVERY_KIND, "sq")])
def test_unpack_then_build_gives_the_same_bytes(
    request: pytest.FixtureRequest, tmp_path: Path, briefing: Path, lang: str
) -> None:
    # The session's own build of the briefing, with its other editions: a PDF alone rebuilds the same.
    original = request.getfixturevalue("built" if briefing == EXAMPLE else "every_kind")[lang]
    # Unpacked far from the original, so nothing of the rebuild can come from the original's folder.
    unpacked = tmp_path / "elsewhere" / "unpacked"
    result = run_cli("unpack", original, "--out", unpacked)
    assert result.exit_code == 0, result.output
    written = sorted(path.name for path in unpacked.iterdir())
    expected = [f"{original.stem}.yaml"] + (["every-kind-logo.svg"] if briefing == EVERY_KIND else [])
    assert written == sorted(expected)
    assert f"next: briefing build {unpacked / expected[0]} --out {unpacked}" in result.output
    again = tmp_path / "again"
    result = run_cli("build", unpacked / f"{original.stem}.yaml", "--out", again)
    assert result.exit_code == 0, result.output
    assert (again / original.name).read_bytes() == original.read_bytes()


def test_the_logo_travels_as_a_second_associated_file(every_kind: dict[str, Path]) -> None:
    files = _attachments(every_kind["en"])
    spec, data = files["every-kind-logo.svg"]
    assert spec.AFRelationship == pikepdf.Name.Data
    assert data == (EVERY_KIND.parent / "every-kind-logo.svg").read_bytes()
    assert "logo: every-kind-logo.svg\n" in files["every-kind.en.yaml"][1].decode()


@pytest.mark.parametrize("lang", ["en", "sq"])
def test_the_carried_file_is_canonical_a_fixpoint_of_serializing(tmp_path: Path, lang: str) -> None:
    all_catalogs = catalogs()
    document = load_document(EVERY_KIND)
    briefing = validate_document(document, all_catalogs.interface_languages())
    edition = localize(briefing, all_catalogs.interface(lang), all_catalogs.content(briefing.id, lang))
    source = edition_source(briefing, edition, "every-kind-logo.svg")
    copy = tmp_path / "every-kind.yaml"
    copy.write_text(source, encoding="utf-8")
    shutil.copy(EVERY_KIND.parent / "every-kind-logo.svg", tmp_path)
    again = validate_document(load_document(copy), all_catalogs.interface_languages())
    assert again.languages == [lang]
    rebuilt = localize(again, all_catalogs.interface(lang), None)
    assert edition_source(again, rebuilt, "every-kind-logo.svg") == source
    assert [view.text for view in rebuilt.facts] == [view.text for view in edition.facts]
    assert rebuilt.chronology == edition.chronology and rebuilt.statements == edition.statements


def test_no_source_leaves_the_files_out(tmp_path: Path) -> None:
    result = run_cli("build", EVERY_KIND, "--lang", "en", "--no-source", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    pdf_path = tmp_path / "every-kind.en.pdf"
    with pikepdf.open(pdf_path) as pdf:
        assert not pdf.attachments and "/AF" not in pdf.Root
    result = run_cli("unpack", pdf_path, "--out", tmp_path / "unpacked")
    assert result.exit_code == 2
    assert result.output.strip().endswith(
        "every-kind.en.pdf: carries no briefing file (it was built with --no-source, or not by briefing)"
    )
    assert "Traceback" not in result.output and not (tmp_path / "unpacked").exists()


def test_unpack_refuses_to_overwrite(built: dict[str, Path], tmp_path: Path) -> None:
    existing = tmp_path / f"{EXAMPLE_ID}.sq.yaml"
    existing.write_text("mine", encoding="utf-8")
    result = run_cli("unpack", built["sq"], "--out", tmp_path)
    assert result.exit_code == 2
    assert f"{EXAMPLE_ID}.sq.yaml: exists already; unpack into another folder (--out DIR)" in result.output
    assert existing.read_text(encoding="utf-8") == "mine"


def test_unpack_of_what_is_not_a_pdf(tmp_path: Path) -> None:
    text = tmp_path / "notes.pdf"
    text.write_text("not a PDF at all", encoding="utf-8")
    result = run_cli("unpack", text, "--out", tmp_path)
    assert result.exit_code == 2
    assert result.output.strip().endswith("notes.pdf: not a PDF file")
    missing = run_cli("unpack", tmp_path / "missing.pdf")
    assert missing.exit_code == 2 and "missing.pdf: no such file" in missing.output


def test_unpack_takes_only_plain_file_names(built: dict[str, Path], tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.pdf"
    with pikepdf.open(built["en"]) as pdf:
        data = next(iter(pdf.attachments.values())).get_file().read_bytes()
        del pdf.attachments[f"{EXAMPLE_ID}.en.yaml"]
        spec = pikepdf.AttachedFileSpec(pdf, data, filename="../escape.yaml", mime_type="application/yaml")
        pdf.attachments["../escape.yaml"] = spec
        pdf.attachments["../escape.yaml"].obj.AFRelationship = pikepdf.Name.Source
        pdf.save(hostile)
    out = tmp_path / "out"
    result = run_cli("unpack", hostile, "--out", out)
    assert result.exit_code == 2
    assert "refused to unpack '../escape.yaml': not a plain file name" in result.output
    assert not (tmp_path / "escape.yaml").exists() and not out.exists()


def test_plain_pdfs_carry_their_source_too(plain_english: Path, tmp_path: Path) -> None:
    plain = plain_english
    unpacked = tmp_path / "unpacked"
    assert run_cli("unpack", plain, "--out", unpacked).exit_code == 0
    again = tmp_path / "again"
    assert run_cli("build", unpacked / f"{EXAMPLE_ID}.en.yaml", "--pdf", "plain", "--out", again).exit_code == 0
    assert (again / plain.name).read_bytes() == plain.read_bytes()


def test_source_stream_is_compressed_and_its_size_right(built: dict[str, Path]) -> None:
    with pikepdf.open(built["en"]) as pdf:
        stream = next(iter(pdf.attachments.values())).get_file().obj
        assert stream.Filter == pikepdf.Name.FlateDecode
        data = zlib.decompress(stream.read_raw_bytes())
        assert int(stream.Params.Size) == len(data)
    assert data.startswith(b"schema: 1\n")


def test_unpack_of_a_damaged_attachment(built: dict[str, Path], tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.pdf"
    with pikepdf.open(built["en"]) as pdf:
        del next(iter(pdf.attachments.values())).obj.EF
        pdf.save(damaged)
    result = run_cli("unpack", damaged, "--out", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert result.output.strip().endswith("damaged.pdf: its attached files cannot be read")
    assert "Traceback" not in result.output


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\ufeff"),
    min_size=1,
    max_size=60,
).filter(lambda text: bool(text.strip()))


@pytest.fixture(scope="module")
def example_and_languages() -> tuple[Briefing, set[str]]:
    """The example as validated, and the interface languages: the same for every example below."""
    languages = catalogs().interface_languages()
    return validate_document(load_document(EXAMPLE), languages), languages


@settings(max_examples=60, deadline=None)
@given(
    title=_TEXT,
    translation=_TEXT,
    name=_TEXT,
    # Any figure the model accepts: up to 10^15, with the 0 to 6 decimals its author wrote (2.50 stays 2.50).
    value=st.integers(0, 6).flatmap(
        lambda places: st.decimals(-(10**15), 10**15, places=places, allow_nan=False, allow_infinity=False)
    ),
)
def test_any_text_and_number_survive_the_round_trip(
    tmp_path_factory: pytest.TempPathFactory,
    example_and_languages: tuple[Briefing, set[str]],
    title: str,
    translation: str,
    name: str,
    value: Decimal,
) -> None:
    """Whatever an author writes (quotes, colons, '#', YAML keywords, any script) reads back the same."""
    from briefing.pipeline.model import Figure
    from briefing.pipeline.serialize import briefing_yaml
    from briefing.pipeline.texts import LocalizedText

    briefing, languages = example_and_languages
    figure = briefing.figures[0].model_copy(update={"value": value})
    assert isinstance(figure, Figure)
    changed = briefing.model_copy(
        update={
            "title": LocalizedText(by_language={"en": title.strip(), "sq": translation.strip()}),
            "prepared_by": LocalizedText(plain=name.strip(), invariant=True),
            "figures": [figure, *briefing.figures[1:]],
        }
    )
    path = tmp_path_factory.mktemp("roundtrip") / "briefing.yaml"
    path.write_text(briefing_yaml(changed), encoding="utf-8")
    assert validate_document(load_document(path), languages) == changed
