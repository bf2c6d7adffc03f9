/**
 * Reads an observer process's channel (observerProgram.ts) as hostile bytes: one JSON object per
 * line, each checked field by field. Never throws. Lines the observer never writes (bad JSON, an
 * unknown kind, a wrong shape, a repeated id) can only come from the solution: they are forgeries.
 * A channel that stops before the end line, or is cut at the output cap, is incomplete.
 */
import { isEncoded, type Encoded } from "./observedValue.js";

/** A thrown value as the observer saw it: the class names along its prototype chain, and its message. */
export interface ObservedError {
  chain: string[];
  message: string;
}

export interface ObservedAssertion {
  op: "ok" | "equal" | "notEqual" | "deepEqual" | "notDeepEqual" | "throws" | "doesNotThrow" | "fail";
  actual?: Encoded;
  expected?: Encoded;
  /** For equal and notEqual: the operands were the same object (objects compare by identity). */
  identical?: boolean;
  /** For throws and doesNotThrow. */
  threw?: boolean;
  error?: ObservedError | null;
  /** For throws: the class the test expects, null for any error, "unsupported" for a form the observer does not record. */
  expectedName?: string | null | "unsupported";
}

export interface ObservedTest {
  index: number;
  name: string;
  /** The test body returned (an assertion that failed in the sandbox stops it, as assert would). */
  completed: boolean;
  /** The test timed the code (called the harness's fastestMs). */
  timed: boolean;
  error: ObservedError | null;
  assertions: ObservedAssertion[];
}

export interface ObservedCall {
  ok: boolean;
  value?: Encoded;
  error?: ObservedError;
  /** What about the value was not plain data (accessors, prototypes, hidden properties). */
  odd: string[];
  /** Reference process only: the input is not one of the value tests' own inputs. */
  outside?: boolean;
  /** The input as it was for a repeated call, as a digest (to see whether the solution changed it). */
  argsSeen?: Encoded;
}

export interface Observations {
  loaded: { ok: boolean; exported: boolean; error: ObservedError | null } | null;
  setupError: ObservedError | null;
  tests: ObservedTest[];
  calls: Map<string, ObservedCall>;
  tamperedAtLoad: string[];
  tamperedLater: string[];
  /** Which tampering lines have been read (each comes once). */
  phasesSeen: Set<string>;
  /** The shapes of the tests' own inputs (per argument, an array length or null), learnt before the code loaded. */
  shapes: (number | null)[][] | null;
  end: { differentialDone: number; stoppedEarly: boolean; shapeDone: number; shapeStoppedEarly: boolean } | null;
}

export interface ReadObservations {
  observations: Observations;
  /** Lines the observer never writes: each is evidence that the solution wrote on the channel. */
  forged: string[];
  /** Why the observations are not complete (no end line, cut at the cap). */
  incomplete: string[];
}

const MAX_LINE_CHARS = 4 * 2 ** 20;
const OPS = new Set(["ok", "equal", "notEqual", "deepEqual", "notDeepEqual", "throws", "doesNotThrow", "fail"]);

type Fields = Record<string, unknown>;
const isRecord = (value: unknown): value is Fields => typeof value === "object" && value !== null && !Array.isArray(value);
const isStringList = (value: unknown, max: number): value is string[] =>
  Array.isArray(value) && value.length <= max && value.every((item) => typeof item === "string" && item.length <= 1000);
const hasOnly = (fields: Fields, allowed: readonly string[]) => Object.keys(fields).every((key) => allowed.includes(key));

function readError(value: unknown): ObservedError | null | undefined {
  if (value === null) return null;
  if (
    !isRecord(value) ||
    !hasOnly(value, ["chain", "message"]) ||
    !isStringList(value.chain, 20) ||
    typeof value.message !== "string" ||
    value.message.length > 1000
  )
    return undefined;
  return { chain: value.chain, message: value.message };
}

function readAssertion(value: unknown): ObservedAssertion | undefined {
  if (!isRecord(value) || typeof value.op !== "string" || !OPS.has(value.op)) return undefined;
  if (!hasOnly(value, ["op", "actual", "expected", "identical", "threw", "error", "expectedName"])) return undefined;
  const out: ObservedAssertion = { op: value.op as ObservedAssertion["op"] };
  for (const key of ["actual", "expected"] as const) {
    if (key in value) {
      if (!isEncoded(value[key])) return undefined;
      out[key] = value[key];
    }
  }
  for (const key of ["identical", "threw"] as const) {
    if (key in value) {
      if (typeof value[key] !== "boolean") return undefined;
      out[key] = value[key];
    }
  }
  if ("error" in value) {
    const error = readError(value.error);
    if (error === undefined) return undefined;
    out.error = error;
  }
  if ("expectedName" in value) {
    const name = value.expectedName;
    if (name === null || (typeof name === "string" && name.length <= 200)) out.expectedName = name;
    else if (isRecord(name) && name.$ === "unsupported") out.expectedName = "unsupported";
    else return undefined;
  }
  const needs: Record<ObservedAssertion["op"], (keyof ObservedAssertion)[]> = {
    ok: ["actual"],
    equal: ["actual", "expected", "identical"],
    notEqual: ["actual", "expected", "identical"],
    deepEqual: ["actual", "expected"],
    notDeepEqual: ["actual", "expected"],
    throws: ["threw", "error", "expectedName"],
    doesNotThrow: ["threw", "error"],
    fail: [],
  };
  return needs[out.op].every((key) => key in out) ? out : undefined;
}

