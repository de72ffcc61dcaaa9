// Live reload for `briefing preview`. The server sends, over server-sent events,
// the version of what the page shows; when it differs from the version this page
// was made with, the page reloads, and the edition's frame comes back scrolled
// where it was (sessionStorage survives the reload, per tab).
"use strict";
(() => {
  const body = document.body;
  const frame = document.getElementById("edition");
  const key = "briefing-preview-scroll";

  function remember() {
    if (!frame) return;
    try {
      const view = frame.contentWindow;
      sessionStorage.setItem(key, JSON.stringify({ edition: body.dataset.edition, x: view.scrollX, y: view.scrollY }));
    } catch {
      // The frame shows another site (a source link followed inside it): nothing to keep.
    }
  }

  function loaded() {
    const saved = JSON.parse(sessionStorage.getItem(key) || "null");
    sessionStorage.removeItem(key);
    const view = frame.contentWindow;
    if (saved && saved.edition === body.dataset.edition) view.scrollTo(saved.x, saved.y);
    // A source's link opens in a tab of its own rather than replacing the edition.
    for (const link of frame.contentDocument.querySelectorAll('a[href^="http"], a[href^="mailto:"]')) {
      link.target = "_blank";
      link.rel = "noopener noreferrer";
    }
  }

  if (frame) {
    frame.addEventListener("load", loaded);
    // The frame may have finished loading before this script ran.
    const document_ = frame.contentDocument;
    if (document_ && document_.readyState === "complete" && document_.URL !== "about:blank") loaded();
  }

  const events = new EventSource("/events");
  events.addEventListener("version", (event) => {
    if (event.data !== body.dataset.version) {
      events.close();
      remember();
      location.reload();
    }
  });
})();
