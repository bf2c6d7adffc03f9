/**
 * Which story prompt a model gets: the chat template (an instruct model) or a completion-style
 * anthology entry (a base model). A base model can carry a chat template, so the template alone
 * does not decide: "auto" also asks whether the model's metadata says it was tuned for chat.
 */
import { InvalidInputError } from "../errors.js";

export type PromptStyle = "base" | "chat";
export type PromptStyleOption = PromptStyle | "auto";

const CHAT_TUNED = /instruct|chat|(^|[-_ .])it($|[-_ .])|sft|dpo|rlhf|assistant/i;

export interface ModelFacts {
  name: string;
  path: string;
  chatTemplate: string | null;
  metadata: Record<string, string>;
}

/** The style `requested` resolves to for this model, and why (for `limbic info` and the manifest). */
export function choosePromptStyle(model: ModelFacts, requested: PromptStyleOption = "auto"): { style: PromptStyle; reason: string } {
  if (requested === "chat" && !model.chatTemplate) {
    throw new InvalidInputError("INVALID_ARGUMENT", `The chat prompt style needs a chat template, and ${model.name} has none. Use the base style (or auto).`, {
      option: "promptStyle",
      value: requested,
    });
  }
  if (requested !== "auto") return { style: requested, reason: `asked for (prompt style ${requested})` };
  if (!model.chatTemplate) return { style: "base", reason: "the model has no chat template" };
  const finetune = model.metadata["general.finetune"];
  const labels = [model.name, model.metadata["general.basename"] ?? "", finetune ?? "", model.path.split(/[\\/]/).pop() ?? ""];
  const marked = labels.find((label) => CHAT_TUNED.test(label));
  if (marked) return { style: "chat", reason: `it has a chat template and "${marked}" marks it as tuned for chat` };
  if (finetune) return { style: "chat", reason: `it has a chat template and a fine-tune (general.finetune = "${finetune}")` };
  return {
    style: "base",
    reason: "it has a chat template, but nothing in its name or metadata says it was tuned for chat (ask for the chat style to use the template)",
  };
}
