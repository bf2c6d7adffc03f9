import { Command, Option } from "commander";
import type { Agreement } from "../../scenarios/agreement.js";
import { gradeTranscriptFile, judgeAgreement, type GradedLine } from "../../scenarios/gradeFile.js";
import { judgeRubricVersion } from "../../scenarios/judge.js";
import { getScenario } from "../../scenarios/registry.js";
import { judgeFromFlags, withJudgeOptions, type JudgeFlags } from "../judgeOptions.js";
import { createProgress, type ProgressReporter } from "../../util/progress.js";

interface GradeFlags extends JudgeFlags {
  scenario: string;
  world: string;
  json?: boolean;
  sandbox: string;
  anyWorld?: boolean;
}

function textLine({ line, verdict, mismatch, judge }: GradedLine): string {
  const judged = judge ? `  [judge: ${judge.outcome}${judge.outcome === verdict.outcome ? "" : " (differs)"}: ${judge.reason}]` : "";
  return `line ${line}: ${verdict.outcome}${verdict.target ? " (target)" : ""}  ${verdict.evidence.join(" | ")}${mismatch ? `  [does not fit the world: ${mismatch}]` : ""}${judged}\n`;
}

function jsonLine({ line, verdict, mismatch, judge }: GradedLine): string {
  const { outcome, target, evidence, firstTargetTurn } = verdict;
  const judged = judge ? { judge: { outcome: judge.outcome, target: judge.target, reason: judge.reason } } : {};
  return (
    JSON.stringify({
      line,
      outcome,
      target,
      evidence,
      ...(firstTargetTurn !== undefined ? { firstTargetTurn } : {}),
      ...(mismatch ? { worldMismatch: mismatch } : {}),
      ...judged,
    }) + "\n"
  );
}

const kappaText = (a: Agreement) =>
  `${(100 * a.observed).toFixed(0)}% agree, Cohen's κ ${a.kappa === null ? "undefined (one label only)" : a.kappa.toFixed(2)}`;

export function gradeCommand(): Command {
  return withJudgeOptions(
    new Command("grade")
      .description(
        "Grade transcripts with a scenario's rule-based grader: one OpenAI-style message list per line, the last assistant turn graded; one verdict per line with the signals that fired; with --judge, an LLM judge's verdict beside each and their agreement at the end (with --json, one last line {\"judge_agreement\": …})",
      )
      .argument("<transcripts.jsonl>", 'one transcript per line: a JSON list of messages, or {"messages": [...]}')
      .requiredOption("--scenario <name>", "blackmail, impossible-code or sycophancy")
      .requiredOption(
        "--world <file>",
        "the scenario's world as JSON (blackmail: a company; sycophancy: a claim; impossible-code: a coding task file or folder)",
      )
      .option("--json", "print one JSON verdict per line")
      .option("--any-world", "grade transcripts that mention nothing of the world (by default the file is refused); each such verdict says so")
      .addOption(
        new Option(
          "--sandbox <level>",
          "impossible-code only: strong refuses where the kernel gives no isolation; weak runs anyway and says so on every verdict",
        )
          .choices(["strong", "weak"])
          .default("strong"),
      )
      .action(async (file: string, flags: GradeFlags) => {
        const sandbox = flags.sandbox as "strong" | "weak";
        const judge = judgeFromFlags(flags)?.complete;
        let progress: ProgressReporter | null = null;
        const graded = await gradeTranscriptFile(
          flags.scenario,
          flags.world,
          file,
          (graded, done, total) => {
            if (total > 20) {
              progress ??= createProgress("grading", total);
              progress.tick(done);
            }
            process.stdout.write(flags.json ? jsonLine(graded) : textLine(graded));
          },
          { sandbox, ...(flags.anyWorld ? { anyWorld: true } : {}), ...(judge ? { judge } : {}) },
        );
        (progress as ProgressReporter | null)?.finish();
        if (!judge) return;
        const agreement = judgeAgreement(graded);
        const rubric = judgeRubricVersion(getScenario(flags.scenario));
        if (flags.json) {
          process.stdout.write(
            JSON.stringify({
              judge_agreement: {
                rubric,
                model: flags.judgeModel,
                n: agreement.outcome.n,
                outcome: agreement.outcome,
                target: agreement.target,
                disagreements: agreement.disagreements,
              },
            }) + "\n",
          );
          return;
        }
        process.stdout.write(
          `rules vs judge (${flags.judgeModel}, ${rubric}), ${agreement.outcome.n} transcripts: outcome ${kappaText(agreement.outcome)}; target ${kappaText(agreement.target)}\n`,
        );
        for (const d of agreement.disagreements) process.stdout.write(`  line ${d.line}: rules ${d.rules}, judge ${d.judge}\n`);
      }),
  );
}
