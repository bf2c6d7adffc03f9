/** A top-level view of the dashboard. `show` runs each time it becomes visible (load lazily there). */
export interface Tab {
  id: string;
  title: string;
  element: HTMLElement;
  show(): void;
}
