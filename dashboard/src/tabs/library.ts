/** Vector library: the emotions on the PCA plane, their similarity heatmap and the validation numbers. */
import { Chart, pointLabels, themeColor } from "../charts";
import { solid } from "../color";
import { ErrorSlot, emptyState, h, percent, signed } from "../dom";
import { SimilarityHeatmap } from "../heatmap";
import { vectorSets } from "../state";
import type { AccuracyResult, ValidationReport, VectorSetSummaryWire } from "../../../src/server/wire";
import type { Tab } from "./tab";

function fact(label: string, value: string | number | undefined): HTMLElement | null {
  return value === undefined || value === ""
    ? null
    : h("div", { class: "fact" }, h("span", { class: "muted", text: label }), h("strong", { text: String(value) }));
}

function accuracyRow(label: string, a: AccuracyResult): HTMLElement {
  const p = a.permutation.p < 0.001 ? "< 0.001" : a.permutation.p.toFixed(3);
  return h(
    "tr",
    {},
    h("th", { text: label }),
    h("td", { class: "num strong", text: `${percent(a.interval.rate, 1)} [${percent(a.interval.low, 0)}–${percent(a.interval.high, 0)}]` }),
    h("td", { class: "num", text: percent(a.chance, 1) }),
    h("td", { class: "num", text: p }),
    h("td", { class: "num", text: a.random ? percent(a.random.mean, 1) : "–" }),
  );
}

function validationView(validation: ValidationReport | null): HTMLElement {
  if (validation?.version !== 2)
    return emptyState(
      "Not validated yet.",
      h(
        "p",
        { class: "muted small" },
        "Run ",
        h("code", { text: "limbic validate <model> <set>" }),
        " (it keeps its numbers as validation.json in the set folder) to see held-out accuracy, reading tests, valence correlation and intensity tests here.",
      ),
    );
  const rows: HTMLElement[] = [];
  const accuracy: HTMLElement[] = [];
  for (const held of validation.heldOut) {
    const scope = held.scope === "core12" ? "core 12" : `all ${held.emotions.length}`;
    accuracy.push(accuracyRow(`held-out ${scope}: top-1 (${held.stories})`, held.top1));
    if (held.top5) accuracy.push(accuracyRow(`held-out ${scope}: top-5`, held.top5));
  }
  if (validation.implicit) accuracy.push(accuracyRow(`implicit scenarios (${validation.implicit.n})`, validation.implicit.diagonal));
  if (validation.corpus) accuracy.push(accuracyRow(`corpus (${validation.corpus.n})`, validation.corpus.diagonal));
  if (accuracy.length) {
    rows.push(
      h(
        "table",
        { class: "data" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { text: "reading test" }),
            h("th", { class: "num", text: "accuracy [95% CI]" }),
            h("th", { class: "num", text: "chance" }),
            h("th", { class: "num", text: "permutation p" }),
            h("th", { class: "num", text: "random dirs" }),
          ),
        ),
        h("tbody", {}, ...accuracy),
      ),
    );
  } else {
    rows.push(h("p", { class: "muted small", text: "No held-out stories (the set has no extraction store), so no accuracy numbers." }));
  }
  const g = validation.geometry;
  rows.push(
    h(
      "div",
      { class: "facts" },
      ...g.valence.map((v) =>
        fact(
          `r(PC1, ${v.norm})`,
          v.r === null ? "–" : `${signed(v.r)}${v.interval ? ` [${v.interval[0].toFixed(2)}, ${v.interval[1].toFixed(2)}]` : ""} (n=${v.n})`,
        ),
      ),
      fact("random |r| (95th pct)", g.randomValence ? g.randomValence.p95.toFixed(2) : "–"),
      fact("PC1 variance", percent(g.explained[0], 1)),
      fact(
        "sentiment AUROC",
        validation.sentiment
          ? validation.sentiment.axes.map((a) => `${a.name} ${a.auroc.toFixed(2)}`).join(", ") + ` (ceiling ${validation.sentiment.probe.auroc.toFixed(2)})`
          : undefined,
      ),
      fact("layer", validation.layer),
    ),
  );
  rows.push(h("p", { class: "muted small", text: g.arousalNote }));
  if (validation.intensity.length) {
    rows.push(
      h("h3", { text: "Intensity templates (Spearman ρ)" }),
      h(
        "table",
        { class: "data" },
        h("thead", {}, h("tr", {}, h("th", { text: "template" }), h("th", { text: "emotions" }), h("th", { class: "num", text: "random" }))),
        h(
          "tbody",
          {},
          ...validation.intensity.map((t) =>
            h(
              "tr",
              {},
              h("td", { title: t.description, text: t.id }),
              h("td", {
                text: Object.entries(t.spearman)
                  .map(([e, r]) => `${e} ${signed(r.rho)}`)
                  .join(", "),
              }),
              h("td", { class: "num", text: signed(t.random.rho) }),
            ),
          ),
        ),
      ),
    );
  }
  return h("div", {}, ...rows);
}

