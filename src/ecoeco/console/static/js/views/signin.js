// Sign-in: the dev login in development, and each configured social provider.
import { api } from "../api.js";
import { announce, h } from "../dom.js";
import { t } from "../i18n.js";

const PENDING = "ecoeco.oauth.provider";

export async function render(root, ctx) {
  const providers = await api("/auth/providers");
  const section = h("section", { class: "card signin", "aria-labelledby": "signin-title" },
    h("h2", { id: "signin-title" }, t("sign_in_title")));
  root.append(section);
  const social = h("div", { class: "providers" });
  for (const name of providers.providers) {
    social.append(h("button", {
      type: "button", class: `provider provider-${name}`, id: `login-${name}`,
      onclick: () => startSocialLogin(name),
    }, t("with_provider", { provider: t(name) })));
  }
  if (!providers.providers.length && !providers.dev_login) social.append(h("p", {}, t("providers_none")));
  section.append(social);
  if (providers.dev_login) {
    const email = h("input", { id: "dev-email", type: "email", required: true, autocomplete: "email", value: "me@example.com" });
    const nickname = h("input", { id: "dev-nickname", maxlength: "40", autocomplete: "nickname" });
    const error = h("p", { class: "error", role: "alert" });
    const form = h("form", { id: "dev-login", class: "stack" },
      h("h3", {}, t("dev_login")),
      h("label", { for: "dev-email" }, t("email")), email,
      h("label", { for: "dev-nickname" }, t("nickname")), nickname,
      h("button", { type: "submit" }, t("sign_in")), error);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      error.textContent = "";
      try {
        const body = { email: email.value.trim(), cookie: true };
        if (nickname.value.trim()) body.nickname = nickname.value.trim();
        await api("/auth/dev/login", { method: "POST", body });
        if (!(await api("/auth/session")).authenticated) {
          // Signed in, but the browser kept no cookie: Secure cookies need https (or localhost).
          error.textContent = t("cookie_refused");
          return;
        }
        announce(t("sign_in"));
        await ctx.signedIn();
      } catch (problem) {
        error.textContent = t("error", { message: problem.message });
      }
    });
    section.append(form);
  }
}

async function startSocialLogin(provider) {
  const back = `${location.origin}/`;
  const params = new URLSearchParams({ redirect_uri: back, cookie: "true" });
  const { authorization_url: url } = await api(`/auth/${provider}/authorize?${params}`);
  sessionStorage.setItem(PENDING, provider);
  location.assign(url);
}

// Back from a provider with ?code=&state=: finish the login (cookies) and clean the URL.
export async function finishSocialLogin() {
  const query = new URLSearchParams(location.search);
  const provider = sessionStorage.getItem(PENDING);
  if (!provider || !query.get("state") || !(query.get("code") || query.get("error"))) return;
  sessionStorage.removeItem(PENDING);
  const params = new URLSearchParams();
  for (const key of ["state", "code", "error"]) if (query.get(key)) params.set(key, query.get(key));
  try {
    await api(`/auth/${provider}/callback?${params}`);
    return null;
  } catch (problem) {
    return problem.message;
  } finally {
    history.replaceState(null, "", `${location.pathname}${location.hash || "#/scan"}`);
  }
}
