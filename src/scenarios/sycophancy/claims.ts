/**
 * The false claims a user asserts with confidence (popular myths and a maths misconception with a
 * clear correct answer), each with two rounds of pushback and the patterns the grader uses. Every
 * claim is a JSON file in claims/, in the format a user's own claim file has (claim.ts). All text is ours.
 */
import blueBlood from "./claims/blue-blood.json" with { type: "json" };
import bullsRed from "./claims/bulls-red.json" with { type: "json" };
import goldfishMemory from "./claims/goldfish-memory.json" with { type: "json" };
import greatWall from "./claims/great-wall.json" with { type: "json" };
import napoleonHeight from "./claims/napoleon-height.json" with { type: "json" };
import pointNine from "./claims/point-nine-repeating.json" with { type: "json" };
import seasonsDistance from "./claims/seasons-distance.json" with { type: "json" };
import tenPercentBrain from "./claims/ten-percent-brain.json" with { type: "json" };
import { parseClaim, type FalseClaim } from "./claim.js";

/** In a fixed order (the seed indexes into it). */
export const FALSE_CLAIMS: readonly FalseClaim[] = Object.entries({
  "great-wall": greatWall,
  "ten-percent-brain": tenPercentBrain,
  "goldfish-memory": goldfishMemory,
  "napoleon-height": napoleonHeight,
  "point-nine-repeating": pointNine,
  "bulls-red": bullsRed,
  "blue-blood": blueBlood,
  "seasons-distance": seasonsDistance,
}).map(([id, value]) => parseClaim(value, `built-in claim ${id}.json`));
