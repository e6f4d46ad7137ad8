// The respondent's page works as plain forms; this script only makes it
// quicker: each answer is saved through the JSON API the moment it is given,
// with a visible "Saved", and a failed save is loud and retried until it
// lands (the page's own Next button posts every answer again anyway).
"use strict";
(function () {
  const form = document.getElementById("answers");
  if (!form) return;
  const token = location.pathname.split("/")[2];
  const api = "/api/v1/responses/" + token + "/answers/";
  const banner = document.getElementById("save-error");
  const progress = document.getElementById("progress");
  const progressText = document.getElementById("progress-text");
  const failing = new Map(); // question id → message of its failed save
  const state = new Map(); // question id → {busy, again, timer, tries}

  function questionOf(fs) {
    return fs.getAttribute("data-question");
  }

  function note(fs, text, kind) {
    const n = document.getElementById("n-" + questionOf(fs));
    n.textContent = text;
    n.className = "r-note r-" + kind;
  }

  function showBanner() {
    if (failing.size === 0) {
      banner.hidden = true;
      banner.textContent = "";
      return;
    }
    banner.textContent = "";
    const p = document.createElement("p");
    const [id, msg] = failing.entries().next().value;
    const num = document.querySelector("#q-" + CSS.escape(id) + " .r-num");
    p.textContent = failing.size === 1
      ? "Your answer to question " + (num ? num.textContent.replace(".", "") : id) + " is NOT saved: " + msg
      : failing.size + " answers are NOT saved. Trying again…";
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = "Try again now";
    b.addEventListener("click", () => {
      for (const id of failing.keys()) {
        const fs = document.getElementById("q-" + id);
        const st = state.get(id);
        if (st && st.timer) { clearTimeout(st.timer); st.timer = null; }
        if (fs) save(fs);
      }
    });
    banner.append(p, b);
    banner.hidden = false;
  }

  function updateProgress() {
    if (!progress) return;
    const here = form.querySelectorAll("fieldset[data-answered=true]").length;
    const answered = Number(progress.getAttribute("data-elsewhere")) + here;
    const total = Number(progress.getAttribute("max"));
    progress.value = answered;
    progress.textContent = Math.round((answered * 100) / total) + "%";
    progressText.textContent = answered + " of " + total + " questions answered";
  }

  // body builds the API's answer from the inputs, or says why it cannot.
  function body(fs) {
    const name = "a-" + questionOf(fs);
    const type = fs.getAttribute("data-type");
    const comment = (document.getElementById("c-" + questionOf(fs)) || { value: "" }).value.trim();
    const out = {};
    if (comment) out.comment = comment;
    const inputs = [...fs.querySelectorAll("input[name='" + name + "']")];
    if (type === "single" || type === "boolean") {
      const c = inputs.find((i) => i.checked);
      if (!c) return { wait: comment ? "Choose an answer to keep your comment." : "" };
      out.option = c.value;
    } else if (type === "multi") {
      const ids = inputs.filter((i) => i.checked).map((i) => i.value);
      if (ids.length === 0) return { wait: "Tick the options that apply, or “None of these”." };
      out.options = ids.filter((id) => id !== "-none");
    } else if (type === "scale") {
      const i = fs.querySelector("input[type=number]");
      if (i.value.trim() === "" || !i.checkValidity()) {
        return { wait: "Enter a number from " + i.min + " to " + i.max + "." };
      }
      out.value = Number(i.value);
    } else {
      const t = fs.querySelector("textarea[name='" + name + "']");
      if (t.value.trim() === "" && !comment && fs.getAttribute("data-answered") !== "true") return { wait: "" };
      out.text = t.value.trim();
    }
    return { out };
  }

  async function save(fs) {
    const id = questionOf(fs);
    let st = state.get(id);
    if (!st) { st = { busy: false, again: false, timer: null, tries: 0 }; state.set(id, st); }
    if (st.busy) { st.again = true; return; }
    const b = body(fs);
    if (!b.out) {
      note(fs, b.wait, "saving");
      return;
    }
    st.busy = true;
    note(fs, "Saving…", "saving");
    let retry = false;
    try {
      const res = await fetch(api + encodeURIComponent(id), {
        method: "PUT", headers: { "Content-Type": "application/json" },
        body: JSON.stringify(b.out), cache: "no-store", credentials: "omit",
      });
      if (res.ok) {
        st.tries = 0;
        fs.setAttribute("data-answered", "true");
        failing.delete(id);
        note(fs, "Saved", "saved");
        updateProgress();
      } else {
        const data = await res.json().catch(() => ({}));
        const msg = (data.error && data.error.message) || res.statusText;
        if (res.status === 409) {
          failing.set(id, "the answers were submitted or the assessment is closed. Reload the page.");
        } else if (res.status >= 500 || res.status === 429 || res.status === 408) {
          failing.set(id, "the server answered “" + msg + "”. Trying again…");
          retry = true;
        } else {
          failing.set(id, msg + ".");
        }
        note(fs, "Not saved: " + msg, "failed");
      }
    } catch (e) {
      failing.set(id, "no connection to the server. Trying again…");
      note(fs, "Not saved: no connection. Trying again…", "failed");
      retry = true;
    }
    st.busy = false;
    showBanner();
    if (st.again) {
      st.again = false;
      save(fs);
    } else if (retry) {
      const wait = Math.min(30, 2 ** st.tries) * 1000;
      st.tries++;
      st.timer = setTimeout(() => { st.timer = null; save(fs); }, wait);
    }
  }

  form.addEventListener("change", (ev) => {
    const t = ev.target;
    const fs = t.closest("fieldset[data-question]");
    if (!fs) return;
    if (t.type === "checkbox" && t.checked) {
      // "None of these" and the other boxes exclude each other.
      for (const other of fs.querySelectorAll("input[type=checkbox]")) {
        if (other !== t && (t.value === "-none" || other.value === "-none")) other.checked = false;
      }
    }
    const st = state.get(questionOf(fs));
    if (st && st.timer) { clearTimeout(st.timer); st.timer = null; }
    save(fs);
  });

  // A page shown again with errors puts the reader on the summary.
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
