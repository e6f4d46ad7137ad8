// Copy buttons for respondent and join links: without script the link sits
// in a read-only field to select by hand; with it, one press copies it. The
// status says so in the page's language, as the layout gives it on <body>
// (data-copied, data-copy-failed).
"use strict";
document.querySelectorAll("button[data-copy]").forEach((button) => {
  const input = document.getElementById(button.dataset.copy);
  const status = button.closest(".link-text")?.querySelector(".copied");
  if (!input || !navigator.clipboard) return;
  button.hidden = false;
  const say = (text) => { if (status) status.textContent = text || ""; };
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(input.value);
      say(document.body.dataset.copied);
    } catch {
      input.select();
      say(document.body.dataset.copyFailed);
    }
  });
});
