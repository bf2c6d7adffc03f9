/**
 * The server's safety: error shapes and status codes, bounds on bodies, messages, max_tokens
 * and the queue (429), names that look like paths, API keys, Host checks, and a client that
 * disconnects (its generation must stop on the server).
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import OpenAI from "openai";
import { loadModel, startServer, type Model, type RequestRecord, type RunningServer } from "../src/index.js";
import { RequestQueue } from "../src/server/queue.js";
import { STORIES, requireModel, TEST_THREADS } from "../testing/models.js";
import { syntheticVectorSet } from "../testing/syntheticSet.js";

interface ErrorReply {
  status: number;
  headers: Headers;
  error: { message: string; type: string; param: string | null; code: string | null };
}

const wave = (f: (j: number) => number) => Float32Array.from({ length: 64 }, (_, j) => f(j));
const hello = [{ role: "user", content: "Hello there." }];

async function waitFor(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("server limits, errors and disconnects (stories260K)", () => {
  let model: Model;
  let setDir: string;
  let server: RunningServer;
  const records: RequestRecord[] = [];

  before(async () => {
    model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS });
    setDir = await syntheticVectorSet(model, { calm: wave(Math.sin), desperate: wave((j) => Math.cos(j * 0.7)) }, 3, {
      mean: "zero",
      spread: { calm: 1, desperate: 1 },
    });
    server = await startServer({
      model,
      vectors: setDir,
      port: 0,
      limits: { maxBodyBytes: 16_384, maxMessages: 4, maxTokens: 2000, maxConcurrent: 1, maxQueue: 1 },
      onRequestEnd: (r) => records.push(r),
    });
  });
  after(async () => {
    await server.close();
    await model.dispose();
    fs.rmSync(setDir, { recursive: true, force: true });
  });

  async function call(path: string, body?: unknown, init: RequestInit = {}): Promise<ErrorReply> {
    const response = await fetch(server.url + path, {
      method: body === undefined ? "GET" : "POST",
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      ...init,
    });
    const json = (await response.json()) as { error: ErrorReply["error"] };
    assert.deepEqual(Object.keys(json), ["error"], `an error reply: ${JSON.stringify(json)}`);
    assert.deepEqual(Object.keys(json.error).sort(), ["code", "message", "param", "type"]);
    return { status: response.status, headers: response.headers, error: json.error };
  }

  const chat = (extra: Record<string, unknown>) => call("/v1/chat/completions", { messages: hello, max_tokens: 4, ...extra });

  it("answers malformed requests with 400 in the OpenAI error shape, naming the field", async () => {
    let reply = await call("/v1/chat/completions", "{not json");
    assert.equal(reply.status, 400);
    assert.deepEqual([reply.error.type, reply.error.code], ["invalid_request_error", "invalid_json"]);
    assert.equal((await call("/v1/chat/completions", "[1, 2]")).error.code, "invalid_json");
    reply = await chat({ messages: [1, 2, 3, 4, 5].map((i) => ({ role: "user", content: `message ${i}` })) });
    assert.deepEqual([reply.status, reply.error.code, reply.error.param], [400, "too_many_messages", "messages"]);
    reply = await chat({ max_tokens: 5000 });
    assert.deepEqual([reply.status, reply.error.param], [400, "max_tokens"]);
    assert.match(reply.error.message, /at most 2000/);
    assert.equal((await chat({ max_completion_tokens: 2001 })).error.param, "max_completion_tokens");
    assert.deepEqual(
      [
        (await chat({ temperature: 3 })).error.param,
        (await chat({ top_p: "high" })).error.param,
        (await chat({ stop: 5 })).error.param,
        (await chat({ n: 0 })).error.param,
      ],
      ["temperature", "top_p", "stop", "n"],
    );
    reply = await chat({ messages: [{ role: "wizard", content: "hi" }] });
    assert.deepEqual([reply.status, reply.error.param], [400, "messages"]);
    assert.match(reply.error.message, /role "wizard"/);
    reply = await call("/v1/completions", { prompt: "word ".repeat(3000), max_tokens: 4 });
    assert.deepEqual([reply.status, reply.error.code], [400, "context_length_exceeded"]);
  });

  it("ignores fields it does not know, and accepts the developer role", async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      body: JSON.stringify({
        messages: [{ role: "developer", content: "Be brief." }, ...hello],
        max_tokens: 3,
        presence_penalty: 0.5,
        logit_bias: {},
        user: "someone",
        parallel_tool_calls: false,
        future_field: { x: 1 },
      }),
    });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { usage: { completion_tokens: number } }).usage.completion_tokens, 3);
  });

  it("checks the limbic extension: unknown sets are 404, path-like names 400, bad emotions, strengths and rules 400", async () => {
    let reply = await chat({ limbic: { vector_set: "no-such-set", emotions: ["calm"] } });
    assert.deepEqual([reply.status, reply.error.code, reply.error.param], [404, "vector_set_not_found", "limbic.vector_set"]);
    for (const name of ["../secrets", "a/b", "..", "C:\\temp"]) {
      reply = await chat({ limbic: { vector_set: name } });
      assert.deepEqual([reply.status, reply.error.code], [400, "invalid_vector_set_name"], name);
    }
    assert.equal((await call(`/v1/emotions?vector_set=${encodeURIComponent("../../etc")}`)).error.code, "invalid_vector_set_name");
    assert.equal((await call(`/api/vector-sets/${encodeURIComponent("../x")}/summary`)).error.code, "invalid_vector_set_name");
    reply = await chat({ limbic: { steer: { joyful: 0.1 } } });
    assert.deepEqual([reply.status, reply.error.code, reply.error.param], [400, "unknown_emotion", "limbic.steer"]);
    reply = await chat({ limbic: { steer: { calm: 5 } } });
    assert.deepEqual([reply.status, reply.error.param], [400, "limbic.steer.calm"]);
    // The one strength check (engine/strength.ts) words it, as for the CLI and the library.
    assert.match(reply.error.message, /^limbic\.steer\["calm"\] must be a steering strength from -2 to 2 \(a fraction of the layer's mean residual norm/);
    assert.equal((await chat({ limbic: { emotions: ["calm", "bored"] } })).error.param, "limbic.emotions");
    reply = await chat({ limbic: { guard: ["calm is high"] } });
    assert.deepEqual([reply.status, reply.error.param], [400, "limbic.guard"]);
    assert.match(reply.error.message, /does not parse/);
    assert.equal((await chat({ n: 2, limbic: { guard: ["calm>1:flag"] } })).error.param, "limbic.guard");
    assert.equal((await chat({ limbic: { steer_from: "middle", steer: { calm: 0.1 } } })).error.param, "limbic.steer_from");
    assert.equal((await chat({ limbic: "calm" })).error.param, "limbic");
  });

  it("answers unknown models, routes and methods with 404 / 405", async () => {
    let reply = await chat({ model: "gpt-4o" });
    assert.deepEqual([reply.status, reply.error.code, reply.error.param], [404, "model_not_found", "model"]);
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "unused", maxRetries: 0 });
    await assert.rejects(
      client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }),
      (e: unknown) => e instanceof OpenAI.NotFoundError && e.code === "model_not_found",
    );
    reply = await call("/v1/embeddings", { input: "x" });
    assert.deepEqual([reply.status, reply.error.code], [404, "unknown_route"]);
    assert.equal((await call("/api/nothing")).status, 404);
    reply = await call("/v1/chat/completions");
    assert.deepEqual([reply.status, reply.headers.get("allow")], [405, "POST"]);
    assert.equal((await call("/api/runs/42")).status, 404);
  });

  it("refuses bodies over the size limit with 413", async () => {
    const reply = await call("/v1/chat/completions", JSON.stringify({ messages: [{ role: "user", content: "x".repeat(20_000) }] }));
    assert.deepEqual([reply.status, reply.error.code], [413, "request_too_large"]);
  });

  it("without an API key, answers only requests addressed to a loopback name and not from other sites' pages", async () => {
    const status = (host: string, origin?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(`${server.url}/v1/models`, { headers: { host, ...(origin ? { origin } : {}) } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on("error", reject);
        req.end();
      });
    assert.equal(await status("attacker.example:8080"), 403);
    assert.equal(await status(`localhost:${server.port}`), 200);
    assert.equal(await status(`127.0.0.1:${server.port}`), 200);
    assert.equal(await status(`127.0.0.1:${server.port}`, "https://attacker.example"), 403);
    assert.equal(await status(`127.0.0.1:${server.port}`, `http://127.0.0.1:${server.port}`), 200);
  });

  it("stops the generation of a client that disconnects", async () => {
    records.length = 0;
    const abort = new AbortController();
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ messages: hello, max_tokens: 2000, temperature: 0, stream: true }),
      signal: abort.signal,
    });
    const reader = response.body!.getReader();
    let received = "";
    while ((received.match(/"content":"[^"]/g) ?? []).length < 3) received += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    await waitFor(() => records.some((r) => r.path === "/v1/chat/completions"), "the request to end on the server");
    const record = records.find((r) => r.path === "/v1/chat/completions")!;
    assert.deepEqual(record.finishReasons, ["abort"]);
    assert.ok(record.completionTokens! >= 3 && record.completionTokens! < 2000, `stopped early, after ${record.completionTokens} tokens`);
    assert.equal(record.status, 499);
    assert.deepEqual(server.stats(), { active: 0, queued: 0 });
  });

  it("queues requests beyond the running one, and answers 429 when the line is full", async () => {
    const longRun = new AbortController();
    const first = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ messages: hello, max_tokens: 2000, temperature: 0, stream: true }),
      signal: longRun.signal,
    });
    const reader = first.body!.getReader();
    await reader.read();
    assert.equal(server.stats().active, 1);
    const second = fetch(`${server.url}/v1/chat/completions`, { method: "POST", body: JSON.stringify({ messages: hello, max_tokens: 3 }) });
    await waitFor(() => server.stats().queued === 1, "the second request to wait");
    const third = await call("/v1/chat/completions", { messages: hello, max_tokens: 3 });
    assert.deepEqual([third.status, third.error.type, third.error.code, third.headers.get("retry-after")], [429, "rate_limit_error", "queue_full", "1"]);
    longRun.abort();
    const answered = await second;
    assert.equal(answered.status, 200);
    assert.equal(((await answered.json()) as { usage: { completion_tokens: number } }).usage.completion_tokens, 3);
  });

  it("with an API key: Bearer auth on /v1 and /api, the dashboard shell stays public", async () => {
    const keyed = await startServer({ model, vectors: setDir, port: 0, apiKey: "correct-horse-battery" });
    try {
      const good = new OpenAI({ baseURL: `${keyed.url}/v1`, apiKey: "correct-horse-battery", maxRetries: 0 });
      assert.equal((await good.models.list()).data[0]!.id, "stories260K");
      const bad = new OpenAI({ baseURL: `${keyed.url}/v1`, apiKey: "wrong-key-entirely", maxRetries: 0 });
      await assert.rejects(bad.models.list(), (e: unknown) => e instanceof OpenAI.AuthenticationError && e.status === 401 && e.code === "invalid_api_key");
      const bare = await fetch(`${keyed.url}/api/vector-sets`);
      assert.equal(bare.status, 401);
      assert.equal(bare.headers.get("www-authenticate"), "Bearer");
      assert.deepEqual(((await bare.json()) as { error: { type: string } }).error.type, "authentication_error");
      assert.equal((await fetch(`${keyed.url}/`)).status, 200);
    } finally {
      await keyed.close();
    }
    await assert.rejects(startServer({ model, port: 0, host: "0.0.0.0" }), { code: "INVALID_ARGUMENT", message: /without an API key/ });
    await assert.rejects(startServer({ model, port: 0, apiKey: "short" }), { message: /too short/ });
    assert.equal(model.isDisposed, false, "a server closes only models it loaded");
  });
});

describe("the request queue", () => {
  it("starts waiting requests in arrival order, lets an aborted one leave, and refuses past the bound", async () => {
    const queue = new RequestQueue(1, 3);
    const started: string[] = [];
    let releaseFirst!: () => void;
    const first = queue.run(() => new Promise<void>((r) => (releaseFirst = r)).then(() => started.push("a")));
    const leaving = new AbortController();
    const b = queue.run(async () => started.push("b"));
    const c = queue.run(async () => started.push("c"), leaving.signal);
    const d = queue.run(async () => started.push("d"));
    await assert.rejects(
      queue.run(async () => started.push("e")),
      { status: 429 },
    );
    leaving.abort(new Error("gone"));
    await assert.rejects(c, { message: "gone" });
    assert.equal(queue.queued, 2);
    releaseFirst();
    await Promise.all([first, b, d]);
    assert.deepEqual(started, ["a", "b", "d"]);
    assert.deepEqual([queue.active, queue.queued], [0, 0]);
  });
});
