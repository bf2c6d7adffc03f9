/**
 * Draws a library's progress events (stage, done, total) as the progress lines of util/progress
 * on stderr, so a library call that only reports events shows the same lines a CLI command did.
 */
import { createProgress, type ProgressEvent, type ProgressReporter } from "../util/progress.js";

export interface StageProgressView {
  /** One event; a new stage starts a new line, a stage at its total ends it. */
  show(event: ProgressEvent): void;
  /** Ends a line left open (a stage stopped short of its total). */
  end(): void;
}

export function stageProgressView(stream: NodeJS.WriteStream = process.stderr): StageProgressView {
  let current: { stage: string; reporter: ProgressReporter } | null = null;
  // A stage stopped short is not "done": only the redrawn line of a terminal needs closing.
  const end = () => {
    if (current && stream.isTTY) stream.write("\n");
    current = null;
  };
  return {
    show(event) {
      if (current?.stage === event.stage) current.reporter.tick(event.done, event.note);
      else {
        end();
        // The first event of a stage says how much was already stored.
        current = { stage: event.stage, reporter: createProgress(event.stage, event.total, { stream, alreadyDone: event.done }) };
      }
      if (event.done >= event.total) {
        current.reporter.finish(event.note);
        current = null;
      }
    },
    end,
  };
}
