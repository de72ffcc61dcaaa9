"""What an image must be before the renderer may see it: a logo, small and self-contained.

A logo comes from the user's folder, so the restricted fetcher lets
WeasyPrint read it; this module makes sure that reading it costs little.
WeasyPrint decodes PNG and JPEG with Pillow and draws SVG itself, expanding
every `<use>` as it goes, and it swallows the errors of images it cannot
decode (the logo just disappears, with exit status 0). So each logo is
inspected here first, in bounded time and memory:

* PNG and JPEG: Pillow reads the header, the size is capped before a single
  pixel is decoded (a 657 KB PNG of 13,000 x 13,000 pixels would need
  1.5 GB), then the whole image is decoded, so a truncated file is caught;
* SVG: parsed with defusedxml (no DTD, hence no entities, internal or
  external); it may refer only to its own parts (`#id`), never to a file,
  a link or itself; the number of elements, their depth, and the number
  they expand to once each `<use>` is replaced by what it refers to are
  capped (1.7 KB of nested `<use>` would otherwise expand to millions).

A build reads a logo once (`read_logo`): the bytes inspected are the bytes
embedded, as a data: URL (the PDF then names the image by its content, not
by where the folder happens to be, so rebuilds are byte-identical), and
attached.
"""

from __future__ import annotations

import base64
import re
import warnings
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from briefing.pipeline.vocabulary import LOGO_MIME_TYPES

MAX_PIXELS = 4096 * 4096
MAX_SIDE = 8192
MAX_SVG_ELEMENTS = 5_000
MAX_SVG_DEPTH = 64
MAX_SVG_EXPANDED = 20_000

_PILLOW_FORMAT = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_SVG_ROOT = "{http://www.w3.org/2000/svg}svg"
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import", re.IGNORECASE)


# The logo's box on the page: print.css's --logo-width and --logo-height.
LOGO_BOX_MM = (40.0, 12.0)


class ImageProblem(ValueError):
    """Why an image cannot be used; the message names what to change."""


@dataclass(frozen=True)
class Logo:
    """A logo read once: the bytes inspected are the bytes the page shows and the PDF carries.

    `path` names the file (the attachment's name, what the manifest and the
    preview watch); its content is never read again.
    """

    path: Path
    data: bytes

    @property
    def mime(self) -> str:
        return LOGO_MIME_TYPES[self.path.suffix.lower()]

    @property
    def data_url(self) -> str:
        """The image as a data: URL: the PDF names it by its content, not by where the folder is."""
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


def read_logo(path: Path, max_bytes: int) -> Logo:
    """Read a logo file once and inspect those bytes (ImageProblem, or OSError if it cannot be read)."""
    with path.open("rb") as file:
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImageProblem(f"is over {max_bytes // 1024 // 1024} MiB")
    _inspect(data, path.suffix)
    return Logo(path, data)


def fitted_width(data: bytes, max_width: float, max_height: float) -> float:
    """The width a PNG or JPEG (already inspected) takes in a box, its proportions kept, in the box's unit."""
    from PIL import Image

    with Image.open(BytesIO(data)) as image:
        width, height = image.size
    return min(max_width, max_height * width / height) if height else max_width


def _inspect(data: bytes, suffix: str) -> None:
    """Raise ImageProblem unless `data`, named with `suffix`, is an image the renderer can use at little cost."""
    if suffix.lower() == ".svg":
        _inspect_svg(data)
    else:
        _inspect_raster(data, _PILLOW_FORMAT[suffix.lower()])


def _inspect_raster(data: bytes, expected: str) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data))
            if image.format != expected:
                raise ImageProblem(f"is not a {expected} image (it is {image.format or 'something else'})")
            width, height = image.size
            if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
                raise ImageProblem(
                    f"is {width:,} x {height:,} pixels; a logo may have at most {MAX_PIXELS:,} pixels "
                    f"and {MAX_SIDE:,} on a side (scale it down)"
                )
            _load_whole(image)
    except ImageProblem:
        raise
    except UnidentifiedImageError:
        raise ImageProblem(f"is not a {expected} image (its content is not one)") from None
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as bomb:
        # Pillow refuses before it reports the size; its message carries the pixel count.
        count = re.search(r"\((\d+) pixels\)", str(bomb))
        pixels = f"{int(count[1]):,} pixels" if count else "too many pixels"
        raise ImageProblem(f"has {pixels}; a logo may have at most {MAX_PIXELS:,} (scale it down)") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageProblem(f"cannot be decoded as {expected}: {error}") from None


