/** Renders chat messages with the model's own Jinja chat template (GGUF tokenizer.chat_template). */
import { Template } from "@huggingface/jinja";
import { EngineError } from "../errors.js";

export type { ChatMessage, ToolCall } from "./chatMessage.js";
import type { ChatMessage } from "./chatMessage.js";

/** An OpenAI-style tool definition, rendered by chat templates that support tools. */
export interface ToolDefinition {
  type: "function";
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export interface RenderedChat {
  text: string;
  /** False when the model has no chat template and a plain "Role: content" rendering was used. */
  templated: boolean;
}

const templateCache = new Map<string, Template>();

function plainRendering(messages: readonly ChatMessage[], addGenerationPrompt: boolean): string {
  const label = (role: string) => role[0]!.toUpperCase() + role.slice(1);
  const parts = messages.map((m) => `${label(m.role)}: ${m.content}`);
  if (addGenerationPrompt) parts.push("Assistant:");
  return parts.join("\n\n");
}

/** Whether a chat template renders tool definitions (it reads a `tools` variable). */
export function templateSupportsTools(template: string | null): boolean {
  return template !== null && /\btools\b/.test(template);
}

export function renderChat(
  template: string | null,
  messages: readonly ChatMessage[],
  options: { addGenerationPrompt?: boolean; bosText?: string; eosText?: string; tools?: readonly ToolDefinition[] } = {},
): RenderedChat {
  const addGenerationPrompt = options.addGenerationPrompt ?? true;
  if (!template) return { text: plainRendering(messages, addGenerationPrompt), templated: false };
  let compiled = templateCache.get(template);
  try {
    if (!compiled) {
      compiled = new Template(template);
      templateCache.set(template, compiled);
    }
    const text = compiled.render({
      messages: messages as unknown as Record<string, unknown>[],
      add_generation_prompt: addGenerationPrompt,
      bos_token: options.bosText ?? "",
      eos_token: options.eosText ?? "",
      ...(options.tools && options.tools.length > 0 ? { tools: options.tools as unknown as Record<string, unknown>[] } : {}),
    });
    return { text, templated: true };
  } catch (error) {
    throw new EngineError(
      "CHAT_TEMPLATE_FAILED",
      `The model's chat template could not render these messages: ${(error as Error).message}`,
      {},
      { cause: error },
    );
  }
}
