/** A removable chip per chosen emotion plus a type-ahead field to add one of the set's emotions. */
import { h } from "./dom";

let nextId = 0;

export class EmotionChips {
  readonly element = h("div", { class: "chips" });
  onChange: (selected: string[]) => void = () => undefined;
  private available: string[] = [];
  private chosen: string[] = [];
  private readonly list = h("div", { class: "chip-list" });
  private readonly input: HTMLInputElement;
  private readonly options: HTMLDataListElement;

  constructor(label: string) {
    const listId = `emotion-chips-${nextId++}`;
    this.options = h("datalist", { id: listId });
    this.input = h("input", { type: "text", list: listId, placeholder: "add…", "aria-label": label, class: "chip-input" });
    this.input.addEventListener("change", () => {
      const name = this.input.value.trim();
      this.input.value = "";
      if (this.available.includes(name) && !this.chosen.includes(name)) this.set([...this.chosen, name]);
    });
    this.element.append(this.list, this.input, this.options);
  }

  get selected(): string[] {
    return [...this.chosen];
  }

  setAvailable(emotions: string[], selected: string[]): void {
    this.available = emotions;
    this.options.replaceChildren(...emotions.map((e) => h("option", { value: e })));
    this.set(selected.filter((e) => emotions.includes(e)));
  }

  private set(chosen: string[]): void {
    this.chosen = chosen;
    this.list.replaceChildren(
      ...chosen.map((emotion) =>
        h(
          "span",
          { class: "chip" },
          emotion,
          h("button", {
            type: "button",
            class: "icon",
            "aria-label": `remove ${emotion}`,
            text: "×",
            on: { click: () => this.set(this.chosen.filter((e) => e !== emotion)) },
          }),
        ),
      ),
    );
    this.onChange(this.selected);
  }
}
