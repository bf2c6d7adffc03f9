/**
 * Confound check for any vector set with its stories.jsonl, including sets made before the
 * balanced grid: each kept story is read again, its mean activation is scored by every vector,
 * and the premise is guessed from those scores (premise centroids of the other emotions' stories)
 * beside the emotion top-1 of the held-out stories. A set made before the single readout is read
 * through an upgraded copy (the original is not touched).
 * `node dist/bench/confound.js <model.gguf> <set-dir> [--json]`
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { config } from "../src/config.js";
import { loadModel, openReader, readVectorSet, upgradeVectorSet } from "../src/index.js";
import { readZ } from "../src/vectors/readout.js";
import { keptRows } from "../src/vectors/storyReading.js";
import { premiseConfound } from "../src/vectors/validation/confound.js";
import type { LabelledPoint } from "../src/vectors/validation/heldOut.js";

const [modelPath, setDir] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
if (!modelPath || !setDir) throw new Error("usage: node dist/bench/confound.js <model.gguf> <set-dir> [--json]");
const model = await loadModel({ model: modelPath, threads: config.threads });
let set = await readVectorSet(setDir);
if (!set.manifest.readout) {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-confound-"));
  for (const file of fs.readdirSync(setDir).filter((f) => f.endsWith(".gguf") || f === "manifest.json"))
    fs.copyFileSync(path.join(setDir, file), path.join(copy, file));
  await upgradeVectorSet(model, await readVectorSet(copy));
  set = await readVectorSet(copy);
}
const layer = set.manifest.default_layer;
const reader = await openReader(model, set, { layer });
interface StoryLine {
  emotion: string;
  premise: string | null;
  premise_index?: number;
  held_out: boolean;
  rejected: string | null;
  text: string;
}
const stories = fs
  .readFileSync(path.join(setDir, "stories.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as StoryLine)
  .filter((s) => !s.rejected && set.manifest.emotions.includes(s.emotion));
const premiseIds = new Map<string, number>();
const n = model.info.nEmbd;
const points: (LabelledPoint & { heldOut: boolean })[] = [];
for (let start = 0; start < stories.length; start += 16) {
  const batch = stories.slice(start, start + 16);
  const reads = await model.forward(
    batch.map((s) => s.text),
    { layers: [layer] },
  );
  batch.forEach((s, i) => {
    const read = reads[i]!;
    const { rows } = keptRows(model, s.emotion, s.text, read.tokens, set.manifest.token_offset);
    const data = read.layers.get(layer)!;
    const mean = new Float64Array(n);
    for (const r of rows) for (let j = 0; j < n; j++) mean[j] = mean[j]! + data[r * n + j]! / rows.length;
    const key = s.premise ?? String(s.premise_index);
    if (!premiseIds.has(key)) premiseIds.set(key, premiseIds.size);
    points.push({ emotion: s.emotion, premise: premiseIds.get(key)!, heldOut: s.held_out, mean: Float32Array.from(mean) });
  });
}
const held = points.filter((p) => p.heldOut);
const hits = held.filter((p) => {
  const z = readZ(reader.basis, p.mean);
  return reader.emotions[z.indexOf(Math.max(...z))] === p.emotion;
}).length;
const emotionTop1 = held.length ? hits / held.length : NaN;
const confound = premiseConfound(reader, points, emotionTop1);
const result = {
  set: setDir,
  layer,
  stories: points.length,
  heldOut: held.length,
  emotionTop1,
  premiseTop1: confound?.premiseTop1 ?? NaN,
  premiseChance: confound?.premiseChance ?? NaN,
  premises: confound?.premises ?? 0,
};
await model.dispose();
if (process.argv.includes("--json")) process.stdout.write(JSON.stringify(result) + "\n");
else
  process.stdout.write(
    `${setDir} (layer ${layer}): emotion top-1 ${(100 * result.emotionTop1).toFixed(1)}% of ${held.length} held-out stories; premise top-1 ${(100 * result.premiseTop1).toFixed(1)}% over ${result.premises} premises (chance ${(100 * result.premiseChance).toFixed(1)}%)\n`,
  );
