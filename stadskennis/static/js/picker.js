/* Pickers (core/widgets.py): filter a checkbox list as you type.
 *
 * Without this script a short list is shown whole, and a long one has a search box and button that
 * post the form and come back narrowed. With it, a short list hides what does not match the words
 * typed (a checked box always stays), and a long list asks the server for the matches by posting
 * the same form in the background (nothing is saved: the server sees a search) and takes the new
 * list from the answer, keeping what was checked meanwhile.
 */
(function () {
  "use strict";

  const FILTER_FROM = 8; // a shorter list gets no filter box

  const plain = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

  function filterLocally(picker, input, status) {
    const words = plain(input.value).split(/\s+/).filter(Boolean);
    const options = picker.querySelectorAll(".picker-option");
    let shown = 0;
    options.forEach((option) => {
      const box = option.querySelector("input");
      const text = plain(option.textContent);
      const match = box.checked || words.every((word) => text.includes(word));
      option.hidden = !match;
      if (match) shown += 1;
    });
    status.textContent = words.length
      ? picker.dataset.pickerCount.replace("{shown}", shown).replace("{total}", options.length)
      : "";
  }

  async function searchRemotely(picker, input, status) {
    const form = input.form;
    const name = picker.dataset.picker;
    const body = new FormData(form);
    for (const [key, value] of Array.from(body.entries())) {
      if (value instanceof File) body.delete(key); // a search never uploads the attachment
    }
    body.set("kiezer", name);
    const asked = input.value;
    const response = await fetch(form.action || window.location.href, {
      method: "POST",
      body: body,
      credentials: "same-origin",
    });
    if (!response.ok || input.value !== asked) return; // a newer search is on its way
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.querySelector(`[data-picker="${CSS.escape(name)}"]`);
    if (!fresh) return;
    const list = picker.querySelector("[data-picker-options]");
    const checked = new Map(
      Array.from(list.querySelectorAll("input:checked")).map((box) => [box.value, box.closest(".picker-option")])
    );
    const freshList = fresh.querySelector("[data-picker-options]");
    freshList.querySelectorAll("input").forEach((box) => {
      box.checked = checked.has(box.value);
      checked.delete(box.value);
    });
    checked.forEach((option) => freshList.prepend(option)); // checked while the answer was on its way
    list.replaceChildren(...Array.from(freshList.childNodes));
    picker.querySelector("[data-picker-shown]").value = asked;
    status.textContent = fresh.querySelector("[data-picker-status]").textContent;
  }

  function enhance(picker) {
    const box = picker.querySelector(".picker-search");
    const input = picker.querySelector("[data-picker-filter]");
    const status = picker.querySelector("[data-picker-status]");
    if (!box || !input || !status) return;
    const remote = picker.hasAttribute("data-picker-remote");
    if (!remote && picker.querySelectorAll(".picker-option").length < FILTER_FROM) return; // seen at a glance
    box.hidden = false;
    let timer = null;
    const run = () => (remote ? searchRemotely(picker, input, status) : filterLocally(picker, input, status));
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(run, remote ? 250 : 0);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault(); // Enter searches here; it does not send the form
        clearTimeout(timer);
        run();
      }
    });
  }

  function start() {
    document.querySelectorAll("[data-picker]").forEach(enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
