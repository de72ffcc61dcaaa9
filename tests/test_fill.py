"""How full a page is, as the printer reads it from the templates' marks (briefing/pipeline/fill.py)."""

from __future__ import annotations

import weasyprint

from briefing.pipeline.fill import END_ANCHOR, FillMarks, page_fills, worst_fill

PAGE = "<style>@page { size: A4; margin: 20mm 17mm 18mm 17mm }</style>"
LINE = "A sentence of a paragraph, long enough to fill a line of the page from margin to margin. "


def test_a_page_ends_where_its_last_marked_block_ends() -> None:
    mark = FillMarks()
    html = f'{PAGE}<p style="margin: 0">{LINE}{mark()}</p><div style="break-before: page">Next{mark()}</div>'
    first, second = page_fills(weasyprint.HTML(string=html).render().pages)
    assert first is not None and second is not None
    assert 0.06 < first < 0.12  # the first line, below a 20 mm margin on a 297 mm page
    assert 0.06 < second < 0.12


def test_a_paragraph_that_runs_over_a_page_end_leaves_the_page_full() -> None:
    """Marked where it opens: the page's last mark opens a block that ends on the next page."""
    mark = FillMarks()  # numbered in the order of the document, as the templates call it
    html = f"{PAGE}<p>Before.{mark()}</p><p>{mark(opens=True)}{LINE * 120}{mark()}</p><div id='{END_ANCHOR}'></div>"
    fills = page_fills(weasyprint.HTML(string=html).render().pages)
    assert len(fills) >= 2
    assert fills[0] == 1.0
    unmarked = f"{PAGE}<p>Before.{FillMarks()()}</p><p>{LINE * 120}</p><div id='{END_ANCHOR}'></div>"
    first = page_fills(weasyprint.HTML(string=unmarked).render().pages)[0]
    assert first is not None and first < 0.15, "only 'Before.' is marked"


def test_a_page_without_marks_is_not_measured() -> None:
    html = f"{PAGE}<p>Nothing marked.</p>"
    assert page_fills(weasyprint.HTML(string=html).render().pages) == [None]
    assert worst_fill([None, 0.5]) == 1.0, "the last page is not among those before it"
    assert worst_fill([0.9, None, 0.4, 0.1]) == 0.4
