// The data tree: Projects > Datasets > Images, orphaned datasets and images,
// Screens > Plates > Runs and orphaned plates, as nested
// lists of buttons (an open/close toggle with aria-expanded, a label that selects).
// Children load when a node opens, one page (omero.web.page_size) at a time.
// Keyboard: Tab or up/down arrows move between nodes, right/left open and close,
// Enter or Space selects.
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

  // ?show=image-12: open the tree along the first path OMERO's paths_to_object gives.
  async reveal(show) {
    const [type, id] = show.split("-");
    const data = await getJson(this.root.dataset.pathsUrl, { [type]: id }).catch(() => null);
    const path = data?.paths?.[0];
    if (!path) return;
    let node = null;
    for (const step of path.slice(1)) {
      node = this.nodes.get(`${step.type}-${step.id}`);
      if (!node) return;
      if (step !== path[path.length - 1]) await this.toggle(node, true);
    }
    node.label.focus();
    this.select(node);
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
    };
    if (moves[event.key]) {
      event.preventDefault();
      moves[event.key]();
    }
  }
}
