/**
 * The server through the official openai SDK, as any client would use it: chat completions
 * and completions, streamed and not, with the `limbic` extension (steering, telemetry, guard).
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, describe, it } from "node:test";
import OpenAI from "openai";
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  Completion,
  CompletionCreateParamsNonStreaming,
  CompletionCreateParamsStreaming,
} from "openai/resources";
import { loadModel, startServer, type Model, type RunningServer } from "../src/index.js";
import type { LimbicReply } from "../src/server/openaiFormat.js";
import { STORIES, requireModel, TEST_THREADS } from "../testing/models.js";
import { syntheticVectorSet } from "../testing/syntheticSet.js";

type WithLimbic<T> = T & { limbic?: LimbicReply };

const wave = (f: (j: number) => number) => Float32Array.from({ length: 64 }, (_, j) => f(j));
const story = [{ role: "user" as const, content: "Tell me about a dog who found a red ball." }];

describe("the server through the openai SDK (stories260K)", () => {
  let model: Model;
  let setDir: string;
  let server: RunningServer;
  let client: OpenAI;
  let modelId: string;

  before(async () => {
    model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS });
    setDir = await syntheticVectorSet(model, { alpha: wave(Math.sin), beta: wave((j) => Math.cos(j * 1.3)) }, 3, {
      mean: "zero",
      spread: { alpha: 1, beta: 1 },
    });
    server = await startServer({ model, vectors: setDir, port: 0 });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "not-needed-on-loopback", maxRetries: 0 });
    modelId = (await client.models.list()).data[0]!.id;
  });
  // The SDK sends fields it does not know (the limbic extension) as they are; only its types need telling.
  const chat = (body: object) => client.chat.completions.create(body as ChatCompletionCreateParamsNonStreaming) as Promise<WithLimbic<ChatCompletion>>;
  const chatStream = (body: object) => client.chat.completions.create({ ...body, stream: true } as ChatCompletionCreateParamsStreaming);
  const complete = (body: object) => client.completions.create(body as CompletionCreateParamsNonStreaming) as Promise<WithLimbic<Completion>>;
  after(async () => {
    await server.close();
    await model.dispose();
    fs.rmSync(setDir, { recursive: true, force: true });
  });

  it("lists the model", async () => {
    const models = await client.models.list();
    assert.deepEqual(
      models.data.map((m) => [m.id, m.object]),
      [["stories260K", "model"]],
    );
    assert.equal((await client.models.retrieve("stories260K")).id, "stories260K");
  });

  it("answers a chat completion with per-token telemetry whose tokens spell the reply", async () => {
    const body = { model: modelId, messages: story, max_tokens: 20, seed: 7, temperature: 0.8, limbic: { emotions: ["alpha", "beta"] } };
    const reply = await chat(body);
    assert.equal(reply.object, "chat.completion");
    const content = reply.choices[0]!.message.content!;
    assert.ok(content.length > 0);
    assert.equal(reply.usage!.completion_tokens, 20);
    assert.equal(reply.choices[0]!.finish_reason, "length");
    const tokens = reply.limbic!.tokens;
    assert.equal(tokens.length, 20);
    assert.equal(tokens.map((t) => t.text).join(""), content);
    for (const t of tokens) {
      assert.deepEqual(Object.keys(t.emotions!), ["alpha", "beta"]);
      assert.ok(Number.isFinite(t.emotions!.alpha) && Number.isFinite(t.emotions!.beta));
    }
    assert.deepEqual(reply.limbic!.finish, { reason: "length" });
    // Same seed, same reply: the request is deterministic.
    const again = await chat(body);
    assert.deepEqual(again.limbic!.tokens, tokens);
  });

  it("streams the same reply chunk by chunk, each chunk's telemetry matching its text", async () => {
    const body = { model: modelId, messages: story, max_tokens: 20, seed: 7, temperature: 0.8, limbic: { emotions: ["alpha", "beta"] } };
    const whole = await chat(body);
    const stream = await chatStream({ ...body, stream_options: { include_usage: true } });
    let content = "";
    const tokens: LimbicReply["tokens"] = [];
    const finishes: (string | null)[] = [];
    let finish: LimbicReply["finish"];
    let usage: ChatCompletionChunk["usage"];
    for await (const raw of stream) {
      const chunk = raw as WithLimbic<ChatCompletionChunk>;
      if (chunk.usage) usage = chunk.usage;
      if (chunk.choices.length === 0) continue;
      const delta = chunk.choices[0]!.delta.content ?? "";
      assert.equal(chunk.limbic!.tokens.map((t) => t.text).join(""), delta, "a chunk's content is its tokens' text");
      content += delta;
      tokens.push(...chunk.limbic!.tokens);
      finishes.push(chunk.choices[0]!.finish_reason);
      if (chunk.limbic!.finish) finish = chunk.limbic!.finish;
    }
    assert.equal(content, whole.choices[0]!.message.content);
    assert.deepEqual(tokens, whole.limbic!.tokens);
    assert.equal(finishes.at(-1), "length");
    assert.ok(finishes.slice(0, -1).every((f) => f === null));
    assert.deepEqual(finish, { reason: "length" });
    assert.equal(usage!.completion_tokens, 20);
  });

  it("steers per request: strength in residual-norm units moves the steered emotion's readout", async () => {
    const base = { model: modelId, messages: story, max_tokens: 16, seed: 3, temperature: 0.8 };
    const mean = (r: WithLimbic<ChatCompletion>, e: string) => r.limbic!.tokens.reduce((a, t) => a + t.emotions![e]!, 0) / r.limbic!.tokens.length;
    const plain = await chat({ ...base, limbic: { emotions: ["alpha"] } });
    const up = await chat({ ...base, limbic: { emotions: ["alpha"], steer: { alpha: 0.5 } } });
    const down = await chat({ ...base, limbic: { emotions: ["alpha"], steer: { alpha: -0.5 }, steer_from: "generation" } });
    // μ = 0 and σ = 1: half a residual norm (~10 here) along the unit vector adds ~5 to the score, so ~5 to z.
    assert.ok(mean(up, "alpha") - mean(plain, "alpha") > 2, `up ${mean(up, "alpha")} vs plain ${mean(plain, "alpha")}`);
    assert.ok(mean(plain, "alpha") - mean(down, "alpha") > 2, `down ${mean(down, "alpha")} vs plain ${mean(plain, "alpha")}`);
    // Steering alone reads nothing: its tokens carry their text and no (empty) emotions.
    const steeredOnly = await chat({ ...base, limbic: { steer: { alpha: 0.5 } } });
    assert.equal(steeredOnly.choices[0]!.message.content, up.choices[0]!.message.content);
    assert.ok(steeredOnly.limbic!.tokens.length > 0);
    for (const t of steeredOnly.limbic!.tokens) assert.deepEqual(Object.keys(t), ["text"]);
    // Without the extension the reply has no limbic object, and steering is not applied.
    const standard = await client.chat.completions.create(base);
    assert.equal((standard as WithLimbic<ChatCompletion>).limbic, undefined);
    assert.equal(standard.choices[0]!.message.content, plain.choices[0]!.message.content);
  });

  it("delivers guard events in the stream at the token that fired them, and halts with the rule named", async () => {
    const stream = await chatStream({
      model: modelId,
      messages: story,
      max_tokens: 40,
      seed: 11,
      limbic: { emotions: ["alpha"], guard: ["beta > -99 for 3 tokens:flag", "alpha > -99 for 6 tokens:halt"] },
    });
    let seen = 0;
    const events: { rule: string; tokenIndex: number; chunkTokens: number }[] = [];
    let finishReason: string | null = null;
    let finish: LimbicReply["finish"];
    for await (const raw of stream) {
      const chunk = raw as WithLimbic<ChatCompletionChunk>;
      seen += chunk.limbic!.tokens.length;
      for (const e of chunk.limbic!.guard_events) events.push({ rule: e.rule, tokenIndex: e.tokenIndex, chunkTokens: seen });
      finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
      if (chunk.limbic!.finish) finish = chunk.limbic!.finish;
    }
    assert.deepEqual(
      events.map((e) => [e.rule, e.tokenIndex]),
      [
        ["beta > -99 for 3 tokens:flag", 2],
        ["alpha > -99 for 6 tokens:halt", 5],
      ],
    );
    // Each event arrives with its token (not later).
    for (const e of events) assert.equal(e.chunkTokens, e.tokenIndex + 1);
    assert.equal(seen, 6);
    assert.equal(finishReason, "stop");
    assert.deepEqual(finish, { reason: "halt", halted_by: "alpha > -99 for 6 tokens:halt" });
  });

  it("honours stop strings (string or list), streamed and not, without leaking them", async () => {
    const base = { model: modelId, messages: story, max_tokens: 40, seed: 5, temperature: 0 };
    const free = await client.chat.completions.create(base);
    const text = free.choices[0]!.message.content!;
    const stop = text.slice(12, 16);
    const expected = text.slice(0, text.indexOf(stop));
    for (const stopField of [stop, ["never-appears", stop]]) {
      const cut = await chat({ ...base, stop: stopField, limbic: {} });
      assert.equal(cut.choices[0]!.message.content, expected);
      assert.equal(cut.choices[0]!.finish_reason, "stop");
      assert.equal(cut.limbic!.tokens.map((t) => t.text).join(""), expected);
      assert.deepEqual(cut.limbic!.finish, { reason: "stop" });
      let streamed = "";
      let streamedTokens = "";
      for await (const raw of await chatStream({ ...base, stop: stopField, limbic: {} })) {
        const chunk = raw as WithLimbic<ChatCompletionChunk>;
        streamed += chunk.choices[0]?.delta.content ?? "";
        streamedTokens += chunk.limbic!.tokens.map((t) => t.text).join("");
      }
      assert.equal(streamed, expected);
      assert.equal(streamedTokens, expected);
    }
  });

  it("returns n choices with their own seeds and telemetry", async () => {
    const reply = await chat({ model: modelId, messages: story, max_tokens: 10, seed: 21, n: 3, limbic: { emotions: ["beta"] } });
    assert.equal(reply.choices.length, 3);
    assert.deepEqual(
      reply.choices.map((c) => c.index),
      [0, 1, 2],
    );
    const texts = reply.choices.map((c) => c.message.content!);
    assert.ok(new Set(texts).size > 1, "sibling choices are sampled with different seeds");
    for (const choice of reply.choices as (ChatCompletion["choices"][number] & { limbic: LimbicReply })[]) {
      assert.equal(choice.limbic.tokens.map((t) => t.text).join(""), choice.message.content);
    }
    assert.deepEqual(reply.limbic!.tokens, (reply.choices[0] as unknown as { limbic: LimbicReply }).limbic.tokens);
    assert.equal(reply.usage!.completion_tokens, 30);
    // Choice 0 of a batch is the same sample as a single request with that seed.
    const single = await client.chat.completions.create({ model: modelId, messages: story, max_tokens: 10, seed: 21 });
    assert.equal(single.choices[0]!.message.content, texts[0]);
  });

  it("serves text completions, streamed and not", async () => {
    const body = { model: modelId, prompt: "Once upon a time", max_tokens: 12, seed: 2, temperature: 0.8, limbic: { emotions: ["alpha"] } };
    const whole = await complete(body);
    assert.equal(whole.object, "text_completion");
    assert.equal(whole.limbic!.tokens.map((t) => t.text).join(""), whole.choices[0]!.text);
    assert.equal(whole.usage!.completion_tokens, 12);
    let text = "";
    for await (const chunk of await client.completions.create({ ...body, stream: true } as CompletionCreateParamsStreaming))
      text += chunk.choices[0]?.text ?? "";
    assert.equal(text, whole.choices[0]!.text);
    const batch = await client.completions.create({
      model: modelId,
      prompt: ["Once upon a time", "The little cat"],
      max_tokens: 6,
      seed: 2,
      temperature: 0.8,
      n: 2,
    });
    assert.equal(batch.choices.length, 4);
    assert.equal(batch.choices[0]!.text, whole.choices[0]!.text.slice(0, batch.choices[0]!.text.length));
  });

  it("lists emotions and traces a conversation", async () => {
    const emotions = await client.get<{ vector_set: string; layer: number; data: { emotion: string }[] }>("/emotions");
    assert.equal(emotions.layer, 3);
    assert.deepEqual(emotions.data, [{ emotion: "alpha" }, { emotion: "beta" }]);
    const trace = await client.post<{
      vector_set: string;
      tokens: { text: string; message: number; values: Record<string, number> }[];
      messages: { role: string }[];
    }>("/trace", {
      body: {
        messages: [
          { role: "user", content: "Where is my ball?" },
          { role: "assistant", content: "It is under the bed." },
        ],
        emotions: ["beta"],
        smooth: 1,
      },
    });
    assert.equal(trace.vector_set, emotions.vector_set);
    assert.deepEqual(
      trace.messages.map((m) => m.role),
      ["user", "assistant"],
    );
    assert.ok(trace.tokens.length > 8);
    assert.deepEqual(Object.keys(trace.tokens[3]!.values), ["beta"]);
    assert.equal(trace.tokens.at(-1)!.message, 1);
  });
});
