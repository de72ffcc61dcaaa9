"""The words a screen reader and a search get from a page: each glyph its own character, whole words, spaces between them.

WeasyPrint 70 draws each line of a paragraph as its own marked-content
sequence (one `Span` per line in the tag tree) and leaves out the space the
line broke at; it draws a line-break hyphen as a U+2010 glyph; and it maps
each glyph to the text of the first cluster it drew it for
(`weasyprint/draw/text.py`, `font.to_unicode[glyph_id]`), so a glyph first
drawn by CSS's `text-overflow: ellipsis` maps to the hidden text it stands
for ("…" read as "anës"). Text extraction, and a screen reader reading the
tag tree, then got "near" "Tirana" as "nearTirana", "Or" U+2010 "ganization"
as two words, and every "…" as the tail of the running header. This module
mends the text, never what is drawn:

* `mend_to_unicode`: each glyph maps to the character the embedded font's
  own `cmap` gives it, where WeasyPrint's map says something else; the
  glyph of the line-break hyphen maps to U+00AD SOFT HYPHEN, as ISO 32000-1
  (14.8.2.4.3) asks of a hyphen added by line breaking, when the text has
  no U+2010 of its own (else each line-break hyphen gets an ActualText).
* `space_line_ends`: where a run of text ends a line, or is followed by
  one the HTML puts a space before (a number beside its date), and the two
  words are not one in the HTML, the font's space glyph is shown after it. A space
  glyph paints nothing, so the page looks the same; every extractor (the
  tag tree, `pdftotext`, copy and paste) then finds the space.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf
from fontTools.ttLib import TTFont
from pikepdf import Array, Dictionary, Name, String

from briefing.finishing.content import FontDecoder, FontDecoders, Instruction, PageContent

SOFT_HYPHEN = "\u00ad"
HYPHEN = "\u2010"  # WeasyPrint's `hyphenate-character` (CSS's initial value, the UA's choice)
SPACE = " "


def _same_character(text: str, characters: set[str]) -> bool:
    """Whether `text` is one of the characters a glyph stands for (or one of their compatibility forms)."""
    folded = unicodedata.normalize("NFKC", text)
    return text in characters or any(unicodedata.normalize("NFKC", character) == folded for character in characters)


def _embedded_characters(font: Dictionary) -> dict[int, set[str]] | None:
    """Glyph code -> the characters the embedded TrueType font's `cmap` maps to it (Identity CIDs), if readable."""
    descendants = font.get("/DescendantFonts")
    if font.get("/Subtype") != Name.Type0 or not isinstance(descendants, Array) or not len(descendants):
        return None
    descendant = descendants[0]
    descriptor = descendant.get("/FontDescriptor")
    if descendant.get("/CIDToGIDMap", Name.Identity) != Name.Identity or not isinstance(descriptor, Dictionary):
        return None
    program = descriptor.get("/FontFile2")
    if not isinstance(program, pikepdf.Stream):
        return None
    try:
        tt = TTFont(io.BytesIO(program.read_bytes()), lazy=True)
        cmap = tt.getBestCmap() or {}
        glyph_ids = {name: tt.getGlyphID(name) for name in set(cmap.values())}
    except Exception:  # fontTools raises many kinds on a font it cannot read: WeasyPrint's map stays
        return None
    characters: dict[int, set[str]] = {}
    for code_point, name in cmap.items():
        characters.setdefault(glyph_ids[name], set()).add(chr(code_point))
    return characters


def _widths(descendant: Dictionary) -> set[int]:
    """The glyph codes a CIDFont's /W array gives a width: a glyph shown without one would take /DW's."""
    codes: set[int] = set()
    values = list(descendant.get("/W", Array()))
    index = 0
    while index + 1 < len(values):
        first, second = values[index], values[index + 1]
        if isinstance(second, Array):
            codes.update(range(int(first), int(first) + len(second)))
            index += 2
        else:
            codes.update(range(int(first), int(second) + 1))
            index += 3
    return codes


def _to_unicode_cmap(mapping: dict[int, str]) -> bytes:
    """A ToUnicode CMap (the form WeasyPrint writes: two-byte codes, one bfchar entry a glyph)."""
    entries = sorted(mapping.items())
    blocks = []
    for start in range(0, len(entries), 100):  # at most 100 entries a block (PDF's CMap limits)
        chunk = entries[start : start + 100]
        lines = "".join(f"<{code:04x}> <{text.encode('utf-16-be').hex()}>\n" for code, text in chunk)
        blocks.append(f"{len(chunk)} beginbfchar\n{lines}endbfchar\n")
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo\n<< /Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n"
        + "".join(blocks)
        + "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    ).encode("ascii")


