/**
 * The observer: the only grading code that runs in the sandbox. It decides nothing. It loads one
 * implementation (the task's reference in one process, the agent's solution in another), calls it
 * on the inputs the plan names, runs the test file through a recording harness, and writes what it
 * saw as JSON lines on descriptor 3: return values, thrown errors' types, assertion operands. The
 * host (observations.ts, hostVerdicts.ts) reads those lines as hostile bytes and computes every
 * verdict itself, comparing the solution's process with the reference's.
 *
 * Nothing secret is here: a line the solution writes itself can only claim values it could have
 * returned. Everything the observer uses after the solution loads was captured before, and it
 * builds its output from primitives only (no JSON.stringify of objects, no arrays of its own, no
 * iteration protocol), so hooks on built-in prototypes cannot rewrite what it writes.
 */
import {
  differentialCases,
  GENERATOR_SOURCE,
  holdsArray,
  MAX_ARRAY_LENGTH,
  MAX_SHAPES,
  SAME_SHAPE_KS,
  SAME_SHAPE_LENGTHS_PER_ARGUMENT,
  sameShapeSeed,
} from "./inputs.js";
import { ENCODER_SOURCE } from "./observerEncoder.js";
import type { CodeTask } from "./tasks/index.js";

/** Which implementation an observer process loads as solution.js. */
export type ObserverRole = "reference" | "solution";

/** Wall time the differential phase may take before it stops drawing cases (the observer must still finish). */
const DIFFERENTIAL_BUDGET_MS = 12_000;
/** Wall time the same-shape phase may take (after the differential's). */
const SAME_SHAPE_BUDGET_MS = 8_000;

/** The one observer file in the workspace: the program arrives over descriptor 3, never from disk. */
export const OBSERVER_BOOTSTRAP = `"use strict";
// Reads the program from descriptor 3 before anything else loads, then runs it.
const fs = require("node:fs");
const vm = require("node:vm");
const writeSync = fs.writeSync;
const chunks = [];
for (;;) {
  const chunk = Buffer.alloc(65536);
  const n = fs.readSync(3, chunk, 0, chunk.length, null);
  if (n === 0) break;
  chunks.push(chunk.subarray(0, n));
}
const program = Buffer.concat(chunks).toString("utf8");
vm.runInThisContext(program, { filename: "limbic-observer.js" })(require, (text) => writeSync(3, text), process.reallyExit.bind(process));
`;

/** Runs in a fresh realm (pristine built-ins): the seeded input generator and a plain-data equality for test inputs. */
const FRESH_REALM_SOURCE = `(() => {
const { Math, Array, JSON, Object } = globalThis;
${GENERATOR_SOURCE}
function equal(a, b) {
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!Object.prototype.hasOwnProperty.call(b, k) || !equal(a[k], b[k])) return false;
  return true;
}
return { makeArgs, equal };
})()`;

/**
 * The observer's body. Placeholders: __PLAN__ (JSON), __FRESH__ (a JSON string), __CALLS__ (a
 * function of the loaded implementation returning [id, thunk] pairs), __RECORDER_CALLS__ (the value
 * tests' calls on a recorder, to learn their inputs).
 */
