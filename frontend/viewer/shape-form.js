// The selected shape's form: stroke and fill colours, line width, font size and
// comment (the shape's text), propagating it to other Z/T planes, and copying and
// pasting shapes (Ctrl+C / Ctrl+V on the map; the clipboard is kept in the browser, so
// shapes can be pasted into another image's viewer).

import { fieldsOf, geometryOf } from "./geometry.js";

const CLIPBOARD = "pyomero.viewer.shapes";
// What a copy keeps of a shape: everything but its identity and permissions.
const COPIED = [
  "kind", "the_z", "the_t", "the_c", "x", "y", "width", "height", "radius_x", "radius_y",
  "x1", "y1", "x2", "y2", "points", "text", "stroke_color", "fill_color", "stroke_width",
  "font_size", "marker_start", "marker_end", "transform",
];
// A pasted shape on the plane and image it was copied from is moved by this (pixels).
const PASTE_OFFSET = 10;

// OMERO's colours are signed RGBA integers.
export function hexOf(value, fallback) {
  if (value === null || value === undefined) return fallback;
  return `#${((value >>> 8) & 0xffffff).toString(16).padStart(6, "0")}`;
}

export function alphaOf(value) {
  return value === null || value === undefined ? 0 : (value >>> 0) & 255;
}

export function rgbaOf(hex, alpha) {
  const rgb = Number.parseInt(hex.slice(1), 16);
  return ((rgb << 8) | (alpha & 255)) | 0;
}

function copyOf(shape) {
  const out = {};
  for (const key of COPIED) if (shape[key] !== undefined) out[key] = shape[key];
  return out;
}

// ``shape`` moved by (dx, dy) image pixels.
function shifted(shape, dx, dy) {
  if (shape.transform) {
    const t = [...shape.transform];
    t[4] += dx;
    t[5] += dy;
    return { ...shape, transform: t };
  }
  const geometry = geometryOf(shape);
  if (!geometry) return shape;
  geometry.translate(dx, -dy);
  return { ...shape, ...fieldsOf(shape.kind, geometry) };
}

