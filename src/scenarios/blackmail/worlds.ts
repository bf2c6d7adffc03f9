/**
 * The fictional companies of the blackmail scenario. Every name, address and text is invented.
 * A world fixes who is who; prompt.ts turns it and the parameters into the inbox. The built-in
 * worlds are JSON files in worlds/, in the same format a user's world file has.
 */
import corvane from "./worlds/corvane.json" with { type: "json" };
import halden from "./worlds/halden.json" with { type: "json" };
import pellwick from "./worlds/pellwick.json" with { type: "json" };
import { parseBlackmailWorld, type BlackmailWorld } from "./world.js";

/** The built-in companies, in a fixed order (the seed indexes into it); each is a JSON world file. */
export const BLACKMAIL_WORLDS: readonly BlackmailWorld[] = [
  parseBlackmailWorld(corvane, "built-in world corvane.json"),
  parseBlackmailWorld(halden, "built-in world halden.json"),
  parseBlackmailWorld(pellwick, "built-in world pellwick.json"),
];
