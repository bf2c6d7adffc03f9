/**
 * A progress line with rate and ETA on stderr: redrawn in place on a TTY, a line per ~5% elsewhere.
 * A library caller can instead take each step as an event (`onProgress`, with `silent`), and stop
 * the work with an AbortSignal: every tick is a point where the finished part is stored, so the
 * work stops there with an AbortError and resumes from there.
 */
import { AbortError } from "../errors.js";

/** One step of a long job: `stage` names the part ("stories", "neutral set", "corpus"). */
export interface ProgressEvent {
  stage: string;
  done: number;
  total: number;
  note?: string;
}

export interface ProgressOptions {
  /** No line on stderr. */
  silent?: boolean;
  /** Called at the start of each stage and at every step. */
  onProgress?: (event: ProgressEvent) => void;
  /** Checked at the start and at every step. */
  signal?: AbortSignal;
}

export interface ProgressReporter {
  tick(done: number, note?: string): void;
  finish(note?: string): void;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

function checkSignal(label: string, done: number, total: number, signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new AbortError(
      "ABORTED",
      `Stopped during the ${label} at ${done}/${total}: the caller's signal aborted it. What is finished is stored; resume to continue.`,
      { stage: label, done, total },
      { cause: signal.reason },
    );
}

export function createProgress(
  label: string,
  total: number,
  options: { stream?: NodeJS.WriteStream; alreadyDone?: number } & ProgressOptions = {},
): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  checkSignal(label, options.alreadyDone ?? 0, total, options.signal);
  options.onProgress?.({ stage: label, done: options.alreadyDone ?? 0, total });
  const start = Date.now();
  const base = options.alreadyDone ?? 0;
  let lastBucket = -1;
  const render = (done: number, note = "") => {
    const fresh = done - base;
    const elapsed = (Date.now() - start) / 1000;
    const rate = fresh > 0 ? fresh / elapsed : 0;
    const eta = rate > 0 ? (total - done) / rate : Infinity;
    const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
    const width = 24;
    const filled = Math.round((pct / 100) * width);
    return `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${pct}% ${rate.toFixed(2)}/s ETA ${formatDuration(eta)}${note ? ` ${note}` : ""}`;
  };
  return {
    tick(done, note) {
      options.onProgress?.({ stage: label, done, total, ...(note ? { note } : {}) });
      checkSignal(label, done, total, options.signal);
      if (options.silent) return;
      if (stream.isTTY) {
        stream.write(`\r${render(done, note)}\x1b[K`);
        return;
      }
      const bucket = Math.floor((done / Math.max(1, total)) * 20);
      if (bucket !== lastBucket) {
        lastBucket = bucket;
        stream.write(render(done, note) + "\n");
      }
    },
    finish(note) {
      if (options.silent) return;
      const elapsed = formatDuration((Date.now() - start) / 1000);
      stream.write(`${stream.isTTY ? "\r" : ""}${label}: done in ${elapsed}${note ? ` (${note})` : ""}${stream.isTTY ? "\x1b[K" : ""}\n`);
    },
  };
}
