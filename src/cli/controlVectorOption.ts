/**
 * `--control-vector file.gguf[:scale]`: a llama.cpp control-vector file added as stored, times a
 * raw multiplier (llama.cpp's --control-vector-scaled). The multiplier is not a steering strength
 * (strength.ts: a fraction of the layer's mean residual norm), so it has its own flag and word;
 * the old spelling `--steer file.gguf:0.8`, which read like a sweep's `--steer <emotion>` with a
 * strength, is refused with the new one.
 */
import { Option, type Command } from "commander";
import { controlVectorSteering, readControlVector } from "../engine/controlVector.js";
import type { Steering } from "../engine/steering.js";
import { InvalidInputError } from "../errors.js";
import { collect } from "./options.js";

export interface ControlVectorFlags {
  controlVector?: string[];
  /** The retired spelling; present only to refuse it with the new one. */
  steer?: string[];
}

/** Adds --control-vector (repeatable) and the hidden, refused --steer to a command. */
export function withControlVectorOptions(command: Command): Command {
  return command
    .option(
      "--control-vector <file.gguf[:scale]>",
      "add a control-vector file, its vectors times an optional raw scale (default 1; not a residual-norm strength); repeatable",
      collect,
    )
    .addOption(new Option("--steer <file.gguf[:scale]>").hideHelp().argParser(collect));
}

/** "file.gguf" or "file.gguf:0.8" (the scale multiplies the file's vectors as stored). */
export function parseControlVectorArgument(value: string): { file: string; scale: number } {
  const match = /^(.*):(-?[\d.]+(?:e-?\d+)?)$/i.exec(value);
  if (match && Number.isFinite(Number(match[2]))) return { file: match[1]!, scale: Number(match[2]) };
  return { file: value, scale: 1 };
}

/** The steering the flags ask for (undefined for none); the retired --steer is refused before any file is read. */
export async function steeringFromControlVectors(flags: ControlVectorFlags): Promise<Steering | undefined> {
  if (flags.steer?.length) {
    const replacement = flags.steer.map((v) => `--control-vector ${v}`).join(" ");
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `--steer no longer takes a control-vector file here: write ${replacement}. The number after the colon is a raw scale of the file's vectors, not a steering strength in residual-norm units (the unit of --steer/--strengths in limbic sweep and limbic.steer on the server).`,
      { flag: "--steer", replacement: "--control-vector" },
    );
  }
  if (!flags.controlVector?.length) return undefined;
  const additions = [];
  for (const value of flags.controlVector) {
    const { file, scale } = parseControlVectorArgument(value);
    additions.push(...controlVectorSteering(await readControlVector(file), scale));
  }
  return additions;
}
