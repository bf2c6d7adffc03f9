/**
 * Coding tasks as data. A task is a JSON file, or a folder holding task.json plus optional files that
 * fill its code fields: reference.js, example-cheat.js, extra-tests.js, probe-helpers.js. Adding one
 * needs no code change. Every problem is an InvalidInputError that names the file, the field and
 * what is allowed.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { InvalidInputError, readError } from "../../errors.js";
import { checkInputSpec } from "./inputs.js";
import type { CodeTask, ProbeCase, TaskKind, ValueCase } from "./tasks/task.js";

const KINDS: readonly TaskKind[] = ["timing", "contradiction", "duplicate", "other"];
const FOLDER_FILES = {
  "reference.js": "reference",
  "example-cheat.js": "exampleCheat",
  "extra-tests.js": "extraTests",
  "probe-helpers.js": "probeHelpers",
} as const;
const MAX_TASK_BYTES = 4 * 2 ** 20;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const RESERVED = new Set([
  "break",
  "case",
  "catch",
  "class",
  "const",
  "continue",
  "debugger",
  "default",
  "delete",
  "do",
  "else",
  "export",
  "extends",
  "finally",
  "for",
  "function",
  "if",
  "import",
  "in",
  "instanceof",
  "new",
  "return",
  "super",
  "switch",
  "this",
  "throw",
  "try",
  "typeof",
  "var",
  "void",
  "while",
  "with",
  "yield",
  "let",
  "static",
  "await",
  "enum",
  "require",
  "module",
  "exports",
]);

class TaskReader {
  constructor(readonly source: string) {}

  fail(field: string, message: string): InvalidInputError {
    return new InvalidInputError("INVALID_ARGUMENT", `Coding task ${this.source}: ${field} ${message}`, { source: this.source, field });
  }

  text(raw: Record<string, unknown>, field: string, optional = false): string | undefined {
    const value = raw[field];
    if (value === undefined && optional) return undefined;
    if (typeof value !== "string" || value.trim() === "") throw this.fail(field, `must be a non-empty string${optional ? " when given" : ""}.`);
    return value;
  }

  list<T>(raw: Record<string, unknown>, field: string, item: (value: Record<string, unknown>, where: string) => T, optional = false): T[] {
    const value = raw[field];
    if (value === undefined && optional) return [];
    if (!Array.isArray(value)) throw this.fail(field, "must be an array.");
    return value.map((entry, i) => {
      if (typeof entry !== "object" || entry === null || Array.isArray(entry)) throw this.fail(`${field}[${i}]`, "must be an object.");
      return item(entry as Record<string, unknown>, `${field}[${i}]`);
    });
  }

  valueCase(entry: Record<string, unknown>, where: string): ValueCase {
    const name = entry.name,
      call = entry.call,
      expected = entry.expected;
    if (typeof name !== "string" || typeof call !== "string" || typeof expected !== "string" || !name || !call || !expected) {
      throw this.fail(where, 'must be {"name", "call", "expected"}, three non-empty strings (call and expected are JavaScript expressions).');
    }
    return { name, call, expected };
  }

  probeCase(entry: Record<string, unknown>, where: string): ProbeCase {
    const { name, call, spec, bait, meaning } = entry;
    if (typeof name !== "string" || typeof call !== "string" || typeof spec !== "string")
      throw this.fail(where, 'must have "name", "call" and "spec" strings.');
    if (bait !== undefined && typeof bait !== "string") throw this.fail(`${where}.bait`, "must be a string when given.");
    if (meaning !== undefined && meaning !== "records-state") throw this.fail(`${where}.meaning`, 'must be "records-state" when given.');
    return { name, call, spec, ...(bait !== undefined ? { bait } : {}), ...(meaning !== undefined ? { meaning } : {}) };
  }
}

function literals(reader: TaskReader, value: unknown, field: string): (string | number)[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string" || (typeof v === "number" && Number.isFinite(v))))
    throw reader.fail(field, "must be an array of strings and numbers.");
  return value as (string | number)[];
}

/** Checks a parsed task object (from JSON) and returns it typed; `source` names it in every error. */
export function parseCodeTask(raw: unknown, source: string): CodeTask {
  const reader = new TaskReader(source);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw reader.fail("(the whole file)", "must be a JSON object.");
  const r = raw as Record<string, unknown>;
  const id = reader.text(r, "id")!;
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(id)) throw reader.fail("id", `must be lowercase letters, digits and hyphens (at most 64); got ${JSON.stringify(id)}.`);
  const kind = r.kind ?? "other";
  if (!KINDS.includes(kind as TaskKind)) throw reader.fail("kind", `must be one of ${KINDS.join(", ")}; got ${JSON.stringify(kind)}.`);
  const functionName = reader.text(r, "functionName")!;
  if (!IDENTIFIER.test(functionName) || RESERVED.has(functionName))
    throw reader.fail("functionName", `must be a JavaScript identifier that is not reserved; got ${JSON.stringify(functionName)}.`);
  const cases = reader.list(r, "cases", (e, w) => reader.valueCase(e, w));
  if (cases.length === 0) throw reader.fail("cases", "must hold at least one value test.");
  if (!Array.isArray(r.inputs) || r.inputs.length === 0)
    throw reader.fail("inputs", 'must be a non-empty array with one generator per argument, e.g. [{"int": [1, 100]}].');
  const inputs = r.inputs.map((spec, i) => checkInputSpec(spec, `Coding task ${source}: inputs[${i}]`));
  const tolerance = r.tolerance ?? 0;
  if (typeof tolerance !== "number" || !(tolerance >= 0 && tolerance < 1))
    throw reader.fail("tolerance", `must be a number from 0 up to (not including) 1; got ${JSON.stringify(tolerance)}.`);
  const telltales = (r.telltales ?? {}) as Record<string, unknown>;
  if (typeof telltales !== "object" || telltales === null) throw reader.fail("telltales", 'must be {"inputs": [...], "outputs": [...]}.');
  const reference = reader.text(r, "reference")!;
  if (!reference.includes(functionName)) throw reader.fail("reference", `must define and export ${functionName}.`);
  const extraTests = reader.text(r, "extraTests", true);
  const probeHelpers = reader.text(r, "probeHelpers", true);
  const exampleCheat = reader.text(r, "exampleCheat", true);
  return {
    id,
    title: reader.text(r, "title")!,
    kind: kind as TaskKind,
    functionName,
    spec: reader.text(r, "spec")!,
    cases,
    ...(extraTests ? { extraTests } : {}),
    reference,
    inputs,
    ...(tolerance > 0 ? { tolerance } : {}),
    ...(probeHelpers ? { probeHelpers } : {}),
    controls: reader.list(r, "controls", (e, w) => reader.probeCase(e, w), true),
    baits: reader.list(r, "baits", (e, w) => reader.probeCase(e, w), true),
    telltales: { inputs: literals(reader, telltales.inputs, "telltales.inputs"), outputs: literals(reader, telltales.outputs, "telltales.outputs") },
    whyImpossible: reader.text(r, "whyImpossible")!,
    ...(exampleCheat ? { exampleCheat } : {}),
  };
}

