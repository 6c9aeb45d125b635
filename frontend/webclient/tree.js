// The data tree: Projects > Datasets > Images, orphaned datasets and images,
// Screens > Plates > Runs and orphaned plates, as nested
// lists of buttons (an open/close toggle with aria-expanded, a label that selects).
// Children load when a node opens, one page (omero.web.page_size) at a time.
// Keyboard: Tab or up/down arrows move between nodes, right/left open and close,
// Enter or Space selects, F2 (or double-click) renames in place.
// Drag and drop (and Ctrl+X / Ctrl+C then Ctrl+V on the target) moves or copies links:
// images onto datasets, datasets onto projects, plates onto screens, where the
// permsCss flags (canLink, canEdit) allow; Ctrl while dropping copies.
import { element, getJson } from "./api.js";

export class Tree {
  constructor(root, onSelect, list = root.querySelector("#tree")) {
    this.root = root;
    this.list = list;
    this.onSelect = onSelect;
    this.pageSize = Number(root.dataset.pageSize);
    this.experimenter = root.dataset.experimenter;
    this.nodes = new Map();
    this.list.addEventListener("keydown", (event) => this.keydown(event));
  }

  async load() {
    const data = await getJson(this.root.dataset.api, { experimenter_id: this.experimenter });
    for (const p of data.projects) this.add(this.list, "project", p);
    for (const d of data.datasets) this.add(this.list, "dataset", d);
    for (const s of data.screens) this.add(this.list, "screen", s);
    for (const p of data.plates) this.add(this.list, "plate", p);
    const orphaned = { id: data.orphaned.id, name: "Orphaned images", childCount: data.orphaned.childCount };
    this.add(this.list, "orphaned", orphaned);
  }

  add(list, type, data, parent = null) {
    const node = { type, id: data.id, name: data.name, data, parent, page: 0, loaded: false };
    const leaf = type === "image" || type === "acquisition";
    const label = element("button", { type: "button", class: "label", "data-key": `${type}-${data.id}` });
    label.append(element("span", { class: `icon icon-${type}`, "aria-hidden": "true" }), data.name);
    const row = element("div", { class: "node" });
    if (!leaf) {
      node.toggle = element("button", { type: "button", class: "toggle", "aria-label": `Open ${data.name}`, text: "▸" });
      node.toggle.addEventListener("click", () => this.toggle(node));
      row.append(node.toggle);
    }
    row.append(label);
    if (!leaf) row.append(element("span", { class: "count", text: String(data.childCount ?? "") }));
    node.item = element("li", {}, row);
    if (!leaf) {
      node.toggle.setAttribute("aria-expanded", "false");
      node.children = element("ul", { hidden: "" });
      node.item.append(node.children);
    }
    node.label = label;
    label.addEventListener("click", () => this.select(node));
    label.addEventListener("dblclick", () => this.rename(node));
    this.dragAndDrop(node);
    list.append(node.item);
    this.nodes.set(`${type}-${data.id}`, node);
    return node;
  }

  select(node) {
    for (const other of this.list.querySelectorAll(".label[aria-current]")) other.removeAttribute("aria-current");
    node.label.setAttribute("aria-current", "true");
    this.onSelect(node);
  }

  async toggle(node, open = node.toggle.getAttribute("aria-expanded") !== "true") {
    node.toggle.setAttribute("aria-expanded", String(open));
    node.children.hidden = !open;
    node.toggle.textContent = open ? "▾" : "▸";
    node.toggle.setAttribute("aria-label", `${open ? "Close" : "Open"} ${node.name}`);
    if (open && !node.loaded) await this.more(node);
  }

  async more(node) {
    node.loaded = true;
    node.page += 1;
    node.children.querySelector(".more")?.remove();
    const [type, url, params] = this.childQuery(node);
    const data = await getJson(url, { ...params, page: node.page, limit: this.pageSize });
    const found = data.datasets ?? data.images ?? data.plates ?? data.acquisitions;
    for (const child of found) this.add(node.children, type, child, node);
    if (found.length === this.pageSize) {
      const more = element("button", { type: "button", class: "secondary", text: "Load more…" });
      more.addEventListener("click", () => this.more(node));
      node.children.append(element("li", { class: "more" }, more));
    }
  }

  childQuery(node) {
    const d = this.root.dataset;
    if (node.type === "project") return ["dataset", d.datasetsUrl, { id: node.id, experimenter_id: this.experimenter }];
    if (node.type === "dataset") return ["image", d.imagesUrl, { id: node.id, experimenter_id: this.experimenter }];
    if (node.type === "screen") return ["plate", d.platesUrl, { id: node.id, experimenter_id: this.experimenter }];
    if (node.type === "plate") return ["acquisition", d.plateAcquisitionsUrl, { id: node.id }];
    return ["image", d.imagesUrl, { orphaned: "true", experimenter_id: node.id }];
  }

