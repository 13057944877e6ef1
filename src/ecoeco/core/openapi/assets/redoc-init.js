// ReDoc for this server's own OpenAPI document (no CDN, no inline script).
const root = document.getElementById("redoc");
Redoc.init(root.dataset.spec, { hideDownloadButton: false }, root);
