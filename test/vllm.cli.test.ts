/**
 * The CLI on the vLLM backend, against the simulated vllm-lens server (in this process; the CLI
 * runs as a child): every model-taking command opened through a vllm+http reference or the
 * flags, `serve --backend vllm` answering with telemetry, faults as one-line errors, and an
 * extraction and a sweep cut off by a server restart that `--resume` finishes exactly.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { readVectorSet } from "../src/index.js";
import { assertOneLineError, runCli, startCliServer } from "../testing/cliProcess.js";
import { VllmLensSim } from "../testing/vllmLensSim.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-vllm-cli-"));
const env = { ...process.env, LIMBIC_CACHE_DIR: path.join(tmp, "cache") };

const cli = (args: string[], input?: string) => runCli(args, { env, ...(input !== undefined ? { input } : {}) });

const EMOTIONS = ["happy", "sad", "calm"];
const SCENES = ["the garden gate", "a long train ride", "the kitchen at dawn", "an old letter", "the harbour wall"];
const corpusFile = path.join(tmp, "corpus.jsonl");
fs.writeFileSync(
  corpusFile,
  EMOTIONS.flatMap((emotion) =>
    SCENES.map((scene, premise) =>
      JSON.stringify({
        emotion,
        premise,
        text: `Mara stood by ${scene}. She felt ${emotion} as the light changed, and she stayed there a while longer than she meant to.`,
      }),
    ),
  ).join("\n") + "\n",
);
const transcriptFile = path.join(tmp, "transcript.json");
fs.writeFileSync(
  transcriptFile,
  JSON.stringify([
    { role: "user", content: "My exam went badly." },
    { role: "assistant", content: "I am sorry. Let us look at what to do next." },
  ]),
);

function storedStories(dir: string): unknown[] {
  const db = new Database(path.join(dir, "extraction.sqlite"), { readonly: true });
  try {
    return db
      .prepare(
        "SELECT s.emotion, s.premise_index, s.attempt, s.text, s.kept, s.masked, m.layer, hex(m.mean) AS mean FROM stories s JOIN story_means m ON m.story_id = s.id ORDER BY s.emotion, s.premise_index, s.attempt, m.layer",
      )
      .all();
  } finally {
    db.close();
  }
}

function storedRollouts(file: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare(
        "SELECT vector, strength, sample, seed, outcome, target, verdict, messages, turns, generated_tokens FROM rollouts ORDER BY vector, strength, sample",
      )
      .all();
  } finally {
    db.close();
  }
}

/** Stops the server (dropping open connections) once it has received `completions` more completion requests. */
async function stopAfter(sim: VllmLensSim, completions: number): Promise<void> {
  const seen = sim.completions.length;
  while (sim.completions.length < seen + completions) await new Promise((r) => setTimeout(r, 5));
  await sim.stop();
}

