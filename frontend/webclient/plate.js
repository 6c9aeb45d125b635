// The centre for a plate (or one run of it): OMERO's plate grid from
// /webgateway/plate/<pid>/<field>/[<run>/], one thumbnail per well, with a field
// selector over the fields api/plate_fields/ reports. Thumbnails load lazily. The
// selected well is aria-pressed.
import { element, getJson } from "./api.js";

export class PlateGrid {
  constructor(root, onSelect) {
    this.root = root;
    this.onSelect = onSelect;
    this.box = root.querySelector("#plate");
    this.title = root.querySelector("#centre-title");
    // data-plate-url is the grid of plate 0: keep the prefix.
    this.gridUrl = root.dataset.plateUrl.replace(/0\/$/, "");
  }

  show(plateId, name, acquisitionId = null) {
    this.loading = this.load(plateId, name, acquisitionId);
    return this.loading;
  }

  // ?show=well-5 (or an image in a well): mark the well shown, and open its image.
  async selectWell(wellId, imageId) {
    await this.loading;
    const button = this.box.querySelector(`button[data-well-id="${wellId}"]`);
    if (!button) return;
    button.setAttribute("aria-pressed", "true");
    button.focus();
    this.onSelect("image", imageId ?? Number(button.dataset.imageId));
  }

  async load(plateId, name, acquisitionId) {
    this.shown = `${plateId}-${acquisitionId}`;
    this.title.textContent = name;
    this.box.replaceChildren();
    const { fields } = await getJson(this.root.dataset.plateFieldsUrl, { id: plateId });
    if (fields.length === 0) {
      this.box.append(element("p", { class: "muted", text: "No images in this plate" }));
      return;
    }
    const select = element("select", { id: "plate-field" });
    for (let index = fields[0]; index <= fields[1]; index += 1) {
      select.append(element("option", { value: String(index), text: `Field ${index + 1}` }));
    }
    const table = element("div", { class: "plate-table" });
    select.addEventListener("change", () => this.grid(table, plateId, select.value, acquisitionId));
    this.box.append(element("label", { for: "plate-field", text: "Field" }), select, table);
    await this.grid(table, plateId, select.value, acquisitionId);
  }

  async grid(table, plateId, field, acquisitionId) {
    const shown = this.shown;
    const run = acquisitionId === null ? "" : `${acquisitionId}/`;
    const data = await getJson(`${this.gridUrl}${plateId}/${field}/${run}`);
    if (shown !== this.shown) return;
    const head = element("tr", {}, element("td"));
    for (const label of data.collabels) head.append(element("th", { scope: "col", text: String(label) }));
    const body = element("tbody");
    data.grid.forEach((row, r) => {
      const tr = element("tr", {}, element("th", { scope: "row", text: String(data.rowlabels[r]) }));
      row.forEach((cell, c) => tr.append(element("td", {}, cell ? this.well(cell) : "")));
      body.append(tr);
    });
    const caption = element("caption", { class: "visually-hidden", text: `Wells, field ${Number(field) + 1}` });
    table.replaceChildren(element("table", { class: "plate-grid" }, caption, element("thead", {}, head), body));
  }

  well(cell) {
    const img = element("img", { src: cell.thumb_url, alt: "", loading: "lazy", width: "48", height: "48" });
    const attributes = { type: "button", title: cell.name, "aria-label": cell.name };
    const button = element("button", { ...attributes, "data-well-id": cell.wellId, "data-image-id": cell.id }, img);
    button.addEventListener("click", () => {
      for (const other of this.box.querySelectorAll("button[aria-pressed]")) other.removeAttribute("aria-pressed");
      button.setAttribute("aria-pressed", "true");
      this.onSelect("image", cell.id);
    });
    return button;
  }
}
