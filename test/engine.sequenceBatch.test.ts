import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import { after, before, describe, it } from "node:test";
import { loadModel, type GenerateOptions, type Model, type Steering } from "../src/index.js";
import { STORIES, maxAbsDiff, requireModel, TEST_THREADS } from "../testing/models.js";

function seededVector(n: number, seed: number, amplitude: number): Float32Array {
  let x = seed;
  return Float32Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return ((x / 2 ** 31) * 2 - 1) * amplitude;
  });
}

interface Run {
  tokens: number[];
  finishReason: string;
  rows: Map<number, Float32Array>[];
}

describe("continuous batch on stories260K", () => {
  let model: Model;
  const layers = [2, 4];
  const steerings: (Steering | undefined)[] = [
    [{ layer: 2, vector: seededVector(64, 3, 3) }],
    [
      { layer: 1, vector: seededVector(64, 5, 2) },
      { layer: 4, vector: seededVector(64, 9, 3) },
    ],
    undefined,
    [{ layer: 3, vector: seededVector(64, 17, 4) }],
  ];
  const prompts = ["Once upon a time", "The big dog", "Mom said", "Tim had a red ball"];
  // Greedy, so float noise cannot flip a sampled draw; f32 KV so batched and lone decodes agree to ~1e-6.
  const request = (i: number, extra: Partial<GenerateOptions> = {}): GenerateOptions => ({
    prompt: prompts[i]!,
    maxTokens: 12 + 3 * i,
    temperature: 0,
    seed: 40 + i,
    captureLayers: layers,
    ...(steerings[i] ? { steering: steerings[i] } : {}),
    ...extra,
  });
  async function alone(options: GenerateOptions): Promise<Run> {
    const rows: Map<number, Float32Array>[] = [];
    const result = await model.generate({ ...options, onToken: (e) => void (rows[e.index] = e.activations!) }).result;
    return { tokens: result.tokens, finishReason: result.finishReason, rows };
  }
  function assertSame(batched: Run, lone: Run, label: string): void {
    assert.deepEqual(batched.tokens, lone.tokens, `${label}: tokens`);
    assert.equal(batched.rows.length, lone.rows.length, `${label}: rows`);
    lone.rows.forEach((row, t) => {
      for (const layer of layers) assert.ok(maxAbsDiff(batched.rows[t]!.get(layer)!, row.get(layer)!) < 1e-4, `${label} token ${t} layer ${layer}`);
    });
  }

  before(async () => {
    model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS, kvCache: "f32" });
  });
  after(async () => {
    await model.dispose();
  });

  it("generateBatch with four different steerings gives every row exactly its own run alone", async () => {
    const rows = prompts.map(() => [] as Map<number, Float32Array>[]);
    const sequences: number[] = [];
    const results = await model.generateBatch(
      prompts.map((_, i) =>
        request(i, {
          onToken: (e) => {
            rows[i]![e.index] = e.activations!;
            sequences.push(e.sequence);
          },
        }),
      ),
    );
    for (let i = 0; i < prompts.length; i++)
      assertSame({ tokens: results[i]!.tokens, finishReason: results[i]!.finishReason, rows: rows[i]! }, await alone(request(i)), `request ${i}`);
    assert.deepEqual([...new Set(sequences)].sort(), [0, 1, 2, 3], "token events are numbered by request");
    // The steerings really act: the unsteered prompt-0 run differs from the steered one.
    const plain = await alone(request(0, { steering: [] }));
    assert.ok(maxAbsDiff(plain.rows[0]!.get(2)!, rows[0]![0]!.get(2)!) > 1e-2);
  });

  it("lets a sequence join a running batch at a later step and leave early, each row still exactly its own", async () => {
    const batch = model.continuousBatch({ maxSequences: 3 });
    try {
      const rowsA: Map<number, Float32Array>[] = [];
      const rowsB: Map<number, Float32Array>[] = [];
      const rowsC: Map<number, Float32Array>[] = [];
      const joined: { b?: ReturnType<typeof batch.generate> } = {};
      let activeWhenBJoined = 0;
      const a = batch.generate(
        request(3, {
          maxTokens: 24,
          onToken: (e) => {
            rowsA[e.index] = e.activations!;
            // B joins while A is mid-run.
            if (e.index === 5) {
              activeWhenBJoined = batch.active;
              joined.b = batch.generate(request(1, { onToken: (ev) => void (rowsB[ev.index] = ev.activations!) }));
            }
          },
        }),
      );
      const c = batch.generate(request(0, { maxTokens: 3, onToken: (e) => void (rowsC[e.index] = e.activations!) }));
      const [ra, rc] = await Promise.all([a.result, c.result]);
      assert.ok(joined.b, "B joined");
      const rb = await joined.b.result;
      assert.equal(activeWhenBJoined, 1, "C had already left when B joined");
      assertSame({ tokens: ra.tokens, finishReason: ra.finishReason, rows: rowsA }, await alone(request(3, { maxTokens: 24 })), "A");
      assertSame({ tokens: rb.tokens, finishReason: rb.finishReason, rows: rowsB }, await alone(request(1)), "B");
      assertSame({ tokens: rc.tokens, finishReason: rc.finishReason, rows: rowsC }, await alone(request(0, { maxTokens: 3 })), "C");
      assert.equal(rc.tokens.length, 3);
      assert.equal(batch.active, 0);
    } finally {
      await batch.close();
    }
  });

  it("cancels one sequence mid-batch without disturbing the others", async () => {
    const batch = model.continuousBatch({ maxSequences: 4 });
    try {
      const abort = new AbortController();
      let seen = 0;
      const cancelled = batch.generate(
        request(2, { maxTokens: 30, signal: abort.signal, captureLayers: [], onToken: () => void (++seen === 4 && abort.abort()) }),
      );
      const kept = batch.generate(request(0, { maxTokens: 20 }));
      const rowsKept: Map<number, Float32Array>[] = [];
      const keptRun = batch.generate(request(1, { onToken: (e) => void (rowsKept[e.index] = e.activations!) }));
      const [rCancelled, rKept, rKeptRun] = await Promise.all([cancelled.result, kept.result, keptRun.result]);
      assert.equal(rCancelled.finishReason, "abort");
      assert.equal(rCancelled.tokens.length, 4);
      assert.equal(rKept.tokens.length, 20);
      assertSame({ tokens: rKeptRun.tokens, finishReason: rKeptRun.finishReason, rows: rowsKept }, await alone(request(1)), "kept");
    } finally {
      await batch.close();
    }
  });

  it("halts a sequence through its handle and streams its tokens", async () => {
    const batch = model.continuousBatch({ maxSequences: 2 });
    try {
      const generation = batch.generate(request(0, { maxTokens: 30, captureLayers: [] }));
      let streamed = "";
      let count = 0;
      for await (const event of generation) {
        streamed += event.text;
        if (++count === 5) generation.halt("enough");
      }
      const result = await generation.result;
      assert.equal(result.finishReason, "halt");
      assert.equal(result.haltReason, "enough");
      assert.equal(result.tokens.length, 5);
      assert.equal(streamed, result.text);
    } finally {
      await batch.close();
    }
  });

  it("refuses a sequence past the waiting limit with QUEUE_FULL, and a waiting sequence that aborts leaves the line", async () => {
    const batch = model.continuousBatch({ maxSequences: 1, maxQueued: 1 });
    try {
      const running = batch.generate(request(0, { maxTokens: 20, captureLayers: [] }));
      const abort = new AbortController();
      const waiting = batch.generate(request(1, { captureLayers: [], signal: abort.signal }));
      assert.throws(() => batch.generate(request(2)), { name: "RequestRefusedError", code: "QUEUE_FULL" });
      abort.abort();
      const waited = await waiting.result;
      assert.equal(waited.finishReason, "abort");
      assert.equal(waited.tokens.length, 0);
      const next = batch.generate(request(2, { captureLayers: [] }));
      assert.equal((await running.result).tokens.length, 20);
      assert.equal((await next.result).finishReason, "length");
    } finally {
      await batch.close();
    }
  });

  it("lets go of a shared abort signal when each sequence ends (a sweep passes one signal to thousands)", async () => {
    const batch = model.continuousBatch({ maxSequences: 2 });
    const shared = new AbortController();
    try {
      for (let i = 0; i < 12; i++) {
        const results = await Promise.all([0, 1].map((k) => batch.generate(request(k, { maxTokens: 3, captureLayers: [], signal: shared.signal })).result));
        assert.ok(results.every((r) => r.tokens.length === 3));
      }
      assert.equal(getEventListeners(shared.signal, "abort").length, 0);
    } finally {
      await batch.close();
    }
  });

  describe("a conversation continued by cacheKey", () => {
    // The second turn resends the first turn's prompt and reply, then new text.
    async function twoTurns(batch: ReturnType<Model["continuousBatch"]>, second: Partial<GenerateOptions> = {}) {
      const first = await batch.generate(request(3, { cacheKey: "talk" })).result;
      const prompt = [...(await model.tokenize(prompts[3]!)), ...first.tokens, ...(await model.tokenize(" Then they ran home.", { addSpecial: false }))];
      const rows: Map<number, Float32Array>[] = [];
      const result = await batch.generate(request(3, { prompt, cacheKey: "talk", onToken: (e) => void (rows[e.index] = e.activations!), ...second })).result;
      return { prompt, result, run: { tokens: result.tokens, finishReason: result.finishReason, rows } };
    }

    it("reads only the new turn, and generates as a fresh read of the whole conversation does", async () => {
      const batch = model.continuousBatch({ maxSequences: 2 });
      try {
        const { prompt, result, run } = await twoTurns(batch);
        // Everything the first turn decoded is kept: its prompt and (as it captures) every reply token.
        assert.equal(result.cachedPromptTokens, prompt.length - (await model.tokenize(" Then they ran home.", { addSpecial: false })).length);
        assertSame(run, await alone(request(3, { prompt })), "continued turn");
      } finally {
        await batch.close();
      }
    });

    it("re-reads the whole prompt under other steering, without a key, or once the key is forgotten", async () => {
      const batch = model.continuousBatch({ maxSequences: 2 });
      try {
        const steered = await twoTurns(batch, { steering: steerings[0]! });
        assert.equal(steered.result.cachedPromptTokens, undefined);
        assertSame(steered.run, await alone(request(3, { prompt: steered.prompt, steering: steerings[0]! })), "other steering");
        const { prompt } = await twoTurns(batch);
        const keyless = await batch.generate(request(3, { prompt })).result;
        assert.equal(keyless.cachedPromptTokens, undefined);
        batch.forget("talk");
        const forgotten = await batch.generate(request(3, { prompt, cacheKey: "talk" })).result;
        assert.equal(forgotten.cachedPromptTokens, undefined);
      } finally {
        await batch.close();
      }
    });

    it("keeps a conversation's rows while other sequences come and go, and refuses an empty key", async () => {
      const batch = model.continuousBatch({ maxSequences: 2 });
      try {
        const first = await batch.generate(request(3, { cacheKey: "talk" })).result;
        // Keyless sequences, one after another, take the empty sequence, not the one holding the conversation.
        await batch.generate(request(0)).result;
        await batch.generate(request(1)).result;
        const prompt = [...(await model.tokenize(prompts[3]!)), ...first.tokens];
        const next = await batch.generate(request(3, { prompt, cacheKey: "talk" })).result;
        assert.ok((next.cachedPromptTokens ?? 0) > 0, "the conversation's rows survived");
        assert.throws(() => batch.generate(request(0, { cacheKey: "" })), { code: "INVALID_ARGUMENT" });
      } finally {
        await batch.close();
      }
    });
  });
});
