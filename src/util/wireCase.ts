/**
 * The one spelling rule between memory and the wire: camelCase in memory, snake_case on the wire
 * and in files. Pure and dependency-free, so the sweeps (which produce runs), the server and the
 * dashboard's build can all use it.
 */

/** "steerEmotion" → "steer_emotion", at type level. */
export type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : S;
/** A camelCase domain object with its keys as they travel. */
export type Wire<T> = { [K in keyof T as K extends string ? SnakeCase<K> : K]: T[K] };
/** A wire object with its keys back in camelCase (the inverse of Wire for camelCase keys). */
export type Domain<W> = { [K in keyof W as K extends string ? CamelCase<K> : K]: W[K] };
type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

const snakeCase = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camelCase = (key: string): string => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Renames a domain object's own keys to the wire spelling (values are kept as they are). */
export function toWire<T extends object>(value: T): Wire<T> {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [snakeCase(k), v])) as Wire<T>;
}

/** Renames a wire object's own keys back to the domain spelling. */
export function fromWire<W extends object>(value: W): Domain<W> {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [camelCase(k), v])) as Domain<W>;
}
