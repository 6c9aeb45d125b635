"""Use cases on pixels: image data, tiles, thumbnails, rendering settings, histograms."""
