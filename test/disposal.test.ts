/** Models and stores release themselves at the end of a `using` scope. */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { loadModel, type Model } from "../src/index.js";
import { ReplicationStore } from "../src/replicate/store.js";
import { RunStore } from "../src/sweeps/runStore.js";
import { ExtractionStore } from "../src/vectors/store.js";
import { STORIES, requireModel, TEST_THREADS } from "../testing/models.js";

describe("explicit resource management", () => {
  it("await using disposes a model, using closes each store", async () => {
    let escaped: Model;
    {
      await using model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS });
      escaped = model;
      assert.equal(model.isDisposed, false);
    }
    assert.equal(escaped.isDisposed, true);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-dispose-"));
    try {
      const stores: [string, (file: string) => Disposable & { close(): void }, (store: never) => unknown][] = [
        ["extraction", (f) => new ExtractionStore(f), (s: ExtractionStore) => s.storyCount()],
        ["runs", (f) => new RunStore(f), (s: RunStore) => s.listRuns()],
        ["replication", (f) => new ReplicationStore(f), (s: ReplicationStore) => s.getMeta("settings")],
      ];
      for (const [name, open, read] of stores) {
        let store: Disposable;
        {
          using opened = open(path.join(dir, `${name}.sqlite`));
          store = opened;
          read(opened as never);
        }
        assert.throws(() => read(store as never), /not open/, `${name} store is still open after its scope`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
