// Copy buttons for respondent and join links: without script the link sits
// in a read-only field to select by hand; with it, one press copies it.
"use strict";
document.querySelectorAll("button[data-copy]").forEach((button) => {
  const input = document.getElementById(button.dataset.copy);
  const status = button.closest(".link-text")?.querySelector(".copied");
  if (!input || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(input.value);
      if (status) status.textContent = "Copied.";
    } catch {
      input.select();
      if (status) status.textContent = "Select the link and copy it by hand.";
    }
  });
});