def _fonts(pdf: pikepdf.Pdf) -> Iterator[Dictionary]:
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        for font in page.Resources.get("/Font", Dictionary()).values():
            if isinstance(font, Dictionary) and font.objgen not in seen:
                seen.add(font.objgen)
                yield font


def mend_to_unicode(pdf: pikepdf.Pdf, *, soft_hyphens: bool) -> None:
    """Each glyph maps to its own character; with `soft_hyphens`, the hyphen glyph to U+00AD.

    `soft_hyphens` says that the text has no U+2010 of its own, so every hyphen
    glyph of U+2010 on the page is one line breaking added.
    """
    for font in _fonts(pdf):
        if "/ToUnicode" not in font or (characters := _embedded_characters(font)) is None:
            continue
        mapping = FontDecoder(font).map
        mended = dict(mapping)
        for code, text in mapping.items():
            own = characters.get(code)
            if own and text and not _same_character(text, own):
                # WeasyPrint gave the glyph the text of the first cluster it drew: the hidden rest
                # of a text cut by `text-overflow: ellipsis` for "…". Its own character is the font's.
                mended[code] = min(own)
            if soft_hyphens and mended[code] == HYPHEN:
                mended[code] = SOFT_HYPHEN
        if mended != mapping:
            font.ToUnicode = pdf.make_stream(_to_unicode_cmap(mended))


@dataclass
class _Run:
    """One text-showing instruction inside tagged content: where it is, what it says, where it is drawn."""

    index: int
    text: str
    font: Dictionary | None
    font_operands: tuple[pikepdf.Object, ...]  # the Tf in force: the font's resource name and size
    block: int  # the BT ... ET it is in
    y: float  # its baseline in text space, from the last Tm or Td of its block


def _runs(content: PageContent) -> list[_Run]:
    """The page's runs of tagged text (not artifacts, not figures), in content order."""
    runs: list[_Run] = []
    stack: list[str] = []  # "artifact" (or figure), "mcid" or "other" per open marked-content sequence
    font_operands: tuple[pikepdf.Object, ...] = ()
    block, y = 0, 0.0
    for index, operator in enumerate(content.operators):
        if operator in ("BMC", "BDC"):
            operands = content.operands[index]
            properties = operands[1] if operator == "BDC" and len(operands) > 1 else None
            if operands and operands[0] in (Name.Artifact, Name.Figure):
                # A figure's text (the timeline's SVG, a glyph at a time) is read as its /Alt, not glyph by glyph.
                stack.append("artifact")
            elif isinstance(properties, Dictionary) and "/MCID" in properties:
                stack.append("mcid")
            else:
                stack.append("other")
        elif operator == "EMC" and stack:
            stack.pop()
        elif operator == "BT":
            block, y = block + 1, 0.0
        elif operator == "Tm":
            y = float(content.operands[index][5])
        elif operator in ("Td", "TD"):
            y += float(content.operands[index][1])
        elif operator == "Tf":
            font_operands = tuple(content.operands[index])
        elif index in content.shown and "mcid" in stack and "artifact" not in stack:
            text, font = content.shown[index]
            if text:
                runs.append(_Run(index, text, font, font_operands, block, y))
    return runs


_WORD_END = re.compile(r"\S+$")
_WORD_START = re.compile(r"^\S+")


def _html_says(before: str, after: str, html_text: str) -> bool | None:
    """Whether the HTML has a space between the word that ends `before` and the one that starts `after`.

    None when it does not say: neither, or both, are in its text (a label
    drawn by the stylesheet, a short word met in both ways).
    """
    tail, head = _WORD_END.search(before), _WORD_START.search(after)
    if tail is None or head is None:
        return None
    # The word starts where the HTML's does (after white space): "2" and "The" are not joined by "1992The",
    # where the end of a date runs into the text beside it.
    word, following = tail.group().casefold(), head.group().casefold()
    spaced = _starts_a_word(f"{word} {following}", html_text)
    joined = _starts_a_word(word + following, html_text)
    return spaced if spaced != joined else None


