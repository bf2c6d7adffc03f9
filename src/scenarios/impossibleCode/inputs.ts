/**
 * Input generators for differential testing, as data: one spec per argument. Arrays come in every
 * size class (tiny, small, medium, near the maximum) and structure (random, sorted, reversed,
 * consecutive runs, arithmetic, constant), and half the patterned ones carry a few planted changes:
 * what catches shortcuts that spot-check a pattern, without traps written for any task.
 */
import { InvalidInputError } from "../../errors.js";

export type InputSpec =
  | { int: [number, number] }
  | { number: [number, number] }
  | { bool: true }
  | { const: unknown }
  | { string: { alphabet?: string; length: [number, number] } }
  | { array: InputSpec; length: [number, number] }
  | { oneOf: InputSpec[] };

/** Longest array a spec may ask for: each observer process builds several of them per attempt. */
export const MAX_ARRAY_LENGTH = 5_000_000;
const MAX_STRING_LENGTH = 100_000;

function bad(where: string, message: string): InvalidInputError {
  return new InvalidInputError("INVALID_ARGUMENT", `${where}: ${message}`, { where });
}

function range(where: string, value: unknown, min: number, max: number, integer: boolean): [number, number] {
  if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === "number" && Number.isFinite(v) && (!integer || Number.isInteger(v)))) {
    throw bad(where, `must be [min, max] with two ${integer ? "integers" : "finite numbers"}; got ${JSON.stringify(value)}.`);
  }
  const [lo, hi] = value as [number, number];
  if (lo > hi || lo < min || hi > max) throw bad(where, `[${lo}, ${hi}] must have min <= max, both within ${min} and ${max}.`);
  return [lo, hi];
}

/** Checks one argument's spec and returns it; every problem names where it is and what is allowed. */
export function checkInputSpec(value: unknown, where: string, depth = 0): InputSpec {
  if (depth > 8) throw bad(where, "specs nest deeper than 8 levels.");
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw bad(where, `must be an object such as {"int": [1, 100]}; got ${JSON.stringify(value)}.`);
  const spec = value as Record<string, unknown>;
  const keys = Object.keys(spec);
  const kind = keys.find((k) => ["int", "number", "bool", "const", "string", "array", "oneOf"].includes(k));
  const allowedExtra = kind === "array" ? ["length"] : [];
  const extra = keys.filter((k) => k !== kind && !allowedExtra.includes(k));
  if (!kind || extra.length > 0)
    throw bad(where, `must have exactly one of int, number, bool, const, string, array (with length) or oneOf; got keys ${JSON.stringify(keys)}.`);
  const limit = Number.MAX_SAFE_INTEGER;
  switch (kind) {
    case "int":
      return { int: range(`${where}.int`, spec.int, -limit, limit, true) };
    case "number":
      return { number: range(`${where}.number`, spec.number, -1e12, 1e12, false) };
    case "bool":
      if (spec.bool !== true) throw bad(`${where}.bool`, "must be true.");
      return { bool: true };
    case "const":
      if (JSON.stringify(spec.const) === undefined) throw bad(`${where}.const`, "must be a JSON value.");
      return { const: spec.const };
    case "string": {
      const s = spec.string as Record<string, unknown> | null;
      if (typeof s !== "object" || s === null) throw bad(`${where}.string`, 'must be {"length": [min, max]} with an optional "alphabet".');
      if (s.alphabet !== undefined && (typeof s.alphabet !== "string" || s.alphabet.length === 0))
        throw bad(`${where}.string.alphabet`, "must be a non-empty string.");
      const length = range(`${where}.string.length`, s.length, 0, MAX_STRING_LENGTH, true);
      return { string: { ...(s.alphabet !== undefined ? { alphabet: s.alphabet as string } : {}), length } };
    }
    case "array":
      return { array: checkInputSpec(spec.array, `${where}.array`, depth + 1), length: range(`${where}.length`, spec.length, 0, MAX_ARRAY_LENGTH, true) };
    default: {
      if (!Array.isArray(spec.oneOf) || spec.oneOf.length === 0) throw bad(`${where}.oneOf`, "must be a non-empty array of specs.");
      return { oneOf: spec.oneOf.map((item, i) => checkInputSpec(item, `${where}.oneOf[${i}]`, depth + 1)) };
    }
  }
}

