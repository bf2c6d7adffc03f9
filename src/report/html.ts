/**
 * Helpers for self-contained HTML reports: one file, no network. Chart.js is inlined from the
 * installed package so charts render offline.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

let chartJsSource: string | undefined;

/** Chart.js UMD bundle text, read once from the installed package. */
function chartJsBundle(): string {
  if (chartJsSource === undefined) {
    const entry = createRequire(import.meta.url).resolve("chart.js");
    chartJsSource = readFileSync(path.join(path.dirname(entry), "chart.umd.js"), "utf8");
  }
  return chartJsSource;
}

/** Escape text for HTML element content and double- or single-quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** JSON that is safe inside a <script> element: no "</script>" or "<!--" can appear. */
/** JSON safe to place inside a <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

const CSS = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; background: #fff;
  max-width: 1100px; margin: 2rem auto; padding: 0 1.25rem; line-height: 1.5; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { font-size: 1.2rem; margin-top: 2.25rem; border-bottom: 1px solid #d0d7de; padding-bottom: .25rem; }
h3 { font-size: 1rem; margin-top: 1.5rem; }
p.meta, .note { color: #57606a; font-size: .9rem; }
table { border-collapse: collapse; margin: .75rem 0; font-size: .9rem; }
th, td { border: 1px solid #d0d7de; padding: .3rem .6rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85em;
  background: #f6f8fa; border-radius: 3px; padding: 0 .25em; white-space: pre; }
.chart { position: relative; width: 100%; max-width: 1000px; height: 420px; margin: 1rem 0; }
.scroll { overflow: auto; max-width: 100%; }
`;

/**
 * A complete HTML page. Chart.js is inlined in <head> when `options.charts` is true, or, when
 * the option is left out, when the body contains a chart made by `chartBlock`.
 */
export function htmlPage(title: string, bodyHtml: string, options?: { charts?: boolean }): string {
  const charts = options?.charts ?? bodyHtml.includes("new Chart(");
  const chartScript = charts ? `<script>${chartJsBundle()}</script>\n` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
${chartScript}</head>
<body>
${bodyHtml}
</body>
</html>
`;
}

/**
 * A canvas plus the script that draws a Chart.js chart from a JSON config. Data points that
 * carry a `label` field show it as their tooltip (handy for scatter plots of named items).
 */
export function chartBlock(id: string, config: object): string {
  const safeId = escapeHtml(id);
  return `<div class="chart"><canvas id="${safeId}"></canvas></div>
<script>
(function () {
  var config = ${scriptJson(config)};
  config.options = config.options || {};
  config.options.maintainAspectRatio = false;
  var plugins = config.options.plugins = config.options.plugins || {};
  var tooltip = plugins.tooltip = plugins.tooltip || {};
  var callbacks = tooltip.callbacks = tooltip.callbacks || {};
  callbacks.label = function (ctx) {
    var raw = ctx.raw;
    if (raw && typeof raw === "object" && typeof raw.label === "string") {
      return raw.label + " (" + Number(raw.x).toFixed(3) + ", " + Number(raw.y).toFixed(3) + ")";
    }
    var name = ctx.dataset && ctx.dataset.label ? ctx.dataset.label + ": " : "";
    return name + ctx.formattedValue;
  };
  new Chart(document.getElementById(${scriptJson(id)}), config);
})();
</script>`;
}
