/**
 * Steering strength, the one unit Limbic steers in: a fraction of the steered layer's mean
 * residual norm (0.05 adds 5% of a typical residual vector's length). Every boundary that takes
 * a strength (CLI flags, the server's `limbic.steer`, guard rules, the library's steering and
 * sweep entry points) checks it here, against the one bound. A raw multiplier of a vector as
 * stored (a control-vector file's scale, SteeringAddition.scale) is a different quantity and is
 * never called a strength.
 */
import { InvalidInputError } from "../errors.js";

/** A checked steering strength (|s| <= MAX_STRENGTH, in units of the layer's mean residual norm). */
export type Strength = number & { readonly __unit: "fraction of the layer's mean residual norm" };

/** Two residual norms: far past where models stay coherent (the paper uses 0.05 to 0.5), so only typos land beyond it. */
export const MAX_STRENGTH = 2;

/** The value as a Strength, or an InvalidInputError that names it (`name`: the flag, field or option it came from). */
export function checkStrength(value: unknown, name = "steering strength"): Strength {
  if (typeof value !== "number" || !Number.isFinite(value) || Math.abs(value) > MAX_STRENGTH)
    throw outOfRange(value, typeof value === "number" ? String(value) : JSON.stringify(value), name);
  return value as Strength;
}

/** A strength written as text (a flag, a guard rule): a number, then the same check. */
export function parseStrength(text: string, name = "steering strength"): Strength {
  const value = text.trim() === "" ? NaN : Number(text);
  if (!Number.isFinite(value)) throw outOfRange(text, JSON.stringify(text), name);
  return checkStrength(value, name);
}

function outOfRange(value: unknown, shown: string, name: string): InvalidInputError {
  return new InvalidInputError(
    "INVALID_ARGUMENT",
    `${name} must be a steering strength from -${MAX_STRENGTH} to ${MAX_STRENGTH} (a fraction of the layer's mean residual norm; the paper uses 0.05 to 0.5), not ${shown}.`,
    { name, value, min: -MAX_STRENGTH, max: MAX_STRENGTH },
  );
}
