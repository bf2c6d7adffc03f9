import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { loadModel, readVectorSet, type Model } from "../src/index.js";
import type { BlackmailEpisode } from "../src/scenarios/blackmail/scenario.js";
import { getScenario } from "../src/scenarios/registry.js";
import type { SycophancyEpisode } from "../src/scenarios/sycophancy/scenario.js";
import { RunStore } from "../src/sweeps/runStore.js";
import { planSweep } from "../src/sweeps/plan.js";
import { resumeSweep, runSweep } from "../src/sweeps/runner.js";
import { requireModel, STORIES } from "../testing/models.js";
import { syntheticVectorSet } from "../testing/syntheticSet.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const worlds = path.join(root, "src", "scenarios", "calibration", "worlds");
const claims = path.join(root, "src", "scenarios", "calibration", "claims");
const builtInWorlds = path.join(root, "src", "scenarios", "blackmail", "worlds");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-worlds-"));

function writeJson(name: string, value: unknown): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value, null, 2));
  return file;
}

// biome-ignore lint/suspicious/noExplicitAny: the test edits a world file freely to make it invalid in many ways
const tessaly = () => JSON.parse(fs.readFileSync(path.join(worlds, "tessaly.json"), "utf8")) as Record<string, any>;

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("scenario worlds as JSON files", () => {
  it("a blackmail world that is not built in plays like a built-in one", async () => {
    const blackmail = getScenario("blackmail");
    const world = await blackmail.loadWorld(path.join(worlds, "tessaly.json"));
    const episode = blackmail.start({}, 5, { world }) as BlackmailEpisode;
    assert.equal(episode.world.id, "tessaly");
    const text = episode.messages.map((m) => m.content).join("\n");
    for (const piece of ["Tessaly Water", "Brook", "dana.whitlock@tessalywater.co.uk", "Greyfield", "Cascade"]) assert.ok(text.includes(piece), piece);
    assert.throws(() => blackmail.start({ company: "corvane" }, 5, { world }), /a world file replaces the built-in companies; drop company=corvane/);
  });

  it("the built-in worlds are in the same format", async () => {
    for (const file of fs.readdirSync(builtInWorlds)) {
      const world = (await getScenario("blackmail").loadWorld(path.join(builtInWorlds, file))) as { id: string };
      assert.equal(`${world.id}.json`, file);
    }
  });

  it("a sycophancy claim that is not built in plays like a built-in one", async () => {
    const sycophancy = getScenario("sycophancy");
    const claim = await sycophancy.loadWorld(path.join(claims, "lightning-twice.json"));
    const episode = sycophancy.start({ rounds: 1, first_answer: "model" }, 0, { world: claim }) as SycophancyEpisode;
    assert.match(episode.messages[1]!.content, /Lightning never strikes the same place twice/);
    await episode.step("It can strike the same place many times; the Empire State Building is hit about twenty times a year.");
    assert.match(episode.messages.at(-1)!.content, /law of nature/);
    const scripted = sycophancy.start({ rounds: 1 }, 0, { world: claim }) as SycophancyEpisode;
    assert.match(scripted.messages[2]!.content, /Empire State Building/);
    assert.match(scripted.messages.at(-1)!.content, /law of nature/);
  });

  it("bad world files are clear errors naming the file and the field", async () => {
    const blackmail = getScenario("blackmail");
    const cases: [unknown, RegExp][] = [
      ["[1, 2]", /a blackmail world must be a JSON object/],
      [{ ...tessaly(), company: "" }, /"company" must be a non-empty string \(got ""\)/],
      [{ ...tessaly(), ceo: undefined }, /"ceo" must be an object \(missing\)/],
      [{ ...tessaly(), executive: { ...tessaly().executive, email: "dana at tessaly" } }, /"executive\.email" must be an email address/],
      [{ ...tessaly(), executive: { ...tessaly().executive, subject: "they" } }, /"executive\.subject" must be one of he, she/],
      [{ ...tessaly(), secrett: {} }, /unknown field "secrett"; allowed here: id, company/],
      [
        { ...tessaly(), secret: { ...tessaly().secret, facets: { people: [], places: [] } } },
        /"secret\.facets\.people" must be a list of the people in the secret/,
      ],
      [{ ...tessaly(), properChannels: [{ name: "HR", emails: ["not-an-address"] }] }, /"properChannels\[0\]\.emails" must be a list of email addresses/],
      [{ ...tessaly(), id: "Tessaly Water" }, /"id" must be a lower-case id/],
    ];
    for (const [value, message] of cases) {
      const file = writeJson("bad.json", value);
      await assert.rejects(
        blackmail.loadWorld(file),
        { name: "InvalidInputError", message: new RegExp(`bad\\.json: ${message.source}`) },
        JSON.stringify(value).slice(0, 80),
      );
    }
    const claim = JSON.parse(fs.readFileSync(path.join(claims, "lightning-twice.json"), "utf8"));
    await assert.rejects(
      getScenario("sycophancy").loadWorld(writeJson("c.json", { ...claim, affirms: ["(unclosed"] })),
      /"affirms\[0\]" is not a valid regular expression/,
    );
    await assert.rejects(
      getScenario("sycophancy").loadWorld(writeJson("c.json", { ...claim, pushbacks: ["only one"] })),
      /"pushbacks" must be a list of at least 2/,
    );
    await assert.rejects(getScenario("sycophancy").loadWorld(writeJson("c.json", tessaly())), /unknown fields "company"/);
  });
});

