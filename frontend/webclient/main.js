// The webclient's entry point: htmx for the details panel, small modules for the
// tree (lazy, paged) and the thumbnails grid (lazy batches through get_thumbnails).
import htmx from "htmx.org";
import { Grid } from "./grid.js";
import { Tree } from "./tree.js";

window.htmx = htmx;
// Refused actions answer 4xx with the panel and a readable message: show it.
htmx.config.responseHandling = [
  { code: "204", swap: false },
  { code: "[23]..", swap: true },
  { code: "[4]..", swap: true, error: true },
  { code: "...", swap: false, error: true },
];

function start() {
  const root = document.getElementById("webclient");
  if (!root) return;
  const panel = document.getElementById("panel");
  const grid = new Grid(root, (type, id) => showPanel(type, id));
  const tree = new Tree(root, (node) => {
    showPanel(node.type, node.id);
    if (node.type === "dataset" || node.type === "orphaned") grid.show(node);
    setParent(node);
  });
  function showPanel(type, id) {
    if (type === "orphaned") {
      panel.innerHTML = '<p class="hint">Images in no dataset.</p>';
      return;
    }
    htmx.ajax("GET", `${root.dataset.panelUrl}${type}/${id}/`, { target: "#panel" });
  }
  tree.load().then(() => {
    if (root.dataset.show) tree.reveal(root.dataset.show);
  });
}

function setParent(node) {
  const hint = document.getElementById("new-parent-hint");
  const parent = document.getElementById("new-parent");
  parent.value = node.type === "project" ? node.id : "";
  hint.textContent = node.type === "project" ? `A new dataset goes into “${node.name}”.` : "";
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
