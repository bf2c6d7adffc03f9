/**
 * The import graph follows the stage order: engine → vectors → monitor → scenarios → sweeps →
 * report and server → cli. A module may import its own folder and anything of a lower rank,
 * never a higher one or a sibling of the same rank (report and server do not import each other).
 *
 * Shared leaves sit below the stages: errors.ts and version.ts (rank 0) import nothing of
 * Limbic's; config.ts, util/ and sandbox/ (rank 1) only those. The sandbox is a leaf, not a
 * stage: scenarios use it, and it knows nothing of models. demo/ composes vectors, monitor and
 * report into one walkthrough, so it sits just below the cli that runs it; the dashboard (a
 * client of the server) sits with the cli but reaches into src/ only through server/wire.ts;
 * index.ts, the public API, sits on top. Type-only imports count like any other.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

const rankOfUnit: Record<string, number> = {
  "src/errors.ts": 0,
  "src/version.ts": 0,
  "src/config.ts": 1,
  "src/util": 1,
  "src/sandbox": 1,
  "src/engine": 2,
  "src/vectors": 3,
  "src/monitor": 4,
  "src/scenarios": 5,
  "src/sweeps": 6,
  "src/replicate": 6.5,
  "src/report": 7,
  "src/server": 7,
  "src/demo": 8,
  "src/cli": 9,
  "dashboard/src": 9,
  "src/index.ts": 10,
};

/** The one file of src/ the browser code may import: the HTTP contract. */
const dashboardGate = "src/server/wire.ts";

/** The unit (top folder or leaf file) a repository path belongs to, or null outside the ranked tree. */
function unitOf(file: string): string | null {
  if (file in rankOfUnit) return file;
  const parts = file.split("/");
  for (const depth of [2, 1]) {
    const unit = parts.slice(0, depth).join("/");
    if (unit !== file && unit in rankOfUnit) return unit;
  }
  return null;
}

/** "x.js" (NodeNext) and "x" (the dashboard's bundler) both name x.ts. */
function sourcePathOf(target: string): string {
  const normal = path.posix.normalize(target);
  if (normal.endsWith(".js")) return normal.replace(/\.js$/, ".ts");
  return path.posix.extname(normal) ? normal : `${normal}.ts`;
}

/** Repository-relative paths this module's relative imports, exports and dynamic imports point at. */
function importsOf(file: string, text: string): { spec: string; target: string }[] {
  const found = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
  return found.filter((spec) => spec.startsWith(".")).map((spec) => ({ spec, target: sourcePathOf(path.posix.join(path.posix.dirname(file), spec)) }));
}

/** Every import against the stage order, as "from → spec (unit → unit)". */
function stageViolations(files: ReadonlyMap<string, string>): string[] {
  const violations: string[] = [];
  for (const [file, text] of files) {
    const from = unitOf(file);
    if (from === null) {
      violations.push(`${file} is in no ranked folder; give it a rank in this test`);
      continue;
    }
    for (const { spec, target } of importsOf(file, text)) {
      const to = unitOf(target);
      if (from === "dashboard/src" && to !== from && target !== dashboardGate)
        violations.push(`${file} → ${spec} (the dashboard reads the server only through ${dashboardGate})`);
      else if (to === null) violations.push(`${file} → ${spec} leaves the ranked tree`);
      else if (to !== from && rankOfUnit[to]! >= rankOfUnit[from]!) violations.push(`${file} → ${spec} (${from} may not import ${to})`);
    }
  }
  return violations;
}

