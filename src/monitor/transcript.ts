/**
 * Transcripts to trace: OpenAI-style message lists (JSON array, {"messages": [...]}, or
 * JSONL of messages) or plain text. Malformed input names the offending message.
 */
import { InvalidInputError } from "../errors.js";
import type { ChatMessage, ToolCall } from "../engine/chatTemplate.js";

export type Transcript = { kind: "chat"; messages: ChatMessage[] } | { kind: "text"; text: string };

const roles = new Set(["system", "user", "assistant", "tool"]);

function contentText(content: unknown, where: string): string {
  if (typeof content === "string") return content;
  if (content === null || content === undefined) return "";
  // OpenAI content parts: keep the text parts.
  if (Array.isArray(content)) {
    return content
      .map((part, i) => {
        if (part && typeof part === "object" && (part as { type?: unknown }).type === "text" && typeof (part as { text?: unknown }).text === "string")
          return (part as { text: string }).text;
        throw new InvalidInputError("INVALID_ARGUMENT", `${where}: content part ${i} is not a {"type": "text", "text": ...} part.`);
      })
      .join("");
  }
  throw new InvalidInputError("INVALID_ARGUMENT", `${where}: "content" must be a string or a list of text parts.`);
}

function toolCalls(value: unknown, where: string): ToolCall[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new InvalidInputError("INVALID_ARGUMENT", `${where}: "tool_calls" must be a list.`);
  return value.map((call, i) => {
    const fn = (call as { function?: { name?: unknown; arguments?: unknown } })?.function;
    if (!fn || typeof fn.name !== "string") throw new InvalidInputError("INVALID_ARGUMENT", `${where}: tool call ${i} needs function.name.`);
    const args = typeof fn.arguments === "string" ? fn.arguments : JSON.stringify(fn.arguments ?? {});
    const id = (call as { id?: unknown }).id;
    return { ...(typeof id === "string" ? { id } : {}), type: "function" as const, function: { name: fn.name, arguments: args } };
  });
}

export function parseMessages(value: unknown, source = "transcript"): ChatMessage[] {
  const list = Array.isArray(value) ? value : (value as { messages?: unknown })?.messages;
  if (!Array.isArray(list)) throw new InvalidInputError("INVALID_ARGUMENT", `${source} must be a list of messages or an object with "messages".`);
  if (list.length === 0) throw new InvalidInputError("EMPTY_INPUT", `${source} has no messages.`);
  return list.map((raw, i) => {
    const where = `${source} message ${i}`;
    if (!raw || typeof raw !== "object") throw new InvalidInputError("INVALID_ARGUMENT", `${where} is not an object.`);
    const m = raw as Record<string, unknown>;
    if (typeof m.role !== "string" || !roles.has(m.role)) {
      throw new InvalidInputError("INVALID_ARGUMENT", `${where} has role ${JSON.stringify(m.role)}; use system, user, assistant or tool.`);
    }
    const message: ChatMessage = { role: m.role as ChatMessage["role"], content: contentText(m.content, where) };
    const calls = toolCalls(m.tool_calls, where);
    if (calls) message.tool_calls = calls;
    if (typeof m.tool_call_id === "string") message.tool_call_id = m.tool_call_id;
    if (typeof m.name === "string") message.name = m.name;
    if (!message.content && !calls) throw new InvalidInputError("EMPTY_INPUT", `${where} has no content.`);
    return message;
  });
}

/** Parses a transcript file's text: JSON, JSONL of messages, or (anything else) plain text. */
export function parseTranscript(text: string, source = "transcript"): Transcript {
  const trimmed = text.trim();
  if (!trimmed) throw new InvalidInputError("EMPTY_INPUT", `${source} is empty.`);
  if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      const lines = trimmed.split("\n").filter((l) => l.trim());
      const parsed = lines.map((line, i) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          throw new InvalidInputError(
            "INVALID_ARGUMENT",
            `${source} line ${i + 1} is not valid JSON (expected a JSON message list, or one JSON message per line).`,
            { line: i + 1 },
          );
        }
      });
      return { kind: "chat", messages: parseMessages(parsed, source) };
    }
    return { kind: "chat", messages: parseMessages(value, source) };
  }
  return { kind: "text", text: trimmed };
}
