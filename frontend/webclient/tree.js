// The data tree: Projects > Datasets > Images, orphaned datasets and images,
// Screens > Plates > Runs and orphaned plates, as nested
// lists of buttons (an open/close toggle with aria-expanded, a label that selects).
// Children load when a node opens, one page (omero.web.page_size) at a time.
// Keyboard: Tab or up/down arrows move between nodes, right/left open and close,
// Enter or Space selects, F2 (or double-click) renames in place.
// Drag and drop (and Ctrl+X / Ctrl+C then Ctrl+V on the target) moves or copies links:
// images onto datasets, datasets onto projects, plates onto screens, where the
// permsCss flags (canLink, canEdit) allow; Ctrl while dropping copies.
// Edits never reload the page: they are announced on the store ("changed") and the
// tree reconciles the affected levels with the server in place (labels, counts,
// children), so open nodes, the selection and the scroll position stay.
import { element, getJson } from "./api.js";
import { keyOf, store } from "./store.js";

export class Tree {
  constructor(root, onSelect, list = root.querySelector("#tree")) {
    this.root = root;
    this.list = list;
    this.onSelect = onSelect;
    this.pageSize = Number(root.dataset.pageSize);
    this.experimenter = root.dataset.experimenter;
    this.nodes = new Map(); // "type-id" -> Set of nodes (a dataset may be in two projects)
    this.top = new Map(); // the top level's nodes by key
    this.byLabel = new WeakMap();
    this.list.addEventListener("keydown", (event) => this.keydown(event));
  }

  async load() {
    this.reconcile(null, await this.topItems());
  }

  async topItems() {
    const data = await getJson(this.root.dataset.api, { experimenter_id: this.experimenter });
    const orphaned = { id: data.orphaned.id, name: "Orphaned images", childCount: data.orphaned.childCount };
    return [
      ...data.projects.map((p) => ["project", p]),
      ...data.datasets.map((d) => ["dataset", d]),
      ...data.screens.map((s) => ["screen", s]),
      ...data.plates.map((p) => ["plate", p]),
      ["orphaned", orphaned],
    ];
  }

