/** A labelled cosine-similarity heatmap drawn on a canvas (Chart.js has no matrix chart built in). */
import { solid } from "./color";
import { h, signed } from "./dom";
import { heatmapCell } from "./fit";
import { hideTooltip, showTooltip } from "./tooltip";

function rgbOf(cssColor: string, ctx: CanvasRenderingContext2D): [number, number, number] {
  ctx.fillStyle = cssColor; // The canvas normalizes any CSS color to #rrggbb.
  const hex = String(ctx.fillStyle).replace("#", "");
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) || 0) as [number, number, number];
}

export class SimilarityHeatmap {
  readonly element: HTMLCanvasElement = h("canvas", { class: "heatmap", role: "img", "aria-label": "cosine similarity heatmap" });
  private labels: string[] = [];
  private matrix: number[][] = [];
  private cell = 0;
  private offset = 0;
  private resizeObserver: ResizeObserver | null = null;

  constructor() {
    this.element.addEventListener("mousemove", (event) => {
      const rect = this.element.getBoundingClientRect();
      const col = Math.floor((event.clientX - rect.left - this.offset) / this.cell);
      const row = Math.floor((event.clientY - rect.top - this.offset) / this.cell);
      const value = this.matrix[row]?.[col];
      if (value === undefined || col < 0) return hideTooltip();
      showTooltip(event.clientX, event.clientY, `${this.labels[row]} · ${this.labels[col]}: cos ${signed(value)}`);
    });
    this.element.addEventListener("mouseleave", hideTooltip);
    matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => this.draw());
  }

  show(labels: string[], matrix: number[][]): void {
    this.labels = labels;
    this.matrix = matrix;
    // The cell size follows the card's width, so a card narrower than the preferred size redraws instead of hiding columns.
    const parent = this.element.parentElement;
    if (parent && !this.resizeObserver && typeof ResizeObserver !== "undefined") {
      this.resizeObserver = new ResizeObserver(() => this.draw());
      this.resizeObserver.observe(parent);
    }
    this.draw();
  }

  private draw(): void {
    const canvas = this.element;
    const ctx = canvas.getContext("2d");
    if (!ctx || this.labels.length === 0) return;
    const style = getComputedStyle(document.documentElement);
    const font = `12px ${getComputedStyle(document.body).fontFamily}`;
    ctx.font = font;
    const n = this.labels.length;
    this.offset = Math.ceil(Math.max(...this.labels.map((l) => ctx.measureText(l).width))) + 10;
    this.cell = heatmapCell(n, this.offset, this.element.parentElement?.clientWidth ?? 0);
    const size = this.offset + n * this.cell + 2;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = size * ratio;
    canvas.height = size * ratio;
    canvas.style.width = `${size}px`;
    canvas.style.height = `${size}px`;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, size, size);
    const neutral = rgbOf(style.getPropertyValue("--panel").trim() || "#ffffff", ctx);
    const fg = style.getPropertyValue("--fg").trim();
    const { cell, offset } = this;
    this.matrix.forEach((row, r) =>
      row.forEach((value, c) => {
        ctx.fillStyle = solid(value, 1, neutral);
        ctx.fillRect(offset + c * cell, offset + r * cell, cell - 1, cell - 1);
        if (cell >= 26) {
          ctx.fillStyle = Math.abs(value) > 0.6 ? "#fff" : fg;
          ctx.font = `10px ${getComputedStyle(document.body).fontFamily}`;
          ctx.textAlign = "center";
          ctx.textBaseline = "middle";
          ctx.fillText(value.toFixed(2).replace("0.", "."), offset + c * cell + cell / 2, offset + r * cell + cell / 2);
        }
      }),
    );
    ctx.font = font;
    ctx.fillStyle = fg;
    ctx.textBaseline = "middle";
    ctx.textAlign = "right";
    this.labels.forEach((label, i) => ctx.fillText(label, offset - 6, offset + i * cell + cell / 2));
    this.labels.forEach((label, i) => {
      ctx.save();
      ctx.translate(offset + i * cell + cell / 2, offset - 6);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = "left";
      ctx.fillText(label, 0, 0);
      ctx.restore();
    });
  }
}
