/**
 * The replication's SQLite store: the settings it was started with and each finished step's
 * result (JSON), written in one statement when the step ends. A killed run redoes only the step
 * it was in; steps are deterministic, so the result equals an uninterrupted run's.
 */
import type Database from "better-sqlite3";
import { openStoreFile } from "../util/sqlite.js";

export class ReplicationStore {
  private readonly db: Database.Database;

  constructor(readonly file: string) {
    this.db = openStoreFile(file, "replication store", "Choose an output folder you can write to.");
    this.db.pragma("journal_mode = WAL");
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS steps (key TEXT PRIMARY KEY, value TEXT NOT NULL, seconds REAL NOT NULL);
    `);
  }

  getMeta(key: string): string | undefined {
    return (this.db.prepare(`SELECT value FROM meta WHERE key = ?`).get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(key, value);
  }

  step<T>(key: string): { value: T; seconds: number } | undefined {
    const row = this.db.prepare(`SELECT value, seconds FROM steps WHERE key = ?`).get(key) as { value: string; seconds: number } | undefined;
    return row ? { value: JSON.parse(row.value) as T, seconds: row.seconds } : undefined;
  }

  setStep(key: string, value: unknown, seconds: number): void {
    this.db
      .prepare(`INSERT INTO steps (key, value, seconds) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, seconds = excluded.seconds`)
      .run(key, JSON.stringify(value), seconds);
  }

  stepCount(): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM steps`).get() as { n: number }).n;
  }

  /** `using store = new …Store(file)` closes it at the end of the scope. */
  [Symbol.dispose](): void {
    this.close();
  }

  close(): void {
    this.db.close();
  }
}
