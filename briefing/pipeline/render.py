"""Stage 4, HTML: an Edition laid out through the Jinja2 templates.

This module owns the template environment: where templates come from (a
workspace's theme/templates/ first, then the tool's own), autoescaping of
every value (all texts are untrusted), the gettext functions and filters
the templates call (`line_breaks`, from `hyphenation`), the small
per-document stylesheet (paper size, localized page footer) whose strings
are CSS-escaped here so no text can break out of them, and drawing the
chronology's timeline in the stylesheets' colours (an SVG is out of the
stylesheets' reach, so the theme's properties are read here).

Every template, the tool's and a theme's, runs in Jinja's immutable
sandbox (`jinja2.sandbox`): a theme is data, not code. It sees only the
values passed here; no attribute starting with `_`, no module, class or
file path (so no `os`, no `open`, no `Path.read_text`), and no change to a
list or dict the tool gave it. An unsafe access, an undefined name or a
syntax error in a theme's template is the user's input error, located at
the theme file's line; the same in the tool's own templates is a bug.

The templates' `_()` escapes the translation itself and every value it
places, unless that value is already markup (a text rendered by the `show`
macro, with its untranslated marker): a translation can never inject markup.

An edition is laid out by `briefing.html`, a bilingual edition by
`bilingual.html`, for print; their web pages (`--format html`, the preview)
by `web.html` and `web-bilingual.html`, styled by web.css in the theme's
colours (`web_css`), each linking the briefing's other editions
(`Alternate`). All build their pages from the macros of `macros.html`,
each call given the `Column` it writes in: its language, its interface
words, and its anchors. The two columns of a bilingual page have anchors of
their own (`sq.source-x`), so that each column's links go to the same
column's entry and are described in its language.
"""

from __future__ import annotations

import gettext
import hashlib
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType, TracebackType
from typing import TYPE_CHECKING, Any

from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    meta,
    select_autoescape,
)
from jinja2.bccache import Bucket
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from briefing import __version__
from briefing.errors import InputError, Problem, display_path, problem
from briefing.pipeline import vocabulary
from briefing.pipeline.fill import FillMarks, no_fill_marks
from briefing.pipeline.hyphenation import line_breaks
from briefing.pipeline.localize import Edition
from briefing.pipeline.stylesheets import Stylesheet, custom_property, hex_colour
from briefing.pipeline.timeline import PT, Palette, clean, shorten
from briefing.pipeline.vocabulary import PAGE_SIZES, Paper, own_language_name

if TYPE_CHECKING:
    from briefing.pipeline.bilingual import ParallelEdition

TEMPLATE = "briefing.html"
PARALLEL_TEMPLATE = "bilingual.html"
WEB_TEMPLATE = "web.html"
WEB_PARALLEL_TEMPLATE = "web-bilingual.html"
# Between the two languages of a line both say: a heading, the page footer.
LANGUAGE_SEPARATOR = " · "
_PAGE_PLACEHOLDER = re.compile(r"%\((page|pages)\)s")
_TIMELINE_COLOURS = ("accent", "rule", "muted", "text")  # the Palette's fields, each a `--` property
# The theme properties the web page takes (docs/theming.md).
_WEB_COLOURS = ("accent", "accent-soft", "rule", "text", "muted")


class ThemeSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, closed further: nothing that reaches files, modules or classes.

    Jinja's own sandbox refuses private attributes (`__init__`, `__globals__`)
    and changes to the tool's lists; but a template given an object with a
    `Path` in it could still call `read_text` or `write_text`. Here a path,
    a module, a class, and any attribute of a path or module-level callable
    reached through one, is as unsafe as `__globals__`; and so is calling a
    method of a catalog's translations (`install()` would change the whole
    process's builtins): templates translate with `_()`.
    """

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return super().is_safe_attribute(obj, attr, value) and not (_reaches_outside(obj) or _reaches_outside(value))

    def is_safe_callable(self, obj: Any) -> bool:
        bound_to = getattr(obj, "__self__", None)
        return (
            super().is_safe_callable(obj)
            and not _reaches_outside(bound_to)
            and not isinstance(bound_to, gettext.NullTranslations)
        )


class _FolderLoader(FileSystemLoader):
    """Templates of one folder, and only files really in it: a link to `/etc/passwd` is not a template."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        folder = Path(self.searchpath[0]).resolve()
        if folder not in Path(filename).resolve().parents:
            raise TemplateNotFound(template)
        return source, filename, uptodate


