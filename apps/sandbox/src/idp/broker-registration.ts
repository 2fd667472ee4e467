/**
 * How a sandbox insurer knows the broker: automatic registration (OpenID Federation 1.0
 * §12.1, as gemSpec_IDP_FD uses it). The client id is the broker's entity identifier; the
 * insurer reads the broker's entity configuration and trusts it only through the chain
 * from the federation master: the trust anchor's key (pinned, SANDBOX_FEDERATION_TRUST_
 * ANCHOR_JWKS) verifies the master's subordinate statement about the broker, whose `jwks`
 * verify the broker's configuration (§10.2); `exp` is checked on both. The client metadata
 * is the configuration's `openid_relying_party`, with the insurer's own client
 * authentication method. Anything that fails leaves the client unknown (invalid_client).
 */
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload } from "jose";
import type { ClientMetadata } from "oidc-provider";
import type { Logger } from "@lotse/server";
import { PRIVATE_USE_SCHEME } from "../env.js";
import type { FederationMaster } from "../federation/federation-master.js";
import type { IdpDefinition } from "./idp-registry.js";

/** At most one re-read per insurer in this time when a request names an unknown redirect URI. */
export const REREAD_INTERVAL_MS = 2_000;

const CIBA_GRANT = "urn:openid:params:grant-type:ciba";

interface Registration {
  metadata: ClientMetadata;
  /** The earliest `exp` of the chain, in ms: the registration is not used after it. */
  expiresAt: number;
}

export interface BrokerRegistrationOptions {
  idp: IdpDefinition;
  master: Pick<FederationMaster, "entityId" | "subordinateStatement">;
  trustAnchor: JSONWebKeySet;
  /** oidc-provider's own check of client metadata (Client.validate). */
  validate(metadata: ClientMetadata): Promise<void>;
  logger: Logger;
}

/** Chain verification failed; the message says which link. */
class RegistrationRefused extends Error {}

/** One insurer's registrations of federation relying parties, cached until their chain expires. */
export class FederatedClients {
  readonly #cache = new Map<string, Registration>();
  readonly #inFlight = new Map<string, Promise<Registration | undefined>>();
  /**
   * When a client id last failed to resolve or was last re-read for a redirect URI: the
   * throttle that keeps requests naming unknown URIs from turning into a fetch each.
   */
  readonly #lastAttempt = new Map<string, number>();

  constructor(private readonly options: BrokerRegistrationOptions) {}

  /**
   * The client's metadata, or undefined when it is not (or not now) a relying party of the
   * federation. `redirectUri`, from an authorization or PAR request, triggers a re-read
   * when the cached registration does not have it: an app registered in the portal a
   * moment ago is in the broker's configuration already.
   */
  async find(clientId: string, redirectUri?: string): Promise<ClientMetadata | undefined> {
    const now = Date.now();
    const cached = this.#cache.get(clientId);
    if (cached && cached.expiresAt > now) {
      if (redirectUri === undefined || cached.metadata.redirect_uris?.includes(redirectUri)) {
        return cached.metadata;
      }
      if (this.#throttled(clientId, now)) return cached.metadata;
      this.#lastAttempt.set(clientId, now);
      return (await this.#resolve(clientId))?.metadata ?? cached.metadata;
    }
    if (this.#throttled(clientId, now)) return undefined;
    return (await this.#resolve(clientId))?.metadata;
  }

  /** The redirect URIs of the current registration (empty when there is none). */
  redirectUris(clientId: string): string[] {
    const cached = this.#cache.get(clientId);
    return cached && cached.expiresAt > Date.now()
      ? [...(cached.metadata.redirect_uris ?? [])]
      : [];
  }

  #throttled(clientId: string, now: number): boolean {
    const last = this.#lastAttempt.get(clientId);
    return last !== undefined && now - last < REREAD_INTERVAL_MS;
  }

  #resolve(clientId: string): Promise<Registration | undefined> {
    let pending = this.#inFlight.get(clientId);
    if (!pending) {
      pending = this.#register(clientId).finally(() => this.#inFlight.delete(clientId));
      this.#inFlight.set(clientId, pending);
    }
    return pending;
  }

  async #register(clientId: string): Promise<Registration | undefined> {
    const { logger, idp } = this.options;
    try {
      const registration = await this.#verifiedRegistration(clientId);
      this.#cache.set(clientId, registration);
      logger.info(
        { idp: idp.name, clientId, redirectUris: registration.metadata.redirect_uris?.length },
        "relying party registered from its entity configuration",
      );
      return registration;
    } catch (error) {
      this.#lastAttempt.set(clientId, Date.now());
      logger.info(
        { idp: idp.name, clientId, reason: error instanceof Error ? error.message : String(error) },
        "relying party refused: no valid trust chain",
      );
      return undefined;
    }
  }

  async #verifiedRegistration(clientId: string): Promise<Registration> {
    const { master, trustAnchor, idp } = this.options;
    const statementJwt = await master.subordinateStatement(clientId);
    if (!statementJwt) throw new RegistrationRefused("not a member of the federation");
    // The master's statement, by the pinned trust anchor (§10.2).
    const statement = await verifyStatement(statementJwt, trustAnchor, master.entityId, clientId);

    const configurationUrl = `${clientId}/.well-known/openid-federation`;
    const response = await fetch(configurationUrl, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok)
      throw new RegistrationRefused(`entity configuration answered ${response.status}`);
    // The relying party's configuration, by the keys the master vouches for, iss = sub = client id.
    const configuration = await verifyStatement(
      await response.text(),
      jwksOf(statement),
      clientId,
      clientId,
    );
    const hints = configuration.authority_hints;
    if (!Array.isArray(hints) || !hints.includes(master.entityId)) {
      throw new RegistrationRefused("authority_hints do not name the federation master");
    }
    const relyingParty = (configuration.metadata as { openid_relying_party?: unknown } | undefined)
      ?.openid_relying_party;
    if (typeof relyingParty !== "object" || relyingParty === null) {
      throw new RegistrationRefused("no openid_relying_party metadata");
    }
    const metadata = await this.#acceptable(
      clientMetadata(clientId, relyingParty as Record<string, unknown>, idp),
    );
    return { metadata, expiresAt: Math.min(statement.exp!, configuration.exp!) * 1000 };
  }

  /**
   * The metadata as oidc-provider accepts it. One redirect URI it refuses (OIDC Registration
   * §2: a native client's http URIs must be loopback, a web client's must be http(s)) must
   * not make the whole broker unknown: then the registration keeps the application type
   * under which most URIs, and always the broker's own callback (the first), are valid, and
   * logs the ones it leaves out. oidc-provider stays the judge of each URI.
   */
  async #acceptable(metadata: ClientMetadata): Promise<ClientMetadata> {
    if (await this.#valid(metadata)) return metadata;
    const [callback, ...others] = metadata.redirect_uris ?? [];
    let best: ClientMetadata | undefined;
    for (const applicationType of ["native", "web"] as const) {
      const candidate = { ...metadata, application_type: applicationType };
      const single = (uri: string) => this.#valid({ ...candidate, redirect_uris: [uri] });
      if (callback === undefined || !(await single(callback))) continue;
      const kept = [callback];
      for (const uri of others) if (await single(uri)) kept.push(uri);
      if (!best || kept.length > best.redirect_uris!.length) {
        best = { ...candidate, redirect_uris: kept };
      }
    }
    // Nothing to keep: the validation error of the whole is the reason to give.
    if (!best) return this.options.validate(metadata).then(() => metadata);
    await this.options.validate(best);
    const dropped = metadata.redirect_uris!.filter((uri) => !best.redirect_uris!.includes(uri));
    this.options.logger.warn(
      { idp: this.options.idp.name, clientId: metadata.client_id, dropped },
      "redirect URIs left out of the registration: invalid for its application type",
    );
    return best;
  }

  #valid(metadata: ClientMetadata): Promise<boolean> {
    return this.options.validate(metadata).then(
      () => true,
      () => false,
    );
  }
}

