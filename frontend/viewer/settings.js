// Rendering settings beyond the channels: undo/redo, copy and paste (the session's
// clipboard, copyImgRDef/getImgRDef), the imported settings (imgData?getDefaults),
// other users' settings (get_image_rdefs_json), save and "save to all" in the
// dataset (saveImgRDef, then copyImgRDef to the dataset), and the Z projection.

import {
  applyChannelsParam,
  applyMapsParam,
  channelsOf,
  channelsParam,
  mapsParam,
  projectionParam,
  restore,
  snapshot,
} from "./state.js";

export function createSettings({ root, state, data, webgateway, csrf, say, apply, later }) {
  const id = data.id;
  const $ = (selector) => root.querySelector(selector);
  const post = (url, body) =>
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf() },
      body: new URLSearchParams(body),
    });
  const params = () => ({
    c: channelsParam(state.channels),
    m: state.model,
    maps: mapsParam(state.channels),
    p: projectionParam(state),
    z: String(state.z),
    t: String(state.t),
  });

  // Undo/redo: snapshots of the settings, one per change.
  const past = [snapshot(state)];
  let at = 0;
  const buttons = () => {
    $("#undo").disabled = at === 0;
    $("#redo").disabled = at === past.length - 1;
  };
  const remember = () => {
    const now = snapshot(state);
    if (now === past[at]) return;
    past.splice(at + 1);
    past.push(now);
    at = past.length - 1;
    buttons();
  };
  const travel = (step) => {
    const next = at + step;
    if (next < 0 || next >= past.length) return;
    at = next;
    restore(state, past[at]);
    apply();
    buttons();
  };
  $("#undo").addEventListener("click", () => travel(-1));
  $("#redo").addEventListener("click", () => travel(1));
  document.addEventListener("keydown", (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.target.matches("input[type=number], input[type=text]")) return;
    if (e.key === "z" && !e.shiftKey) travel(-1);
    else if (e.key === "y" || (e.key === "z" && e.shiftKey)) travel(1);
    else return;
    e.preventDefault();
  });
  buttons();

  // Settings from elsewhere, applied to the view (not saved until Save).
  const applyRdef = (rdef) => {
    if (rdef.c) applyChannelsParam(state.channels, rdef.c);
    if (rdef.maps) applyMapsParam(state.channels, rdef.maps);
    if (rdef.m) state.model = rdef.m.startsWith("g") ? "g" : "c";
    apply();
    remember();
  };

  $("#copy").addEventListener("click", async () => {
    const query = new URLSearchParams({ ...params(), imageId: String(id) });
    const response = await fetch(`${webgateway}copyImgRDef/?${query}`, { credentials: "same-origin" });
    say(response.ok ? "Settings copied" : `Could not copy (${response.status})`);
  });
  $("#paste").addEventListener("click", async () => {
    const response = await fetch(`${webgateway}getImgRDef/`, { credentials: "same-origin" });
    const found = response.ok ? await response.json() : {};
    if (!found.rdef) {
      say("Nothing to paste: copy settings first");
      return;
    }
    applyRdef(found.rdef);
    say("Settings pasted");
  });
  $("#imported").addEventListener("click", async () => {
    const response = await fetch(`${webgateway}imgData/${id}/?getDefaults=true`, { credentials: "same-origin" });
    if (!response.ok) return;
    const imported = await response.json();
    channelsOf(imported).forEach((ch, i) => Object.assign(state.channels[i], ch));
    state.model = imported.rdefs.model === "greyscale" ? "g" : "c";
    state.projection = "normal";
    apply();
    remember();
    say("Imported settings");
  });

  // Other users' settings: one button per owner.
  const others = $("#others");
  const loadOthers = async () => {
    const response = await fetch(`${webgateway}get_image_rdefs_json/${id}/`, { credentials: "same-origin" });
    if (!response.ok) return;
    const { rdefs } = await response.json();
    others.replaceChildren(
      ...rdefs.map((rdef) => {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = `${rdef.owner.firstName} ${rdef.owner.lastName}`.trim() || `#${rdef.owner.id}`;
        button.addEventListener("click", () => {
          rdef.c.forEach((ch, i) => {
            const mine = state.channels[i];
            if (!mine) return;
            Object.assign(mine, {
              active: ch.active,
              start: ch.start,
              end: ch.end,
              color: ch.color.toUpperCase(),
              lut: ch.lut || null,
              inverted: !!ch.inverted,
              family: ch.family || "linear",
              coefficient: ch.coefficient || 1,
            });
          });
          state.model = rdef.model === "greyscale" ? "g" : "c";
          apply();
          remember();
        });
        item.append(button);
        return item;
      }),
    );
  };

  const save = async () => {
    const saved = await post(`${webgateway}saveImgRDef/${id}/`, params());
    say(saved.ok ? "Settings saved" : `Could not save (${saved.status})`);
    if (saved.ok) loadOthers();
    return saved.ok;
  };
  $("#save-form").addEventListener("submit", (event) => {
    event.preventDefault();
    save();
  });
  const dataset = data.meta && data.meta.datasetId;
  const saveAll = $("#save-all");
  saveAll.disabled = !dataset;
  saveAll.addEventListener("click", async () => {
    if (!(await save())) return;
    const response = await post(`${webgateway}copyImgRDef/?fromid=${id}`, { to_type: "dataset", toids: String(dataset) });
    if (!response.ok) {
      say(`Could not save to all (${response.status})`);
      return;
    }
    const done = await response.json();
    say(`Saved to ${done.true.length + 1} images${done.false.length ? `, ${done.false.length} refused` : ""}`);
  });

  // Z projection over a range (1-based in the form, 0-based in p=).
  const kind = $("#projection");
  const from = $("#projection-start");
  const to = $("#projection-end");
  for (const input of [from, to]) {
    input.min = "1";
    input.max = String(data.size.z);
  }
  kind.disabled = data.size.z < 2;
  const showProjection = () => {
    kind.value = state.projection;
    from.value = String((state.projectionStart ?? 0) + 1);
    to.value = String((state.projectionEnd ?? data.size.z - 1) + 1);
    from.disabled = to.disabled = state.projection === "normal";
  };
  const changeProjection = () => {
    state.projection = kind.value;
    const a = Math.min(Math.max(Number(from.value) || 1, 1), data.size.z) - 1;
    const b = Math.min(Math.max(Number(to.value) || data.size.z, 1), data.size.z) - 1;
    state.projectionStart = Math.min(a, b);
    state.projectionEnd = Math.max(a, b);
    apply();
    remember();
  };
  for (const input of [kind, from, to]) input.addEventListener("change", changeProjection);

  later.then(loadOthers);
  return { remember, showProjection };
}
