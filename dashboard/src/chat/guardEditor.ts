/** Guard rules, one per line, sent with the next message. */
import { h } from "../dom";

export class GuardEditor {
  readonly element = h("section", { class: "panel", "aria-label": "Guard rules" });
  private readonly text = h("textarea", {
    rows: 3,
    spellcheck: false,
    "aria-label": "guard rules",
    placeholder: "desperate>2.5 for 3 tokens:steer calm=0.05\ncalm<-2:flag",
  });

  constructor() {
    this.element.append(
      h("header", { class: "panel-head" }, h("h2", { text: "Guard rules" })),
      this.text,
      h(
        "p",
        { class: "muted small" },
        "One rule a line: ",
        h("code", { text: "<emotion> <op> <z>[ for <n> tokens]:<action>" }),
        " with action flag, halt or steer <emotion>=<strength>. Lines starting with # are ignored.",
      ),
    );
  }

  rules(): string[] {
    return this.text.value
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#"));
  }
}
