import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { limitEveryServer, limitSlowClients } from "./slow-clients.js";
import { trickle } from "./testing/slow-clients.js";

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function start(): Promise<number> {
  // Like the apps, it reads the whole request before it answers.
  server = http.createServer({ connectionsCheckingInterval: 50 }, (req, res) => {
    req.resume();
    req.on("end", () => res.end("ok"));
  });
  limitSlowClients(server, { headersTimeoutMs: 300, requestTimeoutMs: 600 });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

describe("slow clients", () => {
  test("headers that never end are answered 408 and the connection closed", async () => {
    const port = await start();
    const parts = ["GET / HTTP/1.1\r\n", ...Array.from({ length: 40 }, (_, i) => `X-${i}: a\r\n`)];
    const { data, ms } = await trickle(port, parts, 100);
    expect(data).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeLessThan(2000);
  });

  test("a body trickled past the request limit is cut off", async () => {
    const port = await start();
    const parts = [
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n",
      ...Array.from({ length: 100 }, () => "a"),
    ];
    const { data, ms } = await trickle(port, parts, 50);
    expect(data).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeLessThan(2500);
  });

  test("a request sent at once is served", async () => {
    const port = await start();
    const { data } = await trickle(
      port,
      ["GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"],
      10,
    );
    expect(data).toMatch(/^HTTP\/1\.1 200/);
  });
});

describe("limits for servers created elsewhere (Next.js, slow-clients-preload.ts)", () => {
  test("a server created without options gets the limits and the check interval when it listens", async () => {
    const undo = limitEveryServer({ headersTimeoutMs: 300, requestTimeoutMs: 600 }, 50);
    try {
      // As Next's start-server does: no options, its own handler.
      server = http.createServer((req, res) => {
        req.resume();
        req.on("end", () => res.end("ok"));
      });
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      expect(server.headersTimeout).toBe(300);
      const port = (server.address() as AddressInfo).port;
      const parts = [
        "GET / HTTP/1.1\r\n",
        ...Array.from({ length: 40 }, (_, i) => `X-${i}: a\r\n`),
      ];
      const { data, ms } = await trickle(port, parts, 100);
      expect(data).toMatch(/^HTTP\/1\.1 408/);
      // Node's default check interval is 30 s: a cut-off this early needs the interval too.
      expect(ms).toBeLessThan(2000);
      const served = await trickle(
        port,
        ["GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"],
        10,
      );
      expect(served.data).toMatch(/^HTTP\/1\.1 200/);
    } finally {
      undo();
    }
    expect(http.createServer().headersTimeout).toBe(60_000);
  });
});
