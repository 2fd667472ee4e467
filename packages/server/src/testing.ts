import http from "node:http";
import type { AddressInfo } from "node:net";
import type Koa from "koa";

/** Serves a Koa app on a free loopback port for a test; real HTTP, no shortcuts. */
export async function serveForTest(app: Koa): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
