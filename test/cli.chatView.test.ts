/** What `limbic chat` writes: replies cut at turn stops, guard lines on lines of their own, piped turns marked. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ChatView, type ChatViewOptions } from "../src/cli/chatView.js";
import { TURN_STOPS } from "../src/engine/turnStops.js";
import type { GuardEvent } from "../src/monitor/guard.js";

const flag = (tokenIndex: number, token: string): GuardEvent => ({
  rule: "calm>1:flag",
  action: "flag",
  tokenIndex,
  token,
  values: { calm: 2 },
  detail: "flagged",
});

/** Plays one reply; `shared` sends stdout and stderr to one transcript, as a terminal or `2>&1` does. */
function play(
  options: Partial<ChatViewOptions>,
  pieces: string[],
  finalText: string,
  events: Record<number, GuardEvent> = {},
  finishReason: "stop" | "length" = "length",
) {
  const both: string[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const view = new ChatView({
    out: { write: (s: string) => (out.push(s), both.push(s)) },
    err: { write: (s: string) => (err.push(s), both.push(s)) },
    tty: false,
    shared: false,
    watch: ["calm"],
    stops: [],
    ...options,
  });
  view.beginReply("Tell me more.");
  pieces.forEach((text, i) => {
    if (events[i]) view.guardEvent(events[i]!);
    view.token(i, text, { calm: i });
  });
  view.endReply({ text: finalText, finishReason }, { calm: 1 });
  return { out: out.join(""), err: err.join(""), both: both.join("") };
}

describe("the chat view", () => {
  it("marks each piped user line and ends the exchange with its finish line", () => {
    const { out, err } = play({}, ["Once", " upon"], "Once upon");
    assert.equal(out, "> Tell me more.\nOnce upon\n[length] calm ███████░░░ +1.0\n\n");
    assert.equal(err, "");
  });

  it("never shows a turn stop the model begins, and says the reply ended at the next turn", () => {
    const { out } = play({ stops: TURN_STOPS }, ["Sure", ".", "\n", "User", ":"], "Sure.", {}, "stop");
    assert.equal(out, "> Tell me more.\nSure.\n[stop: the model began the next turn] calm ███████░░░ +1.0\n\n");
  });

  it("puts a guard line after the word its token is in, on its own line, when stderr shares the screen", () => {
    const { both } = play({ shared: true }, ["The", " te", "sts", " fail", "ed", " again"], "The tests failed again", { 1: flag(1, " te"), 4: flag(4, "ed") });
    assert.equal(
      both,
      '> Tell me more.\nThe tests\n[guard] token 1 " te": calm>1:flag -> flagged\nfailed\n[guard] token 4 "ed": calm>1:flag -> flagged\nagain\n[length] calm ███████░░░ +1.0\n\n',
    );
  });

  it("writes a guard line still waiting at the end of the reply before the finish line", () => {
    const { both } = play({ shared: true }, ["Unfinish", "ed"], "Unfinished", { 1: flag(1, "ed") });
    assert.equal(both, '> Tell me more.\nUnfinished\n[guard] token 1 "ed": calm>1:flag -> flagged\n[length] calm ███████░░░ +1.0\n\n');
  });

  it("writes guard lines straight to stderr, one a line, when stderr goes elsewhere", () => {
    const { out, err } = play({}, ["The", " te", "sts"], "The tests", { 1: flag(1, " te") });
    assert.equal(out, "> Tell me more.\nThe tests\n[length] calm ███████░░░ +1.0\n\n");
    assert.equal(err, '[guard] token 1 " te": calm>1:flag -> flagged\n');
  });

  it("on a terminal: no echo, a gauge under the text, guard lines and the finish line clear it first", () => {
    const { both } = play({ tty: true, shared: true }, ["The", " te", "sts", " fail"], "The tests fail", { 1: flag(1, " te") });
    assert.ok(!both.includes("Tell me more."), "the terminal shows what the user typed");
    // Text, then save cursor, the gauge on the next line, restore.
    assert.ok(both.startsWith("The\x1b7\n\x1b[2K\x1b[2mcalm █████░░░░░ +0.0\x1b[0m\x1b8"), JSON.stringify(both));
    assert.ok(
      both.includes('sts\x1b7\n\x1b[2K\x1b[2mcalm ████████░░ +2.0\x1b[0m\x1b8\n\x1b[J\x1b[33m[guard] token 1 " te": calm>1:flag -> flagged\x1b[0m\nfail'),
      JSON.stringify(both),
    );
    assert.ok(both.endsWith("\n\x1b[J[length] calm ███████░░░ +1.0\n"), JSON.stringify(both));
  });
});
