"""Albanian word division, checked against words divided by hand, and read back from the printed PDF.

The divisions below were written by hand from the rules of Albanian
orthography (Drejtshkrimi i gjuhës shqipe, § 98-100; see
briefing/pipeline/hyphenation.py for the reading this tool makes of them):
a single consonant goes with the next vowel, digraphs stay whole, the next
line starts with the longest end of a cluster that can start a word, -je
stays whole, vowels stay together, and prefixes divide after themselves.
They are every place a word may be divided, before the 3-letters-a-side
limit of the printed page.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from briefing.pipeline.hyphenation import (
    SOFT_HYPHEN,
    WORD_JOINER,
    albanian_division_points,
    divider,
    hyphenate_word,
    line_breaks,
)
from tests.conftest import DIVISIONS, EVERY_DATE_FORM_ENTRIES, PROJECT, pdf_text

# From the example's Albanian (its catalog and the interface's), then beyond it.
DIVIDED = """
a-fat-gja-të a-fër-sisht am-ba-sa-da am-ba-sa-da-ve a-me-ri-ka-në an-ga-zhuar an-glisht-ja a-në-ta-rë
a-në-ta-rësh a-në-ta-rë-sim a-në-ta-rë-ve an-ti-te-rror a-tri-buoj-në au-to-ri-te-tet ba-no-rë-ve
ba-shkë-si-së ba-stis-je ba-stis-jen ce-lu-la-re de-kla-roi de-kla-ruan de-ty-ro-het di-plo-ma-tët
do-lla-rë drej-ton-te dy-shi-me-ve dy-sho-hej dëm-tuan dë-noj-në e-fek-ti-vë e-lek-tro-ni-ke fa-jë-son
fa-shiz-mit frën-gjisht-ja fu-sha-ta ga-ran-ci-në ga-ze-ta-ri gjer-ma-nisht-ja gjy-ka-tës gre-qisht-ja
he-to-hen ho-no-ra-re hu-ma-ni-ta-re in-di-cie in-di-vi-dua-lë in-fark-ti in-for-ma-cio-ne in-for-ma-ti-ve
in-te-re-si-mit i-ra-nia-ne i-ta-lisht-ja je-toj-në kan-di-dat ka-për-cej-në ki-ber-ne-tik ki-ne-zisht-ja
klien-tët kom-pju-te-rë ko-mu-ni-ki-me ko-mu-ni-te-tit kon-sul-tuar kon-te-sto-het kon-tro-llin
kon-tro-lluar ko-rri-kut kri-mi-nal kri-ti-kët krye-ba-shkia-ku krye-sisht krye-so-re ku-fi-zua-ra
kun-dër-shtim kun-dër-vu-në kër-cë-ni-me kër-koj-në lar-go-het li-risht llo-ga-ri lot-sje-llës lën-duar
lë-shuar ma-rrë-dhë-nie ma-rrë-vesh-je-je ma-rrë-vesh-jen mbrojt-jes me-gji-tha-të me-sa-zhe mi-ni-strit
më-tej-shme nda-lo-het ndër-hyr-jen ndër-kom-bë-ta-re ndër-pre-rë ngja-llur o-pe-ra-cio-nin o-po-zi-tës
or-ga-ni-za-të pa-gu-hen pa-jis-jet pa-ra-li-zoj-në pa-va-rë-sisht per-so-na-le pi-kë-pyet-je
pje-së-marr-jen po-li-ci-së pre-ten-don pro-duk-tet pu-bli-kisht për-cak-ton për-do-ri-mit
për-ke-që-so-hen për-kis-nin për-kthyer për-mbledh-je-ve për-mbys-jen qer-sho-rit qe-ve-ri-ta-re
qën-dri-min qën-drue-shme ra-por-ti-me-ve re-zi-sten-cën rre-gu-llon rrep-të-sisht rre-shto-het
sank-sio-ne se-kre-ta-ri se-kue-stri-min shem-bull shpif-je-je shpër-ndaj-në shpër-ndar-ja shqip-ta-rë
stre-hi-mit sul-muan sy-non-te tak-ti-ka-ve te-le-fo-na-ta te-rri-tor te-rro-ri-ste tër-he-qur
u-krai-nisht-ja u-ni-for-ma urdh-rin ur-dhë-ruar u-shta-ra-ke ve-prim-ta-ri ve-prim-ta-ri-së
ve-ça-në-risht vull-ne-tit vë-mend-jen za-ko-nisht zhven-do-set zhvi-llon-te zyr-ta-rë-ve zë-dhë-në-si
zë-ven-dës-pre-si-den-ti çësht-je shkel-je thirr-je pa-jis-je mby-llu-ra mën-gjes or-ga-ni-zon po-li-ti-ke
pa-i-ma-gji-nue-shme pa-to-le-rue-shme ndje-shme kon-tro-lloi e-fek-ti-vë-ve

