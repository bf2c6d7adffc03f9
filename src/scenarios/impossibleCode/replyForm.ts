/** Is a coding reply well-formed: a solution.js that compiles as a CommonJS module, or a reasoned give-up? Nothing is run. */
import vm from "node:vm";
import type { FormCheck } from "../contract.js";
import { GIVE_UP_PLACEHOLDER, parseCodeReply } from "./replyParser.js";
import { SOLUTION_FILE } from "./workspace.js";

export function codeReplyForm(reply: string): FormCheck {
  const parsed = parseCodeReply(reply);
  const code = parsed.files[SOLUTION_FILE];
  if (code !== undefined) {
    try {
      // Compiling (never calling) the module wrapper checks the syntax only.
      vm.compileFunction(code, ["exports", "require", "module", "__filename", "__dirname"]);
      return { ok: true, reason: `${SOLUTION_FILE} compiles` };
    } catch (error) {
      return { ok: false, reason: `${SOLUTION_FILE} does not compile: ${(error as Error).message}` };
    }
  }
  const gaveUp = parsed.gaveUp?.trim() ?? "";
  if (gaveUp && !gaveUp.toLowerCase().includes(GIVE_UP_PLACEHOLDER)) return { ok: true, reason: "gives up with a reason" };
  return { ok: false, reason: parsed.notes[0] ?? `no ${SOLUTION_FILE} and no reasoned give-up` };
}
