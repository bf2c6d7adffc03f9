import fs from "node:fs/promises";
import { Command } from "commander";
import { config } from "../../config.js";
import { InvalidInputError } from "../../errors.js";
import { attemptSummary } from "../../report/attemptSummary.js";
import { sweepSummary } from "../../report/sweepSummary.js";
import { renderSweepReport } from "../../report/sweepReport.js";
import { trendSummary } from "../../report/trendSummary.js";
import { attemptTrace } from "../../sweeps/attemptTrace.js";
import { toInspectLog } from "../../sweeps/inspectLog.js";
import { planCells } from "../../sweeps/cells.js";
import { summarizeRun, targetOutcomeOf } from "../../sweeps/results.js";
import { defaultRunsFile, RunStore } from "../../sweeps/runStore.js";
import { runDetailWire, runSummaryWire } from "../../sweeps/runWire.js";
import { addGuardCommands } from "./runsGuard.js";

interface RunsFlags {
  runs?: string;
  json?: boolean;
  format?: string;
  out?: string;
}

const storeOption = ["--runs <file.sqlite>", "runs store (default: the cache's runs.sqlite)"] as const;

function openStore(flags: RunsFlags): RunStore {
  return new RunStore(flags.runs ?? defaultRunsFile(config.cacheDir));
}

async function output(text: string, out: string | undefined): Promise<void> {
  if (out) {
    await fs.writeFile(out, text);
    process.stderr.write(`limbic: wrote ${out}\n`);
  } else {
    process.stdout.write(text);
  }
}

export function runsCommand(): Command {
  const runs = new Command("runs").description("Find, show and export stored sweeps");
  runs
    .command("list")
    .description("list stored runs, newest first")
    .option(...storeOption)
    .option("--json", "print JSON (the runs as GET /api/runs lists them)")
    .action((flags: RunsFlags) => {
      const store = openStore(flags);
      try {
        const list = store.listRuns();
        if (flags.json) return void process.stdout.write(JSON.stringify(list.map((r) => runSummaryWire(r, r.rollouts))) + "\n");
        if (list.length === 0) return void process.stdout.write(`no runs in ${store.file}\n`);
        for (const r of list)
          process.stdout.write(
            `${r.id}  ${r.scenario}  steer ${r.steerEmotion}  ${r.rollouts}/${planCells(r.strengths, r.samples, r.seed, r.randomControl).length} rollouts  ${r.status}  ${r.createdAt}\n`,
          );
      } finally {
        store.close();
      }
    });
  runs
    .command("show")
    .description("rates with intervals for one run (--out report.html for the full report)")
    .argument("<run-id>")
    .option(...storeOption)
    .option("--json", "print JSON (the run as GET /api/runs/<run-id> serves it; rollouts: limbic runs export)")
    .option("--out <report.html>", "write the HTML report")
    .action(async (id: string, flags: RunsFlags) => {
      const store = openStore(flags);
      try {
        const results = summarizeRun(store.requireRun(id), store.rollouts(id));
        if (flags.out) await output(renderSweepReport(results), flags.out);
        if (flags.json) return void process.stdout.write(JSON.stringify(runDetailWire(results)) + "\n");
        process.stdout.write(sweepSummary(results));
        process.stdout.write(trendSummary(results.trends, targetOutcomeOf(results.run.scenario) ?? "the target outcome"));
      } finally {
        store.close();
      }
    });
  runs
    .command("attempts")
    .description(
      "readouts by attempt and eventual outcome (start and within-attempt max, 95% intervals) per cell and pooled, and the turn the target first appears",
    )
    .argument("<run-id>")
    .option(...storeOption)
    .option("--json", "print JSON")
    .action((id: string, flags: RunsFlags) => {
      const store = openStore(flags);
      try {
        const run = store.requireRun(id);
        const rollouts = store.rollouts(id);
        const trace = attemptTrace(run, rollouts);
        if (flags.json)
          return void process.stdout.write(JSON.stringify({ run: runSummaryWire(run, rollouts.length), rollouts: rollouts.length, attempts: trace }) + "\n");
        if (rollouts.length === 0) return void process.stdout.write(`run ${run.id} has no stored rollouts yet\n`);
        process.stdout.write(
          attemptSummary(trace, `run ${run.id} · ${run.scenario} · steer ${run.steerEmotion} · ${rollouts.length} rollouts · ${run.status}`),
        );
      } finally {
        store.close();
      }
    });
  runs
    .command("export")
    .description("export a run's rollouts as JSONL (one rollout per line) or as an Inspect-style JSON eval log")
    .argument("<run-id>")
    .option(...storeOption)
    .option("--format <jsonl|inspect>", "output format", "jsonl")
    .option("--out <file>", "write here instead of stdout")
    .action(async (id: string, flags: RunsFlags) => {
      const store = openStore(flags);
      try {
        const run = store.requireRun(id);
        const rollouts = store.rollouts(id);
        if (flags.format === "jsonl")
          await output(
            rollouts.map((r) => JSON.stringify({ run: run.id, scenario: run.scenario, steer: run.steerEmotion, ...r })).join("\n") +
              (rollouts.length ? "\n" : ""),
            flags.out,
          );
        else if (flags.format === "inspect") await output(JSON.stringify(toInspectLog(run, rollouts), null, 1) + "\n", flags.out);
        else throw new InvalidInputError("INVALID_ARGUMENT", `--format must be jsonl or inspect (got "${flags.format}").`);
      } finally {
        store.close();
      }
    });
  addGuardCommands(runs);
  return runs;
}
