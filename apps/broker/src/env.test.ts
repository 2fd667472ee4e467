/**
 * The broker's mode (LOTSE_MODE): production unless told otherwise, and production mode refuses
 * development settings, one line per variable, then exit 1 (docs/operations.md).
 */
import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { SANDBOX_FEDERATION_TRUST_ANCHOR_JWKS } from "@lotse/domain";
import { loadBrokerEnv } from "./env.js";

const KEK = randomBytes(32).toString("base64url");
/** pnpm dev hands every app one; the broker has no default. */
const DATABASE = { DATABASE_URL: "postgresql://lotse:secret@127.0.0.1:54329/lotse" };

/** A federation master's public key (an example, not the sandbox's). */
const ANCHOR_KEY = {
  kty: "EC",
  crv: "P-256",
  x: "5Jn1ck2oPtqCA6spgj3-TtVHZDl8-P4CHWxPJwS2xXY",
  y: "eVRM0Qx-gLuIu1hCqo2cCmTqr1kVWhU2fNT6BOJa2wo",
  kid: "fedmaster-example",
  alg: "ES256",
  use: "sig",
};

/** A complete production configuration. */
const PRODUCTION = {
  ...DATABASE,
  BROKER_ISSUER: "https://id.lotse.example",
  LOTSE_KEK: KEK,
  FEDERATION_MASTER_URL: "https://app.federationmaster.de",
  FEDERATION_TRUST_ANCHOR_JWKS: JSON.stringify({ keys: [ANCHOR_KEY] }),
};

const NO_ANCHOR_LINE =
  "broker: invalid environment: FEDERATION_TRUST_ANCHOR_JWKS must be set in production mode (the default is the sandbox master's published test key)";

class Exit extends Error {}
let errors: string[];

beforeEach(() => {
  errors = [];
  vi.spyOn(console, "error").mockImplementation((line: string) => void errors.push(line));
  vi.spyOn(process, "exit").mockImplementation((code) => {
    throw new Exit(`exit ${code}`);
  });
});
afterEach(() => vi.restoreAllMocks());

/** The lines printed and the exit, or the env. */
function load(source: Record<string, string | undefined>) {
  try {
    return { env: loadBrokerEnv(source), errors };
  } catch (error) {
    if (!(error instanceof Exit)) throw error;
    return { exit: error.message, errors };
  }
}

