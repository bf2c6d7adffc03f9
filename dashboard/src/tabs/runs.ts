/** Runs: sweeps from the server's run store — dose-response with Wilson intervals, results, examples. */
import { api } from "../api";
import { Chart, errorBars, seriesColor } from "../charts";
import { ErrorSlot, emptyState, h, percent, signed } from "../dom";
import { openInTraceViewer } from "../navigation";
import type { RunDetailWire, RunExampleWire, RunSummaryWire } from "../../../src/server/wire";
import { rateAxisTitle, tableOrder } from "./runRows";
import type { Tab } from "./tab";

function exampleView(example: RunExampleWire): HTMLElement {
  return h(
    "details",
    { class: "example" },
    h("summary", {}, h("span", { class: "badge", text: example.vector }), ` strength ${signed(example.strength, 3)} · ${example.messages.length} messages`),
    h(
      "div",
      { class: "example-body" },
      ...example.messages.map((m) =>
        h(
          "div",
          { class: `msg ${m.role}` },
          h("div", { class: "role", text: m.role }),
          h("div", {
            class: "msg-text",
            text: m.content || (m.tool_calls ? m.tool_calls.map((c) => `${c.function.name}(${c.function.arguments})`).join("\n") : ""),
          }),
        ),
      ),
      h("button", { type: "button", text: "Open in trace viewer", on: { click: () => openInTraceViewer(example.messages) } }),
    ),
  );
}

