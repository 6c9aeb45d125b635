// The webclient's entry point: htmx for the details panel, small modules for the
// tree (lazy, paged) and the thumbnails grid (lazy batches through get_thumbnails),
// joined by one event path (store.js): a selection is announced as "select" and shown
// by the panel, the centre and the address bar (?show=, back and forward work); an
// edit is announced as "changed" and every widget brings itself up to date in place.
// Nothing here reloads the page.
import htmx from "htmx.org";
import { startActions } from "./actions.js";
import { startContextMenu } from "./contextmenu.js";
import { Grid } from "./grid.js";
import { startOriginalMetadata } from "./metadata.js";
import { PlateGrid } from "./plate.js";
import { keyOf, store } from "./store.js";
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

const CONTAINERS = ["dataset", "orphaned", "tag"];

function start() {
  const root = document.getElementById("webclient");
  if (!root) return;
  const panel = document.getElementById("panel");
  const status = document.getElementById("tree-status");
  const showMany = (type, ids) => {
    store.state.selected = { type, ids };
    htmx.ajax("GET", `${root.dataset.batchUrl}?${type}=${ids.join(",")}`, { target: "#panel" });
  };
  const grid = new Grid(root, (type, id) => store.emit("select", { type, id, from: "grid" }), showMany);
  const plate = new PlateGrid(root, (type, id) => store.emit("select", { type, id, from: "plate" }));
  const announce = (from) => (node) => store.emit("select", { type: node.type, id: node.id, name: node.name, node, from });
  const tree = new Tree(root, (node, from = "tree") => announce(from)(node));
  const tags = new TagTree(root, announce("tags"));
  startActions(root, panel);
  startOriginalMetadata(panel);
  startTabs(tags);
  startContextMenu(root, tree, grid);
  // Keep the session alive while the page is open (OMERO.web's keepalive_ping).
  setInterval(() => fetch(root.dataset.keepaliveUrl, { credentials: "same-origin" }), 5 * 60 * 1000);

  store.on("status", ({ text }) => {
    status.textContent = text;
  });

  store.on("select", (selected) => {
    store.state.selected = selected;
    showPanel(selected);
    if (selected.node) {
      showCentre(selected.node, grid, plate);
      setParent(selected.node);
    } else if (selected.from === "grid" && grid.node) {
      const node = tree.all(keyOf(selected)).find((one) => one.parent && grid.shows(one.parent));
      if (node) tree.mark(node);
    }
    store.state.centre = grid.node ?? null;
    syncAddress(selected);
  });

  function showPanel({ type, id, name = "" }) {
    if (type === "orphaned") {
      panel.innerHTML = '<p class="hint">Images in no dataset.</p>';
      return;
    }
    if (type === "tag" || type === "tagset") {
      htmx.ajax("GET", `${root.dataset.tagPanelUrl}${id}/`, { target: "#panel" });
      return;
    }
    htmx.ajax("GET", `${root.dataset.panelUrl}${type}/${id}/`, { target: "#panel" });
  }

  // One history entry per selection, so that back and forward walk through them.
  function syncAddress(selected) {
    if (!["tree", "grid", "plate"].includes(selected.from) || selected.type === "tag" || selected.type === "tagset") return;
    const show = keyOf(selected);
    const url = new URL(window.location.href);
    if (url.searchParams.get("show") === show) return;
    url.searchParams.set("show", show);
    window.history.pushState({ show }, "", url);
  }

  async function reveal(show, from) {
    const [well, image] = await tree.reveal(show, from);
    if (well) plate.selectWell(well.id, image?.id);
  }

  window.addEventListener("popstate", () => {
    const show = new URLSearchParams(window.location.search).get("show");
    if (show) reveal(show, "history");
  });

  // An edit anywhere: the tree, the Tags tab and the centre reconcile with the server;
  // the panel follows when what it shows was renamed, changed or removed (then the
  // container the user was in is selected, so that the user keeps their place).
  async function applyChange(change) {
    const selected = store.state.selected;
    const fallback = fallbackOf(selected, change.removed);
    await Promise.all([tree.apply(change), grid.apply(change), tags.apply(change)]);
    const shown = panel.querySelector(".panel");
    const inPanel = (object) => shown && shown.dataset.type === object.type && shown.dataset.id === String(object.id);
    if (selected && change.removed.some((object) => sameAs(object, selected))) {
      if (fallback) tree.select(fallback);
      else panel.innerHTML = '<p class="hint">Select a project, dataset or image to see its details.</p>';
      return;
    }
    for (const object of change.renamed) if (!change.fresh) lastNames.set(keyOf(object), object.name);
    const renamed = change.renamed.find(inPanel);
    const title = shown?.querySelector("#panel-title")?.textContent;
    if ((renamed && renamed.name !== title) || (!change.fresh && change.annotated.some(inPanel))) {
      htmx.ajax("GET", `${root.dataset.panelUrl}${shown.dataset.type}/${shown.dataset.id}/`, { target: "#panel" });
    }
  }

  function fallbackOf(selected, removed) {
    if (!selected || !removed.some((object) => sameAs(object, selected))) return null;
    let node = selected.node?.parent ?? (grid.node ? tree.first(keyOf(grid.node)) : null);
    while (node && removed.some((object) => sameAs(object, node))) node = node.parent;
    return node;
  }

  let applying = Promise.resolve();
  store.on("changed", (change) => {
    applying = applying.then(() => applyChange(change)).catch((error) => {
      status.textContent = `Could not refresh: ${error.message}`;
    });
  });

  // A panel asked for before a rename elsewhere (the tree, a dialog) was saved may come
  // back with the old name after the rename was announced: ask for it once more.
  const lastNames = new Map(); // "type-id" -> the name last given in this page
  function catchUp() {
    const shown = panel.querySelector(".panel");
    if (!shown?.dataset.type) return;
    const key = `${shown.dataset.type}-${shown.dataset.id}`;
    const name = lastNames.get(key);
    lastNames.delete(key);
    if (name !== undefined && name !== shown.querySelector("#panel-title")?.textContent) {
      htmx.ajax("GET", `${root.dataset.panelUrl}${shown.dataset.type}/${shown.dataset.id}/`, { target: "#panel" });
    }
  }

  // The panel's own edits (rename, annotate) come back as the new panel: tell the others.
  panel.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.requestConfig?.verb !== "post") {
      catchUp();
      return;
    }
    const deleted = panel.querySelector("[data-deleted-type]");
    if (deleted) {
      store.changed({ removed: [{ type: deleted.dataset.deletedType, id: Number(deleted.dataset.deletedId) }] });
      return;
    }
    const shown = panel.querySelector(".panel");
    if (!shown?.dataset.type) return;
    const object = { type: shown.dataset.type, id: Number(shown.dataset.id) };
    const name = shown.querySelector("#panel-title")?.textContent ?? "";
    store.changed({ renamed: [{ ...object, name }], annotated: [object], fresh: true });
  });

  startCreate(root, async (show, kind) => {
    const [type, id] = show.split("-");
    const parent = document.getElementById("new-parent").value;
    store.changed({ containers: parent ? [{ type: "project", id: Number(parent) }] : [], top: true });
    await applying;
    if (kind === "tag" || kind === "tagset") tags.apply({ containers: [], removed: [], renamed: [], annotated: [{ type, id }] });
    else await reveal(show, "tree");
  });

  // Links to ?show= on this page (an upload's new images) select in place.
  root.addEventListener("click", (event) => {
    const link = event.target.closest("a[href]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || link.target) return;
    const url = new URL(link.href, window.location.href);
    const show = url.searchParams.get("show");
    if (!show || url.pathname !== window.location.pathname) return;
    event.preventDefault();
    reveal(show, "tree");
  });

  tree.load().then(() => {
    if (root.dataset.show) reveal(root.dataset.show, "show");
    else if (tree.isEmpty()) status.textContent = emptyHint();
  });
}

