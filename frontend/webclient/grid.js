// The centre: thumbnails of a dataset's (or the orphaned, or a tag's) images, a page at a time;
// each thumbnail is fetched when it scrolls into view, in batches through
// /webgateway/get_thumbnails/ (at most omero.web.thumbnails_batch per request).
// Click selects one image, Ctrl/Cmd+click adds or removes one, Shift+click a range,
// Ctrl+A all that are loaded;
// double-click (or Enter twice) opens the viewer; images drag onto datasets in the tree.
// A table view (name, date, size, owner) and a thumbnail size slider; filters by name,
// tag and rating.
// After an edit (the store's "changed") the grid reconciles with the server in place:
// the selection and the scroll position stay.
import { element, getJson } from "./api.js";
import { store } from "./store.js";

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
    // Ctrl+X / Ctrl+C: cut or copy the selected images, to paste onto a dataset in the tree.
    this.list.addEventListener("keydown", (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === "a" && this.buttons.length) {
        event.preventDefault();
        this.selected = this.buttons.map(([, one]) => one.id);
        this.paint();
        if (this.selected.length > 1) this.onSelectMany("image", this.selected);
        return;
      }
      if (!(event.ctrlKey || event.metaKey) || !["x", "c"].includes(event.key) || !this.selected.length) return;
      event.preventDefault();
      this.cut(event.key === "c");
    });
    const size = root.querySelector("#thumb-size");
    size?.addEventListener("input", () => this.list.style.setProperty("--thumb", `${size.value}px`));
    // Settings saved in the Preview: that image's thumbnail is fetched again.
    document.addEventListener("webclient:settings-saved", (event) => this.refresh(event.detail.imageId));
    // Filters: by name (typed), by tag (the images a tag is on) and by rating (at
    // least N stars by anyone, or unrated, as OMERO's "By Rating" and "Unrated").
    this.nameFilter = root.querySelector("#thumb-filter");
    this.tagFilter = root.querySelector("#thumb-tag");
    this.ratingFilter = root.querySelector("#thumb-rating");
    this.tagged = null;
    this.ratings = null; // image id -> its highest rating, while a rating filter is on
    this.nameFilter?.addEventListener("input", () => this.filter());
    this.tagFilter?.addEventListener("change", () => this.chooseTag());
    this.ratingFilter?.addEventListener("change", () => this.chooseRating());
    const view = root.querySelector("#table-view");
    view?.addEventListener("change", () => this.list.classList.toggle("table", view.checked));
  }

  async loadTags() {
    const data = await getJson(this.root.dataset.tagsUrl, { limit: this.pageSize }).catch(() => ({ tags: [] }));
    for (const tag of data.tags.filter((one) => !one.set)) {
      this.tagFilter.append(element("option", { value: tag.id, text: tag.value }));
    }
  }

  // The ids of the images the chosen tag is on (all pages), then filter.
  async chooseTag() {
    const id = this.tagFilter.value;
    this.tagged = null;
    if (id) {
      const ids = new Set();
      for (let page = 1; ; page += 1) {
        const data = await getJson(this.root.dataset.tagsUrl, { id, page, limit: this.pageSize });
        for (const image of data.images ?? []) ids.add(image.id);
        if ((data.images ?? []).length < this.pageSize) break;
      }
      this.tagged = ids;
    }
    this.filter();
  }

  // The ratings of the images shown (api/annotations/?type=rating, a batch of ids at a
  // time), then filter; with no rating filter, none are fetched.
  async chooseRating() {
    const ids = this.ratingFilter?.value ? this.buttons.map(([, image]) => image.id) : [];
    const ratings = new Map();
    for (let start = 0; start < ids.length; start += this.pageSize) {
      const image = ids.slice(start, start + this.pageSize);
      const data = await getJson(this.root.dataset.annotationsUrl, { type: "rating", image, page: 0 });
      for (const one of data.annotations ?? []) {
        const id = one.link.parent.id;
        ratings.set(id, Math.max(ratings.get(id) ?? 0, Number(one.longValue) || 0));
      }
    }
    this.ratings = this.ratingFilter?.value ? ratings : null;
    this.filter();
  }

  ratingMatches(id) {
    const wanted = this.ratingFilter?.value;
    if (!wanted || !this.ratings) return true;
    const rating = this.ratings.get(id) ?? 0;
    return wanted === "unrated" ? rating === 0 : rating >= Number(wanted);
  }

  // Hide the thumbnails that do not match the name typed, the tag or the rating chosen.
  filter() {
    const text = (this.nameFilter?.value ?? "").trim().toLowerCase();
    let shown = 0;
    for (const [button, image] of this.buttons) {
      const match =
        (!text || image.name.toLowerCase().includes(text)) &&
        (!this.tagged || this.tagged.has(image.id)) &&
        this.ratingMatches(image.id);
      button.closest("li").hidden = !match;
      shown += match ? 1 : 0;
    }
    this.list.querySelector(".filtered")?.remove();
    if (this.buttons.length && !shown) this.list.append(element("li", { class: "muted filtered", text: "No image matches the filter" }));
  }

  // Put the selected images on the store's clipboard.
  cut(copy) {
    store.state.clipboard = { type: "image", ids: [...this.selected], parent: this.parentRef(), copy };
    const n = this.selected.length;
    store.emit("status", { text: `${n} image(s) ${copy ? "copied" : "cut"}: select a dataset in the tree and press Ctrl+V.` });
  }

  parentRef() {
    return this.node?.type === "dataset" ? { type: "dataset", id: this.node.id } : null;
  }

  shows(object) {
    return Boolean(this.node) && this.node.type === object.type && String(this.node.id) === String(object.id);
  }

  // Show the images of ``node``; ``select``: an image id to select and scroll to (pages
  // are loaded until it is found).
  async show(node, select = null) {
    if (this.shows(node)) {
      this.title.textContent = node.name;
      if (select !== null) await this.reveal(select);
      else {
        this.selected = [];
        this.paint();
      }
      return;
    }
    if (this.tagFilter && !this.tagsLoaded) {
      this.tagsLoaded = true;
      this.loadTags();
    }
    this.node = node;
    this.page = 0;
    this.observer.disconnect();
    this.waiting.clear();
    this.selected = [];
    this.buttons = [];
    this.list.replaceChildren();
    this.title.textContent = node.name;
    await this.more();
    if (select !== null) await this.reveal(select);
  }

  async reveal(imageId) {
    const id = Number(imageId);
    while (!this.buttonOf(id) && !this.moreButton.hidden) await this.more();
    const button = this.buttonOf(id);
    if (!button) return;
    this.selected = [id];
    this.anchor = id;
    this.paint();
    button.scrollIntoView({ block: "nearest" });
  }

  buttonOf(id) {
    return this.buttons.find(([, one]) => one.id === Number(id))?.[0] ?? null;
  }

  // One page of the images shown: a dataset's, the orphaned ones, or those a tag is on.
  async fetchPage(page) {
    const node = this.node;
    if (node.type === "tag") {
      const data = await getJson(this.root.dataset.tagsUrl, { id: node.id, page, limit: this.pageSize });
      return data.images ?? [];
    }
    const params = node.type === "dataset" ? { id: node.id } : { orphaned: "true", experimenter_id: node.id };
    const query = { ...params, page, limit: this.pageSize, date: "true", sizeXYZ: "true" };
    return (await getJson(this.root.dataset.imagesUrl, query)).images;
  }

  async more() {
    const node = this.node;
    this.page += 1;
    const images = await this.fetchPage(this.page);
    if (node !== this.node) return;
    this.list.querySelector(".muted")?.remove();
    for (const image of images) if (!this.buttonOf(image.id)) this.list.append(this.add(image));
    this.empty();
    if (this.ratings) await this.chooseRating();
    else this.filter();
    this.moreButton.hidden = images.length < this.pageSize;
  }

  empty() {
    this.list.querySelector(".muted")?.remove();
    if (!this.buttons.length) this.list.append(element("li", { class: "muted", text: "No images" }));
  }

  // Fetch again the pages shown and reconcile: new images appear, gone ones go, names
  // and facts change; the selection (of the images still here) and the scroll stay.
  async reload() {
    const node = this.node;
    if (!node) return;
    const images = [];
    let full = false;
    for (let page = 1; page <= Math.max(this.page, 1); page += 1) {
      const found = await this.fetchPage(page);
      if (node !== this.node) return;
      images.push(...found);
      full = found.length === this.pageSize;
      if (!full) break;
    }
    const old = new Map(this.buttons.map(([button, image]) => [image.id, button]));
    this.buttons = [];
    const items = images.map((image) => {
      const button = old.get(image.id);
      old.delete(image.id);
      if (!button) return this.add(image);
      this.buttons.push([button, image]);
      this.describe(button, image);
      return button.closest("li");
    });
    for (const button of old.values()) button.closest("li").remove();
    items.forEach((item, at) => {
      const here = this.list.children[at];
      if (here !== item) this.list.insertBefore(item, here ?? null);
    });
    this.selected = this.selected.filter((id) => this.buttonOf(id));
    this.paint();
    this.empty();
    if (this.ratings) await this.chooseRating(); // a rating may have changed
    else this.filter();
    this.moreButton.hidden = !full;
  }

  // The store's "changed": reconcile when this container or one of its images changed.
  async apply({ containers, removed, renamed }) {
    if (!this.node) return;
    for (const object of renamed) {
      if (this.shows(object)) {
        this.node.name = object.name;
        this.title.textContent = object.name;
      }
    }
    const here = (object) => this.shows(object) || (object.type === "image" && this.buttonOf(object.id));
    const gone = removed.filter((object) => this.shows(object));
    if (gone.length) {
      this.node = null;
      this.list.replaceChildren();
      this.title.textContent = "Select a dataset";
      this.moreButton.hidden = true;
      return;
    }
    const orphans = containers.some((object) => object.type === "orphaned") && this.node.type === "orphaned";
    if (orphans || [...containers, ...removed, ...renamed].some(here)) await this.reload();
  }

  describe(button, image) {
    const [name, date, size, owner] = button.querySelectorAll("span");
    name.textContent = image.name;
    date.textContent = (image.date || "").slice(0, 10);
    size.textContent = image.sizeX ? `${image.sizeX} × ${image.sizeY} × ${image.sizeZ}` : "";
    owner.textContent = image.ownerName || "";
    button.title = image.name;
  }

  add(image) {
    const img = element("img", { src: BLANK, alt: "", "data-id": image.id, width: "96", height: "96" });
    const facts = ["name", "fact", "fact", "fact"].map((kind) => element("span", { class: kind }));
    const button = element("button", { type: "button", "aria-pressed": "false", "data-id": image.id }, img, ...facts);
    this.describe(button, image);
    const canLink = (image.permsCss || "").includes("canLink");
    button.draggable = canLink;
    button.addEventListener("click", (event) => this.click(button, image.id, event));
    button.addEventListener("dblclick", () => window.open(`${this.root.dataset.viewerUrl}${image.id}/`, "_blank"));
    button.addEventListener("dragstart", (event) => {
      if (!this.selected.includes(image.id)) this.click(button, image.id, {});
      event.dataTransfer.setData("application/x-omero-objects", JSON.stringify({ type: "image", ids: this.selected, parent: this.parentRef() }));
      event.dataTransfer.effectAllowed = "copyMove";
    });
    this.buttons.push([button, image]);
    this.observer.observe(img);
    return element("li", {}, button);
  }

  paint() {
    for (const [button, one] of this.buttons) button.setAttribute("aria-pressed", String(this.selected.includes(one.id)));
  }

  click(button, id, event) {
    const ids = this.buttons.map(([, one]) => one.id);
    if (event.shiftKey && this.anchor !== undefined) {
      const [a, b] = [ids.indexOf(this.anchor), ids.indexOf(id)].sort((x, y) => x - y);
      this.selected = ids.slice(a, b + 1);
    } else if (event.ctrlKey || event.metaKey) {
      const at = this.selected.indexOf(id);
      if (at >= 0) this.selected.splice(at, 1);
      else this.selected.push(id);
      this.anchor = id;
    } else {
      this.selected = [id];
      this.anchor = id;
    }
    this.paint();
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
