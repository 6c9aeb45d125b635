// The web upload: drop files or folders on the centre panel (or choose them with the
// labelled file input), sent in 8 MiB chunks that resume after a dropped connection,
// imported into the dataset or screen selected in the tree; the activities list shows
// each import's status and links to its new images. Protocol: webclient/views/upload.py.
import { element } from "./api.js";
import { store } from "./store.js";

const CHUNK = 8 * 1024 * 1024;
const RETRIES = 5;
const HINT = "Select a dataset or screen, then drop files or folders here, or";

function setup() {
  const root = document.getElementById("webclient");
  const centre = document.getElementById("centre");
  if (!root || !centre || !root.dataset.panelUrl) return;
  const base = root.dataset.panelUrl.replace(/metadata_details\/$/, "");
  const token = JSON.parse(root.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  const ui = build(centre);
  const upload = new Uploader(base, token, ui);
  ui.input.addEventListener("change", () => {
    upload.send([...ui.input.files].map((file) => ({ file, name: file.name })));
    ui.input.value = "";
  });
  // A folder (webkitdirectory): every file under it, names keeping their folders.
  ui.folder.addEventListener("change", () => {
    upload.send([...ui.folder.files].map((file) => ({ file, name: file.webkitRelativePath || file.name })));
    ui.folder.value = "";
  });
  // The hint comes back once a dataset or screen is selected.
  store.on("select", () => {
    // After every subscriber has seen the selection (the store's state is set by main).
    setTimeout(() => {
      if (selectedTarget()) ui.message.textContent = HINT;
    });
  });
  centre.addEventListener("dragover", (event) => {
    event.preventDefault();
    centre.classList.add("dropping");
  });
  centre.addEventListener("dragleave", () => centre.classList.remove("dropping"));
  centre.addEventListener("drop", async (event) => {
    event.preventDefault();
    centre.classList.remove("dropping");
    upload.send(await dropped(event.dataTransfer));
  });
  upload.poll();
}

function build(centre) {
  const input = element("input", { type: "file", id: "upload-input", multiple: "" });
  const folder = element("input", { type: "file", id: "upload-folder", multiple: "", webkitdirectory: "" });
  const section = element(
    "section",
    { class: "upload", "aria-labelledby": "upload-title" },
    element("h3", { id: "upload-title", text: "Import" }),
    element("p", { class: "hint", text: HINT }),
    element("label", { for: "upload-input", class: "button", text: "choose files" }),
    input,
    " or ",
    element("label", { for: "upload-folder", class: "button", text: "choose a folder" }),
    folder,
  );
  const files = element("ul", { class: "upload-files", "aria-live": "polite" });
  const activities = element("ul", { class: "activities", id: "activities", "aria-live": "polite" });
  const title = element("h3", { id: "activities-title", text: "Activities" });
  section.append(files, title, activities);
  centre.append(section);
  return { input, folder, files, activities, message: section.querySelector(".hint") };
}

// Every file of the drop, folders walked (webkitGetAsEntry); names keep their folders.
async function dropped(transfer) {
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry?.()).filter(Boolean);
  if (!entries.length) return [...transfer.files].map((file) => ({ file, name: file.name }));
  const found = [];
  for (const entry of entries) await walk(entry, found);
  return found;
}

async function walk(entry, found) {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    found.push({ file, name: entry.fullPath.replace(/^\//, "") });
    return;
  }
  const reader = entry.createReader();
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) break;
    for (const child of batch) await walk(child, found);
  }
}

// The dataset or screen selected in the tree, else the dataset the centre shows.
function selectedTarget() {
  const selected = store.state.selected;
  const centre = store.state.centre;
  if (selected?.node && (selected.type === "dataset" || selected.type === "screen")) {
    return { [selected.type]: Number(selected.id) };
  }
  return centre?.type === "dataset" ? { dataset: Number(centre.id) } : null;
}

class Uploader {
  constructor(base, token, ui) {
    this.base = base;
    this.token = token;
    this.ui = ui;
    this.timer = null;
    this.mine = new Map(); // upload id -> its target
  }

