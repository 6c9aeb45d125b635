// The OpenLayers map: tiles of the pyramid (render_image_region ?tile=) or the whole
// plane (render_image), in a pixel projection whose y axis points up (y = -row).

import Map from "ol/Map.js";
import View from "ol/View.js";
import ImageLayer from "ol/layer/Image.js";
import TileLayer from "ol/layer/Tile.js";
import Projection from "ol/proj/Projection.js";
import ImageSource from "ol/source/Image.js";
import TileImage from "ol/source/TileImage.js";
import TileGrid from "ol/tilegrid/TileGrid.js";
import OverviewMap from "ol/control/OverviewMap.js";
import ScaleLine from "ol/control/ScaleLine.js";
import { defaults as defaultControls } from "ol/control/defaults.js";

// Decoded images fetched ahead of time (playback, scrubbing), by URL; oldest dropped.
const PREFETCHED_MAX = 400;
const prefetched = new globalThis.Map(); // (Map is OpenLayers' here)

function keep(url, img) {
  prefetched.set(url, img);
  while (prefetched.size > PREFETCHED_MAX) prefetched.delete(prefetched.keys().next().value);
}

function prefetchUrl(url, priority = "auto") {
  const found = prefetched.get(url);
  if (found) return found;
  const img = new Image();
  img.fetchPriority = priority;
  img.src = url;
  keep(url, img);
  return img;
}

// How many ring tiles are fetched at once: fewer than the browser's connections to
// the server, so that a tile the view needs now never waits behind them.
const RING_CONCURRENCY = 4;
// ms a complete view stays before its ring is fetched.
const RING_DELAY = 100;

// Fetches the tiles around the view (the eight neighbouring fields of view at the
// view's level), nearest first, a few at a time and decoded ahead, so that panning to
// the next field draws from memory. A new view replaces the queue.
function createRing(onCount) {
  let queue = [];
  let running = 0;
  const pump = () => {
    while (running < RING_CONCURRENCY && queue.length) {
      const url = queue.shift();
      const found = prefetched.get(url);
      if (found && found.complete) continue;
      const img = found || prefetchUrl(url, "low");
      running += 1;
      const done = () => {
        running -= 1;
        onCount(queue.length + running);
        pump();
      };
      // Decoded before it is needed: drawing it later costs no decoding.
      const ready = () => (img.decode ? img.decode().catch(() => {}) : Promise.resolve());
      if (img.complete) ready().then(done);
      else {
        img.addEventListener("load", () => ready().then(done), { once: true });
        img.addEventListener("error", done, { once: true });
      }
    }
    onCount(queue.length + running);
  };
  return {
    fetch: (urls) => {
      queue = urls.filter((url) => !prefetched.get(url)?.complete);
      pump();
    },
  };
}