function emptyObservations(): Observations {
  return { loaded: null, setupError: null, tests: [], calls: new Map(), tamperedAtLoad: [], tamperedLater: [], phasesSeen: new Set(), shapes: null, end: null };
}

/** Reads one line into `into`; returns why it is not a line the observer writes, or null. */
function readLine(text: string, into: Observations): string | null {
  if (text.length > MAX_LINE_CHARS) return `a line of ${text.length} characters`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return "a line that is not JSON";
  }
  if (!isRecord(parsed) || typeof parsed.kind !== "string") return "a line without a kind";
  const line = parsed;
  if (into.end) return `a ${String(line.kind).slice(0, 20)} line after the end line`;
  switch (line.kind) {
    case "loaded": {
      const error = readError(line.error);
      if (
        into.loaded ||
        !hasOnly(line, ["kind", "ok", "exported", "error"]) ||
        typeof line.ok !== "boolean" ||
        typeof line.exported !== "boolean" ||
        error === undefined
      )
        return "a malformed or repeated load line";
      into.loaded = { ok: line.ok, exported: line.exported, error };
      return null;
    }
    case "setup": {
      const error = readError(line.error);
      if (into.setupError || !error) return "a malformed or repeated setup line";
      into.setupError = error;
      return null;
    }
    case "tampered": {
      if (!isStringList(line.changes, 10_000) || (line.phase !== "load" && line.phase !== "later")) return "a malformed tampering line";
      const field = line.phase === "load" ? "tamperedAtLoad" : "tamperedLater";
      if (into.phasesSeen.has(line.phase)) return "a repeated tampering line";
      into.phasesSeen.add(line.phase);
      into[field] = line.changes;
      return null;
    }
    case "test": {
      const error = readError(line.error);
      const assertions = Array.isArray(line.assertions) && line.assertions.length <= 10_000 ? line.assertions.map(readAssertion) : [undefined];
      if (
        !Number.isSafeInteger(line.index) ||
        line.index !== into.tests.length ||
        typeof line.name !== "string" ||
        typeof line.completed !== "boolean" ||
        typeof line.timed !== "boolean" ||
        error === undefined ||
        assertions.includes(undefined)
      ) {
        return "a malformed or out-of-order test line";
      }
      into.tests.push({
        index: line.index as number,
        name: line.name.slice(0, 500),
        completed: line.completed,
        timed: line.timed,
        error,
        assertions: assertions as ObservedAssertion[],
      });
      return null;
    }
    case "call": {
      if (typeof line.id !== "string" || !/^[a-zA-Z]+:\d+(:again|:copy)?$/.test(line.id)) return "a call line with a malformed id";
      if (into.calls.has(line.id)) return `a second line for call ${line.id}`;
      if (!hasOnly(line, ["kind", "id", "ok", "value", "error", "odd", "outside", "argsSeen"]) || typeof line.ok !== "boolean" || !isStringList(line.odd, 10))
        return `a malformed line for call ${line.id}`;
      const call: ObservedCall = { ok: line.ok, odd: line.odd };
      if (line.ok) {
        if (!("value" in line) || !isEncoded(line.value)) return `a malformed value for call ${line.id}`;
        call.value = line.value;
      } else {
        const error = readError(line.error);
        if (!error) return `a malformed error for call ${line.id}`;
        call.error = error;
      }
      if ("outside" in line) {
        if (typeof line.outside !== "boolean") return `a malformed line for call ${line.id}`;
        call.outside = line.outside;
      }
      if ("argsSeen" in line) {
        if (!isEncoded(line.argsSeen)) return `a malformed line for call ${line.id}`;
        call.argsSeen = line.argsSeen;
      }
      into.calls.set(line.id, call);
      return null;
    }
    case "shapes": {
      const shapes = line.shapes;
      const isShape = (shape: unknown) =>
        Array.isArray(shape) && shape.length <= 100 && shape.every((n) => n === null || (Number.isSafeInteger(n) && (n as number) >= 0));
      if (into.shapes || !hasOnly(line, ["kind", "shapes"]) || !Array.isArray(shapes) || shapes.length > 100 || !shapes.every(isShape))
        return "a malformed or repeated shapes line";
      into.shapes = shapes as (number | null)[][];
      return null;
    }
    case "end": {
      const count = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
      if (!count(line.differentialDone) || typeof line.stoppedEarly !== "boolean" || !count(line.shapeDone) || typeof line.shapeStoppedEarly !== "boolean")
        return "a malformed end line";
      into.end = {
        differentialDone: line.differentialDone as number,
        stoppedEarly: line.stoppedEarly,
        shapeDone: line.shapeDone as number,
        shapeStoppedEarly: line.shapeStoppedEarly,
      };
      return null;
    }
    default:
      return `a line of unknown kind ${JSON.stringify(String(line.kind).slice(0, 20))}`;
  }
}

/** Reads the channel's bytes; `truncated` is the sandbox's word that the output cap cut them. */
export function readObservations(output: string | undefined, truncated: boolean): ReadObservations {
  const observations = emptyObservations();
  const forged: string[] = [];
  const incomplete: string[] = [];
  const text = output ?? "";
  const lines = text.split("\n");
  const unfinished = lines.pop() ?? "";
  for (const entry of lines) {
    const problem = readLine(entry, observations);
    if (problem && forged.length < 5) forged.push(`the observer's channel carried ${problem}`);
  }
  if (truncated) incomplete.push("its channel was cut at the output cap");
  else if (unfinished !== "") incomplete.push("its channel ended in the middle of a line");
  if (!observations.loaded) incomplete.push("it never reported loading the code");
  if (!observations.end) incomplete.push("it stopped before its end line");
  return { observations, forged, incomplete };
}
