// ROIs on the map: every shape kind drawn on its Z/T (and C), drawing, moving,
// editing and deleting with OpenLayers, saving the edits at once, and the ROI table
// with per-channel statistics computed on the server.
//
// Shapes keep the model's field names (the_z, radius_x, stroke_color...). Map
// coordinates are image pixels with y pointing up, so a shape's (x, y) is [x, -y].

import Collection from "ol/Collection.js";
import Feature from "ol/Feature.js";
import LineString from "ol/geom/LineString.js";
import Point from "ol/geom/Point.js";
import Polygon from "ol/geom/Polygon.js";
import Draw, { createBox } from "ol/interaction/Draw.js";
import Modify from "ol/interaction/Modify.js";
import Select from "ol/interaction/Select.js";
import Translate from "ol/interaction/Translate.js";
import ImageLayer from "ol/layer/Image.js";
import VectorLayer from "ol/layer/Vector.js";
import ImageStatic from "ol/source/ImageStatic.js";
import VectorSource from "ol/source/Vector.js";
import { Circle as CircleStyle, Fill, Stroke, Style, Text } from "ol/style.js";

const DEFAULT_STROKE = "rgba(255, 255, 0, 1)";
const SELECTED = "rgba(0, 153, 255, 1)";
// Kinds whose vertices can be dragged; the others move as a whole. Dragging a vertex
// of a rectangle or an ellipse resizes it to the new bounding box.
const VERTEX_KINDS = new Set(["Point", "Line", "Polyline", "Polygon", "Label", "Rectangle", "Ellipse"]);
const BOX_KINDS = new Set(["Rectangle", "Ellipse"]);
const STAT_COLUMNS = ["points", "min", "max", "sum", "mean", "std_dev"];

export function colourOf(value, fallback) {
  if (value === null || value === undefined) return fallback;
  const v = value >>> 0;
  return `rgba(${v >>> 24}, ${(v >>> 16) & 255}, ${(v >>> 8) & 255}, ${(v & 255) / 255})`;
}

function transformed(shape, points) {
  const t = shape.transform;
  if (!t) return points;
  const [a00, a10, a01, a11, a02, a12] = t;
  return points.map(([x, y]) => [a00 * x + a01 * y + a02, a10 * x + a11 * y + a12]);
}

function parsePoints(text) {
  return (text || "")
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => pair.split(",").map(Number));
}

function ellipsePoints(cx, cy, rx, ry, count = 72) {
  const found = [];
  for (let i = 0; i < count; i++) {
    const a = (2 * Math.PI * i) / count;
    found.push([cx + rx * Math.cos(a), cy + ry * Math.sin(a)]);
  }
  return found;
}

// Image coordinates (y down) -> map coordinates (y up).
const up = (points) => points.map(([x, y]) => [x, -y]);
const ring = (points) => [...up(points), [points[0][0], -points[0][1]]];

export function geometryOf(s) {
  switch (s.kind) {
    case "Rectangle":
    case "Mask": {
      const { x, y, width: w, height: h } = s;
      return new Polygon([ring(transformed(s, [[x, y], [x + w, y], [x + w, y + h], [x, y + h]]))]);
    }
    case "Ellipse":
      return new Polygon([ring(transformed(s, ellipsePoints(s.x, s.y, s.radius_x, s.radius_y)))]);
    case "Point":
    case "Label":
      return new Point(up(transformed(s, [[s.x, s.y]]))[0]);
    case "Line":
      return new LineString(up(transformed(s, [[s.x1, s.y1], [s.x2, s.y2]])));
    case "Polyline":
      return new LineString(up(transformed(s, parsePoints(s.points))));
    case "Polygon":
      return new Polygon([ring(transformed(s, parsePoints(s.points)))]);
    default:
      return null;
  }
}

const round = (v) => Math.round(v * 100) / 100;
const pointsText = (coords) => coords.map(([x, y]) => `${round(x)},${round(-y)}`).join(" ");

