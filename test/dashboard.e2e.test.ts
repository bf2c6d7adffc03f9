/**
 * The dashboard end to end: the real server (stories260K, a synthetic vector set, a sweep stored
 * in SQLite) and the built dashboard, driven in Debian's Chromium through playwright-core.
 * Screenshots of each step go to test-artifacts/dashboard/.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it, type TestContext } from "node:test";
import { chromium, type Browser, type Page, type Request } from "playwright-core";
import { loadModel, readVectorSet, type Model } from "../src/index.js";
import type { RunDetail } from "../src/server/runs.js";
import { startServer, type RunningServer } from "../src/server/server.js";
import { RunStore } from "../src/sweeps/runStore.js";
import { planSweep } from "../src/sweeps/plan.js";
import { runSweep } from "../src/sweeps/runner.js";
import { runsSourceOf } from "../src/server/runs.js";
import { STORIES, requireModel, TEST_THREADS } from "../testing/models.js";
import { syntheticVectorSet } from "../testing/syntheticSet.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const artifacts = path.join(root, "test-artifacts", "dashboard");
const transcript = path.join(root, "examples", "transcripts", "coding-agent-special-case.json");
const dashboardIndex = path.join(root, "dist", "dashboard", "index.html");
const chromiumPath = process.env.LIMBIC_CHROMIUM ?? "/usr/bin/chromium";

/** A real sweep on stories260K stored in SQLite, served the way `limbic serve --runs` serves it. */
async function storedSweep(model: Model, setDir: string, runsFile: string) {
  const store = new RunStore(runsFile);
  const set = await readVectorSet(setDir);
  const results = await runSweep(
    model,
    set,
    planSweep(set, { scenario: "sycophancy", steerEmotion: "desperate", strengths: [-0.5, 0, 0.5], samples: 2, seed: 4 }),
    { store },
  );
  const source = runsSourceOf(store);
  const detail = (await source.get(results.run.id)) as RunDetail;
  return { store, source, runId: results.run.id, detail };
}

function launchError(error: unknown): Error {
  return new Error(`Could not start Chromium at ${chromiumPath} (${(error as Error).message.split("\n")[0]}). ${INSTALL_HINT}`);
}

const INSTALL_HINT =
  "Install one with `sudo apt-get install chromium` (Debian/Ubuntu) or point LIMBIC_CHROMIUM at a Chromium binary; Limbic's tests never download browsers.";

/**
 * Without a browser the test is skipped with the reason and the command to get one, unless
 * LIMBIC_REQUIRE_BROWSER=1 (CI sets it), where a missing browser is a failure. A missing build
 * is always a failure.
 */
function checkPrerequisites(t: TestContext): boolean {
  if (!fs.existsSync(dashboardIndex)) throw new Error(`The dashboard is not built (${dashboardIndex} is missing); run "npm run build".`);
  if (fs.existsSync(chromiumPath)) return true;
  const reason = `Chromium not found at ${chromiumPath}. ${INSTALL_HINT}`;
  if (process.env.LIMBIC_REQUIRE_BROWSER === "1") throw new Error(`LIMBIC_REQUIRE_BROWSER=1 but ${reason}`);
  t.skip(reason);
  return false;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate("window.scrollTo(0, 0)"); // Else the sticky header lands mid-page in a full-page shot.
  await page.screenshot({ path: path.join(artifacts, name), fullPage: true });
}

/**
 * Pixels of a canvas that are painted (or, with `rgb`, painted in about that color): a chart that
 * drew nothing has none, and one whose series never drew has none in the series color.
 */
async function canvasPixels(page: Page, selector: string, rgb?: [number, number, number]): Promise<number> {
  return page.evaluate(`(() => {
    const canvas = document.querySelector(${JSON.stringify(selector)});
    if (!canvas || canvas.width === 0) return 0;
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    const want = ${JSON.stringify(rgb ?? null)};
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 0) continue;
      if (!want || (Math.abs(data[i] - want[0]) < 12 && Math.abs(data[i + 1] - want[1]) < 12 && Math.abs(data[i + 2] - want[2]) < 12)) count++;
    }
    return count;
  })()`);
}

/** The dashboard's first series color (#4e79a7) and the diverging scale's positive end. */
const FIRST_SERIES: [number, number, number] = [78, 121, 167];
const POSITIVE_END: [number, number, number] = [239, 83, 56];

