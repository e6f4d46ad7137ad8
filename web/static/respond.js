// The participant's questionnaire: every answer is saved through the JSON API
// the moment it is given, and a failed save is shown, never swallowed.
"use strict";
(function () {
  const token = decodeURIComponent(location.pathname.split("/").pop());
  const api = "/api/v1/responses/" + encodeURIComponent(token);
  const form = document.getElementById("questionnaire");
  const status = document.getElementById("status");
  const progress = document.getElementById("progress");
  let answered = new Set();
  let total = 0;

  function el(tag, attrs, ...children) {
    const n = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === true) n.setAttribute(k, "");
      else if (v !== false && v !== null && v !== undefined) n.setAttribute(k, v);
    }
    for (const c of children) n.append(c);
    return n;
  }

  async function call(method, path, body) {
    const res = await fetch(api + path, {
      method, headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined, cache: "no-store",
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error((data.error && data.error.message) || res.statusText);
    return data;
  }

  function showProgress() {
    progress.hidden = false;
    const pct = total ? Math.round((answered.size / total) * 100) : 0;
    progress.querySelector(".progress-bar").style.width = pct + "%";
    progress.querySelector(".progress-text").textContent = answered.size + " of " + total + " answered";
  }

  function note(fs, text, isError) {
    let n = fs.querySelector(".note");
    if (!n) { n = el("p", { class: "note", role: isError ? "alert" : "status" }); fs.append(n); }
    n.className = "note " + (isError ? "error" : "saved");
    n.textContent = text;
  }

  async function save(q, fs, body) {
    note(fs, "Saving…", false);
    try {
      await call("PUT", "/answers/" + encodeURIComponent(q.id), body);
      answered.add(q.id);
      note(fs, "Saved", false);
      showProgress();
    } catch (e) {
      note(fs, "Not saved: " + e.message + ". Change the answer to try again.", true);
    }
  }

  function question(q, prior) {
    const fs = el("fieldset", { id: "q-" + q.id });
    fs.append(el("legend", {}, q.text));
    if (q.help) fs.append(el("p", { class: "help" }, q.help));
    const name = "q-" + q.id;
    if (q.type === "single" || q.type === "boolean" || q.type === "multi") {
      const multi = q.type === "multi";
      const chosen = new Set(prior ? (multi ? prior.options || [] : [prior.option]) : []);
      for (const o of q.options) {
        const input = el("input", { type: multi ? "checkbox" : "radio", name, value: o.id, checked: chosen.has(o.id) });
        fs.append(el("label", { class: "option" }, input, el("span", {}, o.label)));
        input.addEventListener("change", () => {
          if (multi) {
            const ids = [...fs.querySelectorAll("input:checked")].map((i) => i.value);
            save(q, fs, { options: ids });
          } else {
            save(q, fs, { option: o.id });
          }
        });
      }
    } else if (q.type === "scale") {
      const value = prior && prior.value !== undefined ? prior.value : q.min;
      const out = el("output", {}, String(value));
      const input = el("input", { type: "range", min: q.min, max: q.max, step: "any", value, "aria-label": q.text });
      input.addEventListener("input", () => { out.textContent = Number(input.value).toFixed(1).replace(/\.0$/, ""); });
      input.addEventListener("change", () => save(q, fs, { value: Number(input.value) }));
      fs.append(el("div", { class: "scale" }, input, el("span", { class: "hint" }, q.min + " to " + q.max + ": "), out));
    } else {
      const area = el("textarea", { rows: 3, maxlength: 10000, "aria-label": q.text });
      area.value = prior && prior.text ? prior.text : "";
      area.addEventListener("change", () => save(q, fs, { text: area.value }));
      fs.append(area);
    }
    return fs;
  }

  async function load() {
    let resp, model;
    try {
      [resp, model] = await Promise.all([call("GET", ""), call("GET", "/questionnaire")]);
    } catch (e) {
      status.textContent = "The questionnaire could not be loaded: " + e.message;
      status.className = "status error";
      return;
    }
    if (resp.submitted) {
      status.hidden = true;
      document.getElementById("done").hidden = false;
      return;
    }
    answered = new Set(Object.keys(resp.answers));
    total = resp.progress.total;
    status.textContent = "Hello " + resp.respondent.name + ". Every answer is saved as soon as you give it.";
    for (const c of model.capabilities) {
      const sec = el("section", { class: "capability", id: "c-" + c.id });
      if (resp.assessment.focus === c.id) sec.classList.add("focus");
      sec.append(el("h2", {}, c.title));
      if (c.description) sec.append(el("p", { class: "help" }, c.description));
      for (const q of c.questions) sec.append(question(q, resp.answers[q.id]));
      form.append(sec);
    }
    const submit = el("button", { type: "submit" }, "Submit my answers");
    const err = el("p", { class: "error", role: "alert", hidden: true });
    form.append(submit, err);
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      submit.disabled = true;
      try {
        await call("POST", "/submit");
        form.hidden = true;
        progress.hidden = true;
        status.hidden = true;
        document.getElementById("done").hidden = false;
      } catch (e) {
        err.hidden = false;
        err.textContent = "Not submitted: " + e.message;
        submit.disabled = false;
      }
    });
    showProgress();
    if (resp.assessment.focus) {
      const f = document.getElementById("c-" + resp.assessment.focus);
      if (f) f.scrollIntoView();
    }
  }
  load();
})();
