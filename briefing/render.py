"""Stage 4, HTML: an Edition laid out through the Jinja2 templates.

This module owns the template environment: autoescaping of every value (all
texts are untrusted), the gettext functions the templates call, and the small
per-document stylesheet (paper size, running header, localized page footer)
whose strings are CSS-escaped here so no text can break out of them.

The templates' `_()` and `ngettext()` return plain strings that are escaped on
output like any other value: a translation can never inject markup.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from briefing import __version__
from briefing.localize import Edition
from briefing.paths import TEMPLATES_DIR

Paper = Literal["a4", "letter"]
TEMPLATE = "briefing.html"
PAPER_SIZES: dict[str, str] = {"a4": "A4", "letter": "letter"}
_PAGE_PLACEHOLDER = re.compile(r"%\((page|pages)\)s")


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(
    edition: Edition, *, paper: Paper = "a4", inline_css: str | None = None, logo: str | None = None
) -> str:
    """The edition as an HTML document.

    `inline_css` embeds the print stylesheet (for --format html); `logo` is the
    file URL of the briefing's logo, which the PDF stage's fetcher allows.
    """
    translations = edition.catalog.translations

    def gettext(message: str, **variables: Any) -> str:
        text = translations.gettext(message)
        return text % variables if variables else text

    def ngettext(singular: str, plural: str, number: int, **variables: Any) -> str:
        return translations.ngettext(singular, plural, number) % {"num": number, **variables}

    template = environment().get_template(TEMPLATE)
    return template.render(
        e=edition,
        _=gettext,
        gettext=gettext,
        ngettext=ngettext,
        # TRANSLATORS: the page footer; keep %(page)s and %(pages)s.
        page_css=page_css(edition, paper, translations.gettext("Page %(page)s of %(pages)s")),
        inline_css=Markup(inline_css.replace("</", "<\\/")) if inline_css else None,
        version=__version__,
        logo=logo,
    )


def css_string(text: str) -> str:
    """A CSS string literal that no text can break out of (every non-alphanumeric escaped)."""
    escaped = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'


def page_css(edition: Edition, paper: Paper, page_label: str) -> Markup:
    """Per-document page rules: paper size and the footer `Page N of M` in the edition's words."""
    content = []
    position = 0
    for match in _PAGE_PLACEHOLDER.finditer(page_label):
        if match.start() > position:
            content.append(css_string(page_label[position : match.start()]))
        content.append(f"counter({match.group(1)})")
        position = match.end()
    if position < len(page_label):
        content.append(css_string(page_label[position:]))
    rules = (
        f"@page {{ size: {PAPER_SIZES[paper]}; "
        f"@bottom-center {{ content: {' '.join(content)}; }} "
        f"@bottom-right {{ content: {css_string(edition.tlp_label)}; }} }}"
    )
    return Markup(rules)
