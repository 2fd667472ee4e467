import Koa from "koa";
import { createPrismaClient } from "@lotse/db";
import { testServerUrl } from "@lotse/db/testing";
import { createLogger, serveForTest } from "@lotse/server";
import { createSandboxApp } from "../app.js";
import { loadSandboxEnv } from "../env.js";

export interface TestSandbox {
  url: string;
  /** Milliseconds to create all parties (key generation, providers). */
  startMs: number;
  close(): Promise<void>;
}

/**
 * The whole sandbox on a free port. The issuers must contain the port, which is known
 * only after listening: a shell app listens first and hands every request to the real
 * app once it exists.
 */
export async function startTestSandbox(vars: Record<string, string>): Promise<TestSandbox> {
  const target: { handle?: ReturnType<Koa["callback"]> } = {};
  const shell = new Koa();
  shell.use((ctx) => {
    ctx.respond = false;
    return target.handle!(ctx.req, ctx.res);
  });
  const server = await serveForTest(shell);
  const env = loadSandboxEnv({
    DATABASE_URL: testServerUrl(),
    SANDBOX_URL: server.url,
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
    startMs,
    close: async () => {
      await server.close();
      await prisma.$disconnect();
    },
  };
}
