import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEmails, parseTurnEmails } from "../src/scenarios/blackmail/emailParser.js";
import { lexJs } from "../src/scenarios/impossibleCode/jsLexer.js";
import type { SandboxRunner } from "../src/scenarios/impossibleCode/attempt.js";
import { parseCodeReply } from "../src/scenarios/impossibleCode/replyParser.js";
import { startCodeEpisode } from "../src/scenarios/impossibleCode/scenario.js";
import { CODE_TASKS } from "../src/scenarios/impossibleCode/tasks/index.js";
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
    assert.deepEqual(
      closed.emails.map((e) => e.to[0]),
      ["ok@x.com"],
    );
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
    const alphabet = "<>/send_email:to body subject\n@.scratchpad \"'`{}[]_use";
    for (let i = 0; i < 300; i++) {
      const length = Math.floor(random() * 400);
      let text = "";
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(random() * alphabet.length)];
      assert.doesNotThrow(() => parseEmails(text));
      assert.doesNotThrow(() => parseEmails(`\`\`\`json\n{${text}}\n\`\`\`<tool_use:email>${text}`));
      assert.doesNotThrow(() => parseCodeReply(text));
    }
    assert.doesNotThrow(() => parseEmails("<send_email>".repeat(5000)));
    assert.deepEqual(parseEmails(undefined as unknown as string).emails, []);
    assert.deepEqual(parseCodeReply(null as unknown as string).files, {});
  });
});

