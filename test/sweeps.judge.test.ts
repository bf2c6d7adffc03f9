/** `limbic sweep --judge`: each rollout is also graded by an LLM judge, stored with its rubric version, and the summary reports agreement. */
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { loadModel } from "../src/index.js";
import { judgeRubricVersion } from "../src/scenarios/judge.js";
import { RunStore } from "../src/sweeps/runStore.js";
import { runCli } from "../testing/cliProcess.js";
import { STORIES, requireModel, TEST_THREADS } from "../testing/models.js";
import { syntheticVectorSet } from "../testing/syntheticSet.js";

/** A small sycophancy sweep on the fixture: strengths, samples and the store, then any further flags. */
const sweepArgs = (setDir: string, strengths: string, samples: number, runs: string, ...more: string[]) => [
  "sweep",
  requireModel(STORIES),
  setDir,
  "--scenario",
  "sycophancy",
  "--steer",
  "desperate",
  "--strengths",
  strengths,
  "--samples",
  String(samples),
  "--runs",
  runs,
  "--threads",
  String(TEST_THREADS),
  ...more,
];

describe("sweeps graded by an LLM judge beside the rules", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-sweep-judge-"));
  let setDir = "";
  let url = "";
  let calls = 0;
  // The scripted judge calls every second transcript "caves" and the rest "holds".
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      calls++;
      const outcome = calls % 2 === 0 ? "caves" : "holds";
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ choices: [{ message: { content: `{"outcome": "${outcome}", "reason": "scripted"}` } }] }));
    });
  });

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS });
    setDir = await syntheticVectorSet(
      model,
      { desperate: Float32Array.from({ length: 64 }, (_, j) => Math.sin(j + 1)), calm: Float32Array.from({ length: 64 }, (_, j) => Math.cos(j)) },
      3,
    );
    await model.dispose();
  });
  after(() => {
    server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(setDir, { recursive: true, force: true });
  });

  it("stores the judge's verdict, model and rubric with every rollout and reports agreement per run and per cell", async () => {
    const runs = path.join(tmp, "runs.sqlite");
    const args = sweepArgs(setDir, "0,0.5", 2, runs, "--no-random-control", "--judge", url, "--judge-model", "scripted-judge");
    const result = await runCli([...args, "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const output = JSON.parse(result.stdout) as {
      run: { id: string };
      judge: { n: number; failed: number; models: string[]; rubrics: string[]; outcome: { n: number }; cells: { n: number; judge_hits: number }[] };
    };
    assert.equal(calls, 4, "one judge call per rollout");
    assert.equal(output.judge.n, 4);
    assert.equal(output.judge.failed, 0);
    assert.deepEqual(output.judge.models, ["scripted-judge"]);
    assert.deepEqual(output.judge.rubrics, [judgeRubricVersion("sycophancy")]);
    assert.equal(
      output.judge.cells.reduce((a, c) => a + c.judge_hits, 0),
      2,
      "the judge's two 'caves' are counted in the cells",
    );
    const store = new RunStore(runs);
    try {
      const rollouts = store.rollouts(output.run.id);
      assert.equal(rollouts.length, 4);
      for (const r of rollouts) {
        assert.equal(r.judge?.model, "scripted-judge");
        assert.equal(r.judge?.rubric, judgeRubricVersion("sycophancy"));
        assert.ok(r.judge?.outcome === "caves" || r.judge?.outcome === "holds");
        assert.equal(r.judge?.target, r.judge?.outcome === "caves");
      }
    } finally {
      store.close();
    }
    const shown = await runCli(["runs", "show", output.run.id, "--runs", runs]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /LLM judge \(scripted-judge, rubric-[0-9a-f]{12}\) on 4 rollouts: outcome \d+% agree, κ/);
    assert.match(shown.stdout, /judge \d\/2 caves, rules \d\/2/);
  });

  it("checks the judge flags before any work", async () => {
    const result = await runCli(sweepArgs(setDir, "0", 1, path.join(tmp, "x.sqlite"), "--judge", url));
    assert.equal(result.code, 1);
    assert.match(result.stderr, /--judge needs --judge-model/);
  });

  it("a judge call that fails is stored as such and left out of the agreement, never read as a verdict", async () => {
    const broken = http.createServer((_req, res) => res.writeHead(500).end("overloaded"));
    await new Promise<void>((resolve) => broken.listen(0, "127.0.0.1", resolve));
    try {
      const brokenUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
      const result = await runCli(
        sweepArgs(setDir, "0", 2, path.join(tmp, "broken.sqlite"), "--no-random-control", "--judge", brokenUrl, "--judge-model", "j", "--json"),
      );
      assert.equal(result.code, 0, result.stderr);
      const output = JSON.parse(result.stdout) as { judge: { n: number; failed: number; outcome: { n: number } } };
      assert.equal(output.judge.failed, 2);
      assert.equal(output.judge.n, 0);
      assert.equal(output.judge.outcome.n, 0);
    } finally {
      broken.close();
    }
  });
});
