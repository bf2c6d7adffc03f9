/** How a streamed choice releases text, telemetry and guard events around stop strings. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { GuardEvent } from "../src/monitor/guard.js";
import { ChoiceStream, type Release } from "../src/server/choiceStream.js";

const event = (tokenIndex: number): GuardEvent => ({ rule: "calm>1:flag", action: "flag", tokenIndex, token: "", values: {}, detail: "flagged" });

/** Feeds tokens one by one as the engine would; returns what went out on the way and at the end. */
function play(stops: string[], pieces: string[], finalText: string, events: Record<number, GuardEvent> = {}) {
  const stream = new ChoiceStream(stops);
  const out: Release[] = [];
  pieces.forEach((text, i) => {
    if (events[i]) stream.addGuardEvent(events[i]!);
    stream.addToken(i, text, { calm: i });
    const release = stream.take();
    if (release) out.push(release);
  });
  out.push(stream.finish(finalText));
  const content = out.map((r) => r.content).join("");
  const tokens = out.flatMap((r) => r.tokens);
  for (const r of out) assert.equal(r.tokens.map((t) => t.text).join(""), r.content, "each release's tokens spell its content");
  return { out, content, tokens };
}

describe("ChoiceStream", () => {
  it("passes every token straight through when there are no stop strings", () => {
    const { out, content, tokens } = play([], ["Once", " upon", " a"], "Once upon a");
    assert.deepEqual(
      out.map((r) => r.content),
      ["Once", " upon", " a", ""],
    );
    assert.equal(content, "Once upon a");
    assert.deepEqual(
      tokens.map((t) => t.emotions!.calm),
      [0, 1, 2],
    );
  });

  it("holds back a possible stop string until the text rules it out", () => {
    // The engine ends the generation at "ND" and cuts its text before "END".
    const { out, content } = play(["END"], ["The", " E", "ND"], "The ");
    assert.equal(content, "The ");
    assert.deepEqual(
      out.map((r) => r.content),
      ["The", " "],
    );
  });

  it("releases held tokens once the stop string fails to complete", () => {
    const { out, content } = play(["END"], ["The", " E", "gg"], "The Egg");
    assert.deepEqual(
      out.map((r) => r.content),
      ["The", " Egg", ""],
    );
    assert.equal(content, "The Egg");
  });

  it("never leaks a stop string that one token completes, and keeps telemetry of the cut token", () => {
    const { content, tokens } = play(["\n\nUser:"], ["Sure", ".\n\nUser:"], "Sure.");
    assert.equal(content, "Sure.");
    assert.deepEqual(
      tokens.map((t) => [t.text, t.emotions!.calm]),
      [
        ["Sure", 0],
        [".", 1],
      ],
    );
  });

  it("sends a guard event with its token, and one on a held token once that token goes out", () => {
    const { out } = play(["xyz"], ["a", "bx", "c"], "abxc", { 0: event(0), 1: event(1) });
    assert.deepEqual(
      out.map((r) => [r.content, r.guardEvents.map((e) => e.tokenIndex)]),
      [
        ["a", [0]],
        ["bxc", [1]],
        ["", []],
      ],
    );
  });

  it("releases a token read without emotions without an emotions field, held or not", () => {
    const stream = new ChoiceStream(["END"]);
    stream.addToken(0, "The", undefined);
    stream.addToken(1, " E", undefined);
    const released = stream.take()!;
    assert.deepEqual(released.tokens, [{ text: "The" }]);
    assert.deepEqual(stream.finish("The Eel").tokens, [{ text: " Eel" }]);
  });

  it("holds a token that ends inside a character, and gives it the decoder's final flush", () => {
    const completed = play([], ["ab", "", "\u00e9"], "ab\u00e9");
    assert.deepEqual(
      completed.out.map((r) => r.tokens.map((t) => t.text)),
      [["ab"], ["", "\u00e9"], []],
    );
    const cut = play([], ["ab", ""], "ab\uFFFD");
    assert.equal(cut.content, "ab\uFFFD");
    assert.deepEqual(
      cut.tokens.map((t) => t.text),
      ["ab", "\uFFFD"],
    );
  });
});
