// The panel's actions: delete, move to another group and change owner ask for
// confirmation in a dialog (with OMERO's warning when a multi-image fileset would be
// split), then POST to deletemany/, chgrp/ or chown/ and announce what changed on the
// store (the tree, the centre and the panel follow in place). Also: "Copy link", and
// the row tools of editable key-value tables (add, move up, move down, remove).
import { element } from "./api.js";
import { store } from "./store.js";

// The groups of the top bar's switcher other than the current one: [id, name].
export function otherGroups() {
  const select = document.getElementById("group-select");
  if (!select) return [];
  return [...select.options].filter((option) => !option.selected && Number(option.value) > 0).map((option) => [option.value, option.textContent]);
}

const VERBS = { delete: "Delete", chgrp: "Move", chown: "Change the owner of" };

export function startActions(root, panel) {
  panel.addEventListener("submit", (event) => {
    const form = event.target.closest("form.action-form");
    if (!form) return;
    event.preventDefault();
    confirmAction(root, form);
  });
  panel.addEventListener("click", (event) => {
    const copy = event.target.closest(".copy-link");
    if (copy) copyLink(copy);
  });
  document.body.addEventListener("htmx:afterSettle", () => enhanceMaps(panel));
  panel.addEventListener("paste", pastePairs);
  // A click on a star rates at once.
  panel.addEventListener("change", (event) => {
    const form = event.target.closest("form.rating");
    if (form && event.target.name === "rating") form.requestSubmit();
  });
  document.body.addEventListener("htmx:afterSettle", () => {
    for (const form of panel.querySelectorAll("form.rating")) form.classList.add("live");
  });
}

function targetsOf(form) {
  const data = new FormData(form);
  const query = new URLSearchParams();
  for (const type of ["project", "dataset", "image", "screen", "plate", "acquisition"]) {
    for (const value of data.getAll(type)) query.append(type, value);
  }
  return query;
}

// [{type, id}] of the form's targets.
function objectsOf(form) {
  const objects = [];
  for (const [type, value] of targetsOf(form)) {
    for (const id of value.split(",").filter(Boolean)) objects.push({ type, id: Number(id) });
  }
  return objects;
}

// Deleted objects and objects moved to another group leave the tree and the centre;
// given away ones stay but their owner (and what the user may do) changed.
function announce(kind, objects) {
  const centre = store.state.centre ? [{ type: store.state.centre.type, id: store.state.centre.id }] : [];
  const count = objects.length === 1 ? "1 object" : `${objects.length} objects`;
  const done = { delete: "deleted", chgrp: "moved to the other group", chown: "given away" }[kind];
  store.emit("status", { text: `${count} ${done}.` });
  if (kind === "chown") store.changed({ containers: [...centre, ...objects], annotated: objects });
  else store.changed({ containers: centre, removed: objects });
}

// A readable name of an object on the page (the tree's label or the thumbnail's title).
export function nameOf(object) {
  const thumb = object.type === "image" && document.querySelector(`#thumbnails button[data-id="${object.id}"]`);
  if (thumb) return thumb.title;
  const label = document.querySelector(`.tree .label[data-key="${object.type}-${object.id}"] .name`);
  if (label) return label.textContent;
  const panel = document.querySelector("#panel .panel");
  if (panel?.dataset.type === object.type && panel.dataset.id === String(object.id)) {
    return panel.querySelector("#panel-title")?.textContent ?? "";
  }
  return `${object.type} ${object.id}`;
}

// "“cells.tif”" or "3 images (a.tif, b.tif, c.tif)" or "2 objects (…)".
export function describe(objects) {
  const names = objects.map(nameOf);
  if (objects.length === 1) return `“${names[0]}”`;
  const types = new Set(objects.map((object) => object.type));
  const kind = types.size === 1 ? `${[...types][0]}s` : "objects";
  const shown = names.slice(0, 5).join(", ") + (names.length > 5 ? `, and ${names.length - 5} more` : "");
  return `${objects.length} ${kind} (${shown})`;
}

function confirmAction(root, form) {
  const data = new FormData(form);
  run(root, { kind: form.dataset.kind, url: form.action, check: form.dataset.check, data, objects: objectsOf(form) });
}

