/**
 * Fetching and verifying the signed documents of the federation (OpenID Federation 1.0 as
 * gematik profiles it for the sectoral IDPs): entity statements, the signed JWKS of an
 * insurer and the master's IDP list. Every one must be signed by a key the caller already
 * trusts (never one the document carries itself, §10.2), and carry `iat` and `exp`.
 * A document that fails is a TrustFailure with a reason the audit log names.
 */
import {
  createLocalJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
} from "jose";
import type { CustomFetchOptions } from "openid-client";

/** Why a trust chain (or the master's own configuration or list) did not verify. */
export type TrustFailureReason =
  /** No answer, a timeout or an unexpected HTTP status. */
  | "unreachable"
  /** The master's fetch endpoint does not know the entity (OpenID Federation 1.0 §8.1.2). */
  | "not_member"
  /** Signed by a key the verifier does not trust, or not signed at all. */
  | "bad_signature"
  /** `exp` is in the past. */
  | "expired"
  /** `iss` is not the expected entity. */
  | "wrong_issuer"
  /** `sub` is not the expected entity (e.g. the master's statement names another member). */
  | "wrong_subject"
  /** The insurer's configuration does not name the master in `authority_hints`. */
  | "not_subordinate"
  /** Not a JWT, a required claim or member missing, the wrong `typ`. */
  | "malformed";

/** Which document of the chain failed. */
export type TrustDocument =
  | "master_configuration"
  | "idp_list"
  | "subordinate_statement"
  | "entity_configuration"
  | "signed_jwks";

export class TrustFailure extends Error {
  override name = "TrustFailure";
  constructor(
    readonly reason: TrustFailureReason,
    readonly document: TrustDocument,
    message: string,
  ) {
    super(message);
  }
}

/** As openid-client's customFetch, so the upstream TLS client (client-auth.ts) serves both. */
export type FederationFetch = (url: string, options: CustomFetchOptions) => Promise<Response>;

/** OpenID Federation 1.0 §9.2 (entity statements), RFC 7517 §8.5 + gematik (signed JWKS). */
const MEDIA_TYPES: Record<TrustDocument, string> = {
  master_configuration: "application/entity-statement+jwt",
  subordinate_statement: "application/entity-statement+jwt",
  entity_configuration: "application/entity-statement+jwt",
  signed_jwks: "application/jwk-set+jwt",
  idp_list: "application/jwt",
};

/** The JWT of one document, or a TrustFailure ("unreachable", "not_member"). */
export async function fetchSignedDocument(
  send: FederationFetch,
  url: string,
  document: TrustDocument,
  timeoutMs = 5000,
): Promise<string> {
  let response: Response;
  try {
    // A redirect is not followed: it answers as an unexpected status below.
    response = await send(url, {
      method: "GET",
      body: undefined,
      headers: { accept: `${MEDIA_TYPES[document]}, application/jwt;q=0.9` },
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new TrustFailure(
      "unreachable",
      document,
      `${url} could not be fetched (${(error as Error).message})`,
    );
  }
  // §8.1.2 / §8.9: the fetch endpoint answers 404 for an entity that is not its subordinate.
  if (document === "subordinate_statement" && response.status === 404) {
    await response.body?.cancel();
    throw new TrustFailure("not_member", document, `the federation master does not list ${url}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new TrustFailure("unreachable", document, `${url} answered ${response.status}`);
  }
  const body = (await response.text()).trim();
  if (!/^[\w-]+\.[\w-]+\.[\w-]*$/.test(body))
    throw new TrustFailure("malformed", document, `${url} did not answer with a signed JWT`);
  return body;
}

export interface VerifyExpectation {
  /** The keys that must have signed it, from a document verified before. */
  keys: JSONWebKeySet;
  typ: string;
  issuer: string;
  /** Absent for documents without `sub` (signed JWKS, IDP list). */
  subject?: string;
  document: TrustDocument;
  /** The verifier's clock, ms since the epoch. */
  now: number;
}

/** Clock skew between the broker and the federation's servers that is tolerated. */
const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * Verifies one signed document: ES256 (the only algorithm of the gematik federation), the
 * `typ` header, iss/sub, `iat` and `exp` present and `exp` in the future.
 */
export async function verifySignedDocument(
  jwt: string,
  expect: VerifyExpectation,
): Promise<JWTPayload & { iat: number; exp: number }> {
  const { document } = expect;
  let keySet: ReturnType<typeof createLocalJWKSet>;
  try {
    keySet = createLocalJWKSet(expect.keys);
  } catch {
    throw new TrustFailure("malformed", document, "the trusted key set is not a JWKS");
  }
  try {
    const { payload } = await jwtVerify(jwt, keySet, {
      algorithms: ["ES256"],
      typ: expect.typ,
      issuer: expect.issuer,
      ...(expect.subject === undefined ? {} : { subject: expect.subject }),
      requiredClaims: ["iss", "iat", "exp", ...(expect.subject === undefined ? [] : ["sub"])],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: new Date(expect.now),
    });
    return payload as JWTPayload & { iat: number; exp: number };
  } catch (error) {
    throw failureOf(error, expect);
  }
}

function failureOf(error: unknown, expect: VerifyExpectation): TrustFailure {
  const { document } = expect;
  if (error instanceof joseErrors.JWTExpired)
    return new TrustFailure("expired", document, `the ${label(document)} has expired`);
  if (
    error instanceof joseErrors.JWSSignatureVerificationFailed ||
    error instanceof joseErrors.JWKSNoMatchingKey ||
    error instanceof joseErrors.JWKSMultipleMatchingKeys
  )
    return new TrustFailure(
      "bad_signature",
      document,
      `the ${label(document)} is not signed by a trusted key`,
    );
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === "iss" && error.reason === "check_failed")
      return new TrustFailure(
        "wrong_issuer",
        document,
        `the ${label(document)} is not issued by ${expect.issuer}`,
      );
    if (error.claim === "sub" && error.reason === "check_failed")
      return new TrustFailure(
        "wrong_subject",
        document,
        `the ${label(document)} is not about ${expect.subject}`,
      );
    return new TrustFailure(
      "malformed",
      document,
      `the ${label(document)} has a missing or invalid "${error.claim}" claim`,
    );
  }
  return new TrustFailure(
    "malformed",
    document,
    `the ${label(document)} is not a valid signed JWT (${(error as Error).message})`,
  );
}

function label(document: TrustDocument): string {
  return document.replaceAll("_", " ");
}
