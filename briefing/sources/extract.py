"""An article out of what a user has: a saved web page or a text file, as an ArchivedSource (pure).

This module owns telling the main text of an article from the rest of a
page, and the id an archive gets when the user names none. It takes bytes and
values, never paths or sockets: `fetch` brings a URL's bytes, `add` reads the
files.

* A web page's main text and metadata (title, outlet, date published) come
  from trafilatura, the extraction library the field uses and evaluates; it
  drops navigation, boilerplate, comments and ads. Paragraphs are separated by
  blank lines, as in the archive. The language is the page's own `lang`.
  A page whose main text is under `MIN_ARTICLE_CHARACTERS` has no article
  (a front page, a login wall, an empty shell filled by JavaScript).
* A text file is either an archive already (a header, `---`, the text: the
  shared reference articles) or plain text, whose first line is taken as the
  title when it reads like one. The text itself is kept whole.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import replace

from briefing.errors import InputError, Problem
from briefing.pipeline.vocabulary import MAX_ID_LENGTH, check_language
from briefing.sources.archive import (
    HEADER_KEYS,
    MAX_ARCHIVE_BYTES,
    ArchivedSource,
    check_web_address,
    decode_utf8,
    normalize_text,
    parse_archive,
)

MAX_PAGE_BYTES = MAX_ARCHIVE_BYTES
MIN_ARTICLE_CHARACTERS = 200
MAX_TITLE_CHARACTERS = 300
DEFAULT_ID_CHARACTERS = 60
_HEADER_LINE = re.compile(rf"({'|'.join(HEADER_KEYS)}):( |$)")


def refused(name: str, message: str) -> InputError:
    return InputError([Problem(name, None, None, "", message)])


def looks_like_html(data: bytes) -> bool:
    start = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<?xml"))


def from_html(
    data: bytes, *, name: str, source_id: str | None, url: str | None, retrieved: dt.datetime
) -> ArchivedSource:
    """The article of a web page; an InputError naming the page if it holds none."""
    import trafilatura  # a second to import: only `source add` of a page pays it
    from trafilatura.utils import load_html

    _check_size(data, name)
    if b"\x00" in data[:MAX_PAGE_BYTES]:
        raise refused(name, "is a binary file, not a web page")
    tree = load_html(data)
    if tree is None:
        raise refused(name, "is not a web page that can be read (no HTML in it)")
    language = _language(str(tree.get("lang") or ""))
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # The page's own date of publication or none: the extensive search guesses one
        # from any date in the page (a footer's © 2023 became 1 January 2023).
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    lines = (getattr(document, "text", None) or "").splitlines()
    text = "\n\n".join(" ".join(line.split()) for line in lines if line.strip())
    if len(text) < MIN_ARTICLE_CHARACTERS:
        raise refused(
            name,
            "no article found: the page has no main text (a front page, a login page, or one its scripts fill); "
            "save the article's own page, or its text as a .txt file",
        )
    title = _one_line(getattr(document, "title", None))
    outlet = _one_line(getattr(document, "sitename", None))
    published = _day(getattr(document, "date", None))
    source = ArchivedSource(
        id=source_id or "",
        text=text,
        url=_web_address(url or getattr(document, "url", None)),
        outlet=outlet,
        title=title,
        language=language,
        published=published,
        retrieved=retrieved,
    )
    return replace(source, id=source_id or default_id(source, fallback=name))


def from_text(
    data: bytes, *, name: str, source_id: str | None, url: str | None, retrieved: dt.datetime
) -> ArchivedSource:
    """A text file's article: an archive as it is (its header kept), or plain text with its first line as title."""
    _check_size(data, name)
    if b"\x00" in data:
        raise refused(name, "is a binary file, not a text")
    content = decode_utf8(data, name)
    first = next((line for line in content.splitlines() if line.strip()), "")
    if _HEADER_LINE.match(first):
        source = parse_archive(data, name=name, source_id=source_id or "")
        source = replace(source, retrieved=source.retrieved or retrieved, url=source.url or _web_address(url))
    else:
        text = normalize_text(content)
        if not text.strip():
            raise refused(name, "is empty: there is no text to archive")
        source = ArchivedSource(id="", text=text, title=_title_line(text), url=_web_address(url), retrieved=retrieved)
    return replace(source, id=source_id or default_id(source, fallback=name))


def _check_size(data: bytes, name: str) -> None:
    if len(data) > MAX_PAGE_BYTES:
        raise refused(name, f"is {len(data):,} bytes; an article to archive may be at most {MAX_PAGE_BYTES:,}")


def _title_line(text: str) -> str | None:
    """The first line of a plain text, when it stands alone as a title does: short, its own paragraph, no full stop."""
    first, _, rest = text.partition("\n")
    first = first.strip()
    if rest.startswith("\n") and 0 < len(first) <= MAX_TITLE_CHARACTERS and not first.endswith("."):
        return first
    return None


def _language(value: str) -> str | None:
    """A page's `lang` (`en-GB`, `sq`) as the language code of the archive (`en`, `sq`)."""
    primary = value.strip().replace("_", "-").split("-")[0].lower()
    try:
        return check_language(primary) if primary else None
    except ValueError:
        return None


def _day(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _web_address(value: object) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return check_web_address(value)
    except ValueError:
        return None


def _one_line(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def default_id(source: ArchivedSource, *, fallback: str) -> str:
    """An archive's id when the user gives none: from the outlet, else the title, else the file's name."""
    for candidate in (source.outlet, source.title, fallback.rsplit("/", 1)[-1].rsplit(".", 1)[0]):
        if candidate and (slug := slugify(candidate)):
            return slug
    return "source"


def slugify(value: str, limit: int = DEFAULT_ID_CHARACTERS) -> str:
    """`Euractiv` -> `euractiv`; `Çuçi: ju garantoj` -> `cuci-ju-garantoj`: an id (docs/format.md) of at most `limit`."""
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if len(slug) > min(limit, MAX_ID_LENGTH):
        slug = slug[: min(limit, MAX_ID_LENGTH) + 1].rsplit("-", 1)[0]
    return slug.strip("-")
