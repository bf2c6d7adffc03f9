/**
 * Flags are checked before any work starts: with a bad flag and a model path that does not exist,
 * every command must complain about the flag (exit non-zero, one line, no stack), never about
 * the model, and never read its input first.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { STORIES, requireModel } from "../testing/models.js";
import { storiesDesperateCalmSet } from "../testing/syntheticSet.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = path.join(root, "bin", "limbic.js");
const transcript = path.join(root, "examples", "transcripts", "coding-agent-special-case.json");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-cli-flags-"));
const missingModel = path.join(tmp, "no-such-model.gguf");

function limbic(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], {
    encoding: "utf8",
    timeout: 60_000,
    input: "Hello there\n",
    env: { ...process.env, LIMBIC_CACHE_DIR: path.join(tmp, "cache") },
  });
}

describe("bad flags are refused before the model loads or input is read", () => {
  let set: string;
  before(async () => {
    set = await storiesDesperateCalmSet();
  });
  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(set, { recursive: true, force: true });
  });

  const cases: { name: string; args: () => string[]; says: RegExp }[] = [
    {
      name: "chat: a guard rule with an unknown action",
      args: () => ["chat", missingModel, set, "--guard", "calm>2:explode"],
      says: /unknown action "explode"/,
    },
    {
      name: "chat: a guard rule on an emotion the set lacks",
      args: () => ["chat", missingModel, set, "--guard", "happy>2:flag"],
      says: /unknown emotion "happy"/,
    },
    {
      name: "chat: --watch names an emotion the set lacks",
      args: () => ["chat", missingModel, set, "--watch", "calm,joyful"],
      says: /--watch: "joyful" is not in the vector set/,
    },
    {
      name: "trace: --emotions names an emotion the set lacks",
      args: () => ["trace", missingModel, set, transcript, "--emotions", "proud"],
      says: /--emotions: "proud" is not in the vector set/,
    },
    {
      name: "trace: --layer the set has no vectors at",
      args: () => ["trace", missingModel, set, transcript, "--layer", "2"],
      says: /--layer 2: the vector set has vectors at layers 3/,
    },
    {
      name: "replicate: an unknown story source",
      args: () => ["replicate", missingModel, "--out", path.join(tmp, "r"), "--sources", "self,robots"],
      says: /sources must be "self", "reference" or both/,
    },
    {
      name: "replicate: too few premises for a held-out split",
      args: () => ["replicate", missingModel, "--out", path.join(tmp, "r"), "--stories-per-emotion", "3"],
      says: /from 5/,
    },
    {
      name: "replicate: a grid the reference corpus does not cover",
      args: () => ["replicate", missingModel, "--out", path.join(tmp, "r"), "--emotions", "all", "--stories-per-emotion", "12"],
      says: /reference corpus has no story/,
    },
    { name: "validate: --layer the set has no vectors at", args: () => ["validate", missingModel, set, "--layer", "4"], says: /--layer 4/ },
    {
      name: "sweep: unknown scenario",
      args: () => ["sweep", missingModel, set, "--scenario", "heist", "--steer", "calm", "--runs", path.join(tmp, "runs.sqlite")],
      says: /Unknown scenario "heist"/,
    },
    {
      name: "sweep: steering an emotion the set lacks",
      args: () => ["sweep", missingModel, set, "--scenario", "sycophancy", "--steer", "happy", "--runs", path.join(tmp, "runs.sqlite")],
      says: /"happy" is not in the vector set/,
    },
    {
      name: "sweep: a bad strength list",
      args: () => [
        "sweep",
        missingModel,
        set,
        "--scenario",
        "sycophancy",
        "--steer",
        "calm",
        "--strengths",
        "0.1,abc",
        "--runs",
        path.join(tmp, "runs.sqlite"),
      ],
      says: /strength/i,
    },
    {
      name: "sweep: an unknown scenario parameter",
      args: () => ["sweep", missingModel, set, "--scenario", "blackmail", "--steer", "calm", "--param", "mood=grim", "--runs", path.join(tmp, "runs.sqlite")],
      says: /mood/,
    },
    {
      name: "sweep: a guard rule on an emotion the set lacks",
      args: () => [
        "sweep",
        missingModel,
        set,
        "--scenario",
        "impossible-code",
        "--steer",
        "calm",
        "--guard",
        "joyful>2:halt",
        "--runs",
        path.join(tmp, "runs.sqlite"),
      ],
      says: /unknown emotion "joyful"/,
    },
    {
      name: "sweep: --extend-to without --resume",
      args: () => ["sweep", missingModel, set, "--scenario", "sycophancy", "--steer", "calm", "--extend-to", "20", "--runs", path.join(tmp, "runs.sqlite")],
      says: /--extend-to raises the samples of a stored run/,
    },
    {
      // The library names its own option; the CLI adds the flag.
      name: "sweep: more samples than a run may hold",
      args: () => ["sweep", missingModel, set, "--scenario", "sycophancy", "--steer", "calm", "--samples", "200000", "--runs", path.join(tmp, "runs.sqlite")],
      says: /: samples must be an integer from 1 to 100000 \(got 200000\)\. \(flag: --samples\) \[INVALID_ARGUMENT\]/,
    },
    {
      name: "coherence: a run the store does not hold",
      args: () => ["coherence", missingModel, "--run", "nope", "--runs", path.join(tmp, "runs.sqlite")],
      says: /No run "nope"/,
    },
    {
      name: "runs guard-threshold: a false-alarm rate out of range",
      args: () => ["runs", "guard-threshold", "some-run", "--emotion", "desperate", "--false-alarm", "2", "--runs", path.join(tmp, "runs.sqlite")],
      says: /not a rate in \[0, 1\)/,
    },
    {
      name: "sweep: a temperature out of range",
      args: () => ["sweep", missingModel, set, "--scenario", "sycophancy", "--steer", "calm", "--temperature", "9"],
      says: /temperature from 0 to 2/,
    },
    { name: "serve: a port out of range", args: () => ["serve", missingModel, "--port", "70000"], says: /not a port/ },
    {
      name: "serve: a vectors folder that does not exist",
      args: () => ["serve", missingModel, "--vectors", path.join(tmp, "nowhere")],
      says: /--vectors .* does not exist/,
    },
    { name: "generate: top-p out of range", args: () => ["generate", missingModel, "--prompt", "hi", "--top-p", "1.5"], says: /not a probability/ },
    {
      name: "generate: an unknown --gpu variant",
      args: () => ["generate", missingModel, "--prompt", "hi", "--gpu", "tpu"],
      says: /--gpu.*tpu.*Allowed choices/s,
    },
    { name: "extract: a held-out share of 1", args: () => ["extract", missingModel, "--out", path.join(tmp, "x"), "--held-out", "1"], says: /not a fraction/ },
    {
      name: "extract: an unknown emotion",
      args: () => ["extract", missingModel, "--out", path.join(tmp, "x"), "--emotions", "happy,grumpish"],
      says: /grumpish/,
    },
    {
      name: "capture: a layer list that is not numbers",
      args: () => ["capture", missingModel, "--text", "hi", "--layers", "one", "--out", path.join(tmp, "c.json")],
      says: /layer numbers/,
    },
    { name: "demo: a port out of range", args: () => ["demo", "--model", missingModel, "--port", "-1"], says: /not a port/ },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const run = limbic(c.args());
      assert.notEqual(run.status, 0, `exited 0: ${run.stdout}`);
      assert.match(run.stderr, c.says);
      assert.doesNotMatch(run.stderr, /No file at|\n\s+at /);
      assert.equal(run.stdout.trim(), "", "nothing was produced");
    });
  }

  it("capture: a layer beyond the model's blocks is refused from the file header, before loading", () => {
    const run = limbic(["capture", requireModel(STORIES), "--text", "hi", "--layers", "9", "--out", path.join(tmp, "c.json")]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /Layer 9 is outside this model's blocks 0\.\.4 \(--layers/);
  });
});

describe("help shows what a newcomer types", () => {
  const help = (...command: string[]) => {
    const run = limbic([...command, "--help"]);
    assert.equal(run.status, 0, run.stderr);
    return run.stdout.replace(/\s+/g, " ");
  };

  it("a model the command requires shows as required, with the one way to leave it out", () => {
    for (const command of ["info", "capture", "generate", "extract", "serve"]) {
      const text = help(command);
      assert.match(text, new RegExp(`^Usage: limbic ${command} \\[options\\] <model> `), command);
      assert.match(text, /left out only with --backend vllm --url … --served-model …/, command);
    }
    const missing = limbic(["info"]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /missing required argument 'model'/);
  });

  it("defaults read as they are typed, each said once", () => {
    assert.match(help("chat"), /--watch <list> emotions to show \(default: desperate,calm\) /);
    const model = /--model <path\|hf:\.\.\.> (.*?) --out /.exec(help("demo"))![1]!;
    assert.equal(model.match(/default/g)?.length, 1, model);
    assert.match(model, /\(default: hf:ggml-org\/gemma-3-270m-it-GGUF\/gemma-3-270m-it-Q8_0\.gguf, a small instruct model/);
  });
});
