import { CompactEncrypt, SignJWT, generateKeyPair } from "jose";
import type Provider from "oidc-provider";
import type { KoaContextWithOIDC } from "oidc-provider";
import type { SigningKey } from "../keys/signing-key.js";
import type { IdpAccounts } from "./accounts.js";
import { brokerEncryptionKey } from "./broker-encryption-key.js";
import type { IdpDefinition } from "./idp-registry.js";
import type { Simulation, SimulationStore } from "./simulation.js";
import { releasedClaims, telematikClaims } from "./telematik-claims.js";

interface SimulationDeps {
  idp: IdpDefinition;
  accounts: IdpAccounts;
  simulations: SimulationStore;
  /** The IDP's real key; a forged token names its kid, so only the signature is wrong. */
  signingKey: SigningKey;
  idTokenTtlSeconds: number;
}

/**
 * oidc-provider post-processing (`provider.use`) that turns a normal answer into the
 * failure a test asked for with `sandbox_simulate`:
 * - `unavailable`: the PAR endpoint answers 503 `temporarily_unavailable` (RFC 6749 §4.1.2.1
 *   names the code; RFC 9126 §2.3 lets PAR use the token endpoint's error format). The
 *   pushed request was stored but its request_uri is never handed out, so it expires unused.
 * - `invalid_signature` / `expired_id_token`: the token response's ID token is re-minted
 *   with the same claims, signed by a key outside the IDP's JWKS or with `exp` in the past,
 *   and encrypted to the broker exactly like a real one (ECDH-ES + A256GCM, cty JWT).
 * - `unencrypted_id_token`: re-minted with the same claims and correctly signed, but sent
 *   as the bare JWS, though the broker registered an encryption key (gematik IDPs always
 *   encrypt; OIDC Core §10.2 says a client that negotiated encryption should refuse it).
 */
export function installSimulations(provider: Provider, deps: SimulationDeps): void {
  provider.use(async (koaCtx, next) => {
    await next();
    const ctx = koaCtx as unknown as KoaContextWithOIDC;
    const oidc = ctx.oidc as KoaContextWithOIDC["oidc"] | undefined;
    if (!oidc) return;

    if (oidc.route === "pushed_authorization_request") {
      if (oidc.params?.sandbox_simulate === "unavailable") {
        ctx.status = 503;
        ctx.set("Retry-After", "30");
        ctx.body = {
          error: "temporarily_unavailable",
          error_description: "The insurer's identity provider is unavailable (simulated).",
        };
      }
      return;
    }

    if (oidc.route !== "token" || ctx.status !== 200) return;
    const simulation = deps.simulations.take(oidc.entities.Grant?.jti);
    if (!simulation || simulation === "unavailable") return;
    const body = ctx.body as Record<string, unknown>;
    if (typeof body.id_token !== "string") return;
    body.id_token = await remintIdToken(ctx, deps, simulation);
  });
}

/** Every simulation but `unavailable` re-mints the token response's ID token. */
type IdTokenSimulation = Exclude<Simulation, "unavailable">;

async function remintIdToken(
  ctx: KoaContextWithOIDC,
  deps: SimulationDeps,
  simulation: IdTokenSimulation,
): Promise<string> {
  const { AuthorizationCode: code, Grant: grant, Client: client } = ctx.oidc.entities;
  if (!code || !grant || !client) throw new Error("token response without code context");
  const person = deps.accounts.personFor(code.accountId!);
  if (!person) throw new Error("code for an unknown account");

  const now = Math.floor(Date.now() / 1000);
  const iat = simulation === "expired_id_token" ? now - 2 * deps.idTokenTtlSeconds : now;
  const claims = releasedClaims(
    telematikClaims(person, deps.idp),
    (code.scope ?? "").split(" "),
    grant.getRejectedOIDCClaims(),
  );

  const signingKey =
    simulation === "invalid_signature"
      ? (await generateKeyPair("ES256")).privateKey
      : deps.signingKey.privateKey;
  const jwt = await new SignJWT({
    ...claims,
    nonce: code.nonce,
    auth_time: code.authTime,
    acr: code.acr,
    amr: code.amr,
  })
    .setProtectedHeader({ alg: "ES256", kid: deps.signingKey.kid })
    .setIssuer(ctx.oidc.provider.issuer)
    .setSubject(code.accountId!)
    .setAudience(client.clientId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + deps.idTokenTtlSeconds)
    .sign(signingKey);
  if (simulation === "unencrypted_id_token") return jwt;

  const { key, kid } = await brokerEncryptionKey(client.jwks);
  return new CompactEncrypt(new TextEncoder().encode(jwt))
    .setProtectedHeader({ alg: "ECDH-ES", enc: "A256GCM", cty: "JWT", ...(kid ? { kid } : {}) })
    .encrypt(key);
}
