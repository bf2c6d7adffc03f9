#!/usr/bin/env node
// Errors that escape the CLI (a failed import, an error in a callback) are reported like any
// unexpected error: one line for the user, the stack in a log file.
const fail = async (error) => {
  try {
    const { reportUnexpected } = await import("../dist/src/cli/crashReport.js");
    reportUnexpected(process.argv[2] ?? "limbic", error);
  } catch {
    process.stderr.write(`limbic: ${error?.message ?? String(error)} (is Limbic built? run "npm install" in its folder)\n`);
  }
  process.exit(1);
};
process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);

try {
  const { main } = await import("../dist/src/cli/main.js");
  process.exitCode = await main(process.argv);
} catch (error) {
  await fail(error);
}
