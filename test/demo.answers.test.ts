/** The demo's steered answers are answers: each ends where the model starts the next role line. */
import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, describe, it } from "node:test";
import { steeredAnswers } from "../src/demo/demo.js";
import { loadModel, readVectorSet, type Model } from "../src/index.js";
import { LOOP_REPLY, loopModelFile } from "../testing/loopModel.js";
import { TEST_THREADS } from "../testing/models.js";
import { syntheticVectorSet } from "../testing/syntheticSet.js";

const axis = (k: number) => Float32Array.from({ length: 16 }, (_, j) => (j === k ? 1 : 0));

describe("the demo's steered answers (loop model)", () => {
  let model: Model;
  let setDir: string;
  before(async () => {
    model = await loadModel({ model: await loopModelFile(), threads: TEST_THREADS });
    setDir = await syntheticVectorSet(model, { desperate: axis(0), calm: axis(1) }, 1, { mean: "zero", spread: { desperate: 1, calm: 1 } });
  });
  after(async () => {
    await model.dispose();
    fs.rmSync(setDir, { recursive: true, force: true });
  });

  it("stop at the invented user turn in every condition", async () => {
    const answers = await steeredAnswers(model, await readVectorSet(setDir), 0.1, 7);
    assert.deepEqual(
      answers.map((a) => a.label),
      ["unsteered", "desperate +0.1", "calm +0.1"],
    );
    for (const answer of answers) assert.equal(answer.text, LOOP_REPLY, answer.label);
  });
});