async function verifyStatement(
  jwt: string,
  jwks: JSONWebKeySet,
  issuer: string,
  subject: string,
): Promise<JWTPayload> {
  const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks), {
    issuer,
    subject,
    typ: "entity-statement+jwt",
    algorithms: ["ES256"],
    // OpenID Federation 1.0 §3.1: iat and exp are REQUIRED in every entity statement.
    requiredClaims: ["iat", "exp"],
  });
  return payload;
}

function jwksOf(statement: JWTPayload): JSONWebKeySet {
  const keys = (statement.jwks as { keys?: unknown } | undefined)?.keys;
  if (!Array.isArray(keys)) throw new RegistrationRefused("the master's statement has no jwks");
  return { keys } as JSONWebKeySet;
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === "string") ? value : undefined;
}

/**
 * Client metadata from `openid_relying_party` (OpenID Federation 1.0 §5.1.2): only what an
 * insurer acts on, so a field the sandbox does not know cannot make the registration
 * invalid. Its own authentication method overrides the party's: an insurer decides how
 * clients authenticate at it (here: mTLS at sued, signed JWTs elsewhere).
 */
export function clientMetadata(
  clientId: string,
  relyingParty: Record<string, unknown>,
  idp: IdpDefinition,
): ClientMetadata {
  const redirectUris = strings(relyingParty.redirect_uris) ?? [];
  const grantTypes = strings(relyingParty.grant_types) ?? ["authorization_code"];
  const text = (name: string) =>
    typeof relyingParty[name] === "string" ? (relyingParty[name] as string) : undefined;
  // Shapes are oidc-provider's to judge (Client.validate); values pass through as sent.
  const metadata: Record<string, unknown> = {
    client_id: clientId,
    client_name: text("client_name") ?? clientId,
    // OIDC Registration §2: only a native registration may use private-use schemes, which
    // the mobile flows need when an app registers one (e.g. de.lotse.demo:/oauthredirect).
    // Web stays the default, since native forbids non-loopback http redirect URIs.
    ...(redirectUris.some((uri) => PRIVATE_USE_SCHEME.test(uri))
      ? { application_type: "native" as const }
      : {}),
    // Exact redirect URI matching (RFC 9700 §4.1.3): oidc-provider compares strings.
    redirect_uris: redirectUris,
    response_types: strings(relyingParty.response_types) ?? ["code"],
    grant_types: grantTypes,
    jwks: relyingParty.jwks,
    token_endpoint_auth_method: idp.clientAuthMethod,
    ...(idp.clientAuthMethod === "private_key_jwt"
      ? { token_endpoint_auth_signing_alg: "ES256" }
      : {}),
    // gemSpec_IDP_Sek: ID tokens signed ES256 and always encrypted to the relying party.
    id_token_signed_response_alg: text("id_token_signed_response_alg") ?? "ES256",
    id_token_encrypted_response_alg: text("id_token_encrypted_response_alg") ?? "ECDH-ES",
    id_token_encrypted_response_enc: text("id_token_encrypted_response_enc") ?? "A256GCM",
    // CIBA Core §4: oidc-provider requires a delivery mode of every client with the grant.
    ...(grantTypes.includes(CIBA_GRANT)
      ? {
          backchannel_token_delivery_mode: text("backchannel_token_delivery_mode") ?? "poll",
          backchannel_user_code_parameter: relyingParty.backchannel_user_code_parameter === true,
        }
      : {}),
  };
  return metadata as ClientMetadata;
}
