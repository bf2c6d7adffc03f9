/** The dashboard shell: header (tabs, vector set, model, API key) and hash routing between tabs. */
import "./styles.css";
import { apiKey, setApiKey } from "./api";
import { applyChartTheme } from "./charts";
import { ErrorSlot, h } from "./dom";
import { servedModels, vectorSets } from "./state";
import { createChatTab } from "./tabs/chat";
import { createLibraryTab } from "./tabs/library";
import { createRunsTab } from "./tabs/runs";
import type { Tab } from "./tabs/tab";
import { createTraceTab } from "./tabs/trace";

const tabs: Tab[] = [createChatTab(), createLibraryTab(), createTraceTab(), createRunsTab()];
const globalErrors = new ErrorSlot();
const setSelect = h("select", { "aria-label": "vector set" });
const modelName = h("span", { class: "model-name muted", title: "model served" });
const keyInput = h("input", { type: "password", placeholder: "API key", value: apiKey(), "aria-label": "API key", autocomplete: "off" });
keyInput.addEventListener("change", () => {
  setApiKey(keyInput.value.trim());
  location.reload(); // Everything loaded so far was fetched with the old key.
});

const nav = h("nav", { class: "tabs", "aria-label": "views" }, ...tabs.map((tab) => h("a", { href: `#${tab.id}`, dataset: { tab: tab.id }, text: tab.title })));
const header = h(
  "header",
  { class: "topbar" },
  h("div", { class: "brand" }, h("span", { class: "logo", "aria-hidden": "true" }), "Limbic"),
  nav,
  h(
    "div",
    { class: "topbar-right" },
    modelName,
    h("label", { class: "field" }, "vector set", setSelect),
    h("details", { class: "key" }, h("summary", { text: "key" }), h("form", { on: { submit: (event) => event.preventDefault() } }, keyInput)),
  ),
);
const main = h("main", {}, globalErrors.element, ...tabs.map((tab) => tab.element));
document.body.append(header, main);

function route(): void {
  const id = location.hash.slice(1) || "chat";
  const current = tabs.find((tab) => tab.id === id) ?? tabs[0]!;
  for (const tab of tabs) tab.element.hidden = tab !== current;
  for (const link of nav.querySelectorAll("a")) link.setAttribute("aria-current", link.dataset.tab === current.id ? "page" : "false");
  document.title = `${current.title} · Limbic`;
  current.show();
}

setSelect.addEventListener("change", () => vectorSets.select(setSelect.value));

async function loadHeader(): Promise<void> {
  try {
    modelName.textContent = (await servedModels()).join(", ");
  } catch (error) {
    globalErrors.show(error, "Server");
  }
  try {
    await vectorSets.load();
    setSelect.replaceChildren(...vectorSets.list.map((set) => h("option", { value: set.name, text: `${set.name} (${set.emotions})` })));
    if (vectorSets.current) setSelect.value = vectorSets.current;
    setSelect.disabled = vectorSets.list.length < 2;
    if (vectorSets.list.length === 0) setSelect.append(h("option", { text: "none" }));
  } catch {
    setSelect.replaceChildren(h("option", { text: "unavailable" }));
    setSelect.disabled = true; // The tabs show the error where it matters.
  }
}

applyChartTheme();
matchMedia("(prefers-color-scheme: dark)").addEventListener("change", applyChartTheme);
window.addEventListener("hashchange", route);
route();
void loadHeader();
