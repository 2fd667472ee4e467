import { describe, expect, test } from "vitest";
import { loadSandboxEnv } from "./env.js";

const base = { DATABASE_URL: "postgresql://u:p@localhost:5432/db" };

describe("SANDBOX_MTLS_URL", () => {
  test("defaults to the local HTTPS listener and drops a trailing slash", () => {
    expect(loadSandboxEnv(base).SANDBOX_MTLS_URL).toBe("https://localhost:4143");
    expect(
      loadSandboxEnv({ ...base, SANDBOX_MTLS_URL: "https://mtls.sandbox.example/" })
        .SANDBOX_MTLS_URL,
    ).toBe("https://mtls.sandbox.example");
  });

  test("no longer knows extra redirect URIs: the broker's entity configuration names them", () => {
    expect(
      loadSandboxEnv({ ...base, SANDBOX_EXTRA_REDIRECT_URIS: "https://app.example/cb" }),
    ).not.toHaveProperty("SANDBOX_EXTRA_REDIRECT_URIS");
  });
});

describe("the mTLS listener's port and certificate folder", () => {
  test("default to port 4143 and no folder (a certificate in memory)", () => {
    const env = loadSandboxEnv(base);
    expect(env.SANDBOX_MTLS_PORT).toBe(4143);
    expect(env.SANDBOX_TLS_DIR).toBeUndefined();
  });

  test("are taken as given", () => {
    const env = loadSandboxEnv({
      ...base,
      SANDBOX_MTLS_PORT: "4443",
      SANDBOX_TLS_DIR: "/var/lib/sandbox/tls",
    });
    expect(env.SANDBOX_MTLS_PORT).toBe(4443);
    expect(env.SANDBOX_TLS_DIR).toBe("/var/lib/sandbox/tls");
  });
});
