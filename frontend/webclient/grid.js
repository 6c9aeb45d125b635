// The centre: thumbnails of a dataset's (or the orphaned) images, a page at a time;
// each thumbnail is fetched when it scrolls into view, in batches through
// /webgateway/get_thumbnails/ (at most omero.web.thumbnails_batch per request).
// Click selects one image, Ctrl/Cmd+click adds or removes one, Shift+click a range,
// Ctrl+A all that are loaded;
// double-click (or Enter twice) opens the viewer; images drag onto datasets in the tree.
// A table view (name, date, size, owner) and a thumbnail size slider.
import { element, getJson } from "./api.js";

const BLANK = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==";

export class Grid {
  constructor(root, onSelect, onSelectMany = () => {}) {
    this.root = root;
    this.onSelect = onSelect;
    this.onSelectMany = onSelectMany;
    this.selected = [];
    this.buttons = [];
    this.list = root.querySelector("#thumbnails");
    this.title = root.querySelector("#centre-title");
    this.moreButton = root.querySelector("#more-thumbnails");
    this.pageSize = Number(root.dataset.pageSize);
    this.batch = Number(root.dataset.thumbnailsBatch);
    this.waiting = new Map();
    this.observer = new IntersectionObserver((entries) => this.seen(entries), { rootMargin: "200px" });
    this.moreButton.addEventListener("click", () => this.more());
    this.onClipboard = () => {};
    // Ctrl+X / Ctrl+C: cut or copy the selected images, to paste onto a dataset in the tree.
    this.list.addEventListener("keydown", (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === "a" && this.buttons.length) {
        event.preventDefault();
        this.selected = this.buttons.map(([, one]) => one.id);
        for (const [button] of this.buttons) button.setAttribute("aria-pressed", "true");
        if (this.selected.length > 1) this.onSelectMany("image", this.selected);
        return;
      }
      if (!(event.ctrlKey || event.metaKey) || !["x", "c"].includes(event.key) || !this.selected.length) return;
      event.preventDefault();
      const parent = this.node?.type === "dataset" ? { type: "dataset", id: this.node.id } : null;
      this.onClipboard({ type: "image", ids: [...this.selected], parent, copy: event.key === "c" });
    });
    const size = root.querySelector("#thumb-size");
    size?.addEventListener("input", () => this.list.style.setProperty("--thumb", `${size.value}px`));
    // Settings saved in the Preview: that image's thumbnail is fetched again.
    document.addEventListener("webclient:settings-saved", (event) => this.refresh(event.detail.imageId));
    const view = root.querySelector("#table-view");
    view?.addEventListener("change", () => this.list.classList.toggle("table", view.checked));
  }

  show(node) {
    this.node = node;
    this.page = 0;
    this.observer.disconnect();
    this.waiting.clear();
    this.selected = [];
    this.buttons = [];
    this.list.replaceChildren();
    this.title.textContent = node.name;
    return this.more();
  }

  async more() {
    const node = this.node;
    this.page += 1;
    const params = node.type === "dataset" ? { id: node.id } : { orphaned: "true", experimenter_id: node.id };
    const query = { ...params, page: this.page, limit: this.pageSize, date: "true", sizeXYZ: "true" };
    const data = await getJson(this.root.dataset.imagesUrl, query);
    if (node !== this.node) return;
    for (const image of data.images) this.add(image);
    if (this.page === 1 && data.images.length === 0) {
      this.list.append(element("li", { class: "muted", text: "No images" }));
    }
    this.moreButton.hidden = data.images.length < this.pageSize;
  }

  add(image) {
    const img = element("img", { src: BLANK, alt: "", "data-id": image.id, width: "96", height: "96" });
    const facts = [
      element("span", { class: "name", text: image.name }),
      element("span", { class: "fact", text: (image.date || "").slice(0, 10) }),
      element("span", { class: "fact", text: image.sizeX ? `${image.sizeX} × ${image.sizeY} × ${image.sizeZ}` : "" }),
      element("span", { class: "fact", text: image.ownerName || "" }),
    ];
    const button = element("button", { type: "button", "aria-pressed": "false", title: image.name, "data-id": image.id }, img, ...facts);
    const canLink = (image.permsCss || "").includes("canLink");
    button.draggable = canLink;
    button.addEventListener("click", (event) => this.click(button, image, event));
    button.addEventListener("dblclick", () => window.open(`${this.root.dataset.viewerUrl}${image.id}/`, "_blank"));
    button.addEventListener("dragstart", (event) => {
      if (!this.selected.includes(image.id)) this.click(button, image, {});
      const parent = this.node?.type === "dataset" ? { type: "dataset", id: this.node.id } : null;
      event.dataTransfer.setData("application/x-omero-objects", JSON.stringify({ type: "image", ids: this.selected, parent }));
      event.dataTransfer.effectAllowed = "copyMove";
    });
    this.buttons.push([button, image]);
    this.list.append(element("li", {}, button));
    this.observer.observe(img);
  }

  click(button, image, event) {
    const ids = this.buttons.map(([, one]) => one.id);
    if (event.shiftKey && this.anchor !== undefined) {
      const [a, b] = [ids.indexOf(this.anchor), ids.indexOf(image.id)].sort((x, y) => x - y);
      this.selected = ids.slice(a, b + 1);
    } else if (event.ctrlKey || event.metaKey) {
      const at = this.selected.indexOf(image.id);
      if (at >= 0) this.selected.splice(at, 1);
      else this.selected.push(image.id);
      this.anchor = image.id;
    } else {
      this.selected = [image.id];
      this.anchor = image.id;
    }
    for (const [other, one] of this.buttons) other.setAttribute("aria-pressed", String(this.selected.includes(one.id)));
    if (this.selected.length === 1) this.onSelect("image", this.selected[0]);
    else if (this.selected.length > 1) this.onSelectMany("image", this.selected);
  }

  seen(entries) {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      this.observer.unobserve(entry.target);
      this.waiting.set(entry.target.dataset.id, entry.target);
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fetchBatches(), 30);
  }

  refresh(imageId) {
    const img = this.list.querySelector(`img[data-id="${imageId}"]`);
    if (!img) return;
    this.waiting.set(String(imageId), img);
    this.fetchBatches();
  }

  async fetchBatches() {
    const ids = [...this.waiting.keys()];
    const images = new Map(this.waiting);
    this.waiting.clear();
    for (let start = 0; start < ids.length; start += this.batch) {
      const batch = ids.slice(start, start + this.batch);
      const found = await getJson(this.root.dataset.thumbnailsUrl, { id: batch }).catch(() => ({}));
      for (const id of batch) {
        const img = images.get(id);
        if (found[id]) img.src = found[id];
        img.dataset.loaded = found[id] ? "true" : "failed";
      }
    }
  }
}
