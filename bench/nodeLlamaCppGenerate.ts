/**
 * Generation through node-llama-cpp's own high-level API, for comparison with Limbic's
 * bridge. Runs in its own process (it installs its own llama.cpp log handler).
 * Usage: node nodeLlamaCppGenerate.js <model> <threads> <maxTokens> <rounds> <prompt>
 */
import { getLlama, LlamaCompletion } from "node-llama-cpp";

const [modelPath, threadsArg, maxTokensArg, roundsArg, prompt] = process.argv.slice(2);
const threads = Number(threadsArg);
const maxTokens = Number(maxTokensArg);
const llama = await getLlama({ gpu: false, build: "never", logLevel: "error" as never });
const model = await llama.loadModel({ modelPath: modelPath! });
const context = await model.createContext({ contextSize: 1024, threads });
const rates: number[] = [];
for (let round = 0; round < Number(roundsArg); round++) {
  const sequence = context.getSequence();
  const completion = new LlamaCompletion({ contextSequence: sequence });
  let tokens = 0;
  const start = performance.now();
  await completion.generateCompletion(prompt!, { maxTokens, temperature: 0, onToken: (chunk) => void (tokens += chunk.length) });
  rates.push(tokens / ((performance.now() - start) / 1000));
  sequence.dispose();
}
process.stdout.write(JSON.stringify({ rates }));
await context.dispose();
await model.dispose();