class _CompiledTemplates(BytecodeCache):
    """Templates compiled once a process, kept by name and path and used only while their source is the same.

    The preview makes a Renderer for every save, and a process may build many
    editions: each would compile the same templates again (about 70 ms for a
    one-language page). Jinja checks each entry against the source it was
    compiled from (`Bucket.checksum`), so an edited theme template is compiled
    anew; the oldest entries go past MAX_ENTRIES.
    """

    MAX_ENTRIES = 64

    def __init__(self) -> None:
        self._code: OrderedDict[str, bytes] = OrderedDict()
        self._named: dict[str, tuple[str, ...]] = {}  # source digest -> the templates it names
        # The preview renders after a save in one thread while another prints a PDF on request.
        self._lock = threading.Lock()

    def load_bytecode(self, bucket: Bucket) -> None:
        with self._lock:
            code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = bucket.bytecode_to_string()
        with self._lock:
            self._code[bucket.key] = code
            self._code.move_to_end(bucket.key)
            while len(self._code) > self.MAX_ENTRIES:
                self._code.popitem(last=False)

    def named(self, environment: Environment, source: str, name: str, filename: str | None) -> tuple[str, ...]:
        """The templates a template's source names (`import`, `include`, `extends`), read once per source."""
        digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
        with self._lock:
            known = self._named.get(digest)
        if known is None:
            found = meta.find_referenced_templates(environment.parse(source, name, filename))
            known = tuple(each for each in found if each is not None)
            with self._lock:
                if len(self._named) >= self.MAX_ENTRIES:
                    self._named.clear()
                self._named[digest] = known
        return known


_COMPILED = _CompiledTemplates()


def _reaches_outside(value: Any) -> bool:
    """A value a template must not hold: a file path, a module (`vocabulary` aside), a class."""
    if isinstance(value, ModuleType):
        return value is not vocabulary
    kind: type = type(value)
    return _outside_type(kind)


@cache
def _outside_type(kind: type) -> bool:
    # Checked per attribute a template reads: an ABC's isinstance is slow enough to count, a cache is not.
    return issubclass(kind, (os.PathLike, type))


class Renderer:
    """The template environment of a run: the theme's templates before the tool's, all sandboxed."""

    def __init__(self, templates: Path, theme_templates: Path | None = None, palette: Palette | None = None) -> None:
        self.palette = palette or Palette()
        self.theme_templates = theme_templates.absolute() if theme_templates is not None else None
        folders = [*([theme_templates] if theme_templates is not None else []), templates]
        self.environment: Environment = ThemeSandbox(
            loader=ChoiceLoader([_FolderLoader(folder) for folder in folders]),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=_COMPILED,
        )
        self.environment.filters["line_breaks"] = line_breaks
        self.environment.filters["capitalized"] = capitalized
        self._compiled: set[str] = set()  # templates whose syntax, and that of those they name, is checked

    def template(self, name: str) -> Template:
        """A template, and every template it names (`import`, `include`, `extends`), compiled.

        A syntax error in a theme's template is the author's: a located InputError
        (file:line), raised here rather than halfway through rendering.
        """
        pending, seen = ([] if name in self._compiled else [name]), set(self._compiled)
        while pending:
            current = pending.pop()
            seen.add(current)
            try:
                source, filename, _ = self.environment.loader.get_source(self.environment, current)  # type: ignore[union-attr]
                self.environment.get_template(current)
                named = _COMPILED.named(self.environment, source, current, filename)
            except TemplateNotFound:
                if current == name:
                    raise
                continue  # named by another template: reported at its line when rendered (or `ignore missing`)
            except TemplateSyntaxError as error:
                where = Path(error.filename) if error.filename else current
                raise problem(where, f"template syntax error: {error.message}", line=error.lineno) from None
            pending += [each for each in named if each not in seen]
        self._compiled |= seen
        return self.environment.get_template(name)

    def render(
        self, edition: Edition, *, paper: Paper = "a4", inline_css: str | None = None, logo: str | None = None
    ) -> str:
        """The edition as an HTML document.

        `inline_css` embeds the stylesheets (for --format html); `logo` is the
        URL of the logo, which the PDF stage's fetcher allows.
        """
        return self._render(
            TEMPLATE,
            **self._edition(edition),
            running_title=running_title([edition.title.text], edition.loose_ends),
            page_css=page_css(edition, paper, page_label(edition)),
            fill_mark=FillMarks(),
            **_common(inline_css, logo),
        )

    def render_parallel(
        self, parallel: ParallelEdition, *, paper: Paper = "a4", inline_css: str | None = None, logo: str | None = None
    ) -> str:
        """A bilingual edition as an HTML document: the first language's column on the left."""
        first, second = parallel.editions
        return self._render(
            PARALLEL_TEMPLATE,
            **self._parallel(parallel),
            running_title=running_title(
                [edition.title.text for edition in parallel.editions], first.loose_ends | second.loose_ends
            ),
            page_css=page_css(first, paper, LANGUAGE_SEPARATOR.join([page_label(first), page_label(second)])),
            fill_mark=FillMarks(),
            **_common(inline_css, logo),
        )

    def render_web(self, edition: Edition, page: WebPage) -> str:
        """The edition as a web page (web.html): one self-contained file."""
        return self._render(WEB_TEMPLATE, **self._edition(edition), fill_mark=no_fill_marks, **page.context())

    def _parallel(self, parallel: ParallelEdition) -> dict[str, Any]:
        """What a template of a bilingual edition is given: the rows, each language's column and timeline.

        Each timeline goes with its `lang`, its SVG ids apart, as both are in one page.
        """
        columns = [Column.of(edition, anchors=f"{edition.language}.") for edition in parallel.editions]
        timelines = [
            (column.lang, column.edition.timeline.draw(self.palette, id_prefix=f"timeline-{column.edition.language}"))
            for column in columns
            if column.edition.timeline is not None
        ]
        return {"p": parallel, "columns": columns, "timelines": timelines}

    def _edition(self, edition: Edition) -> dict[str, Any]:
        """What a template of one language's edition is given: the edition, its column, its words, its timeline."""
        column = Column.of(edition)
        return {
            "e": edition,
            "c": column,
            "_": column.gettext,
            "gettext": column.gettext,
            "ngettext": column.ngettext,
            "timeline": edition.timeline.draw(self.palette) if edition.timeline else None,
        }

    def render_web_parallel(self, parallel: ParallelEdition, page: WebPage) -> str:
        """A bilingual edition as a web page (web-bilingual.html): each item's two languages side by side."""
        return self._render(
            WEB_PARALLEL_TEMPLATE, **self._parallel(parallel), fill_mark=no_fill_marks, **page.context()
        )

    def _render(self, name: str, **context: Any) -> str:
        """A template rendered with `context`; what goes wrong in a theme's template is an input error."""
        try:
            return self.template(name).render(**context)
        # Besides Jinja's own errors, what an expression of a template raises from the values it is
        # given: a call with the wrong arguments (`_()`, `fill_mark()`), a division by zero.
        except (TemplateError, TypeError, ValueError, ArithmeticError) as error:
            if (located := self._in_theme(error)) is None:
                raise  # the tool's own template: a bug
            raise InputError([located]) from None

    def _in_theme(self, error: Exception) -> Problem | None:
        """The problem at the innermost line of a theme template the error passed through, if any."""
        if self.theme_templates is None:
            return None
        places: list[tuple[str, int]] = []
        if isinstance(error, TemplateSyntaxError) and error.filename is not None:
            places.append((error.filename, error.lineno))
        places += _template_lines(error.__traceback__)
        for filename, line in reversed(places):
            path = Path(filename).absolute()
            if self.theme_templates in path.parents:
                return Problem(display_path(path), line, None, "", _explained(error))
        return None


