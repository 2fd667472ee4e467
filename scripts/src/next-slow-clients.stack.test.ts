/**
 * Slow clients against the Next.js apps (issue 14): the built portal and demo-web, started as
 * `pnpm start` and the e2e stack start them (their `start` script: `next start` with
 * @lotse/server/slow-clients-preload), answer 408 and close a connection whose headers never
 * end within the 10 s header limit of packages/server (Node's own default is 60 s), and still
 * serve a request sent at once. The images load the same preload (deploy/docker).
 */
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { trickle } from "@lotse/server/testing/slow-clients";
import { appEnvironment } from "./config.js";
import { freePort } from "./ports.js";
import { quietEnvironment, runApp, stopApp, type AppRun } from "./processes.js";
import { readStackEnv } from "./stack.js";

const workspaceRoot = path.resolve(import.meta.dirname, "..", "..");
const apps = ["portal", "demo-web"] as const;
const ports = new Map<string, number>();
const runs: AppRun[] = [];
const output: string[] = [];

async function answering(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await sleep(300);
    }
  }
  throw new Error(`nothing answers on port ${port}:\n${output.join("\n")}`);
}

beforeAll(async () => {
  for (const app of apps) ports.set(app, await freePort());
  const env = {
    ...quietEnvironment(),
    // Never contacted: the limits act before a request reaches the app.
    ...appEnvironment(readStackEnv({}), "postgresql://lotse@127.0.0.1:9/none"),
    PORTAL_PORT: String(ports.get("portal")),
    DEMO_WEB_PORT: String(ports.get("demo-web")),
    LOG_LEVEL: "warn",
  };
  apps.forEach((app, index) =>
    runs.push(
      runApp({
        name: app,
        width: 8,
        index,
        command: "pnpm",
        args: ["--silent", "run", "start"],
        cwd: path.join(workspaceRoot, "apps", app),
        env,
        color: false,
        write: (line) => output.push(line),
      }),
    ),
  );
  const deadline = Date.now() + 90_000;
  await Promise.all(apps.map((app) => answering(ports.get(app)!, deadline)));
}, 120_000);

afterAll(async () => {
  await Promise.all(runs.map((run) => stopApp(run)));
}, 30_000);

describe.concurrent.each(apps)("%s (next start)", (app) => {
  test("cuts off headers that never end with 408 after the 10 s limit", async () => {
    const headers = Array.from({ length: 300 }, (_, i) => `X-Slow-${i}: a\r\n`);
    const { data, ms } = await trickle(ports.get(app)!, ["GET / HTTP/1.1\r\n", ...headers], 100);
    expect(data).toMatch(/^HTTP\/1\.1 408/);
    // 10 s plus the 1 s check interval; Node's default would let it trickle for a minute.
    expect(ms).toBeGreaterThanOrEqual(9_500);
    expect(ms).toBeLessThan(20_000);
  }, 60_000);

  test("serves a request sent at once", async () => {
    const { data } = await trickle(
      ports.get(app)!,
      ["GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"],
      10,
    );
    expect(data).toMatch(/^HTTP\/1\.1 (200|30\d)/);
  }, 60_000);
});
