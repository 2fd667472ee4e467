import { randomBytes } from "node:crypto";
import { TELEMATIK_SCOPE_CLAIMS, TELEMATIK_SCOPES } from "@lotse/domain";
import Provider, { type Configuration } from "oidc-provider";
import type { CibaInbox } from "../authenticator/ciba-inbox.js";
import type { SigningKey } from "../keys/signing-key.js";
import type { IdpAccounts } from "./accounts.js";
import { ACR_VALUES } from "./acr.js";
import type { FederatedClients } from "./broker-registration.js";
import { federatedClientAdapter } from "./federated-client-adapter.js";
import { mtlsFeature } from "./mtls.js";
import { cibaFeature, cibaRequestTtl, validateRequestingApplication } from "./ciba.js";
import type { IdpDefinition } from "./idp-registry.js";
import { renderIdpError } from "./error-page.js";
import { validateSimulateParam, validateTestingParam } from "./simulation.js";

export const ID_TOKEN_TTL_SECONDS = 300;

/** oidc-provider's default leeway for `exp`/`iat`; stored entries outlive their expiry by it. */
const CLOCK_TOLERANCE_SECONDS = 15;

/** How a sandbox person "authenticated": gematik's value for other means (gemSpec_IDP_Sek, A_23129). */
export const AMR_OTHER = ["urn:telematik:auth:other"];

interface ProviderOptions {
  idp: IdpDefinition;
  issuer: string;
  /** Path under the sandbox where the provider is mounted, e.g. `/idp/nord`. */
  mountPath: string;
  signingKey: SigningKey;
  accounts: IdpAccounts;
  /** The relying parties, registered from their entity configurations. */
  clients: FederatedClients;
  /** Where CIBA requests go: the persons' phones (authenticator/ciba-inbox.ts). */
  cibaInbox: CibaInbox;
}

/**
 * One insurer's OpenID provider, configured like a gematik sectoral IDP. No static clients:
 * the broker is registered automatically from its entity configuration through the
 * adapter (federated-client-adapter.ts), which keeps everything else in memory.
 */
export function createIdpProvider(options: ProviderOptions): Provider {
  const configuration: Configuration = {
    adapter: federatedClientAdapter(options.clients, CLOCK_TOLERANCE_SECONDS),
    // An expired CIBA request or code is then still found, and answered as expired
    // (expired_token, CIBA Core §11) rather than unknown.
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
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
    acrValues: ACR_VALUES,
    responseTypes: ["code"],
    // PKCE on every authorization request (RFC 9700 §2.1.1); oidc-provider 9 knows only S256.
    pkce: { required: () => true },
    // gemSpec_IDP_Sek: relying parties authenticate with a signed JWT from their federation
    // key, or (where the insurer asks for it) over mTLS with a certificate of that key.
    clientAuthMethods: [options.idp.clientAuthMethod],
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
      mTLS: mtlsFeature(options.idp),
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
  };
  return new Provider(options.issuer, configuration);
}