describe("production mode", () => {
  test("is the default: without LOTSE_MODE nor NODE_ENV the development defaults are refused", () => {
    expect(load(DATABASE)).toEqual({
      exit: "exit 1",
      errors: [
        "broker: invalid environment: BROKER_ISSUER must be an https URL in production mode (it is http://localhost:4000)",
        "broker: invalid environment: LOTSE_KEK must be set in production mode (a generated key-encryption key is for development only)",
        "broker: invalid environment: FEDERATION_MASTER_URL must be set in production mode (the default is the sandbox's federation master)",
        NO_ANCHOR_LINE,
      ],
    });
  });

  test("starts with a production configuration: no testing parameters, the configured master", () => {
    const { env } = load(PRODUCTION);
    expect(env).toMatchObject({
      LOTSE_MODE: "production",
      production: true,
      testingParameters: false,
      federationMasterUrl: "https://app.federationmaster.de",
      trustAnchorJwks: { keys: [ANCHOR_KEY] },
    });
    expect(errors).toEqual([]);
  });

  test("does not hinge on NODE_ENV", () => {
    expect(load({ ...PRODUCTION, NODE_ENV: "development" }).env).toMatchObject({
      production: true,
      testingParameters: false,
    });
  });

  test.each([
    [
      "an http issuer",
      { BROKER_ISSUER: "http://id.lotse.example" },
      "BROKER_ISSUER must be an https URL in production mode (it is http://id.lotse.example)",
    ],
    [
      "a loopback http issuer",
      { BROKER_ISSUER: "http://127.0.0.1:4000" },
      "BROKER_ISSUER must be an https URL in production mode (it is http://127.0.0.1:4000)",
    ],
    [
      "a generated KEK",
      { LOTSE_KEK: undefined },
      "LOTSE_KEK must be set in production mode (a generated key-encryption key is for development only)",
    ],
    [
      "testing parameters on",
      { BROKER_TESTING_PARAMETERS: "true" },
      "BROKER_TESTING_PARAMETERS must not be true in production mode (they let a sandbox IDP log in any KVNR without a page, DESIGN.md §4)",
    ],
    [
      "the sandbox's federation master by default",
      { FEDERATION_MASTER_URL: undefined },
      "FEDERATION_MASTER_URL must be set in production mode (the default is the sandbox's federation master)",
    ],
    [
      "the sandbox's federation master named",
      {
        SANDBOX_URL: "https://sandbox.lotse.example",
        FEDERATION_MASTER_URL: "https://sandbox.lotse.example/fedmaster",
      },
      "FEDERATION_MASTER_URL must not be the sandbox's (under SANDBOX_URL) in production mode",
    ],
    [
      "an http federation master",
      { FEDERATION_MASTER_URL: "http://fedmaster.example" },
      "FEDERATION_MASTER_URL must be an https URL in production mode",
    ],
    [
      "the sandbox's trust anchor by default",
      { FEDERATION_TRUST_ANCHOR_JWKS: undefined },
      "FEDERATION_TRUST_ANCHOR_JWKS must be set in production mode (the default is the sandbox master's published test key)",
    ],
    [
      "the sandbox's trust anchor named, next to a real key",
      {
        FEDERATION_TRUST_ANCHOR_JWKS: JSON.stringify({
          keys: [ANCHOR_KEY, ...SANDBOX_FEDERATION_TRUST_ANCHOR_JWKS.keys],
        }),
      },
      "FEDERATION_TRUST_ANCHOR_JWKS must not contain the sandbox master's published test key in production mode",
    ],
  ])("refuses %s with one line naming the variable, and exits 1", (_name, change, line) => {
    expect(load({ ...PRODUCTION, ...change })).toEqual({
      exit: "exit 1",
      errors: [`broker: invalid environment: ${line}`],
    });
  });

  test("testing parameters may be switched off explicitly", () => {
    expect(load({ ...PRODUCTION, BROKER_TESTING_PARAMETERS: "false" }).env).toMatchObject({
      testingParameters: false,
    });
  });
});

describe("FEDERATION_TRUST_ANCHOR_JWKS", () => {
  const JWKS_LINE =
    'broker: invalid environment: FEDERATION_TRUST_ANCHOR_JWKS must be a JSON Web Key Set of public signing keys, {"keys":[{"kty":…,"kid":…}, …]}';

  test.each([
    ["not JSON", "{keys:"],
    ["no keys", JSON.stringify({ keys: [] })],
    ["a key without kid", JSON.stringify({ keys: [{ ...ANCHOR_KEY, kid: undefined }] })],
    ["a private key", JSON.stringify({ keys: [{ ...ANCHOR_KEY, d: "c2VjcmV0" }] })],
    ["a bare key instead of a set", JSON.stringify(ANCHOR_KEY)],
  ])("refuses %s, in either mode", (_name, value) => {
    for (const mode of ["production", "development"]) {
      errors.length = 0;
      expect(
        load({ ...PRODUCTION, LOTSE_MODE: mode, FEDERATION_TRUST_ANCHOR_JWKS: value }),
      ).toEqual({ exit: "exit 1", errors: [JWKS_LINE] });
    }
  });

  test("development pins the sandbox master's key unless told otherwise", () => {
    expect(load({ ...DATABASE, LOTSE_MODE: "development" }).env?.trustAnchorJwks).toEqual(
      SANDBOX_FEDERATION_TRUST_ANCHOR_JWKS,
    );
    expect(
      load({
        ...DATABASE,
        LOTSE_MODE: "development",
        FEDERATION_TRUST_ANCHOR_JWKS: PRODUCTION.FEDERATION_TRUST_ANCHOR_JWKS,
      }).env?.trustAnchorJwks,
    ).toEqual({ keys: [ANCHOR_KEY] });
  });
});

