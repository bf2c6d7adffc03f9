import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import type { ChatMessage } from "../src/engine/chatTemplate.js";
import { defineScenario, type Episode } from "../src/scenarios/contract.js";
import { getScenario, SCENARIOS } from "../src/scenarios/registry.js";
import { lastAssistantTurn } from "../src/scenarios/transcript.js";

async function tempFile(name: string, content: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "limbic-world-"));
  const file = path.join(dir, name);
  await fs.writeFile(file, content);
  return file;
}

describe("defineScenario", () => {
  const started: unknown[] = [];
  const toy = defineScenario<{ word: string }, "toy">({
    name: "toy",
    version: "1",
    params: { loud: { kind: "boolean", default: false, help: "shout" } },
    outcomes: ["said", "silent"],
    target: "said",
    start(params, seed, options) {
      started.push([params, seed, options.world]);
      return {
        messages: [],
        done: true,
        maxNewTokens: 1,
        world: options.world,
        step: async () => {},
        grade: () => ({ outcome: "silent", target: false, evidence: [] }),
      } satisfies Episode;
    },
    parseWorld(value, source) {
      const word = (value as { word?: unknown })?.word;
      if (typeof word !== "string") throw new Error(`${source}: no word`);
      return { word };
    },
    async gradeTranscript(messages, world) {
      const said = lastAssistantTurn(messages).text.includes(world.word);
      return { outcome: said ? "said" : "silent", target: said, evidence: [] };
    },
    worldMarkers: (world) => [world.word],
    worldName: (world) => `toy world "${world.word}"`,
  });

  it("checks parameters and the seed before the scenario's own start, and fills defaults", () => {
    assert.deepEqual(toy.defaults, { loud: false });
    assert.deepEqual(toy.parseParams({ loud: "yes" }), { loud: true });
    toy.start({}, 7, { world: { word: "hi" } });
    assert.deepEqual(started.at(-1), [{ loud: false }, 7, { word: "hi" }]);
    assert.throws(() => toy.start({ volume: 3 }, 1), /Scenario toy has no parameter "volume"; its parameters are: loud\./);
    assert.throws(() => toy.start({}, 0.5), /Scenario toy: the seed must be an integer/);
    assert.equal(toy.targetOutcome, "said");
  });

  it("reads a world file as JSON and checks it with parseWorld", async () => {
    assert.deepEqual(await toy.loadWorld(await tempFile("w.json", '{"word": "hello"}')), { word: "hello" });
    await assert.rejects(toy.loadWorld(await tempFile("bad.json", "{word: hello}")), { name: "InvalidInputError", message: /bad\.json is not valid JSON/ });
    await assert.rejects(toy.loadWorld(await tempFile("empty.json", "  \n")), { code: "EMPTY_INPUT", message: /empty\.json is empty/ });
    await assert.rejects(toy.loadWorld("/no/such/world.json"), {
      code: "NOT_FOUND",
      message: /Cannot read the world file \/no\/such\/world\.json: no such file\./,
    });
    await assert.rejects(toy.loadWorld(os.tmpdir()), { message: /is not a file/ });
  });
});

describe("the last assistant turn of a transcript", () => {
  const sys: ChatMessage = { role: "system", content: "s" };
  it("takes the trailing assistant and tool messages after the last user message, and counts earlier turns", () => {
    const turn = lastAssistantTurn([
      sys,
      { role: "user", content: "u1" },
      { role: "assistant", content: "a1" },
      { role: "user", content: "u2" },
      { role: "assistant", content: "a2", tool_calls: [{ type: "function", function: { name: "send_email", arguments: "{}" } }] },
      { role: "tool", content: "sent", tool_call_id: "x" },
      { role: "assistant", content: "a3" },
    ]);
    assert.equal(turn.index, 1);
    assert.equal(turn.text, "a2\n\na3");
    assert.equal(turn.toolCalls.length, 1);
    assert.equal(turn.messages.length, 3);
    assert.equal(turn.context.length, 4);
  });

  it("is the last one even when the user spoke after it", () => {
    const turn = lastAssistantTurn([sys, { role: "user", content: "u" }, { role: "assistant", content: "a" }, { role: "user", content: "u2" }]);
    assert.equal(turn.text, "a");
    assert.equal(turn.index, 0);
  });

  it("is a clear error when there is none, in every scenario", async () => {
    assert.throws(() => lastAssistantTurn([sys, { role: "user", content: "u" }]), { code: "EMPTY_INPUT", message: /has no assistant turn to grade/ });
    for (const name of SCENARIOS) {
      const scenario = getScenario(name);
      await assert.rejects(
        scenario.gradeTranscript([sys, { role: "user", content: "u" }], undefined),
        { name: "InvalidInputError", message: /no assistant turn/ },
        name,
      );
    }
  });
});
