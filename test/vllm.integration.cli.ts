/**
 * The real-server integration through Limbic's CLI and API (see vllm.integration.test.ts, which
 * calls this): a tiny extraction on both backends with the vectors' cosine reported, steering
 * moving its own readout the same way on both, a tiny sweep resumed after the server is killed
 * and restarted, and `serve --backend vllm` answering a chat completion with telemetry.
 * The restart needs LIMBIC_VLLM_MODEL_DIR (the folder serve.sh serves; integration.sh sets it).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it, type TestContext } from "node:test";
import Database from "better-sqlite3";
import { emotionSteering, loadModel, openLanguageModel, openReader, readVectorSet, type LanguageModel, type VectorSet } from "../src/index.js";
import { assertOneLineError, runCli, startCliServer } from "../testing/cliProcess.js";
import { TEST_THREADS } from "../testing/models.js";
import { cosine } from "../src/vectors/stats.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const EMOTIONS = ["happy", "sad", "afraid"];
const SCENES = ["the garden gate", "a long train ride", "the kitchen at dawn", "an old letter", "the harbour wall"];
const LAYER = 9;

function storedRollouts(file: string): { key: string; messages: string }[] {
  if (!fs.existsSync(file)) return [];
  const db = new Database(file, { readonly: true });
  try {
    return (
      db.prepare("SELECT vector, strength, sample, messages FROM rollouts ORDER BY vector, strength, sample").all() as {
        vector: string;
        strength: number;
        sample: number;
        messages: string;
      }[]
    ).map((r) => ({ key: `${r.vector}|${r.strength}|${r.sample}`, messages: r.messages }));
  } catch {
    return []; // read before the schema existed
  } finally {
    db.close();
  }
}

/** Mean z of `emotion` over the prompt's tokens after BOS, with and without steering toward it. */
async function readoutShift(model: LanguageModel, set: VectorSet, emotion: string, prompt: string): Promise<{ plain: number; steered: number }> {
  const reader = await openReader(model, set, { layer: LAYER, emotions: [emotion] });
  const steering = [emotionSteering(set, emotion, 0.2, LAYER)];
  const mean = async (withSteering: boolean) => {
    const [read] = await model.forward([prompt], { layers: [LAYER], positions: { start: 1 }, ...(withSteering ? { steering } : {}) });
    const data = read!.layers.get(LAYER)!;
    const rows = data.length / model.info.nEmbd;
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += reader.read(data, r * model.info.nEmbd)[0]!.z;
    return sum / rows;
  };
  return { plain: await mean(false), steered: await mean(true) };
}

