// The API on our own origin: the HttpOnly access cookie authenticates, and every unsafe
// request echoes the readable ecoeco_csrf cookie as X-CSRF-Token (double submit).
export const API = "/api/v1";

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function csrfToken() {
  const entry = document.cookie.split("; ").find((c) => c.startsWith("ecoeco_csrf="));
  return entry ? decodeURIComponent(entry.slice("ecoeco_csrf=".length)) : "";
}

// The readable CSRF cookie is set with the session cookies and lives as long as the
// refresh token: while it is here, a refresh may bring the session back.
export function hasSessionCookie() {
  return Boolean(csrfToken());
}

let refreshing = null;

// One refresh at a time for the whole page: a spent refresh token must not be reused.
export function refreshSession() {
  if (!refreshing) {
    refreshing = fetch(`${API}/auth/refresh`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRF-Token": csrfToken() },
    })
      .then((answer) => answer.ok)
      .catch(() => false)
      .finally(() => {
        setTimeout(() => (refreshing = null), 0);
      });
  }
  return refreshing;
}

function init(method, body, form, headers, signal) {
  const request = { method, credentials: "same-origin", signal, headers: { Accept: "application/json", ...headers } };
  if (method !== "GET") request.headers["X-CSRF-Token"] = csrfToken();
  if (form) request.body = form;
  else if (body !== undefined) {
    request.body = JSON.stringify(body);
    request.headers["Content-Type"] = "application/json";
  }
  return request;
}

async function errorOf(answer) {
  try {
    const body = await answer.json();
    return new ApiError(answer.status, body.error?.code || "error", body.error?.message || answer.statusText);
  } catch {
    return new ApiError(answer.status, "error", answer.statusText);
  }
}

// fetch() an API path; on 401 refresh the session once and try again.
export async function send(path, { method = "GET", body, form, headers = {}, signal } = {}) {
  let answer = await fetch(API + path, init(method, body, form, headers, signal));
  if (answer.status === 401 && !path.startsWith("/auth/") && (await refreshSession())) {
    answer = await fetch(API + path, init(method, body, form, headers, signal));
  }
  if (!answer.ok) throw await errorOf(answer);
  return answer;
}

export async function api(path, options = {}) {
  const answer = await send(path, options);
  if (answer.status === 204) return null;
  return answer.json();
}

// Read a text/event-stream body (a POST cannot use EventSource): yields {event, data, id}.
export async function* events(answer) {
  const reader = answer.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n/g, "\n");
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const frame = { event: "message", data: "", id: null };
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) continue;
        const [field, ...rest] = line.split(":");
        const text = rest.join(":").replace(/^ /, "");
        if (field === "event") frame.event = text;
        else if (field === "data") frame.data += (frame.data ? "\n" : "") + text;
        else if (field === "id") frame.id = text;
      }
      if (frame.data) yield { ...frame, data: JSON.parse(frame.data) };
    }
  }
}
