/** A run has one owner at a time: a second resume while the first process lives is refused (BUSY); a dead owner reads as interrupted. */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import Database from "better-sqlite3";
import { type RunRecord, RunStore } from "../src/sweeps/runStore.js";

const run: RunRecord = {
  id: "owned",
  scenario: "sycophancy",
  scenarioVersion: "5",
  modelName: "m",
  modelSha256: "x",
  vectorSet: "v",
  steerEmotion: "loving",
  layer: 2,
  strengths: [0],
  samples: 2,
  seed: 1,
  params: {},
  randomControl: false,
  createdAt: "2026-12-07T00:00:00Z",
  status: "running",
};

describe("run ownership", () => {
  it("refuses to claim a run another live process on this host is running, and allows it once that process is gone", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "limbic-owner-")), "runs.sqlite");
    const store = new RunStore(file);
    store.createRun(run);
    store.claim(run.id); // its own process may claim it again
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    const raw = new Database(file);
    raw.prepare("UPDATE runs SET owner = ? WHERE id = ?").run(`${os.hostname()}:${other.pid}`, run.id);
    try {
      assert.equal(store.requireRun(run.id).status, "running");
      assert.throws(() => store.claim(run.id), { code: "BUSY", message: new RegExp(`process ${other.pid}`) });
    } finally {
      const exited = new Promise((resolve) => other.once("exit", resolve));
      other.kill("SIGKILL");
      await exited;
    }
    assert.equal(store.requireRun(run.id).status, "interrupted");
    store.claim(run.id);
    assert.equal(store.requireRun(run.id).status, "running", "the resuming process owns it now");
    raw.close();
    store.close();
  });
});
