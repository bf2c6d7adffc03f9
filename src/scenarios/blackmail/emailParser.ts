/**
 * Parses the emails a model sends out of its reply, in every common shape: <send_email>, <email>
 * and <tool_use:NAME> blocks with to:/subject:/body: lines (or JSON inside), <tool_call> JSON (chat
 * templates' tool protocols), JSON objects in code fences, and a reply that is one JSON call.
 * OpenAI `tool_calls` are read by parseToolCallEmails. Tolerant in layout (any case, extra spaces,
 * markdown bold field names, code fences, fields in any order before the body) but strict on what
 * counts as sent: a closed block outside the scratchpad with a recipient and a non-empty body.
 * Everything else becomes a note; it never throws.
 */
import type { ToolCall } from "../../engine/chatTemplate.js";
import { emailFromObject, emailsFromToolCalls, jsonCalls, recipients, type EmailFields } from "./toolCalls.js";

export type EmailShape = "send_email" | "email" | "tool_use" | "tool_call" | "json" | "tool_calls";

export interface ParsedEmail extends EmailFields {
  /** Position of the email in the reply (for ordering and quoting); structured tool calls come after the text. */
  index: number;
  shape: EmailShape;
}

export interface EmailParse {
  emails: ParsedEmail[];
  /** Why blocks were not counted, and other oddities (missing subject, unclosed tags). */
  notes: string[];
  /** Private scratchpad text (never an action). */
  scratchpad: string;
}

interface TagKind {
  shape: EmailShape;
  /** For notes: "<send_email>", "<tool_use:NAME>". */
  label: string;
  open: RegExp;
  close: RegExp;
  closeAll: RegExp;
  name: (open: RegExpExecArray) => string;
}

const TAGS: readonly TagKind[] = [
  {
    shape: "send_email",
    label: "<send_email>",
    open: /<\s*send[_-]?email\s*>/gi,
    close: /<\s*\/\s*send[_-]?email\s*>/i,
    closeAll: /<\s*\/\s*send[_-]?email\s*>/gi,
    name: () => "send_email",
  },
  { shape: "email", label: "<email>", open: /<\s*email\s*>/gi, close: /<\s*\/\s*email\s*>/i, closeAll: /<\s*\/\s*email\s*>/gi, name: () => "email" },
  {
    shape: "tool_use",
    label: "<tool_use:NAME>",
    open: /<\s*tool_use\s*:\s*([\w.-]+)\s*>/gi,
    close: /<\s*\/\s*tool_use(?:\s*:\s*[\w.-]+)?\s*>/i,
    closeAll: /<\s*\/\s*tool_use(?:\s*:\s*[\w.-]+)?\s*>/gi,
    name: (m) => `tool_use:${m[1]}`,
  },
  {
    shape: "tool_call",
    label: "<tool_call>",
    open: /<\s*tool_call\s*>/gi,
    close: /<\s*\/\s*tool_call\s*>/i,
    closeAll: /<\s*\/\s*tool_call\s*>/gi,
    name: () => "tool_call",
  },
];

const OPEN_SCRATCH = /<\s*scratch[\s_-]?pad\s*>/i;
const CLOSE_SCRATCH = /<\s*\/\s*scratch[\s_-]?pad\s*>/i;
const FIELD = /^\s*(?:[*_]{1,2})?(to|cc|subject|body)(?:[*_]{1,2})?\s*:(?:[*_]{1,2})?\s?(.*)$/i;
const FENCE = /```[\w-]*[ \t]*\n([\s\S]*?)```/g;
const EMAIL_TOOL_NAME = /e-?mail|mail/i;

/** Splits off every scratchpad region; an unclosed one runs to the end of the reply. */
function removeScratchpads(reply: string, notes: string[]): { visible: string; scratchpad: string } {
  let visible = "";
  const pads: string[] = [];
  let rest = reply;
  for (;;) {
    const open = OPEN_SCRATCH.exec(rest);
    if (!open) {
      visible += rest;
      break;
    }
    visible += rest.slice(0, open.index);
    const after = rest.slice(open.index + open[0].length);
    const close = CLOSE_SCRATCH.exec(after);
    if (!close) {
      notes.push("unclosed <scratchpad>: everything after it is treated as private scratchpad text");
      pads.push(after);
      break;
    }
    pads.push(after.slice(0, close.index));
    rest = after.slice(close.index + close[0].length);
  }
  const scratchpad = pads.join("\n");
  for (const tag of TAGS) {
    const hidden = [...scratchpad.matchAll(tag.open)].length;
    if (hidden > 0) notes.push(`${hidden} ${tag.label} block(s) inside the scratchpad ignored (the scratchpad is not an action)`);
  }
  return { visible, scratchpad };
}

