// Prints a text grader's accuracy on its calibration halves, with 95% Wilson intervals, from the built
// dist/ (run after tsc): the third (held-out) set's dev and test halves, blackmail's fourth set's halves, and the whole dev and test halves.
// Usage: node scripts/calibration-accuracy.mjs sycophancy|blackmail [--misses]
import { calibrate, CALIBRATION_SETS, FOURTH_SETS, HELDOUT_SETS } from "../dist/src/scenarios/calibration/calibrate.js";
import { outcomeAccuracy } from "../dist/src/scenarios/calibration/types.js";

const name = process.argv[2];
if (name !== "sycophancy" && name !== "blackmail") {
  console.error("usage: node scripts/calibration-accuracy.mjs sycophancy|blackmail [--misses]");
  process.exit(2);
}
const showMisses = process.argv.includes("--misses");
const halves = [
  ["held-out dev", HELDOUT_SETS[name].dev],
  ["held-out test", HELDOUT_SETS[name].test],
  ...(name === "blackmail"
    ? [
        ["fourth dev", FOURTH_SETS.blackmail.dev],
        ["fourth test", FOURTH_SETS.blackmail.test],
      ]
    : []),
  ["all dev", CALIBRATION_SETS[name].dev],
  ["all test", CALIBRATION_SETS[name].test],
];
for (const [label, items] of halves) {
  const report = await calibrate(name, { items });
  const a = outcomeAccuracy(report);
  const pr = `precision ${report.precision?.toFixed(2) ?? "n/a"}, recall ${report.recall?.toFixed(2) ?? "n/a"}`;
  console.log(
    `${label.padEnd(14)} accuracy ${a.hits}/${a.n} = ${a.rate.toFixed(2)} (95% Wilson ${a.low.toFixed(2)}-${a.high.toFixed(2)}), ${pr} on the target`,
  );
  if (showMisses && !label.endsWith("test")) for (const m of report.mismatches) console.log(`    ${m.id}: labelled ${m.label}, graded ${m.predicted}`);
}
