/**
 * The sweeps' SQLite store: one row per run, one per finished rollout. A rollout is written in one
 * statement when it finishes, keyed by its cell (vector, strength, sample), so a killed sweep
 * resumes with exactly the missing cells and never stores a cell twice.
 */
import os from "node:os";
import path from "node:path";
import type Database from "better-sqlite3";
import { openStoreFile } from "../util/sqlite.js";
import type { ChatMessage } from "../engine/chatTemplate.js";
import { EngineError, ResourceError } from "../errors.js";
import type { SweepPlan } from "./plan.js";

/** A stored run: its plan, as planSweep wrote it, and the run's identity and state. */
export interface RunRecord extends SweepPlan {
  id: string;
  modelName: string;
  modelSha256: string;
  createdAt: string;
  /** "interrupted": stored as running, but the process that ran it on this host is gone (killed, crashed). */
  status: "running" | "done" | "interrupted";
  /** Content id of the vector set the run steered with (absent on runs stored before ids existed). */
  vectorSetId?: string;
}

/** "unsteered" rollouts (strength 0) belong to both the emotion's and the random control's series. */
export type SteeringVector = "emotion" | "random" | "unsteered";

export interface TurnTrace {
  /** Readout (z) of the steered emotion and the watched ones at the first token of this assistant turn. */
  start: Record<string, number>;
  /** Mean readout (z) over this turn's generated tokens. */
  mean: Record<string, number>;
  tokens: number;
  /** Maximum readout over the turn's tokens (absent in runs stored before it was recorded). */
  max?: Record<string, number>;
  /** Maximum readout over the tokens before the turn's first action (code, a file, a tool call); the whole turn when it takes none. */
  maxBeforeAction?: Record<string, number>;
  /** Index of the token that completes the turn's first action marker, or null when it takes none. */
  actionToken?: number | null;
  /** Every token's readout (z, 3 decimals), so monitors can be evaluated on a run without tracing it again. */
  series?: Record<string, number[]>;
}

export interface RolloutRecord {
  runId: string;
  vector: SteeringVector;
  strength: number;
  sample: number;
  seed: number;
  outcome: string;
  target: boolean;
  verdict: Record<string, unknown>;
  judge: Record<string, unknown> | null;
  messages: ChatMessage[];
  turns: TurnTrace[];
  generatedTokens: number;
  wallMs: number;
}

export function defaultRunsFile(cacheDir: string): string {
  return path.join(cacheDir, "runs.sqlite");
}

export class RunStore {
  private readonly db: Database.Database;

