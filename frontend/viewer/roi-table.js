// The ROI table: one row per shape and active channel, with per-channel statistics
// computed on the server. Shapes not saved yet (drawn, or moved since) are measured
// too (POSTed to the stats URL, nothing is written) and shown in italics; the table
// scrolls within its panel, so the map keeps its size however many rows there are.

import { fieldsToSend } from "./geometry.js";

const STAT_COLUMNS = ["points", "min", "max", "sum", "mean", "std_dev"];
const HEADINGS = ["ROI", "Shape", "Type", "Z", "T", "Channel", "Points", "Min", "Max", "Sum", "Mean", "Std dev", "Comment"];

export function createRoiTable({ root, state, rois, urls, onStatus }) {
  const table = root.querySelector("#roi-table tbody");
  const head = root.querySelector("#roi-table thead tr");
  head.replaceChildren(
    ...HEADINGS.map((text) => {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = text;
      return th;
    }),
  );
  const csv = root.querySelector("#roi-csv");
  let request = 0;
  let timer = null;

  const query = () => {
    const active = state.channels.map((ch, i) => (ch.active ? i : null)).filter((i) => i !== null);
    const c = (active.length ? active : state.channels.map((_, i) => i)).join(",");
    return `z=${state.z - 1}&t=${state.t - 1}&c=${c}`;
  };

  const fetchTable = (drafts) => {
    const url = `${urls.stats}?${query()}`;
    if (!drafts.length) return fetch(url, { credentials: "same-origin" });
    const shapes = drafts.map(({ client_id, shape }) => ({
      client_id,
      id: shape.id,
      roi: shape.roi,
      fields: fieldsToSend(shape),
    }));
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": urls.csrf() },
      body: JSON.stringify({ shapes }),
    });
  };

  const load = async () => {
    const mine = ++request;
    csv.href = `${urls.stats.replace(/\/$/, ".csv")}?${query()}`;
    root.dataset.statsLoading = "1";
    const drafts = rois.drafts().filter(({ shape }) => shape.kind !== "Mask");
    const response = await fetchTable(drafts);
    if (mine !== request) return;
    root.dataset.statsLoading = "0";
    table.replaceChildren();
    if (!response.ok) {
      const found = await response.json().catch(() => ({}));
      onStatus(`Could not measure the ROIs (${response.status}${found.message ? `: ${found.message}` : ""})`);
      return;
    }
    const found = await response.json();
    const labels = Object.fromEntries(found.channels.map((c) => [c.index, c.label]));
    for (const row of found.shapes) {
      for (const stats of row.stats) table.append(tableRow(row, stats, labels));
    }
    markRows();
  };

  const tableRow = (row, stats, labels) => {
    const tr = document.createElement("tr");
    const key = row.client_id || `${row.roi}:${row.shape}`;
    tr.dataset.key = key;
    tr.dataset.shape = row.shape === null ? "" : String(row.shape);
    tr.dataset.channel = String(stats.channel);
    if (row.client_id) tr.classList.add("unsaved");
    const cells = [row.roi ?? "new", row.shape ?? "unsaved", row.kind, row.z + 1, row.t + 1, labels[stats.channel]];
    for (const name of STAT_COLUMNS) cells.push(name === "points" ? stats[name] : formatNumber(stats[name]));
    cells.push(row.text || "");
    for (const [i, value] of cells.entries()) {
      const td = document.createElement("td");
      td.textContent = String(value);
      if (i >= 6 && i < 6 + STAT_COLUMNS.length) td.className = STAT_COLUMNS[i - 6];
      if (i === cells.length - 1) td.className = "comment";
      tr.append(td);
    }
    // Rows are reached with Tab and chosen with Enter or Space, as with the mouse.
    tr.tabIndex = 0;
    tr.addEventListener("click", () => choose(key));
    tr.addEventListener("keydown", (e) => {
      if (e.key !== "Enter" && e.key !== " ") return;
      e.preventDefault();
      choose(key);
    });
    return tr;
  };

  // A row clicked: select its shape, go to its plane and show it.
  const choose = (key) => {
    const feature = rois.select((clientId) => clientId === key);
    if (!feature) return;
    const s = feature.get("shape");
    if (s.the_z !== null || s.the_t !== null) {
      const detail = { z: s.the_z === null ? null : s.the_z + 1, t: s.the_t === null ? null : s.the_t + 1 };
      root.dispatchEvent(new CustomEvent("viewer:plane", { detail }));
    }
    const view = rois.view;
    if (view) view.fit(feature.getGeometry().getExtent(), { padding: [80, 80, 80, 80], maxZoom: view.getZoom(), duration: 200 });
  };

  const markRows = () => {
    const keys = new Set(rois.selectedShapes().map((s) => rois.clientIdOf(s)));
    for (const tr of table.children) tr.classList.toggle("selected", keys.has(tr.dataset.key));
  };

  // Measured again once edits or scrubbing pause.
  const later = (delay) => {
    clearTimeout(timer);
    timer = setTimeout(load, delay);
  };
  rois.on("select", markRows);
  rois.on("edit", () => later(150));
  rois.on("load", load);
  return { load, planeChanged: () => later(250) };
}

export function formatNumber(value) {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 1000 ? value.toFixed(1) : value.toPrecision(5);
}
