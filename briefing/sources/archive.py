"""The archive format: one source's text and where it came from, as a person can read and diff it.

This module owns `sources/<id>.txt`, the copy of an article a briefing is
checked against (docs/format.md, "The sources folder"). It is pure: bytes in,
an `ArchivedSource` out, and back. Reading the files of a workspace is
`briefing.sources.store`'s; getting an article from a page or a URL is
`briefing.sources.extract`'s and `briefing.sources.fetch`'s.

The format is the one the shared reference articles use, a header of
`key: value` lines, a line `---`, then the main text, paragraphs separated by
blank lines, plus two keys the tool adds when it archives: `retrieved` (when)
and `sha256` (of the text, UTF-8). The digest is how `briefing verify` knows
that the text is still the one that was archived.

* A value may contain ": " (a URL, a title): a line splits at its first ": ".
* Unknown keys are refused, with the close name suggested, as the briefing
  format refuses unknown fields: a misspelt `publised:` would otherwise vanish
  without a word, and the header is small and fixed.
* `published` is a day (`2023-06-20`); an article that gives only its month
  or year (`2023-06`) keeps that, in `published_partial`, since a day the
  source does not give would be invented.
* The text is everything after the `---` line, with the line ends made `\\n`
  and the blank lines around it left out; its digest is of exactly that.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from briefing.errors import InputError, Problem, quoted
from briefing.pipeline.vocabulary import check_language

MAX_ARCHIVE_BYTES = 10 * 1024 * 1024
SEPARATOR = "---"
HEADER_KEYS = ("url", "outlet", "title", "language", "published", "retrieved", "sha256")
_KEY = re.compile(r"[a-z][a-z0-9_-]*\Z")
_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2})?\Z")
_DIGEST = re.compile(r"[0-9a-f]{64}\Z")


@dataclass(frozen=True)
class ArchivedSource:
    """An archived article: its main text and the metadata of its header."""

    id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    language: str | None = None
    published: dt.date | None = None
    retrieved: dt.datetime | None = None
    sha256: str | None = None  # as written in the header; `text_digest(text)` is what the text is now
    published_partial: str | None = None  # `2023-06` or `2023`, when the article gives no day

    @property
    def changed(self) -> bool:
        """The header's digest no longer matches the text: someone edited the archive after it was made."""
        return self.sha256 is not None and self.sha256 != text_digest(self.text)

    @property
    def published_text(self) -> str | None:
        """The publication date as the header writes it, whatever its precision."""
        return self.published.isoformat() if self.published is not None else self.published_partial


def text_digest(text: str) -> str:
    """The hex SHA-256 of a text, encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalize_text(text: str) -> str:
    """A text as an archive stores it: `\\n` line ends, no blank lines before or after."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")


def parse_archive(data: bytes, *, name: str, source_id: str) -> ArchivedSource:
    """An archive's bytes as an ArchivedSource; an InputError located at `name:line` for a bad header.

    Files without `retrieved` and `sha256` (articles archived by hand, the
    shared reference articles) are accepted: they have nothing to verify the
    text against.
    """
    if len(data) > MAX_ARCHIVE_BYTES:
        raise InputError(
            [
                Problem(
                    name,
                    None,
                    None,
                    "",
                    f"the file is {len(data):,} bytes; an archive may be at most {MAX_ARCHIVE_BYTES:,}",
                )
            ]
        )
    content = decode_utf8(data, name)
    lines = content.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    try:
        end = lines.index(SEPARATOR)
    except ValueError:
        raise InputError(
            [
                Problem(
                    name,
                    1,
                    None,
                    "",
                    f"no header: an archive starts with `key: value` lines ({', '.join(HEADER_KEYS)}), "
                    f"then a line `{SEPARATOR}`, then the text",
                )
            ]
        ) from None
    values, problems = _read_header(lines[:end], name)
    text = normalize_text("\n".join(lines[end + 1 :]))
    if not text.strip():
        problems.append(Problem(name, end + 1, None, "", f"no text after the `{SEPARATOR}` line"))
    if problems:
        raise InputError(problems)
    return ArchivedSource(id=source_id, text=text, **values)


def decode_utf8(data: bytes, name: str) -> str:
    """The text of a file; an InputError at the line of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            [Problem(name, line, None, "", f"the file is not UTF-8 (byte 0x{data[error.start]:02x}); save it as UTF-8")]
        ) from None


def _read_header(lines: list[str], name: str) -> tuple[dict[str, Any], list[Problem]]:
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        key, separator, raw = line.partition(":")
        key = key.strip()
        if not separator or not _KEY.match(key):
            problems.append(
                Problem(
                    name,
                    number,
                    1,
                    "",
                    f"expected `key: value` (or a line `{SEPARATOR}` before the text), not {quoted(line)}",
                )
            )
            continue
        if key not in HEADER_KEYS:
            close = difflib.get_close_matches(key, HEADER_KEYS, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"expected one of {', '.join(HEADER_KEYS)}"
            problems.append(Problem(name, number, 1, key, f"unknown key {quoted(key)}; {hint}"))
            continue
        if key in first_line:
            problems.append(Problem(name, number, 1, key, f"written twice (first on line {first_line[key]})"))
            continue
        first_line[key] = number
        value = raw.strip()
        if not value:
            continue
        try:
            values.update(_header_value(key, value))
        except ValueError as error:
            problems.append(Problem(name, number, len(key) + 3, key, str(error)))
    return values, problems


def _header_value(key: str, value: str) -> dict[str, Any]:
    if key == "url":
        return {"url": check_web_address(value)}
    if key == "language":
        return {"language": check_language(value)}
    if key == "published":
        if _PARTIAL_DATE.match(value):
            return {"published_partial": value}
        try:
            return {"published": dt.date.fromisoformat(value)}
        except ValueError:
            raise ValueError(
                f"{quoted(value)} is not a date; write 2023-06-20, or 2023-06 or 2023 if no day is given"
            ) from None
    if key == "retrieved":
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{quoted(value)} is not a time; write it like 2026-12-03T08:30:00Z") from None
        if moment.tzinfo is None:
            raise ValueError(f"{quoted(value)} has no time zone; write it in UTC, like 2026-12-03T08:30:00Z")
        return {"retrieved": moment.astimezone(dt.UTC)}
    if key == "sha256":
        if not _DIGEST.match(value):
            raise ValueError(f"{quoted(value)} is not a SHA-256 digest (64 hexadecimal digits, lower case)")
        return {"sha256": value}
    return {key: value}


def check_web_address(value: str) -> str:
    """An http or https address with a host, or a ValueError saying what is wrong with it."""
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{quoted(value)} is not an http or https address")
    if any(character.isspace() for character in value):
        raise ValueError(f"{quoted(value)} contains a space; write the address as it is")
    return value


def format_archive(source: ArchivedSource) -> bytes:
    """The archive file of a source: its header, with the digest of its text, then the text."""
    text = normalize_text(source.text)
    header = {
        "url": source.url,
        "outlet": source.outlet,
        "title": source.title,
        "language": source.language,
        "published": source.published_text,
        "retrieved": _format_moment(source.retrieved) if source.retrieved is not None else None,
        "sha256": text_digest(text),
    }
    lines = [f"{key}: {_one_line(value)}" for key, value in header.items() if value is not None and _one_line(value)]
    return ("\n".join([*lines, SEPARATOR, text]) + "\n").encode("utf-8")


def _format_moment(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("a retrieval time must carry its time zone")
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _one_line(value: str) -> str:
    """A header value is one line: a title with a line break in it is written with a space."""
    return " ".join(value.split())
