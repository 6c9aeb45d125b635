// Shapes as the model has them (OMERO's field names, y pointing down) and as
// OpenLayers draws them (map coordinates, y pointing up): geometries from fields and
// fields from geometries, OMERO's signed RGBA colours, arrowheads, and the fields sent
// when saving. No state: rois.js, roi-table.js and shape-form.js share them.

import LineString from "ol/geom/LineString.js";
import Point from "ol/geom/Point.js";
import Polygon from "ol/geom/Polygon.js";

// The fields sent when saving (the transform goes as a00..a12).
const SAVED_FIELDS = [
  "kind", "the_z", "the_t", "the_c", "x", "y", "width", "height", "radius_x", "radius_y",
  "x1", "y1", "x2", "y2", "points", "text", "stroke_color", "fill_color", "stroke_width",
  "font_size", "marker_start", "marker_end",
];

// The fields of a shape the server needs (new: with its kind; changed: without),
// texts kept even when emptied.
export function fieldsToSend(s, { withKind = true } = {}) {
  const out = {};
  for (const key of SAVED_FIELDS) {
    if (key === "kind" && !withKind) continue;
    const value = s[key];
    if (value === undefined || value === null) continue;
    if (value === "" && key !== "text") continue;
    out[key] = value;
  }
  if (s.transform) [out.a00, out.a10, out.a01, out.a11, out.a02, out.a12] = s.transform;
  return out;
}

// An arrowhead at ``tip`` pointing away from ``from`` (map coordinates).
export function arrowHead(from, tip, size) {
  const angle = Math.atan2(tip[1] - from[1], tip[0] - from[0]);
  const side = (turn) => [tip[0] - size * Math.cos(angle + turn), tip[1] - size * Math.sin(angle + turn)];
  return new Polygon([[side(0.45), tip, side(-0.45), side(0.45)]]);
}

export function colourOf(value, fallback) {
  if (value === null || value === undefined) return fallback;
  const v = value >>> 0;
  return `rgba(${v >>> 24}, ${(v >>> 16) & 255}, ${(v >>> 8) & 255}, ${(v & 255) / 255})`;
}

export function transformed(shape, points) {
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

export function ellipsePoints(cx, cy, rx, ry, count = 72) {
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

export const round = (v) => Math.round(v * 100) / 100;
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
