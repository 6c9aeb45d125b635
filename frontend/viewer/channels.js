// The channel controls: on/off, colour or lookup table (previews cut from luts_png),
// the window as numbers and sliders over the plane's histogram (histogram_json),
// full range, inverted, family and coefficient.

const STRIP = 10; // px per LUT strip in luts_png
const FAMILIES = ["linear", "polynomial", "exponential", "logarithmic"];

export async function loadLuts(webgateway) {
  const response = await fetch(`${webgateway}luts/`, { credentials: "same-origin" });
  if (!response.ok) return [];
  const { luts } = await response.json();
  return luts.map((lut) => ({ name: lut.name, index: lut.png_index }));
}

// ``luts``: a promise of the list; the LUT menus fill when it arrives.
export function createChannels({ list, state, luts, webgateway, imageId, changed }) {
  const items = [];
  const lutByName = new Map();
  const strips = new Image();
  strips.src = `${webgateway}luts_png/`;

  state.channels.forEach((ch, i) => {
    const item = document.createElement("li");
    item.dataset.channel = String(i + 1);
    item.innerHTML = `
      <div class="channel-head">
        <label><input type="checkbox" class="active"> <span class="name"></span></label>
        <canvas class="swatch" width="128" height="10" aria-hidden="true"></canvas>
      </div>
      <div class="channel-colour">
        <input type="color" class="color" aria-label="Colour">
        <select class="lut" aria-label="Lookup table"><option value="">Colour</option></select>
      </div>
      <canvas class="histogram" width="256" height="40" aria-label="Histogram"></canvas>
      <div class="sliders">
        <input type="range" class="low" aria-label="Lower bound" step="any">
        <input type="range" class="high" aria-label="Upper bound" step="any">
      </div>
      <div class="window">
        <input type="number" class="start" aria-label="Start" step="any">
        <input type="number" class="end" aria-label="End" step="any">
        <button type="button" class="full" title="The channel's whole range">Full range</button>
      </div>
      <details class="more"><summary>More</summary>
        <label><input type="checkbox" class="inverted"> Inverted</label>
        <label>Family <select class="family">${FAMILIES.map((f) => `<option>${f}</option>`).join("")}</select></label>
        <label>Coefficient <input type="number" class="coefficient" min="0.01" step="0.1"></label>
      </details>`;
    item.querySelector(".name").textContent = ch.label;
    const $ = (selector) => item.querySelector(selector);
    const lutSelect = $(".lut");
    luts.then((found) => {
      for (const lut of found) {
        lutByName.set(lut.name.toLowerCase(), lut);
        const option = document.createElement("option");
        option.value = lut.name;
        option.textContent = lut.name.replace(/\.lut$/, "").replaceAll("_", " ");
        lutSelect.append(option);
      }
      show();
    });
    $(".active").setAttribute("aria-label", `Channel ${ch.label}`);
    for (const slider of [$(".low"), $(".high")]) {
      slider.min = String(ch.min);
      slider.max = String(ch.max);
    }

    const set = (key, value) => {
      ch[key] = value;
      changed();
    };
    $(".active").addEventListener("change", (e) => set("active", e.target.checked));
    $(".color").addEventListener("change", (e) => {
      ch.lut = null;
      set("color", e.target.value.slice(1).toUpperCase());
    });
    lutSelect.addEventListener("change", (e) => set("lut", e.target.value || null));
    for (const [input, key] of [
      [$(".start"), "start"],
      [$(".end"), "end"],
    ]) {
      input.addEventListener("change", () => {
        const value = Number(input.value);
        if (Number.isFinite(value) && input.value !== "") set(key, value);
      });
    }
    $(".low").addEventListener("input", (e) => {
      ch.start = Math.min(Number(e.target.value), ch.end);
      show();
    });
    $(".high").addEventListener("input", (e) => {
      ch.end = Math.max(Number(e.target.value), ch.start);
      show();
    });
    for (const slider of [$(".low"), $(".high")]) slider.addEventListener("change", () => changed());
    $(".full").addEventListener("click", () => {
      ch.start = ch.min;
      ch.end = ch.max;
      changed();
    });
    $(".inverted").addEventListener("change", (e) => set("inverted", e.target.checked));
    $(".family").addEventListener("change", (e) => set("family", e.target.value));
    $(".coefficient").addEventListener("change", (e) => {
      const value = Number(e.target.value);
      if (value > 0) set("coefficient", value);
    });

    let counts = null;
    const drawHistogram = () => {
      const canvas = $(".histogram");
      const g = canvas.getContext("2d");
      g.clearRect(0, 0, canvas.width, canvas.height);
      if (counts) {
        const top = Math.log1p(Math.max(...counts, 1));
        g.fillStyle = "#888";
        counts.forEach((n, x) => {
          const h = (Math.log1p(n) / top) * canvas.height;
          g.fillRect(x, canvas.height - h, 1, h);
        });
      }
      const span = ch.max - ch.min || 1;
      g.fillStyle = ch.lut ? "#09f" : `#${ch.color}`;
      for (const value of [ch.start, ch.end]) {
        const x = Math.round(((value - ch.min) / span) * (canvas.width - 1));
        g.fillRect(Math.min(Math.max(x, 0), canvas.width - 1), 0, 1, canvas.height);
      }
    };
    // The channel's colour ramp: its LUT's strip of luts_png, or black to its colour.
    const drawSwatch = () => {
      const swatch = $(".swatch");
      const g = swatch.getContext("2d");
      const lut = ch.lut && lutByName.get(ch.lut.toLowerCase());
      g.save();
      g.clearRect(0, 0, swatch.width, swatch.height);
      if (ch.inverted) {
        g.translate(swatch.width, 0);
        g.scale(-1, 1);
      }
      if (lut && strips.complete && strips.naturalWidth) {
        g.drawImage(strips, 0, lut.index * STRIP, 256, STRIP, 0, 0, swatch.width, swatch.height);
      } else {
        const ramp = g.createLinearGradient(0, 0, swatch.width, 0);
        ramp.addColorStop(0, "#000");
        ramp.addColorStop(1, `#${ch.color}`);
        g.fillStyle = ramp;
        g.fillRect(0, 0, swatch.width, swatch.height);
      }
      g.restore();
      swatch.title = lut ? lut.name : `#${ch.color}`;
    };
    strips.addEventListener("load", drawSwatch);
    const show = () => {
      $(".active").checked = ch.active;
      $(".color").value = `#${ch.color}`;
      lutSelect.value = ch.lut && lutByName.has(ch.lut.toLowerCase()) ? lutByName.get(ch.lut.toLowerCase()).name : "";
      $(".start").value = String(ch.start);
      $(".end").value = String(ch.end);
      $(".low").value = String(ch.start);
      $(".high").value = String(ch.end);
      $(".inverted").checked = ch.inverted;
      $(".family").value = ch.family;
      $(".coefficient").value = String(ch.coefficient);
      drawSwatch();
      drawHistogram();
    };
    let histogramRequest = 0;
    const loadHistogram = async (z, t) => {
      const mine = ++histogramRequest;
      const url = `${webgateway}histogram_json/${imageId}/channel/${i}/?theZ=${z}&theT=${t}&bins=256`;
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok || mine !== histogramRequest) return;
      counts = (await response.json()).data;
      item.dataset.histogram = "loaded";
      drawHistogram();
    };
    items.push({ show, loadHistogram });
    list.append(item);
  });

  let timer = null;
  return {
    // The state changed outside (undo, paste, another user's settings): show it.
    show: () => items.forEach((it) => it.show()),
    // A new plane: histograms again, once scrubbing pauses.
    planeChanged: () => {
      clearTimeout(timer);
      timer = setTimeout(() => items.forEach((it) => it.loadHistogram(state.z - 1, state.t - 1)), 250);
    },
  };
}
