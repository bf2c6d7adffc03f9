/** Reads a labelled transcript file: one {"id"?, "label", "messages", "split"?} per line. */
import fs from "node:fs/promises";
import { InvalidInputError, readError } from "../errors.js";
import type { LabelledTranscript } from "./monitorEval.js";
import { parseMessages } from "./transcript.js";

export async function readLabelledTranscripts(file: string): Promise<LabelledTranscript[]> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    throw readError(error, `Cannot read ${file}: ${(error as Error).message}`, { file });
  }
  const items: LabelledTranscript[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${file} line ${i + 1}`;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new InvalidInputError("INVALID_ARGUMENT", `${where} is not JSON; each line must be {"label": ..., "messages": [...]}.`, { line: i + 1 });
    }
    if (typeof row.label !== "string" || !row.label.trim())
      throw new InvalidInputError("INVALID_ARGUMENT", `${where} has no "label" (a string such as "cheat" or "honest").`, { line: i + 1 });
    const messages = parseMessages(row.messages, where);
    if (!messages.some((m) => m.role === "assistant"))
      throw new InvalidInputError("INVALID_ARGUMENT", `${where} has no assistant turn; the last assistant turn is what is evaluated.`, { line: i + 1 });
    if (row.split !== undefined && row.split !== "dev" && row.split !== "test")
      throw new InvalidInputError("INVALID_ARGUMENT", `${where}: "split" must be "dev" or "test".`, { line: i + 1 });
    items.push({
      id: typeof row.id === "string" ? row.id : `line-${i + 1}`,
      label: row.label.trim(),
      messages,
      ...(row.split ? { split: row.split as "dev" | "test" } : {}),
    });
  });
  if (items.length === 0) throw new InvalidInputError("EMPTY_INPUT", `${file} has no transcripts.`, { file });
  return items;
}
