// The guide: the card a scan ends with, and the full page of one category.
import { api } from "../api.js";
import { h } from "../dom.js";
import { getLang, localName, t } from "../i18n.js";

function list(title, items, id, render = (x) => x) {
  if (!items || !items.length) return null;
  return h("section", { class: "guide-part", "aria-labelledby": id },
    h("h4", { id }, title),
    h(title === t("steps") ? "ol" : "ul", {}, items.map((item) => h("li", {}, render(item)))));
}

function condition(c) {
  const when = getLang() === "en" ? c.when_en || c.when || c.when_ko : c.when || c.when_ko;
  return [when, " ", h("span", { class: "goes-to" }, t("goes_to", { category: localName(c.category) })),
    c.note ? h("small", {}, ` — ${c.note}`) : null];
}

let cards = 0;
const categoryNames = new Map();

export function setCategories(categories) {
  for (const category of categories) categoryNames.set(category.slug, category);
}

function categoryName(slug) {
  return categoryNames.has(slug) ? localName(categoryNames.get(slug)) : slug;
}

// A scan result (status done): what it is, where it goes, how, and what changes that.
export function guideCard(result, reward) {
  const n = ++cards;
  const category = result.category;
  const guide = result.guide || { steps: [], warnings: [], not_recyclable_if: [], other_conditions: [], exceptions: [] };
  const title = result.item ? `${localName(result.item)} → ${localName(category)}` : localName(category);
  return h("article", { class: "card guide-card", id: "guide-card", "aria-labelledby": `guide-${n}` },
    h("h3", { id: `guide-${n}` }, title),
    h("p", { class: "badges" },
      h("span", { class: category.recyclable ? "badge ok" : "badge no" }, category.recyclable ? t("recyclable") : t("not_recyclable")),
      h("span", { class: "badge" }, t("confidence", { value: Math.round(result.confidence * 100) })),
      reward?.points ? h("span", { class: "badge reward" }, t("reward_points", { points: reward.points })) : null,
      reward?.code ? h("span", { class: "badge reward" }, t("reward_character", { code: reward.code })) : null),
    list(t("steps"), guide.steps, `steps-${n}`),
    list(t("warnings"), guide.warnings, `warnings-${n}`),
    list(t("not_recyclable_if"), guide.not_recyclable_if, `nrif-${n}`, condition),
    list(t("other_conditions"), guide.other_conditions, `other-${n}`, condition),
    list(t("exceptions"), guide.exceptions, `exceptions-${n}`,
      (e) => [e.what, " ", h("span", { class: "goes-to" }, t("goes_to", { category: categoryName(e.goes_to) })), h("small", {}, ` — ${e.reason}`)]),
    h("p", {}, h("a", { href: `#/guide/${encodeURIComponent(category.slug)}` }, t("full_guide", { category: localName(category) }))));
}

// The full guide of one category (#/guide/{slug}[/{item}]).
export async function render(root, _ctx, [slug, itemId]) {
  const guide = await api(`/info/guides/${encodeURIComponent(slug)}`);
  const section = h("section", { class: "card guide-page", "aria-labelledby": "guide-title" },
    h("h2", { id: "guide-title" }, t("guide_title", { category: localName(guide) })),
    h("p", {}, h("span", { class: guide.recyclable ? "badge ok" : "badge no" }, guide.recyclable ? t("recyclable") : t("not_recyclable"))),
    list(t("belongs"), guide.belongs, "g-belongs"),
    list(t("steps"), guide.steps, "g-steps"),
    list(t("not_belong"), guide.not_belong, "g-not-belong",
      (m) => [m.what, " ", h("span", { class: "goes-to" }, t("goes_to", { category: localName(m.goes_to) })), h("small", {}, ` — ${m.reason}`)]));
  const items = h("ul", { class: "guide-items" });
  for (const item of guide.items) {
    const open = item.id === itemId;
    items.append(h("li", { id: `item-${item.id}` },
      h("details", { open },
        h("summary", {}, localName(item)),
        list(t("steps"), item.steps, `s-${item.id}`),
        list(t("warnings"), item.warnings, `w-${item.id}`),
        list(t("other_conditions"), item.conditions, `c-${item.id}`, condition))));
  }
  section.append(h("h3", {}, t("items")), items,
    h("p", {}, h("button", { type: "button", onclick: () => history.back() }, t("back"))));
  root.append(section);
  if (itemId) document.getElementById(`item-${itemId}`)?.scrollIntoView();
}
