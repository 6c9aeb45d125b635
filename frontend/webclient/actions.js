// The panel's actions: delete, move to another group and change owner ask for
// confirmation in a dialog (with OMERO's warning when a multi-image fileset would be
// split), then POST to deletemany/, chgrp/ or chown/ and announce what changed on the
// store (the tree, the centre and the panel follow in place). Also: "Copy link", and
// the row tools of editable key-value tables (add, move up, move down, remove).
import { element } from "./api.js";
import { store } from "./store.js";

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

function countOf(query) {
  let count = 0;
  for (const [, value] of query) count += value.split(",").filter(Boolean).length;
  return count;
}

async function confirmAction(root, form) {
  const kind = form.dataset.kind;
  const data = new FormData(form);
  const query = targetsOf(form);
  if (data.get("child")) query.set("child", data.get("child"));
  let warning = "";
  if (form.dataset.check) {
    const response = await fetch(`${form.dataset.check}?${query}`, { credentials: "same-origin" });
    const found = response.ok ? await response.json() : { splits: [] };
    if (found.splits.length) {
      const list = found.splits.map((s) => `fileset ${s.filesetId} (also images ${s.left.join(", ")})`).join("; ");
      warning = `These images are part of multi-image filesets and cannot be split: ${list}. Select all the images of each fileset.`;
    }
  }
  const count = countOf(targetsOf(form));
  const what = count === 1 ? "this object" : `these ${count} objects`;
  const dialog = element("dialog", { class: "confirm", "aria-labelledby": "confirm-title" });
  const title = element("h2", { id: "confirm-title", text: `${VERBS[kind]} ${what}?` });
  const message = element("p", { text: kind === "delete" ? "Deleting cannot be undone." : "" });
  const alert = element("p", { class: "alert", role: "alert", text: warning });
  alert.hidden = !warning;
  const ok = element("button", { type: "button", class: kind === "delete" ? "danger" : "", text: VERBS[kind].split(" ")[0] });
  ok.disabled = Boolean(warning);
  const cancel = element("button", { type: "button", class: "secondary", text: "Cancel" });
  dialog.append(title, message, alert, element("div", { class: "dialog-buttons" }, cancel, ok));
  document.body.append(dialog);
  cancel.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => dialog.remove());
  ok.addEventListener("click", async () => {
    ok.disabled = true;
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
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
    announce(kind, objectsOf(form));
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
    add.addEventListener("click", () => {
      const n = body.rows.length + 1;
      const row = element(
        "tr",
        {},
        element("td", {}, element("input", { name: "key", type: "text", "aria-label": `Key ${n}` })),
        element("td", {}, element("input", { name: "value", type: "text", "aria-label": `Value ${n}` })),
        element("td", { class: "row-tools" }),
      );
      body.append(row);
      addTools(row);
      row.querySelector("input").focus();
    });
    form.querySelector("button[type=submit]").before(add, " ");
  }
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
