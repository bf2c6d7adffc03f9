/**
 * Renders a transcript exactly as the model sees it (its chat template, or "Role: content"
 * without one) and maps every token back to its message and character offsets.
 */
import type { LanguageModel } from "../engine/languageModel.js";
import { fetchTokenBytes } from "../engine/tokenByteSource.js";
import { tokenCharSpans } from "../engine/tokenSpans.js";
import type { Transcript } from "./transcript.js";

export interface MessageSpan {
  role: string;
  /** [start, end): the message's part of the rendered text, template scaffolding before it included. */
  start: number;
  end: number;
  /** Where the message's own content begins (after its role header). */
  contentStart: number;
}

export interface RenderedTranscript {
  text: string;
  templated: boolean;
  messages: MessageSpan[];
}

export interface TokenSpan {
  token: number;
  text: string;
  start: number;
  end: number;
  message: number;
}

export async function renderTranscript(model: LanguageModel, transcript: Transcript): Promise<RenderedTranscript> {
  if (transcript.kind === "text")
    return { text: transcript.text, templated: false, messages: [{ role: "text", start: 0, end: transcript.text.length, contentStart: 0 }] };
  const full = await model.applyChatTemplate(transcript.messages, { addGenerationPrompt: false });
  const spans: MessageSpan[] = [];
  let cursor = 0;
  for (const [i, message] of transcript.messages.entries()) {
    // Prefix renderings give exact boundaries when the template is prefix-stable; content search otherwise.
    let end = -1;
    try {
      const prefix = (await model.applyChatTemplate(transcript.messages.slice(0, i + 1), { addGenerationPrompt: false })).text;
      if (full.text.startsWith(prefix) && prefix.length >= cursor) end = prefix.length;
    } catch {
      // a template may refuse a partial conversation (e.g. one ending on a tool call)
    }
    const content = message.content.trim();
    const found = content ? full.text.indexOf(content, cursor) : -1;
    if (end < 0) end = found >= 0 ? found + content.length : cursor;
    if (i === transcript.messages.length - 1) end = full.text.length;
    const contentStart = found >= cursor && found < end ? found : cursor;
    spans.push({ role: message.role, start: cursor, end, contentStart });
    cursor = end;
  }
  return { text: full.text, templated: full.templated, messages: spans };
}

/**
 * Aligns tokens with the text they came from and with the message each belongs to.
 */
export async function alignTokens(model: LanguageModel, text: string, tokens: Int32Array, messages: MessageSpan[]): Promise<TokenSpan[]> {
  let message = 0;
  return tokenCharSpans(await fetchTokenBytes(model, tokens), text, tokens).map((span) => {
    while (message < messages.length - 1 && span.start >= messages[message]!.end) message++;
    return { ...span, message };
  });
}
