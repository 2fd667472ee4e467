/**
 * sued authenticates the broker only by mutual TLS (RFC 8705 §2.2, self_signed_tls_client_auth)
 * on the sandbox's HTTPS listener: the certificate on the connection must be the `x5c` of the
 * broker's registered signing key. nord takes signed JWTs only, so a certificate alone does
 * nothing there.
 */
import { createHash, randomBytes } from "node:crypto";
import https from "node:https";
import { generateKeyPair } from "jose";
import { describe, expect, test } from "../testing/fixture.js";
import type { World } from "../testing/fixture.js";
import { selfSignedClientCertificate } from "../testing/test-broker.js";

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** A PAR as the broker sends it, with PKCE; `tls` is the client certificate, if any. */
function pushAuthorization(
  world: World,
  url: string,
  tls?: { key: string; cert: string },
): Promise<Answer> {
  const verifier = randomBytes(32).toString("base64url");
  const body = new URLSearchParams({
    client_id: world.broker.url,
    response_type: "code",
    redirect_uri: world.broker.redirectUri,
    scope: "openid",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  const target = new URL(url);
  if (target.protocol === "http:")
    return fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
    }));
  return new Promise((resolve, reject) => {
    const request = https.request(
      target,
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        ca: world.sandbox.tlsCa,
        ...tls,
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode!,
            body: JSON.parse(text) as Record<string, unknown>,
          }),
        );
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** The same path as the insurer's PAR endpoint, on the mTLS listener (its alias). */
const onMtlsListener = (world: World, name: "nord" | "sued") =>
  `${world.sandbox.mtlsUrl}/idp/${name}/request`;

describe("sued over mutual TLS", () => {
  test("the broker's registered certificate authenticates its PAR", async ({ world }) => {
    const answer = await pushAuthorization(world, onMtlsListener(world, "sued"), world.broker.tls);
    expect(answer.status).toBe(201);
    expect(answer.body.request_uri).toMatch(/^urn:ietf:params:oauth:request_uri:/);
  });

  test.for([
    ["no certificate", "none"],
    ["a self-signed certificate of another key", "foreign"],
    ["the plain listener, where TLS carries no certificate", "plain"],
  ] as const)("%s: 401 invalid_client, nothing issued", async ([, variant], { world }) => {
    let tls: { key: string; cert: string } | undefined;
    if (variant === "foreign")
      tls = await selfSignedClientCertificate(
        await generateKeyPair("ES256", { extractable: true }),
      );
    const url =
      variant === "plain" ? `${world.idp("sued")}/request` : onMtlsListener(world, "sued");
    const answer = await pushAuthorization(world, url, tls);
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: "invalid_client" });
    expect(answer.body).not.toHaveProperty("request_uri");
  });

  test("nord wants a signed JWT: the certificate alone is refused there", async ({ world }) => {
    const answer = await pushAuthorization(world, onMtlsListener(world, "nord"), world.broker.tls);
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: "invalid_client" });
  });
});