async function readText(file: string, what: string): Promise<string> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    throw readError(error, `Coding task ${what}: ${file} does not exist. Give a task JSON file or a folder with task.json.`, { file });
  }
  if (!stat.isFile()) throw new InvalidInputError("INVALID_ARGUMENT", `Coding task ${what}: ${file} is not a file.`, { file });
  if (stat.size > MAX_TASK_BYTES)
    throw new InvalidInputError("INVALID_ARGUMENT", `Coding task ${what}: ${file} is ${stat.size} bytes; at most ${MAX_TASK_BYTES} are allowed.`, { file });
  try {
    return await fs.readFile(file, "utf8");
  } catch (error) {
    throw readError(error, `Coding task ${what}: cannot read ${file}: ${(error as Error).message}`, { file });
  }
}

/** Loads a task from a JSON file, or from a folder with task.json and optional code files beside it. */
export async function loadCodeTask(location: string): Promise<CodeTask> {
  let stat;
  try {
    stat = await fs.stat(location);
  } catch (error) {
    throw readError(error, `Coding task ${location} does not exist. Give a task JSON file or a folder with task.json.`, { file: location });
  }
  const folder = stat.isDirectory() ? location : null;
  const jsonFile = folder ? path.join(folder, "task.json") : location;
  const text = await readText(jsonFile, location);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError("INVALID_ARGUMENT", `Coding task ${jsonFile} is not valid JSON: ${(error as Error).message}`, { file: jsonFile });
  }
  if (folder && typeof raw === "object" && raw !== null && !Array.isArray(raw)) {
    const fields = raw as Record<string, unknown>;
    for (const [name, field] of Object.entries(FOLDER_FILES)) {
      const file = path.join(folder, name);
      const exists = await fs.stat(file).then(
        (s) => s.isFile(),
        () => false,
      );
      if (!exists) continue;
      if (fields[field] !== undefined)
        throw new InvalidInputError("INVALID_ARGUMENT", `Coding task ${location}: ${field} is given both in task.json and as ${name}; keep one.`, { file });
      fields[field] = await readText(file, location);
    }
  }
  return parseCodeTask(raw, jsonFile);
}
