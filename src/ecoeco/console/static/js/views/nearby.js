// Nearby: the browser's location or a chosen point; places as a list and on a map.
import * as L from "../../vendor/leaflet/leaflet-src.esm.js";
import { api } from "../api.js";
import { announce, clear, h } from "../dom.js";
import { t } from "../i18n.js";

const KINDS = ["recycling_center", "zero_waste_shop", "refill_station", "clothing_bin", "battery_box",
  "lamp_box", "medicine_box", "ewaste_box", "reward_machine"];

export function render(root, ctx) {
  const [lat0, lon0] = ctx.config.center;
  let point = { lat: lat0, lon: lon0 };
  const kind = h("select", { id: "nearby-kind" }, h("option", { value: "" }, "—"),
    KINDS.map((k) => h("option", { value: k }, t(`kind_${k}`))));
  const openNow = h("input", { id: "nearby-open", type: "checkbox" });
  const locate = h("button", { type: "button", id: "nearby-locate" }, t("use_location"));
  const list = h("ol", { id: "nearby-list", class: "places", "aria-live": "polite" });
  const mapBox = h("div", { id: "nearby-map", class: "map", role: "region", "aria-label": t("map_label") });
  root.append(h("section", { class: "card", "aria-labelledby": "nearby-title" },
    h("h2", { id: "nearby-title" }, t("nearby_title")),
    h("div", { class: "filters" },
      locate,
      h("label", { for: "nearby-kind" }, t("kind_filter")), kind,
      h("label", { class: "check" }, openNow, t("open_now"))),
    h("p", { class: "muted" }, t("map_hint")),
    h("div", { class: "nearby-body" }, mapBox, list)));

  const map = L.map(mapBox, { zoomControl: true }).setView([lat0, lon0], 14);
  if (ctx.config.tile_url) {
    L.tileLayer(ctx.config.tile_url, { maxZoom: 19, attribution: ctx.config.tile_attribution }).addTo(map);
  }
  const layer = L.layerGroup().addTo(map);
  const here = L.circleMarker([lat0, lon0], { radius: 8, color: "#1a4fa0", fillOpacity: 0.9 }).addTo(map);

  async function load() {
    const params = new URLSearchParams({ lat: String(point.lat), lon: String(point.lon), limit: "20" });
    if (kind.value) params.append("kind", kind.value);
    if (openNow.checked) params.set("open_now", "true");
    const page = await api(`/locations/nearby?${params}`);
    clear(list);
    layer.clearLayers();
    here.setLatLng([point.lat, point.lon]);
    if (!page.items.length) list.append(h("li", { class: "empty" }, t("nearby_empty")));
    for (const place of page.items) {
      const open = place.open_now === null ? t("open_unknown") : place.open_now ? t("open_yes") : t("open_no");
      const label = `${place.name} · ${Math.round(place.distance_m)} m`;
      const marker = L.circleMarker([place.lat, place.lon], { radius: 6, color: "#1b7f4b", fillOpacity: 0.8 })
        .bindTooltip(label).addTo(layer);
      const item = h("li", { class: "place", dataset: { place: place.id, open: String(place.open_now) } },
        h("button", { type: "button", class: "link", onclick: () => {
          map.setView([place.lat, place.lon], 16);
          marker.openTooltip();
        } }, h("strong", {}, place.name)),
        h("span", {}, ` · ${t("distance", { value: Math.round(place.distance_m) })} · ${open}`),
        h("br"), h("small", {}, [place.address.road || place.address.lot || "", " · ",
          place.kinds.map((k) => t(`kind_${k}`)).join(", ")]));
      list.append(item);
    }
    announce(`${page.items.length}`);
  }

  map.on("click", (event) => {
    point = { lat: event.latlng.lat, lon: event.latlng.lng };
    load();
  });
  kind.addEventListener("change", load);
  openNow.addEventListener("change", load);
  locate.addEventListener("click", () => {
    if (!navigator.geolocation) return;
    navigator.geolocation.getCurrentPosition(
      (position) => {
        point = { lat: position.coords.latitude, lon: position.coords.longitude };
        map.setView([point.lat, point.lon], 15);
        load();
      },
      () => announce(t("location_denied")),
      { timeout: 10000 },
    );
  });
  load();
  return () => map.remove();
}
