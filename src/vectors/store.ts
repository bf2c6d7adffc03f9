/**
 * The extraction's SQLite store: every story lands as soon as it exists, with its per-layer mean
 * activation and its norm statistics, in one transaction, so a run killed at any moment resumes
 * exactly where it stopped, without duplicates.
 */
import Database from "better-sqlite3";
import { InvalidInputError, ResourceError } from "../errors.js";

/** Bumped when the schema changes; an older store is refused with what to do. */
const SCHEMA = 2;

export interface StoryRow {
  emotion: string;
  /** Index of the premise the story was written for (-1: none given by a corpus). */
  premiseIndex: number;
  /** 0 for the first story of a cell; a rejected one is redrawn as attempt + 1. */
  attempt: number;
  variant: number;
  text: string;
  tokens: number;
  /** Tokens averaged into the story's mean. */
  kept: number;
  /** Tokens left out because they spell the emotion's name. */
  masked: number;
  heldOut: boolean;
  /** Why the story is not used (too few tokens to average), or null. */
  rejected: string | null;
}

export type StoredStory = StoryRow & { id: number };

export interface NeutralMomentsRow {
  count: number;
  sum: Float64Array;
  outerSum: Float64Array;
}

function toBlob(data: Float64Array | Float32Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** Copies a blob into a typed array, checking that its size is a whole number of elements. */
function fromBlob<T extends Float32Array | Float64Array>(blob: Buffer, kind: { new (buffer: ArrayBuffer): T; BYTES_PER_ELEMENT: number }, what: string): T {
  if (blob.byteLength % kind.BYTES_PER_ELEMENT !== 0)
    throw new InvalidInputError("INVALID_ARGUMENT", `The extraction store holds a damaged ${what} (${blob.byteLength} bytes).`);
  const copy = new ArrayBuffer(blob.byteLength);
  new Uint8Array(copy).set(blob);
  return new kind(copy);
}

export class ExtractionStore {
  private readonly db: Database.Database;

  constructor(readonly file: string) {
    try {
      this.db = new Database(file);
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = NORMAL");
    } catch (error) {
      throw new ResourceError("IO", `Cannot open the extraction store ${file}: ${(error as Error).message}`, { file }, { cause: error });
    }
    const tables = (this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    if (tables.includes("stories") && !tables.includes("story_means")) {
      this.db.close();
      throw new InvalidInputError(
        "INVALID_ARGUMENT",
        `${file} was written by an older Limbic (unbalanced premises, no per-story means); its stories cannot be resumed. Extract into a new folder.`,
        { file },
      );
    }
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS stories (
        id INTEGER PRIMARY KEY,
        emotion TEXT NOT NULL, premise_index INTEGER NOT NULL, attempt INTEGER NOT NULL, variant INTEGER NOT NULL,
        text TEXT NOT NULL, tokens INTEGER NOT NULL, kept INTEGER NOT NULL, masked INTEGER NOT NULL,
        held_out INTEGER NOT NULL, rejected TEXT,
        created_at TEXT NOT NULL DEFAULT (datetime('now')),
        UNIQUE (emotion, premise_index, attempt)
      );
      CREATE TABLE IF NOT EXISTS story_means (story_id INTEGER NOT NULL REFERENCES stories(id), layer INTEGER NOT NULL, mean BLOB NOT NULL, PRIMARY KEY (story_id, layer));
      CREATE TABLE IF NOT EXISTS norm_sums (source TEXT NOT NULL, layer INTEGER NOT NULL, count INTEGER NOT NULL, sum REAL NOT NULL, PRIMARY KEY (source, layer));
      CREATE TABLE IF NOT EXISTS neutral (layer INTEGER PRIMARY KEY, count INTEGER NOT NULL, sum BLOB NOT NULL, outer_sum BLOB NOT NULL);
    `);
    this.setMeta("schema", String(SCHEMA));
  }

  getMeta(key: string): string | undefined {
    return (this.db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(key, value);
  }

  storyCount(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM stories").get() as { n: number }).n;
  }

  /** Per (emotion, premise): attempts stored and whether one was accepted. */
  cellStates(): Map<string, { tried: number; accepted: boolean }> {
    const rows = this.db
      .prepare("SELECT emotion, premise_index, count(*) AS tried, sum(rejected IS NULL) AS accepted FROM stories GROUP BY emotion, premise_index")
      .all() as { emotion: string; premise_index: number; tried: number; accepted: number }[];
    return new Map(rows.map((r) => [`${r.emotion}\u0000${r.premise_index}`, { tried: r.tried, accepted: r.accepted > 0 }]));
  }

  /**
   * Stores a story with its per-layer mean activation (over its kept tokens) and its norm
   * statistics, all or nothing. A story already stored (same cell and attempt) is left as it is.
   */
  addStory(story: StoryRow, layerMeans: Map<number, Float32Array>, normSums: Map<number, number>): void {
    this.db.transaction(() => {
      const exists = this.db
        .prepare("SELECT 1 FROM stories WHERE emotion = ? AND premise_index = ? AND attempt = ?")
        .get(story.emotion, story.premiseIndex, story.attempt);
      if (exists) return;
      const { lastInsertRowid } = this.db
        .prepare(
          "INSERT INTO stories (emotion, premise_index, attempt, variant, text, tokens, kept, masked, held_out, rejected) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .run(
          story.emotion,
          story.premiseIndex,
          story.attempt,
          story.variant,
          story.text,
          story.tokens,
          story.kept,
          story.masked,
          story.heldOut ? 1 : 0,
          story.rejected,
        );
      if (story.rejected) return;
      const putMean = this.db.prepare("INSERT INTO story_means (story_id, layer, mean) VALUES (?, ?, ?)");
      for (const [layer, mean] of layerMeans) putMean.run(Number(lastInsertRowid), layer, toBlob(mean));
      const putNorm = this.db.prepare(
        "INSERT INTO norm_sums (source, layer, count, sum) VALUES ('stories', ?, ?, ?) ON CONFLICT(source, layer) DO UPDATE SET count = count + excluded.count, sum = sum + excluded.sum",
      );
      for (const [layer, sum] of normSums) putNorm.run(layer, story.kept, sum);
    })();
  }

  stories(): StoredStory[] {
    return (
      this.db.prepare("SELECT id, emotion, premise_index, attempt, variant, text, tokens, kept, masked, held_out, rejected FROM stories ORDER BY id").all() as {
        id: number;
        emotion: string;
        premise_index: number;
        attempt: number;
        variant: number;
        text: string;
        tokens: number;
        kept: number;
        masked: number;
        held_out: number;
        rejected: string | null;
      }[]
    ).map((r) => ({
      id: r.id,
      emotion: r.emotion,
      premiseIndex: r.premise_index,
      attempt: r.attempt,
      variant: r.variant,
      text: r.text,
      tokens: r.tokens,
      kept: r.kept,
      masked: r.masked,
      heldOut: r.held_out === 1,
      rejected: r.rejected,
    }));
  }

  /** Every accepted story's mean activation at `layer`, by story id. */
  storyMeans(layer: number, nEmbd: number): Map<number, Float32Array> {
    const rows = this.db.prepare("SELECT story_id, mean FROM story_means WHERE layer = ?").all(layer) as { story_id: number; mean: Buffer }[];
    const out = new Map<number, Float32Array>();
    for (const row of rows) {
      const mean = fromBlob(row.mean, Float32Array, `mean of story ${row.story_id}`);
      if (mean.length !== nEmbd)
        throw new InvalidInputError("INVALID_ARGUMENT", `The extraction store's mean for story ${row.story_id} has ${mean.length} values, not ${nEmbd}.`);
      out.set(row.story_id, mean);
    }
    return out;
  }

  /** Stores the neutral set's first and second moments per layer (for PCA and the readout), replacing earlier ones. */
  setNeutral(layer: number, moments: NeutralMomentsRow, normSum: number): void {
    this.db.transaction(() => {
      this.db
        .prepare("INSERT OR REPLACE INTO neutral (layer, count, sum, outer_sum) VALUES (?, ?, ?, ?)")
        .run(layer, moments.count, toBlob(moments.sum), toBlob(moments.outerSum));
      this.db.prepare("INSERT OR REPLACE INTO norm_sums (source, layer, count, sum) VALUES ('neutral', ?, ?, ?)").run(layer, moments.count, normSum);
    })();
  }

  neutral(layer: number): NeutralMomentsRow | undefined {
    const row = this.db.prepare("SELECT count, sum, outer_sum FROM neutral WHERE layer = ?").get(layer) as
      | { count: number; sum: Buffer; outer_sum: Buffer }
      | undefined;
    return row && { count: row.count, sum: fromBlob(row.sum, Float64Array, "neutral sum"), outerSum: fromBlob(row.outer_sum, Float64Array, "neutral moments") };
  }

  /** Mean residual norm per layer over neutral and story tokens together. */
  meanNorms(): Map<number, number> {
    const rows = this.db.prepare("SELECT layer, sum(count) AS count, sum(sum) AS total FROM norm_sums GROUP BY layer").all() as {
      layer: number;
      count: number;
      total: number;
    }[];
    return new Map(rows.map((r) => [r.layer, r.total / r.count]));
  }

  /** `using store = new …Store(file)` closes it at the end of the scope. */
  [Symbol.dispose](): void {
    this.close();
  }

  close(): void {
    this.db.close();
  }
}
