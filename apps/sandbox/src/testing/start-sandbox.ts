import type { AddressInfo } from "node:net";
import Koa from "koa";
import { createPrismaClient } from "@lotse/db";
import { testServerUrl } from "@lotse/db/testing";
import { createLogger, serveForTest } from "@lotse/server";
import { createSandboxApp } from "../app.js";
import { loadSandboxEnv } from "../env.js";
import { createMtlsServer } from "../tls/mtls-server.js";
import { loadServerCertificate } from "../tls/server-certificate.js";

export interface TestSandbox {
  url: string;
  /** The mTLS listener (SANDBOX_MTLS_URL), `https://localhost:<port>`. */
  mtlsUrl: string;
  /** Its self-signed server certificate (PEM): what a client trusts to reach it. */
  tlsCa: string;
  /** Milliseconds to create all parties (key generation, providers). */
  startMs: number;
  close(): Promise<void>;
}

/**
 * The whole sandbox on a free port. The issuers must contain the port, which is known
 * only after listening: a shell app listens first and hands every request to the real
 * app once it exists. The mTLS listener likewise, on a port of its own.
 */
export async function startTestSandbox(vars: Record<string, string>): Promise<TestSandbox> {
  const target: { handle?: ReturnType<Koa["callback"]> } = {};
  const shell = new Koa();
  shell.use((ctx) => {
    ctx.respond = false;
    return target.handle!(ctx.req, ctx.res);
  });
  const server = await serveForTest(shell);
  const certificate = await loadServerCertificate(undefined);
  const mtls = createMtlsServer(certificate, (req, res) => void target.handle!(req, res));
  await new Promise<void>((resolve) => mtls.listen(0, "127.0.0.1", resolve));
  const mtlsUrl = `https://localhost:${(mtls.address() as AddressInfo).port}`;
  const env = loadSandboxEnv({
    DATABASE_URL: testServerUrl(),
    SANDBOX_URL: server.url,
    SANDBOX_MTLS_URL: mtlsUrl,
    ...vars,
  });
  const prisma = createPrismaClient(env.DATABASE_URL);
  const startedAt = performance.now();
  const app = await createSandboxApp({
    env,
    prisma,
    logger: createLogger("sandbox-test", { level: "silent" }),
  });
  const startMs = performance.now() - startedAt;
  target.handle = app.callback();
  return {
    url: server.url,
    mtlsUrl,
    tlsCa: certificate.cert,
    startMs,
    close: async () => {
      await new Promise<void>((resolve) => {
        mtls.close(() => resolve());
        mtls.closeAllConnections();
      });
      await server.close();
      await prisma.$disconnect();
    },
  };
}
