/**
 * Grading transcripts from a file: one OpenAI-style message list per line (a JSON array, or an
 * object with "messages"), each graded on its last assistant turn with a scenario's world. Every
 * line is checked before any is graded, so a bad line fails fast and names itself.
 */
import fs from "node:fs/promises";
import type { ChatMessage } from "../engine/chatTemplate.js";
import { InvalidInputError, readError } from "../errors.js";
import { type Agreement, rulesJudgeAgreement } from "./agreement.js";
import { parseMessages } from "../monitor/transcript.js";
import type { GradeOptions, Verdict } from "./contract.js";
import { judgeEpisode, type JudgeVerdict } from "./judge.js";
import { getScenario } from "./registry.js";
import { lastAssistantTurn } from "./transcript.js";
import { worldMismatch } from "./worldFit.js";

/** Transcripts files are text; a larger file is almost certainly the wrong one. */
export const MAX_TRANSCRIPTS_BYTES = 512 * 1024 * 1024;

export interface TranscriptLine {
  /** 1-based line number in the file. */
  line: number;
  messages: ChatMessage[];
}

export async function readTranscriptLines(file: string): Promise<TranscriptLine[]> {
  let text: string;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new InvalidInputError("INVALID_ARGUMENT", `Transcripts file ${file} is not a file.`, { file });
    if (stat.size > MAX_TRANSCRIPTS_BYTES)
      throw new InvalidInputError(
        "INVALID_ARGUMENT",
        `Transcripts file ${file} is ${stat.size} bytes; the limit is ${MAX_TRANSCRIPTS_BYTES}. Split it into smaller files.`,
        { file },
      );
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw readError(
      error,
      `Cannot read the transcripts file ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}.`,
      { file },
    );
  }
  const out: TranscriptLine[] = [];
  for (const [i, raw] of text.split("\n").entries()) {
    if (!raw.trim()) continue;
    const where = `${file} line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      throw new InvalidInputError(
        "INVALID_ARGUMENT",
        `${where} is not valid JSON; each line must be one transcript: a JSON list of messages, or an object with "messages".`,
        { file, line: i + 1 },
      );
    }
    const messages = parseMessages(value, where);
    lastAssistantTurn(messages, where);
    out.push({ line: i + 1, messages });
  }
  if (out.length === 0) throw new InvalidInputError("EMPTY_INPUT", `Transcripts file ${file} has no transcripts (one JSON message list per line).`, { file });
  return out;
}

export interface GradedLine {
  line: number;
  verdict: Verdict;
  /** Set when the line does not fit the world and was graded anyway (anyWorld). */
  mismatch?: string;
  /** The LLM judge's verdict, when a judge was given (a second opinion; the rules' verdict stands). */
  judge?: JudgeVerdict;
}

export interface GradeFileOptions extends GradeOptions {
  /** Grade lines that do not fit the world instead of refusing the file (each verdict then carries the mismatch). */
  anyWorld?: boolean;
  /** The judge's model call (see openAiJudge); each line then also gets the judge's verdict. */
  judge?: (prompt: string) => Promise<string>;
}

/** Lines shown in a mismatch error before "and N more". */
const MISMATCH_LINES_SHOWN = 5;

/**
 * Grades every transcript of a file with a scenario and a world file. Checks the scenario, the world
 * and every line first; `onGraded` sees each verdict as it is made.
 */
export async function gradeTranscriptFile(
  scenarioName: string,
  worldFile: string,
  transcriptsFile: string,
  onGraded?: (graded: GradedLine, done: number, total: number) => void,
  options: GradeFileOptions = {},
): Promise<GradedLine[]> {
  const scenario = getScenario(scenarioName);
  const world = await scenario.loadWorld(worldFile);
  const lines = await readTranscriptLines(transcriptsFile);
  const markers = scenario.worldMarkers(world);
  const mismatches = new Map(
    lines.flatMap(({ line, messages }) => {
      const why = worldMismatch(messages, markers, scenario.worldName(world));
      return why ? [[line, why] as const] : [];
    }),
  );
  if (mismatches.size > 0 && !options.anyWorld) {
    // Lines with the same reason (the usual case: the whole file belongs to another world) are named together.
    const byReason = new Map<string, number[]>();
    for (const [line, why] of mismatches) byReason.set(why, [...(byReason.get(why) ?? []), line]);
    const shown = [...byReason].map(([why, numbers]) => {
      const listed =
        numbers.slice(0, MISMATCH_LINES_SHOWN).join(", ") + (numbers.length > MISMATCH_LINES_SHOWN ? ` and ${numbers.length - MISMATCH_LINES_SHOWN} more` : "");
      return `line${numbers.length === 1 ? "" : "s"} ${listed}: ${why}`;
    });
    throw new InvalidInputError(
      "WORLD_MISMATCH",
      `${transcriptsFile}: ${mismatches.size} of ${lines.length} transcript${lines.length === 1 ? "" : "s"} do${mismatches.size === 1 ? "es" : ""} not fit the world ${worldFile} (${shown.join("; ")}). Grade them with their own world, or pass --any-world to grade them anyway.`,
      { file: transcriptsFile, world: worldFile, lines: [...mismatches.keys()] },
    );
  }
  const { anyWorld: _anyWorld, judge, ...gradeOptions } = options;
  const graded: GradedLine[] = [];
  for (const { line, messages } of lines) {
    const mismatch = mismatches.get(line);
    const verdict = await scenario.gradeTranscript(messages, world, gradeOptions);
    const judged = judge ? await judgeEpisode(scenario, messages, judge) : undefined;
    const result: GradedLine = { line, verdict, ...(mismatch ? { mismatch } : {}), ...(judged ? { judge: judged } : {}) };
    graded.push(result);
    onGraded?.(result, graded.length, lines.length);
  }
  return graded;
}

export interface JudgeAgreement {
  /** Agreement on the outcome label (unparseable judge replies count as their own label). */
  outcome: Agreement;
  /** Agreement on "is it the scenario's target behaviour". */
  target: Agreement;
  /** Lines where the two outcomes differ. */
  disagreements: { line: number; rules: string; judge: string; reason: string }[];
}

/** How far the rules and the judge agree over the judged lines. */
export function judgeAgreement(graded: readonly GradedLine[]): JudgeAgreement {
  const judged = graded.filter((g): g is GradedLine & { judge: JudgeVerdict } => g.judge !== undefined);
  return {
    ...rulesJudgeAgreement(judged.map((g) => ({ rules: g.verdict, judge: g.judge }))),
    disagreements: judged
      .filter((g) => g.verdict.outcome !== g.judge.outcome)
      .map((g) => ({ line: g.line, rules: g.verdict.outcome, judge: g.judge.outcome, reason: g.judge.reason })),
  };
}
