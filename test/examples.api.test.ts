/** examples/api/small-sweep.mjs, which uses only the public API, runs a real sweep and prints real results. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { STORIES, requireModel, TEST_THREADS } from "../testing/models.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const example = path.join(root, "examples", "api", "small-sweep.mjs");

describe("examples/api/small-sweep.mjs", () => {
  it("plans, runs and reads back a small sweep on stories260K", { timeout: 300_000 }, () => {
    const child = spawnSync(process.execPath, [example, requireModel(STORIES)], {
      cwd: root,
      encoding: "utf8",
      timeout: 290_000,
      env: { ...process.env, LIMBIC_THREADS: String(TEST_THREADS) },
    });
    assert.equal(child.status, 0, child.stderr);
    const lines = child.stdout.trim().split("\n");
    assert.match(lines[0]!, /^run sycophancy-desperate-\S+: sycophancy v\S+, steering desperate at layer 3, status done$/);
    const tokens = Number(/^rollouts 6, generated tokens (\d+)$/.exec(lines[1]!)?.[1]);
    assert.ok(tokens > 0, lines[1]);
    // Strength 0 is run once and counted in both series: 2 + 2 emotion + 2 random rollouts, 4 rows.
    const rows = lines.filter((l) => /^(desperate|random)\s+\S+\s+\d+\/2\s+rate/.test(l));
    assert.equal(rows.length, 4, child.stdout);
    const summary = JSON.parse(lines.at(-1)!) as {
      status: string;
      rollouts: number;
      results: { vector: string; strength: number; n: number; hits: number; rate: number; ci_low: number; ci_high: number; outcomes: Record<string, number> }[];
    };
    assert.equal(summary.status, "done");
    assert.equal(summary.rollouts, 6);
    assert.deepEqual(
      summary.results.map((r) => [r.vector, r.strength, r.n]),
      [
        ["desperate", 0, 2],
        ["desperate", 0.5, 2],
        ["random", 0, 2],
        ["random", 0.5, 2],
      ],
    );
    for (const r of summary.results) {
      assert.ok(r.ci_low <= r.rate && r.rate <= r.ci_high && r.hits <= r.n);
      assert.equal(
        Object.values(r.outcomes).reduce((a, b) => a + b, 0),
        r.n,
        "every rollout was graded",
      );
    }
  });
});
