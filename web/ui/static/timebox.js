// A timebox's end is written as text ("until 15:40 UTC"), which works
// without script; with it, every element with data-ends shows a countdown
// instead, re-read each second so that pages that swap their content in
// (the projector, the console) keep counting.
"use strict";
(function () {
  function tick() {
    for (const el of document.querySelectorAll("[data-ends]")) {
      const end = Date.parse(el.getAttribute("data-ends"));
      if (isNaN(end)) continue;
      const left = Math.round((end - Date.now()) / 1000);
      let out = el.querySelector(".timebox-left");
      if (!out) {
        out = document.createElement("span");
        out.className = "timebox-left";
        el.textContent = "";
        el.append(out);
      }
      if (left <= 0) {
        out.textContent = "Time is up";
        el.classList.add("timebox-over");
      } else {
        const m = Math.floor(left / 60), s = left % 60;
        out.textContent = m + ":" + String(s).padStart(2, "0") + " left";
        el.classList.remove("timebox-over");
      }
    }
  }
  // Elapsed times (data-since) count up in minutes.
  function since() {
    for (const el of document.querySelectorAll("[data-since]")) {
      const start = Date.parse(el.getAttribute("data-since"));
      if (isNaN(start)) continue;
      const min = Math.max(0, Math.floor((Date.now() - start) / 60000));
      el.textContent = min >= 60 ? Math.floor(min / 60) + " h " + String(min % 60).padStart(2, "0") + " min" : min + " min";
    }
  }
  function both() { tick(); since(); }
  both();
  setInterval(both, 1000);
})();
