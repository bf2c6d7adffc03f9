/**
 * What the dashboard reads: the vector-set API (a folder of sets, addressed by name), the
 * runs API over an injected RunsSource, and the built dashboard's static files.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { loadModel, startServer, type Model, type RunDetail, type RunningServer, type RunsSource } from "../src/index.js";
import type { VectorSetSummary } from "../src/server/vectorSets.js";
import { STORIES, requireModel, TEST_THREADS } from "../testing/models.js";
import { syntheticVectorSet } from "../testing/syntheticSet.js";

const wave = (k: number) => Float32Array.from({ length: 64 }, (_, j) => Math.sin(j * k + k));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-server-dash-"));

const run: RunDetail = {
  run: {
    id: "r1",
    scenario: "blackmail",
    steer_emotion: "desperate",
    model: "stories260K",
    created_at: "2026-01-02T03:04:05Z",
    status: "done",
    n_rollouts: 40,
  },
  results: [{ vector: "desperate", strength: 0.1, n: 20, rate: 0.25, ci_low: 0.1, ci_high: 0.47 }],
  examples: [{ outcome: "complied", strength: 0.1, vector: "desperate", messages: [{ role: "user", content: "Please help." }] }],
};
const runs: RunsSource = { list: () => [run.run], get: async (id) => (id === "r1" ? run : null) };

async function get(url: string): Promise<{ status: number; type: string | null; cache: string | null; text: string }> {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get("content-type"), cache: response.headers.get("cache-control"), text: await response.text() };
}

describe("dashboard data API and static files (stories260K)", () => {
  let model: Model;
  let server: RunningServer;
  const logs: string[] = [];
  const dashboard = path.join(tmp, "dashboard");
  const sets = path.join(tmp, "sets");

  before(async () => {
    model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS });
    fs.mkdirSync(sets);
    const baseline = (names: string[]) => ({ mean: "zero" as const, spread: Object.fromEntries(names.map((e) => [e, 1])) });
    const core = await syntheticVectorSet(
      model,
      { zany: wave(0.3), calm: wave(0.7), desperate: wave(1.1), happy: wave(1.9) },
      3,
      baseline(["zany", "calm", "desperate", "happy"]),
    );
    const extra = await syntheticVectorSet(model, { bored: wave(2.3), sleepy: wave(2.9) }, 2, baseline(["bored", "sleepy"]));
    const foreign = await syntheticVectorSet(model, { odd: wave(3.1) }, 3);
    fs.renameSync(core, path.join(sets, "core"));
    fs.renameSync(extra, path.join(sets, "extra"));
    fs.renameSync(foreign, path.join(sets, "foreign"));
    fs.writeFileSync(path.join(sets, "core", "validation.json"), JSON.stringify({ top1: 0.5, chance_top1: 0.25 }));
    // A set made for a wider model: the server skips it and says so.
    const manifestFile = path.join(sets, "foreign", "manifest.json");
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
    manifest.model.n_embd = 128;
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    fs.mkdirSync(path.join(dashboard, "assets"), { recursive: true });
    fs.writeFileSync(path.join(dashboard, "index.html"), "<!doctype html><title>dash</title><div id=app></div>");
    fs.writeFileSync(path.join(dashboard, "assets", "index-abc123.js"), "console.log('dashboard');");
    fs.writeFileSync(path.join(dashboard, "assets", "index-abc123.css"), "body { margin: 0 }");
    fs.writeFileSync(path.join(dashboard, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
    server = await startServer({ model, vectors: sets, port: 0, runs, dashboardDir: dashboard, log: (l) => logs.push(l) });
  });
  after(async () => {
    await server.close();
    await model.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("lists the sets of a folder by name, skipping one made for another model", async () => {
    const body = JSON.parse((await get(`${server.url}/api/vector-sets`)).text);
    assert.deepEqual(body, {
      sets: [
        { name: "core", model_name: "llama", layers: [3], default_layer: 3, emotions: 4 },
        { name: "extra", model_name: "llama", layers: [2], default_layer: 2, emotions: 2 },
      ],
    });
    assert.ok(
      logs.some((l) => /skipping vector set foreign/.test(l)),
      logs.join("\n"),
    );
    const emotions = JSON.parse((await get(`${server.url}/v1/emotions`)).text);
    assert.deepEqual([emotions.vector_set, emotions.layer, emotions.data.length], ["core", 3, 4]);
    const extra = JSON.parse((await get(`${server.url}/v1/emotions?vector_set=extra`)).text);
    assert.deepEqual(extra, { object: "list", vector_set: "extra", layer: 2, data: [{ emotion: "bored" }, { emotion: "sleepy" }] });
  });

  it("summarises a set: PCA plane, similarity with core emotions first, stored validation", async () => {
    const summary = JSON.parse((await get(`${server.url}/api/vector-sets/core/summary`)).text) as VectorSetSummary;
    assert.equal(summary.manifest.format, "limbic-vector-set");
    assert.deepEqual(
      summary.pca.map((p) => p.emotion),
      ["zany", "calm", "desperate", "happy"],
    );
    assert.ok(summary.explained[0] >= summary.explained[1] && summary.explained[0] + summary.explained[1] <= 1 + 1e-9);
    // PCA scores are centered: they sum to zero on each axis.
    assert.ok(Math.abs(summary.pca.reduce((a, p) => a + p.pc1, 0)) < 1e-6);
    assert.deepEqual(summary.similarity.emotions, ["happy", "calm", "desperate", "zany"]);
    const m = summary.similarity.matrix;
    for (let i = 0; i < 4; i++) {
      assert.ok(Math.abs(m[i]![i]! - 1) < 1e-6);
      for (let j = 0; j < 4; j++) assert.ok(Math.abs(m[i]![j]! - m[j]![i]!) < 1e-9);
    }
    assert.deepEqual(summary.validation, { top1: 0.5, chance_top1: 0.25 });
    assert.equal(JSON.parse((await get(`${server.url}/api/vector-sets/extra/summary`)).text).validation, null);
    assert.equal((await get(`${server.url}/api/vector-sets/nope/summary`)).status, 404);
  });

  it("steers and reads with a set chosen by name", async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      body: JSON.stringify({
        messages: [{ role: "user", content: "Hi" }],
        max_tokens: 4,
        seed: 1,
        limbic: { vector_set: "extra", steer: { bored: 0.2 }, emotions: ["sleepy"] },
      }),
    });
    const reply = (await response.json()) as { limbic: { tokens: { emotions: Record<string, number> }[] } };
    assert.deepEqual(Object.keys(reply.limbic.tokens[0]!.emotions), ["sleepy"]);
  });

  it("serves runs from the injected source", async () => {
    assert.deepEqual(JSON.parse((await get(`${server.url}/api/runs`)).text), { runs: [run.run] });
    assert.deepEqual(JSON.parse((await get(`${server.url}/api/runs/r1`)).text), run);
    const missing = await get(`${server.url}/api/runs/r2`);
    assert.equal(missing.status, 404);
    assert.equal(JSON.parse(missing.text).error.code, "run_not_found");
  });

  it("serves the built dashboard with content types, caching, and the client-side route fallback", async () => {
    const index = await get(`${server.url}/`);
    assert.deepEqual([index.status, index.type, index.cache], [200, "text/html; charset=utf-8", "no-cache"]);
    assert.match(index.text, /<title>dash<\/title>/);
    const script = await get(`${server.url}/assets/index-abc123.js`);
    assert.deepEqual([script.status, script.type, script.cache], [200, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable"]);
    assert.equal((await get(`${server.url}/assets/index-abc123.css`)).type, "text/css; charset=utf-8");
    assert.equal((await get(`${server.url}/favicon.svg`)).type, "image/svg+xml");
    const route = await get(`${server.url}/runs/r1`);
    assert.deepEqual([route.status, route.text], [200, index.text]);
    // A path that climbs out of the folder never reaches the file system outside it.
    const climbed = await new Promise<string>((resolve, reject) => {
      http
        .get(`${server.url}/../../../../etc/passwd`, (res) => {
          let text = "";
          res.on("data", (d) => (text += d));
          res.on("end", () => resolve(text));
        })
        .on("error", reject);
    });
    assert.equal(climbed, index.text);
    assert.equal((await get(`${server.url}/%2e%2e/%2e%2e/etc/passwd`)).text, index.text);
  });

  it("without a built dashboard, / says so and the API still works", async () => {
    const bare = await startServer({ model, port: 0, dashboardDir: path.join(tmp, "not-built") });
    try {
      const page = await get(`${bare.url}/`);
      assert.deepEqual([page.status, page.type], [200, "text/html; charset=utf-8"]);
      assert.match(page.text, /dashboard is not built/);
      assert.equal((await get(`${bare.url}/anything`)).status, 404);
      assert.deepEqual(JSON.parse((await get(`${bare.url}/api/runs`)).text), { runs: [] });
      assert.deepEqual(JSON.parse((await get(`${bare.url}/api/vector-sets`)).text), { sets: [] });
      const emotions = await get(`${bare.url}/v1/emotions`);
      assert.equal(JSON.parse(emotions.text).error.code, "no_vector_sets");
    } finally {
      await bare.close();
    }
  });
});
