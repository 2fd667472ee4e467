import type { ClientMetadata } from "oidc-provider";
import { PRIVATE_USE_SCHEME } from "../env.js";

/**
 * The one client every sandbox IDP knows: the broker, registered as a gematik federation
 * relying party would be. Its client id is its entity identifier URL (OpenID Federation
 * 1.0 §12.1, gemSpec_IDP_FD), it authenticates with private_key_jwt against the keys at
 * its jwks_uri, and it receives ID tokens signed ES256 and encrypted to its `enc` key
 * (gemSpec_IDP_Sek: ID tokens are always encrypted to the relying party). It may also
 * start CIBA logins (CIBA Core 1.0 §4) in poll mode, sending the person's `user_code`.
 */
export function brokerClientMetadata(
  brokerUrl: string,
  extraRedirectUris: string[],
): ClientMetadata {
  return {
    // OIDC Registration §2: only a native registration may use private-use schemes, which
    // the mobile flows need when an app registers one (e.g. de.lotse.demo:/oauthredirect).
    // Web stays the default, since native forbids non-loopback http redirect URIs.
    ...(extraRedirectUris.some((uri) => PRIVATE_USE_SCHEME.test(uri))
      ? { application_type: "native" as const }
      : {}),
    client_id: brokerUrl,
    client_name: "Lotse",
    jwks_uri: `${brokerUrl}/federation/jwks`,
    // Exact redirect URI matching (RFC 9700 §4.1.3): oidc-provider compares strings.
    redirect_uris: [`${brokerUrl}/oidcf/signin`, ...extraRedirectUris],
    grant_types: ["authorization_code", "urn:openid:params:grant-type:ciba"],
    // oidc-provider requires a delivery mode for every client with the CIBA grant (CIBA Core §4).
    backchannel_token_delivery_mode: "poll",
    backchannel_user_code_parameter: true,
    response_types: ["code"],
    token_endpoint_auth_method: "private_key_jwt",
    token_endpoint_auth_signing_alg: "ES256",
    id_token_signed_response_alg: "ES256",
    id_token_encrypted_response_alg: "ECDH-ES",
    id_token_encrypted_response_enc: "A256GCM",
  };
}
