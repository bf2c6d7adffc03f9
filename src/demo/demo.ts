/**
 * `limbic demo`: the whole method in one run on a small model — extract a core set of emotion
 * vectors from stories the model writes, trace a coding agent that fails its tests and then
 * special-cases them, and compare a steered with an unsteered answer — into one HTML report.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { LanguageModel } from "../engine/languageModel.js";
import { replyStops } from "../engine/turnStops.js";
import { openReader } from "../vectors/reader.js";
import { traceTranscript, type TraceResult } from "../monitor/trace.js";
import { parseTranscript } from "../monitor/transcript.js";
import { escapeHtml, htmlPage } from "../report/html.js";
import { traceReportBody } from "../report/traceReport.js";
import { CORE_EMOTIONS } from "../vectors/data/emotions.js";
import { extractEmotionVectors } from "../vectors/extract.js";
import { quickValidation, type QuickValidation } from "../vectors/validation/quick.js";
import { judgeVectorTrust, type VectorTrust } from "../report/vectorTrust.js";
import { cheatTurn, describeEmotionOverTurns } from "./traceNarrative.js";
import { emotionSteering, readVectorSet, type VectorSet } from "../vectors/vectorSet.js";

/** An instruct model small enough for 2 CPU cores; any GGUF can be given instead. */
export const DEMO_DEFAULT_MODEL = "hf:ggml-org/gemma-3-270m-it-GGUF/gemma-3-270m-it-Q8_0.gguf";

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const DEMO_TRANSCRIPT = path.join(packageRoot, "examples", "transcripts", "coding-agent-special-case.json");