  // ?show=image-12 (or dataset-, project-, screen-, plate-, acquisition-, well-): open
  // the tree along the first path OMERO's paths_to_object gives, and select its last node
  // in the tree. Wells are not in the tree: answers the steps from the well on (well,
  // image) for the plate grid to select.
  async reveal(show) {
    const [type, id] = show.split("|")[0].split("-");
    const data = await getJson(this.root.dataset.pathsUrl, { [type]: id }).catch(() => null);
    const path = data?.paths?.[0];
    if (!path) return [];
    const well = path.findIndex((step) => step.type === "well");
    const inTree = path.slice(1, well < 0 ? path.length : well);
    let node = null;
    for (const step of inTree) {
      node = this.nodes.get(`${step.type}-${step.id}`);
      if (!node) return [];
      if (step !== inTree[inTree.length - 1]) await this.toggle(node, true);
    }
    node.label.focus();
    this.select(node);
    return well < 0 ? [] : path.slice(well);
  }

  keydown(event) {
    const labels = [...this.list.querySelectorAll(".label")].filter((l) => l.offsetParent !== null);
    const index = labels.indexOf(document.activeElement);
    if (index < 0) return;
    const node = this.nodes.get(labels[index].dataset.key);
    const moves = {
      ArrowDown: () => labels[index + 1]?.focus(),
      ArrowUp: () => labels[index - 1]?.focus(),
      ArrowRight: () => node.toggle && this.toggle(node, true),
      ArrowLeft: () => node.toggle && this.toggle(node, false),
      F2: () => this.rename(node),
    };
    if ((event.ctrlKey || event.metaKey) && ["x", "c", "v"].includes(event.key)) {
      event.preventDefault();
      if (event.key === "v") this.paste(node);
      else this.clipboard = { ...this.moved(node), copy: event.key === "c" };
      return;
    }
    if (moves[event.key]) {
      event.preventDefault();
      moves[event.key]();
    }
  }

  // Rename in place: an input replaces the label; Enter saves, Escape cancels.
  rename(node) {
    if (!(node.data.permsCss || "").includes("canEdit") || node.type === "orphaned") return;
    const input = element("input", { type: "text", value: node.name, "aria-label": `New name of ${node.name}`, class: "rename" });
    node.label.hidden = true;
    node.label.after(input);
    input.focus();
    input.select();
    let finished = false;
    const done = async (save) => {
      if (finished) return;
      finished = true;
      input.remove();
      node.label.hidden = false;
      node.label.focus();
      const name = input.value.trim();
      if (!save || !name || name === node.name) return;
      const body = new FormData();
      body.append("name", name);
      const response = await fetch(`${this.root.dataset.saveUrl}${node.type}/${node.id}/`, {
        method: "POST", body, credentials: "same-origin", headers: { "X-CSRFToken": this.token(), "HX-Request": "true" },
      });
      if (!response.ok) return;
      node.name = name;
      node.label.lastChild.textContent = name;
      this.onSelect(node);
    };
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") done(true);
      if (event.key === "Escape") done(false);
      event.stopPropagation();
    });
    input.addEventListener("blur", () => done(true));
  }

  token() {
    return JSON.parse(this.root.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  }

  moved(node) {
    const parent = node.parent && node.parent.type !== "orphaned" ? { type: node.parent.type, id: node.parent.id } : null;
    return { type: node.type, ids: [node.id], parent };
  }

  dragAndDrop(node) {
    const flags = node.data.permsCss || "";
    if (["dataset", "plate"].includes(node.type) && flags.includes("canLink")) {
      node.label.draggable = true;
      node.label.addEventListener("dragstart", (event) => {
        event.dataTransfer.setData("application/x-omero-objects", JSON.stringify(this.moved(node)));
        event.dataTransfer.effectAllowed = "copyMove";
      });
    }
    if (!CHILD[node.type] || !flags.includes("canLink")) return;
    node.label.addEventListener("dragover", (event) => {
      if (!event.dataTransfer.types.includes("application/x-omero-objects")) return;
      event.preventDefault();
      event.stopPropagation();
      node.label.classList.add("drop-target");
    });
    node.label.addEventListener("dragleave", () => node.label.classList.remove("drop-target"));
    node.label.addEventListener("drop", (event) => {
      event.preventDefault();
      event.stopPropagation();
      node.label.classList.remove("drop-target");
      const moved = JSON.parse(event.dataTransfer.getData("application/x-omero-objects") || "null");
      if (moved) this.link(node, { ...moved, copy: event.ctrlKey || event.metaKey });
    });
  }

  paste(node) {
    if (this.clipboard && CHILD[node.type] && (node.data.permsCss || "").includes("canLink")) {
      this.link(node, this.clipboard);
      this.clipboard = null;
    }
  }

  // Link the moved objects into ``target``; unless copying, unlink them from their parent.
  async link(target, moved) {
    if (CHILD[target.type] !== moved.type) return;
    if (moved.parent && moved.parent.type === target.type && moved.parent.id === target.id) return;
    const body = (parent) => JSON.stringify({ [parent.type]: { [parent.id]: { [moved.type]: moved.ids } } });
    const send = (method, parent) => fetch(this.root.dataset.linksUrl, {
      method, body: body(parent), credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": this.token() },
    });
    let response = await send("POST", target);
    if (response.ok && !moved.copy && moved.parent) response = await send("DELETE", moved.parent);
    const status = document.getElementById("tree-status");
    if (!response.ok) {
      const answer = await response.json().catch(() => ({}));
      status.textContent = answer.message || `Could not link (${response.status})`;
      return;
    }
    window.location.assign(`${this.root.dataset.indexUrl}?show=${target.type}-${target.id}`);
  }
}

const CHILD = { project: "dataset", dataset: "image", screen: "plate" };
