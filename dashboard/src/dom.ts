/** A tiny element builder and the shared bits of UI (error banners, empty states). */
type Child = Node | string | number | null | undefined | false;
type Props = {
  class?: string;
  text?: string | number;
  title?: string;
  dataset?: Record<string, string>;
  style?: string;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
} & Record<string, unknown>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") element.className = String(value);
    else if (key === "text") element.textContent = String(value);
    else if (key === "style") element.setAttribute("style", String(value));
    else if (key === "dataset") Object.assign(element.dataset, value);
    else if (key === "on") for (const [type, listener] of Object.entries(value as object)) element.addEventListener(type, listener as EventListener);
    else if (key in element && typeof value !== "string") (element as unknown as Record<string, unknown>)[key] = value;
    else element.setAttribute(key, value === true ? "" : String(value));
  }
  element.append(
    ...children.filter((c): c is Node | string | number => c !== null && c !== undefined && c !== false).map((c) => (typeof c === "number" ? String(c) : c)),
  );
  return element;
}

export function clear(element: Element): void {
  element.replaceChildren();
}

/** A slot that shows the latest error of one panel (and nothing when there is none). */
export class ErrorSlot {
  readonly element = h("div", { class: "error", role: "alert", hidden: true });

  show(error: unknown, context?: string): void {
    const message = error instanceof Error ? error.message : String(error);
    this.element.replaceChildren(h("strong", { text: context ? `${context}: ` : "Error: " }), message);
    this.element.hidden = false;
  }

  clear(): void {
    this.element.hidden = true;
    this.element.replaceChildren();
  }
}

export function emptyState(text: string, ...more: Child[]): HTMLElement {
  return h("div", { class: "empty" }, h("p", { text }), ...more);
}

export function signed(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return "–";
  return `${value >= 0 ? "+" : "−"}${Math.abs(value).toFixed(digits)}`;
}

export function percent(value: number | undefined | null, digits = 0): string {
  return value === undefined || value === null || !Number.isFinite(value) ? "–" : `${(value * 100).toFixed(digits)}%`;
}
