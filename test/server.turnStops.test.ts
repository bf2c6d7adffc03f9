/**
 * Chat replies end at the next role line by default, as the scenarios' replies do: a model that
 * goes on to write "User: …" does not get to answer for the user. `limbic.stop_at_turns` turns
 * that off for a chat request, or on for a completion. The loop model always writes
 * " Hi.\nUser: Hi.\nUser: …", so the cut is exact.
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
} from "openai/resources";
import { loadModel, startServer, type Model, type RunningServer } from "../src/index.js";
import type { LimbicReply } from "../src/server/openaiFormat.js";
import { LOOP_REPLY, loopModelFile } from "../testing/loopModel.js";
import { TEST_THREADS } from "../testing/models.js";
import { syntheticVectorSet } from "../testing/syntheticSet.js";

type WithLimbic<T> = T & { limbic?: LimbicReply };

const axis = (k: number) => Float32Array.from({ length: 16 }, (_, j) => (j === k ? 1 : 0));
const hello = [{ role: "user" as const, content: "Hello" }];

describe("the server's turn stops (loop model)", () => {
  let model: Model;
  let setDir: string;
  let server: RunningServer;
  let client: OpenAI;

  before(async () => {
    model = await loadModel({ model: await loopModelFile(), threads: TEST_THREADS });
    setDir = await syntheticVectorSet(model, { calm: axis(0) }, 1, { mean: "zero", spread: { calm: 1 } });
    server = await startServer({ model, vectors: setDir, port: 0 });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "not-needed-on-loopback", maxRetries: 0 });
  });
  after(async () => {
    await server.close();
    await model.dispose();
    fs.rmSync(setDir, { recursive: true, force: true });
  });
  const chat = (body: object) =>
    client.chat.completions.create({ messages: hello, max_tokens: 20, ...body } as ChatCompletionCreateParamsNonStreaming) as Promise<
      WithLimbic<ChatCompletion>
    >;
  const complete = (body: object) =>
    client.completions.create({ prompt: "Hello", max_tokens: 20, ...body } as CompletionCreateParamsNonStreaming) as Promise<WithLimbic<Completion>>;

  it("ends a chat reply where the model starts the next role line, streamed and not", async () => {
    const reply = await chat({ limbic: { emotions: ["calm"] } });
    assert.equal(reply.choices[0]!.message.content, LOOP_REPLY);
    assert.equal(reply.choices[0]!.finish_reason, "stop");
    assert.deepEqual(reply.limbic!.finish, { reason: "stop" });
    assert.equal(reply.limbic!.tokens.map((t) => t.text).join(""), LOOP_REPLY);
    let streamed = "";
    for await (const chunk of await client.chat.completions.create({ messages: hello, max_tokens: 20, stream: true } as ChatCompletionCreateParamsStreaming)) {
      streamed += (chunk as ChatCompletionChunk).choices[0]?.delta.content ?? "";
    }
    assert.equal(streamed, LOOP_REPLY, "no part of the role line reaches the client");
  });

  it("keeps the client's own stop strings beside the turn stops", async () => {
    const reply = await chat({ stop: ["."] });
    assert.equal(reply.choices[0]!.message.content, " Hi");
  });

  it("lets a chat request run on past the role line with limbic.stop_at_turns: false", async () => {
    const reply = await chat({ limbic: { stop_at_turns: false } });
    assert.match(reply.choices[0]!.message.content!, /^ Hi\.\nUser: Hi\.\nUser:/);
    assert.equal(reply.choices[0]!.finish_reason, "length");
  });

  it("leaves completions uncut unless they ask for turn stops", async () => {
    const plain = await complete({});
    assert.match(plain.choices[0]!.text, /\nUser:/);
    assert.equal(plain.choices[0]!.finish_reason, "length");
    const cut = await complete({ limbic: { stop_at_turns: true } });
    assert.equal(cut.choices[0]!.text, LOOP_REPLY);
    assert.equal(cut.choices[0]!.finish_reason, "stop");
  });

  it("refuses a stop_at_turns that is not a boolean, naming the field", async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ messages: hello, limbic: { stop_at_turns: "no" } }),
    });
    assert.equal(response.status, 400);
    const { error } = (await response.json()) as { error: { param: string; message: string } };
    assert.equal(error.param, "limbic.stop_at_turns");
    assert.match(error.message, /must be true or false/);
  });
});
