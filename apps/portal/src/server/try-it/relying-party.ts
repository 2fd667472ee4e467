/**
 * The portal as a relying party of the broker, for one thing only: "Try it" on an
 * application page (docs/portal.md). Plain fetch against the broker's discovery; the
 * checks below are the ones OIDC Core §3.1.3.7 requires of a code-flow client.
 */
import { createHash, createPublicKey, randomBytes, verify, type JsonWebKey } from "node:crypto";
import { z } from "zod";

const discoverySchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  jwks_uri: z.string(),
});
export type Discovery = z.infer<typeof discoverySchema>;

/** Read on every Try-it: cheap, and a change at the broker is never hidden by a cache. */
export async function discover(brokerUrl: string): Promise<Discovery> {
  const response = await fetch(`${brokerUrl}/.well-known/openid-configuration`, {
    cache: "no-store",
  });
  if (!response.ok) throw new Error(`broker discovery answered ${response.status}`);
  const discovery = discoverySchema.parse(await response.json());
  // OIDC Discovery §4.3: the issuer in the document must be the one we asked.
  if (discovery.issuer !== brokerUrl) throw new Error("broker discovery: issuer mismatch");
  return discovery;
}

/** Scopes Try it asks for: the registered ones, without offline_access (no refresh token is needed). */
export const tryItScopes = (allowedScopes: readonly string[]) =>
  allowedScopes.filter((scope) => scope !== "offline_access");

export interface PendingLogin {
  userId: string;
  applicationId: string;
  clientId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  /**
   * A confidential application's secret, typed in by the developer for this one login. It
   * lives only in the sealed (encrypted) pending cookie until the code is redeemed.
   */
  clientSecret?: string | undefined;
}

export const pendingLoginSchema = z.object({
  userId: z.string(),
  applicationId: z.string(),
  clientId: z.string(),
  state: z.string(),
  nonce: z.string(),
  codeVerifier: z.string(),
  clientSecret: z.string().optional(),
}) satisfies z.ZodType<PendingLogin>;

const random = () => randomBytes(32).toString("base64url");

export function newPendingLogin(
  userId: string,
  applicationId: string,
  clientId: string,
  clientSecret?: string,
): PendingLogin {
  return {
    userId,
    applicationId,
    clientId,
    state: random(),
    nonce: random(),
    codeVerifier: random(),
    ...(clientSecret ? { clientSecret } : {}),
  };
}

/**
 * RFC 6749 §2.3.1 client_secret_basic: id and secret form-urlencoded, then Base64. Public
 * clients send their client_id in the body instead.
 */
export function clientAuthentication(login: PendingLogin): {
  headers: Record<string, string>;
  body: Record<string, string>;
} {
  if (!login.clientSecret) return { headers: {}, body: { client_id: login.clientId } };
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
  const credentials = `${encode(login.clientId)}:${encode(login.clientSecret)}`;
  return {
    headers: { authorization: `Basic ${Buffer.from(credentials).toString("base64")}` },
    body: {},
  };
}

export function authorizationUrl(
  discovery: Discovery,
  login: PendingLogin,
  redirectUri: string,
  scopes: readonly string[],
): string {
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: login.clientId,
    redirect_uri: redirectUri,
    scope: scopes.join(" "),
    state: login.state,
    nonce: login.nonce,
    // RFC 7636 / RFC 9700 §2.1.1: PKCE S256 on every authorization request.
    code_challenge: createHash("sha256").update(login.codeVerifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  return url.toString();
}

export class TryItError extends Error {}

/**
 * Redeems the code (PKCE, plus client_secret_basic for a confidential application) and
 * returns the checked ID token claims.
 */
export async function redeemCode(
  discovery: Discovery,
  login: PendingLogin,
  redirectUri: string,
  code: string,
  now = new Date(),
): Promise<Record<string, unknown>> {
  const authentication = clientAuthentication(login);
  const response = await fetch(discovery.token_endpoint, {
    method: "POST",
    cache: "no-store",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
      ...authentication.headers,
    },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      code_verifier: login.codeVerifier,
      ...authentication.body,
    }),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body.id_token !== "string") {
    // The OAuth error code only (RFC 6749 §5.2); never the code or a token.
    throw new TryItError(
      `The token endpoint answered ${response.status} ${typeof body.error === "string" ? body.error : ""}`.trim(),
    );
  }
  const keys = await fetchJwks(discovery.jwks_uri);
  return checkIdToken(body.id_token, keys, {
    issuer: discovery.issuer,
    clientId: login.clientId,
    nonce: login.nonce,
    now,
  });
}

async function fetchJwks(jwksUri: string): Promise<JsonWebKey[]> {
  const response = await fetch(jwksUri, { cache: "no-store" });
  if (!response.ok) throw new TryItError(`The broker's JWKS answered ${response.status}`);
  const { keys } = (await response.json()) as { keys?: JsonWebKey[] };
  return keys ?? [];
}

const ALGORITHMS: Record<string, { hash: string; options?: object }> = {
  RS256: { hash: "sha256" },
  PS256: { hash: "sha256", options: { padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: 32 } },
  ES256: { hash: "sha256", options: { dsaEncoding: "ieee-p1363" } },
};

function decodePart(part: string | undefined): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8"));
    if (value && typeof value === "object") return value as Record<string, unknown>;
  } catch {
    // falls through to the error below
  }
  throw new TryItError("The ID token is not a JWT.");
}

/**
 * OIDC Core §3.1.3.7: signature with the broker's key (the development broker speaks plain
 * http, so TLS alone cannot vouch for the token), iss, aud (and azp), exp, nonce.
 */
export function checkIdToken(
  idToken: string,
  keys: readonly JsonWebKey[],
  expected: { issuer: string; clientId: string; nonce: string; now: Date },
): Record<string, unknown> {
  const [headerPart, payloadPart, signaturePart] = idToken.split(".");
  const header = decodePart(headerPart);
  const claims = decodePart(payloadPart);
  const algorithm = typeof header.alg === "string" ? ALGORITHMS[header.alg] : undefined;
  if (!algorithm) throw new TryItError(`Unsupported ID token algorithm ${String(header.alg)}.`);
  const jwk = keys.find((key) => key.kid === header.kid && key.use !== "enc");
  if (!jwk) throw new TryItError("The ID token's key is not in the broker's JWKS.");
  const valid = verify(
    algorithm.hash,
    Buffer.from(`${headerPart}.${payloadPart}`),
    { key: createPublicKey({ key: jwk, format: "jwk" }), ...algorithm.options },
    Buffer.from(signaturePart ?? "", "base64url"),
  );
  if (!valid) throw new TryItError("The ID token's signature does not verify.");
  if (claims.iss !== expected.issuer) throw new TryItError("The ID token's iss is not the broker.");
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (
    !audiences.includes(expected.clientId) ||
    (audiences.length > 1 && claims.azp !== expected.clientId)
  )
    throw new TryItError("The ID token is not for this application (aud).");
  if (typeof claims.exp !== "number" || claims.exp * 1000 <= expected.now.getTime())
    throw new TryItError("The ID token has expired.");
  // OIDC Core §3.1.2.1/§15.5.2: the nonce binds the token to this browser's request.
  if (claims.nonce !== expected.nonce) throw new TryItError("The ID token's nonce does not match.");
  return claims;
}
