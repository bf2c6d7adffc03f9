/**
 * The observer's value encoding, as JavaScript source spliced into the observer program
 * (observerProgram.ts) after its captured built-ins: return values, thrown errors and digests as
 * JSON text built from primitives only. It reads objects through property descriptors (never a
 * getter of its own making), keeps its lists off Array.prototype, and never calls JSON.stringify on
 * an object, so hooks the solution puts on built-in prototypes cannot change what it writes. The
 * host reads the format back in observedValue.ts.
 */
// biome-ignore lint/complexity/noUselessStringRaw: this is JavaScript source kept as data; raw keeps any backslash it gains literal
export const ENCODER_SOURCE = String.raw`// Lists without Array.prototype: a setter on an index of Array.prototype cannot see them.
const list = () => { const l = blank(null); l.n = 0; return l; };
const add = (l, v) => { l[l.n] = v; l.n = l.n + 1; };
const join = (l) => { let s = ""; for (let i = 0; i < l.n; i++) s += (i > 0 ? "," : "") + l[i]; return s; };
const own = (object, key) => apply(hasOwn, object, [key]);
/** A data property's value without calling a getter; undefined for accessors and missing keys. */
const dataOf = (object, key) => { const d = ownDescriptor(object, key); return d && own(d, "value") ? d.value : undefined; };
/** An own data property on a fresh array, written without [[Set]] (which would reach prototype setters). */
const put = (array, index, value) => { const d = blank(null); d.value = value; d.writable = true; d.enumerable = true; d.configurable = true; define(array, index, d); };

// Values as JSON text, from primitives only. Specials are {"$": tag}; objects are entry lists, so
// no key the solution picks ("$", "__proto__") can change what the host reads back.
const MAX_DEPTH = 40, MAX_NODES = 2000000;
function encode(value, odd) {
  const state = blank(null); state.nodes = 0; state.odd = odd;
  try { return encodeAt(value, 0, state); } catch (e) { add(odd, "reading it threw"); return '{"$":"unreadable"}'; }
}
function encodeAt(v, depth, state) {
  state.nodes = state.nodes + 1;
  const t = typeof v;
  if (t === "string") return quote(v);
  if (t === "number") {
    if (v !== v) return '{"$":"NaN"}';
    if (v === 1 / 0) return '{"$":"Infinity"}';
    if (v === -1 / 0) return '{"$":"-Infinity"}';
    if (v === 0 && 1 / v < 0) return '{"$":"-0"}';
    return quote(v);
  }
  if (t === "boolean") return v ? "true" : "false";
  if (t === "undefined") return '{"$":"undefined"}';
  if (t === "bigint") return '{"$":"bigint","v":' + quote("" + v) + "}";
  if (t === "symbol") { add(state.odd, "a symbol"); return '{"$":"symbol"}'; }
  if (t === "function") { add(state.odd, "a function"); return '{"$":"function"}'; }
  if (v === null) return "null";
  if (depth >= MAX_DEPTH || state.nodes > MAX_NODES) { add(state.odd, depth >= MAX_DEPTH ? "nested deeper than " + MAX_DEPTH : "more than " + MAX_NODES + " values"); return '{"$":"cut"}'; }
  const array = isArray(v);
  const proto = protoOf(v);
  if (array ? proto !== arrayProto : proto !== objectProto && proto !== null) add(state.odd, array ? "an array with its own prototype" : "an object with a prototype of its own (a boxed value or a class)");
  const keys = ownKeys(v);
  const count = dataOf(keys, "length");
  if (array) {
    const length = dataOf(v, "length");
    const items = list();
    for (let i = 0; i < length; i++) {
      const d = ownDescriptor(v, "" + i);
      if (!d) add(items, '{"$":"hole"}');
      else if (!own(d, "value")) { add(state.odd, "an accessor property " + quote("" + i)); add(items, '{"$":"accessor"}'); }
      else add(items, encodeAt(d.value, depth + 1, state));
    }
    if (count !== length + 1) add(state.odd, "an array with properties besides its items");
    return "[" + join(items) + "]";
  }
  const names = list();
  for (let i = 0; i < count; i++) {
    const key = dataOf(keys, "" + i);
    if (typeof key !== "string") { add(state.odd, "a symbol-keyed property"); continue; }
    const d = ownDescriptor(v, key);
    if (!d) continue;
    if (!own(d, "value")) { add(state.odd, "an accessor property " + quote(key)); continue; }
    if (!d.enumerable) { add(state.odd, "a hidden property " + quote(key)); continue; }
    add(names, key);
  }
  // Sorted keys: equal plain objects encode the same whatever order their keys were added in.
  for (let i = 1; i < names.n; i++) { const k = names[i]; let j = i - 1; while (j >= 0 && names[j] > k) { names[j + 1] = names[j]; j--; } names[j + 1] = k; }
  const entries = list();
  for (let i = 0; i < names.n; i++) add(entries, "[" + quote(names[i]) + "," + encodeAt(dataOf(v, names[i]), depth + 1, state) + "]");
  return '{"$":"object","v":[' + join(entries) + "]}";
}
/** A thrown value: the names along its prototype chain (RangeError, Error) and its message, read without getters. */
function encodeError(e) {
  const names = list();
  let message = "";
  try {
    if (e !== null && (typeof e === "object" || typeof e === "function")) {
      const m = dataOf(e, "message");
      if (typeof m === "string") message = m;
      let p = protoOf(e);
      for (let depth = 0; p !== null && depth < 20; depth++) {
        const ctor = dataOf(p, "constructor");
        const name = typeof ctor === "function" ? dataOf(ctor, "name") : undefined;
        if (typeof name === "string") add(names, quote(name));
        p = protoOf(p);
      }
    } else if (typeof e === "string") message = e;
  } catch (error) { message = "(unreadable error)"; }
  return '{"chain":[' + join(names) + '],"message":' + quote(message.length > 300 ? apply(sliceText, message, [0, 300]) : message) + "}";
}
/** Two 32-bit FNV-1a hashes of a long text: big values and inputs cross as a digest, compared for equality only. */
function digest(text) {
  let a = 0x811c9dc5 | 0, b = 0x9dc5811c | 0;
  for (let i = 0; i < text.length; i++) { const c = apply(charCodeAt, text, [i]); a = imul(a ^ c, 16777619); b = imul(b ^ c, 16777619) ^ (b >>> 13); }
  return '{"$":"digest","v":"' + (a >>> 0) + "-" + (b >>> 0) + '","n":' + text.length + "}";
}
const MAX_VALUE_CHARS = 65536;
const short = (text) => (text.length > MAX_VALUE_CHARS ? digest(text) : text);
const oddText = (odd) => { const l = list(); for (let i = 0; i < odd.n && i < 5; i++) add(l, quote(odd[i])); return "[" + join(l) + "]"; };
`;
