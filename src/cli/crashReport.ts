/**
 * What a user sees when something unexpected breaks: one line naming the command, Limbic's version
 * and the cause, and the path of a log file holding the stack. LIMBIC_DEBUG=1 prints the stack.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { config } from "../config.js";
import { LIMBIC_VERSION } from "../version.js";

function oneLine(text: string): string {
  const first = text.split("\n").find((line) => line.trim()) ?? text;
  return first.length > 300 ? `${first.slice(0, 297)}...` : first;
}

function writeLog(command: string, error: unknown): string | null {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const body = [
    `limbic ${LIMBIC_VERSION}, node ${process.version}, ${process.platform}-${process.arch}`,
    `command: ${command}`,
    `argv: ${JSON.stringify(process.argv.slice(2))}`,
    "",
    error instanceof Error ? (error.stack ?? error.message) : String(error),
    "",
  ];
  let cause = error instanceof Error ? error.cause : undefined;
  while (cause) {
    body.push("caused by:", cause instanceof Error ? (cause.stack ?? cause.message) : String(cause), "");
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  for (const folder of [path.join(config.cacheDir, "logs"), os.tmpdir()]) {
    try {
      fs.mkdirSync(folder, { recursive: true });
      const file = path.join(folder, `limbic-${stamp}-${process.pid}.log`);
      fs.writeFileSync(file, body.join("\n"));
      return file;
    } catch {
      // try the next folder
    }
  }
  return null;
}

/** Reports an unexpected error to stderr (one line, or the stack under LIMBIC_DEBUG=1). */
export function reportUnexpected(command: string, error: unknown): void {
  const cause = oneLine(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  if (process.env.LIMBIC_DEBUG === "1") {
    process.stderr.write(`limbic ${command} (${LIMBIC_VERSION}): unexpected error: ${error instanceof Error ? (error.stack ?? cause) : cause}\n`);
    return;
  }
  const log = writeLog(command, error);
  process.stderr.write(
    `limbic ${command} (${LIMBIC_VERSION}): unexpected error: ${cause}${log ? `. Details: ${log}` : ""} (LIMBIC_DEBUG=1 prints them here)\n`,
  );
}
