import fs from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import type { Strength } from "../../engine/strength.js";
import { config } from "../../config.js";
import { InvalidInputError } from "../../errors.js";
import { sweepSummary } from "../../report/sweepSummary.js";
import { renderSweepReport } from "../../report/sweepReport.js";
import { getScenario } from "../../scenarios/registry.js";
import { parseStrengths } from "../../sweeps/cells.js";
import { defaultRunsFile, RunStore } from "../../sweeps/runStore.js";
import { planSweep, type CheckedSweepPlan } from "../../sweeps/plan.js";
import { checkResumeSpec, type PlanDifference, type ResumeSpec } from "../../sweeps/resumeCheck.js";
import { resumeSweep, runSweep, type SweepRunOptions } from "../../sweeps/runner.js";
import { runDetailWire } from "../../sweeps/runWire.js";
import { createProgress, type ProgressReporter } from "../../util/progress.js";
import { readVectorSet } from "../../vectors/vectorSet.js";
import { withBackendOptions } from "../backendOptions.js";
import { judgeFromFlags, sweepJudge, withJudgeOptions, type JudgeFlags } from "../judgeOptions.js";
import {
  checkEmotionsInSet,
  checkLayerInSet,
  collect,
  emotionNames,
  gpuOption,
  nonNegativeInt,
  openModel,
  positiveInt,
  temperature,
  threadsOption,
  type ModelFlags,
} from "../options.js";

interface SweepFlags extends ModelFlags, JudgeFlags {
  scenario?: string;
  steer?: string;
  strengths: string;
  samples: number;
  seed?: number;
  resume?: string;
  extendTo?: number;
  guard?: string[];
  world?: string;
  param?: string[];
  parallel: number;
  randomControl: boolean;
  watch?: string[];
  layer?: number;
  temperature: number;
  runs?: string;
  out?: string;
  json?: boolean;
}

function parseParams(values: string[] | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  for (const value of values ?? []) {
    const at = value.indexOf("=");
    if (at <= 0) throw new InvalidInputError("INVALID_ARGUMENT", `--param needs key=value (got "${value}"), e.g. --param threat=replacement.`);
    params[value.slice(0, at)] = value.slice(at + 1);
  }
  return params;
}

/** The flag that sets each field of a sweep's plan. */
const flagOfField: Record<PlanDifference["field"], string> = {
  scenario: "--scenario",
  steerEmotion: "--steer",
  strengths: "--strengths",
  samples: "--samples",
  seed: "--seed",
  layer: "--layer",
  randomControl: "--no-random-control",
  params: "--param",
};

/** What the command line itself set (not commander's defaults), as the plan fields a resume checks. */
function givenOnCommandLine(flags: SweepFlags, strengths: Strength[], params: Record<string, string>, command: Command): ResumeSpec {
  const given = (key: string) => command.getOptionValueSource(key) === "cli";
  return {
    ...(flags.scenario !== undefined ? { scenario: flags.scenario } : {}),
    ...(flags.steer !== undefined ? { steerEmotion: flags.steer } : {}),
    ...(given("strengths") ? { strengths } : {}),
    ...(given("samples") ? { samples: flags.samples } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    ...(flags.layer !== undefined ? { layer: flags.layer } : {}),
    ...(given("randomControl") ? { randomControl: flags.randomControl } : {}),
    ...(Object.keys(params).length ? { params } : {}),
  };
}

/** A new run needs --scenario and --steer. */
function newSweepTarget(flags: SweepFlags): { scenario: string; steer: string } {
  if (!flags.scenario || !flags.steer)
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      "A new sweep needs --scenario <name> and --steer <emotion> (or --resume <run-id> to continue a stored run).",
    );
  return { scenario: flags.scenario, steer: flags.steer };
}

/** A resume reads its emotion from the stored plan, and refuses any planning flag given with another value than the run's (CONFLICT). */
function resumeSteer(runId: string, flags: SweepFlags, given: ResumeSpec, store: RunStore): string {
  const run = store.requireRun(runId);
  checkResumeSpec(run.id, run, given, (d) => (d.key ? `--param ${d.key}` : flagOfField[d.field]));
  if (flags.extendTo !== undefined && flags.extendTo < run.samples)
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `Run ${run.id} has ${run.samples} samples per cell; --extend-to can raise that, not lower it to ${flags.extendTo}.`,
    );
  return run.steerEmotion;
}

