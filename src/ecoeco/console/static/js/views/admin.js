// Admin: write, edit, publish and unpublish tips (the API refuses anyone without `admin`).
import { api } from "../api.js";
import { announce, clear, h } from "../dom.js";
import { t } from "../i18n.js";

export async function render(root, ctx) {
  if (!ctx.isAdmin()) {
    root.append(h("p", { class: "card", role: "alert" }, t("admin_only")));
    return;
  }
  const list = h("ul", { id: "tips", class: "tips" });
  const title = h("input", { id: "tip-title", required: true, maxlength: "200" });
  const body = h("textarea", { id: "tip-body", required: true, rows: "5", maxlength: "5000" });
  const category = h("input", { id: "tip-category", maxlength: "40" });
  const published = h("input", { id: "tip-published", type: "checkbox", checked: true });
  const error = h("p", { class: "error", role: "alert" });
  const heading = h("h3", { id: "tip-form-title" }, t("tip_new"));
  let editing = null;
  const form = h("form", { id: "tip-form", class: "stack", "aria-labelledby": "tip-form-title" }, heading,
    h("label", { for: "tip-title" }, t("tip_title")), title,
    h("label", { for: "tip-body" }, t("tip_body")), body,
    h("label", { for: "tip-category" }, t("tip_category")), category,
    h("label", { class: "check" }, published, t("tip_published")),
    h("button", { type: "submit", id: "tip-save" }, t("tip_save")), error);
  const reset = () => {
    editing = null;
    heading.textContent = t("tip_new");
    form.reset();
    published.checked = true;
  };
  const load = async () => {
    const page = await api("/info/tips?include_unpublished=true&limit=50");
    clear(list);
    for (const tip of page.items) {
      list.append(h("li", { dataset: { tip: tip.id, published: String(tip.published) } },
        h("strong", {}, tip.title), tip.published ? "" : ` (${t("tip_unpublish")})`, " ",
        h("button", { type: "button", onclick: () => {
          editing = tip.id;
          heading.textContent = t("tip_edit");
          title.value = tip.title;
          body.value = tip.body;
          category.value = tip.category || "";
          published.checked = tip.published;
          title.focus();
        } }, t("tip_edit"))));
    }
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const tip = { title: title.value.trim(), body: body.value.trim(), category: category.value.trim() || null, published: published.checked };
    try {
      if (editing) await api(`/info/tips/${editing}`, { method: "PATCH", body: tip });
      else await api("/info/tips", { method: "POST", body: tip });
      announce(t("tip_saved"));
      reset();
      await load();
    } catch (problem) {
      error.textContent = t("error", { message: problem.message });
    }
  });
  root.append(h("section", { class: "card", "aria-labelledby": "admin-title" },
    h("h2", { id: "admin-title" }, t("admin_title")), form, list));
  await load();
}
