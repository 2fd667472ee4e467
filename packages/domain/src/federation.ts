/**
 * The sandbox federation master's public key: the trust anchor a broker in development
 * pins when it federates with the sandbox (OpenID Federation 1.0 §1.2, "Trust Anchor").
 * The sandbox signs with the matching published test key, so every development broker
 * trusts it without setup. It is a test key by design: the broker refuses it in production
 * mode, where FEDERATION_TRUST_ANCHOR_JWKS names the real federation master's keys.
 */
export const SANDBOX_FEDERATION_TRUST_ANCHOR_JWKS = {
  keys: [
    {
      kty: "EC",
      crv: "P-256",
      x: "-1DKh8cbkSISVjgeyJRSOzSNuTiQ0IhKK1IGq58eWyY",
      y: "NQYVe4x28E1ZmngyBMNylayZIMLJKewVw3FBggeH_VM",
      kid: "sandbox-fedmaster-pdBY1M-Rj8dg",
      alg: "ES256",
      use: "sig",
    },
  ],
} as const;

/**
 * The fixed part of the broker's relying-party metadata in its entity configuration
 * (OpenID Federation 1.0 §5.1.2, `openid_relying_party`): what an insurer registers the broker
 * with, the same for every deployment. The
 * broker serves it, and the sandbox's stand-in for the broker in its tests serves the same
 * object, so the insurers are tested against what the broker announces. What varies (the
 * organisation, the redirect URIs, the keys, the scopes) each adds.
 */
export const LOTSE_RELYING_PARTY_METADATA = {
  client_name: "Lotse",
  response_types: ["code"],
  grant_types: ["authorization_code", "urn:openid:params:grant-type:ciba"],
  // CIBA toward the insurers (docs/flows/ciba.md): the broker polls.
  backchannel_token_delivery_mode: "poll",
  backchannel_user_code_parameter: true,
  // OpenID Federation 1.0 §12.1: the insurers register the broker from this document.
  client_registration_types: ["automatic"],
  token_endpoint_auth_method: "private_key_jwt",
  token_endpoint_auth_signing_alg: "ES256",
  id_token_signed_response_alg: "ES256",
  id_token_encrypted_response_alg: "ECDH-ES",
  id_token_encrypted_response_enc: "A256GCM",
  default_acr_values: ["gematik-ehealth-loa-high"],
} as const;
