/** Start-up refusals of the development stack: each is one clear line, before anything starts. */
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freePort, portFree } from "./ports.js";
import { appEnvironment, stackPorts } from "./config.js";
import { ConfigError, readStackEnv, startStack } from "./stack.js";

/** The variables of the ports the stack checks before it starts anything. */
const PORT_VARIABLES = stackPorts(readStackEnv({})).map(({ portVariable }) => portVariable);

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

  // Every other port is free, so the taken one is the one reported.
  test.each([
    ["BROKER_PORT", "broker"],
    // The sandbox's mTLS listener is checked too, not only the apps' ports.
    ["SANDBOX_MTLS_PORT", "sandbox mTLS listener"],
  ])(
    "stop start-up naming %s (%s) when it is taken, before the database starts",
    async (variable, listener) => {
      const environment: Record<string, string> = {
        DATABASE_URL: "postgresql://u:p@127.0.0.1:9/never",
      };
      for (const name of PORT_VARIABLES) environment[name] = String(await freePort());
      environment[variable] = String(occupiedPort);
      const attempt = startStack({ mode: "start", log: () => undefined, environment });
      await expect(attempt).rejects.toThrow(ConfigError);
      await expect(attempt).rejects.toThrow(
        `port ${occupiedPort} (${listener}) is already in use; stop what uses it or set ${variable}`,
      );
    },
  );
});
