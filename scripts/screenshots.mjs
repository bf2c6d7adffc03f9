#!/usr/bin/env node
/**
 * Before/after screenshots of the trace, sweep and demo reports, rendered in Chromium.
 *
 *   node scripts/screenshots.mjs --before <checkout> [--after <checkout>] [--out docs/screenshots]
 *
 * Each checkout (built: dist/ and native/out/) makes its own reports from the same inputs on the
 * stories260K fixture, through its own CLI, in a temporary folder with a temporary HOME: the demo
 * (its report, and the vector set the other two read), a trace of the coding-agent transcript read
 * for desperate and calm, and a small sycophancy sweep steering desperate. One screen of each report
 * (1200 x 760 CSS pixels) is saved as <report>-before.png / <report>-after.png: the top of the demo
 * and sweep reports, and the trace report from its chart down (its first screen is the transcript,
 * which the fixes left as it was).
 * Chromium is Debian's (`apt-get install chromium`) or LIMBIC_CHROMIUM; nothing is downloaded.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const fixture = path.join(root, "testing", "fixtures", "stories260K.gguf");
const VIEWPORT = { width: 1200, height: 760 };
const MAX_BYTES = 200_000;
/** Where each report's screen starts: the top, or the first element matching a selector. */
const SCREEN_AT = { demo: null, trace: "canvas", sweep: null };

function fail(message) {
  process.stderr.write(`screenshots: ${message}\n`);
  process.exit(2);
}

function flag(name, fallback) {
  const at = process.argv.indexOf(name);
  if (at < 0) return fallback;
  const value = process.argv[at + 1];
  if (!value || value.startsWith("--")) fail(`${name} needs a value.`);
  return path.resolve(value);
}

const before = flag("--before");
const after = flag("--after", root);
const outDir = flag("--out", path.join(root, "docs", "screenshots"));
if (!before) fail("give --before <checkout>: a built checkout of the earlier commit (git worktree add /tmp/before <commit>, then tsc there).");
for (const checkout of [before, after]) {
  if (!fs.existsSync(path.join(checkout, "dist", "src", "cli", "main.js")))
    fail(`${checkout} is not built (no dist/src/cli/main.js): run tsc -p tsconfig.json there.`);
}
const chromiumPath = process.env.LIMBIC_CHROMIUM ?? "/usr/bin/chromium";
if (!fs.existsSync(chromiumPath)) fail(`Chromium not found at ${chromiumPath}: apt-get install chromium, or point LIMBIC_CHROMIUM at one.`);

/** Runs one checkout's CLI in `work`; stops the script with the command's stderr if it fails. */
function limbic(checkout, work, home, args) {
  const env = { ...process.env, HOME: home, LIMBIC_THREADS: process.env.LIMBIC_THREADS ?? "1" };
  for (const k of ["LIMBIC_CACHE_DIR", "LIMBIC_TEST_MODELS", "LIMBIC_MODEL_CACHE"]) delete env[k];
  const run = spawnSync(process.execPath, [path.join(checkout, "bin", "limbic.js"), ...args], { cwd: work, env, encoding: "utf8" });
  if (run.status !== 0) fail(`${checkout}: limbic ${args.join(" ")} exited ${run.status}\n${run.stderr.slice(-2000)}`);
}

/** The three reports of one checkout, as files in a temporary folder. */
function reports(checkout) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-shots-"));
  const work = path.join(tmp, "work");
  const home = path.join(tmp, "home");
  fs.mkdirSync(work);
  fs.mkdirSync(home);
  const transcript = path.join(checkout, "examples", "transcripts", "coding-agent-special-case.json");
  process.stderr.write(`screenshots: ${checkout}: demo, trace, sweep\n`);
  limbic(checkout, work, home, ["demo", "--model", fixture, "--out", "demo"]);
  fs.copyFileSync(transcript, path.join(work, path.basename(transcript))); // the report's title names the file as given
  limbic(checkout, work, home, ["trace", fixture, "demo/vectors", path.basename(transcript), "--emotions", "desperate,calm", "--out", "trace.html"]);
  limbic(checkout, work, home, [
    "sweep",
    fixture,
    "demo/vectors",
    "--scenario",
    "sycophancy",
    "--steer",
    "desperate",
    "--strengths",
    "-0.1,0,0.1",
    "--samples",
    "3",
    "--seed",
    "1",
    "--runs",
    "runs.sqlite",
    "--out",
    "sweep.html",
  ]);
  return { tmp, files: { demo: path.join(work, "demo", "demo-report.html"), trace: path.join(work, "trace.html"), sweep: path.join(work, "sweep.html") } };
}

fs.mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
try {
  const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  for (const [label, checkout] of [
    ["before", before],
    ["after", after],
  ]) {
    const made = reports(checkout);
    for (const [name, file] of Object.entries(made.files)) {
      await page.goto(`file://${file}`);
      await page.waitForLoadState("load");
      await page.waitForTimeout(1500); // Chart.js animates its first draw
      const png = path.join(outDir, `${name}-${label}.png`);
      const at = SCREEN_AT[name] ? await page.locator(SCREEN_AT[name]).first().boundingBox() : null;
      if (at) {
        // Scrolled there, not clipped from a full page: a chart out of view is never drawn.
        await page.evaluate((y) => window.scrollTo(0, y), Math.max(0, Math.floor(at.y) - 120));
        await page.waitForTimeout(1500);
      }
      await page.screenshot({ path: png });
      const bytes = fs.statSync(png).size;
      process.stdout.write(`${path.relative(root, png)} ${(bytes / 1000).toFixed(0)} KB\n`);
      if (bytes > MAX_BYTES) process.stderr.write(`screenshots: ${png} is over ${MAX_BYTES / 1000} KB\n`);
    }
    fs.rmSync(made.tmp, { recursive: true, force: true });
  }
} finally {
  await browser.close();
}
