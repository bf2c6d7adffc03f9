/** Tokens tinted by one emotion's z-score, every readout on hover. Used by chat and trace. */
import { tint } from "./color";
import { h, signed } from "./dom";
import { attachTooltip } from "./tooltip";

export interface ReadToken {
  text: string;
  values: Record<string, number>;
}

export class TokenView {
  private readonly tokens: ReadToken[] = [];
  private readonly spans: HTMLSpanElement[] = [];

  constructor(
    readonly element: HTMLElement,
    private emotion: string | null,
  ) {
    element.classList.add("tokens");
    attachTooltip(element, (target) => {
      const index = target.dataset.token;
      return index === undefined ? null : this.describe(this.tokens[Number(index)]!);
    });
  }

  get count(): number {
    return this.tokens.length;
  }

  /**
   * Adds a token at the end of `parent` (the view itself by default, or a message block inside it).
   * `shown` replaces the text on screen (the tooltip keeps the real one).
   */
  append(token: ReadToken, parent: HTMLElement = this.element, shown = token.text): HTMLSpanElement {
    const span = h("span", { class: "tok", text: shown, dataset: { token: String(this.tokens.length) } });
    this.paint(span, token);
    this.tokens.push(token);
    this.spans.push(span);
    parent.append(span);
    return span;
  }

  setEmotion(emotion: string | null): void {
    this.emotion = emotion;
    this.spans.forEach((span, i) => this.paint(span, this.tokens[i]!));
  }

  private paint(span: HTMLSpanElement, token: ReadToken): void {
    const value = this.emotion === null ? undefined : token.values[this.emotion];
    span.style.backgroundColor = value === undefined ? "" : tint(value);
  }

  private describe(token: ReadToken): HTMLElement {
    const rows = Object.entries(token.values).map(([emotion, value]) =>
      h("tr", { class: emotion === this.emotion ? "current" : "" }, h("td", { text: emotion }), h("td", { class: "num", text: signed(value) })),
    );
    return h(
      "div",
      {},
      h("div", { class: "tip-token", text: JSON.stringify(token.text) }),
      rows.length ? h("table", { class: "tip-values" }, ...rows) : h("div", { class: "muted", text: "no readout" }),
    );
  }
}
