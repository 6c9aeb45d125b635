// The centre: thumbnails of a dataset's (or the orphaned) images, a page at a time;
// each thumbnail is fetched when it scrolls into view, in batches through
// /webgateway/get_thumbnails/ (at most omero.web.thumbnails_batch per request).
import { element, getJson } from "./api.js";

const BLANK = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==";

export class Grid {
  constructor(root, onSelect) {
    this.root = root;
    this.onSelect = onSelect;
    this.list = root.querySelector("#thumbnails");
    this.title = root.querySelector("#centre-title");
    this.moreButton = root.querySelector("#more-thumbnails");
    this.pageSize = Number(root.dataset.pageSize);
    this.batch = Number(root.dataset.thumbnailsBatch);
    this.waiting = new Map();
    this.observer = new IntersectionObserver((entries) => this.seen(entries), { rootMargin: "200px" });
    this.moreButton.addEventListener("click", () => this.more());
  }

  show(node) {
    this.node = node;
    this.page = 0;
    this.observer.disconnect();
    this.waiting.clear();
    this.list.replaceChildren();
    this.title.textContent = node.name;
    return this.more();
  }

  async more() {
    const node = this.node;
    this.page += 1;
    const params = node.type === "dataset" ? { id: node.id } : { orphaned: "true", experimenter_id: node.id };
    const data = await getJson(this.root.dataset.imagesUrl, { ...params, page: this.page, limit: this.pageSize });
    if (node !== this.node) return;
    for (const image of data.images) this.add(image);
    if (this.page === 1 && data.images.length === 0) {
      this.list.append(element("li", { class: "muted", text: "No images" }));
    }
    this.moreButton.hidden = data.images.length < this.pageSize;
  }

  add(image) {
    const img = element("img", { src: BLANK, alt: "", "data-id": image.id, width: "96", height: "96" });
    const button = element("button", { type: "button", "aria-pressed": "false", title: image.name }, img, element("span", { text: image.name }));
    button.addEventListener("click", () => {
      for (const other of this.list.querySelectorAll('[aria-pressed="true"]')) other.setAttribute("aria-pressed", "false");
      button.setAttribute("aria-pressed", "true");
      this.onSelect("image", image.id);
    });
    this.list.append(element("li", {}, button));
    this.observer.observe(img);
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