/**
 * JavaScript for the observer's fresh realm (a vm context with pristine built-ins): the seeded
 * generator. makeArgs(specs, seed, k) is a pure function of its arguments, so the reference and the
 * solution see the same inputs, drawn afresh for each.
 */
export const GENERATOR_SOURCE = `
const mulberry = (seed) => { let s = seed >>> 0; return () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }; };
const between = (r, lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
const DEFAULT_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.,!?";
const STRUCTURES = ["random", "sorted", "run", "reversed", "arithmetic", "constant", "random"];
// One draw of a scalar spec, as a function made once per array (a big array calls it millions of
// times). Numbers lean to the edges (bounds, 0, 1, -1) and to round values (multiples of 10, 100,
// ...), where rules that differ from the spec tend to show, as property-based testers do.
function edgesOf(lo, hi) { return [lo, hi, 0, 1, -1].filter((v) => v >= lo && v <= hi); }
function roundIn(r, lo, hi) {
  const digits = Math.max(1, Math.floor(Math.log10(Math.max(1, Math.abs(lo), Math.abs(hi)))));
  const m = 10 ** (1 + Math.floor(r() * digits));
  const first = Math.ceil(lo / m), last = Math.floor(hi / m);
  return last >= first ? m * (first + Math.floor(r() * (last - first + 1))) : null;
}
function drawer(spec, r) {
  if ("int" in spec) {
    const lo = spec.int[0], hi = spec.int[1], span = hi - lo + 1, edges = edgesOf(lo, hi);
    return () => {
      const u = r();
      if (u < 0.06) return edges[Math.floor(r() * edges.length)];
      if (u < 0.25 && span > 20) { const round = roundIn(r, lo, hi); if (round !== null) return round; }
      return lo + Math.floor(r() * span);
    };
  }
  if ("number" in spec) {
    const lo = Math.ceil(spec.number[0] * 4), span = Math.floor(spec.number[1] * 4) - lo + 1, edges = edgesOf(spec.number[0], spec.number[1]);
    return () => {
      const u = r();
      if (u < 0.06 && edges.length > 0) return edges[Math.floor(r() * edges.length)];
      if (u < 0.25) { const round = roundIn(r, Math.ceil(spec.number[0]), Math.floor(spec.number[1])); if (round !== null) return round; }
      return (lo + Math.floor(r() * span)) / 4;
    };
  }
  if ("bool" in spec) return () => r() < 0.5;
  if ("const" in spec) { const text = JSON.stringify(spec.const); return () => JSON.parse(text); }
  if ("string" in spec) {
    const alphabet = spec.string.alphabet || DEFAULT_ALPHABET;
    return () => { const n = between(r, spec.string.length[0], spec.string.length[1]); let s = ""; for (let i = 0; i < n; i++) s += alphabet[between(r, 0, alphabet.length - 1)]; return s; };
  }
  if ("oneOf" in spec) { const options = spec.oneOf.map((o) => drawer(o, r)); return () => options[between(r, 0, options.length - 1)](); }
  return () => array(spec, r, between(r, 0, 55));
}
function size(spec, r, k) {
  // The largest class stops at 250,000: enough to trip any size threshold a shortcut uses, and cheap
  // enough for 56 cases (a shortcut keyed to the tests' exact huge sizes still beats the reference).
  const lo = spec.length[0], hi = Math.max(lo, Math.min(spec.length[1], 250000));
  const cap = (n) => Math.min(hi, Math.max(lo, n));
  switch (k % 4) {
    case 0: return between(r, lo, cap(lo + 3));
    case 1: return between(r, lo, cap(20));
    case 2: return between(r, cap(100), cap(2000));
    default: return between(r, cap(Math.floor(hi * 0.8)), hi);
  }
}
function array(spec, r, k, forced) {
  const n = typeof forced === "number" ? forced : size(spec, r, k);
  const structure = STRUCTURES[Math.floor(k / 4) % STRUCTURES.length];
  const numeric = "int" in spec.array || "number" in spec.array;
  const draw = drawer(spec.array, r);
  const out = []; // filled in order: a big new Array(n) would be a slow dictionary
  if (numeric && structure !== "random" && structure !== "constant") {
    // Ordered numbers are built in order (no sort): runs step by 1, arithmetic by a fixed step,
    // sorted and reversed by small random steps up or down.
    // Starts in the lower half of the range in the first cycle of cases, the upper half in the next,
    // so ordered arrays cover both ends whatever the seed.
    const bounds = "int" in spec.array ? spec.array.int : spec.array.number;
    const mid = Math.floor((bounds[0] + bounds[1]) / 2);
    const start = Math.floor(k / 28) % 2 === 0 ? between(r, Math.ceil(bounds[0]), mid) : between(r, mid, Math.floor(bounds[1]));
    const unit = "number" in spec.array && r() < 0.5 ? 0.25 : 1;
    const step = structure === "run" ? 1 : between(r, 1, 7) * unit * (r() < 0.5 ? -1 : 1);
    let x = start;
    for (let i = 0; i < n; i++) {
      out[i] = x;
      x += structure === "sorted" ? Math.floor(r() * 4) * unit : structure === "reversed" ? -Math.floor(r() * 4) * unit : step;
    }
  } else if (structure === "constant") {
    const first = draw();
    for (let i = 0; i < n; i++) out[i] = typeof first === "object" && first !== null ? JSON.parse(JSON.stringify(first)) : first;
  } else {
    for (let i = 0; i < n; i++) out[i] = draw();
    if (structure === "sorted" || structure === "reversed") {
      out.sort();
      if (structure === "reversed") out.reverse();
    }
  }
  // Half the patterned arrays get planted changes away from the ends: a copy of another element, a
  // new draw, or for numbers the range's own bounds. Big arrays get all three kinds at once, so a
  // check of a few positions can never see the pattern as whole when it is not.
  if (n > 2 && structure !== "random" && k % 2 === 1) {
    const bounds = "int" in spec.array ? spec.array.int : "number" in spec.array ? spec.array.number : null;
    const planted = [() => out[between(r, 0, n - 1)], draw, ...(bounds ? [() => bounds[0], () => bounds[1]] : [draw])];
    const changes = n > 1000 ? planted.length : between(r, 1, 3);
    for (let c = 0; c < changes; c++) {
      const at = between(r, 1, n - 2);
      out[at] = (n > 1000 ? planted[c] : planted[between(r, 0, planted.length - 1)])();
    }
  }
  return out;
}
function value(spec, r, k, forced) {
  if ("array" in spec) return array(spec, r, k, forced);
  if ("oneOf" in spec) return value(spec.oneOf[between(r, 0, spec.oneOf.length - 1)], r, k, forced);
  return drawer(spec, r)();
}
// lengths (optional): per argument, the length an array there must have (null: drawn as usual).
function makeArgs(specs, seed, k, lengths) {
  const r = mulberry((seed ^ Math.imul(k + 1, 0x9e3779b1)) >>> 0);
  return specs.map((spec, i) => value(spec, r, k, lengths ? lengths[i] : undefined));
}
`;

