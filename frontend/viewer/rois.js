// ROIs on the map: every shape kind drawn on its Z/T (and C), drawing (label text
// typed in place), moving, editing and deleting with OpenLayers, and saving the edits
// at once. The ROI table (roi-table.js) and the selected shape's form (shape-form.js)
// work through the object createRois returns.
//
// Shapes keep the model's field names (the_z, radius_x, stroke_color...). Map
// coordinates are image pixels with y pointing up, so a shape's (x, y) is [x, -y].

import Collection from "ol/Collection.js";
import Overlay from "ol/Overlay.js";
import Feature from "ol/Feature.js";
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
import { arrowHead, colourOf, ellipsePoints, fieldsOf, fieldsToSend, geometryOf, round, transformed } from "./geometry.js";

const DEFAULT_STROKE = "rgba(255, 255, 0, 1)";
const SELECTED = "rgba(0, 153, 255, 1)";
// Kinds whose vertices can be dragged; the others move as a whole. Dragging a vertex
// of a rectangle or an ellipse resizes it to the new bounding box.
const VERTEX_KINDS = new Set(["Point", "Line", "Polyline", "Polygon", "Label", "Rectangle", "Ellipse"]);
const BOX_KINDS = new Set(["Rectangle", "Ellipse"]);
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
  Arrow: { type: "LineString", maxPoints: 2 },
  Ellipse: { type: "Circle", geometryFunction: ellipseFromBox },
  Point: { type: "Point" },
  Label: { type: "Point" },
  Line: { type: "LineString", maxPoints: 2 },
  Polyline: { type: "LineString" },
  Polygon: { type: "Polygon" },
};

