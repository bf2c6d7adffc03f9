import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkSampling, MAX_TEMPERATURE, SAMPLING_DEFAULTS } from "../src/engine/sampling.js";

describe("sampling limits, one owner", () => {
  it("fills the defaults and keeps what was given", () => {
    assert.deepEqual(checkSampling({}), { ...SAMPLING_DEFAULTS });
    assert.deepEqual(checkSampling({ temperature: 0, topK: 0, topP: 1, minP: 0, seed: 7 }), { temperature: 0, topK: 0, topP: 1, minP: 0, seed: 7 });
  });

  it("refuses each out-of-range field by name, with the same bounds the CLI and server use", () => {
    const field = (options: Parameters<typeof checkSampling>[0]) => {
      try {
        checkSampling(options);
        return "accepted";
      } catch (error) {
        return (error as { details?: { field?: string } }).details?.field;
      }
    };
    assert.equal(field({ temperature: MAX_TEMPERATURE }), "accepted");
    assert.equal(field({ temperature: MAX_TEMPERATURE + 0.01 }), "temperature");
    assert.equal(field({ temperature: -0.1 }), "temperature");
    assert.equal(field({ temperature: Number.NaN }), "temperature");
    assert.equal(field({ topK: 1.5 }), "topK");
    assert.equal(field({ topP: 0 }), "topP");
    assert.equal(field({ minP: 1 }), "minP", "min-p is [0, 1) on both backends");
    assert.equal(field({ seed: 2 ** 32 }), "seed");
    assert.equal(field({ repeatPenalty: 0 }), "repeatPenalty");
  });
});