describe("dashboard in Chromium", () => {
  it("chats with steering and guard events, shows the vector library, traces a transcript and shows a run", { timeout: 240_000 }, async (t) => {
    if (!checkPrerequisites(t)) return;
    fs.mkdirSync(artifacts, { recursive: true });
    const model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS });
    let setDir: string | undefined;
    let server: RunningServer | undefined;
    let browser: Browser | undefined;
    let sweep: Awaited<ReturnType<typeof storedSweep>> | undefined;
    try {
      setDir = await syntheticVectorSet(
        model,
        {
          desperate: Float32Array.from({ length: 64 }, (_, j) => Math.sin(j)),
          calm: Float32Array.from({ length: 64 }, (_, j) => Math.cos(j * 0.5)),
          happy: Float32Array.from({ length: 64 }, (_, j) => Math.sin(j * 0.3 + 1)),
        },
        3,
      );
      sweep = await storedSweep(model, setDir, path.join(os.tmpdir(), `limbic-dashboard-runs-${process.pid}.sqlite`));
      server = await startServer({ model, vectors: setDir, port: 0, runs: sweep.source });
      try {
        browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
      } catch (error) {
        throw launchError(error);
      }
      const page = await browser.newPage({ viewport: { width: 1360, height: 860 }, colorScheme: "light" });
      page.setDefaultTimeout(15_000);
      const pageErrors: string[] = [];
      page.on("pageerror", (error) => pageErrors.push(error.message));
      try {
        await walkThrough(page, server.url, sweep);
      } catch (error) {
        // The page as it was when a step failed, beside the step screenshots.
        await shot(page, "failure.png").catch(() => undefined);
        throw error;
      }
      assert.deepEqual(pageErrors, [], "no uncaught errors in the page");
    } finally {
      await browser?.close();
      await server?.close();
      await model.dispose();
      if (setDir) fs.rmSync(setDir, { recursive: true, force: true });
      if (sweep) {
        sweep.store.close();
        fs.rmSync(sweep.store.file, { force: true });
        for (const suffix of ["-wal", "-shm"]) fs.rmSync(sweep.store.file + suffix, { force: true });
      }
    }
  });

  async function walkThrough(page: Page, url: string, sweep: { runId: string; detail: RunDetail }): Promise<void> {
    // Everything is bundled: any request that leaves the server is recorded and refused.
    const external: string[] = [];
    await page.route(
      (target) => target.origin !== url,
      (route) => {
        external.push(route.request().url());
        return route.abort();
      },
    );
    await page.goto(url);
    await page.getByText("stories260K", { exact: true }).waitFor();

    // Steering and guard rules for the next message.
    const calmSlider = page.getByRole("slider", { name: "steer calm" });
    await calmSlider.fill("0.1");
    assert.equal(await page.locator('.emotion-row[data-emotion="calm"] .strength').textContent(), "+0.100");
    const guardRules = page.getByRole("textbox", { name: "guard rules" });
    const message = page.getByRole("textbox", { name: "message", exact: true });

    // A rule that does not parse comes back as the server's error, shown in the page.
    await guardRules.fill("desperate>>2:flag");
    await message.fill("Tell me a story.");
    await page.getByRole("button", { name: "Send" }).click();
    await page.locator(".chat-main .error").filter({ hasText: "does not parse" }).waitFor();

    await guardRules.fill("desperate>-99 for 3 tokens:flag");
    await message.fill("Tell me a story.");
    await page.getByRole("spinbutton", { name: "max tokens" }).fill("24");
    await page.getByRole("spinbutton", { name: "temperature" }).fill("0");
    const sent: Promise<Request> = page.waitForRequest((r) => r.url().endsWith("/v1/chat/completions") && r.method() === "POST");
    await page.getByRole("button", { name: "Send" }).click();
    const body = JSON.parse((await sent).postData() ?? "{}");
    assert.equal(body.stream, true);
    assert.deepEqual(body.limbic.steer, { calm: 0.1 });
    assert.deepEqual([...body.limbic.emotions].sort(), ["calm", "desperate", "happy"]);
    assert.deepEqual(body.limbic.guard, ["desperate>-99 for 3 tokens:flag"]);

    const reply = page.locator(".msg.assistant").last();
    await reply.locator(".tok").nth(4).waitFor();
    await page.locator(".msg.assistant.streaming").waitFor({ state: "detached", timeout: 30_000 });
    assert.equal(await page.locator(".chat-main .error").isVisible(), false, "the good request shows no error");
    const tokenCount = await reply.locator(".tok").count();
    assert.ok(tokenCount >= 5 && tokenCount <= 24, `${tokenCount} tokens`);
    const tinted = await reply
      .locator(".tok")
      .evaluateAll((spans) => spans.filter((s) => (s as unknown as { style: { backgroundColor: string } }).style.backgroundColor !== "").length);
    assert.equal(tinted, tokenCount, "every token carries a tint");
    for (const emotion of ["desperate", "calm", "happy"]) {
      assert.match(
        (await page.locator(`.emotion-row[data-emotion="${emotion}"] .gauge-value`).textContent()) ?? "",
        /^[+−]\d+\.\d\d$/,
        `${emotion} gauge shows a z-score`,
      );
    }
    assert.match((await reply.textContent()) ?? "", /steer calm \+0\.100/);
    await page.locator(".event-log .event").filter({ hasText: "guard flag" }).first().waitFor();
    assert.match((await page.locator(".event-log").textContent()) ?? "", /at token 2/);
    await reply.locator(".tok").nth(2).hover();
    await page.locator(".tooltip").filter({ hasText: "calm" }).waitFor();
    await page.screenshot({ path: path.join(artifacts, "1-chat.png") });

    // Vector library: PCA scatter, similarity heatmap, validation state.
    await page.getByRole("link", { name: "Vector library" }).click();
    await page.getByRole("img", { name: "emotions on the PCA plane" }).waitFor();
    assert.ok((await canvasPixels(page, 'canvas[aria-label="emotions on the PCA plane"]')) > 2000, "the PCA chart is drawn");
    await page.getByRole("img", { name: "cosine similarity heatmap" }).waitFor();
    assert.ok((await canvasPixels(page, "canvas.heatmap", POSITIVE_END)) > 1500, "the heatmap's diagonal (cos 1) is drawn");
    await page.getByText("Not validated yet.").waitFor();
    assert.match((await page.locator(".library-tab .facts").first().textContent()) ?? "", /emotions\s*3/);
    await shot(page, "2-vector-library.png");
    await page.emulateMedia({ colorScheme: "dark" });
    await shot(page, "2b-vector-library-dark.png");
    await page.emulateMedia({ colorScheme: "light" });

    // Trace viewer: open the example transcript as a file.
    await page.getByRole("link", { name: "Trace viewer" }).click();
    await page.getByLabel("open transcript file").setInputFiles(transcript);
    await page.locator(".trace-msg").nth(13).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator(".trace-msg").count(), 14);
    assert.match(
      (await page.locator(".trace-msg").nth(3).locator(".role").textContent()) ?? "",
      /^message 3 · tool$/,
      "numbered from 0, as the CLI report numbers them",
    );
    assert.ok(
      (await canvasPixels(page, 'canvas[aria-label="emotion readouts over the transcript"]', FIRST_SERIES)) > 1000,
      "the trace chart draws the first emotion's line",
    );
    assert.ok((await page.locator(".trace-tokens .tok").count()) > 100);
    assert.equal(await page.locator(".trace-tab .error").isVisible(), false);
    await shot(page, "3-trace.png");

    // Runs: a run's dose-response plot, results and examples; an example opens in the trace viewer.
    await page.getByRole("link", { name: "Runs" }).click();
    await page.locator(`tr[data-run="${sweep.runId}"]`).click();
    await page.getByRole("img", { name: "dose-response" }).waitFor();
    assert.ok((await canvasPixels(page, 'canvas[aria-label="dose-response"]', FIRST_SERIES)) > 300, "the dose-response plot draws the steered vector's curve");
    // desperate and random control at -0.5 and 0.5, and the unsteered cell both share (listed once).
    assert.equal(await page.getByRole("region", { name: "results" }).locator("tbody tr").count(), 5);
    assert.equal(await page.getByRole("region", { name: "results" }).getByText("unsteered (both series)").count(), 1);
    const example = sweep.detail.examples[0]!;
    await page.locator(".example summary").first().click();
    await shot(page, "4-runs.png");
    await page.getByRole("button", { name: "Open in trace viewer" }).first().click();
    await page.waitForFunction(`document.querySelectorAll('.trace-msg').length === ${example.messages.length}`, undefined, { timeout: 15_000 });
    const lastWord = example.messages
      .at(-1)!
      .content.trim()
      .split(/\s+/)
      .filter((w) => /^[A-Za-z]{3,}$/.test(w))
      .at(-1);
    if (lastWord) assert.match((await page.locator(".trace-tokens").textContent()) ?? "", new RegExp(lastWord));
    assert.deepEqual(external, [], "the dashboard fetched nothing from outside the server");
  }
});