export function createRunsTab(): Tab {
  const errors = new ErrorSlot();
  const list = h("div", {});
  const detail = h("div", { class: "run-detail" });
  let chart: Chart | null = null;
  let selected: string | number | null = null;

  function renderDetail(data: RunDetailWire): void {
    const vectors = [...new Set(data.results.map((r) => r.vector))];
    const byVector = vectors.map((v) => data.results.filter((r) => r.vector === v).sort((a, b) => a.strength - b.strength));
    chart?.destroy();
    const canvas = h("canvas", { role: "img", "aria-label": "dose-response" });
    chart = new Chart(canvas, {
      type: "line",
      data: {
        datasets: byVector.map((rows, k) => ({
          label: vectors[k] === "random" ? "random direction" : `${vectors[k]} vector`,
          data: rows.map((r) => ({ x: r.strength, y: r.rate })),
          borderColor: seriesColor(vectors[k] === "random" ? 9 : k),
          backgroundColor: seriesColor(vectors[k] === "random" ? 9 : k),
          pointRadius: 4,
          borderDash: vectors[k] === "random" ? [5, 4] : [],
        })),
      },
      options: {
        scales: {
          x: { type: "linear", title: { display: true, text: "steering strength (residual-norm units)" } },
          y: { min: 0, max: 1, title: { display: true, text: rateAxisTitle(data.run) }, ticks: { callback: (v) => percent(Number(v)) } },
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: (item) => {
                const row = byVector[item.datasetIndex]?.[item.dataIndex];
                return row ? `${item.dataset.label}: ${percent(row.rate, 1)} [${percent(row.ci_low, 1)}, ${percent(row.ci_high, 1)}] n=${row.n}` : "";
              },
            },
          },
        },
      },
      plugins: [errorBars(byVector.map((rows) => rows.map((r) => [r.ci_low, r.ci_high] as const)))],
    });
    const outcomes = [...new Set(data.examples.map((e) => e.outcome))];
    const run = data.run;
    detail.replaceChildren(
      h(
        "section",
        { class: "card", "aria-label": "dose-response" },
        h("h2", { text: `Run ${run.id}: ${run.scenario}` }),
        h("p", {
          class: "muted small",
          text: `${run.model} · steering ${run.steer_emotion} · ${run.n_rollouts} rollouts · ${run.status} · ${new Date(run.created_at).toLocaleString()}. Error bars: 95% Wilson intervals.`,
        }),
        h("div", { class: "chart-box wide-chart" }, canvas),
      ),
      h(
        "section",
        { class: "card", "aria-label": "results" },
        h("h2", { text: "Results" }),
        data.results.length
          ? h(
              "table",
              { class: "data" },
              h(
                "thead",
                {},
                h(
                  "tr",
                  {},
                  ...["vector", "strength", "n", data.run.target_outcome ? `rate (${data.run.target_outcome})` : "rate", "95% interval"].map((t, i) =>
                    h("th", { class: i ? "num" : "", text: t }),
                  ),
                ),
              ),
              h(
                "tbody",
                {},
                ...tableOrder(data.results).map((r) =>
                  h(
                    "tr",
                    {},
                    h("td", { text: r.strength === 0 ? "unsteered (both series)" : r.vector }),
                    h("td", { class: "num", text: signed(r.strength, 3) }),
                    h("td", { class: "num", text: r.n }),
                    h("td", { class: "num strong", text: percent(r.rate, 1) }),
                    h("td", { class: "num", text: `${percent(r.ci_low, 1)} – ${percent(r.ci_high, 1)}` }),
                  ),
                ),
              ),
            )
          : emptyState("No results yet."),
      ),
      h(
        "section",
        { class: "card", "aria-label": "examples" },
        h("h2", { text: "Example transcripts" }),
        outcomes.length ? null : emptyState("No example transcripts stored for this run."),
        ...outcomes.map((outcome) =>
          h("div", { class: "outcome" }, h("h3", { text: outcome }), ...data.examples.filter((e) => e.outcome === outcome).map(exampleView)),
        ),
      ),
    );
  }

  async function select(run: RunSummaryWire): Promise<void> {
    selected = run.id;
    errors.clear();
    for (const row of list.querySelectorAll("tr[data-run]")) row.classList.toggle("selected", (row as HTMLElement).dataset.run === String(run.id));
    detail.replaceChildren(h("p", { class: "muted", text: "Loading…" }));
    try {
      const data = await api.run(run.id);
      if (selected === run.id) renderDetail(data);
    } catch (error) {
      detail.replaceChildren();
      errors.show(error, `Could not load run ${run.id}`);
    }
  }

  async function load(): Promise<void> {
    errors.clear();
    try {
      const runs = await api.runs();
      if (runs.length === 0) {
        list.replaceChildren(
          emptyState(
            "No runs yet.",
            h("p", { class: "muted small" }, "Sweeps appear here when the server is started with ", h("code", { text: "--runs <runs.sqlite>" }), "."),
          ),
        );
        return;
      }
      list.replaceChildren(
        h(
          "table",
          { class: "data clickable" },
          h("thead", {}, h("tr", {}, ...["run", "scenario", "steered", "model", "rollouts", "status", "created"].map((t) => h("th", { text: t })))),
          h(
            "tbody",
            {},
            ...runs.map((run) =>
              h(
                "tr",
                {
                  dataset: { run: String(run.id) },
                  tabindex: "0",
                  on: { click: () => void select(run), keydown: (e) => e.key === "Enter" && void select(run) },
                },
                h("td", { text: run.id }),
                h("td", { text: run.scenario }),
                h("td", { text: run.steer_emotion }),
                h("td", { text: run.model }),
                h("td", { class: "num", text: run.n_rollouts }),
                h("td", {}, h("span", { class: `badge status-${run.status}`, text: run.status })),
                h("td", { text: new Date(run.created_at).toLocaleString() }),
              ),
            ),
          ),
        ),
      );
    } catch (error) {
      errors.show(error, "Could not load runs");
    }
  }

  const element = h(
    "section",
    { class: "tab runs-tab" },
    h(
      "section",
      { class: "card", "aria-label": "runs" },
      h(
        "header",
        { class: "panel-head" },
        h("h2", { text: "Runs" }),
        h("button", { class: "ghost", type: "button", text: "Refresh", on: { click: () => void load() } }),
      ),
      list,
    ),
    errors.element,
    detail,
  );
  return {
    id: "runs",
    title: "Runs",
    element,
    show() {
      void load();
    },
  };
}
