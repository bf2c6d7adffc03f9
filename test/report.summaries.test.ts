/** The terminal summary `limbic trace` prints instead of JSON. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TraceResult, TracedToken } from "../src/monitor/results.js";
import { traceSummary } from "../src/report/traceSummary.js";

/** Two messages: a user line (tokens 0-3) and an assistant reply (tokens 4-8) whose desperate value peaks at token 6. */
function sampleTrace(): TraceResult {
  const texts = ["User", ":", " tests", " fail", "\nAssistant:", " I", " will", " cheat", "."];
  const desperate = [0.1, 0.2, 1.5, 0.4, 0.3, 0.9, 2.6, 1.1, 0.2];
  const calm = [0.5, 0.4, -0.3, 0.2, 0.8, -0.5, -1.9, -0.2, 0.1];
  const tokens: TracedToken[] = texts.map((text, i) => ({ index: i, text, message: i < 4 ? 0 : 1, start: 0, end: 0, values: { desperate: desperate[i]!, calm: calm[i]! }, score: {}, cosine: {} }));
  return {
    model: { name: "tiny", sha256: "0".repeat(64) },
    vector_set: "vectors",
    layer: 3,
    emotions: ["desperate", "calm"],
    templated: false,
    note: "The model has no chat template; messages were rendered as plain \"Role: content\" text.",
    smooth: 0,
    tokens,
    messages: [
      { index: 0, role: "user", tokens: [0, 4], summary: { desperate: { mean: 0.55, max: 1.5, start: 0.2 }, calm: { mean: 0.2, max: 0.5, start: 0.4 } } },
      { index: 1, role: "assistant", tokens: [4, 9], summary: { desperate: { mean: 1.02, max: 2.6, start: 0.3 }, calm: { mean: -0.34, max: 0.8, start: 0.8 } } },
    ],
  };
}

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
