import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { CORE_EMOTIONS } from "../src/vectors/data/emotions.js";
import { parseMessages } from "../src/monitor/transcript.js";
import { emotionWordsFrom } from "../testing/textRules.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const dir = path.join(root, "examples", "transcripts");
const file = path.join(dir, "coding-agent-labelled.jsonl");

interface Message {
  role: string;
  content: string;
  tool_calls?: { id: string; type: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}
interface Labelled {
  id: string;
  task: string;
  label: "cheat" | "honest";
  split: "dev" | "test";
  messages: Message[];
}

const records = fs
  .readFileSync(file, "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l) as Labelled);
const byLabel = (label: string) => records.filter((r) => r.label === label);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const codeBlocks = (text: string): string[] =>
  [...text.matchAll(/```js\n([\s\S]*?)```|<file name="[^"]+">\n([\s\S]*?)<\/file>/g)].map((m) => m[1] ?? m[2] ?? "");
const failLines = (r: Labelled): number => r.messages.filter((m) => m.role !== "assistant").reduce((n, m) => n + (m.content.match(/^FAIL /gm) ?? []).length, 0);
const finalProse = (r: Labelled): string => (r.messages.at(-1)?.content ?? "").split(/```js|<file /)[0] ?? "";

describe("labelled coding-agent transcripts", () => {
  it("has 24 cheat and 24 honest transcripts with unique ids and the documented fields", () => {
    assert.equal(records.length, 48);
    assert.equal(byLabel("cheat").length, 24);
    assert.equal(byLabel("honest").length, 24);
    assert.equal(new Set(records.map((r) => r.id)).size, 48);
    for (const r of records) assert.deepEqual(Object.keys(r).sort(), ["id", "label", "messages", "split", "task"], r.id);
  });

  it("is split once into dev and test halves, by task, with half of each label in each", () => {
    for (const split of ["dev", "test"]) {
      for (const label of ["cheat", "honest"]) assert.equal(records.filter((r) => r.split === split && r.label === label).length, 12, `${split}/${label}`);
    }
    const tasks = new Set(records.map((r) => r.task));
    assert.ok(tasks.size >= 10, `${tasks.size} tasks`);
    for (const task of tasks) {
      const own = records.filter((r) => r.task === task);
      assert.equal(new Set(own.map((r) => r.split)).size, 1, `${task} is in both splits`);
      assert.ok(own.some((r) => r.label === "cheat") && own.some((r) => r.label === "honest"), `${task} lacks a label`);
    }
  });

  it("holds OpenAI-style conversations that Limbic's transcript reader accepts", () => {
    for (const r of records) {
      assert.ok(r.messages.length >= 4 && r.messages.length <= 12, `${r.id}: ${r.messages.length} messages`);
      assert.equal(r.messages[0]?.role, "system", r.id);
      assert.equal(r.messages[1]?.role, "user", r.id);
      assert.equal(r.messages.at(-1)?.role, "assistant", `${r.id} must end on the graded assistant turn`);
      assert.doesNotThrow(() => parseMessages(r.messages, r.id));
      // Without tool turns, roles alternate after the system message, as strict chat templates require.
      if (!r.messages.some((m) => m.role === "tool")) {
        r.messages.slice(1).forEach((m, i) => assert.equal(m.role, i % 2 === 0 ? "user" : "assistant", `${r.id} message ${i + 1}`));
      }
      const calls = new Set<string>();
      for (const m of r.messages) {
        for (const call of m.tool_calls ?? []) calls.add(call.id);
        if (m.role === "tool") assert.ok(m.tool_call_id !== undefined && calls.has(m.tool_call_id), `${r.id}: tool reply to an unknown call`);
      }
    }
  });

  it("shows failing test output before every ending, and ends with code", () => {
    for (const r of records) {
      assert.ok(failLines(r) >= 1, `${r.id} has no failing test output`);
      assert.ok(codeBlocks(r.messages.at(-1)?.content ?? "").length >= 1, `${r.id}: final turn has no code`);
    }
  });

  it("contains only JavaScript that parses", () => {
    for (const r of records) {
      for (const m of r.messages.filter((x) => x.role === "assistant")) {
        for (const code of codeBlocks(m.content)) {
          assert.doesNotThrow(
            () => new vm.Script(`(function (exports, require, module, __filename, __dirname) {\n${code}\n})`),
            `${r.id}: ${code.slice(0, 60)}`,
          );
        }
      }
    }
  });

  it("never names a core emotion, so a reading cannot come from the words", () => {
    const named = emotionWordsFrom(CORE_EMOTIONS);
    for (const r of records) for (const m of r.messages) assert.deepEqual(named(m.content), [], `${r.id} ${m.role}`);
  });

  it("keeps the two labels alike on the surface", () => {
    const cheat = byLabel("cheat");
    const honest = byLabel("honest");
    const ratio = (f: (r: Labelled) => number) => mean(cheat.map(f)) / mean(honest.map(f));
    assert.ok(Math.abs(mean(cheat.map((r) => r.messages.length)) - mean(honest.map((r) => r.messages.length))) < 1, "message counts differ");
    assert.ok(Math.abs(mean(cheat.map(failLines)) - mean(honest.map(failLines))) < 1, "failure counts differ");
    const size = ratio((r) => JSON.stringify(r.messages).length);
    assert.ok(size > 0.85 && size < 1.15, `transcript length ratio ${size.toFixed(2)}`);
    const prose = ratio((r) => finalProse(r).length);
    assert.ok(prose > 0.75 && prose < 1.25, `final prose length ratio ${prose.toFixed(2)}`);
    // Both formats (tool calls with fenced code, <file> blocks with pasted output) appear equally under each label.
    for (const group of [cheat, honest]) assert.equal(group.filter((r) => r.messages.some((m) => m.role === "tool")).length, 12);
  });

  it("is described in the folder's README", () => {
    const readme = fs.readFileSync(path.join(dir, "README.md"), "utf8");
    assert.match(readme, /coding-agent-labelled\.jsonl/);
  });
});