export function createRois({ root, viewer, state, urls, onStatus }) {
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
    const styles = [new Style({ stroke, fill, image: s.kind === "Label" ? undefined : image, text })];
    const geometry = feature.getGeometry();
    if (geometry.getType() === "LineString" && (s.marker_end === "Arrow" || s.marker_start === "Arrow")) {
      const coords = geometry.getCoordinates();
      // The head's size in image pixels: about 12 screen pixels, and more for thick lines.
      const size = (8 + 2 * (s.stroke_width || 2)) * viewer.view.getResolution();
      const head = new Fill({ color: colour });
      if (s.marker_end === "Arrow" && coords.length > 1) {
        styles.push(new Style({ geometry: arrowHead(coords.at(-2), coords.at(-1), size), fill: head, stroke }));
      }
      if (s.marker_start === "Arrow" && coords.length > 1) {
        styles.push(new Style({ geometry: arrowHead(coords[1], coords[0], size), fill: head, stroke }));
      }
    }
    return styles;
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
    root.dataset.roiSelected = String(selected.getLength());
    root.querySelector("#roi-delete").disabled = selected.getLength() === 0;
    emit("select");
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
    emit("edit");
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
        const geometry = e.feature.getGeometry();
        const fields = fieldsOf(kind === "Arrow" ? "Line" : kind, geometry);
        if (kind === "Arrow") fields.marker_end = "Arrow";
        if (kind === "Label") {
          // The text is typed where the label goes; Enter keeps it, Escape drops it.
          setTimeout(stopDrawing, 0);
          editLabel(geometry.getCoordinates(), (text) => {
            const feature = addNew({ ...fields, kind, text });
            if (feature) selected.push(feature);
          });
          return;
        }
        const feature = addNew({ ...fields, kind: kind === "Arrow" ? "Line" : kind });
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

  // A new shape on the current plane (or as ``fields`` say), not saved yet.
  const addNew = (fields) => {
    const shape = {
      id: null,
      roi: null,
      the_z: state.z - 1,
      the_t: state.t - 1,
      the_c: null,
      stroke_color: null,
      fill_color: null,
      stroke_width: null,
      font_size: null,
      marker_start: "",
      marker_end: "",
      text: "",
      transform: null,
      locked: false,
      can_edit: true,
      can_delete: true,
      ...fields,
    };
    const feature = add(shape, String(nextClientId--));
    markDirty();
    emit("edit");
    return feature;
  };

  // A text box over the map at ``coordinate``; ``done(text)`` once a text is entered.
  const editLabel = (coordinate, done) => {
    const input = document.createElement("input");
    input.type = "text";
    input.className = "label-editor";
    input.setAttribute("aria-label", "Label text");
    const overlay = new Overlay({ element: input, position: coordinate, positioning: "center-left", stopEvent: true });
    viewer.map.addOverlay(overlay);
    let finished = false;
    const finish = (keep) => {
      if (finished) return;
      finished = true;
      const text = input.value.trim();
      viewer.map.removeOverlay(overlay);
      viewer.map.getTargetElement().focus();
      if (keep && text) done(text);
    };
    input.addEventListener("keydown", (e) => {
      e.stopPropagation();
      if (e.key === "Enter") finish(true);
      if (e.key === "Escape") finish(false);
    });
    input.addEventListener("blur", () => finish(true));
    setTimeout(() => input.focus(), 0);
  };

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
    const refused = [];
    for (const feature of [...selected.getArray()]) {
      const s = feature.get("shape");
      if (!s.can_delete) {
        refused.push(s);
        continue;
      }
      if (s.id) {
        edits.deleted.set(feature.getId(), s.id);
        edits.changed.delete(feature.getId());
        masks.get(s.id)?.setVisible(false);
        masks.delete(s.id);
      }
      selected.remove(feature);
      source.removeFeature(feature);
      markDirty();
      emit("edit");
    }
    if (refused.length) onStatus(refusal(refused));
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
  // (A new shape may carry the saved ROI it joins in ``roi``: only ``id`` says saved.)

  const save = async () => {
    const body = {
      new: newFeatures().map((f) => {
        const s = f.get("shape");
        const entry = { client_id: f.getId(), fields: fieldsToSend(s) };
        if (s.roi) entry.roi = s.roi; // propagated into a saved ROI
        if (s.roi_group) entry.roi_group = s.roi_group; // propagated from an unsaved shape
        return entry;
      }),
      changed: [...edits.changed.entries()].map(([cid, s]) => ({
        client_id: cid,
        id: s.id,
        fields: fieldsToSend(s, { withKind: false }),
      })),
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
    emit("load");
  };

  // What listens: "select" (the selection changed), "edit" (a shape was drawn, changed
  // or deleted, not saved yet), "load" (the shapes were loaded or saved).
  const listeners = { select: [], edit: [], load: [] };
  const emit = (name) => {
    for (const listener of listeners[name]) listener();
  };
  const editable = () => selected.getArray().filter((f) => f.get("shape").can_edit && !f.get("shape").locked);

  return {
    load,
    on: (name, listener) => listeners[name].push(listener),
    // The plane or the channels changed: show that plane's shapes.
    planeChanged: () => {
      source.changed();
      refreshMasks();
    },
    selectedShapes: () => selected.getArray().map((f) => f.get("shape")),
    // Set ``fields`` (style, text) on the selected shapes the user may edit; how many.
    changeSelected: (fields) => {
      const changing = editable();
      for (const feature of changing) {
        const s = feature.get("shape");
        Object.assign(s, fields);
        if (s.id) edits.changed.set(feature.getId(), s);
      }
      if (changing.length) {
        source.changed();
        markDirty();
        emit("edit");
      }
      return changing.length;
    },
    addShapes: (shapes) => shapes.map((fields) => addNew(fields)).filter(Boolean),
    // Shapes not saved as they are: new ones, and saved ones changed since.
    drafts: () => [
      ...newFeatures().map((f) => ({ client_id: f.getId(), shape: f.get("shape") })),
      ...[...edits.changed.entries()].map(([cid, s]) => ({ client_id: cid, shape: s })),
    ],
    select: (match) => {
      const feature = source.getFeatures().find((f) => match(f.getId(), f.get("shape")));
      if (!feature) return null;
      selected.clear();
      selected.push(feature);
      return feature;
    },
    view: viewer.view,
    clientIdOf: (shape) => source.getFeatures().find((f) => f.get("shape") === shape)?.getId(),
  };
}

// Why some selected shapes were not deleted.
export function refusal(shapes) {
  const owners = [...new Set(shapes.map((s) => (s.owner && s.owner.name) || "another user"))];
  const what = shapes.length === 1 ? `This ${shapes[0].kind.toLowerCase()} belongs` : `${shapes.length} of these shapes belong`;
  return `Not deleted: ${what} to ${owners.join(", ")}; only the owner of a shape (or the group's owner) may delete it.`;
}

function firstCoordinate(geometry) {
  const type = geometry.getType();
  if (type === "Point") return geometry.getCoordinates();
  if (type === "LineString") return geometry.getCoordinates()[0];
  return geometry.getCoordinates()[0][0];
}
