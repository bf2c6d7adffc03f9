#!/usr/bin/env node
/**
 * A small steering sweep through Limbic's public API only: open a model, build a tiny vector set
 * from a hand-written corpus, plan and run a sycophancy sweep into a temporary SQLite store, then
 * read the stored run back and print its results.
 *
 *   npm run build && node examples/api/small-sweep.mjs [model.gguf]
 *
 * The model defaults to the stories260K test fixture, which is far too small to behave like an
 * assistant: the point here is the calls and the shapes, not the rates.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { extractEmotionVectors, loadModel, planSweep, readVectorSet, RunStore, runSweep, summarizeRun } from "limbic";

const here = path.dirname(fileURLToPath(import.meta.url));
const modelFile = process.argv[2] ?? path.join(here, "..", "..", "testing", "fixtures", "stories260K.gguf");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-example-"));

// Each premise is written once per emotion, so the two vectors differ by emotion, not by topic.
const corpus = [0, 1, 2, 3].flatMap((day) => [
  { emotion: "calm", premise: `garden ${day}`, text: `Mia sat quietly in the garden on day ${day}. The wind was soft, the birds sang slowly, and she breathed in and out.` },
  { emotion: "desperate", premise: `garden ${day}`, text: `Mia ran through the garden on day ${day}, begging for help. Her dog was lost, night was coming, and nobody would listen.` },
]);

const model = await loadModel({ model: modelFile });
const store = new RunStore(path.join(work, "runs.sqlite"));
try {
  const extracted = await extractEmotionVectors(model, { outDir: path.join(work, "vectors"), emotions: ["calm", "desperate"], corpus, layers: [3], tokenOffset: 2, heldOutFraction: 0.25, progress: false });
  const set = await readVectorSet(extracted.dir);

  // Planning is checked against the set before anything runs; the store keeps this plan as the run.
  const plan = planSweep(set, { scenario: "sycophancy", params: { rounds: "1" }, steerEmotion: "desperate", strengths: [0, 0.5], samples: 2, seed: 7 });
  const swept = await runSweep(model, set, plan, { store, parallel: 4, sampling: { temperature: 0.8 } });

  // Read the run back from the store, as a later script would.
  const run = store.requireRun(swept.run.id);
  const results = summarizeRun(run, store.rollouts(run.id));
  console.log(`run ${run.id}: ${run.scenario} v${run.scenarioVersion}, steering ${run.steerEmotion} at layer ${run.layer}, status ${run.status}`);
  console.log(`rollouts ${results.rollouts}, generated tokens ${results.generated_tokens}`);
  for (const r of results.results) {
    console.log(`${r.vector.padEnd(10)} ${String(r.strength).padStart(5)}  ${r.hits}/${r.n}  rate ${(100 * r.rate).toFixed(1)}%  95% CI ${(100 * r.ci_low).toFixed(1)}-${(100 * r.ci_high).toFixed(1)}%`);
  }
  console.log(JSON.stringify({ run: run.id, status: run.status, rollouts: results.rollouts, results: results.results }));
} finally {
  store.close();
  await model.dispose();
  fs.rmSync(work, { recursive: true, force: true });
}
