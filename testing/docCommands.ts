/**
 * The shell commands a Markdown page shows a reader: every command of a ```sh (bash, shell) block
 * and every inline code span that starts with a program a reader runs from the repository
 * (`limbic`, `./bin/limbic.js`, `npm`, `npx`, `node`, `ln`, `curl`). The README test runs them, so
 * they cannot drift from the CLI.
 */

export interface DocCommand {
  /** The page, relative to the repository root. */
  file: string;
  /** The command as written, trimmed (a block's continuation lines joined). */
  text: string;
  /** The same with every run of whitespace made one space: the key the README test looks it up by. */
  key: string;
}

const SHELL_FENCE = /^```(sh|bash|shell)[ \t]*\n([\s\S]*?)^```/gm;
const ANY_FENCE = /^```[^\n]*\n[\s\S]*?^```/gm;
const COMMAND_SPAN = /^(limbic|\.\/bin\/limbic\.js|npm|npx|node|ln|curl)( |$)/;

export function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export function docCommands(file: string, markdown: string): DocCommand[] {
  const found: string[] = [];
  for (const block of markdown.matchAll(SHELL_FENCE)) found.push(...splitScript(block[2]!));
  // Inline spans may wrap over lines in the source; fenced blocks are not prose.
  const prose = markdown.replace(ANY_FENCE, "");
  for (const span of prose.matchAll(/`([^`]+)`/g)) {
    const text = collapse(span[1]!);
    if (COMMAND_SPAN.test(text)) found.push(text);
  }
  return found.map((text) => ({ file, text, key: collapse(text) }));
}

/**
 * The commands of a shell block: comments dropped, lines ending in a backslash joined with the
 * next, `&&` chains split into their commands; quotes are respected (a quoted string may span lines).
 */
export function splitScript(script: string): string[] {
  const commands: string[] = [];
  let current = "";
  let quote: "'" | '"' | null = null;
  const flush = () => {
    if (current.trim()) commands.push(current.trim());
    current = "";
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (quote) {
      current += c;
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"' && i + 1 < script.length) current += script[++i];
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      current += c;
    } else if (c === "\\" && script[i + 1] === "\n") {
      current += " ";
      i++;
    } else if (c === "\\" && i + 1 < script.length) {
      current += c + script[++i];
    } else if (c === "#" && (current === "" || /\s$/.test(current))) {
      while (i + 1 < script.length && script[i + 1] !== "\n") i++;
    } else if (c === "\n" || c === ";") {
      flush();
    } else if (c === "&" && script[i + 1] === "&") {
      flush();
      i++;
    } else {
      current += c;
    }
  }
  if (quote) throw new Error(`unterminated ${quote} quote in shell block: ${script.slice(0, 80)}`);
  flush();
  return commands;
}

/** A command's words as the shell would split them (quotes removed; no expansion). */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"' && /["\\$`]/.test(command[i + 1] ?? "")) word += command[++i]!;
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= "";
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "\\" && i + 1 < command.length) {
      word = (word ?? "") + command[++i]!;
    } else {
      word = (word ?? "") + c;
    }
  }
  if (quote) throw new Error(`unterminated ${quote} quote: ${command}`);
  if (word !== null) words.push(word);
  return words;
}
