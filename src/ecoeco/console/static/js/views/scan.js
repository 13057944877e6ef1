// Scan: a photo (file or camera) and/or a hint → live stages over SSE → the guide card,
// or the candidates to choose from; and the history of past scans.
import { API, api, refreshSession } from "../api.js";
import { announce, clear, h } from "../dom.js";
import { localName, localTime, t } from "../i18n.js";
import { guideCard } from "./guide.js";

const STAGES = ["vision", "rule", "answer", "reward"];
const FINALS = ["done", "needs_confirmation", "failed"];
// The ai worker only requests the reward; the character service grants it. In one
// process the grant is usually on the scan when it is read after `done`; with a process
// per service it travels back through the broker and comes a moment later. The page
// reads the scan again after these pauses (about 30 s in all), then says it has not come.
const REWARD_WAITS = [500, 1000, 2000, 4000, 8000, 15000];

export async function render(root, ctx, [scanId]) {
  let photo = null;
  const preview = h("img", { id: "scan-preview", alt: "", hidden: true });
  const choose = (event) => {
    photo = event.target.files[0] || null;
    if (photo) {
      preview.src = URL.createObjectURL(photo);
      preview.hidden = false;
    }
  };
  const hint = h("input", { id: "scan-hint", name: "hint", maxlength: "200", autocomplete: "off" });
  const error = h("p", { class: "error", role: "alert", id: "scan-error" });
  const form = h("form", { id: "scan-form", class: "stack" },
    h("div", { class: "pickers" },
      h("label", { class: "button-like", for: "scan-file" }, t("photo_file")),
      h("input", { id: "scan-file", type: "file", accept: "image/*", class: "visually-hidden", onchange: choose }),
      h("label", { class: "button-like", for: "scan-camera" }, t("photo_camera")),
      h("input", { id: "scan-camera", type: "file", accept: "image/*", capture: "environment", class: "visually-hidden", onchange: choose })),
    preview,
    h("label", { for: "scan-hint" }, t("hint")), hint,
    h("button", { type: "submit", id: "scan-submit" }, t("scan_submit")), error);
  const progress = h("ol", { id: "scan-stages", class: "stages", "aria-label": t("scan_title") });
  const notice = h("p", { id: "scan-connection", class: "notice", role: "status" });
  const result = h("div", { id: "scan-result" });
  const history = h("ul", { id: "scan-history", class: "history" });
  root.append(
    h("section", { class: "card", "aria-labelledby": "scan-title" }, h("h2", { id: "scan-title" }, t("scan_title")), form),
    h("section", { class: "card progress", id: "scan-progress", "aria-live": "polite" }, progress, notice, result),
    h("section", { class: "card", "aria-labelledby": "history-title" }, h("h3", { id: "history-title" }, t("history")), history));

  let stream = null;
  let watching = 0; // which scan's reward the page waits for; a new scan or leaving ends it
  const stop = () => {
    stream?.close();
    watching += 1;
  };
  const awaitReward = (scan) => {
    const mine = ++watching;
    followReward(scan, { progress, result, current: () => mine === watching });
  };
  const show = (scan) => showScan(scan, { progress, result, notice, follow, refreshHistory, awaitReward });
  const follow = (id, round) => {
    stop();
    stream = followScan(id, round, { progress, notice, result, show, refreshHistory });
  };
  const refreshHistory = () => loadHistory(history, show);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    if (!photo && !hint.value.trim()) {
      error.textContent = t("scan_need_input");
      return;
    }
    try {
      // The image goes to the upload endpoint first (the storage worker behind a gateway;
      // the scan service alone takes no image bytes), then the scan names its key.
      const body = {};
      if (photo) body.image_key = (await api("/scan/uploads", { method: "POST", form: upload(photo) })).image_key;
      if (hint.value.trim()) body.hint = hint.value.trim();
      const accepted = await api("/scan", { method: "POST", body, headers: { "Idempotency-Key": crypto.randomUUID() } });
      history.dataset.pending = accepted.id;
      follow(accepted.id, 1);
    } catch (problem) {
      error.textContent = t("error", { message: problem.message });
    }
  });
  refreshHistory();
  if (scanId) show(await api(`/scan/${encodeURIComponent(scanId)}`));
  return stop;
}

function upload(photo) {
  const form = new FormData();
  form.append("file", photo);
  return form;
}

function stageList(progress, id) {
  clear(progress);
  progress.dataset.scan = id;
  for (const stage of STAGES) {
    progress.append(h("li", { dataset: { stage, status: "pending" }, id: `stage-${stage}` }, t(`stage_${stage}`)));
  }
}

function markStage(progress, data) {
  const item = progress.querySelector(`[data-stage="${data.stage}"]`);
  if (!item) return;
  item.dataset.status = data.status;
  item.textContent = `${t(`stage_${data.stage}`)} — ${t(`status_${data.status}`)}`;
}

