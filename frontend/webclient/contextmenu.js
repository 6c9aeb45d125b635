// The right-click menu of tree nodes and thumbnails (also the Menu key or Shift+F10 on
// a focused one): open, open in the viewer, rename, copy, cut, paste, delete, move to
// another group, download. What is offered follows the object's permsCss flags and
// the clipboard; every command goes through the same paths as the buttons and keys
// (tree, grid, actions), so their results come back on the store.
// Keyboard: up/down move between items, Enter runs one, Escape closes and returns focus.
import { element } from "./api.js";
import { otherGroups, runAction } from "./actions.js";
import { store } from "./store.js";

export function startContextMenu(root, tree, grid) {
  const menu = new Menu();
  const openFor = (event, anchor, items) => {
    if (!items.length) return;
    event.preventDefault();
    menu.open(anchor, items, event.type === "contextmenu" && event.clientX ? [event.clientX, event.clientY] : null);
  };
  const onTree = (event) => {
    const label = event.target.closest(".label");
    const node = label && tree.byLabel.get(label);
    if (node) openFor(event, label, treeItems(root, tree, node));
  };
  const onGrid = (event) => {
    const button = event.target.closest("button[data-id]");
    if (!button) return;
    const id = Number(button.dataset.id);
    if (!grid.selected.includes(id)) button.click();
    openFor(event, button, gridItems(root, tree, grid));
  };
  const wanted = (event) => event.type === "contextmenu" || event.key === "ContextMenu" || (event.shiftKey && event.key === "F10");
  for (const [list, handler] of [[tree.list, onTree], [grid.list, onGrid]]) {
    list.addEventListener("contextmenu", handler);
    list.addEventListener("keydown", (event) => {
      if (event.type === "keydown" && wanted(event)) handler(event);
    });
  }
}

function flags(data) {
  return data?.permsCss || "";
}

function treeItems(root, tree, node) {
  const perms = flags(node.data);
  const object = { type: node.type, id: node.id };
  const items = [];
  if (node.type === "image") items.push(["Open in viewer", () => openViewer(root, node.id)]);
  else if (node.toggle) items.push(["Open", () => { tree.select(node); tree.toggle(node, true); }]);
  if (tree.canEdit(node)) items.push(["Rename…", () => tree.rename(node)]);
  if (["dataset", "plate", "image"].includes(node.type) && perms.includes("canLink")) {
    items.push(["Copy", () => setClipboard({ ...tree.moved(node), copy: true })]);
    if (node.parent && node.parent.type !== "orphaned") items.push(["Cut", () => setClipboard({ ...tree.moved(node), copy: false })]);
  }
  const clipboard = store.state.clipboard;
  if (clipboard && tree.canTake(node)) items.push([`Paste ${clipboard.ids.length} ${clipboard.type}(s)`, () => tree.paste(node)]);
  if (node.type === "orphaned") return items;
  if (node.type === "image") items.push(["Download", () => download(root, node.id)]);
  if (perms.includes("canDelete")) items.push(["Delete…", () => runAction(root, "delete", [object])]);
  if (perms.includes("canChgrp") && otherGroups().length) items.push(["Move to group…", () => runAction(root, "chgrp", [object])]);
  return items;
}

function gridItems(root, tree, grid) {
  const ids = [...grid.selected];
  const images = ids.map((id) => ({ type: "image", id }));
  const data = ids.map((id) => grid.buttons.find(([, one]) => one.id === id)?.[1]);
  const all = (flag) => data.every((one) => flags(one).includes(flag));
  const items = [["Open in viewer", () => ids.forEach((id) => openViewer(root, id))]];
  if (ids.length === 1 && all("canEdit")) items.push(["Rename…", () => renameInPanel()]);
  if (all("canLink")) {
    items.push(["Copy", () => grid.cut(true)]);
    if (grid.parentRef()) items.push(["Cut", () => grid.cut(false)]);
  }
  if (ids.length === 1) items.push(["Download", () => download(root, ids[0])]);
  if (all("canDelete")) items.push(["Delete…", () => runAction(root, "delete", images)]);
  if (all("canChgrp") && otherGroups().length) items.push(["Move to group…", () => runAction(root, "chgrp", images)]);
  return items;
}

function setClipboard(clipboard) {
  store.state.clipboard = clipboard;
  store.emit("status", { text: `${clipboard.ids.length} ${clipboard.type}(s) ${clipboard.copy ? "copied" : "cut"}: paste onto the new parent.` });
}

function openViewer(root, id) {
  window.open(`${root.dataset.viewerUrl}${id}/`, "_blank", "noopener");
}

function download(root, id) {
  const link = element("a", { href: `${root.dataset.downloadUrl.replace(/0\/$/, "")}${id}/`, download: "" });
  document.body.append(link);
  link.click();
  link.remove();
}

// The panel shows the selected image: put the cursor in its name field.
function renameInPanel() {
  const field = document.querySelector("#panel #edit-name");
  if (field) {
    field.focus();
    field.select();
    return;
  }
  document.body.addEventListener("htmx:afterSettle", () => document.querySelector("#panel #edit-name")?.focus(), { once: true });
}

class Menu {
  constructor() {
    this.box = element("ul", { class: "context-menu", role: "menu", "aria-label": "Actions", hidden: "" });
    document.body.append(this.box);
    this.box.addEventListener("keydown", (event) => this.keydown(event));
    document.addEventListener("pointerdown", (event) => {
      if (!this.box.hidden && !this.box.contains(event.target)) this.close(false);
    });
    window.addEventListener("blur", () => this.close(false));
  }

  open(anchor, items, at) {
    this.anchor = anchor;
    this.box.replaceChildren(
      ...items.map(([text, run]) => {
        const button = element("button", { type: "button", role: "menuitem", tabindex: "-1", text });
        button.addEventListener("click", () => {
          this.close(false);
          run();
        });
        return element("li", { role: "none" }, button);
      }),
    );
    const [x, y] = at ?? (() => {
      const box = anchor.getBoundingClientRect();
      return [box.left + 16, box.bottom];
    })();
    this.box.hidden = false;
    const width = this.box.offsetWidth;
    const height = this.box.offsetHeight;
    this.box.style.left = `${Math.min(x, window.innerWidth - width - 4)}px`;
    this.box.style.top = `${Math.min(y, window.innerHeight - height - 4)}px`;
    this.items()[0]?.focus();
  }

  items() {
    return [...this.box.querySelectorAll("[role=menuitem]")];
  }

  close(refocus = true) {
    if (this.box.hidden) return;
    this.box.hidden = true;
    if (refocus) this.anchor?.focus();
  }

  keydown(event) {
    const items = this.items();
    const at = items.indexOf(document.activeElement);
    const moves = {
      ArrowDown: () => items[(at + 1) % items.length].focus(),
      ArrowUp: () => items[(at - 1 + items.length) % items.length].focus(),
      Home: () => items[0].focus(),
      End: () => items[items.length - 1].focus(),
      Escape: () => this.close(),
      Tab: () => this.close(),
    };
    if (!moves[event.key]) return;
    event.preventDefault();
    moves[event.key]();
  }
}