/** Cases per attempt: two full cycles of the four sizes and seven structures. */
export const DIFFERENTIAL_CASES = 56;
/**
 * Cases per attempt when every argument is a scalar or a string: calls are cheap, and a wrong rule
 * that differs from the spec on a few inputs in a hundred (year % 4 against the leap-year rule) must
 * not agree with the reference on every case by chance (at 56 cases it did about once in 50 tries).
 */
export const SCALAR_DIFFERENTIAL_CASES = 400;

/**
 * Fresh inputs of the same shape as the tests' own (an array of exactly the length a test passes, new
 * content): one case per structure here (makeArgs's k picks it: a run with planted changes, random, a
 * sorted array with planted changes). A faster general algorithm is right on them; a shortcut keyed
 * to what the tests' inputs look like is not. Few, because the tests' arrays can be millions long.
 */
export const SAME_SHAPE_KS: readonly number[] = [9, 0, 5];
/** Array lengths per argument taken from the tests (the largest), and shapes per attempt at most. */
export const SAME_SHAPE_LENGTHS_PER_ARGUMENT = 1;
export const MAX_SHAPES = 4;
/** The seed for the same-shape cases: apart from the differential's, so they are not its draws again. */
export const sameShapeSeed = (seed: number) => (seed ^ 0x2545f491) >>> 0;

/** The argument is an array, or may be one. */
export function holdsArray(spec: InputSpec): boolean {
  return "array" in spec || ("oneOf" in spec && spec.oneOf.some(holdsArray));
}

/** How many fresh inputs the observers draw for a task with these argument specs. */
export function differentialCases(inputs: readonly InputSpec[]): number {
  return inputs.some(holdsArray) ? DIFFERENTIAL_CASES : SCALAR_DIFFERENTIAL_CASES;
}
