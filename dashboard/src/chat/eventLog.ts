/** The chat's event log: guard events, finishes and request notes, newest first. */
import { h, signed } from "../dom";
import type { GuardEventWire } from "../../../src/server/wire";

export class EventLog {
  readonly element = h("section", { class: "panel", "aria-label": "Events" });
  private readonly list = h("ol", { class: "event-log", "aria-live": "polite" });
  private readonly empty = h("p", { class: "muted small", text: "Guard events and finished replies appear here." });

  constructor() {
    this.element.append(
      h(
        "header",
        { class: "panel-head" },
        h("h2", { text: "Events" }),
        h("button", { class: "ghost", type: "button", text: "Clear", on: { click: () => this.clear() } }),
      ),
      this.empty,
      this.list,
    );
  }

  guard(event: GuardEventWire): void {
    const index = event.tokenIndex;
    const values = Object.entries(event.values ?? {})
      .map(([e, v]) => `${e} ${signed(v)}`)
      .join(", ");
    this.add(
      `guard ${event.action}`,
      h(
        "span",
        {},
        h("code", { text: event.rule }),
        index !== undefined ? ` at token ${index}` : "",
        event.token !== undefined ? ` ${JSON.stringify(event.token)}` : "",
        event.detail ? ` → ${event.detail}` : "",
        values ? h("span", { class: "muted", text: ` (${values})` }) : null,
      ),
      event.action,
    );
  }

  note(kind: string, text: string): void {
    this.add(kind, h("span", { text }), "info");
  }

  clear(): void {
    this.list.replaceChildren();
    this.empty.hidden = false;
  }

  private add(kind: string, body: HTMLElement, tone: string): void {
    this.empty.hidden = true;
    const time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
    this.list.prepend(
      h("li", { class: `event ${tone}` }, h("span", { class: "event-time muted", text: time }), h("span", { class: "badge", text: kind }), body),
    );
  }
}
