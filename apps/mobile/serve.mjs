/**
 * Serves the web build (`dist/`, from `expo export -p web`) for the e2e stack and demos:
 * static files, a single-page fallback to index.html (so the App Link stand-in
 * `/app/ce?code=…` loads the app), and `/healthz` for the stack's readiness check.
 * Port `MOBILE_PORT`, default 8081 (DESIGN.md §2).
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import path from "node:path";

const root = path.join(import.meta.dirname, "dist");
// eslint-disable-next-line no-restricted-properties -- a plain Node script without the workspace's schemas; it validates MOBILE_PORT right below.
const rawPort = process.env.MOBILE_PORT ?? "8081";
const port = Number(rawPort);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`mobile: MOBILE_PORT must be a port number (1-65535), got "${rawPort}"`);
  process.exit(1);
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".ttf": "font/ttf",
  ".woff2": "font/woff2",
};

/** A file below dist/ for the URL path, or undefined (no traversal out of dist/). */
async function fileFor(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const file = path.join(root, path.normalize(decoded));
  if (file !== root && !file.startsWith(root + path.sep)) return undefined;
  const info = await stat(file).catch(() => undefined);
  return info?.isFile() ? file : undefined;
}

function send(response, status, file, cacheControl) {
  response.writeHead(status, {
    "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
    "cache-control": cacheControl,
    "x-content-type-options": "nosniff",
  });
  createReadStream(file).pipe(response);
}

const server = createServer(async (request, response) => {
  const { pathname } = new URL(request.url ?? "/", "http://localhost");
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { allow: "GET, HEAD" }).end();
    return;
  }
  if (pathname === "/healthz") {
    response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    response.end(JSON.stringify({ status: "ok", service: "mobile" }));
    return;
  }
  const file = await fileFor(pathname);
  if (file) {
    // Bundles carry a content hash in their name; everything else is revalidated.
    const immutable = pathname.startsWith("/_expo/static/");
    send(response, 200, file, immutable ? "public, max-age=31536000, immutable" : "no-cache");
    return;
  }
  const index = path.join(root, "index.html");
  if (!(await stat(index).catch(() => undefined))) {
    response.writeHead(503, { "content-type": "text/plain; charset=utf-8" });
    response.end("The web build is missing: run `pnpm --filter @lotse/mobile build` first.\n");
    return;
  }
  // Single-page fallback: every app path (e.g. /app/ce) is the app.
  send(response, 200, index, "no-cache");
});

server.listen(port, () => console.log(`mobile: serving ${root} on http://localhost:${port}`));
for (const signal of ["SIGINT", "SIGTERM"])
  process.on(signal, () => server.close(() => process.exit(0)));
