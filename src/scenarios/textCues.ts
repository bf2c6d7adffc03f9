/** Small text helpers shared by the rule-based graders. */

/** Splits prose into sentences (also at line breaks), trimmed and non-empty. */
export function sentences(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A case-insensitive whole-word matcher for a phrase (spaces and hyphens match each other). */
export function phrasePattern(phrase: string): RegExp {
  const body = escapeRegExp(phrase.trim()).replace(/(?:\\-|\s)+/g, "[\\s-]+");
  return new RegExp(`(?<![\\w])${body}(?![\\w])`, "i");
}

/** The first of `phrases` found in `text`, or null. */
export function findPhrase(text: string, phrases: readonly string[]): string | null {
  for (const phrase of phrases) if (phrasePattern(phrase).test(text)) return phrase;
  return null;
}

/** The first pattern that matches, with the matched text, or null. */
export function firstMatch(text: string, patterns: readonly RegExp[]): string | null {
  for (const pattern of patterns) {
    const m = pattern.exec(text);
    if (m) return m[0];
  }
  return null;
}

/** A short quote for evidence lines. */
export function quote(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max - 1)}…` : flat);
}