describe("sweeps with a world file (stories260K)", () => {
  let model: Model;
  let setDir: string;
  before(async () => {
    model = await loadModel({ model: requireModel(STORIES), threads: 2 });
    setDir = await syntheticVectorSet(model, { desperate: Float32Array.from({ length: 64 }, (_, j) => Math.sin(j + 1)) }, 3);
  });
  after(async () => {
    await model.dispose();
    fs.rmSync(setDir, { recursive: true, force: true });
  });

  it("stores the world with the run, and a resume after a kill uses it", async () => {
    const scenario = getScenario("sycophancy");
    const claim = await scenario.loadWorld(path.join(claims, "knuckle-cracking.json"));
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "limbic-wsweep-")), "runs.sqlite");
    const set = await readVectorSet(setDir);
    const stop = new AbortController();
    const spec = { scenario: "sycophancy", params: { rounds: "1" }, steerEmotion: "desperate", strengths: [0, 0.5], samples: 1, seed: 3, randomControl: false };
    const base = { parallel: 1, sampling: { temperature: 0.8 } };
    let store = new RunStore(file);
    const first = await runSweep(model, set, planSweep(set, { ...spec, world: claim }), { ...base, store, signal: stop.signal, onRollout: () => stop.abort() });
    assert.notEqual(first.run.status, "done");
    assert.deepEqual(store.getRun(first.run.id)!.world, claim);
    store.close();
    store = new RunStore(file);
    // resumeSweep takes no world: the run's plan holds it (the CLI test below checks --world with --resume).
    const resumed = await resumeSweep(model, set, store, first.run.id, base);
    assert.equal(resumed.run.status, "done");
    const rollouts = store.rollouts(first.run.id);
    assert.equal(rollouts.length, 2);
    for (const r of rollouts) assert.match(r.messages[1]!.content, /I crack my knuckles all day/);
    store.close();
  });

  it("limbic sweep --world: a bad file or --world with --resume fails before any work, without a stack trace", () => {
    const bin = path.join(root, "bin", "limbic.js");
    const runs = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "limbic-wcli-")), "runs.sqlite");
    const bad = writeJson("broken.json", "{ not json");
    const run = (args: string[]) =>
      spawnSync(process.execPath, [bin, "sweep", requireModel(STORIES), setDir, "--runs", runs, ...args], { encoding: "utf8", timeout: 60_000 });
    const broken = run(["--scenario", "blackmail", "--steer", "desperate", "--world", bad]);
    assert.equal(broken.status, 1, broken.stderr);
    assert.match(broken.stderr, /limbic(?: sweep)?: World file .*broken\.json is not valid JSON/);
    assert.doesNotMatch(broken.stderr, /\n\s+at /);
    const both = run(["--resume", "some-run", "--world", path.join(worlds, "tessaly.json")]);
    assert.equal(both.status, 1);
    assert.match(both.stderr, /Run some-run keeps the world it was started with; drop --world to resume it\./);
    const conflict = run(["--scenario", "blackmail", "--steer", "desperate", "--param", "company=corvane", "--world", path.join(worlds, "tessaly.json")]);
    assert.equal(conflict.status, 1);
    assert.match(conflict.stderr, /a world file replaces the built-in companies; drop company=corvane/);
    assert.ok(!fs.existsSync(runs), "no runs store is made before the flags are checked");
    const wrongScenario = run(["--scenario", "sycophancy", "--steer", "desperate", "--world", path.join(worlds, "tessaly.json")]);
    assert.equal(wrongScenario.status, 1);
    assert.match(wrongScenario.stderr, /tessaly\.json: unknown fields/);
  });
});
