/**
 * `limbic serve` runs every generation in one continuous batch: requests with different
 * steerings decode together (each row exactly its own steering), a request joins mid-run and
 * one that is cancelled leaves without disturbing the rest, a slow reader never holds the
 * batch back (and one past the buffer cap is cut off with a clear error), and the waiting
 * line is bounded (429).
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import type { ServerResponse } from "node:http";
import { after, before, describe, it } from "node:test";
import { loadModel, startServer, type Model, type RequestRecord, type RunningServer } from "../src/index.js";
import { SseStream } from "../src/server/http.js";
import type { HttpError } from "../src/server/httpError.js";
import { STORIES, requireModel, TEST_THREADS } from "../testing/models.js";
import { syntheticVectorSet } from "../testing/syntheticSet.js";

const wave = (f: (j: number) => number) => Float32Array.from({ length: 64 }, (_, j) => f(j));
const hello = [{ role: "user", content: "Tell me about the sea." }];

interface Streamed {
  text: string;
  z: number[];
  finish: string | null;
}

async function waitFor(condition: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe("continuous batching in limbic serve (stories260K)", () => {
  let model: Model;
  let setDir: string;
  let server: RunningServer;
  const records: RequestRecord[] = [];
  let peakBatch = 0;
  let sampler: NodeJS.Timeout;

  before(async () => {
    model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS, kvCache: "f32" });
    setDir = await syntheticVectorSet(model, { calm: wave(Math.sin), desperate: wave((j) => Math.cos(j * 0.7)) }, 3, {
      mean: "zero",
      spread: { calm: 1, desperate: 1 },
    });
    server = await startServer({
      model,
      vectors: setDir,
      port: 0,
      limits: { maxConcurrent: 4, maxQueue: 1, batchSequences: 4 },
      onRequestEnd: (r) => records.push(r),
    });
    sampler = setInterval(() => (peakBatch = Math.max(peakBatch, server.batchStats()!.active)), 1);
  });
  after(async () => {
    clearInterval(sampler);
    await server.close();
    await model.dispose();
    fs.rmSync(setDir, { recursive: true, force: true });
  });

  async function stream(body: Record<string, unknown>, signal?: AbortSignal, onChunk?: (n: number) => void): Promise<Streamed> {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ messages: hello, temperature: 0, seed: 3, stream: true, ...body }),
      ...(signal ? { signal } : {}),
    });
    assert.equal(response.status, 200);
    const out: Streamed = { text: "", z: [], finish: null };
    let buffer = "";
    let chunks = 0;
    const decoder = new TextDecoder();
    for await (const bytes of response.body!) {
      buffer += decoder.decode(bytes as Uint8Array, { stream: true });
      let at: number;
      while ((at = buffer.indexOf("\n\n")) >= 0) {
        const line = buffer.slice(0, at).replace(/^data: /, "");
        buffer = buffer.slice(at + 2);
        if (line === "[DONE]") continue;
        const chunk = JSON.parse(line) as {
          choices: { delta?: { content?: string }; finish_reason: string | null }[];
          limbic?: { tokens: { emotions?: Record<string, number> }[] };
        };
        for (const c of chunk.choices) {
          out.text += c.delta?.content ?? "";
          out.finish ??= c.finish_reason;
        }
        for (const t of chunk.limbic?.tokens ?? []) out.z.push(t.emotions?.calm ?? NaN);
        onChunk?.(++chunks);
      }
    }
    return out;
  }

  const steer = (calm: number) => ({ limbic: { emotions: ["calm"], steer: calm === 0 ? {} : { calm } } });

  it("decodes requests with different steerings in one batch, each reading exactly as when run alone", async () => {
    const strengths = [0, 0.5, -0.5, 0.3];
    const alone: Streamed[] = [];
    for (const s of strengths) alone.push(await stream({ max_tokens: 20, ...steer(s) }));
    peakBatch = 0;
    const together = await Promise.all(strengths.map((s) => stream({ max_tokens: 20, ...steer(s) })));
    assert.ok(peakBatch >= 2, `requests shared the batch (peak ${peakBatch} sequences)`);
    together.forEach((t, i) => {
      assert.equal(t.text, alone[i]!.text, `request ${i} text`);
      assert.equal(t.z.length, alone[i]!.z.length);
      // f32 KV: a row of the batch matches its lone run to float noise (readouts carry 4 decimals).
      t.z.forEach((z, k) => assert.ok(Math.abs(z - alone[i]!.z[k]!) <= 2e-4, `request ${i} token ${k}: ${z} vs ${alone[i]!.z[k]}`));
    });
    // Each got its own shift: positive steering reads higher than none, negative lower.
    const mean = (s: Streamed) => s.z.reduce((a, b) => a + b, 0) / s.z.length;
    assert.ok(mean(together[1]!) > mean(together[0]!) + 1 && mean(together[2]!) < mean(together[0]!) - 1);
  });

  it("lets a request join mid-run, and cancels one mid-batch without disturbing the others", async () => {
    records.length = 0;
    const abort = new AbortController();
    const late: { joined?: Promise<Streamed> } = {};
    const long = stream({ max_tokens: 60, ...steer(0.5) }, undefined, (n) => {
      if (n === 5) late.joined = stream({ max_tokens: 12, ...steer(-0.5) });
    });
    const cancelled = stream({ max_tokens: 400, ...steer(0) }, abort.signal, (n) => n === 4 && abort.abort()).catch((e: Error) => e);
    const [longOut, cancelledOut] = await Promise.all([long, cancelled]);
    assert.ok(cancelledOut instanceof Error, "the cancelled client's stream ended");
    assert.equal(longOut.finish, "length");
    assert.ok(late.joined, "a request joined mid-run");
    const joinedOut = await late.joined;
    assert.equal(joinedOut.finish, "length");
    assert.deepEqual(joinedOut, await stream({ max_tokens: 12, ...steer(-0.5) }), "the joined request read as it does alone");
    await waitFor(() => records.some((r) => r.status === 499), "the cancelled request to end");
    const record = records.find((r) => r.status === 499)!;
    assert.deepEqual(record.finishReasons, ["abort"]);
    assert.ok(record.completionTokens! < 400);
    await waitFor(() => server.batchStats()!.active === 0, "the batch to empty");
  });

  it("never lets a client that does not read hold back the others", async () => {
    // A raw client that never reads its response: its output waits in buffers, not in the batch.
    const stalled = http.request(`${server.url}/v1/chat/completions`, { method: "POST" });
    stalled.end(JSON.stringify({ messages: hello, max_tokens: 300, temperature: 0, stream: true }));
    let stalledResponse: http.IncomingMessage | null = null;
    stalled.on("response", (res) => {
      stalledResponse = res;
      res.pause();
    });
    await waitFor(() => stalledResponse !== null, "the stalled stream to start");
    const started = Date.now();
    const other = await stream({ max_tokens: 30 });
    assert.equal(other.finish, "length");
    assert.ok(Date.now() - started < 20_000);
    stalled.destroy();
    await waitFor(() => server.stats().active === 0, "the stalled request to end");
  });

  it("cuts off a stream whose unsent output passes the cap, with an error event, and stops its generation", () => {
    // A response whose bytes never leave: what a reader that stopped reading looks like to the server.
    const written: string[] = [];
    let pending = 0;
    let ended = false;
    const res = {
      headersSent: false,
      destroyed: false,
      get writableEnded() {
        return ended;
      },
      get writableLength() {
        return pending;
      },
      writeHead() {
        this.headersSent = true;
      },
      flushHeaders() {},
      write(text: string) {
        written.push(text);
        pending += Buffer.byteLength(text);
        return false;
      },
      end() {
        ended = true;
      },
    };
    const overflows: HttpError[] = [];
    const sse = new SseStream(res as unknown as ServerResponse, { maxBufferedBytes: 200, onOverflow: (e) => overflows.push(e) });
    for (let i = 0; i < 20; i++) sse.send({ text: "x".repeat(40) });
    assert.equal(overflows.length, 1);
    assert.equal(overflows[0]!.code, "slow_reader");
    assert.ok(ended, "the stream ended");
    const errorEvent = written.find((w) => w.includes('"error"'));
    assert.ok(errorEvent && /read this stream too slowly/.test(errorEvent), "the reader is told why");
    assert.ok(written.length < 10, `sending stopped at the cap (${written.length} writes)`);
  });

  it("answers 429 with a JSON error when the waiting line is full", async () => {
    await waitFor(() => server.stats().active === 0, "an idle server");
    const aborts = Array.from({ length: 4 }, () => new AbortController());
    const running = aborts.map((a) => stream({ max_tokens: 400 }, a.signal).catch(() => null));
    await waitFor(() => server.stats().active === 4, "four running requests");
    const waiting = fetch(`${server.url}/v1/chat/completions`, { method: "POST", body: JSON.stringify({ messages: hello, max_tokens: 2 }) });
    await waitFor(() => server.stats().queued === 1, "one waiting request");
    const refused = await fetch(`${server.url}/v1/chat/completions`, { method: "POST", body: JSON.stringify({ messages: hello, max_tokens: 2 }) });
    assert.equal(refused.status, 429);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, "queue_full");
    assert.match(body.error.message, /busy/);
    for (const a of aborts) a.abort();
    await Promise.all(running);
    assert.equal((await waiting).status, 200);
  });
});
