/** Parsing and shared options for the CLI commands. */
import { InvalidArgumentError, Option } from "commander";
import { controlVectorSteering, readControlVector } from "../engine/controlVector.js";
import { loadModel, type Model } from "../engine/model.js";
import type { Steering } from "../engine/steering.js";
import type { GpuOption } from "../engine/bindings.js";

export interface ModelFlags {
  gpu?: string;
  threads?: number;
}

export const gpuOption = () => new Option("--gpu <variant>", "llama.cpp variant: auto, cpu, cuda, vulkan, metal").default(undefined);
export const threadsOption = () => new Option("--threads <n>", "llama.cpp threads").argParser(positiveInt);

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`"${value}" is not a positive integer.`);
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`"${value}" is not a non-negative integer.`);
  return n;
}

export function finiteNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) throw new InvalidArgumentError(`"${value}" is not a number.`);
  return n;
}

export function layerList(value: string): number[] {
  const layers = value.split(",").map((s) => s.trim()).filter(Boolean).map(Number);
  if (layers.length === 0 || layers.some((l) => !Number.isInteger(l) || l < 0)) throw new InvalidArgumentError(`"${value}" is not a comma-separated list of layer numbers.`);
  return layers;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** "file.gguf" or "file.gguf:0.8" (the scale applies to the file's vectors as stored). */
export function parseSteerArgument(value: string): { file: string; scale: number } {
  const match = /^(.*):(-?[\d.]+(?:e-?\d+)?)$/i.exec(value);
  if (match && Number.isFinite(Number(match[2]))) return { file: match[1]!, scale: Number(match[2]) };
  return { file: value, scale: 1 };
}

export async function steeringFromFiles(values: string[] | undefined): Promise<Steering | undefined> {
  if (!values?.length) return undefined;
  const additions = [];
  for (const value of values) {
    const { file, scale } = parseSteerArgument(value);
    additions.push(...controlVectorSteering(await readControlVector(file), scale));
  }
  return additions;
}

export function openModel(model: string, flags: ModelFlags): Promise<Model> {
  const gpu = flags.gpu === undefined ? undefined : flags.gpu === "cpu" || flags.gpu === "false" ? false : (flags.gpu as GpuOption);
  return loadModel({ model, ...(gpu !== undefined ? { gpu } : {}), ...(flags.threads ? { threads: flags.threads } : {}) });
}
