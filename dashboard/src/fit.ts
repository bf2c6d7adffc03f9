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

/** Lines a trace chart draws at first; the rest are a click away in the legend. */
export const TRACE_VISIBLE_LINES = 4;

/**
 * ±limit for a trace chart's y-axis: the 99th percentile of |z| with a margin, rounded up to a half,
 * leaving out token 0 (the sequence start, whose spike would otherwise flatten every other value).
 */
export function traceYLimit(series: readonly (readonly number[])[]): number {
  const values = series
    .flatMap((s) => s.slice(1))
    .filter(Number.isFinite)
    .map(Math.abs)
    .sort((a, b) => a - b);
  const p99 = values.length ? values[Math.min(values.length - 1, Math.floor(values.length * 0.99))]! : 1;
  return Math.max(0.5, Math.ceil(p99 * 1.15 * 2) / 2);
}
