// The Tags tab: tag sets and the tags in no set at the top; a tag set opens to its
// tags, a tag to what it is on (projects, datasets, images, screens, plates, runs),
// which open like the data tree's. From OMERO's webclient/api/tags/.
import { element, getJson } from "./api.js";
import { Tree } from "./tree.js";

const TAGGED = ["projects", "datasets", "screens", "plates", "acquisitions", "images"];
const TYPES = { projects: "project", datasets: "dataset", screens: "screen", plates: "plate", acquisitions: "acquisition", images: "image" };

export class TagTree extends Tree {
  constructor(root, onSelect) {
    super(root, onSelect, root.querySelector("#tags-tree"));
  }

  async load() {
    this.started = true;
    await this.refreshTop();
  }

  // The store's "changed": annotations or objects changed, so tags and their counts
  // may have too; once the tab has been opened, fetch again what it shows and reconcile
  // in place, so that open tag sets, the selection and the scroll position stay.
  async apply({ removed, annotated, renamed }) {
    const tagRenamed = renamed.some((object) => object.type === "tag" || object.type === "tagset");
    if (!this.started || (!removed.length && !annotated.length && !tagRenamed)) return;
    await this.refreshTop();
  }

  async refreshTop() {
    const data = await getJson(this.root.dataset.tagsUrl, { orphaned: "true", experimenter_id: this.experimenter, limit: this.pageSize });
    this.list.querySelector(":scope > li.muted")?.remove();
    this.reconcile(null, data.tags.map((tag) => this.tagItem(tag)));
    if (data.tags.length === 0) this.list.append(element("li", { class: "muted", text: "No tags" }));
    for (const node of this.top.values()) await this.refreshTagChildren(node);
  }

  // Fetch again the pages of a loaded tag set's tags (or a tag's objects) and reconcile,
  // then the same below every loaded child.
  async refreshTagChildren(node) {
    if (!node.loaded || !node.children || !node.item.isConnected) return;
    if (node.type !== "tag" && node.type !== "tagset") {
      await this.refreshChildren(node);
    } else {
      const items = [];
      let full = false;
      for (let page = 1; page <= Math.max(node.page, 1); page += 1) {
        const [found, fullPage] = await this.tagPage(node, page);
        items.push(...found);
        full = fullPage;
        if (!full) break;
      }
      this.reconcile(node, items);
      this.moreButton(node, full);
    }
    for (const child of node.kids.values()) await this.refreshTagChildren(child);
  }

  // One page of what a tag set or a tag holds, as [type, data] items, and whether any of
  // its lists was full (so that another page may follow).
  async tagPage(node, page) {
    const params = { id: node.id, experimenter_id: this.experimenter, page, limit: this.pageSize };
    const data = await getJson(this.root.dataset.tagsUrl, params);
    const items = data.tags.map((tag) => this.tagItem(tag));
    let full = data.tags.length === this.pageSize;
    for (const kind of TAGGED) {
      items.push(...(data[kind] ?? []).map((child) => [TYPES[kind], child]));
      full ||= (data[kind] ?? []).length === this.pageSize;
    }
    return [items, full];
  }

  tagItem(tag) {
    return [tag.set ? "tagset" : "tag", { ...tag, name: tag.value }];
  }

  async more(node) {
    if (node.type !== "tag" && node.type !== "tagset") return super.more(node);
    node.loaded = true;
    node.page += 1;
    node.children.querySelector(".more")?.remove();
    const [items, full] = await this.tagPage(node, node.page);
    for (const [type, data] of items) {
      if (!node.kids.has(`${type}-${data.id}`)) this.add(node.children, type, data, node);
    }
    this.moreButton(node, full);
  }
}

// The tabs above the left pane: Explore (the data tree) and Tags, loaded when first shown.
export function startTabs(tagTree) {
  const tabs = [...document.querySelectorAll("#left-tabs [role=tab]")];
  let loaded = false;
  for (const tab of tabs) {
    tab.addEventListener("click", () => {
      for (const other of tabs) {
        const selected = other === tab;
        other.setAttribute("aria-selected", String(selected));
        other.tabIndex = selected ? 0 : -1;
        document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
      }
      if (tab.id === "tab-tags" && !loaded) {
        loaded = true;
        tagTree.load();
      }
    });
  }
}
