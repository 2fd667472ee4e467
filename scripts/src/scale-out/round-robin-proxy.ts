/**
 * The load balancer in front of several brokers in the scale-out tests: round robin over
 * the targets with `http-proxy-3`, and a passive health check as nginx's `max_fails` or an
 * ingress does it: a target that refuses or drops a connection is taken out of rotation.
 * Such a request is answered 502 with the `x-test-proxy: unreachable` header, so a test can
 * tell the proxy's 502 from anything a broker answered. Every answer names the target that
 * served it (`x-test-proxy-target`).
 *
 * No keep-alive toward the targets: a reused socket that a broker closes as idle at the
 * same moment would be a 502 nobody caused, and the tests would flake on it.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createProxyServer } from "http-proxy-3";

export const PROXY_HEADER = "x-test-proxy";
export const TARGET_HEADER = "x-test-proxy-target";

export interface ProxyTarget {
  url: string;
  /** Requests sent to it. */
  sent: number;
  /** Requests it did not answer (refused or dropped connections). */
  unreachable: number;
  /** When it was taken out of rotation (Date.now()), if it was. */
  downSince?: number;
}

/** An answer a target gave, as the proxy passed it on. */
export interface Answered {
  target: number;
  method: string;
  path: string;
  status: number;
}

export interface RoundRobinProxy {
  /** `http://localhost:<port>`: the one public URL (the brokers' issuer). */
  url: string;
  targets: ProxyTarget[];
  answered: Answered[];
  close(): Promise<void>;
}

/** A connection that was refused or broken: the target is gone, not just slow. */
const GONE = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ECONNABORTED"]);

/** Listens first (port 0), so the brokers can be told their issuer before they start. */
export async function startRoundRobinProxy(): Promise<
  RoundRobinProxy & { setTargets(urls: string[]): void }
> {
  const targets: ProxyTarget[] = [];
  const proxy = createProxyServer({
    xfwd: true,
    agent: new http.Agent({ keepAlive: false }),
    proxyTimeout: 30_000,
  });
  const answered: Answered[] = [];
  const targetOf = new WeakMap<http.IncomingMessage, number>();
  proxy.on("proxyRes", (proxyResponse, request) => {
    answered.push({
      target: targetOf.get(request) ?? -1,
      method: request.method ?? "",
      path: new URL(request.url ?? "/", "http://proxy").pathname,
      status: proxyResponse.statusCode ?? 0,
    });
  });
  let next = 0;
  const server = http.createServer((request, response) => {
    const live = targets.filter((target) => target.downSince === undefined);
    if (live.length === 0) {
      response.writeHead(502, { "content-type": "application/json", [PROXY_HEADER]: "no-target" });
      response.end(JSON.stringify({ error: "bad_gateway", error_description: "no target" }));
      return;
    }
    const target = live[next++ % live.length]!;
    target.sent += 1;
    targetOf.set(request, targets.indexOf(target));
    response.setHeader(TARGET_HEADER, String(targets.indexOf(target)));
    proxy.web(request, response, { target: target.url }, (error) => {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      target.unreachable += 1;
      if (GONE.has(code)) target.downSince ??= Date.now();
      if (response.headersSent) {
        response.destroy();
        return;
      }
      response.writeHead(502, {
        "content-type": "application/json",
        [PROXY_HEADER]: "unreachable",
      });
      response.end(JSON.stringify({ error: "bad_gateway", error_description: code || "error" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // `localhost`, as the sandbox registers the broker by this URL and compares it as a string.
  const url = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    url,
    targets,
    answered,
    setTargets(urls) {
      targets.splice(
        0,
        targets.length,
        ...urls.map((target) => ({ url: target, sent: 0, unreachable: 0 })),
      );
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        proxy.close();
      }),
  };
}
