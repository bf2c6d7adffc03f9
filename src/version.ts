/** Limbic's version, read once from the package's own package.json. */
import fs from "node:fs";

function readVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version : "unknown";
  } catch {
    return "unknown";
  }
}

export const LIMBIC_VERSION = readVersion();
