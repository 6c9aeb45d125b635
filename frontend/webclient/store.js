// The webclient's one event path: widgets (tree, Tags tab, centre grid, panel, actions,
// upload) publish what the user did or what changed on the server, and each subscribes
// to what it shows, so that no widget refreshes another and nothing reloads the page.
//
// Events (the detail of each):
//   "select"  {type, id, name, parent, node, from}  one object was chosen (from: "tree",
//             "grid", "tags", "history" for back/forward, "show" for a deep link).
//   "changed" {containers, removed, renamed, annotated, top}  lists of {type, id[, name]}:
//             containers whose children or counts changed, objects deleted or moved
//             out of the group, objects renamed, objects whose annotations changed;
//             top: the tree's top level gained something (a new project).
//   "status"  {text}  a one-line message for the tree's status line.
// The state kept here is what more than one widget needs: the selected object, the
// container the centre shows, and the clipboard of cut or copied objects.

export class Store {
  constructor() {
    this.events = new EventTarget();
    this.state = { selected: null, centre: null, clipboard: null };
  }

  on(type, listener) {
    this.events.addEventListener(type, (event) => listener(event.detail));
  }

  emit(type, detail = {}) {
    this.events.dispatchEvent(new CustomEvent(type, { detail }));
  }

  // Shorthand for "changed", with every list present.
  // fresh: the panel sent the change and already shows it.
  changed({ containers = [], removed = [], renamed = [], annotated = [], top = false, fresh = false }) {
    this.emit("changed", { containers, removed, renamed, annotated, top, fresh });
  }
}

export const store = new Store();

export const keyOf = (object) => `${object.type}-${object.id}`;
