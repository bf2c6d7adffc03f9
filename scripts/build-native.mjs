#!/usr/bin/env node
// Builds Limbic's native bridge against the prebuilt llama.cpp that node-llama-cpp
// installed: headers come from node-llama-cpp's bundled llama.cpp source, and the
// addon links to its shared libraries with an rpath. One build per variant
// (cpu, and cuda / vulkan / metal where this machine may use them).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const nativeDir = path.join(root, "native");
const vendorDir = path.join(nativeDir, "vendor", "llama.cpp");
const outDir = path.join(nativeDir, "out");

function fail(message) {
  console.error(`\nlimbic: cannot build the native bridge.\n${message}\n`);
  process.exit(1);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: "inherit", ...options });
  if (result.error) fail(`${cmd} could not start: ${result.error.message}`);
  if (result.status !== 0) fail(`${cmd} ${args.join(" ")} exited with ${result.status}`);
}

// Finds an installed package's folder the way Node does, without its "exports" map.
function findPackageDir(name, fromDirs) {
  for (const from of fromDirs) {
    for (let dir = from; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, "node_modules", name);
      if (fs.existsSync(path.join(candidate, "package.json"))) return candidate;
      if (path.dirname(dir) === dir) break;
    }
  }
  return null;
}

const nlcDir = findPackageDir("node-llama-cpp", [root]);
if (!nlcDir) fail("node-llama-cpp is not installed; run npm install first.");
const nlcVersion = JSON.parse(fs.readFileSync(path.join(nlcDir, "package.json"), "utf8")).version;

function extractHeaders() {
  const stamp = path.join(vendorDir, ".limbic-stamp");
  const bundle = path.join(nlcDir, "llama", "gitRelease.bundle");
  const want = `${nlcVersion}:${fs.existsSync(bundle) ? fs.statSync(bundle).size : 0}`;
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === want) return;
  if (!fs.existsSync(bundle)) fail(`node-llama-cpp ${nlcVersion} ships no llama/gitRelease.bundle to take llama.cpp's headers from.`);
  fs.rmSync(vendorDir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(vendorDir), { recursive: true });
  run("git", ["clone", "--quiet", "--no-checkout", bundle, vendorDir]);
  run("git", ["-c", "advice.detachedHead=false", "checkout", "--quiet", "HEAD", "--", "include", "ggml/include"], { cwd: vendorDir });
  fs.rmSync(path.join(vendorDir, ".git"), { recursive: true, force: true });
  fs.writeFileSync(stamp, want);
}

function platformPrefix() {
  const platform = { linux: "linux", darwin: "mac", win32: "win" }[process.platform];
  if (!platform) fail(`platform ${process.platform} has no node-llama-cpp prebuilt binaries.`);
  if (platform === "win") fail("Windows is not supported by Limbic's bridge build yet (linux and macOS are).");
  return `${platform}-${process.arch}`;
}

function hasNvidiaGpu() {
  return fs.existsSync("/proc/driver/nvidia/version") || fs.existsSync("/dev/nvidiactl");
}

function hasVulkanLoader() {
  const r = spawnSync("sh", ["-c", "ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1'"]);
  return r.status === 0;
}

