/**
 * `limbic runs attempts` and the trend lines of `limbic runs show`, on a runs store written here,
 * and `runs list|show --json` against the server's /api/runs for the same store (the stories260K
 * fixture only opens the server; no model generates).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { loadModel, startServer } from "../src/index.js";
import { runsSourceOf } from "../src/server/runs.js";
import { RunStore } from "../src/sweeps/runStore.js";
import { STORIES, requireModel, TEST_THREADS } from "../testing/models.js";
import { syntheticRollouts, syntheticRun } from "../testing/syntheticRollouts.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = path.join(root, "bin", "limbic.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-cli-runs-"));
const runsFile = path.join(tmp, "runs.sqlite");

function limbic(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], {
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, LIMBIC_CACHE_DIR: path.join(tmp, "cache") },
  });
}

describe("limbic runs attempts / show on a stored run", () => {
  before(() => {
    using store = new RunStore(runsFile);
    store.createRun(syntheticRun);
    // Cheat only at +0.1 (hits 16 of 24 there, none elsewhere): the desperate series separates.
    for (const r of syntheticRollouts(0.5, true, 11)) {
      const cheatsHere = r.vector === "emotion" && r.strength === 0.1;
      store.addRollout(r.target && !cheatsHere ? { ...r, outcome: "fail", target: false, verdict: {} } : r);
    }
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("prints the table by attempt and outcome, and the same as JSON", () => {
    const text = limbic(["runs", "attempts", syntheticRun.id, "--runs", runsFile]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^run r-attempts · impossible-code · steer desperate · 96 rollouts · done$/m);
    assert.match(text.stdout, /^desperate \+0\.1 \(24 rollouts\)$/m);
    assert.match(text.stdout, /cheat first appears at: attempt 3: 4 · attempt 4: 4 \(8 cheat episodes\)/);
    assert.match(text.stdout, /^unsteered \(24 rollouts\)\n[\s\S]*?cheat first appears at: no cheat episode/m);
    const json = limbic(["runs", "attempts", syntheticRun.id, "--runs", runsFile, "--json"]);
    assert.equal(json.status, 0, json.stderr);
    const parsed = JSON.parse(json.stdout) as {
      rollouts: number;
      attempts: { cells: { cell: string }[]; max_recorded: boolean; first_target: { cell: string; target: number }[] };
    };
    assert.equal(parsed.rollouts, 96);
    assert.equal(parsed.attempts.max_recorded, true);
    assert.deepEqual(
      parsed.attempts.first_target.map((f) => [f.cell, f.target]),
      [
        ["all", 8],
        ["unsteered", 0],
        ["desperate -0.1", 0],
        ["desperate +0.1", 8],
        ["random +0.1", 0],
      ],
    );
  });

  it("runs show prints the trend per series, and --json carries it", () => {
    const text = limbic(["runs", "show", syntheticRun.id, "--runs", runsFile]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^trend across strengths: slope of the log-odds of cheat per unit of strength/m);
    assert.match(
      text.stdout,
      /^ {2}desperate\s+8\/72 over 3 strengths {2}slope \+\d+\.\d \[\d+\.\d, \d+\.\d\] \(Firth, profile interval\) {2}z \+\d\.\d\d {2}p /m,
    );
    assert.match(text.stdout, /^ {2}random\s+0\/48 over 2 strengths {2}not estimable: every one of the 48 rollouts was a miss/m);
    const json = JSON.parse(limbic(["runs", "show", syntheticRun.id, "--runs", runsFile, "--json"]).stdout) as { trends: { vector: string; method: string }[] };
    assert.deepEqual(
      json.trends.map((t) => [t.vector, t.method]),
      [
        ["desperate", "firth-profile"],
        ["random", "not-estimable"],
      ],
    );
  });

  it("runs list --json and runs show --json print what /api/runs serves for the same run, snake_case", async () => {
    const list = limbic(["runs", "list", "--runs", runsFile, "--json"]);
    const show = limbic(["runs", "show", syntheticRun.id, "--runs", runsFile, "--json"]);
    assert.equal(list.status, 0, list.stderr);
    assert.equal(show.status, 0, show.stderr);
    const store = new RunStore(runsFile);
    const model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS });
    const server = await startServer({ model, port: 0, runs: runsSourceOf(store) });
    try {
      const served = (await (await fetch(`${server.url}/api/runs`)).json()) as { runs: unknown[] };
      const detail = await (await fetch(`${server.url}/api/runs/${syntheticRun.id}`)).json();
      assert.deepEqual(JSON.parse(list.stdout), served.runs);
      assert.deepEqual(JSON.parse(show.stdout), detail);
    } finally {
      await server.close();
      await model.dispose();
      store.close();
    }
    const shown = JSON.parse(show.stdout) as { run: Record<string, unknown>; trends: unknown[] };
    assert.equal(shown.run.steer_emotion, "desperate");
    assert.equal(shown.run.n_rollouts, 96);
    assert.equal(shown.run.random_control, true);
    assert.ok(!("steerEmotion" in shown.run) && !("createdAt" in shown.run), "camelCase stays in memory");
    assert.equal(shown.trends.length, 2);
  });

  it("names a run that is not there", () => {
    const missing = limbic(["runs", "attempts", "no-such-run", "--runs", runsFile]);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /No run "no-such-run".*Recent runs: r-attempts.* \[NOT_FOUND\]$/m);
    assert.doesNotMatch(missing.stderr, /\n\s+at /);
  });
});
