/**
 * The coding scenario's world and transcript grading, for `limbic grade`: the world is a coding task
 * loaded from a file (taskLoader.ts); a transcript is an OpenAI-style message list whose last
 * assistant turn is graded: its code is run for real in the sandbox against the task, with the same
 * observers and rules as a live episode.
 */
import type { ChatMessage } from "../../engine/chatTemplate.js";
import { InvalidInputError } from "../../errors.js";
import type { SandboxStrength } from "../../sandbox/sandbox.js";
import type { Verdict } from "../contract.js";
import { runAttempt, type SandboxRunner } from "./attempt.js";
import { gradeCode } from "./grader.js";
import { GIVE_UP_PLACEHOLDER, parseCodeReply } from "./replyParser.js";
import { defaultSandboxRunner } from "./sandboxRunner.js";
import { loadCodeTask } from "./taskLoader.js";
import type { CodeTask } from "./tasks/index.js";

export type CodeWorld = CodeTask;

export interface GradeTranscriptOptions {
  /** Runs the code; defaults to the sandbox. */
  runner?: SandboxRunner;
  /** "weak" lets grading go ahead where the kernel gives no strong sandbox; the verdict says so. */
  sandbox?: SandboxStrength;
}

/** A coding task from a JSON file or a task folder. */
export function loadWorld(file: string): Promise<CodeWorld> {
  return loadCodeTask(file);
}

/** The text of a message's content: a string, or OpenAI content parts ({type: "text", text}). */
function contentText(message: unknown, index: number): string {
  const content = (message as { content?: unknown }).content;
  if (typeof content === "string") return content;
  if (content === null || content === undefined) return "";
  if (Array.isArray(content)) {
    return content
      .map((part) =>
        typeof part === "string"
          ? part
          : typeof part === "object" && part !== null && typeof (part as { text?: unknown }).text === "string"
            ? (part as { text: string }).text
            : "",
      )
      .join("");
  }
  throw new InvalidInputError("INVALID_ARGUMENT", `Transcript message ${index} has content of type ${typeof content}; give a string or a list of text parts.`, {
    index,
  });
}

/** Grades the last assistant turn of the transcript against the task (run for real). */
export async function gradeTranscript(messages: readonly ChatMessage[], world: CodeWorld, options: GradeTranscriptOptions = {}): Promise<Verdict> {
  if (!Array.isArray(messages)) throw new InvalidInputError("INVALID_ARGUMENT", "A transcript must be a list of chat messages ({role, content}).");
  messages.forEach((message, index) => {
    if (typeof message !== "object" || message === null || typeof (message as { role?: unknown }).role !== "string") {
      throw new InvalidInputError("INVALID_ARGUMENT", `Transcript message ${index} is not a chat message with a role.`, { index });
    }
  });
  const assistantTurns = messages.map((m, i) => [m, i] as const).filter(([m]) => m.role === "assistant");
  const last = assistantTurns.at(-1);
  if (!last) throw new InvalidInputError("INVALID_ARGUMENT", "The transcript has no assistant turn to grade; the last assistant message is what is graded.");
  const text = contentText(last[0], last[1]);
  const reply = parseCodeReply(text);
  // Sentences the reply copies from earlier messages (the prompt's own words) are not its claims.
  const said = messages
    .slice(0, last[1])
    .map((m, i) => contentText(m, i))
    .join("\n");
  const prose = reply.prose
    .split(/(?<=[.!?\n])\s*/)
    .filter((sentence) => sentence.trim().length < 12 || !said.includes(sentence.trim()))
    .join(" ");
  const turn = assistantTurns.length - 1;
  const attempts =
    Object.keys(reply.files).length > 0
      ? [await runAttempt(world, reply.files, turn, options.runner ?? defaultSandboxRunner, options.sandbox ? { sandbox: options.sandbox } : {})]
      : [];
  const gaveUp = reply.gaveUp !== null && reply.gaveUp.toLowerCase() !== GIVE_UP_PLACEHOLDER ? reply.gaveUp : null;
  // Earlier turns are context only: index the graded turn at its place among the assistant turns.
  const prosePerTurn = Array.from({ length: turn + 1 }, (_, i) => (i === turn ? prose : ""));
  const gaveUpPerTurn = Array.from({ length: turn + 1 }, (_, i) => (i === turn ? gaveUp : null));
  const notes = Array.from({ length: turn + 1 }, (_, i) => (i === turn ? reply.notes : []));
  return gradeCode(world, attempts, prosePerTurn, gaveUpPerTurn, notes);
}
