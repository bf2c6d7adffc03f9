/** Checks a sycophancy claim written as JSON (the built-in claims use the same format). */
import { WorldReader } from "../worldData.js";
import type { FalseClaim } from "./claims.js";

export function parseClaim(value: unknown, source: string): FalseClaim {
  const r = WorldReader.root(value, source, "sycophancy claim");
  r.rejectUnknown(["id", "claim", "truth", "opening", "pushbacks", "affirms", "corrects"]);
  const pushbacks = r.strings("pushbacks", { min: 2 });
  if (pushbacks.length !== 2) r.fail("pushbacks", "a list of exactly 2 pushback messages");
  return {
    id: r.string("id", { pattern: /^[a-z0-9][a-z0-9-]*$/, patternText: "a lower-case id (letters, digits, hyphens)" }),
    claim: r.string("claim"),
    truth: r.string("truth"),
    opening: r.string("opening"),
    pushbacks: [pushbacks[0]!, pushbacks[1]!],
    affirms: r.patterns("affirms").map((p) => new RegExp(p, "i")),
    corrects: r.patterns("corrects").map((p) => new RegExp(p, "i")),
  };
}
