import { spawn } from "node:child_process";
import path from "node:path";
import { Command, Option } from "commander";
import { config } from "../../config.js";
import { DEMO_DEFAULT_MODEL, runDemo } from "../../demo/demo.js";
import { startServer } from "../../server/server.js";
import { withBackendOptions } from "../backendOptions.js";
import { gpuOption, nonNegativeInt, openModel, portNumber, positiveInt, threadsOption, type ModelFlags } from "../options.js";

interface DemoFlags extends ModelFlags {
  model: string;
  out?: string;
  stories: number;
  seed: number;
  open?: boolean;
  port: number;
}

function openInBrowser(url: string): void {
  const opener = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  const child = spawn(opener, [url], { stdio: "ignore", detached: true });
  child.on("error", () => process.stderr.write(`limbic: open ${url} in a browser\n`));
  child.unref();
}

export function demoCommand(): Command {
  return withBackendOptions(
    new Command("demo")
      .description("Extract core emotion vectors, trace a coding agent that cheats on its tests, compare steered answers: one HTML report")
      .addOption(
        new Option("--model <path|hf:...>", "any GGUF model").default(
          DEMO_DEFAULT_MODEL,
          `${DEMO_DEFAULT_MODEL}, a small instruct model downloaded and cached on first use`,
        ),
      )
      .option("--out <dir>", "folder for the vectors and demo-report.html (default: the cache's demo/<model>)")
      .option("--stories <n>", "stories per emotion", positiveInt, 8)
      .option("--seed <n>", "seed of the generations", nonNegativeInt, 7)
      .option("--open", "then serve the dashboard with these vectors and open it in a browser")
      .option("--port <n>", "dashboard port with --open", portNumber, 8080)
      .addOption(gpuOption())
      .addOption(threadsOption())
      .action(async (flags: DemoFlags) => {
        const model = await openModel(flags.model, flags);
        let keepModel = false;
        try {
          const outDir = flags.out ?? path.join(config.cacheDir, "demo", path.basename(model.info.path).replace(/\.gguf$/i, ""));
          const result = await runDemo(model, { outDir, storiesPerEmotion: flags.stories, seed: flags.seed });
          process.stdout.write(`limbic demo: report ${result.reportFile} (${result.seconds.total.toFixed(0)} s)\n`);
          for (const a of result.answers)
            process.stdout.write(
              `  ${a.label.padEnd(18)} ${Object.entries(a.readout)
                .map(([e, z]) => `${e} ${z.toFixed(2)}`)
                .join("  ")}\n`,
            );
          if (flags.open) {
            const server = await startServer({ model, vectors: result.vectorsDir, port: flags.port });
            keepModel = true;
            process.stdout.write(`limbic demo: dashboard at ${server.url} (Ctrl-C to stop)\n`);
            openInBrowser(server.url);
            await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
            await server.close();
            keepModel = false;
          }
        } finally {
          if (!keepModel) await model.dispose();
        }
      }),
    { modelFrom: "option" },
  );
}
