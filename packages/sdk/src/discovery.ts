/**
 * OpenID Connect Discovery 1.0: the broker's endpoints from its configuration document.
 */
import { LotseProtocolError } from "./errors.js";
import { isRecord, requestJson, type FetchLike } from "./http.js";

/** The part of the broker's OpenID configuration the SDK uses. */
export interface OpenIdConfiguration {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  userinfo_endpoint?: string;
  revocation_endpoint?: string;
  end_session_endpoint?: string;
  pushed_authorization_request_endpoint?: string;
  scopes_supported?: string[];
  code_challenge_methods_supported?: string[];
  /** RFC 9207 §3: when true, every authorization response carries `iss`. */
  authorization_response_iss_parameter_supported?: boolean;
  [key: string]: unknown;
}

const REQUIRED = ["issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"] as const;
const OPTIONAL_URLS = [
  "userinfo_endpoint",
  "revocation_endpoint",
  "end_session_endpoint",
  "pushed_authorization_request_endpoint",
] as const;

/** `<issuer>/.well-known/openid-configuration` (Discovery §4.1, also for an issuer with a path). */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
}

export async function discover(
  issuer: string,
  options: { fetch?: FetchLike } = {},
): Promise<OpenIdConfiguration> {
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const body = await requestJson(fetchFn, discoveryUrl(issuer));
  if (!isRecord(body))
    throw new LotseProtocolError("invalid_response", "The discovery document is not an object.");
  const present = (name: string) => typeof body[name] === "string" && body[name] !== "";
  for (const name of REQUIRED)
    if (!present(name))
      throw new LotseProtocolError("invalid_response", `The discovery document lacks ${name}.`);
  for (const name of OPTIONAL_URLS)
    if (body[name] !== undefined && !present(name))
      throw new LotseProtocolError(
        "invalid_response",
        `The discovery document's ${name} is invalid.`,
      );
  // Discovery §4.3: the issuer in the document must be exactly the one asked for, or a
  // document from elsewhere could redirect the app's tokens (mix-up).
  if (body.issuer !== issuer)
    throw new LotseProtocolError(
      "discovery_mismatch",
      `The discovery document is for ${String(body.issuer)}, not ${issuer}.`,
    );
  return body as OpenIdConfiguration;
}