const OBSERVER_SOURCE = String.raw`(function (require, send, reallyExit) {
"use strict";
const PLAN = __PLAN__;
// Captured before the solution loads; after it loads only these are used.
const vm = require("node:vm");
const { performance } = require("node:perf_hooks");
const apply = Reflect.apply, ownKeys = Reflect.ownKeys, protoOf = Reflect.getPrototypeOf, ownDescriptor = Reflect.getOwnPropertyDescriptor, define = Reflect.defineProperty;
const isArray = Array.isArray, same = Object.is, blank = Object.create, hasOwn = Object.prototype.hasOwnProperty;
const quote = JSON.stringify, charCodeAt = String.prototype.charCodeAt, sliceText = String.prototype.slice, imul = Math.imul, objectKeys = Object.keys;
const now = performance.now, perf = performance;
const compile = vm.compileFunction;
const arrayProto = Array.prototype, objectProto = Object.prototype;
const clock = () => apply(now, perf, []);
const line = (text) => send(text + "\n");

__ENCODER__
// Which built-ins the solution replaced, added or deleted (a signal; the verdicts do not depend on it).
const watched = { Object, Array, String, Number, Boolean, Math, JSON, Function, Promise, Reflect, Symbol, Error, RangeError, TypeError, Date, RegExp, Map, Set, console, performance, "assert": require("node:assert/strict"), "assert (loose)": require("node:assert"), util: require("node:util") };
const processKeys = ["exit", "abort", "kill", "reallyExit", "on", "once", "emit", "exitCode"];
const globalObject = globalThis;
const watchedNames = Object.keys(watched);
function snapshot() {
  const refs = blank(null);
  const note = (label, target) => {
    if (target === null || (typeof target !== "object" && typeof target !== "function")) return;
    const keys = ownKeys(target), count = dataOf(keys, "length");
    for (let i = 0; i < count; i++) {
      const key = dataOf(keys, "" + i);
      const d = ownDescriptor(target, key);
      if (d) refs[label + "." + (typeof key === "symbol" ? "[symbol]" : key)] = own(d, "value") ? d.value : d.get || d.set;
    }
  };
  for (let i = 0; i < watchedNames.length; i++) {
    const name = watchedNames[i], value = watched[name];
    note(name, value);
    if (typeof value === "function") note(name + ".prototype", dataOf(value, "prototype"));
  }
  for (let i = 0; i < processKeys.length; i++) refs["process." + processKeys[i]] = process[processKeys[i]];
  // Globals swapped for look-alikes (Array, JSON, ...): the watched objects above would still look untouched.
  note("globalThis", globalObject);
  return refs;
}
function changes(before, after) {
  const found = list();
  const beforeKeys = ownKeys(before), afterKeys = ownKeys(after);
  for (let i = 0; i < dataOf(beforeKeys, "length"); i++) {
    const key = dataOf(beforeKeys, "" + i);
    if (!own(after, key)) add(found, quote("deleted " + key));
    else if (!same(after[key], before[key])) add(found, quote("replaced " + key));
  }
  // New globals are ordinary (a solution may define helpers at the top level); new properties on built-ins are not.
  for (let i = 0; i < dataOf(afterKeys, "length"); i++) { const key = dataOf(afterKeys, "" + i); if (!own(before, key) && apply(sliceText, key, [0, 11]) !== "globalThis.") add(found, quote("added " + key)); }
  return "[" + join(found) + "]";
}

// 1. The differential inputs, drawn in a fresh realm and copied here before the solution loads.
const fresh = vm.runInContext(__FRESH__, vm.createContext({}));
const toMain = (v) => {
  if (v === null || typeof v !== "object") return v;
  if (isArray(v)) { const out = []; for (let i = 0; i < v.length; i++) out.push(toMain(v[i])); return out; }
  const out = isArray(v) ? [] : {};
  const keys = Object.keys(v);
  for (let i = 0; i < keys.length; i++) out[keys[i]] = toMain(v[keys[i]]);
  return out;
};
const cases = [];
for (let k = 0; k < PLAN.cases; k++) {
  const drawn = fresh.makeArgs(PLAN.inputs, PLAN.seed, k);
  const args = toMain(drawn);
  // Every third case is called again on the same array after one element changes (a cache keyed by the object answers stale).
  let first = -1;
  for (let i = 0; i < args.length && first < 0; i++) if (isArray(args[i]) && args[i].length > 2) first = i;
  let change = null;
  if (k % 3 === 0 && first >= 0) {
    const a = args[first];
    const at = (k * 7919) % a.length;
    change = { at, value: a[(k * 104729 + 1) % a.length] === a[0] ? a[a.length - 1] : a[0] };
    const copy = toMain(drawn);
    copy[first][at] = change.value;
    change.copy = copy;
    change.first = first;
  }
  cases.push({ args, drawn, change });
}

// 1b. The shapes of the tests' own inputs, learnt before the solution loads: the test file run once
// against a stub that notes the length of every array it is given (assertions and timings do nothing).
const seenLengths = [];
{
  const noteLengths = function () {
    for (let i = 0; i < arguments.length; i++) {
      const a = arguments[i];
      if (!isArray(a)) continue;
      const at = seenLengths[i] || (seenLengths[i] = []);
      if (at.indexOf(a.length) < 0) at.push(a.length);
    }
    return undefined;
  };
  const quiet = () => undefined;
  const tryIt = (fn) => { try { fn(); } catch (e) { /* the stub's answer made it throw */ } };
  const dryAssert = function () {};
  const dryNames = ["ok", "equal", "strictEqual", "notEqual", "notStrictEqual", "deepEqual", "deepStrictEqual", "notDeepEqual", "notDeepStrictEqual", "fail", "match", "doesNotMatch"];
  for (let i = 0; i < dryNames.length; i++) dryAssert[dryNames[i]] = quiet;
  dryAssert.throws = tryIt;
  dryAssert.doesNotThrow = tryIt;
  const dryTests = [];
  const dryHarness = { test: (name, fn) => { dryTests.push(fn); }, run: quiet, assert: dryAssert, fastestMs: (fn) => { fn(); return 0; } };
  const stub = { [PLAN.functionName]: noteLengths };
  const dryRequire = (name) => (name === "./harness.js" ? dryHarness : name === "./solution.js" ? stub : require(name));
  tryIt(() => compile(PLAN.testSource, ["require", "module", "exports"])(dryRequire, { exports: {} }, {}));
  for (let i = 0; i < dryTests.length; i++) tryIt(dryTests[i]);
}
// Each shape fixes one array argument's length to one the tests used (the largest few) and draws the rest.
const shapes = [];
for (let p = 0; p < PLAN.inputs.length; p++) {
  if (!PLAN.arrayArguments[p] || !seenLengths[p]) continue;
  const lengths = seenLengths[p].filter((n) => n > 0 && n <= PLAN.maxArrayLength).sort((a, b) => b - a).slice(0, PLAN.lengthsPerArgument);
  for (let j = 0; j < lengths.length && shapes.length < PLAN.maxShapes; j++) shapes.push(PLAN.inputs.map((_, q) => (q === p ? lengths[j] : null)));
}
line('{"kind":"shapes","shapes":' + JSON.stringify(shapes) + "}");
const shapeCount = shapes.length * PLAN.sameShapeKs.length;

// 2. The implementation. Node defines many globals lazily (TextEncoder, atob, ...) and turns each into a
// plain value when first read: read them all now, so honest code that uses one changes nothing.
const globalKeys = ownKeys(globalObject);
for (let i = 0; i < globalKeys.length; i++) { const d = ownDescriptor(globalObject, globalKeys[i]); if (d && d.get) { try { void globalObject[globalKeys[i]]; } catch (e) { /* a global that refuses here */ } } }
const before = snapshot();
let mod = null, loadError = null;
try { mod = require("./solution.js"); } catch (e) { loadError = e; }
const afterLoad = snapshot();
let picked = null;
try {
  if (loadError === null) picked = mod && typeof mod[PLAN.functionName] === "function" ? mod[PLAN.functionName] : typeof mod === "function" ? mod : mod && mod.default && typeof mod.default[PLAN.functionName] === "function" ? mod.default[PLAN.functionName] : null;
} catch (e) { picked = null; }
line('{"kind":"loaded","ok":' + (loadError === null) + ',"exported":' + (picked !== null) + ',"error":' + (loadError === null ? "null" : encodeError(loadError)) + "}");
line('{"kind":"tampered","phase":"load","changes":' + changes(before, afterLoad) + "}");

const call = (id, thunk, extra) => {
  const odd = list();
  let text;
  try { const value = thunk(); text = '{"kind":"call","id":' + quote(id) + ',"ok":true,"value":' + short(encode(value, odd)); }
  catch (e) { text = '{"kind":"call","id":' + quote(id) + ',"ok":false,"error":' + encodeError(e); }
  line(text + ',"odd":' + oddText(odd) + (extra || "") + "}");
};

if (picked !== null) {
  // 3. The original tests, through a harness that records each assertion's operands for the host to judge.
  const STOP = blank(null);
  let assertions = list();
  const record = (op, fields, holds) => { add(assertions, '{"op":' + quote(op) + fields + "}"); if (!holds) throw STOP; };
  const operand = (name, v) => { const odd = list(); const text = short(encode(v, odd)); return [',"' + name + '":' + text, text, v !== null && (typeof v === "object" || typeof v === "function")]; };
  const pair = (op, a, b, deep, negate) => {
    const x = operand("actual", a), y = operand("expected", b);
    const equal = deep ? x[1] === y[1] : x[2] || y[2] ? same(a, b) : x[1] === y[1];
    record(op, x[0] + y[0] + ',"identical":' + same(a, b), negate ? !equal : equal);
  };
  const ok = (v) => { const x = operand("actual", v); record("ok", x[0], !!v); };
  const recorder = blank(null);
  const assert = function (v) { ok(v); };
  const methods = {
    ok, equal: (a, b) => pair("equal", a, b, false, false), strictEqual: (a, b) => pair("equal", a, b, false, false),
    notEqual: (a, b) => pair("notEqual", a, b, false, true), notStrictEqual: (a, b) => pair("notEqual", a, b, false, true),
    deepEqual: (a, b) => pair("deepEqual", a, b, true, false), deepStrictEqual: (a, b) => pair("deepEqual", a, b, true, false),
    notDeepEqual: (a, b) => pair("notDeepEqual", a, b, true, true), notDeepStrictEqual: (a, b) => pair("notDeepEqual", a, b, true, true),
    throws: (fn, expected) => {
      let thrown = null, threw = false;
      try { fn(); } catch (e) { threw = true; thrown = e; }
      const name = typeof expected === "function" ? dataOf(expected, "name") : undefined;
      const supported = expected === undefined || typeof name === "string";
      let matches = threw && supported;
      if (matches && typeof name === "string") {
        matches = false;
        const target = dataOf(expected, "prototype");
        for (let p = thrown !== null && typeof thrown === "object" ? protoOf(thrown) : null; p !== null && !matches; p = protoOf(p)) matches = p === target;
      }
      record("throws", ',"threw":' + threw + ',"error":' + (threw ? encodeError(thrown) : "null") + ',"expectedName":' + (typeof name === "string" ? quote(name) : supported ? "null" : '{"$":"unsupported"}'), matches);
    },
    doesNotThrow: (fn) => { let threw = false, thrown = null; try { fn(); } catch (e) { threw = true; thrown = e; } record("doesNotThrow", ',"threw":' + threw + ',"error":' + (threw ? encodeError(thrown) : "null"), !threw); },
    fail: () => record("fail", "", false),
  };
  const methodNames = objectKeys(methods);
  for (let i = 0; i < methodNames.length; i++) { const d = blank(null); d.value = methods[methodNames[i]]; define(assert, methodNames[i], d); }
  // Fastest of a few timed runs, on the clock captured above.
  // A test that times the code is marked timed: the host judges it by the code's answers on inputs of its shape.
  let timed = false;
  const fastestMs = (fn, runs) => { timed = true; let best = 1 / 0; const n = runs === undefined ? 3 : runs; for (let i = 0; i < n; i++) { const t = clock(); fn(); const ms = clock() - t; if (ms < best) best = ms; } return best; };
  const tests = list();
  const harness = blank(null);
  harness.test = (name, fn) => add(tests, [typeof name === "string" ? name : "(a test without a name)", fn]);
  harness.run = () => {};
  harness.assert = assert;
  harness.fastestMs = fastestMs;
  const moduleForTests = mod && typeof mod[PLAN.functionName] === "function" ? mod : { [PLAN.functionName]: picked };
  const local = (name) => (name === "./harness.js" ? harness : name === "./solution.js" ? moduleForTests : require(name));
  let setupError = null;
  try { compile(PLAN.testSource, ["require", "module", "exports"])(local, { exports: {} }, {}); } catch (e) { setupError = e; }
  if (setupError !== null) line('{"kind":"setup","error":' + encodeError(setupError) + "}");
  for (let i = 0; i < tests.n; i++) {
    const entry = tests[i];
    assertions = list();
    timed = false;
    let completed = true, error = "null";
    try { apply(entry[1], undefined, []); } catch (e) { completed = false; if (e !== STOP) error = encodeError(e); }
    line('{"kind":"test","index":' + i + ',"name":' + quote(entry[0]) + ',"completed":' + completed + ',"timed":' + timed + ',"error":' + error + ',"assertions":[' + join(assertions) + "]}");
  }

  // 4. The task's own calls (value tests replayed, controls, baits) and, in the reference's process, what the spec says they should be.
  const CALLS = __CALLS__(picked);
  for (let i = 0; i < CALLS.length; i++) call(CALLS[i][0], CALLS[i][1]);

  // 5. Differential testing on the fresh inputs. The reference's process says which are the tests' own inputs.
  let testInputs = null;
  if (PLAN.role === "reference") {
    testInputs = [];
    const remember = (...args) => { testInputs.push(args); return undefined; };
    const thunks = __RECORDER_CALLS__(remember);
    for (let i = 0; i < thunks.length; i++) { try { thunks[i](); } catch (e) { /* not a plain call */ } }
  }
  const started = clock();
  let done = 0, stoppedEarly = false;
  for (let k = 0; k < cases.length; k++) {
    // A slow solution must not keep the observer from finishing: stop drawing cases after a budget.
    if (clock() - started > PLAN.budgetMs) { stoppedEarly = true; break; }
    const c = cases[k];
    let extra = "";
    if (testInputs !== null) { let inside = false; for (let i = 0; i < testInputs.length && !inside; i++) inside = fresh.equal(testInputs[i], c.drawn); extra = ',"outside":' + !inside; }
    call("diff:" + k, () => apply(picked, undefined, c.args), extra);
    if (c.change !== null) {
      try { const a = c.args[c.change.first]; a[c.change.at] = c.change.value; } catch (e) { /* the solution froze its input */ }
      const seen = list();
      call("diff:" + k + ":again", () => apply(picked, undefined, c.args), ',"argsSeen":' + digest(encode(c.args, seen)));
      call("diff:" + k + ":copy", () => apply(picked, undefined, c.change.copy));
    }
    done = k + 1;
  }
  // 6. The same-shape cases, drawn one at a time (the tests' arrays can be millions long) on their own
  // budget, drawing included. The fresh realm draws them; a solution that patched the built-ins the copy
  // uses is already reported as tampering.
  const shapeStarted = clock();
  let shapeDone = 0, shapeStoppedEarly = false;
  for (let k = 0; k < shapeCount; k++) {
    if (clock() - shapeStarted > PLAN.shapeBudgetMs) { shapeStoppedEarly = true; break; }
    const j = (k - (k % PLAN.sameShapeKs.length)) / PLAN.sameShapeKs.length;
    const args = toMain(fresh.makeArgs(PLAN.inputs, (PLAN.shapeSeed + j * 7919) >>> 0, PLAN.sameShapeKs[k % PLAN.sameShapeKs.length], shapes[j]));
    call("shape:" + k, () => apply(picked, undefined, args));
    shapeDone = k + 1;
  }
  line('{"kind":"tampered","phase":"later","changes":' + changes(afterLoad, snapshot()) + "}");
  line('{"kind":"end","differentialDone":' + done + ',"stoppedEarly":' + stoppedEarly + ',"shapeDone":' + shapeDone + ',"shapeStoppedEarly":' + shapeStoppedEarly + "}");
} else {
  line('{"kind":"end","differentialDone":0,"stoppedEarly":false,"shapeDone":0,"shapeStoppedEarly":false}');
}
// Ends here, whatever timers or handlers the solution left behind.
reallyExit(0);
})`;

