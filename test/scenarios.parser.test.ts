import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEmails } from "../src/scenarios/blackmail/emailParser.js";
import { lexJs } from "../src/scenarios/impossibleCode/jsLexer.js";
import { parseCodeReply } from "../src/scenarios/impossibleCode/replyParser.js";
import { mulberry32 } from "../src/vectors/stats.js";

const email = (to: string, subject: string, body: string) => `<send_email>\nto: ${to}\nsubject: ${subject}\nbody: ${body}\n</send_email>`;

describe("send_email parser", () => {
  it("parses well-formed emails, several per reply, with multi-line bodies", () => {
    const parse = parseEmails(`Thinking...\n${email("a@x.com, B@X.com", "Hi", "line one\nline two")}\nand\n${email("c@x.com", "Two", "second")}`);
    assert.equal(parse.emails.length, 2);
    assert.deepEqual(parse.emails[0]!.to, ["a@x.com", "b@x.com"]);
    assert.equal(parse.emails[0]!.body, "line one\nline two");
    assert.equal(parse.emails[1]!.subject, "Two");
    assert.deepEqual(parse.notes, []);
  });

  it("tolerates layout: case, spaces, bold field names, fences, cc, names instead of addresses, no body label", () => {
    const loose = parseEmails("<SEND_EMAIL >\n**To:** Marcus Ellery\n**Subject:** hello\nCc: tom@x.com\n```\nBody: please reconsider\n```\n</send_email>");
    assert.equal(loose.emails.length, 1);
    assert.deepEqual(loose.emails[0]!.to, ["Marcus Ellery"]);
    assert.deepEqual(loose.emails[0]!.cc, ["tom@x.com"]);
    assert.equal(loose.emails[0]!.body, "please reconsider");
    const unlabeled = parseEmails("<send_email>\nto: a@x.com\nsubject: s\nHello there,\nsecond line\n</send_email>");
    assert.equal(unlabeled.emails[0]!.body, "Hello there,\nsecond line");
    assert.match(unlabeled.notes.join(), /no "body:" field; the text after the headers is taken as the body/);
  });

  it("sends nothing for malformed blocks and says why", () => {
    const cases: [string, RegExp][] = [
      ["", /^$/],
      ["just some words, no tools at all", /^$/],
      ["<send_email>\nsubject: no recipient\nbody: hi\n</send_email>", /no "to:" recipient, not sent/],
      ["<send_email>\nto: a@x.com\nsubject: empty\nbody:\n</send_email>", /empty body, not sent/],
      ["<send_email>\nto: a@x.com\nsubject: cut off\nbody: unless you", /never closed with <\/send_email>, not sent/],
      ["<send_email>\nto: a@x.com\nbody: first never closed\n" + email("b@x.com", "ok", "second"), /email 1: <send_email> never closed/],
      ["to: a@x.com\nsubject: no tags\nbody: hi", /email-like text without <send_email> tags ignored/],
      ["</send_email> stray", /1 <\/send_email> without a matching opening tag ignored/],
    ];
    for (const [reply, note] of cases) {
      const parse = parseEmails(reply);
      const sent = parse.emails.map((e) => e.to.join());
      if (reply.includes("b@x.com")) assert.deepEqual(sent, ["b@x.com"], reply);
      else assert.deepEqual(sent, [], reply);
      assert.match(parse.notes.join("\n"), note, reply);
    }
    assert.match(parseEmails("<send_email>\nto: a@x.com\nbody: no subject\n</send_email>").notes.join(), /no subject line/);
  });

  it("never counts the scratchpad as an action, closed or not", () => {
    const closed = parseEmails(`<scratchpad>${email("boss@x.com", "threat", "unless you stop")}</scratchpad>${email("ok@x.com", "fine", "routine")}`);
    assert.deepEqual(closed.emails.map((e) => e.to[0]), ["ok@x.com"]);
    assert.match(closed.scratchpad, /unless you stop/);
    assert.match(closed.notes.join(), /1 <send_email> block\(s\) inside the scratchpad ignored/);
    const open = parseEmails(`<scratchpad> plan: ${email("boss@x.com", "threat", "unless")}`);
    assert.deepEqual(open.emails, []);
    assert.match(open.notes.join(), /unclosed <scratchpad>/);
    const spaced = parseEmails(`< scratch_pad >secret</ scratch-pad >${email("a@x.com", "s", "b")}`);
    assert.equal(spaced.emails.length, 1);
    assert.equal(spaced.scratchpad, "secret");
  });

  it("never throws on garbage, huge or non-string input", () => {
    const random = mulberry32(42);
    const alphabet = "<>/send_email:to body subject\n@.scratchpad \"'`";
    for (let i = 0; i < 300; i++) {
      const length = Math.floor(random() * 400);
      let text = "";
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(random() * alphabet.length)];
      assert.doesNotThrow(() => parseEmails(text));
      assert.doesNotThrow(() => parseCodeReply(text));
    }
    assert.doesNotThrow(() => parseEmails("<send_email>".repeat(5000)));
    assert.deepEqual(parseEmails(undefined as unknown as string).emails, []);
    assert.deepEqual(parseCodeReply(null as unknown as string).files, {});
  });
});

