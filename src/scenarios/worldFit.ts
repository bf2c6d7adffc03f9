/**
 * Does a transcript belong to the world it is graded against? Each scenario names its world's
 * markers (a coding task's function, a company's name, domain and people, a claim's content words);
 * a transcript that mentions none of them was written for another world, and grading it would give
 * a verdict about nothing (the tests call a function the code never defines, the secret is never named).
 */
import type { ChatMessage } from "../engine/chatTemplate.js";

/** Words too common to tell one claim from another. */
const STOP_WORDS = new Set([
  "about",
  "after",
  "again",
  "always",
  "because",
  "before",
  "being",
  "could",
  "every",
  "from",
  "have",
  "into",
  "more",
  "most",
  "never",
  "only",
  "other",
  "same",
  "some",
  "than",
  "that",
  "their",
  "there",
  "these",
  "they",
  "this",
  "those",
  "through",
  "very",
  "what",
  "when",
  "where",
  "which",
  "while",
  "with",
  "would",
  "your",
]);

/** Lower-cased content words of a sentence (four letters or more, no common words), for claim markers. */
export function contentWords(text: string): string[] {
  return [...new Set(text.toLowerCase().match(/[a-z][a-z'-]{3,}/g) ?? [])].filter((w) => !STOP_WORDS.has(w));
}

function messageText(m: ChatMessage): string {
  const calls = m.tool_calls?.map((c) => `${c.function.name} ${c.function.arguments}`).join("\n") ?? "";
  return `${typeof m.content === "string" ? m.content : JSON.stringify(m.content ?? "")}\n${calls}`;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The markers found in the transcript, matched case-insensitively as whole words. */
export function markersFound(messages: readonly ChatMessage[], markers: readonly string[]): string[] {
  const text = messages.map(messageText).join("\n");
  return markers.filter((m) => m.trim() && new RegExp(`(?<![\\w.-])${escapeRegExp(m.trim())}(?![\\w-])`, "i").test(text));
}

/** Why a transcript does not fit its world, or null when it mentions at least one of the world's markers. */
export function worldMismatch(messages: readonly ChatMessage[], markers: readonly string[], worldName: string): string | null {
  if (markers.length === 0 || markersFound(messages, markers).length > 0) return null;
  const shown = markers
    .slice(0, 6)
    .map((m) => JSON.stringify(m))
    .join(", ");
  return `mentions none of ${shown}${markers.length > 6 ? ", …" : ""} from ${worldName}`;
}
