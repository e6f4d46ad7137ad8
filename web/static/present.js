// The projector page works without script (a Refresh link). With it, the
// page listens to the assessment's event stream and, a moment after a burst
// of events, re-fetches itself and swaps in the new content, so counts stay
// live without the page flickering at every answer.
"use strict";
(function () {
  const root = document.getElementById("present");
  if (!root || !window.EventSource) return;
  let timer = null, busy = false, again = false;

  async function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    try {
      const res = await fetch(location.href, { credentials: "same-origin", headers: { Accept: "text/html" } });
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

  const es = new EventSource(root.getAttribute("data-events"));
  for (const kind of ["respondent", "answer", "submit", "focus", "agreed", "closed"]) {
    es.addEventListener(kind, schedule);
  }
  document.documentElement.setAttribute("data-live", "1");
})();
