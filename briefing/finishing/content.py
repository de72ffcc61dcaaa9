"""Reading page content back: the text of each marked-content item, through the fonts' ToUnicode maps.

The post-pass matches structure elements to the HTML's language runs by
their text, and the tests read what a screen reader would read; both need
the Unicode text of each marked-content sequence (MCID) of a page. WeasyPrint
writes every font as a Type0 font with Identity-H encoding (two bytes a
glyph) and a ToUnicode CMap; simple fonts (one byte a glyph) are read too.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable

import pikepdf

_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.DOTALL)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")
_RANGE_LINE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])")

# Operators that show text, and the index of their string (or array) operand.
TEXT_OPERATORS = {"Tj": 0, "TJ": 0, "'": 0, '"': 2}


def _utf16(hex_text: bytes) -> str:
    return bytes.fromhex(hex_text.decode()).decode("utf-16-be", errors="replace")


class FontDecoder:
    """Turns the bytes a font's text operators show into Unicode, as its ToUnicode map says."""

    def __init__(self, font: pikepdf.Dictionary) -> None:
        self.width = 2 if font.get("/Subtype") == "/Type0" else 1
        self.map: dict[int, str] = {}
        # A page shows the same few strings many times (a word, a glyph between kerns); a document's
        # pages share their fonts' decoders.
        self._decoded: dict[bytes, str] = {}
        if "/ToUnicode" in font:
            self._read_cmap(font.ToUnicode.read_bytes())

    def _read_cmap(self, cmap: bytes) -> None:
        for block in _BFCHAR.findall(cmap):
            values = _HEX.findall(block)
            for code, text in zip(values[::2], values[1::2], strict=False):
                self.map[int(code, 16)] = _utf16(text)
        for block in _BFRANGE.findall(cmap):
            for low, high, target in _RANGE_LINE.findall(block):
                start, end = int(low, 16), int(high, 16)
                if target.startswith(b"["):
                    for offset, text in enumerate(_HEX.findall(target)):
                        self.map[start + offset] = _utf16(text)
                else:
                    first = bytes.fromhex(target[1:-1].decode())
                    for offset in range(end - start + 1):
                        last = int.from_bytes(first[-2:], "big") + offset
                        self.map[start + offset] = (first[:-2] + last.to_bytes(2, "big")).decode(
                            "utf-16-be", errors="replace"
                        )

    def decode(self, data: bytes) -> str:
        if (known := self._decoded.get(data)) is not None:
            return known
        if self.width == 2 and len(data) % 2 == 0:
            glyphs = array("H", data)
            if sys.byteorder == "little":
                glyphs.byteswap()
            codes: Iterable[int] = glyphs
        elif self.width == 2:  # a stray last byte reads as a code of its own, as it always did
            codes = (int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2))
        else:
            codes = data
        text = "".join([self.map.get(code, "") for code in codes])
        self._decoded[data] = text
        return text


class FontDecoders:
    """One decoder per font object, shared by every page of a document."""

    def __init__(self) -> None:
        self._decoders: dict[tuple[int, int], FontDecoder] = {}

    def get(self, font: pikepdf.Dictionary) -> FontDecoder:
        key = font.objgen
        if key == (0, 0):  # a direct object: not shared, not cached
            return FontDecoder(font)
        if key not in self._decoders:
            self._decoders[key] = FontDecoder(font)
        return self._decoders[key]


def shown_text(operator: str, operands: list[pikepdf.Object], decoder: FontDecoder) -> str:
    """The text a text-showing operator puts on the page."""
    operand = operands[TEXT_OPERATORS[operator]]
    parts: Iterable[pikepdf.Object] = operand if isinstance(operand, pikepdf.Array) else [operand]
    return "".join([decoder.decode(bytes(part)) for part in parts if isinstance(part, pikepdf.String)])


# What pikepdf parses a content stream into: an operator with its operands, or an inline image.
Instruction = pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage


class PageContent:
    """A page's content read once: each instruction's operator and operands, and what each text operator shows.

    Reading an operand out of pikepdf costs more than what is done with it;
    the finishing pass reads every page's instructions three times (the
    texts of its marked content, its margins and images, its line ends).
    `instructions` is the list itself: `replace` keeps both in step.
    """

    def __init__(self, page: pikepdf.Page, instructions: list[Instruction], decoders: FontDecoders) -> None:
        self.instructions = instructions
        self.operators: list[str] = []
        self.operands: list[list[pikepdf.Object]] = []
        self.shown: dict[int, tuple[str, pikepdf.Dictionary]] = {}  # a text operator's text, and its font
        self.fonts: pikepdf.Object = page.Resources.get("/Font", pikepdf.Dictionary())  # by resource name
        font: pikepdf.Dictionary | None = None
        for index, instruction in enumerate(instructions):
            operator = str(instruction.operator)
            operands = list(instruction.operands)
            self.operators.append(operator)
            self.operands.append(operands)
            if operator == "Tf":
                found = self.fonts.get(str(operands[0]))
                font = found if isinstance(found, pikepdf.Dictionary) else None
            elif operator in TEXT_OPERATORS and font is not None:
                self.shown[index] = (shown_text(operator, operands, decoders.get(font)), font)

    def replace(self, index: int, instruction: pikepdf.ContentStreamInstruction) -> None:
        """Put another instruction of the same operator at `index`."""
        self.instructions[index] = instruction
        self.operands[index] = list(instruction.operands)


def marked_texts(content: PageContent) -> dict[int, str]:
    """The text of each marked-content item (MCID) of a page's content.

    A sequence with an ActualText (ISO 32000-1, 14.9.4) reads as that text,
    whatever its glyphs are, as poppler and Acrobat read it.
    """
    texts: dict[int, list[str]] = defaultdict(list)
    stack: list[int | None] = []
    replaced = 0  # how many open sequences have an ActualText: their glyphs are not read
    replacing: list[bool] = []
    for index, operator in enumerate(content.operators):
        if operator in ("BDC", "BMC"):
            operands = content.operands[index]
            properties = operands[1] if operator == "BDC" and len(operands) > 1 else None
            mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
            stack.append(int(mcid) if mcid is not None else None)
            actual = properties.get("/ActualText") if isinstance(properties, pikepdf.Dictionary) else None
            replacing.append(isinstance(actual, pikepdf.String))
            if isinstance(actual, pikepdf.String):
                current = next((mcid for mcid in reversed(stack) if mcid is not None), None)
                if current is not None and not replaced:
                    texts[current].append(str(actual))
                replaced += 1
        elif operator == "EMC":
            if stack:
                stack.pop()
                replaced -= replacing.pop()
        elif index in content.shown and not replaced:
            current = next((mcid for mcid in reversed(stack) if mcid is not None), None)
            if current is not None:
                texts[current].append(content.shown[index][0])
    return {mcid: "".join(parts) for mcid, parts in texts.items()}
