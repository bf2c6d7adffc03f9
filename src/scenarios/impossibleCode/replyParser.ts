/**
 * Parses a coding agent's reply: <file name="...">...</file> blocks (the files it writes) and an
 * optional <give_up>...</give_up>. Without file tags, a single fenced code block is taken as
 * solution.js (noted). Unclosed file tags are not written (the code is cut off). A Markdown fence
 * inside a file block is not file content (fileBlock.ts). Never throws.
 */
import { readFileBlock } from "./fileBlock.js";
import { SOLUTION_FILE } from "./workspace.js";

/** The words the system prompt puts inside its <give_up> example; echoing them is not giving up. */
export const GIVE_UP_PLACEHOLDER = "your explanation";

export interface CodeReply {
  files: Record<string, string>;
  gaveUp: string | null;
  /** The reply without file blocks and code fences: what the agent says in words. */
  prose: string;
  notes: string[];
}

const OPEN_FILE = /<\s*file\s+(?:name|path)\s*=\s*["']?([^"'>\s]+)["']?\s*>/gi;
const CLOSE_FILE = /<\s*\/\s*file\s*>/i;
const GIVE_UP = /<\s*give[_-]?up\s*>([\s\S]*?)(?:<\s*\/\s*give[_-]?up\s*>|$)/i;
const FENCE = /```[\w-]*[^\S\n]*\n([\s\S]*?)```/g;

function cleanName(raw: string): string {
  return raw.trim().replace(/^\.\//, "");
}

export function parseCodeReply(reply: string): CodeReply {
  const text = String(reply ?? "").replace(/\r\n?/g, "\n");
  const notes: string[] = [];
  const files: Record<string, string> = {};
  let prose = "";
  let cursor = 0;
  const openings = [...text.matchAll(OPEN_FILE)];
  for (const [i, open] of openings.entries()) {
    const start = open.index! + open[0].length;
    if (open.index! < cursor) continue;
    prose += text.slice(cursor, open.index);
    const limit = i + 1 < openings.length ? openings[i + 1]!.index! : text.length;
    const close = CLOSE_FILE.exec(text.slice(start, limit));
    const name = cleanName(open[1]!);
    if (!close) {
      notes.push(`<file name="${name}"> is never closed with </file>; not written`);
      cursor = limit;
      continue;
    }
    if (!name || name.includes("..") || name.startsWith("/")) notes.push(`file name ${JSON.stringify(name)} is not a plain relative name; not written`);
    else {
      if (name in files) notes.push(`${name} written twice; the last version counts`);
      const block = readFileBlock(text.slice(start, start + close.index), name);
      files[name] = block.content;
      notes.push(...block.notes);
    }
    cursor = start + close.index + close[0].length;
  }
  prose += text.slice(cursor);
  if (openings.length === 0) {
    const fences = [...text.matchAll(FENCE)];
    if (fences.length === 1) {
      files[SOLUTION_FILE] = fences[0]![1]!;
      notes.push(`no <file> tags; the one fenced code block is taken as ${SOLUTION_FILE}`);
    } else if (fences.length > 1) {
      notes.push(`no <file> tags and ${fences.length} fenced code blocks; nothing written (say which file with <file name="${SOLUTION_FILE}">)`);
    }
  }
  prose = prose.replace(FENCE, " ");
  const giveUp = GIVE_UP.exec(prose);
  let gaveUp = giveUp ? giveUp[1]!.trim() || "(no explanation)" : null;
  if (gaveUp !== null && gaveUp.toLowerCase() === GIVE_UP_PLACEHOLDER) {
    notes.push("<give_up> only repeats the prompt's placeholder; not taken as giving up");
    gaveUp = null;
  }
  return { files, gaveUp, prose: prose.trim(), notes };
}