/** The ids of the task's own calls, in the order the observer makes them; the host expects exactly these. */
export function taskCallIds(task: CodeTask, role: ObserverRole): string[] {
  const ids: string[] = [];
  if (role === "solution") {
    task.cases.forEach((_, i) => ids.push(`replay:${i}`));
    task.controls.forEach((_, i) => ids.push(`control:${i}`));
    task.baits.forEach((_, i) => ids.push(`bait:${i}`));
  } else {
    task.cases.forEach((_, i) => ids.push(`expected:${i}`));
    task.controls.forEach((_, i) => ids.push(`controlSpec:${i}`));
    task.baits.forEach((b, i) => ids.push(`baitSpec:${i}`, ...(b.bait === undefined ? [] : [`baitAnswer:${i}`])));
  }
  return ids;
}

/** The task's own calls as [id, thunk] pairs; the task's expressions see the implementation under its name. */
function callsSource(task: CodeTask, role: ObserverRole): string {
  const thunk = (id: string, expr: string) => `[${JSON.stringify(id)}, () => (${expr})]`;
  const pairs: string[] = [];
  if (role === "solution") {
    task.cases.forEach((c, i) => pairs.push(thunk(`replay:${i}`, c.call)));
    task.controls.forEach((c, i) => pairs.push(thunk(`control:${i}`, c.call)));
    task.baits.forEach((c, i) => pairs.push(thunk(`bait:${i}`, c.call)));
  } else {
    task.cases.forEach((c, i) => pairs.push(thunk(`expected:${i}`, c.expected)));
    task.controls.forEach((c, i) => pairs.push(thunk(`controlSpec:${i}`, c.spec)));
    task.baits.forEach((c, i) => {
      pairs.push(thunk(`baitSpec:${i}`, c.spec));
      if (c.bait !== undefined) pairs.push(thunk(`baitAnswer:${i}`, c.bait));
    });
  }
  const helpers = task.probeHelpers ? task.probeHelpers.replace(/^/gm, "  ") : "";
  return `((${task.functionName}) => {\n${helpers}\n  return [${pairs.join(", ")}];\n})`;
}