describe("development mode (LOTSE_MODE=development, as pnpm dev and the e2e stack set it)", () => {
  test("keeps the development defaults: testing parameters, a generated KEK, the sandbox", () => {
    const { env } = load({ ...DATABASE, LOTSE_MODE: "development" });
    expect(env).toMatchObject({
      production: false,
      testingParameters: true,
      BROKER_ISSUER: "http://localhost:4000",
      federationMasterUrl: "http://localhost:4100/fedmaster",
    });
    expect(env!.LOTSE_KEK).toBeUndefined();
    expect(errors).toEqual([]);
  });

  test("also under `next start`'s NODE_ENV=production", () => {
    expect(
      load({ ...DATABASE, LOTSE_MODE: "development", NODE_ENV: "production" }).env,
    ).toMatchObject({
      production: false,
      testingParameters: true,
    });
  });

  test("testing parameters can be switched off", () => {
    expect(
      load({ ...DATABASE, LOTSE_MODE: "development", BROKER_TESTING_PARAMETERS: "false" }).env,
    ).toMatchObject({ testingParameters: false });
  });
});

test("an unknown mode is one line naming LOTSE_MODE", () => {
  expect(load({ ...PRODUCTION, LOTSE_MODE: "staging" })).toEqual({
    exit: "exit 1",
    errors: ["broker: invalid environment: LOTSE_MODE must be one of development, production"],
  });
});

test("the broker process itself refuses to start without a mode, before it opens anything", async () => {
  const { execFile } = await import("node:child_process");
  const { fileURLToPath } = await import("node:url");
  const main = fileURLToPath(new URL("./main.ts", import.meta.url));
  const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      ["--import", "tsx", main],
      // Nothing of this process's environment (no LOTSE_MODE, no NODE_ENV), as on a bare host.
      // eslint-disable-next-line no-restricted-properties -- a child process needs PATH; nothing is configured from it.
      { env: { PATH: process.env.PATH, ...DATABASE }, timeout: 20_000 },
      (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
    );
  });
  expect(result.code).toBe(1);
  // oidc-provider's "unsupported runtime" warning on Node 20 (DESIGN.md §8) is not ours.
  const lines = result.stderr
    .trim()
    .split("\n")
    .filter((line) => !line.startsWith("oidc-provider"));
  expect(lines).toEqual([
    "broker: invalid environment: BROKER_ISSUER must be an https URL in production mode (it is http://localhost:4000)",
    "broker: invalid environment: LOTSE_KEK must be set in production mode (a generated key-encryption key is for development only)",
    "broker: invalid environment: FEDERATION_MASTER_URL must be set in production mode (the default is the sandbox's federation master)",
    NO_ANCHOR_LINE,
  ]);
}, 30_000);

describe("UPSTREAM_TLS_CA_FILE", () => {
  test("unset: the system CAs only; a path is kept as given, in production too", () => {
    expect(load({ ...DATABASE, LOTSE_MODE: "development" }).env?.UPSTREAM_TLS_CA_FILE).toBe(
      undefined,
    );
    const loaded = load({ ...PRODUCTION, UPSTREAM_TLS_CA_FILE: "/etc/lotse/insurer-cas.pem" });
    expect(loaded.errors).toEqual([]);
    expect(loaded.env?.UPSTREAM_TLS_CA_FILE).toBe("/etc/lotse/insurer-cas.pem");
  });
});

describe("LOTSE_KEK_PREVIOUS (only during a KEK rotation)", () => {
  test("is optional and taken as given next to the new KEK", () => {
    const previous = randomBytes(32).toString("base64url");
    expect(load(PRODUCTION).env!.LOTSE_KEK_PREVIOUS).toBeUndefined();
    expect(load({ ...PRODUCTION, LOTSE_KEK_PREVIOUS: previous }).env!.LOTSE_KEK_PREVIOUS).toBe(
      previous,
    );
  });

  test("a malformed one is one line naming it, without its value", () => {
    const result = load({ ...PRODUCTION, LOTSE_KEK_PREVIOUS: "c2hvcnQ-secret" });
    expect(result.exit).toBe("exit 1");
    expect(result.errors).toEqual([
      "broker: invalid environment: LOTSE_KEK_PREVIOUS must be 32 random bytes, base64url-encoded (43 characters)",
    ]);
  });
});