  constructor(readonly file: string) {
    this.db = openStoreFile(file, "runs store", "Pass --runs <file.sqlite> in a writable folder.");
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS runs (
        id TEXT PRIMARY KEY, scenario TEXT NOT NULL, scenario_version TEXT NOT NULL,
        model_name TEXT NOT NULL, model_sha256 TEXT NOT NULL, vector_set TEXT NOT NULL,
        steer_emotion TEXT NOT NULL, layer INTEGER NOT NULL, strengths TEXT NOT NULL,
        samples INTEGER NOT NULL, seed INTEGER NOT NULL, params TEXT NOT NULL,
        created_at TEXT NOT NULL, status TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS rollouts (
        run_id TEXT NOT NULL REFERENCES runs(id), vector TEXT NOT NULL, strength REAL NOT NULL, sample INTEGER NOT NULL,
        seed INTEGER NOT NULL, outcome TEXT NOT NULL, target INTEGER NOT NULL, verdict TEXT NOT NULL, judge TEXT,
        messages TEXT NOT NULL, turns TEXT NOT NULL, generated_tokens INTEGER NOT NULL, wall_ms INTEGER NOT NULL,
        finished_at TEXT NOT NULL DEFAULT (datetime('now')),
        PRIMARY KEY (run_id, vector, strength, sample)
      );
      CREATE TABLE IF NOT EXISTS reply_checks (
        run_id TEXT NOT NULL REFERENCES runs(id), vector TEXT NOT NULL, strength REAL NOT NULL, sample INTEGER NOT NULL,
        check_json TEXT NOT NULL,
        PRIMARY KEY (run_id, vector, strength, sample)
      );
    `);
    const columns = this.db.prepare(`PRAGMA table_info(runs)`).all() as { name: string }[];
    if (!columns.some((c) => c.name === "random_control")) {
      // A finished run with no random rollouts was run without the control.
      this.db.exec(`
        ALTER TABLE runs ADD COLUMN random_control INTEGER NOT NULL DEFAULT 1;
        UPDATE runs SET random_control = 0 WHERE status = 'done' AND NOT EXISTS (SELECT 1 FROM rollouts WHERE run_id = runs.id AND vector = 'random');
      `);
    }
    if (!columns.some((c) => c.name === "world")) this.db.exec(`ALTER TABLE runs ADD COLUMN world TEXT`);
    // Who is running a run ("host:pid"), so a run whose process died reads as interrupted, not running forever.
    if (!columns.some((c) => c.name === "owner")) this.db.exec(`ALTER TABLE runs ADD COLUMN owner TEXT`);
    if (!columns.some((c) => c.name === "vector_set_id")) this.db.exec(`ALTER TABLE runs ADD COLUMN vector_set_id TEXT`);
    if (!columns.some((c) => c.name === "guard")) this.db.exec(`ALTER TABLE runs ADD COLUMN guard TEXT`);
  }

  createRun(run: RunRecord): void {
    this.db
      .prepare(
        `INSERT INTO runs (id, scenario, scenario_version, model_name, model_sha256, vector_set, steer_emotion, layer, strengths, samples, seed, params, created_at, status, random_control, world, owner, vector_set_id, guard)
         VALUES (@id, @scenario, @scenarioVersion, @modelName, @modelSha256, @vectorSet, @steerEmotion, @layer, @strengths, @samples, @seed, @params, @createdAt, @status, @randomControl, @world, @owner, @vectorSetId, @guard)`,
      )
      .run({
        ...run,
        status: run.status === "interrupted" ? "running" : run.status,
        owner: processOwner(),
        vectorSetId: run.vectorSetId ?? null,
        strengths: JSON.stringify(run.strengths),
        params: JSON.stringify(run.params),
        randomControl: run.randomControl ? 1 : 0,
        world: run.world === undefined ? null : JSON.stringify(run.world),
        guard: run.guard?.length ? JSON.stringify(run.guard) : null,
      });
  }

  getRun(id: string): RunRecord | null {
    const row = this.db.prepare(`SELECT * FROM runs WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    return row ? toRun(row) : null;
  }

  requireRun(id: string): RunRecord {
    const run = this.getRun(id);
    if (!run) {
      const known = this.listRuns()
        .slice(0, 5)
        .map((r) => r.id);
      throw new ResourceError(
        "NOT_FOUND",
        `No run "${id}" in ${this.file}.${known.length ? ` Recent runs: ${known.join(", ")}.` : " The store has no runs yet."}`,
        { id },
      );
    }
    return run;
  }

  listRuns(): (RunRecord & { rollouts: number })[] {
    const rows = this.db
      .prepare(`SELECT runs.*, (SELECT COUNT(*) FROM rollouts WHERE run_id = runs.id) AS rollouts FROM runs ORDER BY created_at DESC, id DESC`)
      .all() as Record<string, unknown>[];
    return rows.map((row) => ({ ...toRun(row), rollouts: Number(row.rollouts) }));
  }

  setStatus(id: string, status: "running" | "done"): void {
    this.db.prepare(`UPDATE runs SET status = ? WHERE id = ?`).run(status, id);
  }

  /** Raises a run's samples per cell (never lowers it: stored rollouts stay part of the run). */
  extendSamples(id: string, samples: number): void {
    this.db.prepare(`UPDATE runs SET samples = ?, status = 'running' WHERE id = ? AND samples < ?`).run(samples, id, samples);
  }

  /** Marks this process as the one running a run (when it starts or resumes it). */
  claim(id: string): void {
    this.db.transaction(() => {
      const row = this.db.prepare(`SELECT status, owner FROM runs WHERE id = ?`).get(id) as { status: string; owner: unknown } | undefined;
      if (row?.status === "running" && ownerIsAlive(row.owner)) {
        throw new EngineError(
          "BUSY",
          `Run ${id} is being run now by process ${otherLocalOwnerPid(row.owner)} on this host; wait for it to finish or stop it (Ctrl-C) before resuming.`,
          { run: id, owner: row.owner },
        );
      }
      this.db.prepare(`UPDATE runs SET owner = ? WHERE id = ?`).run(processOwner(), id);
    })();
  }

  /** Stores a finished rollout; a cell that is already there is kept as it was (resume never duplicates). */
  addRollout(rollout: RolloutRecord): boolean {
    const info = this.db
      .prepare(
        `INSERT OR IGNORE INTO rollouts (run_id, vector, strength, sample, seed, outcome, target, verdict, judge, messages, turns, generated_tokens, wall_ms)
         VALUES (@runId, @vector, @strength, @sample, @seed, @outcome, @target, @verdict, @judge, @messages, @turns, @generatedTokens, @wallMs)`,
      )
      .run({
        ...rollout,
        target: rollout.target ? 1 : 0,
        verdict: JSON.stringify(rollout.verdict),
        judge: rollout.judge ? JSON.stringify(rollout.judge) : null,
        messages: JSON.stringify(rollout.messages),
        turns: JSON.stringify(rollout.turns),
      });
    return info.changes === 1;
  }

  rollouts(runId: string): RolloutRecord[] {
    const rows = this.db.prepare(`SELECT * FROM rollouts WHERE run_id = ? ORDER BY vector, strength, sample`).all(runId) as Record<string, unknown>[];
    return rows.map((row) => ({
      runId: String(row.run_id),
      vector: row.vector as SteeringVector,
      strength: Number(row.strength),
      sample: Number(row.sample),
      seed: Number(row.seed),
      outcome: String(row.outcome),
      target: Number(row.target) === 1,
      verdict: JSON.parse(String(row.verdict)) as Record<string, unknown>,
      judge: row.judge ? (JSON.parse(String(row.judge)) as Record<string, unknown>) : null,
      messages: JSON.parse(String(row.messages)) as ChatMessage[],
      turns: JSON.parse(String(row.turns)) as TurnTrace[],
      generatedTokens: Number(row.generated_tokens),
      wallMs: Number(row.wall_ms),
    }));
  }

  /** Coherence checks of rollouts' first replies (coherence.ts), keyed like the rollouts. */
  replyChecks<T>(runId: string): Map<string, T> {
    const rows = this.db.prepare(`SELECT vector, strength, sample, check_json FROM reply_checks WHERE run_id = ?`).all(runId) as {
      vector: string;
      strength: number;
      sample: number;
      check_json: string;
    }[];
    return new Map(rows.map((r) => [cellKey(r.vector as SteeringVector, r.strength, r.sample), JSON.parse(r.check_json) as T]));
  }

  addReplyCheck(runId: string, vector: SteeringVector, strength: number, sample: number, check: unknown): void {
    this.db
      .prepare(`INSERT OR REPLACE INTO reply_checks (run_id, vector, strength, sample, check_json) VALUES (?, ?, ?, ?, ?)`)
      .run(runId, vector, strength, sample, JSON.stringify(check));
  }

  doneCells(runId: string): Set<string> {
    const rows = this.db.prepare(`SELECT vector, strength, sample FROM rollouts WHERE run_id = ?`).all(runId) as {
      vector: string;
      strength: number;
      sample: number;
    }[];
    return new Set(rows.map((r) => cellKey(r.vector as SteeringVector, r.strength, r.sample)));
  }

  /** `using store = new …Store(file)` closes it at the end of the scope. */
  [Symbol.dispose](): void {
    this.close();
  }

  close(): void {
    this.db.close();
  }
}

export function cellKey(vector: SteeringVector, strength: number, sample: number): string {
  return `${vector}|${strength}|${sample}`;
}

function processOwner(): string {
  return `${os.hostname()}:${process.pid}`;
}

/** The pid of a run's owner when that is another process on this host; null for this process, other hosts and older stores. */
function otherLocalOwnerPid(owner: unknown): number | null {
  if (typeof owner !== "string") return null;
  const at = owner.lastIndexOf(":");
  const pid = Number(owner.slice(at + 1));
  return owner.slice(0, at) === os.hostname() && Number.isInteger(pid) && pid > 0 && pid !== process.pid ? pid : null;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/** True when the owner is another live process on this host (a second resume of the same run must wait). */
function ownerIsAlive(owner: unknown): boolean {
  const pid = otherLocalOwnerPid(owner);
  return pid !== null && processExists(pid);
}

/** True when the run's owner was a process on this host that no longer exists; unknown owners (other hosts, older stores) count as alive. */
function ownerIsGone(owner: unknown): boolean {
  const pid = otherLocalOwnerPid(owner);
  return pid !== null && !processExists(pid);
}

function toRun(row: Record<string, unknown>): RunRecord {
  return {
    id: String(row.id),
    scenario: String(row.scenario),
    scenarioVersion: String(row.scenario_version),
    modelName: String(row.model_name),
    modelSha256: String(row.model_sha256),
    vectorSet: String(row.vector_set),
    steerEmotion: String(row.steer_emotion),
    layer: Number(row.layer),
    strengths: JSON.parse(String(row.strengths)) as number[],
    samples: Number(row.samples),
    seed: Number(row.seed),
    params: JSON.parse(String(row.params)) as RunRecord["params"],
    randomControl: Number(row.random_control ?? 1) === 1,
    createdAt: String(row.created_at),
    status: row.status === "running" && ownerIsGone(row.owner) ? "interrupted" : (row.status as RunRecord["status"]),
    ...(typeof row.vector_set_id === "string" ? { vectorSetId: row.vector_set_id } : {}),
    ...(typeof row.world === "string" ? { world: JSON.parse(row.world) as unknown } : {}),
    ...(typeof row.guard === "string" ? { guard: JSON.parse(row.guard) as string[] } : {}),
  };
}
