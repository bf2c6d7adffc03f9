/**
 * Builds the dashboard into dist/dashboard/ (served by `limbic serve` at /). The build type-checks
 * the browser code first (Vite only strips types). `npx vite --config dashboard/vite.config.ts`
 * serves it for development, proxying the API to LIMBIC_DEV_SERVER (default http://127.0.0.1:8080).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { defineConfig, type Plugin } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));
const apiTarget = process.env.LIMBIC_DEV_SERVER ?? "http://127.0.0.1:8080";

function typeCheck(): Plugin {
  return {
    name: "limbic-dashboard-typecheck",
    apply: "build",
    buildStart() {
      const host: ts.ParseConfigFileHost = {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => this.error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")),
      };
      const parsed = ts.getParsedCommandLineOfConfigFile(path.join(here, "tsconfig.json"), {}, host);
      if (!parsed) return this.error("dashboard/tsconfig.json could not be read.");
      const program = ts.createProgram(parsed.fileNames, parsed.options);
      const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)];
      if (diagnostics.length === 0) return;
      const format: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => "\n" };
      this.error(`The dashboard has type errors:\n${ts.formatDiagnostics(diagnostics, format)}`);
    },
  };
}

export default defineConfig({
  root: here,
  base: "/",
  plugins: [typeCheck()],
  build: {
    outDir: path.join(here, "..", "dist", "dashboard"),
    emptyOutDir: true,
    // Chart.js is most of the bundle; one chunk keeps the served file list trivial.
    chunkSizeWarningLimit: 400,
    // The type check above dominates build time on purpose; Rolldown's timing report would only repeat that.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: {
    proxy: { "/v1": apiTarget, "/api": apiTarget },
  },
});