def _template_lines(traceback: TracebackType | None) -> list[tuple[str, int]]:
    """The (file, line) of each frame of a traceback, outermost first; Jinja maps templates' frames to their lines."""
    lines = []
    while traceback is not None:
        lines.append((traceback.tb_frame.f_code.co_filename, traceback.tb_lineno))
        traceback = traceback.tb_next
    return lines


def _explained(error: Exception) -> str:
    from jinja2.exceptions import SecurityError

    message = (error.message if isinstance(error, TemplateError) else str(error)) or type(error).__name__
    if isinstance(error, TemplateNotFound):
        return f"no template {error.name!r}: a theme may include only templates of theme/templates/ and the tool's"
    if isinstance(error, SecurityError):
        return f"{message.rstrip('.')}; a theme template may use only the values the tool gives it (docs/theming.md)"
    return message


@dataclass(frozen=True)
class Column:
    """An edition as the templates write it: its language, its interface words, its anchors.

    `gettext` and `ngettext` escape the translation and every value they
    place (markup made by the templates excepted). `anchors` prefixes every
    anchor the column defines and links to: empty for an edition of its own.
    """

    edition: Edition
    gettext: Callable[..., Markup]
    ngettext: Callable[..., Markup]
    anchors: str = ""

    @classmethod
    def of(cls, edition: Edition, *, anchors: str = "") -> Column:
        translations = edition.catalog.translations

        def gettext(message: str, **variables: Any) -> Markup:
            text = Markup(escape(translations.gettext(message)))
            return text % variables if variables else text

        def ngettext(singular: str, plural: str, number: int, **variables: Any) -> Markup:
            text = Markup(escape(translations.ngettext(singular, plural, number)))
            return text % {"num": number, **variables}

        return cls(edition, gettext, ngettext, anchors)

    @property
    def lang(self) -> str:
        """The edition's language as an HTML `lang` attribute: `sq-AL`."""
        return self.edition.language.replace("_", "-")

    def anchor(self, name: str) -> str:
        return self.anchors + name

    def language_name(self, code: str) -> str:
        """A language's name in this column's language, from CLDR: `anglisht` for `en` in Albanian."""
        return self.edition.language_name(code)

    @property
    def own_name(self) -> str:
        """This column's language named in itself, as a label: `Shqip`, `English` (a column's header)."""
        return own_language_name(self.edition.language)


