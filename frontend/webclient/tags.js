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
    const data = await getJson(this.root.dataset.tagsUrl, { orphaned: "true", experimenter_id: this.experimenter, limit: this.pageSize });
    for (const tag of data.tags) this.addTag(this.list, tag);
    if (data.tags.length === 0) this.list.append(element("li", { class: "muted", text: "No tags" }));
  }

  // The store's "changed": annotations or objects changed, so tags and their counts
  // may have too; once the tab has been opened, load it again.
  async apply({ removed, annotated, renamed }) {
    const tagRenamed = renamed.some((object) => object.type === "tag" || object.type === "tagset");
    if (!this.started || (!removed.length && !annotated.length && !tagRenamed)) return;
    this.list.replaceChildren();
    this.top.clear();
    this.nodes.clear();
    await this.load();
  }

  addTag(list, tag, parent = null) {
    return this.add(list, tag.set ? "tagset" : "tag", { ...tag, name: tag.value }, parent);
  }

  async more(node) {
    if (node.type !== "tag" && node.type !== "tagset") return super.more(node);
    node.loaded = true;
    node.page += 1;
    node.children.querySelector(".more")?.remove();
    const params = { id: node.id, experimenter_id: this.experimenter, page: node.page, limit: this.pageSize };
    const data = await getJson(this.root.dataset.tagsUrl, params);
    for (const tag of data.tags) this.addTag(node.children, tag, node);
    let full = data.tags.length === this.pageSize;
    for (const kind of TAGGED) {
      for (const child of data[kind] ?? []) this.add(node.children, TYPES[kind], child, node);
      full ||= (data[kind] ?? []).length === this.pageSize;
    }
    if (full) {
      const more = element("button", { type: "button", class: "secondary", text: "Load more…" });
      more.addEventListener("click", () => this.more(node));
      node.children.append(element("li", { class: "more" }, more));
    }
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
