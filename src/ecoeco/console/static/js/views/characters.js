// Characters: the whole catalogue with the ones not yet earned shown locked; points, streak.
import { api } from "../api.js";
import { h } from "../dom.js";
import { localName, localTime, t } from "../i18n.js";

async function everything(path) {
  const items = [];
  let cursor = null;
  do {
    const query = new URLSearchParams({ limit: "100" });
    if (cursor) query.set("cursor", cursor);
    const page = await api(`${path}?${query}`);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

export async function render(root) {
  const [catalogue, mine, stats] = await Promise.all([
    everything("/characters"), everything("/characters/me"), api("/users/me/stats"),
  ]);
  const owned = new Map(mine.map((c) => [c.code, c]));
  const grid = h("ul", { id: "character-grid", class: "grid" });
  for (const character of catalogue) {
    const have = owned.get(character.code);
    const name = localName(character);
    grid.append(h("li", {
      class: have ? "character owned" : "character locked",
      dataset: { code: character.code, owned: String(Boolean(have)) },
      "aria-label": have ? name : `${name} (${t("locked")})`,
    },
    h("span", { class: "avatar", "aria-hidden": "true" }, have ? name.slice(0, 1) : "?"),
    h("strong", {}, name),
    h("small", {}, t(`rarity_${character.rarity}`)),
    have ? h("small", {}, `${t("acquired")}: ${localTime(have.acquired_at, { time: false })}`) : h("small", {}, t("locked")),
    have ? h("p", { class: "dialogue" }, localName({ name: character.dialogue })) : null));
  }
  root.append(h("section", { class: "card", "aria-labelledby": "characters-title" },
    h("h2", { id: "characters-title" }, t("characters_title")),
    h("dl", { class: "stats", id: "stats" },
      h("dt", {}, t("points")), h("dd", { id: "points" }, String(stats.points)),
      h("dt", {}, t("streak_label")), h("dd", { id: "streak" }, t("streak", { days: stats.current_streak_days })),
      h("dt", {}, t("scans_label")), h("dd", { id: "scans-total" }, t("scans_total", { count: stats.scans_total }))),
    grid));
}
