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
  // The page's words in its language (data-texts); English if absent.
  const root = document.querySelector(".respond[data-texts]");
  let texts = {};
  try { texts = JSON.parse((root && root.getAttribute("data-texts")) || "{}"); } catch (e) { texts = {}; }
  const english = {
    saving: "Saving…", saved: "Saved", notSaved: "Not saved: {msg}",
    offline: "no connection to the server. Trying again…", offlineLong: "Not saved: no connection. Trying again…",
    oneFailed: "Your answer to question {n} is NOT saved: {msg}", manyFailed: "{n} answers are NOT saved. Trying again…",
    retry: "Try again now", progress: "{answered} of {total} questions answered",
    chooseFirst: "Choose an answer to keep your comment.", tickFirst: "Tick the options that apply, or “None of these”.",
    numberFirst: "Enter a number from {min} to {max}.",
    submitted: "the answers were submitted or the assessment is closed. Reload the page.",
    serverSaid: "the server answered “{msg}”. Trying again…",
  };
  // t words key, filling {name} from vars.
  function t(key, vars) {
    let s = texts[key] || english[key] || key;
    for (const [k, v] of Object.entries(vars || {})) s = s.split("{" + k + "}").join(String(v));
    return s;
  }
  const state = new Map(); // question id → {busy, again, timer, tries}

  function questionOf(fs) {
    return fs.getAttribute("data-question");
  }

  function note(fs, text, kind) {
    const n = document.getElementById("n-" + questionOf(fs));
    n.textContent = text;
    n.className = "r-note r-" + kind;
    // follow.js waits while a save is under way, whatever the language.
    if (kind === "saving" && text === t("saving")) n.setAttribute("data-busy", "true");
    else n.removeAttribute("data-busy");
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
      ? t("oneFailed", { n: num ? num.textContent.replace(".", "") : id, msg: msg })
      : t("manyFailed", { n: failing.size });
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = t("retry");
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
    progressText.textContent = t("progress", { answered: answered, total: total });
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
      if (!c) return { wait: comment ? t("chooseFirst") : "" };
      out.option = c.value;
    } else if (type === "multi") {
      const ids = inputs.filter((i) => i.checked).map((i) => i.value);
      if (ids.length === 0) return { wait: t("tickFirst") };
      out.options = ids.filter((id) => id !== "-none");
    } else if (type === "scale") {
      const i = fs.querySelector("input[type=number]");
      if (i.value.trim() === "" || !i.checkValidity()) {
        return { wait: t("numberFirst", { min: i.min, max: i.max }) };
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
    note(fs, t("saving"), "saving");
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
        note(fs, t("saved"), "saved");
        updateProgress();
      } else {
        const data = await res.json().catch(() => ({}));
        const msg = (data.error && data.error.message) || res.statusText;
        if (res.status === 409) {
          failing.set(id, t("submitted"));
        } else if (res.status >= 500 || res.status === 429 || res.status === 408) {
          failing.set(id, t("serverSaid", { msg: msg }));
          retry = true;
        } else {
          failing.set(id, msg + ".");
        }
        note(fs, t("notSaved", { msg: msg }), "failed");
      }
    } catch (e) {
      failing.set(id, t("offline"));
      note(fs, t("offlineLong"), "failed");
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
