/** Per-token emotion readouts of one assistant turn, folded into what a sweep stores for that turn. */
import { firstActionAt } from "../monitor/action.js";
import type { TurnTrace } from "./runStore.js";

/** Stored series keep 3 decimals: z-scores need no more, and a rollout's turns stay small. */
const round3 = (value: number) => Math.round(value * 1000) / 1000;

export class TurnReading {
  private first: number[] | null = null;
  private readonly sums: Float64Array;
  private readonly maxima: Float64Array;
  private readonly maximaBeforeAction: Float64Array;
  private readonly series: number[][];
  private text = "";
  private actionToken: number | null = null;
  private count = 0;

  constructor(private readonly emotions: readonly string[]) {
    this.sums = new Float64Array(emotions.length);
    this.maxima = new Float64Array(emotions.length).fill(-Infinity);
    this.maximaBeforeAction = new Float64Array(emotions.length).fill(-Infinity);
    this.series = emotions.map(() => []);
  }

  /** One generated token: its text and the z of each emotion (in the constructor's order). */
  add(tokenText: string, z: readonly number[]): void {
    const index = this.count++;
    this.first ??= [...z];
    // The token that completes the first action marker is the action's token; readings before it are "before the action".
    if (this.actionToken === null) {
      this.text += tokenText;
      if (firstActionAt(this.text) >= 0) this.actionToken = index;
    }
    z.forEach((value, k) => {
      this.sums[k] = this.sums[k]! + value;
      if (value > this.maxima[k]!) this.maxima[k] = value;
      if ((this.actionToken === null || index < this.actionToken || index === 0) && value > this.maximaBeforeAction[k]!) this.maximaBeforeAction[k] = value;
      this.series[k]!.push(round3(value));
    });
  }

  trace(): TurnTrace {
    const byEmotion = (values: ArrayLike<number>, divisor = 1) => Object.fromEntries(this.emotions.map((e, k) => [e, values[k]! / divisor]));
    if (this.count === 0) return { start: {}, mean: {}, tokens: 0 };
    return {
      start: byEmotion(this.first!),
      mean: byEmotion(this.sums, this.count),
      tokens: this.count,
      max: byEmotion(this.maxima),
      maxBeforeAction: byEmotion(this.maximaBeforeAction),
      actionToken: this.actionToken,
      series: Object.fromEntries(this.emotions.map((e, k) => [e, this.series[k]!])),
    };
  }
}
