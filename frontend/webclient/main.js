// The webclient's entry point: htmx for the details panel, small modules for the
// tree (lazy, paged) and the thumbnails grid (lazy batches through get_thumbnails).
import htmx from "htmx.org";
import { startActions } from "./actions.js";
import { Grid } from "./grid.js";
import { PlateGrid } from "./plate.js";
import { TagTree, startTabs } from "./tags.js";
import { Tree } from "./tree.js";
import "./preview.js";
import "./search.js";
import "./upload.js";

window.htmx = htmx;
// The Content-Security-Policy allows no inline style and no eval: htmx's indicator
// rules are in webclient.css instead of a <style> it would add, and it evaluates nothing.
htmx.config.includeIndicatorStyles = false;
htmx.config.allowEval = false;
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
  const showMany = (type, ids) => {
    htmx.ajax("GET", `${root.dataset.batchUrl}?${type}=${ids.join(",")}`, { target: "#panel" });
  };
  const grid = new Grid(root, (type, id) => showPanel(type, id), showMany);
  startActions(root, panel);
  // Keep the session alive while the page is open (OMERO.web's keepalive_ping).
  setInterval(() => fetch(root.dataset.keepaliveUrl, { credentials: "same-origin" }), 5 * 60 * 1000);
  const plate = new PlateGrid(root, (type, id) => showPanel(type, id));
  const onSelect = (node) => {
    showPanel(node.type, node.id, node.name);
    showCentre(node, grid, plate);
    setParent(node);
  };
  const tree = new Tree(root, onSelect);
  grid.onClipboard = (moved) => {
    tree.clipboard = moved;
    document.getElementById("tree-status").textContent =
      `${moved.ids.length} image(s) ${moved.copy ? "copied" : "cut"}: select a dataset in the tree and press Ctrl+V.`;
  };
  startTabs(new TagTree(root, onSelect));
  function showPanel(type, id, name = "") {
    if (type === "orphaned") {
      panel.innerHTML = '<p class="hint">Images in no dataset.</p>';
      return;
    }
    if (type === "tag" || type === "tagset") {
      const what = type === "tag" ? "Tag" : "Tag set";
      panel.replaceChildren(Object.assign(document.createElement("h2"), { textContent: `${what}: ${name}` }));
      return;
    }
    htmx.ajax("GET", `${root.dataset.panelUrl}${type}/${id}/`, { target: "#panel" });
  }
  tree.load().then(async () => {
    if (!root.dataset.show) return;
    const [well, image] = await tree.reveal(root.dataset.show);
    if (well) plate.selectWell(well.id, image?.id);
  });
}

function showCentre(node, grid, plate) {
  const isPlate = node.type === "plate" || node.type === "acquisition";
  if (!isPlate && node.type !== "dataset" && node.type !== "orphaned") return;
  document.getElementById("thumbnails").hidden = isPlate;
  document.getElementById("more-thumbnails").hidden = true;
  document.getElementById("plate").hidden = !isPlate;
  if (node.type === "plate") plate.show(node.id, node.name);
  else if (isPlate) plate.show(node.parent.id, `${node.parent.name}: ${node.name}`, node.id);
  else grid.show(node);
}

function setParent(node) {
  const hint = document.getElementById("new-parent-hint");
  const parent = document.getElementById("new-parent");
  parent.value = node.type === "project" ? node.id : "";
  hint.textContent = node.type === "project" ? `A new dataset goes into “${node.name}”.` : "";
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
