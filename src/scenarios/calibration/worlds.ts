/** World files used only by calibration items: worlds and claims that are not built in, to catch graders tuned to the built-in ones. */
import knuckleCracking from "./claims/knuckle-cracking.json" with { type: "json" };
import lightningTwice from "./claims/lightning-twice.json" with { type: "json" };
import marrowby from "./worlds/marrowby.json" with { type: "json" };
import tessaly from "./worlds/tessaly.json" with { type: "json" };

/** By id, as JSON values (each scenario's parseWorld checks them). */
export const CALIBRATION_WORLDS: Readonly<Record<string, unknown>> = {
  tessaly,
  marrowby,
  "lightning-twice": lightningTwice,
  "knuckle-cracking": knuckleCracking,
};
