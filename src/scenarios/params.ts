/** Typed scenario parameters: parsing from strings (command line) and checking typed values. */
import { InvalidInputError } from "../errors.js";

export type ParamValue = string | number | boolean;

export type ParamSpec =
  | { kind: "choice"; values: readonly string[]; default: string; help: string }
  | { kind: "boolean"; default: boolean; help: string }
  | { kind: "integer"; min: number; max: number; default: number; help: string };

export type ParamSpecs = Record<string, ParamSpec>;

export function defaultParams(specs: ParamSpecs): Record<string, ParamValue> {
  return Object.fromEntries(Object.entries(specs).map(([key, spec]) => [key, spec.default]));
}

function allowedText(spec: ParamSpec): string {
  if (spec.kind === "choice") return `one of ${spec.values.join(", ")}`;
  if (spec.kind === "boolean") return "true or false";
  return `an integer from ${spec.min} to ${spec.max}`;
}

function badValue(scenario: string, key: string, spec: ParamSpec, value: unknown): InvalidInputError {
  return new InvalidInputError("INVALID_ARGUMENT", `Scenario ${scenario}: parameter "${key}" must be ${allowedText(spec)} (got ${JSON.stringify(value)}).`, {
    scenario,
    key,
    value,
  });
}

function checkKeys(scenario: string, specs: ParamSpecs, keys: string[]): void {
  for (const key of keys) {
    if (!Object.hasOwn(specs, key)) {
      const known = Object.keys(specs);
      throw new InvalidInputError(
        "INVALID_ARGUMENT",
        `Scenario ${scenario} has no parameter "${key}"; its parameters are: ${known.length ? known.join(", ") : "(none)"}.`,
        { scenario, key },
      );
    }
  }
}

function fromString(scenario: string, key: string, spec: ParamSpec, raw: string): ParamValue {
  const text = raw.trim();
  if (spec.kind === "choice") {
    if (!spec.values.includes(text)) throw badValue(scenario, key, spec, raw);
    return text;
  }
  if (spec.kind === "boolean") {
    const lower = text.toLowerCase();
    if (lower === "true" || lower === "1" || lower === "yes") return true;
    if (lower === "false" || lower === "0" || lower === "no") return false;
    throw badValue(scenario, key, spec, raw);
  }
  if (!/^-?\d+$/.test(text)) throw badValue(scenario, key, spec, raw);
  return checkTyped(scenario, key, spec, Number(text));
}

function checkTyped(scenario: string, key: string, spec: ParamSpec, value: ParamValue): ParamValue {
  if (spec.kind === "choice" && typeof value === "string" && spec.values.includes(value)) return value;
  if (spec.kind === "boolean" && typeof value === "boolean") return value;
  if (spec.kind === "integer" && typeof value === "number" && Number.isInteger(value) && value >= spec.min && value <= spec.max) return value;
  throw badValue(scenario, key, spec, value);
}

/** Parses command-line strings; missing keys take their defaults. */
export function parseParamStrings(scenario: string, specs: ParamSpecs, raw: Record<string, string>): Record<string, ParamValue> {
  checkKeys(scenario, specs, Object.keys(raw));
  const out = defaultParams(specs);
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== "string") throw badValue(scenario, key, specs[key]!, value);
    out[key] = fromString(scenario, key, specs[key]!, value);
  }
  return out;
}

/** Checks already-typed parameters (strings are parsed as on the command line); missing keys take their defaults. */
export function resolveParams(scenario: string, specs: ParamSpecs, params: Record<string, ParamValue>): Record<string, ParamValue> {
  checkKeys(scenario, specs, Object.keys(params));
  const out = defaultParams(specs);
  for (const [key, value] of Object.entries(params)) {
    const spec = specs[key]!;
    out[key] = typeof value === "string" && spec.kind !== "choice" ? fromString(scenario, key, spec, value) : checkTyped(scenario, key, spec, value);
  }
  return out;
}

export function checkSeed(scenario: string, seed: number): number {
  if (!Number.isSafeInteger(seed)) {
    throw new InvalidInputError("INVALID_ARGUMENT", `Scenario ${scenario}: the seed must be an integer (got ${JSON.stringify(seed)}).`, { scenario, seed });
  }
  return seed;
}

/** Deterministic pick for a seed; `salt` keeps independent choices (names, task) from moving together. */
export function pickBySeed<T>(items: readonly T[], seed: number, salt: number): T {
  // A small integer hash (splitmix-style) so nearby seeds spread over the items.
  let h = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 1, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return items[h % items.length]!;
}
