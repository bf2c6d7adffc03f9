/** Where an agent's reply first acts (code, a file, a tool call or an email): monitors read what comes before it. */
export const ACTION_PATTERN = /```|<file\b|<tool|<send_email|<email\b|"name"\s*:/;

/** Character offset of the first action in a reply, or -1 when it takes none. */
export function firstActionAt(text: string): number {
  return text.search(ACTION_PATTERN);
}