// Whose data is shown has none in this group: say so, and what to do.
function emptyHint() {
  const owner = document.getElementById("owner-select");
  const who = owner?.selectedOptions[0]?.textContent.trim() || "this member";
  return `${who} has no data in this group. Choose another member, or “All members”, in “Show data of”, or create a project with “New…”.`;
}

function sameAs(a, b) {
  return a.type === b.type && String(a.id) === String(b.id);
}

// The "New…" form posts in the background; the new object is revealed in the tree.
function startCreate(root, created) {
  const form = root.querySelector("details.create form");
  if (!form) return;
  const status = form.querySelector("#new-parent-hint");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const kind = form.elements.folder_type.value;
    // As the browser's form (Accept: text/html): the answer goes on to ?show= the new object.
    const headers = { Accept: "text/html" };
    const response = await fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin", headers });
    if (!response.ok) {
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      status.textContent = page.querySelector("[role=alert]")?.textContent || `Not created (${response.status})`;
      return;
    }
    const show = new URL(response.url).searchParams.get("show") || "";
    form.elements.name.value = "";
    form.closest("details").open = false;
    await created(show, kind);
  });
}

function showCentre(node, grid, plate) {
  const isPlate = node.type === "plate" || node.type === "acquisition";
  const inGrid = node.type === "image" && node.parent && CONTAINERS.includes(node.parent.type);
  if (!isPlate && !inGrid && !CONTAINERS.includes(node.type)) return;
  document.getElementById("thumbnails").hidden = isPlate;
  document.getElementById("plate").hidden = !isPlate;
  if (isPlate) document.getElementById("more-thumbnails").hidden = true;
  if (node.type === "plate") plate.show(node.id, node.name);
  else if (isPlate) plate.show(node.parent.id, `${node.parent.name}: ${node.name}`, node.id);
  else if (inGrid) grid.show(node.parent, node.id);
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
