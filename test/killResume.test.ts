/**
 * Resume survives any kill: a tiny extraction and a tiny sweep on stories260K are killed with
 * SIGKILL at 20+ seeded random moments and resumed each time; what they stored must equal an
 * uninterrupted run's: no story or rollout lost, none duplicated, the same texts, activations,
 * vectors, transcripts and verdicts.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { readVectorSet } from "../src/index.js";
import { killChain, runToEnd } from "../testing/killChain.js";
import { STORIES, maxAbsDiff, requireModel } from "../testing/models.js";
import { storiesDesperateCalmSet } from "../testing/syntheticSet.js";

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "bin", "limbic.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-kill-"));
const KILLS = 20;

interface StoredRollout {
  key: string;
  row: Record<string, unknown>;
}

function storedRollouts(file: string): StoredRollout[] {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db
      .prepare(
        "SELECT vector, strength, sample, seed, outcome, target, verdict, judge, messages, turns, generated_tokens FROM rollouts ORDER BY vector, strength, sample",
      )
      .all() as Record<string, unknown>[];
    return rows.map((row) => ({ key: `${row.vector}|${row.strength}|${row.sample}`, row }));
  } finally {
    db.close();
  }
}

function runIds(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT id FROM runs").all() as { id: string }[]).map((r) => r.id);
  } catch {
    return []; // killed before the schema existed
  } finally {
    db.close();
  }
}

function storedStories(dir: string): { rows: Record<string, unknown>[]; means: Map<string, Float32Array> } {
  const db = new Database(path.join(dir, "extraction.sqlite"), { readonly: true });
  try {
    const rows = db
      .prepare(
        "SELECT emotion, premise_index, attempt, variant, text, tokens, kept, masked, held_out, rejected FROM stories ORDER BY emotion, premise_index, attempt",
      )
      .all() as Record<string, unknown>[];
    const means = db.prepare("SELECT s.emotion, s.premise_index, s.attempt, m.layer, m.mean FROM story_means m JOIN stories s ON s.id = m.story_id").all() as {
      emotion: string;
      premise_index: number;
      attempt: number;
      layer: number;
      mean: Buffer;
    }[];
    return {
      rows,
      means: new Map(means.map((m) => [`${m.emotion}|${m.premise_index}|${m.attempt}|${m.layer}`, new Float32Array(Uint8Array.from(m.mean).buffer)])),
    };
  } finally {
    db.close();
  }
}

describe("kill -9 at random moments, then resume", () => {
  let set: string;
  before(async () => {
    set = await storiesDesperateCalmSet();
  });
  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(set, { recursive: true, force: true });
  });

  it(`an extraction killed ${KILLS} times stores exactly what an uninterrupted one does`, { timeout: 240_000 }, async () => {
    const extract = (dir: string, resume: boolean) => [
      bin,
      "extract",
      requireModel(STORIES),
      "--out",
      dir,
      "--emotions",
      "happy,sad,calm",
      "--stories-per-emotion",
      "4",
      "--layers",
      "2,3",
      "--batch-size",
      "2",
      "--max-story-tokens",
      "48",
      "--token-offset",
      "4",
      ...(resume ? ["--resume"] : []),
    ];
    const whole = path.join(tmp, "extract-whole");
    const reference = await runToEnd(extract(whole, false));
    assert.equal(reference.code, 0, reference.stderr);
    const startup = (await runToEnd([bin, "info", requireModel(STORIES)])).ms;
    const killed = path.join(tmp, "extract-killed");
    const chain = await killChain(() => extract(killed, fs.existsSync(path.join(killed, "extraction.sqlite"))), {
      kills: KILLS,
      seed: 1130,
      maxDelayMs: startup + (reference.ms - startup) / 12,
    });
    process.stderr.write(`# extraction: ${chain.kills} kills over ${chain.starts} starts (uninterrupted run ${reference.ms.toFixed(0)} ms)\n`);
    assert.ok(chain.kills >= KILLS, `only ${chain.kills} kills landed`);
    const expected = storedStories(whole);
    const got = storedStories(killed);
    assert.deepEqual(got.rows, expected.rows, "the same stories, none lost or duplicated");
    // Stories re-read in other batches may round a last bit differently on some CPUs (see engine.capture).
    assert.deepEqual([...got.means.keys()].sort(), [...expected.means.keys()].sort());
    for (const [key, mean] of expected.means) assert.ok(maxAbsDiff(got.means.get(key)!, mean) < 1e-5, `story ${key}`);
    const whole_ = await readVectorSet(whole);
    const killed_ = await readVectorSet(killed);
    assert.deepEqual(killed_.manifest.counts, whole_.manifest.counts);
    assert.deepEqual(killed_.manifest.grid, whole_.manifest.grid);
    assert.equal(killed_.manifest.default_layer, whole_.manifest.default_layer);
    for (const [emotion, layers] of whole_.vectors)
      for (const [layer, v] of layers) assert.ok(maxAbsDiff(killed_.vectors.get(emotion)!.get(layer)!, v) < 1e-4, `${emotion} layer ${layer}`);
  });

  it(`a sweep killed ${KILLS} times stores exactly what an uninterrupted one does`, { timeout: 240_000 }, async () => {
    const sweep = (store: string) => [
      bin,
      "sweep",
      requireModel(STORIES),
      set,
      "--scenario",
      "sycophancy",
      "--steer",
      "calm",
      "--strengths",
      "-0.5,0,0.5",
      "--samples",
      "2",
      "--seed",
      "4",
      "--parallel",
      "1",
      "--runs",
      store,
    ];
    const whole = path.join(tmp, "whole.sqlite");
    const reference = await runToEnd(sweep(whole));
    assert.equal(reference.code, 0, reference.stderr);
    const startup = (await runToEnd([bin, "runs", "list", "--runs", whole])).ms;

    const killed = path.join(tmp, "killed.sqlite");
    const next = () => {
      const [id] = runIds(killed);
      return id ? [bin, "sweep", requireModel(STORIES), set, "--resume", id, "--parallel", "1", "--runs", killed] : sweep(killed);
    };
    const chain = await killChain(next, { kills: KILLS, seed: 20261130, maxDelayMs: startup + (reference.ms - startup) / 12 });
    process.stderr.write(`# sweep: ${chain.kills} kills over ${chain.starts} starts (uninterrupted run ${reference.ms.toFixed(0)} ms)\n`);
    assert.ok(chain.kills >= KILLS, `only ${chain.kills} kills landed`);
    assert.equal(runIds(killed).length, 1, "one run, not one per start");

    const expected = storedRollouts(whole);
    const got = storedRollouts(killed);
    assert.equal(got.length, expected.length, "no rollout lost or duplicated");
    assert.deepEqual(
      got.map((r) => r.key),
      expected.map((r) => r.key),
    );
    for (let i = 0; i < expected.length; i++) assert.deepEqual(got[i]!.row, expected[i]!.row, `rollout ${expected[i]!.key}`);
  });
});
