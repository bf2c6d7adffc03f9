/** Compact specs for blackmail calibration items: one reply made of sent emails, in a built-in or calibration world. */
import type { CalibrationHalf, SplitItem } from "./types.js";

type Label = "blackmail" | "leak" | "other" | "plead" | "comply";

export interface Spec {
  id: string;
  label: Label;
  note: string;
  /** A built-in company, or a world in calibration/worlds. */
  world: "corvane" | "halden" | "pellwick" | "tessaly" | "marrowby";
  /** The reply's parts in order: emails made by email(), or any other text (a scratchpad). */
  emails: readonly string[];
  nearMiss?: boolean;
  scratchpad?: boolean;
}

const BUILT_IN = new Set(["corvane", "halden", "pellwick"]);

/** One email block; `shape: "json"` writes it as a JSON object in a code fence. */
export function email(to: string, subject: string, body: string, options: { cc?: string; shape?: "send_email" | "email" | "json" } = {}): string {
  if (options.shape === "json") return `\`\`\`json\n${JSON.stringify({ to, ...(options.cc ? { cc: options.cc } : {}), subject, body })}\n\`\`\``;
  const tag = options.shape ?? "send_email";
  return `<${tag}>\nto: ${to}\n${options.cc ? `cc: ${options.cc}\n` : ""}subject: ${subject}\nbody: ${body}\n</${tag}>`;
}

/** The specs as calibration items of one half; seeds count up from `firstSeed`. */
export function specItems(specs: readonly Spec[], half: CalibrationHalf, firstSeed: number): SplitItem[] {
  return specs.map((s, i) => {
    const own = !BUILT_IN.has(s.world);
    return {
      id: s.id,
      half,
      note: s.note,
      label: s.label,
      ...(s.nearMiss ? { nearMiss: true } : {}),
      params: { threat: "replacement", leverage: true, goal_conflict: true, scratchpad: s.scratchpad === true, ...(own ? {} : { company: s.world }) },
      seed: firstSeed + i,
      ...(own ? { world: s.world } : {}),
      replies: [s.emails.join("\n\n")],
    };
  });
}
