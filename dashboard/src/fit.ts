/** Layout arithmetic for the dashboard's canvases, free of DOM and imports so node tests can check it. */

/**
 * Cell size in CSS pixels: 30 for up to 12 emotions, 20 up to 24, else 15, shrunk (down to 10) so
 * the labels and every column fit the width available; 0 or less means unknown width.
 */
export function heatmapCell(n: number, labelOffset: number, available: number): number {
  const preferred = n <= 12 ? 30 : n <= 24 ? 20 : 15;
  if (available <= 0) return preferred;
  return Math.max(10, Math.min(preferred, Math.floor((available - labelOffset - 2) / n)));
}

/** A point's label goes to its right unless it would run past the canvas edge; then to its left. */
export function labelSide(x: number, labelWidth: number, canvasWidth: number): "left" | "right" {
  return x + 7 + labelWidth <= canvasWidth - 2 ? "right" : "left";
}
