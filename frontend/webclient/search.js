// The search page: thumbnails of the image results, fetched in batches through
// get_thumbnails once the results are on the page (first load or an htmx swap).
import { getJson } from "./api.js";

const BATCH = 50;

async function loadThumbnails(root) {
  const images = [...root.querySelectorAll("img[data-thumb-id]:not([data-loaded])")];
  for (let start = 0; start < images.length; start += BATCH) {
    const batch = images.slice(start, start + BATCH);
    const ids = batch.map((img) => img.dataset.thumbId);
    const found = await getJson(root.dataset.thumbnailsUrl, { id: ids }).catch(() => ({}));
    for (const img of batch) {
      const src = found[img.dataset.thumbId];
      if (src) img.src = src;
      img.dataset.loaded = src ? "true" : "failed";
    }
  }
}

function start() {
  const root = document.querySelector(".search-page");
  if (!root) return;
  loadThumbnails(root);
  document.body.addEventListener("htmx:afterSwap", () => loadThumbnails(root));
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
