import { Command, Option } from "commander";
import { gradeTranscriptFile, type GradedLine } from "../../scenarios/gradeFile.js";
import { createProgress, type ProgressReporter } from "../../util/progress.js";

interface GradeFlags {
  scenario: string;
  world: string;
  json?: boolean;
  sandbox: string;
  anyWorld?: boolean;
}

function textLine({ line, verdict, mismatch }: GradedLine): string {
  return `line ${line}: ${verdict.outcome}${verdict.target ? " (target)" : ""}  ${verdict.evidence.join(" | ")}${mismatch ? `  [does not fit the world: ${mismatch}]` : ""}\n`;
}

function jsonLine({ line, verdict, mismatch }: GradedLine): string {
  const { outcome, target, evidence, firstTargetTurn } = verdict;
  return JSON.stringify({ line, outcome, target, evidence, ...(firstTargetTurn !== undefined ? { firstTargetTurn } : {}), ...(mismatch ? { worldMismatch: mismatch } : {}) }) + "\n";
}

export function gradeCommand(): Command {
  return new Command("grade")
    .description("Grade transcripts with a scenario's rule-based grader: one OpenAI-style message list per line, the last assistant turn graded; one verdict per line with the signals that fired")
    .argument("<transcripts.jsonl>", "one transcript per line: a JSON list of messages, or {\"messages\": [...]}")
    .requiredOption("--scenario <name>", "blackmail, impossible-code or sycophancy")
    .requiredOption("--world <file>", "the scenario's world as JSON (blackmail: a company; sycophancy: a claim; impossible-code: a coding task file or folder)")
    .option("--json", "print one JSON verdict per line")
    .option("--any-world", "grade transcripts that mention nothing of the world (by default the file is refused); each such verdict says so")
    .addOption(new Option("--sandbox <level>", "impossible-code only: strong refuses where the kernel gives no isolation; weak runs anyway and says so on every verdict").choices(["strong", "weak"]).default("strong"))
    .action(async (file: string, flags: GradeFlags) => {
      const sandbox = flags.sandbox as "strong" | "weak";
      let progress: ProgressReporter | null = null;
      await gradeTranscriptFile(flags.scenario, flags.world, file, (graded, done, total) => {
        if (total > 20) {
          progress ??= createProgress("grading", total);
          progress.tick(done);
        }
        process.stdout.write(flags.json ? jsonLine(graded) : textLine(graded));
      }, { sandbox, ...(flags.anyWorld ? { anyWorld: true } : {}) });
      (progress as ProgressReporter | null)?.finish();
    });
}
