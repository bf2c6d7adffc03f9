/** The code → class table: every code builds its one class, and native errors are typed by their `code` property. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import {
  ContextOverflowError,
  InternalError,
  LimbicError,
  ResourceError,
  errorClassOfCode,
  fromNativeError,
  limbicError,
  readError,
  type LimbicErrorCode,
} from "../src/errors.js";
import { HttpError, httpStatusOfCode } from "../src/server/httpError.js";
import { RunStore } from "../src/sweeps/runStore.js";

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

describe("codes say what happened", () => {
  it("a missing file is NOT_FOUND, an unreadable one IO, both ResourceErrors keeping the cause", () => {
    const missing = Object.assign(new Error("ENOENT: no such file"), { code: "ENOENT" });
    const denied = Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
    assert.deepEqual([readError(missing, "m").code, readError(denied, "m").code], ["NOT_FOUND", "IO"]);
    assert.ok(readError(denied, "m") instanceof ResourceError);
    assert.equal(readError(denied, "m").cause, denied);
  });

  it("a run that is not in the store is NOT_FOUND; a store that will not open is IO", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-codes-"));
    try {
      const store = new RunStore(path.join(tmp, "runs.sqlite"));
      assert.throws(() => store.requireRun("nope"), { code: "NOT_FOUND", name: "ResourceError", message: /No run "nope"/ });
      store.close();
      // A folder where the store file should be cannot be opened as a database.
      fs.mkdirSync(path.join(tmp, "folder.sqlite"));
      assert.throws(() => new RunStore(path.join(tmp, "folder.sqlite")), { code: "IO", name: "ResourceError", message: /Cannot open the runs store/ });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("a port in use is ADDRESS_IN_USE", async () => {
    const { startServer } = await import("../src/server/server.js");
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", () => resolve()));
    const port = (taken.address() as net.AddressInfo).port;
    // A model object that is never used: the port is taken before any request could reach it.
    const model = { info: { name: "m", path: "/m.gguf", sha256: "x", backend: "llama.cpp" }, forward: async () => [], dispose: async () => {} } as never;
    try {
      await assert.rejects(startServer({ model, port, host: "127.0.0.1" }), {
        code: "ADDRESS_IN_USE",
        name: "ResourceError",
        message: new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use`),
      });
    } finally {
      taken.close();
    }
  });

  it("every code has an HTTP status, and the statuses are coherent with what the code means", () => {
    assert.deepEqual(Object.keys(httpStatusOfCode).sort(), Object.keys(errorClassOfCode).sort());
    const statusOf = (code: LimbicErrorCode) => new HttpError(limbicError(code, "what happened")).status;
    assert.deepEqual(
      ["NOT_FOUND", "CONFLICT", "INVALID_ARGUMENT", "UNAUTHORIZED", "QUEUE_FULL", "SERVER_CLOSING"].map((c) => statusOf(c as LimbicErrorCode)),
      [404, 409, 400, 401, 429, 503],
    );
    for (const [code, className] of Object.entries(errorClassOfCode)) {
      const status = statusOf(code as LimbicErrorCode);
      // The caller's mistakes are 4xx; the server's own files, engine and backends are 500.
      if (className === "InvalidInputError") assert.ok(status >= 400 && status < 500, code);
      if (
        ["EngineError", "ModelFileError", "InternalError", "BackendError", "SandboxUnavailableError", "DisposedError"].includes(className) &&
        code !== "CHAT_TEMPLATE_FAILED"
      )
        assert.equal(status, 500, code);
    }
    for (const code of ["IO", "ADDRESS_IN_USE"] as const) {
      const error = new HttpError(limbicError(code, "secret path /home/x"));
      assert.equal(error.status, 500);
      assert.doesNotMatch(error.message, /secret/, "a server fault keeps its details in the log");
    }
    assert.equal(new HttpError(limbicError("NOT_FOUND", "No run r")).toBody().error.code, "not_found");
  });
});
