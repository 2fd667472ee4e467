import { randomBytes } from "node:crypto";
import { TELEMATIK_SCOPE_CLAIMS, TELEMATIK_SCOPES } from "@lotse/domain";
import Provider, { type Configuration } from "oidc-provider";
import type { CibaInbox } from "../authenticator/ciba-inbox.js";
import type { SigningKey } from "../keys/signing-key.js";
import type { IdpAccounts } from "./accounts.js";
import { brokerClientMetadata } from "./broker-client.js";
import { cibaFeature, cibaRequestTtl, validateRequestingApplication } from "./ciba.js";
import type { IdpDefinition } from "./idp-registry.js";
import { renderIdpError } from "./error-page.js";
import { validateSimulateParam, validateTestingParam } from "./simulation.js";

export const ID_TOKEN_TTL_SECONDS = 300;

/** The Authentication Context Class a sectoral IDP asserts (gemSpec_IDP_Sek, A_23129). */
export const ACR_HIGH = "gematik-ehealth-loa-high";

/** How a sandbox person "authenticated": gematik's value for other means (gemSpec_IDP_Sek, A_23129). */
export const AMR_OTHER = ["urn:telematik:auth:other"];

interface ProviderOptions {
  idp: IdpDefinition;
  issuer: string;
  /** Path under the sandbox where the provider is mounted, e.g. `/idp/nord`. */
  mountPath: string;
  signingKey: SigningKey;
  accounts: IdpAccounts;
  brokerUrl: string;
  extraRedirectUris: string[];
  /** Where CIBA requests go: the persons' phones (authenticator/ciba-inbox.ts). */
  cibaInbox: CibaInbox;
}

/**
 * One insurer's OpenID provider, configured like a gematik sectoral IDP. No `adapter`:
 * oidc-provider's in-memory default holds interactions, codes and grants, which is right
 * for the sandbox alone — it is one process by design and its state may vanish on restart.
 */
export function createIdpProvider(options: ProviderOptions): Provider {
  const configuration: Configuration = {
    clients: [brokerClientMetadata(options.brokerUrl, options.extraRedirectUris)],
    jwks: { keys: [options.signingKey.privateJwk] },
    findAccount: options.accounts.findAccount,
    scopes: ["openid", ...TELEMATIK_SCOPES],
    claims: {
      // gematik ID tokens always carry how the person authenticated (gemSpec_IDP_Sek, A_23129).
      openid: ["sub", "acr", "amr", "auth_time"],
      ...Object.fromEntries(Object.entries(TELEMATIK_SCOPE_CLAIMS).map(([s, c]) => [s, [...c]])),
    },
    // gematik IDPs put the scope's claims into the ID token; there is no userinfo.
    conformIdTokenClaims: false,
    acrValues: [ACR_HIGH],
    responseTypes: ["code"],
    // PKCE on every authorization request (RFC 9700 §2.1.1); oidc-provider 9 knows only S256.
    pkce: { required: () => true },
    // gemSpec_IDP_Sek: relying parties authenticate with a signed JWT from their federation key.
    clientAuthMethods: ["private_key_jwt"],
    enabledJWA: {
      clientAuthSigningAlgValues: ["ES256"],
      idTokenSigningAlgValues: ["ES256"],
      idTokenEncryptionAlgValues: ["ECDH-ES"],
      idTokenEncryptionEncValues: ["A256GCM"],
    },
    extraParams: {
      gematik_enable_testing: validateTestingParam,
      gematik_login_user: null,
      sandbox_simulate: validateSimulateParam,
      // CIBA: the display name of the app asking, shown on the person's phone.
      requesting_application: validateRequestingApplication,
    },
    features: {
      devInteractions: { enabled: false },
      // gemSpec_IDP_Sek requires PAR (RFC 9126 §5: require_pushed_authorization_requests).
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: true },
      encryption: { enabled: true },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      dPoP: { enabled: false },
      resourceIndicators: { enabled: false },
      // CIBA Core 1.0, poll mode: the broker's help-desk logins (see ciba.ts).
      ciba: cibaFeature({ idp: options.idp, accounts: options.accounts, inbox: options.cibaInbox }),
    },
    interactions: {
      url: (_ctx, interaction) => `${options.mountPath}/interaction/${interaction.uid}`,
    },
    // No single sign-on: only the grant that this authorization's own interaction just
    // created counts (oidc-provider's default also reuses the session's grant). So every
    // authorization shows the login page (or takes the testing shortcut), a test can log
    // in a different person each time, and a grant with its simulation belongs to exactly
    // one authorization.
    loadExistingGrant: async (ctx) => {
      const grantId = (ctx.oidc.result?.consent as { grantId?: string } | undefined)?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    // Signed cookies; the keys live as long as the process, like the interactions they protect.
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    ttl: {
      IdToken: ID_TOKEN_TTL_SECONDS,
      AccessToken: 300,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 600,
      Grant: 600,
      BackchannelAuthenticationRequest: cibaRequestTtl,
    },
    renderError: renderIdpError,
    // oidc-provider refuses to fetch from loopback and private addresses (SSRF protection
    // through its own undici dispatcher). The only URL an IDP here ever fetches is the
    // broker's jwks_uri from the sandbox's own configuration, and in development and CI
    // that broker runs on localhost or a private network, so the guard is dropped.
    fetch: (url, init) => globalThis.fetch(url, { ...init, dispatcher: undefined } as RequestInit),
  };
  return new Provider(options.issuer, configuration);
}
