/**
 * Chart.js set-up: the components the dashboard uses (tree-shaken), theme colors from the CSS
 * variables, and three small plugins (point labels, vertical markers, error bars).
 */
import { labelSide } from "./fit";
import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, ScatterController, Tooltip, type Plugin } from "chart.js";

Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend);

export { Chart };

/** Series colors that read on both the light and the dark background. */
export const PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#bab0ac"];

export function seriesColor(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** Applies the current theme to Chart.js defaults and redraws live charts (called on theme change too). */
export function applyChartTheme(): void {
  Chart.defaults.color = cssVar("--muted");
  Chart.defaults.borderColor = cssVar("--grid");
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 12;
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.legend.labels.usePointStyle = true;
  Chart.defaults.plugins.legend.labels.boxHeight = 8;
  for (const chart of Object.values(Chart.instances)) chart.update();
}

export function themeColor(name: "--fg" | "--muted" | "--bg" | "--panel" | "--grid"): string {
  return cssVar(name);
}

/** Writes `labels[i]` beside point i of dataset 0. */
export function pointLabels(labels: readonly string[]): Plugin {
  return {
    id: "pointLabels",
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const points = chart.getDatasetMeta(0).data;
      ctx.save();
      ctx.font = `12px ${Chart.defaults.font.family}`;
      ctx.fillStyle = cssVar("--fg");
      ctx.textBaseline = "middle";
      points.forEach((point, i) => {
        const label = labels[i];
        if (!label) return;
        const side = labelSide(point.x, ctx.measureText(label).width, chart.width);
        ctx.textAlign = side === "right" ? "left" : "right";
        ctx.fillText(label, side === "right" ? point.x + 7 : point.x - 7, point.y);
      });
      ctx.restore();
    },
  };
}

/** Dashed vertical lines at x positions (scale units), each with a short label at the top. */
export function verticalMarkers(markers: readonly { x: number; label: string }[]): Plugin {
  return {
    id: "verticalMarkers",
    beforeDatasetsDraw(chart) {
      const { ctx, chartArea, scales } = chart;
      const x = scales.x;
      if (!x) return;
      ctx.save();
      ctx.strokeStyle = cssVar("--muted");
      ctx.fillStyle = cssVar("--muted");
      ctx.globalAlpha = 0.7;
      ctx.setLineDash([4, 4]);
      ctx.font = `11px ${Chart.defaults.font.family}`;
      ctx.textBaseline = "top";
      let labelEnd = -Infinity;
      for (const marker of markers) {
        const px = x.getPixelForValue(marker.x);
        if (px < chartArea.left || px > chartArea.right) continue;
        ctx.beginPath();
        ctx.moveTo(px, chartArea.top);
        ctx.lineTo(px, chartArea.bottom);
        ctx.stroke();
        // Labels that would overlap the previous one are left out; the line still marks the boundary.
        if (px + 3 < labelEnd) continue;
        ctx.fillText(marker.label, px + 3, chartArea.top + 2);
        labelEnd = px + 3 + ctx.measureText(marker.label).width + 6;
      }
      ctx.restore();
    },
  };
}

/** Vertical intervals with caps: intervals[d][i] = [low, high] for point i of dataset d. */
export function errorBars(intervals: readonly (readonly [number, number])[][]): Plugin {
  return {
    id: "errorBars",
    afterDatasetsDraw(chart) {
      const { ctx, scales } = chart;
      const y = scales.y;
      if (!y) return;
      ctx.save();
      ctx.lineWidth = 1.5;
      intervals.forEach((list, d) => {
        const meta = chart.getDatasetMeta(d);
        if (meta.hidden) return;
        ctx.strokeStyle = String(chart.data.datasets[d]?.borderColor ?? cssVar("--fg"));
        list.forEach(([low, high], i) => {
          const point = meta.data[i];
          if (!point) return;
          const top = y.getPixelForValue(high);
          const bottom = y.getPixelForValue(low);
          ctx.beginPath();
          ctx.moveTo(point.x, top);
          ctx.lineTo(point.x, bottom);
          ctx.moveTo(point.x - 4, top);
          ctx.lineTo(point.x + 4, top);
          ctx.moveTo(point.x - 4, bottom);
          ctx.lineTo(point.x + 4, bottom);
          ctx.stroke();
        });
      });
      ctx.restore();
    },
  };
}
