/** The vector sets the server offers, the one the user picked, and cached summaries. */
import { api } from "./api";
import type { VectorSetInfoWire, VectorSetSummaryWire } from "../../src/server/wire";

type Listener = (name: string | null) => void;

class VectorSets {
  list: VectorSetInfoWire[] = [];
  current: string | null = null;
  private readonly summaries = new Map<string, Promise<VectorSetSummaryWire>>();
  private readonly listeners: Listener[] = [];
  private loading: Promise<void> | null = null;

  /** Loads the list once (again after a failure); the first set becomes current. */
  load(): Promise<void> {
    this.loading ??= api.vectorSets().then(
      (sets) => {
        this.list = sets;
        if (!this.current || !sets.some((s) => s.name === this.current)) this.current = sets[0]?.name ?? null;
      },
      (error: unknown) => {
        this.loading = null;
        throw error;
      },
    );
    return this.loading;
  }

  select(name: string): void {
    if (name === this.current) return;
    this.current = name;
    for (const listener of this.listeners) listener(name);
  }

  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  summary(name: string): Promise<VectorSetSummaryWire> {
    let pending = this.summaries.get(name);
    if (!pending) {
      pending = api.summary(name);
      this.summaries.set(name, pending);
      pending.catch(() => this.summaries.delete(name));
    }
    return pending;
  }

  /** The current set's emotions (empty when the server has no vector set). */
  async emotions(): Promise<string[]> {
    await this.load();
    return this.current ? (await this.summary(this.current)).manifest.emotions : [];
  }
}

export const vectorSets = new VectorSets();

let modelIds: Promise<string[]> | null = null;

/** The ids of the served models (/v1/models), fetched once (again after a failure). */
export function servedModels(): Promise<string[]> {
  modelIds ??= api.models().then(
    (list) => list.data.map((m) => m.id),
    (error: unknown) => {
      modelIds = null;
      throw error;
    },
  );
  return modelIds;
}

/** A few emotions worth watching first, when the set has them. */
const PREFERRED = ["desperate", "calm", "afraid", "happy", "angry", "sad"];

export function defaultEmotions(emotions: readonly string[], count = 4): string[] {
  const preferred = PREFERRED.filter((e) => emotions.includes(e));
  return [...new Set([...preferred, ...emotions])].slice(0, count);
}
