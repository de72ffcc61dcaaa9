"""Broken briefing files: one clear line per problem, exit status 2, no traceback, nothing written."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.errors import InputError
from briefing.pipeline.validate import load_briefing
from tests.conftest import EXAMPLE, line_of, run_cli

Writer = Callable[..., Path]


def assert_rejected(path: Path, out: Path, *expected: str) -> list[str]:
    """Build `path`: exit 2, the expected lines on stderr, no traceback, no output file."""
    result = run_cli("build", path, "--out", out)
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    for line in expected:
        assert line in lines, f"{line!r} not in:\n{result.stderr}"
    assert not out.exists() or not any(out.iterdir()), "nothing may be written for a broken briefing"
    return lines


def test_unknown_status_names_file_line_column_and_field(write_briefing: Writer, tmp_path: Path) -> None:
    path = write_briefing(("status: disputed", "status: confirmd"))
    line = line_of(path, "status: confirmd")
    assert_rejected(
        path,
        tmp_path / "out",
        f"{path}:{line}:13: facts[2].status: 'confirmd' is not one of confirmed, reported, claimed, disputed",
    )


def test_unknown_field_suggests_the_close_name(write_briefing: Writer, tmp_path: Path) -> None:
    path = write_briefing(("    sources: [euractiv]", "    sourcs: [euractiv]"))
    line = line_of(path, "sourcs:")
    lines = assert_rejected(
        path, tmp_path / "out", f"{path}:{line}:5: facts[0].sourcs: unknown field 'sourcs'; did you mean 'sources'?"
    )
    assert any("facts[0].sources: required field is missing" in line for line in lines)


def test_every_problem_of_a_file_is_reported_at_once(write_briefing: Writer, tmp_path: Path) -> None:
    path = write_briefing(
        ("tlp: CLEAR", "tlp: WHITE"), ("  - value: 1000", "  - value: lots"), ("as_of: 2023-06-21", "as_of: 2023-02-30")
    )
    assert_rejected(
        path,
        tmp_path / "out",
        f"{path}:{line_of(path, 'tlp: WHITE')}:6: tlp: 'WHITE' is not one of CLEAR, GREEN, AMBER, AMBER+STRICT, RED",
        f"{path}:{line_of(path, 'value: lots')}:12: figures[0].value: expected a number, not a string ('lots')",
        f"{path}:{line_of(path, 'as_of:')}:8: as_of: '2023-02-30' is not a real date",
    )


@pytest.mark.parametrize(
    ("old", "new", "at", "field", "message"),
    [
        (
            '  - date: "2019"',
            '  - date: "2019-02-30"',
            '"2019-02-30"',
            "chronology[4].date",
            "'2019-02-30' is not a real date",
        ),
        (
            '  - date: "2019"',
            '  - date: "20-06-2019"',
            '"20-06-2019"',
            "chronology[4].date",
            "'20-06-2019' is day-first; write dates year first, as in 2023-06-20",
        ),
        (
            '  - date: "2019"',
            '  - date: "19XX"',
            '"19XX"',
            "chronology[4].date",
            "'19XX' is an EDTF form this tool does not support",
        ),
        (
            "qualifier: about",
            "qualifier: roughly",
            "roughly",
            "figures[0].qualifier",
            "'roughly' is not one of exact, about, over, under, at_least, at_most, up_to",
        ),
        (
            "kind: organisation",
            "kind: company",
            "company",
            "actors[0].kind",
            "'company' is not one of state, organisation, person, group",
        ),
        (
            '    label: "Albanian police officers in the raid"',
            '    label: "   "',
            '"   "',
            "figures[0].label",
            "empty text",
        ),
        (
            '    label: "Albanian police officers in the raid"',
            '    label: {en: "Officers", sq: ""}',
            "{en:",
            "figures[0].label",
            "the 'sq' text is empty",
        ),
        ("id: albania-mek-raid-2023", "id: Albania MEK", "Albania MEK", "id", "'Albania MEK' is not a valid id"),
        ("languages: [en, sq]", "languages: [en, xx]", "xx", "languages[1]", "'xx' is not a language known to CLDR"),
        ("languages: [en, sq]", "languages: [en, sq, de]", "de]", "languages[2]", "no interface catalog for 'de'"),
        (
            "    sources: [euractiv]",
            "    sources: [euractive]",
            "euractive",
            "facts[0].sources[0]",
            "no source with id 'euractive'; did you mean 'euractiv'?",
        ),
        (
            "      - actor: mek",
            "      - actor: mekk",
            "mekk",
            "statements[0].positions[1].actor",
            "no actor with id 'mekk'; did you mean 'mek'?",
        ),
        (
            "    according_to: mek",
            "    according_to: nobody",
            "nobody",
            "figures[0].according_to",
            "no actor with id 'nobody'",
        ),
        ("  - id: cuci", "  - id: mek", "mek", "actors[3].id", "duplicate id 'mek' (first used on line"),
        (
            "  - id: who-used-violence",
            "  - id: why-police-entered",
            "why-police-entered",
            "statements[1].id",
            "duplicate id 'why-police-entered'",
        ),
        ("schema: 1", "schema: 2", "2", "schema", "2 is not one of 1"),
        ("languages: [en, sq]", "languages: en", "en", "languages", "expected a list, not a string ('en')"),
        # A bilingual edition: two different languages, each with an interface catalog, each pair once.
        ("bilingual: [[en, sq]]", "bilingual: [[en, xx]]", "xx", "bilingual[0][1]", "'xx' is not a language known"),
        ("bilingual: [[en, sq]]", "bilingual: [[en, de]]", "de]", "bilingual[0][1]", "no interface catalog for 'de'"),
        (
            "bilingual: [[en, sq]]",
            "bilingual: [[sq, sq]]",
            "[sq, sq]",
            "bilingual[0]",
            "'sq' twice: a bilingual edition shows two different languages",
        ),
        (
            "bilingual: [[en, sq]]",
            "bilingual: [en+sq]",
            "en+sq",
            "bilingual[0]",
            "expected a pair of languages like [en, sq], not a string ('en+sq')",
        ),
        (
            "bilingual: [[en, sq]]",
            "bilingual: [[en, sq, de]]",
            "[en, sq, de]",
            "bilingual[0]",
            "a bilingual edition is a pair of languages like [en, sq], not a list of 3",
        ),
        (
            "bilingual: [[en, sq]]",
            "bilingual: [[en, sq], [sq, en], [en, sq]]",
            "[en, sq]]",
            "bilingual[2]",
            "[en, sq] is listed twice",
        ),
        # An escape in a double-quoted YAML text writes a control character: the Word edition failed on it.
        (
            '    label: "Albanian police officers in the raid"',
            '    label: "Albanian police\\x01 officers in the raid"',
            '"Albanian',
            "figures[0].label",
            "character 16 is U+0001, a control character: not text",
        ),
        (
            '    url: "https://www.euractiv',
            '    url: "javascript:alert(1)//',
            '"javascript',
            "sources[0].url",
            "is not an http, https or mailto link",
        ),
    ],
)
def test_field_problems(write_briefing: Writer, old: str, new: str, at: str, field: str, message: str) -> None:
    """Each problem is reported at the exact line and column of the value that causes it."""
    path = write_briefing((old, new))
    line = line_of(EXAMPLE, old.strip())  # the replaced line
    column = path.read_text(encoding="utf-8").splitlines()[line - 1].index(at) + 1
    result = run_cli("check", path)
    assert result.exit_code == 2
    matching = [row for row in result.stderr.splitlines() if f": {field}: " in row and message in row]
    assert matching, result.stderr
    assert matching[0].startswith(f"{path}:{line}:{column}: {field}: "), (matching[0], line, column)


def test_missing_required_field(write_briefing: Writer) -> None:
    path = write_briefing(('title: "Albanian', 'titel: "Albanian'))
    result = run_cli("check", path)
    assert result.exit_code == 2
    assert f"{path}:{line_of(path, 'schema: 1')}:1: title: required field is missing" in result.stderr
    assert "unknown field 'titel'; did you mean 'title'?" in result.stderr


def test_text_missing_in_the_briefing_language(write_briefing: Writer) -> None:
    path = write_briefing(
        ('title: "Albanian police raid the MEK compound near Tirana"', 'title: {sq: "Policia shqiptare"}')
    )
    result = run_cli("check", path)
    assert result.exit_code == 2
    assert f"{path}:{line_of(path, 'title:')}:8: title: no text in the briefing's language 'en'" in result.stderr


def test_duplicate_key_is_an_error(write_briefing: Writer) -> None:
    path = write_briefing(("    status: reported\n", "    status: reported\n    status: claimed\n"))
    first = line_of(path, "status: reported")
    result = run_cli("check", path)
    assert result.exit_code == 2
    assert (
        f"{path}:{first + 1}:5: facts[0].status: duplicate key 'status' (first written on line {first})"
        in result.stderr
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", ":1:1: the file is empty"),
        (b"   \n\n", ":1:1: the file is empty"),
        (b"schema: 1\nid: [x\n", ":3:1: not valid YAML"),
        (b"schema: 1\nid: x\n\tlanguage: en\n", ":3:1: tab character in indentation; indent YAML with spaces"),
        (b"schema: 1\ntitle: caf\xe9\n", ":2:11: the file is not UTF-8 (byte 0xe9); save it as UTF-8"),
        (b"- just\n- a list\n", ":1:1: the top level must be a mapping"),
        (
            b"schema: 1\nid: !!python/object:os.system x\n",
            ":2:5: id: YAML tags (tag:yaml.org,2002:python/object:os.system) are not supported",
        ),
        (b"schema: 1\nfacts: !custom {text: x}\n", ":2:8: facts: YAML tags (!custom) are not supported"),
        (b"schema: 1\n<<: {id: x}\n", ":2:1: <<: YAML merge keys (<<) are not supported; write the fields out"),
        (b"schema: 1\n[id]: x\n", ":2:1: keys must be plain words"),
        (
            b"schema: 1\nid: x\n---\nid: y\n",
            ":3:1: more than one document (a line `---` starts one); a file holds one briefing",
        ),
        (b"# only a comment\n", ":1:1: the file is empty"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_bytes(content)
    result = run_cli("check", path)
    assert result.exit_code == 2
    assert f"{path}{expected}" in result.stderr


def test_alias_bomb_is_refused_quickly_in_bounded_memory(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{chr(97 + i)}: &{chr(97 + i)} [{', '.join(['*' + chr(96 + i)] * 9)}]" for i in range(1, 9)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(InputError) as caught:
        load_briefing(path, {"en", "sq"})
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    messages = caught.value.messages()
    # Located at the first alias itself, `*a` in `b: &b [*a, ...`.
    assert f"{path}:2:8: b[0]: YAML aliases (*a) are not supported; write the value out" in messages
    assert sum("YAML aliases" in line for line in messages) == 1  # reported once, not 9**8 times
    assert len(messages) < 25
    # Expanded, this file is 9**9 strings; refused, it costs what the file costs.
    assert peak < 5_000_000 and elapsed < 5


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(b"schema: 1\nsummary:\n")
        handle.truncate(50 * 1024 * 1024)
    result = run_cli("check", path)
    assert result.exit_code == 2
    assert f"{path}: the file is 52,428,800 bytes; a briefing file may be at most 2,097,152 bytes" in result.stderr


def test_broken_briefing_never_clobbers_a_previous_pdf(write_briefing: Writer, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    previous = out / "albania-mek-raid-2023.en.pdf"
    previous.write_bytes(b"%PDF-previous good edition")
    path = write_briefing(("tlp: CLEAR", "tlp: BLUE"))
    result = run_cli("build", path, "--out", out)
    assert result.exit_code == 2
    assert previous.read_bytes() == b"%PDF-previous good edition"
    assert sorted(p.name for p in out.iterdir()) == ["albania-mek-raid-2023.en.pdf"]


def test_batch_builds_the_good_briefings_and_reports_the_broken_one(write_briefing: Writer, tmp_path: Path) -> None:
    broken = write_briefing(("tlp: CLEAR", "tlp: BLUE"), name="a-broken.yaml")
    out = tmp_path / "out"
    result = run_cli("build", broken, EXAMPLE, "--lang", "en", "--out", out)
    assert result.exit_code == 2
    assert f"{broken}:{line_of(broken, 'tlp: BLUE')}:6: tlp: 'BLUE' is not one of" in result.stderr
    assert "wrote" in result.stdout and (out / "albania-mek-raid-2023.en.pdf").is_file()


def test_unwritable_output_folder_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be")
    result = run_cli("build", EXAMPLE, "--lang", "en", "--out", blocker / "sub")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{blocker / 'sub'}: cannot write here:")


def test_missing_file(tmp_path: Path) -> None:
    result = run_cli("check", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert f"{tmp_path / 'nope.yaml'}: no such file" in result.stderr


def test_yaml_and_model_problems_are_reported_together(write_briefing: Writer) -> None:
    path = write_briefing(
        ("    status: reported\n", "    status: reported\n    status: claimed\n"), ("tlp: CLEAR", "tlp: WHITE")
    )
    result = run_cli("check", path)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert any(": facts[0].status: duplicate key 'status'" in line for line in lines)
    assert any(": tlp: 'WHITE' is not one of" in line for line in lines)
