// The viewer's state and OMERO's query names for it: z, t (1-based), c, m, p, maps,
// zm, x, y.

const FAMILIES = new Set(["linear", "polynomial", "exponential", "logarithmic"]);

export function channelsParam(channels) {
  return channels
    .map((ch, i) => `${ch.active ? "" : "-"}${i + 1}|${ch.start}:${ch.end}$${ch.lut || ch.color}`)
    .join(",");
}

export function mapsParam(channels) {
  return JSON.stringify(
    channels.map((ch) => ({
      inverted: { enabled: !!ch.inverted },
      quantization: { family: ch.family, coefficient: ch.coefficient },
    })),
  );
}

export function projectionParam(state) {
  if (state.projection === "normal") return "normal";
  const range = state.projectionStart !== null ? `|${state.projectionStart}:${state.projectionEnd}` : "";
  return `${state.projection}${range}`;
}

// Applies OMERO's ``c=`` (``[-]index|start:end$RRGGBB or $name.lut,...``) in place.
export function applyChannelsParam(channels, param) {
  if (!param) return;
  const seen = new Set();
  for (const part of param.split(",")) {
    const m = /^(-?)(\d+)(?:\|(-?[\d.eE+-]+):(-?[\d.eE+-]+))?(?:\$([0-9A-Fa-f]{6}|[\w.-]+\.lut))?$/.exec(part);
    if (!m) continue;
    const ch = channels[Number(m[2]) - 1];
    if (!ch) continue;
    seen.add(ch);
    ch.active = m[1] !== "-";
    if (m[3] !== undefined) {
      ch.start = Number(m[3]);
      ch.end = Number(m[4]);
    }
    if (m[5] && m[5].toLowerCase().endsWith(".lut")) ch.lut = m[5];
    else if (m[5]) {
      ch.color = m[5].toUpperCase();
      ch.lut = null;
    }
  }
  for (const ch of channels) if (!seen.has(ch)) ch.active = false;
}

export function applyMapsParam(channels, param) {
  if (!param) return;
  let maps;
  try {
    maps = typeof param === "string" ? JSON.parse(param) : param;
  } catch {
    return;
  }
  if (!Array.isArray(maps)) return;
  maps.forEach((map, i) => {
    const ch = channels[i];
    if (!ch || !map) return;
    const inverted = map.inverted || map.reverse;
    if (inverted && inverted.enabled !== undefined) ch.inverted = inverted.enabled === true || inverted.enabled === "true";
    const q = map.quantization;
    if (q && FAMILIES.has(q.family)) ch.family = q.family;
    if (q && Number(q.coefficient) > 0) ch.coefficient = Number(q.coefficient);
  });
}

export function applyProjectionParam(state, param) {
  const m = /^(normal|intmax|intmean|intsum)(?:\|(\d+):(\d+))?$/.exec(param || "");
  if (!m) return;
  state.projection = m[1];
  state.projectionStart = m[2] !== undefined ? Number(m[2]) : null;
  state.projectionEnd = m[3] !== undefined ? Number(m[3]) : null;
}

export function channelsOf(data) {
  return data.channels.map((ch) => ({
    label: ch.label,
    active: ch.active,
    color: ch.color.toUpperCase(),
    lut: ch.lut || null,
    inverted: !!ch.inverted,
    family: ch.family || "linear",
    coefficient: ch.coefficient || 1,
    start: ch.window.start,
    end: ch.window.end,
    min: ch.window.min,
    max: ch.window.max,
  }));
}

export function initialState(data, search) {
  const q = new URLSearchParams(search);
  const clamp = (v, max, dflt) => {
    const n = Number.parseInt(v ?? "", 10);
    return Number.isFinite(n) ? Math.min(Math.max(n, 1), max) : dflt;
  };
  const channels = channelsOf(data);
  applyChannelsParam(channels, q.get("c"));
  applyMapsParam(channels, q.get("maps"));
  const m = q.get("m");
  const state = {
    z: clamp(q.get("z"), data.size.z, data.rdefs.defaultZ + 1),
    t: clamp(q.get("t"), data.size.t, data.rdefs.defaultT + 1),
    channels,
    model: m === "g" || m === "c" ? m : data.rdefs.model === "greyscale" ? "g" : "c",
    projection: "normal",
    projectionStart: null,
    projectionEnd: null,
    zm: Number(q.get("zm")) || null,
    x: q.has("x") ? Number(q.get("x")) : null,
    y: q.has("y") ? Number(q.get("y")) : null,
  };
  applyProjectionParam(state, data.rdefs.projection);
  applyProjectionParam(state, q.get("p"));
  return state;
}

export function renderQuery(state) {
  const parts = [
    `c=${encodeURIComponent(channelsParam(state.channels))}`,
    `m=${state.model}`,
    `maps=${encodeURIComponent(mapsParam(state.channels))}`,
  ];
  if (state.projection !== "normal") parts.push(`p=${encodeURIComponent(projectionParam(state))}`);
  return parts.join("&");
}

export function pageQuery(state) {
  const q = new URLSearchParams();
  q.set("z", String(state.z));
  q.set("t", String(state.t));
  q.set("c", channelsParam(state.channels));
  q.set("m", state.model);
  if (state.channels.some((ch) => ch.inverted || ch.family !== "linear" || ch.coefficient !== 1)) {
    q.set("maps", mapsParam(state.channels));
  }
  if (state.projection !== "normal") q.set("p", projectionParam(state));
  if (state.zm) q.set("zm", String(Math.round(state.zm)));
  if (state.x !== null) q.set("x", String(Math.round(state.x)));
  if (state.y !== null) q.set("y", String(Math.round(state.y)));
  return q.toString();
}

// The settings part of the state, for undo/redo and other users' settings.
export function snapshot(state) {
  return JSON.stringify({
    channels: state.channels.map(({ active, color, lut, inverted, family, coefficient, start, end }) => ({
      active, color, lut, inverted, family, coefficient, start, end,
    })),
    model: state.model,
    projection: state.projection,
    projectionStart: state.projectionStart,
    projectionEnd: state.projectionEnd,
  });
}

export function restore(state, text) {
  const found = JSON.parse(text);
  found.channels.forEach((ch, i) => Object.assign(state.channels[i], ch));
  state.model = found.model;
  state.projection = found.projection;
  state.projectionStart = found.projectionStart;
  state.projectionEnd = found.projectionEnd;
}
