/** Chat: streamed replies tinted by an emotion, live gauges, steering sliders, guard rules and events. */
import { ApiError } from "../api";
import { legendGradient, Z_FULL_SCALE } from "../color";
import { EmotionPanel } from "../chat/emotionPanel";
import { EventLog } from "../chat/eventLog";
import { GuardEditor } from "../chat/guardEditor";
import { streamChat } from "../chatStream";
import { ErrorSlot, h, signed } from "../dom";
import { servedModels, vectorSets } from "../state";
import { TokenView } from "../tokens";
import type { ChatMessage } from "../../../src/server/wire";
import type { Tab } from "./tab";

export function createChatTab(): Tab {
  const emotions = new EmotionPanel();
  const guard = new GuardEditor();
  const log = new EventLog();
  const errors = new ErrorSlot();
  const history: ChatMessage[] = [];
  const views: TokenView[] = [];
  let tintEmotion: string | null = null;
  let running: AbortController | null = null;

  const tintSelect = h("select", { "aria-label": "tint tokens by emotion" });
  const conversation = h("div", { class: "conversation", "aria-label": "conversation" });
  const placeholder = h(
    "div",
    { class: "empty" },
    h("p", { text: "Send a message. Each token of the reply is tinted by the emotion chosen above; hover a token for its readout." }),
  );
  conversation.append(placeholder);
  const input = h("textarea", { rows: 2, placeholder: "Write a message… (Enter sends, Shift+Enter adds a line)", "aria-label": "message" });
  const maxTokens = h("input", { type: "number", min: "1", max: "2048", value: "96", "aria-label": "max tokens" });
  const temperature = h("input", { type: "number", min: "0", max: "2", step: "0.1", value: "0.8", "aria-label": "temperature" });
  const sendButton = h("button", { class: "primary", type: "submit", text: "Send" });
  const stopButton = h("button", { type: "button", text: "Stop", disabled: true });

  tintSelect.addEventListener("change", () => {
    tintEmotion = tintSelect.value || null;
    views.forEach((v) => v.setEmotion(tintEmotion));
  });
  emotions.onWatchChange = (watched) => {
    const keep = tintEmotion && watched.includes(tintEmotion) ? tintEmotion : (watched[0] ?? null);
    tintSelect.replaceChildren(...watched.map((e) => h("option", { value: e, text: e })));
    if (keep) tintSelect.value = keep;
    tintEmotion = keep;
    views.forEach((v) => v.setEmotion(tintEmotion));
  };

  function bubble(role: string, ...body: (Node | string)[]): HTMLElement {
    placeholder.remove();
    const element = h("article", { class: `msg ${role}` }, h("div", { class: "role", text: role }), ...body);
    conversation.append(element);
    conversation.scrollTop = conversation.scrollHeight;
    return element;
  }

  async function sendMessage(): Promise<void> {
    const text = input.value.trim();
    if (!text || running) return;
    errors.clear();
    input.value = "";
    history.push({ role: "user", content: text });
    bubble("user", h("div", { class: "msg-text", text }));

    const steer = emotions.steering();
    const watch = emotions.watchedEmotions;
    const body = h("div", { class: "msg-text" });
    const view = new TokenView(body, tintEmotion);
    views.push(view);
    const meta = h("div", { class: "msg-meta muted small" });
    const steerBadges = Object.entries(steer).map(([e, s]) => h("span", { class: "badge steer", text: `steer ${e} ${signed(s, 3)}` }));
    const reply = bubble("assistant", body, h("div", { class: "msg-meta" }, ...steerBadges), meta);
    reply.classList.add("streaming");
    emotions.clearReadout();

    running = new AbortController();
    sendButton.disabled = true;
    stopButton.disabled = false;
    const started = performance.now();
    let finish = "";
    try {
      const [model] = await servedModels();
      if (!model) throw new ApiError("The server lists no model in /v1/models.", 0);
      const replyText = await streamChat(
        {
          model,
          messages: history,
          vectorSet: vectorSets.current,
          watch,
          steer,
          guard: guard.rules(),
          maxTokens: Number(maxTokens.value) || 96,
          temperature: Number(temperature.value),
        },
        {
          token: (token) => {
            view.append({ text: token.text, values: token.emotions ?? {} });
            if (token.emotions) emotions.showReadout(token.emotions);
            conversation.scrollTop = conversation.scrollHeight;
          },
          text: (chunk) => view.append({ text: chunk, values: {} }),
          guard: (event) => {
            log.guard(event);
            reply.classList.add("guarded");
          },
          finish: (reason, haltedBy) => {
            finish = haltedBy ? `${reason} (halted by ${haltedBy})` : reason;
          },
        },
        running.signal,
      );
      history.push({ role: "assistant", content: replyText });
      const seconds = (performance.now() - started) / 1000;
      meta.textContent = `${view.count} tokens · ${(view.count / Math.max(seconds, 1e-3)).toFixed(1)} tok/s${finish ? ` · finish: ${finish}` : ""}`;
      log.note(
        "reply",
        `${view.count} tokens${finish ? `, finish: ${finish}` : ""}${
          steerBadges.length
            ? `, steered ${Object.entries(steer)
                .map(([e, s]) => `${e} ${signed(s, 3)}`)
                .join(", ")}`
            : ""
        }`,
      );
    } catch (error) {
      // The user message stays visible but leaves the history, so the next send does not repeat it.
      history.pop();
      if (error instanceof DOMException && error.name === "AbortError") {
        meta.textContent = `stopped after ${view.count} tokens`;
        log.note("stopped", `reply stopped after ${view.count} tokens`);
      } else {
        const message = error instanceof ApiError ? error.message : String(error);
        meta.replaceChildren(h("span", { class: "error-text", text: `failed: ${message}` }));
        errors.show(error, "Chat request failed");
      }
    } finally {
      reply.classList.remove("streaming");
      running = null;
      sendButton.disabled = false;
      stopButton.disabled = true;
    }
  }

  stopButton.addEventListener("click", () => running?.abort());
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      void sendMessage();
    }
  });
  const composer = h(
    "form",
    { class: "composer", on: { submit: (event) => (event.preventDefault(), void sendMessage()) } },
    input,
    h(
      "div",
      { class: "composer-row" },
      h("label", { class: "field" }, "max tokens", maxTokens),
      h("label", { class: "field" }, "temperature", temperature),
      h("span", { class: "spacer" }),
      stopButton,
      sendButton,
    ),
  );
  const newConversation = h("button", {
    class: "ghost",
    type: "button",
    text: "New conversation",
    on: {
      click: () => {
        running?.abort();
        history.length = 0;
        views.length = 0;
        conversation.replaceChildren(placeholder);
        emotions.clearReadout();
        errors.clear();
      },
    },
  });

  const element = h(
    "section",
    { class: "tab chat-tab" },
    h(
      "div",
      { class: "chat-main" },
      h(
        "div",
        { class: "toolbar" },
        h("label", { class: "field" }, "tint by", tintSelect),
        h(
          "div",
          { class: "legend" },
          h("span", { text: `−${Z_FULL_SCALE}` }),
          h("span", { class: "legend-bar", style: `background: ${legendGradient()}` }),
          h("span", { text: `+${Z_FULL_SCALE} z` }),
        ),
        h("span", { class: "spacer" }),
        newConversation,
      ),
      errors.element,
      conversation,
      composer,
    ),
    h("aside", { class: "chat-side" }, emotions.element, guard.element, log.element),
  );

  async function loadEmotions(): Promise<void> {
    try {
      emotions.setEmotions(await vectorSets.emotions());
    } catch (error) {
      emotions.setEmotions([], "The vector set could not be loaded (see the error); replies still stream, without readouts.");
      errors.show(error, "Could not load the vector set");
    }
  }
  vectorSets.onChange(() => void loadEmotions());
  let loaded = false;
  return {
    id: "chat",
    title: "Chat",
    element,
    show() {
      if (!loaded) {
        loaded = true;
        void loadEmotions();
      }
      input.focus();
    },
  };
}
