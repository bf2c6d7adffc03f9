/**
 * Diverging color scale around 0 for z-scores: blue below, orange-red above, transparent at 0,
 * so text stays readable in the light and the dark theme.
 */
const negative = [59, 130, 246];
const positive = [239, 83, 56];

/** |z| at which the tint saturates. */
export const Z_FULL_SCALE = 3;

export function tint(value: number, fullScale = Z_FULL_SCALE): string {
  if (!Number.isFinite(value) || value === 0) return "transparent";
  const [r, g, b] = value < 0 ? negative : positive;
  const alpha = Math.min(Math.abs(value) / fullScale, 1) * 0.78;
  return `rgba(${r}, ${g}, ${b}, ${alpha.toFixed(3)})`;
}

/** Opaque color for charts and heatmap cells: blends the end color with a neutral middle. */
export function solid(value: number, fullScale: number, neutral: [number, number, number]): string {
  const t = Math.max(-1, Math.min(1, value / fullScale));
  const end = t < 0 ? negative : positive;
  const mix = (i: number) => Math.round(neutral[i]! + (end[i]! - neutral[i]!) * Math.abs(t));
  return `rgb(${mix(0)}, ${mix(1)}, ${mix(2)})`;
}

/** The scale's end color for the value's sign (gauges show magnitude by length, sign by color). */
export function signColor(value: number): string {
  return `rgb(${(value < 0 ? negative : positive).join(", ")})`;
}

export function legendGradient(): string {
  return `linear-gradient(to right, rgb(${negative.join(",")}), transparent, rgb(${positive.join(",")}))`;
}