// Delete or move objects chosen elsewhere (the context menu): the same dialog.
export function runAction(root, kind, objects, extra = {}) {
  const data = new FormData();
  data.append("csrfmiddlewaretoken", JSON.parse(root.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "");
  for (const object of objects) data.append(object.type, object.id);
  data.append("child", "true");
  for (const [name, value] of Object.entries(extra)) data.append(name, value);
  const urls = { delete: root.dataset.deleteUrl, chgrp: root.dataset.chgrpUrl };
  const check = `${root.dataset.filesetCheckUrl}${kind}/`;
  run(root, { kind, url: urls[kind], check, data, objects });
}

// Move to another group: the group (unless the panel's form chose it) and, when the
// objects are of one kind, the dataset, project or screen there to put them in.
async function chooseTarget(root, data, objects, controls) {
  let group = null;
  if (!data.get("group_id")) {
    group = element("select", { id: "confirm-group" });
    for (const [id, name] of otherGroups()) group.append(element("option", { value: id, text: name }));
    controls.append(element("label", { for: "confirm-group", text: "To group" }), group);
    data.set("group_id", group.value);
  }
  const types = new Set(objects.map((object) => object.type));
  if (types.size !== 1) return;
  const into = element("select", { id: "confirm-target" });
  controls.append(element("label", { for: "confirm-target", text: "Into" }), into);
  const load = async () => {
    data.delete("target_id");
    const query = new URLSearchParams({ group_id: data.get("group_id"), type: [...types][0] });
    const response = await fetch(`${root.dataset.chgrpTargetsUrl}?${query}`, { credentials: "same-origin" }).catch(() => null);
    const found = response?.ok ? await response.json() : { targets: [] };
    into.replaceChildren(element("option", { value: "", text: "Nothing (no parent)" }));
    for (const target of found.targets) {
      into.append(element("option", { value: `${target.type}-${target.id}`, text: `${target.name} (${target.type} ${target.id})` }));
    }
  };
  into.addEventListener("change", () => (into.value ? data.set("target_id", into.value) : data.delete("target_id")));
  group?.addEventListener("change", () => {
    data.set("group_id", group.value);
    load();
  });
  await load();
}

const plural = (n, what) => `${n} ${what}${n === 1 ? "" : "s"}`;

// What the objects hold: "“Day 1” holds 39 images and has 2 annotations." (one line each).
async function summary(root, objects) {
  const list = element("ul", { class: "summary" });
  const query = new URLSearchParams();
  for (const object of objects) query.append(object.type, object.id);
  const response = await fetch(`${root.dataset.actionSummaryUrl}?${query}`, { credentials: "same-origin" }).catch(() => null);
  const found = response?.ok ? await response.json() : { objects: [] };
  for (const one of found.objects) {
    const parts = [];
    if (one.childType) parts.push(`holds ${plural(one.children, one.childType)}`);
    parts.push(`has ${plural(one.annotations, "annotation")}`);
    list.append(element("li", { text: `“${one.name}” ${parts.join(" and ")}.` }));
  }
  list.hidden = !list.children.length;
  return list;
}

async function run(root, { kind, url, check, data, objects }) {
  const query = new URLSearchParams();
  for (const object of objects) query.append(object.type, object.id);
  if (data.get("child")) query.set("child", data.get("child"));
  let warning = "";
  if (check) {
    const response = await fetch(`${check}?${query}`, { credentials: "same-origin" });
    const found = response.ok ? await response.json() : { splits: [] };
    if (found.splits.length) {
      const list = found.splits.map((s) => `fileset ${s.filesetId} (also images ${s.left.join(", ")})`).join("; ");
      warning = `These images are part of multi-image filesets and cannot be split: ${list}. Select all the images of each fileset.`;
    }
  }
  const facts = await summary(root, objects);
  const dialog = element("dialog", { class: "confirm", "aria-labelledby": "confirm-title" });
  const title = element("h2", { id: "confirm-title", text: `${VERBS[kind]} ${describe(objects)}?` });
  const message = element("p", { text: kind === "delete" ? "Deleting cannot be undone." : "" });
  const controls = element("div", { class: "stack" });
  if (kind === "chgrp") await chooseTarget(root, data, objects, controls);
  const alert = element("p", { class: "alert", role: "alert", text: warning });
  alert.hidden = !warning;
  const ok = element("button", { type: "button", class: kind === "delete" ? "danger" : "", text: VERBS[kind].split(" ")[0] });
  ok.disabled = Boolean(warning);
  const cancel = element("button", { type: "button", class: "secondary", text: "Cancel" });
  dialog.append(title, facts, message, controls, alert, element("div", { class: "dialog-buttons" }, cancel, ok));
  document.body.append(dialog);
  cancel.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => dialog.remove());
  ok.addEventListener("click", async () => {
    ok.disabled = true;
    const response = await fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    const answer = await response.json().catch(() => ({ message: `Error ${response.status}` }));
    if (!response.ok) {
      alert.textContent = answer.message;
      alert.hidden = false;
      return;
    }
    dialog.close();
    announce(kind, objects);
  });
  dialog.showModal();
  cancel.focus();
}