// The fields a geometry gives a shape of this kind (shapes without a transform).
export function fieldsOf(kind, geometry) {
  const [minX, minY, maxX, maxY] = geometry.getExtent();
  switch (kind) {
    case "Rectangle":
    case "Mask":
      return { x: round(minX), y: round(-maxY), width: round(maxX - minX), height: round(maxY - minY) };
    case "Ellipse":
      return {
        x: round((minX + maxX) / 2),
        y: round(-(minY + maxY) / 2),
        radius_x: round((maxX - minX) / 2),
        radius_y: round((maxY - minY) / 2),
      };
    case "Point":
    case "Label": {
      const [x, y] = geometry.getCoordinates();
      return { x: round(x), y: round(-y) };
    }
    case "Line": {
      const [[x1, y1], [x2, y2]] = geometry.getCoordinates();
      return { x1: round(x1), y1: round(-y1), x2: round(x2), y2: round(-y2) };
    }
    case "Polyline":
      return { points: pointsText(geometry.getCoordinates()) };
    case "Polygon":
      return { points: pointsText(geometry.getCoordinates()[0].slice(0, -1)) };
    default:
      return {};
  }
}

function ellipseFromBox(coordinates, geometry) {
  const [[x1, y1], [x2, y2]] = [coordinates[0], coordinates[coordinates.length - 1]];
  const points = ellipsePoints((x1 + x2) / 2, (y1 + y2) / 2, Math.abs(x2 - x1) / 2, Math.abs(y2 - y1) / 2);
  const rings = [[...points, points[0]]];
  if (!geometry) return new Polygon(rings);
  geometry.setCoordinates(rings);
  return geometry;
}

const DRAW = {
  Rectangle: { type: "Circle", geometryFunction: createBox() },
  Ellipse: { type: "Circle", geometryFunction: ellipseFromBox },
  Point: { type: "Point" },
  Label: { type: "Point" },
  Line: { type: "LineString", maxPoints: 2 },
  Polyline: { type: "LineString" },
  Polygon: { type: "Polygon" },
};

