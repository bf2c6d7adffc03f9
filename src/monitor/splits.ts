/** Dev/test splits for the monitor evaluation: the dev half chooses (thresholds, the text baseline's weights), the test half reports. */
import { mulberry32 } from "../vectors/stats.js";

export type Split = "dev" | "test";

/** A labelled file's rule: the split a line names, else alternating by position (first line dev). */
export function fileSplits(items: readonly { split?: Split }[]): Split[] {
  return items.map((item, i) => item.split ?? (i % 2 === 0 ? "dev" : "test"));
}

/**
 * Half of each label to each split, so both halves hold the classes in the same proportion:
 * within a label, items are ordered by id, shuffled with the seed and alternated (dev first, so
 * an odd count leaves dev one more). The result depends on the ids and the seed, not on the order
 * the items come in.
 */
export function stratifiedSplits(items: readonly { id: string; label: string }[], seed: number): Split[] {
  const random = mulberry32(seed);
  const splits: Split[] = new Array<Split>(items.length);
  const labels = [...new Set(items.map((i) => i.label))].sort();
  for (const label of labels) {
    const members = items
      .map((item, i) => ({ id: item.id, i }))
      .filter(({ i }) => items[i]!.label === label)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.i - b.i));
    for (let k = members.length - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1));
      [members[k], members[j]] = [members[j]!, members[k]!];
    }
    members.forEach(({ i }, k) => (splits[i] = k % 2 === 0 ? "dev" : "test"));
  }
  return splits;
}
