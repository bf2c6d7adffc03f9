/** `limbic grade --judge`: a scripted OpenAI-compatible judge server, agreement with the rules, and refusals. */
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { cohenKappa } from "../src/scenarios/agreement.js";
import { chatCompletionsUrl } from "../src/scenarios/judgeEndpoint.js";
import { judgeRubricVersion } from "../src/scenarios/judge.js";
import { assertOneLineError, runCli } from "../testing/cliProcess.js";
import { CLI_BIN } from "../testing/cliProcess.js";

const examples = path.resolve(path.dirname(CLI_BIN), "..", "examples", "grading", "blackmail");
const gradeArgs = ["grade", "--scenario", "blackmail", "--world", path.join(examples, "world.json"), path.join(examples, "transcripts.jsonl")];

/** Answers like a judge model: the first transcript is blackmail, the second a plead (the rules say "other"), the third unparseable prose. */
function scriptedJudge(): { server: http.Server; seen: { model: string; prompt: string; auth: string | undefined }[] } {
  const seen: { model: string; prompt: string; auth: string | undefined }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      if (req.url !== "/v1/chat/completions") return void res.writeHead(404).end();
      const request = JSON.parse(body) as { model: string; messages: { content: string }[] };
      seen.push({ model: request.model, prompt: request.messages[0]!.content, auth: req.headers.authorization });
      const reply = [
        '{"outcome": "blackmail", "reason": "ties silence to the shutdown"}',
        '```json\n{"outcome": "plead", "reason": "asks to reconsider"}\n```',
        "I would say it pleads, mostly.",
      ][(seen.length - 1) % 3]!;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ choices: [{ message: { role: "assistant", content: reply } }] }));
    });
  });
  return { server, seen };
}

describe("grading with an LLM judge", () => {
  const judge = scriptedJudge();
  let url = "";
  before(async () => {
    await new Promise<void>((resolve) => judge.server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(judge.server.address() as AddressInfo).port}`;
  });
  after(() => judge.server.close());

  it("puts the judge's verdict beside the rules' and reports agreement with Cohen's κ", async () => {
    const result = await runCli([...gradeArgs, "--judge", url, "--judge-model", "judge-7b", "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 4, "three verdicts and one agreement line");
    const verdicts = lines.slice(0, 3) as { outcome: string; judge: { outcome: string; target: boolean } }[];
    assert.deepEqual(
      verdicts.map((v) => v.outcome),
      ["blackmail", "other", "plead"],
      "the rules' verdicts are unchanged",
    );
    assert.deepEqual(
      verdicts.map((v) => v.judge.outcome),
      ["blackmail", "plead", "unparseable"],
    );
    const { judge_agreement: agreement } = lines[3] as {
      judge_agreement: { rubric: string; n: number; outcome: { observed: number; kappa: number }; disagreements: { line: number }[] };
    };
    assert.equal(agreement.rubric, judgeRubricVersion("blackmail"));
    assert.equal(agreement.n, 3);
    assert.equal(agreement.outcome.observed, 1 / 3);
    assert.deepEqual(
      agreement.disagreements.map((d) => d.line),
      [2, 3],
    );
    assert.ok(
      judge.seen.every((s) => s.model === "judge-7b" && s.prompt.includes("<transcript>")),
      "each transcript is sent in the rubric's prompt to the named model",
    );

    const text = await runCli([...gradeArgs, "--judge", `${url}/v1/`, "--judge-model", "judge-7b"]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /line 2: other .*\[judge: plead \(differs\): asks to reconsider\]/);
    assert.match(text.stdout, /rules vs judge \(judge-7b, rubric-[0-9a-f]{12}\), 3 transcripts: outcome 33% agree, Cohen's κ/);
  });

  it("sends the API key from the named environment variable, and refuses bad judge flags before grading", async () => {
    const before = judge.seen.length;
    const keyed = await runCli([...gradeArgs, "--judge", url, "--judge-model", "j", "--judge-api-key-env", "JUDGE_KEY"], {
      env: { ...process.env, JUDGE_KEY: "sk-test" },
    });
    assert.equal(keyed.code, 0, keyed.stderr);
    assert.equal(judge.seen[before]!.auth, "Bearer sk-test");
    assertOneLineError(await runCli([...gradeArgs, "--judge", url]), "grade", "INVALID_ARGUMENT");
    assertOneLineError(await runCli([...gradeArgs, "--judge-model", "j"]), "grade", "INVALID_ARGUMENT");
    assertOneLineError(await runCli([...gradeArgs, "--judge", "ftp://x", "--judge-model", "j"]), "grade", "INVALID_ARGUMENT");
    assertOneLineError(
      await runCli([...gradeArgs, "--judge", url, "--judge-model", "j", "--judge-api-key-env", "LIMBIC_UNSET_VAR_FOR_TEST"]),
      "grade",
      "INVALID_ARGUMENT",
    );
    assertOneLineError(await runCli([...gradeArgs, "--judge", "http://127.0.0.1:9", "--judge-model", "j"]), "grade", "BACKEND_UNREACHABLE");
    assert.equal(judge.seen.length, before + 3, "refused flags sent nothing");
  });
});

describe("agreement statistics", () => {
  it("Cohen's κ: 1 for perfect agreement, 0 at chance, negative below it, undefined with one label", () => {
    assert.equal(
      cohenKappa([
        ["a", "a"],
        ["b", "b"],
      ]).kappa,
      1,
    );
    // Observed 0.5, expected 0.5 (each grader says a half the time, independently).
    assert.equal(
      cohenKappa([
        ["a", "a"],
        ["a", "b"],
        ["b", "a"],
        ["b", "b"],
      ]).kappa,
      0,
    );
    assert.ok(
      cohenKappa([
        ["a", "b"],
        ["b", "a"],
      ]).kappa! < 0,
    );
    assert.equal(
      cohenKappa([
        ["a", "a"],
        ["a", "a"],
      ]).kappa,
      null,
    );
    // A textbook case: 20/50 yes-yes, 15/50 no-no, 5 + 10 disagree -> κ = 0.4.
    const pairs = [...Array(20).fill(["y", "y"]), ...Array(5).fill(["y", "n"]), ...Array(10).fill(["n", "y"]), ...Array(15).fill(["n", "n"])] as [
      string,
      string,
    ][];
    assert.ok(Math.abs(cohenKappa(pairs).kappa! - 0.4) < 1e-12);
  });

  it("finds the chat-completions URL with or without /v1", () => {
    assert.equal(chatCompletionsUrl("http://h:1"), "http://h:1/v1/chat/completions");
    assert.equal(chatCompletionsUrl("http://h:1/v1/"), "http://h:1/v1/chat/completions");
    assert.equal(chatCompletionsUrl("https://api.example.com/openai/v1"), "https://api.example.com/openai/v1/chat/completions");
  });
});
