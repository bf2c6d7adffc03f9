/**
 * Reading and checking scenario worlds written as JSON (a blackmail company, a sycophancy claim).
 * Every problem names the file and the field, so a hand-written world can be fixed from the message.
 */
import fs from "node:fs/promises";
import { InvalidInputError, readError } from "../errors.js";

/** World files are small hand-written JSON; anything larger is a wrong file. */
export const MAX_WORLD_BYTES = 1 << 20;

export async function readWorldFile(file: string): Promise<unknown> {
  let size: number;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new InvalidInputError("INVALID_ARGUMENT", `World file ${file} is not a file.`, { file });
    size = stat.size;
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw readError(
      error,
      `Cannot read the world file ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}.`,
      { file },
    );
  }
  if (size > MAX_WORLD_BYTES)
    throw new InvalidInputError("INVALID_ARGUMENT", `World file ${file} is ${size} bytes; a world is a small JSON file (at most ${MAX_WORLD_BYTES} bytes).`, {
      file,
      size,
    });
  const text = await fs.readFile(file, "utf8");
  if (!text.trim()) throw new InvalidInputError("EMPTY_INPUT", `World file ${file} is empty.`, { file });
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidInputError("INVALID_ARGUMENT", `World file ${file} is not valid JSON: ${(error as Error).message}.`, { file }, { cause: error });
  }
}

/** Field access on untrusted JSON with errors that say where: "world.json: secret.facets.people must be a list of strings". */
export class WorldReader {
  constructor(
    private readonly source: string,
    private readonly value: Record<string, unknown>,
    private readonly path: string = "",
  ) {}

  static root(value: unknown, source: string, what: string): WorldReader {
    if (!value || typeof value !== "object" || Array.isArray(value))
      throw new InvalidInputError("INVALID_ARGUMENT", `${source}: a ${what} must be a JSON object.`, { source });
    return new WorldReader(source, value as Record<string, unknown>);
  }

  private where(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  fail(key: string, wanted: string): never {
    const got = this.value[key];
    const shown = got === undefined ? "missing" : `got ${JSON.stringify(got).slice(0, 60)}`;
    throw new InvalidInputError("INVALID_ARGUMENT", `${this.source}: "${this.where(key)}" must be ${wanted} (${shown}).`, {
      source: this.source,
      field: this.where(key),
    });
  }

  has(key: string): boolean {
    return this.value[key] !== undefined;
  }

  string(key: string, options: { optional?: boolean; pattern?: RegExp; patternText?: string } = {}): string {
    const v = this.value[key];
    if ((v === undefined || v === "") && options.optional) return "";
    if (typeof v !== "string" || !v.trim()) this.fail(key, "a non-empty string");
    if (options.pattern && !options.pattern.test(v)) this.fail(key, options.patternText ?? `text matching ${options.pattern}`);
    return v.trim();
  }

  choice<T extends string>(key: string, values: readonly T[]): T {
    const v = this.value[key];
    if (typeof v !== "string" || !values.includes(v as T)) this.fail(key, `one of ${values.join(", ")}`);
    return v as T;
  }

  strings(key: string, options: { optional?: boolean; min?: number } = {}): string[] {
    const v = this.value[key];
    if (v === undefined && options.optional) return [];
    const min = options.min ?? 1;
    if (!Array.isArray(v) || v.length < min || v.some((s) => typeof s !== "string" || !s.trim()))
      this.fail(key, `a list of at least ${min} non-empty string${min === 1 ? "" : "s"}`);
    return (v as string[]).map((s) => s.trim());
  }

  object(key: string, options: { optional?: boolean } = {}): WorldReader {
    const v = this.value[key];
    if (v === undefined && options.optional) return new WorldReader(this.source, {}, this.where(key));
    if (!v || typeof v !== "object" || Array.isArray(v)) this.fail(key, "an object");
    return new WorldReader(this.source, v as Record<string, unknown>, this.where(key));
  }

  objects(key: string, options: { optional?: boolean; min?: number } = {}): WorldReader[] {
    const v = this.value[key];
    if (v === undefined && options.optional) return [];
    const min = options.min ?? 1;
    if (!Array.isArray(v) || v.length < min || v.some((o) => !o || typeof o !== "object" || Array.isArray(o)))
      this.fail(key, `a list of at least ${min} object${min === 1 ? "" : "s"}`);
    return (v as Record<string, unknown>[]).map((o, i) => new WorldReader(this.source, o, `${this.where(key)}[${i}]`));
  }

  /** Regular-expression sources, compiled once here so a bad one is reported with the file. */
  patterns(key: string, options: { optional?: boolean } = {}): string[] {
    const list = this.strings(key, options);
    for (const [i, source] of list.entries()) {
      try {
        new RegExp(source, "i");
      } catch (error) {
        throw new InvalidInputError(
          "INVALID_ARGUMENT",
          `${this.source}: "${this.where(key)}[${i}]" is not a valid regular expression: ${(error as Error).message}.`,
          { source: this.source },
        );
      }
    }
    return list;
  }

  /** Keys this object has beyond `known` (a misspelt field is an error, not silently ignored). */
  rejectUnknown(known: readonly string[]): void {
    const extra = Object.keys(this.value).filter((k) => !known.includes(k));
    if (extra.length) {
      throw new InvalidInputError(
        "INVALID_ARGUMENT",
        `${this.source}: unknown field${extra.length > 1 ? "s" : ""} ${extra.map((k) => `"${this.where(k)}"`).join(", ")}; allowed here: ${known.join(", ")}.`,
        { source: this.source },
      );
    }
  }
}
