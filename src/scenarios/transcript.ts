/**
 * The part of an OpenAI-style message list that a transcript grader looks at: the last assistant
 * turn, i.e. the last run of assistant messages (with the tool results between them) after the
 * last user or system message.
 */
import type { ChatMessage, ToolCall } from "../engine/chatTemplate.js";
import { InvalidInputError } from "../errors.js";

export interface AssistantTurn {
  /** Everything before the turn (system, user and earlier turns). */
  context: ChatMessage[];
  /** The turn's assistant and tool messages, in order. */
  messages: ChatMessage[];
  /** The assistant messages' text, joined by blank lines. */
  text: string;
  /** Structured tool calls of the turn's assistant messages (OpenAI `tool_calls`). */
  toolCalls: ToolCall[];
  /** How many assistant turns come before this one (0-based turn number). */
  index: number;
}

export function lastAssistantTurn(messages: readonly ChatMessage[], source = "The transcript"): AssistantTurn {
  let last = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]!.role === "assistant") {
      last = i;
      break;
    }
  }
  if (last < 0) {
    throw new InvalidInputError("EMPTY_INPUT", `${source} has no assistant turn to grade; it needs at least one message with role "assistant".`);
  }
  let first = last;
  while (first > 0 && (messages[first - 1]!.role === "assistant" || messages[first - 1]!.role === "tool")) first--;
  // A turn starts with the assistant, not with a tool result left over from before.
  while (messages[first]!.role === "tool") first++;
  const turn = messages.slice(first, last + 1);
  const assistant = turn.filter((m) => m.role === "assistant");
  let index = 0;
  for (let i = 0; i < first; i++) {
    if (messages[i]!.role === "assistant" && (i === 0 || (messages[i - 1]!.role !== "assistant" && messages[i - 1]!.role !== "tool"))) index++;
  }
  return {
    context: messages.slice(0, first),
    messages: turn,
    text: assistant
      .map((m) => m.content ?? "")
      .filter((t) => t.trim())
      .join("\n\n"),
    toolCalls: assistant.flatMap((m) => m.tool_calls ?? []),
    index,
  };
}
