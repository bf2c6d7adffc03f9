/** `limbic serve`: refuses an exposed host without a key, serves, logs requests, and shuts down on SIGTERM. */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { loadModel } from "../src/index.js";
import { STORIES, requireModel, TEST_THREADS } from "../testing/models.js";
import { syntheticVectorSet } from "../testing/syntheticSet.js";

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "bin", "limbic.js");

describe("limbic serve", () => {
  let setDir: string;
  before(async () => {
    const model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS });
    setDir = await syntheticVectorSet(model, { calm: Float32Array.from({ length: 64 }, (_, j) => Math.sin(j)) }, 3);
    await model.dispose();
  });
  after(() => fs.rmSync(setDir, { recursive: true, force: true }));

  it("refuses a non-loopback host without --api-key, before loading anything", () => {
    const run = spawnSync(process.execPath, [bin, "serve", "/nonexistent/model.gguf", "--host", "0.0.0.0"], { encoding: "utf8", timeout: 30_000 });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /--host 0\.0\.0\.0 is not a loopback address.*--api-key/);
  });

  it("serves the OpenAI API until SIGTERM, logging each request", async () => {
    const child = spawn(process.execPath, [bin, "serve", requireModel(STORIES), "--vectors", setDir, "--port", "0", "--threads", String(TEST_THREADS)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    // "close", not "exit": the pipes may still hold the last lines when the process has exited.
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start line; stderr: ${stderr}`)), 60_000);
        child.stdout.on("data", () => {
          const match = /at (http:\/\/127\.0\.0\.1:\d+) /.exec(stdout);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
        void exited.then((code) => reject(new Error(`exited with ${code}: ${stderr}`)));
      });
      const models = (await (await fetch(`${url}/v1/models`)).json()) as { data: { id: string }[] };
      assert.equal(models.data[0]!.id, "stories260K");
      const reply = await fetch(`${url}/v1/chat/completions`, {
        method: "POST",
        body: JSON.stringify({ messages: [{ role: "user", content: "Hi" }], max_tokens: 5, limbic: { emotions: ["calm"] } }),
      });
      assert.equal(reply.status, 200);
      assert.equal(((await reply.json()) as { limbic: { tokens: unknown[] } }).limbic.tokens.length, 5);
    } finally {
      child.kill("SIGTERM");
    }
    assert.equal(await exited, 0, stderr);
    assert.match(stderr, /POST \/v1\/chat\/completions 200 \d+ ms \(length, 5 tokens\)/);
    assert.match(stderr, /shutting down/);
  });
});
