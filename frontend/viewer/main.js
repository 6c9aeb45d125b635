// pyomero's image viewer: /webclient/img_detail/<iid>/ (see docs/viewer.md).

import "ol/ol.css";
import { createMap } from "./map.js";
import { createCursor } from "./pixels.js";
import { createRois } from "./rois.js";
import { channelsParam, initialState, pageQuery, renderQuery } from "./state.js";

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
  const viewer = createMap("map", data, webgateway, (count) => {
    root.dataset.loading = String(count);
  });
  const { view } = viewer;

  const csrf = () => document.querySelector("[name=csrfmiddlewaretoken]").value;
  const say = (text) => {
    status.textContent = text;
  };
  const rois = createRois({
    root,
    viewer,
    state,
    data,
    urls: { webgateway, rois: root.dataset.roisUrl, stats: root.dataset.statsUrl, csrf },
    onStatus: say,
  });
  const cursor = createCursor({ viewer, state, data, url: root.dataset.pixelUrl });
  const render = () => {
    viewer.refresh({ z: state.z - 1, t: state.t - 1 }, renderQuery(state));
    remember();
    rois.planeChanged();
    cursor.refresh();
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
    document.getElementById("zoom-level").textContent =
      `${Math.round(100 / view.getResolution())}%`;
  });
  viewer.map.on("moveend", () => {
    const [x, y] = view.getCenter();
    state.zm = 100 / view.getResolution();
    state.x = x;
    state.y = -y;
    document.getElementById("zoom-level").textContent = `${Math.round(state.zm)}%`;
    remember();
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
    output.textContent = `${state[dim]}/${data.size[dim]}`;
    sliders[dim] = (value) => {
      state[dim] = value;
      slider.value = String(value);
      output.textContent = `${state[dim]}/${data.size[dim]}`;
    };
    slider.addEventListener("input", () => {
      sliders[dim](Number(slider.value));
      render();
    });
  }
  // The ROI table asks for a shape's plane.
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
    render();
  });
  channelControls(document.getElementById("channels"), state, render);

  document.getElementById("save-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = new URLSearchParams({
      c: channelsParam(state.channels),
      m: state.model,
      z: String(state.z),
      t: String(state.t),
    });
    const saved = await fetch(root.dataset.saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf() },
      body,
    });
    status.textContent = saved.ok ? "Settings saved" : `Could not save (${saved.status})`;
  });

  render();
  await rois.load();
  root.dataset.ready = "true";
}

function channelControls(list, state, render) {
  state.channels.forEach((ch, i) => {
    const item = document.createElement("li");
    item.innerHTML = `
      <label><input type="checkbox" class="active"> <span class="name"></span></label>
      <input type="color" class="color" aria-label="Colour">
      <input type="number" class="start" aria-label="Start" step="any">
      <input type="number" class="end" aria-label="End" step="any">`;
    item.dataset.channel = String(i + 1);
    item.querySelector(".name").textContent = ch.label;
    const active = item.querySelector(".active");
    const color = item.querySelector(".color");
    const start = item.querySelector(".start");
    const end = item.querySelector(".end");
    active.checked = ch.active;
    color.value = `#${ch.color}`;
    start.value = String(ch.start);
    end.value = String(ch.end);
    active.setAttribute("aria-label", `Channel ${ch.label}`);
    active.addEventListener("change", () => {
      ch.active = active.checked;
      render();
    });
    color.addEventListener("change", () => {
      ch.color = color.value.slice(1).toUpperCase();
      render();
    });
    for (const [input, key] of [
      [start, "start"],
      [end, "end"],
    ]) {
      input.addEventListener("change", () => {
        const value = Number(input.value);
        if (Number.isFinite(value) && input.value !== "") {
          ch[key] = value;
          render();
        }
      });
    }
    list.append(item);
  });
}

const root = document.getElementById("viewer-app");
if (root) start(root);