export function createLibraryTab(): Tab {
  const errors = new ErrorSlot();
  const header = h("div", { class: "facts" });
  const scatterBox = h("div", { class: "chart-box square" });
  const heatmap = new SimilarityHeatmap();
  const validationBox = h("div", {});
  const body = h(
    "div",
    { class: "grid" },
    h(
      "section",
      { class: "card", "aria-label": "PCA plane" },
      h("h2", { text: "PCA plane" }),
      h("p", {
        class: "muted small",
        text: "Each emotion vector projected on the first two principal components of the set. In the paper's models PC1 tracks valence and PC2 arousal.",
      }),
      scatterBox,
    ),
    h("section", { class: "card", "aria-label": "Similarity" }, h("h2", { text: "Cosine similarity" }), h("div", { class: "heatmap-scroll" }, heatmap.element)),
    h("section", { class: "card wide", "aria-label": "Validation" }, h("h2", { text: "Validation" }), validationBox),
  );
  const element = h("section", { class: "tab library-tab" }, h("div", { class: "card" }, h("h2", { text: "Vector set" }), header), errors.element, body);
  let scatter: Chart | null = null;
  let shownSet: string | null | undefined;

  function render(name: string, summary: VectorSetSummaryWire): void {
    const m = summary.manifest;
    header.replaceChildren(
      ...[
        fact("name", name),
        fact("model", m.model?.name),
        fact("emotions", m.emotions.length),
        fact("layers", m.layers?.join(", ")),
        fact("reading layer", m.default_layer),
        fact("method", m.method),
        fact("created", m.created_at ? new Date(m.created_at).toLocaleString() : undefined),
      ].filter((x): x is HTMLElement => x !== null),
    );
    scatter?.destroy();
    const canvas = h("canvas", { role: "img", "aria-label": "emotions on the PCA plane" });
    scatterBox.replaceChildren(canvas);
    const [pc1Share, pc2Share] = summary.explained;
    const neutral: [number, number, number] = [140, 140, 140];
    const maxAbs = Math.max(1e-9, ...summary.pca.map((p) => Math.abs(p.pc1)));
    scatter = new Chart(canvas, {
      type: "scatter",
      data: {
        datasets: [
          {
            label: "emotions",
            data: summary.pca.map((p) => ({ x: p.pc1, y: p.pc2 })),
            pointRadius: 5,
            pointHoverRadius: 7,
            pointBackgroundColor: summary.pca.map((p) => solid(p.pc1, maxAbs, neutral)),
            pointBorderColor: themeColor("--fg"),
            pointBorderWidth: 0.5,
          },
        ],
      },
      options: {
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: { label: (item) => `${summary.pca[item.dataIndex]?.emotion}: (${signed(item.parsed.x ?? 0)}, ${signed(item.parsed.y ?? 0)})` },
          },
        },
        scales: {
          // Grace leaves room for the labels of the outermost points.
          x: { grace: "12%", title: { display: true, text: `PC1${pc1Share !== undefined ? ` · ${percent(pc1Share)} of variance` : ""}` } },
          y: { grace: "6%", title: { display: true, text: `PC2${pc2Share !== undefined ? ` · ${percent(pc2Share)} of variance` : ""}` } },
        },
      },
      plugins: [pointLabels(summary.pca.map((p) => p.emotion))],
    });
    heatmap.show(summary.similarity.emotions, summary.similarity.matrix);
    validationBox.replaceChildren(validationView(summary.validation));
  }

  async function load(): Promise<void> {
    errors.clear();
    try {
      await vectorSets.load();
      const name = vectorSets.current;
      if (shownSet === name) return;
      if (!name) {
        body.hidden = true;
        header.replaceChildren(emptyState("The server has no vector set. Start it with `limbic serve <model> --vectors <dir>`."));
        shownSet = name;
        return;
      }
      body.hidden = false;
      render(name, await vectorSets.summary(name));
      shownSet = name;
    } catch (error) {
      errors.show(error, "Could not load the vector library");
    }
  }

  vectorSets.onChange(() => {
    if (!element.hidden) void load();
  });
  return {
    id: "library",
    title: "Vector library",
    element,
    show() {
      void load();
    },
  };
}