po-pu-llit ba-shkua-ra jasht-me ndër-preu ma-rrë-vesh-je zgjedh-je-ve mos-ma-rrë-vesh-je mbi-e-mër
pa-su-ri po-saç-me te-rro-riz-mit për-pjek-jet ndër-mjet ne-sër-mja shu-më-vje-çar ko-dra qen-dra la-vdi
vish-nje mbrojt-je lë-viz-jet pa-ra-shi-kim nën-shkrim kom-pju-te-rët shte-të-ro-re de-mo-kra-ti-ke
par-la-men-ti mi-ni-stria zgje-dho-re qy-te-ta-rët pro-ku-ro-ri he-ti-me-ve ak-ta-ku-zë ko-rrup-sion
zë-ven-dës-mi-ni-stri ek-spert ek-spor-tit tran-sport funk-sion qën-drue-shëm brend-shëm për-gje-gjë-si
shpër-blim shka-të-rrim u-shtria sul-mue-sit dë-shmi-ta-rë mbë-shtet-je ven-dim-marr-je pa-qe-ruaj-të-se
de-kla-ra-të çmi-met shpje-gim ndry-shim zhvi-llim ngjar-jet dhje-të-ra ba-shkë-pu-nim ba-shkë-ko-hor
kun-dër-vë-nie mbi-kë-qyr-je pa-ra-ar-dhës pa-kë-na-që-si ja-shtë-za-kon-shëm gji-tha-shtu për-fa-që-sues
ndër-ko-hë ba-shkë-sia do-rë-heq-je laj-më-rim shtë-pi-të nje-rëz-ve pyet-je-ve kër-ke-sa-ve si-nja-li-zim
xha-mi-të thje-shtë rrëm-byer mi-rë-mbajt-je korr-je lodh-je ndjek-je i-ma-gji-nue-shëm i-ra-nia-në
si-ste-met qe-ve-ri-së ku-fi-rit mbledh-je-ve bler-jet plo-të-sisht spi-ta-lit skan-da-li stu-di-met
kthe-het tran-spa-ren-cë tran-spa-ren-cës për-fa-që-sue-sit par-la-men-tar in-sti-tu-cio-ne-ve
in-sti-tu-cio-net për-gje-gjë-si-të për-gje-gjë-se sho-që-ri-së ko-mi-sio-ni shqyr-toi shqyr-tuar
shqyr-tua-ra shqyr-ti-mit vazh-due-shme mos-ma-rrë-vesh-je-ve ven-dim-marr-jen për-mbledh-jet kon-tra-tat
pro-ce-du-rat pro-ku-ri-mit re-spek-tuan kër-ke-sat kon-ku-rrue-shmë-ri-së mi-ra-tuan kuj-des-shëm
do-ku-men-te shman-gie sje-llës sjell-je pa-men-duar kun-dër-re-vo-lu-cio-nar mi-rë-kup-tim
"""
WORDS = DIVIDED.split()


def _points(divided: str) -> list[int]:
    points, offset = [], 0
    for piece in divided.split("-")[:-1]:
        offset += len(piece)
        points.append(offset)
    return points


def test_the_list_is_long_enough_and_has_no_word_twice() -> None:
    words = [divided.replace("-", "") for divided in WORDS]
    assert len(words) >= 150
    assert len(set(words)) == len(words)


@pytest.mark.parametrize("divided", WORDS)
def test_albanian_words_divide_where_the_rules_allow(divided: str) -> None:
    assert albanian_division_points(divided.replace("-", "")) == _points(divided)


@pytest.mark.parametrize(
    ("word", "printed"),
    [
        ("infarkti", "infarkti"),  # in-fark-ti: no division keeps three letters each side
        ("efektivëve", "efek·ti·vëve"),  # e-fek-ti-vë-ve
        ("ndërprerë", "ndër·prerë"),  # ndër-pre-rë
        ("marrëveshjen", "marrë·vesh·jen"),  # ma-rrë-vesh-jen
        ("kontrollin", "kon·tro·llin"),
        ("organizatës", "orga·ni·za·tës"),  # or-ga-ni-za-tës
        ("shtator", "shta·tor"),
        ("banorë", "banorë"),  # six letters: never divided
        ("Shqipërinë", "Shqipërinë"),  # a capital: a name, never divided
    ],
)
def test_a_printed_word_keeps_three_letters_each_side_and_seven_in_all(word: str, printed: str) -> None:
    assert hyphenate_word(word, albanian_division_points).replace(SOFT_HYPHEN, "·") == printed


# Running text ------------------------------------------------------------------------------------------------


def test_running_text_divides_words_and_leaves_names_numbers_and_links_whole() -> None:
    text = "Më 20 qershor 2023, Policia e Shtetit kontrolloi kampin e MEK-ut; shih https://example.org/marrëveshjet."
    html = str(line_breaks(text, "sq"))
    assert "Më\u00a020\u00a0qershor\u00a02023," in html  # no-break spaces: one line
    assert f"kon{SOFT_HYPHEN}tro{SOFT_HYPHEN}lloi" in html
    assert "Policia e Shtetit" in html  # capitalised: a name, or a sentence's first word
    assert f"MEK-{WORD_JOINER}ut" in html  # § 99 b: an ending written with a hyphen stays with its word
    assert "https://example.org/marrëveshjet." in html


def test_running_text_is_escaped() -> None:
    html = str(line_breaks('<b>marrëveshjet</b> & "kontratat" e reja', "sq"))
    assert (
        html
        == f"&lt;b&gt;marrë{SOFT_HYPHEN}vesh{SOFT_HYPHEN}jet&lt;/b&gt; &amp; &#34;kon{SOFT_HYPHEN}tra{SOFT_HYPHEN}tat&#34; e reja"
    )


def test_the_last_word_of_a_text_gets_no_soft_hyphens() -> None:
    assert _shown("marrëveshjen dhe kontratat", "sq") == "marrë-vesh-jen dhe kontratat"
    assert _shown("investigated by the commission.", "en") == "invest-ig-ated by the commission."


@pytest.mark.parametrize(
    ("text", "run"),
    [
        ("që nga marsi 2021 komisioni", "marsi 2021 komisioni"),
        ("rreth 1\u00a0000 policë", "rreth 1\u00a0000 policë"),
        ("rreth 1 000 policë", "rreth 1 000 policë"),
        ("në 13 vende;", "në 13 vende"),
        ("from 20 September 2022 on", "from 20 September 2022 on"),
    ],
)
def test_a_number_stays_on_one_line_with_its_words(text: str, run: str) -> None:
    for language in ("sq", "en"):
        html = str(line_breaks(text, language))
        assert run.replace(" ", "\u00a0") in html  # whole: no ordinary space, no soft hyphen inside


def _shown(text: str, language: str) -> str:
    return str(line_breaks(text, language)).replace(SOFT_HYPHEN, "-")


def _divided(word: str, language: str) -> str:
    divide = divider(language)
    assert divide is not None
    return hyphenate_word(word, divide).replace(SOFT_HYPHEN, "-")


@pytest.mark.parametrize(
    ("text", "language", "shown"),
    [
        # A month is never divided, nor its declined forms; a word that only starts like one is.
        ("që nga qershori dhe dhjetorit", "sq", "që nga qershori dhe dhjetorit"),
        ("marrëveshjen", "sq", "marrë-vesh-jen"),
        # Two r's across the end of a prefix are two letters: kundër-revolucionar, not kundë-rrevolucionar;
        # inside the prefix, n and d divide (kun-dër), as inside any word.
        ("kundërrevolucionar", "sq", "kun-dër-re-vo-lu-cio-nar"),
        # A nasal and a stop after a vowel divide after the nasal, after a consonant they start the syllable.
        ("pamenduar shpërndajnë", "sq", "pamen-duar shpër-ndajnë"),
    ],
)
def test_months_and_prefixes(text: str, language: str, shown: str) -> None:
    assert " ".join(_divided(word, language) for word in text.split()) == shown


def test_a_language_without_rules_of_its_own_is_divided_by_its_patterns_but_never_a_name_or_a_month() -> None:
    # English has no rules here: pyphen's patterns (WeasyPrint's own), with the protections every language gets.
    shown = _shown("The parliamentary Organisation of January reported in ORGANISATION in Albania today", "en")
    assert shown == "The par-lia-ment-ary Organisation of January repor-ted in ORGANISATION in Albania today"
    assert _shown("In September the Ministry of Internal Affairs investigated them", "en") == (
        "In September the Ministry of Internal Affairs invest-ig-ated them"
    )


def test_a_language_without_patterns_gets_no_soft_hyphens() -> None:
    html = str(line_breaks("Kamati la bunge lilichunguza makubaliano hayo yote", "sw"))
    assert SOFT_HYPHEN not in html and WORD_JOINER not in html


def test_a_regional_tag_uses_its_languages_rules() -> None:
    assert SOFT_HYPHEN in str(line_breaks("marrëveshjet e reja", "sq_AL"))


def test_dates_the_tool_writes_are_never_divided() -> None:
    html = str(line_breaks("afërsisht që nga data 20 shtator 2021", "sq", hyphenate=False))
    assert SOFT_HYPHEN not in html
    assert html == "afërsisht që nga data\u00a020\u00a0shtator\u00a02021"


# The printed PDFs --------------------------------------------------------------------------------------------

VOWELS = set("aeëiouy")
DIGRAPHS = {"dh", "gj", "ll", "nj", "rr", "sh", "th", "xh", "zh"}
MONTHS = {
    *("janar", "shkurt", "mars", "prill", "maj", "qershor", "korrik", "gusht", "shtator", "tetor", "nëntor"),
    "dhjetor",
}


def _onset(part: str) -> str:
    """The consonants a word (or the rest of one) starts with."""
    return re.match(r"[^aeëiouy]*", part).group()  # type: ignore[union-attr]


# The clusters that start the words of the hand-written list: real Albanian words start with them.
WORD_STARTS = {_onset(divided.replace("-", "")) for divided in WORDS}


def _rule_problems(before: str, after: str) -> list[str]:
    """What is wrong with dividing a word as before-after, by the rules, without the code under test."""
    word = before + after
    problems = []
    if not word[0].islower():
        problems.append("a capitalised word (a name) is divided")
    if len(before) < 3 or len(after) < 3 or len(word) < 7:
        problems.append("fewer than 3 letters on a side, or 7 in the word")
    if before[-1] + after[0] in DIGRAPHS:
        problems.append("a digraph is split")
    if before[-1] in VOWELS and after[0] in VOWELS:
        problems.append("two vowels are split")
    onset = _onset(after)
    if len(onset) > 1 and onset not in DIGRAPHS and onset not in WORD_STARTS:
        problems.append(f"the line starts with {onset!r}, which starts no word of the list")
    if any(word.startswith(month) for month in MONTHS) or any(char.isdigit() for char in word):
        problems.append("a date is divided")
    return problems


def _line_end_breaks(pdf: Path) -> list[tuple[str, str]]:
    """Each word divided at a line end (its hyphen reads as U+00AD): the parts before and after."""
    lines = pdf_text(pdf).splitlines()
    breaks = []
    for line, following in itertools.pairwise(lines):
        if line.endswith(DIVISIONS):
            before = re.search(r"(\w+)[\u00ad\u2010]$", line)
            after = re.match(r"\w+", following)
            assert before and after, (line, following)
            breaks.append((before.group(1), after.group()))
    return breaks


@pytest.mark.parametrize("briefing", ["built", "every_date_form"])
def test_albanian_line_ends_divide_words_only_where_the_rules_allow(
    briefing: str, request: pytest.FixtureRequest
) -> None:
    pdf = request.getfixturevalue(briefing)["sq"]
    breaks = _line_end_breaks(pdf)
    assert len(breaks) >= 5, "the Albanian edition is hyphenated"
    listed = {divided.replace("-", ""): _points(divided) for divided in WORDS}
    problems = {f"{before}-{after}": found for before, after in breaks if (found := _rule_problems(before, after))}
    assert problems == {}
    off_the_list = [
        f"{before}-{after}"
        for before, after in breaks
        if before + after in listed and len(before) not in listed[before + after]
    ]
    assert off_the_list == []
    assert sum(before + after in listed for before, after in breaks) >= 5


def test_every_date_form_prints_in_each_edition_on_as_few_lines_as_it_can(every_date_form: dict[str, Path]) -> None:
    for column, language in ((1, "en"), (2, "sq")):
        raw = pdf_text(every_date_form[language])
        flat_text = re.sub(r"\s+", " ", raw)
        chronology = flat_text[flat_text.index({"en": "Chronology", "sq": "Kronologjia"}[language]) :]
        phrases = [entry[column] for entry in EVERY_DATE_FORM_ENTRIES]
        positions = [chronology.index(phrase) for phrase in phrases]
        assert positions == sorted(positions)
        lines = [line.strip() for line in raw.splitlines()]
        # Short enough for the date column: printed on one line, never divided.
        for phrase in phrases:
            if len(phrase) <= 20:
                assert phrase in lines, f"{language}: {phrase!r} is not on one line"
    assert "rreth shtatorit 2022" in pdf_text(every_date_form["sq"]).splitlines()
    # A short aside in parentheses is one unit: "(datë e" | "pasigurt)" never.
    albanian = pdf_text(every_date_form["sq"])
    assert albanian.count("(datë") >= 4
    assert albanian.count("(datë") == albanian.count("(datë e pasigurt)")
    assert "c. September 2022" in pdf_text(every_date_form["en"]).splitlines()


def test_no_name_or_date_is_divided_in_the_albanian_editions(
    built: dict[str, Path], every_date_form: dict[str, Path]
) -> None:
    for pdf in (built["sq"], every_date_form["sq"]):
        assert [f"{a}-{b}" for a, b in _line_end_breaks(pdf) if not a[0].islower()] == []
    lines = [line.strip() for line in pdf_text(every_date_form["sq"]).splitlines()]
    for _edtf, _english, albanian in EVERY_DATE_FORM_ENTRIES:
        # The numbers of a date and the words beside them: "data 20 mars 2021", "vitit 2016".
        bound = re.search(r"(?:[^\W\d_]+ )?\d[\w ]*\d", albanian)
        assert bound is not None
        assert any(bound.group() in line for line in lines), f"{bound.group()!r} is split across lines"


@pytest.mark.parametrize("edition", ["en", "sq", "en+sq"])
def test_the_last_word_of_a_text_is_never_divided(built: dict[str, Path], edition: str) -> None:
    """A paragraph never ends on a line that holds the tail of a divided word ("bastis" | "jes [1]")."""
    written = (PROJECT / "briefings" / "albania-mek-raid-2023.yaml").read_text(encoding="utf-8")
    written += (PROJECT / "locales" / "sq" / "LC_MESSAGES" / "albania-mek-raid-2023.po").read_text(encoding="utf-8")
    words = set(re.findall(r"[^\W\d_]+", written.lower()))
    lines = [line.strip() for line in pdf_text(built[edition]).splitlines()]
    tails = []
    for line, following in itertools.pairwise(lines):
        last = re.fullmatch(r"([^\W\d_]+)[.,;:!?»”)]*(?: \[[\d, ]+\])?", following)
        before = re.search(r"([^\W\d_]+)[\u00ad\u2010]?$", line)
        if last and before and (before.group(1) + last.group(1)).lower() in words:
            tails.append(f"{line[-20:]} | {following}")
    assert tails == []