// Variants to build: cpu always; a GPU one where this machine shows that GPU (or LIMBIC_GPU_VARIANTS names it).
function variantsToBuild(prefix) {
  const forced = (process.env.LIMBIC_GPU_VARIANTS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const wanted = [{ name: "cpu", pkg: `@node-llama-cpp/${prefix}` }];
  const gpu = [
    { name: "cuda", pkg: `@node-llama-cpp/${prefix}-cuda`, present: hasNvidiaGpu },
    { name: "vulkan", pkg: `@node-llama-cpp/${prefix}-vulkan`, present: hasVulkanLoader },
    { name: "metal", pkg: `@node-llama-cpp/${prefix}-metal`, present: () => process.platform === "darwin" },
  ];
  for (const v of gpu) if (forced.includes(v.name) || v.present()) wanted.push(v);
  if (prefix === "mac-arm64") wanted[0] = { name: "metal", pkg: "@node-llama-cpp/mac-arm64-metal" };
  return wanted;
}

function binsDirOf(pkg) {
  const pkgDir = findPackageDir(pkg, [nlcDir, root]);
  if (!pkgDir) return null;
  const bins = path.join(pkgDir, "bins");
  if (!fs.existsSync(bins)) return null;
  const sub = fs.readdirSync(bins).find((d) => fs.statSync(path.join(bins, d)).isDirectory());
  return sub ? path.join(bins, sub) : null;
}

function linkLibraries(binsDir) {
  const ext = process.platform === "darwin" ? ".dylib" : ".so";
  const files = fs.readdirSync(binsDir);
  const llama = files.find((f) => /^libllama\.(.+\.)?v[\d.]+(\.so|\.dylib)$/.test(f) || f === `libllama${ext}`);
  const ggml = files.find((f) => /^libggml\.(.+\.)?v[\d.]+(\.so|\.dylib)$/.test(f) || f === `libggml${ext}`);
  const base = files.find((f) => f === `libggml-base${ext}`);
  if (!llama || !ggml || !base) return null;
  if (process.platform === "darwin") return [llama, ggml, base].map((f) => path.join(binsDir, f)).join(" ");
  return [llama, ggml, base].map((f) => `-l:${f}`).join(" ");
}

function nodeHeadersDir() {
  if (process.env.npm_config_nodedir && fs.existsSync(process.env.npm_config_nodedir)) return process.env.npm_config_nodedir;
  // Official Node builds and distro packages put headers under <prefix>/include/node.
  const prefix = path.resolve(path.dirname(process.execPath), "..");
  if (fs.existsSync(path.join(prefix, "include", "node", "node_api.h"))) return prefix;
  return null;
}

extractHeaders();
const prefix = platformPrefix();
const nodedir = nodeHeadersDir();
if (!nodedir) fail("Node's C headers were not found next to this node binary; set npm_config_nodedir to a Node source or headers folder.");
const nodeGyp = require.resolve("node-gyp/bin/node-gyp.js");
const built = [];
for (const variant of variantsToBuild(prefix)) {
  const binsDir = binsDirOf(variant.pkg);
  if (!binsDir) {
    if (variant.name === "cpu" || variant.name === "metal") {
      fail(
        `The prebuilt llama.cpp package ${variant.pkg} is missing. node-llama-cpp ${nlcVersion} ships prebuilt binaries for ` +
          "linux-x64, linux-arm64, mac-arm64, mac-x64 and win-x64; reinstall without --no-optional / --omit=optional.",
      );
    }
    console.warn(`limbic: ${variant.pkg} is not installed; skipping the ${variant.name} variant.`);
    continue;
  }
  const libs = linkLibraries(binsDir);
  if (!libs) fail(`${binsDir} lacks libllama / libggml / libggml-base.`);
  const env = {
    ...process.env,
    LIMBIC_BINS_DIR: binsDir,
    LIMBIC_LINK_LIBS: libs,
    LIMBIC_LLAMA_INCLUDE: path.join(vendorDir, "include"),
    LIMBIC_GGML_INCLUDE: path.join(vendorDir, "ggml", "include"),
  };
  const jobs = String(Math.max(1, os.availableParallelism?.() ?? os.cpus().length));
  console.log(`limbic: building the ${variant.name} bridge against ${binsDir}`);
  run(process.execPath, [nodeGyp, "rebuild", `--nodedir=${nodedir}`, "--jobs", jobs, "--loglevel", "warn"], { cwd: nativeDir, env });
  const target = path.join(outDir, variant.name);
  fs.mkdirSync(target, { recursive: true });
  fs.copyFileSync(path.join(nativeDir, "build", "Release", "limbic_bridge.node"), path.join(target, "limbic_bridge.node"));
  fs.writeFileSync(path.join(target, "variant.json"), JSON.stringify({ variant: variant.name, binsDir, nodeLlamaCpp: nlcVersion }, null, 2));
  built.push(variant.name);
}
fs.rmSync(path.join(nativeDir, "build", "Release"), { recursive: true, force: true });
console.log(`limbic: native bridge ready (${built.join(", ")})`);
