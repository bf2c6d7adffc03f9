/**
 * The library names what is wrong in its own terms and, in an error's `details.option`, which of
 * its options it is about; the CLI adds the flag a user types for that option.
 */
import type { LimbicError } from "../errors.js";

const FLAG_OF_OPTION: Readonly<Record<string, string>> = {
  resume: "--resume",
  samples: "--samples",
  storiesPerEmotion: "--stories-per-emotion",
  heldOutFraction: "--held-out",
  promptStyle: "--prompt-style",
  apiKey: "--api-key",
  port: "--port",
};

/** Where a command spells an option otherwise. */
const COMMAND_FLAGS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  demo: { storiesPerEmotion: "--stories" },
};

/** The error's message, with the flag of the option it names where `command` has one. */
export function messageWithFlag(error: LimbicError, command: string): string {
  const option = error.details.option;
  if (typeof option !== "string") return error.message;
  const own = COMMAND_FLAGS[command];
  const flag = own && Object.hasOwn(own, option) ? own[option] : Object.hasOwn(FLAG_OF_OPTION, option) ? FLAG_OF_OPTION[option] : undefined;
  return flag ? `${error.message} (flag: ${flag})` : error.message;
}
