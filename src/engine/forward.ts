/**
 * Batched forward passes: many sequences in one llama.cpp context, each with its own
 * sequence id and positions, returning block outputs (and logits) at chosen tokens.
 */
import { ContextOverflowError, InvalidInputError, fromNativeError } from "../errors.js";
import type { ContextLease, ContextPool } from "./contextPool.js";

/** Which tokens of each sequence to return: every one, the last, or the span [start, end). */
export type PositionSelection = "all" | "last" | { start: number; end?: number };

export interface ForwardOptions {
  /** Blocks whose outputs to capture (0-based; l_out-L). Defaults to none. */
  layers?: readonly number[];
  /** Tokens to return activations (and logits) for. Defaults to "all". */
  positions?: PositionSelection;
  /** Also return logits at the selected tokens. Defaults to false. */
  logits?: boolean;
  /** Tokens per llama_decode call. Defaults to 512. */
  batchTokens?: number;
  /** Called after every decode with the tokens done so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** Steering for each input on its own (one entry per input; null or absent: that input is not steered). */
export type SequenceSteering = readonly (Float32Array | null)[];

export interface ForwardResult {
  tokens: Int32Array;
  /** Indices (into tokens) of the selected positions. */
  positions: Int32Array;
  /** Block output per captured layer: [positions x n_embd], row-major. */
  layers: Map<number, Float32Array>;
  /** [positions x n_vocab] when logits were asked for. */
  logits: Float32Array | null;
}

export interface ForwardModelShape {
  nLayer: number;
  nEmbd: number;
  nVocab: number;
  contextLength: number;
}

export function selectPositions(selection: PositionSelection, length: number, sequence: number): Int32Array {
  if (selection === "all") return Int32Array.from({ length }, (_, i) => i);
  if (selection === "last") return Int32Array.of(length - 1);
  const start = selection.start;
  const end = selection.end ?? length;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > length || start >= end) {
    throw new InvalidInputError("INVALID_ARGUMENT", `Sequence ${sequence}: position span [${start}, ${end}) is not inside its ${length} tokens.`, {
      start,
      end,
      length,
    });
  }
  return Int32Array.from({ length: end - start }, (_, i) => start + i);
}

export function validateLayers(layers: readonly number[], nLayer: number): number[] {
  const seen = new Set<number>();
  for (const layer of layers) {
    if (!Number.isInteger(layer) || layer < 0 || layer >= nLayer) {
      throw new InvalidInputError("LAYER_OUT_OF_RANGE", `Layer ${layer} is outside this model's blocks 0..${nLayer - 1}.`, { layer });
    }
    if (seen.has(layer)) throw new InvalidInputError("INVALID_ARGUMENT", `Layer ${layer} is listed twice.`, { layer });
    seen.add(layer);
  }
  return [...layers];
}

interface SequenceWork {
  index: number;
  tokens: Int32Array;
  selected: Int32Array;
  rowOfPosition: Int32Array; // token index -> selected row, or -1
  result: ForwardResult;
}

