// Phones follow the facilitator: when the group moves to another capability
// (a "focus" event of the respondent's own stream), the page goes there.
// It never leaves an answer behind: while a save is under way it waits for
// it; while the person is typing, or a save has failed, it only offers a
// link to where the group is. Without script the page shows that link itself.
"use strict";
(function () {
  const root = document.querySelector(".respond[data-token]");
  if (!root || !window.EventSource) return;
  const token = root.getAttribute("data-token");
  const here = root.getAttribute("data-page");
  const self = "/r/" + encodeURIComponent(token);
  // The focus the page was drawn with: where its "The group is on" link
  // points, or else this page. A different focus is a move to follow.
  const link = document.querySelector(".r-group-on a");
  let known = link ? new URL(link.href).searchParams.get("c") : here;
  let pending = null, timer = null;

  // busy says why leaving now would lose an answer, if it would.
  function busy() {
    const banner = document.getElementById("save-error");
    if (banner && !banner.hidden) return "failed";
    const a = document.activeElement;
    if (a && a.form && a.form.id === "answers" && (a.tagName === "TEXTAREA" || a.type === "number" || a.type === "text") && a.value !== a.defaultValue) {
      return "typing";
    }
    for (const n of document.querySelectorAll(".r-note.r-saving")) {
      if (n.getAttribute("data-busy") === "true") return "saving";
    }
    return "";
  }

  function offer(cap) {
    let p = document.getElementById("follow-offer");
    if (!p) {
      p = document.createElement("p");
      p.id = "follow-offer";
      p.className = "r-group-on";
      p.setAttribute("role", "status");
      // In the progress bar, which stays on screen while the page scrolls.
      const bar = root.querySelector(".r-progress");
      if (bar) bar.append(p);
      else root.prepend(p);
    }
    p.textContent = "";
    const a = document.createElement("a");
    a.href = self + "?c=" + encodeURIComponent(cap);
    let title = "";
    try { title = JSON.parse(root.getAttribute("data-titles") || "{}")[cap] || ""; } catch (e) { /* the plain wording then */ }
    // The words are the page's (data-texts, in its language); without
    // them the link still goes there.
    let texts = {};
    try { texts = JSON.parse(root.getAttribute("data-texts") || "{}"); } catch (e) { /* the arrow alone then */ }
    a.textContent = (title && texts.movedTo ? texts.movedTo.split("{title}").join(title) : texts.moved) || "→";
    p.append(a);
  }

  function follow() {
    timer = null;
    const cap = pending;
    if (!cap || cap === here || root.getAttribute("data-state") !== "capability") return;
    const why = busy();
    if (why === "saving") { timer = setTimeout(follow, 200); return; }
    if (why) { offer(cap); return; }
    location.assign(self + "?c=" + encodeURIComponent(cap));
  }

  function moveTo(cap) {
    if (!cap || cap === known) return;
    known = cap;
    pending = cap;
    if (timer) clearTimeout(timer);
    follow();
  }

  // resync asks where the group is: a stream starts at its first
  // connection, so a move made while the page loaded is not in it, nor one
  // made while a locked phone slept.
  async function resync() {
    try {
      const res = await fetch("/api/v1/responses/" + encodeURIComponent(token), { cache: "no-store", credentials: "omit" });
      if (!res.ok) return;
      const data = await res.json();
      moveTo(data.assessment && data.assessment.focus);
    } catch (e) {
      // The next event, or the next connection, tells.
    }
  }

  // connect opens the stream. The browser reconnects by itself after a
  // dropped connection, but gives up for good on an error status (a proxy's
  // 502 while the server restarts): then this connects again, later and
  // later, from the last event seen.
  let lastId = "", wait = 1000;
  function connect() {
    const es = new EventSource("/api/v1/responses/" + encodeURIComponent(token) + "/events" + (lastId ? "?after=" + encodeURIComponent(lastId) : ""));
    es.addEventListener("open", () => { wait = 1000; resync(); });
    es.addEventListener("focus", (ev) => {
      lastId = ev.lastEventId || lastId;
      let cap = null;
      try { cap = JSON.parse(ev.data).capability; } catch (e) { return; }
      moveTo(cap);
    });
    es.addEventListener("closed", () => location.reload());
    es.addEventListener("error", () => {
      if (es.readyState !== EventSource.CLOSED) return;
      setTimeout(connect, wait);
      wait = Math.min(wait * 2, 30000);
    });
  }
  connect();
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") resync(); });
  document.documentElement.setAttribute("data-follow", "1");
})();
