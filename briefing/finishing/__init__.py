"""Finishing a printed PDF: what WeasyPrint leaves undone for PDF/UA-1 and PDF/A-3.

`markup` reads from the HTML what the PDF must say about it (languages of
texts, descriptions of links); `content` reads text back from page content;
`finish` is the pikepdf post-pass over WeasyPrint's PDF; `unpack` takes the
briefing file an edition carries back out of it.
"""
