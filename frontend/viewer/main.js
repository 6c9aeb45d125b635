// pyomero's image viewer: /webclient/img_detail/<iid>/ (see docs/viewer.md).

import "ol/ol.css";
import { createChannels, loadLuts } from "./channels.js";
import { createMap } from "./map.js";
import { createPlayer } from "./player.js";
import { createCursor } from "./pixels.js";
import { createTabs, showInfo } from "./info.js";
import { createRoiTable } from "./roi-table.js";
import { createRois } from "./rois.js";
import { createShapeForm } from "./shape-form.js";
import { createSettings } from "./settings.js";
import { initialState, pageQuery, renderQuery } from "./state.js";
import { createStrip, createSync, exportPng, startCompare } from "./extras.js";

async function start(root) {
  const status = document.getElementById("status");
  const response = await fetch(root.dataset.imgDataUrl, { credentials: "same-origin" });
  if (!response.ok) {
    status.textContent = `Could not load the image (${response.status})`;
    return;
  }
  const data = await response.json();
  if (data.ConcurrencyException) {
    // The pyramid is still being written: ask again after the server's back-off.
    status.textContent = "The image is still being imported…";
    setTimeout(() => start(root), data.ConcurrencyException.backOff || 1000);
    return;
  }
  status.textContent = "";
  const webgateway = root.dataset.imgDataUrl.replace(/imgData\/\d+\/$/, "");
  const state = initialState(data, window.location.search);
  // data-loading: how many tiles or planes are on their way (tests wait for "0").
  // ?prefetch=0: no tiles fetched around the view (to measure what the ring brings).
  const ring = new URLSearchParams(window.location.search).get("prefetch") !== "0";
  const viewer = createMap(
    "map",
    data,
    webgateway,
    (count) => {
      root.dataset.loading = String(count);
    },
    { ring, onRing: (count) => (root.dataset.prefetching = String(count)) },
  );
  const { view } = viewer;
  const csrf = () => document.querySelector("[name=csrfmiddlewaretoken]").value;
  const say = (text) => {
    status.textContent = text;
  };

  const urls = { webgateway, rois: root.dataset.roisUrl, stats: root.dataset.statsUrl, csrf };
  const rois = createRois({ root, viewer, state, urls, onStatus: say });
  const roiTable = createRoiTable({ root, state, rois, urls, onStatus: say });
  createShapeForm({ root, state, data, rois, onStatus: say });
  createTabs(root);
  showInfo(document.getElementById("image-info"), data);
  const cursor = createCursor({ viewer, state, data, url: root.dataset.pixelUrl });
  // What the first view does not need waits until it is drawn, so that its tiles go
  // first: LUTs, histograms, planes ahead, ROIs and their table, users' settings, strip.
  let firstPainted = false;
  const painted = new Promise((resolve) => {
    viewer.map.once("rendercomplete", resolve);
    setTimeout(resolve, 10_000); // a view that never completes (failed tiles) still gets the rest
  });
  const luts = painted.then(() => loadLuts(webgateway));

  let settings = null;
  let channels = null;
  // Draw the current state: tiles, URL, shapes of the plane, values under the cursor.
  const render = () => {
    viewer.refresh({ z: state.z - 1, t: state.t - 1 }, renderQuery(state));
    remember();
    cursor.refresh();
    share();
    if (firstPainted) {
      rois.planeChanged();
      roiTable.planeChanged();
      channels.planeChanged();
      player.prefetch();
    }
  };
  // Side by side: tell the other viewers where this one is.
  // (Not before this view is placed, nor while it follows another: only the viewer
  // the user moves speaks, so viewers of different sizes do not bounce centres.)
  // The first move is the viewer's own placement (fit or the URL's view): were it sent,
  // a viewer that loads late would pull one the user has moved since back to its place.
  let following = 0;
  let placed = false;
  const share = () => {
    if (!placed || !state.zm || performance.now() < following) return;
    sync.send({ z: state.z, t: state.t, zm: Math.round(state.zm), x: Math.round(state.x), y: Math.round(state.y) });
  };
  const sync = createSync({
    name: new URLSearchParams(window.location.search).get("sync"),
    // Another viewer's place, or the compare page's panel: any of z, t, zm, x, y, and
    // ``fit`` (each viewer fits its own image).
    onMessage: (other) => {
      following = performance.now() + 500;
      if (other.fit) viewer.fit();
      if (other.zm) view.setResolution(100 / other.zm);
      if (Number.isFinite(other.x) && Number.isFinite(other.y)) view.setCenter([other.x, -other.y]);
      if (other.z) sliders.z(Math.min(other.z, data.size.z));
      if (other.t) sliders.t(Math.min(other.t, data.size.t));
      render();
    },
  });
  // A change of settings by the user: draw it and keep it for undo.
  const changed = () => {
    channels.show();
    render();
    settings.remember();
  };
  // Settings replaced from elsewhere (undo, paste, imported, another user's).
  const apply = () => {
    channels.show();
    greyscale.checked = state.model === "g";
    settings.showProjection();
    render();
  };
  const remember = () => {
    const url = `${window.location.pathname}?${pageQuery(state)}`;
    window.history.replaceState(null, "", url);
  };

  if (state.zm) {
    view.setResolution(100 / state.zm);
    if (state.x !== null && state.y !== null) view.setCenter([state.x, -state.y]);
  } else {
    viewer.fit();
  }
  view.on("change:resolution", () => {
    document.getElementById("zoom-level").textContent = `${Math.round(100 / view.getResolution())}%`;
  });
  viewer.map.on("moveend", () => {
    const [x, y] = view.getCenter();
    state.zm = 100 / view.getResolution();
    state.x = x;
    state.y = -y;
    document.getElementById("zoom-level").textContent = `${Math.round(state.zm)}%`;
    remember();
    share();
    placed = true;
  });
  document.getElementById("zoom-fit").addEventListener("click", () => viewer.fit());
  document.getElementById("zoom-1to1").addEventListener("click", () => view.setResolution(1));

  const sliders = {};
  for (const dim of ["z", "t"]) {
    const slider = document.getElementById(`${dim}-slider`);
    const output = document.getElementById(`${dim}-value`);
    slider.max = String(data.size[dim]);
    slider.value = String(state[dim]);
    slider.disabled = data.size[dim] < 2;
    sliders[dim] = (value) => {
      state[dim] = value;
      slider.value = String(value);
      output.textContent = `${state[dim]}/${data.size[dim]}`;
      if (dim === "t") player.showTime();
    };
    slider.addEventListener("input", () => {
      sliders[dim](Number(slider.value));
      render();
    });
  }
  // Go to a place: {x, y} (image pixels, the centre) and/or {zm} (percent).
  root.addEventListener("viewer:view", (event) => {
    const { x, y, zm } = event.detail;
    if (zm) view.setResolution(100 / zm);
    if (Number.isFinite(x) && Number.isFinite(y)) view.setCenter([x, -y]);
  });
  // The ROI table or the player asks for another plane.
  root.addEventListener("viewer:plane", (event) => {
    const { z, t } = event.detail;
    if (z) sliders.z(z);
    if (t) sliders.t(t);
    render();
  });

  const greyscale = document.getElementById("greyscale");
  greyscale.checked = state.model === "g";
  greyscale.addEventListener("change", () => {
    state.model = greyscale.checked ? "g" : "c";
    changed();
  });
  channels = createChannels({
    list: document.getElementById("channels"),
    state,
    luts,
    webgateway,
    imageId: data.id,
    changed,
  });
  settings = createSettings({ root, state, data, webgateway, csrf, say, apply, later: painted });
  const player = createPlayer({
    root,
    state,
    data,
    viewer,
    deltaUrl: root.dataset.deltaUrl,
    query: () => renderQuery(state),
  });
  sliders.z(state.z);
  sliders.t(state.t);
  channels.show();
  settings.showProjection();
  painted.then(() => createStrip({ root, data, webgateway }));
  document.getElementById("export-png").addEventListener("click", () => exportPng(viewer.map, data));

  // For tests and the benchmark: when the view was first complete, and which plane
  // the last complete view showed (ms since navigation, "z/t").
  viewer.map.on("rendercomplete", () => {
    // When the last complete view was drawn, and how many there were (ms, as above).
    root.dataset.completedAt = String(performance.now());
    root.dataset.completed = String(Number(root.dataset.completed || 0) + 1);
    if (!root.dataset.firstPaint) root.dataset.firstPaint = String(Math.round(performance.now()));
    const plane = viewer.shownPlane();
    if (plane) root.dataset.painted = `${plane.z + 1}/${plane.t + 1}`;
  });
  render();
  await painted;
  firstPainted = true;
  channels.planeChanged();
  player.prefetch();
  await rois.load();
  root.dataset.ready = "true";
}

const root = document.getElementById("viewer-app");
if (root) start(root);
const compare = document.getElementById("compare-app");
if (compare) startCompare(compare);
