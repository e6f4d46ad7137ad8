// A timebox's end is written as text ("until 15:40 UTC"), which works
// without script; with it, every element with data-ends shows a countdown
// instead, re-read each second so that pages that swap their content in
// (the projector, the console) keep counting. The words come from the
// element, in the page's language: data-left ("{time} left") and data-over;
// elapsed times (data-since) from data-minutes ("{m} min") and data-hours
// ("{h} h {mm} min"). An element without its words keeps its text.
"use strict";
(function () {
  function fill(pattern, values) {
    return Object.keys(values).reduce((s, k) => s.split("{" + k + "}").join(values[k]), pattern);
  }
  function tick() {
    for (const el of document.querySelectorAll("[data-ends]")) {
      const end = Date.parse(el.getAttribute("data-ends"));
      const leftText = el.getAttribute("data-left"), overText = el.getAttribute("data-over");
      if (isNaN(end) || !leftText || !overText) continue;
      const left = Math.round((end - Date.now()) / 1000);
      let out = el.querySelector(".timebox-left");
      if (!out) {
        out = document.createElement("span");
        out.className = "timebox-left";
        el.textContent = "";
        el.append(out);
      }
      if (left <= 0) {
        out.textContent = overText;
        el.classList.add("timebox-over");
      } else {
        const m = Math.floor(left / 60), s = left % 60;
        out.textContent = fill(leftText, { time: m + ":" + String(s).padStart(2, "0") });
        el.classList.remove("timebox-over");
      }
    }
  }
  // Elapsed times (data-since) count up in minutes.
  function since() {
    for (const el of document.querySelectorAll("[data-since]")) {
      const start = Date.parse(el.getAttribute("data-since"));
      const minutes = el.getAttribute("data-minutes"), hours = el.getAttribute("data-hours");
      if (isNaN(start) || !minutes || !hours) continue;
      const min = Math.max(0, Math.floor((Date.now() - start) / 60000));
      el.textContent = min >= 60
        ? fill(hours, { h: Math.floor(min / 60), mm: String(min % 60).padStart(2, "0") })
        : fill(minutes, { m: min });
    }
  }
  function both() { tick(); since(); }
  both();
  setInterval(both, 1000);
})();
