/**
 * Runs the simulated vllm-lens server in its own process (so that a benchmark counts only the
 * client's CPU). Prints its URL on the first line of stdout; stops on SIGTERM.
 * node dist/testing/simProcess.js [--n-layer N] [--n-embd D] [--latency-ms MS] [--canned-fixture] [--max-model-len N]
 */
import fs from "node:fs";
import path from "node:path";
import { FIXTURES } from "./models.js";
import { VllmLensSim } from "./vllmLensSim.js";

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const canned = args.includes("--canned-fixture");
const sim = new VllmLensSim({
  nLayer: Number(option("--n-layer") ?? 6),
  nEmbd: Number(option("--n-embd") ?? 16),
  maxModelLen: Number(option("--max-model-len") ?? 4096),
  latencyMs: Number(option("--latency-ms") ?? 0),
  dtype: "bfloat16",
  ...(canned ? { cannedFrame: { frame: fs.readFileSync(path.join(FIXTURES, "vllm", "capture-bf16-binary.zst")), decodedBytes: 2 * 5 * 640 * 2 } } : {}),
});
const url = await sim.start();
process.stdout.write(`${sim.reference}\n`);
process.on("SIGTERM", () => void sim.stop().then(() => process.exit(0)));
void url;
