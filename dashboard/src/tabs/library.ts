/** Vector library: the emotions on the PCA plane, their similarity heatmap and the validation numbers. */
import { Chart, pointLabels, themeColor } from "../charts";
import { solid } from "../color";
import { ErrorSlot, emptyState, h, percent, signed } from "../dom";
import { SimilarityHeatmap } from "../heatmap";
import { vectorSets } from "../state";
import type { ValidationNumbers, VectorSetSummary } from "../types";
import type { Tab } from "./tab";

function fact(label: string, value: string | number | undefined): HTMLElement | null {
  return value === undefined || value === "" ? null : h("div", { class: "fact" }, h("span", { class: "muted", text: label }), h("strong", { text: String(value) }));
}

function comparisonRow(label: string, value: number | undefined, chance: number | undefined, random: number | undefined): HTMLElement {
  return h("tr", {}, h("th", { text: label }), h("td", { class: "num strong", text: percent(value, 1) }), h("td", { class: "num", text: percent(chance, 1) }), h("td", { class: "num", text: percent(random, 1) }));
}

function validationView(validation: ValidationNumbers | null): HTMLElement {
  if (!validation) return emptyState("Not validated yet.", h("p", { class: "muted small" }, "Run ", h("code", { text: "limbic validate <model> <set> --json" }), " and keep its JSON as validation.json in the set folder to see held-out accuracy, valence correlation and intensity tests here."));
  const rows: HTMLElement[] = [];
  if (validation.heldout_count) {
    rows.push(
      h(
        "table",
        { class: "data" },
        h("thead", {}, h("tr", {}, h("th", { text: `held-out stories (${validation.heldout_count})` }), h("th", { class: "num", text: "vectors" }), h("th", { class: "num", text: "chance" }), h("th", { class: "num", text: "random dirs" }))),
        h("tbody", {}, comparisonRow("top-1", validation.top1, validation.chance_top1, validation.random_control?.top1), comparisonRow("top-5", validation.top5, validation.chance_top5, validation.random_control?.top5)),
      ),
    );
  } else {
    rows.push(h("p", { class: "muted small", text: "No held-out stories (the set has no extraction store), so no accuracy numbers." }));
  }
  const valence = validation.valence_r;
  rows.push(
    h(
      "div",
      { class: "facts" },
      fact("PC1 vs valence |r|", valence === null || valence === undefined ? "–" : `${Math.abs(valence).toFixed(2)}${validation.valence_n ? ` (n=${validation.valence_n})` : ""}`),
      fact("random direction |r|", validation.valence_random_r === null || validation.valence_random_r === undefined ? "–" : Math.abs(validation.valence_random_r).toFixed(2)),
      fact("arousal r", validation.arousal_r === null || validation.arousal_r === undefined ? "–" : signed(validation.arousal_r)),
      fact("layer", validation.layer),
    ),
  );
  if (validation.arousal_note && (validation.arousal_r === null || validation.arousal_r === undefined)) rows.push(h("p", { class: "muted small", text: validation.arousal_note }));
  if (validation.intensity?.length) {
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
              h("td", { text: Object.entries(t.spearman).map(([e, r]) => `${e} ${signed(r)}`).join(", ") }),
              h("td", { class: "num", text: signed(t.random_spearman) }),
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
    h("section", { class: "card", "aria-label": "PCA plane" }, h("h2", { text: "PCA plane" }), h("p", { class: "muted small", text: "Each emotion vector projected on the first two principal components of the set. In the paper's models PC1 tracks valence and PC2 arousal." }), scatterBox),
    h("section", { class: "card", "aria-label": "Similarity" }, h("h2", { text: "Cosine similarity" }), h("div", { class: "heatmap-scroll" }, heatmap.element)),
    h("section", { class: "card wide", "aria-label": "Validation" }, h("h2", { text: "Validation" }), validationBox),
  );
  const element = h("section", { class: "tab library-tab" }, h("div", { class: "card" }, h("h2", { text: "Vector set" }), header), errors.element, body);
  let scatter: Chart | null = null;
  let shownSet: string | null | undefined;

  function render(name: string, summary: VectorSetSummary): void {
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
          tooltip: { callbacks: { label: (item) => `${summary.pca[item.dataIndex]?.emotion}: (${signed(item.parsed.x ?? 0)}, ${signed(item.parsed.y ?? 0)})` } },
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
