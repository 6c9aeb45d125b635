// The viewer's state and OMERO's query names for it: z, t (1-based), c, m, zm, x, y.

export function channelsParam(channels) {
  return channels
    .map((ch, i) => `${ch.active ? "" : "-"}${i + 1}|${ch.start}:${ch.end}$${ch.color}`)
    .join(",");
}

// Applies OMERO's ``c=`` (``[-]index|start:end$RRGGBB,...``) to channels, in place.
export function applyChannelsParam(channels, param) {
  if (!param) return;
  const seen = new Set();
  for (const part of param.split(",")) {
    const m = /^(-?)(\d+)(?:\|(-?[\d.]+):(-?[\d.]+))?(?:\$([0-9A-Fa-f]{6}))?$/.exec(part);
    if (!m) continue;
    const ch = channels[Number(m[2]) - 1];
    if (!ch) continue;
    seen.add(ch);
    ch.active = m[1] !== "-";
    if (m[3] !== undefined) {
      ch.start = Number(m[3]);
      ch.end = Number(m[4]);
    }
    if (m[5]) ch.color = m[5].toUpperCase();
  }
  for (const ch of channels) if (!seen.has(ch)) ch.active = false;
}

export function initialState(data, search) {
  const q = new URLSearchParams(search);
  const clamp = (v, max, dflt) => {
    const n = Number.parseInt(v ?? "", 10);
    return Number.isFinite(n) ? Math.min(Math.max(n, 1), max) : dflt;
  };
  const channels = data.channels.map((ch) => ({
    label: ch.label,
    active: ch.active,
    color: ch.color.toUpperCase(),
    start: ch.window.start,
    end: ch.window.end,
    min: ch.window.min,
    max: ch.window.max,
  }));
  applyChannelsParam(channels, q.get("c"));
  const m = q.get("m");
  return {
    z: clamp(q.get("z"), data.size.z, data.rdefs.defaultZ + 1),
    t: clamp(q.get("t"), data.size.t, data.rdefs.defaultT + 1),
    channels,
    model: m === "g" || m === "c" ? m : data.rdefs.model === "greyscale" ? "g" : "c",
    zm: Number(q.get("zm")) || null,
    x: q.has("x") ? Number(q.get("x")) : null,
    y: q.has("y") ? Number(q.get("y")) : null,
  };
}

export function renderQuery(state) {
  return `c=${encodeURIComponent(channelsParam(state.channels))}&m=${state.model}`;
}

export function pageQuery(state) {
  const q = new URLSearchParams();
  q.set("z", String(state.z));
  q.set("t", String(state.t));
  q.set("c", channelsParam(state.channels));
  q.set("m", state.model);
  if (state.zm) q.set("zm", String(Math.round(state.zm)));
  if (state.x !== null) q.set("x", String(Math.round(state.x)));
  if (state.y !== null) q.set("y", String(Math.round(state.y)));
  return q.toString();
}
