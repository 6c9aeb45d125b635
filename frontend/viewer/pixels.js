// The cursor: its position in pixels and microns, and the raw values of each active
// channel under it at the current Z/T, read from the server (never from the
// rendered image), at most one request at a time.

export function createCursor({ viewer, state, data, url }) {
  const position = document.getElementById("cursor-position");
  const list = document.getElementById("pixel-values");
  const size = data.pixel_size || {};
  let wanted = null;
  let busy = false;
  let timer = null;

  const show = async () => {
    if (busy || !wanted) return;
    const { x, y } = wanted;
    const z = state.z - 1;
    const t = state.t - 1;
    const channels = state.channels.map((ch, i) => (ch.active ? i : null)).filter((i) => i !== null);
    const key = `${x},${y},${z},${t},${channels}`;
    if (list.dataset.key === key) return;
    if (!channels.length) {
      list.replaceChildren();
      list.dataset.key = key;
      return;
    }
    busy = true;
    try {
      const response = await fetch(`${url}?x=${x}&y=${y}&z=${z}&t=${t}&c=${channels.join(",")}`, {
        credentials: "same-origin",
      });
      if (response.ok) {
        const found = await response.json();
        list.replaceChildren(
          ...found.values.map(({ channel, value }) => {
            const item = document.createElement("li");
            item.dataset.channel = String(channel);
            item.dataset.value = String(value);
            item.textContent = `${state.channels[channel].label}: ${value}`;
            return item;
          }),
        );
        list.dataset.key = key;
        list.dataset.x = String(x);
        list.dataset.y = String(y);
      }
    } finally {
      busy = false;
    }
    if (wanted && `${wanted.x},${wanted.y}` !== `${x},${y}`) show();
  };

  viewer.map.on("pointermove", (event) => {
    if (event.dragging) return;
    const [mx, my] = event.coordinate;
    const x = Math.floor(mx);
    const y = Math.floor(-my);
    if (x < 0 || y < 0 || x >= data.size.width || y >= data.size.height) {
      wanted = null;
      position.textContent = "";
      return;
    }
    let text = `x ${x}, y ${y} px`;
    if (size.x && size.y) text += ` · ${(x * size.x).toFixed(2)}, ${(y * size.y).toFixed(2)} µm`;
    position.textContent = text;
    position.dataset.x = String(x);
    position.dataset.y = String(y);
    wanted = { x, y };
    clearTimeout(timer);
    timer = setTimeout(show, 60);
  });

  // The plane or the channels changed: read the values again under the cursor.
  return { refresh: () => show() };
}
