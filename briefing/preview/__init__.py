"""`briefing preview`: one briefing as a live page in the browser, on 127.0.0.1.

The author's loop: save the briefing, a catalog, a template or a theme file,
and the open page shows the result within a second, scrolled where it was.

    watch    which files a briefing's editions are made of; a watchfiles
             (inotify) thread that reports a save
    state    `Preview`: renders every edition after a save with a fresh
             Toolchain, keeps the last good render beside the problems of a
             broken save, and prints the PDF of an edition on demand
    server   the HTTP server: a few fixed routes, the page, and server-sent
             events that tell the page to reload
    access   who may ask: the run's token (in the printed address, then a
             cookie), the preview's own host name, its own pages' origin
    connections  a thread only for a request that has arrived, and never
             too many; the time a request's head may take

The view is continuous HTML, not paged: the HTML of an edition takes about
0.1 s to make, its PDF about a second, and a browser cannot lay out the
print stylesheet's page boxes the way WeasyPrint does (a paging script would
be a second, different layout engine, whose page breaks would not match the
PDF's anyway). The PDF link gives the exact pages, printed by the same warm
process.

Threads: the server answers each request in its own thread (at most 32,
started once the request has arrived); the watcher
renders in its thread; WeasyPrint runs under one lock. A bug met while
rendering is shown in the page and the server goes on; Ctrl-C stops it all.
"""

from __future__ import annotations

from briefing.preview.server import only_briefing, serve

__all__ = ["only_briefing", "serve"]
