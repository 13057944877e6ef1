// Item search: results as you type (debounced; a slower, older answer never wins).
import { api } from "../api.js";
import { clear, debounce, h } from "../dom.js";
import { localName, t } from "../i18n.js";

export function render(root) {
  const input = h("input", { id: "search-input", type: "search", autocomplete: "off", placeholder: t("search_placeholder") });
  const results = h("ul", { id: "search-results", class: "results", "aria-live": "polite" });
  root.append(h("section", { class: "card", "aria-labelledby": "search-title" },
    h("h2", { id: "search-title" }, t("search_title")),
    h("label", { for: "search-input" }, t("search_label")), input, results));
  let controller = null;
  const run = debounce(async () => {
    const q = input.value.trim();
    controller?.abort();
    if (!q) {
      clear(results);
      return;
    }
    controller = new AbortController();
    try {
      const found = await api(`/info/items?${new URLSearchParams({ q, limit: "8" })}`, { signal: controller.signal });
      show(results, found, input);
    } catch (problem) {
      if (problem.name !== "AbortError") clear(results).append(h("li", { class: "error" }, problem.message));
    }
  }, 150);
  input.addEventListener("input", run);
  input.focus();
}

function show(results, found, input) {
  clear(results);
  results.dataset.query = found.query;
  if (!found.items.length) {
    results.append(h("li", { class: "empty" }, t("search_empty")));
    if (found.suggestions.length) {
      results.append(h("li", {}, t("suggestions"), " ", found.suggestions.map((s) => h("button", {
        type: "button", class: "link", onclick: () => {
          input.value = s;
          input.dispatchEvent(new Event("input"));
        },
      }, s))));
    }
    return;
  }
  for (const hit of found.items) {
    const item = { name_ko: hit.name, name_en: hit.name_en };
    const category = hit.applied_condition ? hit.applied_condition.category : hit.category;
    results.append(h("li", { class: "result", dataset: { item: hit.id, category: category.slug } },
      h("a", { href: `#/guide/${encodeURIComponent(category.slug)}/${encodeURIComponent(hit.id)}` },
        h("strong", {}, localName(item)), " → ", localName(category)),
      hit.steps.length ? h("p", { class: "muted" }, hit.steps[0]) : null));
  }
}