  async request(method, url, body, headers = {}) {
    const response = await fetch(url, {
      method,
      body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": this.token, ...headers },
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error(data.message || `${url}: ${response.status}`);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  async send(files) {
    if (!files.length) return;
    const target = selectedTarget();
    if (!target) {
      this.ui.message.textContent = "Select a dataset or a screen in the tree first, then drop files here, or";
      return;
    }
    const rows = files.map(({ name, file }) => {
      const bar = element("progress", { max: String(file.size || 1), value: "0", "aria-label": name });
      const row = element("li", {}, element("span", { text: name }), bar);
      this.ui.files.append(row);
      return { bar, row };
    });
    const json = { "Content-Type": "application/json" };
    try {
      const sizes = files.map(({ name, file }) => ({ name, size: file.size }));
      const started = await this.request("POST", `${this.base}upload/`, JSON.stringify({ files: sizes, ...target }), json);
      for (const [index, { file }] of files.entries()) await this.sendFile(started.id, index, file, rows[index].bar);
      this.mine.set(started.id, target);
      await this.request("POST", `${this.base}upload/${started.id}/finish/`, "{}", json);
      for (const { row } of rows) row.remove();
    } catch (error) {
      rows[0].row.append(element("span", { class: "error", role: "alert", text: error.message }));
    }
    this.poll();
  }

  // Chunks from the server's offset; after a failure, ask the offset again and resume.
  async sendFile(id, index, file, bar) {
    const url = `${this.base}upload/${id}/${index}/`;
    let offset = 0;
    let failures = 0;
    while (offset < file.size) {
      const end = Math.min(offset + CHUNK, file.size);
      try {
        const range = `bytes ${offset}-${end - 1}/${file.size}`;
        const sent = await this.request("PUT", url, file.slice(offset, end), {
          "Content-Range": range,
          "Content-Type": "application/octet-stream",
        });
        offset = sent.offset;
        failures = 0;
      } catch (error) {
        if ((error.status && error.status < 500) || ++failures > RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** failures));
        offset = (await this.request("GET", url).catch(() => ({ offset }))).offset;
      }
      bar.value = offset;
    }
    bar.value = file.size || 1;
  }

  async poll() {
    clearTimeout(this.timer);
    const data = await this.request("GET", `${this.base}activities/`).catch(() => null);
    if (!data) return;
    this.ui.activities.replaceChildren(...data.activities.map(activityRow));
    // New images from this page's uploads: their containers changed.
    const done = data.activities.filter((a) => a.status === "complete" && this.mine.has(a.id));
    const containers = done.map((activity) => {
      const [[type, id]] = Object.entries(this.mine.get(activity.id));
      this.mine.delete(activity.id);
      return { type, id };
    });
    if (containers.length) store.changed({ containers });
    if (data.activities.some((a) => a.status === "importing")) {
      this.timer = setTimeout(() => this.poll(), 800);
    }
  }
}

function activityRow(activity) {
  const row = element("li", { class: `activity ${activity.status}` });
  row.append(element("span", { text: `${activity.names.join(", ")}: ${activity.status}` }));
  if (activity.error) row.append(element("span", { class: "error", text: ` ${activity.error}` }));
  if (activity.progress) {
    row.append(element("span", { class: "progress", text: ` ${progressText(activity.progress)}` }));
  }
  for (const image of activity.images) {
    row.append(" ", element("a", { href: image.url, text: `Image ${image.id}` }));
  }
  return row;
}

// "a.tif: 12/40 planes written" while the pyramid is written, bytes while it is copied;
// an import whose worker stopped says it runs again.
function progressText(progress) {
  const again = progress.attempt > 1 ? ` (its worker stopped: run ${progress.attempt})` : "";
  if (progress.stage === "queued") return `queued again${again}`;
  if (progress.stage === "pixels" || progress.stage === "done") {
    return `${progress.file}: ${progress.planes_done}/${progress.planes_total} planes written${again}`;
  }
  const mb = (bytes) => (bytes / 1e6).toFixed(1);
  return `${progress.file}: ${mb(progress.bytes_done)}/${mb(progress.bytes_total)} MB copied${again}`;
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
else setup();