/** Every cycle of the file-level import graph (type-only imports included), each as "a → b → a". */
function importCycles(files: ReadonlyMap<string, string>): string[] {
  const edges = new Map(
    [...files].map(([file, text]) => [
      file,
      importsOf(file, text)
        .map((i) => i.target)
        .filter((t) => files.has(t)),
    ]),
  );
  const cycles = new Set<string>();
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    stack.push(file);
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === "open") {
        const loop = stack.slice(stack.indexOf(next));
        // One spelling per cycle: start at its smallest file name.
        const start = loop.indexOf([...loop].sort()[0]!);
        const canonical = [...loop.slice(start), ...loop.slice(0, start)];
        cycles.add([...canonical, canonical[0]].join(" → "));
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of [...files.keys()].sort()) if (!state.has(file)) visit(file);
  return [...cycles].sort();
}

/** The backend folders inside engine/ are the engine's business: nothing outside it imports them. */
const ENGINE_BACKEND_FOLDERS = ["src/engine/vllm/"];

function backendLeaks(files: ReadonlyMap<string, string>): string[] {
  const leaks: string[] = [];
  for (const [file, text] of files) {
    if (file.startsWith("src/engine/") || file === "src/index.ts") continue;
    for (const { spec, target } of importsOf(file, text)) {
      if (ENGINE_BACKEND_FOLDERS.some((folder) => target.startsWith(folder))) leaks.push(`${file} → ${spec}`);
    }
  }
  return leaks;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [rel] : [];
  });
}

describe("import graph", () => {
  it("flags a back-import, a sibling import and an unranked file (the check can fail)", () => {
    const synthetic = new Map([
      ["src/engine/model.ts", 'import { runSweep } from "../sweeps/runner.js";'],
      ["src/report/html.ts", 'import type { ServerOptions } from "../server/server.js";'],
      ["src/errors.ts", 'export { LIMBIC_VERSION } from "./version.js";'],
      [
        "src/vectors/ok.ts",
        'import { EngineError } from "../errors.js";\nimport { loadModel } from "../engine/model.js";\nimport { x } from "./data/emotions.js";',
      ],
      ["src/stray/file.ts", ""],
      ["dashboard/src/api.ts", 'import type { RunDetailWire } from "../../src/server/wire";\nimport type { Model } from "../../src/engine/model";'],
    ]);
    assert.deepEqual(stageViolations(synthetic), [
      "src/engine/model.ts → ../sweeps/runner.js (src/engine may not import src/sweeps)",
      "src/report/html.ts → ../server/server.js (src/report may not import src/server)",
      "src/errors.ts → ./version.js (src/errors.ts may not import src/version.ts)",
      "src/stray/file.ts is in no ranked folder; give it a rank in this test",
      "dashboard/src/api.ts → ../../src/engine/model (the dashboard reads the server only through src/server/wire.ts)",
    ]);
  });

  it("finds a cycle and a backend import from outside the engine (the checks can fail)", () => {
    const synthetic = new Map([
      ["src/engine/a.ts", 'import type { B } from "./b.js";'],
      ["src/engine/b.ts", 'import { a } from "./a.js";'],
      ["src/engine/vllm/client.ts", ""],
      ["src/server/x.ts", 'import { VllmClient } from "../engine/vllm/client.js";'],
    ]);
    assert.deepEqual(importCycles(synthetic), ["src/engine/a.ts → src/engine/b.ts → src/engine/a.ts"]);
    assert.deepEqual(backendLeaks(synthetic), ["src/server/x.ts → ../engine/vllm/client.js"]);
  });

  it("src/ has no import cycles, and only the engine (and the public API) imports a backend folder", () => {
    const files = new Map(sourceFiles("src").map((f) => [f, fs.readFileSync(path.join(root, f), "utf8")]));
    assert.deepEqual(importCycles(files), []);
    assert.deepEqual(backendLeaks(files), []);
  });

  it("src/ and dashboard/src import only down the stage order", () => {
    const files = new Map([...sourceFiles("src"), ...sourceFiles("dashboard/src")].map((f) => [f, fs.readFileSync(path.join(root, f), "utf8")]));
    assert.ok(files.size > 100, `expected the whole tree, read ${files.size} files`);
    assert.deepEqual(stageViolations(files), []);
  });
});
