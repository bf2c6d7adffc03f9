/**
 * Eight concurrent clients with eight different steering settings each get exactly the
 * steering they asked for: every client's streamed telemetry equals what the same request
 * gets when it runs alone (same seed), the eight settings read clearly apart, and each
 * steered emotion moves the way its strength says.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, describe, it } from "node:test";
import OpenAI from "openai";
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from "openai/resources";
import { loadModel, startServer, type Model, type RunningServer } from "../src/index.js";
import type { LimbicReply } from "../src/server/openaiFormat.js";
import { STORIES, requireModel, TEST_THREADS } from "../testing/models.js";
import { syntheticVectorSet } from "../testing/syntheticSet.js";

const emotions = ["alpha", "beta", "gamma", "delta"];

/** Four fixed, roughly orthogonal directions in the 64-wide residual stream. */
function direction(seed: number): Float32Array {
  let x = seed;
  return Float32Array.from({ length: 64 }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return (x / 2 ** 31) * 2 - 1;
  });
}

const settings: { steer: Record<string, number>; steer_from?: "prompt" | "generation" }[] = [
  { steer: {} },
  { steer: { alpha: 0.5 } },
  { steer: { alpha: -0.5 } },
  { steer: { beta: 0.5 }, steer_from: "generation" },
  { steer: { gamma: 0.5, delta: -0.4 } },
  { steer: { delta: 0.5 } },
  { steer: { beta: -0.4, alpha: 0.3 }, steer_from: "generation" },
  { steer: { gamma: -0.5 } },
];

type Telemetry = LimbicReply["tokens"];

describe("8 concurrent clients with 8 steering settings (stories260K)", () => {
  let model: Model;
  let setDir: string;
  let server: RunningServer;
  let client: OpenAI;

  before(async () => {
    // The eight decode as rows of one continuous batch; an f16 KV cache would round their attention
    // differently from a lone run's (~1e-3 in z), so the cache is f32 and rows match to ~1e-6.
    model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS, kvCache: "f32" });
    const baseline = { mean: "zero" as const, spread: Object.fromEntries(emotions.map((e) => [e, 1])) };
    setDir = await syntheticVectorSet(model, Object.fromEntries(emotions.map((e, i) => [e, direction(101 + i)])), 3, baseline);
    server = await startServer({ model, vectors: setDir, port: 0, limits: { maxConcurrent: 8 } });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "unused", maxRetries: 0 });
  });
  after(async () => {
    await server.close();
    await model.dispose();
    fs.rmSync(setDir, { recursive: true, force: true });
  });

  /** One client: streams a reply and collects its own telemetry. */
  async function ask(setting: (typeof settings)[number]): Promise<Telemetry> {
    const body = {
      model: "stories260K",
      messages: [{ role: "user", content: "Tell me a story about a boat." }],
      max_tokens: 24,
      seed: 1234,
      temperature: 0.9,
      stream: true,
      limbic: { emotions, ...setting },
    };
    const tokens: Telemetry = [];
    for await (const chunk of await client.chat.completions.create(body as ChatCompletionCreateParamsStreaming))
      tokens.push(...(chunk as ChatCompletionChunk & { limbic: LimbicReply }).limbic.tokens);
    return tokens;
  }

  const meanZ = (t: Telemetry, e: string) => t.reduce((a, x) => a + x.emotions![e]!, 0) / t.length;
  const distance = (a: Telemetry, b: Telemetry) => {
    let d = 0;
    for (let i = 0; i < Math.min(a.length, b.length); i++) for (const e of emotions) d = Math.max(d, Math.abs(a[i]!.emotions![e]! - b[i]!.emotions![e]!));
    return a.length === b.length ? d : Infinity;
  };

  it("each client's telemetry equals its request run alone, and shows the steering it asked for", async () => {
    const alone: Telemetry[] = [];
    for (const setting of settings) alone.push(await ask(setting));
    const together = await Promise.all(settings.map((setting) => ask(setting)));

    // The settings read apart: any mix-up between clients would show.
    for (let i = 0; i < settings.length; i++)
      for (let j = i + 1; j < settings.length; j++) assert.ok(distance(alone[i]!, alone[j]!) > 1, `settings ${i} and ${j} are distinguishable`);

    together.forEach((tokens, i) => {
      assert.deepEqual(
        tokens.map((t) => t.text),
        alone[i]!.map((t) => t.text),
        `client ${i} generated what it generates alone`,
      );
      assert.ok(distance(tokens, alone[i]!) <= 2e-4, `client ${i}'s readouts match its solo run (max difference ${distance(tokens, alone[i]!)})`);
    });

    // Half a residual norm (~10 here) along a unit vector moves its score, and with σ = 1 its z, by about 5.
    const unsteered = together[0]!;
    settings.forEach((setting, i) => {
      for (const [emotion, strength] of Object.entries(setting.steer)) {
        const shift = meanZ(together[i]!, emotion) - meanZ(unsteered, emotion);
        assert.ok(Math.sign(shift) === Math.sign(strength) && Math.abs(shift) > 1.5, `client ${i}: ${emotion} ${strength} moved z by ${shift.toFixed(2)}`);
      }
    });
  });
});
