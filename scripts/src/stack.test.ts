/** Start-up refusals of the development stack: each is one clear line, before anything starts. */
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freePort, portFree } from "./ports.js";
import { appEnvironment } from "./config.js";
import { ConfigError, readStackEnv, startStack } from "./stack.js";

let occupied: net.Server;
let occupiedPort: number;

beforeAll(async () => {
  occupied = net.createServer();
  await new Promise<void>((resolve) => occupied.listen(0, resolve));
  occupiedPort = (occupied.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => occupied.close(() => resolve())));

describe("stack configuration", () => {
  test("applies the development ports of DESIGN.md §2", () => {
    expect(readStackEnv({})).toMatchObject({
      PORTAL_PORT: 3000,
      DEMO_WEB_PORT: 3001,
      BROKER_PORT: 4000,
      SANDBOX_PORT: 4100,
      MOBILE_PORT: 8081,
    });
  });

  test("names a malformed DATABASE_URL without echoing it", () => {
    const attempt = () => readStackEnv({ DATABASE_URL: "mysql://root:hunter2@db/lotse" });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      "invalid environment: DATABASE_URL must be a postgresql://user:password@host:port/database URL",
    );
    expect(attempt).not.toThrow(/hunter2/);
  });

  test("names an unknown value", () => {
    expect(() => readStackEnv({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL must be one of/);
  });

  test("runs the apps in development mode (the broker's default is production)", () => {
    // Both `pnpm dev` and the e2e stack hand the apps this environment (stack.ts).
    expect(appEnvironment(readStackEnv({}), "postgresql://u:p@127.0.0.1:5432/lotse")).toMatchObject(
      { LOTSE_MODE: "development" },
    );
  });
});

describe("port checks", () => {
  test("see a port that something listens on", async () => {
    expect(await portFree(occupiedPort)).toBe(false);
  });

  test("stop start-up with the app and variable named, before the database starts", async () => {
    const attempt = startStack({
      mode: "start",
      log: () => undefined,
      environment: {
        // Ports before the broker's are free, so the broker's is the one reported.
        PORTAL_PORT: String(await freePort()),
        DEMO_WEB_PORT: String(await freePort()),
        BROKER_PORT: String(occupiedPort),
        DATABASE_URL: "postgresql://u:p@127.0.0.1:9/never",
      },
    });
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(attempt).rejects.toThrow(
      `port ${occupiedPort} (broker) is already in use; stop what uses it or set BROKER_PORT`,
    );
  });

  test("cover the sandbox's mTLS listener (SANDBOX_MTLS_PORT), not only the apps' ports", async () => {
    const attempt = startStack({
      mode: "start",
      log: () => undefined,
      environment: {
        PORTAL_PORT: String(await freePort()),
        DEMO_WEB_PORT: String(await freePort()),
        BROKER_PORT: String(await freePort()),
        SANDBOX_PORT: String(await freePort()),
        SANDBOX_MTLS_PORT: String(occupiedPort),
        MOBILE_PORT: String(await freePort()),
        DATABASE_URL: "postgresql://u:p@127.0.0.1:9/never",
      },
    });
    await expect(attempt).rejects.toThrow(
      `port ${occupiedPort} (sandbox mTLS listener) is already in use; stop what uses it or set SANDBOX_MTLS_PORT`,
    );
  });
});
