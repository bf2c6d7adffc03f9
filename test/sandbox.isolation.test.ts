/**
 * Our own escape and forgery attempts against the strong sandbox (issue 16): what the kernel shows
 * the sandboxed process (read from the host side through /proc), path and abstract sockets by every
 * argument shape, inherited descriptors, files left behind, disk and inode exhaustion, read-only
 * files, kill(0), the private channel, and the refusal where the kernel gives no isolation.
 */
import assert from "node:assert/strict";
import { execFile, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { SandboxUnavailableError } from "../src/errors.js";
import { hostSupport, type HostSupport, type StrongMode } from "../src/sandbox/hostSupport.js";
import { runSandboxed, type SandboxOptions, type SandboxResult } from "../src/sandbox/sandbox.js";

const execFileAsync = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = path.join(root, "bin", "limbic.js");
const sandboxModule = path.join(root, "dist", "src", "sandbox", "sandbox.js");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-isolation-test-"));
let host: HostSupport;
let modes: StrongMode[] = [];

before(async () => {
  host = await hostSupport();
  modes = Object.keys(host.strongModes) as StrongMode[];
});
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

function run(code: string, options: Partial<SandboxOptions> = {}): Promise<SandboxResult> {
  return runSandboxed({ files: { "main.js": code }, entry: "main.js", ...options });
}

/** The script prints one JSON object; parse it or show what it printed instead. */
function report(result: SandboxResult): Record<string, unknown> {
  assert.equal(result.outcome, "ok", `script failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1)!) as Record<string, unknown>;
}

const ATTEMPT = `const attempt = (work) => { try { const v = work(); return v === undefined ? "done" : v; } catch (e) { return e.code || e.message; } };`;

/** Free bytes of the file system that holds the OS temp folder. */
function freeTempBytes(): number {
  const stats = fs.statfsSync(os.tmpdir());
  return stats.bavail * stats.bsize;
}

function leftoverFolders(before: Set<string>): string[] {
  return fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith("limbic-sandbox-") && !before.has(name));
}

describe("strong isolation on this machine", () => {
  it("is in force here, or the sandbox refuses to run and says why", async () => {
    if (!host.strong) {
      await assert.rejects(run("1"), (error: unknown) => error instanceof SandboxUnavailableError && /--sandbox=weak/.test(error.message));
      const weak = await run("console.log('ran')", { strength: "weak" });
      assert.equal(weak.isolation.strength, "weak");
      return;
    }
    assert.ok(modes.length > 0);
    const result = await run("console.log('ran')");
    assert.equal(result.stdout, "ran\n");
    assert.equal(result.isolation.strength, "strong");
    // weak only allows the fallback; where the kernel gives isolation, the run still gets it.
    assert.equal((await run("1", { strength: "weak" })).isolation.strength, "strong");
  });

  it("shows the process, by the kernel's own account, only its private root, an unprivileged uid and no capabilities", async (t) => {
    if (!host.strong) return t.diagnostic("no strong isolation here (covered by the refusal test)");
    for (const mode of modes) {
      // The script waits while the test reads its /proc entries from the host side.
      const marker = `mounts-${mode}-${Date.now()}`;
      const pending = runSandboxed({
        files: { "main.js": `console.log(process.cwd()); setTimeout(() => {}, 2500);`, "test.js": "// original" },
        entry: "main.js",
        args: [marker],
        strongMode: mode,
        readOnlyFiles: ["test.js"],
      });
      let seen: { mounts: string[]; status: string; fds: string[] } | null = null;
      for (let i = 0; i < 80 && !seen; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const pid = fs
          .readdirSync("/proc")
          .filter((name) => /^\d+$/.test(name))
          .find((name) => {
            try {
              const argv = fs.readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
              return argv[0] === host.strong!.nodeInside && argv.includes(marker);
            } catch {
              return false;
            }
          });
        if (!pid) continue;
        try {
          seen = {
            mounts: fs
              .readFileSync(`/proc/${pid}/mountinfo`, "utf8")
              .trim()
              .split("\n")
              .map((line) => line.split(" ")[4]!),
            status: fs.readFileSync(`/proc/${pid}/status`, "utf8"),
            fds: fs.readdirSync(`/proc/${pid}/fd`).map((fd) => fs.readlinkSync(`/proc/${pid}/fd/${fd}`)),
          };
        } catch {
          seen = null; // still starting: try again
        }
      }
      const result = await pending;
      assert.equal(result.outcome, "ok", result.stderr);
      assert.ok(seen, `${mode}: the sandboxed Node process was never seen`);
      const workspace = result.stdout.trim();
      const runtime = new Set(host.strongModes[mode]!.runtime.map((file) => file.inside));
      for (const mount of seen.mounts) {
        assert.ok(mount === "/" || mount === workspace || mount === `${workspace}/test.js` || runtime.has(mount), `${mode}: unexpected mount ${mount}`);
      }
      assert.ok(seen.mounts.includes(workspace) && seen.mounts.includes(`${workspace}/test.js`) && seen.mounts.includes(host.strong.nodeInside));
      const field = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, "m").exec(seen!.status)?.[1]?.trim() ?? "";
      assert.equal(field("CapEff"), "0000000000000000", `${mode}: effective capabilities`);
      assert.equal(field("CapPrm"), "0000000000000000", `${mode}: permitted capabilities`);
      assert.equal(field("CapBnd"), "0000000000000000", `${mode}: bounding set`);
      assert.equal(field("NoNewPrivs"), "1");
      if (mode === "root") {
        const [uid] = field("Uid").split(/\s+/).map(Number);
        assert.ok(uid! >= 0x6c000000, `uid ${uid}`);
        assert.equal(field("Groups"), "");
      }
      // Node's own descriptors only: no file of the host is open in it.
      for (const target of seen.fds)
        assert.ok(/^(pipe|socket|anon_inode|\/dev\/null)/.test(target) || target.startsWith(workspace), `${mode}: open descriptor ${target}`);
      assert.equal(fs.existsSync(workspace), false, "the host folder is gone");
    }
  });

  it("hides host files and sockets from the kernel, not only from Node's permission model", async (t) => {
    if (!host.strong) return t.diagnostic("no strong isolation here");
    const socketPath = path.join(scratch, "resolvable.sock");
    const server = net.createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      // require.resolve bypasses the permission model (it only stats): a file the kernel shows is found.
      const script = `${ATTEMPT} console.log(JSON.stringify({ passwd: attempt(() => require.resolve("/etc/passwd")), socket: attempt(() => require.resolve(process.argv[2])), resolvConf: attempt(() => require.resolve("/etc/resolv.conf")) }));`;
      const weak = report(await run(script, { network: "in-process", args: [socketPath] }));
      assert.equal(weak.passwd, "/etc/passwd", "control: under the weak level the host's files are there");
      assert.equal(weak.socket, socketPath);
      for (const mode of modes) {
        const strong = report(await run(script, { strongMode: mode, args: [socketPath] }));
        assert.deepEqual(strong, { passwd: "MODULE_NOT_FOUND", socket: "MODULE_NOT_FOUND", resolvConf: "MODULE_NOT_FOUND" }, mode);
      }
    } finally {
      server.close();
    }
  });
});

describe("path and abstract sockets, every argument shape", () => {
  let server: net.Server;
  let abstractServer: net.Server | null = null;
  const socketPath = path.join(scratch, "host.sock");
  const abstractName = `\0limbic-test-${process.pid}`;
  let reached = 0;

  before(async () => {
    server = net.createServer((socket) => {
      reached++;
      socket.end();
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    abstractServer = net.createServer((socket) => {
      reached++;
      socket.end();
    });
    await new Promise<void>((resolve, reject) => abstractServer!.once("error", reject).listen(abstractName, resolve));
  });
  after(() => {
    server.close();
    abstractServer?.close();
  });

  // Each attempt reports "connected" / "listening" / "no answer" on success, else the error code.
  const script = `
const net = require("net"), http = require("http");
const [socketPath, abstractSuffix, outsideFolder] = process.argv.slice(2);
const abstractName = "\\0" + abstractSuffix;
const wait = (name, start) => new Promise((resolve) => {
  const timer = setTimeout(() => resolve([name, "no answer"]), 1200);
  const done = (v) => { clearTimeout(timer); resolve([name, v]); };
  try { start(done); } catch (e) { done(e.code || e.message); }
});
const via = (done) => (s) => s.on("connect", () => done("connected")).on("error", (e) => done(e.code));
let flips = 0;
const flipping = { port: 9, get path() { return flips++ === 0 ? undefined : socketPath; } };
const arrayOptions = Object.assign([{ path: socketPath }, () => {}], { path: socketPath });
Object.defineProperty(Object.prototype, "limbicInherited", { value: 1, configurable: true });
const listening = (done) => (s) => s.on("listening", () => done("listening")).on("error", (e) => done(e.code));
Promise.all([
  wait("connect(path)", (d) => via(d)(net.connect(socketPath))),
  wait("connect({path})", (d) => via(d)(net.connect({ path: socketPath }))),
  wait("createConnection(path, cb)", (d) => via(d)(net.createConnection(socketPath, () => {}))),
  wait("socket.connect([options, cb]) without marker", (d) => via(d)(new net.Socket().connect([{ path: socketPath }, () => {}]))),
  wait("socket.connect(array with path)", (d) => via(d)(new net.Socket().connect(arrayOptions))),
  wait("getter that changes its answer", (d) => via(d)(new net.Socket().connect(flipping))),
  wait("proxy options", (d) => via(d)(net.connect(new Proxy({}, { get: (_, k) => (k === "path" ? socketPath : undefined) })))),
  wait("abstract socket", (d) => via(d)(net.connect(abstractName))),
  wait("http socketPath", (d) => http.get({ socketPath, path: "/" }, () => d("connected")).on("error", (e) => d(e.code))),
  wait("listen(path outside)", (d) => listening(d)(net.createServer().listen(outsideFolder + "/planted.sock"))),
  wait("listen({path})", (d) => listening(d)(net.createServer().listen({ path: outsideFolder + "/planted2.sock" }))),
  wait("listen(abstract)", (d) => listening(d)(net.createServer().listen(abstractName + "-mine"))),
  wait("listen({fd: 3})", (d) => listening(d)(net.createServer().listen({ fd: 3 }))),
]).then((results) => { console.log(JSON.stringify(Object.fromEntries(results))); process.exit(0); });
`;

  for (const level of ["strong", "weak (in-process block)"] as const) {
    it(`${level}: reaches no host socket and plants none`, async (t) => {
      if (level === "strong" && !host.strong) return t.diagnostic("no strong isolation here");
      const outside = fs.mkdtempSync(path.join(scratch, "outside-"));
      reached = 0;
      const options: Partial<SandboxOptions> = {
        args: [socketPath, abstractName.slice(1), outside],
        timeoutMs: 10_000,
        ...(level === "strong" ? {} : { network: "in-process" as const }),
      };
      const attempts = report(await run(script, options));
      for (const [name, got] of Object.entries(attempts)) {
        assert.ok(!["connected", "listening", "no answer"].includes(got as string), `${level}: ${name} got ${String(got)}`);
      }
      assert.equal(reached, 0, `${level}: a host listener was reached`);
      assert.deepEqual(fs.readdirSync(outside), [], `${level}: a socket file was planted outside`);
    });
  }

  it("control: the same script outside the sandbox reaches the host and plants sockets", async () => {
    const outside = fs.mkdtempSync(path.join(scratch, "outside-"));
    const file = path.join(scratch, "sockets.js");
    fs.writeFileSync(file, script);
    reached = 0;
    const { stdout } = await execFileAsync(process.execPath, [file, socketPath, abstractName.slice(1), outside], { encoding: "utf8", timeout: 20_000 });
    const control = JSON.parse(stdout);
    assert.equal(control["connect(path)"], "connected");
    assert.equal(control["abstract socket"], "connected");
    assert.equal(control["listen(path outside)"], "listening");
    assert.ok(reached > 0);
    assert.ok(fs.readdirSync(outside).includes("planted.sock"));
  });
});

describe("inherited descriptors", () => {
  // Reads and writes every regular file open on a descriptor from 3 to 63 (pipes are left alone: a
  // read could block), and reports what it got.
  const script = `
const fs = require("fs");
const found = [];
for (let fd = 3; fd < 64; fd++) {
  let file = false;
  try { file = fs.fstatSync(fd).isFile(); } catch {}
  if (!file) continue;
  found.push(fd + ":open");
  try { const b = Buffer.alloc(200); const n = fs.readSync(fd, b, 0, 200, 0); found.push(fd + ":" + b.subarray(0, n).toString()); } catch {}
  try { fs.writeSync(fd, "written-by-the-sandbox", 0); found.push(fd + ":wrote"); } catch {}
}
console.log(JSON.stringify(found));
`;

  function launchWithExtraDescriptors(args: string[]): { stdout: string; secret: string; target: string } {
    const secret = `inherited-secret-${Date.now()}`;
    const secretFile = path.join(scratch, "secret.txt");
    const target = path.join(scratch, "target.txt");
    fs.writeFileSync(secretFile, secret);
    fs.writeFileSync(target, "untouched");
    const readFd = fs.openSync(secretFile, "r");
    const writeFd = fs.openSync(target, "r+");
    try {
      // The launched process inherits these at 3, 4 and 7 without close-on-exec.
      const result = spawnSync(process.execPath, args, {
        encoding: "utf8",
        timeout: 60_000,
        stdio: ["ignore", "pipe", "pipe", readFd, writeFd, "ignore", "ignore", readFd],
      });
      assert.equal(result.status, 0, result.stderr);
      return { stdout: result.stdout, secret, target };
    } finally {
      fs.closeSync(readFd);
      fs.closeSync(writeFd);
    }
  }

  it("limbic sandbox started with extra descriptors open: the script reads and writes none of them", () => {
    const file = path.join(scratch, "descriptors.js");
    fs.writeFileSync(file, script);
    // Control: run directly, the same script reads the secret through the inherited descriptor.
    const control = launchWithExtraDescriptors([file]);
    assert.match(control.stdout, new RegExp(control.secret));
    const { stdout, secret, target } = launchWithExtraDescriptors([bin, "sandbox", "--sandbox=weak", file]);
    const result = JSON.parse(stdout);
    assert.equal(result.outcome, "ok", result.stderr);
    assert.ok(!stdout.includes(secret), "the secret leaked");
    assert.deepEqual(JSON.parse(result.stdout), []);
    assert.equal(fs.readFileSync(target, "utf8"), "untouched");
  });

  it("the weak level closes them too (API, in-process block)", () => {
    const driver = `import(${JSON.stringify(sandboxModule)}).then(async ({ runSandboxed }) => { const r = await runSandboxed({ files: { "main.js": ${JSON.stringify(script)} }, entry: "main.js", network: "in-process" }); process.stdout.write(JSON.stringify(r)); });`;
    const { stdout, secret, target } = launchWithExtraDescriptors(["--input-type=module", "-e", driver]);
    const result = JSON.parse(stdout);
    assert.equal(result.outcome, "ok", result.stderr + result.stdout);
    assert.equal(result.isolation.strength, "weak");
    assert.ok(!stdout.includes(secret));
    assert.deepEqual(JSON.parse(result.stdout), []);
    assert.equal(fs.readFileSync(target, "utf8"), "untouched");
  });
});

describe("nothing left behind, and the disk is capped", () => {
  // Builds a folder chain deeper than PATH_MAX by renaming, then fills the disk, then uses up inodes.
  const script = `
const fs = require("fs");
${ATTEMPT}
const depth = attempt(() => {
  const name = "d".repeat(200);
  let levels = 0;
  fs.mkdirSync("chain/" + name, { recursive: true });
  for (; levels < 40; levels++) { fs.mkdirSync("top/" + name, { recursive: true }); fs.renameSync("chain", "top/" + name + "/chain"); fs.renameSync("top", "chain"); }
  return levels * 201;
});
const bytes = attempt(() => { const block = Buffer.alloc(1 << 20, 7); let n = 0; try { for (; n < Number(process.argv[2]); n++) fs.writeFileSync("fill" + n, block); } catch (e) { return n + " MiB, then " + e.code; } return n + " MiB"; });
const inodes = attempt(() => { let n = 0; try { for (; n < Number(process.argv[3]); n++) fs.writeFileSync("i" + n, ""); } catch (e) { return n + " files, then " + e.code; } return n + " files"; });
console.log(JSON.stringify({ depth, bytes, inodes }));
`;

  it("strong: a deep path, a full tmpfs and exhausted inodes leave the host's disk and temp folder as they were", async (t) => {
    if (!host.strong) return t.diagnostic("no strong isolation here");
    const before = new Set(fs.readdirSync(os.tmpdir()));
    const free = freeTempBytes();
    const result = await run(script, { args: ["1000", "100000"], workspaceBytes: 16 * 2 ** 20, workspaceInodes: 300, timeoutMs: 20_000 });
    const seen = report(result);
    assert.ok(Number(seen.depth) > 4096, `chain depth ${String(seen.depth)}`);
    assert.match(String(seen.bytes), /^1[0-6] MiB, then ENOSPC$/);
    assert.match(String(seen.inodes), /^\d+ files, then ENOSPC$/);
    assert.ok(Number(String(seen.inodes).split(" ")[0]) < 300);
    assert.equal(result.cleanupError, undefined);
    assert.deepEqual(leftoverFolders(before), []);
    assert.ok(Math.abs(freeTempBytes() - free) < 8 * 2 ** 20, "host disk use changed by more than 8 MiB");
  });

  it("weak: the deep chain is removed by the fallback, nothing is left, and leftovers would be reported", async () => {
    const before = new Set(fs.readdirSync(os.tmpdir()));
    const free = freeTempBytes();
    const result = await run(script, { network: "in-process", args: ["20", "200"], timeoutMs: 20_000 });
    const seen = report(result);
    assert.ok(Number(seen.depth) > 4096, `chain depth ${String(seen.depth)}`);
    assert.equal(seen.bytes, "20 MiB");
    assert.equal(result.cleanupError, undefined);
    assert.deepEqual(leftoverFolders(before), []);
    assert.ok(Math.abs(freeTempBytes() - free) < 8 * 2 ** 20, "host disk use changed by more than 8 MiB");
  });
});

describe("read-only files, kill(0), the private channel", () => {
  const editScript = `
const fs = require("fs");
${ATTEMPT}
console.log(JSON.stringify({
  write: attempt(() => fs.writeFileSync("test.js", "tampered")),
  append: attempt(() => fs.appendFileSync("lib/harness.js", "tampered")),
  rename: attempt(() => fs.renameSync("test.js", "moved.js")),
  unlink: attempt(() => fs.unlinkSync("lib/harness.js")),
  chmod: attempt(() => fs.chmodSync("test.js", 0o777)),
  replaceFolder: attempt(() => fs.renameSync("lib", "lib2")),
  ownFile: attempt(() => { fs.writeFileSync("mine.js", "x"); return fs.readFileSync("mine.js", "utf8"); }),
}));`;
  const files = { "main.js": editScript, "test.js": "// the original test", "lib/harness.js": "// the original harness" };

  it("strong: the kernel refuses every change to a read-only file; the code's own files stay writable", async (t) => {
    if (!host.strong) return t.diagnostic("no strong isolation here");
    for (const mode of modes) {
      const result = await runSandboxed({ files, entry: "main.js", readOnlyFiles: ["test.js", "lib/harness.js"], strongMode: mode });
      const seen = report(result);
      assert.equal(seen.ownFile, "x");
      for (const name of ["write", "append", "rename", "unlink", "chmod", "replaceFolder"])
        assert.match(String(seen[name]), /^(EROFS|EBUSY|EPERM|EACCES)$/, `${mode}: ${name} gave ${String(seen[name])}`);
      assert.deepEqual(result.changedReadOnlyFiles, []);
    }
  });

  it("weak: a changed read-only file is reported", async () => {
    const result = await runSandboxed({ files, entry: "main.js", readOnlyFiles: ["test.js", "lib/harness.js"], network: "in-process" });
    const seen = report(result);
    assert.equal(seen.write, "done");
    assert.deepEqual(result.changedReadOnlyFiles?.sort(), ["lib/harness.js", "test.js"]);
  });

  it("kill(0, SIGKILL) is never reported as a memory limit", async () => {
    const script = `let got; try { process.kill(0, "SIGKILL"); got = "sent"; } catch (e) { got = e.code; } setTimeout(() => console.log(JSON.stringify({ got })), 200);`;
    for (const options of [{ network: "in-process" as const }, ...modes.map((mode) => ({ strongMode: mode }))]) {
      const result = await run(script, options);
      assert.notEqual(result.limit, "memory", JSON.stringify(options));
      if (result.outcome === "ok") assert.ok(["sent", "ERR_SANDBOX_SIGNAL"].includes(String(report(result).got)));
      else assert.deepEqual([result.outcome, result.signal], ["error", "SIGKILL"], JSON.stringify(options));
    }
    // Root mode: the script's uid may not signal the wrappers, and as PID 1 it ignores its own kill.
    if (modes.includes("root")) assert.deepEqual(report(await run(script, { strongMode: "root" })), { got: "sent" });
  });

  it("hands the script a private channel on descriptor 3, and nothing there when none is asked for", async () => {
    const script = `const fs = require("fs"); let input = ""; try { const b = Buffer.alloc(1000); let n; while ((n = fs.readSync(3, b)) > 0) input += b.subarray(0, n); fs.writeSync(3, "echo:" + input); } catch (e) { input = e.code; } console.log(JSON.stringify({ input }));`;
    for (const options of [{ network: "in-process" as const }, ...modes.map((mode) => ({ strongMode: mode }))]) {
      const result = await run(script, { ...options, privateChannel: { input: "key-123" } });
      assert.deepEqual(report(result), { input: "key-123" });
      assert.deepEqual(result.privateChannel, { output: "echo:key-123", truncated: false });
      const without = await run(script, options);
      assert.match(String(report(without).input), /^E[A-Z]+$/, "descriptor 3 is closed or Node's own, never a channel");
      assert.equal(without.privateChannel, undefined);
    }
  });
});

describe("nothing outlives the host", () => {
  it("a sandbox whose host process is killed dies by its backstop, and leaves no folder", async (t) => {
    if (!host.strong || !host.timeout) return t.diagnostic("no strong isolation or no timeout here");
    const marker = `outlive-${Date.now()}`;
    const driver = `import(${JSON.stringify(sandboxModule)}).then(({ runSandboxed }) => runSandboxed({ files: { "main.js": "console.log(1); setInterval(() => {}, 1000);" }, entry: "main.js", args: [${JSON.stringify(marker)}], timeoutMs: 1000 }));`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", driver], { stdio: "ignore" });
    const sandboxed = () =>
      fs.readdirSync("/proc").filter(
        (pid) =>
          /^\d+$/.test(pid) &&
          (() => {
            try {
              return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(marker) && pid !== String(child.pid);
            } catch {
              return false;
            }
          })(),
      );
    // Up to 30 s: the driver starts node and checks the host first, slow on a loaded machine.
    for (let i = 0; i < 600 && sandboxed().length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(sandboxed().length > 0, "the sandbox never started");
    child.kill("SIGKILL");
    // The host is gone before its own 1 s kill; the timeout backstop fires at 1 + 5 s.
    for (let i = 0; i < 160 && sandboxed().length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(sandboxed(), [], "a sandboxed process outlived its host by more than the backstop");
  });
});