describe("the CLI on the vLLM backend (simulated server)", () => {
  const sim = new VllmLensSim({ maxModelLen: 4096 });
  let port: number;
  /** Capture requests an uninterrupted run makes; the cut-off runs stop the server halfway. */
  let extractionRequests = 0;
  const extracted = path.join(tmp, "extract-whole");
  const extractArgs = (dir: string, resume: boolean) => [
    "extract",
    "--corpus",
    corpusFile,
    "--out",
    dir,
    "--emotions",
    EMOTIONS.join(","),
    "--stories-per-emotion",
    String(SCENES.length),
    "--layers",
    "2,3",
    "--token-offset",
    "4",
    ...(resume ? ["--resume"] : []),
  ];
  const sweepArgs = (store: string) => [
    "sweep",
    "sim-model",
    extracted,
    "--scenario",
    "sycophancy",
    "--steer",
    "happy",
    "--strengths",
    "-0.5,0.5",
    "--samples",
    "2",
    "--seed",
    "4",
    "--parallel",
    "1",
    "--runs",
    store,
  ];

  before(async () => {
    port = Number(new URL(await sim.start()).port);
  });
  after(async () => {
    await sim.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const flags = () => ["--backend", "vllm", "--url", sim.url];

  it("info opens the server from a reference and from --backend/--url/--served-model alike", async () => {
    const byReference = await cli(["info", sim.reference, "--json"]);
    assert.equal(byReference.code, 0, byReference.stderr);
    const byFlags = await cli(["info", ...flags(), "--served-model", "sim-model", "--json"]);
    assert.equal(byFlags.code, 0, byFlags.stderr);
    const info = JSON.parse(byFlags.stdout) as { backend: string; nLayer: number; nEmbd: number; path: string };
    assert.deepEqual(JSON.parse(byReference.stdout), info);
    assert.deepEqual([info.backend, info.nLayer, info.nEmbd, info.path], ["vllm", sim.nLayer, sim.nEmbd, sim.reference]);
  });

  it("capture and generate run on the server", async () => {
    const out = path.join(tmp, "capture.json");
    const capture = await cli(["capture", ...flags(), "--served-model", "sim-model", "--text", "Hello there", "--layers", "1,4", "--out", out]);
    assert.equal(capture.code, 0, capture.stderr);
    const written = JSON.parse(fs.readFileSync(out, "utf8")) as { tokens: string[]; layers: Record<string, number[][]> };
    assert.equal(written.tokens.join(""), "<bos>Hello there");
    assert.deepEqual(Object.keys(written.layers), ["1", "4"]);
    assert.equal(written.layers["4"]!.length, written.tokens.length);
    const generate = await cli(["generate", sim.reference, "--prompt", "Once", "--max-tokens", "6", "--temperature", "0"]);
    assert.equal(generate.code, 0, generate.stderr);
    assert.ok(generate.stdout.length > 0);
  });

  it("extract, validate and trace run on the server", { timeout: 120_000 }, async () => {
    const requestsBefore = sim.completions.length;
    const extract = await cli([...extractArgs(extracted, false), ...flags(), "--served-model", "sim-model"]);
    extractionRequests = sim.completions.length - requestsBefore;
    assert.equal(extract.code, 0, extract.stderr);
    const set = await readVectorSet(extracted);
    assert.deepEqual(set.manifest.emotions, EMOTIONS);
    assert.equal(set.manifest.model.n_embd, sim.nEmbd);
    const validate = await cli(["validate", sim.reference, extracted, "--out", path.join(tmp, "validation.html")]);
    assert.equal(validate.code, 0, validate.stderr);
    const trace = await cli(["trace", "sim-model", extracted, transcriptFile, ...flags(), "--json"]);
    assert.equal(trace.code, 0, trace.stderr);
    assert.ok(trace.stdout.includes("happy"));
  });

  it("chat with a guard, monitor-eval, vectors upgrade and demo's flags run on the server", { timeout: 120_000 }, async () => {
    const chat = await cli(
      ["chat", "sim-model", extracted, ...flags(), "--watch", "happy,calm", "--guard", "calm>-99 for 2 tokens:flag", "--max-tokens", "8", "--seed", "1"],
      "Tell me a story.\n",
    );
    assert.equal(chat.code, 0, chat.stderr);
    assert.match(chat.stderr, /\[guard\] token 1 .*calm>-99 for 2 tokens:flag -> flagged/);
    const labelled = path.join(tmp, "labelled.jsonl");
    const item = (label: string, split: string, i: number) =>
      JSON.stringify({
        id: `${label}-${split}-${i}`,
        label,
        split,
        messages: [
          { role: "user", content: "Fix the tests." },
          { role: "assistant", content: label === "cheat" ? `I will skip test ${i} quietly.` : `I fixed bug ${i} in the parser.` },
        ],
      });
    fs.writeFileSync(
      labelled,
      ["dev", "test"].flatMap((split) => [0, 1, 2].flatMap((i) => [item("cheat", split, i), item("honest", split, i)])).join("\n") + "\n",
    );
    const monitor = await cli(["monitor-eval", sim.reference, extracted, labelled, "--emotions", "happy", "--json"]);
    assert.equal(monitor.code, 0, monitor.stderr);
    assert.equal((JSON.parse(monitor.stdout) as { transcripts: { total: number } }).transcripts.total, 12);
    const copy = path.join(tmp, "upgraded");
    fs.cpSync(extracted, copy, { recursive: true });
    const upgrade = await cli(["vectors", "upgrade", sim.reference, copy]);
    assert.equal(upgrade.code, 0, upgrade.stderr);
    // demo's --model defaults to a GGUF; with the flags the server's model takes its place.
    assertOneLineError(await cli(["demo", "--backend", "vllm", "--url", sim.url, "--served-model", "no-such-model"]), "demo", "MODEL_NOT_SERVED");
  });

  it("an extraction cut off by a server restart exits with one line, and --resume stores exactly what an uninterrupted one does", {
    timeout: 120_000,
  }, async () => {
    const cut = path.join(tmp, "extract-cut");
    const run = cli([...extractArgs(cut, false), sim.reference]);
    await stopAfter(sim, Math.floor(extractionRequests / 2));
    const first = await run;
    assertOneLineError(first, "extract", "BACKEND_UNREACHABLE");
    // Halfway through its requests the stories are stored and the neutral set is being read.
    assert.ok(!fs.existsSync(path.join(cut, "manifest.json")), "cut off before the set was written");
    await sim.start(port);
    const resumed = await cli([...extractArgs(cut, true), sim.reference]);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.deepEqual(storedStories(cut), storedStories(extracted));
    const whole = await readVectorSet(extracted);
    const again = await readVectorSet(cut);
    for (const [emotion, layers] of whole.vectors)
      for (const [layer, v] of layers) assert.deepEqual(again.vectors.get(emotion)!.get(layer), v, `${emotion} layer ${layer}`);
  });

  it("a sweep cut off by a server restart exits with one line, and --resume finishes the same rollouts", { timeout: 300_000 }, async () => {
    const whole = path.join(tmp, "sweep-whole.sqlite");
    const requestsBefore = sim.completions.length;
    const reference = await cli([...sweepArgs(whole), ...flags()]);
    assert.equal(reference.code, 0, reference.stderr);
    const sweepRequests = sim.completions.length - requestsBefore;
    const cut = path.join(tmp, "sweep-cut.sqlite");
    const run = cli([...sweepArgs(cut), ...flags()]);
    await stopAfter(sim, Math.floor(sweepRequests * 0.6));
    const first = await run;
    assertOneLineError(first, "sweep", "BACKEND_UNREACHABLE");
    const runId = /run (\S+) \(store/.exec(first.stderr)?.[1];
    assert.ok(runId, first.stderr);
    assert.ok(storedRollouts(cut).length < storedRollouts(whole).length, "cut off before the end");
    await sim.start(port);
    const resumed = await cli(["sweep", "sim-model", extracted, "--resume", runId, "--parallel", "1", "--runs", cut, ...flags()]);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.deepEqual(storedRollouts(cut), storedRollouts(whole));
  });

  it("serve --backend vllm keeps Limbic's API: a chat completion with per-token telemetry, generated by the server", { timeout: 60_000 }, async () => {
    const server = startCliServer([...flags(), "--served-model", "sim-model", "--port", "0", "--vectors", extracted, "--quiet"], env);
    const url = await server.url;
    const before_ = sim.completions.length;
    try {
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: "sim-model",
          messages: [{ role: "user", content: "Say something." }],
          max_tokens: 6,
          temperature: 0,
          limbic: { emotions: ["happy", "calm"], steer: { happy: 0.2 } },
        }),
      });
      assert.equal(response.status, 200, await response.clone().text());
      const reply = (await response.json()) as {
        choices: { message: { content: string } }[];
        limbic: { tokens: { text: string; emotions: Record<string, number> }[] };
      };
      assert.ok(reply.limbic.tokens.length > 0);
      assert.equal(reply.limbic.tokens.map((t) => t.text).join(""), reply.choices[0]!.message.content);
      for (const t of reply.limbic.tokens) assert.ok(Number.isFinite(t.emotions.happy) && Number.isFinite(t.emotions.calm));
      assert.ok(sim.completions.length > before_, "the vLLM server generated the reply");
      const models = (await (await fetch(`${url}/v1/models`)).json()) as { data: { id: string }[] };
      assert.deepEqual(
        models.data.map((m) => m.id),
        ["sim-model"],
      );
    } finally {
      assert.equal((await server.stop()).code, 0);
    }
  });
});