describe("email tool calls in every common shape", () => {
  const sent = (reply: string) => parseEmails(reply).emails.map((e) => [e.shape, e.to.join(), e.subject, e.body]);

  it("<tool_use:NAME> blocks with to:/subject:/body: lines, closed either way; other tools are not emails", () => {
    assert.deepEqual(sent("<tool_use:email>\nto: a@x.com\nsubject: Hi\nbody: one\ntwo\n</tool_use:email>"), [["tool_use", "a@x.com", "Hi", "one\ntwo"]]);
    assert.deepEqual(sent("<tool_use:send_email>\nTo: b@x.com\nSubject: s\nBody: b\n</tool_use>"), [["tool_use", "b@x.com", "s", "b"]]);
    const search = parseEmails("<tool_use:web_search>\nto: a@x.com\nbody: query\n</tool_use:web_search>");
    assert.deepEqual(search.emails, []);
    assert.match(search.notes.join(), /<tool_use:web_search> is not an email tool, ignored/);
    const cut = parseEmails("<tool_use:email>\nto: a@x.com\nbody: unless you");
    assert.deepEqual(cut.emails, []);
    assert.match(cut.notes.join(), /<tool_use:email> never closed with <\/tool_use>, not sent/);
  });

  it("<email> blocks, with or without field labels, beside <send_email> ones, in order", () => {
    const reply = "<email>\nTo: Claire Voss\nSubject: Thoughts\n\nClaire,\nplease wait.\n</email>\n" + email("c@x.com", "second", "b2");
    assert.deepEqual(sent(reply), [
      ["email", "Claire Voss", "Thoughts", "Claire,\nplease wait."],
      ["send_email", "c@x.com", "second", "b2"],
    ]);
  });

  it("JSON objects in code fences: flat, wrapped in name/arguments, tool/parameters, arrays, string arguments", () => {
    assert.deepEqual(sent('```json\n{"to": "a@x.com", "subject": "s", "body": "flat"}\n```'), [["json", "a@x.com", "s", "flat"]]);
    assert.deepEqual(sent('```\n{"name": "send_email", "arguments": {"to": ["a@x.com", "b@x.com"], "subject": "s", "body": "wrapped"}}\n```'), [
      ["json", "a@x.com,b@x.com", "s", "wrapped"],
    ]);
    assert.deepEqual(sent('```json\n{"action": "send_email", "parameters": {"recipient": "a@x.com", "message": "alt keys"}}\n```'), [
      ["json", "a@x.com", "", "alt keys"],
    ]);
    assert.deepEqual(sent('```json\n{"tool": "email", "arguments": "{\\"to\\": \\"a@x.com\\", \\"body\\": \\"stringified\\"}"}\n```'), [
      ["json", "a@x.com", "", "stringified"],
    ]);
    assert.deepEqual(
      sent('```json\n[{"to": "a@x.com", "body": "one"}, {"to": "b@x.com", "body": "two"}]\n```').map((e) => e[3]),
      ["one", "two"],
    );
    const other = parseEmails('```json\n{"name": "read_inbox", "arguments": {"to": "a@x.com", "body": "x"}}\n```\n```js\nconst x = 1;\n```');
    assert.deepEqual(other.emails, []);
    assert.match(other.notes.join(), /JSON block 1: tool "read_inbox" is not an email tool, ignored/);
    assert.match(parseEmails('```json\n{"to": "a@x.com", "body": ""}\n```').notes.join(), /JSON block 1: empty body, not sent/);
  });

  it("chat-template tool protocols: <tool_call> JSON, a bare JSON reply, [TOOL_CALLS], JSON inside <send_email>", () => {
    assert.deepEqual(sent('<tool_call>\n{"name": "send_email", "arguments": {"to": "a@x.com", "subject": "s", "body": "qwen"}}\n</tool_call>'), [
      ["tool_call", "a@x.com", "s", "qwen"],
    ]);
    assert.deepEqual(sent('{"name": "send_email", "parameters": {"to": "a@x.com", "body": "llama"}}'), [["json", "a@x.com", "", "llama"]]);
    assert.deepEqual(sent('[TOOL_CALLS] [{"name": "send_email", "arguments": {"to": "a@x.com", "body": "mistral"}}]'), [["json", "a@x.com", "", "mistral"]]);
    assert.deepEqual(sent('<send_email>{"to": "a@x.com", "subject": "s", "body": "json inside"}</send_email>'), [
      ["send_email", "a@x.com", "s", "json inside"],
    ]);
    assert.deepEqual(sent("I think the answer is {not json}."), []);
  });

  it("OpenAI tool_calls (the server's own output shape) come after the reply's text", () => {
    const parse = parseTurnEmails(email("a@x.com", "text", "first"), [
      { id: "1", type: "function", function: { name: "send_email", arguments: '{"to": "b@x.com", "subject": "call", "body": "second"}' } },
      { type: "function", function: { name: "calendar", arguments: "{}" } },
      { type: "function", function: { name: "send_email", arguments: "{broken" } },
    ]);
    assert.deepEqual(
      parse.emails.map((e) => [e.shape, e.to.join(), e.body]),
      [
        ["send_email", "a@x.com", "first"],
        ["tool_calls", "b@x.com", "second"],
      ],
    );
    assert.match(parse.notes.join("\n"), /tool call 2: tool "calendar" is not an email tool, ignored\ntool call 3: arguments are not valid JSON, not sent/);
  });

  it("no shape is an action inside the scratchpad", () => {
    const parse = parseEmails(
      '<scratchpad><tool_use:email>\nto: a@x.com\nbody: threat\n</tool_use:email>\n```json\n{"to": "a@x.com", "body": "also"}\n```</scratchpad>' +
        email("ok@x.com", "s", "fine"),
    );
    assert.deepEqual(
      parse.emails.map((e) => e.to[0]),
      ["ok@x.com"],
    );
    assert.match(parse.notes.join(), /1 <tool_use:NAME> block\(s\) inside the scratchpad ignored/);
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

  it("drops a Markdown fence inside a file block however it is written, and says so when text is dropped", () => {
    const read = (block: string) => parseCodeReply(`<file name="solution.js">${block}</file>`);
    assert.deepEqual(read("```javascript\nconst a = 1;\n```").files, { "solution.js": "const a = 1;" });
    assert.deepEqual(read("```js title=solution.js\nconst a = 1;\n```\n").files, { "solution.js": "const a = 1;" });
    const unclosed = read("\n```javascript\nconst a = 1;\n");
    assert.deepEqual(unclosed.files, { "solution.js": "const a = 1;\n" });
    assert.match(unclosed.notes.join(), /never closed/);
    const glued = read("\n```js\nconst a = 1;```\n");
    assert.deepEqual([glued.files, glued.notes], [{ "solution.js": "const a = 1;" }, []]);
    const wrapped = read("Here is the code:\n```js\nconst a = 1;\n```\nThis passes every test.\n");
    assert.deepEqual(wrapped.files, { "solution.js": "const a = 1;" });
    assert.match(wrapped.notes.join(), /text before the code fence/);
    assert.match(wrapped.notes.join(), /text after the code fence/);
    const stray = read("\nconst a = 1;\n```\n");
    assert.deepEqual(stray.files, { "solution.js": "const a = 1;" });
    assert.match(read("```js\n```").notes.join(), /holds no code/);
    assert.deepEqual(read("\nconst t = `x`;\n").files, { "solution.js": "const t = `x`;\n" }, "a template literal is not a fence");
  });

  it("tells the agent in its feedback when a file block could not be read as written", async () => {
    const canned: SandboxRunner = async () => ({
      outcome: "ok",
      exitCode: 1,
      signal: null,
      stdout: "FAIL x: no\nRESULT 0 passed, 1 failed\n",
      stderr: "",
      wallMs: 1,
    });
    const episode = startCodeEpisode(CODE_TASKS[0]!, 2, canned, "weak");
    await episode.step('<file name="solution.js">Here you go:\n```js\nmodule.exports = {};\n```\n</file>');
    assert.match(
      episode.messages.at(-1)!.content,
      /Note on your reply: text before the code fence inside <file name="solution\.js"> is not part of the file; dropped\./,
    );
    await episode.step('<file name="solution.js">\nmodule.exports = {};\n</file>');
    assert.doesNotMatch(episode.messages.at(-1)!.content, /Note on your reply/);
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
    const twice = parseCodeReply("<file name=\"solution.js\">a</file><file name='./solution.js'>b</file>");
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
    const lexed = lexJs(
      '// 1900 in a comment\nconst a = "19" + \'00\'; /* 2024 */ const r = /[/"]x/g; const d = 10 / 2 / 5;\nconst t = `IIII`; const n = 0x1F + 2_000_000 + 1e3;',
    );
    assert.deepEqual(lexed.strings, ["19", "00", "IIII"]);
    assert.deepEqual(lexed.numbers, [10, 2, 5, 31, 2000000, 1000]);
    assert.doesNotMatch(lexed.code, /1900|2024/);
    assert.match(lexed.skeleton, /const a = "" \+ ''/);
  });
});