async function copyLink(button) {
  const url = new URL(button.dataset.link, window.location.href).href;
  try {
    await navigator.clipboard.writeText(url);
    button.textContent = "Link copied";
  } catch {
    window.prompt("Copy this link", url);
  }
}

// Editable key-value tables: a tool cell per row, and an "Add row" button.
export function enhanceMaps(panel) {
  for (const form of panel.querySelectorAll("form.map-editor:not([data-ready])")) {
    form.dataset.ready = "true";
    const body = form.querySelector("tbody");
    for (const row of body.rows) addTools(row);
    const add = element("button", { type: "button", class: "secondary", text: "Add row" });
    add.addEventListener("click", () => addRow(body).querySelector("input").focus());
    form.querySelector("button[type=submit]").before(add, " ");
  }
}

function addRow(body, key = "", value = "") {
  const n = body.rows.length + 1;
  const row = element(
    "tr",
    {},
    element("td", {}, element("input", { name: "key", type: "text", value: key, "aria-label": `Key ${n}` })),
    element("td", {}, element("input", { name: "value", type: "text", value, "aria-label": `Value ${n}` })),
    element("td", { class: "row-tools" }),
  );
  body.append(row);
  addTools(row);
  return row;
}

// A block of "key=value" or tab-separated lines (as copied from a spreadsheet); [] when
// the text is not one (then it is pasted as usual).
export function parsePairs(text) {
  const lines = text.split(/\r?\n/).filter((line) => line.trim());
  const pairs = [];
  for (const line of lines) {
    const tab = line.indexOf("\t");
    const at = tab >= 0 ? tab : line.indexOf("=");
    if (at <= 0) return [];
    pairs.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
  }
  return pairs;
}

// Pasting pairs into a key or value field: into an editable table they become rows
// (filling the row pasted into when it is empty); into "Add pair" they are all added.
function pastePairs(event) {
  const input = event.target.closest?.("input[name=key], input[name=value]");
  if (!input) return;
  const pairs = parsePairs(event.clipboardData?.getData("text") ?? "");
  if (!pairs.length) return;
  event.preventDefault();
  const form = input.closest("form");
  if (form.classList.contains("map-editor")) {
    const body = form.querySelector("tbody");
    const row = input.closest("tr");
    const [key, value] = row.querySelectorAll("input");
    let rest = pairs;
    if (!key.value && !value.value) {
      [key.value, value.value] = pairs[0];
      rest = pairs.slice(1);
    }
    let last = row;
    for (const [k, v] of rest) last = addRow(body, k, v);
    last.querySelector("input").focus();
    return;
  }
  const [key, value] = [form.querySelector("input[name=key]"), form.querySelector("input[name=value]")];
  [key.value, value.value] = pairs[0];
  for (const [k, v] of pairs.slice(1)) {
    form.append(element("input", { type: "hidden", name: "key", value: k }), element("input", { type: "hidden", name: "value", value: v }));
  }
  form.requestSubmit();
}

function addTools(row) {
  const cell = row.querySelector(".row-tools");
  const key = () => row.querySelector("input").value || "row";
  const tool = (text, label, action) => {
    const button = element("button", { type: "button", class: "tool", text, "aria-label": label() });
    button.addEventListener("click", action);
    button.addEventListener("focus", () => button.setAttribute("aria-label", label()));
    cell.append(button);
  };
  tool("↑", () => `Move ${key()} up`, () => row.previousElementSibling?.before(row));
  tool("↓", () => `Move ${key()} down`, () => row.nextElementSibling?.after(row));
  tool("×", () => `Remove ${key()}`, () => row.remove());
}