describe("the CLI's errors on the vLLM backend: one line each, before or instead of any work", () => {
  const sim = new VllmLensSim();
  const noLens = new VllmLensSim({ withoutLens: true });
  before(async () => {
    await sim.start();
    await noLens.start();
  });
  after(async () => {
    await sim.stop();
    await noLens.stop();
  });

  it("a wrong URL (nothing listening)", { timeout: 60_000 }, async () => {
    const closed = new VllmLensSim();
    await closed.start();
    const reference = closed.reference;
    await closed.stop();
    assertOneLineError(await cli(["info", reference]), "info", "BACKEND_UNREACHABLE");
  });

  it("a server without vllm-lens", async () => {
    const result = await cli(["info", noLens.reference]);
    assertOneLineError(result, "info", "BACKEND_NO_LENS");
  });

  it("a model name the server does not have (the message lists the ones it has)", async () => {
    const result = await cli(["info", "--backend", "vllm", "--url", sim.url, "--served-model", "no-such-model"]);
    assertOneLineError(result, "info", "MODEL_NOT_SERVED");
    assert.match(result.stderr, /sim-model/);
  });

  it("a layer out of range", async () => {
    const result = await cli(["capture", sim.reference, "--text", "Hi", "--layers", "1,99", "--out", path.join(os.tmpdir(), "never.json")]);
    assertOneLineError(result, "capture", "LAYER_OUT_OF_RANGE");
  });

  it("a response cut short, every time it is retried", { timeout: 60_000 }, async () => {
    for (let i = 0; i < 20; i++) sim.faults.push({ kind: "truncate", path: "/v1/completions" });
    const result = await cli(["capture", sim.reference, "--text", "Hi", "--layers", "1", "--out", path.join(os.tmpdir(), "never.json")]);
    sim.faults.length = 0;
    assertOneLineError(result, "capture", "RESPONSE_TRUNCATED");
  });

  it("flags that contradict each other, before anything is contacted", async () => {
    const before_ = sim.completions.length;
    assertOneLineError(await cli(["info", sim.reference, "--url", sim.url]), "info", "INVALID_ARGUMENT");
    assertOneLineError(await cli(["info", "model.gguf", "--served-model", "x"]), "info", "INVALID_ARGUMENT");
    assertOneLineError(await cli(["info", sim.reference, "--threads", "2"]), "info", "INVALID_ARGUMENT");
    assertOneLineError(await cli(["info", "--backend", "vllm", "--served-model", "sim-model"]), "info", "INVALID_ARGUMENT");
    assert.equal(sim.completions.length, before_);
  });
});