export function createMap(target, data, webgateway, onLoading, { ring = true, onRing = () => {} } = {}) {
  let loading = 0;
  const track = (source, prefix) => {
    const change = (delta) => () => {
      loading = Math.max(0, loading + delta);
      onLoading(loading);
    };
    source.on(`${prefix}loadstart`, change(1));
    source.on(`${prefix}loadend`, change(-1));
    source.on(`${prefix}loaderror`, change(-1));
  };
  const { width, height } = data.size;
  const extent = [0, -height, width, 0];
  const micronsPerPixel = data.pixel_size && data.pixel_size.x;
  const projection = new Projection({
    code: `pyomero-image-${data.id}`,
    units: "pixels",
    extent,
    metersPerUnit: micronsPerPixel ? micronsPerPixel * 1e-6 : 1,
  });
  const controls = defaultControls({ rotate: false, attribution: false });
  // The line, not the bar: the bar writes style attributes, which the CSP refuses.
  if (micronsPerPixel) controls.push(new ScaleLine({ units: "metric" }));
  let layer;
  let refresh;
  let urlsFor; // (plane, query) -> the URLs the current view shows
  let ringUrls = null; // () -> the URLs around the current view, nearest first
  let heading = [0, 0]; // where the last move went (see below)
  let overview = null;
  let shown = null; // the plane whose pixels the layer shows (or is loading, for tiles)
  if (data.tiles) {
    const scalings = Object.entries(data.zoomLevelScaling)
      .map(([level, scale]) => ({ level: Number(level), resolution: 1 / scale }))
      .sort((a, b) => b.resolution - a.resolution);
    const tileSize = [data.tile_size.width, data.tile_size.height];
    const tileGrid = new TileGrid({
      extent,
      origin: [0, 0],
      resolutions: scalings.map((s) => s.resolution),
      tileSize,
    });
    const source = new TileImage({ tileGrid, projection, transition: 0 });
    source.setTileLoadFunction((tile, src) => loadTile(tile, src, tileSize));
    track(source, "tile");
    const tileUrl = (plane, query) => {
      const base = `${webgateway}render_image_region/${data.id}/${plane.z}/${plane.t}/`;
      return (coord) => `${base}?tile=${scalings[coord[0]].level},${coord[1]},${coord[2]}&${query}`;
    };
    let current = null; // the plane and query the tiles show

    refresh = (plane, query) => {
      source.setTileUrlFunction(tileUrl(plane, query), `${plane.z}/${plane.t}/${query}`);
      shown = plane;
      current = { plane, query };
    };
    ringUrls = () => {
      const size = map.getSize();
      if (!size || !current) return [];
      const url = tileUrl(current.plane, current.query);
      const resolution = view.getResolution();
      const z = tileGrid.getZForResolution(resolution, source.zDirection || 0);
      const range = tileGrid.getFullTileRange(z);
      const shownExtent = view.calculateExtent(size);
      const [w, h] = [shownExtent[2] - shownExtent[0], shownExtent[3] - shownExtent[1]];
      const around = [shownExtent[0] - w, shownExtent[1] - h, shownExtent[2] + w, shownExtent[3] + h];
      const shownRange = tileGrid.getTileRangeForExtentAndZ(shownExtent, z);
      // Nearest first, seen from a little ahead along the last move: the way the user
      // is going comes first.
      const [x, y] = view.getCenter();
      const [cx, cy] = [x + heading[0] * w * 0.5, y + heading[1] * h * 0.5];
      const found = [];
      tileGrid.forEachTileCoord(around, z, (coord) => {
        if (!range.containsXY(coord[1], coord[2]) || shownRange.containsXY(coord[1], coord[2])) return;
        const [x0, y0, x1, y1] = tileGrid.getTileCoordExtent(coord);
        found.push({ url: url(coord), distance: Math.hypot((x0 + x1) / 2 - cx, (y0 + y1) / 2 - cy) });
      });
      return found.sort((a, b) => a.distance - b.distance).map((tile) => tile.url);
    };
    urlsFor = (plane, query) => {
      const url = tileUrl(plane, query);
      const size = map.getSize();
      if (!size) return [];
      const extent = view.calculateExtent(size);
      const z = tileGrid.getZForResolution(view.getResolution(), source.zDirection || 0);
      const range = tileGrid.getFullTileRange(z);
      const found = [];
      tileGrid.forEachTileCoord(extent, z, (coord) => {
        if (range.containsXY(coord[1], coord[2])) found.push(url(coord));
      });
      return found;
    };
    layer = new TileLayer({ source, preload: 1 });
    // The bird's-eye view of a big image: the same tiles at the coarsest levels, added
    // once the first view is drawn so that its tiles do not delay it.
    overview = () =>
      new OverviewMap({
        layers: [new TileLayer({ source })],
        collapsed: false,
        tipLabel: "Overview",
        view: new View({ projection, extent, constrainOnlyCenter: true }),
      });
  } else {
    layer = new ImageLayer();
    const planeUrl = (plane, query) => `${webgateway}render_image/${data.id}/${plane.z}/${plane.t}/?${query}`;
    // The shown plane stays until a later-asked one is loaded (no blank frame while
    // scrubbing): each plane that arrives is shown unless a plane asked after it is
    // already shown, so a fast slider shows the planes as they come.
    let asked = 0;
    let drawn = 0;
    const show = (img, plane, order) => {
      if (order < drawn) return;
      drawn = order;
      shown = plane;
      const resolution = width / img.naturalWidth;
      const loader = () => Promise.resolve({ image: img, extent, resolution, pixelRatio: 1 });
      const source = new ImageSource({ loader, projection });
      track(source, "image");
      layer.setSource(source);
    };
    refresh = (plane, query) => {
      const url = planeUrl(plane, query);
      const order = ++asked;
      const found = prefetched.get(url);
      if (found && found.complete && found.naturalWidth) {
        show(found, plane, order);
        return;
      }
      const img = found && !found.complete ? found : new Image();
      loading += 1;
      onLoading(loading);
      const settle = (ok) => () => {
        loading = Math.max(0, loading - 1);
        onLoading(loading);
        if (ok) show(img, plane, order);
      };
      img.addEventListener("load", settle(true), { once: true });
      img.addEventListener("error", settle(false), { once: true });
      if (img !== found) {
        img.src = url;
        keep(url, img);
      }
    };
    urlsFor = (plane, query) => [planeUrl(plane, query)];
  }
  const view = new View({
    projection,
    center: [width / 2, -height / 2],
    extent,
    constrainOnlyCenter: true,
    maxResolution: Math.max(width, height) / 64,
    minResolution: 1 / 16,
    showFullExtent: true,
  });
  const map = new Map({ target, layers: [layer], view, controls });
  if (overview) map.once("rendercomplete", () => map.addControl(overview()));
  let settled = null;
  // The direction of the last move, in fields (each of x, y within -1..1).
  let moveStart = null;
  map.on("movestart", () => {
    moveStart = view.getCenter();
  });
  map.on("moveend", () => {
    const size = map.getSize();
    const now = view.getCenter();
    if (!moveStart || !size || !now) return;
    const res = view.getResolution();
    const dx = (now[0] - moveStart[0]) / (size[0] * res);
    const dy = (now[1] - moveStart[1]) / (size[1] * res);
    const length = Math.hypot(dx, dy);
    heading = length > 0.05 ? [dx / Math.max(1, length), dy / Math.max(1, length)] : [0, 0];
  });
  if (ringUrls && ring) {
    // Once a view is complete (its own tiles first) and stays a moment (not while the
    // user scrubs or drags), fetch the ring around it.
    const around = createRing(onRing);
    map.on("rendercomplete", () => {
      clearTimeout(settled);
      onRing(1); // on its way
      settled = setTimeout(() => around.fetch(ringUrls()), RING_DELAY);
    });
    map.on("movestart", () => {
      clearTimeout(settled);
      around.fetch([]);
    });
  }
  return {
    map,
    view,
    refresh: (plane, query) => {
      clearTimeout(settled); // another plane or other settings: the ring waits
      refresh(plane, query);
    },
    // The plane drawn once the map's rendering is complete (0-based z, t).
    shownPlane: () => shown,
    // Fetch what the current view shows of other planes, so that moving there is instant.
    prefetch: (planes, query) => {
      for (const plane of planes) for (const url of urlsFor(plane, query)) prefetchUrl(url);
    },
    fit: () => view.fit(extent, { padding: [10, 10, 10, 10] }),
  };
}

// Edge tiles are smaller than the grid's tiles: draw them on a full-size canvas so
// OpenLayers does not stretch them.
function loadTile(tile, src, [tw, th]) {
  const found = prefetched.get(src);
  const ready = found && !(found.complete && !found.naturalWidth) ? found : null;
  const img = ready || new Image();
  const done = () => {
    if (img.naturalWidth === tw && img.naturalHeight === th) {
      tile.setImage(img);
      return;
    }
    const canvas = document.createElement("canvas");
    canvas.width = tw;
    canvas.height = th;
    canvas.getContext("2d").drawImage(img, 0, 0);
    tile.setImage(canvas);
  };
  if (ready && ready.complete && ready.naturalWidth) {
    done();
    return;
  }
  img.addEventListener("load", done, { once: true });
  img.addEventListener("error", () => tile.setState(3), { once: true }); // TileState.ERROR
  if (!ready) img.src = src;
}