export function createRois({ root, viewer, state, data, urls, onStatus }) {
  const source = new VectorSource();
  const masks = new Map(); // shape id -> ImageLayer
  const selected = new Collection();
  const vertexEditable = new Collection();
  const edits = { changed: new Map(), deleted: new Map() };
  let nextClientId = -1;
  let visible = true;

  const onPlane = (s) =>
    (s.the_z === null || s.the_z === state.z - 1) &&
    (s.the_t === null || s.the_t === state.t - 1) &&
    (s.the_c === null || !state.channels[s.the_c] || state.channels[s.the_c].active);

  const style = (feature) => {
    const s = feature.get("shape");
    if (!visible || !onPlane(s)) return null;
    const chosen = selected.getArray().includes(feature);
    const colour = chosen ? SELECTED : colourOf(s.stroke_color, DEFAULT_STROKE);
    const stroke = new Stroke({ color: colour, width: chosen ? 3 : Math.max(1, s.stroke_width || 2) });
    const fill = new Fill({ color: s.kind === "Mask" ? "rgba(0,0,0,0)" : colourOf(s.fill_color, "rgba(0,0,0,0)") });
    const text = s.text
      ? new Text({
          text: s.text,
          font: `${s.font_size || 14}px sans-serif`,
          fill: new Fill({ color: colour }),
          stroke: new Stroke({ color: "rgba(0,0,0,0.7)", width: 3 }),
          offsetY: s.kind === "Label" ? 0 : -12,
        })
      : undefined;
    const image =
      s.kind === "Point" ? new CircleStyle({ radius: 5, stroke, fill: new Fill({ color: "rgba(255,255,255,0.3)" }) }) : undefined;
    return new Style({ stroke, fill, image: s.kind === "Label" ? undefined : image, text });
  };
  const layer = new VectorLayer({ source, style, updateWhileInteracting: true });
  layer.setZIndex(10);
  viewer.map.addLayer(layer);

  const select = new Select({ layers: [layer], features: selected, style: null, hitTolerance: 4 });
  const movable = (feature) => {
    const s = feature.get("shape");
    return s.can_edit && !s.locked && onPlane(s);
  };
  const translate = new Translate({ features: selected, filter: movable });
  const modify = new Modify({
    features: vertexEditable,
    // New vertices only on polygons and lines, never on boxes.
    insertVertexCondition: () => !vertexEditable.getArray().some((f) => BOX_KINDS.has(f.get("shape").kind)),
  });
  viewer.map.addInteraction(select);
  viewer.map.addInteraction(translate);
  viewer.map.addInteraction(modify);

  selected.on(["add", "remove"], () => {
    vertexEditable.clear();
    for (const f of selected.getArray()) {
      const s = f.get("shape");
      if (movable(f) && VERTEX_KINDS.has(s.kind) && !s.transform) vertexEditable.push(f);
    }
    source.changed();
    markRows();
    root.dataset.roiSelected = String(selected.getLength());
  });

  const changedGeometry = (feature) => {
    const s = feature.get("shape");
    let fields;
    if (s.transform) {
      // Moved as a whole: shift the transform's translation by the drag.
      const [ox, oy] = feature.get("origin");
      const [nx, ny] = firstCoordinate(feature.getGeometry());
      const t = [...s.transform];
      t[4] = round(t[4] + nx - ox);
      t[5] = round(t[5] - (ny - oy));
      fields = { transform: t };
    } else {
      fields = fieldsOf(s.kind, feature.getGeometry());
    }
    Object.assign(s, fields);
    if (BOX_KINDS.has(s.kind) && !s.transform) feature.setGeometry(geometryOf(s));
    feature.set("origin", firstCoordinate(feature.getGeometry()));
    if (s.id) edits.changed.set(feature.getId(), s);
    if (s.kind === "Mask") placeMask(s);
    markDirty();
  };
  translate.on("translateend", (e) => e.features.forEach(changedGeometry));
  modify.on("modifyend", (e) => e.features.forEach(changedGeometry));

  let draw = null;
  const tools = root.querySelectorAll("[data-draw]");
  const stopDrawing = () => {
    if (draw) viewer.map.removeInteraction(draw);
    draw = null;
    for (const b of tools) b.setAttribute("aria-pressed", "false");
    select.setActive(true);
  };
  for (const button of tools) {
    button.addEventListener("click", () => {
      const kind = button.dataset.draw;
      const again = draw && draw.get("kind") === kind;
      stopDrawing();
      if (again) return;
      select.setActive(false);
      selected.clear();
      draw = new Draw({ ...DRAW[kind] });
      draw.set("kind", kind);
      draw.on("drawend", (e) => {
        const fields = fieldsOf(kind, e.feature.getGeometry());
        if (kind === "Label") {
          fields.text = window.prompt("Label text", "") || "";
          if (!fields.text) return;
        }
        const shape = {
          id: null,
          roi: null,
          kind,
          the_z: state.z - 1,
          the_t: state.t - 1,
          the_c: null,
          stroke_color: null,
          fill_color: null,
          stroke_width: null,
          font_size: null,
          text: "",
          transform: null,
          locked: false,
          can_edit: true,
          can_delete: true,
          ...fields,
        };
        const feature = add(shape, String(nextClientId--));
        markDirty();
        // Back to selecting, with the new shape selected (ready to move or resize).
        setTimeout(() => {
          stopDrawing();
          if (feature) selected.push(feature);
        }, 0);
      });
      viewer.map.addInteraction(draw);
      button.setAttribute("aria-pressed", "true");
    });
  }

  const add = (shape, clientId) => {
    const geometry = geometryOf(shape);
    if (!geometry) return null;
    const feature = new Feature({ geometry, shape });
    feature.setId(clientId);
    feature.set("origin", firstCoordinate(geometry));
    source.addFeature(feature);
    if (shape.kind === "Mask" && shape.id) placeMask(shape);
    return feature;
  };

  const placeMask = (s) => {
    let maskLayer = masks.get(s.id);
    if (!maskLayer) {
      maskLayer = new ImageLayer();
      maskLayer.setZIndex(9);
      masks.set(s.id, maskLayer);
      viewer.map.addLayer(maskLayer);
    }
    const [[x, y]] = transformed(s, [[s.x, s.y]]);
    maskLayer.setSource(
      new ImageStatic({
        url: `${urls.webgateway}render_shape_mask/${s.id}/`,
        imageExtent: [x, -(y + s.height), x + s.width, -y],
        projection: viewer.view.getProjection(),
        interpolate: false,
      }),
    );
    maskLayer.set("shape", s);
  };

  const refreshMasks = () => {
    for (const maskLayer of masks.values()) maskLayer.setVisible(visible && onPlane(maskLayer.get("shape")));
  };

  const deleteSelected = () => {
    for (const feature of [...selected.getArray()]) {
      const s = feature.get("shape");
      if (!s.can_delete) continue;
      if (s.id) {
        edits.deleted.set(feature.getId(), s.id);
        edits.changed.delete(feature.getId());
        masks.get(s.id)?.setVisible(false);
        masks.delete(s.id);
      }
      selected.remove(feature);
      source.removeFeature(feature);
      markDirty();
    }
  };
  root.querySelector("#roi-delete").addEventListener("click", deleteSelected);
  viewer.map.getTargetElement().addEventListener("keydown", (e) => {
    if ((e.key === "Delete" || e.key === "Backspace") && selected.getLength()) {
      e.preventDefault();
      deleteSelected();
    }
    if (e.key === "Escape") stopDrawing();
  });
  const show = root.querySelector("#roi-show");
  show.addEventListener("change", () => {
    visible = show.checked;
    source.changed();
    refreshMasks();
  });

  const dirty = root.querySelector("#roi-save");
  const markDirty = () => {
    const pending = edits.changed.size + edits.deleted.size + newFeatures().length;
    dirty.disabled = pending === 0;
    root.dataset.roiPending = String(pending);
  };
  const newFeatures = () => source.getFeatures().filter((f) => !f.get("shape").id);

  const save = async () => {
    const fieldsToSend = (s) => {
      const out = {};
      for (const key of ["kind", "the_z", "the_t", "the_c", "x", "y", "width", "height", "radius_x", "radius_y", "x1", "y1", "x2", "y2", "points", "text", "stroke_color", "fill_color", "stroke_width", "font_size"]) {
        if (s[key] !== undefined && s[key] !== null && s[key] !== "") out[key] = s[key];
      }
      if (s.transform) {
        [out.a00, out.a10, out.a01, out.a11, out.a02, out.a12] = s.transform;
      }
      return out;
    };
    const body = {
      new: newFeatures().map((f) => ({ client_id: f.getId(), fields: fieldsToSend(f.get("shape")) })),
      changed: [...edits.changed.entries()].map(([cid, s]) => {
        const fields = fieldsToSend(s);
        delete fields.kind;
        return { client_id: cid, id: s.id, fields };
      }),
      deleted: Object.fromEntries(edits.deleted),
    };
    onStatus("Saving ROIs…");
    const response = await fetch(urls.rois, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": urls.csrf() },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      const found = await response.json().catch(() => ({}));
      onStatus(`Could not save the ROIs (${response.status}${found.message ? `: ${found.message}` : ""})`);
      return;
    }
    edits.changed.clear();
    edits.deleted.clear();
    onStatus("ROIs saved");
    await load();
  };
  dirty.addEventListener("click", save);

  const load = async () => {
    const response = await fetch(urls.rois, { credentials: "same-origin" });
    if (!response.ok) {
      onStatus(`Could not load the ROIs (${response.status})`);
      return;
    }
    const { shapes } = await response.json();
    selected.clear();
    source.clear();
    for (const maskLayer of masks.values()) viewer.map.removeLayer(maskLayer);
    masks.clear();
    for (const s of shapes) add(s, `${s.roi}:${s.id}`);
    refreshMasks();
    root.dataset.roiCount = String(shapes.length);
    markDirty();
    await loadStats();
  };

  // The ROI table: one row per shape and active channel.
  const table = root.querySelector("#roi-table tbody");
  const head = root.querySelector("#roi-table thead tr");
  head.innerHTML = ["ROI", "Shape", "Type", "Z", "T", "Channel", "Points", "Min", "Max", "Sum", "Mean", "Std dev"]
    .map((h) => `<th scope="col">${h}</th>`)
    .join("");
  const csv = root.querySelector("#roi-csv");
  let statsRequest = 0;
  let statsTimer = null;
  const statsQuery = () => {
    const active = state.channels.map((ch, i) => (ch.active ? i : null)).filter((i) => i !== null);
    const c = (active.length ? active : state.channels.map((_, i) => i)).join(",");
    return `z=${state.z - 1}&t=${state.t - 1}&c=${c}`;
  };
  const loadStats = async () => {
    const mine = ++statsRequest;
    const query = statsQuery();
    csv.href = `${urls.stats.replace(/\/$/, ".csv")}?${query}`;
    root.dataset.statsLoading = "1";
    const response = await fetch(`${urls.stats}?${query}`, { credentials: "same-origin" });
    if (mine !== statsRequest) return;
    root.dataset.statsLoading = "0";
    table.replaceChildren();
    if (!response.ok) {
      onStatus(`Could not measure the ROIs (${response.status})`);
      return;
    }
    const found = await response.json();
    const labels = Object.fromEntries(found.channels.map((c) => [c.index, c.label]));
    for (const row of found.shapes) {
      for (const stats of row.stats) {
        const tr = document.createElement("tr");
        tr.dataset.shape = String(row.shape);
        tr.dataset.channel = String(stats.channel);
        const cells = [row.roi, row.shape, row.kind, row.z + 1, row.t + 1, labels[stats.channel]];
        for (const key of STAT_COLUMNS) cells.push(key === "points" ? stats[key] : formatNumber(stats[key]));
        for (const [i, value] of cells.entries()) {
          const td = document.createElement("td");
          td.textContent = String(value);
          if (i >= 6) td.className = STAT_COLUMNS[i - 6];
          tr.append(td);
        }
        tr.addEventListener("click", () => choose(row.shape));
        table.append(tr);
      }
    }
    markRows();
  };

  const choose = (shapeId) => {
    const feature = source.getFeatures().find((f) => f.get("shape").id === shapeId);
    if (!feature) return;
    selected.clear();
    selected.push(feature);
    const s = feature.get("shape");
    const extent = feature.getGeometry().getExtent();
    if (s.the_z !== null || s.the_t !== null) {
      root.dispatchEvent(
        new CustomEvent("viewer:plane", { detail: { z: s.the_z === null ? null : s.the_z + 1, t: s.the_t === null ? null : s.the_t + 1 } }),
      );
    }
    viewer.view.fit(extent, { padding: [80, 80, 80, 80], maxZoom: viewer.view.getZoom(), duration: 200 });
  };

  const markRows = () => {
    const ids = new Set(selected.getArray().map((f) => f.get("shape").id));
    for (const tr of table.children) tr.classList.toggle("selected", ids.has(Number(tr.dataset.shape)));
  };

  return {
    load,
    // The plane or the channels changed: show that plane's shapes and measure them.
    planeChanged: () => {
      source.changed();
      refreshMasks();
      clearTimeout(statsTimer);
      statsTimer = setTimeout(loadStats, 250); // once scrubbing pauses
    },
  };
}

function firstCoordinate(geometry) {
  const type = geometry.getType();
  if (type === "Point") return geometry.getCoordinates();
  if (type === "LineString") return geometry.getCoordinates()[0];
  return geometry.getCoordinates()[0][0];
}

export function formatNumber(value) {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 1000 ? value.toFixed(1) : value.toPrecision(5);
}