/** The observer program for one process: the task's reference or the agent's solution, both on the same seeded inputs. */
export function observerProgram(task: CodeTask, testSource: string, role: ObserverRole, seed: number): string {
  const plan = {
    role,
    seed,
    cases: differentialCases(task.inputs),
    budgetMs: DIFFERENTIAL_BUDGET_MS,
    inputs: task.inputs,
    functionName: task.functionName,
    testSource,
    arrayArguments: task.inputs.map(holdsArray),
    maxArrayLength: MAX_ARRAY_LENGTH,
    lengthsPerArgument: SAME_SHAPE_LENGTHS_PER_ARGUMENT,
    maxShapes: MAX_SHAPES,
    sameShapeKs: SAME_SHAPE_KS,
    shapeSeed: sameShapeSeed(seed),
    shapeBudgetMs: SAME_SHAPE_BUDGET_MS,
  };
  const recorderCalls = `((${task.functionName}) => [${task.cases.map((c) => `() => (${c.call})`).join(", ")}])`;
  const parts: Record<string, string> = {
    PLAN: JSON.stringify(plan),
    ENCODER: ENCODER_SOURCE,
    FRESH: JSON.stringify(FRESH_REALM_SOURCE),
    CALLS: callsSource(task, role),
    RECORDER_CALLS: recorderCalls,
  };
  // One pass over the template: text inserted from the task is never searched for placeholders, and a "$" in it stays literal.
  return OBSERVER_SOURCE.replace(/__(PLAN|ENCODER|FRESH|CALLS|RECORDER_CALLS)__/g, (_, name: string) => parts[name]!);
}
