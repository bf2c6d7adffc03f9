#!/usr/bin/env node
/**
 * Runs the compiled test files (dist/test/*.test.js) of one tier, one file at a time:
 *
 *   node scripts/run-tests.mjs fast|e2e|models|all [--filter <text>] [--list]
 *
 * A file's tier is read from what it uses, so a new test file lands in the right one by itself:
 * - models: it loads a fetched model (imports GEMMA, SMOLLM2, findModel or optionalModel from
 *   testing/models; `npm run fetch-models`), or a real vLLM server's;
 * - e2e: it drives a browser (imports playwright-core), or it is one of the end-to-end suites on
 *   the fixture named in END_TO_END (each takes a minute or more: whole extractions, sweeps, demos);
 * - fast: everything else (unit tests, and the stories260K fixture or the tests' own random model).
 * `all` is every file, as `npm test` runs them. `--filter` keeps the files whose name contains the
 * text; `--list` prints each selected file with its tier and the reason, and runs nothing.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const testDir = path.join(root, "dist", "test");

/** End-to-end suites on the fixture, too slow for the fast tier, and what makes each slow. */
const END_TO_END = {
  "readme.examples.test.js": "runs every README command: the demo, validation, a replication, sweeps, the server",
  "demo.trust.test.js": "runs the whole demo (extraction, validation, trace, steered answers)",
  "examples.api.test.js": "runs examples/api/small-sweep.mjs: an extraction and a sweep",
  "killResume.test.js": "kills and resumes an extraction and a sweep in child processes",
  "sweeps.e2e.test.js": "runs and resumes whole sweeps of every scenario",
  "replicate.test.js": "runs quick replications, one with shuffled labels",
  "vectors.extract.test.js": "runs extractions from written stories and from a corpus, and resumes one",
  "vllm.cli.test.js": "runs the CLI's extraction and sweeps against the simulated vLLM server",
};

const FETCHED_MODEL = /import\s*\{[^}]*\b(GEMMA|SMOLLM2|findModel|optionalModel)\b[^}]*\}\s*from\s*"\.\.\/testing\/models\.js"/;
const VLLM_SERVER = /LIMBIC_VLLM_URL|scripts\/vllm\/setup/;
const BROWSER = /from\s*"playwright-core"/;

function tierOf(file) {
  const source = fs.readFileSync(path.join(testDir, file), "utf8");
  if (FETCHED_MODEL.test(source)) return { tier: "models", why: "loads a model fetched by npm run fetch-models" };
  if (VLLM_SERVER.test(source)) return { tier: "models", why: "needs a real vLLM server and its model" };
  if (BROWSER.test(source)) return { tier: "e2e", why: "drives Chromium" };
  if (END_TO_END[file]) return { tier: "e2e", why: END_TO_END[file] };
  return { tier: "fast", why: "unit tests, the stories260K fixture or a random model" };
}

function fail(message) {
  process.stderr.write(`run-tests: ${message}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const tier = args.find((a) => !a.startsWith("--") && args[args.indexOf(a) - 1] !== "--filter");
if (!["fast", "e2e", "models", "all"].includes(tier ?? "")) fail(`give a tier: fast, e2e, models or all (got ${tier ?? "none"}).`);
const filterAt = args.indexOf("--filter");
const filter = filterAt >= 0 ? args[filterAt + 1] : undefined;
if (filterAt >= 0 && !filter) fail("--filter needs a text to look for in the file names.");
const unknown = args.filter((a, i) => a.startsWith("--") && a !== "--filter" && a !== "--list" && args[i - 1] !== "--filter");
if (unknown.length) fail(`unknown flag ${unknown[0]}; the flags are --filter <text> and --list.`);
if (!fs.existsSync(testDir)) fail(`${path.relative(root, testDir)} does not exist: build first (tsc -p tsconfig.json).`);

const stale = Object.keys(END_TO_END).filter((f) => !fs.existsSync(path.join(testDir, f)));
if (stale.length) fail(`END_TO_END names files that do not exist: ${stale.join(", ")} (renamed? update scripts/run-tests.mjs).`);

const selected = fs
  .readdirSync(testDir)
  .filter((f) => f.endsWith(".test.js"))
  .sort()
  .map((file) => ({ file, ...tierOf(file) }))
  .filter((t) => tier === "all" || t.tier === tier)
  .filter((t) => !filter || t.file.includes(filter));
if (selected.length === 0) fail(`no test file in tier ${tier}${filter ? ` matches "${filter}"` : ""}.`);

if (args.includes("--list")) {
  for (const t of selected) process.stdout.write(`${t.tier.padEnd(7)} ${t.file.padEnd(36)} ${t.why}\n`);
  process.exit(0);
}

process.stdout.write(`run-tests: ${selected.length} file(s) of tier ${tier}${filter ? ` matching "${filter}"` : ""}\n`);
const started = Date.now();
const run = spawnSync(process.execPath, ["--test", "--test-concurrency=1", ...selected.map((t) => path.join(testDir, t.file))], {
  cwd: root,
  stdio: "inherit",
});
process.stdout.write(`run-tests: tier ${tier} took ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
process.exit(run.status ?? 1);
