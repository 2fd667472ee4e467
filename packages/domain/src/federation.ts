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
