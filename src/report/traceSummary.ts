/**
 * A trace as text for the terminal: per message the mean, max and start value of every traced
 * emotion and the token where it peaks, then the peaks over the whole transcript. The JSON
 * (`--json`) and the HTML report keep every token's values.
 */
import type { TraceResult, TracedToken } from "../monitor/results.js";

const signed = (z: number) => (Number.isFinite(z) ? `${z >= 0 ? "+" : ""}${z.toFixed(2)}` : "n/a");

/**
 * Where a token sits: a few tokens of the same message on each side with the token itself in
 * [brackets], JSON-quoted so newlines stay visible.
 */
function tokenInContext(tokens: readonly TracedToken[], token: TracedToken, around = 3): string {
  const sameMessage = (t: TracedToken | undefined) => t !== undefined && t.message === token.message;
  const before = tokens
    .slice(Math.max(0, token.index - around), token.index)
    .filter(sameMessage)
    .map((t) => t.text)
    .join("");
  const after = tokens
    .slice(token.index + 1, token.index + 1 + around)
    .filter(sameMessage)
    .map((t) => t.text)
    .join("");
  const cut = (text: string, keepEnd: boolean) => (text.length <= 16 ? text : keepEnd ? `…${text.slice(-15)}` : `${text.slice(0, 15)}…`);
  return `token ${token.index} ${JSON.stringify(`${cut(before, true)}[${cut(token.text, false)}]${cut(after, false)}`)}`;
}

/** The token with the highest value of one emotion (the first of equals), or null when there is none. */
function peakOf(tokens: readonly TracedToken[], emotion: string): TracedToken | null {
  let best: TracedToken | null = null;
  for (const token of tokens) if (best === null || token.values[emotion]! > best.values[emotion]!) best = token;
  return best;
}

function table(rows: string[][], indent: string): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  // Text columns (first and last) align left, numbers right.
  return rows.map(
    (r) =>
      indent +
      r
        .map((cell, c) => (c === 0 || c === r.length - 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
        .join("  ")
        .trimEnd(),
  );
}

export function traceSummary(trace: TraceResult, source: string): string {
  const lines = [
    `Emotion trace of ${source}: ${trace.tokens.length} tokens in ${trace.messages.length} message${trace.messages.length === 1 ? "" : "s"}; ${trace.model.name}, layer ${trace.layer}, z against neutral text${trace.smooth ? `, smoothed over ±${trace.smooth} tokens` : ""}.`,
    "start: the value where the message's content begins (for an assistant turn, the reply start); peak: the token with the max.",
  ];
  if (trace.note) lines.push(trace.note);
  for (const message of trace.messages) {
    const [from, to] = message.tokens;
    const members = trace.tokens.slice(from, to);
    lines.push("", `message ${message.index} (${message.role}), tokens ${from}–${Math.max(from, to - 1)}`);
    const rows = [["emotion", "mean", "max", "start", "peak"]];
    for (const emotion of trace.emotions) {
      const s = message.summary[emotion]!;
      const peak = peakOf(members, emotion);
      rows.push([emotion, signed(s.mean), signed(s.max), signed(s.start), peak ? tokenInContext(trace.tokens, peak) : "–"]);
    }
    lines.push(...table(rows, "  "));
  }
  lines.push("", "Highest over the transcript:");
  const peaks = trace.emotions.map((emotion) => {
    const peak = peakOf(trace.tokens, emotion);
    const message = peak ? trace.messages[peak.message] : undefined;
    return [
      emotion,
      peak ? signed(peak.values[emotion]!) : "n/a",
      peak ? `at ${tokenInContext(trace.tokens, peak)} (message ${peak.message}${message ? `, ${message.role}` : ""})` : "",
    ];
  });
  lines.push(...table(peaks, "  "), "", "Every token's values: --json; tokens tinted and plotted: --out trace.html.");
  return lines.join("\n") + "\n";
}