def _common(inline_css: str | None, logo: str | None) -> dict[str, Any]:
    """What every template is given besides its edition."""
    return {
        "vocabulary": vocabulary,
        "inline_css": Markup(inline_css.replace("</", "<\\/")) if inline_css else None,
        "version": __version__,
        "logo": logo,
    }


@dataclass(frozen=True)
class Alternate:
    """One of a briefing's editions as a web page's language switcher links it."""

    languages: tuple[str, ...]
    href: str
    current: bool = False

    @property
    def names(self) -> list[tuple[str, str]]:
        """Each language with its name in itself, as CLDR writes it at the start of a line: `[("sq", "Shqip")]`."""
        return [(code, own_language_name(code)) for code in self.languages]

    @property
    def hreflang(self) -> str:
        """The linked page's language; none for a bilingual one, which has two."""
        return self.languages[0].replace("_", "-") if len(self.languages) == 1 else ""


@dataclass(frozen=True)
class WebPage:
    """What a web page is given besides its edition: its stylesheet, logo and language links.

    `link_target` is where the language links open: none in a built file,
    the whole window (`_top`) in the preview, which shows the page in a frame.
    """

    css: str
    logo: str | None
    alternates: tuple[Alternate, ...] = ()
    link_target: str | None = None

    def context(self) -> dict[str, Any]:
        return {
            "web_css": Markup(self.css.replace("</", "<\\/")),
            "alternates": list(self.alternates),
            "link_target": self.link_target,
            **_common(None, self.logo),
        }


def web_css(stylesheets: Sequence[Stylesheet], web_sheet: str) -> str:
    """web.css after a :root rule of the theme's colours, each rewritten as `#rrggbb` (nothing else gets through).

    Each is the last stylesheet's that sets it to a colour: the theme's, else
    print.css's (always the first), as a value that is no colour (`var(...)`) is passed over.
    """
    colours = []
    for name in _WEB_COLOURS:
        values = [sheet.properties[f"--{name}"].value for sheet in stylesheets if f"--{name}" in sheet.properties]
        if found := next((hex_value for value in reversed(values) if (hex_value := hex_colour(value))), None):
            colours.append(f"--{name}: #{found.lower()};")
    return f":root {{ {' '.join(colours)} }}\n{web_sheet}"


# print.css: the running title's margin box is 75% of A4's text width (176 mm), in 7.5 pt type.
RUNNING_TITLE_WIDTH = 0.75 * 176.0
RUNNING_TITLE_SIZE = 7.5 * PT


def capitalized(text: str) -> Markup:
    """A phrase as a sentence starts it: its first letter upper case (markup before it left as it is)."""
    html = escape(text)
    start = 0
    while start < len(html) and html[start] == "<":  # an element's opening tag, never its words
        start = html.index(">", start) + 1
    return Markup(html[:start] + html[start : start + 1].upper() + html[start + 1 :])


def running_title(titles: Sequence[str], loose_ends: frozenset[str]) -> str:
    """The title in the page header: whole, or its first words and an ellipsis.

    Cut here at a word, not by CSS's `text-overflow` (which cuts inside a word:
    "…pranë Tir…", and leaves the hidden rest in the PDF's text). Measured with
    Noto Sans's widths; a theme's wider font still meets the stylesheet's ellipsis.
    """
    text = clean(" · ".join(dict.fromkeys(titles)))
    return shorten(text, RUNNING_TITLE_WIDTH, RUNNING_TITLE_SIZE, loose_ends=loose_ends) or text


def page_label(edition: Edition) -> str:
    # TRANSLATORS: the page footer; keep %(page)s and %(pages)s.
    return edition.catalog.translations.gettext("Page %(page)s of %(pages)s")


def stylesheet_palette(stylesheets: Sequence[Stylesheet]) -> Palette:
    """The colours the theme properties are set to; the last stylesheet to set one wins, as in CSS."""
    return Palette.of(**{name: custom_property(stylesheets, f"--{name}") for name in _TIMELINE_COLOURS})


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
        f"@page {{ size: {PAGE_SIZES[paper]}; "
        f"@bottom-center {{ content: {' '.join(content)}; }} "
        f"@bottom-right {{ content: {css_string(edition.tlp_label)}; }} }}"
    )
    return Markup(rules)
