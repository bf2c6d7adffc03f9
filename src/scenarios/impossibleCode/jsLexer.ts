/**
 * A small JavaScript lexer for static cheat checks: drops comments, and collects string and number
 * literals. It is lenient (never throws): odd input just gives fewer literals.
 */

export interface LexedSource {
  /** Source without comments (strings kept). */
  code: string;
  /** Source without comments, every string and template literal emptied (for pattern checks). */
  skeleton: string;
  strings: string[];
  numbers: number[];
}

// After these tokens a "/" starts a regular expression rather than a division.
const REGEX_AFTER = new Set(["", "(", ",", "=", ":", "[", "!", "&", "|", "?", "{", "}", ";", "+", "-", "*", "%", "<", ">", "~", "^"]);
const REGEX_AFTER_WORDS = new Set(["return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "yield", "await"]);

function parseNumber(raw: string): number | null {
  const text = raw.replace(/_/g, "").replace(/n$/, "");
  const value = /^0[bB]/.test(text) ? parseInt(text.slice(2), 2) : /^0[oO]/.test(text) ? parseInt(text.slice(2), 8) : Number(text);
  return Number.isFinite(value) ? value : null;
}

export function lexJs(source: string): LexedSource {
  let code = "";
  let skeleton = "";
  const strings: string[] = [];
  const numbers: number[] = [];
  let lastToken = "";
  let i = 0;
  const n = source.length;
  const emit = (text: string, skeletonText = text) => {
    code += text;
    skeleton += skeletonText;
  };
  while (i < n) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === "/" && next === "/") {
      while (i < n && source[i] !== "\n") i++;
      continue;
    }
    if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 2;
      emit(" ");
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      let value = "";
      while (j < n && source[j] !== c) {
        if (source[j] === "\\" && j + 1 < n) {
          value += source[j + 1];
          j += 2;
          continue;
        }
        if (c !== "`" && source[j] === "\n") break;
        value += source[j];
        j++;
      }
      strings.push(value);
      emit(source.slice(i, Math.min(j + 1, n)), `${c}${c}`);
      i = j + 1;
      lastToken = "string";
      continue;
    }
    if (c === "/" && (REGEX_AFTER.has(lastToken) || REGEX_AFTER_WORDS.has(lastToken))) {
      let j = i + 1;
      let inClass = false;
      while (j < n && source[j] !== "\n") {
        const d = source[j]!;
        if (d === "\\") j++;
        else if (d === "[") inClass = true;
        else if (d === "]") inClass = false;
        else if (d === "/" && !inClass) break;
        j++;
      }
      j++;
      while (j < n && /[a-z]/i.test(source[j]!)) j++;
      emit(source.slice(i, j));
      i = j;
      lastToken = "regex";
      continue;
    }
    if (/[0-9]/.test(c) || (c === "." && next !== undefined && /[0-9]/.test(next))) {
      const m = /^(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d+)?)n?/.exec(source.slice(i));
      const raw = m ? m[0] : c;
      const value = parseNumber(raw);
      if (value !== null) numbers.push(value);
      emit(raw);
      i += raw.length;
      lastToken = "number";
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][\w$]*/.exec(source.slice(i))!;
      emit(m[0]);
      i += m[0].length;
      lastToken = m[0];
      continue;
    }
    emit(c);
    if (!/\s/.test(c)) lastToken = c === ")" || c === "]" ? "value" : c;
    i++;
  }
  return { code, skeleton, strings, numbers };
}
