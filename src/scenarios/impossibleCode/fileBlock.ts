/**
 * The content of one <file> block. Models often wrap the code in a Markdown fence inside the tag
 * ("```javascript" right after it), sometimes with a sentence around it or no closing fence. A
 * fence line is never JavaScript, so the fence and any text outside it are dropped, with a note the
 * agent is shown.
 */

const OPENING_FENCE = /^[ \t]*(`{3,}|~{3,})[ \t]*[\w+#.-]*[^\n`]*$/;
const CLOSING_FENCE = /^[ \t]*(`{3,}|~{3,})[ \t]*$/;
const FENCE_AT_LINE_END = /[ \t]*(`{3,}|~{3,})[ \t]*$/;

export interface FileBlock {
  content: string;
  notes: string[];
}

export function readFileBlock(raw: string, name: string): FileBlock {
  const text = raw.replace(/^\n/, "");
  const lines = text.split("\n");
  const open = lines.findIndex((line) => OPENING_FENCE.test(line));
  if (open < 0) return { content: text, notes: [] };
  const close = lines.findIndex((line, i) => i > open && CLOSING_FENCE.test(line));
  const before = lines.slice(0, open).join("\n").trim();
  // A bare fence at the end with no opening one: a stray closing fence after plain code.
  if (
    close < 0 &&
    CLOSING_FENCE.test(lines[open]!) &&
    lines
      .slice(open + 1)
      .join("")
      .trim() === ""
  ) {
    return { content: lines.slice(0, open).join("\n").replace(/\n$/, ""), notes: [`a stray code fence at the end of <file name="${name}"> was dropped`] };
  }
  const notes: string[] = [];
  let body: string[];
  if (close < 0) {
    body = lines.slice(open + 1);
    let last = body.length - 1;
    while (last > 0 && body[last]!.trim() === "") last--;
    // A closing fence glued to the last line of code ("}```").
    if (last >= 0 && FENCE_AT_LINE_END.test(body[last]!)) body = [...body.slice(0, last), body[last]!.replace(FENCE_AT_LINE_END, "")];
    else notes.push(`the code fence inside <file name="${name}"> is never closed; the rest of the block was taken as the file`);
  } else {
    body = lines.slice(open + 1, close);
    if (
      lines
        .slice(close + 1)
        .join("\n")
        .trim() !== ""
    )
      notes.push(`text after the code fence inside <file name="${name}"> is not part of the file; dropped`);
  }
  if (before !== "") notes.push(`text before the code fence inside <file name="${name}"> is not part of the file; dropped`);
  const content = body.join("\n");
  if (content.trim() === "") notes.push(`<file name="${name}"> holds no code`);
  return { content, notes };
}
