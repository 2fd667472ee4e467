/** Graceful shutdown over real HTTP on loopback: what a load balancer and a client see. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, test } from "vitest";
import { createLogger } from "./logger.js";
import { readinessReport } from "./health.js";
import { createDrainState, gracefulShutdown } from "./shutdown.js";

const logger = createLogger("shutdown-test", { level: "silent" });
const servers: http.Server[] = [];

afterEach(() => {
  for (const server of servers.splice(0)) server.closeAllConnections();
});

/** `/slow` answers after `slowMs`, `/readyz` reports the drain state, anything else at once. */
async function serve(slowMs: number, events: string[] = []) {
  const drain = createDrainState();
  const server = http.createServer((request, response) => {
    if (request.url === "/slow") {
      setTimeout(() => response.end("finished", () => events.push("answered")), slowMs);
    } else if (request.url === "/readyz") {
      void readinessReport("test", {}, logger, { drain }).then((report) => {
        response.statusCode = report.status;
        response.end(JSON.stringify(report.body));
      });
    } else {
      response.end("ok");
    }
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, drain, port, url: `http://127.0.0.1:${port}` };
}

/** A plain GET on its own connection (no keep-alive agent), status and body. */
function get(url: string, agent?: http.Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: agent ?? false }, (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
        response.on("error", reject);
      })
      .on("error", reject);
  });
}

describe("gracefulShutdown", () => {
  test("a request in flight finishes, then onClose runs; a new connection is refused", async () => {
    const events: string[] = [];
    const { server, drain, url } = await serve(400, events);
    const shutdown = gracefulShutdown(server, {
      service: "test",
      logger,
      timeoutMs: 5000,
      drain,
      onClose: () => {
        events.push("onClose");
      },
    });

    const slow = get(`${url}/slow`);
    await sleep(100); // the slow request is being handled
    const stopped = shutdown("SIGTERM").then(() => events.push("stopped"));

    expect(drain.draining).toBe(true);
    expect(await slow).toEqual({ status: 200, body: "finished" });
    await stopped;
    expect(events).toEqual(["answered", "onClose", "stopped"]);
    await expect(get(`${url}/`)).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  test("readiness is 503 from the first moment of a shutdown, on a kept-alive connection", async () => {
    const { server, drain, url } = await serve(400);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect((await get(`${url}/readyz`, agent)).status).toBe(200);
      // Keep the connection busy so the shutdown cannot close it as idle.
      const slow = get(`${url}/slow`, agent);
      await sleep(50);
      const stopped = gracefulShutdown(server, { service: "test", logger, drain })("SIGTERM");
      const ready = await readinessReport("test", {}, logger, { drain });
      expect(ready).toEqual({ status: 503, body: { status: "shutting_down", service: "test" } });
      expect((await slow).status).toBe(200);
      await stopped;
    } finally {
      agent.destroy();
    }
  });

  test("idle keep-alive connections do not hold the shutdown", async () => {
    const { server, drain, url } = await serve(0);
    const agent = new http.Agent({ keepAlive: true });
    try {
      expect((await get(`${url}/`, agent)).status).toBe(200);
      const started = Date.now();
      await gracefulShutdown(server, { service: "test", logger, timeoutMs: 5000, drain })(
        "SIGTERM",
      );
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      agent.destroy();
    }
  });

  test("at the deadline, requests still running lose their connection and the shutdown ends", async () => {
    const { server, drain, url } = await serve(10_000);
    let closed = false;
    const shutdown = gracefulShutdown(server, {
      service: "test",
      logger,
      timeoutMs: 300,
      drain,
      onClose: () => {
        closed = true;
      },
    });
    const hung = get(`${url}/slow`);
    await sleep(50);
    const started = Date.now();
    await shutdown("SIGTERM");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(closed).toBe(true);
    await expect(hung).rejects.toThrow();
  });

  test("a second call returns the same shutdown", async () => {
    const { server, drain } = await serve(0);
    let closes = 0;
    const shutdown = gracefulShutdown(server, {
      service: "test",
      logger,
      drain,
      onClose: () => {
        closes += 1;
      },
    });
    await Promise.all([shutdown("SIGTERM"), shutdown("SIGINT")]);
    expect(closes).toBe(1);
  });
});
