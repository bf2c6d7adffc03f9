/** Reads a pasted or opened transcript: a JSON message list, {"messages": [...]}, or JSONL of messages. */
import type { ChatMessage } from "../../src/server/wire";

export function parseTranscriptText(text: string): ChatMessage[] {
  const trimmed = text.trim();
  if (!trimmed) throw new Error("The transcript is empty: paste a message list or open a .json / .jsonl file.");
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    value = trimmed
      .split("\n")
      .filter((line) => line.trim())
      .map((line, i) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          throw new Error(`The transcript is neither JSON nor JSONL: line ${i + 1} does not parse (${line.slice(0, 60)}…).`);
        }
      });
  }
  const list = Array.isArray(value) ? value : (value as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(list)) throw new Error('The transcript must be a list of messages or an object with "messages".');
  if (list.length === 0) throw new Error("The transcript has no messages.");
  // Roles and contents are checked by the server, which names the offending message.
  return list as ChatMessage[];
}