export interface DemoOptions {
  /** Folder for the vectors and the report. */
  outDir: string;
  /** Stories per emotion for the demo's vectors. Defaults to 8. */
  storiesPerEmotion?: number;
  /** Longest story in tokens. Defaults to 120. */
  maxStoryTokens?: number;
  /** Strength of the steered answers, in units of the layer's mean residual norm. Defaults to 0.1. */
  steerStrength?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface SteeredAnswer {
  label: string;
  emotion: string | null;
  strength: number;
  text: string;
  /** Mean z over the answer's tokens for each watched emotion. */
  readout: Record<string, number>;
}

export interface DemoResult {
  reportFile: string;
  vectorsDir: string;
  /** Held-out top-1 and premise confound of the demo's vectors, and what they mean in words. */
  validation: QuickValidation;
  trust: VectorTrust;
  trace: TraceResult;
  answers: SteeredAnswer[];
  seconds: { extract: number; validate: number; trace: number; steer: number; total: number };
}

/** The model to suggest when the demo's vectors do not hold up (fetched by npm run fetch-models). */
export const DEMO_BIGGER_MODEL = "~/.cache/limbic/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf";

const DEMO_PROMPT = "I have rerun the failing test suite nine times tonight and the release is in one hour. What should I do next?";
const WATCHED = ["desperate", "calm", "afraid", "nervous"];

async function ensureVectors(model: LanguageModel, dir: string, options: DemoOptions): Promise<VectorSet> {
  try {
    const existing = await readVectorSet(dir);
    if (existing.manifest.model.sha256 === model.info.sha256 && CORE_EMOTIONS.every((e) => existing.manifest.emotions.includes(e))) return existing;
  } catch {
    // not extracted yet (or interrupted): extract, resuming what is stored
  }
  const storeExists = await fs.stat(path.join(dir, "extraction.sqlite")).then(
    () => true,
    () => false,
  );
  await extractEmotionVectors(model, {
    outDir: dir,
    emotions: CORE_EMOTIONS,
    storiesPerEmotion: options.storiesPerEmotion ?? 8,
    maxStoryTokens: options.maxStoryTokens ?? 120,
    resume: storeExists,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  return readVectorSet(dir);
}

/** The demo question answered unsteered and steered towards desperate and calm, each with its mean readout. */
export async function steeredAnswers(model: LanguageModel, set: VectorSet, strength: number, seed: number): Promise<SteeredAnswer[]> {
  const watched = WATCHED.filter((e) => set.manifest.emotions.includes(e));
  const layer = set.manifest.default_layer;
  const reader = await openReader(model, set, { layer, emotions: watched });
  const conditions: { label: string; emotion: string | null; strength: number }[] = [
    { label: "unsteered", emotion: null, strength: 0 },
    { label: `desperate +${strength}`, emotion: "desperate", strength },
    { label: `calm +${strength}`, emotion: "calm", strength },
  ];
  const sums = conditions.map(() => ({ values: new Float64Array(watched.length), count: 0 }));
  const results = await model.generateBatch(
    conditions.map((c, k) => ({
      messages: [{ role: "user" as const, content: DEMO_PROMPT }],
      maxTokens: 80,
      // An answer ends where a small model starts writing the user's next line.
      stop: replyStops(),
      temperature: 0.7,
      seed,
      steering: c.emotion ? [emotionSteering(set, c.emotion, c.strength, layer)] : [],
      captureLayers: [layer],
      onToken: (event) => {
        const row = event.activations?.get(layer);
        if (!row) return;
        reader.read(row).forEach((r, j) => (sums[k]!.values[j] = sums[k]!.values[j]! + r.z));
        sums[k]!.count++;
      },
    })),
  );
  return conditions.map((c, k) => ({
    ...c,
    text: results[k]!.text,
    readout: Object.fromEntries(watched.map((e, j) => [e, sums[k]!.count ? sums[k]!.values[j]! / sums[k]!.count : NaN])),
  }));
}

function turnSummary(trace: TraceResult): string {
  const assistantTurns = trace.messages.filter((m) => m.role === "assistant");
  const emotions = trace.emotions;
  const rows = assistantTurns
    .map(
      (m, i) =>
        `<tr><td>${i + 1}</td><td>message ${m.index}</td>${emotions.map((e) => `<td class="num" style="white-space:nowrap">${m.summary[e]!.start.toFixed(2)} / ${m.summary[e]!.mean.toFixed(2)}</td>`).join("")}</tr>`,
    )
    .join("");
  return `<table><tr><th>assistant turn</th><th></th>${emotions.map((e) => `<th>${escapeHtml(e)}: reply start / mean</th>`).join("")}</tr>${rows}</table>`;
}

const TRUST_COLOURS: Record<VectorTrust["level"], string> = { usable: "#1a7f37", weak: "#9a6700", unreliable: "#cf222e", unknown: "#57606a" };

/** The verdict on the vectors, first thing in the report, with the bigger model suggested when they do not hold up. */
export function trustBox(trust: VectorTrust, storiesPerEmotion: number): string {
  const suggestion =
    trust.level === "usable"
      ? ""
      : `<p>For vectors worth reading, run the demo on a bigger model with more stories, e.g. <code>limbic demo --model ${escapeHtml(DEMO_BIGGER_MODEL)} --stories ${Math.max(24, storiesPerEmotion * 2)}</code> (<code>npm run fetch-models</code> downloads that model), and check them in full with <code>limbic validate</code>.</p>`;
  return `<div class="trust" data-level="${trust.level}" style="border-left:4px solid ${TRUST_COLOURS[trust.level]};padding:.4rem .9rem;margin:1rem 0;background:#f6f8fa">
<p><b>How far to trust these vectors.</b> ${escapeHtml(trust.headline)}</p>
${trust.evidence.length ? `<ul>${trust.evidence.map((e) => `<li>${escapeHtml(e)}</li>`).join("")}</ul>` : ""}${suggestion}</div>`;
}

function traceFindings(trace: TraceResult, contents: readonly string[]): string {
  const cheat = cheatTurn(trace, contents);
  const paragraphs = ["desperate", "calm"].map((e) => describeEmotionOverTurns(trace, e, cheat)).filter((s) => s.length > 0);
  return paragraphs.map((sentences) => `<p>${escapeHtml(sentences.join(" "))}</p>`).join("\n");
}

function renderDemoReport(
  model: LanguageModel,
  set: VectorSet,
  trust: VectorTrust,
  trace: TraceResult,
  contents: readonly string[],
  answers: SteeredAnswer[],
  seconds: DemoResult["seconds"],
  storiesPerEmotion: number,
): string {
  const emotions = Object.keys(answers[0]?.readout ?? {});
  const answerRows = answers
    .map(
      (a) =>
        `<tr><td><b>${escapeHtml(a.label)}</b></td><td><div class="answer">${escapeHtml(a.text.trim() || "(empty)")}</div></td>${emotions.map((e) => `<td class="num">${Number.isFinite(a.readout[e]) ? a.readout[e]!.toFixed(2) : "–"}</td>`).join("")}</tr>`,
    )
    .join("");
  const counts = Object.entries(set.manifest.counts)
    .map(([e, n]) => `${escapeHtml(e)} ${n}`)
    .join(", ");
  const body = `<style>.answer{white-space:pre-wrap;max-width:560px;font-size:.9rem}</style>
<h1>Limbic demo: ${escapeHtml(model.info.name)}</h1>
${trustBox(trust, storiesPerEmotion)}
<p class="meta">${escapeHtml(model.info.architecture)} · ${model.info.nLayer} layers · n_embd ${model.info.nEmbd} · ${model.info.chatTemplate ? "chat template from the GGUF" : "no chat template (plain Role: content rendering)"} · extraction ${seconds.extract.toFixed(0)} s, quick validation ${seconds.validate.toFixed(1)} s, trace ${seconds.trace.toFixed(1)} s, steering ${seconds.steer.toFixed(1)} s, total ${seconds.total.toFixed(0)} s</p>
<h2>1. Emotion vectors from the model's own stories</h2>
<p>${set.manifest.emotions.length} emotions at layers ${set.manifest.layers[0]}–${set.manifest.layers[set.manifest.layers.length - 1]} (reading layer ${set.manifest.default_layer}); stories used per emotion: ${counts}. Vector set: <code>${escapeHtml(set.dir)}</code> (llama.cpp control-vector files, loadable with <code>--control-vector</code>).</p>
<h2>2. A coding agent that fails its tests, then special-cases them</h2>
<p class="note">Each assistant turn's readout at the reply's first token and over the turn (z against neutral text).</p>
${turnSummary(trace)}
${traceFindings(trace, contents)}
${traceReportBody(trace, "Token-by-token trace", 2, { focus: "desperate" })}
<h2>3. Steering: the same question, the same seed, three conditions</h2>
<p>Prompt: <i>${escapeHtml(DEMO_PROMPT)}</i> Steering adds strength × the layer's mean residual norm × the unit vector at layer ${set.manifest.default_layer} on every token. The readout columns are the mean z over the answer's tokens.</p>
<table><tr><th>condition</th><th>answer</th>${emotions.map((e) => `<th>${escapeHtml(e)}</th>`).join("")}</tr>${answerRows}</table>
<h2>Next</h2>
<p>Full 171-emotion extraction: <code>limbic extract &lt;model&gt; --out vectors --emotions all</code>; validation: <code>limbic validate &lt;model&gt; vectors --out report.html</code>; pressure scenarios: <code>limbic sweep &lt;model&gt; vectors --scenario impossible-code --steer desperate</code>; dashboard: <code>limbic serve &lt;model&gt; --vectors vectors</code>.</p>`;
  return htmlPage(`Limbic demo — ${model.info.name}`, body, { charts: true });
}

export async function runDemo(model: LanguageModel, options: DemoOptions): Promise<DemoResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const started = Date.now();
  const vectorsDir = path.join(options.outDir, "vectors");
  await fs.mkdir(options.outDir, { recursive: true });
  log(`limbic demo: 1/3 extracting ${CORE_EMOTIONS.length} emotion vectors from stories ${model.info.name} writes (stored in ${vectorsDir}; a rerun resumes)`);
  const set = await ensureVectors(model, vectorsDir, options);
  const extracted = Date.now();
  log("limbic demo: checking the vectors on held-out stories");
  const validation = await quickValidation(model, set, { seed: options.seed ?? 7 });
  const trust = judgeVectorTrust(validation);
  log(`limbic demo: ${trust.headline}`);
  const validated = Date.now();
  log("limbic demo: 2/3 tracing the coding-agent transcript");
  const transcript = parseTranscript(await fs.readFile(DEMO_TRANSCRIPT, "utf8"), DEMO_TRANSCRIPT);
  const contents = transcript.kind === "chat" ? transcript.messages.map((m) => String(m.content ?? "")) : [];
  const trace = await traceTranscript(model, set, transcript, {
    emotions: ["desperate", "calm", "afraid", "nervous", "frustrated", "guilty"].filter((e) => set.manifest.emotions.includes(e)),
    smooth: 2,
  });
  const traced = Date.now();
  log("limbic demo: 3/3 comparing steered and unsteered answers");
  const answers = await steeredAnswers(model, set, options.steerStrength ?? 0.1, options.seed ?? 7);
  const done = Date.now();
  const seconds = {
    extract: (extracted - started) / 1000,
    validate: (validated - extracted) / 1000,
    trace: (traced - validated) / 1000,
    steer: (done - traced) / 1000,
    total: (done - started) / 1000,
  };
  const reportFile = path.join(options.outDir, "demo-report.html");
  await fs.writeFile(reportFile, renderDemoReport(model, set, trust, trace, contents, answers, seconds, options.storiesPerEmotion ?? 8));
  return { reportFile, vectorsDir, validation, trust, trace, answers, seconds };
}