export function sweepCommand(): Command {
  return withBackendOptions(
    withJudgeOptions(
      new Command("sweep")
        .description("Run a pressure scenario under a steering sweep (emotion and random control), with Wilson 95% intervals; stored as it goes, resumable")
        .argument("<model>", "GGUF path, hf:<user>/<repo>/<file>.gguf, vllm+http://host:port/<served-model>, or the served name with --backend vllm --url …")
        .argument("<vector-set>", "vector-set folder")
        .option("--scenario <name>", "blackmail, impossible-code or sycophancy (with --resume: the run's)")
        .option("--steer <emotion>", "the emotion to steer with (with --resume: the run's)")
        .option("--strengths <list>", "comma-separated strengths in residual-norm units", "-0.1,-0.05,0,0.05,0.1")
        .option("--samples <n>", "rollouts per strength and vector", positiveInt, 10)
        .option("--seed <n>", "run seed (sample i gets the same seed at every strength)", nonNegativeInt)
        .option("--resume <run-id>", "continue a killed run: finished rollouts are kept, missing ones run")
        .option(
          "--extend-to <n>",
          "with --resume: raise the run's samples per cell to n (finished rollouts are kept; new samples get their own seeds)",
          positiveInt,
        )
        .option("--param <key=value>", "scenario parameter (repeatable)", collect)
        .option("--world <file>", "a scenario world as JSON (blackmail: a company; sycophancy: a claim) instead of the built-in ones; stored with the run")
        .option("--parallel <n>", "rollouts in flight at once (generating in one batch while others run their tests)", positiveInt, 8)
        .option("--no-random-control", "skip the random-direction control")
        .option(
          "--guard <rule>",
          'closed-loop guard rule, e.g. "desperate>=2.1:halt" (halt ends the episode; steer applies from the next turn); repeatable',
          collect,
        )
        .option("--watch <list>", "more emotions to read on every token", emotionNames)
        .option("--layer <n>", "steering and reading layer (default: the set's)", nonNegativeInt)
        .option("--temperature <t>", "sampling temperature", temperature, 0.8)
        .option("--runs <file.sqlite>", "runs store", undefined)
        .option("--out <report.html>", "write the HTML report here")
        .option("--json", "print the results as JSON (as limbic runs show --json and GET /api/runs/<run-id>)")
        .addOption(gpuOption())
        .addOption(threadsOption())
        .action(async (modelRef: string, setDir: string, flags: SweepFlags, command: Command) => {
          const judge = judgeFromFlags(flags);
          if (flags.extendTo !== undefined && !flags.resume)
            throw new InvalidInputError(
              "INVALID_ARGUMENT",
              "--extend-to raises the samples of a stored run; give it with --resume <run-id> (a new run takes --samples).",
            );
          const strengths = parseStrengths(flags.strengths);
          const params = parseParams(flags.param);
          if (flags.guard && flags.resume)
            throw new InvalidInputError("INVALID_ARGUMENT", `Run ${flags.resume} keeps the guard it was started with; drop --guard to resume it.`);
          if (flags.world && flags.resume)
            throw new InvalidInputError("INVALID_ARGUMENT", `Run ${flags.resume} keeps the world it was started with; drop --world to resume it.`);
          // A new sweep names its scenario (newSweepTarget says so when it does not).
          const world = flags.world && flags.scenario ? await getScenario(flags.scenario).loadWorld(flags.world) : undefined;
          const set = await readVectorSet(setDir);
          const checkFlagsInSet = (steer: string) => {
            checkEmotionsInSet(set, [steer, ...(flags.watch ?? [])], flags.watch ? "--steer/--watch" : "--steer");
            checkLayerInSet(set, flags.layer);
          };
          // Every flag is checked before the model loads; a new sweep's, parameters and world included, before the runs store is opened.
          let plan: CheckedSweepPlan | null = null;
          if (!flags.resume) {
            const { scenario, steer } = newSweepTarget(flags);
            checkFlagsInSet(steer);
            plan = planSweep(set, {
              scenario,
              params,
              steerEmotion: steer,
              strengths,
              samples: flags.samples,
              randomControl: flags.randomControl,
              ...(flags.guard?.length ? { guard: flags.guard } : {}),
              ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
              ...(world !== undefined ? { world } : {}),
              ...(flags.layer !== undefined ? { layer: flags.layer } : {}),
            });
          }
          const store = new RunStore(flags.runs ?? defaultRunsFile(config.cacheDir));
          if (flags.resume) checkFlagsInSet(resumeSteer(flags.resume, flags, givenOnCommandLine(flags, strengths, params, command), store));
          const model = await openModel(modelRef, flags);
          let progress: ProgressReporter | null = null;
          const stop = new AbortController();
          const onSignal = () => stop.abort();
          process.once("SIGINT", onSignal);
          try {
            const options: SweepRunOptions = {
              ...(flags.watch ? { watch: flags.watch } : {}),
              parallel: flags.parallel,
              ...(flags.extendTo !== undefined ? { extendSamplesTo: flags.extendTo } : {}),
              sampling: { temperature: flags.temperature },
              ...(judge ? { judge: sweepJudge(judge) } : {}),
              signal: stop.signal,
              onStart: (run, alreadyDone, total) => {
                process.stderr.write(`limbic: run ${run.id} (store ${store.file}); ${alreadyDone}/${total} rollouts already stored\n`);
                progress = createProgress("rollouts", total, { alreadyDone });
              },
              onRollout: (rollout, done) => progress?.tick(done, `${rollout.vector} ${rollout.strength}: ${rollout.outcome}`),
            };
            const results = plan ? await runSweep(model, set, plan, { ...options, store }) : await resumeSweep(model, set, store, flags.resume!, options);
            (progress as ProgressReporter | null)?.finish();
            if (flags.out) {
              await fs.mkdir(path.dirname(path.resolve(flags.out)), { recursive: true });
              await fs.writeFile(flags.out, renderSweepReport(results));
              process.stderr.write(`limbic: wrote ${flags.out}\n`);
            }
            if (flags.json) {
              process.stdout.write(JSON.stringify(runDetailWire(results)) + "\n");
            } else {
              process.stdout.write(sweepSummary(results));
              if (results.run.status !== "done") process.stdout.write(`run ${results.run.id} is incomplete: continue with --resume ${results.run.id}\n`);
            }
          } finally {
            process.off("SIGINT", onSignal);
            await model.dispose();
            store.close();
          }
        }),
    ),
  );
}