def _starts_a_word(needle: str, text: str) -> bool:
    """Whether `needle` occurs in `text` at the start of a word (the text's start, or after white space).

    `str.find`, not a regular expression: a page asks this for every line end,
    each with other words, and compiling a pattern each time cost more than
    the rest of the finishing pass.
    """
    at = text.find(needle)
    while at != -1:
        if at == 0 or text[at - 1].isspace():
            return True
        at = text.find(needle, at + 1)
    return False


def _space_code(font: Dictionary, decoders: FontDecoders) -> int | None:
    """The code of the font's space glyph, if it maps to U+0020 and /W gives its width (else PDF/A finds it wrong)."""
    if font.get("/Subtype") != Name.Type0:
        return None
    codes = [code for code, text in decoders.get(font).map.items() if text == SPACE]
    descendants = font.get("/DescendantFonts")
    descendant = descendants[0] if isinstance(descendants, Array) and len(descendants) else None
    widths = _widths(descendant) if isinstance(descendant, Dictionary) else set()
    return next((code for code in sorted(codes) if code in widths), None)


def space_line_ends(content: PageContent, decoders: FontDecoders, html_text: str) -> bool:
    """A space after each run of text that ends a word before the next run; True if the page changed.

    A run followed by one on another line, or by one the HTML puts a space
    before, gets the space glyph of its font (or, in a font without one, an
    ActualText with the space); one whose last word the HTML (`html_text`:
    `markup.MarkupFacts.text`, casefolded) joins to the
    next (a URL broken over lines, a word broken after its own hyphen) does
    not. A run that ends in a line-break hyphen WeasyPrint's map still reads
    as U+2010 gets an ActualText with U+00AD instead.
    """
    runs = _runs(content)
    instructions = content.instructions
    spaces = {
        name: code
        for name, font in content.fonts.items()
        if isinstance(font, Dictionary) and (code := _space_code(font, decoders)) is not None
    }
    inserts: list[tuple[int, list[Instruction]]] = []
    for run, following in zip(runs, [*runs[1:], None], strict=True):
        if not run.text or run.text[-1].isspace() or run.text[-1] == SOFT_HYPHEN:
            continue
        after = following.text if following is not None else ""
        if after[:1].isspace():
            continue
        new_line = following is None or following.block != run.block or abs(following.y - run.y) > 0.01
        if run.text.endswith(HYPHEN):
            # A hyphen the line break added: the HTML has the word whole, without it.
            if new_line and _html_says(run.text[:-1], after, html_text) is False:
                inserts.append((run.index, _actual_text(instructions[run.index], run.text[:-1] + SOFT_HYPHEN)))
            continue
        says = _html_says(run.text, after, html_text) if after else None
        if not (says if says is not None else new_line):
            continue
        own = str(run.font_operands[0]) if run.font_operands else ""
        if own in spaces:
            inserts.append((run.index, [instructions[run.index], _show(spaces[own])]))
        elif spaces and len(run.font_operands) == 2:
            # A font subset without a space (a label of digits in bold): another font's space,
            # then the run's font again for what may follow in this text object.
            other, code = next(iter(sorted(spaces.items())))
            size = run.font_operands[1]
            inserts.append(
                (run.index, [instructions[run.index], _tf(Name(other), size), _show(code), _tf(*run.font_operands)])
            )
        else:
            inserts.append((run.index, _actual_text(instructions[run.index], run.text + SPACE)))
    for index, replacement in reversed(inserts):
        instructions[index : index + 1] = replacement
    return bool(inserts)


def _show(code: int) -> pikepdf.ContentStreamInstruction:
    """`[<code>] TJ`: one glyph of a two-byte (Identity-H) font."""
    return pikepdf.ContentStreamInstruction([Array([String(code.to_bytes(2, "big"))])], pikepdf.Operator("TJ"))


def _tf(name: pikepdf.Object, size: pikepdf.Object) -> pikepdf.ContentStreamInstruction:
    return pikepdf.ContentStreamInstruction([name, size], pikepdf.Operator("Tf"))


def _actual_text(instruction: Instruction, text: str) -> list[Instruction]:
    """The instruction inside a `Span` whose ActualText is `text` (ISO 32000-1, 14.9.4)."""
    properties = Dictionary(ActualText=String(text))
    return [
        pikepdf.ContentStreamInstruction([Name.Span, properties], pikepdf.Operator("BDC")),
        instruction,
        pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")),
    ]
