/** Discovery and key publication (OIDC Discovery §3, RFC 8414, DESIGN.md §4). */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestBroker, type TestBroker } from "./support/test-broker.js";

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => broker?.close());

describe("GET /.well-known/openid-configuration", () => {
  test("names the paths of DESIGN.md §4 and offers only S256 PKCE", async () => {
    const response = await fetch(`${broker.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as Record<string, unknown>;
    const at = (path: string) => `${broker.issuer}${path}`;
    expect(doc).toMatchObject({
      issuer: broker.issuer,
      authorization_endpoint: at("/connect/auth"),
      token_endpoint: at("/connect/token"),
      pushed_authorization_request_endpoint: at("/connect/par"),
      userinfo_endpoint: at("/connect/userinfo"),
      introspection_endpoint: at("/connect/introspection"),
      revocation_endpoint: at("/connect/revocation"),
      end_session_endpoint: at("/connect/endsession"),
      jwks_uri: at("/.well-known/jwks"),
      code_challenge_methods_supported: ["S256"],
      response_types_supported: ["code"],
      authorization_response_iss_parameter_supported: true,
    });
    expect(doc.code_challenge_methods_supported).not.toContain("plain");
    expect((doc.id_token_signing_alg_values_supported as string[])[0]).toBe("RS256");
    expect(doc.id_token_signing_alg_values_supported).toContain("ES256");
    expect(doc.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(["client_secret_basic", "client_secret_post", "none"]),
    );
    expect(doc.token_endpoint_auth_methods_supported).not.toContain("client_secret_jwt");
    expect(doc.scopes_supported).toEqual(
      expect.arrayContaining([
        "openid",
        "offline_access",
        "urn:telematik:versicherter",
        "urn:telematik:email",
      ]),
    );
    expect(doc.grant_types_supported).toEqual(
      expect.arrayContaining(["authorization_code", "refresh_token"]),
    );
    expect(doc.grant_types_supported).not.toContain("implicit");
  });
});

describe("GET /.well-known/jwks", () => {
  test("publishes the CURRENT and NEXT keys (RS256 and ES256), public parts only", async () => {
    const response = await fetch(`${broker.issuer}/.well-known/jwks`);
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as { keys: Array<Record<string, unknown>> };
    const stored = await broker.prisma.signingKey.findMany({
      where: { purpose: "OIDC", state: { in: ["CURRENT", "NEXT"] } },
    });
    expect(stored).toHaveLength(4);
    expect(keys.map((key) => key.kid).sort()).toEqual(stored.map((key) => key.kid).sort());
    expect(keys.map((key) => key.alg).sort()).toEqual(["ES256", "ES256", "RS256", "RS256"]);
    for (const key of keys) expect(key).not.toHaveProperty("d");
  });

  test("private keys are stored encrypted (JWE with the KEK's kid)", async () => {
    const rows = await broker.prisma.signingKey.findMany();
    for (const row of rows) {
      expect(row.encryptedPrivateJwk.split(".")).toHaveLength(5);
      expect(row.encryptedPrivateJwk).not.toContain('"d"');
      expect(row.publicJwk).not.toHaveProperty("d");
    }
  });
});

describe("GET /federation/jwks", () => {
  test("publishes the federation signing (ES256) and encryption (ECDH-ES, P-256) keys", async () => {
    const response = await fetch(`${broker.issuer}/federation/jwks`);
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as { keys: Array<Record<string, unknown>> };
    expect(keys).toHaveLength(2);
    expect(keys).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ use: "sig", alg: "ES256", crv: "P-256" }),
        expect.objectContaining({ use: "enc", alg: "ECDH-ES", crv: "P-256" }),
      ]),
    );
    for (const key of keys) expect(key).not.toHaveProperty("d");
  });

  test("getFederationKeys hands the federation code usable private keys", async () => {
    const keys = await broker.oidc.getFederationKeys();
    expect(keys.signing.privateKey.type).toBe("private");
    expect(keys.encryption.privateKey.type).toBe("private");
    expect(keys.signing.kid).not.toBe(keys.encryption.kid);
  });
});

describe("discovery and JWKS answered from memory (issue 16)", () => {
  for (const path of ["/.well-known/openid-configuration", "/.well-known/jwks"]) {
    test(`${path}: the same body and headers every time, cacheable, revalidated by ETag`, async () => {
      const first = await fetch(`${broker.issuer}${path}`, {
        headers: { origin: "https://app.example" },
      });
      const second = await fetch(`${broker.issuer}${path}`, {
        headers: { origin: "https://app.example" },
      });
      expect(second.status).toBe(200);
      expect(await second.text()).toBe(await first.text());
      for (const name of ["content-type", "access-control-allow-origin", "etag"])
        expect(second.headers.get(name), name).toBe(first.headers.get(name));
      expect(second.headers.get("content-type")).toMatch(/^application\/(json|jwk-set\+json)/);
      expect(second.headers.get("access-control-allow-origin")).toBeTruthy();
      expect(second.headers.get("cache-control")).toBe("public, max-age=300");
      // What runs before it still runs for every answer.
      expect(second.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
      expect(second.headers.get("content-security-policy")).toBeTruthy();
      const revalidated = await fetch(`${broker.issuer}${path}`, {
        headers: { "if-none-match": second.headers.get("etag")! },
      });
      expect(revalidated.status).toBe(304);
      expect(await revalidated.text()).toBe("");
    });
  }
});
