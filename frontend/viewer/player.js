// Playing along Z or T at a chosen rate, with the next planes fetched ahead so that
// playback and scrubbing do not wait for tiles; the time stamp of the current T.

const AHEAD_IDLE = 2; // planes fetched ahead while not playing

export function createPlayer({ root, state, data, viewer, deltaUrl, query }) {
  const $ = (selector) => root.querySelector(selector);
  const button = $("#play");
  const dimension = $("#play-dim");
  const rate = $("#fps");
  const time = $("#t-time");
  let timer = null;
  let times = [];
  let unit = null;

  const size = () => data.size[dimension.value];
  dimension.querySelector("option[value=z]").disabled = data.size.z < 2;
  dimension.querySelector("option[value=t]").disabled = data.size.t < 2;
  if (data.size.z < 2 && data.size.t > 1) dimension.value = "t";
  button.disabled = data.size.z < 2 && data.size.t < 2;

  const fps = () => Math.min(Math.max(Number(rate.value) || 5, 1), 30);
  const step = () => {
    const dim = dimension.value;
    const next = (state[dim] % size()) + 1;
    root.dispatchEvent(new CustomEvent("viewer:plane", { detail: { [dim]: next } }));
    timer = setTimeout(step, 1000 / fps());
  };
  const stop = () => {
    clearTimeout(timer);
    timer = null;
    button.textContent = "Play";
    button.setAttribute("aria-pressed", "false");
    root.dataset.playing = "false";
  };
  button.addEventListener("click", () => {
    if (timer) {
      stop();
      return;
    }
    button.textContent = "Pause";
    button.setAttribute("aria-pressed", "true");
    root.dataset.playing = "true";
    timer = setTimeout(step, 1000 / fps());
  });

  // The planes after the current one along the played dimension (a second's worth
  // while playing), wrapping around.
  // While the slider moves, only once it rests (a fast slider would pile requests up
  // for planes already passed); while playing, at every step.
  let resting = null;
  const prefetch = () => {
    clearTimeout(resting);
    if (timer) fetchAhead();
    else resting = setTimeout(fetchAhead, 150);
  };
  const fetchAhead = () => {
    const dim = dimension.value;
    const count = Math.min(size() - 1, timer ? Math.ceil(fps()) : AHEAD_IDLE);
    const planes = [];
    for (let i = 1; i <= count; i++) {
      const value = ((state[dim] - 1 + i) % size()) + 1;
      const plane = { z: state.z - 1, t: state.t - 1 };
      plane[dim] = value - 1;
      planes.push(plane);
    }
    viewer.prefetch(planes, query());
  };

  const showTime = () => {
    if (!times.length || !unit) {
      time.textContent = "";
      return;
    }
    const seconds = times[state.t - 1] ?? 0;
    time.textContent = `${seconds.toFixed(seconds < 10 ? 2 : 1)} ${unit}`;
  };
  if (data.size.t > 1) {
    fetch(deltaUrl, { credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : null))
      .then((found) => {
        if (!found) return;
        times = found.delta_t;
        unit = found.delta_t_unit_symbol;
        showTime();
      });
  }
  return { prefetch, showTime, stop };
}
