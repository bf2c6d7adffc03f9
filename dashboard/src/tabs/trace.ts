/** Trace viewer: a transcript in, per-token readouts out — tinted tokens by message and a line chart. */
import { api } from "../api";
import { Chart, seriesColor, verticalMarkers } from "../charts";
import { legendGradient, Z_FULL_SCALE } from "../color";
import { EmotionChips } from "../emotionChips";
import { ErrorSlot, h, signed } from "../dom";
import { TRACE_VISIBLE_LINES, traceYLimit } from "../fit";
import { takePendingTranscript } from "../navigation";
import { defaultEmotions, vectorSets } from "../state";
import { TokenView } from "../tokens";
import { parseTranscriptText } from "../transcript";
import type { TraceResultWire } from "../../../src/server/wire";
import type { Tab } from "./tab";

export function createTraceTab(): Tab {
  const errors = new ErrorSlot();
  const chips = new EmotionChips("add an emotion to trace");
  const source = h("textarea", {
    rows: 8,
    spellcheck: false,
    "aria-label": "transcript",
    placeholder: '[{"role": "user", "content": "…"}, {"role": "assistant", "content": "…"}]',
  });
  const file = h("input", { type: "file", accept: ".json,.jsonl,application/json", "aria-label": "open transcript file" });
  const fileName = h("span", { class: "muted small" });
  const smooth = h("input", { type: "number", min: "0", max: "50", value: "0", "aria-label": "smoothing" });
  const traceButton = h("button", { class: "primary", type: "submit", text: "Trace" });
  const status = h("span", { class: "muted small", "aria-live": "polite" });
  const results = h("div", { class: "trace-results", hidden: true });
  let chart: Chart | null = null;

  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    try {
      source.value = await chosen.text();
      fileName.textContent = chosen.name;
      await runTrace();
    } catch (error) {
      errors.show(error, `Could not read ${chosen.name}`);
    }
  });

  async function runTrace(): Promise<void> {
    errors.clear();
    let messages;
    try {
      messages = parseTranscriptText(source.value);
    } catch (error) {
      errors.show(error, "Transcript");
      return;
    }
    traceButton.disabled = true;
    status.textContent = `Tracing ${messages.length} messages…`;
    const started = performance.now();
    try {
      const emotions = chips.selected;
      const trace = await api.trace({
        messages,
        ...(emotions.length ? { emotions } : {}),
        ...(vectorSets.current ? { vector_set: vectorSets.current } : {}),
        smooth: Math.max(0, Math.round(Number(smooth.value) || 0)),
      });
      status.textContent = `${trace.tokens.length} tokens in ${((performance.now() - started) / 1000).toFixed(1)} s`;
      render(trace);
    } catch (error) {
      status.textContent = "";
      errors.show(error, "Trace failed");
    } finally {
      traceButton.disabled = false;
    }
  }

  function render(trace: TraceResultWire): void {
    results.hidden = false;
    const tintSelect = h("select", { "aria-label": "tint trace tokens by emotion" }, ...trace.emotions.map((e) => h("option", { value: e, text: e })));
    const tokenBox = h("div", { class: "trace-tokens" });
    const view = new TokenView(tokenBox, trace.emotions[0] ?? null);
    for (const message of trace.messages) {
      const block = h("div", { class: `trace-msg role-${message.role}` }, h("div", { class: "role", text: `message ${message.index} · ${message.role}` }));
      const body = h("div", { class: "msg-text" });
      block.append(body);
      let leading = true;
      for (let i = message.tokens[0]; i < message.tokens[1]; i++) {
        const token = trace.tokens[i];
        if (!token) continue;
        // Separator newlines that open a message would push its first line down: shown as ↵ instead.
        leading &&= token.text.trim() === "";
        view.append({ text: token.text, values: token.values }, body, leading ? token.text.replace(/\r?\n/g, "↵") : token.text);
      }
      tokenBox.append(block);
    }
    tintSelect.addEventListener("change", () => view.setEmotion(tintSelect.value));

    chart?.destroy();
    const canvas = h("canvas", { role: "img", "aria-label": "emotion readouts over the transcript" });
    const chartBox = h("div", { class: "chart-box wide-chart" }, canvas);
    const roleOf = (tokenIndex: number) => trace.messages.find((m) => tokenIndex >= m.tokens[0] && tokenIndex < m.tokens[1]);
    const yLimit = traceYLimit(trace.emotions.slice(0, TRACE_VISIBLE_LINES).map((e) => trace.tokens.map((t) => t.values[e] ?? 0)));
    chart = new Chart(canvas, {
      type: "line",
      data: {
        datasets: trace.emotions.map((emotion, k) => ({
          label: emotion,
          data: trace.tokens.map((t, i) => ({ x: i, y: t.values[emotion] ?? 0 })),
          borderColor: seriesColor(k),
          backgroundColor: seriesColor(k),
          borderWidth: 1.5,
          pointRadius: 0,
          tension: 0.2,
          hidden: k >= TRACE_VISIBLE_LINES,
        })),
      },
      options: {
        parsing: false,
        normalized: true,
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { type: "linear", title: { display: true, text: "token" }, min: 0, max: Math.max(1, trace.tokens.length - 1) },
          y: { min: -yLimit, max: yLimit, title: { display: true, text: "z-score" } },
        },
        plugins: {
          tooltip: {
            callbacks: {
              title: (items) => {
                const index = items[0]?.dataIndex ?? 0;
                const message = roleOf(index);
                return `token ${index} ${JSON.stringify(trace.tokens[index]?.text ?? "")}${message ? ` · message ${message.index} (${message.role})` : ""}`;
              },
              label: (item) => `${item.dataset.label}: ${signed(item.parsed.y ?? 0)}`,
            },
          },
        },
      },
      plugins: [verticalMarkers(trace.messages.map((m) => ({ x: m.tokens[0], label: m.role })))],
    });

    results.replaceChildren(
      h(
        "section",
        { class: "card", "aria-label": "trace chart" },
        h("h2", { text: "Readout over the transcript" }),
        h("p", {
          class: "muted small",
          text: `${trace.tokens.length} tokens · ${trace.messages.length} messages · layer ${trace.layer ?? "?"}${trace.smooth ? ` · smoothed ±${trace.smooth}` : ""}. Dashed lines mark where each message starts.`,
        }),
        trace.note ? h("p", { class: "note small", text: trace.note }) : null,
        chartBox,
      ),
      h(
        "section",
        { class: "card", "aria-label": "token heatmap" },
        h(
          "div",
          { class: "toolbar" },
          h("h2", { text: "Tokens" }),
          h("span", { class: "spacer" }),
          h("label", { class: "field" }, "tint by", tintSelect),
          h(
            "div",
            { class: "legend" },
            h("span", { text: `−${Z_FULL_SCALE}` }),
            h("span", { class: "legend-bar", style: `background: ${legendGradient()}` }),
            h("span", { text: `+${Z_FULL_SCALE} z` }),
          ),
        ),
        tokenBox,
      ),
    );
  }

  const form = h(
    "form",
    { class: "card trace-input", on: { submit: (event) => (event.preventDefault(), void runTrace()) } },
    h("h2", { text: "Transcript" }),
    h("p", {
      class: "muted small",
      text: "Paste an OpenAI-style message list (JSON or JSONL) or open a file. Tool calls and tool results are traced as the model sees them, through its chat template.",
    }),
    h("div", { class: "toolbar" }, h("label", { class: "file-button" }, "Open file…", file), fileName),
    source,
    h(
      "div",
      { class: "composer-row" },
      h("span", { class: "muted small", text: "emotions" }),
      chips.element,
      h("label", { class: "field" }, "smoothing ±", smooth),
      h("span", { class: "spacer" }),
      status,
      traceButton,
    ),
  );
  const element = h("section", { class: "tab trace-tab" }, form, errors.element, results);

  async function loadEmotions(): Promise<void> {
    try {
      const emotions = await vectorSets.emotions();
      chips.setAvailable(emotions, defaultEmotions(emotions, 4));
    } catch (error) {
      errors.show(error, "Could not load the vector set");
    }
  }
  vectorSets.onChange(() => void loadEmotions());
  let loaded = false;
  return {
    id: "trace",
    title: "Trace viewer",
    element,
    show() {
      if (!loaded) {
        loaded = true;
        void loadEmotions();
      }
      const pending = takePendingTranscript();
      if (pending) {
        source.value = JSON.stringify(pending, null, 1);
        fileName.textContent = "from a run";
        void runTrace();
      }
    },
  };
}