  // Make the children of ``parent`` (null: the top level) the ``items`` ([type, data]),
  // in that order: existing nodes are updated and kept (with their open state and
  // children), new ones added, the others removed.
  reconcile(parent, items) {
    const list = parent ? parent.children : this.list;
    const kids = parent ? parent.kids : this.top;
    const seen = new Set();
    let at = 0;
    for (const [type, data] of items) {
      const key = `${type}-${data.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let node = kids.get(key);
      if (node) this.update(node, data);
      else node = this.add(list, type, data, parent);
      const here = list.children[at];
      if (here !== node.item) list.insertBefore(node.item, here ?? null);
      at += 1;
    }
    for (const [key, node] of [...kids]) if (!seen.has(key)) this.drop(node);
  }

  // Nothing at the top level but an empty "Orphaned images".
  isEmpty() {
    return [...this.top.values()].every((node) => node.type === "orphaned" && !node.data.childCount);
  }

  add(list, type, data, parent = null) {
    const node = { type, id: data.id, name: data.name, data, parent, page: 0, loaded: false, kids: new Map() };
    const leaf = type === "image" || type === "acquisition";
    const key = `${type}-${data.id}`;
    const label = element("button", { type: "button", class: "label", "data-key": key });
    label.append(element("span", { class: `icon icon-${type}`, "aria-hidden": "true" }), element("span", { class: "name", text: data.name }));
    const row = element("div", { class: "node" });
    if (!leaf) {
      node.toggle = element("button", { type: "button", class: "toggle", "aria-label": `Open ${data.name}`, text: "▸" });
      node.toggle.addEventListener("click", () => this.toggle(node));
      row.append(node.toggle);
    }
    row.append(label);
    if (!leaf) {
      node.count = element("span", { class: "count", text: String(data.childCount ?? "") });
      row.append(node.count);
    }
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
    if (!this.nodes.has(key)) this.nodes.set(key, new Set());
    this.nodes.get(key).add(node);
    (parent ? parent.kids : this.top).set(key, node);
    this.byLabel.set(label, node);
    return node;
  }

  update(node, data) {
    node.data = data;
    this.setName(node, data.name);
    if (node.count) node.count.textContent = String(data.childCount ?? "");
  }

  setName(node, name) {
    node.name = name;
    node.label.querySelector(".name").textContent = name;
    node.toggle?.setAttribute("aria-label", `${node.toggle.getAttribute("aria-expanded") === "true" ? "Close" : "Open"} ${name}`);
  }

  // Remove a node and everything under it.
  drop(node) {
    for (const child of [...node.kids.values()]) this.drop(child);
    node.item.remove();
    (node.parent ? node.parent.kids : this.top).delete(keyOf(node));
    this.nodes.get(keyOf(node))?.delete(node);
  }

  all(key) {
    return [...(this.nodes.get(key) ?? [])];
  }

  first(key) {
    return this.all(key)[0] ?? null;
  }

  select(node, from = "tree") {
    this.mark(node);
    this.onSelect(node, from);
  }

  // Show ``node`` as the current one, without announcing it.
  mark(node) {
    for (const other of this.list.querySelectorAll(".label[aria-current]")) other.removeAttribute("aria-current");
    node?.label.setAttribute("aria-current", "true");
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
    const [type, found] = await this.childPage(node, node.page);
    for (const child of found) {
      if (!node.kids.has(`${type}-${child.id}`)) this.add(node.children, type, child, node);
    }
    this.moreButton(node, found.length === this.pageSize);
  }

  moreButton(node, show) {
    node.children.querySelector(".more")?.remove();
    if (!show) return;
    const more = element("button", { type: "button", class: "secondary", text: "Load more…" });
    more.addEventListener("click", () => this.more(node));
    node.children.append(element("li", { class: "more" }, more));
  }

  async childPage(node, page) {
    const [type, url, params] = this.childQuery(node);
    const data = await getJson(url, { ...params, page, limit: this.pageSize });
    return [type, data.datasets ?? data.images ?? data.plates ?? data.acquisitions];
  }

  // Fetch again the pages of children already shown, and reconcile.
  async refreshChildren(node) {
    if (!node.loaded || !node.children) return;
    const items = [];
    let full = false;
    for (let page = 1; page <= Math.max(node.page, 1); page += 1) {
      const [type, found] = await this.childPage(node, page);
      items.push(...found.map((child) => [type, child]));
      full = found.length === this.pageSize;
      if (!full) break;
    }
    this.reconcile(node, items);
    this.moreButton(node, full);
  }

  // The store's "changed": removed nodes go, renamed ones change their label, and the
  // levels whose children or counts changed are fetched again.
  async apply({ containers, removed, renamed, top }) {
    const levels = new Set([null]); // the top level holds the counts of its containers
    for (const object of removed) {
      for (const node of this.all(keyOf(object))) {
        if (node.parent) levels.add(node.parent);
        this.drop(node);
      }
    }
    for (const object of renamed) for (const node of this.all(keyOf(object))) this.setName(node, object.name);
    for (const object of containers) {
      for (const node of this.all(keyOf(object))) {
        levels.add(node);
        if (node.parent) levels.add(node.parent);
      }
    }
    if (!containers.length && !removed.length && !top) return;
    for (const level of levels) {
      if (level === null) this.reconcile(null, await this.topItems());
      else if (level.item.isConnected) await this.refreshChildren(level);
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
  // in the tree (loading further pages of children until it is found). Wells are not in
  // the tree: answers the steps from the well on (well, image) for the plate grid.
  async reveal(show, from = "show") {
    const [type, id] = show.split("|")[0].split("-");
    const data = await getJson(this.root.dataset.pathsUrl, { [type]: id }).catch(() => null);
    const path = data?.paths?.[0];
    if (!path) return [];
    const well = path.findIndex((step) => step.type === "well");
    const inTree = path.slice(1, well < 0 ? path.length : well);
    let node = null;
    for (const step of inTree) {
      const key = `${step.type}-${step.id}`;
      const kids = node ? node.kids : this.top;
      if (node) await this.toggle(node, true);
      while (node && !kids.has(key) && node.children.querySelector(".more")) await this.more(node);
      node = kids.get(key);
      if (!node) return [];
    }
    node.label.focus();
    node.label.scrollIntoView({ block: "nearest" });
    this.select(node, from);
    return well < 0 ? [] : path.slice(well);
  }

  keydown(event) {
    const labels = [...this.list.querySelectorAll(".label")].filter((l) => l.offsetParent !== null);
    const index = labels.indexOf(document.activeElement);
    if (index < 0) return;
    const node = this.byLabel.get(labels[index]);
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
      else store.state.clipboard = { ...this.moved(node), copy: event.key === "c" };
      return;
    }
    if (moves[event.key]) {
      event.preventDefault();
      moves[event.key]();
    }
  }

  canEdit(node) {
    return (node.data.permsCss || "").includes("canEdit") && node.type !== "orphaned";
  }

  // Rename in place: an input replaces the label; Enter saves, Escape cancels.
  rename(node) {
    if (!this.canEdit(node)) return;
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
      if (!response.ok) {
        store.emit("status", { text: `Could not rename ${node.name} (${response.status})` });
        return;
      }
      store.changed({ renamed: [{ type: node.type, id: node.id, name }] });
    };
    input.addEventListener("keydown", (event) => {
      event.stopPropagation();
      if (event.key !== "Enter" && event.key !== "Escape") return;
      // Without this the key, once the label has the focus back, would also press the
      // label: renaming would select the node as well.
      event.preventDefault();
      done(event.key === "Enter");
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

  canTake(node) {
    return Boolean(CHILD[node.type]) && (node.data.permsCss || "").includes("canLink");
  }

  dragAndDrop(node) {
    const flags = node.data.permsCss || "";
    if (["dataset", "plate", "image"].includes(node.type) && flags.includes("canLink")) {
      node.label.draggable = true;
      node.label.addEventListener("dragstart", (event) => {
        event.dataTransfer.setData("application/x-omero-objects", JSON.stringify(this.moved(node)));
        event.dataTransfer.effectAllowed = "copyMove";
      });
    }
    if (!CHILD[node.type]) return;
    node.label.addEventListener("dragover", (event) => {
      if (!this.canTake(node) || !event.dataTransfer.types.includes("application/x-omero-objects")) return;
      event.preventDefault();
      event.stopPropagation();
      node.label.classList.add("drop-target");
    });
    node.label.addEventListener("dragleave", () => node.label.classList.remove("drop-target"));
    node.label.addEventListener("drop", (event) => {
      if (!this.canTake(node)) return;
      event.preventDefault();
      event.stopPropagation();
      node.label.classList.remove("drop-target");
      const moved = JSON.parse(event.dataTransfer.getData("application/x-omero-objects") || "null");
      if (moved) this.link(node, { ...moved, copy: event.ctrlKey || event.metaKey });
    });
  }

  paste(node) {
    const clipboard = store.state.clipboard;
    if (clipboard && this.canTake(node)) {
      this.link(node, clipboard);
      if (!clipboard.copy) store.state.clipboard = null;
    }
  }

  // Link the moved objects into ``target``; unless copying, unlink them from their parent.
  async link(target, moved) {
    if (CHILD[target.type] !== moved.type) {
      store.emit("status", { text: `A ${target.type} cannot hold a ${moved.type}.` });
      return;
    }
    if (moved.parent && moved.parent.type === target.type && moved.parent.id === target.id) return;
    const body = (parent) => JSON.stringify({ [parent.type]: { [parent.id]: { [moved.type]: moved.ids } } });
    const send = (method, parent) => fetch(this.root.dataset.linksUrl, {
      method, body: body(parent), credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": this.token() },
    });
    let response = await send("POST", target);
    if (response.ok && !moved.copy && moved.parent) response = await send("DELETE", moved.parent);
    if (!response.ok) {
      const answer = await response.json().catch(() => ({}));
      store.emit("status", { text: answer.message || `Could not link (${response.status})` });
      return;
    }
    const count = moved.ids.length;
    const what = `${count} ${moved.type}${count === 1 ? "" : "s"}`;
    store.emit("status", { text: `${what} ${moved.copy || !moved.parent ? "linked to" : "moved to"} ${target.name}.` });
    const containers = [{ type: target.type, id: target.id }];
    if (moved.parent && !moved.copy) containers.push(moved.parent);
    if (!moved.parent && moved.type === "image") {
      // Images in no dataset leave the orphaned images once linked.
      for (const node of this.top.values()) if (node.type === "orphaned") containers.push({ type: "orphaned", id: node.id });
    }
    store.changed({ containers });
  }
}

const CHILD = { project: "dataset", dataset: "image", screen: "plate" };
