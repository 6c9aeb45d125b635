// The side panel's tabs (Settings, Info; arrow keys move between them, as the ARIA
// tabs pattern has it) and the Info tab: what the image is, from imgData.

export function createTabs(root) {
  const tabs = [...root.querySelectorAll('.side-tabs [role="tab"]')];
  const choose = (tab) => {
    for (const other of tabs) {
      const chosen = other === tab;
      other.setAttribute("aria-selected", String(chosen));
      other.tabIndex = chosen ? 0 : -1;
      document.getElementById(other.getAttribute("aria-controls")).hidden = !chosen;
    }
  };
  for (const [i, tab] of tabs.entries()) {
    tab.addEventListener("click", () => choose(tab));
    tab.addEventListener("keydown", (e) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
      if (!step) return;
      const next = tabs[(i + step + tabs.length) % tabs.length];
      choose(next);
      next.focus();
    });
  }
}

const micrometres = (value) => (value ? `${Number(value.toPrecision(4))} µm` : "not set");

export function showInfo(list, data) {
  const meta = data.meta || {};
  const { width, height, z, c, t } = data.size;
  const size = data.pixel_size || {};
  const rows = [
    ["Name", meta.imageName],
    ["ID", String(data.id)],
    ["Owner", meta.imageAuthor],
    ["Project", meta.projectId ? meta.projectName : ""],
    ["Dataset", meta.datasetId ? meta.datasetName : ""],
    ["Acquired", meta.imageTimestamp ? new Date(meta.imageTimestamp * 1000).toLocaleString() : ""],
    ["Dimensions (XY)", `${width} × ${height}`],
    ["Planes", `${z} Z, ${c} C, ${t} T`],
    ["Pixel type", meta.pixelsType],
    ["Pixel size (XYZ)", [size.x, size.y, size.z].map(micrometres).join(", ")],
    ["Channels", (data.channels || []).map((ch) => ch.label).join(", ")],
    ["Description", meta.imageDescription],
  ];
  list.replaceChildren();
  for (const [name, value] of rows) {
    if (!value) continue;
    const dt = document.createElement("dt");
    dt.textContent = name;
    const dd = document.createElement("dd");
    dd.textContent = value;
    dd.dataset.field = name;
    list.append(dt, dd);
  }
}
