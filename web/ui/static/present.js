// The projector page works without script (a Refresh link). With it, the
// page listens to the assessment's event stream and, a moment after a burst
// of events, re-fetches itself and swaps in the new content, so counts stay
// live without the page flickering at every answer. A stream starts at its
// first connection, so each (re)connection re-fetches once too: what happened
// while the page loaded, or while the connection was down, is then shown.
"use strict";
(function () {
  const root = document.getElementById("present");
  if (!root || !window.EventSource) return;
  let timer = null, busy = false, again = false;

  async function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    try {
      const res = await fetch(location.href, { credentials: "same-origin", cache: "no-store", headers: { Accept: "text/html" } });
      if (res.ok) {
        const doc = new DOMParser().parseFromString(await res.text(), "text/html");
        const next = doc.getElementById("present");
        const now = document.getElementById("present");
        if (next && now) now.replaceWith(next);
      }
    } catch (e) {
      // The next event, or the Refresh link, tries again.
    } finally {
      busy = false;
      if (again) { again = false; schedule(); }
    }
  }

  function schedule() {
    if (timer) return;
    timer = setTimeout(() => { timer = null; refresh(); }, 300);
  }

  // connect opens the stream. The browser reconnects by itself after a
  // dropped connection, but gives up for good on an error status (a proxy's
  // 502 while the server restarts, or a session that ended): then this
  // connects again, later and later.
  let wait = 1000;
  function connect() {
    const es = new EventSource(root.getAttribute("data-events"));
    es.addEventListener("open", () => { wait = 1000; schedule(); });
    for (const kind of ["respondent", "answer", "submit", "focus", "agreed", "closed"]) {
      es.addEventListener(kind, schedule);
    }
    es.addEventListener("error", () => {
      if (es.readyState !== EventSource.CLOSED) return;
      setTimeout(connect, wait);
      wait = Math.min(wait * 2, 30000);
    });
  }
  connect();
  document.documentElement.setAttribute("data-live", "1");
})();