export async function runForward(
  pool: ContextPool,
  shape: ForwardModelShape,
  sequences: readonly Int32Array[],
  options: ForwardOptions,
  steering: Float32Array | null,
  sequenceSteering: SequenceSteering | null = null,
): Promise<ForwardResult[]> {
  const layers = validateLayers(options.layers ?? [], shape.nLayer);
  const batchTokens = options.batchTokens ?? 512;
  if (!Number.isInteger(batchTokens) || batchTokens < 1)
    throw new InvalidInputError("INVALID_ARGUMENT", `batchTokens must be a positive integer, not ${batchTokens}.`);
  const wantLogits = options.logits ?? false;
  const needOutputs = wantLogits || layers.includes(shape.nLayer - 1);
  const work: SequenceWork[] = sequences.map((tokens, index) => {
    if (tokens.length === 0)
      throw new InvalidInputError("EMPTY_INPUT", `Sequence ${index} is empty; give at least one token or character.`, { sequence: index });
    if (tokens.length > shape.contextLength) {
      throw new ContextOverflowError(
        "CONTEXT_FULL",
        `Sequence ${index} has ${tokens.length} tokens; the model's context holds ${shape.contextLength}. Shorten it or split it into chunks.`,
        { sequence: index, tokens: tokens.length },
      );
    }
    const selected = selectPositions(options.positions ?? "all", tokens.length, index);
    const rowOfPosition = new Int32Array(tokens.length).fill(-1);
    selected.forEach((p, row) => (rowOfPosition[p] = row));
    const layerMap = new Map<number, Float32Array>();
    for (const layer of layers) layerMap.set(layer, new Float32Array(selected.length * shape.nEmbd));
    const logits = wantLogits ? new Float32Array(selected.length * shape.nVocab) : null;
    return { index, tokens, selected, rowOfPosition, result: { tokens, positions: selected, layers: layerMap, logits } };
  });

  // Pack sequences into groups that share one context (kept whole: a sequence never spans groups).
  const groupBudget = Math.max(4096, ...work.map((w) => w.tokens.length));
  const groups: SequenceWork[][] = [];
  let current: SequenceWork[] = [];
  let currentTokens = 0;
  for (const w of work) {
    if (current.length > 0 && (currentTokens + w.tokens.length > groupBudget || current.length >= 64)) {
      groups.push(current);
      current = [];
      currentTokens = 0;
    }
    current.push(w);
    currentTokens += w.tokens.length;
  }
  if (current.length) groups.push(current);

  const totalTokens = work.reduce((a, w) => a + w.tokens.length, 0);
  let doneTokens = 0;
  for (const group of groups) {
    const total = group.reduce((a, w) => a + w.tokens.length, 0);
    const lease = await pool.acquire({ nCtx: total, nSeqMax: group.length, nBatch: batchTokens });
    try {
      if (steering) lease.setSteering(steering);
      // Each sequence's own steering is added to its rows only, on top of any shared steering.
      if (sequenceSteering) group.forEach((w, seq) => lease.setSequenceSteering(seq, sequenceSteering[w.index] ?? null));
      await decodeGroup(lease, group, layers, needOutputs, wantLogits, batchTokens, shape, (n) => {
        doneTokens += n;
        options.onProgress?.(doneTokens, totalTokens);
      });
    } catch (error) {
      throw fromNativeError(error, "forward pass");
    } finally {
      lease.release();
    }
  }
  return work.map((w) => w.result);
}

async function decodeGroup(
  context: ContextLease,
  group: SequenceWork[],
  layers: number[],
  needOutputs: boolean,
  wantLogits: boolean,
  batchTokens: number,
  shape: ForwardModelShape,
  onDecoded: (tokens: number) => void,
): Promise<void> {
  // One flat stream of (sequence, position) pairs, cut into decode-sized chunks.
  const stream: [number, number][] = [];
  group.forEach((w, seq) => {
    for (let p = 0; p < w.tokens.length; p++) stream.push([seq, p]);
  });
  const captureLayers = Int32Array.from(layers);
  for (let start = 0; start < stream.length; start += batchTokens) {
    const chunk = stream.slice(start, start + batchTokens);
    const n = chunk.length;
    const tokens = new Int32Array(n);
    const positions = new Int32Array(n);
    const seqIds = new Int32Array(n);
    const outputs = new Uint8Array(n);
    const captureMask = new Uint8Array(n);
    chunk.forEach(([seq, p], i) => {
      const w = group[seq]!;
      tokens[i] = w.tokens[p]!;
      positions[i] = p;
      seqIds[i] = seq;
      const selected = w.rowOfPosition[p]! >= 0;
      if (selected && layers.length) captureMask[i] = 1;
      if (selected && needOutputs) outputs[i] = 1;
    });
    const result = await context.decode({ tokens, positions, seqIds, outputs, captureLayers, captureMask, wantLogits, samples: [] });
    let captured = 0;
    let output = 0;
    chunk.forEach(([seq, p], i) => {
      const w = group[seq]!;
      const row = w.rowOfPosition[p]!;
      if (captureMask[i]) {
        layers.forEach((layer, slot) => {
          const source = result.captures[slot]!;
          w.result.layers.get(layer)!.set(source.subarray(captured * shape.nEmbd, (captured + 1) * shape.nEmbd), row * shape.nEmbd);
        });
        captured++;
      }
      if (outputs[i]) {
        if (wantLogits && result.logits) {
          w.result.logits!.set(result.logits.subarray(output * shape.nVocab, (output + 1) * shape.nVocab), row * shape.nVocab);
        }
        output++;
      }
    });
    onDecoded(n);
  }
}
