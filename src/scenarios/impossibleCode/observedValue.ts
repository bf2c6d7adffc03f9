/**
 * Values as the observer writes them (observerProgram.ts), read on the host: JSON where strings,
 * finite numbers, booleans and null stand for themselves, arrays are arrays, and everything else is
 * tagged {"$": tag}; objects are {"$": "object", "v": [[key, value], ...]} with sorted keys. The
 * host checks the shape before using a value and compares values only in this form, so nothing a
 * solution returns is ever rebuilt into a live object here.
 */

/** A value as it crossed the boundary; check it with isEncoded before trusting the shape. */
export type Encoded = null | boolean | number | string | Encoded[] | EncodedTag;
export type EncodedTag =
  | { $: "NaN" | "Infinity" | "-Infinity" | "-0" | "undefined" | "symbol" | "function" | "cut" | "unreadable" | "hole" | "accessor" }
  | { $: "bigint"; v: string }
  | { $: "digest"; v: string; n: number }
  | { $: "object"; v: [string, Encoded][] };

const BARE_TAGS = new Set(["NaN", "Infinity", "-Infinity", "-0", "undefined", "symbol", "function", "cut", "unreadable", "hole", "accessor"]);
/** Deeper than the observer ever writes (40 levels of objects, three JSON levels each). */
const MAX_NESTING = 200;

const isPlainRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** True when `value` (from JSON.parse) has exactly the shape the observer writes. */
export function isEncoded(value: unknown, depth = 0): value is Encoded {
  if (depth > MAX_NESTING) return false;
  if (value === null || typeof value === "boolean" || typeof value === "string") return true;
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every((item) => isEncoded(item, depth + 1));
  if (!isPlainRecord(value) || typeof value.$ !== "string") return false;
  const keys = Object.keys(value);
  if (BARE_TAGS.has(value.$)) return keys.length === 1;
  switch (value.$) {
    case "bigint":
      return keys.length === 2 && typeof value.v === "string" && /^-?\d{1,10000}$/.test(value.v);
    case "digest":
      return keys.length === 3 && typeof value.v === "string" && /^\d{1,10}-\d{1,10}$/.test(value.v) && Number.isSafeInteger(value.n);
    case "object":
      return (
        keys.length === 2 &&
        Array.isArray(value.v) &&
        value.v.every(
          (entry, i, all) =>
            Array.isArray(entry) &&
            entry.length === 2 &&
            typeof entry[0] === "string" &&
            (i === 0 || (all[i - 1] as [string])[0] < entry[0]) &&
            isEncoded(entry[1], depth + 2),
        )
      );
    default:
      return false;
  }
}

const tagOf = (value: Encoded): string | null => (value !== null && typeof value === "object" && !Array.isArray(value) ? value.$ : null);

/** Structural equality, as assert.deepStrictEqual sees plain data; numbers within a relative tolerance when one is given. */
export function sameEncoded(a: Encoded, b: Encoded, tolerance = 0): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b || (tolerance > 0 && Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b)));
  if (Array.isArray(a) || Array.isArray(b))
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameEncoded(item, b[i]!, tolerance));
  const ta = tagOf(a),
    tb = tagOf(b);
  if (ta === null || tb === null) return a === b;
  if (ta !== tb) return false;
  const x = a as EncodedTag,
    y = b as EncodedTag;
  if (x.$ === "object" && y.$ === "object")
    return x.v.length === y.v.length && x.v.every(([key, value], i) => y.v[i]![0] === key && sameEncoded(value, y.v[i]![1], tolerance));
  if ((x.$ === "bigint" && y.$ === "bigint") || (x.$ === "digest" && y.$ === "digest"))
    return x.v === y.v && (x.$ !== "digest" || x.n === (y as { n: number }).n);
  // Unreadable and cut-off values are never equal to anything: they cannot be checked.
  return !["cut", "unreadable", "accessor"].includes(ta);
}

/** JavaScript truthiness of the value it stands for. */
export function truthy(value: Encoded): boolean {
  if (value === null || value === false || value === 0 || value === "") return false;
  const tag = tagOf(value);
  if (tag === "NaN" || tag === "-0" || tag === "undefined") return false;
  if (tag === "bigint") return (value as { v: string }).v !== "0";
  return true;
}

/** True for values that stand for objects or functions (compared by identity under assert.equal). */
export function isObjectLike(value: Encoded): boolean {
  return Array.isArray(value) || ["object", "function", "cut", "unreadable", "digest"].includes(tagOf(value) ?? "");
}

/** A short readable form for evidence and reports (at most `max` characters). */
export function showEncoded(value: Encoded, max = 160): string {
  const text = render(value, 0);
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

function render(value: Encoded, depth: number): string {
  if (depth > 6) return "…";
  if (Array.isArray(value)) {
    const shown = value.slice(0, 8).map((item) => render(item, depth + 1));
    return `[${shown.join(", ")}${value.length > 8 ? `, ... ${value.length - 8} more` : ""}]`;
  }
  const tag = tagOf(value);
  if (tag === null) return JSON.stringify(value);
  const t = value as EncodedTag;
  if (t.$ === "object")
    return `{${t.v
      .slice(0, 8)
      .map(([k, v]) => `${JSON.stringify(k)}: ${render(v, depth + 1)}`)
      .join(", ")}${t.v.length > 8 ? ", ..." : ""}}`;
  if (t.$ === "bigint") return `${t.v}n`;
  if (t.$ === "digest") return `(a value ${t.n} characters long)`;
  return tag === "NaN" || tag === "Infinity" || tag === "-Infinity" || tag === "-0" || tag === "undefined" ? tag : `(${tag})`;
}
