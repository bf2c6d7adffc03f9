/** One floating tooltip for token and heatmap hovers (native title tips are slow and unstyled). */
import { h } from "./dom";

const tip = h("div", { class: "tooltip", role: "tooltip", hidden: true });

export function showTooltip(x: number, y: number, content: Node | string): void {
  if (!tip.isConnected) document.body.append(tip);
  tip.replaceChildren(content);
  tip.hidden = false;
  const { width, height } = tip.getBoundingClientRect();
  const left = Math.min(x + 12, window.innerWidth - width - 8);
  const top = y + 16 + height > window.innerHeight ? y - height - 10 : y + 16;
  tip.style.transform = `translate(${Math.max(4, left)}px, ${Math.max(4, top)}px)`;
}

export function hideTooltip(): void {
  tip.hidden = true;
}

/** Shows `describe(target)` while the pointer is over an element of `container` that it answers for. */
export function attachTooltip(container: HTMLElement, describe: (target: HTMLElement) => Node | string | null): void {
  container.addEventListener("mousemove", (event) => {
    const content = event.target instanceof HTMLElement ? describe(event.target) : null;
    if (content === null) hideTooltip();
    else showTooltip(event.clientX, event.clientY, content);
  });
  container.addEventListener("mouseleave", hideTooltip);
}
