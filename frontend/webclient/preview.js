// The image panel's Preview section (a small rendering with per-channel toggles and
// windows; save, copy/paste and other users' settings through webgateway) and its
// channel names form (edit_channel_names answers JSON). The panel is swapped in by
// htmx, so every handler is delegated from the document.

function csrfToken(node) {
  const field = node.querySelector("[name=csrfmiddlewaretoken]") || document.querySelector("[name=csrfmiddlewaretoken]");
  if (field) return field.value;
  const holder = node.closest("[hx-headers]") || document.querySelector("[hx-headers]");
  return holder ? JSON.parse(holder.getAttribute("hx-headers"))["X-CSRFToken"] || "" : "";
}

async function send(url, method, node, body) {
  const response = await fetch(url, {
    method,
    body,
    credentials: "same-origin",
    headers: { Accept: "application/json", "X-CSRFToken": csrfToken(node) },
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.message || data.error || `${response.status} ${response.statusText}`);
  return data;
}

function refreshPanel(url) {
  if (window.htmx) window.htmx.ajax("GET", url, { target: "#panel" });
}

function say(preview, text) {
  preview.querySelector("[data-preview-status]").textContent = text;
}

// The c= text of the controls: "1|0:255$FF0000,-2|10:200$00FF00" (1-based, "-" = off).
export function channelsQuery(preview) {
  return [...preview.querySelectorAll(".preview-channel")]
    .map((row) => {
      const index = Number(row.dataset.index) + 1;
      const on = row.querySelector("input[type=checkbox]").checked;
      const [start, end] = [...row.querySelectorAll("input.window")].map((input) => input.value);
      const spec = row.dataset.spec ? `$${row.dataset.spec}` : "";
      return `${on ? "" : "-"}${index}|${start}:${end}${spec}`;
    })
    .join(",");
}

function render(preview) {
  const image = preview.querySelector(".preview-image");
  const query = new URLSearchParams({ c: channelsQuery(preview), m: "c" });
  if (preview.dataset.tile) query.set("tile", preview.dataset.tile);
  image.src = `${preview.dataset.renderUrl}?${query}`;
}

function windowsValid(preview) {
  for (const row of preview.querySelectorAll(".preview-channel")) {
    const [start, end] = [...row.querySelectorAll("input.window")];
    if (!start.checkValidity() || !end.checkValidity() || Number(start.value) >= Number(end.value)) {
      say(preview, "Each window's start must be a number below its end.");
      return false;
    }
  }
  return true;
}

function rerender(preview) {
  if (!windowsValid(preview)) return;
  say(preview, "");
  render(preview);
}

function applySettings(preview, rdef) {
  for (const row of preview.querySelectorAll(".preview-channel")) {
    const channel = rdef.c[Number(row.dataset.index)];
    if (!channel) continue;
    row.querySelector("input[type=checkbox]").checked = channel.active;
    const [start, end] = row.querySelectorAll("input.window");
    start.value = channel.start;
    end.value = channel.end;
    row.dataset.spec = channel.lut || channel.color;
  }
  render(preview);
}

async function loadRdefs(preview) {
  const list = preview.querySelector("[data-preview-rdefs]");
  try {
    const { rdefs } = await send(preview.dataset.rdefsUrl, "GET", preview);
    list.replaceChildren();
    for (const rdef of rdefs) {
      const who = `${rdef.owner.firstName} ${rdef.owner.lastName}`.trim() || `User ${rdef.owner.id}`;
      const button = Object.assign(document.createElement("button"), {
        type: "button",
        className: "link",
        textContent: who,
      });
      button.setAttribute("aria-label", `Apply the settings of ${who}`);
      button.addEventListener("click", () => {
        applySettings(preview, rdef);
        say(preview, `Showing the settings of ${who}${preview.querySelector("[data-preview-save]") ? "; Save to keep them." : "."}`);
      });
      const item = document.createElement("li");
      item.append(button);
      list.append(item);
    }
    if (!rdefs.length) list.innerHTML = '<li class="muted">No saved settings</li>';
  } catch (error) {
    list.innerHTML = "";
    list.append(Object.assign(document.createElement("li"), { className: "muted", textContent: error.message }));
  }
}

async function save(preview) {
  if (!windowsValid(preview)) return;
  const body = new URLSearchParams({
    c: channelsQuery(preview),
    m: "c",
    z: String(Number(preview.dataset.z) + 1),
    t: String(Number(preview.dataset.t) + 1),
  });
  try {
    await send(preview.dataset.saveUrl, "POST", preview, body);
    say(preview, "Settings saved.");
    loadRdefs(preview);
    settingsChanged(preview.dataset.imageId);
  } catch (error) {
    say(preview, `Not saved: ${error.message}`);
  }
}

async function copy(preview) {
  if (!windowsValid(preview)) return;
  const query = new URLSearchParams({ c: channelsQuery(preview), m: "c", imageId: preview.dataset.imageId });
  try {
    await send(`${preview.dataset.copyUrl}?${query}`, "GET", preview);
    say(preview, "Settings copied.");
  } catch (error) {
    say(preview, `Not copied: ${error.message}`);
  }
}

async function paste(preview) {
  const body = new URLSearchParams({ to_type: "image", toids: preview.dataset.imageId });
  try {
    const done = await send(preview.dataset.copyUrl, "POST", preview, body);
    if ((done.true || []).includes(Number(preview.dataset.imageId))) {
      refreshPanel(preview.dataset.refreshUrl);
      settingsChanged(preview.dataset.imageId);
    } else say(preview, "Nothing pasted: copy the settings of another image with as many channels.");
  } catch (error) {
    say(preview, `Not pasted: ${error.message}`);
  }
}

// The image's thumbnails elsewhere on the page (the centre grid) are now out of date.
function settingsChanged(imageId) {
  document.dispatchEvent(new CustomEvent("webclient:settings-saved", { detail: { imageId } }));
}

async function saveChannelNames(form) {
  const status = form.querySelector("[role=status]");
  try {
    const done = await send(form.action, "POST", form, new FormData(form));
    const images = done.imageCount === 1 ? "" : ` in ${done.imageCount} images`;
    status.textContent = `Channel names saved${images}.`;
    refreshPanel(form.dataset.refreshUrl);
  } catch (error) {
    status.textContent = `Not saved: ${error.message}`;
  }
}

function startPreviews(scope) {
  for (const preview of scope.querySelectorAll("[data-preview]:not([data-started])")) {
    preview.dataset.started = "true";
    loadRdefs(preview);
  }
}

document.addEventListener("change", (event) => {
  const preview = event.target.closest("[data-preview]");
  if (preview && event.target.closest(".preview-channel")) rerender(preview);
});
document.addEventListener("click", (event) => {
  const preview = event.target.closest("[data-preview]");
  if (!preview) return;
  if (event.target.closest("[data-preview-save]")) save(preview);
  else if (event.target.closest("[data-preview-copy]")) copy(preview);
  else if (event.target.closest("[data-preview-paste]")) paste(preview);
});
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-channel-names]");
  if (!form) return;
  event.preventDefault();
  saveChannelNames(form);
});
document.addEventListener("htmx:afterSettle", () => startPreviews(document));
document.addEventListener("DOMContentLoaded", () => startPreviews(document));
