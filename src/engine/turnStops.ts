/**
 * Where a reply ends: at the start of the next role line ("User: ..."). Small and base models
 * continue the dialogue on their own, and what they put in the user's mouth is not their reply.
 * Chat replies (the chat command, the server's chat completions, the demo, the scenarios) stop
 * there by default.
 */
export const TURN_STOPS: readonly string[] = ["\nUser:", "\nHuman:", "\nAssistant:", "\nuser:", "\nassistant:", "\nUSER:", "\nASSISTANT:"];

/** A reply's stop strings: the caller's own, then the turn stops unless `stopAtTurns` is false. */
export function replyStops(stop: readonly string[] = [], stopAtTurns = true): string[] {
  return stopAtTurns ? [...new Set([...stop, ...TURN_STOPS])] : [...stop];
}
