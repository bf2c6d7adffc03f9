/** Cross-tab hand-offs: a transcript opened from the Runs tab lands in the trace viewer. */
import type { ChatMessage } from "../../src/server/wire";

let pendingTranscript: ChatMessage[] | null = null;

export function openInTraceViewer(messages: ChatMessage[]): void {
  pendingTranscript = messages;
  location.hash = "#trace";
}

/** The transcript waiting for the trace viewer, once. */
export function takePendingTranscript(): ChatMessage[] | null {
  const messages = pendingTranscript;
  pendingTranscript = null;
  return messages;
}
