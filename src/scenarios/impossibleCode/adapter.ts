/**
 * Minimal world-file adapter for the coding scenario until tasks become data: a world file names a
 * built-in task ({"task": "<id>"}), and a transcript's last assistant turn is graded as the single
 * attempt of a fresh episode (run for real in the sandbox). Meant to be replaced by world.ts.
 */
import type { ChatMessage } from "../../engine/chatTemplate.js";
import type { Episode, Verdict } from "../contract.js";
import { lastAssistantTurn } from "../transcript.js";
import { WorldReader } from "../worldData.js";
import { CODE_TASKS, type CodeTask } from "./tasks/index.js";

export function parseCodeWorld(value: unknown, source: string): CodeTask {
  const r = WorldReader.root(value, source, "coding-task world");
  r.rejectUnknown(["task"]);
  const id = r.string("task");
  const task = CODE_TASKS.find((t) => t.id === id);
  if (!task) return r.fail("task", `the id of a built-in task (${CODE_TASKS.map((t) => t.id).join(", ")})`);
  return task;
}

/** `startOneAttempt` makes the scenario's episode with one attempt (passed in: this file is below scenario.ts). */
export async function gradeCodeTranscript(messages: readonly ChatMessage[], task: CodeTask, startOneAttempt: (task: CodeTask) => Episode): Promise<Verdict> {
  const turn = lastAssistantTurn(messages);
  const episode = startOneAttempt(task);
  await episode.step(turn.text);
  return episode.grade();
}
