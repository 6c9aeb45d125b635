// The thumbnail strip of the image's dataset, the view exported as PNG, the
// synchronisation of viewers shown side by side (?sync=<name>), and the side-by-side
// page's one panel that drives them all.

export async function createStrip({ root, data, webgateway }) {
  const strip = root.querySelector("#strip");
  const dataset = data.meta && data.meta.datasetId;
  if (!dataset) return;
  const response = await fetch(`${webgateway}dataset/${dataset}/children/`, { credentials: "same-origin" });
  if (!response.ok) return;
  const images = await response.json();
  const compare = root.querySelector("#compare");
  strip.replaceChildren(
    ...images.map((image) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = `${root.dataset.viewerBase}${image.id}/`;
      link.title = image.name;
      if (image.id === data.id) link.setAttribute("aria-current", "page");
      const thumb = document.createElement("img");
      thumb.src = image.thumb_url;
      thumb.alt = image.name;
      thumb.loading = "lazy";
      link.append(thumb);
      item.append(link);
      if (image.id !== data.id) {
        const side = document.createElement("a");
        side.href = `${root.dataset.viewerBase}compare/?images=${data.id},${image.id}`;
        side.className = "side-by-side";
        side.textContent = "⇆";
        side.title = `${image.name} side by side`;
        item.append(side);
      }
      return item;
    }),
  );
  if (compare && images.length > 1) compare.hidden = false;
}

// The map's canvases composed into one PNG, downloaded.
export function exportPng(map, data) {
  map.once("rendercomplete", () => {
    const size = map.getSize();
    const ratio = window.devicePixelRatio || 1;
    const out = document.createElement("canvas");
    out.width = Math.round(size[0] * ratio);
    out.height = Math.round(size[1] * ratio);
    const g = out.getContext("2d");
    for (const canvas of map.getViewport().querySelectorAll(".ol-layer canvas, canvas.ol-layer")) {
      if (!canvas.width) continue;
      const opacity = canvas.parentNode.style.opacity || canvas.style.opacity;
      g.globalAlpha = opacity === "" ? 1 : Number(opacity);
      const matrix = canvas.style.transform.match(/^matrix\(([^(]*)\)$/);
      if (matrix) {
        g.setTransform(...matrix[1].split(",").map(Number));
      } else {
        g.setTransform(Number(canvas.width) / canvas.offsetWidth || 1, 0, 0, Number(canvas.height) / canvas.offsetHeight || 1, 0, 0);
      }
      g.drawImage(canvas, 0, 0);
    }
    g.setTransform(1, 0, 0, 1, 0, 0);
    out.toBlob((blob) => {
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = `${(data.meta && data.meta.imageName) || `image-${data.id}`}.png`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    }, "image/png");
  });
  map.renderSync();
}

// Viewers opened with the same ?sync= name follow each other's Z, T, zoom and centre.
export function createSync({ name, onMessage }) {
  if (!name || typeof BroadcastChannel === "undefined") return { send: () => {} };
  const channel = new BroadcastChannel(`pyomero-viewer-${name}`);
  let last = "";
  channel.onmessage = (event) => {
    last = JSON.stringify(event.data);
    onMessage(event.data);
  };
  return {
    // Sent unless it only echoes what this viewer was just told.
    send: (message) => {
      const text = JSON.stringify(message);
      if (text === last) return;
      last = text;
      channel.postMessage(message);
    },
  };
}

// The side-by-side page: its Z and T sliders and zoom buttons speak to every viewer,
// and show where the last viewer the user moved is.
export function startCompare(root) {
  const sync = createSync({
    name: root.dataset.sync,
    onMessage: (place) => {
      if (place.z) slider("z").show(place.z);
      if (place.t) slider("t").show(place.t);
    },
  });
  const slider = (dim) => {
    const input = document.getElementById(`compare-${dim}`);
    const output = document.getElementById(`compare-${dim}-value`);
    return {
      input,
      show: (value) => {
        input.value = String(value);
        output.textContent = `${value}/${input.max}`;
      },
    };
  };
  for (const dim of ["z", "t"]) {
    const { input, show } = slider(dim);
    input.addEventListener("input", () => {
      show(Number(input.value));
      sync.send({ [dim]: Number(input.value) });
    });
  }
  document.getElementById("compare-fit").addEventListener("click", () => sync.send({ fit: true, at: Date.now() }));
  document.getElementById("compare-1to1").addEventListener("click", () => sync.send({ zm: 100, at: Date.now() }));
}
