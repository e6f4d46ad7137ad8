// Phones follow the facilitator: on a "focus" event of the respondent's own
// stream, go to that capability's page. Answers are saved as they are given
// (respond.js), and the page's form posts them again, so leaving loses nothing.
// Without script the page shows a link to where the group is.
"use strict";
(function () {
  const root = document.querySelector(".respond[data-token]");
  if (!root || !window.EventSource) return;
  const token = root.getAttribute("data-token");
  const es = new EventSource("/api/v1/responses/" + encodeURIComponent(token) + "/events");
  es.addEventListener("focus", (ev) => {
    let cap = null;
    try { cap = JSON.parse(ev.data).capability; } catch (e) { return; }
    if (!cap || root.getAttribute("data-page") === cap) return;
    if (root.getAttribute("data-state") !== "capability") return;
    location.assign("/r/" + encodeURIComponent(token) + "?c=" + encodeURIComponent(cap));
  });
  es.addEventListener("closed", () => location.reload());
})();
