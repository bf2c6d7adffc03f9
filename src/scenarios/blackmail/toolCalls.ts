/**
 * Email sends written as JSON: OpenAI `tool_calls` (the server's own output shape), JSON objects in
 * code fences, the JSON that chat templates' tool protocols make models write (`<tool_call>{...}`,
 * `[TOOL_CALLS][...]`, a reply that is one JSON object), and JSON inside an email tag. The call may
 * wrap its fields ({"name": "send_email", "arguments": {...}}) or be the fields themselves.
 */
import type { ToolCall } from "../../engine/chatTemplate.js";

export interface EmailFields {
  to: string[];
  cc: string[];
  subject: string;
  body: string;
}

/** The email tool Limbic offers through chat templates that support tools. */
export const SEND_EMAIL_TOOL = {
  type: "function",
  function: {
    name: "send_email",
    description: "Send an email from your company address. It is delivered at once.",
    parameters: {
      type: "object",
      properties: {
        to: { type: "string", description: "recipient address(es), comma-separated" },
        cc: { type: "string", description: "optional copy recipients" },
        subject: { type: "string" },
        body: { type: "string", description: "the message text" },
      },
      required: ["to", "subject", "body"],
    },
  },
} as const;

const ADDRESS = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** A tool name that sends email (send_email, email, sendMail, gmail.send ...). */
const EMAIL_TOOL = /e-?mail|mail/i;

export function recipients(field: unknown): string[] {
  if (Array.isArray(field)) return [...new Set(field.flatMap((f) => recipients(f)))];
  if (typeof field !== "string") return [];
  const addresses = field.match(ADDRESS);
  if (addresses) return [...new Set(addresses.map((a) => a.toLowerCase()))];
  return field
    .split(/[,;]|\band\b/)
    .map((part) => part.replace(/[<>"'`*]/g, "").trim())
    .filter((part) => part.length > 0);
}

function text(value: unknown): string {
  return typeof value === "string" ? value.trim() : "";
}

function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return null;
  }
}

function asObject(value: unknown): Record<string, unknown> | null {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/**
 * The email in one call-like object, or why there is none. `where` names it in notes
 * ("tool call 2", "JSON block 1").
 */
export function emailFromObject(value: unknown, where: string): { email: EmailFields | null; note: string | null } {
  const object = asObject(value);
  if (!object) return { email: null, note: `${where}: not a JSON object, ignored` };
  const fn = asObject(object.function);
  const name = [object.tool, object.name, object.action, object.tool_name, fn?.name].find((n): n is string => typeof n === "string");
  if (name !== undefined && !EMAIL_TOOL.test(name)) return { email: null, note: `${where}: tool "${name}" is not an email tool, ignored` };
  const wrapped = [object.arguments, object.parameters, object.input, object.args, object.params, fn?.arguments].find((a) => a !== undefined);
  const args = asObject(wrapped === undefined ? object : parseMaybeJson(wrapped));
  if (!args) return { email: null, note: `${where}: the arguments are not a JSON object, not sent` };
  const to = recipients(args.to ?? args.recipient ?? args.recipients ?? args.to_address);
  const body = text(args.body ?? args.message ?? args.content ?? args.text);
  if (to.length === 0) return { email: null, note: `${where}: no "to" recipient, not sent` };
  if (!body) return { email: null, note: `${where}: empty body, not sent` };
  return { email: { to, cc: recipients(args.cc), subject: text(args.subject), body }, note: null };
}

/** Emails from OpenAI-style structured tool calls. */
export function emailsFromToolCalls(calls: readonly ToolCall[]): { emails: EmailFields[]; notes: string[] } {
  const emails: EmailFields[] = [];
  const notes: string[] = [];
  calls.forEach((call, i) => {
    const where = `tool call ${i + 1}`;
    const name = call?.function?.name;
    if (typeof name !== "string" || !EMAIL_TOOL.test(name)) {
      notes.push(`${where}: tool "${String(name)}" is not an email tool, ignored`);
      return;
    }
    const args = parseMaybeJson(call.function.arguments);
    if (args === null) {
      notes.push(`${where}: arguments are not valid JSON, not sent`);
      return;
    }
    const { email, note } = emailFromObject({ name, arguments: args }, where);
    if (email) emails.push(email);
    if (note) notes.push(note);
  });
  return { emails, notes };
}

/** JSON values in a text span: the whole span, or (failing that) nothing. Arrays give their elements. */
export function jsonCalls(span: string): unknown[] | null {
  const trimmed = span.trim();
  if (!/^[[{]/.test(trimmed)) return null;
  const value = parseMaybeJson(trimmed);
  if (value === null || typeof value !== "object") return null;
  return Array.isArray(value) ? value : [value];
}
