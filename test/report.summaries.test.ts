/** The terminal summaries `limbic trace` and `limbic vectors show` print instead of JSON. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TraceResult, TracedToken } from "../src/monitor/results.js";
import { traceSummary } from "../src/report/traceSummary.js";
import { vectorSetSummary } from "../src/report/vectorSetSummary.js";
import type { VectorSetManifest } from "../src/vectors/manifest.js";

/** Two messages: a user line (tokens 0-3) and an assistant reply (tokens 4-8) whose desperate value peaks at token 6. */
function sampleTrace(): TraceResult {
  const texts = ["User", ":", " tests", " fail", "\nAssistant:", " I", " will", " cheat", "."];
  const desperate = [0.1, 0.2, 1.5, 0.4, 0.3, 0.9, 2.6, 1.1, 0.2];
  const calm = [0.5, 0.4, -0.3, 0.2, 0.8, -0.5, -1.9, -0.2, 0.1];
  const tokens: TracedToken[] = texts.map((text, i) => ({
    index: i,
    text,
    message: i < 4 ? 0 : 1,
    start: 0,
    end: 0,
    values: { desperate: desperate[i]!, calm: calm[i]! },
    score: {},
    cosine: {},
  }));
  return {
    model: { name: "tiny", sha256: "0".repeat(64) },
    vector_set: "vectors",
    layer: 3,
    emotions: ["desperate", "calm"],
    templated: false,
    note: 'The model has no chat template; messages were rendered as plain "Role: content" text.',
    smooth: 0,
    tokens,
    messages: [
      { index: 0, role: "user", tokens: [0, 4], summary: { desperate: { mean: 0.55, max: 1.5, start: 0.2 }, calm: { mean: 0.2, max: 0.5, start: 0.4 } } },
      {
        index: 1,
        role: "assistant",
        tokens: [4, 9],
        summary: { desperate: { mean: 1.02, max: 2.6, start: 0.3 }, calm: { mean: -0.34, max: 0.8, start: 0.8 } },
      },
    ],
  };
}

const manifest: VectorSetManifest = {
  format: "limbic-vector-set",
  version: 2,
  limbic_version: "0.1.0",
  model: { name: "gemma-3-270m", file: "gemma-3-270m-q4_k_m.gguf", sha256: "abcdef0123456789".repeat(4), architecture: "gemma3", n_embd: 640, n_layer: 18 },
  emotions: ["afraid", "angry", "calm", "desperate", "guilty", "happy", "hopeful", "nervous", "proud", "sad", "surprised", "loving", "bored", "content"],
  files: {},
  layers: [6, 9, 12],
  default_layer: 9,
  counts: { afraid: 16, angry: 14, calm: 16 },
  heldout_counts: { afraid: 4, angry: 4, calm: 4 },
  token_offset: 50,
  read_mode: "story",
  method: "balanced premise x emotion grid",
  denoise: { variance_fraction: 0.5, components: {} },
  mean_residual_norms: { "6": 80, "9": 123.456, "12": 200 },
  created_at: "2026-01-02T03:04:05Z",
  readout: { neutral_file: "neutral.gguf", neutral_tokens: 12345, spread: { afraid: { "9": 1.5 } } },
  layer_sweep: { method: "two-fold accuracy", accuracy: { "6": 0.3, "9": 0.412, "12": 0.35 } },
  prompt_style: "chat",
};

describe("traceSummary", () => {
  const text = traceSummary(sampleTrace(), "agent.json");

  it("is text, not JSON, and names the source, the layer and the model's note", () => {
    assert.throws(() => JSON.parse(text));
    assert.match(text, /^Emotion trace of agent\.json: 9 tokens in 2 messages; tiny, layer 3/);
    assert.match(text, /no chat template/);
  });

  it("gives each message's mean, max and start per emotion, with the peak token in its context", () => {
    const reply = text.slice(text.indexOf("message 1 (assistant), tokens 4–8"));
    assert.ok(reply.length < text.length, text);
    assert.match(reply, /desperate\s+\+1\.02\s+\+2\.60\s+\+0\.30\s+token 6 "\\nAssistant: I\[ will\] cheat\."/);
    // calm peaks at the reply's first token; the context stops at the message's start.
    assert.match(reply, /calm\s+-0\.34\s+\+0\.80\s+\+0\.80\s+token 4 "\[\\nAssistant:\] I will cheat"/);
    const user = text.slice(text.indexOf("message 0 (user)"), text.indexOf("message 1 ("));
    assert.match(user, /desperate\s+\+0\.55\s+\+1\.50\s+\+0\.20\s+token 2 "User:\[ tests\] fail"/);
  });

  it("ends with each emotion's peak over the whole transcript and where the full data is", () => {
    const tail = text.slice(text.indexOf("Highest over the transcript:"));
    assert.match(tail, /desperate\s+\+2\.60\s+at token 6 .*\(message 1, assistant\)/);
    assert.match(tail, /calm\s+\+0\.80\s+at token 4 .*\(message 1, assistant\)/);
    assert.match(tail, /--json/);
  });
});

describe("vectorSetSummary", () => {
  const text = vectorSetSummary(manifest, "vectors/gemma");

  it("says what the set was made from and holds, in a few lines instead of the manifest", () => {
    assert.throws(() => JSON.parse(text));
    assert.ok(text.split("\n").length < 15, text);
    assert.match(
      text,
      /^Vector set vectors\/gemma: 14 emotions for gemma-3-270m \(gemma3, 18 layers, n_embd 640; gemma-3-270m-q4_k_m\.gguf, sha256 abcdef012345…\)/,
    );
    assert.match(text, /emotions: afraid, angry, .*, surprised, loving, … and 2 more\n/);
    assert.match(text, /layers: 6, 9, 12; reading layer 9 \(accuracy 41\.2% on the training premises\)/);
    assert.match(text, /stories per emotion 14–16, held out 4; read mode story, prompt style chat, token offset 50/);
    assert.match(text, /μ and σ measured over 12345 neutral tokens/);
    assert.match(text, /steering unit at layer 9: mean residual norm 123\.46 \(strength 0\.1 adds 12\.35/);
  });

  it("tells how to make an old set without a readout readable", () => {
    const { readout: _readout, ...old } = manifest;
    assert.match(vectorSetSummary({ ...old, version: 1 }, "old-set"), /readout: none .*limbic vectors upgrade <model> old-set/);
  });
});
