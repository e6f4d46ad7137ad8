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
  tick();
  setInterval(tick, 1000);
})();
