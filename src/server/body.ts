/** Reads a JSON request body with a size bound (413 past it, 400 when it is not a JSON object). */
import type { IncomingMessage } from "node:http";
import { invalidRequest, refused } from "./httpError.js";

export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<Record<string, unknown>> {
  const tooLarge = () =>
    refused("REQUEST_TOO_LARGE", `The request body is larger than this server accepts (${maxBytes} bytes). Send fewer or shorter messages.`);
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") throw invalidRequest("The request body is empty; send a JSON object.", "invalid_json");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidRequest(`The request body is not valid JSON: ${(error as Error).message}`, "invalid_json");
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw invalidRequest("The request body must be a JSON object.", "invalid_json");
  return value as Record<string, unknown>;
}
