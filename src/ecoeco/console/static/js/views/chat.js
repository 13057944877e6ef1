// Chat: conversations, and answers streamed as they are written (SSE over a POST),
// with the guides they came from as links.
import { api, events, send } from "../api.js";
import { clear, h } from "../dom.js";
import { localName, t } from "../i18n.js";

export async function render(root, _ctx, [conversationId]) {
  const list = h("ul", { id: "conversations", class: "conversations" });
  const log = h("ol", { id: "chat-log", class: "chat-log", "aria-live": "polite" });
  const input = h("textarea", { id: "chat-input", rows: "2", maxlength: "1000", placeholder: t("chat_placeholder") });
  const error = h("p", { class: "error", role: "alert" });
  const form = h("form", { id: "chat-form", class: "chat-form" },
    h("label", { for: "chat-input", class: "visually-hidden" }, t("message")), input,
    h("button", { type: "submit", id: "chat-send" }, t("send")));
  const newChat = h("button", { type: "button", id: "chat-new" }, t("new_chat"));
  root.append(h("section", { class: "card chat", "aria-labelledby": "chat-title" },
    h("h2", { id: "chat-title" }, t("chat_title")),
    h("div", { class: "chat-body" },
      h("nav", { "aria-label": t("conversations") }, newChat, list),
      h("div", { class: "chat-main" }, log, form, error))));

  let current = conversationId || null;
  const open = async (id) => {
    current = id;
    clear(log);
    if (!id) return;
    const page = await api(`/chat/${encodeURIComponent(id)}/messages?limit=50`);
    for (const message of page.items) log.append(bubble(message));
    for (const item of list.querySelectorAll("a")) item.setAttribute("aria-current", item.dataset.id === id ? "true" : "false");
  };
  const refresh = async () => {
    const page = await api("/chat?limit=20");
    clear(list);
    for (const c of page.items) {
      list.append(h("li", {}, h("a", { href: `#/chat/${c.id}`, dataset: { id: c.id } }, c.title || t("untitled"))));
    }
  };
  newChat.addEventListener("click", () => {
    current = null;
    clear(log);
    input.focus();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    error.textContent = "";
    input.value = "";
    try {
      if (!current) {
        const created = await api("/chat", { method: "POST", body: { title: text.slice(0, 60) } });
        current = created.id;
        history.replaceState(null, "", `#/chat/${current}`);
      }
      await ask(current, text, log);
      refresh();
    } catch (problem) {
      error.textContent = t("chat_error", { message: problem.message });
    }
  });
  await refresh();
  if (current) await open(current);
}

function sources(message) {
  if (!message.sources?.length) return null;
  return h("p", { class: "sources" }, `${t("sources")}: `, message.sources.map((source, i) => {
    const path = source.item ? `${source.category.slug}/${source.item.id}` : source.category.slug;
    const name = source.item ? localName(source.item) : localName(source.category);
    return [i ? ", " : "", h("a", { href: `#/guide/${path}`, class: "source" }, name)];
  }));
}

// The assistant marks emphasis with **…**; show it as <strong>, everything else as text.
function formatted(text) {
  return text.split(/\*\*(.+?)\*\*/g).map((part, i) => (i % 2 ? h("strong", {}, part) : part));
}

function bubble(message) {
  return h("li", { class: `bubble ${message.role}`, dataset: { role: message.role } },
    h("p", { class: "text" }, formatted(message.text)), message.role === "assistant" ? sources(message) : null);
}

async function ask(conversationId, text, log) {
  const answer = await send(`/chat/${encodeURIComponent(conversationId)}/messages`, {
    method: "POST",
    body: { text },
    headers: { Accept: "text/event-stream" },
  });
  const reply = h("li", { class: "bubble assistant streaming", dataset: { role: "assistant" }, "aria-busy": "true" },
    h("p", { class: "text" }));
  for await (const frame of events(answer)) {
    if (frame.event === "start") {
      log.append(bubble(frame.data.user_message), reply);
    } else if (frame.event === "chunk") {
      reply.querySelector(".text").append(frame.data.text);
    } else if (frame.event === "final") {
      reply.replaceWith(bubble(frame.data));
    } else if (frame.event === "error") {
      throw new Error(frame.data.error.message);
    }
  }
}