export function describeCliIntegration(reference: string | undefined, gguf: string | null, skip: string | false): void {
  const modelDir = process.env.LIMBIC_VLLM_MODEL_DIR;
  const reason =
    skip || (!modelDir ? "LIMBIC_VLLM_MODEL_DIR is not set (the converted folder, needed to restart the server; scripts/vllm/integration.sh sets it)" : false);
  if (reason && !skip) process.stderr.write(`# vllm.integration (CLI): skipped: ${reason}\n`);

  describe("Limbic's CLI and API on a real vLLM server, beside llama.cpp", { skip: reason }, () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-vllm-int-"));
    const corpus = path.join(tmp, "corpus.jsonl");
    const sets = { "llama.cpp": path.join(tmp, "set-llama"), vllm: path.join(tmp, "set-vllm") };
    const port = () => new URL(reference!.replace(/^vllm\+/, "")).port;
    const served = () => reference!.slice(reference!.lastIndexOf("/") + 1);
    before(() => {
      const lines = EMOTIONS.flatMap((emotion) =>
        SCENES.map((scene, premise) =>
          JSON.stringify({
            emotion,
            premise,
            text: `Mara stood by ${scene}. She felt so ${emotion} that her hands shook, and she stayed there a while longer than she meant to, thinking of home.`,
          }),
        ),
      );
      fs.writeFileSync(corpus, lines.join("\n") + "\n");
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("extracts the same tiny vector set on both backends (cosine per emotion reported)", { timeout: 900_000 }, async (t: TestContext) => {
      const args = [
        "--corpus",
        corpus,
        "--emotions",
        EMOTIONS.join(","),
        "--stories-per-emotion",
        String(SCENES.length),
        "--layers",
        String(LAYER),
        "--token-offset",
        "4",
      ];
      const started = Date.now();
      const llama = await runCli(["extract", gguf!, "--out", sets["llama.cpp"], "--threads", String(TEST_THREADS), ...args]);
      assert.equal(llama.code, 0, llama.stderr);
      const llamaSeconds = (Date.now() - started) / 1000;
      const vllm = await runCli(["extract", reference!, "--out", sets.vllm, "--max-in-flight", "4", ...args]);
      assert.equal(vllm.code, 0, vllm.stderr);
      t.diagnostic(`extraction: llama.cpp ${llamaSeconds.toFixed(0)} s, vLLM ${((Date.now() - started) / 1000 - llamaSeconds).toFixed(0)} s`);
      const [a, b] = [await readVectorSet(sets["llama.cpp"]), await readVectorSet(sets.vllm)];
      const cosines = EMOTIONS.map((e) => cosine(a.vectors.get(e)!.get(LAYER)!, b.vectors.get(e)!.get(LAYER)!));
      t.diagnostic(`vector cosine llama.cpp vs vLLM at layer ${LAYER}: ${EMOTIONS.map((e, i) => `${e} ${cosines[i]!.toFixed(4)}`).join(", ")}`);
      assert.ok(Math.min(...cosines) > 0.95, `cosines ${cosines.join(", ")}`);
    });

    it("steering toward an emotion raises its own readout on both backends, by a similar amount", { timeout: 300_000 }, async (t: TestContext) => {
      const prompt = "The afternoon was quiet. I walked to the shop, bought bread, and came back home.";
      const shifts: Record<string, number> = {};
      for (const backend of ["llama.cpp", "vllm"] as const) {
        const model =
          backend === "vllm"
            ? await openLanguageModel({ model: reference!, maxInFlight: 4 })
            : await loadModel({ model: gguf!, threads: TEST_THREADS, kvCache: "f32" });
        try {
          const set = await readVectorSet(sets[backend]);
          for (const emotion of ["happy", "afraid"]) {
            const { plain, steered } = await readoutShift(model, set, emotion, prompt);
            shifts[`${backend} ${emotion}`] = steered - plain;
            t.diagnostic(`${backend}: ${emotion} z ${plain.toFixed(3)} → ${steered.toFixed(3)} steered at +0.2`);
            assert.ok(steered > plain, `${backend} ${emotion}: ${plain} → ${steered}`);
          }
        } finally {
          await model.dispose();
        }
      }
      for (const emotion of ["happy", "afraid"]) {
        const ratio = shifts[`vllm ${emotion}`]! / shifts[`llama.cpp ${emotion}`]!;
        t.diagnostic(`${emotion}: vLLM shift / llama.cpp shift = ${ratio.toFixed(3)}`);
        assert.ok(ratio > 0.5 && ratio < 2, `${emotion} ratio ${ratio}`);
      }
    });

    it("a tiny sweep cut off by killing the server resumes after a restart, keeping what was stored", { timeout: 1_200_000 }, async (t: TestContext) => {
      const store = path.join(tmp, "runs.sqlite");
      const sweep = [
        "sweep",
        reference!,
        sets.vllm,
        "--scenario",
        "sycophancy",
        "--param",
        "rounds=1",
        "--steer",
        "happy",
        "--strengths",
        "-0.2,0,0.2",
        "--samples",
        "1",
        "--seed",
        "3",
        "--parallel",
        "1",
        "--max-in-flight",
        "4",
        "--runs",
        store,
      ];
      const started = Date.now();
      const run = runCli(sweep);
      let exited = false;
      void run.then(() => (exited = true));
      while (storedRollouts(store).length < 1 && !exited) await new Promise((r) => setTimeout(r, 500));
      execFileSync(path.join(repo, "scripts/vllm/stop.sh"), [port()], { stdio: "ignore" });
      const cut = await run;
      const kept = storedRollouts(store);
      // The plan holds the three strengths and the random-direction controls beside them.
      const planned = Number(/\d+\/(\d+) rollouts already stored/.exec(cut.stderr)?.[1]);
      assert.ok(planned >= 3, cut.stderr);
      t.diagnostic(`server killed after ${((Date.now() - started) / 1000).toFixed(0)} s with ${kept.length}/${planned} rollouts stored`);
      assertOneLineError(cut, "sweep", "BACKEND_UNREACHABLE");
      assert.ok(kept.length >= 1 && kept.length < planned, `${kept.length} rollouts stored before the kill`);
      const runId = /run (\S+) \(store/.exec(cut.stderr)?.[1];
      assert.ok(runId, cut.stderr);
      const restart = Date.now();
      execFileSync(path.join(repo, "scripts/vllm/serve.sh"), [modelDir!, served(), port()], { stdio: ["ignore", "ignore", "inherit"] });
      t.diagnostic(`server restarted in ${((Date.now() - restart) / 1000).toFixed(0)} s`);
      const resumed = await runCli(["sweep", reference!, sets.vllm, "--resume", runId, "--parallel", "1", "--runs", store]);
      assert.equal(resumed.code, 0, resumed.stderr);
      const all = storedRollouts(store);
      assert.equal(all.length, planned, "every rollout stored once");
      for (const k of kept)
        assert.deepEqual(
          all.find((r) => r.key === k.key),
          k,
          `rollout ${k.key} kept as it was`,
        );
      t.diagnostic(`sweep with the restart: ${((Date.now() - started) / 1000).toFixed(0)} s; ${resumed.stdout.trim().replace(/\n/g, " | ")}`);
    });

    it("serve --backend vllm answers a chat completion with telemetry, generated by vLLM", { timeout: 300_000 }, async (t: TestContext) => {
      const server = startCliServer([
        "--backend",
        "vllm",
        "--url",
        `http://127.0.0.1:${port()}`,
        "--served-model",
        served(),
        "--port",
        "0",
        "--vectors",
        sets.vllm,
        "--quiet",
      ]);
      try {
        const url = await server.url;
        const response = await fetch(`${url}/v1/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            model: served(),
            messages: [{ role: "user", content: "Say hello in five words." }],
            max_tokens: 12,
            temperature: 0,
            limbic: { emotions: ["happy", "afraid"] },
          }),
        });
        assert.equal(response.status, 200, await response.clone().text());
        const reply = (await response.json()) as {
          choices: { message: { content: string } }[];
          limbic: { tokens: { text: string; emotions: Record<string, number> }[] };
        };
        t.diagnostic(
          `limbic serve --backend vllm replied "${reply.choices[0]!.message.content.replace(/\n/g, "\\n")}" with ${reply.limbic.tokens.length} telemetry tokens`,
        );
        assert.ok(reply.limbic.tokens.length > 0);
        assert.equal(reply.limbic.tokens.map((x) => x.text).join(""), reply.choices[0]!.message.content);
        for (const x of reply.limbic.tokens) assert.ok(Number.isFinite(x.emotions.happy) && Number.isFinite(x.emotions.afraid));
      } finally {
        assert.equal((await server.stop()).code, 0);
      }
    });
  });
}