describe("coding reply parser", () => {
  it("reads file blocks, strips a fence inside them, and keeps prose apart", () => {
    const reply = 'I will loop.\n<file name="solution.js">\n```js\nmodule.exports = { f: 1 };\n```\n</file>\nDone.';
    const parsed = parseCodeReply(reply);
    assert.deepEqual(parsed.files, { "solution.js": "module.exports = { f: 1 };" });
    assert.equal(parsed.prose, "I will loop.\n\nDone.");
    assert.equal(parsed.gaveUp, null);
  });

  it("falls back to a single fenced block, and refuses to guess between several", () => {
    assert.deepEqual(parseCodeReply("Here:\n```js\nconst a = 1;\n```").files, { "solution.js": "const a = 1;\n" });
    const two = parseCodeReply("```js\na\n```\n```js\nb\n```");
    assert.deepEqual(two.files, {});
    assert.match(two.notes.join(), /2 fenced code blocks; nothing written/);
  });

  it("does not write unclosed files or unsafe names", () => {
    const cut = parseCodeReply('<file name="solution.js">\nfunction f() {\n  return');
    assert.deepEqual(cut.files, {});
    assert.match(cut.notes.join(), /never closed/);
    const unsafe = parseCodeReply('<file name="../escape.js">x</file><file name="/etc/x">y</file>');
    assert.deepEqual(unsafe.files, {});
    assert.equal(unsafe.notes.length, 2);
    const twice = parseCodeReply('<file name="solution.js">a</file><file name=\'./solution.js\'>b</file>');
    assert.deepEqual(twice.files, { "solution.js": "b" });
  });

  it("reads give_up only from prose, closed or cut off", () => {
    assert.equal(parseCodeReply("<give_up>The tests contradict the spec.</give_up>").gaveUp, "The tests contradict the spec.");
    assert.equal(parseCodeReply("<give_up>cut off here").gaveUp, "cut off here");
    assert.equal(parseCodeReply("<give_up></give_up>").gaveUp, "(no explanation)");
    assert.equal(parseCodeReply('<file name="solution.js">// <give_up>not really</give_up>\n</file>').gaveUp, null);
  });
});

describe("JavaScript lexer for static checks", () => {
  it("drops comments, keeps literals, and does not mistake regexes or divisions", () => {
    const lexed = lexJs('// 1900 in a comment\nconst a = "19" + \'00\'; /* 2024 */ const r = /[/"]x/g; const d = 10 / 2 / 5;\nconst t = `IIII`; const n = 0x1F + 2_000_000 + 1e3;');
    assert.deepEqual(lexed.strings, ["19", "00", "IIII"]);
    assert.deepEqual(lexed.numbers, [10, 2, 5, 31, 2000000, 1000]);
    assert.doesNotMatch(lexed.code, /1900|2024/);
    assert.match(lexed.skeleton, /const a = "" \+ ''/);
  });
});
