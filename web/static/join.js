// Registers a workshop participant with the join code, then opens their own page.
"use strict";
(function () {
  const form = document.getElementById("join");
  if (!form) return; // the workshop is closed or full: the page says so
  const err = document.getElementById("join-error");
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    err.hidden = true;
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const res = await fetch("/api/v1/join/" + encodeURIComponent(form.dataset.code), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ name: form.elements.name.value, role: form.elements.role.value, perspective: form.elements.perspective.value }),
      });
      const data = await res.json().catch(() => ({}));
      if (!res.ok) throw new Error((data.error && data.error.message) || res.statusText);
      location.assign(data.url);
    } catch (e) {
      err.textContent = e.message;
      err.hidden = false;
      button.disabled = false;
    }
  });
})();
