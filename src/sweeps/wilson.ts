/** The sweep's rates use the Wilson interval the validation numbers use (vectors/inference.ts). */
export { wilsonInterval, Z95 } from "../vectors/inference.js";
export type { RateInterval } from "../vectors/inference.js";