def _load_whole(image: Any) -> None:
    """Decode every pixel, and fail on a file cut short.

    WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES when it is
    imported, which makes Pillow fill a cut-short image with grey instead of
    failing; the check needs it off while it decodes.
    """
    from PIL import ImageFile

    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        image.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _inspect_svg(data: bytes) -> None:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise ImageProblem("is an SVG with a DTD or entities; save it without them") from None
    except ParseError as error:
        raise ImageProblem(f"is not a valid SVG: {error}") from None
    if root.tag != _SVG_ROOT:
        raise ImageProblem("is not an SVG image (its root element is not <svg>)")
    elements, ids = _walk(root)
    for element in elements:
        _check_references(element)
    expanded = _expanded_size(root, ids)
    if expanded > MAX_SVG_EXPANDED:
        raise ImageProblem(f"is an SVG whose <use> elements expand to over {MAX_SVG_EXPANDED:,} elements; simplify it")


def _walk(root: Element) -> tuple[list[Element], dict[str, Element]]:
    """Every element (iteratively, with depth and count capped) and the elements by id."""
    elements: list[Element] = []
    ids: dict[str, Element] = {}
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_SVG_DEPTH:
            raise ImageProblem(f"is an SVG nested more than {MAX_SVG_DEPTH} levels deep")
        elements.append(element)
        if len(elements) > MAX_SVG_ELEMENTS:
            raise ImageProblem(f"is an SVG of more than {MAX_SVG_ELEMENTS:,} elements; simplify it")
        if "id" in element.attrib:
            ids[element.attrib["id"]] = element
        stack.extend((child, depth + 1) for child in element)
    return elements, ids


def _check_references(element: Element) -> None:
    for name in ("href", _XLINK_HREF):
        target = element.attrib.get(name)
        if target is not None and not target.strip().startswith("#"):
            raise ImageProblem(
                f"is an SVG that refers to {target.strip()[:60]!r}; a logo may refer only to its own parts (#id)"
            )
    css = " ".join([element.attrib.get("style", ""), element.text or "" if element.tag.endswith("style") else ""])
    if _CSS_URL.search(css) or any(_CSS_URL.search(value) for value in element.attrib.values() if "url(" in value):
        raise ImageProblem("is an SVG whose style refers outside itself; a logo may refer only to its own parts")


def _expanded_size(root: Element, ids: dict[str, Element]) -> int:
    """How many elements the SVG has once every <use> is replaced by what it refers to.

    Iterative post-order with memoization: a reference to an element that is
    still being expanded is a cycle (an SVG that uses itself).
    """
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()
    stack: list[tuple[Element, bool]] = [(root, False)]
    while stack:
        element, children_done = stack.pop()
        key = id(element)
        if key in sizes:
            continue
        target = _use_target(element, ids)
        if not children_done:
            in_progress.add(key)
            stack.append((element, True))
            for child in (*list(element), *([target] if target is not None else [])):
                if id(child) in in_progress:
                    raise ImageProblem("is an SVG whose <use> refers to itself or to an element around it")
                if id(child) not in sizes:
                    stack.append((child, False))
            continue
        total = 1 + sum(sizes[id(child)] for child in element)
        if target is not None:
            total += sizes[id(target)]
        sizes[key] = min(total, MAX_SVG_EXPANDED + 1)  # past the cap, the count only needs to say "too many"
        in_progress.discard(key)
    return sizes[id(root)]


def _use_target(element: Element, ids: dict[str, Element]) -> Element | None:
    if not element.tag.endswith("}use"):
        return None
    reference = (element.attrib.get("href") or element.attrib.get(_XLINK_HREF) or "").strip()
    return ids.get(reference[1:]) if reference.startswith("#") else None
