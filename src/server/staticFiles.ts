/**
 * The built dashboard (dist/dashboard: index.html and hashed assets) served with the right
 * content types; unknown paths fall back to index.html (the dashboard routes on the client).
 * Without a build, GET / answers a short page that says so.
 */
import fs from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** dist/dashboard of this package (this file runs from dist/src/server/). */
export const DEFAULT_DASHBOARD_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "dashboard");

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
};

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Limbic</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>Limbic server</h1>
<p>The dashboard is not built, so there is nothing to show here yet. Build it into <code>dist/dashboard/</code> and reload.</p>
<p>The API works without it: <code>/v1/chat/completions</code>, <code>/v1/completions</code>, <code>/v1/models</code>, <code>/v1/emotions</code>, <code>/v1/trace</code>.</p>
</body></html>
`;

async function readFileIfAny(file: string): Promise<Buffer | null> {
  try {
    const stat = await fs.stat(file);
    return stat.isFile() ? await fs.readFile(file) : null;
  } catch {
    return null;
  }
}

function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: Buffer | string, cache: string): void {
  const data = typeof body === "string" ? Buffer.from(body) : body;
  res.writeHead(status, { "Content-Type": type, "Content-Length": data.length, "Cache-Control": cache, "X-Content-Type-Options": "nosniff" });
  res.end(req.method === "HEAD" ? undefined : data);
}

export async function serveDashboard(req: IncomingMessage, res: ServerResponse, pathname: string, root: string): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    decoded = "/";
  }
  // Resolve inside the root only; anything that would leave it is treated as a client route.
  const file = path.resolve(root, "." + path.posix.normalize("/" + decoded));
  const inside = file === root || file.startsWith(root + path.sep);
  if (inside && !decoded.endsWith("/")) {
    const body = await readFileIfAny(file);
    if (body) {
      const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
      // Vite names assets by content hash: they never change under the same name.
      const cache = /[/\\]assets[/\\]/.test(file.slice(root.length)) ? "public, max-age=31536000, immutable" : "no-cache";
      return send(req, res, 200, type, body, cache);
    }
  }
  const index = await readFileIfAny(path.join(root, "index.html"));
  if (index) return send(req, res, 200, CONTENT_TYPES[".html"]!, index, "no-cache");
  send(req, res, pathname === "/" ? 200 : 404, CONTENT_TYPES[".html"]!, NOT_BUILT, "no-cache");
}
