/** The code → class table: every code builds its one class, and native errors are typed by their `code` property. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ContextOverflowError, InternalError, LimbicError, errorClassOfCode, fromNativeError, limbicError, type LimbicErrorCode } from "../src/errors.js";

describe("error table", () => {
  it("builds every code as the class the table names", () => {
    for (const [code, className] of Object.entries(errorClassOfCode)) {
      const error = limbicError(code as LimbicErrorCode, "message");
      assert.ok(error instanceof LimbicError, code);
      assert.equal(error.name, className, code);
      assert.equal(error.code, code);
    }
  });

  it("types a native error by its code property and keeps it as the cause", () => {
    const native = Object.assign(new Error("position 9 is outside the context of 8"), { code: "CONTEXT_FULL" });
    const error = fromNativeError(native, "forward pass");
    assert.ok(error instanceof ContextOverflowError);
    assert.equal(error.message, "forward pass: position 9 is outside the context of 8");
    assert.equal(error.cause, native);
  });

  it("calls a native error without a known code internal", () => {
    const error = fromNativeError(new Error("something odd"));
    assert.ok(error instanceof InternalError);
    assert.equal(error.code, "INTERNAL");
  });
});
