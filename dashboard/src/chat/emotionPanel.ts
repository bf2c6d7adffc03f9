/**
 * Watched emotions: one row each with a live gauge (the latest token's z-score) and a slider that
 * sets the steering strength for the next message (fraction of the layer's mean residual norm).
 */
import { signColor } from "../color";
import { h, signed } from "../dom";
import { defaultEmotions } from "../state";

const GAUGE_FULL_SCALE = 4;
const STEER_LIMIT = 0.2;

interface Row {
  element: HTMLElement;
  fill: HTMLElement;
  value: HTMLElement;
  slider: HTMLInputElement;
  strength: HTMLElement;
}

export class EmotionPanel {
  readonly element = h("section", { class: "panel", "aria-label": "Emotions" });
  /** Called when the watched list changes (the tint selector follows it). */
  onWatchChange: (watched: string[]) => void = () => undefined;
  private available: string[] = [];
  private watched: string[] = [];
  private readonly steer = new Map<string, number>();
  private readonly rows = new Map<string, Row>();
  private readonly list = h("div", { class: "emotion-rows" });
  private readonly picker = h("input", { type: "text", list: "emotion-choices", placeholder: "add an emotion…", "aria-label": "add an emotion to watch" });
  private readonly choices = h("datalist", { id: "emotion-choices" });
  private readonly note = h("p", { class: "muted small" });

  constructor() {
    const add = () => {
      const name = this.picker.value.trim();
      if (this.available.includes(name) && !this.watched.includes(name)) this.setWatched([...this.watched, name]);
      this.picker.value = "";
    };
    this.picker.addEventListener("change", add);
    this.element.append(
      h(
        "header",
        { class: "panel-head" },
        h("h2", { text: "Emotions" }),
        h("button", { class: "ghost", type: "button", text: "Reset steering", on: { click: () => this.resetSteering() } }),
      ),
      this.note,
      this.list,
      h("div", { class: "picker" }, this.picker, this.choices),
      h("p", {
        class: "muted small",
        text: "Gauges: z-score of the latest token. Sliders: steering for the next message, in units of the layer's mean residual norm (double-click a slider to zero it).",
      }),
    );
  }

  get watchedEmotions(): string[] {
    return [...this.watched];
  }

  /** A new vector set: its emotions, a default watch list, no steering (`unavailable`: why there are none). */
  setEmotions(emotions: string[], unavailable = "No vector set on the server: start it with --vectors <dir> to watch and steer emotions."): void {
    this.available = emotions;
    this.choices.replaceChildren(...emotions.map((e) => h("option", { value: e })));
    this.steer.clear();
    this.note.textContent = emotions.length ? "" : unavailable;
    this.picker.disabled = emotions.length === 0;
    this.setWatched(defaultEmotions(emotions));
  }

  /** Non-zero strengths of the watched emotions. */
  steering(): Record<string, number> {
    return Object.fromEntries(this.watched.map((e) => [e, this.steer.get(e) ?? 0] as const).filter(([, s]) => s !== 0));
  }

  showReadout(values: Record<string, number>): void {
    for (const [emotion, row] of this.rows) {
      const value = values[emotion];
      if (value === undefined) continue;
      const width = (Math.min(Math.abs(value), GAUGE_FULL_SCALE) / GAUGE_FULL_SCALE) * 50;
      row.fill.style.width = `${width}%`;
      row.fill.style.left = value >= 0 ? "50%" : `${50 - width}%`;
      row.fill.style.backgroundColor = signColor(value);
      row.value.textContent = signed(value);
    }
  }

  clearReadout(): void {
    for (const row of this.rows.values()) {
      row.fill.style.width = "0";
      row.value.textContent = "–";
    }
  }

  resetSteering(): void {
    this.steer.clear();
    for (const row of this.rows.values()) this.showStrength(row, 0);
  }

  private setWatched(watched: string[]): void {
    this.watched = watched;
    for (const emotion of [...this.steer.keys()]) if (!watched.includes(emotion)) this.steer.delete(emotion);
    this.rows.clear();
    this.list.replaceChildren(...watched.map((e) => this.row(e)));
    this.onWatchChange(this.watchedEmotions);
  }

  private row(emotion: string): HTMLElement {
    const fill = h("div", { class: "gauge-fill" });
    const value = h("span", { class: "num gauge-value", text: "–" });
    const slider = h("input", {
      type: "range",
      min: String(-STEER_LIMIT),
      max: String(STEER_LIMIT),
      step: "0.005",
      value: "0",
      "aria-label": `steer ${emotion}`,
    });
    const strength = h("output", { class: "num strength" });
    const row: Row = {
      element: h(
        "div",
        { class: "emotion-row", dataset: { emotion } },
        h("span", { class: "emotion-name", text: emotion }),
        h("div", { class: "gauge", role: "meter", "aria-label": `${emotion} gauge` }, h("div", { class: "gauge-zero" }), fill),
        value,
        h("button", {
          class: "icon",
          type: "button",
          title: `stop watching ${emotion}`,
          "aria-label": `stop watching ${emotion}`,
          text: "×",
          on: { click: () => this.setWatched(this.watched.filter((e) => e !== emotion)) },
        }),
        h("span", { class: "muted small", text: "steer" }),
        slider,
        strength,
      ),
      fill,
      value,
      slider,
      strength,
    };
    const update = (strengthValue: number) => {
      if (strengthValue === 0) this.steer.delete(emotion);
      else this.steer.set(emotion, strengthValue);
      this.showStrength(row, strengthValue);
    };
    slider.addEventListener("input", () => update(Number(slider.value)));
    slider.addEventListener("dblclick", () => update(0));
    this.showStrength(row, this.steer.get(emotion) ?? 0);
    this.rows.set(emotion, row);
    return row.element;
  }

  private showStrength(row: Row, strength: number): void {
    row.slider.value = String(strength);
    row.strength.textContent = strength === 0 ? "0" : signed(strength, 3);
    row.element.classList.toggle("steered", strength !== 0);
  }
}
