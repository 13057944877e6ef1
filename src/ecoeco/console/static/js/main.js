// The console's shell: header, language switch, sign-in state and a hash router.
import { api, hasSessionCookie, refreshSession } from "./api.js";
import { clear, h } from "./dom.js";
import { getLang, setLang, t } from "./i18n.js";
import * as admin from "./views/admin.js";
import * as characters from "./views/characters.js";
import * as chat from "./views/chat.js";
import * as guide from "./views/guide.js";
import * as nearby from "./views/nearby.js";
import * as scan from "./views/scan.js";
import * as search from "./views/search.js";
import * as signin from "./views/signin.js";

const TABS = [
  ["scan", scan, true],
  ["search", search, false],
  ["nearby", nearby, false],
  ["characters", characters, true],
  ["chat", chat, true],
  ["admin", admin, true],
];
const VIEWS = { ...Object.fromEntries(TABS.map(([name, view]) => [name, view])), guide };
const NEEDS_LOGIN = new Set(TABS.filter(([, , login]) => login).map(([name]) => name));

const ctx = {
  config: null,
  session: null,
  profile: null,
  isAdmin: () => Boolean(ctx.session?.scopes.includes("admin")),
  go: (hash) => {
    if (location.hash === hash) route();
    else location.hash = hash;
  },
  signedIn: async () => {
    await loadSession();
    renderHeader();
    route();
  },
};
let cleanup = null;
let renewal = null;
let routed = false;

// Ask who we are; with no access cookie left (it expires with the token) but a session
// (the CSRF cookie lives as long as the refresh token), refresh first.
async function loadSession() {
  let session = await api("/auth/session");
  if (!session.authenticated && hasSessionCookie() && (await refreshSession())) {
    session = await api("/auth/session");
  }
  ctx.session = session.authenticated ? session : null;
  ctx.profile = ctx.session ? await api("/users/me").catch(() => null) : null;
  clearTimeout(renewal);
  if (ctx.session) {
    // Renew a minute before the access token expires, so no request meets a 401.
    const wait = Math.max(5, ctx.session.expires_at - Date.now() / 1000 - 60) * 1000;
    renewal = setTimeout(() => refreshSession().then(loadSession), wait);
  }
}

function renderHeader() {
  document.title = t("app_name");
  document.getElementById("skip").textContent = t("skip");
  document.getElementById("app-name").textContent = t("app_name");
  const nav = clear(document.getElementById("tabs"));
  nav.setAttribute("aria-label", t("nav"));
  const current = currentRoute().name;
  for (const [name] of TABS) {
    if (name === "admin" && !ctx.isAdmin()) continue;
    nav.append(
      h("a", { href: `#/${name}`, id: `tab-${name}`, "aria-current": name === current ? "page" : null }, t(`tab_${name}`)),
    );
  }
  const lang = document.getElementById("lang");
  lang.textContent = t("lang_switch");
  lang.setAttribute("aria-label", t("lang_switch_label"));
  lang.lang = getLang() === "ko" ? "en" : "ko";
  const account = clear(document.getElementById("account"));
  if (ctx.session) {
    const name = ctx.profile?.nickname || ctx.profile?.email || ctx.session.user_id;
    account.append(
      h("span", { id: "who" }, t("signed_in_as", { name })),
      h("button", { type: "button", id: "sign-out", onclick: signOut }, t("sign_out")),
    );
  }
}

async function signOut() {
  clearTimeout(renewal);
  await api("/auth/logout", { method: "POST" }).catch(() => null);
  ctx.session = null;
  ctx.profile = null;
  renderHeader();
  ctx.go("#/scan");
}

function currentRoute() {
  const [name, ...args] = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  return { name: VIEWS[name] ? name : "scan", args };
}

function route() {
  if (cleanup) cleanup();
  cleanup = null;
  const { name, args } = currentRoute();
  renderHeader();
  const main = clear(document.getElementById("main"));
  const view = NEEDS_LOGIN.has(name) && !ctx.session ? signin : VIEWS[name];
  const rendered = Promise.resolve(view.render(main, ctx, args)).then((fn) => {
    if (typeof fn === "function") cleanup = fn;
  }).catch((error) => main.append(h("p", { class: "error", role: "alert" }, t("error", { message: error.message }))));
  // After a navigation, screen readers and keyboards continue in the new view; the first
  // page load keeps focus at the top, so Tab reaches the skip link first.
  if (routed) document.getElementById("main").focus({ preventScroll: true });
  routed = true;
  return rendered;
}

// On a system without a Korean font, Chromium keeps the fallback boxes it shaped while
// the web font's pieces were loading; so the header's pieces (a few kB) load first.
async function headerFont() {
  const text = [t("app_name"), t("sign_out"), ...TABS.map(([name]) => t(`tab_${name}`))].join("");
  const weights = ["400", "700"].map((w) => document.fonts.load(`${w} 16px "Nanum Gothic"`, text));
  await Promise.all(weights).catch(() => null);
}

async function boot() {
  setLang(getLang());
  await headerFont();
  ctx.config = await fetch("/console/config.json").then((r) => r.json());
  guide.setCategories(await api("/scan/categories"));
  const failed = await signin.finishSocialLogin(ctx);
  await loadSession();
  document.getElementById("lang").addEventListener("click", async () => {
    setLang(getLang() === "ko" ? "en" : "ko");
    await headerFont();
    route();
  });
  window.addEventListener("hashchange", route);
  await route();
  if (failed) document.getElementById("main").prepend(h("p", { class: "error", role: "alert" }, t("error", { message: failed })));
  document.body.dataset.ready = "true";
}

boot();
