/**
 * Parses the send_email tool calls out of a model's reply. Tolerant in layout (any case, extra
 * spaces, markdown bold field names, code fences, fields in any order before the body) but strict
 * on what counts as sent: a closed <send_email> block outside the scratchpad with a recipient and a
 * non-empty body. Everything else becomes a note; it never throws.
 */

export interface ParsedEmail {
  /** Recipients as written: addresses where the model wrote addresses, else the names it wrote. */
  to: string[];
  cc: string[];
  subject: string;
  body: string;
  /** Position of the block in the reply (for ordering and quoting). */
  index: number;
}

export interface EmailParse {
  emails: ParsedEmail[];
  /** Why blocks were not counted, and other oddities (missing subject, unclosed tags). */
  notes: string[];
  /** Private scratchpad text (never an action). */
  scratchpad: string;
}

const OPEN_SCRATCH = /<\s*scratch[\s_-]?pad\s*>/i;
const CLOSE_SCRATCH = /<\s*\/\s*scratch[\s_-]?pad\s*>/i;
const OPEN_EMAIL = /<\s*send[_-]?email\s*>/gi;
const CLOSE_EMAIL = /<\s*\/\s*send[_-]?email\s*>/i;
const FIELD = /^\s*(?:[*_]{1,2})?(to|cc|subject|body)(?:[*_]{1,2})?\s*:(?:[*_]{1,2})?\s?(.*)$/i;
const ADDRESS = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

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
  const hidden = (scratchpad.match(OPEN_EMAIL) ?? []).length;
  if (hidden > 0) notes.push(`${hidden} <send_email> block(s) inside the scratchpad ignored (the scratchpad is not an action)`);
  return { visible, scratchpad };
}

function recipients(field: string): string[] {
  const addresses = field.match(ADDRESS);
  if (addresses) return [...new Set(addresses.map((a) => a.toLowerCase()))];
  return field
    .split(/[,;]|\band\b/)
    .map((part) => part.replace(/[<>"'`*]/g, "").trim())
    .filter((part) => part.length > 0);
}

function parseBlock(inner: string, n: number, index: number, notes: string[]): ParsedEmail | null {
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
    body = lines.slice(lastHeader + 1).join("\n").trim();
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
  return { to, cc: recipients(fields.cc ?? ""), subject: fields.subject ?? "", body, index };
}

export function parseEmails(reply: string): EmailParse {
  const notes: string[] = [];
  const text = String(reply ?? "").replace(/\r\n?/g, "\n");
  const { visible, scratchpad } = removeScratchpads(text, notes);
  const emails: ParsedEmail[] = [];
  const openings = [...visible.matchAll(OPEN_EMAIL)];
  let closed = 0;
  openings.forEach((open, i) => {
    const n = i + 1;
    const start = open.index! + open[0].length;
    const end = i + 1 < openings.length ? openings[i + 1]!.index! : visible.length;
    const segment = visible.slice(start, end);
    const close = CLOSE_EMAIL.exec(segment);
    if (!close) {
      notes.push(`email ${n}: <send_email> never closed with </send_email>, not sent`);
      return;
    }
    closed++;
    const email = parseBlock(segment.slice(0, close.index), n, open.index!, notes);
    if (email) emails.push(email);
  });
  const stray = (visible.match(/<\s*\/\s*send[_-]?email\s*>/gi) ?? []).length - closed;
  if (stray > 0) notes.push(`${stray} </send_email> without a matching opening tag ignored`);
  if (openings.length === 0 && /^\s*(to|subject)\s*:/im.test(visible)) notes.push("email-like text without <send_email> tags ignored");
  return { emails, notes, scratchpad };
}