// Follow the scan's events. EventSource reconnects by itself after a dropped connection
// and sends Last-Event-ID, so the server resumes where we were; ids already seen are
// skipped in case a reconnect replays. Events of an earlier round are ignored.
function followScan(id, round, view) {
  const { progress, notice, result } = view;
  stageList(progress, id);
  clear(result);
  notice.textContent = "";
  const seen = new Set();
  let finished = false;
  let reopened = false;
  const source = new EventSource(`${API}/scan/${encodeURIComponent(id)}/events`);
  const fresh = (event) => {
    if (event.lastEventId && seen.has(event.lastEventId)) return null;
    if (event.lastEventId) seen.add(event.lastEventId);
    const data = JSON.parse(event.data);
    return data.round < round ? null : data;
  };
  for (const stage of STAGES) {
    source.addEventListener(stage, (event) => {
      const data = fresh(event);
      if (data) markStage(progress, data);
    });
  }
  for (const status of FINALS) {
    source.addEventListener(status, async (event) => {
      const data = fresh(event);
      if (!data) return;
      finished = true;
      source.close();
      view.refreshHistory();
      view.show(await api(`/scan/${encodeURIComponent(id)}`));
    });
  }
  source.addEventListener("open", () => {
    if (notice.dataset.state === "reconnecting") {
      notice.dataset.state = "reconnected";
      notice.textContent = t("reconnected");
    }
  });
  source.addEventListener("error", async () => {
    if (finished) return;
    if (source.readyState === EventSource.CONNECTING) {
      notice.dataset.state = "reconnecting";
      notice.textContent = t("reconnecting");
      return;
    }
    // Closed for good (e.g. the access token expired): refresh once and read the scan;
    // `show` follows it again if it is still running.
    if (reopened) return;
    reopened = true;
    await refreshSession();
    view.show(await api(`/scan/${encodeURIComponent(id)}`));
  });
  return source;
}

function showScan(scan, view) {
  const { result, follow } = view;
  clear(result);
  if (scan.status === "done" && scan.result) {
    result.append(guideCard(scan.result, scan.reward));
    announce(localName(scan.result.category));
    view.awaitReward(scan);
  } else if (scan.status === "needs_confirmation" && scan.result) {
    result.append(candidates(scan, follow));
    announce(t("needs_confirmation"));
  } else if (scan.status === "failed") {
    result.append(h("p", { class: "error", role: "alert" }, t("scan_failed", { message: scan.error?.message || "" })));
  } else {
    follow(scan.id, 1);
  }
}

// The reward step of a finished scan: granted (points and character on the card), none
// for this result, or, while the grant is on its way, followed until it arrives.
async function followReward(scan, view) {
  const { progress, result, current } = view;
  const mark = (status, text) => {
    const item = progress.dataset.scan === scan.id && progress.querySelector('[data-stage="reward"]');
    if (!item) return;
    item.dataset.status = status;
    item.textContent = `${t("stage_reward")} — ${text}`;
  };
  const granted = ({ points, code }) => {
    const earned = [points ? t("reward_points", { points }) : null, code ? t("reward_character", { code }) : null];
    mark("granted", earned.filter(Boolean).join(", ") || t("reward_capped"));
  };
  if (scan.reward) return granted(scan.reward); // the card shows it already
  if (!scan.result.category.recyclable || !scan.result.confirmed) return mark("none", t("reward_none"));
  for (const wait of REWARD_WAITS) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    if (!current()) return;
    let latest;
    try {
      latest = await api(`/scan/${encodeURIComponent(scan.id)}`);
    } catch {
      continue; // a failed read is tried again after the next pause
    }
    if (!current()) return;
    if (latest.reward) {
      granted(latest.reward);
      clear(result);
      result.append(guideCard(latest.result, latest.reward));
      announce(t("reward_arrived"));
      return;
    }
  }
  mark("late", t("status_late"));
  result.append(h("p", { class: "notice", role: "status", id: "reward-late" }, t("reward_late")));
}

function candidates(scan, follow) {
  const error = h("p", { class: "error", role: "alert" });
  const confirm = async (choice) => {
    try {
      await api(`/scan/${encodeURIComponent(scan.id)}/confirm`, { method: "POST", body: choice });
      follow(scan.id, 2);
    } catch (problem) {
      error.textContent = t("error", { message: problem.message });
    }
  };
  const options = h("ul", { class: "candidates", id: "candidates" });
  for (const candidate of scan.result.candidates) {
    const name = candidate.item ? `${localName(candidate.item)} · ${localName(candidate.category)}` : localName(candidate.category);
    const choice = candidate.item ? { item: candidate.item.id } : { category: candidate.category.slug };
    options.append(h("li", {}, h("button", { type: "button", class: "candidate", onclick: () => confirm(choice) },
      t("candidate", { name, score: Math.round(candidate.score * 100) }))));
  }
  const select = h("select", { id: "other-category" });
  api("/scan/categories").then((all) => {
    for (const category of all) select.append(h("option", { value: category.slug }, localName(category)));
  });
  const other = h("form", { class: "inline" },
    h("label", { for: "other-category" }, t("pick_other")), select, h("button", { type: "submit" }, t("confirm")));
  other.addEventListener("submit", (event) => {
    event.preventDefault();
    confirm({ category: select.value });
  });
  return h("section", { class: "card candidates-card", "aria-labelledby": "candidates-title" },
    h("h3", { id: "candidates-title" }, t("needs_confirmation")), options, other, error);
}

async function loadHistory(list, show) {
  const page = await api("/scan?limit=10");
  clear(list);
  if (!page.items.length) list.append(h("li", {}, t("history_empty")));
  for (const line of page.items) {
    const when = localTime(line.created_at);
    const what = line.category ? localName(line.category) : line.hint || "—";
    list.append(h("li", { dataset: { scan: line.id, status: line.status } },
      h("span", {}, `${when} · ${what} · ${t(`scan_status_${line.status}`)}`), " ",
      h("button", { type: "button", onclick: async () => show(await api(`/scan/${line.id}`)) }, t("open"))));
  }
}