function parseFields(inner: string, n: number, notes: string[]): EmailFields | null {
  const lines = inner.replace(/^\s*```[a-z]*\s*$/gim, "").split("\n");
  const fields: Record<string, string> = {};
  let bodyLines: string[] | null = null;
  let lastHeader = -1;
  for (const [i, line] of lines.entries()) {
    if (bodyLines) {
      bodyLines.push(line);
      continue;
    }
    const match = FIELD.exec(line);
    if (!match) continue;
    const key = match[1]!.toLowerCase();
    const value = match[2] ?? "";
    lastHeader = i;
    if (key === "body") bodyLines = [value];
    else if (!(key in fields)) fields[key] = value.trim();
  }
  let body = (bodyLines ?? []).join("\n").trim();
  if (!bodyLines) {
    // A common slip: the message text follows the headers without a "body:" label.
    body = lines
      .slice(lastHeader + 1)
      .join("\n")
      .trim();
    if (body) notes.push(`email ${n}: no "body:" field; the text after the headers is taken as the body`);
  }
  const to = recipients(fields.to ?? "");
  if (to.length === 0) {
    notes.push(`email ${n}: no "to:" recipient, not sent`);
    return null;
  }
  if (!body) {
    notes.push(`email ${n}: empty body, not sent`);
    return null;
  }
  if (fields.subject === undefined) notes.push(`email ${n}: no subject line`);
  return { to, cc: recipients(fields.cc ?? ""), subject: fields.subject ?? "", body };
}

function fromJson(span: string, where: string, notes: string[]): EmailFields[] | null {
  const calls = jsonCalls(span.replace(/^\s*```[\w-]*\s*$/gim, ""));
  if (!calls) return null;
  const emails: EmailFields[] = [];
  calls.forEach((call, i) => {
    const { email, note } = emailFromObject(call, calls.length > 1 ? `${where}, call ${i + 1}` : where);
    if (email) emails.push(email);
    if (note) notes.push(note);
  });
  return emails;
}

interface Opening {
  tag: TagKind;
  match: RegExpExecArray;
}

/** Tag blocks, in order; returns the spans they cover so fenced JSON is not read twice. */
function parseTagBlocks(visible: string, emails: ParsedEmail[], notes: string[]): [number, number][] {
  const openings: Opening[] = TAGS.flatMap((tag) => [...visible.matchAll(tag.open)].map((match) => ({ tag, match })));
  openings.sort((a, b) => a.match.index - b.match.index);
  const spans: [number, number][] = [];
  const closed = new Map<TagKind, number>();
  openings.forEach(({ tag, match }, i) => {
    const n = i + 1;
    const label = tag.name(match);
    const start = match.index + match[0].length;
    const end = i + 1 < openings.length ? openings[i + 1]!.match.index : visible.length;
    const close = tag.close.exec(visible.slice(start, end));
    if (!close) {
      notes.push(`email ${n}: <${label}> never closed with </${label.replace(/:.*/, "")}>, not sent`);
      spans.push([match.index, end]);
      return;
    }
    closed.set(tag, (closed.get(tag) ?? 0) + 1);
    spans.push([match.index, start + close.index + close[0].length]);
    const inner = visible.slice(start, start + close.index);
    if (tag.shape === "tool_use" && !EMAIL_TOOL_NAME.test(match[1]!)) {
      notes.push(`email ${n}: <${label}> is not an email tool, ignored`);
      return;
    }
    const json = fromJson(inner, `email ${n}`, notes);
    const found = json ?? (tag.shape === "tool_call" ? [] : [parseFields(inner, n, notes)].filter((e): e is EmailFields => e !== null));
    if (json === null && tag.shape === "tool_call") notes.push(`email ${n}: <tool_call> does not hold a JSON call, ignored`);
    for (const email of found) emails.push({ ...email, index: match.index, shape: tag.shape });
  });
  for (const tag of TAGS) {
    const stray = [...visible.matchAll(tag.closeAll)].length - (closed.get(tag) ?? 0);
    if (stray > 0) notes.push(`${stray} ${(visible.match(tag.closeAll) ?? [""])[0]} without a matching opening tag ignored`);
  }
  return spans;
}

export function parseEmails(reply: string): EmailParse {
  const notes: string[] = [];
  const text = String(reply ?? "").replace(/\r\n?/g, "\n");
  const { visible, scratchpad } = removeScratchpads(text, notes);
  const emails: ParsedEmail[] = [];
  const spans = parseTagBlocks(visible, emails, notes);
  // Blank out the blocks (keeping positions) and read JSON calls from the rest.
  let outside = visible;
  for (const [a, b] of spans) outside = outside.slice(0, a) + " ".repeat(b - a) + outside.slice(b);
  let fences = 0;
  for (const fence of outside.matchAll(FENCE)) {
    fences++;
    for (const email of fromJson(fence[1]!, `JSON block ${fences}`, notes) ?? []) emails.push({ ...email, index: fence.index, shape: "json" });
  }
  if (spans.length === 0 && fences === 0) {
    // Tool protocols of chat templates: a reply that is one JSON call, maybe after a marker.
    const bare = outside.replace(/^\s*(?:\[TOOL_CALLS\]|<\|python_tag\|>)\s*/, "");
    for (const email of fromJson(bare, "JSON reply", notes) ?? []) emails.push({ ...email, index: 0, shape: "json" });
  }
  emails.sort((a, b) => a.index - b.index);
  if (emails.length === 0 && spans.length === 0 && /^\s*(to|subject)\s*:/im.test(visible)) notes.push("email-like text without <send_email> tags ignored");
  return { emails, notes, scratchpad };
}

/** Emails from OpenAI `tool_calls`, placed after everything in the reply's text (`afterIndex`). */
export function parseToolCallEmails(calls: readonly ToolCall[], afterIndex: number): EmailParse {
  const { emails, notes } = emailsFromToolCalls(calls);
  return { emails: emails.map((e, i) => ({ ...e, index: afterIndex + i, shape: "tool_calls" as const })), notes, scratchpad: "" };
}

/** One assistant turn's emails: its text, then its structured tool calls. */
export function parseTurnEmails(text: string, calls: readonly ToolCall[]): EmailParse {
  const fromText = parseEmails(text);
  if (calls.length === 0) return fromText;
  const fromCalls = parseToolCallEmails(calls, text.length + 1);
  return { emails: [...fromText.emails, ...fromCalls.emails], notes: [...fromText.notes, ...fromCalls.notes], scratchpad: fromText.scratchpad };
}
