/**
 * The extraction's SQLite store: every story lands as soon as it exists, together with its
 * contribution to the per-emotion running sums, in one transaction, so a killed run resumes
 * exactly where it stopped, without duplicates.
 */
import Database from "better-sqlite3";
import { LimbicError } from "../errors.js";

export interface StoryRow {
  emotion: string;
  premiseIndex: number;
  variant: number;
  text: string;
  tokens: number;
  heldOut: boolean;
  /** Excluded from the vectors (e.g. the story names its emotion). */
  rejected: string | null;
}

function toBlob(data: Float64Array | Float32Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

function fromBlob64(blob: Buffer): Float64Array {
  const copy = Buffer.from(blob);
  return new Float64Array(copy.buffer, copy.byteOffset, copy.byteLength / 8);
}

function fromBlob32(blob: Buffer): Float32Array {
  const copy = Buffer.from(blob);
  return new Float32Array(copy.buffer, copy.byteOffset, copy.byteLength / 4);
}

export class ExtractionStore {
  private db: Database.Database;

  constructor(readonly file: string) {
    try {
      this.db = new Database(file);
    } catch (error) {
      throw new LimbicError("INVALID_ARGUMENT", `Cannot open the extraction store ${file}: ${(error as Error).message}`, { file }, { cause: error });
    }
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS stories (
        id INTEGER PRIMARY KEY,
        emotion TEXT NOT NULL, premise_index INTEGER NOT NULL, variant INTEGER NOT NULL,
        text TEXT NOT NULL, tokens INTEGER NOT NULL, held_out INTEGER NOT NULL, rejected TEXT,
        created_at TEXT NOT NULL DEFAULT (datetime('now')),
        UNIQUE (emotion, premise_index, variant)
      );
      CREATE TABLE IF NOT EXISTS sums (emotion TEXT NOT NULL, layer INTEGER NOT NULL, count INTEGER NOT NULL, sum BLOB NOT NULL, PRIMARY KEY (emotion, layer));
      CREATE TABLE IF NOT EXISTS heldout_means (story_id INTEGER NOT NULL, layer INTEGER NOT NULL, mean BLOB NOT NULL, PRIMARY KEY (story_id, layer));
      CREATE TABLE IF NOT EXISTS norm_sums (source TEXT NOT NULL, layer INTEGER NOT NULL, count INTEGER NOT NULL, sum REAL NOT NULL, PRIMARY KEY (source, layer));
      CREATE TABLE IF NOT EXISTS neutral (layer INTEGER PRIMARY KEY, count INTEGER NOT NULL, sum BLOB NOT NULL, outer_sum BLOB NOT NULL);
    `);
  }

  getMeta(key: string): string | undefined {
    return (this.db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(key, value);
  }

  hasStory(emotion: string, premiseIndex: number, variant: number): boolean {
    return this.db.prepare("SELECT 1 FROM stories WHERE emotion = ? AND premise_index = ? AND variant = ?").get(emotion, premiseIndex, variant) !== undefined;
  }

  storyCount(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM stories").get() as { n: number }).n;
  }

  /**
   * Stores a story with its per-layer token sums (already summed over the story's read
   * tokens), its norm statistics, and, for held-out stories, its per-layer means.
   */
  addStory(story: StoryRow, layerSums: Map<number, Float64Array>, readTokens: number, normSums: Map<number, number>): void {
    const insert = this.db.prepare("INSERT INTO stories (emotion, premise_index, variant, text, tokens, held_out, rejected) VALUES (?, ?, ?, ?, ?, ?, ?)");
    const getSum = this.db.prepare("SELECT count, sum FROM sums WHERE emotion = ? AND layer = ?");
    const putSum = this.db.prepare("INSERT INTO sums (emotion, layer, count, sum) VALUES (?, ?, ?, ?) ON CONFLICT(emotion, layer) DO UPDATE SET count = excluded.count, sum = excluded.sum");
    const putMean = this.db.prepare("INSERT INTO heldout_means (story_id, layer, mean) VALUES (?, ?, ?)");
    const putNorm = this.db.prepare("INSERT INTO norm_sums (source, layer, count, sum) VALUES ('stories', ?, ?, ?) ON CONFLICT(source, layer) DO UPDATE SET count = count + excluded.count, sum = sum + excluded.sum");
    this.db.transaction(() => {
      const { lastInsertRowid } = insert.run(story.emotion, story.premiseIndex, story.variant, story.text, story.tokens, story.heldOut ? 1 : 0, story.rejected);
      if (story.rejected || readTokens === 0) return;
      for (const [layer, sum] of layerSums) {
        if (story.heldOut) {
          putMean.run(Number(lastInsertRowid), layer, toBlob(Float32Array.from(sum, (x) => x / readTokens)));
          continue;
        }
        // Vectors average per-story means, so each story weighs the same whatever its length.
        const mean = Float64Array.from(sum, (x) => x / readTokens);
        const row = getSum.get(story.emotion, layer) as { count: number; sum: Buffer } | undefined;
        if (row) {
          const total = fromBlob64(row.sum);
          for (let i = 0; i < total.length; i++) total[i] = total[i]! + mean[i]!;
          putSum.run(story.emotion, layer, row.count + 1, toBlob(total));
        } else {
          putSum.run(story.emotion, layer, 1, toBlob(mean));
        }
      }
      for (const [layer, sum] of normSums) putNorm.run(layer, readTokens, sum);
    })();
  }

  /** Per emotion and layer: the sum of per-story means over the training stories, and their count. */
  emotionSums(): Map<string, Map<number, { count: number; sum: Float64Array }>> {
    const out = new Map<string, Map<number, { count: number; sum: Float64Array }>>();
    for (const row of this.db.prepare("SELECT emotion, layer, count, sum FROM sums").all() as { emotion: string; layer: number; count: number; sum: Buffer }[]) {
      if (!out.has(row.emotion)) out.set(row.emotion, new Map());
      out.get(row.emotion)!.set(row.layer, { count: row.count, sum: fromBlob64(row.sum) });
    }
    return out;
  }

  heldOutMeans(layer: number): { emotion: string; mean: Float32Array }[] {
    const rows = this.db
      .prepare("SELECT s.emotion AS emotion, h.mean AS mean FROM heldout_means h JOIN stories s ON s.id = h.story_id WHERE h.layer = ? ORDER BY s.id")
      .all(layer) as { emotion: string; mean: Buffer }[];
    return rows.map((r) => ({ emotion: r.emotion, mean: fromBlob32(r.mean) }));
  }

  stories(): (StoryRow & { id: number })[] {
    return (this.db.prepare("SELECT id, emotion, premise_index, variant, text, tokens, held_out, rejected FROM stories ORDER BY id").all() as {
      id: number; emotion: string; premise_index: number; variant: number; text: string; tokens: number; held_out: number; rejected: string | null;
    }[]).map((r) => ({ id: r.id, emotion: r.emotion, premiseIndex: r.premise_index, variant: r.variant, text: r.text, tokens: r.tokens, heldOut: r.held_out === 1, rejected: r.rejected }));
  }

  /** Stores the neutral set's first and second moments per layer (for PCA), replacing earlier ones. */
  setNeutral(layer: number, count: number, sum: Float64Array, outerSum: Float64Array, normSum: number): void {
    this.db.transaction(() => {
      this.db.prepare("INSERT OR REPLACE INTO neutral (layer, count, sum, outer_sum) VALUES (?, ?, ?, ?)").run(layer, count, toBlob(sum), toBlob(outerSum));
      this.db.prepare("INSERT OR REPLACE INTO norm_sums (source, layer, count, sum) VALUES ('neutral', ?, ?, ?)").run(layer, count, normSum);
    })();
  }

  neutral(layer: number): { count: number; sum: Float64Array; outerSum: Float64Array } | undefined {
    const row = this.db.prepare("SELECT count, sum, outer_sum FROM neutral WHERE layer = ?").get(layer) as { count: number; sum: Buffer; outer_sum: Buffer } | undefined;
    return row && { count: row.count, sum: fromBlob64(row.sum), outerSum: fromBlob64(row.outer_sum) };
  }

  /** Mean residual norm per layer over neutral and story tokens together. */
  meanNorms(): Map<number, number> {
    const rows = this.db.prepare("SELECT layer, sum(count) AS count, sum(sum) AS total FROM norm_sums GROUP BY layer").all() as { layer: number; count: number; total: number }[];
    return new Map(rows.map((r) => [r.layer, r.total / r.count]));
  }

  close(): void {
    this.db.close();
  }
}