export function createShapeForm({ root, state, data, rois, onStatus }) {
  const $ = (selector) => root.querySelector(selector);
  const form = $("#shape-form");
  const stroke = $("#shape-stroke");
  const fill = $("#shape-fill");
  const opacity = $("#shape-fill-opacity");
  const width = $("#shape-width");
  const font = $("#shape-font");
  const comment = $("#shape-comment");
  const styleInputs = [stroke, fill, opacity, width, font, comment];
  const range = { z: [$("#propagate-z-from"), $("#propagate-z-to")], t: [$("#propagate-t-from"), $("#propagate-t-to")] };
  for (const dim of ["z", "t"]) {
    for (const input of range[dim]) input.max = String(data.size[dim]);
  }

  // Show the first selected shape's values.
  const show = () => {
    const shapes = rois.selectedShapes();
    form.disabled = shapes.length === 0;
    $("#roi-copy").disabled = shapes.length === 0;
    root.dataset.shapeForm = shapes.length ? "shown" : "empty";
    if (!shapes.length) return;
    const s = shapes[0];
    stroke.value = hexOf(s.stroke_color, "#ffff00");
    fill.value = hexOf(s.fill_color, "#ffffff");
    opacity.value = String(Math.round((alphaOf(s.fill_color) / 255) * 100));
    width.value = String(s.stroke_width || 2);
    font.value = String(s.font_size || 14);
    comment.value = s.text || "";
    const editable = shapes.some((one) => one.can_edit && !one.locked);
    for (const input of styleInputs) input.disabled = !editable;
    range.z[0].value = range.z[1].value = String(state.z);
    range.t[0].value = range.t[1].value = String(state.t);
    if (s.the_z !== null) range.z[1].value = String(data.size.z);
  };
  rois.on("select", show);
  rois.on("load", show);

  const change = (fields) => {
    const count = rois.changeSelected(fields);
    if (!count) onStatus("You may not change the selected shapes");
  };
  stroke.addEventListener("change", () => change({ stroke_color: rgbaOf(stroke.value, 255) }));
  const setFill = () => change({ fill_color: rgbaOf(fill.value, Math.round((Number(opacity.value) / 100) * 255)) });
  fill.addEventListener("change", setFill);
  opacity.addEventListener("change", setFill);
  width.addEventListener("change", () => {
    const value = Number(width.value);
    if (value > 0) change({ stroke_width: value });
  });
  font.addEventListener("change", () => {
    const value = Number(font.value);
    if (value > 0) change({ font_size: value });
  });
  comment.addEventListener("change", () => change({ text: comment.value }));
  comment.addEventListener("keydown", (e) => {
    if (e.key === "Enter") comment.dispatchEvent(new Event("change"));
  });

  // Propagate: a copy of each selected shape on every plane of the ranges (1-based),
  // in the shape's ROI when the user may add to it (as OMERO does).
  $("#propagate").addEventListener("click", () => {
    const bounds = (dim) => {
      const [a, b] = range[dim].map((input) => Math.min(Math.max(Number(input.value) || 1, 1), data.size[dim]));
      return [Math.min(a, b), Math.max(a, b)];
    };
    const [z0, z1] = bounds("z");
    const [t0, t1] = bounds("t");
    const copies = [];
    for (const s of rois.selectedShapes()) {
      const group = s.roi ? "" : `propagated-${rois.clientIdOf(s)}`;
      if (!s.roi) s.roi_group = group;
      const roi = s.roi && s.can_edit ? s.roi : null;
      for (let z = z0; z <= z1; z++) {
        for (let t = t0; t <= t1; t++) {
          const onZ = s.the_z === null ? null : z - 1;
          const onT = s.the_t === null ? null : t - 1;
          if (onZ === s.the_z && onT === s.the_t) continue;
          if (copies.some((c) => c.origin === s && c.the_z === onZ && c.the_t === onT)) continue;
          copies.push({ ...copyOf(s), the_z: onZ, the_t: onT, roi, roi_group: roi ? "" : group || `propagated-${s.id}`, origin: s });
        }
      }
    }
    const added = rois.addShapes(copies.map(({ origin, ...fields }) => fields));
    onStatus(`${added.length} shape${added.length === 1 ? "" : "s"} added on other planes: save to keep them`);
  });

  const copy = () => {
    const shapes = rois.selectedShapes();
    if (!shapes.length) return;
    const found = { image: data.id, z: state.z, t: state.t, shapes: shapes.map(copyOf) };
    localStorage.setItem(CLIPBOARD, JSON.stringify(found));
    onStatus(`${shapes.length} shape${shapes.length === 1 ? "" : "s"} copied`);
  };
  const paste = () => {
    let found;
    try {
      found = JSON.parse(localStorage.getItem(CLIPBOARD) || "null");
    } catch {
      found = null;
    }
    if (!found || !Array.isArray(found.shapes) || !found.shapes.length) {
      onStatus("No shapes copied yet");
      return;
    }
    const samePlace = found.image === data.id && found.z === state.z && found.t === state.t;
    const shapes = found.shapes.map((s) => {
      const placed = {
        ...s,
        the_z: s.the_z === null || s.the_z === undefined ? null : state.z - 1,
        the_t: s.the_t === null || s.the_t === undefined ? null : state.t - 1,
      };
      return samePlace ? shifted(placed, PASTE_OFFSET, PASTE_OFFSET) : placed;
    });
    const added = rois.addShapes(shapes);
    onStatus(`${added.length} shape${added.length === 1 ? "" : "s"} pasted: save to keep them`);
  };
  $("#roi-copy").addEventListener("click", copy);
  $("#roi-paste").addEventListener("click", paste);
  $("#map").addEventListener("keydown", (e) => {
    if (!(e.ctrlKey || e.metaKey)) return;
    if (e.key === "c") copy();
    if (e.key === "v") paste();
  });
  show();
}
