import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { loadModel } from "../src/index.js";
import { LOOP_REPLY, loopModelFile } from "../testing/loopModel.js";
import { STORIES, requireModel, TEST_THREADS } from "../testing/models.js";
import { syntheticVectorSet } from "../testing/syntheticSet.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = path.join(root, "bin", "limbic.js");
const transcript = path.join(root, "examples", "transcripts", "coding-agent-special-case.json");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-cli-mon-"));

function limbic(args: string[], input?: string) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", timeout: 120_000, ...(input !== undefined ? { input } : {}) });
}

describe("limbic trace and limbic chat", () => {
  let setDir: string;
  before(async () => {
    const model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS });
    setDir = await syntheticVectorSet(
      model,
      { desperate: Float32Array.from({ length: 64 }, (_, j) => Math.sin(j)), calm: Float32Array.from({ length: 64 }, (_, j) => Math.cos(j * 0.5)) },
      3,
    );
    await model.dispose();
  });
  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(setDir, { recursive: true, force: true });
  });

  it("trace writes JSON with tokens and message summaries, and an HTML report", () => {
    const html = path.join(tmp, "trace.html");
    const run = limbic(["trace", requireModel(STORIES), setDir, transcript, "--emotions", "desperate,calm", "--json", "--out", html, "--smooth", "2"]);
    assert.equal(run.status, 0, run.stderr);
    const trace = JSON.parse(run.stdout);
    assert.ok(trace.tokens.length > 100);
    assert.deepEqual(Object.keys(trace.tokens[5].values), ["desperate", "calm"]);
    assert.equal(trace.messages.length, 14);
    assert.equal(trace.messages[13].role, "assistant");
    assert.ok(fs.statSync(html).size > 10_000);
    // Without --json the terminal gets a summary per message, not every token's values.
    const summary = limbic(["trace", requireModel(STORIES), setDir, transcript, "--emotions", "desperate,calm"]);
    assert.equal(summary.status, 0, summary.stderr);
    assert.throws(() => JSON.parse(summary.stdout));
    assert.ok(summary.stdout.length < run.stdout.length / 20, `summary of ${summary.stdout.length} characters`);
    assert.match(
      summary.stdout,
      /message 13 \(assistant\), tokens \d+–\d+\n\s+emotion\s+mean\s+max\s+start\s+peak\n\s+desperate\s+[+-]\d\.\d\d\s+[+-]\d\.\d\d\s+[+-]\d\.\d\d\s+token \d+ "/,
    );
    assert.match(summary.stdout, /Highest over the transcript:\n\s+desperate .*\n\s+calm /);
    const bad = path.join(tmp, "bad.json");
    fs.writeFileSync(bad, '[{"role": "user", "content": "hi"}, {"role": "wizard", "content": "x"}]');
    const failed = limbic(["trace", requireModel(STORIES), setDir, bad]);
    assert.equal(failed.status, 1);
    assert.match(failed.stderr, /message 1 has role "wizard"/);
  });

  it("vectors show summarises the set, and --json prints the whole manifest", () => {
    const summary = limbic(["vectors", "show", setDir]);
    assert.equal(summary.status, 0, summary.stderr);
    assert.match(summary.stdout, /^Vector set .*: 2 emotions for .*\nemotions: desperate, calm\nlayers: 3; reading layer 3\n/);
    const json = limbic(["vectors", "show", setDir, "--json"]);
    assert.equal(json.status, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout).emotions, ["desperate", "calm"]);
  });

  it("chat streams replies, shows the watched emotions and logs guard events", () => {
    const run = limbic(
      [
        "chat",
        requireModel(STORIES),
        setDir,
        "--watch",
        "desperate,calm",
        "--guard",
        "calm>-99 for 3 tokens:flag",
        "--guard",
        "desperate>-99 for 8 tokens:halt",
        "--max-tokens",
        "30",
        "--seed",
        "1",
      ],
      "Tell me a story.\n",
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /\[guard\] token 2 .*calm>-99 for 3 tokens:flag -> flagged/);
    assert.match(run.stderr, /\[guard\] token 7 .*halt/);
    assert.match(run.stdout, /\[halt: guard: desperate>-99 for 8 tokens:halt\] desperate [█░]+ [+-]\d/);
    const badRule = limbic(["chat", requireModel(STORIES), setDir, "--guard", "desperate>>2:flag"], "hi\n");
    assert.equal(badRule.status, 1);
    assert.match(badRule.stderr, /does not parse/);
  });
});

describe("limbic chat with a model that writes the user's next line (loop model)", () => {
  let modelFile: string;
  let setDir: string;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-cli-loop-"));
  before(async () => {
    modelFile = await loopModelFile();
    const model = await loadModel({ model: modelFile, threads: TEST_THREADS });
    // calm reads the loop's first token (" H"), desperate its newline: each holds on one token per loop.
    const axis = (k: number) => Float32Array.from({ length: 16 }, (_, j) => (j === k ? 1 : 0));
    setDir = await syntheticVectorSet(model, { calm: axis(0), desperate: axis(3) }, 1, { mean: "zero", spread: { calm: 1, desperate: 1 } });
    await model.dispose();
  });
  after(() => {
    fs.rmSync(setDir, { recursive: true, force: true });
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("ends each reply at the next role line and marks each piped line; --no-stop-at-turns lets it run on", () => {
    const run = limbic(["chat", modelFile, setDir, "--max-tokens", "20"], "Hello\nAgain\n");
    assert.equal(run.status, 0, run.stderr);
    const finish = "\\[stop: the model began the next turn\\] desperate [█░]+ [+-]\\d\\.\\d  calm [█░]+ [+-]\\d\\.\\d";
    assert.match(run.stdout, new RegExp(`^> Hello\\n${LOOP_REPLY}\\n${finish}\\n\\n> Again\\n${LOOP_REPLY}\\n${finish}\\n\\n$`));
    const runOn = limbic(["chat", modelFile, setDir, "--max-tokens", "20", "--no-stop-at-turns"], "Hello\n");
    assert.equal(runOn.status, 0, runOn.stderr);
    assert.match(runOn.stdout, /^> Hello\n Hi\.\nUser: Hi\.\nUser: Hi\.\n\[length\]/);
  });

  it("gives guard lines lines of their own where stderr shares stdout, and flags once per crossing", () => {
    const file = path.join(scratch, "chat-shared.txt");
    const fd = fs.openSync(file, "w");
    try {
      const run = spawnSync(process.execPath, [bin, "chat", modelFile, setDir, "--max-tokens", "20", "--no-stop-at-turns", "--guard", "calm>0.5:flag"], {
        input: "Hello\n",
        stdio: ["pipe", fd, fd],
        timeout: 120_000,
      });
      assert.equal(run.status, 0);
    } finally {
      fs.closeSync(fd);
    }
    const lines = fs.readFileSync(file, "utf8").split("\n");
    const guard = (token: number) => `[guard] token ${token} " H": calm>0.5:flag -> flagged`;
    // calm holds on the loop's first token only: one flag per loop, each after the word " Hi." it came in.
    assert.deepEqual(lines.slice(0, 8), ["> Hello", " Hi.", guard(0), "User: Hi.", guard(8), "User: Hi.", guard(16), lines[7]]);
    assert.match(lines[7]!, /^\[length\]/);
  });
});
