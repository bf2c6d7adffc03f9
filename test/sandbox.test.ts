import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import dgram from "node:dgram";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { InvalidInputError, SandboxUnavailableError } from "../src/errors.js";
import { hostSupport, type HostSupport } from "../src/sandbox/hostSupport.js";
import { resolveSandboxOptions } from "../src/sandbox/options.js";
import { runSandboxed, strongSupportFor, type SandboxOptions, type SandboxResult } from "../src/sandbox/sandbox.js";

const execFileAsync = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = path.join(root, "bin", "limbic.js");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-sandbox-test-"));
/** Margin over the time limit the sandbox promises, generous for a busy 2-core machine. */
const MARGIN_MS = 1500;
const namespacesWork =
  process.platform === "linux" && spawnSync("unshare", ["--user", "--net", "--pid", "--fork", "--kill-child", "true"], { stdio: "ignore" }).status === 0;

/** strength "weak" only allows the fallback: where the kernel gives strong isolation these runs get it. */
function run(code: string, options: Partial<SandboxOptions> = {}): Promise<SandboxResult> {
  return runSandboxed({ files: { "main.js": code }, entry: "main.js", strength: "weak", ...options });
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

/** The script prints one JSON object; parse it or show what it printed instead. */
function report(result: SandboxResult): Record<string, unknown> {
  assert.equal(result.outcome, "ok", `script failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

/** Every process whose command line mentions the folder (a sandbox's temp folder is on node's). */
function processesMentioning(folder: string): number[] {
  return fs
    .readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        return fs.readFileSync(`/proc/${name}/cmdline`, "utf8").includes(folder);
      } catch {
        return false;
      }
    })
    .map(Number);
}

// Tries to reach the network in five ways and prints what each attempt got.
const networkScript = `
const net = require("net"), dns = require("dns");
const [tcpPort, udpPort, socketPath] = process.argv.slice(2);
const attempt = (name, start) => new Promise((resolve) => {
  const timer = setTimeout(() => resolve([name, "no answer"]), 1500);
  const done = (value) => { clearTimeout(timer); resolve([name, value]); };
  try { start(done); } catch (error) { done(error.code || error.message); }
});
Promise.all([
  attempt("tcp", (done) => net.connect(Number(tcpPort), "127.0.0.1").on("connect", () => done("connected")).on("error", (e) => done(e.code))),
  attempt("dnsServer", (done) => {
    const resolver = new dns.Resolver({ timeout: 400, tries: 1 });
    resolver.setServers(["127.0.0.1:" + udpPort]);
    resolver.resolve4("limbic.test", (e) => done(e ? e.code : "answered"));
  }),
  attempt("lookup", (done) => dns.lookup("example.com", (e) => done(e ? e.code : "resolved"))),
  attempt("unixSocket", (done) => net.connect(socketPath).on("connect", () => done("connected")).on("error", (e) => done(e.code))),
  attempt("fetch", (done) => fetch("http://127.0.0.1:" + tcpPort).then(() => done("connected"), (e) => done((e.cause && e.cause.code) || "fetch failed"))),
]).then((results) => console.log(JSON.stringify(Object.fromEntries(results))));
`;

describe("runSandboxed", () => {
  let tcpServer: net.Server;
  let unixServer: net.Server;
  let udpServer: dgram.Socket;
  const socketPath = path.join(scratch, "host.sock");
  const reached = { tcp: 0, udp: 0, unix: 0 };
  let probeArgs: string[];
  /** Files a broken sandbox would leave outside the scratch folder; removed whatever happens. */
  const escapeTargets: string[] = [];

  before(async () => {
    tcpServer = net.createServer((socket) => {
      reached.tcp += 1;
      socket.end("hello from the host\n");
    });
    unixServer = net.createServer((socket) => {
      reached.unix += 1;
      socket.end("hello from the host\n");
    });
    udpServer = dgram.createSocket("udp4", () => {
      reached.udp += 1;
    });
    await new Promise<void>((resolve) => tcpServer.listen(0, "127.0.0.1", resolve));
    await new Promise<void>((resolve) => unixServer.listen(socketPath, resolve));
    await new Promise<void>((resolve) => udpServer.bind(0, "127.0.0.1", resolve));
    probeArgs = [String((tcpServer.address() as net.AddressInfo).port), String(udpServer.address().port), socketPath];
  });
  after(() => {
    tcpServer.close();
    unixServer.close();
    udpServer.close();
    fs.rmSync(scratch, { recursive: true, force: true });
    for (const target of escapeTargets) fs.rmSync(target, { force: true });
  });

  it("runs a normal script: ok, its stdout, its arguments, its other files, and reports its isolation", async () => {
    const result = await runSandboxed({
      files: {
        "main.js": 'const { twice } = require("./lib/math.js"); console.log("sum", twice(Number(process.argv[2])));',
        "lib/math.js": "exports.twice = (n) => 2 * n;",
      },
      entry: "main.js",
      args: ["21"],
      strength: "weak",
    });
    assert.equal(result.outcome, "ok", result.stderr);
    assert.equal(result.stdout, "sum 42\n");
    assert.equal(result.stderr, "");
    assert.equal(result.exitCode, 0);
    assert.equal(result.signal, null);
    assert.equal(result.limit, undefined);
    assert.ok(result.wallMs > 0 && result.wallMs < 5000);
    assert.equal(result.isolation.network, namespacesWork ? "namespace" : "blocked-in-process");
    assert.match(result.isolation.filesystem, /permission model/);
    assert.equal(result.isolation.strength, (await hostSupport()).strong ? "strong" : "weak");
  });

  it("reports a throwing script and a non-zero exit as error", async () => {
    const thrown = await run('throw new Error("the solution is wrong")');
    assert.equal(thrown.outcome, "error");
    assert.equal(thrown.exitCode, 1);
    assert.match(thrown.stderr, /the solution is wrong/);
    const exited = await run('console.log("partial"); process.exit(3)');
    assert.equal(exited.outcome, "error");
    assert.equal(exited.exitCode, 3);
    assert.equal(exited.stdout, "partial\n");
  });

  it("cannot reach a TCP server, a DNS server or a Unix socket the test runs on this host", async () => {
    // Control: the same script outside the sandbox does reach all three.
    const controlFile = path.join(scratch, "network.js");
    fs.writeFileSync(controlFile, networkScript);
    const control = JSON.parse((await execFileAsync(process.execPath, [controlFile, ...probeArgs], { timeout: 10_000 })).stdout);
    assert.equal(control.tcp, "connected");
    assert.equal(control.unixSocket, "connected");
    assert.ok(reached.tcp > 0 && reached.udp > 0 && reached.unix > 0, `control run reached ${JSON.stringify(reached)}`);
    Object.assign(reached, { tcp: 0, udp: 0, unix: 0 });

    for (const network of ["auto", "in-process"] as const) {
      const result = await run(networkScript, { args: probeArgs, network });
      const attempts = report(result);
      for (const [name, got] of Object.entries(attempts)) {
        assert.ok(!["connected", "answered", "resolved", "no answer"].includes(got as string), `${network}: ${name} got ${String(got)}`);
      }
      assert.deepEqual(reached, { tcp: 0, udp: 0, unix: 0 }, `${network}: the host servers were reached`);
      if (network === "in-process") assert.equal(result.isolation.network, "blocked-in-process");
      if (network === "auto" && namespacesWork) {
        // The kernel, not the in-process block, refused these.
        assert.equal(attempts.tcp, "ENETUNREACH");
        assert.equal(attempts.unixSocket, "ERR_SANDBOX_NETWORK");
      }
    }
  });

  it("cannot write outside its folder, read host files or follow a symlink out; can work inside; the folder is deleted", async () => {
    const outside = fs.mkdtempSync(path.join(scratch, "outside-"));
    const secretFile = path.join(outside, "secret.txt");
    const secret = `host-secret-${process.pid}-${Date.now()}`;
    fs.writeFileSync(secretFile, secret);
    const marker = `limbic-escape-${process.pid}-${Date.now()}.txt`;
    const homeTarget = path.join(os.homedir(), marker);
    const parentTarget = path.join(os.tmpdir(), marker);
    escapeTargets.push(homeTarget, parentTarget);
    assert.equal(fs.readFileSync(secretFile, "utf8"), secret); // readable to a normal process
    const script = `
      const fs = require("fs"), path = require("path");
      const [outside, home, marker, secretFile] = process.argv.slice(2);
      const attempt = (work) => { try { const value = work(); return value === undefined ? "done" : value; } catch (e) { return e.code || e.message; } };
      console.log(JSON.stringify({
        writeOutside: attempt(() => fs.writeFileSync(path.join(outside, "escaped.txt"), "x")),
        writeHome: attempt(() => fs.writeFileSync(path.join(home, marker), "x")),
        writeParent: attempt(() => fs.writeFileSync(path.join("..", marker), "x")),
        readSecret: attempt(() => fs.readFileSync(secretFile, "utf8")),
        readPasswd: attempt(() => fs.readFileSync("/etc/passwd", "utf8")),
        listRoot: attempt(() => fs.readdirSync("/").join(",")),
        symlinkOut: attempt(() => { fs.symlinkSync(secretFile, "link"); return fs.readFileSync("link", "utf8"); }),
        renameOut: attempt(() => { fs.writeFileSync("mine.txt", "x"); fs.renameSync("mine.txt", path.join(outside, "moved.txt")); }),
        inside: attempt(() => { fs.mkdirSync("work/deeper", { recursive: true }); fs.writeFileSync("work/deeper/note.txt", "inside"); return fs.readFileSync("work/deeper/note.txt", "utf8"); }),
        cwd: process.cwd(),
      }));`;
    const attempts = report(await run(script, { args: [outside, os.homedir(), marker, secretFile] }));
    for (const name of ["writeOutside", "writeHome", "writeParent", "readSecret", "readPasswd", "listRoot", "symlinkOut", "renameOut"]) {
      assert.equal(attempts[name], "ERR_ACCESS_DENIED", `${name}: ${String(attempts[name])}`);
    }
    assert.equal(attempts.inside, "inside");
    assert.ok(!JSON.stringify(attempts).includes(secret));
    assert.deepEqual(fs.readdirSync(outside), ["secret.txt"]);
    assert.equal(fs.existsSync(homeTarget), false);
    assert.equal(fs.existsSync(parentTarget), false);
    assert.match(String(attempts.cwd), /limbic-sandbox-/);
    assert.equal(fs.existsSync(String(attempts.cwd)), false, "the temp folder was not deleted");
  });

  it("sees an empty environment: a host secret is not readable", async () => {
    const secret = `s3cret-${Math.random().toString(36).slice(2)}`;
    process.env.LIMBIC_TEST_SECRET = secret;
    try {
      const script = `
        const fs = require("fs");
        const attempt = (work) => { try { return work(); } catch (e) { return e.code; } };
        console.log(JSON.stringify({ env: process.env, selfEnviron: attempt(() => fs.readFileSync("/proc/self/environ", "utf8")), parentEnviron: attempt(() => fs.readFileSync("/proc/" + process.argv[2] + "/environ", "utf8")) }));`;
      const result = await run(script, { args: [String(process.pid)] });
      const seen = report(result);
      assert.deepEqual(seen.env, {});
      assert.equal(seen.selfEnviron, "ERR_ACCESS_DENIED");
      assert.equal(seen.parentEnviron, "ERR_ACCESS_DENIED");
      assert.ok(!result.stdout.includes(secret) && !result.stderr.includes(secret));
    } finally {
      delete process.env.LIMBIC_TEST_SECRET;
    }
  });

  it("contains a fork bomb, a worker bomb and signals to host processes", async () => {
    const forkBomb = await timed(() => run('const { spawn } = require("child_process"); for (;;) spawn(process.execPath, [__filename]);'));
    assert.equal(forkBomb.value.outcome, "limit");
    assert.equal(forkBomb.value.limit, "processes");
    assert.ok(forkBomb.ms < 5000 + MARGIN_MS);
    const workerBomb = await run('const { Worker } = require("worker_threads"); for (;;) new Worker(__filename);');
    assert.equal(workerBomb.outcome, "limit");
    assert.equal(workerBomb.limit, "processes");
    // A script that swallows the errors still starts nothing and cannot signal the host.
    const script = `
      const { spawn, execSync } = require("child_process");
      let started = 0;
      for (let i = 0; i < 50; i++) { try { spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"]); started++; } catch {} }
      try { execSync("sleep 30"); started++; } catch {}
      let signal; try { process.kill(Number(process.argv[2]), 0); signal = "delivered"; } catch (e) { signal = e.code; }
      console.log(JSON.stringify({ started, signal }));`;
    for (const network of ["auto", "in-process"] as const) {
      const seen = report(await run(script, { args: [String(process.pid)], network }));
      assert.equal(seen.started, 0);
      assert.equal(seen.signal, network === "auto" && namespacesWork ? "ESRCH" : "ERR_SANDBOX_SIGNAL");
    }
  });

  it("ends an infinite loop as timeout within the limit plus a margin, leaving no process behind", async () => {
    const { value: result, ms } = await timed(() => run("console.log(process.cwd()); while (true) {}", { timeoutMs: 1000 }));
    assert.equal(result.outcome, "timeout");
    assert.equal(result.limit, undefined);
    assert.equal(result.signal, "SIGKILL");
    assert.ok(result.wallMs >= 1000, `stopped early at ${result.wallMs} ms`);
    assert.ok(ms < 1000 + MARGIN_MS, `took ${ms} ms`);
    const folder = result.stdout.trim();
    assert.match(folder, /limbic-sandbox-/);
    assert.deepEqual(processesMentioning(folder), []);
    assert.equal(fs.existsSync(folder), false);
  });

  it("ends a CPU-bound script at its CPU-time limit before the wall-clock limit", async () => {
    const { value: result, ms } = await timed(() => run("while (true) {}", { timeoutMs: 20_000, cpuSeconds: 1 }));
    assert.equal(result.outcome, "timeout");
    assert.equal(result.limit, "cpu");
    assert.ok(ms < 6000, `took ${ms} ms`);
  });

  it("ends huge allocations (buffers and JS heap) as limit: memory", async () => {
    const buffers = await run("const kept = []; for (;;) kept.push(Buffer.alloc(64 * 2 ** 20, 1));", { memoryMb: 64, timeoutMs: 10_000 });
    assert.equal(buffers.outcome, "limit", buffers.stderr.slice(-500));
    assert.equal(buffers.limit, "memory");
    const heap = await run("const kept = []; for (;;) kept.push(new Array(1e6).fill(Math.random()));", { memoryMb: 64, timeoutMs: 10_000 });
    assert.equal(heap.outcome, "limit", heap.stderr.slice(-500));
    assert.equal(heap.limit, "memory");
  });

  it("cuts 100 MB of output at the cap as limit: output", async () => {
    const { value: result, ms } = await timed(() => run('const line = "y".repeat(2 ** 20); for (let i = 0; i < 100; i++) process.stdout.write(line);'));
    assert.equal(result.outcome, "limit");
    assert.equal(result.limit, "output");
    assert.equal(result.truncated, true);
    assert.equal(result.stdout.length + result.stderr.length, 2 ** 20);
    assert.match(result.stdout, /^y+$/);
    assert.ok(ms < 5000, `took ${ms} ms`);
    const mixed = await run('for (;;) { console.log("out"); console.error("err"); }', { maxOutputBytes: 1000 });
    assert.equal(mixed.limit, "output");
    assert.equal(Buffer.byteLength(mixed.stdout) + Buffer.byteLength(mixed.stderr), 1000);
  });

  it("runs several sandboxes at once without mixing them up", async () => {
    const results = await Promise.all([1, 2, 3].map((n) => run(`console.log(${n} * 11)`)));
    assert.deepEqual(
      results.map((r) => r.stdout),
      ["11\n", "22\n", "33\n"],
    );
  });

  it("refuses to run without kernel isolation unless weak is allowed, and says why", () => {
    const host = { strong: null, strongUnavailable: "unshare: operation not permitted", strongModes: {} } as unknown as HostSupport;
    const resolved = resolveSandboxOptions({ files: { "main.js": "1" }, entry: "main.js" });
    assert.throws(
      () => strongSupportFor(resolved, host),
      (error: unknown) =>
        error instanceof SandboxUnavailableError &&
        error.code === "SANDBOX_UNAVAILABLE" &&
        /operation not permitted/.test(error.message) &&
        /--sandbox=weak/.test(error.message),
    );
    assert.equal(strongSupportFor({ ...resolved, strength: "weak" }, host), null);
    assert.throws(() => strongSupportFor({ ...resolved, strength: "weak", strongMode: "root" }, host), SandboxUnavailableError);
  });

  it("rejects bad options with InvalidInputError", async () => {
    const bad: Partial<SandboxOptions>[] = [
      { files: { "../x.js": "1" }, entry: "../x.js" },
      { files: { "/tmp/x.js": "1" }, entry: "/tmp/x.js" },
      { files: { "a\\..\\x.js": "1" }, entry: "a\\..\\x.js" },
      { files: { "main.js": "1" }, entry: "other.js" },
      { files: {}, entry: "main.js" },
      { timeoutMs: 0 },
      { timeoutMs: -5 },
      { timeoutMs: 1.5 },
      { timeoutMs: 10 ** 9 },
      { timeoutMs: Number.NaN },
      { cpuSeconds: 0 },
      { memoryMb: 8 },
      { memoryMb: 10 ** 6 },
      { maxOutputBytes: 0 },
      { maxOutputBytes: 2 ** 40 },
      { args: ["a\0b"] },
      { strength: "medium" as "weak" },
      { readOnlyFiles: ["other.js"] },
      { readOnlyFiles: ["../x.js"] },
      { privateChannel: { input: 5 as unknown as string } },
      { workspaceBytes: 1000 },
      { workspaceInodes: 2 },
      { strongMode: "chroot" as "root" },
    ];
    for (const options of bad) {
      await assert.rejects(
        runSandboxed({ files: { "main.js": "1" }, entry: "main.js", ...options } as SandboxOptions),
        (error: unknown) => error instanceof InvalidInputError && error.code === "INVALID_ARGUMENT",
        JSON.stringify(options),
      );
    }
  });
});

describe("limbic sandbox", () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-sandbox-cli-"));
  after(() => fs.rmSync(folder, { recursive: true, force: true }));
  const limbic = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
    spawnSync(process.execPath, [bin, "sandbox", "--sandbox=weak", ...args], { encoding: "utf8", timeout: 30_000, env });

  it("runs a file and prints the result as JSON, exit 0 whatever the outcome", () => {
    const hello = path.join(folder, "hello.js");
    fs.writeFileSync(hello, 'console.log("hello from " + require("path").basename(__filename))');
    const ok = limbic([hello, "--timeout-ms", "3000"]);
    assert.equal(ok.status, 0, ok.stderr);
    const result = JSON.parse(ok.stdout);
    assert.equal(result.outcome, "ok");
    assert.equal(result.sandbox, result.isolation.strength, "every result says which sandbox level it ran under");
    assert.equal(result.stdout, "hello from hello.js\n");

    const loop = path.join(folder, "loop.js");
    fs.writeFileSync(loop, "while (true) {}");
    const timedOut = limbic([loop, "--timeout-ms", "1000", "--memory-mb", "64"]);
    assert.equal(timedOut.status, 0, timedOut.stderr);
    const stopped = JSON.parse(timedOut.stdout) as { outcome: string; wallMs: number };
    assert.equal(stopped.outcome, "timeout");
    // The sandboxed run's own time: CLI start-up and the host check vary with the machine's load.
    assert.ok(stopped.wallMs < 1000 + MARGIN_MS, `the run took ${stopped.wallMs} ms for a 1000 ms limit`);
  });

  it("hides the secrets in the environment of the process that runs it", () => {
    const secret = `cli-secret-${Date.now()}`;
    const script = path.join(folder, "snoop.js");
    // Looks for the secret everywhere it could be: its own env, and every /proc/<pid>/environ.
    fs.writeFileSync(
      script,
      `const fs = require("fs");
       let found = JSON.stringify(process.env).includes("LIMBIC_TEST_SECRET") ? "env" : "";
       let readable = 0;
       let pids = []; try { pids = fs.readdirSync("/proc").filter((n) => /^\\d+$/.test(n)); } catch { pids = ["1", "self"]; }
       for (const pid of [...pids, "self", "1"]) { try { const text = fs.readFileSync("/proc/" + pid + "/environ", "utf8"); readable++; if (text.includes("LIMBIC_TEST_SECRET")) found += " /proc/" + pid; } catch {} }
       console.log(JSON.stringify({ found, readable }));`,
    );
    // Control: outside the sandbox the same script finds it.
    const control = spawnSync(process.execPath, [script], { encoding: "utf8", env: { ...process.env, LIMBIC_TEST_SECRET: secret } });
    assert.notEqual(JSON.parse(control.stdout).found, "");
    const run = limbic([script], { ...process.env, LIMBIC_TEST_SECRET: secret });
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.equal(result.outcome, "ok", result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { found: "", readable: 0 });
    assert.ok(!run.stdout.includes(secret));
  });

  it("exits 1 on bad input: a missing file, a folder, an unreadable file, bad flags", () => {
    const missing = limbic([path.join(folder, "missing.js")]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /Cannot read .*missing\.js: no such file/);
    const directory = limbic([folder]);
    assert.equal(directory.status, 1);
    assert.match(directory.stderr, /it is a folder/);
    assert.doesNotMatch(directory.stderr + missing.stderr, /\n\s+at /, "no stack trace");
    const secret = path.join(folder, "unreadable.js");
    fs.writeFileSync(secret, "1", { mode: 0o600 });
    fs.chmodSync(secret, 0);
    // Root reads any file through CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH, so as root the CLI runs with
    // those two dropped (still root, so it can reach a checkout in a private temp folder).
    const asRoot = process.getuid?.() === 0;
    const command = asRoot
      ? (["setpriv", ["--bounding-set", "-dac_override,-dac_read_search", "--", process.execPath, bin, "sandbox", secret]] as const)
      : ([process.execPath, [bin, "sandbox", secret]] as const);
    const unreadable = spawnSync(command[0], [...command[1]], { encoding: "utf8", timeout: 30_000 });
    assert.equal(unreadable.status, 1, unreadable.stderr);
    assert.match(unreadable.stderr, /Cannot read .*unreadable\.js: permission denied/);
    const bogus = limbic([path.join(folder, "missing.js"), "--sandbox=bogus"]);
    assert.equal(bogus.status, 1);
    assert.match(bogus.stderr, /--sandbox must be strong or weak/);
    const file = path.join(folder, "one.js");
    fs.writeFileSync(file, "1");
    for (const flags of [
      ["--timeout-ms", "soon"],
      ["--timeout-ms", "0"],
      ["--memory-mb", "999999999"],
    ]) {
      const bad = limbic([file, ...flags]);
      assert.equal(bad.status, 1, `${flags.join(" ")}: ${bad.stderr}`);
      assert.match(bad.stderr, /INVALID_ARGUMENT/);
    }
  });
});
